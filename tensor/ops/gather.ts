/**
 * Reading and writing along one dim through an index tensor of the same rank: `gather`,
 * `scatter` (a tensor or a number), `scatterAdd` and `scatterReduce` (`sum`, `prod`, `mean`,
 * `amax`, `amin`), out of place and in place, with PyTorch's derivatives and messages (PyTorch
 * 2.x, which takes int32 indices as well as int64).
 *
 * @module
 */

import { allocate, type Operand, Tensor } from "../tensor.ts";
import { castValue, isFloatingDType } from "../dtype.ts";
import { formatShape, normalizeDim, type Shape, shapeNumel } from "../shape.ts";
import { gatherDim, scatterDim, type ScatterMode } from "../kernels/index.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { copyOf } from "../storage.ts";
import { numberOf } from "./exact.ts";
import { eq } from "./compare.ts";
import { where } from "./elementwise.ts";
import { inplace } from "./inplace.ts";

/** The reductions of {@linkcode scatterReduce}. PyTorch: `scatter_reduce`'s `reduce`. */
export type ScatterReduction = "sum" | "prod" | "mean" | "amax" | "amin";

/** Options of {@linkcode scatterReduce}. */
export interface ScatterReduceOptions {
  /** Whether the elements of `self` written to take part in the reduction (default `true`). */
  includeSelf?: boolean;
}

/** A shape with at least one dim (PyTorch's `ensure_nonempty_size`: a 0-d tensor is `[1]`). */
function nonempty(s: Shape): Shape {
  return s.length === 0 ? [1] : s;
}

/** Checks an index's dtype and rank (PyTorch's texts; `against` names the other tensor). */
function checkIndex(op: string, self: Tensor, index: Tensor, against: "input" | "self"): void {
  checkTensor(index, op);
  if (index.dtype !== "int64" && index.dtype !== "int32") {
    throw new TypeError(`${op}(): Expected dtype int32/int64 for index`);
  }
  if (nonempty(self.shape).length !== nonempty(index.shape).length) {
    throw new RangeError(
      `Index tensor must have the same number of dimensions as ${against} tensor`,
    );
  }
}

/** The index's values, each checked to be in `[0, size)` along `dim`. */
function indexValues(self: Tensor, dim: number, index: Tensor): Float64Array {
  const v = Float64Array.from(index._values());
  const size = nonempty(self.shape)[dim];
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0 || v[i] >= size) {
      throw new RangeError(`index ${v[i]} is out of bounds for dimension ${dim} with size ${size}`);
    }
  }
  return v;
}

/**
 * The values of `a` at the positions `index` gives along `dim`: `out[i][j] = a[index[i][j]][j]`
 * (dim 0). PyTorch: `torch.gather(input, dim, index)` → `GatherBackward0`; its gradient adds
 * back with `scatterAdd`.
 *
 * @param a The input.
 * @param dim The dim read along.
 * @param index int64 or int32 positions, of `a`'s rank, no larger than `a` in the other dims.
 * @returns A tensor of the index's shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gather, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]]);
 * assert.deepEqual(gather(x, 1, tensor([[0, 0], [1, 0]])).toList(), [[1, 1], [4, 3]]);
 * ```
 */
export function gather(a: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor(a, "gather");
  const d = normalizeDim(dim, Math.max(a.ndim, 1));
  checkIndex("gather", a, index, "input");
  const shape = nonempty(a.shape);
  const ishape = nonempty(index.shape);
  if (index._numel > 0) {
    for (let k = 0; k < shape.length; k++) {
      if (k !== d && ishape[k] > shape[k]) {
        throw new RangeError(
          `Size does not match at dimension ${k} expected index ${
            formatShape(index.shape)
          } to be no larger than self ${formatShape(a.shape)} apart from dimension ${d}`,
        );
      }
    }
  }
  const v = indexValues(a, d, index);
  const out = new Tensor(allocate(a.dtype, index._numel), index.shape, a.dtype);
  const strides = a.ndim === 0 ? [0] : a._strides;
  gatherDim({ data: a._data, offset: a._offset, strides }, v, ishape, d, out._data);
  if (tracks(a)) {
    const node = record("GatherBackward0", out, [a]);
    const inShape = a.shape;
    node.setBackward((g) => [scatterAdd(zerosOf(inShape, g), d, index, g)]);
  }
  return out;
}

function zerosOf(shape: Shape, like: Tensor): Tensor {
  return new Tensor(allocate(like.dtype, shapeNumel(shape)), shape, like.dtype);
}

