/**
 * Decompositions with their derivatives: `cholesky`, `qr`, `eigh`. Batched over leading dims;
 * the gradients are PyTorch's (`cholesky_backward`, `linalg_qr_backward`,
 * `linalg_eig_backward` for Hermitian input), written in Tensor ops.
 *
 * @module
 */

import { isFloatingDType, notImplemented } from "../dtype.ts";
import type { Tensor } from "../tensor.ts";
import { shapeNumel } from "../shape.ts";
import { zeros } from "../create.ts";
import { choleskyFactor } from "../kernels/cholesky.ts";
import { qrFactor, qrFormQ } from "../kernels/qr.ts";
import { jacobiEigh } from "../kernels/eigh.ts";
import {
  batchOf,
  checkFloating,
  checkMatrix,
  checkSquare,
  checkTensorArg,
  diagEmbed,
  eyeMask,
  failureAt,
  float64Values,
  LinAlgError,
  mT,
  tensorOf,
  tril,
  triu,
} from "./linalg_util.ts";
import { record, recordOutputs, tracks } from "./record.ts";
import { cat } from "./index.ts";
import { matmul } from "./linalg.ts";
import { solveTriangular } from "./linalg_triangular.ts";

/** Options of {@linkcode cholesky}. */
export interface CholeskyOptions {
  /** Return the upper factor U (`A = Uᵀ·U`, read from A's upper triangle) instead of L. */
  upper?: boolean;
}

/**
 * The Cholesky factor of a symmetric positive-definite matrix: lower triangular L with
 * `A = L·Lᵀ` (only A's lower triangle is read), or with `upper: true` the upper factor U with
 * `A = Uᵀ·U` (from A's upper triangle); batched over leading dims. PyTorch:
 * `torch.linalg.cholesky(A, upper=False)` → `LinalgCholeskyExBackward0`. A matrix that is not
 * positive-definite throws `LinAlgError` naming the first leading minor that is not.
 *
 * @param A The (…, n, n) matrices.
 * @param options `upper`.
 * @returns The factors.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * assert.equal(String(linalg.cholesky(floatTensor([[4, 2], [2, 5]]))), "tensor([[2., 0.],\n        [1., 2.]])");
 * ```
 */
export function cholesky(A: Tensor, options?: CholeskyOptions): Tensor {
  checkTensorArg(A, "linalg.cholesky", "A", 1);
  const upper = options?.upper ?? false;
  const n = checkSquare(A, "linalg.cholesky");
  checkFloating(A, "linalg.cholesky");
  const count = shapeNumel(batchOf(A));
  const work = float64Values(upper ? mT(A.detach()) : A);
  const f32 = A.dtype === "float32";
  for (let b = 0; b < count; b++) {
    const a = work.subarray(b * n * n, (b + 1) * n * n);
    const info = choleskyFactor(a, n, f32);
    if (info !== 0) {
      throw new LinAlgError(
        `${
          failureAt("linalg.cholesky", b, A.ndim > 2)
        }: The factorization could not be completed because the input is not positive-definite (the leading minor of order ${info} is not positive-definite).`,
      );
    }
    for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  }
  let L = tensorOf(work, A.shape, A.dtype);
  if (upper) L = L.transpose(-2, -1).contiguous();
  if (tracks(A)) {
    const node = record("LinalgCholeskyExBackward0", L, [A]);
    const sL = node.save(L);
    node.setBackward((g) => {
      // PyTorch's cholesky_backward: gA = L⁻ᵀ·Φ(tril(Lᵀ·gL))·L⁻¹, Φ(X) = (X + tril(X, −1)ᵀ)/2
      const l = upper ? mT(sL.unpack()) : sL.unpack();
      const gl = upper ? mT(g) : g;
      const x = tril(matmul(mT(l), gl));
      const phi = x.add(mT(tril(x, -1))).mul(0.5);
      const left = solveTriangular(mT(l), phi, { upper: true });
      return [solveTriangular(l, left, { upper: false, left: false })];
    });
  }
  return L;
}

/** The result of {@linkcode qr}. PyTorch: `torch.return_types.linalg_qr`. */
export interface QR {
  /** The orthonormal factor (empty with `mode: "r"`). */
  Q: Tensor;
  /** The upper triangular factor. */
  R: Tensor;
}

