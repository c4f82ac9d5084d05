/**
 * Tensor factories: `tensor()`, `zeros()`, `ones()`, `rand()` … and their `*Like` forms.
 * PyTorch: `torch.tensor`, `torch.zeros`, …
 *
 * @module
 */

import { allocate, type DType, type NestedArray, Tensor, type TensorOptions } from "./tensor.ts";
import { checkSizes, type Shape, shapeNumel, sizeArgs } from "./shape.ts";
import { defaultGenerator } from "./generator.ts";
import { fromJSON, isTensorJSON, type TensorJSON } from "./json.ts";
import { checkedScalar } from "./ops/elementwise.ts";
import type { FloatStorage, Storage } from "./kernels/elementwise.ts";
import {
  castValue,
  checkDType,
  INT64_MAX_EXACT,
  int64RangeError,
  isFloatingDType,
  isIntegerNumber,
  notImplemented,
  resultType,
} from "./dtype.ts";

function dtypeOf(opts: TensorOptions | undefined, fallback: DType, op: string): DType {
  const d = opts?.dtype;
  return d === undefined ? fallback : checkDType(d, op);
}

function requiresGradOf(opts: TensorOptions | undefined): boolean {
  const rg = opts?.requiresGrad ?? false;
  if (typeof rg !== "boolean") throw new TypeError("requiresGrad must be a boolean");
  return rg;
}

/** PyTorch's error when a factory is asked for an integer tensor that requires grad. */
const INTEGER_REQUIRES_GRAD =
  "Only Tensors of floating point and complex dtype can require gradients";

/**
 * @ignore A new leaf of `shape` from values that `fill` writes, after every argument was
 * checked: the factories validate first and allocate last, so one that throws allocates nothing.
 *
 * @param shape The shape.
 * @param opts The caller's options.
 * @param fill Writes the values (already valid for the dtype), or `null` for zeros.
 * @param fallback The dtype when `opts` names none.
 * @param op The factory, for messages.
 * @param hint Appended to the requires-grad error.
 */
export function make(
  shape: Shape,
  opts: TensorOptions | undefined,
  fill: ((out: Storage, dtype: DType) => void) | null,
  fallback: DType,
  op: string,
  hint = "",
): Tensor {
  const dtype = dtypeOf(opts, fallback, op);
  const rg = requiresGradOf(opts);
  if (rg && !isFloatingDType(dtype)) throw new Error(INTEGER_REQUIRES_GRAD + hint);
  const out = allocate(dtype, shapeNumel(shape));
  if (fill !== null) fill(out, dtype);
  const t = new Tensor(out, shape, dtype);
  if (rg) t.requiresGrad_(true);
  return t;
}

/** Infers the shape of nested arrays and checks that they are not ragged. */
function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

/** What kinds of elements nested data holds (bits of {@linkcode flatten}'s result). */
const HAS_BOOL = 1;
const HAS_INT = 2;
const HAS_FLOAT = 4;

/**
 * Flattens nested data into `out` (booleans as 1/0, kinds in `kinds`: 0 bool, 1 integer, 2
 * other number) and returns which kinds occur (a set of `HAS_*` bits).
 */
function flatten(data: NestedArray, shape: number[], out: number[], kinds: Uint8Array): number {
  // Iterative walk with an explicit stack: (array, dim, next index).
  let k = 0;
  let seen = 0;
  const put = (v: unknown): void => {
    if (typeof v === "boolean") {
      kinds[k] = 0;
      out[k++] = v ? 1 : 0;
      seen |= HAS_BOOL;
    } else if (typeof v === "number") {
      const integer = isIntegerNumber(v);
      kinds[k] = integer ? 1 : 2;
      out[k++] = v;
      seen |= integer ? HAS_INT : HAS_FLOAT;
    } else {
      throw new TypeError(
        v === null || v === undefined
          ? `Could not infer dtype of ${v === null ? "null" : "undefined"}`
          : `new(): invalid data type '${typeof v}'`,
      );
    }
  };
  if (shape.length === 0) {
    put(data);
    return seen;
  }
  const arrays: NestedArray[][] = [data as NestedArray[]];
  const pos: number[] = [0];
  while (arrays.length > 0) {
    const d = arrays.length - 1;
    const arr = arrays[d];
    if (arr.length !== shape[d]) {
      throw new RangeError(
        `expected sequence of length ${shape[d]} at dim ${d} (got ${arr.length})`,
      );
    }
    const i = pos[d];
    if (i === arr.length) {
      arrays.pop();
      pos.pop();
      continue;
    }
    pos[d] = i + 1;
    const v = arr[i];
    if (d === shape.length - 1) {
      if (Array.isArray(v)) throw new TypeError(`must be real number, not list (at dim ${d + 1})`);
      put(v);
    } else {
      if (!Array.isArray(v)) {
        throw new RangeError(
          `expected sequence of length ${shape[d + 1]} at dim ${d + 1} (got a number)`,
        );
      }
      arrays.push(v);
      pos.push(0);
    }
  }
  return seen;
}

