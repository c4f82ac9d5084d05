/**
 * Index-map kernels, the loops behind the shape ops that copy: reading a strided tensor through
 * one index map per output dimension (`pad`, `flip`, `roll`, `repeat`, `repeatInterleave`), and
 * the adjoint that adds values back through the same maps (their gradients, and `unfold`'s, whose
 * windows may overlap); plus the triangle mask of `tril`/`triu`. No Tensor objects in here, and
 * no allocation per element.
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

/**
 * The identity map of a dim of `n`.
 *
 * @param n The dim's size.
 * @returns `[0, 1, …, n - 1]`.
 */
export function identityMap(n: number): Int32Array {
  const m = new Int32Array(n);
  for (let i = 0; i < n; i++) m[i] = i;
  return m;
}

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
 * Walks the rows (every dim but the last) of offset tables in row-major order: the element
 * offset where each row starts, or -1 for a row an outer map sends to the fill.
 */
class Rows {
  readonly #offs: Int32Array[];
  readonly #idx: Int32Array;
  #base: number;
  /** How many outer dims sit on a -1. */
  #holes = 0;

  constructor(offs: Int32Array[], offset: number) {
    this.#offs = offs;
    this.#idx = new Int32Array(offs.length);
    this.#base = offset;
    for (let d = 0; d < offs.length - 1; d++) {
      if (offs[d][0] < 0) this.#holes++;
      else this.#base += offs[d][0];
    }
  }

  /** The current row's first element offset, or -1 (a fill row). */
  get base(): number {
    return this.#holes > 0 ? -1 : this.#base;
  }

  /** Moves to the next row. */
  next(): void {
    const offs = this.#offs;
    const idx = this.#idx;
    for (let d = offs.length - 2; d >= 0; d--) {
      const t = offs[d];
      const old = t[idx[d]];
      if (old < 0) this.#holes--;
      else this.#base -= old;
      if (++idx[d] === t.length) idx[d] = 0;
      const now = t[idx[d]];
      if (now < 0) this.#holes++;
      else this.#base += now;
      if (idx[d] !== 0) break;
    }
  }
}

/** How the loops walk a tensor through index maps: element count, row length, runs, rows. */
function walk(
  maps: IndexMaps,
  strides: readonly number[],
  offset: number,
): { numel: number; n: number; runs: Int32Array; rows: Rows } {
  const offs = offsetTables(maps, strides);
  return {
    numel: numelOf(maps),
    n: maps[maps.length - 1].length,
    runs: innerRuns(offs[offs.length - 1]),
    rows: new Rows(offs, offset),
  };
}

/**
 * Copies a strided tensor through index maps: `out[i₀, …] = src[offset + Σ map_d[i_d]·stride_d]`,
 * or `fill` where some `map_d[i_d]` is -1. `out` is contiguous with shape `maps[d].length`, and
 * of `src`'s storage type.
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
  if (maps.length === 0) {
    out[0] = src[offset];
    return;
  }
  const { numel, n, runs, rows } = walk(maps, strides, offset);
  for (let k = 0; k < numel; rows.next()) {
    const base = rows.base;
    if (base < 0) {
      out.fill(fill, k, k + n);
      k += n;
      continue;
    }
    for (let r = 0; r < runs.length; r += 3) {
      const len = runs[r];
      const start = runs[r + 1];
      const step = runs[r + 2];
      if (start < 0) {
        for (let j = 0; j < len; j++) out[k++] = fill;
      } else if (step === 1 && len >= NATIVE_COPY_MIN) {
        const p = base + start;
        (out as Float64Array).set((src as Float64Array).subarray(p, p + len), k);
        k += len;
      } else {
        for (let j = 0, p = base + start; j < len; j++, p += step) out[k++] = src[p];
      }
    }
  }
}

/**
 * The adjoint of {@linkcode gatherMapped}: adds each element of `src` (contiguous, shape
 * `maps[d].length`) into `acc[offset + Σ map_d[i_d]·stride_d]`, skipping -1 entries, so an
 * element read more than once (a repeated or reflected one, overlapping `unfold` windows)
 * receives the sum. `acc` is float64 whatever the tensors' dtype, so sums are rounded once.
 *
 * @param src The values to add, row-major.
 * @param acc The accumulator.
 * @param offset Offset of `acc`'s element (0, …, 0).
 * @param strides `acc`'s strides (one per map).
 * @param maps One index map per dim.
 */
