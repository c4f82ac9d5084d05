/**
 * Vector norms: `linalg.vectorNorm` (any order: 0, 1, 2, ±∞, any other p) and `norm`, which
 * dispatches as PyTorch 2.x's `torch.norm` does (to `linalg.vector_norm`, or `matrix_norm` for
 * "nuc" and "fro" over more than two dims).
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { isFloatingDType, scalarTypeName } from "../dtype.ts";
import { rowNorms } from "../kernels/rows.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { mapValues, maskOf, where } from "./elementwise.ts";
import { eq } from "./compare.ts";
import { logicalOr } from "./bitwise.ts";
import { reducedShape, reductionDims } from "./reduce.ts";
import { restoreDims, rowsOf } from "./rows.ts";
import { matrixNorm } from "./linalg_norm.ts";

/** Options of {@linkcode vectorNorm} and {@linkcode norm}. */
export interface VectorNormOptions {
  /** A dim or list of dims to reduce (default: all). */
  dim?: number | readonly number[] | null;
  /** Keep the reduced dims with size 1. */
  keepdim?: boolean;
}

/** An order as PyTorch prints a Scalar in messages: `inf`, `-inf`, `2`, `0.5`. */
function word(ord: number): string {
  return ord === Infinity ? "inf" : ord === -Infinity ? "-inf" : String(ord);
}

