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
