/**
 * The loops of the indexing ops that are not separable index maps (those are in remap.ts):
 * `nonzero`'s coordinates, and `gather`/`scatter`/`scatter_reduce` along one dim, which read or
 * write through an index tensor of the same rank. No Tensor objects in here, and no allocation per
 * element. Index values arrive checked and made non-negative.
 *
 * @module
 */

import type { Storage } from "./elementwise.ts";

/**
 * The coordinates of the non-zero elements of a row-major tensor, one array per dim (NaN counts
 * as non-zero). PyTorch: `nonzero`'s kernel.
 *
 * @param values The elements, row-major.
 * @param shape The shape.
 * @returns For each dim, the coordinate of each non-zero element along it, in row-major order.
 */
export function nonzeroCoords(values: Storage, shape: readonly number[]): Int32Array[] {
  const count = countNonzero(values);
  const nd = shape.length;
  // one spare slot: every element's coordinates are written, and the count moves on only for a
  // non-zero one (no branch to mispredict on a random mask: 7× faster on half-true 1e6)
  const coords = Array.from({ length: nd }, () => new Int32Array(count + 1));
  if (nd > 0 && count > 0) {
    // row by row along the last dim: the leading coordinates change once per row
    const last = shape[nd - 1];
    const inner = coords[nd - 1];
    const at = new Int32Array(nd);
    for (let base = 0, k = 0; base < values.length; base += last) {
      const first = k;
      for (let j = 0; j < last; j++) {
        inner[k] = j;
        k += values[base + j] !== 0 ? 1 : 0;
      }
      for (let d = 0; d < nd - 1; d++) coords[d].fill(at[d], first, k);
      for (let d = nd - 2; d >= 0; d--) {
        if (++at[d] < shape[d]) break;
        at[d] = 0;
      }
    }
  }
  return coords.map((c) => c.subarray(0, count));
}

/**
 * How many elements are non-zero (NaN counts).
 *
 * @param values The elements.
 * @returns The count.
 */
export function countNonzero(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) count += values[i] !== 0 ? 1 : 0;
  return count;
}

/**
 * `out[k++] = src[i]` for every `i` where `mask[i]` is non-zero (`out` has room for one more than
 * the count): `masked_select`'s loop, without a branch per element.
 *
 * @param src The elements, row-major.
 * @param mask The mask, of `src`'s length.
 * @param out The selected elements.
 */
export function selectMasked(src: ArrayLike<number>, mask: ArrayLike<number>, out: Storage): void {
  for (let i = 0, k = 0; i < mask.length; i++) {
    out[k] = src[i];
    k += mask[i] !== 0 ? 1 : 0;
  }
}

/**
 * Walks the elements of an index tensor of shape `shape` in row-major order and keeps, for each,
 * the offset of the element with the same coordinates in two strided tensors — `a` with the
 * coordinate along `dim` left out (it comes from the index), `b` with all of them.
 */
class Walk {
  readonly #shape: readonly number[];
  readonly #sa: readonly number[];
  readonly #sb: readonly number[];
  readonly #at: Int32Array;
  /** The offset in `a` without the `dim` coordinate. */
  a: number;
  /** The offset in `b`. */
  b: number;

  constructor(
    shape: readonly number[],
    dim: number,
    aOffset: number,
    aStrides: readonly number[],
    bOffset: number,
    bStrides: readonly number[],
  ) {
    this.#shape = shape;
    const sa = aStrides.slice();
    if (shape.length > 0) sa[dim] = 0;
    this.#sa = sa;
    this.#sb = bStrides;
    this.#at = new Int32Array(shape.length);
    this.a = aOffset;
    this.b = bOffset;
  }

  /** Moves to the next element. */
  next(): void {
    const shape = this.#shape;
    const at = this.#at;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++at[d] < shape[d]) {
        this.a += this.#sa[d];
        this.b += this.#sb[d];
        return;
      }
      at[d] = 0;
      this.a -= this.#sa[d] * (shape[d] - 1);
      this.b -= this.#sb[d] * (shape[d] - 1);
    }
  }
}

/** A strided operand of the loops: storage, offset of element (0, …), strides. */
export interface Strided {
  readonly data: Storage;
  readonly offset: number;
  readonly strides: readonly number[];
}

/**
 * `out[i] = src[…, index[i], …]` along `dim`, for every element `i` of the index (row-major):
 * PyTorch's `gather`.
 *
 * @param src The tensor read.
 * @param index The positions along `dim` (checked, non-negative), row-major, of shape `shape`.
 * @param shape The index's shape (the output's).
 * @param dim The dim.
 * @param out The output, contiguous.
 */
