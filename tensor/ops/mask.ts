/**
 * Bool masks: `maskedFill` (a value where the mask is true), `maskedSelect` (the elements where
 * it is true, as a vector), `maskedScatter` (a source's elements, in order, where it is true),
 * and the positions of non-zero elements, `nonzero` / `argwhere`. Masks broadcast against the
 * tensor; derivatives and messages are PyTorch 2.x's.
 *
 * @module
 */

import { allocate, type Operand, Tensor } from "../tensor.ts";
import { castValue, cppTypeName, isFloatingDType, scalarTypeName } from "../dtype.ts";
import { broadcastShapes, sameShape, type Shape, shapeNumel } from "../shape.ts";
import { countNonzero, nonzeroCoords, selectMasked } from "../kernels/index.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { convert } from "./exact.ts";
import { checkedCast, checkOutputShape, inplace } from "./inplace.ts";
import { where } from "./elementwise.ts";
import { cat } from "./index.ts";

/** `t` broadcast to `shape`, row-major values (no copy when it already has that shape). */
function valuesAt(t: Tensor, shape: Shape): ArrayLike<number> {
  return sameShape(t.shape, shape) ? t._values() : t.expand(shape)._values();
}

function checkFillMask(mask: Tensor): void {
  checkTensor(mask, "masked_fill");
  if (mask.dtype !== "bool") {
    throw new TypeError(
      `masked_fill_ only supports boolean masks, but got mask with dtype ${
        cppTypeName(mask.dtype)
      }`,
    );
  }
}