/** `sgn(x)` as a constant (1, -1, or 0 for zeros and NaN, as PyTorch's real `sgn`). */
function sign(x: Tensor): Tensor {
  return mapValues(x.detach(), (v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
}

/**
 * PyTorch's `norm_backward` for one order (`g` and `norm` with the reduced dims restored):
 * `sgn(x)·g` (1), `g·x/‖x‖` (2, 0 where the norm is 0), the gradient shared by the elements of
 * largest (smallest) magnitude (±∞, NaNs included), and `sgn(x)·|x|^(p-1)·g/‖x‖^(p-1)` otherwise.
 */
function normBackward(g: Tensor, x: Tensor, ord: number, norm: Tensor, dims: number[]): Tensor {
  // masked_fill(mask, 0) is where(mask, 0, ·): the same values, and under createGraph the same
  // NaNs as PyTorch where a masked branch divides by zero
  if (ord === 1) return sign(x).mul(g);
  const zeroNorm = eq(norm, 0);
  if (ord === 2) return g.mul(where(zeroNorm, 0, x.div(norm)));
  if (ord === Infinity || ord === -Infinity) {
    const hit = logicalOr(eq(x.abs(), norm), maskOf(x, (v) => v !== v));
    return sign(x).mul(g.div(x.ndim === 0 ? hit : hit.sum(dims, true)).mul(hit));
  }
  if (ord < 1) {
    const scaled = sign(x).mul(where(eq(x, 0), 0, x.abs().pow(ord - 1)));
    return scaled.mul(g).mul(norm.pow(1 - ord));
  }
  const scaled = ord < 2 ? sign(x).mul(x.abs().pow(ord - 1)) : x.mul(x.abs().pow(ord - 2));
  return scaled.mul(where(zeroNorm, 0, g.div(norm.pow(ord - 1))));
}

/**
 * The vector norm of order `ord` over all elements or over `dim`: `max |x|` (∞), `min |x|`
 * (-∞), the number of nonzero elements (0), `(Σ |x|^ord)^(1/ord)` otherwise. PyTorch:
 * `torch.linalg.vector_norm(x, ord=2, dim=None, keepdim=False)` →
 * `LinalgVectorNormBackward0` (no gradient for order 0). Float input only; ±∞ and negative
 * orders of an empty reduction throw, as PyTorch (they have no identity).
 *
 * @param x The input.
 * @param ord The order (default 2).
 * @param options `dim` (a dim, a list, or `null`/`[]` for all) and `keepdim`.
 * @returns The norms.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * const x = floatTensor([[3, -4], [0, 1]]);
 * assert.equal(String(linalg.vectorNorm(x)), "tensor(5.0990)");
 * assert.equal(String(linalg.vectorNorm(x, 1, { dim: 1 })), "tensor([7., 1.])");
 * assert.equal(String(linalg.vectorNorm(x, Infinity, { dim: 0, keepdim: true })), "tensor([[3., 4.]])");
 * assert.equal(String(linalg.vectorNorm(x, 0)), "tensor(3.)");
 * ```
 */
export function vectorNorm(x: Tensor, ord = 2, options?: VectorNormOptions): Tensor {
  const fn = "linalg.vector_norm";
  checkTensor(x, fn);
  if (typeof ord !== "number") {
    throw new TypeError(`${fn}(): argument 'ord' must be Number, not ${typeof ord}`);
  }
  if (!isFloatingDType(x.dtype)) {
    throw new TypeError(
      `${fn}: Expected a floating point or complex tensor as input. Got ${scalarTypeName(x.dtype)}`,
    );
  }
  const dim = options?.dim ?? null;
  const keepdim = options?.keepdim ?? false;
  const mask = reductionDims(dim, x.ndim);
  if (ord < 0 || ord === Infinity) {
    const list = dim === null ? [] : typeof dim === "number" ? [dim] : dim;
    if (list.length === 0 && x._numel === 0) {
      throw new RangeError(
        `${fn} cannot compute the ${
          word(ord)
        } norm on an empty tensor because the operation does not have an identity`,
      );
    }
    for (const d of list) {
      if (x.ndim > 0 && x.shape[d < 0 ? d + x.ndim : d] === 0) {
        throw new RangeError(
          `${fn} cannot compute the ${
            word(ord)
          } norm on the dimension ${d}because this dimension is empty and the operation does not have an identity`,
        );
      }
    }
  }
  const { v, rows, len } = rowsOf(x, mask);
  const out = new Float64Array(rows);
  rowNorms(v, rows, len, ord, out);
  // PyTorch takes the norm of one element as its magnitude: no x² (or |x|^p) to overflow or
  // underflow on the way (vector_norm([1e308]) is 1e308, of [1e308, 1e308] inf)
  if (len === 1 && ord !== 0) { for (let r = 0; r < rows; r++) out[r] = Math.abs(v[r]); }
  const result = new Tensor(store(out, x.dtype, fn), reducedShape(x.shape, mask, keepdim), x.dtype);
  if (tracks(x)) {
    const node = record("LinalgVectorNormBackward0", result, [x]);
    const sx = node.save(x);
    const sr = node.save(result);
    const dims = mask.flatMap((r, d) => (r ? [d] : []));
    node.setBackward((g) => {
      if (ord === 0) return [null];
      const xv = sx.unpack();
      const restore = (t: Tensor) => restoreDims(t, xv.shape, mask, keepdim);
      return [normBackward(restore(g), xv, ord, restore(sr.unpack()), dims)];
    });
  }
  return result;
}

/**
 * A vector or matrix norm, as PyTorch 2.x's `torch.norm(input, p='fro', dim=None,
 * keepdim=False)` computes it: a number `p` is {@linkcode vectorNorm} of order `p`; `"fro"` is
 * the vector 2-norm over `dim` (at most two dims); `"nuc"` (and `"fro"` over more dims) is
 * `linalg.matrixNorm` over `dim` (default: all dims).
 *
 * @param a The input (float).
 * @param p The order: a number, `"fro"` or `"nuc"`.
 * @param dim A dim or list of dims, or `null` for all.
 * @param keepdim Keep the reduced dims with size 1.
 * @returns The norm.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, norm } from "@descent/tensor";
 * const x = floatTensor([[3, -4], [0, 1]]);
 * assert.equal(String(norm(x)), "tensor(5.0990)");
 * assert.equal(String(norm(x, 1, 0)), "tensor([3., 5.])");
 * assert.equal(String(norm(x, "nuc")), "tensor(5.6569)");
 * ```
 */
export function norm(
  a: Tensor,
  p: number | "fro" | "nuc" = "fro",
  dim: number | readonly number[] | null = null,
  keepdim = false,
): Tensor {
  checkTensor(a, "norm");
  if (typeof p !== "string") return vectorNorm(a, p, { dim, keepdim });
  if (p === "fro" && (dim === null || typeof dim === "number" || dim.length <= 2)) {
    return vectorNorm(a, 2, { dim, keepdim });
  }
  const dims = dim === null ? [...a.shape.keys()] : typeof dim === "number" ? [dim] : dim;
  return matrixNorm(a, p, { dim: dims, keepdim });
}
