/**
 * Huber loss: `huberLoss` (`HuberLossBackward0`).
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { pointwiseLoss } from "./pointwise.ts";
import { checkReduction, type Reduction } from "./reduction.ts";
import { checkTensor, checkWeight } from "./util.ts";
import { weightedLoss } from "./weighted.ts";

/** Options of {@linkcode huberLoss}. */
export interface HuberLossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear (default 1, must be > 0). */
  delta?: number;
  /**
   * Per-element weights, same shape as `input` (PyTorch 2.8+); the weighted mean is
   * `mean(weight * loss)`. A constant: it gets no gradient.
   */
  weight?: Tensor | null;
}

/**
 * Huber loss of `d = input - target`: `0.5 d²` where `|d| < delta`, else
 * `delta (|d| - 0.5 delta)`. PyTorch: `torch.nn.functional.huber_loss(input, target,
 * reduction='mean', delta=1.0, weight=None)` → `HuberLossBackward0`.
 *
 * @param input The prediction.
 * @param target The target, same shape (or broadcastable, with PyTorch's warning).
 * @param options `reduction`, `delta`, `weight`.
 * @returns The loss.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { huberLoss } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 * const loss = huberLoss(tensor([0.5, 3]), tensor([0, 0], { dtype: "float32" }), { reduction: "none", delta: 2 });
 * assert.equal(String(loss), "tensor([0.1250, 4.0000])");
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  checkTensor(input, "huber_loss", "input");
  checkTensor(target, "huber_loss", "target");
  const delta = options.delta ?? 1;
  const weight = checkWeight(options.weight, "huber_loss");
  if (weight !== null) {
    // PyTorch checks the weight's size in Python, then delta in the unweighted loss
    return weightedLoss(
      input,
      target,
      weight,
      options.reduction,
      "mean",
      (x, y) => huberLoss(x, y, { reduction: "none", delta }),
    );
  }
  if (typeof delta !== "number") {
    throw new TypeError(`huber_loss(): delta must be a number, got ${typeof delta}`);
  }
  if (!(delta > 0)) {
    throw new RangeError(
      `huber_loss does not support non-positive values for delta. (got ${delta})`,
    );
  }
  const reduction = checkReduction(options.reduction);
  const half = 0.5 * delta;
  return pointwiseLoss(input, target, reduction, {
    name: "HuberLossBackward0",
    kernel: "huber_cpu",
    loss: (d) => {
      const z = Math.abs(d);
      return z < delta ? 0.5 * z * z : delta * (z - half);
    },
    // PyTorch's huber_backward: -delta for d <= -delta, delta for d >= delta, else d
    slope: (d) => (d <= -delta ? -delta : d >= delta ? delta : d),
    // the second derivative: PyTorch's huber_loss_double_backward, |d| < delta
    a: (d) => (Math.abs(d) < delta ? 1 : 0),
    inputDType: true,
    b: (d) => (d <= -delta ? -delta : d >= delta ? delta : 0),
  });
}