/** Checks the arguments of a scatter; returns the normalised dim and the index's values. */
function scatterArgs(
  op: string,
  a: Tensor,
  dim: number,
  index: Tensor,
  src: Operand,
  reduce?: string,
): { d: number; v: Float64Array } {
  checkTensor(a, op);
  checkTensor(index, op);
  const d = normalizeDim(dim, Math.max(a.ndim, 1));
  if (src instanceof Tensor && src.dtype !== a.dtype) {
    // PyTorch 2.13 names `scatter()` for scatter_add and scatter_reduce too
    throw new TypeError("scatter(): Expected self.dtype to be equal to src.dtype");
  }
  if (typeof src !== "object" && typeof src !== "number" && typeof src !== "boolean") {
    throw new TypeError(`${op}(): src must be a Tensor or a number, got ${typeof src}`);
  }
  checkIndex(op, a, index, "self");
  if (index._numel === 0) {
    if (reduce !== undefined) checkBoolMean(a, index, reduce);
    return { d, v: new Float64Array(0) };
  }
  const shape = nonempty(a.shape);
  const ishape = nonempty(index.shape);
  const sshape = src instanceof Tensor ? nonempty(src.shape) : null;
  let ok = true;
  for (let k = 0; k < shape.length; k++) {
    if ((k !== d && ishape[k] > shape[k]) || (sshape !== null && ishape[k] > sshape[k])) {
      ok = false;
    }
  }
  if (!ok) {
    throw new RangeError(
      `Expected index ${formatShape(index.shape)} to be no larger than self ${
        formatShape(a.shape)
      } apart from dimension ${d}${
        src instanceof Tensor ? ` and to be no larger size than src ${formatShape(src.shape)}` : ""
      }`,
    );
  }
  if (reduce !== undefined) checkBoolMean(a, index, reduce); // before the positions' bounds
  return { d, v: indexValues(a, d, index) };
}

/** The scatter forward: a contiguous copy of `a` with `src` written or reduced into it. */
function scattered(
  a: Tensor,
  d: number,
  index: Tensor,
  v: Float64Array,
  src: Operand,
  mode: ScatterMode,
  includeSelf = true,
): Tensor {
  const data = a._dense ? copyOf(a._data, a.dtype) : a._values();
  const out = new Tensor(data, a.shape, a.dtype);
  const strides = a.ndim === 0 ? [0] : out._strides;
  const s = src instanceof Tensor
    ? { data: src._data, offset: src._offset, strides: src.ndim === 0 ? [0] : src._strides }
    : castValue(numberOf(src), a.dtype, typeof src === "boolean" ? "bool" : undefined);
  scatterDim(
    out._data,
    strides,
    s,
    v,
    nonempty(index.shape),
    d,
    mode,
    includeSelf,
    !isFloatingDType(a.dtype),
    a.dtype === "bool",
  );
  return out;
}

/**
 * A copy of `a` with `src` written at the positions `index` gives along `dim`:
 * `out[index[i][j]][j] = src[i][j]` (dim 0); where positions repeat, the last write wins. A number
 * `src` is written everywhere the index points. PyTorch: `torch.scatter(input, dim, index, src)`
 * → `ScatterBackward0` (a tensor) or `ScatterBackward1` (a number).
 *
 * @param a The input.
 * @param dim The dim written along.
 * @param index int64 or int32 positions, of `a`'s rank.
 * @param src A tensor of `a`'s dtype at least as large as the index, or a number.
 * @returns The new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scatter, tensor, zeros } from "@descent/tensor";
 * const out = scatter(zeros([2, 3]), 1, tensor([[2], [0]]), 7);
 * assert.deepEqual(out.toList(), [[0, 0, 7], [7, 0, 0]]);
 * ```
 */
export function scatter(a: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  const { d, v } = scatterArgs("scatter", a, dim, index, src);
  const out = scattered(a, d, index, v, src, "assign");
  if (tracks(a, src)) {
    const tensorSrc = src instanceof Tensor;
    const node = record(tensorSrc ? "ScatterBackward0" : "ScatterBackward1", out, [a, src]);
    node.setBackward((g) => [
      node.needs(0) ? scatter(g, d, index, 0) : null,
      tensorSrc && node.needs(1) ? gather(g, d, index) : null,
    ]);
  }
  return out;
}

