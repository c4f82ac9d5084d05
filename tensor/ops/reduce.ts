/**
 * Reductions with their derivatives: `sum`, `mean`, `max`, `min`, and `sumTo`, which sums a
 * broadcast gradient back to an input's shape.
 *
 * @module
 */

import { allocate, type DType, Tensor } from "../tensor.ts";
import { normalizeDim, sameShape, type Shape } from "../shape.ts";
import { extremum, sumAll, sumDims } from "../kernels/reduce.ts";
import { integerRowSums } from "../kernels/integer.ts";
import type { FloatStorage } from "../kernels/elementwise.ts";
import { checkDType, isFloatingDType, scalarTypeName } from "../dtype.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { mapValues } from "./elementwise.ts";
import { convert, exactValues } from "./exact.ts";
import { rowsOf } from "./rows.ts";

/**
 * @ignore Per dim, whether a reduction over `dim` reduces it (`null` or `[]`: all dims),
 * with PyTorch's errors for a dim out of range or repeated.
 */
export function reductionDims(dim: number | readonly number[] | null, ndim: number): boolean[] {
  const mask = new Array<boolean>(ndim).fill(dim === null);
  if (dim === null) return mask;
  const list = typeof dim === "number" ? [dim] : dim;
  if (list.length === 0) return mask.fill(true); // PyTorch: an empty dim list reduces all
  for (const d of list) {
    const n = normalizeDim(d, ndim);
    if (ndim === 0) continue;
    if (mask[n]) throw new RangeError(`dim ${n} appears multiple times in the list of dims`);
    mask[n] = true;
  }
  return mask;
}

/** @ignore The shape of a reduction's result. */
export function reducedShape(shape: Shape, mask: readonly boolean[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!mask[i]) out.push(shape[i]);
    else if (keepdim) out.push(1);
  }
  return out;
}

function sumValues(a: Tensor, mask: readonly boolean[], keepdim: boolean): Tensor {
  const shape = reducedShape(a.shape, mask, keepdim);
  if (!isFloatingDType(a.dtype)) return integerSum(a, mask, shape);
  let n = 1;
  for (const s of shape) n *= s;
  const out = allocate(a.dtype, n) as FloatStorage;
  const data = a._data as FloatStorage;
  if (mask.every((m) => m) && a._dense) out[0] = sumAll(data, a._numel);
  else sumDims(data, a._offset, a.shape, a._strides, mask, out);
  return new Tensor(out, shape, a.dtype);
}

/** The int64 sum of an integer or bool tensor over the dims in `mask`, exact (see `integerRowSums`). */
function integerSum(a: Tensor, mask: readonly boolean[], shape: Shape): Tensor {
  const { v, rows, len } = rowsOf(a, mask);
  return new Tensor(integerRowSums(v, rows, len, "sum"), shape, "int64");
}

/** @ignore Broadcasts a reduced gradient back over the reduced dims of `shape`. */
export function expandBack(
  g: Tensor,
  shape: Shape,
  mask: readonly boolean[],
  keepdim: boolean,
): Tensor {
  if (!keepdim) g = g.reshape(shape.map((s, i) => (mask[i] ? 1 : s)));
  return g.expand(shape);
}

/** Options of {@linkcode sum}. */
export interface SumOptions {
  /**
   * The dtype the elements are converted to before they are summed, and the result's (PyTorch's
   * `dtype=`): `sum(mask, null, false, { dtype: "float32" })`. An integer or bool dtype is
   * refused for an input that requires grad.
   */
  dtype?: DType;
}

/**
 * Sum of all elements, or over `dim`. PyTorch: `torch.sum(input, dim=None, keepdim=False,
 * dtype=None)` → `SumBackward0` (all) / `SumBackward1` (dims). Integer and bool tensors sum to
 * int64, exactly, unless `dtype` says otherwise (int32 and uint8 sums wrap, a bool sum is any).
 *
 * @param a The input.
 * @param dim A dim or list of dims, or `null` for all.
 * @param keepdim Keep reduced dims with size 1.
 * @param options `dtype`.
 * @returns The sum.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sum, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]], { dtype: "float32" });
 * assert.equal(String(sum(x)), "tensor(10.)");
 * assert.equal(String(sum(x, 0)), "tensor([4., 6.])");
 * assert.equal(String(sum(x, -1, true)), "tensor([[3.],\n        [7.]])");
 * assert.equal(String(sum(tensor([[1, 2], [3, 4]]), 0)), "tensor([4, 6])");
 * assert.equal(String(sum(tensor([true, true, false]))), "tensor(2)");
 * assert.equal(String(sum(tensor([true, true]), null, false, { dtype: "float32" })), "tensor(2.)");
 * ```
 */
