/**
 * Elementwise arithmetic with its derivatives: each op's forward kernel call and its backward
 * node side by side, and the table of unary ops ({@linkcode UNARY}). Backwards are written in
 * Tensor ops, so `createGraph` differentiates them again.
 *
 * Every op follows PyTorch's dtype rules: the result dtype is `resultType` of the operands;
 * floating results run the float kernels (kernels/elementwise.ts), integer and bool results the
 * exact path (ops/exact.ts), where int32 and uint8 wrap and int64 is checked.
 *
 * @module
 */

import { allocate, type DType, type Operand, Tensor } from "../tensor.ts";
import { broadcastShapes, broadcastStrides, sameShape } from "../shape.ts";
import { allocateEmpty } from "../storage.ts";
import {
  ABS,
  ADD,
  binary,
  binaryScalar,
  type BinOp,
  DIV,
  map,
  MUL,
  NEG,
  RELU,
  SQRT,
  STEP,
  type Storage,
  SUB,
  withKernel,
} from "../kernels/elementwise.ts";
import { integerPow } from "../kernels/integer.ts";
import {
  castValue,
  INT64_MAX_EXACT,
  int64RangeError,
  isFloatingDType,
  isIntegerNumber,
  notImplemented,
  resultType,
  resultType2,
  scalarTypeName,
} from "../dtype.ts";
import { warnOnce } from "@descent/autograd";
import { checkTensor, record, tracks } from "./record.ts";
import { sumTo } from "./reduce.ts";
import { convert, exactBinary, exactUnary, numberOf, shapeOf } from "./exact.ts";
import { divRounded, type RoundingMode } from "./division.ts";

type Fn2 = (x: number, y: number) => number;

/** A number as a 0-d float64 tensor (PyTorch's "wrapped number"), for saving. */
function wrapped(x: number): Tensor {
  const t = new Tensor(allocate("float64", 1), [], "float64");
  t._data[0] = x;
  return t;
}

/** @ignore Throws PyTorch-style `TypeError` unless `x` is a tensor, a number or a boolean. */
export function checkOperand(x: unknown, name: string): asserts x is Operand {
  if (typeof x === "number" || typeof x === "boolean" || x instanceof Tensor) return;
  throw new TypeError(
    `${name}(): argument must be a Tensor or a number, got ${x === null ? "null" : typeof x}`,
  );
}

/**
 * A tensor operand of a float op computed in `dtype`: itself, or converted as PyTorch's
 * TensorIterator converts inputs to the common dtype (an integer tensor, or a float64 tensor of
 * a float32 op). A float32 operand of a float64 op is read as it is: widening is exact.
 */
function floatOperand(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype || (t.dtype === "float32" && dtype === "float64")
    ? t
    : convert(t, dtype);
}

/**
 * @ignore Forward of a broadcasting binary op in the floating dtype `dtype` (default: the
 * operands' result type), unrecorded.
 */
export function binaryValues(
  op: BinOp | Fn2,
  a: Operand,
  b: Operand,
  dtype: DType = resultType2(a, b),
): Tensor {
  if (typeof b !== "object") {
    const t = floatOperand(a as Tensor, dtype);
    const out = allocateEmpty(dtype, t._numel);
    binaryScalar(op, floatValues(t), scalarAs(dtype, numberOf(b)), asFloat(out), t._numel, false);
    return new Tensor(out, t.shape, dtype);
  }
  if (typeof a !== "object") {
    const t = floatOperand(b, dtype);
    const out = allocateEmpty(dtype, t._numel);
    binaryScalar(op, floatValues(t), scalarAs(dtype, numberOf(a)), asFloat(out), t._numel, true);
    return new Tensor(out, t.shape, dtype);
  }
  const x = floatOperand(a, dtype);
  const y = floatOperand(b, dtype);
  const shape = sameShape(x.shape, y.shape) ? x.shape : broadcastShapes(x.shape, y.shape);
  let n = 1;
  for (const s of shape) n *= s;
  const out = allocateEmpty(dtype, n);
  binary(
    op,
    shape,
    asFloat(x._data),
    x._offset,
    x.shape === shape ? x._strides : broadcastStrides(x.shape, x._strides, shape),
    asFloat(y._data),
    y._offset,
    y.shape === shape ? y._strides : broadcastStrides(y.shape, y._strides, shape),
    asFloat(out),
  );
  return new Tensor(out, shape, dtype);
}

/** A float tensor's storage, typed as such. */
function asFloat(s: Storage): Float32Array | Float64Array {
  return s as Float32Array | Float64Array;
}

/** A float tensor's values in row-major order (the storage itself when dense). */
function floatValues(t: Tensor): Float32Array | Float64Array {
  return t._values() as Float32Array | Float64Array;
}

/**
 * @ignore A number operand as the op computes it: PyTorch casts a wrapped Python number to
 * the tensor's dtype, so a float32 op sees `Math.fround(x)`.
 */
export function scalarAs(dtype: DType, x: number): number {
  return dtype === "float32" ? Math.fround(x) : x;
}

