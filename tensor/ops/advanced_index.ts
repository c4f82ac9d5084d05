/**
 * Advanced indexing: reading and writing a tensor through index tensors, one per indexed dim
 * (PyTorch's `at::index` and `index_put_`, what `t[idx]` and `t[idx] = v` reach once the integers,
 * slices, `None` and ellipses are applied as views). Bool masks become the coordinates of their
 * true elements; the index tensors broadcast together; the result's dims are the broadcast shape
 * in place of the indexed dims when those are adjacent, else in front (NumPy's rule, which PyTorch
 * follows). The work is one separable gather or scatter (kernels/remap.ts): the indexed dims as
 * one dim whose "index map" holds storage offsets, the other dims as identity maps, so rows that
 * are not indexed are copied as runs.
 *
 * @module
 */

import { warnOnce } from "@descent/autograd";
import { allocate, type DType, Tensor } from "../tensor.ts";
import { scalarTypeName } from "../dtype.ts";
import {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  type Shape,
  shapeNumel,
} from "../shape.ts";
import { gatherMapped, identityMap, putMapped } from "../kernels/remap.ts";
import { nonzeroCoords } from "../kernels/index.ts";
import { record, tracks } from "./record.ts";
import { copyOf } from "../storage.ts";

/** PyTorch's text for an index tensor of another dtype. */
export const INDEX_DTYPE_ERROR = "tensors used as indices must be long, int, byte or bool tensors";

/** Whether a dtype indexes as a mask (bool, and uint8 with PyTorch's deprecation warning). */
export function isMaskDType(d: DType): boolean {
  return d === "bool" || d === "uint8";
}

/** Throws PyTorch's error unless `t` can be an index tensor. */
export function checkIndexDType(t: Tensor): void {
  const d = t.dtype;
  if (d !== "int64" && d !== "int32" && d !== "bool" && d !== "uint8") {
    throw new TypeError(INDEX_DTYPE_ERROR);
  }
}

/**
 * An advanced index, checked against the shape it indexes: the indexed dims, the position read
 * along each of them for every element of the broadcast index shape (made non-negative), and the
 * result's shape. Made once by {@linkcode planIndex}; the forward and backward of `index` and
 * `index_put` (and `take`, and the view machinery of copy_slices.ts) read through it.
 */
export class IndexPlan {
  /**
   * @param shape The shape indexed.
   * @param dims The indexed dims, ascending.
   * @param positions For each indexed dim, the position read for each element of `bshape`.
   * @param bshape The index tensors' broadcast shape.
   * @param outShape The result's shape.
   */
  constructor(
    readonly shape: Shape,
    readonly dims: readonly number[],
    readonly positions: readonly Int32Array[],
    readonly bshape: Shape,
    readonly outShape: Shape,
  ) {}

  /** Whether the indexed dims are adjacent (the broadcast dims then stay in their place). */
  get adjacent(): boolean {
    const d = this.dims;
    return d[d.length - 1] - d[0] === d.length - 1;
  }

  /**
   * The index maps and strides of a gather or scatter through this plan over a tensor of
   * `this.shape` with `strides`: the broadcast dims as one dim of storage offsets (stride 1), the
   * other dims as identity maps, in the result's order.
   */
  maps(strides: readonly number[]): { maps: Int32Array[]; strides: number[] } {
    const { dims, positions } = this;
    const n = shapeNumel(this.bshape);
    const offsets = new Int32Array(n);
    for (let j = 0; j < dims.length; j++) {
      const s = strides[dims[j]];
      const p = positions[j];
      for (let b = 0; b < n; b++) offsets[b] += p[b] * s;
    }
    const maps: Int32Array[] = [];
    const out: number[] = [];
    const rest = (from: number, to: number) => {
      for (let d = from; d < to; d++) {
        if (dims.includes(d)) continue;
        maps.push(identityMap(this.shape[d]));
        out.push(strides[d]);
      }
    };
    if (this.adjacent) rest(0, dims[0]);
    maps.push(offsets);
    out.push(1);
    rest(this.adjacent ? dims[dims.length - 1] + 1 : 0, this.shape.length);
    return { maps, strides: out };
  }
}

/**
 * Checks and expands the index tensors of an advanced index over `shape`: `indices[d]` indexes
 * dim `d` (`null`: not indexed); a mask at `d` of k dims covers dims `d … d+k-1` (entries there
 * must be `null`). PyTorch: `expandTensors`, the broadcast, and the bounds check of the index
 * kernel (a position is named by its index tensor's number among the given ones).
 *
 * @param shape The shape indexed.
 * @param indices The index tensor of each dim, or `null`.
 * @returns The plan.
 */