export function sum(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  keepdim = false,
  options?: SumOptions,
): Tensor {
  checkTensor(a, "sum");
  const dtype = options?.dtype === undefined ? a.dtype : checkDType(options.dtype, "sum");
  const mask = reductionDims(dim, a.ndim);
  if (!isFloatingDType(dtype) && tracks(a)) {
    throw new TypeError(`Autograd not support dtype: ${scalarTypeName(dtype)}`);
  }
  const summed = sumValues(convert(a, dtype), mask, keepdim);
  const out = options?.dtype === undefined ? summed : convert(summed, dtype);
  if (tracks(a)) {
    // PyTorch's overloads: sum() is SumBackward0, sum(dim=None, keepdim=True) SumBackward1
    const node = record(dim === null && !keepdim ? "SumBackward0" : "SumBackward1", out, [a]);
    const shape = a.shape;
    node.setBackward((g) => [expandBack(g, shape, mask, keepdim)]);
  }
  return out;
}

/**
 * Mean of all elements, or over `dim`. PyTorch: `torch.mean(input, dim=None, keepdim=False)` →
 * `MeanBackward0` / `MeanBackward1`. The mean of no elements is NaN. Integer and bool tensors are
 * refused with PyTorch's error: convert first (`t.float().mean()`).
 *
 * @param a The input.
 * @param dim A dim or list of dims, or `null` for all.
 * @param keepdim Keep reduced dims with size 1.
 * @returns The mean.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mean, tensor } from "@descent/tensor";
 * assert.equal(String(mean(tensor([[1, 2], [3, 4]], { dtype: "float32" }), 1)), "tensor([1.5000, 3.5000])");
 * ```
 */
export function mean(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  keepdim = false,
): Tensor {
  checkTensor(a, "mean");
  if (!isFloatingDType(a.dtype)) {
    throw new TypeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${
        scalarTypeName(a.dtype)
      }`,
    );
  }
  const mask = reductionDims(dim, a.ndim);
  let count = 1;
  for (let i = 0; i < a.ndim; i++) if (mask[i]) count *= a.shape[i];
  const out = sumValues(a, mask, keepdim);
  const d = out._data;
  for (let i = 0; i < d.length; i++) d[i] = d[i] / count;
  if (tracks(a)) {
    // PyTorch's overloads: mean() is MeanBackward0, mean(dim=None, keepdim=True) MeanBackward1
    const node = record(dim === null && !keepdim ? "MeanBackward0" : "MeanBackward1", out, [a]);
    const shape = a.shape;
    node.setBackward((g) => [expandBack(g.div(count), shape, mask, keepdim)]);
  }
  return out;
}

function extremeOf(a: Tensor, largest: boolean): Tensor {
  const name = largest ? "max" : "min";
  checkTensor(a, name);
  if (a._numel === 0) {
    throw new RangeError(
      `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
    );
  }
  const values = isFloatingDType(a.dtype) ? a._values() as FloatStorage : exactValues(a);
  const out = new Tensor(
    allocate(a.dtype, 1).fill(extremum(values, a._numel, largest)),
    [],
    a.dtype,
  );
  if (tracks(a)) {
    const node = record(largest ? "MaxBackward1" : "MinBackward1", out, [a]);
    const sa = node.save(a);
    const so = node.save(out);
    node.setBackward((g) => {
      // PyTorch's evenly_distribute_backward: ties share the gradient equally.
      const x = sa.unpack();
      const m = so.unpack().item();
      const isNan = m !== m;
      const mask = mapValues(x, (v) => (isNan ? (v !== v ? 1 : 0) : v === m ? 1 : 0));
      const count = mask.sum().item();
      return [mask.mul(g.div(count))];
    });
  }
  return out;
}

/**
 * Largest element; NaN if any element is NaN. PyTorch: `torch.max(input)` → `MaxBackward1`
 * (ties share the gradient evenly). The result has the input's dtype.
 *
 * @param a A non-empty tensor.
 * @returns A 0-d tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { max, tensor } from "@descent/tensor";
 * assert.equal(String(max(tensor([1, 5, 3]))), "tensor(5)");
 * assert.equal(String(max(tensor([1, 5.5, 3]))), "tensor(5.5000)");
 * ```
 */