/** A scalar integer argument, with PyTorch's argument-parser words. */
function checkInt(v: unknown, op: string, arg: string, position: number): asserts v is number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    const type = typeof v === "number" ? "float" : v === null ? "null" : typeof v;
    throw new TypeError(
      `${op}(): argument '${arg}' (position ${position}) must be int, not ${type}`,
    );
  }
}

function checkNumber(v: unknown): number {
  if (typeof v !== "number") {
    throw new TypeError(`new(): invalid data type '${v === null ? "null" : typeof v}'`);
  }
  return v;
}

/**
 * An integer given as data (a Python `int` to PyTorch) converted to `dtype`, with PyTorch's
 * overflow check (`c10::checked_convert`: an int32 must fit, a uint8 may be in [-255, 255],
 * wrapping the negative ones; any integer is a bool). `names` spells the C++ type as the caller's
 * message does (`tensor()` says `int32`, `full()` says `int`).
 */
function checkedInteger(v: number, dtype: DType, names: Partial<Record<DType, string>>): number {
  const overflow = (): Error =>
    new RangeError(`value cannot be converted to type ${names[dtype]} without overflow`);
  if (dtype === "int32" && (v < -(2 ** 31) || v > 2 ** 31 - 1)) throw overflow();
  if (dtype === "uint8" && (v < -255 || v > 255)) throw overflow();
  if (dtype === "int64" && !(Math.abs(v) <= INT64_MAX_EXACT)) {
    throw int64RangeError(v, "tensor()");
  }
  return castValue(v, dtype, "int64");
}

const TENSOR_TYPE_NAMES = { int64: "int64", int32: "int32", uint8: "uint8" } as const;
const FULL_TYPE_NAMES = { int64: "int64_t", int32: "int", uint8: "uint8_t" } as const;

/** The dtype of a typed array given to `tensor()`, and its values as numbers. */
function typedArrayData(data: ArrayBufferView): { dtype: DType; values: ArrayLike<number> } {
  if (data instanceof Float32Array) return { dtype: "float32", values: data };
  if (data instanceof Float64Array) return { dtype: "float64", values: data };
  if (data instanceof Int32Array) return { dtype: "int32", values: data };
  if (data instanceof Uint8Array) return { dtype: "uint8", values: data };
  if (data instanceof BigInt64Array) {
    const values = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v > BigInt(INT64_MAX_EXACT) || v < -BigInt(INT64_MAX_EXACT)) {
        throw new RangeError(
          `tensor(): the int64 value ${v} is beyond ±(2^53 - 1) (Number.MAX_SAFE_INTEGER), the range of integers descent's int64 holds exactly`,
        );
      }
      values[i] = Number(v);
    }
    return { dtype: "int64", values };
  }
  throw new TypeError(
    "tensor(): a typed array must be a Float32Array, Float64Array, Int32Array, Uint8Array or BigInt64Array",
  );
}

/**
 * Data `tensor()` accepts: nested arrays of numbers or booleans, a 1-D typed array, or a tensor's
 * JSON data (`Tensor.toJSON()`).
 */
export type TensorData =
  | NestedArray
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | BigInt64Array
  | TensorJSON;

