/**
 * Repetition: `repeat` (whole copies along each dim), `tile` (the same, NumPy's spelling) and
 * `repeatInterleave` (each element repeated in place), with their derivatives.
 *
 * @module
 */

import { notImplemented } from "../dtype.ts";
import { allocate, Tensor } from "../tensor.ts";
import { checkInts, checkSizes, normalizeDim, sizeArgs } from "../shape.ts";
import { gatherMapped } from "../kernels/remap.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { identityMap } from "../kernels/remap.ts";
import { remap } from "./remap.ts";

/**
 * Copies of the tensor tiled along each dim, `repeats` times (more repeats than dims add leading
 * dims). PyTorch: `Tensor.repeat(*repeats)` → `RepeatBackward0`.
 *
 * @param a The input.
 * @param repeats How many copies along each dim, as a list or as arguments (at least `a.ndim`).
 * @returns The repeated tensor (a copy).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { repeat, tensor } from "@descent/tensor";
 * assert.deepEqual(repeat(tensor([1, 2]), [2, 2]).toList(), [[1, 2, 1, 2], [1, 2, 1, 2]]);
 * ```
 */
export function repeat(a: Tensor, repeats: readonly (number | readonly number[])[]): Tensor {
  checkTensor(a, "repeat");
  const reps = sizeArgs(repeats);
  checkInts(reps, "repeat", "repeats");
  if (reps.length < a.ndim) {
    throw new RangeError(
      "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
    );
  }
  const lead = reps.length - a.ndim;
  const padded = [...new Array<number>(lead).fill(1), ...a.shape];
  const shape = padded.map((s, d) => s * reps[d] + 0); // + 0: no -0 from 0 × -1
  checkSizes(shape, "repeat");
  const maps = shape.map((n, d) => {
    const m = new Int32Array(n);
    for (let i = 0; i < n; i++) m[i] = i % padded[d];
    return m;
  });
  const out = new Tensor(
    allocate(a.dtype, shape.reduce((x, y) => x * y, 1)),
    shape,
    a.dtype,
  );
  const strides = [...new Array<number>(lead).fill(0), ...a._strides];
  gatherMapped(a._data, a._offset, strides, maps, out._data);
  if (tracks(a)) {
    const inShape = a.shape;
    record("RepeatBackward0", out, [a]).setBackward((g) => {
      // PyTorch's repeat_backward: each dim split into (repeats, size) and the copies summed
      const split = padded.flatMap((s, d) => [reps[d], s]);
      const copies = padded.map((_, d) => 2 * d).filter((d) => reps[d / 2] !== 1);
      const summed = copies.length === 0 ? g : g.reshape(split).sum(copies, true);
      return [summed.reshape(inShape)];
    });
  }
  return out;
}

/**
 * `repeat` with NumPy's rule for fewer `dims` than dims: missing leading entries count as 1.
 * PyTorch: `torch.tile(input, dims)` → `RepeatBackward0`.
 *
 * @param a The input.
 * @param dims How many copies along each dim, as a list or as arguments.
 * @returns The tiled tensor (a copy).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, tile } from "@descent/tensor";
 * assert.deepEqual(tile(tensor([[1, 2]]), [2]).toList(), [[1, 2, 1, 2]]);
 * ```
 */
export function tile(a: Tensor, dims: readonly (number | readonly number[])[]): Tensor {
  checkTensor(a, "tile");
  const reps = sizeArgs(dims);
  checkInts(reps, "tile", "dims");
  const missing = Math.max(a.ndim - reps.length, 0);
  return repeat(a, [[...new Array<number>(missing).fill(1), ...reps]]);
}

/** Options of {@linkcode repeatInterleave}. */
export interface RepeatInterleaveOptions {
  /** The output's size along `dim`, checked against the repeats (PyTorch's `output_size`). */
  outputSize?: number;
}

