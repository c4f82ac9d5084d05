/**
 * The singular value decomposition with its derivative: `svd`, `svdvals`, and the
 * pseudo-inverse the least-squares gradient is written with. Batched over leading dims; the
 * gradient is PyTorch's `svd_backward` (real case), in Tensor ops.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { shapeNumel } from "../shape.ts";
import { jacobiSvd } from "../kernels/svd.ts";
import {
  batchOf,
  checkFloating,
  checkMatrix,
  checkTensorArg,
  diagEmbed,
  epsilonOf,
  eyeMask,
  failureAt,
  float64Values,
  LinAlgError,
  mT,
  tensorOf,
} from "./linalg_util.ts";
import { noGrad } from "@descent/autograd";
import { record, recordOutputs, tracks } from "./record.ts";
import { where } from "./elementwise.ts";
import { matmul } from "./linalg.ts";

/** The result of {@linkcode svd}. PyTorch: `torch.return_types.linalg_svd`. */
export interface SVD {
  /** The left singular vectors as columns, (…, m, m) or (…, m, k). */
  U: Tensor;
  /** The singular values, descending, (…, k) with k = min(m, n). */
  S: Tensor;
  /** The right singular vectors as rows, (…, n, n) or (…, k, n). */
  Vh: Tensor;
}

/** Options of {@linkcode svd}. */
export interface SVDOptions {
  /** Full U (m×m) and Vh (n×n), as by default, or (`false`) the reduced m×k and k×n ones. */
  fullMatrices?: boolean;
}

/** The SVDs of every matrix of A; `vectors` false computes the singular values only. */
function decompose(A: Tensor, full: boolean, vectors: boolean): SVD {
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  const batch = batchOf(A);
  const count = shapeNumel(batch);
  const uc = full ? m : k;
  const vr = full ? n : k;
  const a = float64Values(A);
  for (let b = 0; b < count; b++) {
    for (let i = b * m * n; i < (b + 1) * m * n; i++) {
      if (Number.isFinite(a[i])) continue;
      throw new LinAlgError(
        `${
          failureAt("linalg.svd", b, A.ndim > 2)
        }: The algorithm failed to converge because the input matrix contained non-finite values.`,
      );
    }
  }
  const s = new Float64Array(count * k);
  const u = vectors ? new Float64Array(count * m * uc) : null;
  const vt = vectors ? new Float64Array(count * vr * n) : null;
  for (let b = 0; b < count; b++) {
    const info = jacobiSvd(
      a.subarray(b * m * n, (b + 1) * m * n),
      m,
      n,
      s.subarray(b * k),
      u === null ? null : u.subarray(b * m * uc),
      uc,
      vt === null ? null : vt.subarray(b * vr * n),
      vr,
    );
    if (info !== 0) {
      throw new LinAlgError(
        `${
          failureAt("linalg.svd", b, A.ndim > 2)
        }: The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: ${info}).`,
      );
    }
  }
  const S = tensorOf(s, [...batch, k], A.dtype);
  const U = u === null ? tensorOf([], [0], A.dtype) : tensorOf(u, [...batch, m, uc], A.dtype);
  const Vh = vt === null ? tensorOf([], [0], A.dtype) : tensorOf(vt, [...batch, vr, n], A.dtype);
  if (vectors && tracks(A)) {
    const node = recordOutputs("LinalgSvdBackward0", [U, S, Vh], [A]);
    const sU = node.save(U);
    const sS = node.save(S);
    const sVh = node.save(Vh);
    node.setBackwardAll(([gU, gS, gVh]) => {
      // full_matrices: only the first k columns of U (rows of Vh) are differentiable
      const narrowU = (t: Tensor) => (full && m > k ? t.narrow(-1, 0, k) : t);
      const narrowV = (t: Tensor) => (full && n > k ? t.narrow(-2, 0, k) : t);
      return [
        svdBackward(
          gU === null ? null : narrowU(gU),
          gS,
          gVh === null ? null : narrowV(gVh),
          narrowU(sU.unpack()),
          sS.unpack(),
          narrowV(sVh.unpack()),
        ),
      ];
    });
  }
  return { U, S, Vh };
}

/**
 * The singular value decomposition `A = U·diag(S)·Vh`, singular values descending; batched
 * over leading dims. PyTorch: `torch.linalg.svd(A, full_matrices=True)` → `LinalgSvdBackward0`
 * (on all three outputs). A pair of singular vectors is defined up to a common sign (−u, −v is
 * one too): PyTorch's come from LAPACK, descent's from the one-sided Jacobi method of
 * `kernels/svd.ts`, and they may differ. Non-finite input throws `LinAlgError`.
 *
 * @param A The (…, m, n) matrices.
 * @param options `fullMatrices` (default `true`, as PyTorch).
 * @returns `{ U, S, Vh }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * const { U, S, Vh } = linalg.svd(floatTensor([[3, 0], [0, -4]]));
 * assert.equal(String(S), "tensor([4., 3.])");
 * assert.equal(String(U.mul(S.unsqueeze(-2)).matmul(Vh)), "tensor([[ 3.,  0.],\n        [ 0., -4.]])");
 * ```
 */
export function svd(A: Tensor, options?: SVDOptions): SVD {
  checkTensorArg(A, "linalg.svd", "A", 1);
  checkMatrix(A, "linalg.svd");
  checkFloating(A, "linalg.svd");
  return decompose(A, options?.fullMatrices ?? true, true);
}

