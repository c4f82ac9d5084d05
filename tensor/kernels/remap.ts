/**
 * Index-map kernels, the loops behind the shape ops that copy: reading a strided tensor through
 * one index map per output dimension (`pad`, `flip`, `roll`, `repeat`, `repeatInterleave`), the
 * adjoint that adds values back through the same maps, and the adjoint of a strided view whose
 * elements may overlap (`unfold`'s windows). No Tensor objects in here, and no allocation per
 * element.
 *
 * A map gives, for each index along an output dim, the input index it reads, or -1 for a fill
 * value (`pad`'s constant). The maps of one op are separable — output element (i₀, i₁, …) reads
 * input element (map₀[i₀], map₁[i₁], …) — so a gather costs one table lookup and one add per
 * element, whatever the op.
 *
 * @module
 */

import type { Storage } from "./elementwise.ts";

/** One index map per output dim: the input index each output index reads, or -1 (the fill). */
export type IndexMaps = readonly Int32Array[];

/** The maps as element offsets (index × stride), -1 kept: the tables the loops add up. */
function offsetTables(maps: IndexMaps, strides: readonly number[]): Int32Array[] {
  return maps.map((m, d) => {
    const s = strides[d];
    const t = new Int32Array(m.length);
    for (let i = 0; i < m.length; i++) t[i] = m[i] < 0 ? -1 : m[i] * s;
    return t;
  });
}

/** Product of the maps' lengths: the output's number of elements. */
function numelOf(maps: IndexMaps): number {
  let n = 1;
  for (let d = 0; d < maps.length; d++) n *= maps[d].length;
  return n;
}

/**
 * Copies a strided tensor through index maps: `out[i₀, …] = src[offset + Σ map_d[i_d]·stride_d]`,
 * or `fill` where some `map_d[i_d]` is -1. `out` is contiguous with shape `maps[d].length`.
 *
 * @param src Source storage.
 * @param offset Offset of the source's element (0, …, 0).
 * @param strides The source's strides (one per map).
 * @param maps One index map per dim.
 * @param out Destination, contiguous.
 * @param fill The value where a map says -1.
 */
export function gatherMapped(
  src: Storage,
  offset: number,
  strides: readonly number[],
  maps: IndexMaps,
  out: Storage,
  fill = 0,
): void {
  const nd = maps.length;
  if (nd === 0) {
    out[0] = src[offset];
    return;
  }
  const numel = numelOf(maps);
  if (numel === 0) return;
  const offs = offsetTables(maps, strides);
  const n = maps[nd - 1].length;
  const runs = innerRuns(offs[nd - 1]);
  const count = runs.length / 3;
  // base: offset + Σ of the outer dims' offsets; holes: how many outer dims sit on a -1
  const idx = new Int32Array(nd);
  let base = offset;
  let holes = 0;
  for (let d = 0; d < nd - 1; d++) {
    if (offs[d][0] < 0) holes++;
    else base += offs[d][0];
  }
  let k = 0;
  while (k < numel) {
    if (holes > 0) {
      out.fill(fill, k, k + n);
      k += n;
    } else {
      for (let r = 0; r < count; r++) {
        const len = runs[3 * r];
        const start = runs[3 * r + 1];
        const step = runs[3 * r + 2];
        if (start < 0) {
          for (let j = 0; j < len; j++) out[k++] = fill;
        } else if (step === 1 && len >= NATIVE_COPY_MIN) {
          // (same storage type: the ops copy a tensor into one of its own dtype)
          (out as Float64Array).set(
            (src as Float64Array).subarray(base + start, base + start + len),
            k,
          );
          k += len;
        } else {
          for (let j = 0, p = base + start; j < len; j++, p += step) out[k++] = src[p];
        }
      }
    }
    for (let d = nd - 2; d >= 0; d--) {
      const t = offs[d];
      const old = t[idx[d]];
      if (old < 0) holes--;
      else base -= old;
      if (++idx[d] === t.length) idx[d] = 0;
      const now = t[idx[d]];
      if (now < 0) holes++;
      else base += now;
      if (idx[d] !== 0) break;
    }
  }
}

/**
 * Shortest run copied with `TypedArray.set` rather than a loop: below it, the subarray object
 * and the native call cost more than the loop (measured: 64×3×32×32 float32, padded by 2 — rows
 * of 32 — 1.2 ms with `set`/`fill` per run, 0.4 ms with loops).
 */
const NATIVE_COPY_MIN = 128;

/**
 * The innermost offset table as runs, `[length, first offset, step]` each: a run of fills
 * (first offset -1), or offsets in arithmetic progression (a copied stretch of `pad`, a
 * reversed one of `flip`, a repeated element), so the gather copies runs instead of looking up
 * every element.
 */
