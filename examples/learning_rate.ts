/**
 * The learning-rate trade-off on the tutorial's problem: the same loop run for a sweep of
 * learning rates, reporting how many steps each needs to reach the threshold (or where it
 * diverges or stalls), with a log-scale chart of the loss curves and the reason behind them:
 * for mean-squared error over n elements one step multiplies the error by 1 − 2·lr/n.
 *
 * ```sh
 * deno run examples/learning_rate.ts
 * deno run examples/learning_rate.ts --lrs 0.5,2,4,5,8
 * deno run --allow-write=lr.svg examples/learning_rate.ts --svg lr.svg
 * ```
 *
 * @module
 */

import { floatTensor } from "@descent/tensor";
import { type Series, svgChart, terminalChart } from "./_chart.ts";
import { canWrite, type Out, runCli } from "./_cli.ts";
import { fixed, sci, table } from "./_format.ts";
import { type LoopResult, startPred, TARGET, thresholdLoop } from "./threshold_loop.ts";

const CLI = {
  name: "learning_rate.ts",
  summary: [
    "Runs the tutorial's loop for several learning rates from the same start and reports",
    "steps to the threshold, divergence or stall, as a table and a log-scale chart.",
  ].join("\n"),
  flags: {
    lrs: {
      type: "numbers",
      default: [0.01, 0.1, 1, 4.5, 9, 10],
      min: 0,
      exclusiveMin: true,
      help: "comma-separated learning rates",
    },
    threshold: {
      type: "number",
      default: 1e-5,
      min: 0,
      exclusiveMin: true,
      help: "stop once the loss is below this",
    },
    "max-iters": { type: "integer", default: 5000, min: 1, help: "steps before giving up" },
    seed: { type: "integer", default: 0, help: "seed of the random start" },
    "from-document": { type: "boolean", help: "start from the pred printed in the tutorial" },
    svg: {
      type: "string",
      arg: "file",
      help: "also write the chart as SVG to this file (needs --allow-write)",
    },
  },
} as const;

/** File access of {@linkcode main}, replaceable in tests. */
export interface FileAccess {
  /** Whether writing `path` is allowed (see `canWrite` in `_cli.ts`). */
  canWrite(path: string): boolean;
  /** Writes a text file. */
  writeTextFile(path: string, text: string): void;
}

const DENO_FILES: FileAccess = {
  canWrite,
  writeTextFile: (path, text) => Deno.writeTextFileSync(path, text),
};

/** One learning rate's run, as reported. */
export interface SweepRow {
  /** The learning rate. */
  lr: number;
  /** 1 − 2·lr/n: what one step multiplies the error by. */
  factor: number;
  /** The loop's result (losses, status, iterations). */
  result: LoopResult;
}

/**
 * Runs the tutorial's loop once per learning rate from the same start.
 *
 * @param lrs Learning rates.
 * @param threshold Loss to reach.
 * @param maxIters Steps before giving up.
 * @param fromDocument Start from the document's `pred` instead of a seeded random one.
 * @param seed Seed of the random start.
 * @returns One row per learning rate.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweep } from "./learning_rate.ts";
 * const [row] = sweep([4.5], 1e-5, 10, true, 0);
 * assert(row.factor === 0 && row.result.iterations === 1);
 * ```
 */
export function sweep(
  lrs: readonly number[],
  threshold: number,
  maxIters: number,
  fromDocument: boolean,
  seed: number,
): SweepRow[] {
  const y = floatTensor(TARGET);
  const n = y.numel();
  return lrs.map((lr) => {
    const start = startPred(y, fromDocument, seed);
    const result = thresholdLoop(y, start, { lr, threshold, maxIters }, () => {});
    return { lr, factor: 1 - (2 * lr) / n, result };
  });
}

