/**
 * Diagonals and triangles: `diagonal` (a view), `diagEmbed`, `diag`, `trace`, `tril`, `triu`,
 * with their derivatives.
 *
 * @module
 */

import { allocate, copyOf, Tensor } from "../tensor.ts";
import { normalizeDim } from "../shape.ts";
import { castValue, isFloatingDType, notImplemented } from "../dtype.ts";
import { scatter } from "../kernels/elementwise.ts";
import { maskTriangle } from "../kernels/remap.ts";
import { checkTensor, record, tracks } from "./record.ts";

/** Throws PyTorch's TypeError unless `x` is an integer argument. */
function checkInt(x: number, op: string, arg: string, position: number): void {
  if (!Number.isInteger(x)) {
    throw new TypeError(
      `${op}(): argument '${arg}' (position ${position}) must be int, not ${
        typeof x === "number" ? "float" : typeof x
      }`,
    );
  }
}

/** Where the `offset` diagonal of dims `d1`, `d2` lies: a view's shape, strides and offset. */
interface Geometry {
  shape: number[];
  strides: number[];
  offset: number;
}

/** PyTorch's `diagonal` geometry: `d1`, `d2` removed, the diagonal appended as the last dim. */
function diagonalGeometry(
  shape: readonly number[],
  strides: readonly number[],
  start: number,
  off: number,
  d1: number,
  d2: number,
): Geometry {
  const size = off >= 0
    ? Math.max(Math.min(shape[d1], shape[d2] - off), 0)
    : Math.max(Math.min(shape[d1] + off, shape[d2]), 0);
  let offset = start;
  if (size > 0) offset += off >= 0 ? off * strides[d2] : -off * strides[d1];
  const keep = (_: number, k: number) => k !== d1 && k !== d2;
  return {
    shape: [...shape.filter(keep), size],
    strides: [...strides.filter(keep), strides[d1] + strides[d2]],
    offset,
  };
}

/** Normalises a pair of diagonal dims (of `ndim` dims) and refuses identical ones. */
function diagonalDims(dim1: number, dim2: number, ndim: number): [number, number] {
  const d1 = normalizeDim(dim1, ndim);
  const d2 = normalizeDim(dim2, ndim);
  if (d1 === d2) {
    throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  }
  return [d1, d2];
}

/**
 * Zeros of `shape` with `values` written on the `off` diagonal of dims `d1`, `d2` (the shape of
 * `values` is that diagonal's), recorded as `name` with `diagonal` as its backward: the
 * backward of `diagonal` and the forward of `diagEmbed`.
 */
function onDiagonal(
  values: Tensor,
  shape: readonly number[],
  off: number,
  d1: number,
  d2: number,
  name: string,
): Tensor {
  const out = new Tensor(
    allocate(values.dtype, shape.reduce((x, y) => x * y, 1)),
    shape,
    values.dtype,
  );
  const g = diagonalGeometry(shape, out._strides, 0, off, d1, d2);
  scatter(values._values(), out._data, g.offset, g.shape, g.strides);
  if (tracks(values)) {
    record(name, out, [values]).setBackward((gg) => [diagonal(gg, off, d1, d2)]);
  }
  return out;
}

/**
 * The diagonal `offset` of the matrices spanned by `dim1` and `dim2`, as a view whose last dim
 * runs along it. PyTorch: `torch.diagonal(input, offset=0, dim1=0, dim2=1)` →
 * `DiagonalBackward0`.
 *
 * @param a The input (at least 2-D).
 * @param offset 0 the main diagonal, positive above it, negative below.
 * @param dim1 The first dim of the matrices.
 * @param dim2 The second dim.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagonal, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(diagonal(x).toList(), [1, 5]);
 * assert.deepEqual(diagonal(x, 1).toList(), [2, 6]);
 * assert.deepEqual(diagonal(x, -1).toList(), [4]);
 * ```
 */
export function diagonal(a: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkTensor(a, "diagonal");
  checkInt(offset, "diagonal", "offset", 1);
  const [d1, d2] = diagonalDims(dim1, dim2, a.ndim);
  const g = diagonalGeometry(a.shape, a._strides, a._offset, offset, d1, d2);
  const out = new Tensor(a._data, g.shape, a.dtype, g.strides, g.offset, a);
  if (tracks(a)) {
    const inShape = a.shape;
    record("DiagonalBackward0", out, [a]).setBackward((gr) => [
      onDiagonal(gr, inShape, offset, d1, d2, "DiagonalBackwardBackward0"),
    ]);
  }
  return out;
}

/**
 * Tensors whose diagonals (`offset`, of dims `dim1`, `dim2`) hold the last dim of `a`, zeros
 * elsewhere: one more dim than `a`. PyTorch: `torch.diag_embed(input, offset=0, dim1=-2,
 * dim2=-1)` → `DiagEmbedBackward0`.
 *
 * @param a The values of the diagonals, along its last dim.
 * @param offset 0 the main diagonal, positive above it, negative below.
 * @param dim1 The first dim of the new matrices (of the result).
 * @param dim2 The second dim.
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagEmbed, tensor } from "@descent/tensor";
 * assert.deepEqual(diagEmbed(tensor([1, 2])).toList(), [[1, 0], [0, 2]]);
 * assert.deepEqual(diagEmbed(tensor([1, 2]), 1).toList(), [[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
 * ```
 */
