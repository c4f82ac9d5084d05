/**
 * Cholesky factorisation `A = L·Lᵀ` (LAPACK's `potrf` with `uplo = 'L'`) of one symmetric
 * positive-definite row-major matrix in a Float64Array.
 *
 * @module
 */

/**
 * Replaces the lower triangle of the n×n matrix `a` (row-major; the strict upper triangle is
 * neither read nor changed) by its Cholesky factor L, column by column as LAPACK's `potf2`:
 * `L[j][j] = √(a[j][j] − Σₖ L[j][k]²)`, then the column below it, scaled by `1/L[j][j]`. A
 * leading minor that is not positive (or NaN) stops the factorisation.
 *
 * @param a The matrix; its lower triangle becomes L.
 * @param n Its order.
 * @param f32 Round every stored value to float32 (LAPACK's `spotrf` on float32 memory).
 * @returns 0, or the order of the first leading minor that is not positive-definite (LAPACK's
 *   `info`).
 */
export function choleskyFactor(a: Float64Array, n: number, f32: boolean): number {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    if (f32) {
      for (let k = 0; k < j; k++) d = Math.fround(d - Math.fround(a[rj + k] * a[rj + k]));
    } else for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0)) return j + 1;
    let ljj = Math.sqrt(d);
    if (f32) ljj = Math.fround(ljj);
    a[rj + j] = ljj;
    const r = f32 ? Math.fround(1 / ljj) : 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      if (f32) {
        for (let k = 0; k < j; k++) s = Math.fround(s - Math.fround(a[ri + k] * a[rj + k]));
      } else for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = f32 ? Math.fround(s * r) : s * r;
    }
  }
  return 0;
}
