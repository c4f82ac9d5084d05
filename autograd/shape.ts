/**
 * Shapes in messages and comparisons: the one place every descent package formats a shape the way
 * PyTorch prints it (`[2, 3]`, `torch.Size([2, 3])`) and compares two shapes.
 *
 * @module
 */

/**
 * Whether two shapes are equal.
 *
 * @param a A shape.
 * @param b Another shape.
 * @returns `true` when they have the same sizes in the same order.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameShape } from "@descent/autograd";
 * assert.ok(sameShape([2, 3], [2, 3]) && !sameShape([2, 3], [3, 2]));
 * ```
 */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A shape as PyTorch writes sizes in its messages: `[2, 3]`.
 *
 * @param shape The shape.
 * @returns E.g. `"[2, 3]"`, `"[]"` for a 0-d tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatShape } from "@descent/autograd";
 * assert.equal(formatShape([2, -3]), "[2, -3]");
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * A shape as Python prints a `torch.Size`: `torch.Size([2, 3])`.
 *
 * @param shape The shape.
 * @returns E.g. `"torch.Size([2, 3])"`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSize } from "@descent/autograd";
 * assert.equal(formatSize([3]), "torch.Size([3])");
 * ```
 */
export function formatSize(shape: readonly number[]): string {
  return `torch.Size(${formatShape(shape)})`;
}
