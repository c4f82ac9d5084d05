/**
 * `all` and `any`: whether every or some element is nonzero, over all elements or dims. Never
 * differentiable; bool results (uint8 for a uint8 input, as PyTorch).
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { rowTruth } from "../kernels/rows.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor } from "./record.ts";
import { reducedShape, reductionDims } from "./reduce.ts";
import { rowsOf } from "./rows.ts";

function truth(
  a: Tensor,
  dim: number | readonly number[] | null,
  keepdim: boolean,
  every: boolean,
): Tensor {
  checkTensor(a, every ? "all" : "any");
  // PyTorch 2.x: an empty list of dims reduces nothing (each element on its own)
  const mask = Array.isArray(dim) && dim.length === 0
    ? new Array<boolean>(a.ndim).fill(false)
    : reductionDims(dim, a.ndim);
  const { v, rows, len } = rowsOf(a, mask);
  const out = new Float64Array(rows);
  rowTruth(v, rows, len, every, out);
  const dtype = a.dtype === "uint8" ? "uint8" : "bool";
  return new Tensor(store(out, dtype, "all"), reducedShape(a.shape, mask, keepdim), dtype);
}

/**
 * Whether every element is nonzero (NaN counts as nonzero; true for no elements), over all
 * elements or over `dim`. PyTorch: `torch.all(input, dim=None, keepdim=False)`; a list of dims
 * as PyTorch 2.2+ takes it (`[]` reduces nothing).
 *
 * @param a The input, of any dtype.
 * @param dim A dim or list of dims, or `null` for all.
 * @param keepdim Keep the reduced dims with size 1.
 * @returns A bool tensor (uint8 for a uint8 input).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { all, tensor } from "@descent/tensor";
 * assert.equal(String(all(tensor([[1, 0], [2, 3]]))), "tensor(False)");
 * assert.equal(String(all(tensor([[1, 0], [2, 3]]), 1)), "tensor([False,  True])");
 * ```
 */
export function all(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  keepdim = false,
): Tensor {
  return truth(a, dim, keepdim, true);
}

/**
 * Whether some element is nonzero (NaN counts as nonzero; false for no elements), over all
 * elements or over `dim`. PyTorch: `torch.any(input, dim=None, keepdim=False)`.
 *
 * @param a The input, of any dtype.
 * @param dim A dim or list of dims, or `null` for all.
 * @param keepdim Keep the reduced dims with size 1.
 * @returns A bool tensor (uint8 for a uint8 input).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { any, floatTensor } from "@descent/tensor";
 * assert.equal(String(any(floatTensor([[0, 0], [0, -1]]), 0)), "tensor([False,  True])");
 * ```
 */
export function any(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  keepdim = false,
): Tensor {
  return truth(a, dim, keepdim, false);
}
