/**
 * An MNIST-shaped task without the download: 28×28 grey images of the ten digits, drawn in the
 * script as seven-segment digits with a random position, stroke width, brightness and pixel
 * noise, classified by an MLP (`Flatten`, `Linear`, `ReLU`, `Linear`) trained with
 * `CrossEntropyLoss` and `Adam` on shuffled minibatches, and judged on a held-out test set. The
 * default run reaches at least 97% test accuracy (the target it checks) in three epochs.
 *
 * ```sh
 * deno run examples/mnist_like.ts
 * deno run examples/mnist_like.ts --noise 0.4 --epochs 6
 * ```
 *
 * The PyTorch original (`trainClassifier` below is these lines):
 *
 * ```python
 * model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
 * opt = torch.optim.Adam(model.parameters(), lr=1e-3)
 * loss_fn = nn.CrossEntropyLoss()
 * loader = DataLoader(TensorDataset(train_images, train_labels), batch_size=64, shuffle=True)
 * for epoch in range(epochs):
 *     model.train()
 *     for xb, yb in loader:
 *         opt.zero_grad()
 *         loss_fn(model(xb), yb).backward()
 *         opt.step()
 *     model.eval()
 *     with torch.no_grad():
 *         accuracy = (model(test_images).argmax(1) == test_labels).float().mean()
 * ```
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { DataLoader, Progress, type ProgressOptions, TensorDataset } from "@descent/data";
import { CrossEntropyLoss, Flatten, Linear, ReLU, Sequential } from "@descent/nn";
import { Adam } from "@descent/optim";
import { defaultGenerator, manualSeed, type Tensor, tensor } from "@descent/tensor";
import { cliProgress, type Out, runCli } from "./_cli.ts";
import { fixed, sci } from "./_format.ts";

/** The image side. */
export const SIDE = 28;

/** The segments lit for each digit, in the order a, b, c, d, e, f, g (top, clockwise, middle). */
const SEGMENTS = [
  "abcdef",
  "bc",
  "abdeg",
  "abcdg",
  "bcfg",
  "acdfg",
  "acdefg",
  "abc",
  "abcdefg",
  "abcdfg",
];

/** A set of labelled images. */
export interface Digits {
  /** `[n, 1, 28, 28]` float32 in about [0, 1] plus noise. */
  images: Tensor;
  /** `[n]` int64 digits. */
  labels: Tensor;
}

/**
 * Draws `n` seven-segment digit images from the global generator (`manualSeed` first for a fixed
 * set): the digit uniform in 0…9, the drawing shifted by up to 3 pixels each way, strokes 2 or 3
 * pixels wide with brightness in [0.6, 1), plus N(0, noise²) on every pixel.
 *
 * @param n Number of images.
 * @param noise Standard deviation of the pixel noise.
 * @returns The images and their labels.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed } from "@descent/tensor";
 * import { makeDigits } from "./mnist_like.ts";
 * manualSeed(0);
 * const { images, labels } = makeDigits(5, 0);
 * assert.deepEqual([images.shape, labels.shape, labels.dtype], [[5, 1, 28, 28], [5], "int64"]);
 * ```
 */
