/**
 * The layouts the reductions, scans and sorts read their input in, and the recorded map of the
 * ops that select values (`sort`, `topk`, `kthvalue`, `median` along a dim, `cummax`): their
 * gradient goes back to the positions they selected.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { normalizeDim, type Shape, shapeNumel } from "../shape.ts";
import type { Storage } from "../kernels/elementwise.ts";
import { type LinearMap, recordLinear } from "./linear_map.ts";

/**
 * `t`'s values in row-major order as doubles: the storage itself for dense float64 and int64,
 * else one converted copy (the typed-array constructor, far faster than `Float64Array.from`).
 */
function doubles(t: Tensor): Float64Array {
  const v = t._values();
  return v instanceof Float64Array ? v : new Float64Array(v);
}

/** A tensor's values as `rows` consecutive runs of `len` exact doubles. */
export interface Rows {
  /** The values, row-major with the reduced dims last. */
  v: Float64Array;
  /** Number of rows: one per element of the result. */
  rows: number;
  /** Row length: the number of elements reduced into one. */
  len: number;
}

/**
 * `a`'s values with the dims flagged in `mask` moved last (in order), as rows: what a reduction
 * over those dims reads.
 *
 * @param a The input.
 * @param mask Per dim: whether it is reduced.
 * @returns The rows.
 */
export function rowsOf(a: Tensor, mask: readonly boolean[]): Rows {
  const dims = [...a.shape.keys()];
  const kept = dims.filter((d) => !mask[d]);
  const reduced = dims.filter((d) => mask[d]);
  const order = kept.concat(reduced);
  const moved = order.every((d, i) => d === i) ? a : a.detach().permute(order);
  return {
    v: doubles(moved),
    rows: shapeNumel(kept.map((d) => a.shape[d])),
    len: shapeNumel(reduced.map((d) => a.shape[d])),
  };
}

/** A tensor's values around one dim: `outer` blocks of `n` lanes' elements `inner` apart. */
export interface Lanes {
  /** The values, row-major. */
  v: Float64Array;
  /** The dim, normalised (0 for a 0-d tensor, which is one lane of one element). */
  dim: number;
  /** Product of the sizes before the dim. */
  outer: number;
  /** The dim's size. */
  n: number;
  /** Product of the sizes after it: the stride between a lane's elements. */
  inner: number;
}

/**
 * `a`'s values as lanes along `dim`: lane `(o, i)`'s element `j` is `v[(o·n + j)·inner + i]`.
 *
 * @param a The input.
 * @param dim The dim (negative counts from the end).
 * @returns The lanes.
 */
export function lanesOf(a: Tensor, dim: number): Lanes {
  const d = normalizeDim(dim, a.ndim);
  const n = a.ndim === 0 ? 1 : a.shape[d];
  return {
    v: doubles(a),
    dim: d,
    outer: shapeNumel(a.shape.slice(0, d)),
    n,
    inner: shapeNumel(a.shape.slice(d + 1)),
  };
}

/** What {@linkcode eachLane} gives for one lane. */
export type LaneVisit = (
  o: number,
  i: number,
  key: Float64Array,
  index: Float64Array,
  keyBuffer: Float64Array,
  indexBuffer: Float64Array,
) => void;

/**
 * Calls `visit` for every lane `(o, i)` of `l`, its values copied into `key` and the positions
 * 0…n-1 into `index` (which the visit may permute), with two scratch arrays of the lane's length:
 * what a sort or a selection along the dim works on.
 *
 * @param l The lanes.
 * @param visit Called once per lane, in row-major order of the other dims.
 */
export function eachLane(l: Lanes, visit: LaneVisit): void {
  const { v, outer, n, inner } = l;
  const key = new Float64Array(n);
  const index = new Float64Array(n);
  const keyBuffer = new Float64Array(n);
  const indexBuffer = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let j = 0, p = o * n * inner + i; j < n; j++, p += inner) {
        key[j] = v[p];
        index[j] = j;
      }
      visit(o, i, key, index, keyBuffer, indexBuffer);
    }
  }
}

/**
 * `shape` with dim `d` of size `k`, or removed when `k` is `null` (a reduction without keepdim;
 * a 0-d tensor stays 0-d).
 *
 * @param shape The input's shape.
 * @param d The dim.
 * @param k Its new size, or `null` to remove it.
 * @returns The new shape.
 */
export function resized(shape: Shape, d: number, k: number | null): number[] {
  if (shape.length === 0) return [];
  const out = shape.slice();
  if (k === null) out.splice(d, 1);
  else out[d] = k;
  return out;
}

/**
 * Records `values`, the elements of `x` at `index` along one dim (lane layout: `k` positions per
 * lane), as a node named `name` whose backward adds the gradient back at those positions (and
 * whose double backward selects again). PyTorch: `value_selecting_reduction_backward` (a scatter
 * into zeros) or `cummaxmin_backward` (a scatter-add).
 *
 * @param values The selected values (already computed).
 * @param x The input they were selected from.
 * @param index The positions along the dim, one per element of `values`.
 * @param l The input's lane layout.
 * @param k Positions per lane.
 * @param name The node name (`"SortBackward0"` …).
 * @returns `values`.
 */
export function recordSelection(
  values: Tensor,
  x: Tensor,
  index: Float64Array,
  l: Lanes,
  k: number,
  name: string,
): Tensor {
  const { outer, n, inner } = l;
  const map: LinearMap = {
    name,
    adjointName: name === "CummaxBackward0" || name === "CumminBackward0"
      ? "ScatterAddBackward0"
      : "ScatterBackward0",
    inShape: x.shape,
    outShape: values.shape,
    apply(src: Storage, dst: Storage): void {
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < k; j++) {
          const q = (o * k + j) * inner;
          for (let i = 0; i < inner; i++) dst[q + i] = src[(o * n + index[q + i]) * inner + i];
        }
      }
    },
    adjoint(src: Storage, dst: Storage): void {
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < k; j++) {
          const q = (o * k + j) * inner;
          for (let i = 0; i < inner; i++) dst[(o * n + index[q + i]) * inner + i] += src[q + i];
        }
      }
    },
  };
  return recordLinear(values, x, map);
}

/**
 * `t`, a reduction's result (or its gradient), with the reduced dims back as size 1: PyTorch's
 * `restore_reduced_dims` (a no-op with `keepdim`).
 *
 * @param t The reduced tensor.
 * @param shape The input's shape.
 * @param mask Per dim of the input: whether it was reduced.
 * @param keepdim Whether the reduction kept them.
 * @returns `t`, reshaped.
 */
export function restoreDims(
  t: Tensor,
  shape: Shape,
  mask: readonly boolean[],
  keepdim: boolean,
): Tensor {
  if (keepdim || shape.length === 0) return t;
  return t.reshape(shape.map((s, d) => (mask[d] ? 1 : s)));
}
