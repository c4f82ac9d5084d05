/**
 * Ordering along a dim: `sort`, `argsort` and `topk` (stable: equal values keep their order;
 * NaN is the largest value), with the gradient of the values going back to where they came
 * from (`SortBackward0`, `TopkBackward0`).
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { firstPairs } from "../kernels/sort.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, tracks } from "./record.ts";
import type { ValuesIndices } from "./reduce.ts";
import { eachLane, type Lanes, lanesOf, recordSelection, resized } from "./rows.ts";

/** Options of {@linkcode sort} and {@linkcode argsort}. */
export interface SortOptions {
  /**
   * Keep equal values in their order (PyTorch's `stable=True`). descent's sort is always
   * stable; PyTorch's default sort may order equal values otherwise (beyond 16 elements).
   */
  stable?: boolean;
}

/**
 * The first `k` pairs of every lane of `l` in the stable order (NaN the largest), in
 * the same lane layout with `k` positions per lane.
 */
function sortLanes(
  l: Lanes,
  k: number,
  descending: boolean,
): { values: Float64Array; indices: Float64Array } {
  const { outer, n, inner } = l;
  const values = new Float64Array(outer * k * inner);
  const indices = new Float64Array(outer * k * inner);
  eachLane(l, (o, i, key, index, kb, ib) => {
    firstPairs(key, index, n, k, descending, kb, ib);
    for (let j = 0; j < k; j++) {
      values[(o * k + j) * inner + i] = key[j];
      indices[(o * k + j) * inner + i] = index[j];
    }
  });
  return { values, indices };
}

/** Checks a boolean argument as PyTorch's parser does. */
function checkBool(x: unknown, fn: string, arg: string, position: number): void {
  if (typeof x !== "boolean") {
    throw new TypeError(
      `${fn}(): argument '${arg}' (position ${position}) must be bool, not ${typeof x}`,
    );
  }
}

/**
 * Sorts along `dim`, ascending (NaN last) or descending (NaN first), stably: equal values keep
 * their order. PyTorch: `torch.sort(input, dim=-1, descending=False, stable=False)` →
 * `SortBackward0`, or `SortBackward1` when `stable` is given (PyTorch's `sort.stable`
 * overload); the gradient of each value goes back to its position. Values keep `a`'s dtype;
 * indices are int64.
 *
 * @param a The input.
 * @param dim The dim to sort along (default -1).
 * @param descending Largest first.
 * @param options `stable` (descent always sorts stably).
 * @returns `{ values, indices }`, both of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, sort } from "@descent/tensor";
 * const { values, indices } = sort(floatTensor([3, NaN, 1, 3]));
 * assert.equal(String(values), "tensor([1., 3., 3., nan])");
 * assert.equal(String(indices), "tensor([2, 0, 3, 1])");
 * assert.equal(String(sort(floatTensor([3, NaN, 1, 3]), 0, true).indices), "tensor([1, 0, 3, 2])");
 * ```
 */
export function sort(
  a: Tensor,
  dim = -1,
  descending = false,
  options?: SortOptions,
): ValuesIndices {
  checkTensor(a, "sort");
  checkBool(descending, "sort", "descending", 2);
  if (options?.stable !== undefined) checkBool(options.stable, "sort", "stable", 3);
  const l = lanesOf(a, dim);
  const { values, indices } = sortLanes(l, l.n, descending);
  const result = new Tensor(store(values, a.dtype, "sort"), a.shape, a.dtype);
  if (tracks(a)) {
    // PyTorch: `stable=` selects the `sort.stable` overload, whose node is SortBackward1
    const name = options?.stable === undefined ? "SortBackward0" : "SortBackward1";
    recordSelection(result, a, indices, l, l.n, name);
  }
  return { values: result, indices: new Tensor(indices, a.shape, "int64") };
}

/**
 * The indices that sort `a` along `dim` (stably). PyTorch: `torch.argsort(input, dim=-1,
 * descending=False, stable=False)`.
 *
 * @param a The input.
 * @param dim The dim to sort along (default -1).
 * @param descending Largest first.
 * @param options `stable` (descent always sorts stably).
 * @returns int64 indices of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { argsort, tensor } from "@descent/tensor";
 * assert.equal(String(argsort(tensor([[3, 1, 2], [0, 5, 5]]), 1, true)), "tensor([[0, 2, 1],\n        [1, 2, 0]])");
 * ```
 */
export function argsort(a: Tensor, dim = -1, descending = false, options?: SortOptions): Tensor {
  checkTensor(a, "argsort");
  return sort(a.detach(), dim, descending, options).indices;
}

/**
 * The `k` largest (or smallest) values along `dim`, in order, and their indices (stably: of
 * equal values the earlier first; NaN counts as the largest). PyTorch: `torch.topk(input, k,
 * dim=-1, largest=True, sorted=True)` → `TopkBackward0`. descent always returns them sorted.
 *
 * @param a The input (not bool).
 * @param k How many, from 0 to the size of `dim`.
 * @param dim The dim (default -1).
 * @param largest The largest (default) or the smallest.
 * @param sorted Accepted for PyTorch's signature: the result is always sorted.
 * @returns `{ values, indices }`, with `dim` of size `k`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, topk } from "@descent/tensor";
 * const { values, indices } = topk(floatTensor([[1, 5, 3], [4, 2, 6]]), 2);
 * assert.equal(String(values), "tensor([[5., 3.],\n        [6., 4.]])");
 * assert.equal(String(indices), "tensor([[1, 2],\n        [2, 0]])");
 * ```
 */
export function topk(
  a: Tensor,
  k: number,
  dim = -1,
  largest = true,
  sorted = true,
): ValuesIndices {
  checkTensor(a, "topk");
  if (!Number.isInteger(k)) {
    throw new TypeError(
      `topk(): argument 'k' (position 1) must be int, not ${
        typeof k === "number" ? "float" : typeof k
      }`,
    );
  }
  checkBool(largest, "topk", "largest", 3);
  checkBool(sorted, "topk", "sorted", 4);
  const l = lanesOf(a, dim);
  if (k < 0 || k > l.n) throw new RangeError("selected index k out of range");
  if (a.dtype === "bool") throw new TypeError("topk does not support bool dtypes on CPU");
  // a 0-d input gives its element whatever k (0 or 1), as PyTorch
  const kk = a.ndim === 0 ? 1 : k;
  const { values, indices } = sortLanes(l, kk, largest);
  const shape = resized(a.shape, l.dim, kk);
  const result = new Tensor(store(values, a.dtype, "topk"), shape, a.dtype);
  if (tracks(a)) recordSelection(result, a, indices, l, kk, "TopkBackward0");
  return { values: result, indices: new Tensor(indices, shape, "int64") };
}
