/**
 * Local minima: gradient descent goes downhill from where it starts, so on a function with
 * two valleys the start decides which one it ends in. Then the tutorial's claim that this
 * matters less in high dimensions, tested: a tiny network and a wider one trained from many
 * seeds, comparing how far apart their final losses are.
 *
 * ```sh
 * deno run examples/local_minima.ts
 * deno run examples/local_minima.ts --starts -1.5,0.1,0.3 --seeds 4
 * ```
 *
 * @module
 */

import { SGD } from "@descent/optim";
import { linspace, type Tensor, tensor } from "@descent/tensor";
import { xyChart } from "./_chart.ts";
import { type Out, runCli } from "./_cli.ts";
import { fixed, meanStd, sci, table } from "./_format.ts";
import { makeCurveData, trainMlp } from "./mlp_regression.ts";

/**
 * The one-dimensional function with two minima, in Tensor ops: f(x) = x⁴ − 3x² + x.
 *
 * @param x Points (any shape).
 * @returns f at each point.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { f } from "./local_minima.ts";
 * assert(String(f(tensor([1, 2], { dtype: "float32" }))) === "tensor([-1.,  6.])");
 * ```
 */
export function f(x: Tensor): Tensor {
  return x.pow(4).sub(x.square().mul(3)).add(x);
}

/** f(x) = x⁴ − 3x² + x on a plain number. */
function fNum(x: number): number {
  return x ** 4 - 3 * x ** 2 + x;
}

/** A root of f′(x) = 4x³ − 6x + 1 by Newton's method from `x`. */
function criticalPoint(x: number): number {
  for (let i = 0; i < 50; i++) x -= (4 * x ** 3 - 6 * x + 1) / (12 * x ** 2 - 6);
  return x;
}

/** The global minimum of f (x ≈ −1.3008). */
export const GLOBAL_MIN: number = criticalPoint(-1.5);
/** The local (not global) minimum of f (x ≈ 1.1309). */
export const LOCAL_MIN: number = criticalPoint(1.5);
/** The hill between the two valleys (x ≈ 0.1699). */
export const HILL: number = criticalPoint(0.2);

/**
 * Gradient descent on f from several starts at once. The starts are one tensor: the sum of f
 * over them has, for each element, the gradient f′ of that element alone, so one `backward()`
 * steps every start independently.
 *
 * @param starts Starting points.
 * @param lr Learning rate.
 * @param steps Number of SGD steps.
 * @returns Where each start ended.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descend } from "./local_minima.ts";
 * const [a, b] = descend([-2, 2], 0.02, 200);
 * assert(Math.abs(a + 1.3008) < 1e-3 && Math.abs(b - 1.1309) < 1e-3);
 * ```
 */
export function descend(starts: readonly number[], lr: number, steps: number): number[] {
  const x = tensor([...starts], { dtype: "float64", requiresGrad: true });
  const opt = new SGD([x], { lr });
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    f(x).sum().backward();
    opt.step();
  }
  return Array.from(x.detach().toTypedArray());
}

/** Final losses of one network size trained from several seeds. */
export interface SeedRun {
  /** Layer widths, input to output. */
  sizes: number[];
  /** Number of weights. */
  weights: number;
  /** Final training loss per seed. */
  finals: number[];
}

/**
 * Trains the same network on the same data from seeds 1…`seeds` and collects the final losses.
 *
 * @param hidden Hidden layer widths.
 * @param seeds Number of seeds.
 * @param epochs Full-batch SGD steps per seed.
 * @returns The final losses.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedRuns } from "./local_minima.ts";
 * const r = seedRuns([2], 2, 5);
 * assert(r.weights === 7 && r.finals.length === 2);
 * ```
 */
export function seedRuns(hidden: readonly number[], seeds: number, epochs: number): SeedRun {
  const data = makeCurveData(64, 0.1, 0);
  const sizes = [1, ...hidden, 1];
  const weights = sizes.slice(1).reduce((a, s, i) => a + (sizes[i] + 1) * s, 0);
  const finals: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = trainMlp(data, { hidden, epochs, batchSize: 64, lr: 0.05, momentum: 0.9, seed });
    finals.push(r.losses[r.losses.length - 1]);
  }
  return { sizes, weights, finals };
}

