/**
 * Matrix norms, composed as PyTorch composes them: `matrixNorm` ("fro", "nuc", ±1, ±2, ±∞).
 *
 * PyTorch's `linalg.matrix_norm` is a composition: the Frobenius norm is
 * `linalg.vector_norm(A, 2, dim)` (`LinalgVectorNormBackward0`), ±1 and ±∞ a `vector_norm` of
 * order 1 along one dim and an `amax`/`amin` along the other (`AmaxBackward0`/`AminBackward0`),
 * ±2 and "nuc" the largest, smallest or summed singular values (`svdvals`). The vector norm and
 * the extrema below are the pieces this needs, with PyTorch's node names and gradients; the
 * reductions family's `linalg.vectorNorm`, `amax` and `amin` are their public versions.
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import type { Tensor } from "../tensor.ts";
import { normalizeDim } from "../shape.ts";
import { zeros } from "../create.ts";
import { where } from "./elementwise.ts";
import { eq } from "./compare.ts";
import { maxDim, minDim } from "./reduce.ts";
import { checkFloating, checkMatrix, checkTensorArg } from "./linalg_util.ts";
import { record, tracks } from "./record.ts";
import { svdvals } from "./linalg_svd.ts";

/** `g` (the gradient of a reduction over `dims`) with the reduced dims back as size 1. */
function restoreDims(g: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  if (keepdim) return g;
  let out = g;
  for (const d of [...dims].sort((a, b) => a - b)) out = out.unsqueeze(d);
  return out;
}

/**
 * @internal The vector norm of order 1 or 2 over `dims` (also `normalize`'s). PyTorch: `torch.linalg.vector_norm(x, ord, dim,
 * keepdim)` → `LinalgVectorNormBackward0`, with PyTorch's `norm_backward`: `sgn(x)·g` for order
 * 1, `g·x/‖x‖` (0 where the norm is 0) for order 2.
 */
export function vectorNorm(
  x: Tensor,
  ord: 1 | 2,
  dims: readonly number[],
  keepdim: boolean,
): Tensor {
  const out = noGrad(() => (ord === 1 ? x.abs() : x.square()).sum(dims, keepdim));
  const result = ord === 1 ? out : noGrad(() => out.sqrt());
  if (tracks(x)) {
    const node = record("LinalgVectorNormBackward0", result, [x]);
    const sx = node.save(x);
    const sn = node.save(result);
    node.backwardFn = (g) => {
      const xv = sx.unpack();
      const gk = restoreDims(g, dims, keepdim);
      if (ord === 1) return [gk.mul(sgn(xv))];
      const norm = restoreDims(sn.unpack(), dims, keepdim);
      const zero = eq(norm, 0);
      // masked_fill(norm == 0, 0) of x/norm: under createGraph its masked branch is NaN there, as
      // PyTorch's
      return [gk.mul(where(zero, 0, xv.div(norm)))];
    };
  }
  return result;
}

/** `sgn(x)` as a constant (its derivative is 0 wherever it is defined). */
function sgn(x: Tensor): Tensor {
  return noGrad(() => where(x.gt(0), 1, where(x.lt(0), -1, x.mul(0))));
}

/**
 * The largest (`max`) or smallest value along `dim`. PyTorch: `torch.amax`/`torch.amin` →
 * `AmaxBackward0`/`AminBackward0`, whose gradient is shared evenly by the elements equal to
 * the result. Over an empty dim, `linalg.matrix_norm` (2.x) returns zeros without a graph for
 * the largest and fails in `amin` for the smallest.
 */
function extreme(x: Tensor, dim: number, keepdim: boolean, max: boolean): Tensor {
  const d = normalizeDim(dim, x.ndim);
  if (x.shape[d] === 0) {
    if (!max) {
      throw new RangeError(`amin(): Expected reduction dim ${dim} to have non-zero size.`);
    }
    const shape = x.shape.slice();
    if (keepdim) shape[d] = 1;
    else shape.splice(d, 1);
    return zeros(shape, { dtype: x.dtype });
  }
  const result = noGrad(() => (max ? maxDim(x, d, keepdim) : minDim(x, d, keepdim)).values);
  if (tracks(x)) {
    const node = record(max ? "AmaxBackward0" : "AminBackward0", result, [x]);
    const sx = node.save(x);
    const sr = node.save(result);
    node.backwardFn = (g) => {
      const mask = eq(sx.unpack(), restoreDims(sr.unpack(), [d], keepdim));
      return [restoreDims(g, [d], keepdim).div(mask.sum(d, true)).mul(mask)];
    };
  }
  return result;
}

