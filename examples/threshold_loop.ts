/**
 * The tutorial's gradient-descent loop, line for line: a 3×3 target `y`, a random `pred`
 * that requires grad, the mean-squared error, and a loop that steps `pred` against its
 * gradient by hand until the loss falls under a threshold.
 *
 * ```sh
 * deno run examples/threshold_loop.ts                    # the demo (`deno task demo`)
 * deno run examples/threshold_loop.ts --from-document    # the tutorial's exact transcript
 * deno run examples/threshold_loop.ts --lr 10            # too large: it diverges
 * deno run examples/threshold_loop.ts --as-printed       # the tutorial's "full code" as printed
 * ```
 *
 * The PyTorch original:
 *
 * ```python
 * y = torch.FloatTensor([[.1,.2,.3],[.4,.5,.6],[.7,.8,.9]])
 * pred = torch.rand_like(y, requires_grad=True)
 * loss = F.mse_loss(y, pred)
 * i = 0
 * while not loss < threshold:
 *     i += 1
 *     loss.backward()
 *     pred = pred - lr * pred.grad
 *     pred.detach_()
 *     pred.requires_grad_(True)
 *     loss = F.mse_loss(y, pred)
 *     print('%d-th Loss : %.4e' % (i, loss))
 * print(pred)
 * ```
 *
 * @module
 */

import { mseLoss } from "@descent/losses";
import { floatTensor, manualSeed, randLike, type Tensor, tensor } from "@descent/tensor";
import { type Out, runCli } from "./_cli.ts";
import { sci } from "./_format.ts";

/** The tutorial's target, `torch.FloatTensor([[.1,.2,.3],[.4,.5,.6],[.7,.8,.9]])`. */
export const TARGET: number[][] = [[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]];

/** The `pred` printed in the tutorial's document (its `torch.rand_like(y)` draw, 4 digits). */
export const DOCUMENT_PRED: number[][] = [
  [0.4731, 0.1600, 0.5629],
  [0.2523, 0.2999, 0.1291],
  [0.3720, 0.8593, 0.8111],
];

/** The loop stops as diverged once the loss exceeds its start by this factor. */
export const DIVERGENCE_FACTOR = 1000;

/** The flags of the tutorial's loop, shared with `threshold_loop_sgd.ts`. */
export const LOOP_FLAGS = {
  lr: { type: "number", default: 1, min: 0, exclusiveMin: true, help: "learning rate" },
  threshold: {
    type: "number",
    default: 1e-5,
    min: 0,
    exclusiveMin: true,
    help: "stop once the loss is below this",
  },
  seed: { type: "integer", default: 0, help: "seed of the random start (manualSeed)" },
  "max-iters": {
    type: "integer",
    default: 1000,
    min: 1,
    help: "give up after this many steps",
  },
  "from-document": {
    type: "boolean",
    help: "start from the pred printed in the tutorial instead of a random one",
  },
} as const;

const CLI = {
  name: "threshold_loop.ts",
  summary: [
    "The tutorial's loop: step pred against the gradient of mse_loss(y, pred) by hand",
    "(pred = pred - lr * pred.grad; detach_(); requires_grad_(True)) until the loss is",
    "below the threshold, printing '%d-th Loss : %.4e' each step and the final pred.",
  ].join("\n"),
  flags: {
    ...LOOP_FLAGS,
    "as-printed": {
      type: "boolean",
      help:
        "run the tutorial's full code as printed (pred.detach(), iter_count) and say why it fails",
    },
  },
} as const;

/** Settings of {@linkcode thresholdLoop}. */
export interface LoopOptions {
  /** Learning rate. */
  lr: number;
  /** Stop once the loss is below this. */
  threshold: number;
  /** Give up after this many steps. */
  maxIters: number;
}

/** What {@linkcode thresholdLoop} ended with. */
export interface LoopResult {
  /** `converged`: loss < threshold; `diverged`: loss non-finite or 1000× its start; `stopped`: out of steps. */
  status: "converged" | "diverged" | "stopped";
  /** Steps taken. */
  iterations: number;
  /** The loss before the first step and after each step. */
  losses: number[];
  /** The final `pred` (a leaf that requires grad). */
  pred: Tensor;
}

