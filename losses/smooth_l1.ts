/**
 * Smooth L1 loss: `smoothL1Loss` (`SmoothL1LossBackward0`).
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { l1Loss } from "./l1.ts";
import { pointwiseLoss } from "./pointwise.ts";
import { checkReduction, type Reduction } from "./reduction.ts";
import { checkTensor } from "./util.ts";

/** Options of {@linkcode smoothL1Loss}. */
export interface SmoothL1LossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear (default 1, must be ≥ 0). */
  beta?: number;
}

/**
 * Smooth L1 loss of `d = input - target`: `0.5 d² / beta` where `|d| < beta`, else
 * `|d| - 0.5 beta`. PyTorch: `torch.nn.functional.smooth_l1_loss(input, target,
 * reduction='mean', beta=1.0)` → `SmoothL1LossBackward0`; with `beta = 0` it is `l1Loss`, as in
 * PyTorch 2.x.
 *
 * @param input The prediction.
 * @param target The target, same shape (or broadcastable, with PyTorch's warning).
 * @param options `reduction`, `beta`.
 * @returns The loss.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { smoothL1Loss } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 * const loss = smoothL1Loss(tensor([0.5, 3]), tensor([0, 0], { dtype: "float32" }), { reduction: "none" });
 * assert.equal(String(loss), "tensor([0.1250, 2.5000])");
 * ```
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  options: SmoothL1LossOptions = {},
): Tensor {
  checkTensor(input, "smooth_l1_loss", "input");
  checkTensor(target, "smooth_l1_loss", "target");
  const reduction = checkReduction(options.reduction);
  const beta = options.beta ?? 1;
  if (typeof beta !== "number") {
    throw new TypeError(`smooth_l1_loss(): beta must be a number, got ${typeof beta}`);
  }
  if (beta < 0) {
    throw new RangeError(`smooth_l1_loss does not support negative values for beta. (got ${beta})`);
  }
  if (beta === 0) return l1Loss(input, target, { reduction });
  const half = 0.5 * beta;
  return pointwiseLoss(input, target, reduction, {
    name: "SmoothL1LossBackward0",
    kernel: "smooth_l1_cpu",
    loss: (d) => {
      const z = Math.abs(d);
      return z < beta ? (0.5 * z * z) / beta : z - half;
    },
    // PyTorch's smooth_l1_backward: -1 for d <= -beta, 1 for d >= beta, else d / beta
    slope: (d) => (d <= -beta ? -1 : d >= beta ? 1 : d / beta),
    // the second derivative: PyTorch's smooth_l1_loss_double_backward, (|d| < beta) / beta
    a: (d) => (Math.abs(d) < beta ? 1 / beta : 0),
    b: (d) => (d <= -beta ? -1 : d >= beta ? 1 : 0),
  });
}