export function makeDigits(n: number, noise: number): Digits {
  const g = defaultGenerator;
  const labels = g.randint(new Float64Array(n), 0, 10);
  const shifts = g.randint(new Float64Array(2 * n), -3, 4);
  const widths = g.randint(new Float64Array(n), 2, 4);
  const brightness = g.uniform(new Float32Array(n), 0.6, 1);
  const pixels = g.normal(new Float32Array(n * SIDE * SIDE), 0, noise || 1);
  if (noise === 0) pixels.fill(0);
  const ink = new Uint8Array(SIDE * SIDE); // where the strokes of one image are
  for (let i = 0; i < n; i++) {
    const img = pixels.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);
    const [dx, dy] = [shifts[2 * i], shifts[2 * i + 1]];
    const w = widths[i];
    // The digit's box: columns 9…18, rows 4…22, moved by (dx, dy).
    const [x0, x1, y0, y1, y2] = [9 + dx, 18 + dx, 4 + dy, 13 + dy, 22 + dy];
    ink.fill(0);
    const fill = (ra: number, rb: number, ca: number, cb: number) => {
      for (let r = ra; r < rb; r++) for (let c = ca; c < cb; c++) ink[r * SIDE + c] = 1;
    };
    for (const s of SEGMENTS[labels[i]]) {
      if (s === "a") fill(y0, y0 + w, x0, x1 + w);
      if (s === "g") fill(y1, y1 + w, x0, x1 + w);
      if (s === "d") fill(y2, y2 + w, x0, x1 + w);
      if (s === "f") fill(y0, y1 + w, x0, x0 + w);
      if (s === "b") fill(y0, y1 + w, x1, x1 + w);
      if (s === "e") fill(y1, y2 + w, x0, x0 + w);
      if (s === "c") fill(y1, y2 + w, x1, x1 + w);
    }
    for (let k = 0; k < ink.length; k++) img[k] += brightness[i] * ink[k];
  }
  return {
    images: tensor(pixels).reshape(n, 1, SIDE, SIDE),
    labels: tensor(labels, { dtype: "int64" }),
  };
}

/**
 * An image as text, every 2×2 block of pixels one character from ` .:-=+*#%@` by brightness.
 *
 * @param image `[1, 28, 28]` or `[28, 28]`.
 * @returns 14 lines of 14 characters.
 */
export function asciiArt(image: Tensor): string[] {
  const v = image.reshape(SIDE, SIDE).toTypedArray();
  const ramp = " .:-=+*#%@";
  const lines: string[] = [];
  for (let r = 0; r < SIDE; r += 2) {
    let line = "";
    for (let c = 0; c < SIDE; c += 2) {
      const m = (v[r * SIDE + c] + v[r * SIDE + c + 1] + v[(r + 1) * SIDE + c] +
        v[(r + 1) * SIDE + c + 1]) / 4;
      line += ramp[Math.max(0, Math.min(9, Math.floor(m * 10)))];
    }
    lines.push(line);
  }
  return lines;
}

/**
 * The classifier: `Flatten`, then a 784 → `hidden` relu layer and 10 logits.
 *
 * @param hidden Hidden units.
 * @returns The model.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeClassifier } from "./mnist_like.ts";
 * assert.equal(makeClassifier(16).parameters().length, 4);
 * ```
 */
export function makeClassifier(hidden: number): Sequential {
  return new Sequential(
    new Flatten(),
    new Linear(SIDE * SIDE, hidden),
    new ReLU(),
    new Linear(hidden, 10),
  );
}

/**
 * Share of images whose largest logit is their label, in evaluation mode.
 *
 * @param model The classifier.
 * @param set The images and labels.
 * @returns A number in [0, 1].
 */
export function testAccuracy(model: Sequential, set: Digits): number {
  model.eval();
  return noGrad(() => model.forward(set.images).argmax(1).eq(set.labels).float().mean().item());
}

/**
 * Trains the classifier with `CrossEntropyLoss` and `Adam` on shuffled minibatches.
 *
 * @param model The classifier (trained in place).
 * @param train The training set.
 * @param test The test set, measured after each epoch.
 * @param o `epochs`, `batchSize`, `lr`.
 * @param each Called after each epoch with its number, mean training loss and test accuracy.
 * @param progress How the progress display shows (default: silent).
 */
export function trainClassifier(
  model: Sequential,
  train: Digits,
  test: Digits,
  o: { epochs: number; batchSize: number; lr: number },
  each: (epoch: number, loss: number, accuracy: number) => void,
  progress: ProgressOptions = { silent: true },
): void {
  const opt = new Adam(model.parameters(), { lr: o.lr });
  const lossFn = new CrossEntropyLoss();
  const loader = new DataLoader(new TensorDataset(train.images, train.labels), {
    batchSize: o.batchSize,
    shuffle: true,
  });
  const bar = new Progress({ ...progress, epochs: o.epochs, steps: loader.length });
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    model.train();
    let sum = 0;
    for (const [xb, yb] of loader) {
      opt.zeroGrad();
      const loss = lossFn.call(model.call(xb), yb);
      loss.backward();
      opt.step();
      const value = loss.item();
      sum += value;
      bar.step(value);
    }
    const acc = testAccuracy(model, test);
    bar.endEpoch({ testAccuracy: acc });
    each(epoch, sum / loader.length, acc);
  }
}