/** The fill value: a number or boolean, or a 0-d tensor. */
function checkFillValue(value: unknown): asserts value is Operand {
  if (value instanceof Tensor) {
    if (value.ndim !== 0) {
      throw new RangeError(
        `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
      );
    }
  } else if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(
      `masked_fill(): value must be a number or a 0-d Tensor, got ${typeof value}`,
    );
  }
}

/**
 * `a` with `value` where `mask` is true (`a` and `mask` broadcast together). PyTorch:
 * `torch.masked_fill(input, mask, value)` → `MaskedFillBackward0` (a number) or
 * `MaskedFillBackward1` (a 0-d tensor, whose gradient is the sum of the gradient under the mask).
 *
 * @param a The input.
 * @param mask A bool tensor.
 * @param value A number or boolean, or a 0-d tensor (converted to `a`'s dtype).
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maskedFill, tensor } from "@descent/tensor";
 * const x = tensor([1, -2, 3], { dtype: "float32" });
 * assert.equal(String(maskedFill(x, x.lt(0), 0)), "tensor([1., 0., 3.])");
 * ```
 */
export function maskedFill(a: Tensor, mask: Tensor, value: Operand): Tensor {
  checkTensor(a, "masked_fill");
  return filled(a, mask, value, true);
}

/**
 * `maskedFill`; `outOfPlace` refuses an integer result that would need the value's gradient
 * (`masked_fill_` records it, as PyTorch).
 */
function filled(a: Tensor, mask: Tensor, value: Operand, outOfPlace = false): Tensor {
  checkFillMask(mask);
  checkFillValue(value);
  const shape = broadcastShapes(mask.shape, a.shape);
  const m = valuesAt(mask, shape);
  // PyTorch reads the value as a scalar and converts it with its overflow check
  const v = value instanceof Tensor
    ? value.dtype === "bool"
      ? convert(value, a.dtype)._values()[0]
      : checkedCast(value._values()[0], a.dtype, isFloatingDType(value.dtype))
    : typeof value === "boolean"
    ? castValue(Number(value), a.dtype, "bool")
    : checkedCast(value, a.dtype);
  if (outOfPlace && tracks(a, value) && !isFloatingDType(a.dtype)) {
    throw new TypeError(`Autograd not support dtype: ${scalarTypeName(a.dtype)}`); // PyTorch's
  }
  const src = valuesAt(a, shape);
  const out = allocate(a.dtype, m.length);
  for (let i = 0; i < m.length; i++) out[i] = m[i] !== 0 ? v : src[i];
  const result = new Tensor(out, shape, a.dtype);
  if (tracks(a, value)) {
    const tensorValue = value instanceof Tensor;
    const node = record(
      tensorValue ? "MaskedFillBackward1" : "MaskedFillBackward0",
      result,
      [a, value],
    );
    node.setBackward((g) => [
      node.needs(0) ? maskedFill(g, mask, 0) : null,
      tensorValue && node.needs(1) ? where(mask, g, 0).sum() : null,
    ]);
  }
  return result;
}

/**
 * `maskedFill` in place: the mask must broadcast to `a`'s shape. PyTorch:
 * `Tensor.masked_fill_(mask, value)`.
 *
 * @param a The tensor written.
 * @param mask A bool tensor.
 * @param value A number or boolean, or a 0-d tensor.
 * @returns `a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]]);
 * x.maskedFill_(tensor([true, false]), -1);
 * assert.deepEqual(x.toList(), [[-1, 2], [-1, 4]]);
 * ```
 */
export function maskedFill_<T extends Tensor>(a: T, mask: Tensor, value: Operand): T {
  checkTensor(a, "masked_fill_");
  checkFillMask(mask);
  checkFillValue(value);
  checkOutputShape(a, mask.shape);
  return inplace(a, [value], (old) => filled(old, mask, value));
}

/**
 * The elements of `a` where `mask` is true, as a vector, in row-major order (`a` and `mask`
 * broadcast together). PyTorch: `torch.masked_select(input, mask)` → `MaskedSelectBackward0`.
 *
 * @param a The input.
 * @param mask A bool tensor.
 * @returns A 1-D tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maskedSelect, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(maskedSelect(x, x.gt(1)).toList(), [2, 3, 4]);
 * ```
 */
export function maskedSelect(a: Tensor, mask: Tensor): Tensor {
  checkTensor(a, "masked_select");
  checkTensor(mask, "masked_select");
  if (mask.dtype !== "bool") throw new TypeError("masked_select: expected BoolTensor for mask");
  const shape = broadcastShapes(mask.shape, a.shape);
  const m = valuesAt(mask, shape);
  const n = countNonzero(m);
  const out = allocate(a.dtype, n + 1);
  selectMasked(valuesAt(a, shape), m, out);
  const result = new Tensor(out.subarray(0, n), [n], a.dtype);
  if (tracks(a)) {
    const node = record("MaskedSelectBackward0", result, [a]);
    node.setBackward((g) => [maskedScatter(zerosOf(shape, g), mask, g)]);
  }
  return result;
}

function zerosOf(shape: Shape, like: Tensor): Tensor {
  return new Tensor(allocate(like.dtype, shapeNumel(shape)), shape, like.dtype);
}

/** Checks `maskedScatter`'s arguments. */
function checkScatterArgs(a: Tensor, mask: Tensor, source: Tensor): void {
  checkTensor(a, "masked_scatter");
  checkTensor(mask, "masked_scatter");
  checkTensor(source, "masked_scatter");
  if (mask.dtype !== "bool") {
    throw new TypeError(
      `masked_scatter_ only supports boolean masks, but got mask with dtype ${
        scalarTypeName(mask.dtype)
      }`,
    );
  }
  if (source.dtype !== a.dtype) {
    throw new TypeError(
      `masked_scatter: expected self and source to have same dtypes but got${
        scalarTypeName(a.dtype)
      } and ${scalarTypeName(source.dtype)}`,
    );
  }
}

/**
 * `a` with the elements of `source` (row-major, in order) written where `mask` is true (`a` and
 * `mask` broadcast together); `source` needs at least as many elements as the mask has true
 * ones. PyTorch: `torch.masked_scatter(input, mask, source)` → `MaskedScatterBackward0`.
 *
 * @param a The input.
 * @param mask A bool tensor.
 * @param source The values, of `a`'s dtype.
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maskedScatter, tensor, zeros } from "@descent/tensor";
 * const out = maskedScatter(zeros([4]), tensor([false, true, false, true]), tensor([7, 8], { dtype: "float32" }));
 * assert.deepEqual(out.toList(), [0, 7, 0, 8]);
 * ```
 */
export function maskedScatter(a: Tensor, mask: Tensor, source: Tensor): Tensor {
  checkScatterArgs(a, mask, source);
  const shape = broadcastShapes(mask.shape, a.shape);
  const m = valuesAt(mask, shape);
  const n = countNonzero(m);
  if (source._numel < n) {
    throw new RangeError("Number of elements of source < number of ones in mask");
  }
  const src = source._values();
  const out = allocate(a.dtype, m.length);
  out.set(valuesAt(a, shape) as Float64Array);
  for (let i = 0, k = 0; i < m.length; i++) if (m[i] !== 0) out[i] = src[k++];
  const result = new Tensor(out, shape, a.dtype);
  if (tracks(a, source)) {
    const node = record("MaskedScatterBackward0", result, [a, source]);
    const sshape = source.shape;
    node.setBackward((g) => [
      node.needs(0) ? maskedFill(g, mask, 0) : null,
      node.needs(1) ? padTo(maskedSelect(g, mask), sshape) : null,
    ]);
  }
  return result;
}

/** A vector padded with zeros to the number of elements of `shape`, then reshaped to it. */
function padTo(v: Tensor, shape: Shape): Tensor {
  const n = shapeNumel(shape);
  if (v._numel === n) return v.reshape(shape);
  return cat([v, zerosOf([n - v._numel], v)]).reshape(shape);
}

/**
 * `maskedScatter` in place: the mask must broadcast to `a`'s shape. PyTorch:
 * `Tensor.masked_scatter_(mask, source)`.
 *
 * @param a The tensor written.
 * @param mask A bool tensor.
 * @param source The values, of `a`'s dtype.
 * @returns `a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, zeros } from "@descent/tensor";
 * const x = zeros([3]);
 * x.maskedScatter_(tensor([true, false, true]), tensor([5, 6], { dtype: "float32" }));
 * assert.deepEqual(x.toList(), [5, 0, 6]);
 * ```
 */
export function maskedScatter_<T extends Tensor>(a: T, mask: Tensor, source: Tensor): T {
  checkScatterArgs(a, mask, source);
  checkOutputShape(a, mask.shape);
  return inplace(a, [source], (old) => maskedScatter(old, mask, source));
}

/** Options of {@linkcode nonzero}. */
export interface NonzeroOptions {
  /** Return one vector of positions per dim instead of one matrix (default `false`). */
  asTuple?: boolean;
}

/**
 * The positions of the non-zero (true, NaN included) elements: an int64 matrix with one row per
 * element and one column per dim, in row-major order; or, with `asTuple`, one int64 vector per
 * dim (a 0-d input counts as one dim). PyTorch: `torch.nonzero(input, as_tuple=False)`.
 *
 * @param a The input.
 * @param options `asTuple`.
 * @returns The positions.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nonzero, tensor } from "@descent/tensor";
 * const x = tensor([[0, 3], [4, 0]]);
 * assert.deepEqual(nonzero(x).toList(), [[0, 1], [1, 0]]);
 * assert.deepEqual(nonzero(x, { asTuple: true }).map((t) => t.toList()), [[0, 1], [1, 0]]);
 * ```
 */
export function nonzero(a: Tensor, options: { asTuple: true }): Tensor[];
/**
 * The positions of the non-zero elements as an int64 matrix. PyTorch: `torch.nonzero(input)`.
 *
 * @param a The input.
 * @param options `asTuple: false`.
 * @returns One row per non-zero element.
 */
export function nonzero(a: Tensor, options?: { asTuple?: false }): Tensor;
export function nonzero(a: Tensor, options?: NonzeroOptions): Tensor | Tensor[] {
  checkTensor(a, "nonzero");
  const coords = nonzeroCoords(a._values(), a.shape);
  const n = a.ndim === 0 ? (a._data[a._offset] !== 0 ? 1 : 0) : coords[0]?.length ?? 0;
  if (options?.asTuple) {
    const cols = a.ndim === 0 ? [new Int32Array(n)] : coords;
    return cols.map((c) => {
      const out = allocate("int64", n);
      out.set(c);
      return new Tensor(out, [n], "int64");
    });
  }
  const nd = a.ndim;
  const out = allocate("int64", n * nd);
  for (let d = 0; d < nd; d++) {
    const c = coords[d];
    for (let k = 0; k < n; k++) out[k * nd + d] = c[k];
  }
  return new Tensor(out, [n, nd], "int64");
}

/**
 * The positions of the non-zero elements, one row each. PyTorch: `torch.argwhere(input)` (the
 * same as `nonzero`).
 *
 * @param a The input.
 * @returns An int64 matrix.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { argwhere, tensor } from "@descent/tensor";
 * assert.deepEqual(argwhere(tensor([0, 5, 0, 1])).toList(), [[1], [3]]);
 * ```
 */
export function argwhere(a: Tensor): Tensor {
  checkTensor(a, "argwhere");
  return nonzero(a);
}
