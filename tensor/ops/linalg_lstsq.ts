/**
 * Least squares, `min ‖A·X − B‖`, with its derivative: `lstsq`. Batched and broadcast over
 * leading dims.
 *
 * The `gels` driver solves by Householder QR (full rank assumed, as LAPACK's `gels`); the
 * others (`gelsy`, PyTorch's CPU default, `gelsd`, `gelss`) by the SVD, keeping the singular
 * values above `rcond·s_max`, which gives the minimum-norm solution of a rank-deficient problem
 * as they do. `gelsy` estimates the rank from a QR with column pivoting instead; on matrices
 * whose rank is clear (no singular value near the cutoff) the two agree.
 *
 * @module
 */

import { isFloatingDType, scalarTypeName } from "../dtype.ts";
import type { Tensor } from "../tensor.ts";
import { broadcastShapes, shapeNumel } from "../shape.ts";
import { qrApplyQt, qrFactor, qrFormQ } from "../kernels/qr.ts";
import { jacobiSvd } from "../kernels/svd.ts";
import { triangularSolve } from "../kernels/triangular.ts";
import {
  batchOf,
  checkTensorArg,
  epsilonOf,
  failureAt,
  float64Values,
  LinAlgError,
  mT,
  tensorOf,
} from "./linalg_util.ts";
import { recordOutputs, tracks } from "./record.ts";
import { matmul } from "./linalg.ts";
import { pinv, pinvBackward } from "./linalg_svd.ts";

/** The LAPACK driver {@linkcode lstsq} imitates. */
export type LstsqDriver = "gels" | "gelsy" | "gelsd" | "gelss";

/** Options of {@linkcode lstsq}. */
export interface LstsqOptions {
  /**
   * Singular values at or below `rcond·s_max` count as zero (default ε·max(m, n); ignored by
   * `gels`).
   */
  rcond?: number | null;
  /** `"gelsy"` (default), `"gels"`, `"gelsd"` or `"gelss"`. */
  driver?: LstsqDriver;
}

/** The result of {@linkcode lstsq}. PyTorch: `torch.return_types.linalg_lstsq`. */
export interface Lstsq {
  /** The least-squares solution X, (…, n, k) (or (…, n) for vectors). */
  solution: Tensor;
  /**
   * `‖A·X − B‖²` per column, (…, k), when m > n, the driver is not `gelsy` and every matrix has
   * full rank; else empty.
   */
  residuals: Tensor;
  /** The rank of each matrix, (…), int64 as PyTorch's; empty for `gels`. */
  rank: Tensor;
  /** The singular values, (…, min(m, n)), for `gelsd` and `gelss`; else empty. */
  singularValues: Tensor;
}

const DRIVERS: readonly string[] = ["gels", "gelsy", "gelsd", "gelss"];

/**
 * The least-squares solution of `A·X = B`: the X minimising ‖A·X − B‖ (the minimum-norm one
 * when several do), batched and broadcast over leading dims. PyTorch:
 * `torch.linalg.lstsq(A, B, rcond=None, *, driver=None)` → `LinalgLstsqBackward0` (on solution
 * and residuals; the gradient is PyTorch's, through the pseudo-inverse).
 *
 * @param A The (…, m, n) matrices.
 * @param B The (…, m, k) right-hand sides, or (…, m) vectors when B has one dim less than A.
 * @param options `rcond`, `driver`.
 * @returns `{ solution, residuals, rank, singularValues }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { linalg, tensor } from "@descent/tensor";
 * // the line through (0, 1), (1, 3), (2, 5): y = 1 + 2x
 * const A = tensor([[1, 0], [1, 1], [1, 2]], { dtype: "float64" });
 * const { solution } = linalg.lstsq(A, tensor([1, 3, 5], { dtype: "float64" }));
 * assert.deepEqual((solution.toList() as number[]).map((v) => Math.round(v * 1e12) / 1e12), [1, 2]);
 * ```
 */