export function planIndex(shape: Shape, indices: readonly (Tensor | null)[]): IndexPlan {
  const dims: number[] = [];
  // a mask's coordinates are in range already (`checked`)
  const tensors: { shape: Shape; values: ArrayLike<number>; checked: boolean }[] = [];
  for (let d = 0; d < indices.length; d++) {
    const t = indices[d];
    if (t === null) continue;
    checkIndexDType(t);
    if (!isMaskDType(t.dtype)) {
      dims.push(d);
      tensors.push({ shape: t.shape, values: t._values(), checked: false });
      continue;
    }
    if (t.dtype === "uint8") {
      warnOnce(
        "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead.",
      );
    }
    for (let j = 0; j < t.ndim; j++) {
      if (d + j >= shape.length || t.shape[j] !== shape[d + j]) {
        throw new RangeError(
          `The shape of the mask ${
            formatShape(t.shape)
          } at index ${j} does not match the shape of the indexed tensor ${
            formatShape(shape)
          } at index ${d + j}`,
        );
      }
    }
    const coords = nonzeroCoords(t._values(), t.shape);
    for (let j = 0; j < coords.length; j++) {
      dims.push(d + j);
      tensors.push({ shape: [coords[j].length], values: coords[j], checked: true });
    }
  }
  let bshape: Shape = [];
  try {
    for (const t of tensors) bshape = broadcastShapes(bshape, t.shape);
  } catch {
    throw new RangeError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${
        tensors.map((t) => formatShape(t.shape)).join(", ")
      }`,
    );
  }
  const rest = shape.filter((_, d) => !dims.includes(d));
  const adjacent = dims.length > 0 && dims[dims.length - 1] - dims[0] === dims.length - 1;
  const outShape = adjacent
    ? [...shape.slice(0, dims[0]), ...bshape, ...shape.slice(dims[dims.length - 1] + 1)]
    : [...bshape, ...rest];
  // PyTorch checks the positions only where its kernel runs: not when the result is empty
  // (x[:, [5]] of a [0, 3] tensor is [0, 1]), except along a dim of size 0
  const empty = shapeNumel(outShape) === 0;
  const n = shapeNumel(bshape);
  const positions = tensors.map((t, j) => {
    const size = shape[dims[j]];
    const same = shapeNumel(t.shape) === n;
    if (t.checked && same) return t.values as Int32Array;
    const out = new Int32Array(n);
    const read = same ? null : broadcastReader(t.shape, bshape);
    for (let b = 0; b < n; b++) {
      const v = t.values[read === null ? b : read(b)];
      if (v < -size || v >= size) {
        if (size === 0) throw new RangeError("index is out of bounds for dimension with size 0");
        if (!empty) {
          throw new RangeError(`index ${v} is out of bounds for dimension ${j} with size ${size}`);
        }
      }
      out[b] = v < 0 ? v + size : v;
    }
    return out;
  });
  return new IndexPlan(shape, dims, positions, bshape, outShape);
}

/** The flat position in a row-major tensor of `from` read for element `b` of its broadcast to `to`. */
function broadcastReader(from: Shape, to: Shape): (b: number) => number {
  const strides = contiguousStrides(from);
  const pad = to.length - from.length;
  const bs = to.map((_, d) => (d < pad || from[d - pad] === 1 ? 0 : strides[d - pad]));
  const ts = contiguousStrides(to);
  return (b) => {
    let p = 0;
    for (let d = 0; d < to.length; d++) p += Math.floor(b / ts[d]) % to[d] * bs[d];
    return p;
  };
}

/**
 * `a` read through an index plan, recorded as `name` (`IndexBackward0`; `TakeBackward0` for
 * `take`). The backward adds the gradient back into zeros through the same plan (PyTorch's
 * `index_backward`: `zeros.index_put_(indices, grad, accumulate=True)`), itself differentiable.
 *
 * @param a The tensor indexed (of the plan's shape).
 * @param plan The index.
 * @param name The node's name.
 * @param outShape The result's shape (default: the plan's).
 * @returns A new tensor.
 */
export function indexWithPlan(
  a: Tensor,
  plan: IndexPlan,
  name = "IndexBackward0",
  outShape: Shape = plan.outShape,
): Tensor {
  const out = new Tensor(allocate(a.dtype, shapeNumel(outShape)), outShape, a.dtype);
  if (out._numel > 0) {
    const { maps, strides } = plan.maps(a._strides);
    if (maps.length === 1) {
      // every dim indexed (a mask over the whole tensor, `take`): one offset per element, no
      // runs to look for
      const [offsets] = maps;
      const src = a._data;
      const dst = out._data;
      const o = a._offset;
      for (let b = 0; b < offsets.length; b++) dst[b] = src[o + offsets[b]];
    } else gatherMapped(a._data, a._offset, strides, maps, out._data);
  }
  if (tracks(a)) {
    const node = record(name, out, [a]);
    node.setBackward((g) => [putWithPlan(zerosOf(a.shape, g.dtype), plan, g, true)]);
  }
  return out;
}

/** Zeros of `shape` in `dtype`. */
function zerosOf(shape: Shape, dtype: DType): Tensor {
  return new Tensor(allocate(dtype, shapeNumel(shape)), shape, dtype);
}

/**
 * A copy of `self` with `values` (of `self`'s dtype, broadcasting to the plan's result shape)
 * written through the plan, or added with `accumulate`: PyTorch's `index_put` →
 * `IndexPutBackward0`. Its backward: `self`'s gradient is `g` (accumulate) or `g` with the
 * indexed elements zeroed; `values`' is `g` read through the plan (summed to `values`' shape by
 * the engine).
 *
 * @param self The tensor written (not changed).
 * @param plan The index.
 * @param values The values.
 * @param accumulate Add instead of assigning.
 * @returns The new tensor.
 */
export function putWithPlan(
  self: Tensor,
  plan: IndexPlan,
  values: Tensor,
  accumulate: boolean,
): Tensor {
  checkPutValues(plan, values);
  const data = self._dense ? copyOf(self._data, self.dtype) : self._values();
  const out = new Tensor(data, self.shape, self.dtype);
  writeWithPlan(out, plan, values, accumulate);
  if (tracks(self, values)) {
    const node = record("IndexPutBackward0", out, [self, values]);
    node.setBackward((g) => [
      node.needs(0) ? (accumulate ? g : putWithPlan(g, plan, zerosOf([], g.dtype), false)) : null,
      node.needs(1) ? indexWithPlan(g, plan) : null,
    ]);
  }
  return out;
}

/** PyTorch's error unless `values` broadcasts to the plan's result shape. */
export function checkPutValues(plan: IndexPlan, values: Tensor): void {
  const out = plan.outShape;
  const v = values.shape;
  let ok = v.length <= out.length;
  for (let i = 1; ok && i <= v.length; i++) {
    ok = v[v.length - i] === 1 || v[v.length - i] === out[out.length - i];
  }
  if (!ok) {
    throw new RangeError(
      `shape mismatch: value tensor of shape ${
        formatShape(v)
      } cannot be broadcast to indexing result of shape ${formatShape(out)}`,
    );
  }
}

/**
 * @ignore Writes `values` (checked by {@linkcode checkPutValues}, of `dst`'s dtype) into `dst`'s
 * storage through the plan, unrecorded, without touching its version.
 */
export function writeWithPlan(
  dst: Tensor,
  plan: IndexPlan,
  values: Tensor,
  accumulate: boolean,
): void {
  const n = shapeNumel(plan.outShape);
  if (n === 0) return;
  const { maps, strides } = plan.maps(dst._strides);
  if (maps.length === 1 && values._numel === 1 && !accumulate) {
    // `t[mask] = value`: one offset per element, one value
    const [offsets] = maps;
    const data = dst._data;
    const o = dst._offset;
    const x = values._data[values._offset];
    for (let b = 0; b < offsets.length; b++) data[o + offsets[b]] = x;
    return;
  }
  const v = values._numel === n ? values._values() : values.expand(plan.outShape)._values();
  putMapped(v, dst._data, dst._offset, strides, maps, accumulate, dst.dtype === "bool");
}

/** PyTorch's error for `index_put_` with values of another dtype. */
export function checkSameDType(self: Tensor, values: Tensor): void {
  if (values.dtype !== self.dtype) {
    throw new TypeError(
      `Index put requires the source and destination dtypes match, got ${
        scalarTypeName(self.dtype)
      } for the destination and ${scalarTypeName(values.dtype)} for the source.`,
    );
  }
}

/**
 * The plan that reads the elements at flat (row-major) positions `flat` of a tensor of `shape`,
 * giving a result of `outShape`: every dim indexed by the coordinates of the positions. What
 * `take` and the view machinery (copy_slices.ts) index with. `shape` has at least one dim.
 *
 * @param shape The shape indexed.
 * @param flat The flat positions (checked, non-negative).
 * @param outShape The result's shape (as many elements as `flat`).
 * @returns The plan.
 */
export function planFlat(shape: Shape, flat: ArrayLike<number>, outShape: Shape): IndexPlan {
  const strides = contiguousStrides(shape);
  const positions = shape.map((size, d) => {
    const p = new Int32Array(flat.length);
    for (let b = 0; b < flat.length; b++) p[b] = Math.floor(flat[b] / strides[d]) % size;
    return p;
  });
  return new IndexPlan(shape, shape.map((_, d) => d), positions, outShape, outShape);
}