export function scatterAddMapped(
  src: Storage,
  acc: Float64Array,
  offset: number,
  strides: readonly number[],
  maps: IndexMaps,
): void {
  if (maps.length === 0) {
    acc[offset] += src[0];
    return;
  }
  const { numel, n, runs, rows } = walk(maps, strides, offset);
  for (let k = 0; k < numel; rows.next()) {
    const base = rows.base;
    if (base < 0) {
      k += n;
      continue;
    }
    for (let r = 0; r < runs.length; r += 3) {
      const len = runs[r];
      const start = runs[r + 1];
      const step = runs[r + 2];
      if (start < 0) k += len;
      else for (let j = 0, p = base + start; j < len; j++, p += step) acc[p] += src[k++];
    }
  }
}

// ---- indexing (issue 11): writing through index maps ----

/**
 * Writes `src` (contiguous, shape `maps[d].length`) through index maps into `dst`:
 * `dst[offset + Σ map_d[i_d]·stride_d] = src[i₀, …]` (the last write wins where entries repeat),
 * or `+=` with `accumulate`, in `dst`'s own arithmetic (a float32 sum is rounded at each add, as
 * PyTorch's CPU `index_put_` with `accumulate=True`). No map entry may be -1. PyTorch:
 * `index_put_`'s kernel.
 *
 * @param src The values, row-major.
 * @param dst The storage written to.
 * @param offset Offset of `dst`'s element (0, …, 0).
 * @param strides `dst`'s strides (one per map).
 * @param maps One index map per dim.
 * @param accumulate Add instead of assigning.
 * @param logical `dst` is a bool storage: adding is `or` there (true + true is true).
 */
export function putMapped(
  src: Storage,
  dst: Storage,
  offset: number,
  strides: readonly number[],
  maps: IndexMaps,
  accumulate: boolean,
  logical = false,
): void {
  const or = accumulate && logical;
  if (maps.length === 0) {
    dst[offset] = or ? (dst[offset] || src[0] ? 1 : 0) : accumulate ? dst[offset] + src[0] : src[0];
    return;
  }
  const { numel, runs, rows } = walk(maps, strides, offset);
  for (let k = 0; k < numel; rows.next()) {
    const base = rows.base;
    for (let r = 0; r < runs.length; r += 3) {
      const len = runs[r];
      const step = runs[r + 2];
      let p = base + runs[r + 1];
      if (or) {
        for (let j = 0; j < len; j++, p += step) {
          dst[p] = (dst[p] | src[k++]) === 0 ? 0 : 1;
        }
      } else if (accumulate) { for (let j = 0; j < len; j++, p += step) dst[p] += src[k++]; }
      else for (let j = 0; j < len; j++, p += step) dst[p] = src[k++];
    }
  }
}

// ---- end indexing ----

/**
 * Shortest run copied with `TypedArray.set` rather than a loop: below it, the subarray object
 * and the native call cost more than the loop (measured: 64×3×32×32 float32, padded by 2 — rows
 * of 32 — 1.2 ms with `set`/`fill` per run, 0.35 ms with loops).
 */
const NATIVE_COPY_MIN = 128;

/**
 * The innermost offset table as runs, `[length, first offset, step]` each: a run of fills
 * (first offset -1), or offsets in arithmetic progression (a copied stretch of `pad`, a
 * reversed one of `flip`, a repeated element), so the loops copy runs instead of looking up
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