export function max(a: Tensor): Tensor {
  return extremeOf(a, true);
}

/**
 * Smallest element; NaN if any element is NaN. PyTorch: `torch.min(input)` → `MinBackward1`.
 *
 * @param a A non-empty tensor.
 * @returns A 0-d tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { min, tensor } from "@descent/tensor";
 * assert.equal(String(min(tensor([1, 5, 3]))), "tensor(1)");
 * ```
 */
export function min(a: Tensor): Tensor {
  return extremeOf(a, false);
}

/**
 * Sums `g` down to `shape` over the dims that broadcasting expanded (leading dims, and dims
 * of size 1 in `shape`). PyTorch: `at::sum_to`.
 *
 * @param g A gradient of the broadcast shape.
 * @param shape The shape of the input it belongs to.
 * @returns `g` itself when shapes match, else the reduced gradient.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sumTo, tensor } from "@descent/tensor";
 * assert.equal(String(sumTo(tensor([[1, 2], [3, 4]], { dtype: "float32" }), [1, 2])), "tensor([[4., 6.]])");
 * ```
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  const r = dims.length === 0 ? g : sum(g, dims, true);
  return sameShape(r.shape, shape) ? r : r.reshape(shape);
}

/** Values and their positions, as returned by `max(dim)`/`min(dim)`. PyTorch: `torch.return_types.max`. */
export interface ValuesIndices {
  /** The extreme values. */
  values: Tensor;
  /** Their positions along the reduced dim (int64). */
  indices: Tensor;
}

/**
 * Extremum along one dim: values, int64 indices, and (when `withMask`) the one-hot mask of the
 * chosen positions, for the backward.
 */
function extremeAlong(
  a: Tensor,
  dim: number,
  keepdim: boolean,
  largest: boolean,
  withMask: boolean,
  name = largest ? "max" : "min",
): { values: Tensor; indices: Tensor; mask: Tensor | null } {
  checkTensor(a, name);
  const d = normalizeDim(dim, a.ndim);
  const nd = Math.max(a.ndim, 1);
  const shape = a.ndim === 0 ? [1] : a.shape;
  const n = shape[d];
  if (n === 0) {
    throw new RangeError(
      `${name}(): Expected reduction dim ${d} to have non-zero size.`,
    );
  }
  // Move `dim` last, then scan rows.
  const perm = [...Array(nd).keys()].filter((k) => k !== d).concat([d]);
  const moved = (a.ndim === 0 ? a.reshape(1) : a).detach().permute(perm);
  const src = isFloatingDType(a.dtype) ? moved.contiguous()._values() : exactValues(moved);
  const rows = src.length / n;
  const vals = allocate(a.dtype, rows);
  const idx = new Float64Array(rows);
  const maskRows = withMask ? allocate(a.dtype, src.length) : null;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let best = src[base];
    let at = 0;
    for (let j = 1; j < n && best === best; j++) {
      const v = src[base + j];
      if (v !== v || (largest ? v > best : v < best)) {
        best = v;
        at = j;
      }
    }
    vals[r] = best;
    idx[r] = at;
    if (maskRows !== null) maskRows[base + at] = 1;
  }
  const kept = a.shape.filter((_, k) => k !== d);
  const outShape = keepdim ? a.shape.map((s, k) => (k === d ? 1 : s)) : kept;
  let mask: Tensor | null = null;
  if (maskRows !== null) {
    const permShape = perm.map((k) => shape[k]);
    const inverse = new Array<number>(nd);
    perm.forEach((p, i) => (inverse[p] = i));
    mask = new Tensor(maskRows, permShape, a.dtype).permute(inverse).contiguous().reshape(a.shape);
  }
  return {
    values: new Tensor(vals, outShape, a.dtype),
    indices: new Tensor(idx, outShape, "int64"),
    mask,
  };
}

function recordAlong(
  a: Tensor,
  r: { values: Tensor; mask: Tensor | null },
  dim: number,
  keepdim: boolean,
  name: string,
): void {
  if (!tracks(a)) return;
  const node = record(name, r.values, [a]);
  const mask = r.mask!;
  const d = normalizeDim(dim, a.ndim);
  node.setBackward((g) => [mask.mul(keepdim || a.ndim === 0 ? g : g.unsqueeze(d))]);
}

