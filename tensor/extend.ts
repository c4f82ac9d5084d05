/**
 * @descent/tensor/extend — the extension API for packages built on `@descent/tensor` (losses,
 * optimizers, layers): read a tensor's values, wrap computed values as a tensor, update a tensor
 * in place with its version bumped for you, and record a graph node whose backward is written in
 * tensor ops. User code needs none of this; it is what the other descent packages use instead of
 * `Tensor`'s internals, so storage and version counting can change in one place.
 *
 * The typed arrays these functions hand out are storage: one of at most 256 bytes is carved out
 * of a buffer shared with other tensors (see {@linkcode allocate}), so never transfer, detach or
 * resize its `buffer`, and write only where the function says you may.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Tensor, tensor } from "@descent/tensor";
 * import { fromValues, record, tracks, valuesOf } from "@descent/tensor/extend";
 *
 * // A fused op: y = 3x, one node named TripleBackward0 whose backward is 3g.
 * function triple(x: Tensor): Tensor {
 *   const xv = valuesOf(x);
 *   const out = new Float32Array(xv.length);
 *   for (let i = 0; i < xv.length; i++) out[i] = 3 * xv[i];
 *   const y = fromValues(out, x.shape, "float32");
 *   if (tracks(x)) record("TripleBackward0", y, [x]).setBackward((g) => [g.mul(3)]);
 *   return y;
 * }
 *
 * const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
 * const y = triple(x);
 * y.sum().backward();
 * assert.equal(String(y), "tensor([3., 6.], grad_fn=<TripleBackward0>)");
 * assert.equal(String(x.grad), "tensor([3., 3.])");
 * ```
 *
 * @module
 */

import { type DType, Tensor } from "./tensor.ts";
import { allocate, storageMatches } from "./storage.ts";
import { checkDType, isFloatingDType } from "./dtype.ts";
import { checkInt64 } from "./kernels/integer.ts";
import { checkSizes, type Shape } from "./shape.ts";
import { scatter, type Storage } from "./kernels/elementwise.ts";
import { formatShape } from "@descent/autograd";

export { allocate } from "./storage.ts";
export { notImplemented, scalarTypeName } from "./dtype.ts";
export type { FloatStorage, Storage } from "./kernels/elementwise.ts";
export { axpy } from "./kernels/elementwise.ts";
export {
  type BackwardFn,
  type MultiBackwardFn,
  MultiOutputNode,
  type OpInput,
  OpNode,
  record,
  recordOutputs,
  type Saved,
  tracks,
  tracksAny,
} from "./ops/record.ts";
export { contiguousStrides, normalizeDim, shapeNumel } from "./shape.ts";
export { type FormatInput, formatTensor } from "./format.ts";

/**
 * The values of `t` in row-major order: its storage itself when `t` is dense (treat it as
 * read-only, and leave its `buffer` alone: it may hold other tensors too), else a fresh copy.
 * Unlike `toTypedArray()`, it works on tensors that require grad.
 *
 * @param t The tensor.
 * @returns `t.numel()` values in the typed array of `t`'s dtype (see `DType`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { valuesOf } from "@descent/tensor/extend";
 * const t = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
 * assert.deepEqual(Array.from(valuesOf(t.t())), [1, 3, 2, 4]);
 * ```
 */
export function valuesOf(t: Tensor): Storage {
  return t._values();
}

/**
 * The values of `p.grad` for an optimizer's update (row-major, as {@linkcode valuesOf}), or
 * `null` when `p` has no gradient. Unlike reading `p.grad`, this does not hand the gradient
 * out: a `.grad` that backward made and nobody read is recycled when it is replaced (`p.grad =
 * null`, `zeroGrad()`), and its storage may hold another result after that. So use the values
 * within the update, and keep neither them nor anything made from them without a copy.
 * PyTorch: none (`p.grad` inside `Optimizer.step`).
 *
 * @param p A parameter (a leaf).
 * @returns Its gradient's values, or `null`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { gradValuesOf } from "@descent/tensor/extend";
 * const w = tensor([1, 2], { dtype: "float32", requiresGrad: true });
 * assert.equal(gradValuesOf(w), null);
 * w.mul(3).sum().backward();
 * assert.deepEqual(Array.from(gradValuesOf(w)!), [3, 3]);
 * ```
 */
