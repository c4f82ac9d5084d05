/**
 * Classifying points of three interleaved spirals with a small network: `crossEntropy` on
 * logits, `Adam`, and accuracy from `argmax` — the classification counterpart of
 * `mlp_regression.ts`. A straight line cannot separate the spirals; the hidden layer can.
 *
 * ```sh
 * deno run examples/spiral_classification.ts
 * deno run examples/spiral_classification.ts --hidden 8 --epochs 300
 * ```
 *
 * The PyTorch equivalent:
 *
 * ```python
 * opt = torch.optim.Adam(params, lr=0.01)
 * for epoch in range(epochs):
 *     opt.zero_grad()
 *     logits = torch.relu(x @ w1 + b1) @ w2 + b2
 *     loss = F.cross_entropy(logits, labels)
 *     loss.backward()
 *     opt.step()
 * accuracy = (logits.argmax(1) == labels).float().mean()
 * ```
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { crossEntropy } from "@descent/losses";
import { Adam } from "@descent/optim";
import { cat, full, linspace, manualSeed, randn, type Tensor, tensor } from "@descent/tensor";
import { type Out, runCli } from "./_cli.ts";
import { fixed, sci } from "./_format.ts";
import { forward, initMlp, type Layer, parameters } from "./mlp_regression.ts";

/** Number of spirals (classes). */
export const CLASSES = 3;

const CLI = {
  name: "spiral_classification.ts",
  summary: [
    `Trains a 2 -> hidden -> ${CLASSES} relu network with crossEntropy and Adam to tell apart`,
    `${CLASSES} interleaved spirals, and reports the accuracy and a map of the learned regions.`,
  ].join("\n"),
  flags: {
    points: { type: "integer", default: 100, min: 2, max: 100000, help: "points per spiral" },
    hidden: { type: "integer", default: 64, min: 1, max: 4096, help: "hidden units" },
    epochs: { type: "integer", default: 400, min: 1, max: 1000000, help: "full-batch steps" },
    lr: { type: "number", default: 0.01, min: 0, exclusiveMin: true, help: "Adam learning rate" },
    seed: { type: "integer", default: 0, help: "seed of the data and the initial weights" },
  },
} as const;

/** A labelled data set. */
export interface Spirals {
  /** Points, `[n, 2]`. */
  x: Tensor;
  /** Class of each point (0, 1, 2), `[n]`, int64 as PyTorch's class indices. */
  labels: Tensor;
}

/**
 * `points` points per class on `CLASSES` spirals with angular noise 0.2 (the CS231n data set).
 * PyTorch: `r = torch.linspace(0, 1, n); t = torch.linspace(4k, 4k + 4, n) + 0.2 * torch.randn(n)`,
 * points `(r sin t, r cos t)`, labels `torch.full((n,), k)` (int64).
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
    ys.push(full([points], k));
  }
  return { x: cat(xs), labels: cat(ys) };
}

/**
 * Share of points whose largest logit is their label. PyTorch:
 * `(logits.argmax(1) == labels).float().mean()`.
 *
 * @param logits `[n, C]` scores.
 * @param labels `[n]` classes.
 * @returns A number in [0, 1].
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { accuracy } from "./spiral_classification.ts";
 * assert.equal(accuracy(tensor([[2, 1], [0, 3]]), tensor([0, 0])), 0.5);
 * ```
 */
export function accuracy(logits: Tensor, labels: Tensor): number {
  return logits.argmax(1).eq(labels).float().mean().item();
}

/**
 * Trains the network on the data, full batch.
 *
 * @param data The spirals.
 * @param layers The network (changed in place).
 * @param epochs Steps.
 * @param lr Adam's learning rate.
 * @param each Called after each step with the epoch, the loss and the accuracy before the step.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initMlp } from "./mlp_regression.ts";
 * import { makeSpirals, train } from "./spiral_classification.ts";
 * const losses: number[] = [];
 * train(makeSpirals(20, 0), initMlp([2, 16, 3], 0), 30, 0.01, (_, l) => losses.push(l));
 * assert.ok(losses[29] < losses[0]);
 * ```
 */
export function train(
  data: Spirals,
  layers: Layer[],
  epochs: number,
  lr: number,
  each: (epoch: number, loss: number, acc: number) => void,
): void {
  const opt = new Adam(parameters(layers), { lr });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    opt.zeroGrad();
    const logits = forward(layers, data.x);
    const loss = crossEntropy(logits, data.labels);
    loss.backward();
    opt.step();
    each(epoch, loss.item(), noGrad(() => accuracy(logits, data.labels)));
  }
}

/**
 * The classes the network predicts on a grid over [-1, 1]², one character per cell.
 *
 * @param layers The network.
 * @param width Columns.
 * @param height Rows.
 * @returns Lines of `a`, `b`, `c` (class 0, 1, 2).
 */
export function regionMap(layers: readonly Layer[], width = 48, height = 20): string[] {
  const cells: number[][] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      cells.push([-1 + (2 * (c + 0.5)) / width, 1 - (2 * (r + 0.5)) / height]);
    }
  }
  const grid = tensor(cells, { dtype: "float32" });
  const pred = noGrad(() => forward(layers, grid).argmax(1)).toTypedArray();
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    let line = "";
    for (let c = 0; c < width; c++) line += "abc"[pred[r * width + c]];
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
 * @returns 0, or 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./spiral_classification.ts";
 * assert.equal(main(["--epochs", "5", "--points", "10"], () => {}), 0);
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (f) => {
    const data = makeSpirals(f.points, f.seed);
    const layers = initMlp([2, f.hidden, CLASSES], f.seed);
    out(`Data: ${CLASSES} spirals of ${f.points} points, seed ${f.seed}`);
    out(`Model: 2 -> ${f.hidden} (relu) -> ${CLASSES} logits; crossEntropy; Adam(lr = ${f.lr})`);
    out("");
    const every = Math.max(1, Math.round(f.epochs / 10));
    train(data, layers, f.epochs, f.lr, (epoch, loss, acc) => {
      if (epoch === 1 || epoch % every === 0 || epoch === f.epochs) {
        out(
          `epoch ${String(epoch).padStart(String(f.epochs).length)}  loss ${sci(loss)}  accuracy ${
            fixed(100 * acc, 1)
          }%`,
        );
      }
    });
    const final = noGrad(() => accuracy(forward(layers, data.x), data.labels));
    out("");
    out(
      `Final training accuracy: ${fixed(100 * final, 1)}% (chance: ${fixed(100 / CLASSES, 1)}%).`,
    );
    out("What the network predicts over [-1, 1]² (a, b, c = spiral 0, 1, 2):");
    for (const line of regionMap(layers)) out(`  ${line}`);
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
