/**
 * LU factorisation with partial pivoting, and the solves, inverse and determinant built on it
 * (LAPACK's `getrf`/`getrs`), on one square row-major matrix in a Float64Array.
 *
 * The float32 path (`f32`) rounds every value it stores to float32, as LAPACK's `sgetrf` stores
 * into float32 memory: an exactly singular float32 matrix (`[[1, 2, 3], [4, 5, 6], [7, 8, 9]]`)
 * then gives a zero pivot as it does in PyTorch, where float64 arithmetic would leave a tiny one.
 * An update `a − l·u` rounds the product, then the difference (no fused multiply-add): with that,
 * the float32 factors of the matrix above are PyTorch's to the last bit.
 *
 * @module
 */

/** LAPACK's safe minimum (`dlamch('S')`), below which a pivot is divided by, not inverted. */
const SFMIN64 = 2.2250738585072014e-308;
/** `slamch('S')`, float32's smallest normal number. */
const SFMIN32 = 1.1754943508222875e-38;

/**
 * Factors the n×n matrix `a` (row-major) in place as `P·A = L·U`: U on and above the diagonal,
 * L (unit diagonal, not stored) below it. Row `k` was swapped with row `piv[k] ≥ k` at step k.
 * The pivot of a column is its first element of largest magnitude (LAPACK's `idamax`). A zero
 * pivot leaves its column as it is and the factorisation goes on, as `getrf` does.
 *
 * @param a The matrix, overwritten by L and U.
 * @param n Its order.
 * @param piv Receives the row swaps (length ≥ n).
 * @param f32 Round every stored value to float32.
 * @returns 0, or the 1-based index of the first zero pivot (LAPACK's `info`).
 */
export function luFactor(a: Float64Array, n: number, piv: Int32Array, f32: boolean): number {
  let info = 0;
  const sfmin = f32 ? SFMIN32 : SFMIN64;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    const pivot = a[p * n + k];
    if (pivot === 0) {
      if (info === 0) info = k + 1;
      continue; // the column below is zero too: nothing to eliminate
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
    }
    const useRecip = Math.abs(pivot) >= sfmin;
    const r = f32 ? Math.fround(1 / pivot) : 1 / pivot;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      let l = useRecip ? a[row + k] * r : a[row + k] / pivot;
      if (f32) l = Math.fround(l);
      a[row + k] = l;
      if (l === 0) continue;
      const top = k * n;
      if (f32) {
        for (let j = k + 1; j < n; j++) {
          a[row + j] = Math.fround(a[row + j] - Math.fround(l * a[top + j]));
        }
      } else {
        for (let j = k + 1; j < n; j++) a[row + j] -= l * a[top + j];
      }
    }
  }
  return info;
}

/**
 * Solves `A·X = B` in place in `b` (n×k, row-major) from `luFactor`'s output. With `transpose`,
 * solves `Aᵀ·X = B` instead (LAPACK's `getrs` with `trans = 'T'`).
 *
 * @param lu The factors from {@linkcode luFactor} (non-singular).
 * @param n The order.
 * @param piv The row swaps from {@linkcode luFactor}.
 * @param b The right-hand sides, overwritten by the solution.
 * @param k The number of right-hand sides (columns of b).
 * @param f32 Round every stored value to float32.
 * @param transpose Solve with Aᵀ.
 */
export function luSolve(
  lu: Float64Array,
  n: number,
  piv: Int32Array,
  b: Float64Array,
  k: number,
  f32: boolean,
  transpose = false,
): void {
  if (!transpose) {
    swapRows(b, n, k, piv, false);
    // L·Y = P·B (unit lower), then U·X = Y
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < i; p++) {
        const l = lu[i * n + p];
        if (l !== 0) axpyRow(b, i * k, -l, p * k, k, f32);
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let p = i + 1; p < n; p++) {
        const u = lu[i * n + p];
        if (u !== 0) axpyRow(b, i * k, -u, p * k, k, f32);
      }
      divRow(b, i * k, lu[i * n + i], k, f32);
    }
    return;
  }
  // Uᵀ·Y = B (lower), Lᵀ·Z = Y (unit upper), X = Pᵀ·Z
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < i; p++) {
      const u = lu[p * n + i];
      if (u !== 0) axpyRow(b, i * k, -u, p * k, k, f32);
    }
    divRow(b, i * k, lu[i * n + i], k, f32);
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let p = i + 1; p < n; p++) {
      const l = lu[p * n + i];
      if (l !== 0) axpyRow(b, i * k, -l, p * k, k, f32);
    }
  }
  swapRows(b, n, k, piv, true);
}

/** `b[dst…] += s · b[src…]` over k elements. */
function axpyRow(b: Float64Array, dst: number, s: number, src: number, k: number, f32: boolean) {
  if (f32) {
    for (let j = 0; j < k; j++) b[dst + j] = Math.fround(b[dst + j] + Math.fround(s * b[src + j]));
  } else for (let j = 0; j < k; j++) b[dst + j] += s * b[src + j];
}

/** `b[at…] /= d` over k elements. */
function divRow(b: Float64Array, at: number, d: number, k: number, f32: boolean) {
  if (f32) { for (let j = 0; j < k; j++) b[at + j] = Math.fround(b[at + j] / d); }
  else for (let j = 0; j < k; j++) b[at + j] /= d;
}

/** Applies the row swaps of `piv` to b (n×k), forwards or (`reverse`) backwards. */
function swapRows(b: Float64Array, n: number, k: number, piv: Int32Array, reverse: boolean) {
  for (let s = 0; s < n; s++) {
    const i = reverse ? n - 1 - s : s;
    const p = piv[i];
    if (p === i) continue;
    for (let j = 0; j < k; j++) {
      const t = b[i * k + j];
      b[i * k + j] = b[p * k + j];
      b[p * k + j] = t;
    }
  }
}

/**
 * The sign of the row permutation of `luFactor`: `(-1)^(number of swaps)`.
 *
 * @param n The order.
 * @param piv The row swaps.
 * @returns 1 or -1.
 */
export function permutationSign(n: number, piv: Int32Array): number {
  let s = 1;
  for (let i = 0; i < n; i++) if (piv[i] !== i) s = -s;
  return s;
}