/**
 * The tutorial's loop from a given start, printing `%d-th Loss : %.4e` after each step.
 * PyTorch: the loop in the module doc, with `F.mse_loss(y, pred)`.
 *
 * @param y The target.
 * @param start The starting `pred` (a leaf that requires grad).
 * @param o Learning rate, threshold and step limit.
 * @param out Where the loss lines go.
 * @returns How it ended, with the loss history and the final `pred`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, tensor } from "@descent/tensor";
 * import { thresholdLoop } from "./threshold_loop.ts";
 * const y = floatTensor([[0.5]]);
 * const r = thresholdLoop(y, tensor([[0.7]], { requiresGrad: true }), { lr: 0.25, threshold: 1e-3, maxIters: 10 }, () => {});
 * assert(r.status === "converged" && r.iterations === 3);
 * ```
 */
export function thresholdLoop(y: Tensor, start: Tensor, o: LoopOptions, out: Out): LoopResult {
  let pred = start;
  let loss = mseLoss(y, pred);
  // PyTorch compares the float32 loss with the Python float in float32 (the scalar is cast
  // to the tensor's dtype), so `loss < 1e-5` means `loss < float32(1e-5)`.
  const threshold = loss.dtype === "float32" ? Math.fround(o.threshold) : o.threshold;
  const losses = [loss.item()];
  let i = 0;
  while (!(losses[i] < threshold)) {
    if (!Number.isFinite(losses[i]) || losses[i] > DIVERGENCE_FACTOR * losses[0]) {
      return { status: "diverged", iterations: i, losses, pred };
    }
    if (i === o.maxIters) return { status: "stopped", iterations: i, losses, pred };
    i += 1;
    loss.backward();
    pred = pred.sub(pred.grad!.mul(o.lr));
    pred.detach_();
    pred.requiresGrad_(true);
    loss = mseLoss(y, pred);
    losses.push(loss.item());
    out(`${i}-th Loss : ${sci(losses[i])}`);
  }
  return { status: "converged", iterations: i, losses, pred };
}

/**
 * Why a run that did not converge stopped, in one or two lines.
 *
 * @param r The loop's result.
 * @param o The loop's settings.
 * @param n Number of elements of the target (the mean is over them).
 * @returns The explanation.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { explainStop } from "./threshold_loop.ts";
 * const pred = tensor([1]);
 * const text = explainStop({ status: "diverged", iterations: 3, losses: [1, 5, 50, 2000], pred }, { lr: 10, threshold: 1e-5, maxIters: 9 }, 9);
 * assert(text.includes("diverged at iteration 3"));
 * ```
 */
export function explainStop(r: LoopResult, o: LoopOptions, n: number): string {
  const last = r.losses[r.iterations];
  const why = `(with mean-squared error over ${n} elements each step multiplies the error by ` +
    `1 - 2*lr/${n}, so only 0 < lr < ${n} converges; lr = ${o.lr} gives ${
      (1 - (2 * o.lr) / n).toPrecision(4)
    })`;
  if (r.status === "diverged") {
    const how = Number.isFinite(last)
      ? `grew from ${sci(r.losses[0])} to ${sci(last)}`
      : `is ${last}`;
    return `stopped: diverged at iteration ${r.iterations}: the loss ${how}; lr = ${o.lr} is too large\n${why}`;
  }
  // The error shrinks by |1 - 2*lr/n| per step: below 1 it is only slow, at 1 it is stuck.
  const falling = Math.abs(1 - (2 * o.lr) / n) < 1;
  return `stopped after ${r.iterations} iterations (--max-iters): loss ${
    sci(last)
  } is still not below ${sci(o.threshold)}; ` + (falling
    ? "it is still falling: raise --max-iters or --lr"
    : `it has stalled: lr = ${o.lr} is too large\n${why}`);
}

/**
 * The tutorial's "full code" as printed, step by step as PyTorch runs it: the loop with
 * `pred.detach()` where `pred.detach_()` is meant. `detach()` returns a detached copy and leaves
 * `pred` alone, so after the first step `pred` is still `pred - lr * pred.grad`, a non-leaf
 * (`SubBackward0`); `backward()` fills `.grad` on leaves only, and at the second step reading
 * `pred.grad` warns and gives null, which Python's `lr * pred.grad` refuses. PyTorch: the code in
 * `testdata/threshold_loop_as_printed.py`, whose transcript this reproduces.
 *
 * @param y The target.
 * @param start The starting `pred` (a leaf that requires grad).
 * @param o Learning rate and threshold.
 * @param out Where the loss lines go.
 * @returns The step at which the code fails (0: the loop never runs, and the code fails after
 *   it, at `print(iter_count)`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, tensor } from "@descent/tensor";
 * import { asPrintedLoop } from "./threshold_loop.ts";
 * const y = floatTensor([[0.5]]);
 * const start = tensor([[0.7]], { requiresGrad: true });
 * assert.equal(asPrintedLoop(y, start, { lr: 0.25, threshold: 1e-3, maxIters: 10 }, () => {}), 2);
 * ```
 */
