/**
 * Tensor factories: `tensor()`, `zeros()`, `ones()`, `rand()` … and their `*Like` forms.
 * PyTorch: `torch.tensor`, `torch.zeros`, …
 *
 * @module
 */

import { allocate, type DType, type NestedArray, Tensor, type TensorOptions } from "./tensor.ts";
import { checkSizes, type Shape, shapeNumel, sizeArgs } from "./shape.ts";
import { defaultGenerator } from "./generator.ts";
import type { Storage } from "./kernels/elementwise.ts";

function dtypeOf(opts: TensorOptions | undefined, fallback: DType = "float32"): DType {
  const d = opts?.dtype ?? fallback;
  if (d !== "float32" && d !== "float64") {
    throw new TypeError(`unsupported dtype ${JSON.stringify(d)}: expected "float32" or "float64"`);
  }
  return d;
}

function requiresGradOf(opts: TensorOptions | undefined): boolean {
  const rg = opts?.requiresGrad ?? false;
  if (typeof rg !== "boolean") throw new TypeError("requiresGrad must be a boolean");
  return rg;
}

/**
 * A new leaf of `shape` from values that `fill` writes, after every argument was checked: the
 * factories validate first and allocate last, so one that throws allocates nothing.
 */
function make(
  shape: Shape,
  opts: TensorOptions | undefined,
  fill: ((out: Storage) => void) | null,
  fallback: DType = "float32",
): Tensor {
  const dtype = dtypeOf(opts, fallback);
  const rg = requiresGradOf(opts);
  const out = allocate(dtype, shapeNumel(shape));
  if (fill !== null) fill(out);
  const t = new Tensor(out, shape);
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

function flatten(data: NestedArray, shape: number[], out: number[]): void {
  // Iterative walk with an explicit stack: (array, dim, next index).
  let k = 0;
  if (shape.length === 0) {
    out[0] = checkNumber(data);
    return;
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
      out[k++] = checkNumber(v);
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
 * A new leaf tensor holding a copy of `data`. Nested arrays give their shape; a Float64Array
 * gives float64 unless `dtype` says otherwise. PyTorch: `torch.tensor(data, dtype=None,
 * requires_grad=False)`; integer-valued data is float32 here (descent has float dtypes only).
 *
 * @param data A number, nested arrays of numbers, or a typed array (1-D).
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * assert(String(tensor([[1, 2], [3, 4]], { requiresGrad: true })) ===
 *   "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)");
 * ```
 */
export function tensor(
  data: NestedArray | Float32Array | Float64Array,
  opts?: TensorOptions,
): Tensor {
  if (data instanceof Float32Array || data instanceof Float64Array) {
    const fallback = data instanceof Float64Array ? "float64" : "float32";
    return make([data.length], opts, (out) => out.set(data), fallback);
  }
  if (typeof data !== "number" && !Array.isArray(data)) {
    throw new TypeError(
      `tensor(): could not infer dtype of ${data === null ? "null" : typeof data}`,
    );
  }
  const shape = nestedShape(data);
  const values = new Array<number>(shapeNumel(shape));
  flatten(data, shape, values);
  return make(shape, opts, (out) => out.set(values));
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

/** The sizes as a new array (a caller's later edits cannot reach the tensor), checked. */
function shapeFrom(size: SizeArg, op: string): number[] {
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
  return make(shapeFrom(size, "zeros"), opts, null);
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
  return make(shapeFrom(size, "ones"), opts, (out) => out.fill(1));
}

/**
 * A tensor filled with `value`. PyTorch: `torch.full(size, fill_value)`.
 *
 * @param size The shape.
 * @param value The fill value.
 * @param opts `dtype`, `requiresGrad`.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { full } from "@descent/tensor";
 * assert(String(full([2], 7)) === "tensor([7., 7.])");
 * ```
 */
export function full(size: SizeArg, value: number, opts?: TensorOptions): Tensor {
  const shape = shapeFrom(size, "full");
  checkNumber(value);
  return make(shape, opts, (out) => out.fill(value));
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
  return make(shapeFrom(size, "empty"), opts, null);
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(end)` starts at 0.
 * PyTorch: `torch.arange(start=0, end, step=1)`.
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
 * assert(String(arange(3)) === "tensor([0., 1., 2.])");
 * assert(String(arange(1, 2, 0.25)) === "tensor([1.0000, 1.2500, 1.5000, 1.7500])");
 * ```
 */
export function arange(start: number, end?: number, step = 1, opts?: TensorOptions): Tensor {
  if (end === undefined) [start, end] = [0, start];
  for (const v of [start, end, step]) checkNumber(v);
  // PyTorch's checks, in its order (RangeFactories.cpp); NaN fails the first.
  if (!(step > 0 || step < 0)) throw new RangeError("step must be nonzero");
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError(`unsupported range: ${cppDouble(start)} -> ${cppDouble(end)}`);
  }
  if (!((step > 0 && end >= start) || (step < 0 && end <= start))) {
    throw new RangeError("upper bound and larger bound inconsistent with step sign");
  }
  const n = Math.ceil((end - start) / step);
  if (!(n <= Number.MAX_SAFE_INTEGER)) throw new RangeError("invalid size, possible overflow?");
  const from = start;
  return make([n], opts, (out) => {
    for (let i = 0; i < n; i++) out[i] = from + i * step;
  });
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
  return make([steps], opts, (out) => {
    for (let i = 0; i < steps; i++) {
      out[i] = steps === 1 ? start : i < half ? start + step * i : end - step * (steps - 1 - i);
    }
  });
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
  return make([n, m], opts, (out) => {
    for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
  });
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
  return make(shapeFrom(size, "rand"), opts, (out) => defaultGenerator.uniform(out, 0, 1));
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
  return make(shapeFrom(size, "randn"), opts, (out) => defaultGenerator.normal(out, 0, 1));
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
export function fullLike(t: Tensor, value: number, opts?: TensorOptions): Tensor {
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
