/**
 * Fitting a curve with a small multi-layer network: a `Sequential` of `Linear` and `ReLU`
 * layers, `MSELoss`, shuffled minibatches from a `DataLoader`, and an optimizer (`SGD` with
 * momentum, or `Adam`), with a progress line on a terminal. The data comes from a known
 * function plus noise, so the fit is checked against the truth.
 *
 * ```sh
 * deno run examples/mlp_regression.ts
 * deno run examples/mlp_regression.ts --hidden 8 --epochs 300
 * deno run examples/mlp_regression.ts --optimizer adam
 * ```
 *
 * The PyTorch original (`trainMlp` below is these lines):
 *
 * ```python
 * torch.manual_seed(seed)
 * x = torch.rand(n, 1) * 6 - 3
 * y = torch.sin(2 * x) + 0.5 * x + noise * torch.randn(n, 1)
 * torch.manual_seed(seed)
 * model = nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
 * loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)
 * opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
 * loss_fn = nn.MSELoss()
 * for epoch in range(epochs):
 *     for xb, yb in loader:
 *         opt.zero_grad()
 *         loss = loss_fn(model(xb), yb)
 *         loss.backward()
 *         opt.step()
 * ```
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { DataLoader, Progress, type ProgressOptions, TensorDataset } from "@descent/data";
import { Linear, type Module, MSELoss, ReLU, Sequential } from "@descent/nn";
import { Adam, type Optimizer, SGD } from "@descent/optim";
import { linspace, manualSeed, rand, randn, type Tensor } from "@descent/tensor";
import { xyChart } from "./_chart.ts";
import { cliProgress, type Out, runCli } from "./_cli.ts";
import { fixed, sci, table } from "./_format.ts";

/**
 * A multi-layer perceptron: `Linear` layers of the given widths with a `ReLU` between each two,
 * initialised as PyTorch's (from the global generator).
 *
 * @param sizes Layer widths, e.g. `[1, 32, 32, 1]`.
 * @returns `Sequential(Linear, ReLU, …, Linear)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeMlp } from "./mlp_regression.ts";
 * assert.equal(
 *   String(makeMlp([1, 4, 1])),
 *   "Sequential(\n  (0): Linear(in_features=1, out_features=4, bias=True)\n  (1): ReLU()\n" +
 *     "  (2): Linear(in_features=4, out_features=1, bias=True)\n)",
 * );
 * ```
 */
export function makeMlp(sizes: readonly number[]): Sequential {
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i], sizes[i + 1]));
    if (i + 2 < sizes.length) layers.push(new ReLU());
  }
  return new Sequential(...layers);
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
  const y = x.mul(2).sin().add(x.mul(0.5)).add(randn([n, 1]).mul(noise));
  return { x, y };
}

/** Options of {@linkcode trainMlp}. */
export interface TrainOptions {
  /** Hidden layer widths. */
  hidden: readonly number[];
  /** Passes over the data. */
  epochs: number;
  /** Samples per step. */
  batchSize: number;
  /** `sgd` (default) or `adam`. */
  optimizer?: "sgd" | "adam";
  /** Learning rate. */
  lr: number;
  /** Momentum of SGD (ignored by Adam). */
  momentum: number;
  /** Seed of the initialisation and the shuffling. */
  seed: number;
}

/**
 * Trains an MLP on `data` with minibatch SGD with momentum (or Adam) and mean-squared error.
 *
 * @param data Inputs and targets.
 * @param o Sizes, batches and optimiser settings.
 * @param onEpoch Called after each epoch with its number (from 1) and mean loss; returning
 *   `false` stops the training.
 * @param progress How the progress display shows (default: silent).
 * @returns The trained model and the mean loss of each epoch.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeCurveData, trainMlp } from "./mlp_regression.ts";
 * const data = makeCurveData(64, 0.1, 0);
 * const o = { hidden: [8], epochs: 20, batchSize: 16, lr: 0.05, momentum: 0.9, seed: 1 };
 * const r = trainMlp(data, o);
 * assert(r.losses.length === 20 && r.losses[19] < r.losses[0]);
 * ```
 */
