/**
 * Python's indexing, `t[...]` and `t[...] = v`, as `index(t, ...indices)` and
 * `indexPut_(t, indices, values)`: integers (negative count from the end), slices
 * (`slice(start, stop, step)`), `null` for a new dim, an ellipsis (`"..."`), index tensors
 * (int64, int32) and bool masks, and nested arrays of numbers or booleans read as index tensors.
 * Integers, slices, `null` and the ellipsis make views, one recorded op per item
 * (`SelectBackward0`, `SliceBackward0`, `UnsqueezeBackward0`, `AliasBackward0`), exactly the chain
 * PyTorch 2.x records; index tensors then copy (`IndexBackward0`, advanced_index.ts). Writing
 * through the views is an in-place op on a view (`CopySlices` on the base, copy_slices.ts), through
 * index tensors an `index_put_` (`IndexPutBackward0`). PyTorch: `THPVariable_getitem`,
 * `THPVariable_setitem` and `applySlicing` (torch/csrc/autograd/python_variable_indexing.cpp).
 *
 * @module
 */

import { allocate, type DType, type NestedArray, Tensor } from "../tensor.ts";
import { castValue, isFloatingDType } from "../dtype.ts";
import { sameShape } from "../shape.ts";
import { tensor } from "../create.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { select, sliceDim } from "./index.ts";
import { unsqueeze } from "./view.ts";
import { add_, checkedCast, copy_, fill_, inplace } from "./inplace.ts";
import { numberOf } from "./exact.ts";
import {
  checkIndexDType,
  checkPutValues,
  checkSameDType,
  indexWithPlan,
  isMaskDType,
  planIndex,
  putWithPlan,
  writeWithPlan,
} from "./advanced_index.ts";

/**
 * A slice of one dim, Python's `start:stop:step`: made by {@linkcode slice}. Bounds past either
 * end are clamped, negative ones count from the end; `null` is the default (the start, the end,
 * a step of 1).
 */
export interface Slice {
  /** Marks the object as a slice. */
  readonly kind: "slice";
  /** First position (`null`: 0). */
  readonly start: number | null;
  /** Position after the last (`null`: the dim's size). */
  readonly stop: number | null;
  /** Distance between positions, at least 1 (`null`: 1). */
  readonly step: number | null;
}

/**
 * Python's ellipsis, `...`, in {@linkcode index}: as many full slices as the dims not indexed
 * otherwise. The string `"..."` itself works too.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ellipsis, zeros } from "@descent/tensor";
 * assert.deepEqual(zeros([2, 3, 4]).index(ellipsis, 0).shape, [2, 3]);
 * ```
 */
export const ellipsis = "...";

/** Nested arrays of integers or booleans: an index tensor, as PyTorch reads `t[[0, 2]]`. */
export type IndexArray = readonly (number | boolean | IndexArray)[];

/**
 * One item of an index, what Python's `t[...]` takes: an integer, a {@linkcode Slice}, `null`
 * (PyTorch's `None`: a new dim of size 1), the ellipsis `"..."`, a boolean (a new dim, kept or
 * emptied), an index tensor (int64, int32; a 0-d one acts as an integer), a bool mask (its dims
 * index as many dims), or nested arrays read as an index tensor (of int64, or bool for booleans).
 */
export type Index = number | boolean | null | typeof ellipsis | Slice | Tensor | IndexArray;

const SLICE_TYPE_ERROR = "slice indices must be integers or null";

function sliceBound(x: number | null | undefined): number | null {
  if (x === null || x === undefined) return null;
  if (!Number.isInteger(x)) throw new TypeError(SLICE_TYPE_ERROR);
  return x;
}