export function gradValuesOf(p: Tensor): Storage | null {
  const g = p._grad;
  return g === null ? null : g._values();
}

/**
 * A tensor that wraps `values` (row-major, not copied) with `shape` and `dtype`: a leaf that does
 * not require grad.
 *
 * @param values The values, in the typed array `dtype` is stored in (see `DType`: a Float64Array
 *   for float64 and for int64, whose values must then be integers); the tensor owns them from now
 *   on.
 * @param shape The shape: non-negative integers whose product is `values.length` (kept, not
 *   copied).
 * @param dtype The dtype.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromValues } from "@descent/tensor/extend";
 * assert.equal(String(fromValues(new Float64Array([1, 2]), [2], "float64")), "tensor([1., 2.], dtype=torch.float64)");
 * assert.equal(String(fromValues(new Float64Array([1, 2]), [2], "int64")), "tensor([1, 2])");
 * ```
 */
export function fromValues(values: Storage, shape: Shape, dtype: DType): Tensor {
  if (!storageMatches(values, dtype)) {
    checkDType(dtype, "fromValues");
    throw new TypeError(
      `fromValues(): a ${dtype} tensor is stored in a ${STORAGE_NAME[dtype]}, got ${
        (values as unknown as { constructor?: { name?: string } })?.constructor?.name ??
          typeof values
      }`,
    );
  }
  if (checkSizes(shape, "fromValues", false, "shape", 2) !== values.length) {
    throw new RangeError(
      `fromValues(): shape ${formatShape(shape)} is invalid for input of size ${values.length}`,
    );
  }
  if (dtype === "int64") checkInt64(values as Float64Array, "fromValues()");
  return new Tensor(values, shape, dtype);
}

const STORAGE_NAME: Readonly<Record<DType, string>> = {
  float32: "Float32Array",
  float64: "Float64Array",
  int64: "Float64Array",
  int32: "Int32Array",
  uint8: "Uint8Array",
  bool: "Uint8Array",
};

/** The arguments of `Tensor`'s constructor (data, shape, dtype, strides, offset, base). */
export type TensorArgs = ConstructorParameters<typeof Tensor>;

/**
 * The constructor arguments of a tensor that aliases `t`'s values: same storage, dtype, shape,
 * strides and offset, not a view (its own version counter, no autograd history). For a subclass
 * that wraps a tensor, as `nn.Parameter` does: `super(...aliasArgs(t))` keeps working whatever
 * arguments the constructor takes. PyTorch: `Tensor._make_subclass(cls, data)`.
 *
 * @param t The tensor to alias.
 * @returns Arguments for `new Tensor(...)` or `super(...)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Tensor, tensor } from "@descent/tensor";
 * import { aliasArgs } from "@descent/tensor/extend";
 * class Param extends Tensor {
 *   constructor(t: Tensor) {
 *     super(...aliasArgs(t));
 *     this.requiresGrad_(true);
 *   }
 * }
 * const data = tensor([[1, 2], [3, 4]], { dtype: "float64" }).t();
 * const p = new Param(data);
 * assert.equal(String(p), "tensor([[1., 3.],\n        [2., 4.]], dtype=torch.float64, requires_grad=True)");
 * data.mul_(2); // shares the storage
 * assert.deepEqual(p.toList(), [[2, 6], [4, 8]]);
 * ```
 */
export function aliasArgs(t: Tensor): TensorArgs {
  if (!(t instanceof Tensor)) throw new TypeError("aliasArgs(): expected a Tensor");
  return [t._data, t.shape, t.dtype, t._strides, t._offset, null];
}

