/**
 * Memory soak: runs the tutorial's gradient-descent loop many times and reports
 * `Deno.memoryUsage().heapUsed` before and after. A flat heap (within 5%) means each
 * iteration's graph is freed. Not a timed test; run it by hand:
 *
 * ```sh
 * deno run --v8-flags=--expose-gc conformance/memory_soak.ts                # 1,000,000 steps
 * deno run --v8-flags=--expose-gc conformance/memory_soak.ts --iterations 100000 --loss manual
 * ```
 *
 * The loop (PyTorch: `loss = F.mse_loss(pred, y); loss.backward(); pred = pred - lr *
 * pred.grad; pred.detach_(); pred.requires_grad_()`):
 *
 * @module
 */

import { parseArgs } from "node:util";
import { mseLoss } from "@descent/losses";
import { manualSeed, rand, type Tensor, tensor } from "@descent/tensor";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    iterations: { type: "string", default: "1000000" },
    lr: { type: "string", default: "0.1" },
    loss: { type: "string", default: "mse" }, // "mse" (mseLoss) or "manual" (sub/square/mean)
    "report-every": { type: "string", default: "0" },
  },
});

const iterations = Number(values.iterations);
const lr = Number(values.lr);
const reportEvery = Number(values["report-every"]);
if (!Number.isInteger(iterations) || iterations < 1) {
  throw new TypeError(`--iterations must be a positive integer, got ${values.iterations}`);
}
if (values.loss !== "mse" && values.loss !== "manual") {
  throw new TypeError(`--loss must be "mse" or "manual", got ${values.loss}`);
}
const lossOf = values.loss === "mse"
  ? (pred: Tensor, y: Tensor): Tensor => mseLoss(pred, y)
  : (pred: Tensor, y: Tensor): Tensor => pred.sub(y).square().mean();

const gc = (globalThis as { gc?: () => void }).gc;
function heapUsed(): number {
  if (gc !== undefined) {
    gc();
    gc();
  }
  return Deno.memoryUsage().heapUsed;
}

manualSeed(0);
const y = tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]);
let pred = rand([3, 3], { requiresGrad: true });

function step(): number {
  const loss = lossOf(pred, y);
  loss.backward();
  pred = pred.sub(pred.grad!.mul(lr));
  pred.detach_();
  pred.requiresGrad_();
  return loss.item();
}

// Warm up (JIT, allocation pools) before the first measurement.
const warmup = Math.min(10_000, iterations);
for (let i = 0; i < warmup; i++) step();
const before = heapUsed();
const t0 = performance.now();
let last = NaN;
for (let i = 0; i < iterations; i++) {
  last = step();
  if (reportEvery > 0 && (i + 1) % reportEvery === 0) {
    console.log(`${i + 1}: heapUsed ${Deno.memoryUsage().heapUsed} bytes, loss ${last}`);
  }
}
const seconds = (performance.now() - t0) / 1000;
const after = heapUsed();
const change = (after - before) / before;

console.log(`loss: ${values.loss === "mse" ? "mseLoss" : "pred.sub(y).square().mean()"}`);
console.log(`iterations: ${iterations} (after ${warmup} warm-up), ${seconds.toFixed(1)} s`);
console.log(
  `gc between measurements: ${gc !== undefined ? "yes" : "no (run with --v8-flags=--expose-gc)"}`,
);
console.log(`heapUsed before: ${before} bytes`);
console.log(`heapUsed after:  ${after} bytes`);
const verdict = Math.abs(change) <= 0.05 ? "flat" : change > 0 ? "GREW" : "shrank";
console.log(`change: ${(100 * change).toFixed(2)}% (${verdict})`);
console.log(`final loss: ${last}, pred: ${String(pred)}`);