/**
 * A copy of `a` with `src` added at the positions `index` gives along `dim`:
 * `out[index[i][j]][j] += src[i][j]` (dim 0), summing where positions repeat. PyTorch:
 * `torch.scatter_add(input, dim, index, src)` → `ScatterAddBackward0`.
 *
 * @param a The input.
 * @param dim The dim written along.
 * @param index int64 or int32 positions, of `a`'s rank.
 * @param src A tensor of `a`'s dtype at least as large as the index.
 * @returns The new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scatterAdd, tensor, zeros } from "@descent/tensor";
 * const out = scatterAdd(zeros([3]), 0, tensor([0, 2, 0]), tensor([1, 2, 3], { dtype: "float32" }));
 * assert.deepEqual(out.toList(), [4, 0, 2]);
 * ```
 */
export function scatterAdd(a: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkTensor(src, "scatter_add");
  const { d, v } = scatterArgs("scatter_add", a, dim, index, src);
  const out = scattered(a, d, index, v, src, "sum");
  if (tracks(a, src)) {
    const node = record("ScatterAddBackward0", out, [a, src]);
    node.setBackward((g) => [g, node.needs(1) ? gather(g, d, index) : null]);
  }
  return out;
}

const REDUCTIONS: readonly string[] = ["sum", "prod", "mean", "amax", "amin"];

function checkReduce(src: Tensor, reduce: string): void {
  checkTensor(src, "scatter_reduce");
  if (!REDUCTIONS.includes(reduce)) {
    throw new RangeError(
      `reduce argument must be either sum, prod, mean, amax or amin, got ${reduce}`,
    );
  }
}

/** PyTorch 2.13's refusal of `mean` on bools (after the other checks), in its kernel's words. */
function checkBoolMean(a: Tensor, index: Tensor, reduce: string): void {
  if (reduce !== "mean" || a.dtype !== "bool") return;
  const kernel = index._numel > 0 ? "scatter_gather_tensor_cpu_reduce_mean" : "div_floor_cpu";
  throw new TypeError(`"${kernel}" not implemented for 'Bool'`);
}

/**
 * A copy of `a` with `src` reduced into the positions `index` gives along `dim`: every value
 * landing on an element is combined with it by `reduce` (`sum`, `prod`, `mean`, `amax`, `amin`);
 * with `includeSelf: false` the element's own value is left out where something lands. `mean`
 * of integers rounds down; `amax`/`amin` propagate NaN. PyTorch: `torch.scatter_reduce(input,
 * dim, index, src, reduce, include_self=True)` → `ScatterReduceBackward0`, whose gradient PyTorch
 * shares evenly between equal maxima (`amax`/`amin`) and divides by the count (`mean`).
 *
 * @param a The input.
 * @param dim The dim written along.
 * @param index int64 or int32 positions, of `a`'s rank.
 * @param src A tensor of `a`'s dtype at least as large as the index.
 * @param reduce The reduction.
 * @param options `includeSelf`.
 * @returns The new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scatterReduce, tensor } from "@descent/tensor";
 * const a = tensor([1, 2, 3, 4], { dtype: "float32" });
 * const src = tensor([5, 6, 7], { dtype: "float32" });
 * const i = tensor([0, 1, 0]);
 * assert.deepEqual(scatterReduce(a, 0, i, src, "amax").toList(), [7, 6, 3, 4]);
 * assert.deepEqual(scatterReduce(a, 0, i, src, "mean", { includeSelf: false }).toList(), [6, 6, 3, 4]);
 * ```
 */
export function scatterReduce(
  a: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduction,
  options?: ScatterReduceOptions,
): Tensor {
  checkReduce(src, reduce);
  const includeSelf = options?.includeSelf ?? true;
  const { d, v } = scatterArgs("scatter_reduce", a, dim, index, src, reduce);
  const out = scattered(a, d, index, v, src, reduce, includeSelf);
  if (tracks(a, src)) {
    const node = record("ScatterReduceBackward0", out, [a, src]);
    node.setBackward((g) => scatterReduceBackward(g, a, d, index, src, reduce, includeSelf, out));
  }
  return out;
}

/**
 * The gradients of `scatterReduce` for `self` and `src`, in tensor ops (so they differentiate
 * again). PyTorch: `scatter_reduce_backward` (torch/csrc/autograd/FunctionsManual.cpp).
 */