export function asPrintedLoop(y: Tensor, start: Tensor, o: LoopOptions, out: Out): number {
  let pred = start;
  let loss = mseLoss(y, pred);
  const threshold = loss.dtype === "float32" ? Math.fround(o.threshold) : o.threshold;
  let i = 0;
  while (!(loss.item() < threshold)) {
    i += 1;
    loss.backward();
    const grad = pred.grad; // on a non-leaf: null, with PyTorch's warning
    if (grad === null) return i; // Python: `lr * None` raises TypeError
    pred = pred.sub(grad.mul(o.lr));
    pred.detach(); // as printed: the detached copy is dropped
    pred.requiresGrad_(true); // changes nothing: pred already requires grad
    loss = mseLoss(y, pred);
    out(`${i}-th Loss : ${sci(loss.item())}`);
  }
  return 0;
}

/**
 * What {@linkcode asPrintedLoop}'s failure is and why, in a few lines.
 *
 * @param step Its result.
 * @param lr The learning rate (Python names its type in the error).
 * @returns The explanation.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { explainAsPrinted } from "./threshold_loop.ts";
 * assert.match(explainAsPrinted(2, 1), /^stopped at iteration 2/);
 * ```
 */
export function explainAsPrinted(step: number, lr: number): string {
  const nameError = "print(iter_count) raises NameError: name 'iter_count' is not defined " +
    "(the counter is i)";
  if (step === 0) return `stopped after the loop, as PyTorch does: ${nameError}`;
  return [
    `stopped at iteration ${step}, as PyTorch does: pred.grad is null, and Python refuses ` +
    `lr * pred.grad (TypeError: unsupported operand type(s) for *: '${
      Number.isInteger(lr) ? "int" : "float"
    }' and 'NoneType')`,
    "why: the full code calls pred.detach(), which returns a detached copy and leaves pred " +
    "alone, where pred.detach_() is meant; so after the first step pred is still " +
    "pred - lr * pred.grad, a non-leaf (grad_fn=<SubBackward0>), requires_grad_(True) " +
    "changes nothing, and backward() fills .grad on leaves only (hence the warning)",
    `and had the loop ended, ${nameError.replace("raises", "would raise")}`,
    "the corrected loop: deno run examples/threshold_loop.ts",
  ].join("\n");
}

/**
 * The starting `pred`: the document's, or `randLike(y)` after `manualSeed(seed)`.
 * PyTorch: `torch.manual_seed(seed); pred = torch.rand_like(y, requires_grad=True)`.
 *
 * @param y The target.
 * @param fromDocument Use {@linkcode DOCUMENT_PRED}.
 * @param seed The seed of the random start.
 * @returns A leaf that requires grad.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor } from "@descent/tensor";
 * import { startPred, TARGET } from "./threshold_loop.ts";
 * assert(String(startPred(floatTensor(TARGET), false, 0)).startsWith("tensor([[0.4963, 0.7682"));
 * ```
 */
export function startPred(y: Tensor, fromDocument: boolean, seed: number): Tensor {
  if (fromDocument) return tensor(DOCUMENT_PRED, { requiresGrad: true });
  manualSeed(seed);
  return randLike(y, { requiresGrad: true });
}

/**
 * Runs the example. PyTorch: the tutorial script.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the transcript goes.
 * @param err Where usage errors go.
 * @returns The exit code: 0 converged, 1 diverged or out of steps, 2 bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./threshold_loop.ts";
 * const lines: string[] = [];
 * assert(main(["--from-document"], (l) => lines.push(l)) === 0);
 * assert(lines[1] === "1-th Loss : 4.1171e-02");
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (f) => {
    const y = floatTensor(TARGET);
    const pred = startPred(y, f["from-document"], f.seed);
    out(String(pred));
    const o = { lr: f.lr, threshold: f.threshold, maxIters: f["max-iters"] };
    if (f["as-printed"]) {
      out(explainAsPrinted(asPrintedLoop(y, pred, o, out), o.lr));
      return 1;
    }
    const r = thresholdLoop(y, pred, o, out);
    if (r.status !== "converged") {
      out(explainStop(r, o, y.numel()));
      return 1;
    }
    out(String(r.pred));
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