const CLI = {
  name: "mnist_like.ts",
  summary: [
    "Generates MNIST-shaped 28x28 images of seven-segment digits (random position, stroke,",
    "brightness and noise), trains a 784 -> hidden -> 10 MLP on them with CrossEntropyLoss and",
    "Adam, and reports the accuracy on a held-out test set.",
  ].join("\n"),
  flags: {
    train: { type: "integer", default: 6000, min: 10, max: 1000000, help: "training images" },
    test: { type: "integer", default: 1000, min: 10, max: 1000000, help: "test images" },
    noise: { type: "number", default: 0.2, min: 0, help: "standard deviation of the pixel noise" },
    hidden: { type: "integer", default: 128, min: 1, max: 4096, help: "hidden units" },
    epochs: { type: "integer", default: 3, min: 1, max: 1000, help: "passes over the data" },
    "batch-size": { type: "integer", default: 64, min: 1, help: "images per step" },
    lr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true, help: "Adam learning rate" },
    target: {
      type: "number",
      default: 97,
      min: 0,
      max: 100,
      help: "the test accuracy (%) the run should reach",
    },
    seed: { type: "integer", default: 0, help: "seed of the images and the initial weights" },
  },
} as const;

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the report goes.
 * @param err Where usage errors go.
 * @param progress How the progress display shows (default: silent).
 * @returns 0 when the target accuracy is reached, 1 when not, 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./mnist_like.ts";
 * assert.equal(main(["--train", "100", "--test", "20", "--epochs", "1", "--target", "0"], () => {}), 0);
 * ```
 */
export function main(
  args: string[],
  out: Out,
  err: Out = console.error,
  progress: ProgressOptions = { silent: true },
): number {
  return runCli(CLI, args, out, err, (f) => {
    manualSeed(f.seed);
    const train = makeDigits(f.train, f.noise);
    const test = makeDigits(f.test, f.noise);
    const model = makeClassifier(f.hidden);
    out(
      `Data: ${f.train} training and ${f.test} test images of 28x28 seven-segment digits ` +
        `(pixel noise ${f.noise}), seed ${f.seed}. The first of each digit in the test set:`,
    );
    out("");
    const labels = Array.from(test.labels.toTypedArray(), Number);
    for (const row of [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]) {
      const arts = row.map((d) => {
        const i = labels.indexOf(d);
        return i < 0 ? Array(14).fill(" ".repeat(14)) : asciiArt(test.images.select(0, i));
      });
      for (let line = 0; line < 14; line++) out(`  ${arts.map((a) => a[line]).join("  ")}`);
      out("");
    }
    const params = model.parameters().reduce((a, p) => a + p.numel(), 0);
    out(
      `Model: Flatten -> 784 -> ${f.hidden} (relu) -> 10 logits (${params} weights); ` +
        `CrossEntropyLoss; Adam(lr = ${f.lr}); batches of ${f["batch-size"]}`,
    );
    out("");
    const start = performance.now();
    const o = { epochs: f.epochs, batchSize: f["batch-size"], lr: f.lr };
    trainClassifier(model, train, test, o, (epoch, loss, acc) => {
      out(
        `epoch ${epoch}/${f.epochs}  train loss ${sci(loss)}  test accuracy ${
          fixed(100 * acc, 1)
        }%`,
      );
    }, progress);
    const seconds = (performance.now() - start) / 1000;
    const acc = 100 * testAccuracy(model, test);
    out("");
    const reached = acc >= f.target;
    out(
      `Test accuracy ${fixed(acc, 1)}% (target ${f.target}%: ${reached ? "reached" : "missed"}), ` +
        `chance 10%; ${f.epochs} epochs in ${fixed(seconds, 1)} s.`,
    );
    return reached ? 0 : 1;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log, console.error, cliProgress()));
