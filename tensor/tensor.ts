/**
 * The `Tensor` class: storage (a typed array), shape, strides, offset and dtype, with the
 * autograd state it inherits from `Variable`, and every op as a method.
 *
 * @module
 */

import {
  backward as runBackward,
  type BackwardOptions,
  type Node,
  Variable,
} from "@descent/autograd";
import { displayTensor, type MimeBundle } from "./display.ts";
import { formatTensor } from "./format.ts";
import { contiguousStrides, type Shape, shapeNumel } from "./shape.ts";
import { gather, isDense, type Storage } from "./kernels/elementwise.ts";
import { allocate, allocateEmpty, CARVE_BYTES, copyOf, ownsBuffer, recycle } from "./storage.ts";
import { type DType, dtypeOfTypeName, isFloatingDType, legacyTypeName } from "./dtype.ts";
import * as ew from "./ops/elementwise.ts";
import * as red from "./ops/reduce.ts";
import * as la from "./ops/linalg.ts";
import * as vw from "./ops/view.ts";
import * as ip from "./ops/inplace.ts";
import * as ix from "./ops/index.ts";
import * as act from "./ops/activation.ts";
import * as am from "./ops/addmm.ts";
import * as cmp from "./ops/compare.ts";
import * as dv from "./ops/division.ts";
import * as bw from "./ops/bitwise.ts";
import { record, tracks } from "./ops/record.ts";
import { bernoulliInPlace, randomInPlace } from "./sampling.ts";
import { jsonData, type TensorJSON } from "./json.ts";
// ---- indexing (issue 11) ----
import { asStridedNode } from "./ops/copy_slices.ts";
import * as idx from "./ops/indexing.ts";
import * as gs from "./ops/gather.ts";
import * as isel from "./ops/index_select.ts";
import * as msk from "./ops/mask.ts";
// ---- end indexing ----
// ---- shape and joining (issue 13) ----
import * as reorder from "./ops/reorder.ts";
import * as rep from "./ops/repeat.ts";
import * as dg from "./ops/diagonal.ts";
import * as sp from "./ops/split.ts";
import * as dims from "./ops/dims.ts";
import * as prod from "./ops/products.ts";
// ---- end shape and joining ----
// ---- reductions and scans (issue 13) ----
import * as stats from "./ops/statistics.ts";
import * as prods from "./ops/prod.ts";
import * as scan from "./ops/scan.ts";
import * as ext from "./ops/extrema.ts";
import * as lr from "./ops/logical_reduce.ts";
import * as nan from "./ops/nan_reduce.ts";
import * as nrm from "./ops/norm.ts";
import * as srt from "./ops/sort.ts";
import * as sel from "./ops/selection.ts";
// ---- end reductions and scans ----
// ---- elementwise math (issue 13) ----
import * as rnd from "./ops/rounding.ts";
import * as trig from "./ops/trig.ts";
import * as el from "./ops/exp_log.ts";
import * as bm from "./ops/binary_math.ts";
import * as cb from "./ops/clamp_bounds.ts";
import * as fc from "./ops/float_class.ts";
import * as lp from "./ops/lerp.ts";
import * as addc from "./ops/addc.ts";
// ---- end elementwise math ----

export { allocate, copyOf } from "./storage.ts";
export type { DType } from "./dtype.ts";

// The contiguous strides and element count of the shape the constructor saw last.
const NO_STRIDES: readonly number[] = [];
let lastShape: Shape = [];
let lastStrides: readonly number[] = [];
let lastNumel = 1;

/**
 * A (possibly nested) array of numbers or booleans: the data of {@linkcode tensor}, and what
 * {@linkcode Tensor.toList} returns (booleans for a bool tensor).
 */
export type NestedArray = number | boolean | NestedArray[];

/** Options of tensor factories. */
export interface TensorOptions {
  /** Element type (default `"float32"`). */
  dtype?: DType;
  /** Whether the new leaf requires grad (default `false`). */
  requiresGrad?: boolean;
}

/**
 * A tensor operand: a tensor, or a number or boolean used as a 0-d "wrapped number" (an integer
 * is an int64 one, any other number a float one, a boolean a bool one: see `resultType`).
 */
export type Operand = Tensor | number | boolean;

/** Options of {@linkcode Tensor.backward}. */
export type TensorBackwardOptions = BackwardOptions;

/**
 * A multi-dimensional array of numbers (float32, float64, int64, int32, uint8) or booleans;
 * floating tensors can take part in automatic differentiation. PyTorch: `torch.Tensor`. Make
 * one with `tensor()`, `zeros()`, `rand()` …
 *
 * @example
 * ```ts
 * import { tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
 * const y = x.add(2).mul(3).sum();
 * y.backward();
 * console.log(String(x.grad)); // tensor([[3., 3.],\n        [3., 3.]])
 * ```
 */
export class Tensor extends Variable {
  /**
   * The sizes of the dimensions. PyTorch: `Tensor.shape`.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.deepEqual(zeros([2, 3]).shape, [2, 3]);
   * ```
   */
  declare readonly shape: Shape;
  /** @ignore Strides in elements. */
  declare readonly _strides: readonly number[];
  /** @ignore Offset of the first element in the storage. */
  declare readonly _offset: number;
  /** @ignore The storage, shared by views. */
  declare readonly _data: Storage;
  /** @ignore Number of elements. */
  declare readonly _numel: number;
  /** @ignore Row-major contiguous, starting at 0 and covering the whole storage. */
  declare readonly _dense: boolean;
  /**
   * The element type. PyTorch: `Tensor.dtype`.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(tensor([1, 2]).dtype, "int64");
   * assert.equal(tensor([1.5]).dtype, "float32");
   * ```
   */
  declare readonly dtype: DType;

  /**
   * Wraps storage without copying. Most code should use the factories (`tensor()`, `zeros()` …);
   * `fromValues` in `@descent/tensor/extend` checks what it is given.
   *
   * @param data The storage, of the type `dtype` is stored in (see {@linkcode DType}).
   * @param shape The shape: kept, not copied, so never change the array afterwards.
   * @param dtype The element type.
   * @param strides The strides (default: contiguous).
   * @param offset Offset of the first element (default 0).
   * @param base The tensor this one is a view of (shares its version counter).
   */
  constructor(
    data: Storage,
    shape: Shape,
    dtype: DType,
    strides?: readonly number[],
    offset = 0,
    base: Tensor | null = null,
  ) {
    super(base === null ? undefined : base._vc);
    this._data = data;
    this.shape = shape;
    this._offset = offset;
    if (strides === undefined) {
      // Contiguous: most results share their shape array with an input, so the strides and
      // numel of the last shape seen are reused (shapes are never changed once a tensor has one).
      // 0-d tensors (a loss, its seed) share one empty strides array and leave that cache alone.
      if (shape.length === 0) {
        this._strides = NO_STRIDES;
        this._numel = 1;
      } else {
        if (shape !== lastShape) {
          lastShape = shape;
          lastStrides = contiguousStrides(shape);
          lastNumel = shapeNumel(shape);
        }
        this._strides = lastStrides;
        this._numel = lastNumel;
      }
      this._dense = offset === 0 && data.length === this._numel;
    } else {
      this._strides = strides;
      this._numel = shapeNumel(shape);
      this._dense = offset === 0 && data.length === this._numel &&
        (this._numel === 0 || isDense(shape, strides));
    }
    this.dtype = dtype;
    if (base !== null) this._initView(base);
  }

  /**
   * Number of dimensions. PyTorch: `Tensor.ndim`.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.equal(zeros([2, 3]).ndim, 2);
   * ```
   */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Number of dimensions. PyTorch: `Tensor.dim()`.
   *
   * @returns The number of dimensions.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.equal(zeros([2, 3]).dim(), 2);
   * ```
   */
  dim(): number {
    return this.shape.length;
  }

  /**
   * Number of elements. PyTorch: `Tensor.numel()`.
   *
   * @returns The product of the sizes.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.equal(zeros([2, 3]).numel(), 6);
   * ```
   */
  numel(): number {
    return this._numel;
  }