export function trainMlp(
  data: CurveData,
  o: TrainOptions,
  onEpoch: (epoch: number, loss: number) => boolean | void = () => {},
  progress: ProgressOptions = { silent: true },
): { model: Sequential; losses: number[] } {
  manualSeed(o.seed);
  const model = makeMlp([data.x.shape[1], ...o.hidden, data.y.shape[1]]);
  const opt: Optimizer = o.optimizer === "adam"
    ? new Adam(model.parameters(), { lr: o.lr })
    : new SGD(model.parameters(), { lr: o.lr, momentum: o.momentum });
  const lossFn = new MSELoss();
  const loader = new DataLoader(new TensorDataset(data.x, data.y), {
    batchSize: o.batchSize,
    shuffle: true,
  });
  const bar = new Progress({ ...progress, epochs: o.epochs, steps: loader.length });
  const losses: number[] = [];
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
    bar.endEpoch();
    losses.push(sum / loader.length);
    if (onEpoch(epoch, losses[epoch - 1]) === false) break;
  }
  return { model, losses };
}

/**
 * Root-mean-square distance between the network and the true function on an even grid.
 *
 * @param model The trained network.
 * @param points Grid size over [-3, 3].
 * @returns The RMS error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeMlp, rmsToTruth } from "./mlp_regression.ts";
 * assert(rmsToTruth(makeMlp([1, 4, 1]), 11) > 0);
 * ```
 */
export function rmsToTruth(model: Module<[Tensor], Tensor>, points = 121): number {
  const grid = linspace(-X_RANGE, X_RANGE, points).reshape(points, 1);
  const pred = noGrad(() => model.forward(grid)).toTypedArray();
  const xs = grid.toTypedArray();
  let s = 0;
  for (let i = 0; i < points; i++) s += (pred[i] - truth(xs[i])) ** 2;
  return Math.sqrt(s / points);
}

const CLI = {
  name: "mlp_regression.ts",
  summary: [
    "Fits y = sin(2x) + 0.5x + noise with a small relu network (nn.Sequential of Linear and",
    "ReLU, MSELoss) trained on shuffled minibatches by SGD with momentum or by Adam, and checks",
    "the fit against the true curve.",
  ].join("\n"),
  flags: {
    points: { type: "integer", default: 512, min: 2, max: 100000, help: "number of data points" },
    noise: { type: "number", default: 0.1, min: 0, help: "standard deviation of the noise" },
    hidden: {
      type: "numbers",
      default: [32, 32],
      min: 1,
      help: "hidden layer widths, comma-separated",
    },
    epochs: { type: "integer", default: 100, min: 1, max: 1000000, help: "passes over the data" },
    "batch-size": { type: "integer", default: 64, min: 1, help: "samples per step" },
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
 * @param progress How the progress display shows (default: silent).
 * @returns 0, 1 if the loss diverged, 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./mlp_regression.ts";
 * assert(main(["--epochs", "5", "--hidden", "4"], () => {}) === 0);
 * ```
 */
export function main(
  args: string[],
  out: Out,
  err: Out = console.error,
  progress: ProgressOptions = { silent: true },
): number {
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
    out(
      `Network: ${sizes.join(" -> ")} with relu (${nParams} weights), ${optName}, ` +
        `batches of ${f["batch-size"]}`,
    );
    out("");
    const every = Math.max(1, Math.round(f.epochs / 10));
    const width = String(f.epochs).length;
    let diverged = false;
    const start = performance.now();
    const { model, losses } = trainMlp(
      data,
      {
        hidden: f.hidden,
        epochs: f.epochs,
        batchSize: f["batch-size"],
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
      progress,
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
    const gx = noGrad(() => model.forward(linspace(-3, 3, 9).reshape(9, 1))).toTypedArray();
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
    const fitY = noGrad(() => model.forward(lx.reshape(n, 1))).toTypedArray();
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

    out(
      `final training loss ${sci(losses[losses.length - 1])} (the noise alone gives about ${
        sci(f.noise ** 2)
      })`,
    );
    out(
      `RMS distance from the true curve on [-${X_RANGE}, ${X_RANGE}]: ${
        fixed(rmsToTruth(model), 4)
      } (noise std ${f.noise})`,
    );
    out(`${f.epochs} epochs in ${fixed(seconds, 2)} s`);
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log, console.error, cliProgress()));
