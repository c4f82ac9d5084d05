/**
 * Views that rearrange dims: `movedim`, `swapaxes`/`swapdims`, `unflatten`, `unfold` (sliding
 * windows) and `meshgrid`, with their derivatives.
 *
 * @module
 */

import { warnOnce } from "@descent/autograd";
import { Tensor } from "../tensor.ts";
import { checkSizes, contiguousStrides, formatShape, inferSize, normalizeDim } from "../shape.ts";
import { identityMap } from "../kernels/remap.ts";
import { scatterBack } from "./remap.ts";
import { checkTensor, record, tracks } from "./record.ts";

/** A dim or a list of dims, as a list, with PyTorch's TypeError for non-integers. */
function dimList(x: number | readonly number[], op: string, arg: string): readonly number[] {
  const list = typeof x === "number" ? [x] : x;
  list.forEach((d, i) => {
    if (!Number.isInteger(d)) {
      throw new TypeError(
        `${op}(): argument '${arg}' must be int or tuple of ints, but found element of type ${
          typeof d === "number" ? "float" : typeof d
        } at pos ${i}`,
      );
    }
  });
  return list;
}

/**
 * Moves the dims `source` to the positions `destination`; the other dims keep their order.
 * PyTorch: `torch.movedim(input, source, destination)` → `PermuteBackward0` (a 0-d input:
 * `AliasBackward0`).
 *
 * @param a The input.
 * @param source A dim or dims to move.
 * @param destination Where each goes (as many as `source`).
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { movedim, zeros } from "@descent/tensor";
 * assert.deepEqual(movedim(zeros([2, 3, 4]), 0, -1).shape, [3, 4, 2]);
 * assert.deepEqual(movedim(zeros([2, 3, 4]), [0, 1], [2, 0]).shape, [3, 4, 2]);
 * ```
 */
export function movedim(
  a: Tensor,
  source: number | readonly number[],
  destination: number | readonly number[],
): Tensor {
  checkTensor(a, "movedim");
  const src = dimList(source, "movedim", "source");
  const dst = dimList(destination, "movedim", "destination");
  if (src.length !== dst.length) {
    throw new RangeError(
      `movedim: Invalid source or destination dims: source (${
        formatShape(src)
      } dims) should contain the same number of dims as destination (${formatShape(dst)} dims)`,
    );
  }
  const nd = a.ndim;
  const s = src.map((d) => normalizeDim(d, nd));
  const t = dst.map((d) => normalizeDim(d, nd));
  if (new Set(s).size !== s.length) {
    throw new RangeError(`movedim: repeated dim in \`source\` (${formatShape(src)})`);
  }
  if (new Set(t).size !== t.length) {
    throw new RangeError(`movedim: repeated dim in \`destination\` (${formatShape(dst)})`);
  }
  if (nd === 0) {
    const out = new Tensor(a._data, a.shape, a.dtype, a._strides, a._offset, a);
    if (tracks(a)) record("AliasBackward0", out, [a]).setBackward((g) => [g]);
    return out;
  }
  const order = new Array<number>(nd).fill(-1);
  s.forEach((d, i) => (order[t[i]] = d));
  const rest = [...a.shape.keys()].filter((d) => !s.includes(d));
  let k = 0;
  for (let i = 0; i < nd; i++) if (order[i] === -1) order[i] = rest[k++];
  return a.permute(order);
}

/**
 * Swaps two dims (NumPy's name for `transpose`). PyTorch: `torch.swapaxes(input, axis0, axis1)`
 * → `TransposeBackward0`.
 *
 * @param a The input.
 * @param axis0 First dim.
 * @param axis1 Second dim.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { swapaxes, zeros } from "@descent/tensor";
 * assert.deepEqual(swapaxes(zeros([2, 3, 4]), 0, 2).shape, [4, 3, 2]);
 * ```
 */
export function swapaxes(a: Tensor, axis0: number, axis1: number): Tensor {
  checkTensor(a, "swapaxes");
  return a.transpose(axis0, axis1);
}