function innerRuns(inner: Int32Array): Int32Array {
  const runs: number[] = [];
  const n = inner.length;
  for (let j = 0; j < n;) {
    const start = inner[j];
    let len = 1;
    if (start < 0) {
      while (j + len < n && inner[j + len] < 0) len++;
      runs.push(len, -1, 0);
    } else {
      const step = j + 1 < n && inner[j + 1] >= 0 ? inner[j + 1] - start : 0;
      while (j + len < n && inner[j + len] >= 0 && inner[j + len] - inner[j + len - 1] === step) {
        len++;
      }
      runs.push(len, start, step);
    }
    j += len;
  }
  return Int32Array.from(runs);
}

/**
 * The adjoint of {@linkcode gatherMapped}: adds each element of `src` (contiguous, shape
 * `maps[d].length`) into `acc[Σ map_d[i_d]·stride_d]` (contiguous strides of `inShape`),
 * skipping -1 entries. `acc` starts as zeros; float64 whatever the tensors' dtype, so that the
 * sums of repeated entries are rounded once.
 *
 * @param src The values to add, row-major.
 * @param maps One index map per dim, as given to the gather.
 * @param inShape The shape `acc` stands for.
 * @param acc The accumulator, `inShape`'s number of elements.
 */
export function scatterAddMapped(
  src: Storage,
  maps: IndexMaps,
  inShape: readonly number[],
  acc: Float64Array,
): void {
  const nd = maps.length;
  if (nd === 0) {
    acc[0] += src[0];
    return;
  }
  const numel = numelOf(maps);
  if (numel === 0) return;
  const strides = new Array<number>(nd);
  for (let d = nd - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= inShape[d];
  }
  const offs = offsetTables(maps, strides);
  const inner = offs[nd - 1];
  const n = inner.length;
  const idx = new Int32Array(nd);
  let base = 0;
  let holes = 0;
  for (let d = 0; d < nd - 1; d++) {
    if (offs[d][0] < 0) holes++;
    else base += offs[d][0];
  }
  let k = 0;
  while (k < numel) {
    if (holes > 0) {
      k += n;
    } else {
      for (let j = 0; j < n; j++, k++) {
        const o = inner[j];
        if (o >= 0) acc[base + o] += src[k];
      }
    }
    for (let d = nd - 2; d >= 0; d--) {
      const t = offs[d];
      const old = t[idx[d]];
      if (old < 0) holes--;
      else base -= old;
      if (++idx[d] === t.length) idx[d] = 0;
      const now = t[idx[d]];
      if (now < 0) holes++;
      else base += now;
      if (idx[d] !== 0) break;
    }
  }
}

/**
 * The adjoint of a strided view: adds `src` (contiguous, shape `shape`) into `acc` through
 * `offset`/`strides`, so elements the view reads more than once (overlapping `unfold` windows)
 * receive the sum.
 *
 * @param src The values to add, row-major.
 * @param acc The accumulator (float64).
 * @param offset Offset of the view's element (0, …, 0) in `acc`.
 * @param shape The view's shape.
 * @param strides The view's strides.
 */
export function scatterAddStrided(
  src: Storage,
  acc: Float64Array,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
): void {
  const nd = shape.length;
  if (nd === 0) {
    acc[offset] += src[0];
    return;
  }
  let numel = 1;
  for (let d = 0; d < nd; d++) numel *= shape[d];
  if (numel === 0) return;
  const n = shape[nd - 1];
  const is = strides[nd - 1];
  const idx = new Int32Array(nd);
  let base = offset;
  let k = 0;
  while (k < numel) {
    for (let j = 0, p = base; j < n; j++, p += is) acc[p] += src[k++];
    for (let d = nd - 2; d >= 0; d--) {
      base += strides[d];
      if (++idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/**
 * Zeroes one triangle of each matrix of a contiguous batch in place: `tril` keeps the elements
 * with `col - row <= k`, `triu` those with `col - row >= k`.
 *
 * @param out The values, row-major, matrices of `rows` × `cols`.
 * @param rows Rows per matrix.
 * @param cols Columns per matrix.
 * @param k The diagonal (0 the main one, positive above it).
 * @param upper `triu` (true) or `tril` (false).
 */
export function maskTriangle(
  out: Storage,
  rows: number,
  cols: number,
  k: number,
  upper: boolean,
): void {
  const size = rows * cols;
  if (size === 0) return;
  for (let start = 0; start < out.length; start += size) {
    for (let r = 0; r < rows; r++) {
      const row = start + r * cols;
      // tril clears the columns after r + k, triu those before r + k
      const edge = Math.min(Math.max(r + k + (upper ? 0 : 1), 0), cols);
      if (upper) out.fill(0, row, row + edge);
      else out.fill(0, row + edge, row + cols);
    }
  }
}
