/**
 * Fitting a curve with a small multi-layer network built from plain tensors: weights and
 * biases are leaf tensors that require grad, the forward pass is `matmul`, `add`, `relu`,
 * the loss is `mseLoss`, and an optimizer (`SGD` with momentum, or `Adam`) updates the weights.
 * The data comes from a known function plus noise, so the fit is checked against the truth.
 *
 * ```sh
 * deno run examples/mlp_regression.ts
 * deno run examples/mlp_regression.ts --hidden 8 --epochs 300
 * deno run examples/mlp_regression.ts --optimizer adam
 * ```
 *
 * The PyTorch equivalent, without `nn.Module`:
 *
 * ```python
 * layers = [(W1, b1), (W2, b2), (W3, b3)]            # tensors with requires_grad=True
 * def forward(x):
 *     h = x
 *     for i, (W, b) in enumerate(layers):
 *         h = h @ W + b
 *         if i < len(layers) - 1: h = h.relu()
 *     return h
 * opt = torch.optim.SGD(params, lr=0.05, momentum=0.9)
 * for epoch in range(epochs):
 *     opt.zero_grad(); loss = F.mse_loss(forward(x), y); loss.backward(); opt.step()
 * ```
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { mseLoss } from "@descent/losses";
import { Adam, type Optimizer, SGD } from "@descent/optim";
import { linspace, manualSeed, rand, randn, type Tensor, tensor } from "@descent/tensor";
import { xyChart } from "./_chart.ts";
import { type Out, runCli } from "./_cli.ts";
import { fixed, sci, table } from "./_format.ts";

/** One fully connected layer: `h @ w + b`. PyTorch: the weights of `nn.Linear` (transposed). */
export interface Layer {
  /** Weights, `[in, out]`. */
  w: Tensor;
  /** Bias, `[out]`. */
  b: Tensor;
}

/**
 * A multi-layer perceptron's weights, initialised as `torch.nn.Linear` does:
 * weights and biases uniform in ±1/√fan_in.
 *
 * @param sizes Layer widths, e.g. `[1, 32, 32, 1]`.
 * @param seed Seed of the initialisation (`manualSeed`).
 * @returns One {@linkcode Layer} per consecutive pair of sizes; every tensor is a leaf that requires grad.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initMlp } from "./mlp_regression.ts";
 * const layers = initMlp([1, 4, 1], 0);
 * assert(layers.length === 2 && layers[0].w.shape.join() === "1,4" && layers[1].b.requiresGrad);
 * ```
 */
export function initMlp(sizes: readonly number[], seed: number): Layer[] {
  manualSeed(seed);
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const bound = 1 / Math.sqrt(sizes[i]);
    const uniform = (shape: number[]): Tensor =>
      rand(shape).mul(2 * bound).sub(bound).requiresGrad_(true);
    layers.push({ w: uniform([sizes[i], sizes[i + 1]]), b: uniform([sizes[i + 1]]) });
  }
  return layers;
}

/**
 * The network's output: `relu(h @ w + b)` for every layer but the last, which is linear.
 *
 * @param layers The weights.
 * @param x Inputs, `[n, in]`.
 * @returns Outputs, `[n, out]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { forward, initMlp } from "./mlp_regression.ts";
 * const y = forward(initMlp([1, 3, 1], 0), tensor([[0.5], [1]]));
 * assert(y.shape.join() === "2,1" && y.gradFn?.name() === "AddBackward0");
 * ```
 */
export function forward(layers: readonly Layer[], x: Tensor): Tensor {
  let h = x;
  for (let i = 0; i < layers.length; i++) {
    h = h.matmul(layers[i].w).add(layers[i].b);
    if (i < layers.length - 1) h = h.relu();
  }
  return h;
}

/**
 * All weight tensors of a network, for an optimizer. PyTorch: `model.parameters()`.
 *
 * @param layers The weights.
 * @returns `[w1, b1, w2, b2, …]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initMlp, parameters } from "./mlp_regression.ts";
 * assert(parameters(initMlp([1, 2, 1], 0)).length === 4);
 * ```
 */
export function parameters(layers: readonly Layer[]): Tensor[] {
  return layers.flatMap((l) => [l.w, l.b]);
}

/**
 * The function the data is drawn from.
 *
 * @param x A point.
 * @returns sin(2x) + 0.5·x.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { truth } from "./mlp_regression.ts";
 * assert(truth(0) === 0);
 * ```
 */
export function truth(x: number): number {
  return Math.sin(2 * x) + 0.5 * x;
}