/**
 * Swaps two dims (an alias of `transpose`). PyTorch: `torch.swapdims(input, dim0, dim1)` →
 * `TransposeBackward0`.
 *
 * @param a The input.
 * @param dim0 First dim.
 * @param dim1 Second dim.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { swapdims, zeros } from "@descent/tensor";
 * assert.deepEqual(swapdims(zeros([2, 3]), 0, 1).shape, [3, 2]);
 * ```
 */
export function swapdims(a: Tensor, dim0: number, dim1: number): Tensor {
  checkTensor(a, "swapdims");
  return a.transpose(dim0, dim1);
}

/**
 * Splits dim `dim` into several with `sizes` (one may be -1, inferred). PyTorch:
 * `torch.unflatten(input, dim, sizes)` → `ViewBackward0`.
 *
 * @param a The input.
 * @param dim The dim to split.
 * @param sizes Its new sizes, whose product is its size.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unflatten, zeros } from "@descent/tensor";
 * assert.deepEqual(unflatten(zeros([2, 6]), 1, [3, -1]).shape, [2, 3, 2]);
 * ```
 */
export function unflatten(a: Tensor, dim: number, sizes: readonly number[]): Tensor {
  checkTensor(a, "unflatten");
  if (!Array.isArray(sizes)) {
    throw new TypeError(`unflatten(): argument 'sizes' (position 2) must be tuple of ints`);
  }
  if (sizes.length === 0) throw new RangeError("unflatten: sizes must be non-empty");
  const d = normalizeDim(dim, a.ndim);
  let inferred: number[];
  try {
    if (a.ndim === 0) {
      throw new RangeError(`Dimension specified as ${dim} but tensor has no dimensions`);
    }
    checkSizes(sizes, "unflatten", true, "sizes", 2);
    inferred = inferSize(sizes, a.shape[d]);
  } catch (e) {
    if (e instanceof TypeError) throw e;
    const message = (e as Error).message;
    throw new RangeError(
      message.startsWith("shape '[")
        ? `unflatten: Provided sizes ${
          formatShape(sizes)
        } don't multiply up to the size of dim ${d} (${a.shape[d]}) in the input tensor`
        : `unflatten got an unexpected error:\n${message}`,
    );
  }
  return a.view([...a.shape.slice(0, d), ...inferred, ...a.shape.slice(d + 1)]);
}

/** The view `unfold` makes of a tensor of `shape`/`strides`/`offset`. */
function windows(
  shape: readonly number[],
  strides: readonly number[],
  d: number,
  size: number,
  step: number,
): { shape: number[]; strides: number[] } {
  if (shape.length === 0) return { shape: [size], strides: [1] };
  const outShape = shape.slice();
  const outStrides = strides.slice();
  outShape[d] = Math.floor((shape[d] - size) / step) + 1;
  outStrides[d] = step * strides[d];
  outShape.push(size);
  outStrides.push(strides[d]);
  return { shape: outShape, strides: outStrides };
}

/**
 * The windows of `size` elements along `dimension`, `step` apart, as a view with one more dim
 * (the window) at the end. PyTorch: `Tensor.unfold(dimension, size, step)` → `UnfoldBackward0`.
 *
 * @param a The input.
 * @param dimension The dim to slide along.
 * @param size The window's size.
 * @param step The distance between windows.
 * @returns A view (windows may overlap).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, unfold } from "@descent/tensor";
 * assert.deepEqual(unfold(arange(5), 0, 2, 1).toList(), [[0, 1], [1, 2], [2, 3], [3, 4]]);
 * assert.deepEqual(unfold(arange(5), 0, 2, 2).toList(), [[0, 1], [2, 3]]);
 * ```
 */
