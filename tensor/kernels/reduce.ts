/**
 * Reduction kernels on typed arrays: sums over any set of dims, and extrema.
 *
 * @module
 */

import type { FloatStorage as Storage } from "./elementwise.ts";
import { ensureMemory, heapF32, heapF64, wasmKernels } from "./wasm_runtime.ts";

/**
 * Sums a strided view over the dims flagged in `reduce`, writing the kept dims contiguously
 * into `out`. Accumulates in float64.
 *
 * @param src Source storage.
 * @param offset Offset of the first element.
 * @param shape View shape.
 * @param strides View strides.
 * @param reduce Per dim: whether it is summed away.
 * @param out Output, one element per kept index (row-major over the kept dims).
 */
export function sumDims(
  src: Storage,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  reduce: readonly boolean[],
  out: Storage,
): void {
  const nd = shape.length;
  let numel = 1;
  for (let i = 0; i < nd; i++) numel *= shape[i];
  // Output strides indexed by input dim (0 on reduced dims).
  const ostr = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) {
    if (reduce[i]) ostr[i] = 0;
    else {
      ostr[i] = s;
      s *= shape[i];
    }
  }
  const acc = new Float64Array(out.length);
  if (numel > 0) {
    if (nd === 0) acc[0] = src[offset];
    else {
      const inner = shape[nd - 1];
      const is = strides[nd - 1];
      const os = ostr[nd - 1];
      const idx = new Int32Array(nd);
      let p = offset;
      let q = 0;
      let k = 0;
      while (k < numel) {
        let pp = p;
        if (os === 0) {
          let t = 0;
          for (let j = 0; j < inner; j++, pp += is) t += src[pp];
          acc[q] += t;
        } else {
          let qq = q;
          for (let j = 0; j < inner; j++, pp += is, qq += os) acc[qq] += src[pp];
        }
        k += inner;
        let d = nd - 2;
        while (d >= 0) {
          idx[d]++;
          p += strides[d];
          q += ostr[d];
          if (idx[d] < shape[d]) break;
          p -= strides[d] * shape[d];
          q -= ostr[d] * shape[d];
          idx[d] = 0;
          d--;
        }
      }
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = acc[i];
}

/**
 * Sum of a contiguous array, accumulated in float64.
 *
 * @param a The array.
 * @param n Element count.
 * @returns The sum.
 */
export function sumAll(a: Storage, n: number): number {
  if (n >= SUM_WASM_MIN) {
    const s = wasmSum(a, n);
    if (s !== null) return s;
  }
  return a instanceof Float32Array ? sumF32(a, n) : sumF64(a as Float64Array, n);
}

/** Smallest element count that {@linkcode sumAll} sends to WebAssembly. */
export const SUM_WASM_MIN = 8192;

// one monomorphic loop per storage type
function sumF32(a: Float32Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  return s;
}

function sumF64(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  return s;
}

/** The sum in the SIMD kernel (copied in, promoted to float64 lanes), or null. */
function wasmSum(a: Storage, n: number): number | null {
  const kz = wasmKernels();
  const f64 = a instanceof Float64Array;
  const E = f64 ? 8 : 4;
  if (kz === null || !ensureMemory(kz, kz.arena + n * E)) return null;
  const heap = f64 ? heapF64(kz) : heapF32(kz);
  (heap as Float32Array).set((a as Float32Array).subarray(0, n), kz.arena / E);
  return (f64 ? kz.exports.sum_f64 : kz.exports.sum_f32)(n, kz.arena);
}

/**
 * Largest (or smallest) element of a contiguous array; NaN if any element is NaN. Of equal
 * elements the later one wins, as in PyTorch's scalar loop (`max([0, -0])` is -0).
 *
 * @param a The array (n ≥ 1).
 * @param n Element count.
 * @param largest `true` for max, `false` for min.
 * @returns The extremum.
 */
export function extremum(a: Storage, n: number, largest: boolean): number {
  let m = a[0];
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v !== v) return NaN;
    if (largest ? v >= m : v <= m) m = v;
  }
  return m;
}
