/**
 * Kernels of the integer and bool dtypes, and of the ops whose results are integers or bools
 * (comparisons, logical and bitwise ops, indices). Every operand is read as a Float64Array of
 * exact values — int64's own storage, the others converted once — and results are written back
 * into the dtype's storage by {@linkcode store}, which wraps int32 and uint8, and checks int64.
 * So the float kernels' monomorphic loops (elementwise.ts, reduce.ts) never see an Int32Array or
 * a Uint8Array, and these loops see Float64Arrays only.
 *
 * @module
 */

import { type DType, INT64_MAX_EXACT, int64RangeError } from "../dtype.ts";
import { allocate } from "../storage.ts";
import type { Storage } from "./elementwise.ts";

/**
 * Throws a `RangeError` naming the first value of `v` that int64 cannot hold exactly (beyond
 * ±(2^53 - 1), or not an integer).
 *
 * @param v The values.
 * @param op What computed them, for the message.
 */
export function checkInt64(v: Float64Array, op: string): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!(x >= -INT64_MAX_EXACT && x <= INT64_MAX_EXACT) || x !== Math.trunc(x)) {
      throw int64RangeError(x, op);
    }
  }
}

/**
 * `values` (exact integers, or 0/1 for bool) in `dtype`'s storage: int64 checked (see
 * {@linkcode checkInt64}), int32 and uint8 wrapped modulo 2^32 and 2^8 (a typed array's own
 * conversion), bool as `v != 0`. Floating dtypes take the values as they are (rounded to float32).
 *
 * @param values The exact values.
 * @param dtype The result dtype.
 * @param op What computed them, for the int64 message.
 * @returns The storage (`values` itself for int64 and float64).
 */
export function store(values: Float64Array, dtype: DType, op: string): Storage {
  if (dtype === "int64") {
    checkInt64(values, op);
    return values;
  }
  if (dtype === "float64") return values;
  const out = allocate(dtype, values.length);
  if (dtype === "bool") {
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  } else out.set(values);
  return out;
}

/**
 * `out[i] = f(a[i·sa], b[i·sb])`: a binary op over two operands of n elements, or of one
 * element (stride 0).
 *
 * @param f The scalar function.
 * @param a First operand.
 * @param sa Its stride: 1, or 0 for a single broadcast element.
 * @param b Second operand.
 * @param sb Its stride.
 * @param out The result, n long.
 */
export function zip(
  f: (x: number, y: number) => number,
  a: Float64Array,
  sa: number,
  b: Float64Array,
  sb: number,
  out: Float64Array,
): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = f(a[i * sa], b[i * sb]);
}

/**
 * Integer matrix product `C = A · B` (A m×k, B k×n, row-major contiguous) in `dtype`'s
 * arithmetic: int32 and uint8 wrap, int64 is exact (a sum whose terms could pass 2^53 in
 * magnitude is recomputed with bigints; a result beyond ±(2^53 - 1) throws).
 *
 * @param a A, m·k values.
 * @param b B, k·n values.
 * @param m Rows of A.
 * @param k Columns of A, rows of B.
 * @param n Columns of B.
 * @param dtype int64, int32 or uint8.
 * @returns C, m·n exact values (wrapped for int32 and uint8).
 */
export function integerMatmul(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  dtype: DType,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      if (dtype === "int32") {
        for (let p = 0; p < k; p++) acc = (acc + Math.imul(a[i * k + p], b[p * n + j])) | 0;
      } else if (dtype === "uint8") {
        for (let p = 0; p < k; p++) acc = (acc + a[i * k + p] * b[p * n + j]) & 255;
      } else {
        let bound = 0;
        for (let p = 0; p < k; p++) {
          const t = a[i * k + p] * b[p * n + j];
          acc += t;
          bound += Math.abs(t);
        }
        if (!(bound <= INT64_MAX_EXACT)) {
          let big = 0n;
          for (let p = 0; p < k; p++) big += BigInt(a[i * k + p]) * BigInt(b[p * n + j]);
          acc = Number(big);
          if (!(Math.abs(acc) <= INT64_MAX_EXACT)) throw int64RangeError(acc, "matmul");
        }
      }
      c[i * n + j] = acc;
    }
  }
  return c;
}

/**
 * Exact sums of the rows of a `rows`×`n` row-major array of integers: terms whose running sum
 * could pass 2^53 in magnitude are added again with bigints; a sum beyond ±(2^53 - 1) throws.
 *
 * @param v The values.
 * @param rows The number of rows.
 * @param n The row length.
 * @param op What sums, for the message.
 * @returns One sum per row.
 */
export function integerRowSums(v: Float64Array, rows: number, n: number, op: string): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    let bound = 0;
    for (let j = r * n; j < (r + 1) * n; j++) {
      s += v[j];
      bound += Math.abs(v[j]);
    }
    if (!(bound <= INT64_MAX_EXACT)) {
      let big = 0n;
      for (let j = r * n; j < (r + 1) * n; j++) big += BigInt(v[j]);
      s = Number(big);
      if (!(Math.abs(s) <= INT64_MAX_EXACT)) throw int64RangeError(s, op);
    }
    out[r] = s;
  }
  return out;
}

const TWO32 = 2 ** 32;

/**
 * A bitwise op on two exact integers as 64-bit two's complement (`&`, `|`, `^` on the high and low
 * 32-bit halves), exact for every integer of magnitude up to 2^53.
 *
 * @param op `"and"`, `"or"` or `"xor"`.
 * @returns The scalar function.
 */
export function bitwise64(op: "and" | "or" | "xor"): (x: number, y: number) => number {
  const combine = op === "and"
    ? (p: number, q: number) => p & q
    : op === "or"
    ? (p: number, q: number) => p | q
    : (p: number, q: number) => p ^ q;
  return (x, y) => {
    const xh = Math.floor(x / TWO32);
    const yh = Math.floor(y / TWO32);
    const lo = combine(x - xh * TWO32, y - yh * TWO32) >>> 0;
    return combine(xh, yh) * TWO32 + lo;
  };
}

/**
 * `x ** e` for integers in `dtype`'s arithmetic, as PyTorch's `powi`: a negative exponent gives
 * 1 for base 1, ±1 for base -1 and 0 otherwise; int32 and uint8 wrap, int64 throws beyond
 * ±(2^53 - 1).
 *
 * @param dtype int64, int32 or uint8.
 * @returns The scalar function.
 */
export function integerPow(dtype: DType): (x: number, e: number) => number {
  const mul: (p: number, q: number) => number = dtype === "int32"
    ? Math.imul
    : dtype === "uint8"
    ? (p, q) => (p * q) & 255
    : (p, q) => {
      const r = p * q;
      if (!(Math.abs(r) <= INT64_MAX_EXACT)) throw int64RangeError(r, "pow");
      return r;
    };
  return (x, e) => {
    if (e < 0) return x === 1 ? 1 : x === -1 ? (e % 2 === 0 ? 1 : -1) : 0;
    let result = 1;
    let base = x;
    // square-and-multiply; the last squaring is skipped, so it cannot overflow needlessly
    while (e > 0) {
      if (e % 2 === 1) result = mul(result, base);
      e = Math.floor(e / 2);
      if (e > 0) base = mul(base, base);
    }
    return result;
  };
}
