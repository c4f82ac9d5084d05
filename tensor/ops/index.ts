/**
 * Indexing and joining, with their derivatives: `select` (`t[i]`), `narrow` (`t[a:b]`), `cat`,
 * `stack`.
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { promoteTypes } from "../dtype.ts";
import { convert } from "./exact.ts";
import { formatShape, normalizeDim } from "../shape.ts";
import { scatter } from "../kernels/elementwise.ts";
import { checkTensor, record, tracks, tracksAny } from "./record.ts";

/**
 * The sub-tensor at `index` along `dim`, without that dim (a view). PyTorch:
 * `Tensor.select(dim, index)` / `t[index]` → `SelectBackward0`.
 *
 * @param a The input (at least 1-D).
 * @param dim The dim to index.
 * @param index The position (negative counts from the end).
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { select, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]]);
 * assert.equal(String(select(x, 0, -1)), "tensor([3, 4])");
 * assert.equal(String(select(x, 1, 0)), "tensor([1, 3])");
 * ```
 */
export function select(a: Tensor, dim: number, index: number): Tensor {
  checkTensor(a, "select");
  if (a.ndim === 0) throw new RangeError("select() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, a.ndim);
  if (!Number.isInteger(index)) throw new TypeError(`index must be an integer, got ${index}`);
  const size = a.shape[d];
  if (index < -size || index >= size) {
    // PyTorch's `select`; `t[i]` (indexing.ts) words it as Python's indexing does
    throw new RangeError(
      `select(): index ${index} out of range for tensor of size ${
        formatShape(a.shape)
      } at dimension ${d}`,
    );
  }
  const i = index < 0 ? index + size : index;
  const shape = a.shape.filter((_, k) => k !== d);
  const strides = a._strides.filter((_, k) => k !== d);
  const out = new Tensor(a._data, shape, a.dtype, strides, a._offset + i * a._strides[d], a);
  if (tracks(a)) {
    const node = record("SelectBackward0", out, [a]);
    const inShape = a.shape;
    node.setBackward((g) => [embed(g.unsqueeze(d), inShape, d, i)]);
  }
  return out;
}

/**
 * `length` elements along `dim` starting at `start` (a view). PyTorch:
 * `Tensor.narrow(dim, start, length)` / `t[start:start+length]` → `SliceBackward0`.
 *
 * @param a The input.
 * @param dim The dim to cut.
 * @param start First position (negative counts from the end).
 * @param length How many positions.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, narrow } from "@descent/tensor";
 * assert.equal(String(narrow(arange(5), 0, 1, 3)), "tensor([1, 2, 3])");
 * ```
 */
export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensor(a, "narrow");
  if (a.ndim === 0) throw new RangeError("narrow() cannot be applied to a 0-dim tensor.");
  const d = normalizeDim(dim, a.ndim);
  const size = a.shape[d];
  if (!Number.isInteger(start) || !Number.isInteger(length)) {
    throw new TypeError(`narrow(): start and length must be integers, got ${start} and ${length}`);
  }
  const s = start < 0 && start >= -size ? start + size : start;
  if (s < 0 || s > size) {
    throw new RangeError(
      `start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`,
    );
  }
  if (length < 0 || s + length > size) {
    throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return sliceDim(a, d, s, length, 1);
}

/**
 * @ignore `length` positions along `dim` from `start`, every `step`-th (a view; the arguments
 * already checked). PyTorch: `Tensor.slice(dim, start, end, step)`, `t[start:end:step]` →
 * `SliceBackward0`.
 */
export function sliceDim(
  a: Tensor,
  dim: number,
  start: number,
  length: number,
  step: number,
): Tensor {
  const shape = a.shape.slice();
  shape[dim] = length;
  const strides = step === 1 ? a._strides : a._strides.slice();
  if (step !== 1) (strides as number[])[dim] *= step;
  const out = new Tensor(a._data, shape, a.dtype, strides, a._offset + start * a._strides[dim], a);
  if (tracks(a)) {
    const node = record("SliceBackward0", out, [a]);
    const inShape = a.shape;
    node.setBackward((g) => [embed(g, inShape, dim, start, step)]);
  }
  return out;
}

/**
 * Zeros of `shape` with `g` placed at `start` along `dim`, every `step`-th (the backward of
 * `narrow`/`select`/a slice), itself differentiable: its backward slices the gradient again.
 */
function embed(
  g: Tensor,
  shape: readonly number[],
  dim: number,
  start: number,
  step = 1,
): Tensor {
  const out = new Tensor(allocate(g.dtype, shape.reduce((x, y) => x * y, 1)), shape, g.dtype);
  const strides = out._strides.slice();
  strides[dim] *= step;
  scatter(g._values(), out._data, start * out._strides[dim], g.shape, strides);
  if (tracks(g)) {
    const node = record("SliceBackwardBackward0", out, [g]);
    const len = g.shape[dim];
    node.setBackward((gg) => [sliceDim(gg, dim, start, len, step)]);
  }
  return out;
}

function joinChecks(tensors: readonly Tensor[], name: string): void {
  if (!Array.isArray(tensors)) throw new TypeError(`${name}(): expected a list of Tensors`);
  if (tensors.length === 0) throw new RangeError(`${name}(): expected a non-empty list of Tensors`);
  tensors.forEach((t) => checkTensor(t, name));
}

/**
 * Concatenates tensors along an existing dim. PyTorch: `torch.cat(tensors, dim=0)` →
 * `CatBackward0`. The result has the tensors' promoted dtype (PyTorch 2.x).
 *
 * @param tensors Tensors with equal sizes except along `dim`.
 * @param dim The dim to join along.
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cat, tensor } from "@descent/tensor";
 * assert.equal(String(cat([tensor([[1, 2]]), tensor([[3, 4]])], 0)), "tensor([[1, 2],\n        [3, 4]])");
 * assert.equal(String(cat([tensor([1, 2]), tensor([0.5])])), "tensor([1.0000, 2.0000, 0.5000])");
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  joinChecks(tensors, "cat");
  const zeroDim = tensors.findIndex((t) => t.ndim === 0);
  if (zeroDim >= 0) {
    throw new RangeError(
      `zero-dimensional tensor (at position ${zeroDim}) cannot be concatenated`,
    );
  }
  // PyTorch's legacy rule: a 1-D tensor of size 0 is left out, whatever the others' shapes
  const legacy = (t: Tensor) => t.ndim === 1 && t.shape[0] === 0;
  const first = tensors.find((t) => !legacy(t));
  if (first === undefined) return catLegacy(tensors); // dim is not even checked
  const d = normalizeDim(dim, first.ndim);
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const shape = first.shape.slice();
  shape[d] = 0;
  tensors.forEach((t, k) => {
    if (legacy(t)) return;
    if (t.ndim !== first.ndim) {
      throw new RangeError(
        `Tensors must have same number of dimensions: got ${first.ndim} and ${t.ndim}`,
      );
    }
    for (let i = 0; i < t.ndim; i++) {
      if (i !== d && t.shape[i] !== first.shape[i]) {
        throw new RangeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${
            first.shape[i]
          } but got size ${t.shape[i]} for tensor number ${k} in the list.`,
        );
      }
    }
    shape[d] += t.shape[d];
  });
  const out = new Tensor(allocate(dtype, shape.reduce((x, y) => x * y, 1)), shape, dtype);
  let offset = 0;
  for (const t of tensors) {
    if (legacy(t)) continue; // nothing to copy
    scatter(
      convert(t, dtype)._values(),
      out._data,
      offset * out._strides[d],
      t.shape,
      out._strides,
    );
    offset += t.shape[d];
  }
  if (tracksAny(tensors)) {
    const node = record("CatBackward0", out, tensors);
    const sizes = tensors.map((t) => (legacy(t) ? -1 : t.shape[d]));
    node.setBackward((g) => {
      let at = 0;
      return sizes.map((n, k) => {
        if (n < 0) return node.needs(k) ? new Tensor(allocate(g.dtype, 0), [0], g.dtype) : null;
        const piece = node.needs(k) ? narrow(g, d, at, n) : null;
        at += n;
        return piece;
      });
    });
  }
  return out;
}

/** `cat` of 1-D tensors of size 0 only: one more, of their promoted dtype. */
function catLegacy(tensors: readonly Tensor[]): Tensor {
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const out = new Tensor(allocate(dtype, 0), [0], dtype);
  if (tracksAny(tensors)) {
    const node = record("CatBackward0", out, tensors);
    node.setBackward((g) => tensors.map((_, k) => (node.needs(k) ? g : null)));
  }
  return out;
}

/**
 * Stacks tensors of equal shape along a new dim. PyTorch: `torch.stack(tensors, dim=0)` →
 * `StackBackward0`.
 *
 * @param tensors Tensors of one shape.
 * @param dim Where the new dim goes.
 * @returns A new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stack, tensor } from "@descent/tensor";
 * assert.deepEqual(stack([tensor([1, 2]), tensor([3, 4])], 1).toList(), [[1, 3], [2, 4]]);
 * ```
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  joinChecks(tensors, "stack");
  const first = tensors[0];
  const d = normalizeDim(dim, first.ndim + 1); // checked first, as PyTorch does
  tensors.forEach((t, k) => {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new RangeError(
        `stack expects each tensor to be equal size, but got ${
          formatShape(first.shape)
        } at entry 0 and ${formatShape(t.shape)} at entry ${k}`,
      );
    }
  });
  const out = cat(
    tensors.map((t) =>
      new Tensor(t._data, insert(t.shape, d, 1), t.dtype, insert(t._strides, d, 0), t._offset)
    ),
    d,
  );
  if (tracksAny(tensors)) {
    const node = record("StackBackward0", out, tensors);
    node.setBackward((g) => tensors.map((_, k) => (node.needs(k) ? select(g, d, k) : null)));
  }
  return out;
}

function insert(xs: readonly number[], at: number, v: number): number[] {
  const out = xs.slice();
  out.splice(at, 0, v);
  return out;
}