/** The data range: x is uniform in [-X_RANGE, X_RANGE). */
export const X_RANGE = 3;

/** A regression data set, `x` and `y` of shape `[n, 1]`. */
export interface CurveData {
  /** Inputs. */
  x: Tensor;
  /** Noisy targets. */
  y: Tensor;
}

/**
 * Draws `n` points `y = sin(2x) + 0.5x + noise·N(0, 1)`, x uniform in [-3, 3).
 *
 * @param n Number of points.
 * @param noise Standard deviation of the noise.
 * @param seed Seed.
 * @returns The data.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeCurveData } from "./mlp_regression.ts";
 * assert(makeCurveData(10, 0.1, 0).y.shape.join() === "10,1");
 * ```
 */
export function makeCurveData(n: number, noise: number, seed: number): CurveData {
  manualSeed(seed);
  const x = rand([n, 1]).mul(2 * X_RANGE).sub(X_RANGE);
  const xs = x.toTypedArray();
  const clean = new Float32Array(n);
  for (let i = 0; i < n; i++) clean[i] = truth(xs[i]);
  const y = tensor(clean, { dtype: "float32" }).reshape(n, 1).add(randn([n, 1]).mul(noise));
  return { x, y };
}

/** Options of {@linkcode trainMlp}. */
export interface TrainOptions {
  /** Hidden layer widths. */
  hidden: readonly number[];
  /** Full-batch steps. */
  epochs: number;
  /** `sgd` (default) or `adam`. */
  optimizer?: "sgd" | "adam";
  /** Learning rate. */
  lr: number;
  /** Momentum of SGD (ignored by Adam). */
  momentum: number;
  /** Seed of the initialisation. */
  seed: number;
}

/**
 * Trains an MLP on `data` with a full-batch optimizer (SGD with momentum, or Adam) and
 * mean-squared error.
 *
 * @param data Inputs and targets.
 * @param o Sizes and optimiser settings.
 * @param onEpoch Called after each epoch with its number (from 1) and loss (before the step);
 *   returning `false` stops the training.
 * @returns The trained layers and the loss before each step.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeCurveData, trainMlp } from "./mlp_regression.ts";
 * const r = trainMlp(makeCurveData(32, 0.1, 0), { hidden: [8], epochs: 20, lr: 0.05, momentum: 0.9, seed: 1 });
 * assert(r.losses.length === 20 && r.losses[19] < r.losses[0]);
 * ```
 */
