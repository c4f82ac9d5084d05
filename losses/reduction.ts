/**
 * The `reduction` option shared by every loss, and its validation.
 *
 * @module
 */

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
 * @internal The reduced value of an elementwise loss from its float64-accumulated sum `s` over
 * `n` elements, rounded as PyTorch computes it: the sum is a tensor of the loss's dtype, and the
 * mean divides that (rounded) sum by `n`.
 */
export function reduceSum(s: number, n: number, reduction: Reduction, f32: boolean): number {
  const total = f32 ? Math.fround(s) : s;
  return reduction === "mean" ? total / n : total;
}