  /**
   * The shape, or the size of one dim. PyTorch: `Tensor.size(dim=None)`.
   *
   * @param dim A dim (negative counts from the end).
   * @returns The size list, or one size.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.deepEqual(zeros([2, 3]).size(), [2, 3]);
   * assert.equal(zeros([2, 3]).size(-1), 3);
   * ```
   */
  size(): readonly number[];
  /**
   * The size of one dim. PyTorch: `Tensor.size(dim)`.
   *
   * @param dim A dim (negative counts from the end).
   * @returns The size.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.deepEqual(zeros([2, 3]).size(), [2, 3]);
   * assert.equal(zeros([2, 3]).size(-1), 3);
   * ```
   */
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    return this.shape[vw.dimOf(dim, this.ndim)];
  }

  /**
   * The strides, or the stride of one dim. PyTorch: `Tensor.stride(dim=None)`.
   *
   * @param dim A dim (negative counts from the end).
   * @returns The stride list, or one stride.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.deepEqual(zeros([2, 3]).stride(), [3, 1]);
   * assert.equal(zeros([2, 3]).stride(0), 3);
   * ```
   */
  stride(): readonly number[];
  /**
   * The stride of one dim. PyTorch: `Tensor.stride(dim)`.
   *
   * @param dim A dim (negative counts from the end).
   * @returns The stride.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.deepEqual(zeros([2, 3]).stride(), [3, 1]);
   * assert.equal(zeros([2, 3]).stride(0), 3);
   * ```
   */
  stride(dim: number): number;
  stride(dim?: number): number | readonly number[] {
    if (dim === undefined) return this._strides;
    return this._strides[vw.dimOf(dim, this.ndim)];
  }

  /**
   * PyTorch's legacy type name of this tensor. PyTorch: `Tensor.type()`.
   *
   * @returns E.g. `"torch.FloatTensor"`, `"torch.DoubleTensor"`, `"torch.LongTensor"`.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(tensor([1], { dtype: "float64" }).type(), "torch.DoubleTensor");
   * ```
   */
  type(): string {
    return this._typeName();
  }

  /**
   * Whether the elements are laid out row-major without gaps. PyTorch: `Tensor.is_contiguous()`.
   *
   * @returns `true` for a contiguous tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.equal(zeros([2, 3]).isContiguous(), true);
   * assert.equal(zeros([2, 3]).t().isContiguous(), false);
   * ```
   */
  isContiguous(): boolean {
    return this._numel === 0 || isDense(this.shape, this._strides); // PyTorch: empty is contiguous
  }

  /** @ignore The values in row-major order: the storage itself when dense, else a copy. */
  _values(): Storage {
    if (this._dense) return this._data;
    const out = allocateEmpty(this.dtype, this._numel);
    gather(this._data, this._offset, this.shape, this._strides, out);
    return out;
  }

  /**
   * The single value of a one-element tensor. PyTorch: `Tensor.item()`.
   *
   * @returns The value as a number (a bool tensor gives 1 or 0; PyTorch gives `True`/`False`).
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(tensor([[2.5]]).item(), 2.5);
   * ```
   */
  item(): number {
    if (this._numel !== 1) {
      throw new RangeError(
        `a Tensor with ${this._numel} elements cannot be converted to Scalar (only one element tensors can be converted to Python scalars)`,
      );
    }
    return this._data[this._offset];
  }

  /**
   * The values as nested arrays (a number for a 0-d tensor). PyTorch: `Tensor.tolist()`.
   *
   * @returns Nested arrays of numbers, or of booleans for a bool tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.deepEqual(tensor([[1, 2]]).toList(), [[1, 2]]);
   * assert.deepEqual(tensor([true, false]).toList(), [true, false]);
   * ```
   */
  toList(): NestedArray {
    const v = this._values();
    const bool = this.dtype === "bool";
    if (this.ndim === 0) return bool ? v[0] !== 0 : v[0];
    const shape = this.shape;
    let pos = 0;
    const build = (d: number): NestedArray[] => {
      const out: NestedArray[] = [];
      if (d === shape.length - 1) {
        for (let i = 0; i < shape[d]; i++) out.push(bool ? v[pos++] !== 0 : v[pos++]);
      } else {
        for (let i = 0; i < shape[d]; i++) out.push(build(d + 1));
      }
      return out;
    };
    return build(0);
  }

  /**
   * The values as a row-major typed array. PyTorch: `Tensor.numpy()`.
   *
   * It shares memory with the tensor, as `numpy()` does, exactly when the tensor is contiguous,
   * starts at the start of its storage, covers all of it, and that storage has an `ArrayBuffer`
   * of its own — which holds for such tensors of more than 256 bytes (64 float32 or 32 float64
   * elements). Then writing to the array changes the tensor (and its views), and transferring
   * its `buffer` detaches the tensor's storage. Otherwise — a smaller tensor, whose storage is
   * carved out of a buffer shared with other tensors, or a view that is not contiguous — the
   * result is a copy with a buffer of its own. Either way the array never reaches memory of
   * another tensor.
   *
   * @returns A typed array whose `buffer` holds exactly its elements: a Float32Array (float32),
   *   a Float64Array (float64, and int64 as exact integers), an Int32Array (int32) or a
   *   Uint8Array (uint8, and bool as 0/1).
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones, zeros } from "@descent/tensor";
   * const big = zeros([100]);
   * big.toTypedArray()[0] = 5; // shared: 400 bytes
   * assert.deepEqual(big.narrow(0, 0, 2).toList(), [5, 0]);
   * const small = ones([3]);
   * const copy = small.toTypedArray(); // 12 bytes: a copy
   * structuredClone(copy, { transfer: [copy.buffer as ArrayBuffer] });
   * assert.equal(String(small), "tensor([1., 1., 1.])");
   * ```
   */
  toTypedArray(): Storage {
    if (this.requiresGrad) {
      throw new Error(
        "Can't call toTypedArray() on Tensor that requires grad. Use tensor.detach().toTypedArray() instead.",
      );
    }
    const v = this._values();
    return ownsBuffer(v) ? v : v.slice();
  }

  // ---- serialization (issue 14) ----
  /**
   * The tensor as plain JSON data, `{ dtype, shape, data }` (see `TensorJSON`): what
   * `JSON.stringify(t)` writes, and what `tensor(json)` turns back into an equal tensor, every
   * value exact (NaN, ±Infinity and -0 are strings). Autograd state is not part of it. PyTorch
   * has no JSON form; this plays the part of `torch.save` for plain data.
   *
   * @returns A new object; `data` holds the values in row-major order.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * const t = tensor([[0.5, -0], [Infinity, 2]], { dtype: "float64" });
   * const text = JSON.stringify(t);
   * assert.equal(text, '{"dtype":"float64","shape":[2,2],"data":[0.5,"-0","Infinity",2]}');
   * assert.equal(String(tensor(JSON.parse(text))), String(t));
   * ```
   */
  toJSON(): TensorJSON {
    return {
      dtype: this.dtype,
      shape: [...this.shape],
      data: jsonData(this._values(), this.dtype),
    };
  }
  // ---- end serialization ----

  /**
   * PyTorch's printed form, byte for byte. PyTorch: `repr(tensor)`.
   *
   * @returns E.g. `tensor([1., 2.], requires_grad=True)`.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(String(tensor([1.5, 2])), "tensor([1.5000, 2.0000])");
   * ```
   */
  override toString(): string {
    // The elements are read where they are: a broadcast view is never materialised.
    return formatTensor({
      data: this._data,
      offset: this._offset,
      strides: this._strides,
      shape: this.shape,
      dtype: this.dtype,
      gradFnName: this._gradFn === null ? null : this._gradFn.name(),
      requiresGrad: this.requiresGrad,
    });
  }

  /** @ignore Deno's `console.log` form: PyTorch's repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** @ignore Node's `console.log` form: PyTorch's repr. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @ignore Deno's Jupyter kernel: see {@linkcode displayTensor}. */
  [Symbol.for("Jupyter.display")](): MimeBundle {
    return displayTensor(this);
  }

  /**
   * Computes the gradient of this tensor with respect to the graph leaves and accumulates it
   * into their `.grad`. PyTorch: `Tensor.backward(gradient=None, retain_graph=None,
   * create_graph=False, inputs=None)`.
   *
   * Options may also come first, as in `loss.backward({ retainGraph: true })` (PyTorch's
   * `loss.backward(retain_graph=True)`).
   *
   * @param gradient The gradient of this tensor (omit for one-element tensors), or the options.
   * @param options `retainGraph`, `createGraph`, `inputs`.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * const x = tensor([2.5], { requiresGrad: true });
   * x.mul(x).sum().backward();
   * assert.deepEqual(x.grad!.toList(), [5]);
   * ```
   */
  backward(
    gradient?: Tensor | TensorBackwardOptions | null,
    options?: TensorBackwardOptions,
  ): void {
    if (gradient !== null && gradient !== undefined && !(gradient instanceof Variable)) {
      if (options !== undefined) {
        throw new TypeError("backward(): give the options once, after the gradient");
      }
      runBackward(this, null, gradient);
      return;
    }
    runBackward(this, gradient ?? null, options);
  }

  // ---- Variable's value operations ----

  /** @ignore */
  override _typeName(): string {
    return this.dtype === "float32" ? "torch.FloatTensor" : legacyTypeName(this.dtype);
  }
  /** @ignore Only floating tensors can require grad: PyTorch's three texts. */
  override _checkCanRequireGrad(via: "setter" | "method"): void {
    if (isFloatingDType(this.dtype)) return;
    throw new Error(
      via === "setter"
        ? "only Tensors of floating point and complex dtype can require gradients"
        : "only Tensors of floating point dtype can require gradients",
    );
  }
  /** @ignore */
  override _onesLike(): this {
    const data = allocateEmpty(this.dtype, this._numel);
    for (let i = 0; i < data.length; i++) data[i] = 1;
    return new Tensor(data, this.shape, this.dtype) as this;
  }
  /** @ignore */
  override _zerosLike(): this {
    return new Tensor(allocate(this.dtype, this._numel), this.shape, this.dtype) as this;
  }
  /** @ignore */
  override _plus(other: Variable): this {
    return ew.add(this, other as Tensor) as this;
  }
  /** @ignore */
  override _accumulate_(other: Variable): void {
    ip.accumulate_(this, other as Tensor);
  }
  /** @ignore */
  override _castTo(typeName: string): this {
    return vw.to(this, dtypeOfTypeName(typeName)) as this;
  }
  /** @ignore */
  override _detachedClone(): this {
    const data = this._dense ? copyOf(this._data, this.dtype) : this._values();
    return new Tensor(data, this.shape, this.dtype) as this;
  }
  /**
   * @ignore A leaf's first `.grad` under createGraph: PyTorch's `new_empty_strided(…).copy_(g)`,
   * a `CopyBackwards` whose first edge (the new, empty tensor) is `null`.
   */
  override _gradCopy(): this {
    const out = this._detachedClone();
    if (tracks(this)) record("CopyBackwards", out, [null, this]).setBackward((g) => [null, g]);
    return out;
  }
  /** @ignore */
  override _sumTo(shape: readonly number[]): this {
    return red.sumTo(this, shape) as this;
  }
  /** @ignore A view's node made again from its base: see `asStridedNode`. */
  override _viewGradFn(): Node {
    return asStridedNode(this);
  }
  /** @ignore Note [recycled storage] in storage.ts. */
  override _recycle(keep: readonly (Variable | null)[]): void {
    const data = this._data;
    if (data.byteLength <= CARVE_BYTES) return;
    for (let i = 0; i < keep.length; i++) {
      const k = keep[i];
      if (k instanceof Tensor && k._data === data) return;
    }
    recycle(data);
  }
  /** @ignore */
  override _isDense(): boolean {
    return this._dense;
  }
  /** @ignore */
  override _stolen(): this {
    if (this._base === null) return this;
    return this._dense
      ? new Tensor(this._data, this.shape, this.dtype) as this
      : this._detachedClone();
  }
  /** @ignore */
  override _sameStorage(other: Variable): boolean {
    return other instanceof Tensor && other._data === this._data;
  }
  /** @ignore */
  override _alias(): this {
    return new Tensor(
      this._data,
      this.shape,
      this.dtype,
      this._strides,
      this._offset,
      this,
    ) as this;
  }

  // ---- elementwise ----

  /**
   * `this + alpha * other`, broadcasting. PyTorch: `Tensor.add(other, alpha=1)` → `AddBackward0`.
   *
   * See {@linkcode ew.add | add} for an example.
   *
   * @param other A tensor or number.
   * @param options `alpha`, a multiplier of `other`.
   * @returns The sum.
   */
  add(other: Operand, options?: { alpha?: number }): Tensor {
    return ew.add(this, other, options);
  }
  /**
   * `this - alpha * other`, broadcasting. PyTorch: `Tensor.sub(other, alpha=1)` → `SubBackward0`.
   *
   * See {@linkcode ew.sub | sub} for an example.
   *
   * @param other A tensor or number.
   * @param options `alpha`, a multiplier of `other`.
   * @returns The difference.
   */
  sub(other: Operand, options?: { alpha?: number }): Tensor {
    return ew.sub(this, other, options);
  }
  /**
   * `this * other`, broadcasting. PyTorch: `Tensor.mul(other)` → `MulBackward0`.
   *
   * See {@linkcode ew.mul | mul} for an example.
   *
   * @param other A tensor or number.
   * @returns The product.
   */
  mul(other: Operand): Tensor {
    return ew.mul(this, other);
  }
  /**
   * `this / other`, broadcasting. PyTorch: `Tensor.div(other, rounding_mode=None)` →
   * `DivBackward0`; see {@linkcode ew.div | div} (integers give float32 without a rounding mode).
   *
   * @param other A tensor or number.
   * @param options `roundingMode`: `"trunc"` or `"floor"`.
   * @returns The quotient.
   */
  div(other: Operand, options?: ew.DivOptions): Tensor {
    return ew.div(this, other, options);
  }
  /**
   * `this ** exponent`. PyTorch: `Tensor.pow(exponent)` → `PowBackward0` (number exponent) or
   * `PowBackward1` (tensor exponent).
   *
   * See {@linkcode ew.pow | pow} for an example.
   *
   * @param exponent A tensor or number.
   * @returns The power.
   */
  pow(exponent: Operand): Tensor {
    return ew.pow(this, exponent);
  }
  /**
   * `-this`. PyTorch: `Tensor.neg()` → `NegBackward0`.
   *
   * See {@linkcode ew.neg | neg} for an example.
   *
   * @returns The negation.
   */
  neg(): Tensor {
    return ew.neg(this);
  }
  /**
   * `e ** this`. PyTorch: `Tensor.exp()` → `ExpBackward0`.
   *
   * See {@linkcode ew.exp | exp} for an example.
   *
   * @returns The exponential.
   */
  exp(): Tensor {
    return ew.exp(this);
  }
  /**
   * Natural log. PyTorch: `Tensor.log()` → `LogBackward0`.
   *
   * See {@linkcode ew.log | log} for an example.
   *
   * @returns The logarithm.
   */
  log(): Tensor {
    return ew.log(this);
  }
  /**
   * Square root. PyTorch: `Tensor.sqrt()` → `SqrtBackward0`.
   *
   * See {@linkcode ew.sqrt | sqrt} for an example.
   *
   * @returns The root.
   */
  sqrt(): Tensor {
    return ew.sqrt(this);
  }
  /**
   * Absolute value. PyTorch: `Tensor.abs()` → `AbsBackward0`.
   *
   * See {@linkcode ew.abs | abs} for an example.
   *
   * @returns `|this|`.
   */
  abs(): Tensor {
    return ew.abs(this);
  }
  /**
   * Sine. PyTorch: `Tensor.sin()` → `SinBackward0`.
   *
   * See {@linkcode ew.sin | sin} for an example.
   *
   * @returns `sin(this)`.
   */
  sin(): Tensor {
    return ew.sin(this);
  }
  /**
   * Cosine. PyTorch: `Tensor.cos()` → `CosBackward0`.
   *
   * See {@linkcode ew.cos | cos} for an example.
   *
   * @returns `cos(this)`.
   */
  cos(): Tensor {
    return ew.cos(this);
  }
  /**
   * Hyperbolic tangent. PyTorch: `Tensor.tanh()` → `TanhBackward0`.
   *
   * See {@linkcode ew.tanh | tanh} for an example.
   *
   * @returns `tanh(this)`.
   */
  tanh(): Tensor {
    return ew.tanh(this);
  }
  /**
   * Logistic sigmoid. PyTorch: `Tensor.sigmoid()` → `SigmoidBackward0`.
   *
   * See {@linkcode ew.sigmoid | sigmoid} for an example.
   *
   * @returns `σ(this)`.
   */
  sigmoid(): Tensor {
    return ew.sigmoid(this);
  }
  /**
   * `max(this, 0)`. PyTorch: `Tensor.relu()` → `ReluBackward0`.
   *
   * See {@linkcode ew.relu | relu} for an example.
   *
   * @returns The rectified values.
   */
  relu(): Tensor {
    return ew.relu(this);
  }
  /**
   * `this ** 2`. PyTorch: `Tensor.square()` → `PowBackward0`.
   *
   * See {@linkcode ew.square | square} for an example.
   *
   * @returns The square.
   */
  square(): Tensor {
    return ew.square(this);
  }
  /**
   * `1 / this`. PyTorch: `Tensor.reciprocal()` → `ReciprocalBackward0`.
   *
   * See {@linkcode ew.reciprocal | reciprocal} for an example.
   *
   * @returns The reciprocal.
   */
  reciprocal(): Tensor {
    return ew.reciprocal(this);
  }
  /**
   * Clamps into `[min, max]` (either may be `null`). PyTorch: `Tensor.clamp(min, max)` →
   * `ClampBackward1`.
   *
   * See {@linkcode ew.clamp | clamp} for an example.
   *
   * @param min Lower bound or `null`.
   * @param max Upper bound or `null`.
   * @returns The clamped values.
   */
  clamp(min?: number | null, max?: number | null): Tensor {
    return ew.clamp(this, min ?? null, max ?? null);
  }

  // ---- comparisons, rounded division, bitwise and logical ops (dtypes, issue 11) ----

  /**
   * `this == other` as a bool tensor. PyTorch: `Tensor.eq(other)`; see {@linkcode cmp.eq | eq}.
   *
   * @param other A tensor, number or boolean.
   * @returns A bool tensor.
   */
  eq(other: Operand): Tensor {
    return cmp.eq(this, other);
  }
  /**
   * `this != other` as a bool tensor. PyTorch: `Tensor.ne(other)`.
   *
   * See {@linkcode cmp.ne | ne} for an example.
   *
   * @param other A tensor, number or boolean.
   * @returns A bool tensor.
   */
  ne(other: Operand): Tensor {
    return cmp.ne(this, other);
  }
  /**
   * `this > other` as a bool tensor. PyTorch: `Tensor.gt(other)`.
   *
   * See {@linkcode cmp.gt | gt} for an example.
   *
   * @param other A tensor, number or boolean.
   * @returns A bool tensor.
   */
  gt(other: Operand): Tensor {
    return cmp.gt(this, other);
  }
  /**
   * `this >= other` as a bool tensor. PyTorch: `Tensor.ge(other)`.
   *
   * See {@linkcode cmp.ge | ge} for an example.
   *
   * @param other A tensor, number or boolean.
   * @returns A bool tensor.
   */
  ge(other: Operand): Tensor {
    return cmp.ge(this, other);
  }
  /**
   * `this < other` as a bool tensor. PyTorch: `Tensor.lt(other)`.
   *
   * See {@linkcode cmp.lt | lt} for an example.
   *
   * @param other A tensor, number or boolean.
   * @returns A bool tensor.
   */
  lt(other: Operand): Tensor {
    return cmp.lt(this, other);
  }
  /**
   * `this <= other` as a bool tensor. PyTorch: `Tensor.le(other)`.
   *
   * See {@linkcode cmp.le | le} for an example.
   *
   * @param other A tensor, number or boolean.
   * @returns A bool tensor.
   */
  le(other: Operand): Tensor {
    return cmp.le(this, other);
  }
  /**
   * `floor(this / other)`. PyTorch: `Tensor.floor_divide(other)` (`//`); see
   * {@linkcode dv.floorDivide | floorDivide}.
   *
   * @param other A tensor or number.
   * @returns The floored quotient.
   */
  floorDivide(other: Operand): Tensor {
    return dv.floorDivide(this, other);
  }
  /**
   * The remainder with the sign of `other` (Python's `%`). PyTorch: `Tensor.remainder(other)`
   * → `RemainderBackward0`/`RemainderBackward1`.
   *
   * See {@linkcode dv.remainder | remainder} for an example.
   *
   * @param other A tensor or number.
   * @returns The remainder.
   */
  remainder(other: Operand): Tensor {
    return dv.remainder(this, other);
  }
  /**
   * The remainder with the sign of `this` (C's `fmod`). PyTorch: `Tensor.fmod(other)` →
   * `FmodBackward0`/`FmodBackward1`.
   *
   * See {@linkcode dv.fmod | fmod} for an example.
   *
   * @param other A tensor or number.
   * @returns The remainder.
   */
  fmod(other: Operand): Tensor {
    return dv.fmod(this, other);
  }
  /**
   * `this & other` bit by bit. PyTorch: `Tensor.bitwise_and(other)`.
   *
   * See {@linkcode bw.bitwiseAnd | bitwiseAnd} for an example.
   *
   * @param other An integer or bool tensor, number or boolean.
   * @returns The result.
   */
  bitwiseAnd(other: Operand): Tensor {
    return bw.bitwiseAnd(this, other);
  }
  /**
   * `this | other` bit by bit. PyTorch: `Tensor.bitwise_or(other)`.
   *
   * See {@linkcode bw.bitwiseOr | bitwiseOr} for an example.
   *
   * @param other An integer or bool tensor, number or boolean.
   * @returns The result.
   */
  bitwiseOr(other: Operand): Tensor {
    return bw.bitwiseOr(this, other);
  }
  /**
   * `this ^ other` bit by bit. PyTorch: `Tensor.bitwise_xor(other)`.
   *
   * See {@linkcode bw.bitwiseXor | bitwiseXor} for an example.
   *
   * @param other An integer or bool tensor, number or boolean.
   * @returns The result.
   */
  bitwiseXor(other: Operand): Tensor {
    return bw.bitwiseXor(this, other);
  }
  /**
   * `~this` bit by bit. PyTorch: `Tensor.bitwise_not()`.
   *
   * See {@linkcode bw.bitwiseNot | bitwiseNot} for an example.
   *
   * @returns The result.
   */
  bitwiseNot(): Tensor {
    return bw.bitwiseNot(this);
  }
  /**
   * `this && other` elementwise, as bool. PyTorch: `Tensor.logical_and(other)`.
   *
   * See {@linkcode bw.logicalAnd | logicalAnd} for an example.
   *
   * @param other A tensor.
   * @returns A bool tensor.
   */
  logicalAnd(other: Tensor): Tensor {
    return bw.logicalAnd(this, other);
  }
  /**
   * `this || other` elementwise, as bool. PyTorch: `Tensor.logical_or(other)`.
   *
   * See {@linkcode bw.logicalOr | logicalOr} for an example.
   *
   * @param other A tensor.
   * @returns A bool tensor.
   */
  logicalOr(other: Tensor): Tensor {
    return bw.logicalOr(this, other);
  }
  /**
   * Exclusive or elementwise, as bool. PyTorch: `Tensor.logical_xor(other)`.
   *
   * See {@linkcode bw.logicalXor | logicalXor} for an example.
   *
   * @param other A tensor.
   * @returns A bool tensor.
   */
  logicalXor(other: Tensor): Tensor {
    return bw.logicalXor(this, other);
  }
  /**
   * `!this` elementwise, as bool. PyTorch: `Tensor.logical_not()`.
   *
   * See {@linkcode bw.logicalNot | logicalNot} for an example.
   *
   * @returns A bool tensor.
   */
  logicalNot(): Tensor {
    return bw.logicalNot(this);
  }

  // ---- end comparisons, rounded division, bitwise and logical ops ----

  /**
   * Elementwise maximum with `other`. PyTorch: `Tensor.maximum(other)` → `MaximumBackward0`.
   *
   * See {@linkcode ew.maximum | maximum} for an example.
   *
   * @param other A tensor.
   * @returns The larger of each pair.
   */
  maximum(other: Tensor): Tensor {
    return ew.maximum(this, other);
  }
  /**
   * Elementwise minimum with `other`. PyTorch: `Tensor.minimum(other)` → `MinimumBackward0`.
   *
   * See {@linkcode ew.minimum | minimum} for an example.
   *
   * @param other A tensor.
   * @returns The smaller of each pair.
   */
  minimum(other: Tensor): Tensor {
    return ew.minimum(this, other);
  }

  // ---- elementwise math (issue 13) ----

  /** Rounds down. PyTorch: `Tensor.floor()` → `FloorBackward0`; see {@linkcode rnd.floor | floor}. @returns `⌊this⌋`. */
  floor(): Tensor {
    return rnd.floor(this);
  }
  /** Rounds up. PyTorch: `Tensor.ceil()` → `CeilBackward0`; see {@linkcode rnd.ceil | ceil}. @returns `⌈this⌉`. */
  ceil(): Tensor {
    return rnd.ceil(this);
  }
  /** Rounds toward zero. PyTorch: `Tensor.trunc()` → `TruncBackward0`; see {@linkcode rnd.trunc | trunc}. @returns The integer parts. */
  trunc(): Tensor {
    return rnd.trunc(this);
  }
  /** The fractional part `this - trunc(this)`. PyTorch: `Tensor.frac()` → `FracBackward0`; see {@linkcode rnd.frac | frac}. @returns The fractional parts. */
  frac(): Tensor {
    return rnd.frac(this);
  }
  /** The sign (0 for ±0 and NaN). PyTorch: `Tensor.sign()` → `SignBackward0`; see {@linkcode rnd.sign | sign}. @returns The signs. */
  sign(): Tensor {
    return rnd.sign(this);
  }
  /** The sign, as `sign` for real tensors. PyTorch: `Tensor.sgn()` → `SgnBackward0`; see {@linkcode rnd.sgn | sgn}. @returns The signs. */
  sgn(): Tensor {
    return rnd.sgn(this);
  }
  /** Tangent. PyTorch: `Tensor.tan()` → `TanBackward0`; see {@linkcode trig.tan | tan}. @returns `tan(this)`. */
  tan(): Tensor {
    return trig.tan(this);
  }
  /** Arcsine. PyTorch: `Tensor.asin()` → `AsinBackward0`; see {@linkcode trig.asin | asin}. @returns `asin(this)`. */
  asin(): Tensor {
    return trig.asin(this);
  }
  /** Arccosine. PyTorch: `Tensor.acos()` → `AcosBackward0`; see {@linkcode trig.acos | acos}. @returns `acos(this)`. */
  acos(): Tensor {
    return trig.acos(this);
  }
  /** Arctangent. PyTorch: `Tensor.atan()` → `AtanBackward0`; see {@linkcode trig.atan | atan}. @returns `atan(this)`. */
  atan(): Tensor {
    return trig.atan(this);
  }
  /** Hyperbolic sine. PyTorch: `Tensor.sinh()` → `SinhBackward0`; see {@linkcode trig.sinh | sinh}. @returns `sinh(this)`. */
  sinh(): Tensor {
    return trig.sinh(this);
  }
  /** Hyperbolic cosine. PyTorch: `Tensor.cosh()` → `CoshBackward0`; see {@linkcode trig.cosh | cosh}. @returns `cosh(this)`. */
  cosh(): Tensor {
    return trig.cosh(this);
  }
  /** Inverse hyperbolic sine. PyTorch: `Tensor.asinh()` → `AsinhBackward0`; see {@linkcode trig.asinh | asinh}. @returns `asinh(this)`. */
  asinh(): Tensor {
    return trig.asinh(this);
  }
  /** Inverse hyperbolic cosine. PyTorch: `Tensor.acosh()` → `AcoshBackward0`; see {@linkcode trig.acosh | acosh}. @returns `acosh(this)`. */
  acosh(): Tensor {
    return trig.acosh(this);
  }
  /** Inverse hyperbolic tangent. PyTorch: `Tensor.atanh()` → `AtanhBackward0`; see {@linkcode trig.atanh | atanh}. @returns `atanh(this)`. */
  atanh(): Tensor {
    return trig.atanh(this);
  }
  /** `log(1 + this)`. PyTorch: `Tensor.log1p()` → `Log1PBackward0`; see {@linkcode el.log1p | log1p}. @returns `log(1 + this)`. */
  log1p(): Tensor {
    return el.log1p(this);
  }
  /** `e^this - 1`. PyTorch: `Tensor.expm1()` → `Expm1Backward0`; see {@linkcode el.expm1 | expm1}. @returns `e^this - 1`. */
  expm1(): Tensor {
    return el.expm1(this);
  }
  /** `2^this`. PyTorch: `Tensor.exp2()` → `Exp2Backward0`; see {@linkcode el.exp2 | exp2}. @returns `2^this`. */
  exp2(): Tensor {
    return el.exp2(this);
  }
  /** Base-2 logarithm. PyTorch: `Tensor.log2()` → `Log2Backward0`; see {@linkcode el.log2 | log2}. @returns `log₂(this)`. */
  log2(): Tensor {
    return el.log2(this);
  }
  /** Base-10 logarithm. PyTorch: `Tensor.log10()` → `Log10Backward0`; see {@linkcode el.log10 | log10}. @returns `log₁₀(this)`. */
  log10(): Tensor {
    return el.log10(this);
  }
  /** `1 / √this`. PyTorch: `Tensor.rsqrt()` → `RsqrtBackward0`; see {@linkcode el.rsqrt | rsqrt}. @returns `1 / √this`. */
  rsqrt(): Tensor {
    return el.rsqrt(this);
  }
  /** The error function. PyTorch: `Tensor.erf()` → `ErfBackward0`; see {@linkcode el.erf | erf}. @returns `erf(this)`. */
  erf(): Tensor {
    return el.erf(this);
  }
  /** The complementary error function. PyTorch: `Tensor.erfc()` → `ErfcBackward0`; see {@linkcode el.erfc | erfc}. @returns `erfc(this)`. */
  erfc(): Tensor {
    return el.erfc(this);
  }
  /** The inverse error function. PyTorch: `Tensor.erfinv()` → `ErfinvBackward0`; see {@linkcode el.erfinv | erfinv}. @returns `erfinv(this)`. */
  erfinv(): Tensor {
    return el.erfinv(this);
  }
  /**
   * Rounds to the nearest integer, ties to even, or to `decimals` places. PyTorch:
   * `Tensor.round(decimals=0)` → `RoundBackward0`/`RoundBackward1`; see {@linkcode rnd.round | round}.
   *
   * @param options `decimals`.
   * @returns The rounded values.
   */
  round(options?: rnd.RoundOptions): Tensor {
    return rnd.round(this, options);
  }
  /**
   * The angle of `(other, this)`. PyTorch: `Tensor.atan2(other)` → `Atan2Backward0`; see
   * {@linkcode bm.atan2 | atan2}.
   *
   * @param other The x coordinates.
   * @returns `atan2(this, other)`.
   */
  atan2(other: Tensor): Tensor {
    return bm.atan2(this, other);
  }
  /**
   * `log(e^this + e^other)`. PyTorch: `Tensor.logaddexp(other)` → `LogaddexpBackward0`; see
   * {@linkcode bm.logaddexp | logaddexp}.
   *
   * @param other A tensor.
   * @returns `log(e^this + e^other)`.
   */
  logaddexp(other: Tensor): Tensor {
    return bm.logaddexp(this, other);
  }
  /**
   * `√(this² + other²)`. PyTorch: `Tensor.hypot(other)` → `HypotBackward0`; see
   * {@linkcode bm.hypot | hypot}.
   *
   * @param other A tensor.
   * @returns The hypotenuses.
   */
  hypot(other: Tensor): Tensor {
    return bm.hypot(this, other);
  }
  /**
   * `|this|` with the sign of `other`. PyTorch: `Tensor.copysign(other)` → `CopysignBackward0`
   * (`CopysignBackward1` for a number); see {@linkcode bm.copysign | copysign}.
   *
   * @param other The signs: a tensor or number.
   * @returns `copysign(this, other)`.
   */
  copysign(other: Operand): Tensor {
    return bm.copysign(this, other);
  }
  /**
   * `this · log(other)`, 0 where `this` is 0. PyTorch: `Tensor.xlogy(other)` →
   * `XlogyBackward0` (`XlogyBackward2` for a number); see {@linkcode bm.xlogy | xlogy}.
   *
   * @param other A tensor or number.
   * @returns `xlogy(this, other)`.
   */
  xlogy(other: Operand): Tensor {
    return bm.xlogy(this, other);
  }
  /**
   * `max(this, min)`. PyTorch: `Tensor.clamp_min(min)` → `ClampMinBackward0`
   * (`ClampMinBackward1` for a tensor); see {@linkcode cb.clampMin | clampMin}.
   *
   * @param min A number or tensor.
   * @returns The clamped values.
   */
  clampMin(min: Operand): Tensor {
    return cb.clampMin(this, min);
  }
  /**
   * `min(this, max)`. PyTorch: `Tensor.clamp_max(max)` → `ClampMaxBackward0`
   * (`ClampMaxBackward1` for a tensor); see {@linkcode cb.clampMax | clampMax}.
   *
   * @param max A number or tensor.
   * @returns The clamped values.
   */
  clampMax(max: Operand): Tensor {
    return cb.clampMax(this, max);
  }
  /**
   * Where `this` is NaN. PyTorch: `Tensor.isnan()`.
   *
   * See {@linkcode fc.isnan | isnan} for an example.
   *
   * @returns A bool tensor.
   */
  isnan(): Tensor {
    return fc.isnan(this);
  }
  /**
   * Where `this` is infinite. PyTorch: `Tensor.isinf()`.
   *
   * See {@linkcode fc.isinf | isinf} for an example.
   *
   * @returns A bool tensor.
   */
  isinf(): Tensor {
    return fc.isinf(this);
  }
  /**
   * Where `this` is finite. PyTorch: `Tensor.isfinite()`.
   *
   * See {@linkcode fc.isfinite | isfinite} for an example.
   *
   * @returns A bool tensor.
   */
  isfinite(): Tensor {
    return fc.isfinite(this);
  }
  /**
   * `this` with NaN and infinities replaced. PyTorch: `Tensor.nan_to_num(nan=0.0, posinf=None,
   * neginf=None)` → `NanToNumBackward0`; see {@linkcode fc.nanToNum | nanToNum}.
   *
   * @param options `nan`, `posinf`, `neginf`.
   * @returns The finite values.
   */
  nanToNum(options?: fc.NanToNumOptions): Tensor {
    return fc.nanToNum(this, options);
  }
  /**
   * `this + weight · (end - this)`. PyTorch: `Tensor.lerp(end, weight)` → `LerpBackward0`
   * (`LerpBackward1` for a tensor weight); see {@linkcode lp.lerp | lerp}.
   *
   * @param end The end points.
   * @param weight A number or tensor.
   * @returns The interpolated values.
   */
  lerp(end: Tensor, weight: Operand): Tensor {
    return lp.lerp(this, end, weight);
  }
  /**
   * `this + value · tensor1 · tensor2`. PyTorch: `Tensor.addcmul(tensor1, tensor2, value=1)` →
   * `AddcmulBackward0`; see {@linkcode addc.addcmul | addcmul}.
   *
   * @param tensor1 A factor.
   * @param tensor2 The other factor.
   * @param options `value`.
   * @returns The sum.
   */
  addcmul(tensor1: Tensor, tensor2: Tensor, options?: addc.AddcOptions): Tensor {
    return addc.addcmul(this, tensor1, tensor2, options);
  }
  /**
   * `this + value · tensor1 / tensor2`. PyTorch: `Tensor.addcdiv(tensor1, tensor2, value=1)` →
   * `AddcdivBackward0`; see {@linkcode addc.addcdiv | addcdiv}.
   *
   * @param tensor1 The numerators.
   * @param tensor2 The denominators.
   * @param options `value`.
   * @returns The sum.
   */
  addcdiv(tensor1: Tensor, tensor2: Tensor, options?: addc.AddcOptions): Tensor {
    return addc.addcdiv(this, tensor1, tensor2, options);
  }

  // ---- end elementwise math ----

  // ---- reductions ----

  /**
   * Sum of all elements, or over `dim`. PyTorch: `Tensor.sum(dim=None, keepdim=False)` →
   * `SumBackward0` / `SumBackward1`.
   *
   * See {@linkcode red.sum | sum} for an example.
   *
   * @param dim A dim or list of dims (negative counts from the end).
   * @param keepdim Keep reduced dims with size 1.
   * @param options `dtype`: the dtype summed in and returned (PyTorch's `dtype=`).
   * @returns The sum.
   */
  sum(dim?: number | readonly number[] | null, keepdim = false, options?: red.SumOptions): Tensor {
    return red.sum(this, dim ?? null, keepdim, options);
  }
  /**
   * Mean of all elements, or over `dim`. PyTorch: `Tensor.mean(dim=None, keepdim=False)` →
   * `MeanBackward0` / `MeanBackward1`.
   *
   * See {@linkcode red.mean | mean} for an example.
   *
   * @param dim A dim or list of dims (negative counts from the end).
   * @param keepdim Keep reduced dims with size 1.
   * @returns The mean.
   */
  mean(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return red.mean(this, dim ?? null, keepdim);
  }
  /**
   * Largest element (NaN if any). PyTorch: `Tensor.max()` → `MaxBackward1`.
   *
   * See {@linkcode red.max | max} for an example.
   *
   * @returns A 0-d tensor.
   */
  max(): Tensor;
  /**
   * Largest values along `dim` and their positions. PyTorch: `Tensor.max(dim, keepdim=False)`
   * → `MaxBackward0`.
   *
   * See {@linkcode red.max | max} for an example.
   *
   * @param dim The dim to reduce.
   * @param keepdim Keep the reduced dim with size 1.
   * @returns `{ values, indices }`.
   */
  max(dim: number, keepdim?: boolean): red.ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | red.ValuesIndices {
    return dim === undefined ? red.max(this) : red.maxDim(this, dim, keepdim);
  }
  /**
   * Smallest element (NaN if any). PyTorch: `Tensor.min()` → `MinBackward1`.
   *
   * See {@linkcode red.min | min} for an example.
   *
   * @returns A 0-d tensor.
   */
  min(): Tensor;
  /**
   * Smallest values along `dim` and their positions. PyTorch: `Tensor.min(dim, keepdim=False)`
   * → `MinBackward0`.
   *
   * See {@linkcode red.min | min} for an example.
   *
   * @param dim The dim to reduce.
   * @param keepdim Keep the reduced dim with size 1.
   * @returns `{ values, indices }`.
   */
  min(dim: number, keepdim?: boolean): red.ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | red.ValuesIndices {
    return dim === undefined ? red.min(this) : red.minDim(this, dim, keepdim);
  }
  /**
   * Position of the largest value (flattened, or along `dim`). PyTorch: `Tensor.argmax`.
   *
   * See {@linkcode red.argmax | argmax} for an example.
   *
   * @param dim The dim, or omitted for the flattened tensor.
   * @param keepdim Keep the reduced dim with size 1.
   * @returns int64 indices.
   */
  argmax(dim?: number | null, keepdim = false): Tensor {
    return red.argmax(this, dim ?? null, keepdim);
  }
  /**
   * Position of the smallest value (flattened, or along `dim`). PyTorch: `Tensor.argmin`.
   *
   * See {@linkcode red.argmin | argmin} for an example.
   *
   * @param dim The dim, or omitted for the flattened tensor.
   * @param keepdim Keep the reduced dim with size 1.
   * @returns int64 indices.
   */
  argmin(dim?: number | null, keepdim = false): Tensor {
    return red.argmin(this, dim ?? null, keepdim);
  }

  // ---- reductions and scans (issue 13) ----

  /**
   * Variance over all elements or `dim`. PyTorch: `Tensor.var(dim=None, *, correction=1,
   * keepdim=False)` → `VarBackward0` (the function: `variance`).
   *
   * See {@linkcode stats.variance | variance} for an example.
   *
   * @param dim A dim or list of dims, or omitted for all.
   * @param options `correction` (default 1), `keepdim`.
   * @returns The variance.
   */
  var(dim?: number | readonly number[] | null, options?: stats.VarOptions): Tensor {
    return stats.variance(this, dim ?? null, options);
  }
  /**
   * Standard deviation over all elements or `dim`. PyTorch: `Tensor.std(dim=None, *,
   * correction=1, keepdim=False)` → `StdBackward0`.
   *
   * See {@linkcode stats.std | std} for an example.
   *
   * @param dim A dim or list of dims, or omitted for all.
   * @param options `correction` (default 1), `keepdim`.
   * @returns The standard deviation.
   */
  std(dim?: number | readonly number[] | null, options?: stats.VarOptions): Tensor {
    return stats.std(this, dim ?? null, options);
  }
  /**
   * Product of all elements, or along `dim`. PyTorch: `Tensor.prod(dim=None, keepdim=False)` →
   * `ProdBackward0`/`ProdBackward1`; integers give int64.
   *
   * See {@linkcode prods.prod | prod} for an example.
   *
   * @param dim The dim to reduce, or omitted for all.
   * @param keepdim Keep the reduced dim with size 1.
   * @returns The product.
   */
  prod(dim?: number | null, keepdim = false): Tensor {
    return prods.prod(this, dim ?? null, keepdim);
  }
  /**
   * A vector norm (a number `p`, or `"fro"`) or matrix norm (`"nuc"`), as PyTorch 2.x's
   * `Tensor.norm(p='fro', dim=None, keepdim=False)`.
   *
   * See {@linkcode nrm.norm | norm} for an example.
   *
   * @param p The order.
   * @param dim A dim or list of dims, or omitted for all.
   * @param keepdim Keep the reduced dims with size 1.
   * @returns The norm.
   */
  norm(
    p: number | "fro" | "nuc" = "fro",
    dim?: number | readonly number[] | null,
    keepdim = false,
  ): Tensor {
    return nrm.norm(this, p, dim ?? null, keepdim);
  }
  /**
   * Largest value over `dim` (default: all). PyTorch: `Tensor.amax(dim=(), keepdim=False)` →
   * `AmaxBackward0`.
   *
   * See {@linkcode ext.amax | amax} for an example.
   *
   * @param dim A dim or list of dims (`[]` for all).
   * @param keepdim Keep the reduced dims with size 1.
   * @returns The maxima.
   */
  amax(dim: number | readonly number[] = [], keepdim = false): Tensor {
    return ext.amax(this, dim, keepdim);
  }
  /**
   * Smallest value over `dim` (default: all). PyTorch: `Tensor.amin(dim=(), keepdim=False)` →
   * `AminBackward0`.
   *
   * See {@linkcode ext.amin | amin} for an example.
   *
   * @param dim A dim or list of dims (`[]` for all).
   * @param keepdim Keep the reduced dims with size 1.
   * @returns The minima.
   */
  amin(dim: number | readonly number[] = [], keepdim = false): Tensor {
    return ext.amin(this, dim, keepdim);
  }
  /**
   * Whether every element is nonzero, over all elements or `dim`. PyTorch: `Tensor.all`.
   *
   * See {@linkcode lr.all | all} for an example.
   *
   * @param dim A dim or list of dims, or omitted for all.
   * @param keepdim Keep the reduced dims with size 1.
   * @returns A bool tensor (uint8 for uint8).
   */
  all(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return lr.all(this, dim ?? null, keepdim);
  }
  /**
   * Whether some element is nonzero, over all elements or `dim`. PyTorch: `Tensor.any`.
   *
   * See {@linkcode lr.any | any} for an example.
   *
   * @param dim A dim or list of dims, or omitted for all.
   * @param keepdim Keep the reduced dims with size 1.
   * @returns A bool tensor (uint8 for uint8).
   */
  any(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return lr.any(this, dim ?? null, keepdim);
  }
  /**
   * Sum with NaNs counted as zero. PyTorch: `Tensor.nansum(dim=None, keepdim=False)` →
   * `NansumBackward0`.
   *
   * See {@linkcode nan.nansum | nansum} for an example.
   *
   * @param dim A dim or list of dims, or omitted for all.
   * @param keepdim Keep the reduced dims with size 1.
   * @returns The sum.
   */
  nansum(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return nan.nansum(this, dim ?? null, keepdim);
  }
  /**
   * Mean of the non-NaN elements. PyTorch: `Tensor.nanmean(dim=None, keepdim=False)`.
   *
   * See {@linkcode nan.nanmean | nanmean} for an example.
   *
   * @param dim A dim or list of dims, or omitted for all.
   * @param keepdim Keep the reduced dims with size 1.
   * @returns The mean.
   */
  nanmean(dim?: number | readonly number[] | null, keepdim = false): Tensor {
    return nan.nanmean(this, dim ?? null, keepdim);
  }
  /**
   * The lower median of all elements (NaN if any). PyTorch: `Tensor.median()` →
   * `MedianBackward0`.
   *
   * See {@linkcode sel.median | median} for an example.
   *
   * @returns A 0-d tensor.
   */
  median(): Tensor;
  /**
   * The lower median along `dim` and its index. PyTorch: `Tensor.median(dim, keepdim=False)` →
   * `MedianBackward1`.
   *
   * @param dim The dim to reduce.
   * @param keepdim Keep the reduced dim with size 1.
   * @returns `{ values, indices }`.
   */
  median(dim: number, keepdim?: boolean): red.ValuesIndices;
  median(dim?: number, keepdim = false): Tensor | red.ValuesIndices {
    return dim === undefined ? sel.median(this) : sel.medianDim(this, dim, keepdim);
  }
  /**
   * The `k`-th smallest value along `dim` and its index. PyTorch: `Tensor.kthvalue(k, dim=-1,
   * keepdim=False)` → `KthvalueBackward0`.
   *
   * See {@linkcode sel.kthvalue | kthvalue} for an example.
   *
   * @param k The rank, from 1.
   * @param dim The dim (default -1).
   * @param keepdim Keep the reduced dim with size 1.
   * @returns `{ values, indices }`.
   */
  kthvalue(k: number, dim = -1, keepdim = false): red.ValuesIndices {
    return sel.kthvalue(this, k, dim, keepdim);
  }
  /**
   * Cumulative sum along `dim`. PyTorch: `Tensor.cumsum(dim)` → `CumsumBackward0`.
   *
   * See {@linkcode scan.cumsum | cumsum} for an example.
   *
   * @param dim The dim.
   * @returns The running sums.
   */
  cumsum(dim: number): Tensor {
    return scan.cumsum(this, dim);
  }
  /**
   * Cumulative product along `dim`. PyTorch: `Tensor.cumprod(dim)` → `CumprodBackward0`.
   *
   * See {@linkcode scan.cumprod | cumprod} for an example.
   *
   * @param dim The dim.
   * @returns The running products.
   */
  cumprod(dim: number): Tensor {
    return scan.cumprod(this, dim);
  }
  /**
   * Running maximum along `dim` and its index. PyTorch: `Tensor.cummax(dim)` →
   * `CummaxBackward0`.
   *
   * See {@linkcode scan.cummax | cummax} for an example.
   *
   * @param dim The dim.
   * @returns `{ values, indices }`.
   */
  cummax(dim: number): red.ValuesIndices {
    return scan.cummax(this, dim);
  }
  /**
   * Running minimum along `dim` and its index. PyTorch: `Tensor.cummin(dim)` →
   * `CumminBackward0`.
   *
   * See {@linkcode scan.cummin | cummin} for an example.
   *
   * @param dim The dim.
   * @returns `{ values, indices }`.
   */
  cummin(dim: number): red.ValuesIndices {
    return scan.cummin(this, dim);
  }
  /**
   * Running `log(Σ exp(x))` along `dim`. PyTorch: `Tensor.logcumsumexp(dim)` →
   * `LogcumsumexpBackward0`.
   *
   * See {@linkcode scan.logcumsumexp | logcumsumexp} for an example.
   *
   * @param dim The dim.
   * @returns The running log-sum-exps.
   */
  logcumsumexp(dim: number): Tensor {
    return scan.logcumsumexp(this, dim);
  }
  /**
   * Sorts along `dim`, stably (NaN the largest). PyTorch: `Tensor.sort(dim=-1,
   * descending=False, stable=False)` → `SortBackward0` (`SortBackward1` when `stable` is given).
   *
   * See {@linkcode srt.sort | sort} for an example.
   *
   * @param dim The dim (default -1).
   * @param descending Largest first.
   * @param options `stable`.
   * @returns `{ values, indices }`.
   */
  sort(dim = -1, descending = false, options?: srt.SortOptions): red.ValuesIndices {
    return srt.sort(this, dim, descending, options);
  }
  /**
   * The indices that sort along `dim`. PyTorch: `Tensor.argsort(dim=-1, descending=False,
   * stable=False)`.
   *
   * See {@linkcode srt.argsort | argsort} for an example.
   *
   * @param dim The dim (default -1).
   * @param descending Largest first.
   * @param options `stable`.
   * @returns int64 indices.
   */
  argsort(dim = -1, descending = false, options?: srt.SortOptions): Tensor {
    return srt.argsort(this, dim, descending, options);
  }
  /**
   * The `k` largest (or smallest) values along `dim` and their indices. PyTorch:
   * `Tensor.topk(k, dim=-1, largest=True, sorted=True)` → `TopkBackward0`.
   *
   * See {@linkcode srt.topk | topk} for an example.
   *
   * @param k How many.
   * @param dim The dim (default -1).
   * @param largest The largest (default) or smallest.
   * @param sorted Accepted for PyTorch's signature (always sorted).
   * @returns `{ values, indices }`.
   */
  topk(k: number, dim = -1, largest = true, sorted = true): red.ValuesIndices {
    return srt.topk(this, k, dim, largest, sorted);
  }
  // ---- end reductions and scans ----

  /**
   * Softmax along `dim`. PyTorch: `Tensor.softmax(dim)` → `SoftmaxBackward0`.
   *
   * See {@linkcode act.softmax | softmax} for an example.
   *
   * @param dim The dim that sums to 1.
   * @returns The probabilities.
   */
  softmax(dim: number): Tensor {
    return act.softmax(this, dim);
  }
  /**
   * Log-softmax along `dim`, computed stably. PyTorch: `Tensor.log_softmax(dim)` →
   * `LogSoftmaxBackward0`.
   *
   * See {@linkcode act.logSoftmax | logSoftmax} for an example.
   *
   * @param dim The dim to normalise over.
   * @returns The log-probabilities.
   */
  logSoftmax(dim: number): Tensor {
    return act.logSoftmax(this, dim);
  }

  // ---- indexing and joining ----

  /**
   * The sub-tensor at `index` along `dim` (a view). PyTorch: `Tensor.select(dim, index)`,
   * `t[index]` → `SelectBackward0`.
   *
   * See {@linkcode ix.select | select} for an example.
   *
   * @param dim The dim to index.
   * @param index The position (negative counts from the end).
   * @returns A view without `dim`.
   */
  select(dim: number, index: number): Tensor {
    return ix.select(this, dim, index);
  }
  /**
   * `length` positions along `dim` from `start` (a view). PyTorch: `Tensor.narrow(dim, start,
   * length)`, `t[start:start+length]` → `SliceBackward0`.
   *
   * See {@linkcode ix.narrow | narrow} for an example.
   *
   * @param dim The dim to cut.
   * @param start First position.
   * @param length How many positions.
   * @returns A view.
   */
  narrow(dim: number, start: number, length: number): Tensor {
    return ix.narrow(this, dim, start, length);
  }

  // ---- indexing (issue 11): Python's t[...], gather/scatter, masks ----

  /**
   * The elements an index picks, Python's `t[...]`: views for integers, slices, `null` and
   * `"..."`, a copy when index tensors or masks take part. PyTorch: `Tensor.__getitem__`; see
   * {@linkcode idx.index | index}.
   *
   * @param indices The index items (`t.index(0, slice(1, null))` is `t[0, 1:]`).
   * @returns The view or copy.
   */
  index(...indices: idx.Index[]): Tensor {
    return idx.index(this, ...indices);
  }
  /**
   * Writes (or with `accumulate` adds) `values` at the elements an index picks, in place:
   * Python's `t[...] = values`. PyTorch: `Tensor.__setitem__`, `Tensor.index_put_(indices,
   * values, accumulate=False)`; see {@linkcode idx.indexPut_ | indexPut_}.
   *
   * @param indices The index items, as a list.
   * @param values A tensor or number.
   * @param options `accumulate`.
   * @returns This tensor.
   */
  indexPut_(
    indices: readonly idx.Index[],
    values: Tensor | number | boolean,
    options?: idx.IndexPutOptions,
  ): this {
    return idx.indexPut_(this, indices, values, options);
  }
  /**
   * `indexPut_` on a copy. PyTorch: `Tensor.index_put(indices, values, accumulate=False)` →
   * `IndexPutBackward0`; see {@linkcode idx.indexPut | indexPut}.
   *
   * @param indices The index items, as a list.
   * @param values A tensor or number.
   * @param options `accumulate`.
   * @returns The new tensor.
   */
  indexPut(
    indices: readonly idx.Index[],
    values: Tensor | number | boolean,
    options?: idx.IndexPutOptions,
  ): Tensor {
    return idx.indexPut(this, indices, values, options);
  }
  /**
   * The slices along `dim` at the positions listed. PyTorch: `Tensor.index_select(dim, index)` →
   * `IndexSelectBackward0`; see {@linkcode isel.indexSelect | indexSelect}.
   *
   * @param dim The dim.
   * @param index A vector of int64 or int32 positions.
   * @returns A new tensor.
   */
  indexSelect(dim: number, index: Tensor): Tensor {
    return isel.indexSelect(this, dim, index);
  }
  /**
   * A copy with `source`'s slices added along `dim` at the positions listed. PyTorch:
   * `Tensor.index_add(dim, index, source, alpha=1)` → `IndexAddBackward0`; see
   * {@linkcode isel.indexAdd | indexAdd}.
   *
   * @param dim The dim.
   * @param index A vector of int64 or int32 positions.
   * @param source The slices.
   * @param options `alpha`.
   * @returns A new tensor.
   */
  indexAdd(dim: number, index: Tensor, source: Tensor, options?: isel.IndexAddOptions): Tensor {
    return isel.indexAdd(this, dim, index, source, options);
  }
  /**
   * `indexAdd` in place. PyTorch: `Tensor.index_add_(dim, index, source, alpha=1)`.
   *
   * See {@linkcode isel.indexAdd | indexAdd} for an example.
   *
   * @param dim The dim.
   * @param index A vector of int64 or int32 positions.
   * @param source The slices.
   * @param options `alpha`.
   * @returns This tensor.
   */
  indexAdd_(dim: number, index: Tensor, source: Tensor, options?: isel.IndexAddOptions): this {
    return isel.indexAdd_(this, dim, index, source, options);
  }
  /**
   * The elements at flat positions. PyTorch: `Tensor.take(index)` → `TakeBackward0`; see
   * {@linkcode isel.take | take}.
   *
   * @param index int64 positions.
   * @returns A tensor of the index's shape.
   */
  take(index: Tensor): Tensor {
    return isel.take(this, index);
  }
  /**
   * The values at the positions `index` gives along `dim`. PyTorch: `Tensor.gather(dim, index)`
   * → `GatherBackward0`; see {@linkcode gs.gather | gather}.
   *
   * @param dim The dim.
   * @param index int64 or int32 positions, of this tensor's rank.
   * @returns A tensor of the index's shape.
   */
  gather(dim: number, index: Tensor): Tensor {
    return gs.gather(this, dim, index);
  }
  /**
   * A copy with `src` written at the positions `index` gives along `dim`. PyTorch:
   * `Tensor.scatter(dim, index, src)` → `ScatterBackward0` / `ScatterBackward1`; see
   * {@linkcode gs.scatter | scatter}.
   *
   * @param dim The dim.
   * @param index int64 or int32 positions.
   * @param src A tensor of this dtype, or a number.
   * @returns A new tensor.
   */
  scatter(dim: number, index: Tensor, src: Tensor | number): Tensor {
    return gs.scatter(this, dim, index, src);
  }
  /**
   * `scatter` in place. PyTorch: `Tensor.scatter_(dim, index, src)`.
   *
   * See {@linkcode gs.scatter | scatter} for an example.
   *
   * @param dim The dim.
   * @param index int64 or int32 positions.
   * @param src A tensor of this dtype, or a number.
   * @returns This tensor.
   */
  scatter_(dim: number, index: Tensor, src: Tensor | number): this {
    return gs.scatter_(this, dim, index, src);
  }
  /**
   * A copy with `src` added at the positions `index` gives along `dim`. PyTorch:
   * `Tensor.scatter_add(dim, index, src)` → `ScatterAddBackward0`; see
   * {@linkcode gs.scatterAdd | scatterAdd}.
   *
   * @param dim The dim.
   * @param index int64 or int32 positions.
   * @param src A tensor of this dtype.
   * @returns A new tensor.
   */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor {
    return gs.scatterAdd(this, dim, index, src);
  }
  /**
   * `scatterAdd` in place. PyTorch: `Tensor.scatter_add_(dim, index, src)`.
   *
   * See {@linkcode gs.scatterAdd | scatterAdd} for an example.
   *
   * @param dim The dim.
   * @param index int64 or int32 positions.
   * @param src A tensor of this dtype.
   * @returns This tensor.
   */
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this {
    return gs.scatterAdd_(this, dim, index, src);
  }
  /**
   * A copy with `src` reduced into the positions `index` gives along `dim`. PyTorch:
   * `Tensor.scatter_reduce(dim, index, src, reduce, include_self=True)` →
   * `ScatterReduceBackward0`; see {@linkcode gs.scatterReduce | scatterReduce}.
   *
   * @param dim The dim.
   * @param index int64 or int32 positions.
   * @param src A tensor of this dtype.
   * @param reduce `"sum"`, `"prod"`, `"mean"`, `"amax"` or `"amin"`.
   * @param options `includeSelf`.
   * @returns A new tensor.
   */
  scatterReduce(
    dim: number,
    index: Tensor,
    src: Tensor,
    reduce: gs.ScatterReduction,
    options?: gs.ScatterReduceOptions,
  ): Tensor {
    return gs.scatterReduce(this, dim, index, src, reduce, options);
  }
  /**
   * `scatterReduce` in place. PyTorch: `Tensor.scatter_reduce_(dim, index, src, reduce,
   * include_self=True)`.
   *
   * See {@linkcode gs.scatterReduce | scatterReduce} for an example.
   *
   * @param dim The dim.
   * @param index int64 or int32 positions.
   * @param src A tensor of this dtype.
   * @param reduce `"sum"`, `"prod"`, `"mean"`, `"amax"` or `"amin"`.
   * @param options `includeSelf`.
   * @returns This tensor.
   */
  scatterReduce_(
    dim: number,
    index: Tensor,
    src: Tensor,
    reduce: gs.ScatterReduction,
    options?: gs.ScatterReduceOptions,
  ): this {
    return gs.scatterReduce_(this, dim, index, src, reduce, options);
  }
  /**
   * A copy with `value` where `mask` is true. PyTorch: `Tensor.masked_fill(mask, value)` →
   * `MaskedFillBackward0` / `MaskedFillBackward1`; see {@linkcode msk.maskedFill | maskedFill}.
   *
   * @param mask A bool tensor.
   * @param value A number or boolean, or a 0-d tensor.
   * @returns A new tensor.
   */
  maskedFill(mask: Tensor, value: Operand): Tensor {
    return msk.maskedFill(this, mask, value);
  }
  /**
   * `maskedFill` in place. PyTorch: `Tensor.masked_fill_(mask, value)`.
   *
   * See {@linkcode msk.maskedFill | maskedFill} for an example.
   *
   * @param mask A bool tensor broadcasting to this shape.
   * @param value A number or boolean, or a 0-d tensor.
   * @returns This tensor.
   */
  maskedFill_(mask: Tensor, value: Operand): this {
    return msk.maskedFill_(this, mask, value);
  }
  /**
   * The elements where `mask` is true, as a vector. PyTorch: `Tensor.masked_select(mask)` →
   * `MaskedSelectBackward0`; see {@linkcode msk.maskedSelect | maskedSelect}.
   *
   * @param mask A bool tensor.
   * @returns A 1-D tensor.
   */
  maskedSelect(mask: Tensor): Tensor {
    return msk.maskedSelect(this, mask);
  }
  /**
   * A copy with `source`'s elements written in order where `mask` is true. PyTorch:
   * `Tensor.masked_scatter(mask, source)` → `MaskedScatterBackward0`; see
   * {@linkcode msk.maskedScatter | maskedScatter}.
   *
   * @param mask A bool tensor.
   * @param source The values.
   * @returns A new tensor.
   */
  maskedScatter(mask: Tensor, source: Tensor): Tensor {
    return msk.maskedScatter(this, mask, source);
  }
  /**
   * `maskedScatter` in place. PyTorch: `Tensor.masked_scatter_(mask, source)`.
   *
   * See {@linkcode msk.maskedScatter | maskedScatter} for an example.
   *
   * @param mask A bool tensor broadcasting to this shape.
   * @param source The values.
   * @returns This tensor.
   */
  maskedScatter_(mask: Tensor, source: Tensor): this {
    return msk.maskedScatter_(this, mask, source);
  }
  /**
   * The positions of the non-zero elements. PyTorch: `Tensor.nonzero(as_tuple=False)`; see
   * {@linkcode msk.nonzero | nonzero}.
   *
   * @param options `asTuple: true` for one vector per dim.
   * @returns An int64 matrix, or one vector per dim.
   */
  nonzero(options: { asTuple: true }): Tensor[];
  /**
   * The positions of the non-zero elements as an int64 matrix. PyTorch: `Tensor.nonzero()`.
   *
   * See {@linkcode msk.nonzero | nonzero} for an example.
   *
   * @param options `asTuple: false`.
   * @returns One row per non-zero element.
   */
  nonzero(options?: { asTuple?: false }): Tensor;
  nonzero(options?: msk.NonzeroOptions): Tensor | Tensor[] {
    return msk.nonzero(this, options as { asTuple?: false });
  }
  /**
   * The positions of the non-zero elements, one row each. PyTorch: `Tensor.argwhere()`; see
   * {@linkcode msk.argwhere | argwhere}.
   *
   * @returns An int64 matrix.
   */
  argwhere(): Tensor {
    return msk.argwhere(this);
  }

  // ---- end indexing ----

  // ---- linear algebra ----

  /**
   * Matrix product with PyTorch's rules for 1-D, 2-D and batched operands.
   * PyTorch: `Tensor.matmul(other)` / `@`.
   *
   * See {@linkcode la.matmul | matmul} for an example.
   *
   * @param other The right operand.
   * @returns The product.
   */
  matmul(other: Tensor): Tensor {
    return la.matmul(this, other);
  }
  /**
   * 2-D matrix product. PyTorch: `Tensor.mm(mat2)` → `MmBackward0`.
   *
   * See {@linkcode la.mm | mm} for an example.
   *
   * @param other An n×p matrix.
   * @returns The m×p product.
   */
  mm(other: Tensor): Tensor {
    return la.mm(this, other);
  }
  /**
   * Dot product of two 1-D tensors. PyTorch: `Tensor.dot(other)` → `DotBackward0`.
   *
   * See {@linkcode la.dot | dot} for an example.
   *
   * @param other A 1-D tensor of the same size.
   * @returns A 0-d tensor.
   */
  dot(other: Tensor): Tensor {
    return la.dot(this, other);
  }

  // ---- linear algebra: add* products (issue 13) ----

  /**
   * `β·this + α·(mat1 @ mat2)`. PyTorch: `Tensor.addmm(mat1, mat2, beta=1, alpha=1)` →
   * `AddmmBackward0`; see {@linkcode am.addmm | addmm}.
   *
   * @param mat1 An m×n matrix.
   * @param mat2 An n×p matrix.
   * @param options `beta`, `alpha`.
   * @returns The m×p result.
   */
  addmm(mat1: Tensor, mat2: Tensor, options?: am.AddProductOptions): Tensor {
    return am.addmm(this, mat1, mat2, options);
  }
  /**
   * `β·this + α·(mat @ vec)`. PyTorch: `Tensor.addmv(mat, vec, beta=1, alpha=1)` →
   * `AddmvBackward0`; see {@linkcode am.addmv | addmv}.
   *
   * @param mat An n×m matrix.
   * @param vec A vector of m elements.
   * @param options `beta`, `alpha`.
   * @returns A vector of n elements.
   */
  addmv(mat: Tensor, vec: Tensor, options?: am.AddProductOptions): Tensor {
    return am.addmv(this, mat, vec, options);
  }
  /**
   * `β·this + α·(batch1 @ batch2)`. PyTorch: `Tensor.baddbmm(batch1, batch2, beta=1, alpha=1)` →
   * `BaddbmmBackward0`; see {@linkcode am.baddbmm | baddbmm}.
   *
   * @param batch1 A b×n×m tensor.
   * @param batch2 A b×m×p tensor.
   * @param options `beta`, `alpha`.
   * @returns The b×n×p result.
   */
  baddbmm(batch1: Tensor, batch2: Tensor, options?: am.AddProductOptions): Tensor {
    return am.baddbmm(this, batch1, batch2, options);
  }

  // ---- end linear algebra ----

  // ---- views and copies ----

  /**
   * An alias of the values outside autograd: same storage, no graph, and — unlike
   * {@linkcode Tensor.detach} — its own version counter, so changes through it are not seen by
   * autograd's checks (as in PyTorch, prefer `detach()` or `noGrad`). PyTorch: `Tensor.data`.
   */
  get data(): Tensor {
    return new Tensor(this._data, this.shape, this.dtype, this._strides, this._offset);
  }
  /**
   * Transpose with all dims reversed. PyTorch: `Tensor.T` → `PermuteBackward0`.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * assert.deepEqual(zeros([1, 3]).T.shape, [3, 1]);
   * ```
   */
  get T(): Tensor {
    return this.ndim < 2 ? this : vw.permute(this, [[...this.shape.keys()].reverse()]);
  }
  /**
   * This tensor in `dtype`: itself if it matches, else a copy. PyTorch: `Tensor.to(dtype)` →
   * `ToCopyBackward0` (between floating dtypes); see {@linkcode vw.to | to} for the conversions.
   *
   * @param dtype The target dtype.
   * @returns The converted tensor.
   */
  to(dtype: DType): Tensor {
    return vw.to(this, dtype);
  }
  /**
   * As int64 (floats truncated). PyTorch: `Tensor.long()`.
   *
   * @returns The tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(String(tensor([1.5, -2.5]).long()), "tensor([ 1, -2])");
   * ```
   */
  long(): Tensor {
    return vw.to(this, "int64");
  }
  /**
   * As int32 (floats truncated, integers wrapped). PyTorch: `Tensor.int()`.
   *
   * @returns The tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(String(tensor([1.7, -1.7]).int()), "tensor([ 1, -1], dtype=torch.int32)");
   * ```
   */
  int(): Tensor {
    return vw.to(this, "int32");
  }
  /**
   * As bool (`this != 0`). PyTorch: `Tensor.bool()`.
   *
   * @returns The tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(String(tensor([0, 2]).bool()), "tensor([False,  True])");
   * ```
   */
  bool(): Tensor {
    return vw.to(this, "bool");
  }
  /**
   * As float32 (itself when already float32). PyTorch: `Tensor.float()`.
   *
   * @returns The tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(tensor([1, 2]).float().dtype, "float32");
   * ```
   */
  float(): Tensor {
    return vw.to(this, "float32");
  }
  /**
   * As float64. PyTorch: `Tensor.double()` → `ToCopyBackward0`.
   *
   * @returns The tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor } from "@descent/tensor";
   * assert.equal(tensor([1.5]).double().dtype, "float64");
   * ```
   */
  double(): Tensor {
    return vw.to(this, "float64");
  }
  /**
   * Transpose of a ≤2-D tensor. PyTorch: `Tensor.t()` → `TBackward0`.
   *
   * See {@linkcode vw.t | t} for an example.
   *
   * @returns A view.
   */
  t(): Tensor {
    return vw.t(this);
  }
  /**
   * Swaps two dims. PyTorch: `Tensor.transpose(dim0, dim1)` → `TransposeBackward0`.
   *
   * See {@linkcode vw.transpose | transpose} for an example.
   *
   * @param dim0 First dim.
   * @param dim1 Second dim.
   * @returns A view.
   */
  transpose(dim0: number, dim1: number): Tensor {
    return vw.transpose(this, dim0, dim1);
  }
  /**
   * Reorders dims. PyTorch: `Tensor.permute(*dims)` → `PermuteBackward0`.
   *
   * See {@linkcode vw.permute | permute} for an example.
   *
   * @param dims The new order, as a list or as arguments.
   * @returns A view.
   */
  permute(...dims: (number | readonly number[])[]): Tensor {
    return vw.permute(this, dims);
  }
  /**
   * Same data with a new shape (`-1` infers one size); a view when strides allow, else a copy.
   * PyTorch: `Tensor.reshape(*shape)` → `ViewBackward0` (2.x) or `UnsafeViewBackward0`.
   *
   * See {@linkcode vw.reshape | reshape} for an example.
   *
   * @param shape The new shape, as a list or as arguments.
   * @returns The reshaped tensor.
   */
  reshape(...shape: (number | readonly number[])[]): Tensor {
    return vw.reshape(this, shape);
  }
  /**
   * A view with a new shape (`-1` infers one size); throws when the strides do not allow it.
   * PyTorch: `Tensor.view(*shape)` → `ViewBackward0`.
   *
   * See {@linkcode vw.view | view} for an example.
   *
   * @param shape The new shape, as a list or as arguments.
   * @returns A view.
   */
  view(...shape: (number | readonly number[])[]): Tensor {
    return vw.view(this, shape);
  }
  /**
   * Flattens dims `startDim..endDim` into one. PyTorch: `Tensor.flatten(start_dim=0, end_dim=-1)`.
   *
   * See {@linkcode vw.flatten | flatten} for an example.
   *
   * @param startDim First dim to flatten.
   * @param endDim Last dim to flatten.
   * @returns The flattened tensor.
   */
  flatten(startDim = 0, endDim = -1): Tensor {
    return vw.flatten(this, startDim, endDim);
  }
  /**
   * Removes size-1 dims (all, or only `dim`). PyTorch: `Tensor.squeeze(dim=None)` →
   * `SqueezeBackward0` / `SqueezeBackward1`.
   *
   * See {@linkcode vw.squeeze | squeeze} for an example.
   *
   * @param dim The dim to remove if its size is 1.
   * @returns A view.
   */
  squeeze(dim?: number): Tensor {
    return vw.squeeze(this, dim);
  }
  /**
   * Inserts a size-1 dim. PyTorch: `Tensor.unsqueeze(dim)` → `UnsqueezeBackward0`.
   *
   * See {@linkcode vw.unsqueeze | unsqueeze} for an example.
   *
   * @param dim Where the new dim goes.
   * @returns A view.
   */
  unsqueeze(dim: number): Tensor {
    return vw.unsqueeze(this, dim);
  }
  /**
   * Broadcasts to a larger shape without copying (`-1` keeps a size). PyTorch:
   * `Tensor.expand(*sizes)` → `ExpandBackward0`.
   *
   * See {@linkcode vw.expand | expand} for an example.
   *
   * @param shape The target shape, as a list or as arguments.
   * @returns A view.
   */
  expand(...shape: (number | readonly number[])[]): Tensor {
    return vw.expand(this, shape);
  }
  /**
   * A view of the same data, cut from the graph (shares storage and version counter).
   * PyTorch: `Tensor.detach()`.
   *
   * See {@linkcode vw.detach | detach} for an example.
   *
   * @returns A leaf that does not require grad.
   */
  detach(): this {
    return vw.detach(this) as this;
  }
  /**
   * A copy with its own storage. PyTorch: `Tensor.clone()` → `CloneBackward0`.
   *
   * See {@linkcode vw.clone | clone} for an example.
   *
   * @returns The copy.
   */
  clone(): Tensor {
    return vw.clone(this);
  }
  /**
   * This tensor if contiguous, else a contiguous copy. PyTorch: `Tensor.contiguous()`.
   *
   * See {@linkcode vw.contiguous | contiguous} for an example.
   *
   * @returns A contiguous tensor.
   */
  contiguous(): Tensor {
    return vw.contiguous(this);
  }

  // ---- shape and joining (issue 13) ----

  /**
   * Reverses the order of elements along `dims` (a copy). PyTorch: `Tensor.flip(*dims)` →
   * `FlipBackward0`. See {@linkcode flip}.
   *
   * @param dims The dims to reverse, as a list or as arguments.
   * @returns The flipped tensor.
   */
  flip(...dims: (number | readonly number[])[]): Tensor {
    return reorder.flip(this, ...dims);
  }
  /**
   * Rolls elements along `dims` (the flattened tensor without them). PyTorch:
   * `Tensor.roll(shifts, dims=None)` → `RollBackward0`. See {@linkcode roll}.
   *
   * @param shifts One shift, or one per dim.
   * @param dims The dims to roll.
   * @returns The rolled tensor.
   */
  roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
    return reorder.roll(this, shifts, dims);
  }
  /**
   * The lower triangle of each matrix. PyTorch: `Tensor.tril(diagonal=0)` → `TrilBackward0`.
   * See {@linkcode tril}.
   *
   * @param k The diagonal (0 the main one).
   * @returns A new tensor.
   */
  tril(k = 0): Tensor {
    return dg.tril(this, k);
  }
  /**
   * The upper triangle of each matrix. PyTorch: `Tensor.triu(diagonal=0)` → `TriuBackward0`.
   * See {@linkcode triu}.
   *
   * @param k The diagonal (0 the main one).
   * @returns A new tensor.
   */
  triu(k = 0): Tensor {
    return dg.triu(this, k);
  }
  /**
   * A diagonal matrix of a vector, or a matrix's diagonal. PyTorch: `Tensor.diag(diagonal=0)`.
   * See {@linkcode diag}.
   *
   * @param offset The diagonal (0 the main one).
   * @returns A new tensor.
   */
  diag(offset = 0): Tensor {
    return dg.diag(this, offset);
  }
  /**
   * A diagonal as a view. PyTorch: `Tensor.diagonal(offset=0, dim1=0, dim2=1)` →
   * `DiagonalBackward0`. See {@linkcode diagonal}.
   *
   * @param offset The diagonal (0 the main one).
   * @param dim1 The first dim of the matrices.
   * @param dim2 The second dim.
   * @returns A view.
   */
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    return dg.diagonal(this, offset, dim1, dim2);
  }
  /**
   * Matrices with the last dim on a diagonal. PyTorch: `Tensor.diag_embed(offset=0, dim1=-2,
   * dim2=-1)` → `DiagEmbedBackward0`. See {@linkcode diagEmbed}.
   *
   * @param offset The diagonal (0 the main one).
   * @param dim1 The first dim of the new matrices.
   * @param dim2 The second dim.
   * @returns A new tensor.
   */
  diagEmbed(offset = 0, dim1 = -2, dim2 = -1): Tensor {
    return dg.diagEmbed(this, offset, dim1, dim2);
  }
  /**
   * Sum of a matrix's main diagonal. PyTorch: `Tensor.trace()` → `TraceBackward0`. See
   * {@linkcode trace}.
   *
   * @returns A 0-d tensor.
   */
  trace(): Tensor {
    return dg.trace(this);
  }
  /**
   * Copies tiled along each dim. PyTorch: `Tensor.repeat(*repeats)` → `RepeatBackward0`. See
   * {@linkcode repeat}.
   *
   * @param repeats Copies per dim, as a list or as arguments.
   * @returns The repeated tensor.
   */
  repeat(...repeats: (number | readonly number[])[]): Tensor {
    return rep.repeat(this, repeats);
  }
  /**
   * `repeat` with missing leading entries counting as 1. PyTorch: `Tensor.tile(dims)` →
   * `RepeatBackward0`. See {@linkcode tile}.
   *
   * @param dims Copies per dim, as a list or as arguments.
   * @returns The tiled tensor.
   */
  tile(...dims: (number | readonly number[])[]): Tensor {
    return rep.tile(this, dims);
  }
  /**
   * Each element repeated in place. PyTorch: `Tensor.repeat_interleave(repeats, dim=None, *,
   * output_size=None)`. See {@linkcode repeatInterleave}.
   *
   * @param repeats A count, or a tensor of counts.
   * @param dim The dim (omit: the flattened tensor).
   * @param options `outputSize`.
   * @returns The repeated tensor.
   */
  repeatInterleave(
    repeats: number | Tensor,
    dim?: number | null,
    options?: rep.RepeatInterleaveOptions,
  ): Tensor {
    return rep.repeatInterleave(this, repeats, dim, options);
  }
  /**
   * Views of pieces along `dim`. PyTorch: `Tensor.split(split_size, dim=0)` →
   * `SplitBackward0` / `SplitWithSizesBackward0`. See {@linkcode split}.
   *
   * @param splitSize A piece's size, or the list of sizes.
   * @param dim The dim to split.
   * @returns The pieces.
   */
  split(splitSize: number | readonly number[], dim = 0): Tensor[] {
    return sp.split(this, splitSize, dim);
  }
  /**
   * Views of `chunks` pieces along `dim`. PyTorch: `Tensor.chunk(chunks, dim=0)` →
   * `SplitBackward0`. See {@linkcode chunk}.
   *
   * @param chunks How many pieces.
   * @param dim The dim to split.
   * @returns The pieces.
   */
  chunk(chunks: number, dim = 0): Tensor[] {
    return sp.chunk(this, chunks, dim);
  }
  /**
   * The slices along `dim`, as views. PyTorch: `Tensor.unbind(dim=0)` → `UnbindBackward0`. See
   * {@linkcode unbind}.
   *
   * @param dim The dim to remove.
   * @returns The slices.
   */
  unbind(dim = 0): Tensor[] {
    return sp.unbind(this, dim);
  }
  /**
   * Splits a dim into several. PyTorch: `Tensor.unflatten(dim, sizes)` → `ViewBackward0`. See
   * {@linkcode unflatten}.
   *
   * @param dim The dim to split.
   * @param sizes Its new sizes (one may be -1).
   * @returns A view.
   */
  unflatten(dim: number, sizes: readonly number[]): Tensor {
    return dims.unflatten(this, dim, sizes);
  }
  /**
   * Moves dims to new positions. PyTorch: `Tensor.movedim(source, destination)` →
   * `PermuteBackward0`. See {@linkcode movedim}.
   *
   * @param source A dim or dims.
   * @param destination Their new positions.
   * @returns A view.
   */
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor {
    return dims.movedim(this, source, destination);
  }
  /**
   * Swaps two dims. PyTorch: `Tensor.swapaxes(axis0, axis1)` → `TransposeBackward0`. See
   * {@linkcode swapaxes}.
   *
   * @param axis0 First dim.
   * @param axis1 Second dim.
   * @returns A view.
   */
  swapaxes(axis0: number, axis1: number): Tensor {
    return dims.swapaxes(this, axis0, axis1);
  }
  /**
   * Swaps two dims. PyTorch: `Tensor.swapdims(dim0, dim1)` → `TransposeBackward0`. See
   * {@linkcode swapdims}.
   *
   * @param dim0 First dim.
   * @param dim1 Second dim.
   * @returns A view.
   */
  swapdims(dim0: number, dim1: number): Tensor {
    return dims.swapdims(this, dim0, dim1);
  }
  /**
   * Sliding windows along a dim, as a view. PyTorch: `Tensor.unfold(dimension, size, step)` →
   * `UnfoldBackward0`. See {@linkcode unfold}.
   *
   * @param dimension The dim to slide along.
   * @param size The window's size.
   * @param step The distance between windows.
   * @returns A view.
   */
  unfold(dimension: number, size: number, step: number): Tensor {
    return dims.unfold(this, dimension, size, step);
  }
  /**
   * Outer product with another vector. PyTorch: `Tensor.outer(vec2)` → `MulBackward0`. See
   * {@linkcode outer}.
   *
   * @param vec2 A 1-D tensor.
   * @returns The matrix.
   */
  outer(vec2: Tensor): Tensor {
    return prod.outer(this, vec2);
  }
  /**
   * Kronecker product. PyTorch: `Tensor.kron(other)` → `UnsafeViewBackward0`. See
   * {@linkcode kron}.
   *
   * @param other The inner operand.
   * @returns The product.
   */
  kron(other: Tensor): Tensor {
    return prod.kron(this, other);
  }

  // ---- end shape and joining ----

  // ---- in place ----

  /**
   * `this += alpha * other` in place. PyTorch: `Tensor.add_(other, alpha=1)`.
   *
   * @param other A tensor or number (broadcast to this shape).
   * @param options `alpha`.
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { floatTensor } from "@descent/tensor";
   * const x = floatTensor([1, 2]);
   * x.add_(1);
   * assert.deepEqual(x.toList(), [2, 3]);
   * ```
   */
  add_(other: Operand, options?: { alpha?: number }): this {
    return ip.add_(this, other, options);
  }
  /**
   * `this -= alpha * other` in place. PyTorch: `Tensor.sub_(other, alpha=1)`.
   *
   * @param other A tensor or number (broadcast to this shape).
   * @param options `alpha`.
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { floatTensor } from "@descent/tensor";
   * const x = floatTensor([1, 2]);
   * x.sub_(1);
   * assert.deepEqual(x.toList(), [0, 1]);
   * ```
   */
  sub_(other: Operand, options?: { alpha?: number }): this {
    return ip.sub_(this, other, options);
  }
  /**
   * `this *= other` in place. PyTorch: `Tensor.mul_(other)`.
   *
   * @param other A tensor or number (broadcast to this shape).
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { floatTensor } from "@descent/tensor";
   * const x = floatTensor([1, 2]);
   * x.mul_(3);
   * assert.deepEqual(x.toList(), [3, 6]);
   * ```
   */
  mul_(other: Operand): this {
    return ip.mul_(this, other);
  }
  /**
   * `this /= other` in place. PyTorch: `Tensor.div_(other)`.
   *
   * @param other A tensor or number (broadcast to this shape).
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { floatTensor } from "@descent/tensor";
   * const x = floatTensor([1, 2]);
   * x.div_(2);
   * assert.deepEqual(x.toList(), [0.5, 1]);
   * ```
   */
  div_(other: Operand): this {
    return ip.div_(this, other);
  }
  /**
   * Sets each element to 1 with probability `p` (a number, or a tensor of probabilities
   * broadcast to this one), else 0, drawn from the seeded default generator as PyTorch draws
   * them. PyTorch: `Tensor.bernoulli_(p=0.5)` (`BernoulliBackward2`, `BernoulliBackward1` for a
   * tensor `p`).
   *
   * @param p The probability of a 1, in [0, 1] (default 0.5).
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { manualSeed, zeros } from "@descent/tensor";
   * manualSeed(0);
   * assert.equal(String(zeros([4], { dtype: "int64" }).bernoulli_(0.5)), "tensor([0, 0, 1, 0])");
   * ```
   */
  bernoulli_(p: number | Tensor = 0.5): this {
    return bernoulliInPlace(this, p);
  }

  /**
   * Fills this tensor with integers uniform in `[low, high)` (`random_(high)`: `[0, high)`;
   * `random_()`: the dtype's range, see below), drawn from the seeded default generator as
   * PyTorch draws them. PyTorch: `Tensor.random_(from=0, to=None)` (`RandomBackward0/1/2`).
   * Without bounds: [0, 2^24] for float32, [0, 2^53] for float64, [0, 2^31) for int32,
   * [0, 256) for uint8, {0, 1} for bool; int64 needs bounds (its range, [0, 2^63), is beyond the
   * integers descent holds exactly).
   *
   * @param low The least value, or one past the greatest when `high` is omitted.
   * @param high One past the greatest value.
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { manualSeed, zeros } from "@descent/tensor";
   * manualSeed(0);
   * assert.equal(String(zeros([3], { dtype: "int64" }).random_(0, 10)), "tensor([4, 9, 3])");
   * ```
   */
  random_(low?: number, high?: number): this {
    return randomInPlace(this, low, high);
  }

  /**
   * Sets every element to 0. PyTorch: `Tensor.zero_()`.
   *
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ones } from "@descent/tensor";
   * const x = ones([2]);
   * x.zero_();
   * assert.deepEqual(x.toList(), [0, 0]);
   * ```
   */
  zero_(): this {
    return ip.fill_(this, 0, "zero_");
  }
  /**
   * Sets every element to `value` (converted to this dtype). PyTorch: `Tensor.fill_(value)`
   * (`FillBackward2`; with a 0-d tensor `FillBackward3`, which passes the gradient to it).
   *
   * @param value A number or boolean, or a 0-d tensor.
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { zeros } from "@descent/tensor";
   * const x = zeros([2]);
   * x.fill_(7);
   * assert.deepEqual(x.toList(), [7, 7]);
   * ```
   */
  fill_(value: number | boolean | Tensor): this {
    return ip.fill_(this, value);
  }
  /**
   * Copies `src` (broadcast to this shape) into this tensor. PyTorch: `Tensor.copy_(src)`.
   *
   * @param src The source.
   * @returns This tensor.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { tensor, zeros } from "@descent/tensor";
   * const x = zeros([2]);
   * x.copy_(tensor([1.5, 2.5]));
   * assert.deepEqual(x.toList(), [1.5, 2.5]);
   * ```
   */
  copy_(src: Operand): this {
    return ip.copy_(this, src);
  }
}
