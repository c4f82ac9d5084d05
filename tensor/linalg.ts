/**
 * `linalg`: PyTorch's `torch.linalg` namespace — solves, inverses, determinants and
 * decompositions of (batches of) matrices, each with PyTorch's derivative written in Tensor ops
 * (so `createGraph` gives second derivatives) and PyTorch's errors for input without an answer
 * (`LinAlgError`).
 *
 * The factorisations are descent's own, on float64 typed arrays (`kernels/`): LU with partial
 * pivoting, Householder QR, Cholesky, Jacobi for `eigh`, one-sided Jacobi for `svd`. Float32
 * input is factored in float64 and rounded once, except LU and Cholesky, which round every
 * stored value to float32 as LAPACK's single-precision routines do (so an exactly singular
 * float32 matrix is singular here too).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg, tensor } from "@descent/tensor";
 * const A = tensor([[2, 1], [1, 3]], { dtype: "float32", requiresGrad: true });
 * const x = linalg.solve(A, floatTensor([3, 5]));
 * assert.equal(String(x), "tensor([0.8000, 1.4000], grad_fn=<LinalgSolveExBackward0>)");
 * linalg.det(A).backward();
 * assert.equal(String(A.grad), "tensor([[ 3., -1.],\n        [-1.,  2.]])");
 * ```
 *
 * @module
 */

export {
  det,
  inv,
  type SignLogAbsDet,
  slogdet,
  solve,
  type SolveOptions,
} from "./ops/linalg_lu.ts";
export {
  cholesky,
  type CholeskyOptions,
  type Eigh,
  eigh,
  type EighOptions,
  type QR,
  qr,
  type QROptions,
} from "./ops/linalg_decomp.ts";
export { type SVD, svd, type SVDOptions, svdvals } from "./ops/linalg_svd.ts";
export { type Lstsq, lstsq, type LstsqDriver, type LstsqOptions } from "./ops/linalg_lstsq.ts";
export { matrixNorm, type MatrixNormOptions } from "./ops/linalg_norm.ts";
export { LinAlgError } from "./ops/linalg_util.ts";
// ---- reductions and scans (issue 13) ----
export { vectorNorm, type VectorNormOptions } from "./ops/norm.ts";
