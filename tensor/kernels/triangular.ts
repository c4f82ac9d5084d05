/**
 * Triangular solves (LAPACK's `trtrs`/BLAS's `trsm` with the matrix on the left) on row-major
 * Float64Arrays.
 *
 * @module
 */

/**
 * Solves `T·X = B` in place in `b` (n×k, row-major) for the n×n triangular T (row-major; only
 * its `upper` or lower triangle is read, and its diagonal taken as ones when `unit`).
 *
 * @param t The triangular matrix.
 * @param n Its order.
 * @param upper Whether T is upper triangular (back substitution) or lower (forward).
 * @param unit Whether T's diagonal is all ones (not read).
 * @param b The right-hand sides, overwritten by X.
 * @param k Their number (columns of b).
 */
export function triangularSolve(
  t: Float64Array,
  n: number,
  upper: boolean,
  unit: boolean,
  b: Float64Array,
  k: number,
): void {
  for (let s = 0; s < n; s++) {
    const i = upper ? n - 1 - s : s;
    const from = upper ? i + 1 : 0;
    const to = upper ? n : i;
    const bi = i * k;
    for (let p = from; p < to; p++) {
      const c = t[i * n + p];
      if (c === 0) continue;
      const bp = p * k;
      for (let j = 0; j < k; j++) b[bi + j] -= c * b[bp + j];
    }
    if (!unit) {
      const d = t[i * n + i];
      for (let j = 0; j < k; j++) b[bi + j] /= d;
    }
  }
}