export function trainMlp(
  data: CurveData,
  o: TrainOptions,
  onEpoch: (epoch: number, loss: number) => boolean | void = () => {},
): { layers: Layer[]; losses: number[] } {
  const layers = initMlp([data.x.shape[1], ...o.hidden, data.y.shape[1]], o.seed);
  const params = parameters(layers);
  const opt: Optimizer = o.optimizer === "adam"
    ? new Adam(params, { lr: o.lr })
    : new SGD(params, { lr: o.lr, momentum: o.momentum });
  const losses: number[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    opt.zeroGrad();
    const loss = mseLoss(forward(layers, data.x), data.y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
    if (onEpoch(epoch, losses[epoch - 1]) === false) break;
  }
  return { layers, losses };
}

/**
 * Root-mean-square distance between the network and the true function on an even grid.
 *
 * @param layers The trained weights.
 * @param points Grid size over [-3, 3].
 * @returns The RMS error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initMlp, rmsToTruth } from "./mlp_regression.ts";
 * assert(rmsToTruth(initMlp([1, 4, 1], 0), 11) > 0);
 * ```
 */
export function rmsToTruth(layers: readonly Layer[], points = 121): number {
  const grid = linspace(-X_RANGE, X_RANGE, points).reshape(points, 1);
  const pred = noGrad(() => forward(layers, grid)).toTypedArray();
  const xs = grid.toTypedArray();
  let s = 0;
  for (let i = 0; i < points; i++) s += (pred[i] - truth(xs[i])) ** 2;
  return Math.sqrt(s / points);
}

const CLI = {
  name: "mlp_regression.ts",
  summary: [
    "Fits y = sin(2x) + 0.5x + noise with a small relu network built from plain tensors",
    "(matmul, add, relu, mseLoss) trained by SGD with momentum or by Adam, and checks the fit",
    "against the true curve.",
  ].join("\n"),
  flags: {
    points: { type: "integer", default: 128, min: 2, max: 100000, help: "number of data points" },
    noise: { type: "number", default: 0.1, min: 0, help: "standard deviation of the noise" },
    hidden: {
      type: "numbers",
      default: [32, 32],
      min: 1,
      help: "hidden layer widths, comma-separated",
    },
    epochs: { type: "integer", default: 1000, min: 1, max: 1000000, help: "full-batch steps" },
    optimizer: { type: "string", default: "sgd", choices: ["sgd", "adam"], help: "optimizer" },
    lr: {
      type: "number",
      min: 0,
      exclusiveMin: true,
      help: "learning rate (default: 0.05 for sgd, 0.01 for adam)",
    },
    momentum: { type: "number", default: 0.9, min: 0, max: 0.999, help: "SGD momentum" },
    seed: { type: "integer", default: 0, help: "seed of the data and the initial weights" },
  },
} as const;

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the report goes.
 * @param err Where usage errors go.
 * @returns 0, 1 if the loss diverged, 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./mlp_regression.ts";
 * assert(main(["--epochs", "5", "--hidden", "4"], () => {}) === 0);
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (f) => {
    if (f.hidden.some((h) => !Number.isInteger(h))) {
      err(`mlp_regression.ts: error: --hidden expects integers, got ${f.hidden.join(",")}`);
      return 2;
    }
    const data = makeCurveData(f.points, f.noise, f.seed);
    const sizes = [1, ...f.hidden, 1];
    const nParams = sizes.slice(1).reduce((a, s, i) => a + (sizes[i] + 1) * s, 0);
    out(
      `Data: ${f.points} points from y = sin(2x) + 0.5x + noise (std ${f.noise}), ` +
        `x uniform in [-${X_RANGE}, ${X_RANGE}), seed ${f.seed}`,
    );
    const adam = f.optimizer === "adam";
    const lr = f.lr ?? (adam ? 0.01 : 0.05);
    const optName = adam ? `Adam(lr = ${lr})` : `SGD(lr = ${lr}, momentum = ${f.momentum})`;
    out(`Network: ${sizes.join(" -> ")} with relu (${nParams} weights), ${optName}, full batch`);
    out("");
    const every = Math.max(1, Math.round(f.epochs / 10));
    const width = String(f.epochs).length;
    let diverged = false;
    const start = performance.now();
    const { layers, losses } = trainMlp(
      data,
      {
        hidden: f.hidden,
        epochs: f.epochs,
        optimizer: adam ? "adam" : "sgd",
        lr,
        momentum: f.momentum,
        seed: f.seed,
      },
      (epoch, loss) => {
        diverged = !Number.isFinite(loss) || loss > 1e6;
        if (diverged || epoch === 1 || epoch % every === 0 || epoch === f.epochs) {
          out(`epoch ${String(epoch).padStart(width)}/${f.epochs}  loss ${sci(loss)}`);
        }
        return !diverged;
      },
    );
    const seconds = (performance.now() - start) / 1000;
    if (diverged) {
      out(
        `the loss diverged: lower --lr (now ${lr})` +
          (adam ? "" : ` or --momentum (now ${f.momentum})`),
      );
      return 1;
    }
    out("");

    const grid = [-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3];
    const gx = noGrad(() => forward(layers, linspace(-3, 3, 9).reshape(9, 1))).toTypedArray();
    const rows = grid.map((x, i) => [
      fixed(x, 2),
      fixed(truth(x), 4),
      fixed(gx[i], 4),
      fixed(gx[i] - truth(x), 4),
    ]);
    for (const line of table(["x", "truth", "network", "error"], rows, ["r", "r", "r", "r"])) {
      out(line);
    }
    out("");

    const n = 61;
    const lx = linspace(-X_RANGE, X_RANGE, n);
    const fitY = noGrad(() => forward(layers, lx.reshape(n, 1))).toTypedArray();
    const xs = lx.toTypedArray();
    const truthY = Array.from(xs, truth);
    for (
      const line of xyChart([
        { label: "data", mark: ".", xs: data.x.toTypedArray(), ys: data.y.toTypedArray() },
        { label: "truth", mark: "-", xs, ys: truthY },
        { label: "network", mark: "*", xs, ys: fitY },
      ])
    ) out(line);
    out("");

    const rms = rmsToTruth(layers);
    out(
      `final training loss ${sci(losses[losses.length - 1])} (the noise alone gives about ${
        sci(f.noise ** 2)
      })`,
    );
    out(
      `RMS distance from the true curve on [-${X_RANGE}, ${X_RANGE}]: ${
        fixed(rms, 4)
      } (noise std ${f.noise})`,
    );
    out(`${f.epochs} epochs in ${fixed(seconds, 2)} s`);
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