/**
 * A slice of one dim for {@linkcode index}: Python's `slice(stop)` / `slice(start, stop, step)`,
 * that is `:stop` / `start:stop:step`. `slice()` is `:`, the whole dim.
 *
 * descent spells slices as a function rather than a string such as `"1:5:2"` so that bounds are
 * checked numbers (a computed bound needs no template string) and a typo is a type error, not a
 * runtime one; the result is a small frozen object.
 *
 * @param start The first position, or — as the only argument — the stop.
 * @param stop The position after the last.
 * @param step The distance between positions (at least 1).
 * @returns The slice.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, slice } from "@descent/tensor";
 * const x = arange(10);
 * assert.deepEqual(x.index(slice(3)).toList(), [0, 1, 2]); // x[:3]
 * assert.deepEqual(x.index(slice(-3, null)).toList(), [7, 8, 9]); // x[-3:]
 * assert.deepEqual(x.index(slice(1, 8, 3)).toList(), [1, 4, 7]); // x[1:8:3]
 * ```
 */
export function slice(start?: number | null, stop?: number | null, step?: number | null): Slice {
  const one = arguments.length === 1;
  return Object.freeze({
    kind: "slice" as const,
    start: one ? null : sliceBound(start),
    stop: one ? sliceBound(start) : sliceBound(stop),
    step: sliceBound(step),
  });
}

function isSlice(x: unknown): x is Slice {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "slice" &&
    !(x instanceof Tensor);
}

