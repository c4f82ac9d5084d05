/**
 * Shapes and strides: broadcasting, contiguous strides, dim normalisation and the shape errors
 * PyTorch raises.
 *
 * @module
 */

/** A tensor shape: one size per dimension. PyTorch: `torch.Size`. */
export type Shape = readonly number[];

/**
 * Row-major (C-contiguous) strides of a shape.
 *
 * @param shape The shape.
 * @returns The strides, in elements.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contiguousStrides } from "@descent/tensor/extend";
 * assert(contiguousStrides([2, 3, 4]).join() === "12,4,1");
 * ```
 */
export function contiguousStrides(shape: Shape): number[] {
  const n = shape.length;
  const strides = new Array<number>(n);
  let s = 1;
  for (let i = n - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i], 1); // PyTorch's: a size-0 dim counts as 1
  }
  return strides;
}

/**
 * Number of elements of a shape (1 for `[]`).
 *
 * @param shape The shape.
 * @returns The product of the sizes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shapeNumel } from "@descent/tensor/extend";
 * assert(shapeNumel([2, 3]) === 6 && shapeNumel([]) === 1);
 * ```
 */
export function shapeNumel(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export { formatShape, sameShape } from "@descent/autograd";
import { formatShape } from "@descent/autograd";

/**
 * The broadcast shape of two shapes, or a `RangeError` in PyTorch's words.
 * PyTorch: `torch.broadcast_shapes`.
 *
 * @param a First shape (PyTorch's "tensor a").
 * @param b Second shape ("tensor b").
 * @returns The broadcast shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { broadcastShapes } from "@descent/tensor";
 * assert(broadcastShapes([2, 1], [3]).join() === "2,3");
 * ```
 */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a.length - n + i;
    const db = b.length - n + i;
    const sa = da >= 0 ? a[da] : 1;
    const sb = db >= 0 ? b[db] : 1;
    if (sa === sb || sb === 1) out[i] = sa;
    else if (sa === 1) out[i] = sb;
    else {
      throw new RangeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
  }
  return out;
}

/**
 * @ignore Strides that read a tensor of `shape`/`strides` broadcast to `target`
 * (0 on broadcast dims). `shape` must broadcast to `target`.
 */
export function broadcastStrides(
  shape: Shape,
  strides: readonly number[],
  target: Shape,
): number[] {
  const n = target.length;
  const off = n - shape.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const j = i - off;
    out[i] = j < 0 || (shape[j] === 1 && target[i] !== 1) ? 0 : strides[j];
  }
  return out;
}

/**
 * Normalises a possibly negative dim into `[0, ndim)`, or throws PyTorch's `IndexError` text as
 * a `RangeError`.
 *
 * @param dim The dim (negative counts from the end).
 * @param ndim The number of dims (a 0-d tensor accepts dims -1 and 0).
 * @returns The dim in `[0, max(ndim, 1))`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeDim } from "@descent/tensor/extend";
 * assert(normalizeDim(-1, 3) === 2);
 * ```
 */
