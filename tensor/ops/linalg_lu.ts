/**
 * The `linalg` ops built on an LU factorisation with partial pivoting, with their derivatives:
 * `solve`, `inv`, `det`, `slogdet`. Batched over leading dims; `solve` broadcasts the batch
 * dims of A and B. A singular matrix (an exactly zero pivot, as LAPACK's `getrf` reports it)
 * makes `solve` and `inv` throw PyTorch's `LinAlgError`.
 *
 * @module
 */

import { scalarTypeName } from "../dtype.ts";
import { type DType, Tensor } from "../tensor.ts";
import { broadcastShapes, shapeNumel } from "../shape.ts";
import { luFactor, luSolve, permutationSign } from "../kernels/lu.ts";
import {
  batchIndex,
  batchOf,
  checkFloating,
  checkMatrix,
  checkSquare,
  checkTensorArg,
  diagEmbed,
  epsilonOf,
  failureAt,
  float64Values,
  LinAlgError,
  mT,
  tensorOf,
} from "./linalg_util.ts";
import { record, recordOutputs, tracks, tracksAny } from "./record.ts";
import { stack } from "./index.ts";
import { matmul } from "./linalg.ts";
import { svd } from "./linalg_svd.ts";

/** The LU factors of every matrix of a batch, with each one's LAPACK `info`. */
interface Factors {
  n: number;
  count: number;
  lu: Float64Array;
  piv: Int32Array;
  info: Int32Array;
}

function factorAll(a: Tensor, n: number): Factors {
  const count = shapeNumel(batchOf(a));
  const lu = float64Values(a);
  const piv = new Int32Array(count * n);
  const info = new Int32Array(count);
  const f32 = a.dtype === "float32";
  for (let b = 0; b < count; b++) {
    info[b] = luFactor(lu.subarray(b * n * n), n, piv.subarray(b * n), f32);
  }
  return { n, count, lu, piv, info };
}

/** The first batch element whose matrix is singular, or -1. */
function firstSingular(f: Factors): number {
  for (let b = 0; b < f.count; b++) if (f.info[b] !== 0) return b;
  return -1;
}

/** Whether B is a (batch of) vector(s) for A (PyTorch's `linalg_solve_is_vector_rhs`). */
function isVectorRhs(a: Tensor, b: Tensor): boolean {
  if (b.ndim === 1) return true;
  if (a.ndim - 1 !== b.ndim) return false;
  return b.shape.every((s, i) => s === a.shape[i]);
}

/** Options of {@linkcode solve}. */
export interface SolveOptions {
  /** Solve `A·X = B` (default) or, when `false`, `X·A = B`. */
  left?: boolean;
}

/**
 * The solution X of `A·X = B` (or `X·A = B` with `left: false`) for square A, batched and
 * broadcast over leading dims; B may be a vector (or a batch of vectors, B's shape A's shape
 * without the last dim). PyTorch: `torch.linalg.solve(A, B, left=True)` →
 * `LinalgSolveExBackward0`. A singular A throws `LinAlgError` (`torch.linalg.solve: The solver
 * failed because the input matrix is singular.`).
 *
 * @param A The (…, n, n) coefficient matrices.
 * @param B The (…, n, k) right-hand sides, or (…, n) vectors.
 * @param options `left`.
 * @returns X, B's shape with the batch dims broadcast.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * const A = floatTensor([[3, 1], [1, 2]]);
 * assert.equal(String(linalg.solve(A, floatTensor([9, 8]))), "tensor([2., 3.])");
 * ```
 */
export function solve(A: Tensor, B: Tensor, options?: SolveOptions): Tensor {
  checkTensorArg(A, "linalg.solve", "A", 1);
  checkTensorArg(B, "linalg.solve", "B", 2);
  checkFloating(A, "linalg.solve");
  return solveChecked(A, B, options?.left ?? true, true);
}

