/**
 * The tutorial's loop again, with an optimizer doing the update: `SGD([pred], { lr })`,
 * then per step `zeroGrad()`, `backward()`, `step()`. Same numbers as the manual loop of
 * `threshold_loop.ts`; `pred` stays the same leaf tensor throughout (updated in place)
 * instead of being replaced, detached and re-marked every step.
 *
 * ```sh
 * deno run examples/threshold_loop_sgd.ts --from-document
 * ```
 *
 * The PyTorch original:
 *
 * ```python
 * optimizer = torch.optim.SGD([pred], lr=lr)
 * loss = F.mse_loss(y, pred)
 * i = 0
 * while not loss < threshold:
 *     i += 1
 *     optimizer.zero_grad()
 *     loss.backward()
 *     optimizer.step()
 *     loss = F.mse_loss(y, pred)
 *     print('%d-th Loss : %.4e' % (i, loss))
 * print(pred)
 * ```
 *
 * @module
 */

import { mseLoss } from "@descent/losses";
import { SGD } from "@descent/optim";
import { floatTensor, type Tensor } from "@descent/tensor";
import { type Out, runCli } from "./_cli.ts";
import { sci } from "./_format.ts";
import {
  DIVERGENCE_FACTOR,
  explainStop,
  LOOP_FLAGS,
  type LoopOptions,
  type LoopResult,
  startPred,
  TARGET,
} from "./threshold_loop.ts";

const CLI = {
  name: "threshold_loop_sgd.ts",
  summary: [
    "The tutorial's loop with torch.optim.SGD: zeroGrad(), backward(), step() until the loss",
    "is below the threshold. Prints the same transcript as threshold_loop.ts.",
  ].join("\n"),
  flags: LOOP_FLAGS,
} as const;

/**
 * The tutorial's loop written with an optimizer, printing `%d-th Loss : %.4e` after each step.
 * PyTorch: the loop in the module doc.
 *
 * @param y The target.
 * @param pred The parameter (a leaf that requires grad); updated in place.
 * @param o Learning rate, threshold and step limit.
 * @param out Where the loss lines go.
 * @returns How it ended, with the loss history; `pred` is the same tensor that was passed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, tensor } from "@descent/tensor";
 * import { sgdLoop } from "./threshold_loop_sgd.ts";
 * const pred = tensor([[0.7]], { requiresGrad: true });
 * const r = sgdLoop(floatTensor([[0.5]]), pred, { lr: 0.25, threshold: 1e-3, maxIters: 10 }, () => {});
 * assert(r.status === "converged" && r.iterations === 3 && r.pred === pred);
 * ```
 */
export function sgdLoop(y: Tensor, pred: Tensor, o: LoopOptions, out: Out): LoopResult {
  const optimizer = new SGD([pred], { lr: o.lr });
  let loss = mseLoss(y, pred);
  // As in threshold_loop.ts: PyTorch compares a float32 loss with float32(threshold).
  const threshold = loss.dtype === "float32" ? Math.fround(o.threshold) : o.threshold;
  const losses = [loss.item()];
  let i = 0;
  while (!(losses[i] < threshold)) {
    if (!Number.isFinite(losses[i]) || losses[i] > DIVERGENCE_FACTOR * losses[0]) {
      return { status: "diverged", iterations: i, losses, pred };
    }
    if (i === o.maxIters) return { status: "stopped", iterations: i, losses, pred };
    i += 1;
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    loss = mseLoss(y, pred);
    losses.push(loss.item());
    out(`${i}-th Loss : ${sci(losses[i])}`);
  }
  return { status: "converged", iterations: i, losses, pred };
}

/**
 * Runs the example. PyTorch: the tutorial's loop with `torch.optim.SGD`.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the transcript goes.
 * @param err Where usage errors go.
 * @returns The exit code: 0 converged, 1 diverged or out of steps, 2 bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./threshold_loop_sgd.ts";
 * const lines: string[] = [];
 * assert(main(["--from-document"], (l) => lines.push(l)) === 0);
 * assert(lines[18] === "18-th Loss : 8.0108e-06");
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (f) => {
    const y = floatTensor(TARGET);
    const pred = startPred(y, f["from-document"], f.seed);
    out(String(pred));
    const o = { lr: f.lr, threshold: f.threshold, maxIters: f["max-iters"] };
    const r = sgdLoop(y, pred, o, out);
    if (r.status !== "converged") {
      out(explainStop(r, o, y.numel()));
      return 1;
    }
    out(String(pred));
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
