/**
 * Products that multiply every element of one tensor by every element of another: `outer` and
 * `kron`, written as PyTorch writes them (a broadcasting `mul` between reshaped operands), so
 * their derivatives are `mul`'s.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { checkTensor } from "./record.ts";
import { unsafeView } from "./view.ts";

/**
 * The outer product of two vectors: `out[i][j] = a[i] * b[j]`. PyTorch: `torch.outer(input,
 * vec2)` (`input.reshape(-1, 1) * vec2`) → `MulBackward0`.
 *
 * @param a A 1-D tensor.
 * @param b A 1-D tensor.
 * @returns The `a.size × b.size` matrix.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outer, tensor } from "@descent/tensor";
 * assert.deepEqual(outer(tensor([1, 2]), tensor([3, 4, 5])).toList(), [[3, 4, 5], [6, 8, 10]]);
 * ```
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, "outer");
  checkTensor(b, "outer");
  for (const [t, arg] of [[a, "self"], [b, "vec2"]] as const) {
    if (t.ndim !== 1) {
      throw new RangeError(`outer: Expected 1-D argument ${arg}, but got ${t.ndim}-D`);
    }
  }
  return a.reshape(a.shape[0], 1).mul(b);
}

/**
 * The Kronecker product: every element of `a` times the whole of `b`, as blocks (operands of
 * different ranks get leading dims of size 1). PyTorch: `torch.kron(input, other)` →
 * `UnsafeViewBackward0`.
 *
 * @param a The outer operand.
 * @param b The inner operand.
 * @returns A tensor of `max(a.ndim, b.ndim)` dims, each the product of the operands' sizes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eye, kron, tensor } from "@descent/tensor";
 * assert.deepEqual(kron(eye(2), tensor([[1, 2]])).toList(), [[1, 2, 0, 0], [0, 0, 1, 2]]);
 * ```
 */
export function kron(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, "kron");
  checkTensor(b, "kron");
  // PyTorch's KronImpl: a viewed as [a0, 1, a1, 1, …], b as [1, b0, 1, b1, …], multiplied
  const n = Math.max(a.ndim, b.ndim);
  const sizeOf = (t: Tensor, i: number) => (i >= n - t.ndim ? t.shape[i - (n - t.ndim)] : 1);
  const aShape: number[] = [];
  const bShape: number[] = [];
  const shape: number[] = [];
  for (let i = 0; i < n; i++) {
    aShape.push(sizeOf(a, i), 1);
    bShape.push(1, sizeOf(b, i));
    shape.push(sizeOf(a, i) * sizeOf(b, i));
  }
  return unsafeView(unsafeView(a, aShape).mul(unsafeView(b, bShape)), shape);
}
