/**
 * Splitting a tensor into views along a dim: `split` (by size or sizes), `chunk` (into a number
 * of pieces) and `unbind` (into slices). Every piece shares the input's storage, and all of them
 * share one graph node, as in PyTorch (`SplitBackward0`, `SplitWithSizesBackward0`,
 * `UnbindBackward0`): its backward puts the pieces' gradients back together (zeros for a piece
 * no gradient reached).
 *
 * @module
 */

import { CreationMeta, isGradEnabled } from "@descent/autograd";
import { allocate, Tensor } from "../tensor.ts";
import { checkInts, formatShape, normalizeDim, shapeNumel } from "../shape.ts";
import { checkTensor, recordOutputs, tracks } from "./record.ts";
import { cat, stack } from "./index.ts";

/** Views of `a` of `sizes` along `d`, recorded as one node named `name`. */
function pieces(a: Tensor, d: number, sizes: readonly number[], name: string): Tensor[] {
  let start = 0;
  const outs = sizes.map((n) => {
    const shape = a.shape.slice();
    shape[d] = n;
    const piece = new Tensor(
      a._data,
      shape,
      a.dtype,
      a._strides,
      a._offset + start * a._strides[d],
      a,
    );
    start += n;
    return piece;
  });
  multiOutput(outs);
  if (tracks(a)) {
    const node = recordOutputs(name, outs, [a]);
    node.setBackwardAll((grads) => [
      cat(grads.map((g, k) => g ?? zerosOf(outs[k].shape, a)), d),
    ]);
  }
  return outs;
}

/**
 * Marks views returned together by one op: changing one in place while recording is an error,
 * as in PyTorch (`CreationMeta.MULTI_OUTPUT_NODE`; made with grad mode off: `NO_GRAD_MODE`).
 */
function multiOutput(outs: readonly Tensor[]): void {
  const meta = isGradEnabled() ? CreationMeta.MULTI_OUTPUT_NODE : CreationMeta.NO_GRAD_MODE;
  for (const o of outs) o._creationMeta = meta;
}

/** Zeros of `shape` in `a`'s dtype: the gradient of a piece no gradient reached. */
function zerosOf(shape: readonly number[], a: Tensor): Tensor {
  return new Tensor(allocate(a.dtype, shapeNumel(shape)), shape, a.dtype);
}

/** The dim of a split, with PyTorch's error for a 0-d tensor. */
function splitDim(a: Tensor, dim: number, op: string): number {
  if (a.ndim === 0) throw new RangeError(`${op} expects at least a 1-dimensional tensor`);
  return normalizeDim(dim, a.ndim);
}

/**
 * Splits into views along `dim`: pieces of `splitSize` (the last one smaller if need be), or of
 * the sizes listed. PyTorch: `torch.split(tensor, split_size_or_sections, dim=0)` →
 * `SplitBackward0` / `SplitWithSizesBackward0`.
 *
 * @param a The input (at least 1-D).
 * @param splitSize The size of each piece, or a list of sizes summing to the dim's size.
 * @param dim The dim to split.
 * @returns The pieces (views).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, split } from "@descent/tensor";
 * assert.deepEqual(split(arange(5), 2).map((t) => t.toList()), [[0, 1], [2, 3], [4]]);
 * assert.deepEqual(split(arange(5), [1, 4]).map((t) => t.toList()), [[0], [1, 2, 3, 4]]);
 * ```
 */
export function split(a: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  checkTensor(a, "split");
  if (Array.isArray(splitSize)) return splitWithSizes(a, splitSize, dim);
  const size = splitSize as number;
  if (!Number.isInteger(size)) {
    throw new TypeError(
      `split(): argument 'split_size' (position 1) must be int or list of ints, got ${size}`,
    );
  }
  const d = splitDim(a, dim, "split");
  const n = a.shape[d];
  if (size < 0) {
    throw new RangeError(`split expects split_size be non-negative, but got split_size=${size}`);
  }
  if (size === 0 && n !== 0) {
    throw new RangeError(
      `split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`,
    );
  }
  const count = size === 0 ? 1 : Math.max(Math.ceil(n / size), 1);
  const sizes = new Array<number>(count).fill(size);
  sizes[count - 1] = size - (size * count - n);
  return pieces(a, d, sizes, "SplitBackward0");
}