export function diagEmbed(a: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  checkTensor(a, "diag_embed");
  checkInt(offset, "diag_embed", "offset", 1);
  const [d1, d2] = diagonalDims(dim1, dim2, a.ndim + 1);
  const n = Math.abs(offset) + a.shape[a.ndim - 1];
  const shape = a.shape.slice(0, -1);
  shape.splice(Math.min(d1, d2), 0, n);
  shape.splice(Math.max(d1, d2), 0, n);
  return onDiagonal(a, shape, offset, d1, d2, "DiagEmbedBackward0");
}

/**
 * A matrix with `a` on a diagonal (1-D input), or a matrix's diagonal as a new vector (2-D
 * input). PyTorch: `torch.diag(input, diagonal=0)` → `DiagEmbedBackward0` /
 * `DiagonalBackward0_copy` (PyTorch 2.x: `diag_embed` / `diagonal_copy`).
 *
 * @param a A 1-D or 2-D tensor.
 * @param offset 0 the main diagonal, positive above it, negative below.
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diag, tensor } from "@descent/tensor";
 * assert.deepEqual(diag(tensor([1, 2])).toList(), [[1, 0], [0, 2]]);
 * assert.deepEqual(diag(tensor([[1, 2], [3, 4]]), 1).toList(), [2]);
 * ```
 */
export function diag(a: Tensor, offset = 0): Tensor {
  checkTensor(a, "diag");
  checkInt(offset, "diag", "diagonal", 1);
  if (a.ndim === 1) return diagEmbed(a, offset);
  if (a.ndim !== 2) throw new RangeError(`diag(): Supports 1D or 2D tensors. Got ${a.ndim}D`);
  const g = diagonalGeometry(a.shape, a._strides, a._offset, offset, 0, 1);
  const view = new Tensor(a._data, g.shape, a.dtype, g.strides, g.offset);
  const values = view._values();
  const out = new Tensor(
    values === view._data ? copyOf(values, a.dtype) : values,
    g.shape,
    a.dtype,
  );
  if (tracks(a)) {
    const inShape = a.shape;
    record("DiagonalBackward0_copy", out, [a]).setBackward((gr) => [
      onDiagonal(gr, inShape, offset, 0, 1, "DiagonalBackwardBackward0"),
    ]);
  }
  return out;
}

/**
 * Sum of the main diagonal of a matrix. PyTorch: `torch.trace(input)` → `TraceBackward0`.
 *
 * @param a A 2-D tensor.
 * @returns A 0-d tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, trace } from "@descent/tensor";
 * assert.equal(trace(tensor([[1, 2], [3, 4]])).item(), 5);
 * ```
 */
export function trace(a: Tensor): Tensor {
  checkTensor(a, "trace");
  if (a.ndim !== 2) {
    throw new RangeError(`trace: expected a matrix, but got tensor with dim ${a.ndim}`);
  }
  if (a.dtype === "bool") throw notImplemented("trace", a.dtype);
  const [n, m] = a.shape;
  const k = Math.min(n, m);
  const step = a._strides[0] + a._strides[1];
  let s = 0;
  for (let i = 0, p = a._offset; i < k; i++, p += step) s += a._data[p];
  // integers sum to int64, as `sum` does
  const dtype = isFloatingDType(a.dtype) ? a.dtype : "int64";
  const out = new Tensor(allocate(dtype, 1), [], dtype);
  out._data[0] = castValue(s, dtype, dtype, "trace");
  if (tracks(a)) {
    const inShape = a.shape;
    record("TraceBackward0", out, [a]).setBackward((g) => [
      onDiagonal(g.expand([k]), inShape, 0, 0, 1, "DiagonalBackwardBackward0"),
    ]);
  }
  return out;
}

/** `tril`/`triu`: a copy of the batch of matrices with one triangle zeroed. */
function triangle(a: Tensor, k: number, upper: boolean): Tensor {
  const op = upper ? "triu" : "tril";
  checkTensor(a, op);
  checkInt(k, op, "diagonal", 1);
  if (a.ndim < 2) throw new RangeError(`${op}: input tensor must have at least 2 dimensions`);
  const values = a._values();
  const out = new Tensor(
    values === a._data ? copyOf(values, a.dtype) : values,
    a.shape,
    a.dtype,
  );
  maskTriangle(out._data, a.shape[a.ndim - 2], a.shape[a.ndim - 1], k, upper);
  if (tracks(a)) {
    record(upper ? "TriuBackward0" : "TrilBackward0", out, [a]).setBackward((g) => [
      triangle(g, k, upper),
    ]);
  }
  return out;
}

/**
 * The lower triangle of each matrix (the last two dims): elements on and below diagonal `k`,
 * zeros above. PyTorch: `torch.tril(input, diagonal=0)` → `TrilBackward0`.
 *
 * @param a The input (at least 2-D).
 * @param k The diagonal: 0 the main one, positive above it, negative below.
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ones, tril } from "@descent/tensor";
 * assert.deepEqual(tril(ones([2, 3])).toList(), [[1, 0, 0], [1, 1, 0]]);
 * ```
 */
export function tril(a: Tensor, k = 0): Tensor {
  return triangle(a, k, false);
}

/**
 * The upper triangle of each matrix (the last two dims): elements on and above diagonal `k`,
 * zeros below. PyTorch: `torch.triu(input, diagonal=0)` → `TriuBackward0`.
 *
 * @param a The input (at least 2-D).
 * @param k The diagonal: 0 the main one, positive above it, negative below.
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ones, triu } from "@descent/tensor";
 * assert.deepEqual(triu(ones([2, 3]), 1).toList(), [[0, 1, 1], [0, 0, 1]]);
 * ```
 */
export function triu(a: Tensor, k = 0): Tensor {
  return triangle(a, k, true);
}