const CLI = {
  name: "local_minima.ts",
  summary: [
    "Gradient descent on f(x) = x^4 - 3x^2 + x from several starts lands in different minima;",
    "then a tiny and a wider network are trained from many seeds to compare final losses.",
  ].join("\n"),
  flags: {
    starts: {
      type: "numbers",
      default: [-2, -1, -0.5, 0, 0.15, 0.2, 0.5, 1, 2],
      min: -3,
      max: 3,
      help: "starting points in [-3, 3], comma-separated",
    },
    lr: {
      type: "number",
      default: 0.02,
      min: 0,
      exclusiveMin: true,
      max: 0.05,
      help: "learning rate on f (at most 0.05 so that no step jumps a valley)",
    },
    steps: { type: "integer", default: 200, min: 1, max: 1000000, help: "steps on f" },
    seeds: { type: "integer", default: 8, min: 2, max: 100, help: "seeds per network" },
    epochs: { type: "integer", default: 400, min: 1, max: 100000, help: "epochs per seed" },
  },
} as const;

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
 * import { main } from "./local_minima.ts";
 * assert(main(["--seeds", "2", "--epochs", "3"], () => {}) === 0);
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (o) => {
    out("== 1. One dimension: the start picks the valley ==");
    out(
      `f(x) = x^4 - 3x^2 + x has its global minimum at x = ${fixed(GLOBAL_MIN, 4)} (f = ${
        fixed(fNum(GLOBAL_MIN), 4)
      }),`,
    );
    out(
      `a local one at x = ${fixed(LOCAL_MIN, 4)} (f = ${
        fixed(fNum(LOCAL_MIN), 4)
      }), and a hill between them at x = ${fixed(HILL, 4)}.`,
    );
    out(`Gradient descent (SGD, lr = ${o.lr}, ${o.steps} steps) from each start:`);
    out("");
    const ends = descend(o.starts, o.lr, o.steps);
    const rows = o.starts.map((s, i) => {
      const e = ends[i];
      const which = Math.abs(e - GLOBAL_MIN) < 1e-3
        ? "global minimum"
        : Math.abs(e - LOCAL_MIN) < 1e-3
        ? "local minimum"
        : "not settled (more --steps?)";
      return [fixed(s, 2), fixed(e, 4), fixed(fNum(e), 4), which];
    });
    for (const l of table(["start", "end", "f(end)", "landed in"], rows, ["r", "r", "r", "l"])) {
      out(l);
    }
    out("");
    const n = 61;
    const xs = Array.from(linspace(-2.2, 2.2, n).toTypedArray());
    const chart = xyChart(
      [
        { label: "f(x)", mark: ".", xs, ys: xs.map(fNum) },
        { label: "start", mark: "o", xs: o.starts, ys: o.starts.map(fNum) },
        {
          label: "global / local minimum",
          mark: "G",
          xs: [GLOBAL_MIN],
          ys: [fNum(GLOBAL_MIN)],
        },
        { label: "", mark: "L", xs: [LOCAL_MIN], ys: [fNum(LOCAL_MIN)] },
      ],
      61,
      14,
    );
    chart[chart.length - 1] = ". f(x)   o start   G global minimum   L local minimum";
    for (const l of chart) out(l);
    out("");
    out(
      `Every start left of the hill (x < ${
        fixed(HILL, 4)
      }) rolls into the global minimum, every start right`,
    );
    out("of it into the local one: a small step never climbs, so a valley it starts in is");
    out("the valley it ends in.");
    out("");

    out("== 2. Many dimensions: does it still matter? ==");
    out("The tutorial claims that in high dimensions local minima are rarely a problem: there");
    out("are few true valleys to get stuck in, and the minima gradient descent finds have");
    out("similar losses. Test: fit the same 64 points (sin(2x) + 0.5x + noise 0.1) with a tiny");
    out(
      `and a wider relu network, each from ${o.seeds} random initialisations, ${o.epochs} epochs`,
    );
    out("of SGD (lr 0.05, momentum 0.9), and compare the final training losses.");
    out("");
    const runs = [seedRuns([2], o.seeds, o.epochs), seedRuns([32, 32], o.seeds, o.epochs)];
    const summary = runs.map((r) => {
      const best = Math.min(...r.finals), worst = Math.max(...r.finals);
      const { mean, std } = meanStd(r.finals);
      return { r, best, worst, mean, std };
    });
    const head = ["network", "weights", "best", "worst", "worst/best", "std/mean"];
    const body = summary.map((s) => [
      s.r.sizes.join(" -> "),
      String(s.r.weights),
      sci(s.best),
      sci(s.worst),
      fixed(s.worst / s.best, 2),
      fixed(s.std / s.mean, 2),
    ]);
    for (const l of table(head, body, ["l", "r", "r", "r", "r", "r"])) out(l);
    out("");
    for (const s of summary) {
      out(`${s.r.sizes.join(" -> ")}: ${s.r.finals.map((v) => sci(v)).join(" ")}`);
    }
    out("");
    const [tiny, wide] = summary;
    const tinyRatio = tiny.worst / tiny.best, wideRatio = wide.worst / wide.best;
    out(
      `The tiny network's runs end up to ${
        fixed(tinyRatio, 1)
      }x apart: with ${tiny.r.weights} weights its seeds stop in`,
    );
    out("different valleys, as in part 1 (equal losses in the list are the same valley).");
    out(
      `The wider network's runs end within ${
        fixed(wideRatio, 1)
      }x of each other, and its worst run is ${fixed(tiny.best / wide.worst, 1)}x`,
    );
    out("better than the tiny network's best.");
    out(
      wideRatio < tinyRatio && wide.worst < tiny.best
        ? "One experiment, not a proof, but it is what the claim predicts."
        : "With these settings the claim does not show: try more --epochs.",
    );
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