/** PyTorch's error for an item that is not an index. */
function notAnIndex(x: unknown): TypeError {
  const got = typeof x === "number" ? "float" : typeof x;
  return new TypeError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), null and long or byte Variables are valid indices (got ${got})`,
  );
}

const ZERO_DIM_ERROR =
  "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number";

/** `t[i]` along `dim`, with PyTorch's messages naming `realDim` (the item's place). */
function applySelect(t: Tensor, dim: number, i: number, realDim: number): Tensor {
  if (t.ndim === 0) throw new RangeError(ZERO_DIM_ERROR);
  const size = t.shape[dim];
  if (i < -size || i >= size) {
    throw new RangeError(`index ${i} is out of bounds for dimension ${realDim} with size ${size}`);
  }
  return select(t, dim, i);
}

/**
 * `t[s]` along `dim`: Python's slice bounds (clamped, negative from the end), a view; `t` itself
 * when the slice is the whole dim and `keepWhole` is false (PyTorch skips those in a tuple).
 */
function applySlice(t: Tensor, dim: number, s: Slice, keepWhole: boolean): Tensor {
  if (t.ndim === 0) throw new RangeError("slice() cannot be applied to a 0-dim tensor.");
  const step = s.step ?? 1;
  if (step === 0) throw new RangeError("slice step cannot be zero");
  if (step < 0) throw new RangeError("step must be greater than zero");
  const size = t.shape[dim];
  const clamp = (x: number | null, dflt: number) => {
    if (x === null) return dflt;
    const v = x < 0 ? x + size : x;
    return Math.min(Math.max(v, 0), size);
  };
  const start = clamp(s.start, 0);
  const stop = Math.max(clamp(s.stop, size), start);
  // PyTorch's test is on the bounds as written: `-size:` and `:-1` of an empty dim still slice
  if (!keepWhole && (s.start ?? 0) === 0 && (s.stop ?? size) >= size && step === 1) return t;
  return sliceDim(t, dim, start, Math.ceil((stop - start) / step), step);
}

/** A view of all of `a`. PyTorch: `torch.alias(a)` → `AliasBackward0`. */
function alias(a: Tensor): Tensor {
  const out = new Tensor(a._data, a.shape, a.dtype, a._strides, a._offset, a);
  if (tracks(a)) record("AliasBackward0", out, [a]).setBackward((g) => [g]);
  return out;
}

/** An index item that is a tensor (nested arrays converted: int64, or bool), else `null`. */
function asIndexTensor(x: unknown): Tensor | null {
  if (x instanceof Tensor) return x;
  if (!Array.isArray(x)) return null;
  const flat = (x as unknown[]).flat(Infinity);
  return tensor(x as NestedArray, flat.length === 0 ? { dtype: "int64" } : undefined);
}

/** How many dims an item indexes (PyTorch's `count_specified_dimensions`). */
function specified(x: unknown, t: Tensor | null): number {
  if (t !== null) {
    return t.ndim === 0 ? (isMaskDType(t.dtype) ? 0 : 1) : isMaskDType(t.dtype) ? t.ndim : 1;
  }
  return typeof x === "number" || isSlice(x) ? 1 : 0;
}

/**
 * The basic part of an index applied to `a` as views, and the index tensors left for the
 * advanced part, each at the dim (of the view) it indexes. PyTorch: `applySlicing`.
 */
function applySlicing(
  a: Tensor,
  items: readonly Index[],
): { view: Tensor; tensors: (Tensor | null)[] } {
  const converted = items.map(asIndexTensor);
  let count = 0;
  items.forEach((x, i) => (count += specified(x, converted[i])));
  if (count > a.ndim) throw new RangeError(`too many indices for tensor of dimension ${a.ndim}`);
  let view = a;
  let dim = 0;
  const tensors: (Tensor | null)[] = [];
  const put = (t: Tensor) => {
    while (tensors.length < dim) tensors.push(null);
    tensors[dim] = t;
  };
  const bool = (b: boolean) => {
    view = unsqueeze(view, dim);
    put(tensor(b ? [0] : [], { dtype: "int64" }));
    dim++;
  };
  items.forEach((x, i) => {
    const t = converted[i];
    if (t !== null) {
      if (t.ndim === 0) {
        if (isMaskDType(t.dtype)) return bool(t.item() !== 0);
        checkIndexDType(t);
        view = applySelect(view, dim, t.item(), i);
        return;
      }
      put(t);
      dim += isMaskDType(t.dtype) ? t.ndim : 1;
    } else if (typeof x === "number") {
      if (!Number.isInteger(x)) throw notAnIndex(x);
      view = applySelect(view, dim, x, i);
    } else if (isSlice(x)) {
      view = applySlice(view, dim, x, false);
      dim++;
    } else if (x === null) {
      view = unsqueeze(view, dim);
      dim++;
    } else if (x === ellipsis) {
      dim += a.ndim - count;
    } else if (typeof x === "boolean") {
      bool(x);
    } else throw notAnIndex(x);
  });
  return { view, tensors };
}

/**
 * The elements of `a` picked by an index, Python's `a[...]`: a view for integers, slices, `null`
 * and the ellipsis (one recorded op per item), a copy when index tensors or masks take part
 * (`IndexBackward0`). Several index tensors broadcast together; their dims replace the indexed
 * ones where those are adjacent, else they come first. One argument is Python's `a[x]`, several
 * are `a[x, y, …]` (`a.index([0, 2])` is an index tensor, `a.index(0, 2)` two integers).
 * PyTorch: `Tensor.__getitem__`.
 *
 * @param a The tensor.
 * @param indices The index items (see {@linkcode Index}).
 * @returns The view or copy.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, index, slice, tensor } from "@descent/tensor";
 * const x = arange(12).reshape(3, 4);
 * assert.deepEqual(index(x, 1).toList(), [4, 5, 6, 7]); // x[1]
 * assert.deepEqual(x.index(slice(), -1).toList(), [3, 7, 11]); // x[:, -1]
 * assert.deepEqual(x.index("...", null, 0).shape, [3, 1]); // x[..., None, 0]
 * assert.deepEqual(x.index([0, 2], [1, 3]).toList(), [1, 11]); // x[[0, 2], [1, 3]]
 * assert.deepEqual(x.index(x.gt(9)).toList(), [10, 11]); // x[x > 9]
 * assert.deepEqual(x.index(slice(), tensor([[0], [2]])).shape, [3, 2, 1]);
 * ```
 */
export function index(a: Tensor, ...indices: Index[]): Tensor {
  checkTensor(a, "index");
  if (indices.length === 1) {
    const x = indices[0];
    if (x === null) return unsqueeze(a, 0);
    if (x === ellipsis) return alias(a);
    if (typeof x === "number") {
      if (!Number.isInteger(x)) throw notAnIndex(x);
      return applySelect(a, 0, x, 0);
    }
    if (isSlice(x)) return applySlice(a, 0, x, true);
  }
  const { view, tensors } = applySlicing(a, indices);
  if (tensors.length === 0) return view === a ? alias(a) : view;
  return indexWithPlan(view, planIndex(view.shape, tensors));
}