/**
 * The singular values of a matrix, descending; batched over leading dims. PyTorch:
 * `torch.linalg.svdvals(A)` → `LinalgSvdBackward0` (the gradient `U·diag(g)·Vh` needs the
 * singular vectors, which are then computed too).
 *
 * @param A The (…, m, n) matrices.
 * @returns The (…, min(m, n)) singular values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * assert.equal(String(linalg.svdvals(floatTensor([[0, 2], [-1, 0]]))), "tensor([2., 1.])");
 * ```
 */
export function svdvals(A: Tensor): Tensor {
  checkTensorArg(A, "linalg.svdvals", "A", 1);
  checkMatrix(A, "linalg.svd");
  checkFloating(A, "linalg.svd");
  return decompose(A, false, tracks(A)).S;
}

/**
 * PyTorch's `svd_backward` (real case, distinct singular values; a rectangular A of full
 * rank): `gA = U·[(skew(UᵀgU)/E)·S + S·(skew(VᵀgV)/E) + diag(gS)]·Vᵀ` with `E_jk = s_k² − s_j²`,
 * plus `(I − UUᵀ)·gU·S⁻¹·Vᵀ` when m > n, or `U·S⁻¹·gVhᵀ… (I − VVᵀ)` when m < n.
 */
function svdBackward(
  gU: Tensor | null,
  gS: Tensor | null,
  gVh: Tensor | null,
  U: Tensor,
  S: Tensor,
  Vh: Tensor,
): Tensor | null {
  const m = U.shape[U.ndim - 2];
  const n = Vh.shape[Vh.ndim - 1];
  if (gU === null && gVh === null) {
    if (gS === null) return null;
    return m >= n ? matmul(U, gS.unsqueeze(-1).mul(Vh)) : matmul(U.mul(gS.unsqueeze(-2)), Vh);
  }
  const k = S.shape[S.ndim - 1];
  const skew = (x: Tensor) => x.sub(mT(x));
  const UhgU = gU === null ? null : skew(matmul(mT(U), gU));
  const VhgV = gVh === null ? null : skew(matmul(Vh, mT(gVh)));
  const S2 = S.mul(S);
  const E = S2.unsqueeze(-2).sub(S2.unsqueeze(-1)).add(eyeMask(k, k, S.dtype));
  let inner: Tensor;
  if (UhgU !== null && VhgV !== null) {
    inner = UhgU.mul(S.unsqueeze(-2)).add(S.unsqueeze(-1).mul(VhgV)).div(E);
  } else if (UhgU !== null) {
    inner = UhgU.div(E).mul(S.unsqueeze(-2));
  } else {
    inner = S.unsqueeze(-1).mul(VhgV!.div(E));
  }
  if (gS !== null) inner = inner.add(diagEmbed(gS));
  if (m > n && gU !== null) {
    let gA = matmul(U, inner);
    const gUSinv = gU.div(S.unsqueeze(-2));
    gA = gA.add(gUSinv).sub(matmul(U, matmul(mT(U), gUSinv)));
    return matmul(gA, Vh);
  }
  if (m < n && gVh !== null) {
    let gA = matmul(inner, Vh);
    const SinvgVh = gVh.div(S.unsqueeze(-1));
    gA = gA.add(SinvgVh).sub(matmul(matmul(SinvgVh, mT(Vh)), Vh));
    return matmul(U, gA);
  }
  return m >= n ? matmul(U, matmul(inner, Vh)) : matmul(matmul(U, inner), Vh);
}

/**
 * The pseudo-inverse `A⁺ = V·diag(1/s)·Uᵀ` over the singular values above `rtol·s_max`
 * (rtol = ε·max(m, n)), batched. PyTorch: `torch.linalg.pinv(A)` → `LinalgPinvBackward0`, whose
 * gradient ({@linkcode pinvBackward}) needs no singular vectors (so repeated singular values do
 * no harm). The gradient of `lstsq` is written with it, as PyTorch's.
 */
export function pinv(A: Tensor): Tensor {
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  const { U, S, Vh } = noGrad(() => decompose(A, false, true));
  const eps = epsilonOf(A.dtype);
  const result = noGrad(() => {
    if (k === 0) return mT(A).mul(0).contiguous();
    const cutoff = S.narrow(-1, 0, 1).mul(eps * Math.max(m, n));
    const inv = where(S.gt(cutoff), S.reciprocal(), 0);
    return matmul(mT(Vh).mul(inv.unsqueeze(-2)), mT(U));
  });
  if (tracks(A)) {
    const node = record("LinalgPinvBackward0", result, [A]);
    const sA = node.save(A);
    const sP = node.save(result);
    node.setBackward((g) => [pinvBackward(g, sP.unpack(), sA.unpack())]);
  }
  return result;
}

/** PyTorch's `pinv_backward`: the gradient of A from the gradient `g` of `A⁺`. */
export function pinvBackward(g: Tensor, pinvA: Tensor, A: Tensor): Tensor {
  const [m, n] = A.shape.slice(-2);
  const pinvAh = mT(pinvA);
  const gh = mT(g);
  if (m <= n) {
    const K = matmul(gh, pinvA);
    const KpinvAh = matmul(K, pinvAh);
    return mT(matmul(pinvA, K)).neg().add(KpinvAh).sub(matmul(matmul(A, pinvA), KpinvAh))
      .add(matmul(matmul(pinvAh, pinvA), gh.sub(matmul(K, A))));
  }
  const K = matmul(pinvA, gh);
  const pinvAhK = matmul(pinvAh, K);
  return mT(matmul(K, pinvA)).neg().add(matmul(matmul(gh.sub(matmul(A, K)), pinvA), pinvAh))
    .add(pinvAhK).sub(matmul(matmul(pinvAhK, pinvA), A));
}
