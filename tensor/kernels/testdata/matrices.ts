/**
 * Helpers for the factorisation kernels' tests: deterministic random matrices and the products
 * and distances that check a factorisation against its definition.
 *
 * @module
 */

/** A deterministic m×n row-major matrix of numbers in [-1, 1). */
export function randomMatrix(m: number, n: number, seed: number): Float64Array {
  const out = new Float64Array(m * n);
  let s = seed >>> 0;
  for (let i = 0; i < m * n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** `A·B` of row-major m×k and k×n matrices (`ta`: use Aᵀ, A stored k×m). */
export function matmul(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  ta = false,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * b[p * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}

/** The largest |a[i] − b[i]|. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** The n×n identity, row-major. */
export function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** The symmetric matrix `(A + Aᵀ)/2` of a random n×n A. */
export function randomSymmetric(n: number, seed: number): Float64Array {
  const a = randomMatrix(n, n, seed);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2;
  }
  return out;
}