export function unfold(a: Tensor, dimension: number, size: number, step: number): Tensor {
  checkTensor(a, "unfold");
  for (const [x, arg] of [[size, "size"], [step, "step"]] as const) {
    if (!Number.isInteger(x)) {
      throw new TypeError(`unfold(): argument '${arg}' must be int, not float`);
    }
  }
  const d = normalizeDim(dimension, a.ndim);
  const max = a.ndim === 0 ? 1 : a.shape[d];
  if (size > max) {
    throw new RangeError(`maximum size for tensor at dimension ${d} is ${max} but size is ${size}`);
  }
  if (size < 0) throw new RangeError(`size is ${size} but must be >= 0`);
  if (step <= 0) throw new RangeError(`step is ${step} but must be > 0`);
  const w = windows(a.shape, a._strides, d, size, step);
  const out = new Tensor(a._data, w.shape, a.dtype, w.strides, a._offset, a);
  if (tracks(a)) {
    const inShape = a.shape;
    record("UnfoldBackward0", out, [a]).setBackward((g) => [
      unfoldBackward(g, inShape, d, size, step),
    ]);
  }
  return out;
}

/** The gradient of `unfold`: each window's gradient added back where the window reads. */
function unfoldBackward(
  g: Tensor,
  shape: readonly number[],
  d: number,
  size: number,
  step: number,
): Tensor {
  const w = windows(shape, contiguousStrides(shape), d, size, step);
  const maps = w.shape.map(identityMap);
  return scatterBack(
    g,
    maps,
    shape,
    w.strides,
    "UnfoldBackwardBackward0",
    (gg) => unfold(gg, d, size, step),
  );
}

/** Options of {@linkcode meshgrid}. */
export interface MeshgridOptions {
  /**
   * `"ij"`: the i-th output varies along dim i (matrix indexing, the default); `"xy"`: the
   * first two dims swapped (Cartesian indexing). PyTorch warns when it is not given.
   */
  indexing?: "ij" | "xy";
}

/**
 * Coordinate grids: for N tensors of 0 or 1 dims, N tensors of the shape made of their sizes,
 * the i-th repeating tensor i along its dim. PyTorch: `torch.meshgrid(*tensors, indexing=None)`
 * → `ExpandBackward0` each (views).
 *
 * @param tensors The coordinates along each dim (0-D or 1-D, one dtype).
 * @param options `indexing`.
 * @returns One expanded view per input.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meshgrid, tensor } from "@descent/tensor";
 * const [x, y] = meshgrid([tensor([1, 2, 3]), tensor([4, 5])], { indexing: "ij" });
 * assert.deepEqual(x.toList(), [[1, 1], [2, 2], [3, 3]]);
 * assert.deepEqual(y.toList(), [[4, 5], [4, 5], [4, 5]]);
 * const [u] = meshgrid([tensor([1, 2, 3]), tensor([4, 5])], { indexing: "xy" });
 * assert.deepEqual(u.toList(), [[1, 2, 3], [1, 2, 3]]);
 * ```
 */
export function meshgrid(tensors: readonly Tensor[], options: MeshgridOptions = {}): Tensor[] {
  if (!Array.isArray(tensors)) throw new TypeError("meshgrid(): expected a list of Tensors");
  tensors.forEach((t) => checkTensor(t, "meshgrid"));
  if (tensors.length === 0) throw new RangeError("meshgrid expects a non-empty TensorList");
  for (let i = 1; i < tensors.length; i++) {
    if (tensors[i].dtype !== tensors[0].dtype) {
      throw new TypeError("meshgrid expects all tensors to have the same dtype");
    }
  }
  if (options.indexing === undefined) {
    warnOnce(
      "torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
    );
  }
  const indexing = options.indexing ?? "ij";
  if (indexing !== "ij" && indexing !== "xy") {
    throw new TypeError(
      `torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${indexing}`,
    );
  }
  const swap = indexing === "xy" && tensors.length >= 2;
  const ordered = tensors.slice();
  if (swap) [ordered[0], ordered[1]] = [ordered[1], ordered[0]];
  for (const t of ordered) {
    if (t.ndim > 1) {
      throw new RangeError(
        `torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: a ${t.ndim}-D tensor of shape ${
          formatShape(t.shape)
        }`,
      );
    }
  }
  const shape = ordered.map((t) => t.numel());
  const grids = ordered.map((t, i) => {
    const viewShape = shape.map((_, k) => (k === i ? -1 : 1));
    return t.view(viewShape).expand(shape);
  });
  if (swap) [grids[0], grids[1]] = [grids[1], grids[0]];
  return grids;
}