function splitWithSizes(a: Tensor, sizes: readonly number[], dim: number): Tensor[] {
  checkInts(sizes, "split_with_sizes", "split_sizes");
  const d = splitDim(a, dim, "split");
  const n = a.shape[d];
  if (sizes.some((s) => s < 0)) {
    throw new RangeError(
      `split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${
        formatShape(sizes)
      }`,
    );
  }
  if (sizes.reduce((x, y) => x + y, 0) !== n) {
    throw new RangeError(
      `split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${dim}), but got split_sizes=${
        formatShape(sizes)
      }`,
    );
  }
  return pieces(a, d, sizes, "SplitWithSizesBackward0");
}

/**
 * Splits into `chunks` views along `dim`, each of `ceil(size / chunks)` (the last smaller; fewer
 * pieces when they run out). PyTorch: `torch.chunk(input, chunks, dim=0)` → `SplitBackward0`.
 *
 * @param a The input (at least 1-D).
 * @param chunks How many pieces to aim for.
 * @param dim The dim to split.
 * @returns The pieces (views).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, chunk } from "@descent/tensor";
 * assert.deepEqual(chunk(arange(5), 2).map((t) => t.toList()), [[0, 1, 2], [3, 4]]);
 * assert.equal(chunk(arange(6), 4).length, 3);
 * ```
 */
export function chunk(a: Tensor, chunks: number, dim = 0): Tensor[] {
  checkTensor(a, "chunk");
  if (!Number.isInteger(chunks)) {
    throw new TypeError(`chunk(): argument 'chunks' (position 1) must be int, not float`);
  }
  const d = splitDim(a, dim, "chunk");
  if (chunks <= 0) {
    throw new RangeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  }
  const n = a.shape[d];
  const size = Math.ceil(n / chunks);
  // PyTorch: split_with_sizes for 0-sized chunks of a 0-sized dim (split would give one)
  if (size === 0 && n === 0) return splitWithSizes(a, new Array<number>(chunks).fill(0), d);
  return split(a, size, d);
}

/**
 * The slices along `dim`, as views without it. PyTorch: `torch.unbind(input, dim=0)` →
 * `UnbindBackward0`.
 *
 * @param a The input (at least 1-D).
 * @param dim The dim to remove.
 * @returns One view per index along `dim`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, unbind } from "@descent/tensor";
 * const [a, b] = unbind(tensor([[1, 2], [3, 4]]), 1);
 * assert.deepEqual([a.toList(), b.toList()], [[1, 3], [2, 4]]);
 * ```
 */
export function unbind(a: Tensor, dim = 0): Tensor[] {
  checkTensor(a, "unbind");
  if (a.ndim === 0) {
    throw new RangeError(`Dimension specified as ${dim} but tensor has no dimensions`);
  }
  const d = normalizeDim(dim, a.ndim);
  const shape = a.shape.filter((_, k) => k !== d);
  const strides = a._strides.filter((_, k) => k !== d);
  const outs: Tensor[] = [];
  for (let i = 0; i < a.shape[d]; i++) {
    outs.push(new Tensor(a._data, shape, a.dtype, strides, a._offset + i * a._strides[d], a));
  }
  multiOutput(outs);
  if (tracks(a) && outs.length > 0) {
    const node = recordOutputs("UnbindBackward0", outs, [a]);
    node.setBackwardAll((grads) => [
      stack(grads.map((g) => g ?? zerosOf(shape, a)), d),
    ]);
  }
  return outs;
}