/** `solve`, optionally without the singularity check (inf/NaN then, as LAPACK's `getrs`). */
function solveChecked(A: Tensor, B: Tensor, left: boolean, check: boolean): Tensor {
  const fn = "linalg.solve";
  if (A.dtype !== B.dtype) {
    throw new TypeError(
      `${fn}: Expected A and B to have the same dtype, but found A of type ${
        scalarTypeName(A.dtype)
      } and B of type ${scalarTypeName(B.dtype)} instead`,
    );
  }
  const vector = isVectorRhs(A, B);
  const B2 = vector ? B.detach().unsqueeze(-1) : B.detach();
  const n = checkSquare(A, fn);
  checkMatrix(B2, fn, "B");
  const [rb, cb] = B2.shape.slice(-2);
  if (left ? rb !== n : cb !== n) {
    throw new RangeError(
      `${fn}: Incompatible shapes of A and B for the equation ${
        left ? "AX = B" : "XA = B"
      } (${n}x${n} and ${rb}x${cb})`,
    );
  }
  const batch = broadcastShapes(batchOf(B2), batchOf(A));
  const f = factorAll(A, n);
  const bad = firstSingular(f);
  if (check && bad >= 0) {
    throw new LinAlgError(
      `torch.${
        failureAt(fn, bad, A.ndim > 2)
      }: The solver failed because the input matrix is singular.`,
    );
  }
  // k right-hand sides of n values each: left, B's columns; right (Aᵀ·Xᵀ = Bᵀ), B's rows
  const k = left ? cb : rb;
  const rhs = float64Values(left ? B2.expand([...batch, n, k]) : mT(B2).expand([...batch, n, k]));
  const which = batchIndex(batch, batchOf(A));
  const f32 = A.dtype === "float32";
  for (let b = 0; b < which.length; b++) {
    const a = which[b];
    luSolve(
      f.lu.subarray(a * n * n),
      n,
      f.piv.subarray(a * n),
      rhs.subarray(b * n * k),
      k,
      f32,
      !left,
    );
  }
  let X = tensorOf(rhs, [...batch, n, k], A.dtype);
  if (!left) X = X.transpose(-2, -1).contiguous();
  if (vector) X = new Tensor(X._data, [...batch, n], X.dtype);
  if (tracks(A, B)) {
    const node = record("LinalgSolveExBackward0", X, [A, B]);
    const sA = node.save(A);
    const sX = node.needs(0) ? node.save(X) : null;
    node.setBackward((gX) => {
      const a = sA.unpack();
      const g = vector ? gX.unsqueeze(-1) : gX;
      const gB = solveChecked(mT(a), g, left, check);
      let gA: Tensor | null = null;
      if (sX !== null) {
        const x = vector ? sX.unpack().unsqueeze(-1) : sX.unpack();
        gA = (left ? matmul(gB, mT(x)) : matmul(mT(x), gB)).neg();
      }
      return [gA, node.needs(1) ? (vector ? gB.squeeze(-1) : gB) : null];
    });
  }
  return X;
}

/**
 * The inverse of a square matrix, batched over leading dims. PyTorch: `torch.linalg.inv(A)` →
 * `LinalgInvExBackward0`. A singular A throws `LinAlgError` (`linalg.inv: The diagonal element
 * 2 is zero, the inversion could not be completed because the input matrix is singular.`).
 *
 * @param A The (…, n, n) matrices.
 * @returns Their inverses.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * assert.equal(String(linalg.inv(floatTensor([[2, 0], [0, 4]]))), "tensor([[0.5000, 0.0000],\n        [0.0000, 0.2500]])");
 * ```
 */
export function inv(A: Tensor): Tensor {
  checkTensorArg(A, "linalg.inv", "A", 1);
  const n = checkSquare(A, "linalg.inv");
  checkFloating(A, "linalg.inv");
  const f = factorAll(A, n);
  const bad = firstSingular(f);
  if (bad >= 0) {
    throw new LinAlgError(
      `${failureAt("linalg.inv", bad, A.ndim > 2)}: The diagonal element ${
        f.info[bad]
      } is zero, the inversion could not be completed because the input matrix is singular.`,
    );
  }
  const out = new Float64Array(f.count * n * n);
  const f32 = A.dtype === "float32";
  for (let b = 0; b < f.count; b++) {
    const x = out.subarray(b * n * n, (b + 1) * n * n);
    for (let i = 0; i < n; i++) x[i * n + i] = 1;
    luSolve(f.lu.subarray(b * n * n), n, f.piv.subarray(b * n), x, n, f32);
  }
  const result = tensorOf(out, A.shape, A.dtype);
  if (tracks(A)) {
    const node = record("LinalgInvExBackward0", result, [A]);
    const sInv = node.save(result);
    node.setBackward((g) => {
      const invT = mT(sInv.unpack());
      return [matmul(invT, matmul(g, invT)).neg()];
    });
  }
  return result;
}

