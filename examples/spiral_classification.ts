/**
 * Classifying points of three interleaved spirals with a small network: `CrossEntropyLoss` on
 * logits, `Adam`, shuffled minibatches from a `DataLoader`, a progress line on a terminal, and
 * accuracy from `argmax` — the classification counterpart of `mlp_regression.ts`. A straight
 * line cannot separate the spirals; the hidden layer can.
 *
 * ```sh
 * deno run examples/spiral_classification.ts
 * deno run examples/spiral_classification.ts --hidden 8 --epochs 200
 * ```
 *
 * The PyTorch original (`train` below is these lines):
 *
 * ```python
 * torch.manual_seed(seed)
 * model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 3))
 * opt = torch.optim.Adam(model.parameters(), lr=0.01)
 * loss_fn = nn.CrossEntropyLoss()
 * loader = DataLoader(TensorDataset(x, labels), batch_size=32, shuffle=True)
 * for epoch in range(epochs):
 *     for xb, yb in loader:
 *         opt.zero_grad()
 *         loss = loss_fn(model(xb), yb)
 *         loss.backward()
 *         opt.step()
 * with torch.no_grad():
 *     accuracy = (model(x).argmax(1) == labels).float().mean()
 * ```
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { DataLoader, Progress, type ProgressOptions, TensorDataset } from "@descent/data";
import { CrossEntropyLoss, type Module } from "@descent/nn";
import { Adam } from "@descent/optim";
import { cat, full, linspace, manualSeed, randn, type Tensor, tensor } from "@descent/tensor";
import { cliProgress, type Out, runCli } from "./_cli.ts";
import { fixed, sci } from "./_format.ts";
import { makeMlp } from "./mlp_regression.ts";

/** Number of spirals (classes). */
export const CLASSES = 3;

const CLI = {
  name: "spiral_classification.ts",
  summary: [
    `Trains a 2 -> hidden -> ${CLASSES} relu network with CrossEntropyLoss and Adam on shuffled`,
    `minibatches to tell apart ${CLASSES} interleaved spirals, and reports the accuracy and a map`,
    "of the learned regions.",
  ].join("\n"),
  flags: {
    points: { type: "integer", default: 100, min: 2, max: 100000, help: "points per spiral" },
    hidden: { type: "integer", default: 64, min: 1, max: 4096, help: "hidden units" },
    epochs: { type: "integer", default: 60, min: 1, max: 1000000, help: "passes over the data" },
    "batch-size": { type: "integer", default: 32, min: 1, help: "samples per step" },
    lr: { type: "number", default: 0.01, min: 0, exclusiveMin: true, help: "Adam learning rate" },
    seed: { type: "integer", default: 0, help: "seed of the data and the initial weights" },
  },
} as const;

/** A labelled data set. */
export interface Spirals {
  /** Points, `[n, 2]`. */
  x: Tensor;
  /** Class of each point (0, 1, 2), `[n]`, int64. */
  labels: Tensor;
}

/**
 * `points` points per class on `CLASSES` spirals with angular noise 0.2 (the CS231n data set).
 * PyTorch: `r = torch.linspace(0, 1, n); t = torch.linspace(4k, 4k + 4, n) + 0.2 * torch.randn(n)`,
 * points `(r sin t, r cos t)`, labels `torch.full((n,), k, dtype=torch.long)`.
 *
 * @param points Points per class.
 * @param seed Seed.
 * @returns The data.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeSpirals } from "./spiral_classification.ts";
 * const { x, labels } = makeSpirals(10, 0);
 * assert.deepEqual([x.shape, labels.shape, labels.dtype], [[30, 2], [30], "int64"]);
 * ```
 */
export function makeSpirals(points: number, seed: number): Spirals {
  manualSeed(seed);
  const xs: Tensor[] = [];
  const ys: Tensor[] = [];
  for (let k = 0; k < CLASSES; k++) {
    const r = linspace(0, 1, points);
    const t = linspace(4 * k, 4 * k + 4, points).add(randn([points]).mul(0.2));
    xs.push(cat([r.mul(t.sin()).unsqueeze(1), r.mul(t.cos()).unsqueeze(1)], 1));
    ys.push(full([points], k, { dtype: "int64" }));
  }
  return { x: cat(xs), labels: cat(ys) };
}

/**
 * Share of points whose largest logit is their label.
 *
 * @param logits `[n, C]` scores.
 * @param labels `[n]` classes.
 * @returns A number in [0, 1].
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, tensor } from "@descent/tensor";
 * import { accuracy } from "./spiral_classification.ts";
 * assert.equal(accuracy(floatTensor([[2, 1], [0, 3]]), tensor([0, 0])), 0.5);
 * ```
 */
