/**
 * Triangular solves with their derivative, the building block of the Cholesky and QR
 * gradients. PyTorch: `torch.linalg.solve_triangular` → `LinalgSolveTriangularBackward0`
 * (not exported by descent yet: the `linalg` ops use it internally).
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { broadcastShapes } from "../shape.ts";
import { triangularSolve } from "../kernels/triangular.ts";
import { batchIndex, batchOf, float64Values, mT, tensorOf, tril, triu } from "./linalg_util.ts";
import { record, tracks } from "./record.ts";
import { matmul } from "./linalg.ts";

/** Options of {@linkcode solveTriangular}. PyTorch's keyword arguments. */
export interface SolveTriangularOptions {
  /** Whether A is upper (`true`) or lower (`false`) triangular; the other triangle is not read. */
  upper: boolean;
  /** Solve `A·X = B` (default) or `X·A = B`. */
  left?: boolean;
  /** Take A's diagonal as ones (not read). */
  unitriangular?: boolean;
}

/**
 * The solution of `A·X = B` (or `X·A = B`) for triangular A, batched and broadcast over leading
 * dims. PyTorch: `torch.linalg.solve_triangular(A, B, *, upper, left=True,
 * unitriangular=False)` → `LinalgSolveTriangularBackward0`. The gradient of A is projected on
 * the triangle that was read.
 *
 * @param A The (…, n, n) triangular matrices.
 * @param B The (…, n, k) right-hand sides (…, k, n) with `left: false`.
 * @param options `upper`, `left`, `unitriangular`.
 * @returns X.
 */
export function solveTriangular(A: Tensor, B: Tensor, options: SolveTriangularOptions): Tensor {
  const { upper } = options;
  const left = options.left ?? true;
  const unit = options.unitriangular ?? false;
  const n = A.shape[A.ndim - 1];
  const batch = broadcastShapes(batchOf(B), batchOf(A));
  // X·A = B is Aᵀ·Xᵀ = Bᵀ, with Aᵀ triangular the other way
  const rhs = left ? B.detach() : mT(B.detach());
  const k = rhs.shape[rhs.ndim - 1];
  const x = float64Values(rhs.expand([...batch, n, k]));
  const a = float64Values(left ? A.detach() : mT(A.detach()));
  const which = batchIndex(batch, batchOf(A));
  for (let b = 0; b < which.length; b++) {
    const t = a.subarray(which[b] * n * n, (which[b] + 1) * n * n);
    triangularSolve(t, n, left ? upper : !upper, unit, x.subarray(b * n * k), k);
  }
  let X = tensorOf(x, [...batch, n, k], A.dtype);
  if (!left) X = X.transpose(-2, -1).contiguous();
  if (tracks(A, B)) {
    const node = record("LinalgSolveTriangularBackward0", X, [A, B]);
    const sA = node.save(A);
    const sX = node.needs(0) ? node.save(X) : null;
    node.setBackward((g) => {
      // G_B = A⁻ᴴ·G (the adjoint solve), G_A = −G_B·Xᴴ (or −Xᴴ·G_B), on A's triangle
      const gB = solveTriangular(mT(sA.unpack()), g, { upper: !upper, left, unitriangular: unit });
      let gA: Tensor | null = null;
      if (sX !== null) {
        const xT = mT(sX.unpack());
        const full = (left ? matmul(gB, xT) : matmul(xT, gB)).neg();
        gA = upper ? triu(full, unit ? 1 : 0) : tril(full, unit ? -1 : 0);
      }
      return [gA, node.needs(1) ? gB : null];
    });
  }
  return X;
}