/**
 * A new leaf tensor holding a copy of `data`. PyTorch: `torch.tensor(data, dtype=None,
 * requires_grad=False)`.
 *
 * The dtype is inferred as PyTorch infers it: booleans only give bool; any number that is not
 * an integer (NaN and ±inf included, and integral values beyond ±(2^53 - 1) such as `1e20`: see
 * `isIntegerNumber`) gives float32, the default dtype; otherwise int64 —
 * `tensor([1, 2])` is int64 and prints `tensor([1, 2])`. JavaScript has one number type, so
 * `1.0` is the integer 1: write `tensor([1, 2], { dtype: "float32" })` or `floatTensor([1, 2])`
 * for floats. A typed array gives its own dtype: Float32Array float32, Float64Array float64,
 * Int32Array int32, Uint8Array uint8, BigInt64Array int64. With `dtype`, the values are
 * converted as PyTorch converts them: floats truncated toward zero for integer dtypes, integers
 * checked against the dtype's range (`value cannot be converted to type int32 without
 * overflow`).
 *
 * @param data A number or boolean, nested arrays of them, a typed array (1-D), or the JSON data
 *   of a tensor (`{ dtype, shape, data }`, from `Tensor.toJSON()`: its dtype unless `dtype` is
 *   given).
 * @param opts `dtype`, `requiresGrad` (floating dtypes only).
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * assert.equal(String(tensor([[1, 2], [3, 4]])), "tensor([[1, 2],\n        [3, 4]])");
 * assert.equal(String(tensor([true, false])), "tensor([ True, False])");
 * assert.equal(String(tensor([0.5, 2], { requiresGrad: true })), "tensor([0.5000, 2.0000], requires_grad=True)");
 * assert.equal(String(tensor([1, 2], { dtype: "float64" })), "tensor([1., 2.], dtype=torch.float64)");
 * assert.throws(() => tensor([1, 2], { requiresGrad: true }), /floating point/);
 * ```
 */
export function tensor(data: TensorData, opts?: TensorOptions): Tensor {
  if (ArrayBuffer.isView(data)) {
    const { dtype: from, values } = typedArrayData(data);
    const dtype = dtypeOf(opts, from, "tensor");
    // Convert before allocating: a conversion that throws leaves the allocator alone.
    const converted = dtype === from || isFloatingDType(dtype)
      ? values
      : Array.from(values, (v) => castValue(v, dtype, from, "tensor()"));
    return make([values.length], opts, (out) => out.set(converted), from, "tensor");
  }
  if (isTensorJSON(data)) return fromJSON(data, opts); // issue 14: Tensor.toJSON's form
  if (typeof data !== "number" && typeof data !== "boolean" && !Array.isArray(data)) {
    throw new TypeError(
      `Could not infer dtype of ${data === null ? "null" : typeof data}`,
    );
  }
  const shape = nestedShape(data);
  const n = shapeNumel(shape);
  const values = new Array<number>(n);
  const kinds = new Uint8Array(n);
  const seen = flatten(data, shape, values, kinds);
  const inferred: DType = seen & HAS_FLOAT || n === 0
    ? "float32"
    : seen & HAS_INT
    ? "int64"
    : "bool";
  const dtype = dtypeOf(opts, inferred, "tensor");
  if (!isFloatingDType(dtype)) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      values[i] = kinds[i] === 1
        ? checkedInteger(v, dtype, TENSOR_TYPE_NAMES)
        : castValue(v, dtype, kinds[i] === 0 ? "bool" : "float64", "tensor()");
    }
  }
  const hint = opts?.dtype === undefined && inferred !== "float32"
    ? ` (tensor() inferred ${inferred} from ${
      inferred === "bool" ? "boolean" : "integer"
    } data; pass { dtype: "float32" } or use floatTensor())`
    : "";
  return make(shape, opts, (out) => out.set(values), inferred, "tensor", hint);
}

/**
 * A float32 tensor from nested arrays. PyTorch: `torch.FloatTensor(data)`.
 *
 * @param data Nested arrays of numbers.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor } from "@descent/tensor";
 * assert(String(floatTensor([[0.1, 0.2]])) === "tensor([[0.1000, 0.2000]])");
 * ```
 */
export function floatTensor(data: NestedArray): Tensor {
  return tensor(data, { dtype: "float32" });
}

/** Shape argument of the factories: a list, or the sizes as arguments. */
export type SizeArg = number | readonly number[];

/**
 * @ignore The sizes as a new array (a caller's later edits cannot reach the tensor), checked.
 */