export function accuracy(logits: Tensor, labels: Tensor): number {
  return noGrad(() => logits.argmax(1).eq(labels).float().mean().item());
}

/**
 * Trains the network on the data in shuffled minibatches.
 *
 * @param data The spirals.
 * @param model The network (changed in place).
 * @param o `epochs`, `batchSize`, Adam's `lr`.
 * @param each Called after each epoch with its number, mean loss and the training accuracy.
 * @param progress How the progress display shows (default: silent).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeMlp } from "./mlp_regression.ts";
 * import { makeSpirals, train } from "./spiral_classification.ts";
 * const losses: number[] = [];
 * const o = { epochs: 20, batchSize: 16, lr: 0.01 };
 * train(makeSpirals(20, 0), makeMlp([2, 16, 3]), o, (_, l) => losses.push(l));
 * assert.ok(losses[19] < losses[0]);
 * ```
 */
export function train(
  data: Spirals,
  model: Module<[Tensor], Tensor>,
  o: { epochs: number; batchSize: number; lr: number },
  each: (epoch: number, loss: number, acc: number) => void,
  progress: ProgressOptions = { silent: true },
): void {
  const opt = new Adam(model.parameters(), { lr: o.lr });
  const lossFn = new CrossEntropyLoss();
  const loader = new DataLoader(new TensorDataset(data.x, data.labels), {
    batchSize: o.batchSize,
    shuffle: true,
  });
  const bar = new Progress({ ...progress, epochs: o.epochs, steps: loader.length });
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
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
    const acc = accuracy(model.forward(data.x), data.labels);
    bar.endEpoch({ accuracy: acc });
    each(epoch, sum / loader.length, acc);
  }
}

/**
 * The classes the network predicts on a grid over [-1, 1]², one character per cell.
 *
 * @param model The network.
 * @param width Columns.
 * @param height Rows.
 * @returns Lines of `a`, `b`, `c` (class 0, 1, 2).
 */
export function regionMap(model: Module<[Tensor], Tensor>, width = 48, height = 20): string[] {
  const cells: number[][] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      cells.push([-1 + (2 * (c + 0.5)) / width, 1 - (2 * (r + 0.5)) / height]);
    }
  }
  const grid = tensor(cells, { dtype: "float32" });
  const pred = noGrad(() => model.forward(grid).argmax(1)).toTypedArray();
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    let line = "";
    for (let c = 0; c < width; c++) line += "abc"[Number(pred[r * width + c])];
    lines.push(line);
  }
  return lines;
}

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the report goes.
 * @param err Where usage errors go.
 * @param progress How the progress display shows (default: silent).
 * @returns 0, or 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./spiral_classification.ts";
 * assert.equal(main(["--epochs", "5", "--points", "10"], () => {}), 0);
 * ```
 */
export function main(
  args: string[],
  out: Out,
  err: Out = console.error,
  progress: ProgressOptions = { silent: true },
): number {
  return runCli(CLI, args, out, err, (f) => {
    const data = makeSpirals(f.points, f.seed);
    manualSeed(f.seed);
    const model = makeMlp([2, f.hidden, CLASSES]);
    out(`Data: ${CLASSES} spirals of ${f.points} points, seed ${f.seed}`);
    out(
      `Model: 2 -> ${f.hidden} (relu) -> ${CLASSES} logits; CrossEntropyLoss; ` +
        `Adam(lr = ${f.lr}); batches of ${f["batch-size"]}`,
    );
    out("");
    const every = Math.max(1, Math.round(f.epochs / 10));
    const o = { epochs: f.epochs, batchSize: f["batch-size"], lr: f.lr };
    train(data, model, o, (epoch, loss, acc) => {
      if (epoch === 1 || epoch % every === 0 || epoch === f.epochs) {
        out(
          `epoch ${String(epoch).padStart(String(f.epochs).length)}  loss ${sci(loss)}  accuracy ${
            fixed(100 * acc, 1)
          }%`,
        );
      }
    }, progress);
    const final = accuracy(model.forward(data.x), data.labels);
    out("");
    out(
      `Final training accuracy: ${fixed(100 * final, 1)}% (chance: ${fixed(100 / CLASSES, 1)}%).`,
    );
    out("What the network predicts over [-1, 1]² (a, b, c = spiral 0, 1, 2):");
    for (const line of regionMap(model)) out(`  ${line}`);
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log, console.error, cliProgress()));
