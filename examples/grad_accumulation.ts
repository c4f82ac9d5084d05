/**
 * Why gradients must be reset: `backward()` adds into `.grad` instead of overwriting it.
 * First two backward calls without a reset show the sum; then the tutorial's problem is
 * trained twice side by side, with `optimizer.zeroGrad()` each step and without it.
 *
 * ```sh
 * deno run examples/grad_accumulation.ts
 * deno run examples/grad_accumulation.ts --steps 60 --lr 0.5
 * ```
 *
 * @module
 */

import { mseLoss } from "@descent/losses";
import { SGD } from "@descent/optim";
import { floatTensor, manualSeed, randLike, tensor } from "@descent/tensor";
import { terminalChart } from "./_chart.ts";
import { type Out, runCli } from "./_cli.ts";
import { sci, table } from "./_format.ts";
import { TARGET } from "./threshold_loop.ts";

const CLI = {
  name: "grad_accumulation.ts",
  summary: [
    "Shows that backward() accumulates into .grad, then trains the tutorial's problem with",
    "SGD twice from the same start: once calling zeroGrad() every step, once never.",
  ].join("\n"),
  flags: {
    steps: { type: "integer", default: 30, min: 1, max: 100000, help: "training steps" },
    lr: { type: "number", default: 1, min: 0, exclusiveMin: true, help: "learning rate" },
    seed: { type: "integer", default: 0, help: "seed of the random start" },
  },
} as const;

/**
 * Trains `pred` towards the tutorial's target with SGD for `steps` steps and returns the
 * loss before each step and after the last. PyTorch:
 * `for _ in range(steps): [opt.zero_grad()]; loss = F.mse_loss(y, pred); loss.backward(); opt.step()`.
 *
 * @param steps Number of steps.
 * @param lr Learning rate.
 * @param seed Seed of the start (`randLike(y)`).
 * @param zeroGrad Whether to call `optimizer.zeroGrad()` before each backward.
 * @returns `steps + 1` losses.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { train } from "./grad_accumulation.ts";
 * const withReset = train(10, 1, 0, true);
 * assert(withReset[10] < withReset[0] / 10);
 * ```
 */
export function train(steps: number, lr: number, seed: number, zeroGrad: boolean): number[] {
  const y = floatTensor(TARGET);
  manualSeed(seed);
  const pred = randLike(y, { requiresGrad: true });
  const opt = new SGD([pred], { lr });
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    if (zeroGrad) opt.zeroGrad();
    const loss = mseLoss(y, pred);
    losses.push(loss.item());
    loss.backward();
    opt.step();
  }
  losses.push(mseLoss(y, pred).item());
  return losses;
}

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the output goes.
 * @param err Where usage errors go.
 * @returns The exit code (0, or 2 for bad flags).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./grad_accumulation.ts";
 * assert(main(["--steps", "3"], () => {}) === 0);
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (f) => {
    out("== 1. backward() adds into .grad ==");
    const w = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
    const loss = w.mul(w).sum(); // d(sum w²)/dw = 2w
    out(
      'w = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true }); loss = w.mul(w).sum()   // dloss/dw = 2w',
    );
    loss.backward(null, { retainGraph: true });
    out(`after loss.backward(null, { retainGraph: true }):  w.grad = ${String(w.grad)}`);
    loss.backward();
    out(`after a second loss.backward():              w.grad = ${String(w.grad)}   <- the sum`);
    w.grad = null;
    w.mul(w).sum().backward();
    out(`after w.grad = null and a fresh backward():  w.grad = ${String(w.grad)}`);
    out("");
    out("Adding is deliberate: gradients of several backward passes (e.g. a batch split into");
    out("pieces that do not fit in memory at once) sum up to the gradient of the whole. The");
    out("price: a training loop must reset .grad every step, with optimizer.zeroGrad() (which");
    out("sets .grad to null, PyTorch 2.x's default) or w.grad.zero_().");
    out("");

    out(`== 2. Training with and without zeroGrad() (SGD, lr = ${f.lr}, seed ${f.seed}) ==`);
    const withReset = train(f.steps, f.lr, f.seed, true);
    const without = train(f.steps, f.lr, f.seed, false);
    out("Without the reset, step k uses the sum of all k gradients so far: the update keeps");
    out("pushing in old directions, overshoots the target and swings around it.");
    out("");
    const rows: string[][] = [];
    for (let k = 0; k <= f.steps; k++) {
      if (f.steps <= 40 || k % Math.ceil(f.steps / 40) === 0 || k === f.steps) {
        rows.push([String(k), sci(withReset[k]), sci(without[k])]);
      }
    }
    for (
      const l of table(["step", "loss with zeroGrad()", "loss without"], rows, ["r", "r", "r"])
    ) {
      out(l);
    }
    out("");
    const finite = [...withReset, ...without].filter((v) => Number.isFinite(v) && v > 0);
    const lo = Math.min(...finite), hi = Math.max(...finite);
    const chart = terminalChart(
      [{ label: "with zeroGrad()", values: withReset }, { label: "without", values: without }],
      {
        yMin: 10 ** Math.floor(Math.log10(lo)),
        yMax: 10 ** Math.ceil(Math.log10(hi)),
        xMax: f.steps,
        xLog: false,
        yLabel: "loss (log scale)",
        xLabel: "step",
      },
    );
    for (const l of chart) out(l);
    out("");
    const tail = without.slice(Math.max(0, f.steps - 9));
    out(`after ${f.steps} steps: with zeroGrad() the loss is ${sci(withReset[f.steps])};`);
    out(
      `without, over the last ${tail.length} steps it still swings between ${
        sci(Math.min(...tail))
      } and ${sci(Math.max(...tail))}`,
    );
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