/**
 * What `det` and `slogdet` factor: Aᵀ when A is contiguous (det Aᵀ = det A), as PyTorch does to
 * hand LAPACK column-major data without a copy — so a matrix that is exactly singular in
 * floating point for PyTorch is for descent too.
 */
function transposedIfContiguous(A: Tensor): Tensor {
  return A.isContiguous() ? mT(A.detach()) : A;
}

/** det = sign(P)·Π diag(U) per batch element, the product rounded as `dtype` computes it. */
function determinants(f: Factors, dtype: DType): { det: Float64Array; diag: Float64Array } {
  const { n, count, lu, piv } = f;
  const det = new Float64Array(count);
  const diag = new Float64Array(count * n);
  for (let b = 0; b < count; b++) {
    let p = 1;
    for (let i = 0; i < n; i++) {
      const d = lu[b * n * n + i * n + i];
      diag[b * n + i] = d;
      p = dtype === "float32" ? Math.fround(p * d) : p * d;
    }
    det[b] = permutationSign(n, piv.subarray(b * n)) * p;
  }
  return { det, diag };
}

/**
 * The determinant of a square matrix, batched over leading dims. PyTorch:
 * `torch.linalg.det(A)` → `LinalgDetBackward0`. Its gradient `det·A⁻ᵀ` is computed, where
 * `|det|` is below 100·ε, from an SVD instead (the adjugate of a singular matrix, as PyTorch
 * does when building a graph of the gradient).
 *
 * @param A The (…, n, n) matrices.
 * @returns Their determinants, shape (…).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * assert.equal(String(linalg.det(floatTensor([[1, 2], [3, 4]]))), "tensor(-2.)");
 * ```
 */
export function det(A: Tensor): Tensor {
  checkTensorArg(A, "linalg.det", "A", 1);
  const n = checkSquare(A, "linalg.det");
  checkFloating(A, "linalg.det");
  const f = factorAll(transposedIfContiguous(A), n);
  const result = tensorOf(determinants(f, A.dtype).det, batchOf(A), A.dtype);
  if (tracks(A)) {
    const node = record("LinalgDetBackward0", result, [A]);
    const sA = node.save(A);
    const sDet = node.save(result);
    node.setBackward((g) => [detBackward(g, sDet.unpack(), sA.unpack())]);
  }
  return result;
}

/**
 * PyTorch's `linalg_det_backward`: `(g·det)·A⁻ᵀ` where A is not (nearly) singular, and where
 * `|det| < 100·ε` the SVD form of the adjugate, `U·diag(α·Π_{j≠i} s_j)·Vᵀ` with `α = g·det(U)·
 * det(Vᵀ)`, which stays correct at singular matrices.
 */
function detBackward(g: Tensor, d: Tensor, a: Tensor): Tensor | null {
  const n = a.shape[a.ndim - 1];
  if (a._numel === 0) return null; // as PyTorch: no gradient for a 0×0 matrix
  const eps = epsilonOf(a.dtype);
  const dv = d._values();
  const small = Array.from(dv, (x) => Math.abs(x) < 100 * eps);
  const nonsingular = (a: Tensor, g: Tensor, d: Tensor) =>
    solveChecked(mT(a), diagEmbed(g.mul(d).unsqueeze(-1).expand([...g.shape, n])), true, true);
  if (!small.includes(true)) return nonsingular(a, g, d);
  if (!small.includes(false)) return singularDetBackward(a, g);
  // a batch of both kinds: each matrix by its own formula (PyTorch's masked_fmap)
  const flatA = a.reshape(-1, n, n);
  const flatG = g.reshape(-1);
  const flatD = d.reshape(-1);
  const parts = small.map((s, b) => {
    const [ab, gb, db] = [flatA.select(0, b), flatG.select(0, b), flatD.select(0, b)];
    return s ? singularDetBackward(ab, gb) : nonsingular(ab, gb, db);
  });
  return stack(parts).reshape(a.shape);
}