export function lstsq(A: Tensor, B: Tensor, options?: LstsqOptions): Lstsq {
  const fn = "torch.linalg.lstsq";
  checkTensorArg(A, "linalg.lstsq", "A", 1);
  checkTensorArg(B, "linalg.lstsq", "B", 2);
  if (A.ndim < 2) throw new RangeError(`${fn}: input must have at least 2 dimensions.`);
  if (B.ndim < 1) throw new RangeError(`${fn}: other must have at least 1 dimension.`);
  if (A.dtype !== B.dtype) {
    throw new TypeError(
      `${fn}: Expected input and other to have the same dtype, but got input's dtype ${
        scalarTypeName(A.dtype)
      } and other's dtype ${scalarTypeName(B.dtype)}`,
    );
  }
  if (!isFloatingDType(A.dtype)) {
    throw new TypeError("This function doesn't handle types other than float and double");
  }
  const diff = A.ndim - B.ndim;
  if (diff < 0 || diff > 1) {
    throw new RangeError(
      `${fn}: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1`,
    );
  }
  const vector = diff === 1;
  const B2 = vector ? B.detach().unsqueeze(-1) : B.detach();
  const [m, n] = A.shape.slice(-2);
  if (B2.shape[B2.ndim - 2] !== m) {
    throw new RangeError(
      `${fn}: input.size(-2) should match other.size(-${vector ? 1 : 2})`,
    );
  }
  const driver = options?.driver ?? "gelsy";
  if (!DRIVERS.includes(driver)) {
    throw new TypeError(`${fn}: parameter \`driver\` should be one of (gels, gelsy, gelsd, gelss)`);
  }
  const eps = epsilonOf(A.dtype);
  const rcond = options?.rcond ?? eps * Math.max(m, n);
  const k = B2.shape[B2.ndim - 1];
  const batch = broadcastShapes(batchOf(A), batchOf(B2));
  const count = shapeNumel(batch);
  const a = float64Values(A.detach().expand([...batch, m, n]));
  const b = float64Values(B2.expand([...batch, m, k]));
  const x = new Float64Array(count * n * k);
  const kk = Math.min(m, n);
  const ranks = new Float64Array(count);
  const sv = new Float64Array(count * kk);
  for (let i = 0; i < count; i++) {
    const ai = a.subarray(i * m * n, (i + 1) * m * n);
    const bi = b.subarray(i * m * k, (i + 1) * m * k);
    const xi = x.subarray(i * n * k, (i + 1) * n * k);
    if (driver === "gels") {
      const info = byQr(ai, m, n, bi, k, xi);
      if (info !== 0) {
        throw new LinAlgError(
          `${
            failureAt(fn, i, A.ndim > 2)
          }: The least squares solution could not be computed because the input matrix does not have full rank (error code: ${info}).`,
        );
      }
    } else {
      ranks[i] = bySvd(ai, m, n, bi, k, xi, sv.subarray(i * kk), rcond);
    }
  }
  // residuals: m > n, not gelsy, full rank everywhere (gels assumes it)
  const fullRank = driver === "gels" || ranks.every((r) => r === n);
  const withResiduals = m > n && driver !== "gelsy" && fullRank;
  const res = new Float64Array(withResiduals ? count * k : 0);
  if (withResiduals) {
    for (let i = 0; i < count; i++) residuals(a, b, x, i, m, n, k, res);
  }
  const solution = tensorOf(x, vector ? [...batch, n] : [...batch, n, k], A.dtype);
  const residualsT = tensorOf(res, withResiduals ? [...batch, k] : [0], A.dtype);
  const rank = driver === "gels" ? tensorOf([], [0], "int64") : tensorOf(ranks, batch, "int64");
  const singularValues = driver === "gelsd" || driver === "gelss"
    ? tensorOf(sv, [...batch, kk], A.dtype)
    : tensorOf([], [0], A.dtype);
  if (tracks(A, B)) {
    const node = recordOutputs("LinalgLstsqBackward0", [solution, residualsT], [A, B]);
    const sA = node.save(A);
    const sB = node.save(B);
    const sX = node.save(solution);
    node.setBackwardAll(([gX, gL]) =>
      lstsqBackward(gX, gL, sA.unpack(), sB.unpack(), sX.unpack(), vector, [
        node.needs(0),
        node.needs(1),
      ])
    );
  }
  return { solution, residuals: residualsT, rank, singularValues };
}

/**
 * LAPACK's `gels`: for m ≥ n, `X = R⁻¹·(Qᵀ·B)[:n]`; for m < n, the minimum-norm
 * `X = Q·R⁻ᵀ·B` from the QR of Aᵀ. Returns 0, or the 1-based index of a zero on R's diagonal.
 */
