/**
 * Mean absolute error: `l1Loss`.
 *
 * @module
 */

import { isFloatingDType, resultType, type Tensor } from "@descent/tensor";
import { pointwiseLoss } from "./pointwise.ts";
import { checkReduction, type Reduction } from "./reduction.ts";
import { checkTensor, checkWeight } from "./util.ts";
import { weightedLoss } from "./weighted.ts";

/** Options of {@linkcode l1Loss}. */
export interface L1LossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /**
   * Per-element weights, same shape as `input` (PyTorch 2.8+); the weighted mean divides by
   * the sum of the weights. A constant: it gets no gradient.
   */
  weight?: Tensor | null;
}

/** The slope of |d|: PyTorch's `sgn`, 0 at ±0 and at NaN (`abs`'s backward is `g · sgn(d)`). */
const sign = (d: number): number => (d > 0 ? 1 : d < 0 ? -1 : 0);

/**
 * Mean absolute error `|input - target|`, averaged, summed or elementwise. PyTorch:
 * `torch.nn.functional.l1_loss(input, target, reduction='mean', weight=None)`. PyTorch builds it
 * from `abs` and a reduction, so its node is named after the reduction: `MeanBackward0`,
 * `SumBackward0` or `AbsBackward0`; here it is one fused node with that name. The gradient at
 * `input == target` is 0, as PyTorch's `sgn`.
 *
 * @param input The prediction.
 * @param target The target, same shape (or broadcastable, with PyTorch's warning).
 * @param options `reduction`, `weight`.
 * @returns The loss.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { l1Loss } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
 * const loss = l1Loss(x, tensor([0, 2, 5], { dtype: "float32" }));
 * assert.equal(String(loss), "tensor(1., grad_fn=<MeanBackward0>)");
 * loss.backward();
 * assert.equal(String(x.grad), "tensor([ 0.3333,  0.0000, -0.3333])");
 * ```
 */
export function l1Loss(input: Tensor, target: Tensor, options: L1LossOptions = {}): Tensor {
  checkTensor(input, "l1_loss", "input");
  checkTensor(target, "l1_loss", "target");
  const weight = checkWeight(options.weight, "l1_loss");
  if (weight !== null) {
    return weightedLoss(
      input,
      target,
      weight,
      options.reduction,
      "sumOverWeights",
      (x, y) => l1Loss(x, y, { reduction: "none" }),
    );
  }
  const reduction = checkReduction(options.reduction);
  const name = reduction === "mean"
    ? "MeanBackward0"
    : reduction === "sum"
    ? "SumBackward0"
    : "AbsBackward0";
  if (!isFloatingDType(resultType(input, target))) {
    // PyTorch builds l1_loss from `abs` and a reduction, which integers take except the mean
    const d = input.sub(target).abs();
    return reduction === "none" ? d : reduction === "sum" ? d.sum() : d.mean();
  }
  return pointwiseLoss(input, target, reduction, {
    name,
    kernel: "l1_loss",
    loss: Math.abs,
    slope: sign,
    b: sign,
  });
}