/**
 * Repeats each element (along `dim`, or of the flattened tensor) in place: `[1, 2]` twice is
 * `[1, 1, 2, 2]`. `repeats` is one count for every element, or a 1-D tensor with a count per
 * element along `dim`. PyTorch: `torch.repeat_interleave(input, repeats, dim=None, *,
 * output_size=None)` → `ViewBackward0` (a number: an expanded copy, flattened) or
 * `IndexSelectBackward0` (a tensor of counts).
 *
 * @param a The input.
 * @param repeats A count, or a tensor of integer counts (0-D, or one per element along `dim`).
 * @param dim The dim to repeat along (omit: the flattened tensor).
 * @param options `outputSize`.
 * @returns The repeated tensor (a copy).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { repeatInterleave, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(repeatInterleave(x, 2).toList(), [1, 1, 2, 2, 3, 3, 4, 4]);
 * assert.deepEqual(repeatInterleave(x, 2, 0).toList(), [[1, 2], [1, 2], [3, 4], [3, 4]]);
 * assert.deepEqual(repeatInterleave(x, tensor([1, 2]), 1).toList(), [[1, 2, 2], [3, 4, 4]]);
 * ```
 */
export function repeatInterleave(
  a: Tensor,
  repeats: number | Tensor,
  dim?: number | null,
  options: RepeatInterleaveOptions = {},
): Tensor {
  checkTensor(a, "repeat_interleave");
  const outputSize = options.outputSize;
  if (typeof repeats === "number") {
    if (!Number.isInteger(repeats)) {
      throw new TypeError(
        `repeat_interleave(): argument 'repeats' must be int or Tensor, but got float ${repeats}`,
      );
    }
    // PyTorch 2.x: unsqueeze, expand, copy, flatten
    const given = dim !== undefined && dim !== null;
    const input = given ? a : a.flatten();
    const d = normalizeDim(given ? dim : 0, a.ndim);
    if (repeats < 0) throw new RangeError("Repeats must be non-negative");
    const wide = input.unsqueeze(d + 1);
    const shape = wide.shape.slice();
    shape[d + 1] = repeats;
    if (outputSize !== undefined && outputSize !== repeats * shape[d]) {
      throw new RangeError(
        `repeat_interleave: Invalid output_size, expected ${
          repeats * shape[d]
        } but got ${outputSize}`,
      );
    }
    return wide.expand(shape).contiguous().flatten(d, d + 1);
  }
  checkTensor(repeats, "repeat_interleave");
  const given = dim !== undefined && dim !== null;
  const input = given ? a : a.flatten();
  const d = given ? normalizeDim(dim, a.ndim) : 0;
  const size = input.shape[d];
  const counts = repeats.toList();
  let list: number[];
  if (repeats.ndim === 0 || (repeats.ndim === 1 && repeats.shape[0] === 1)) {
    list = new Array<number>(size).fill(
      repeats.ndim === 0 ? counts as number : (counts as number[])[0],
    );
  } else if (repeats.ndim === 1) {
    if (repeats.shape[0] !== size) {
      throw new RangeError(
        `repeats must have the same size as input along dim, but got repeats.size(0) = ${
          repeats.shape[0]
        } and input.size(${given ? dim : 0}) = ${size}`,
      );
    }
    list = counts as number[];
  } else {
    throw new RangeError("repeats must be 0-dim or 1-dim tensor");
  }
  // PyTorch's kernel counts in int64 or int32 (after the shape checks above)
  if (repeats.dtype !== "int64" && repeats.dtype !== "int32") {
    throw notImplemented("repeat_interleave_cpu", repeats.dtype);
  }
  if (list.some((n) => n < 0)) throw new RangeError("repeats can not be negative");
  const total = list.reduce((x, y) => x + y, 0);
  if (outputSize !== undefined && outputSize !== total) {
    throw new RangeError("allocated size does not match required size");
  }
  const index = new Int32Array(total);
  let at = 0;
  list.forEach((n, i) => index.fill(i, at, at += n));
  const maps = input.shape.map((n, k) => (k === d ? index : identityMap(n)));
  return remap(input, maps, "IndexSelectBackward0", "IndexAddBackward0");
}