/** Options of {@linkcode indexPut_} and {@linkcode indexPut}. */
export interface IndexPutOptions {
  /** Add the values to the elements indexed instead of assigning them (default `false`). */
  accumulate?: boolean;
}

/** `values` as a tensor: a number or boolean becomes a 0-d tensor of `dtype`. */
function valuesOf(values: Tensor | number | boolean, dtype: DType): Tensor {
  if (values instanceof Tensor) return values;
  if (typeof values !== "number" && typeof values !== "boolean") {
    throw new TypeError(`indexPut_(): values must be a Tensor or a number, got ${typeof values}`);
  }
  const data = allocate(dtype, 1);
  data[0] = castValue(numberOf(values), dtype, typeof values === "boolean" ? "bool" : undefined);
  return new Tensor(data, [], dtype);
}

/** `v` without its leading dims of size 1 (PyTorch's `slicePrefix1sDims`). */
function stripLeadingOnes(v: Tensor): Tensor {
  let k = 0;
  while (k < v.ndim && v.shape[k] === 1) k++;
  return k === 0 ? v : v.reshape(v.shape.slice(k));
}

/** The view `a[x] = …` writes to for one item: PyTorch's `THPVariable_setitem` fast paths. */
function single(a: Tensor, x: Index): { view: Tensor; tensors: (Tensor | null)[] } {
  if (x === null) return { view: unsqueeze(a, 0), tensors: [] };
  if (x === ellipsis) return { view: a, tensors: [] };
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw notAnIndex(x);
    return { view: applySelect(a, 0, x, 0), tensors: [] };
  }
  if (isSlice(x)) return { view: applySlice(a, 0, x, false), tensors: [] };
  return applySlicing(a, [x]);
}

/** Whether the index tensors are one mask (bool or uint8) and full slices (`null`). */
function oneMask(tensors: readonly (Tensor | null)[]): boolean {
  const given = tensors.filter((t) => t !== null);
  return given.length === 1 && isMaskDType(given[0]!.dtype);
}

/** Checks an index list argument. */
function checkIndices(indices: unknown, op: string): asserts indices is readonly Index[] {
  if (!Array.isArray(indices)) {
    throw new TypeError(`${op}(): indices must be a list of index items, got ${typeof indices}`);
  }
}

/**
 * Writes `values` into the elements of `a` an index picks, in place: Python's `a[...] = values`
 * (`indices` lists the items between the brackets), or with `accumulate` adds them, as
 * `Tensor.index_put_(indices, values, accumulate=True)`. Integers, slices, `null` and the ellipsis
 * write through a view (recorded on `a` as `CopySlices` when `a` is part of a graph); index
 * tensors and masks write with PyTorch's `index_put_` (`IndexPutBackward0`), where `values` must
 * have `a`'s dtype. `values` broadcasts to the indexed shape (leading dims of size 1 dropped); a
 * number is converted to `a`'s dtype. Where an index repeats, the last value written wins (with
 * `accumulate`, all are added). PyTorch: `Tensor.__setitem__` / `Tensor.index_put_`.
 *
 * @param a The tensor written.
 * @param indices The index items (see {@linkcode Index}), as a list: `[mask]` for `a[mask]`.
 * @param values A tensor or number.
 * @param options `accumulate`.
 * @returns `a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { slice, tensor, zeros } from "@descent/tensor";
 * const x = zeros([2, 3]);
 * x.indexPut_([0], tensor([1, 2, 3], { dtype: "float32" })); // x[0] = [1, 2, 3]
 * x.indexPut_([x.gt(1)], 9); // x[x > 1] = 9
 * x.indexPut_([slice(), [0, 0]], tensor([1, 1], { dtype: "float32" }), { accumulate: true });
 * assert.deepEqual(x.toList(), [[3, 9, 9], [2, 0, 0]]);
 * ```
 */
