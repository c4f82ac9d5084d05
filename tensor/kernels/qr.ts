/**
 * Householder QR (LAPACK's `geqr2` and `org2r`) of one row-major m×n matrix in a
 * Float64Array.
 *
 * The reflectors follow LAPACK's `larfg`: `H = I − τ·v·vᵀ` with `v[0] = 1` maps a column
 * `(α, x)` to `(β, 0)` with `β = −sign(α)·‖(α, x)‖`, and is the identity (τ = 0) when x is
 * zero. So R's diagonal has the signs LAPACK's — and PyTorch's — has, and Q and R match
 * PyTorch's without a sign convention of their own.
 *
 * @module
 */

/** `dlamch('S') / dlamch('E')`: below this |β| LAPACK rescales the column first. */
const SAFMIN = 2.2250738585072014e-308 / 1.1102230246251565e-16;

/** ‖x‖ over `count` elements from `at`, `stride` apart, without overflow (LAPACK's `nrm2`). */
function norm2(a: Float64Array, at: number, count: number, stride: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0, p = at; i < count; i++, p += stride) {
    const v = a[p];
    if (v === 0) continue;
    const x = Math.abs(v);
    if (scale < x) {
      ssq = 1 + ssq * (scale / x) * (scale / x);
      scale = x;
    } else ssq += (x / scale) * (x / scale);
  }
  return scale * Math.sqrt(ssq);
}

/**
 * Factors the m×n row-major matrix `a` in place: R on and above the diagonal, the reflectors'
 * vectors (without their leading 1) below it, their scalars in `tau` (LAPACK's `geqr2`).
 *
 * @param a The matrix, overwritten.
 * @param m Rows.
 * @param n Columns.
 * @param tau Receives min(m, n) reflector scalars.
 */
export function qrFactor(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    const t = reflector(a, j * n + j, m - j, n);
    tau[j] = t;
    if (t !== 0 && j + 1 < n) applyLeft(a, j, j + 1, m, n, n, a, j * n + j, n, t);
  }
}

/**
 * Makes the reflector of the column of `count` elements at `at` (stride `stride`): the column
 * becomes (β, v₁, v₂, …). Returns τ (LAPACK's `larfg`).
 */
function reflector(a: Float64Array, at: number, count: number, stride: number): number {
  if (count <= 1) return 0;
  let xnorm = norm2(a, at + stride, count - 1, stride);
  if (xnorm === 0) return 0;
  let alpha = a[at];
  let beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  let rescaled = 0;
  if (Math.abs(beta) < SAFMIN) {
    // β may be inaccurate: scale x and α up until it is not (LAPACK's loop)
    const inv = 1 / SAFMIN;
    do {
      for (let i = 1, p = at + stride; i < count; i++, p += stride) a[p] *= inv;
      beta *= inv;
      alpha *= inv;
      rescaled++;
    } while (Math.abs(beta) < SAFMIN && rescaled < 20);
    xnorm = norm2(a, at + stride, count - 1, stride);
    beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  }
  const tau = (beta - alpha) / beta;
  const scale = 1 / (alpha - beta);
  for (let i = 1, p = at + stride; i < count; i++, p += stride) a[p] *= scale;
  for (let i = 0; i < rescaled; i++) beta *= SAFMIN;
  a[at] = beta;
  return tau;
}

/**
 * Applies `H = I − τ·v·vᵀ` from the left to rows `r0…m−1`, columns `c0…cols−1` of `c` (row
 * stride `cs`), where v is the column at `v0` of `v` (stride `vs`) with its first element taken
 * as 1 (LAPACK's `larf`).
 */
function applyLeft(
  c: Float64Array,
  r0: number,
  c0: number,
  m: number,
  cols: number,
  cs: number,
  v: Float64Array,
  v0: number,
  vs: number,
  tau: number,
): void {
  const width = cols - c0;
  if (width <= 0) return;
  // w = vᵀ·C (a row, accumulated row by row so C is read contiguously), then C −= τ·v·w
  const w = scratchRow(width);
  const first = r0 * cs + c0;
  for (let j = 0; j < width; j++) w[j] = c[first + j];
  for (let i = r0 + 1, p = v0 + vs; i < m; i++, p += vs) {
    const vi = v[p];
    if (vi === 0) continue;
    const row = i * cs + c0;
    for (let j = 0; j < width; j++) w[j] += vi * c[row + j];
  }
  for (let j = 0; j < width; j++) {
    w[j] *= tau;
    c[first + j] -= w[j];
  }
  for (let i = r0 + 1, p = v0 + vs; i < m; i++, p += vs) {
    const vi = v[p];
    if (vi === 0) continue;
    const row = i * cs + c0;
    for (let j = 0; j < width; j++) c[row + j] -= vi * w[j];
  }
}

let scratch = new Float64Array(64);

/** A reused work row of at least `n` elements (the kernels run one at a time). */
function scratchRow(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  return scratch;
}

/**
 * Forms the first `cols` columns of `Q = H₀·H₁·…` (m×cols, row-major, `cols` = min(m, n) for
 * the reduced Q or m for the complete one) from `qrFactor`'s reflectors (LAPACK's `org2r`).
 *
 * @param f The factored m×n matrix from {@linkcode qrFactor}.
 * @param m Rows.
 * @param n Columns of the factored matrix.
 * @param tau The reflector scalars.
 * @param q Receives Q (m×cols).
 * @param cols Columns of Q to form.
 */
export function qrFormQ(
  f: Float64Array,
  m: number,
  n: number,
  tau: Float64Array,
  q: Float64Array,
  cols: number,
): void {
  const k = Math.min(m, n);
  q.fill(0, 0, m * cols);
  for (let j = k; j < cols; j++) q[j * cols + j] = 1; // columns past the reflectors: I
  for (let j = k - 1; j >= 0; j--) {
    // column j of Q: e_j with H_j applied, built from v_j
    if (j + 1 < cols) applyLeft(q, j, j + 1, m, cols, cols, f, j * n + j, n, tau[j]);
    const t = tau[j];
    for (let i = j + 1; i < m; i++) q[i * cols + j] = -t * f[i * n + j];
    q[j * cols + j] = 1 - t;
  }
}

/**
 * Overwrites the m×k row-major `b` with `Qᵀ·b` (all m rows), Q from `qrFactor`'s reflectors
 * (LAPACK's `orm2r` with `trans = 'T'`): the first min(m, n) rows are the coefficients of b in
 * Q's columns, the rest its part outside them.
 *
 * @param f The factored m×n matrix from {@linkcode qrFactor}.
 * @param m Rows.
 * @param n Columns of the factored matrix.
 * @param tau The reflector scalars.
 * @param b The m×k matrix, overwritten.
 * @param k Its columns.
 */
export function qrApplyQt(
  f: Float64Array,
  m: number,
  n: number,
  tau: Float64Array,
  b: Float64Array,
  k: number,
): void {
  const r = Math.min(m, n);
  for (let j = 0; j < r; j++) {
    if (tau[j] !== 0) applyLeft(b, j, 0, m, k, k, f, j * n + j, n, tau[j]);
  }
}