/** Options of {@linkcode qr}. */
export interface QROptions {
  /**
   * `"reduced"` (default): Q m×k, R k×n with k = min(m, n); `"complete"`: Q m×m, R m×n;
   * `"r"`: R only (k×n), Q empty — and not differentiable.
   */
  mode?: "reduced" | "complete" | "r";
}

/**
 * The QR decomposition `A = Q·R` by Householder reflections, Q with orthonormal columns and R
 * upper triangular, with the signs LAPACK gives (and so PyTorch); batched over leading dims.
 * PyTorch: `torch.linalg.qr(A, mode='reduced')` → `LinalgQrBackward0` (on both outputs).
 *
 * @param A The (…, m, n) matrices.
 * @param options `mode`.
 * @returns `{ Q, R }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * const { Q, R } = linalg.qr(floatTensor([[0, 1], [1, 0]]));
 * assert.equal(String(Q), "tensor([[ 0., -1.],\n        [-1.,  0.]])");
 * assert.equal(String(R), "tensor([[-1.,  0.],\n        [ 0., -1.]])");
 * ```
 */
export function qr(A: Tensor, options?: QROptions): QR {
  checkTensorArg(A, "linalg.qr", "A", 1);
  const mode = options?.mode ?? "reduced";
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") {
    throw new TypeError(
      `qr received unrecognized mode '${mode}' but expected one of 'reduced' (default), 'r', or 'complete'`,
    );
  }
  checkMatrix(A, "linalg.qr");
  checkFloating(A, "linalg.qr");
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  const batch = batchOf(A);
  const count = shapeNumel(batch);
  const qCols = mode === "complete" ? m : k;
  const rRows = mode === "complete" ? m : k;
  const f = float64Values(A);
  const tau = new Float64Array(k);
  const q = new Float64Array(count * m * qCols);
  const r = new Float64Array(count * rRows * n);
  for (let b = 0; b < count; b++) {
    const a = f.subarray(b * m * n, (b + 1) * m * n);
    qrFactor(a, m, n, tau);
    for (let i = 0; i < rRows; i++) {
      for (let j = i; j < n; j++) if (i < m) r[b * rRows * n + i * n + j] = a[i * n + j];
    }
    if (mode !== "r") qrFormQ(a, m, n, tau, q.subarray(b * m * qCols), qCols);
  }
  const Q = mode === "r" ? tensorOf([], [0], A.dtype) : tensorOf(q, [...batch, m, qCols], A.dtype);
  const R = tensorOf(r, [...batch, rRows, n], A.dtype);
  if (tracks(A)) {
    const node = recordOutputs("LinalgQrBackward0", [Q, R], [A]);
    const sQ = node.save(Q);
    const sR = node.save(R);
    node.setBackwardAll(([gQ, gR]) => [qrBackward(gQ, gR, sQ.unpack(), sR.unpack(), mode)]);
  }
  return { Q, R };
}

/** PyTorch's `linalg_qr_backward`. */
function qrBackward(
  gQ: Tensor | null,
  gR: Tensor | null,
  Q: Tensor,
  R: Tensor,
  mode: "reduced" | "complete" | "r",
): Tensor | null {
  if (mode === "r") {
    throw new Error(
      "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.",
    );
  }
  const m = Q.shape[Q.ndim - 2];
  const n = R.shape[R.ndim - 1];
  if (mode === "complete" && m > n) {
    throw new Error(
      "The QR decomposition is not differentiable when mode='complete' and nrows > ncols.",
    );
  }
  if (gQ === null && gR === null) return null;
  const QhgQ = gQ === null ? null : matmul(mT(Q), gQ);
  const RgR = gR === null ? null : matmul(gR, mT(R));
  let gA = RgR === null ? QhgQ!.neg() : QhgQ === null ? RgR : RgR.sub(QhgQ);
  if (m >= n) {
    // syminvadj(triu(gA)) = X + Xᵀ with X's diagonal once
    const x = triu(gA);
    gA = matmul(Q, x.add(mT(triu(x, 1))));
    if (gQ !== null) gA = gA.add(gQ);
    return solveTriangular(mT(R), gA, { upper: false, left: false });
  }
  gA = matmul(Q, tril(mT(gA).sub(gA)));
  gA = solveTriangular(mT(R.narrow(-1, 0, m)), gA, { upper: false, left: false });
  gA = cat([gA, zeros([...gA.shape.slice(0, -1), n - m], { dtype: gA.dtype })], -1);
  return gR === null ? gA : gA.add(matmul(Q, gR));
}