/**
 * Largest values along `dim` and where they are (the first on ties; NaN wins).
 * PyTorch: `torch.max(input, dim, keepdim=False)` → `MaxBackward0`.
 *
 * @param a The input.
 * @param dim The dim to reduce.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns `{ values, indices }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxDim, tensor } from "@descent/tensor";
 * const { values, indices } = maxDim(tensor([[1, 5], [7, 2]]), 1);
 * assert.deepEqual(values.toList(), [5, 7]);
 * assert.equal(String(indices), "tensor([1, 0])");
 * ```
 */
export function maxDim(a: Tensor, dim: number, keepdim = false): ValuesIndices {
  const r = extremeAlong(a, dim, keepdim, true, tracks(a));
  recordAlong(a, r, dim, keepdim, "MaxBackward0");
  return { values: r.values, indices: r.indices };
}

/**
 * Smallest values along `dim` and where they are (the first on ties; NaN wins).
 * PyTorch: `torch.min(input, dim, keepdim=False)` → `MinBackward0`.
 *
 * @param a The input.
 * @param dim The dim to reduce.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns `{ values, indices }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { minDim, tensor } from "@descent/tensor";
 * assert.deepEqual(minDim(tensor([[1, 5], [7, 2]]), 0).indices.toList(), [0, 1]);
 * ```
 */
export function minDim(a: Tensor, dim: number, keepdim = false): ValuesIndices {
  const r = extremeAlong(a, dim, keepdim, false, tracks(a));
  recordAlong(a, r, dim, keepdim, "MinBackward0");
  return { values: r.values, indices: r.indices };
}

/** PyTorch's refusal of a bool input by `argmax`/`argmin`. */
function argChecks(a: Tensor, name: string): void {
  checkTensor(a, name);
  if (a.dtype === "bool") throw new TypeError(`${name}(): does not support bool input`);
}

/**
 * `argmax`/`argmin`: along `dim`, or over the flattened tensor when `dim` is null (with `keepdim`,
 * every dim kept with size 1, as PyTorch 2.x gives it).
 */
function argExtreme(
  a: Tensor,
  dim: number | null,
  keepdim: boolean,
  largest: boolean,
  name: string,
): Tensor {
  if (dim !== null) return extremeAlong(a.detach(), dim, keepdim, largest, false, name).indices;
  if (a.numel() === 0) {
    throw new RangeError(
      `${name}(): Expected reduction dim to be specified for input.numel() == 0.`,
    );
  }
  const flat = extremeAlong(a.detach().reshape(-1), 0, false, largest, false, name).indices;
  return keepdim ? flat.reshape(a.shape.map(() => 1)) : flat;
}

/**
 * Position of the largest value: over all elements (flattened), or along `dim`; the first on
 * ties, NaN wins. PyTorch: `torch.argmax(input, dim=None, keepdim=False)`.
 *
 * @param a The input (not bool).
 * @param dim The dim to reduce, or `null` for the flattened tensor.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns int64 indices, exact for any number of elements.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { argmax, tensor } from "@descent/tensor";
 * assert.equal(String(argmax(tensor([[1, 5], [7, 2]]))), "tensor(2)");
 * assert.equal(String(argmax(tensor([[1, 5], [7, 2]]), 1)), "tensor([1, 0])");
 * ```
 */
export function argmax(a: Tensor, dim: number | null = null, keepdim = false): Tensor {
  argChecks(a, "argmax");
  return argExtreme(a, dim, keepdim, true, "argmax");
}

/**
 * Position of the smallest value: over all elements (flattened), or along `dim`; the first on
 * ties, NaN wins. PyTorch: `torch.argmin(input, dim=None, keepdim=False)`.
 *
 * @param a The input (not bool).
 * @param dim The dim to reduce, or `null` for the flattened tensor.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns int64 indices.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { argmin, tensor } from "@descent/tensor";
 * assert.equal(String(argmin(tensor([[1, 5], [7, 2]]), 0)), "tensor([0, 1])");
 * ```
 */
export function argmin(a: Tensor, dim: number | null = null, keepdim = false): Tensor {
  argChecks(a, "argmin");
  return argExtreme(a, dim, keepdim, false, "argmin");
}