function scatterReduceBackward(
  g: Tensor,
  self: Tensor,
  d: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduction,
  includeSelf: boolean,
  result: Tensor,
): [Tensor, Tensor] {
  let gSelf: Tensor;
  let gSrc: Tensor;
  const zeros = () => zerosOf(self.shape, g);
  switch (reduce) {
    case "sum":
      gSelf = g;
      gSrc = gather(g, d, index);
      break;
    case "mean": {
      const ones = zerosOf(src.shape, g).fill_(1);
      const start = includeSelf ? zeros().add(1) : zeros();
      let n = scatterAdd(start, d, index, ones);
      n = where(eq(n, 0), 1, n);
      gSelf = g.div(n);
      gSrc = gather(gSelf, d, index);
      break;
    }
    case "prod": {
      // exclusive products where self or a source element is 0: the product of the others
      const selfZero = eq(self, 0);
      const maskedSelf = where(selfZero, 1, self);
      const maskedSelfResult = scatterReduce(maskedSelf, d, index, src, "prod", { includeSelf });
      gSelf = g.mul(maskedSelfResult).div(maskedSelf);
      const srcZero = eq(src, 0);
      const zerosCount = gather(scatterAdd(zeros(), d, index, srcZero.to(g.dtype)), d, index);
      const singleZero = srcZero.logicalAnd(eq(zerosCount, 1));
      const maskedSrc = where(singleZero, 1, src);
      const maskedSrcResult = scatterReduce(self, d, index, maskedSrc, "prod", { includeSelf });
      gSrc = where(
        singleZero,
        gather(g.mul(maskedSrcResult), d, index),
        gather(g.mul(result), d, index).div(where(srcZero, 1, src)),
      );
      break;
    }
    default: {
      // amax, amin: shared evenly between every element equal to the result
      const value = gather(result, d, index);
      const selfIsResult = eq(self, result).to(g.dtype);
      const srcIsResult = eq(src, value).to(g.dtype);
      const count = scatterAdd(selfIsResult, d, index, srcIsResult);
      const share = g.div(count);
      gSelf = selfIsResult.mul(share);
      gSrc = srcIsResult.mul(gather(share, d, index));
    }
  }
  if (!includeSelf) gSelf = scatter(gSelf, d, index, 0);
  return [gSelf, gSrc];
}

/**
 * `scatter` in place: writes `src` into `a` at the positions `index` gives along `dim`.
 * PyTorch: `Tensor.scatter_(dim, index, src)`.
 *
 * @param a The tensor written.
 * @param dim The dim written along.
 * @param index int64 or int32 positions.
 * @param src A tensor of `a`'s dtype, or a number.
 * @returns `a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, zeros } from "@descent/tensor";
 * const x = zeros([3]);
 * x.scatter_(0, tensor([2]), 5);
 * assert.deepEqual(x.toList(), [0, 0, 5]);
 * ```
 */
export function scatter_<T extends Tensor>(
  a: T,
  dim: number,
  index: Tensor,
  src: Tensor | number,
): T {
  scatterArgs("scatter", a, dim, index, src);
  return inplace(a, [src], (old) => scatter(old, dim, index, src));
}

/**
 * `scatterAdd` in place. PyTorch: `Tensor.scatter_add_(dim, index, src)`.
 *
 * @param a The tensor written.
 * @param dim The dim written along.
 * @param index int64 or int32 positions.
 * @param src A tensor of `a`'s dtype.
 * @returns `a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, zeros } from "@descent/tensor";
 * const x = zeros([2]);
 * x.scatterAdd_(0, tensor([1, 1]), tensor([2, 3], { dtype: "float32" }));
 * assert.deepEqual(x.toList(), [0, 5]);
 * ```
 */
export function scatterAdd_<T extends Tensor>(a: T, dim: number, index: Tensor, src: Tensor): T {
  checkTensor(src, "scatter_add");
  scatterArgs("scatter_add", a, dim, index, src);
  return inplace(a, [src], (old) => scatterAdd(old, dim, index, src));
}

/**
 * `scatterReduce` in place. PyTorch: `Tensor.scatter_reduce_(dim, index, src, reduce,
 * include_self=True)`.
 *
 * @param a The tensor written.
 * @param dim The dim written along.
 * @param index int64 or int32 positions.
 * @param src A tensor of `a`'s dtype.
 * @param reduce The reduction.
 * @param options `includeSelf`.
 * @returns `a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 1], { dtype: "float32" });
 * x.scatterReduce_(0, tensor([0, 0]), tensor([2, 3], { dtype: "float32" }), "prod");
 * assert.deepEqual(x.toList(), [6, 1]);
 * ```
 */
export function scatterReduce_<T extends Tensor>(
  a: T,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduction,
  options?: ScatterReduceOptions,
): T {
  checkReduce(src, reduce);
  scatterArgs("scatter_reduce", a, dim, index, src, reduce);
  return inplace(a, [src], (old) => scatterReduce(old, dim, index, src, reduce, options));
}
