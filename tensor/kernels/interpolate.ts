/**
 * Resampling on typed arrays: nearest-neighbour and (bi)linear interpolation of the last one or
 * two dims, and their adjoints. Interpolation is separable: along each axis, output `o` reads
 * inputs `i0[o]` and `i1[o]` with weights `w0[o]` and `w1[o]` ({@linkcode Taps}; nearest
 * neighbour has one input and no weights). The source indices follow PyTorch's CPU kernels
 * (`UpSample.h`), including their float32 arithmetic, so that the same pixels are read.
 *
 * @module
 */

import type { Storage } from "./elementwise.ts";

/** The taps along one axis. */
export interface Taps {
  i0: Int32Array;
  i1: Int32Array;
  w0: Float64Array;
  w1: Float64Array;
}

const fr = Math.fround;

/** PyTorch's `compute_scales_value`: `1 / scale` when a scale factor was given, else `in / out`. */
function scaleOf(size: number, out: number, scale: number | null, f32: boolean): number {
  if (scale !== null && scale > 0) return f32 ? fr(1 / scale) : 1 / scale;
  return f32 ? fr(size / out) : size / out;
}

/**
 * Nearest-neighbour taps: `min(⌊o·s⌋, size − 1)` (`exact`: `⌊(o + ½)·s⌋`), computed in float32
 * as PyTorch does whatever the dtype, `s` the inverse scale; plain `nearest` copies when the
 * sizes are equal and halves the index when the output is twice the input.
 *
 * @param size Input size.
 * @param out Output size.
 * @param scale The scale factor given, or `null` (then `out / size`).
 * @param exact `nearest-exact` rather than `nearest`.
 * @returns Taps with `i0` set (`i1` equal, weights 1 and 0).
 */
export function nearestTaps(size: number, out: number, scale: number | null, exact: boolean): Taps {
  const t = emptyTaps(out);
  const s = scaleOf(size, out, scale, true);
  for (let o = 0; o < out; o++) {
    let i: number;
    if (!exact && out === size) i = o;
    else if (!exact && out === 2 * size) i = o >> 1;
    else i = Math.min(Math.floor(fr((exact ? o + 0.5 : o) * s)), size - 1);
    t.i0[o] = t.i1[o] = i;
    t.w0[o] = 1;
  }
  return t;
}

/**
 * Linear taps (PyTorch's `compute_source_index_and_lambda`): the source position `s·o`
 * (`alignCorners`, `s = (size − 1)/(out − 1)`) or `s·(o + ½) − ½` clipped at 0, its floor
 * and the next index (the last one repeats), and the weights `1 − λ`, `λ`; equal sizes copy.
 * float32 inputs compute in float32, as PyTorch does.
 *
 * @param size Input size.
 * @param out Output size.
 * @param alignCorners Align the corner pixels' centres.
 * @param scale The scale factor given, or `null`.
 * @param f32 Compute in float32.
 * @returns The taps.
 */
export function linearTaps(
  size: number,
  out: number,
  alignCorners: boolean,
  scale: number | null,
  f32: boolean,
): Taps {
  const t = emptyTaps(out);
  const round = f32 ? fr : (x: number) => x;
  const s = alignCorners
    ? (out > 1 ? round((size - 1) / (out - 1)) : 0)
    : scaleOf(size, out, scale, f32);
  for (let o = 0; o < out; o++) {
    if (out === size) {
      t.i0[o] = t.i1[o] = o;
      t.w0[o] = 1;
      continue;
    }
    let real = alignCorners ? round(s * o) : round(round(s * (o + 0.5)) - 0.5);
    if (!alignCorners && real < 0) real = 0;
    // PyTorch floors with floorf, in float32 even for float64
    const i = Math.min(Math.floor(fr(real)), size - 1);
    const lambda = Math.min(Math.max(round(real - i), 0), 1);
    t.i0[o] = i;
    t.i1[o] = i + (i < size - 1 ? 1 : 0);
    t.w1[o] = lambda;
    t.w0[o] = round(1 - lambda);
  }
  return t;
}