export function gatherDim(
  src: Strided,
  index: Float64Array,
  shape: readonly number[],
  dim: number,
  out: Storage,
): void {
  if (index.length === 0) return;
  const w = new Walk(shape, dim, src.offset, src.strides, 0, []);
  const s = src.strides.length === 0 ? 0 : src.strides[dim];
  const data = src.data;
  for (let k = 0; k < index.length; k++, w.next()) out[k] = data[w.a + index[k] * s];
}

/** How {@linkcode scatterDim} combines a source element with the element it lands on. */
export type ScatterMode = "assign" | "sum" | "prod" | "mean" | "amax" | "amin";

/**
 * Writes `src[i]` into `dst[…, index[i], …]` along `dim` for every element `i` of the index, in
 * row-major order: assigning (the last write wins), or reducing. For `scatter_reduce` with
 * `includeSelf: false`, every element something lands on starts from the first value landing
 * there (as from the reduction's identity); `mean` divides by the count of values that landed
 * (plus one with the element itself), rounding down for integers. `amax`/`amin` propagate NaN.
 * In a bool tensor, sums are `or` and products `and`. PyTorch: `scatter`, `scatter_add` and
 * `scatter_reduce`'s CPU loops.
 *
 * @param dst The tensor written, contiguous (values of `self` already in it).
 * @param dstStrides Its strides.
 * @param src The values (a strided tensor at least as large as the index), or a number.
 * @param index The positions along `dim` (checked, non-negative), row-major, of shape `shape`.
 * @param shape The index's shape.
 * @param dim The dim.
 * @param mode How to combine.
 * @param includeSelf Whether the element written to takes part in a reduction.
 * @param integer Whether the dtype is an integer one (`mean` rounds down).
 * @param logical Whether the dtype is bool.
 */
export function scatterDim(
  dst: Storage,
  dstStrides: readonly number[],
  src: Strided | number,
  index: Float64Array,
  shape: readonly number[],
  dim: number,
  mode: ScatterMode,
  includeSelf = true,
  integer = false,
  logical = false,
): void {
  if (index.length === 0) return;
  const scalar = typeof src === "number";
  const w = new Walk(shape, dim, 0, dstStrides, scalar ? 0 : src.offset, scalar ? [] : src.strides);
  const sd = dstStrides.length === 0 ? 0 : dstStrides[dim];
  const sv = scalar ? src : 0;
  const sdata = scalar ? null : src.data;
  if (mode === "assign") {
    for (let k = 0; k < index.length; k++, w.next()) {
      dst[w.a + index[k] * sd] = sdata === null ? sv : sdata[w.b];
    }
    return;
  }
  if (mode === "sum" && includeSelf && !logical) {
    for (let k = 0; k < index.length; k++, w.next()) dst[w.a + index[k] * sd] += sdata![w.b];
    return;
  }
  // The reductions: how many values land on each position (mean); without `includeSelf` the
  // first one replaces the element (an identity such as ∞ cannot be stored in an integer dtype)
  const counts = new Float64Array(dst.length);
  for (let k = 0; k < index.length; k++, w.next()) counts[w.a + index[k] * sd]++;
  const landed = includeSelf ? null : new Uint8Array(dst.length);
  const again = new Walk(
    shape,
    dim,
    0,
    dstStrides,
    (src as Strided).offset,
    (src as Strided).strides,
  );
  for (let k = 0; k < index.length; k++, again.next()) {
    const p = again.a + index[k] * sd;
    const v = sdata![again.b];
    if (landed !== null && landed[p] === 0) {
      landed[p] = 1;
      dst[p] = mode === "sum" || mode === "mean" ? 0 + v : v; // -0 lands as 0 + -0, that is 0
      continue;
    }
    const r = dst[p];
    switch (mode) {
      case "sum":
      case "mean":
        dst[p] = logical ? (r !== 0 || v !== 0 ? 1 : 0) : r + v; // bools add as `or`
        break;
      case "prod":
        dst[p] = logical ? (r !== 0 && v !== 0 ? 1 : 0) : r * v;
        break;
      case "amax":
        dst[p] = v !== v ? v : r < v ? v : r; // NaN wins, as PyTorch's std::max with an isnan check
        break;
      case "amin":
        dst[p] = v !== v ? v : v < r ? v : r;
        break;
    }
  }
  if (mode === "mean") {
    for (let p = 0; p < dst.length; p++) {
      const n = counts[p] + (includeSelf ? 1 : 0);
      if (counts[p] > 0) dst[p] = integer ? Math.floor(dst[p] / n) : dst[p] / n;
    }
  }
}