export function shapeFrom(size: SizeArg, op: string): number[] {
  const shape = sizeArgs([size]).slice();
  checkSizes(shape, op);
  return shape;
}

/**
 * A tensor of zeros. PyTorch: `torch.zeros(size)`.
 *
 * @param size The shape (a list, or one size).
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zeros } from "@descent/tensor";
 * assert(String(zeros([2])) === "tensor([0., 0.])");
 * ```
 */
export function zeros(size: SizeArg, opts?: TensorOptions): Tensor {
  return make(shapeFrom(size, "zeros"), opts, null, "float32", "zeros");
}

/**
 * A tensor of ones. PyTorch: `torch.ones(size)`.
 *
 * @param size The shape.
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ones } from "@descent/tensor";
 * assert(String(ones(2)) === "tensor([1., 1.])");
 * ```
 */
export function ones(size: SizeArg, opts?: TensorOptions): Tensor {
  return make(shapeFrom(size, "ones"), opts, (out) => out.fill(1), "float32", "ones");
}

/**
 * A tensor filled with `value`. PyTorch: `torch.full(size, fill_value)`; without a dtype, an
 * integer fills an int64 tensor, a boolean a bool one and any other number a float32 one
 * (PyTorch 2.x).
 *
 * @param size The shape.
 * @param value The fill value.
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { full } from "@descent/tensor";
 * assert.equal(String(full([2], 7)), "tensor([7, 7])");
 * assert.equal(String(full([2], 7.5)), "tensor([7.5000, 7.5000])");
 * assert.equal(String(full([2], 7, { dtype: "float32" })), "tensor([7., 7.])");
 * assert.equal(String(full([2], true)), "tensor([True, True])");
 * ```
 */
export function full(size: SizeArg, value: number | boolean, opts?: TensorOptions): Tensor {
  const shape = shapeFrom(size, "full");
  if (typeof value !== "boolean") checkNumber(value);
  const v = fillValue(value, dtypeOf(opts, resultType(value), "full"), FULL_TYPE_NAMES);
  return make(shape, opts, (out) => out.fill(v), resultType(value), "full");
}

/** A fill value (number or boolean) converted to `dtype`, integers checked for overflow. */
function fillValue(
  value: number | boolean,
  dtype: DType,
  names: Partial<Record<DType, string>>,
): number {
  if (typeof value === "boolean") return castValue(value ? 1 : 0, dtype, "bool");
  // a float is checked as PyTorch's c10::checked_convert does: NaN, ±inf or a value out of range
  // for an integer dtype, a finite one beyond float32's, are refused (they were cast: NaN to 0,
  // 300.5 to uint8 44, 1e300 to float32 inf)
  return isIntegerNumber(value)
    ? checkedInteger(value, dtype, names)
    : castValue(checkedScalar(value, dtype, true), dtype);
}

/**
 * An uninitialised tensor (zeros here: typed arrays start zeroed). PyTorch: `torch.empty(size)`.
 *
 * @param size The shape.
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { empty } from "@descent/tensor";
 * assert(empty([2, 3]).numel() === 6);
 * ```
 */