function emptyTaps(out: number): Taps {
  return {
    i0: new Int32Array(out),
    i1: new Int32Array(out),
    w0: new Float64Array(out),
    w1: new Float64Array(out),
  };
}

/**
 * Nearest-neighbour resampling of `planes` planes `h × w` onto `rows × cols` taps (`i0` only),
 * or (with `adjoint`) its adjoint, which adds each output element back onto the pixel it read.
 *
 * @param src The input planes (the output gradient for the adjoint).
 * @param planes The number of planes.
 * @param h The input height.
 * @param w The input width.
 * @param rows The taps along the rows.
 * @param cols The taps along the columns.
 * @param dst The output (the input gradient for the adjoint, zero-filled).
 * @param adjoint Compute the adjoint.
 */
export function nearest(
  src: Storage,
  planes: number,
  h: number,
  w: number,
  rows: Taps,
  cols: Taps,
  dst: Storage,
  adjoint: boolean,
): void {
  const oh = rows.i0.length;
  const ow = cols.i0.length;
  const ci = cols.i0;
  let q = 0;
  for (let p = 0; p < planes; p++) {
    for (let y = 0; y < oh; y++) {
      const row = (p * h + rows.i0[y]) * w;
      if (adjoint) { for (let z = 0; z < ow; z++) dst[row + ci[z]] += src[q++]; }
      else for (let z = 0; z < ow; z++) dst[q++] = src[row + ci[z]];
    }
  }
}

/**
 * Bilinear resampling (`rows` and `cols` from {@linkcode linearTaps}), or linear resampling of
 * rows (`rows` null: planes of one row), or (with `adjoint`) the adjoint. Every output element
 * is `(x[r0, c0]·v0 + x[r0, c1]·v1)·u0 + (x[r1, c0]·v0 + x[r1, c1]·v1)·u1` (linear:
 * `x[c0]·v0 + x[c1]·v1`), zero weights included, so an infinite neighbour with weight 0 gives
 * NaN, as in PyTorch.
 *
 * @param src The input planes (the output gradient for the adjoint).
 * @param planes The number of planes.
 * @param h The input height.
 * @param w The input width.
 * @param rows The taps along the rows.
 * @param cols The taps along the columns.
 * @param dst The output (the input gradient for the adjoint, zero-filled).
 * @param adjoint Compute the adjoint.
 */
export function bilinear(
  src: Storage,
  planes: number,
  h: number,
  w: number,
  rows: Taps | null,
  cols: Taps,
  dst: Storage,
  adjoint: boolean,
): void {
  const oh = rows === null ? 1 : rows.i0.length;
  const ow = cols.i0.length;
  const { i0: c0, i1: c1, w0: v0, w1: v1 } = cols;
  let q = 0;
  for (let p = 0; p < planes; p++) {
    for (let y = 0; y < oh; y++) {
      if (rows === null) {
        const r = p * w;
        for (let z = 0; z < ow; z++, q++) {
          if (adjoint) {
            dst[r + c0[z]] += src[q] * v0[z];
            dst[r + c1[z]] += src[q] * v1[z];
          } else dst[q] = src[r + c0[z]] * v0[z] + src[r + c1[z]] * v1[z];
        }
        continue;
      }
      const r0 = (p * h + rows.i0[y]) * w;
      const r1 = (p * h + rows.i1[y]) * w;
      const u0 = rows.w0[y];
      const u1 = rows.w1[y];
      for (let z = 0; z < ow; z++, q++) {
        if (adjoint) {
          const g = src[q];
          dst[r0 + c0[z]] += g * u0 * v0[z];
          dst[r0 + c1[z]] += g * u0 * v1[z];
          dst[r1 + c0[z]] += g * u1 * v0[z];
          dst[r1 + c1[z]] += g * u1 * v1[z];
        } else {
          const top = src[r0 + c0[z]] * v0[z] + src[r0 + c1[z]] * v1[z];
          const bottom = src[r1 + c0[z]] * v0[z] + src[r1 + c1[z]] * v1[z];
          dst[q] = top * u0 + bottom * u1;
        }
      }
    }
  }
}
