/**
 * Matrix multiply kernel on typed arrays, reading either operand through any strides (so
 * transposed operands need no copy). Accumulates in float64.
 *
 * @module
 */

import type { Storage } from "./elementwise.ts";

/**
 * `C = A · B` for one M×K by K×N product, C contiguous M×N.
 *
 * @param m Rows of A and C.
 * @param n Columns of B and C.
 * @param k Inner size.
 * @param a A's storage.
 * @param aOff A's offset.
 * @param aRs A's row stride.
 * @param aCs A's column stride.
 * @param b B's storage.
 * @param bOff B's offset.
 * @param bRs B's row stride.
 * @param bCs B's column stride.
 * @param c Output storage.
 * @param cOff Output offset.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Storage,
  aOff: number,
  aRs: number,
  aCs: number,
  b: Storage,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Storage,
  cOff: number,
): void {
  if (bCs === 1 || bRs !== 1) {
    // Row-times-rows: stream B's rows into a float64 accumulator row.
    const acc = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      let pa = aOff + i * aRs;
      let pb = bOff;
      for (let p = 0; p < k; p++, pa += aCs, pb += bRs) {
        const x = a[pa];
        if (x === 0) continue;
        let q = pb;
        for (let j = 0; j < n; j++, q += bCs) acc[j] += x * b[q];
      }
      const row = cOff + i * n;
      for (let j = 0; j < n; j++) c[row + j] = acc[j];
    }
  } else {
    // B is column-major (a transposed view): dot products along contiguous columns.
    for (let i = 0; i < m; i++) {
      const rowA = aOff + i * aRs;
      const row = cOff + i * n;
      for (let j = 0; j < n; j++) {
        let s = 0;
        let pa = rowA;
        let pb = bOff + j * bCs;
        for (let p = 0; p < k; p++, pa += aCs, pb++) s += a[pa] * b[pb];
        c[row + j] = s;
      }
    }
  }
}