export function empty(size: SizeArg, opts?: TensorOptions): Tensor {
  return make(shapeFrom(size, "empty"), opts, null, "float32", "empty");
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(end)` starts at 0.
 * PyTorch: `torch.arange(start=0, end, step=1)`: int64 when all three are integers, else
 * float32 (the default dtype); with an integer `dtype` the bounds and step are truncated first.
 *
 * @param start Start, or the end when it is the only argument.
 * @param end End (exclusive).
 * @param step Step (non-zero).
 * @param opts `dtype`, `requiresGrad`.
 * @returns A 1-D tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange } from "@descent/tensor";
 * assert.equal(String(arange(3)), "tensor([0, 1, 2])");
 * assert.equal(String(arange(3, undefined, 1, { dtype: "float32" })), "tensor([0., 1., 2.])");
 * assert.equal(String(arange(1, 2, 0.25)), "tensor([1.0000, 1.2500, 1.5000, 1.7500])");
 * ```
 */
export function arange(start: number, end?: number, step = 1, opts?: TensorOptions): Tensor {
  if (end === undefined) [start, end] = [0, start];
  for (const v of [start, end, step]) checkNumber(v);
  const dtype = dtypeOf(
    opts,
    resultType(start, end, step) === "int64" ? "int64" : "float32",
    "arange",
  );
  if (dtype === "bool") throw notImplemented("arange_cpu", dtype);
  const integral = !isFloatingDType(dtype);
  // PyTorch casts the bounds and the step to the accumulation type (int64 for integer dtypes)
  const [from, to, by] = integral ? [start, end, step].map(Math.trunc) : [start, end, step];
  // PyTorch's checks, in its order (RangeFactories.cpp); NaN fails the first.
  if (!(by > 0 || by < 0)) throw new RangeError("step must be nonzero");
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError(`unsupported range: ${cppDouble(from)} -> ${cppDouble(to)}`);
  }
  if (!((by > 0 && to >= from) || (by < 0 && to <= from))) {
    throw new RangeError("upper bound and larger bound inconsistent with step sign");
  }
  const n = dtype === "int64"
    ? Math.trunc((to - from + by - Math.sign(by)) / by)
    : Math.ceil((end - start) / step);
  if (!(n <= Number.MAX_SAFE_INTEGER)) throw new RangeError("invalid size, possible overflow?");
  if (integral) {
    for (const v of [from, from + (n - 1) * by]) castValue(v, "int64", "int64", "arange()");
  }
  return make(
    [n],
    opts,
    (out) => {
      if (integral) {
        for (let i = 0; i < n; i++) {
          out[i] = castValue(from + i * by, dtype, "int64");
        }
      } else for (let i = 0; i < n; i++) out[i] = from + i * by;
    },
    dtype,
    "arange",
  );
}