export function normalizeDim(dim: number, ndim: number): number {
  if (!Number.isInteger(dim)) throw new TypeError(`dim must be an integer, got ${dim}`);
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new RangeError(
      `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/**
 * @ignore The one check between sizes a caller gives and a tensor's shape (hence the
 * allocator): the factories, `view`, `reshape`, `expand` and `fromValues` all use it. Every
 * entry must be an integer (else a `TypeError`, PyTorch's argument-parser words); none may be
 * negative, except `-1` where `inferable` (else a `RangeError`: "Trying to create tensor with
 * negative dimension …", or "invalid shape dimension …" for `view`/`reshape`); and the number
 * of elements must be exact in a double.
 *
 * @param sizes The sizes as given.
 * @param op The op named in the messages, e.g. `"zeros"`.
 * @param inferable Whether `-1` (a size to infer or keep) is allowed.
 * @param arg The argument named in the messages.
 * @param position Its position, as PyTorch counts (from 1, `self` not counted).
 * @returns The product of the sizes other than `-1`.
 */
export function checkSizes(
  sizes: readonly unknown[],
  op: string,
  inferable = false,
  arg = "size",
  position = 1,
): number {
  // Small enough to inline: the messages are built by sizeError, off the hot path.
  let numel = 1;
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i] as number;
    if (Number.isInteger(s) && s >= 0) numel *= s;
    else if (!(inferable && s === -1)) throw sizeError(sizes, i, op, inferable, arg, position);
  }
  if (numel > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(
      `numel: integer multiplication overflow (${op}() with sizes ${
        formatShape(sizes as number[])
      })`,
    );
  }
  return numel;
}

/** The error {@linkcode checkSizes} throws for `sizes[i]`. */
function sizeError(
  sizes: readonly unknown[],
  i: number,
  op: string,
  inferable: boolean,
  arg: string,
  position: number,
): Error {
  const s = sizes[i];
  if (typeof s !== "number" || !Number.isInteger(s)) return intsError(s, i, op, arg, position);
  return new RangeError(
    inferable
      ? `invalid shape dimension ${s}`
      : `Trying to create tensor with negative dimension ${s}: ${formatShape(sizes as number[])}`,
  );
}

/** PyTorch's TypeError for `list[i]`, which is not an integer, of an int-list argument. */
function intsError(x: unknown, i: number, op: string, arg: string, position: number): TypeError {
  const type = typeof x === "number" ? "float" : x === null ? "null" : typeof x;
  return new TypeError(
    `${op}(): argument '${arg}' (position ${position}) must be tuple of ints, but found element of type ${type} at pos ${i}`,
  );
}

/**
 * @ignore Throws PyTorch's TypeError ("… must be tuple of ints, but found element of type
 * float at pos 1") unless every entry of an int-list argument (dims, shifts, amounts, counts,
 * which unlike sizes may be negative) is an integer.
 */
export function checkInts(list: readonly unknown[], op: string, arg: string, position = 1): void {
  for (let i = 0; i < list.length; i++) {
    if (!Number.isInteger(list[i])) throw intsError(list[i], i, op, arg, position);
  }
}

/**
 * @ignore Accepts both `f([2, 3])` and `f(2, 3)` forms of a size argument (not copied; the
 * entries are checked by {@linkcode checkSizes} or `normalizeDim`).
 */
export function sizeArgs(args: readonly (number | readonly number[])[]): readonly number[] {
  if (args.length === 1 && Array.isArray(args[0])) return args[0] as readonly number[];
  for (const a of args) {
    if (typeof a !== "number") {
      throw new TypeError(`size must be integers or one list, got ${String(a)}`);
    }
  }
  return args as readonly number[];
}

/**
 * @ignore Resolves one `-1` in a target shape (already through {@linkcode checkSizes}) against
 * `numel`, with PyTorch's errors.
 */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let infer = -1;
  let known = 1;
  const out = shape.slice();
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== -1) known *= out[i];
    else if (infer >= 0) throw new RangeError("only one dimension can be inferred");
    else infer = i;
  }
  if (infer >= 0) {
    if (known === 0 && numel === 0) {
      throw new RangeError(
        `cannot reshape tensor of 0 elements into shape ${
          formatShape(shape)
        } because the unspecified dimension size -1 can be any value and is ambiguous`,
      );
    }
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
  }
  return out;
}

/**
 * @ignore Strides for viewing (shape, strides) as `newShape` without copying, or `null`
 * when impossible. PyTorch: `at::detail::computeStride`.
 */
export function viewStrides(
  shape: Shape,
  strides: readonly number[],
  newShape: Shape,
): number[] | null {
  const numel = shapeNumel(shape);
  const newStrides = new Array<number>(newShape.length);
  if (shape.length === 0) return newStrides.fill(1);
  if (numel === 0) {
    return contiguousStrides(newShape);
  }
  let viewD = newShape.length - 1;
  let chunkBaseStride = strides.length > 0 ? strides[strides.length - 1] : 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBaseStride = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}