/** The adjugate-based gradient of det at A (…, n, n), from A's SVD. */
function singularDetBackward(a: Tensor, g: Tensor): Tensor {
  const { U, S, Vh } = svd(a);
  const alpha = det(U).mul(det(Vh)).mul(g);
  const n = S.shape[S.ndim - 1];
  // D_i = α·Π_{j≠i} S_j as products of the others (no division: S may hold zeros)
  const cols = Array.from({ length: n }, (_, j) => S.select(-1, j));
  const before: Tensor[] = [alpha];
  for (let j = 1; j < n; j++) before.push(before[j - 1].mul(cols[j - 1]));
  const parts = new Array<Tensor>(n);
  let after: Tensor | null = null;
  for (let i = n - 1; i >= 0; i--) {
    parts[i] = after === null ? before[i] : before[i].mul(after);
    after = after === null ? cols[i] : after.mul(cols[i]);
  }
  const D = stack(parts, -1);
  return matmul(U.mul(D.unsqueeze(-2)), Vh);
}

/** The result of {@linkcode slogdet}. PyTorch: `torch.return_types.linalg_slogdet`. */
export interface SignLogAbsDet {
  /** The sign of the determinant (0 for a singular matrix). */
  sign: Tensor;
  /** The natural log of the determinant's absolute value (−∞ for a singular matrix). */
  logabsdet: Tensor;
}

/**
 * The sign and the log of the absolute value of the determinant, without the overflow or
 * underflow of `det` itself; batched over leading dims. PyTorch: `torch.linalg.slogdet(A)` →
 * `LinalgSlogdetBackward0` (on both outputs; the gradient flows through `logabsdet`:
 * `g·A⁻ᵀ`).
 *
 * @param A The (…, n, n) matrices.
 * @returns `{ sign, logabsdet }`, each of shape (…).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * const { sign, logabsdet } = linalg.slogdet(floatTensor([[0, 2], [3, 0]]));
 * assert.equal(String(sign), "tensor(-1.)");
 * assert.equal(logabsdet.item(), Math.fround(Math.log(6)));
 * ```
 */
export function slogdet(A: Tensor): SignLogAbsDet {
  checkTensorArg(A, "linalg.slogdet", "A", 1);
  const n = checkSquare(A, "linalg.slogdet");
  checkFloating(A, "linalg.slogdet");
  const f = factorAll(transposedIfContiguous(A), n);
  const { diag } = determinants(f, A.dtype);
  const signs = new Float64Array(f.count);
  const logs = new Float64Array(f.count);
  for (let b = 0; b < f.count; b++) {
    let s = 1;
    let l = 0;
    for (let i = 0; i < n; i++) {
      const d = diag[b * n + i];
      s *= d > 0 ? 1 : d < 0 ? -1 : d === 0 ? 0 : NaN; // sgn, as PyTorch's (−0 gives +0)
      l += Math.log(Math.abs(d));
    }
    signs[b] = s * permutationSign(n, f.piv.subarray(b * n));
    logs[b] = l;
  }
  const sign = tensorOf(signs, batchOf(A), A.dtype);
  const logabsdet = tensorOf(logs, batchOf(A), A.dtype);
  if (tracksAny([A])) {
    const node = recordOutputs("LinalgSlogdetBackward0", [sign, logabsdet], [A]);
    const sA = node.save(A);
    node.setBackwardAll(([, g]) => {
      if (g === null) return [null];
      const a = sA.unpack();
      // g·A⁻ᵀ; a singular A gives infinities here (PyTorch's lu_solve) instead of an error
      return [solveChecked(mT(a), diagEmbed(g.unsqueeze(-1).expand([...g.shape, n])), true, false)];
    });
  }
  return { sign, logabsdet };
}