/** C++'s `std::ostream << double` (`%g`, 6 significant digits), as PyTorch's messages print. */
function cppDouble(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, e] = x.toExponential(5).split("e");
  const exp = Number(e);
  const trim = (s: string): string => s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  if (exp < -4 || exp >= 6) {
    return `${trim(mantissa)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return trim(x.toFixed(5 - exp));
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive. PyTorch:
 * `torch.linspace(start, end, steps)`.
 *
 * @param start First value.
 * @param end Last value.
 * @param steps Number of values (≥ 0).
 * @param opts `dtype`, `requiresGrad`.
 * @returns A 1-D tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { linspace } from "@descent/tensor";
 * assert(String(linspace(0, 1, 5)) === "tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])");
 * ```
 */
export function linspace(start: number, end: number, steps: number, opts?: TensorOptions): Tensor {
  checkNumber(start);
  checkNumber(end);
  checkInt(steps, "linspace", "steps", 3);
  if (steps < 0) throw new RangeError(`number of steps must be non-negative, got ${steps}`);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the first half from start and the second half from end.
  const half = Math.floor(steps / 2);
  const dtype = dtypeOf(opts, "float32", "linspace");
  if (dtype === "bool") throw notImplemented("linspace_cpu", dtype);
  return make(
    [steps],
    opts,
    (out) => {
      for (let i = 0; i < steps; i++) {
        const v = steps === 1 ? start : i < half ? start + step * i : end - step * (steps - 1 - i);
        out[i] = castValue(v, dtype, "float64", "linspace()");
      }
    },
    dtype,
    "linspace",
  );
}

/**
 * The n×m identity matrix (m defaults to n). PyTorch: `torch.eye(n, m=None)`.
 *
 * @param n Rows.
 * @param m Columns.
 * @param opts `dtype`, `requiresGrad`.
 * @returns The matrix.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eye } from "@descent/tensor";
 * assert(String(eye(2)) === "tensor([[1., 0.],\n        [0., 1.]])");
 * ```
 */
export function eye(n: number, m: number = n, opts?: TensorOptions): Tensor {
  checkInt(n, "eye", "n", 1);
  checkInt(m, "eye", "m", 2);
  if (n < 0) throw new RangeError(`n must be greater or equal to 0, got ${n}`);
  if (m < 0) throw new RangeError(`m must be greater or equal to 0, got ${m}`);
  checkSizes([n, m], "eye");
  return make(
    [n, m],
    opts,
    (out) => {
      for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
    },
    "float32",
    "eye",
  );
}

/**
 * Uniform samples in [0, 1) from the seeded default generator. PyTorch: `torch.rand(size)`.
 *
 * @param size The shape.
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, rand } from "@descent/tensor";
 * manualSeed(0);
 * const a = rand([3]).toList();
 * manualSeed(0);
 * assert(String(rand([3]).toList()) === String(a));
 * ```
 */
export function rand(size: SizeArg, opts?: TensorOptions): Tensor {
  const shape = shapeFrom(size, "rand");
  floatOnly(opts, "check_uniform_bounds", "rand");
  return make(
    shape,
    opts,
    (out) => defaultGenerator.uniform(out as FloatStorage, 0, 1),
    "float32",
    "rand",
  );
}

/** PyTorch's error for a random float sampler asked for an integer dtype. */
function floatOnly(opts: TensorOptions | undefined, kernel: string, op: string): void {
  const dtype = dtypeOf(opts, "float32", op);
  if (!isFloatingDType(dtype)) {
    throw notImplemented(kernel, dtype);
  }
}

/**
 * Standard normal samples from the seeded default generator. PyTorch: `torch.randn(size)`.
 *
 * @param size The shape.
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randn } from "@descent/tensor";
 * assert(randn([2, 3]).shape.join() === "2,3");
 * ```
 */
export function randn(size: SizeArg, opts?: TensorOptions): Tensor {
  const shape = shapeFrom(size, "randn");
  floatOnly(opts, "normal_kernel_cpu", "randn");
  return make(
    shape,
    opts,
    (out) => defaultGenerator.normal(out as FloatStorage, 0, 1),
    "float32",
    "randn",
  );
}

function likeOpts(t: Tensor, opts?: TensorOptions): TensorOptions {
  if (!(t instanceof Tensor)) throw new TypeError("expected a Tensor");
  return { dtype: opts?.dtype ?? t.dtype, requiresGrad: opts?.requiresGrad ?? false };
}

/**
 * Zeros with `t`'s shape and dtype. PyTorch: `torch.zeros_like(input)`.
 *
 * @param t The model tensor.
 * @param opts Overrides of `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ones, zerosLike } from "@descent/tensor";
 * assert(String(zerosLike(ones([2]))) === "tensor([0., 0.])");
 * ```
 */
export function zerosLike(t: Tensor, opts?: TensorOptions): Tensor {
  return zeros(t.shape, likeOpts(t, opts));
}

/**
 * Ones with `t`'s shape and dtype. PyTorch: `torch.ones_like(input)`.
 *
 * @param t The model tensor.
 * @param opts Overrides of `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { onesLike, zeros } from "@descent/tensor";
 * assert(String(onesLike(zeros([2]))) === "tensor([1., 1.])");
 * ```
 */
export function onesLike(t: Tensor, opts?: TensorOptions): Tensor {
  return ones(t.shape, likeOpts(t, opts));
}

/**
 * `value` everywhere, with `t`'s shape and dtype. PyTorch: `torch.full_like(input, fill_value)`.
 *
 * @param t The model tensor.
 * @param value The fill value.
 * @param opts Overrides of `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fullLike, zeros } from "@descent/tensor";
 * assert(String(fullLike(zeros([2]), 3)) === "tensor([3., 3.])");
 * ```
 */
export function fullLike(t: Tensor, value: number | boolean, opts?: TensorOptions): Tensor {
  return full(t.shape, value, likeOpts(t, opts));
}

/**
 * Uniform [0, 1) samples with `t`'s shape and dtype. PyTorch: `torch.rand_like(input)`.
 *
 * @param t The model tensor.
 * @param opts Overrides of `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randLike, zeros } from "@descent/tensor";
 * assert(randLike(zeros([3, 3])).shape.join() === "3,3");
 * ```
 */
export function randLike(t: Tensor, opts?: TensorOptions): Tensor {
  return rand(t.shape, likeOpts(t, opts));
}

/**
 * Standard normal samples with `t`'s shape and dtype. PyTorch: `torch.randn_like(input)`.
 *
 * @param t The model tensor.
 * @param opts Overrides of `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randnLike, zeros } from "@descent/tensor";
 * assert(randnLike(zeros([2], { dtype: "float64" })).dtype === "float64");
 * ```
 */
export function randnLike(t: Tensor, opts?: TensorOptions): Tensor {
  return randn(t.shape, likeOpts(t, opts));
}
