/**
 * The `reduction` option shared by every loss, and its validation.
 *
 * @module
 */

import type { DType, Shape, Tensor } from "@descent/tensor";
import { allocate, fromValues } from "@descent/tensor/extend";

/**
 * How a loss reduces its elementwise values: `"mean"` (the default), `"sum"`, or `"none"`
 * (no reduction, one loss per element). PyTorch: the `reduction` argument of `torch.nn.functional`
 * losses.
 */
export type Reduction = "mean" | "sum" | "none";

/**
 * Checks a `reduction` option, throwing PyTorch's error for anything else.
 * PyTorch: `torch.nn._reduction.get_enum`.
 *
 * @param reduction The value to check (`undefined` means `"mean"`).
 * @returns The reduction.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkReduction } from "@descent/losses";
 * assert.equal(checkReduction(undefined), "mean");
 * assert.throws(() => checkReduction("avg"), /avg is not a valid value for reduction/);
 * ```
 */
export function checkReduction(reduction: unknown): Reduction {
  if (reduction === undefined) return "mean";
  if (reduction === "mean" || reduction === "sum" || reduction === "none") return reduction;
  throw new TypeError(`${String(reduction)} is not a valid value for reduction`);
}

/**
 * @ignore The reduced value of an elementwise loss from its float64-accumulated sum `s` over
 * `n` elements, rounded as PyTorch computes it: the sum is a tensor of the loss's dtype, and the
 * mean divides that (rounded) sum by `n`.
 */
export function reduceSum(s: number, n: number, reduction: Reduction, f32: boolean): number {
  const total = f32 ? Math.fround(s) : s;
  return reduction === "mean" ? total / n : total;
}

/**
 * @ignore An elementwise loss `el(i)` over `n` elements of `shape`, reduced: kept as a tensor
 * (`"none"`), or summed (each element rounded to the dtype first, as PyTorch's elementwise loss
 * tensor is) and optionally averaged.
 */
export function reduceLoss(
  n: number,
  shape: Shape,
  dtype: DType,
  reduction: Reduction,
  el: (i: number) => number,
): Tensor {
  if (reduction === "none") {
    const o = allocate(dtype, n);
    for (let i = 0; i < n; i++) o[i] = el(i);
    return fromValues(o, shape, dtype);
  }
  const f32 = dtype === "float32";
  let s = 0;
  for (let i = 0; i < n; i++) s += f32 ? Math.fround(el(i)) : el(i);
  return fromValues(allocate(dtype, 1).fill(reduceSum(s, n, reduction, f32)), [], dtype);
}