function byQr(a: Float64Array, m: number, n: number, b: Float64Array, k: number, x: Float64Array) {
  const r = Math.min(m, n);
  const tall = m >= n;
  // the matrix to factor: A (m×n) or Aᵀ (n×m)
  const rows = tall ? m : n;
  const cols = tall ? n : m;
  const f = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) f[tall ? i * n + j : j * m + i] = a[i * n + j];
  }
  const tau = new Float64Array(r);
  qrFactor(f, rows, cols, tau);
  for (let i = 0; i < r; i++) if (f[i * cols + i] === 0) return i + 1;
  const R = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = i; j < r; j++) R[i * r + j] = f[i * cols + j];
  if (tall) {
    const qtb = b.slice();
    qrApplyQt(f, m, n, tau, qtb, k);
    const top = qtb.subarray(0, n * k);
    triangularSolve(R, n, true, false, top, k);
    x.set(top);
    return 0;
  }
  // A = Rᵀ·Qᵀ: Rᵀ·Y = B, X = Q·Y
  const Rt = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) Rt[i * r + j] = R[j * r + i];
  const y = b.slice();
  triangularSolve(Rt, m, false, false, y, k);
  const q = new Float64Array(n * m);
  qrFormQ(f, n, m, tau, q, m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let p = 0; p < m; p++) s += q[i * m + p] * y[p * k + j];
      x[i * k + j] = s;
    }
  }
  return 0;
}

/**
 * The minimum-norm solution `X = V·diag(1/s)·Uᵀ·B` over the singular values above
 * `rcond·s_max`; writes the singular values to `s` and returns the rank.
 */
function bySvd(
  a: Float64Array,
  m: number,
  n: number,
  b: Float64Array,
  k: number,
  x: Float64Array,
  s: Float64Array,
  rcond: number,
): number {
  const r = Math.min(m, n);
  const u = new Float64Array(m * r);
  const vt = new Float64Array(r * n);
  jacobiSvd(a, m, n, s, u, r, vt, r);
  const cut = (rcond < 0 ? 2.220446049250313e-16 : rcond) * (r > 0 ? s[0] : 0);
  let rank = 0;
  while (rank < r && s[rank] > cut) rank++;
  x.fill(0);
  const c = new Float64Array(k);
  for (let p = 0; p < rank; p++) {
    // c = u_pᵀ·B / s_p, then X += v_p·c
    c.fill(0);
    for (let i = 0; i < m; i++) {
      const uip = u[i * r + p];
      for (let j = 0; j < k; j++) c[j] += uip * b[i * k + j];
    }
    for (let j = 0; j < k; j++) c[j] /= s[p];
    for (let i = 0; i < n; i++) {
      const vpi = vt[p * n + i];
      for (let j = 0; j < k; j++) x[i * k + j] += vpi * c[j];
    }
  }
  return rank;
}

/** `Σ_i (A·X − B)_ij²` for batch element `i` into `out[i·k + j]`. */
function residuals(
  a: Float64Array,
  b: Float64Array,
  x: Float64Array,
  at: number,
  m: number,
  n: number,
  k: number,
  out: Float64Array,
): void {
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) {
      let r = -b[at * m * k + i * k + j];
      for (let p = 0; p < n; p++) r += a[at * m * n + i * n + p] * x[at * n * k + p * k + j];
      s += r * r;
    }
    out[at * k + j] = s;
  }
}

/**
 * PyTorch's `linalg_lstsq_backward`: through the solution, `gA` from `pinv_backward` of
 * `gX·Bᵀ` and `gB = A⁺ᵀ·gX`; through the residuals `L = Σ r²` (r = A·X − B, X held fixed, as
 * Danskin's theorem allows), `gA = 2·(gL·r)·Xᵀ` and `gB = −2·gL·r`.
 */
function lstsqBackward(
  gX: Tensor | null,
  gL: Tensor | null,
  A: Tensor,
  B: Tensor,
  X: Tensor,
  vector: boolean,
  needs: [boolean, boolean],
): (Tensor | null)[] {
  const toMatrix = (t: Tensor) => (vector ? t.unsqueeze(-1) : t);
  const toVector = (t: Tensor) => (vector ? t.squeeze(-1) : t);
  const b = toMatrix(B);
  let gA: Tensor | null = null;
  let gB: Tensor | null = null;
  if (gX !== null) {
    const g = toMatrix(gX);
    const pinvA = pinv(A);
    if (needs[0]) gA = pinvBackward(matmul(g, mT(b)), pinvA, A);
    if (needs[1]) gB = toVector(matmul(mT(pinvA), g));
  }
  if (gL !== null && gL._numel > 0) {
    const x = toMatrix(X);
    const r = matmul(A, x).sub(b);
    const gl = gL.unsqueeze(-2);
    if (needs[0]) {
      const part = matmul(gl.mul(r), mT(x)).mul(2);
      gA = gA === null ? part : gA.add(part);
    }
    if (needs[1]) {
      const part = toVector(gl.mul(r).mul(-2));
      gB = gB === null ? part : gB.add(part);
    }
  }
  return [gA, gB];
}
