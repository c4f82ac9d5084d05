/**
 * Order statistics: `median` (of all elements, or along a dim with its index) and `kthvalue`,
 * returning the index PyTorch returns among equal values.
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { notImplemented } from "../dtype.ts";
import { quickSelect, stableRank } from "../kernels/sort.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { eq } from "./compare.ts";
import { maskOf } from "./elementwise.ts";
import type { ValuesIndices } from "./reduce.ts";
import { eachLane, lanesOf, recordSelection, resized } from "./rows.ts";

/**
 * The lower median of all elements (the ⌊(n-1)/2⌋-th smallest); NaN if any element is NaN, or
 * if there are none. PyTorch: `torch.median(input)` → `MedianBackward0` (the gradient is shared
 * evenly by the elements equal to the median). Keeps `a`'s dtype (not bool).
 *
 * @param a The input.
 * @returns A 0-d tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, median } from "@descent/tensor";
 * assert.equal(String(median(floatTensor([[4, 1], [3, 2]]))), "tensor(2.)");
 * ```
 */
export function median(a: Tensor): Tensor {
  checkTensor(a, "median");
  if (a.dtype === "bool") throw notImplemented("median_cpu", a.dtype);
  const v = a._values();
  const n = v.length;
  if (n === 0 && a.dtype !== "float32" && a.dtype !== "float64") {
    throw new RangeError("median() operation does not have an identity for empty input tensor");
  }
  let m = NaN;
  if (n > 0 && v.every((x) => x === x)) {
    const key = v instanceof Float64Array ? v : new Float64Array(v);
    m = key[stableRank(key, n, (n - 1) >> 1, new Float64Array(n), new Float64Array(n))];
  }
  const result = new Tensor(store(Float64Array.of(m), a.dtype, "median"), [], a.dtype);
  if (tracks(a)) {
    const node = record("MedianBackward0", result, [a]);
    const sx = node.save(a);
    node.setBackward((g) => {
      // PyTorch's evenly_distribute_backward: the elements equal to the median (the NaNs for NaN)
      const x = sx.unpack();
      const hit = m === m ? eq(x, m) : maskOf(x, (t) => t !== t);
      return [hit.mul(g.div(hit.sum()))];
    });
  }
  return result;
}

/**
 * The lower median along `dim` and its index: the first NaN where a lane has one, else the
 * element of rank ⌊(n-1)/2⌋ with equal values ordered by index (PyTorch's `nth_element` with
 * that order). PyTorch: `torch.median(input, dim, keepdim=False)` → `MedianBackward1`.
 *
 * @param a The input (not bool).
 * @param dim The dim to reduce.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns `{ values, indices }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, medianDim } from "@descent/tensor";
 * const { values, indices } = medianDim(floatTensor([[1, 7, 3, 7], [2, 2, 9, 2]]), 1);
 * assert.equal(String(values), "tensor([3., 2.])");
 * assert.equal(String(indices), "tensor([2, 1])");
 * ```
 */
export function medianDim(a: Tensor, dim: number, keepdim = false): ValuesIndices {
  checkTensor(a, "median");
  const l = lanesOf(a, dim);
  if (l.n === 0) {
    throw new RangeError(`median(): Expected reduction dim ${l.dim} to have non-zero size.`);
  }
  if (a.dtype === "bool") throw notImplemented("median_out", a.dtype);
  const { v, outer, n, inner } = l;
  const values = new Float64Array(outer * inner);
  const indices = new Float64Array(outer * inner);
  eachLane(l, (o, i, key, _index, kb, ib) => {
    let at = key.findIndex((x) => x !== x);
    if (at < 0) at = stableRank(key, n, (n - 1) >> 1, kb, ib);
    values[o * inner + i] = v[(o * n + at) * inner + i];
    indices[o * inner + i] = at;
  });
  const shape = resized(a.shape, l.dim, keepdim ? 1 : null);
  const result = new Tensor(store(values, a.dtype, "median"), shape, a.dtype);
  if (tracks(a)) recordSelection(result, a, indices, l, 1, "MedianBackward1");
  return { values: result, indices: new Tensor(indices, shape, "int64") };
}

/**
 * The `k`-th smallest value along `dim` (NaN the largest) and its index, the one PyTorch's
 * quickselect returns among equal values. PyTorch: `torch.kthvalue(input, k, dim=-1,
 * keepdim=False)` → `KthvalueBackward0`.
 *
 * @param a The input (not bool).
 * @param k The rank, from 1.
 * @param dim The dim (default -1).
 * @param keepdim Keep the reduced dim with size 1.
 * @returns `{ values, indices }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, kthvalue } from "@descent/tensor";
 * const { values, indices } = kthvalue(floatTensor([[5, 1, 4], [2, 8, 3]]), 2);
 * assert.equal(String(values), "tensor([4., 3.])");
 * assert.equal(String(indices), "tensor([2, 2])");
 * ```
 */
export function kthvalue(a: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  checkTensor(a, "kthvalue");
  if (!Number.isInteger(k)) {
    throw new TypeError(
      `kthvalue(): argument 'k' (position 1) must be int, not ${
        typeof k === "number" ? "float" : typeof k
      }`,
    );
  }
  const l = lanesOf(a, dim);
  if (l.n === 0) {
    throw new RangeError(`kthvalue(): Expected reduction dim ${l.dim} to have non-zero size.`);
  }
  if (k < 1 || k > l.n) {
    throw new RangeError(`kthvalue(): selected number k out of range for dimension ${l.dim}`);
  }
  if (a.dtype === "bool") throw notImplemented("kthvalue_cpu", a.dtype);
  const { outer, n, inner } = l;
  const values = new Float64Array(outer * inner);
  const indices = new Float64Array(outer * inner);
  eachLane(l, (o, i, key, index) => {
    quickSelect(key, index, n, k - 1);
    values[o * inner + i] = key[k - 1];
    indices[o * inner + i] = index[k - 1];
  });
  const shape = resized(a.shape, l.dim, keepdim ? 1 : null);
  const result = new Tensor(store(values, a.dtype, "kthvalue"), shape, a.dtype);
  if (tracks(a)) recordSelection(result, a, indices, l, 1, "KthvalueBackward0");
  return { values: result, indices: new Tensor(indices, shape, "int64") };
}