/** The result of {@linkcode eigh}. PyTorch: `torch.return_types.linalg_eigh`. */
export interface Eigh {
  /** The eigenvalues, ascending, shape (…, n). */
  eigenvalues: Tensor;
  /** The matching orthonormal eigenvectors as columns, shape (…, n, n). */
  eigenvectors: Tensor;
}

/** Options of {@linkcode eigh}. */
export interface EighOptions {
  /** Which triangle of A to read, `"L"` (default) or `"U"`. PyTorch's `UPLO`. */
  UPLO?: "L" | "U";
}

/**
 * The eigendecomposition `A = V·diag(λ)·Vᵀ` of a symmetric matrix (only the `UPLO` triangle is
 * read): eigenvalues in ascending order, orthonormal eigenvectors; batched over leading dims.
 * PyTorch: `torch.linalg.eigh(A, UPLO='L')` → `LinalgEighBackward0` (on both outputs).
 * An eigenvector's sign is not defined (−v is one too): PyTorch's comes from LAPACK, descent's
 * from the Jacobi method of `kernels/eigh.ts`, and they may differ.
 *
 * @param A The (…, n, n) symmetric matrices.
 * @param options `UPLO`.
 * @returns `{ eigenvalues, eigenvectors }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * const { eigenvalues } = linalg.eigh(floatTensor([[2, 1], [1, 2]]));
 * assert.equal(String(eigenvalues), "tensor([1., 3.])");
 * ```
 */
export function eigh(A: Tensor, options?: EighOptions): Eigh {
  checkTensorArg(A, "linalg.eigh", "A", 1);
  const uplo = options?.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") {
    throw new TypeError(`Expected UPLO argument to be 'L' or 'U', but got ${uplo}`);
  }
  const n = checkSquare(A, "linalg.eigh");
  if (!isFloatingDType(A.dtype)) throw notImplemented("linalg_eigh_cpu", A.dtype);
  const batch = batchOf(A);
  const count = shapeNumel(batch);
  const a = float64Values(A);
  const w = new Float64Array(count * n);
  const v = new Float64Array(count * n * n);
  for (let b = 0; b < count; b++) {
    const m = a.subarray(b * n * n, (b + 1) * n * n);
    // mirror the triangle that is read onto the other
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (uplo === "L") m[i * n + j] = m[j * n + i];
        else m[j * n + i] = m[i * n + j];
      }
    }
    const info = jacobiEigh(m, n, w.subarray(b * n), v.subarray(b * n * n));
    if (info !== 0) {
      throw new LinAlgError(
        `${
          failureAt("linalg.eigh", b, A.ndim > 2)
        }: The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated eigenvalues (error code: ${info}).`,
      );
    }
  }
  const eigenvalues = tensorOf(w, [...batch, n], A.dtype);
  const eigenvectors = tensorOf(v, A.shape, A.dtype);
  if (tracks(A)) {
    const node = recordOutputs("LinalgEighBackward0", [eigenvalues, eigenvectors], [A]);
    const sL = node.save(eigenvalues);
    const sV = node.save(eigenvectors);
    node.setBackwardAll(([gL, gV]) => [eighBackward(gL, gV, sL.unpack(), sV.unpack())]);
  }
  return { eigenvalues, eigenvectors };
}

/**
 * PyTorch's `linalg_eig_backward` for Hermitian input: `gA = V·(diag(gL) + skew(VᵀgV)/E)·Vᵀ`
 * with `E_ij = λ_j − λ_i` off the diagonal.
 */
function eighBackward(gL: Tensor | null, gV: Tensor | null, L: Tensor, V: Tensor): Tensor | null {
  if (gV === null) {
    return gL === null ? null : matmul(V.mul(gL.unsqueeze(-2)), mT(V));
  }
  const n = L.shape[L.ndim - 1];
  let VhgV = matmul(mT(V), gV);
  VhgV = VhgV.sub(mT(VhgV)).mul(0.5);
  // E with ones on its diagonal, where VhgV (skew) is zero
  const E = L.unsqueeze(-2).sub(L.unsqueeze(-1)).add(eyeMask(n, n, L.dtype));
  let inner = VhgV.div(E);
  if (gL !== null) inner = inner.add(diagEmbed(gL));
  return matmul(V, matmul(inner, mT(V)));
}