/** The result column of the table. */
function describe(r: LoopResult, threshold: number): string {
  const last = r.losses[r.iterations];
  if (r.status === "converged") {
    return `below ${sci(threshold)} after ${r.iterations} step${r.iterations === 1 ? "" : "s"}`;
  }
  if (r.status === "diverged") {
    return `diverged at iteration ${r.iterations} (loss ${
      Number.isFinite(last) ? sci(last) : last
    })`;
  }
  const change = last / r.losses[0];
  return change > 0.999 && change < 1.001
    ? `stalled: loss stays ${sci(last)} after ${r.iterations} steps`
    : `not there after ${r.iterations} steps (loss ${sci(last)})`;
}

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the report goes.
 * @param err Where errors go.
 * @param files File access for `--svg` (tests replace it).
 * @returns 0, 1 when `--svg` cannot be written, 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./learning_rate.ts";
 * assert(main(["--lrs", "1,4.5"], () => {}) === 0);
 * ```
 */
export function main(
  args: string[],
  out: Out,
  err: Out = console.error,
  files: FileAccess = DENO_FILES,
): number {
  return runCli(CLI, args, out, err, (f) => {
    if (f.svg !== undefined && !files.canWrite(f.svg)) {
      err(
        `learning_rate.ts: --svg ${f.svg} needs permission to write that file: run ` +
          `deno run --allow-write=${f.svg} examples/learning_rate.ts --svg ${f.svg}`,
      );
      return 1;
    }
    const y = floatTensor(TARGET);
    const n = y.numel();
    const rows = sweep(f.lrs, f.threshold, f["max-iters"], f["from-document"], f.seed);
    const start = rows[0].result.losses[0];
    out(`The tutorial's problem (3x3 target, n = ${n} elements), start loss ${sci(start)},`);
    out(`threshold ${sci(f.threshold)}, at most ${f["max-iters"]} steps per learning rate.`);
    out("");
    const body = rows.map((r) => {
      const l = r.result.losses;
      const measured = l.length > 1 && l[0] > 0 ? l[1] / l[0] : NaN;
      return [
        String(r.lr),
        fixed(r.factor, 4),
        fixed(r.factor * r.factor, 4),
        Number.isFinite(measured) ? fixed(measured, 4) : "-",
        describe(r.result, f.threshold),
      ];
    });
    const head = ["lr", "1-2*lr/n", "predicted loss ratio", "measured", "result"];
    for (const line of table(head, body, ["r", "r", "r", "r", "l"])) out(line);
    out("");

    const series: Series[] = rows.map((r) => ({ label: `lr=${r.lr}`, values: r.result.losses }));
    const xMax = Math.max(1, ...rows.map((r) => r.result.iterations));
    const chartOptions = {
      yMin: Math.min(f.threshold / 1000, start),
      yMax: 10 ** Math.ceil(Math.log10(start * 1000)),
      xMax,
      title: "loss per step for each learning rate",
      yLabel: "loss (log scale)",
      xLabel: "step (log scale)",
    };
    for (const line of terminalChart(series, chartOptions)) out(line);
    out("");

    out(`Why: the loss is L = (1/n) * sum(e^2) with e = pred - y, so dL/dpred = 2e/n and one step`);
    out(`maps e to e - lr * 2e/n = (1 - 2*lr/n) * e; the loss is multiplied by (1 - 2*lr/n)^2.`);
    out(`Here n = ${n}:`);
    out(
      `  0 < lr < ${
        n / 2
      }   the factor is in (0, 1): the error shrinks steadily, faster for larger lr;`,
    );
    out(`  lr = ${n / 2}       the factor is 0: one step lands exactly on y (n/2 = ${n / 2});`);
    out(
      `  ${
        n / 2
      } < lr < ${n}   the factor is in (-1, 0): each step overshoots, but by less and less;`,
    );
    out(`  lr = ${n}         the factor is -1: pred jumps between two points forever;`);
    out(`  lr > ${n}         |factor| > 1: every step overshoots further and the loss diverges.`);
    out("The largest useful learning rate depends on the loss's curvature (here 2/n); a model");
    out("with many parameters has many curvatures, and the largest one sets the limit.");

    if (f.svg !== undefined) {
      files.writeTextFile(f.svg, svgChart(series, chartOptions));
      out("");
      out(`wrote the chart to ${f.svg}`);
    }
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
