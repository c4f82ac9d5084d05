/**
 * What the `linalg` ops share: `LinAlgError`, PyTorch's argument checks and messages, moving
 * batches of matrices between tensors and the float64 work arrays of the kernels, and the
 * matrix pieces their backward formulas are written with (transpose, diagonal, triangles),
 * all in Tensor ops so `createGraph` differentiates them again.
 *
 * @module
 */

import { allocate, type DType, Tensor } from "../tensor.ts";
import { isFloatingDType, scalarTypeName } from "../dtype.ts";
import { shapeNumel } from "../shape.ts";
import { where } from "./elementwise.ts";

/**
 * The error of a linear-algebra op whose input has no answer: a singular matrix for `solve` and
 * `inv`, one that is not positive-definite for `cholesky`, one without full rank for `lstsq`
 * with `driver: "gels"`. PyTorch: `torch.linalg.LinAlgError` (a `RuntimeError`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, linalg } from "@descent/tensor";
 * assert.throws(() => linalg.inv(floatTensor([[1, 2], [2, 4]])), linalg.LinAlgError);
 * ```
 */
export class LinAlgError extends Error {
  /**
   * Makes the error.
   *
   * @param message PyTorch's text.
   */
  constructor(message: string) {
    super(message);
    this.name = "LinAlgError";
  }
}

/** Throws PyTorch's argument-type error unless `t` is a Tensor. */
export function checkTensorArg(t: unknown, fn: string, arg: string, position: number): Tensor {
  if (t instanceof Tensor) return t;
  const type = t === null ? "null" : typeof t;
  throw new TypeError(
    `${fn}(): argument '${arg}' (position ${position}) must be Tensor, not ${type}`,
  );
}

/** Throws PyTorch's error unless `t` has at least two dims. */
export function checkMatrix(t: Tensor, fn: string, arg = "A"): void {
  if (t.ndim < 2) {
    throw new RangeError(`${fn}: The input tensor ${arg} must have at least 2 dimensions.`);
  }
}

/** Throws PyTorch's errors unless `t` is a (batch of) square matrices. */
export function checkSquare(t: Tensor, fn: string): number {
  checkMatrix(t, fn);
  const m = t.shape[t.ndim - 2];
  const n = t.shape[t.ndim - 1];
  if (m !== n) {
    throw new RangeError(
      `${fn}: A must be batches of square matrices, but they are ${m} by ${n} matrices`,
    );
  }
  return n;
}

/** The machine epsilon of a dtype (PyTorch's `_get_epsilon`): 2⁻²³ or 2⁻⁵². */
export function epsilonOf(dtype: DType): number {
  return dtype === "float32" ? 1.1920928955078125e-7 : 2.220446049250313e-16;
}

/**
 * Throws PyTorch's error unless `t` is floating (`linalg.inv: Expected a floating point or
 * complex tensor as input. Got Long`).
 */
export function checkFloating(t: Tensor, fn: string): void {
  if (!isFloatingDType(t.dtype)) {
    throw new TypeError(
      `${fn}: Expected a floating point or complex tensor as input. Got ${scalarTypeName(t.dtype)}`,
    );
  }
}

/**
 * The prefix of a failure in batch element `index` (PyTorch's `_linalg_check_errors`):
 * `"linalg.inv"` for a single matrix, `"linalg.inv: (Batch element 1)"` in a batch.
 */
export function failureAt(fn: string, index: number, batched: boolean): string {
  return batched ? `${fn}: (Batch element ${index})` : fn;
}

/** The batch dims of a (…, m, n) tensor. */
export function batchOf(t: Tensor): number[] {
  return t.shape.slice(0, -2);
}

/** The values of `t` as a new row-major Float64Array (the kernels' work array). */
export function float64Values(t: Tensor): Float64Array {
  return new Float64Array(t._values());
}

/** A new tensor of `dtype` holding `values` (rounded once to float32 for float32). */
export function tensorOf(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
): Tensor {
  const n = shapeNumel(shape);
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = values[i];
  return new Tensor(out, shape, dtype);
}

// ---- matrix pieces for backward formulas, in Tensor ops ----

/** The transpose of the last two dims (PyTorch's `mT`). */
export function mT(x: Tensor): Tensor {
  return x.transpose(-2, -1);
}

/** A constant rows×cols 0/1 mask of `dtype` (a `where` condition when bool): 1 where `keep(i, j)`. */
function mask(rows: number, cols: number, dtype: DType, keep: (i: number, j: number) => boolean) {
  const out = allocate(dtype, rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) if (keep(i, j)) out[i * cols + j] = 1;
  }
  return new Tensor(out, [rows, cols], dtype);
}

/** The rows×cols identity of `dtype` (a mask). */
export function eyeMask(rows: number, cols: number, dtype: DType): Tensor {
  return mask(rows, cols, dtype, (i, j) => i === j);
}

/** The lower triangle of the last two dims, on and below diagonal `k` (PyTorch's `tril`). */
export function tril(x: Tensor, k = 0): Tensor {
  const [m, n] = x.shape.slice(-2);
  return where(mask(m, n, "bool", (i, j) => j - i <= k), x, 0);
}

/** The upper triangle of the last two dims, on and above diagonal `k` (PyTorch's `triu`). */
export function triu(x: Tensor, k = 0): Tensor {
  const [m, n] = x.shape.slice(-2);
  return where(mask(m, n, "bool", (i, j) => j - i >= k), x, 0);
}

/** The diagonal of the last two dims of a (…, m, n) tensor, length min(m, n). */
export function diagonal(x: Tensor): Tensor {
  const [m, n] = x.shape.slice(-2);
  const k = Math.min(m, n);
  const sq = m === k && n === k ? x : x.narrow(-2, 0, k).narrow(-1, 0, k);
  return where(eyeMask(k, k, "bool"), sq, 0).sum(-1);
}

/** The (…, n, n) matrices with `v` (…, n) on their diagonal (PyTorch's `diag_embed`). */
export function diagEmbed(v: Tensor): Tensor {
  const n = v.shape[v.ndim - 1];
  return where(eyeMask(n, n, "bool"), v.unsqueeze(-1), 0);
}

/**
 * For each element of the broadcast batch `batch` (row-major), the flat index of the matching
 * matrix of an operand whose batch dims are `own` (its size-1 and missing dims repeat).
 */
export function batchIndex(batch: readonly number[], own: readonly number[]): Int32Array {
  const total = shapeNumel(batch);
  const out = new Int32Array(total);
  const nd = batch.length;
  const lead = nd - own.length;
  const stride = new Array<number>(nd).fill(0);
  for (let d = nd - 1, s = 1; d >= lead; d--) {
    const size = own[d - lead];
    stride[d] = size === 1 ? 0 : s;
    s *= size;
  }
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0, at = 0; i < total; i++) {
    out[i] = at;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      at += stride[d];
      if (idx[d] < batch[d]) break;
      at -= stride[d] * idx[d];
      idx[d] = 0;
    }
  }
  return out;
}