/**
 * A zero-filled tensor shaped like `t` (same dtype), for optimizer state and the like.
 *
 * @param t The model tensor.
 * @param dtype The dtype (default `t.dtype`).
 * @returns A new contiguous tensor of zeros.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { zerosState } from "@descent/tensor/extend";
 * assert.equal(String(zerosState(tensor([1.5, 2]))), "tensor([0., 0.])");
 * ```
 */
export function zerosState(t: Tensor, dtype: DType = t.dtype): Tensor {
  return new Tensor(allocate(dtype, t._numel), t.shape, dtype);
}

/**
 * Updates tensors in place outside autograd (as PyTorch's optimizers do under `no_grad`): `fn`
 * gets each tensor's values in row-major order — the storage itself for a dense tensor, else a
 * copy that is written back afterwards — and every tensor's version is bumped once, so saved
 * values that are modified are caught at backward time.
 *
 * @param tensors The tensors to update.
 * @param fn Writes the new values into the arrays it is given (in the order of `tensors`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { updateInPlace } from "@descent/tensor/extend";
 * const p = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
 * updateInPlace([p], ([v]) => {
 *   for (let i = 0; i < v.length; i++) v[i] *= 10;
 * });
 * assert.equal(String(p), "tensor([10., 20., 30.], requires_grad=True)");
 * ```
 */
export function updateInPlace(tensors: readonly Tensor[], fn: (values: Storage[]) => void): void {
  const arrays = tensors.map((t) => (t._dense ? t._data : t._values().slice()));
  fn(arrays);
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    if (arrays[i] !== t._data) scatter(arrays[i], t._data, t._offset, t.shape, t._strides);
    t._vc.version++;
  }
}

// ---- nn (issue 12): `t.data = src`, what nn.Module.to(dtype) does to each parameter ----

/**
 * Makes `t` hold `src`'s values: `t` takes `src`'s storage, dtype, shape, strides and offset (no
 * copy) and keeps its identity, version counter, `requiresGrad`, `grad` and hooks, so an
 * optimizer or a module that holds `t` sees the new values. PyTorch: `t.data = src`
 * (`Tensor.set_data`), which `nn.Module.to(dtype)` applies to each parameter and its grad.
 *
 * @param t The tensor to change (a leaf: a tensor with a `gradFn` has history to keep).
 * @param src The values it takes.
 * @throws {TypeError} If either is not a tensor, `t` is not a leaf, or `t` requires grad and
 *   `src` is not of a floating point dtype; `t` is unchanged then.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor } from "@descent/tensor";
 * import { setData } from "@descent/tensor/extend";
 * const p = floatTensor([1.5, 2]).requiresGrad_();
 * setData(p, p.double());
 * assert.equal(String(p), "tensor([1.5000, 2.0000], dtype=torch.float64, requires_grad=True)");
 * ```
 */
export function setData(t: Tensor, src: Tensor): void {
  if (!(t instanceof Tensor) || !(src instanceof Tensor)) {
    throw new TypeError("setData(): expected two Tensors");
  }
  if (t._gradFn !== null) throw new TypeError("setData(): expected a leaf tensor");
  if (t.requiresGrad && !isFloatingDType(src.dtype)) {
    throw new TypeError(
      "data set to a tensor that requires gradients must be floating point or complex dtype",
    );
  }
  const w = t as unknown as {
    _data: Storage;
    shape: Shape;
    dtype: DType;
    _strides: readonly number[];
    _offset: number;
    _numel: number;
    _dense: boolean;
  };
  w._data = src._data;
  w.shape = src.shape;
  w.dtype = src.dtype;
  w._strides = src._strides;
  w._offset = src._offset;
  w._numel = src._numel;
  w._dense = src._dense;
}
// ---- end nn ----