export function indexPut_<T extends Tensor>(
  a: T,
  indices: readonly Index[],
  values: Tensor | number | boolean,
  options?: IndexPutOptions,
): T {
  checkTensor(a, "indexPut_");
  checkIndices(indices, "indexPut_");
  const accumulate = options?.accumulate ?? false;
  const v = valuesOf(values, a.dtype);
  // `t[False] = v` writes nothing and checks nothing (PyTorch's setitem returns at once)
  if (indices.length === 1 && indices[0] === false) return a;
  // The view written to: PyTorch's single-item forms first, then applySlicing
  const { view, tensors } = indices.length === 1 ? single(a, indices[0]) : applySlicing(a, indices);
  const src = stripLeadingOnes(v);
  if (tensors.length === 0) {
    // PyTorch's `copy_to`: a copy of the same shape, else a 0-d value fills, else a broadcast copy
    if (accumulate) add_(view, src);
    else if (sameShape(v.shape, view.shape)) copy_(view, v);
    else if (v.ndim === 0) fill_(view, v);
    else copy_(view, src.expand(view.shape));
    return a;
  }
  const plan = planIndex(view.shape, tensors);
  checkPutValues(plan, src); // the shapes first, as PyTorch 2.13
  let put = src;
  if (!accumulate && src._numel === 1 && src.dtype !== view.dtype && oneMask(tensors)) {
    // PyTorch writes one value through one mask with masked_fill_ (`canDispatchToMaskedFill`),
    // which converts it (with its overflow check) instead of asking for the same dtype
    checkedCast(src._values()[0], view.dtype, isFloatingDType(src.dtype));
    put = src.to(view.dtype);
  } else checkSameDType(view, src);
  inplace(
    view,
    [put],
    (old) => putWithPlan(old, plan, put, accumulate),
    () => writeWithPlan(view, plan, put, accumulate),
  );
  return a;
}

/**
 * `indexPut_` on a copy: a new tensor with `values` written (or added) at the elements the index
 * picks, `a` unchanged. With index tensors only, PyTorch's `Tensor.index_put(indices, values,
 * accumulate=False)` → `IndexPutBackward0`.
 *
 * @param a The tensor.
 * @param indices The index items (see {@linkcode Index}).
 * @param values A tensor or number.
 * @param options `accumulate`.
 * @returns The new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { indexPut, tensor, zeros } from "@descent/tensor";
 * const x = zeros([3], { dtype: "float32" });
 * const y = indexPut(x, [[0, 0, 2]], tensor([1, 2, 3], { dtype: "float32" }), { accumulate: true });
 * assert.deepEqual([x.toList(), y.toList()], [[0, 0, 0], [3, 0, 3]]);
 * ```
 */
export function indexPut(
  a: Tensor,
  indices: readonly Index[],
  values: Tensor | number | boolean,
  options?: IndexPutOptions,
): Tensor {
  checkTensor(a, "indexPut");
  checkIndices(indices, "indexPut");
  const tensors = indices.map(asIndexTensor);
  if (indices.length > 0 && tensors.every((t) => t !== null && t.ndim > 0)) {
    // index tensors only: one IndexPutBackward0 on `a`
    const v = stripLeadingOnes(valuesOf(values, a.dtype));
    checkSameDType(a, v);
    let dims = 0;
    for (const t of tensors) dims += isMaskDType(t!.dtype) ? t!.ndim : 1;
    if (dims > a.ndim) {
      throw new RangeError(`too many indices for tensor of dimension ${a.ndim} (got ${dims})`);
    }
    const list: (Tensor | null)[] = [];
    for (const t of tensors) {
      list.push(t);
      if (isMaskDType(t!.dtype)) { for (let j = 1; j < t!.ndim; j++) list.push(null); }
    }
    const plan = planIndex(a.shape, list);
    checkPutValues(plan, v);
    return putWithPlan(a, plan, v, options?.accumulate ?? false);
  }
  return indexPut_(a.clone(), indices, values, options);
}