/** Options of {@linkcode matrixNorm}. */
export interface MatrixNormOptions {
  /** The two dims holding the matrices (default `[-2, -1]`). */
  dim?: readonly number[];
  /** Keep the two reduced dims with size 1. */
  keepdim?: boolean;
}

/** The permutation moving dims d0 and d1 to the end (PyTorch's `create_dim_backshift_permutation`). */
function backshift(d0: number, d1: number, ndim: number): number[] {
  const rest = [...Array(ndim).keys()].filter((d) => d !== d0 && d !== d1);
  return [...rest, d0, d1];
}

/**
 * A matrix norm over two dims: `"fro"` (default, √Σ a²), `"nuc"` (Σ singular values), `2`/`-2`
 * (largest/smallest singular value), `1`/`-1` (largest/smallest column sum of |a|),
 * `Infinity`/`-Infinity` (largest/smallest row sum of |a|). PyTorch:
 * `torch.linalg.matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False)`, composed as PyTorch
 * composes it (so the gradient node is `LinalgVectorNormBackward0`, `SumBackward1`,
 * `AmaxBackward0` or `AminBackward0`).
 *
 * @param A The (…, m, n) matrices (or any tensor with `dim` naming the matrix dims).
 * @param ord The norm.
 * @param options `dim`, `keepdim`.
 * @returns The norms.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * const A = floatTensor([[1, -2], [3, 4]]);
 * assert.equal(String(linalg.matrixNorm(A, 1)), "tensor(6.)");
 * assert.equal(String(linalg.matrixNorm(A, Infinity)), "tensor(7.)");
 * assert.equal(String(linalg.matrixNorm(A)), "tensor(5.4772)");
 * ```
 */
export function matrixNorm(
  A: Tensor,
  ord: "fro" | "nuc" | number = "fro",
  options?: MatrixNormOptions,
): Tensor {
  const fn = "linalg.matrix_norm";
  checkTensorArg(A, fn, "A", 1);
  const keepdim = options?.keepdim ?? false;
  if (
    typeof ord === "string"
      ? ord !== "fro" && ord !== "nuc"
      : ![1, 2, Infinity].includes(Math.abs(ord))
  ) {
    const word = typeof ord === "number" && !Number.isFinite(ord)
      ? (Number.isNaN(ord) ? "nan" : ord > 0 ? "inf" : "-inf")
      : String(ord);
    throw new TypeError(`${fn}: Order ${word} not supported.`);
  }
  checkMatrix(A, fn);
  checkFloating(A, fn);
  const dimArg = options?.dim ?? [-2, -1];
  if (dimArg.length !== 2) {
    throw new RangeError(`${fn}: dim must be a 2-tuple. Got ${dimArg.join(" ")}`);
  }
  let [d0, d1] = dimArg.map((d) => normalizeDim(d, A.ndim));
  if (d0 === d1) throw new RangeError(`${fn}: dims must be different. Got (${d0}, ${d1})`);
  if (ord === "fro") return vectorNorm(A, 2, [d0, d1], keepdim);
  if (ord === "nuc" || Math.abs(ord) === 2) {
    const perm = backshift(d0, d1, A.ndim);
    const s = svdvals(A.permute(perm));
    let out = ord === "nuc" ? s.sum(-1, keepdim) : extreme(s, -1, keepdim, ord > 0);
    if (keepdim) {
      const reverse = perm.map((_, i) => perm.indexOf(i));
      out = out.unsqueeze(-1).permute(reverse);
    }
    return out;
  }
  // ±1: column sums of |A| (dim d0 summed), ±∞: row sums (the transpose's)
  if (Math.abs(ord) === Infinity) [d0, d1] = [d1, d0];
  if (!keepdim && d0 < d1) d1--;
  return extreme(vectorNorm(A, 1, [d0], keepdim), d1, keepdim, ord > 0);
}