/** C++'s names of the element types, as c10's overflow message spells them. */
const C10_NAME: Readonly<Record<DType, string>> = {
  float32: "float",
  float64: "double",
  int64: "int64_t",
  int32: "int",
  uint8: "uint8_t",
  bool: "bool",
};

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * @ignore PyTorch's check of a number argument a kernel converts to the dtype it computes in
 * (`alpha`, `addcmul`'s `value`, a clamp bound: `c10::checked_convert`): throws "value cannot be
 * converted to type uint8_t without overflow" where the value does not fit. A float32 takes ±inf
 * and NaN but nothing finite beyond its range; an integer dtype takes no NaN or infinity, and a
 * JS float (a non-integral or huge number, Python's `float`) only values within its range, while
 * an integral one (Python's `int`) may also be negative down to -255 for uint8, which wraps.
 * float64 and bool take every number.
 *
 * @param x The number.
 * @param dtype The dtype it is converted to.
 * @param float Whether `x` counts as a Python `float` (default: unless it is a safe integer; a
 *   value read from a floating tensor is one whatever its value).
 * @returns `x`.
 */
export function checkedScalar(x: number, dtype: DType, float = !isIntegerNumber(x)): number {
  let fits = true;
  if (dtype === "float32") fits = !(Math.abs(x) > FLOAT32_MAX) || !Number.isFinite(x);
  else if (dtype !== "float64" && dtype !== "bool") {
    const [lo, hi] = dtype === "int32"
      ? [-(2 ** 31), 2 ** 31 - 1]
      : dtype === "uint8"
      ? [float ? 0 : -255, 255]
      : [-(2 ** 63), 2 ** 63];
    fits = x >= lo && x <= hi;
  }
  if (!fits) {
    throw new RangeError(`value cannot be converted to type ${C10_NAME[dtype]} without overflow`);
  }
  return x;
}

/** `x + alpha * y` as PyTorch's float32 or float64 kernel computes it. */
function axpy(dtype: DType, alpha: number): Fn2 {
  if (dtype === "float64") return (x, y) => x + alpha * y;
  const a32 = Math.fround(alpha);
  return (x, y) => x + Math.fround(a32 * y);
}

/** `x · y` for int64 values, throwing when the product is beyond ±(2^53 - 1). */
function mul64(x: number, y: number): number {
  const r = x * y;
  if (!(r >= -INT64_MAX_EXACT && r <= INT64_MAX_EXACT)) throw int64RangeError(r, "mul");
  return r === 0 ? 0 : r;
}

/** `x · y` in an integer or bool dtype's arithmetic (int32 wraps: `Math.imul`). */
function integerMul(dtype: DType): Fn2 {
  return dtype === "int32" ? Math.imul : dtype === "int64" ? mul64 : (x, y) => x * y;
}

/**
 * `x + alpha · y` in an integer or bool dtype's arithmetic, `alpha` cast to the dtype: for bool,
 * `x || (alpha && y)` (any nonzero alpha is true, so `add(t, mask, { alpha: -1 })` is `t || mask`).
 */
function integerAxpy(dtype: DType, alpha: number): Fn2 {
  if (dtype === "bool") return alpha === 0 ? (x) => x : (x, y) => x | y;
  if (alpha === 1) return (x, y) => x + y;
  if (alpha === -1) return (x, y) => x - y;
  const k = castValue(alpha, dtype, "int64");
  const times = integerMul(dtype);
  return (x, y) => x + times(k, y);
}

/** PyTorch's checks of `alpha`: an integer for integer and bool results, within the dtype's range. */
function checkAlpha(dtype: DType, alpha: number): void {
  if (!isFloatingDType(dtype) && !Number.isInteger(alpha)) {
    throw new TypeError(
      "For integral input tensors, argument alpha must not be a floating point number.",
    );
  }
  checkedScalar(alpha, dtype);
}

/** @ignore `f` applied to every element of a float tensor, unrecorded (also for constant masks). */
export function mapValues(a: Tensor, f: (x: number) => number): Tensor {
  const out = allocateEmpty(a.dtype, a._numel);
  map(floatValues(a), asFloat(out), a._numel, f);
  return new Tensor(out, a.shape, a.dtype);
}

/** @ignore A bool mask of `a`'s elements for which `pred` holds (a constant, never recorded). */
export function maskOf(a: Tensor, pred: (x: number) => boolean): Tensor {
  return exactUnary((x) => (pred(x) ? 1 : 0), a, a.dtype, "bool", "mask");
}

/**
 * @ignore `alpha * b` for a number `b`, rounded as the tensor's dtype computes it (`alpha` must
 * fit the dtype: {@linkcode checkedScalar}).
 */
export function alphaTimes(a: Operand, alpha: number, b: number): number {
  const dtype = (a as Tensor).dtype;
  checkedScalar(alpha, dtype);
  return dtype === "float32" ? Math.fround(Math.fround(alpha) * Math.fround(b)) : alpha * b;
}

function gradOf(g: Tensor, operand: Operand): Tensor {
  return sumTo(g, (operand as Tensor).shape);
}

/** PyTorch's errors for subtraction involving bool operands (`sub_check`). */
function isBool(x: Operand): boolean {
  return typeof x === "object" ? x.dtype === "bool" : typeof x === "boolean";
}

function checkSubtraction(a: Operand, b: Operand): void {
  if (isBool(a) && isBool(b)) {
    throw new TypeError(
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
  }
  if (isBool(a) || isBool(b)) {
    throw new TypeError(
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
}

/**
 * `a + alpha * b`, broadcasting. PyTorch: `torch.add(input, other, alpha=1)` → `AddBackward0`.
 *
 * The result dtype is `resultType(a, b)`; integer results wrap (int32, uint8) or are exact
 * (int64), and `alpha` must then be an integer; bool results are `a || b`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @param options `alpha`, a multiplier of `b`.
 * @returns The sum.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { add, tensor } from "@descent/tensor";
 * assert.equal(String(add(tensor([1, 2]), 1)), "tensor([2, 3])");
 * assert.equal(String(add(tensor([1, 2]), 0.5)), "tensor([1.5000, 2.5000])");
 * assert.equal(String(add(tensor([250], { dtype: "uint8" }), 10)), "tensor([4], dtype=torch.uint8)");
 * ```
 */
export function add(a: Operand, b: Operand, options?: { alpha?: number }): Tensor {
  checkOperand(a, "add");
  checkOperand(b, "add");
  const alpha = options?.alpha ?? 1;
  if (typeof a !== "object") {
    if (typeof b !== "object") throw new TypeError("add(): at least one argument must be a Tensor");
    if (alpha === 1) return add(b, a);
  }
  const dtype = resultType2(a, b);
  checkAlpha(dtype, alpha);
  if (!isFloatingDType(dtype)) {
    return exactBinary(integerAxpy(dtype, alpha), a, b, dtype, dtype, "add");
  }
  let out: Tensor;
  if (alpha === 1) out = binaryValues(ADD, a, b, dtype);
  else if (typeof b !== "object") {
    out = binaryValues(
      ADD,
      a,
      alphaTimes(floatOperand(a as Tensor, dtype), alpha, numberOf(b)),
      dtype,
    );
  } else out = binaryValues(axpy(dtype, alpha), a, b, dtype);
  if (tracks(a, b)) {
    const node = record("AddBackward0", out, [a, b]);
    node.setBackward((g) => [
      node.needs(0) ? gradOf(g, a) : null,
      node.needs(1) ? gradOf(alpha === 1 ? g : g.mul(alpha), b) : null,
    ]);
  }
  return out;
}

/**
 * `a - alpha * b`, broadcasting. PyTorch: `torch.sub(input, other, alpha=1)` → `SubBackward0`
 * (`RsubBackward1` when `a` is a number, like `1 - t`). Bool operands are refused with PyTorch's
 * words (use `logicalNot`/`logicalXor`).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @param options `alpha`, a multiplier of `b`.
 * @returns The difference.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sub, tensor } from "@descent/tensor";
 * assert.equal(String(sub(1, tensor([1, 2]))), "tensor([ 0, -1])");
 * assert.equal(String(sub(1, tensor([1.5, 2]))), "tensor([-0.5000, -1.0000])");
 * ```
 */
export function sub(a: Operand, b: Operand, options?: { alpha?: number }): Tensor {
  checkOperand(a, "sub");
  checkOperand(b, "sub");
  const alpha = options?.alpha ?? 1;
  if (typeof a !== "object" && typeof b !== "object") {
    throw new TypeError("sub(): at least one argument must be a Tensor");
  }
  checkSubtraction(a, b);
  const dtype = resultType2(a, b);
  checkAlpha(dtype, alpha);
  if (!isFloatingDType(dtype)) {
    return exactBinary(integerAxpy(dtype, -alpha), a, b, dtype, dtype, "sub");
  }
  if (typeof a !== "object") {
    const t = b as Tensor;
    // rsub(b, a, alpha) = a - alpha * b
    const out = alpha === 1
      ? binaryValues(SUB, a, t, dtype)
      : binaryValues(axpy(dtype, -alpha), a, t, dtype);
    if (tracks(t)) {
      const node = record("RsubBackward1", out, [t]);
      node.setBackward((g) => [g.mul(-alpha)]);
    }
    return out;
  }
  let out: Tensor;
  if (alpha === 1) out = binaryValues(SUB, a, b, dtype);
  else if (typeof b !== "object") {
    out = binaryValues(SUB, a, alphaTimes(floatOperand(a, dtype), alpha, numberOf(b)), dtype);
  } else out = binaryValues(axpy(dtype, -alpha), a, b, dtype);
  if (tracks(a, b)) {
    const node = record("SubBackward0", out, [a, b]);
    node.setBackward((g) => [
      node.needs(0) ? gradOf(g, a) : null,
      node.needs(1) ? gradOf(g.mul(-alpha), b) : null,
    ]);
  }
  return out;
}

/**
 * `a * b`, broadcasting. PyTorch: `torch.mul(input, other)` → `MulBackward0`. Integer results
 * wrap (int32, uint8) or are exact (int64); bool results are `a && b`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns The product.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mul, tensor } from "@descent/tensor";
 * assert.equal(String(mul(tensor([1, 2]), tensor([[1], [3]]))), "tensor([[1, 2],\n        [3, 6]])");
 * assert.equal(String(mul(tensor([1, 2]), 0.5)), "tensor([0.5000, 1.0000])");
 * ```
 */
export function mul(a: Operand, b: Operand): Tensor {
  checkOperand(a, "mul");
  checkOperand(b, "mul");
  if (typeof a !== "object") {
    if (typeof b !== "object") throw new TypeError("mul(): at least one argument must be a Tensor");
    return mul(b, a);
  }
  const dtype = resultType2(a, b);
  if (!isFloatingDType(dtype)) return exactBinary(integerMul(dtype), a, b, dtype, dtype, "mul");
  const out = binaryValues(MUL, a, b, dtype);
  if (tracks(a, b)) {
    const node = record("MulBackward0", out, [a, b]);
    // A number is saved too, as PyTorch saves the wrapped number (`_saved_other`): a second
    // backward through this node then fails the same way.
    const number = typeof b !== "object";
    const sb = node.needs(0) ? node.save(number ? wrapped(numberOf(b)) : b) : null;
    const sa = node.needs(1) ? node.save(a) : null;
    node.setBackward((g) => {
      const bv = sb === null ? b : number ? (sb.unpack(), b) : sb.unpack();
      return [
        node.needs(0) ? gradOf(g.mul(bv), a) : null,
        node.needs(1) ? gradOf(g.mul(sa!.unpack()), b) : null,
      ];
    });
  }
  return out;
}

/** Options of {@linkcode div}. */
export interface DivOptions {
  /**
   * `"trunc"` rounds the quotient toward zero, `"floor"` down (see `floorDivide`); without it
   * the division is true division, whose integer operands give a float32 result.
   */
  roundingMode?: RoundingMode | null;
}

/**
 * `a / b`, broadcasting. PyTorch: `torch.div(input, other, rounding_mode=None)` →
 * `DivBackward0`; a number divided by a tensor is `reciprocal` then `mul`, like Python's
 * `2 / t`. True division of integers gives float32 (the default dtype); with a `roundingMode`
 * the result keeps the operands' result type (`DivBackward2`, whose gradient is zero), and an
 * integer division by zero throws PyTorch's `ZeroDivisionError`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @param options `roundingMode`: `"trunc"` or `"floor"`.
 * @returns The quotient.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { div, tensor } from "@descent/tensor";
 * assert.equal(String(div(tensor([1, 2]), 4)), "tensor([0.2500, 0.5000])");
 * assert.equal(String(div(tensor([7, -7]), 2, { roundingMode: "trunc" })), "tensor([ 3, -3])");
 * assert.equal(String(div(tensor([7, -7]), 2, { roundingMode: "floor" })), "tensor([ 3, -4])");
 * ```
 */
export function div(a: Operand, b: Operand, options?: DivOptions): Tensor {
  checkOperand(a, "div");
  checkOperand(b, "div");
  const mode = options?.roundingMode ?? null;
  if (mode !== null) return divRounded(a, b, mode);
  if (typeof a !== "object") {
    if (typeof b !== "object") throw new TypeError("div(): at least one argument must be a Tensor");
    return mul(reciprocal(b), a);
  }
  const common = resultType2(a, b);
  const dtype = isFloatingDType(common) ? common : "float32";
  const out = binaryValues(DIV, a, b, dtype);
  if (tracks(a, b)) {
    const node = record("DivBackward0", out, [a, b]);
    const number = typeof b !== "object";
    const sb = node.save(number ? wrapped(numberOf(b)) : b);
    const sa = node.needs(1) ? node.save(a) : null;
    node.setBackward((g) => {
      const bv = number ? (sb.unpack(), b) : sb.unpack();
      return [
        node.needs(0) ? gradOf(g.div(bv), a) : null,
        // PyTorch's div_tensor_other_backward: -g·((a/b)/b); -g·a/b² overflows where b² does.
        node.needs(1) ? gradOf(g.neg().mul(sa!.unpack().div(bv).div(bv)), b) : null,
      ];
    });
  }
  return out;
}

/** PyTorch's error for an integer raised to a negative integer number. */
const NEGATIVE_POWER = "Integers to negative integer powers are not allowed.";

/**
 * `a ** b`. PyTorch: `torch.pow` → `PowBackward0` (number exponent), `PowBackward1` (tensor
 * exponent) or `PowBackward2` (number base). Integer results are exact powers (int32 and uint8
 * wrap); an integer tensor to a negative integer number throws PyTorch's error, while a negative
 * tensor exponent gives 0 (1 for base 1, ±1 for base -1), as PyTorch's `powi`.
 *
 * @param a Base: a tensor or number.
 * @param b Exponent: a tensor or number.
 * @returns The power.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pow, tensor } from "@descent/tensor";
 * assert.equal(String(pow(tensor([1, 2, 3]), 2)), "tensor([1, 4, 9])");
 * assert.equal(String(pow(tensor([1, 2, 3]), 0.5)), "tensor([1.0000, 1.4142, 1.7321])");
 * assert.equal(String(pow(2, tensor([1, 2, 3], { dtype: "float32" }))), "tensor([2., 4., 8.])");
 * ```
 */
export function pow(a: Operand, b: Operand): Tensor {
  checkOperand(a, "pow");
  checkOperand(b, "pow");
  if (typeof a !== "object" && typeof b !== "object") {
    throw new TypeError("pow(): at least one argument must be a Tensor");
  }
  const dtype = resultType2(a, b);
  // a bool result has a kernel only for a number exponent (PyTorch's copy for 1, ones for 0)
  if (dtype === "bool" && typeof b === "object") throw notImplemented("pow", dtype);
  if (!isFloatingDType(dtype)) {
    if (typeof b !== "object" && numberOf(b) < 0) throw new RangeError(NEGATIVE_POWER);
    return exactBinary(integerPow(dtype), a, b, dtype, dtype, "pow");
  }
  if (typeof a !== "object") {
    const base = numberOf(a);
    const t = b as Tensor;
    const out = binaryValues(cpow, base, t, dtype);
    if (tracks(t)) {
      const node = record("PowBackward2", out, [t]);
      const so = node.save(out);
      const lnBase = Math.log(base);
      node.setBackward((g) => {
        // d/de base^e = base^e * ln(base); 0 where base == 0 and e >= 0 (PyTorch's mask).
        let d = g.mul(so.unpack()).mul(lnBase);
        if (base === 0) d = where(maskOf(t, (e) => e >= 0), 0, d);
        return [d];
      });
    }
    return out;
  }
  if (typeof b !== "object") {
    const e = numberOf(b);
    const x = floatOperand(a, dtype);
    const out = e === 2 ? binaryValues(MUL, x, x, dtype) : mapValues(x, powScalarKernel(e));
    if (tracks(a)) {
      const node = record("PowBackward0", out, [a]);
      const sa = node.save(a);
      node.setBackward((g) => {
        const x = sa.unpack();
        // PyTorch's pow_backward: zeros for exponent 0, else g·(e·x^(e-1)).
        if (e === 0) return [mapValues(x, () => 0)];
        return [g.mul(e === 2 ? x.mul(2) : pow(x, e - 1).mul(e))];
      });
    }
    return out;
  }
  const out = binaryValues(cpow, a, b, dtype);
  if (tracks(a, b)) {
    const node = record("PowBackward1", out, [a, b]);
    const sa = node.save(a);
    const sb = node.save(b);
    const so = node.needs(1) ? node.save(out) : null;
    node.setBackward((g) => {
      const x = sa.unpack();
      const e = sb.unpack();
      let ga: Tensor | null = null;
      let gb: Tensor | null = null;
      if (node.needs(0)) {
        const d = g.mul(e).mul(pow(x, e.sub(1)));
        ga = sumTo(where(constMask((_, q) => q === 0, x, e), 0, d), x.shape);
      }
      if (node.needs(1)) {
        const d = g.mul(so!.unpack()).mul(x.log());
        gb = sumTo(where(constMask((p, q) => p === 0 && q >= 0, x, e), 0, d), e.shape);
      }
      return [ga, gb];
    });
  }
  return out;
}

/**
 * C's `pow`, which PyTorch's kernels call: unlike `Math.pow`, `1 ** y` is 1 for every `y` (NaN
 * too) and `(-1) ** ±inf` is 1.
 */
function cpow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return Math.pow(x, y);
}

/**
 * The kernel of `x ** e` for a number `e`, as PyTorch's `pow_tensor_scalar_kernel` dispatches:
 * 0.5 is `sqrt`, -0.5 `rsqrt`, -1 `reciprocal`, 3 is `x·x·x` and -2 `1/(x·x)` (so `(-0) ** 0.5`
 * is -0, `(-inf) ** 0.5` NaN and `(-0) ** -0.5` -inf), everything else C's `pow`.
 */
function powScalarKernel(e: number): (x: number) => number {
  switch (e) {
    case 0.5:
      return SQRT_F;
    case -0.5:
      return (x) => 1 / Math.sqrt(x);
    case -1:
      return (x) => 1 / x;
    case 3:
      return (x) => x * x * x;
    case -2:
      return (x) => 1 / (x * x);
    default:
      return (x) => cpow(x, e);
  }
}

/** A constant (never recorded) broadcasting bool mask: where `pred` holds for the pair. */
function constMask(pred: (x: number, y: number) => boolean, a: Tensor, b: Tensor): Tensor {
  const dtype = resultType2(a, b);
  return exactBinary((x, y) => (pred(x, y) ? 1 : 0), a, b, dtype, "bool", "mask");
}

/** A constant (never recorded) broadcasting binary map of float tensors, for weights. */
function constBinary(f: Fn2, a: Tensor, b: Tensor): Tensor {
  return binaryValues(f, a, b);
}

/**
 * Picks `x` where `condition` is true, else `y`, broadcasting all three. PyTorch:
 * `torch.where(condition, input, other)` → `WhereBackward0`. The condition is a bool tensor (a
 * uint8 one is read as bool with PyTorch's deprecation warning; other dtypes are refused, as in
 * PyTorch 2.x); the result dtype is `resultType(x, y)`.
 *
 * @param condition A bool tensor.
 * @param x Values where the condition holds.
 * @param y Values elsewhere.
 * @returns The selection.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, where } from "@descent/tensor";
 * const x = tensor([-1.5, 2, -3]);
 * assert.equal(String(where(x.gt(0), x, 0)), "tensor([0., 2., 0.])");
 * assert.equal(String(where(tensor([true, false]), 1, 0)), "tensor([1, 0])");
 * ```
 */
export function where(condition: Tensor, x: Operand, y: Operand): Tensor {
  if (!(condition instanceof Tensor)) throw new TypeError("where(): condition must be a Tensor");
  checkOperand(x, "where");
  checkOperand(y, "where");
  if (condition.dtype !== "bool") {
    if (condition.dtype !== "uint8") {
      throw new TypeError(
        `where expected condition to be a boolean tensor, but got a tensor with dtype ${
          scalarTypeName(condition.dtype)
        }`,
      );
    }
    warnOnce(
      "where received a uint8 condition tensor. This behavior is deprecated and will be removed in a future version of PyTorch. Use a boolean condition instead.",
    );
  }
  const shape = broadcastShapes(broadcastShapes(condition.shape, shapeOf(x)), shapeOf(y));
  const dtype = resultType2(x, y);
  const pick = (v: Operand): Storage =>
    typeof v !== "object"
      ? allocate(dtype, 1).fill(castValue(numberOf(v), dtype))
      : convert(v, dtype).expand(shape).contiguous()._values();
  const c = condition.expand(shape).contiguous()._values();
  const xv = pick(x);
  const yv = pick(y);
  const xs = typeof x !== "object" ? 0 : 1;
  const ys = typeof y !== "object" ? 0 : 1;
  const out = allocate(dtype, c.length);
  for (let i = 0; i < c.length; i++) out[i] = c[i] !== 0 ? xv[i * xs] : yv[i * ys];
  const result = new Tensor(out, shape, dtype);
  if (tracks(x, y)) {
    const node = record("WhereBackward0", result, [x, y]);
    node.setBackward((g) => [
      node.needs(0) ? gradOf(where(condition, g, 0), x) : null,
      node.needs(1) ? gradOf(where(condition, 0, g), y) : null,
    ]);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Unary ops: the table

/** The unary ops of {@linkcode UNARY}. */
export type UnaryName =
  | "neg"
  | "exp"
  | "log"
  | "sqrt"
  | "abs"
  | "sin"
  | "cos"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "reciprocal";

/**
 * What a unary op does with integer and bool inputs: `"float"` computes in float32 (the default
 * dtype), as PyTorch's floating unary ops do; `keep` computes in the input's dtype with `keep`
 * (int32 and uint8 wrap), and refuses a bool input with PyTorch's error `bool` (`null`: a bool
 * input gives a bool result too); `refuse` names PyTorch's kernel, whose dispatch refuses every
 * integer and bool dtype (`"frac_cpu" not implemented for 'Long'`).
 */
export type IntegerRule =
  | "float"
  | { keep: (x: number) => number; bool: string | null }
  | { refuse: string };

/** One unary op: the row of {@linkcode UNARY}. */
export interface UnarySpec {
  /** The node name, PyTorch's (`ExpBackward0`). */
  node: string;
  /** The kernel, per element (float64, and float32 unless `f32` is given). */
  f: (x: number) => number;
  /** The float32 kernel, where it rounds differently from `f` rounded once. */
  f32?: (x: number) => number;
  /** What the backward reads: the input, the result, or nothing. */
  save: "input" | "result" | "none";
  /** The gradient of the input, from the output gradient and the saved value, in tensor ops. */
  backward: (g: Tensor, saved: Tensor) => Tensor;
  /** What integer and bool inputs give. */
  integers: IntegerRule;
}

/** PyTorch's sgn: 0 at ±0 and at NaN (Math.sign would give NaN). */
const sgn = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);

// Tagged with their kernels (kernels/elementwise.ts `withKernel`): `map` runs dedicated loops.
const RELU_F = withKernel((x: number) => (x < 0 ? 0 : x), RELU);
const RELU_MASK = withKernel((v: number) => (v <= 0 ? 0 : 1), STEP);
const NEG_F = withKernel((x: number) => -x, NEG);
const ABS_F = withKernel((x: number) => Math.abs(x), ABS);
const SQRT_F = withKernel((x: number) => Math.sqrt(x), SQRT);

/** PyTorch's formula, `1 / (1 + exp(-x))` (exact to the last bit for x = -100, as PyTorch). */
function sigmoid64(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** PyTorch's float32 kernel: `1 / (1 + exp(-x))` with a float32 `exp`, so it underflows to 0. */
function sigmoid32(x: number): number {
  return 1 / (1 + Math.fround(Math.exp(-x)));
}

/**
 * The unary ops, one row each: node name, kernel, what the backward saves, the backward in tensor
 * ops, and the dtype rule for integer and bool inputs. A missing row, derivative or dtype rule is
 * a type error; the functions below (`exp`, …) and their `Tensor` methods run their row.
 */
export const UNARY = {
  neg: {
    node: "NegBackward0",
    f: NEG_F,
    save: "none",
    backward: (g) => g.neg(),
    integers: {
      keep: (x) => -x,
      bool:
        "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    },
  },
  exp: {
    node: "ExpBackward0",
    f: Math.exp,
    save: "result",
    backward: (g, y) => g.mul(y),
    integers: "float",
  },
  log: {
    node: "LogBackward0",
    f: Math.log,
    save: "input",
    backward: (g, x) => g.div(x),
    integers: "float",
  },
  sqrt: {
    node: "SqrtBackward0",
    f: SQRT_F,
    save: "result",
    backward: (g, y) => g.div(y.mul(2)),
    integers: "float",
  },
  abs: {
    node: "AbsBackward0",
    f: ABS_F,
    save: "input",
    backward: (g, x) => g.mul(mapValues(x, sgn)),
    integers: { keep: Math.abs, bool: `"abs_cpu" not implemented for 'Bool'` },
  },
  sin: {
    node: "SinBackward0",
    f: Math.sin,
    save: "input",
    backward: (g, x) => g.mul(x.cos()),
    integers: "float",
  },
  cos: {
    node: "CosBackward0",
    f: Math.cos,
    save: "input",
    backward: (g, x) => g.mul(x.sin().neg()),
    integers: "float",
  },
  tanh: {
    node: "TanhBackward0",
    f: Math.tanh,
    save: "result",
    backward: (g, y) => g.mul(sub(1, y.square())),
    integers: "float",
  },
  sigmoid: {
    node: "SigmoidBackward0",
    f: sigmoid64,
    f32: sigmoid32,
    save: "result",
    backward: (g, y) => g.mul(y.mul(sub(1, y))),
    integers: "float",
  },
  relu: {
    node: "ReluBackward0",
    f: RELU_F,
    save: "result",
    // PyTorch's threshold_backward: `result <= 0 ? 0 : grad`, so a NaN result passes grad.
    backward: (g, y) => g.mul(mapValues(y, RELU_MASK)),
    integers: { keep: (x) => (x < 0 ? 0 : x), bool: "Boolean inputs not supported for relu" },
  },
  reciprocal: {
    node: "ReciprocalBackward0",
    f: (x) => 1 / x,
    save: "result",
    backward: (g, y) => g.mul(y.square().neg()),
    integers: "float",
  },
} satisfies Record<UnaryName, UnarySpec>;

/**
 * @ignore Runs the unary op `name` of {@linkcode UNARY} on `a`: the forward kernel in `a`'s
 * dtype (or float32 for an integer input of a floating op), and its node.
 */
export function unary(name: UnaryName, a: Tensor): Tensor {
  return applyUnary(UNARY[name], a, name);
}

/**
 * @ignore Runs the unary op `spec` (a row of {@linkcode UNARY}, or of a table or a
 * parametrised op elsewhere) on `a`: the forward kernel in `a`'s dtype (or float32 for an integer
 * input of a floating op), and its node. `name` is the op's name in messages.
 */
export function applyUnary(spec: UnarySpec, a: Tensor, name: string): Tensor {
  checkTensor(a, name);
  if (!isFloatingDType(a.dtype)) {
    const rule = spec.integers;
    if (rule === "float") return applyUnary(spec, convert(a, "float32"), name);
    if ("refuse" in rule) throw notImplemented(rule.refuse, a.dtype);
    if (a.dtype === "bool" && rule.bool !== null) throw new TypeError(rule.bool);
    return exactUnary(rule.keep, a, a.dtype, a.dtype, name);
  }
  const out = mapValues(a, a.dtype === "float32" && spec.f32 !== undefined ? spec.f32 : spec.f);
  if (tracks(a)) {
    const node = record(spec.node, out, [a]);
    if (spec.save === "none") node.setBackward((g) => [spec.backward(g, g)]);
    else {
      const s = node.save(spec.save === "result" ? out : a);
      node.setBackward((g) => [spec.backward(g, s.unpack())]);
    }
  }
  return out;
}

/**
 * `-a`. PyTorch: `torch.neg` → `NegBackward0`. Integer tensors keep their dtype (int32 and uint8
 * wrap); a bool tensor is refused with PyTorch's error (use `logicalNot`).
 *
 * @param a The input.
 * @returns The negation.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { neg, tensor } from "@descent/tensor";
 * assert.equal(String(neg(tensor([1, -2]))), "tensor([-1,  2])");
 * assert.equal(String(neg(tensor([1.5, -2]))), "tensor([-1.5000,  2.0000])");
 * ```
 */
export function neg(a: Tensor): Tensor {
  return unary("neg", a);
}

/**
 * `e ** a`. PyTorch: `torch.exp` → `ExpBackward0` (saves its result). Integer and bool inputs
 * give float32.
 *
 * @param a The input.
 * @returns The exponential.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exp, tensor } from "@descent/tensor";
 * assert.equal(String(exp(tensor([0, 1]))), "tensor([1.0000, 2.7183])");
 * ```
 */
export function exp(a: Tensor): Tensor {
  return unary("exp", a);
}

/**
 * Natural logarithm. PyTorch: `torch.log` → `LogBackward0`. Integer and bool inputs give
 * float32.
 *
 * @param a The input.
 * @returns The logarithm.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { log, tensor } from "@descent/tensor";
 * assert.equal(String(log(tensor([1, 0]))), "tensor([0., -inf])");
 * ```
 */
export function log(a: Tensor): Tensor {
  return unary("log", a);
}

/**
 * Square root. PyTorch: `torch.sqrt` → `SqrtBackward0` (saves its result). Integer and bool
 * inputs give float32.
 *
 * @param a The input.
 * @returns The root.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sqrt, tensor } from "@descent/tensor";
 * assert.equal(String(sqrt(tensor([4, 9]))), "tensor([2., 3.])");
 * ```
 */
export function sqrt(a: Tensor): Tensor {
  return unary("sqrt", a);
}

/**
 * Absolute value. PyTorch: `torch.abs` → `AbsBackward0` (gradient `sign(a)`, 0 at 0). Integer
 * tensors keep their dtype; a bool tensor is refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `|a|`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { abs, tensor } from "@descent/tensor";
 * assert.equal(String(abs(tensor([-1, 2]))), "tensor([1, 2])");
 * ```
 */
export function abs(a: Tensor): Tensor {
  return unary("abs", a);
}

/**
 * Sine. PyTorch: `torch.sin` → `SinBackward0`. Integer and bool inputs give float32.
 *
 * @param a The input, in radians.
 * @returns `sin(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sin, tensor } from "@descent/tensor";
 * assert.equal(String(sin(tensor([0]))), "tensor([0.])");
 * ```
 */
export function sin(a: Tensor): Tensor {
  return unary("sin", a);
}

/**
 * Cosine. PyTorch: `torch.cos` → `CosBackward0`. Integer and bool inputs give float32.
 *
 * @param a The input, in radians.
 * @returns `cos(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cos, tensor } from "@descent/tensor";
 * assert.equal(String(cos(tensor([0]))), "tensor([1.])");
 * ```
 */
export function cos(a: Tensor): Tensor {
  return unary("cos", a);
}

/**
 * Hyperbolic tangent. PyTorch: `torch.tanh` → `TanhBackward0` (saves its result). Integer and
 * bool inputs give float32.
 *
 * @param a The input.
 * @returns `tanh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tanh, tensor } from "@descent/tensor";
 * assert.equal(String(tanh(tensor([0, 1]))), "tensor([0.0000, 0.7616])");
 * ```
 */
export function tanh(a: Tensor): Tensor {
  return unary("tanh", a);
}

/**
 * Logistic sigmoid `1 / (1 + e^-a)`. PyTorch: `torch.sigmoid` → `SigmoidBackward0` (saves its
 * result). Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `σ(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sigmoid, tensor } from "@descent/tensor";
 * assert.equal(String(sigmoid(tensor([0]))), "tensor([0.5000])");
 * ```
 */
export function sigmoid(a: Tensor): Tensor {
  return unary("sigmoid", a);
}

/**
 * `max(a, 0)`, keeping NaN and -0 (PyTorch computes `clamp_min(a, 0)`). PyTorch: `torch.relu` →
 * `ReluBackward0` (saves its result; gradient 0 at 0). Integer tensors keep their dtype; a bool
 * tensor is refused, as in PyTorch.
 *
 * @param a The input.
 * @returns The rectified values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relu, tensor } from "@descent/tensor";
 * assert.equal(String(relu(tensor([-1, 2]))), "tensor([0, 2])");
 * assert.equal(String(relu(tensor([-1.5, 2]))), "tensor([0., 2.])");
 * ```
 */
export function relu(a: Tensor): Tensor {
  return unary("relu", a);
}

/**
 * `a ** 2`. PyTorch: `torch.square` → `PowBackward0`. Integer tensors keep their dtype; a bool
 * tensor gives int64 (`pow(a, 2)`'s result type, as in PyTorch).
 *
 * @param a The input.
 * @returns The square.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { square, tensor } from "@descent/tensor";
 * assert.equal(String(square(tensor([-3]))), "tensor([9])");
 * ```
 */
export function square(a: Tensor): Tensor {
  checkTensor(a, "square");
  return pow(a, 2);
}

/**
 * `1 / a`. PyTorch: `torch.reciprocal` → `ReciprocalBackward0` (saves its result). Integer and
 * bool inputs give float32.
 *
 * @param a The input.
 * @returns The reciprocal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reciprocal, tensor } from "@descent/tensor";
 * assert.equal(String(reciprocal(tensor([2, 4]))), "tensor([0.5000, 0.2500])");
 * ```
 */
export function reciprocal(a: Tensor): Tensor {
  return unary("reciprocal", a);
}

/**
 * Clamps into `[min, max]`; either bound may be `null`. PyTorch: `torch.clamp(input, min, max)`
 * → `ClampBackward1` (gradient 1 inside the closed interval, 0 outside). The result dtype is
 * `resultType(a, min, max)`: an integer tensor with integer bounds stays integer, a float bound
 * gives float32.
 *
 * @param a The input.
 * @param min Lower bound or `null`.
 * @param max Upper bound or `null`.
 * @returns The clamped values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clamp, tensor } from "@descent/tensor";
 * assert.equal(String(clamp(tensor([-2, 0.5, 3]), 0, 1)), "tensor([0.0000, 0.5000, 1.0000])");
 * assert.equal(String(clamp(tensor([-2, 1, 3]), 0, 2)), "tensor([0, 1, 2])");
 * ```
 */
export function clamp(a: Tensor, min: number | null = null, max: number | null = null): Tensor {
  checkTensor(a, "clamp");
  if (min === null && max === null) {
    throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  const bounds = [min, max].filter((v): v is number => v !== null);
  const dtype = resultType(a, ...bounds);
  for (const v of bounds) checkedScalar(v, dtype);
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (!isFloatingDType(dtype)) {
    const l = min === null ? -Infinity : castValue(min, dtype);
    const h = max === null ? Infinity : castValue(max, dtype);
    return exactUnary((x) => Math.min(Math.max(x, l), h), a, dtype, dtype, "clamp");
  }
  const x = floatOperand(a, dtype);
  // PyTorch 2.x's clamp kernels: a NaN bound gives NaN everywhere (1.13 ignored a NaN bound
  // given alone); otherwise std::min(std::max(x, lo), hi), which keeps a NaN x and -0.
  const fill = lo !== lo || hi !== hi;
  const out = mapValues(
    x,
    fill ? () => NaN : (v) => {
      const r = v < lo ? lo : v;
      return hi < r ? hi : r;
    },
  );
  if (tracks(a)) {
    const node = record("ClampBackward1", out, [a]);
    const sa = node.save(a);
    // PyTorch's clamp_backward: g where lo <= x <= hi (false for NaN), else 0.
    node.setBackward((g) => [g.mul(mapValues(sa.unpack(), (v) => (v >= lo && v <= hi ? 1 : 0)))]);
  }
  return out;
}

function extremeOf2(a: Tensor, b: Tensor, largest: boolean): Tensor {
  const name = largest ? "maximum" : "minimum";
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new TypeError(`${name}(): expected two Tensors`);
  }
  const dtype = resultType2(a, b);
  if (!isFloatingDType(dtype)) {
    return exactBinary(largest ? Math.max : Math.min, a, b, dtype, dtype, name);
  }
  const pick: Fn2 = largest
    ? (x, y) => (x !== x || y !== y ? NaN : x >= y ? x : y)
    : (x, y) => (x !== x || y !== y ? NaN : x <= y ? x : y);
  const out = binaryValues(pick, a, b, dtype);
  if (tracks(a, b)) {
    const node = record(largest ? "MaximumBackward0" : "MinimumBackward0", out, [a, b]);
    const sa = node.save(a);
    const sb = node.save(b);
    node.setBackward((g) => {
      // PyTorch: where(x == y, g/2, g) masked to 0 where the input lost; ties split the
      // gradient in half, and where either is NaN both inputs get all of it.
      const x = sa.unpack();
      const y = sb.unpack();
      const weight = (lost: (p: number, q: number) => boolean): Fn2 => (p, q) =>
        p === q ? 0.5 : lost(p, q) ? 0 : 1;
      const wa = weight(largest ? (p, q) => p < q : (p, q) => p > q);
      const wb = weight(largest ? (p, q) => p > q : (p, q) => p < q);
      return [
        node.needs(0) ? sumTo(g.mul(constBinary(wa, x, y)), a.shape) : null,
        node.needs(1) ? sumTo(g.mul(constBinary(wb, x, y)), b.shape) : null,
      ];
    });
  }
  return out;
}

/**
 * Elementwise maximum, broadcasting; NaN if either is NaN. PyTorch: `torch.maximum` →
 * `MaximumBackward0` (ties share the gradient equally). The result dtype is `resultType(a, b)`.
 *
 * @param a First tensor.
 * @param b Second tensor.
 * @returns The larger of each pair.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maximum, tensor } from "@descent/tensor";
 * assert.equal(String(maximum(tensor([1, 5]), tensor([3, 2]))), "tensor([3, 5])");
 * ```
 */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return extremeOf2(a, b, true);
}

/**
 * Elementwise minimum, broadcasting; NaN if either is NaN. PyTorch: `torch.minimum` →
 * `MinimumBackward0`. The result dtype is `resultType(a, b)`.
 *
 * @param a First tensor.
 * @param b Second tensor.
 * @returns The smaller of each pair.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { minimum, tensor } from "@descent/tensor";
 * assert.equal(String(minimum(tensor([1, 5]), tensor([3, 2]))), "tensor([1, 2])");
 * ```
 */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return extremeOf2(a, b, false);
}
