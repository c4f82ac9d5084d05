/**
 * Elementwise ops with their derivatives: each op's forward kernel call and its backward node
 * side by side. Backwards are written in Tensor ops, so `createGraph` differentiates them again.
 *
 * @module
 */

import { allocate, type DType, type Operand, Tensor } from "../tensor.ts";
import { broadcastShapes, broadcastStrides, sameShape } from "../shape.ts";
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
import { checkTensor, record, tracks } from "./record.ts";
import { sumTo } from "./reduce.ts";

type Fn2 = (x: number, y: number) => number;

/** A number as a 0-d float64 tensor (PyTorch's "wrapped number"), for saving. */
function wrapped(x: number): Tensor {
  const t = new Tensor(allocate("float64", 1), []);
  t._data[0] = x;
  return t;
}

function checkOperand(x: unknown, name: string): void {
  if (typeof x === "number") return;
  if (!(x instanceof Tensor)) {
    throw new TypeError(
      `${name}(): argument must be a Tensor or a number, got ${x === null ? "null" : typeof x}`,
    );
  }
}

/**
 * @internal The dtype of a binary op's result, PyTorch's `result_type`: numbers and 0-d tensors
 * do not promote a tensor with dimensions (`tensor([1, 2]).mul(tensor(2, float64))` is
 * float32); otherwise float64 wins.
 */
export function resultType(a: Operand, b: Operand): DType {
  if (typeof a === "number") return (b as Tensor).dtype;
  if (typeof b === "number") return a.dtype;
  if (a.ndim === 0 && b.ndim > 0) return b.dtype;
  if (b.ndim === 0 && a.ndim > 0) return a.dtype;
  return a.dtype === "float64" || b.dtype === "float64" ? "float64" : "float32";
}

/** @internal Forward of a broadcasting binary op, unrecorded. */
export function binaryValues(op: BinOp | Fn2, a: Operand, b: Operand): Tensor {
  if (typeof b === "number") {
    const t = a as Tensor;
    const out = allocate(t.dtype, t._numel);
    binaryScalar(op, t._values(), scalarAs(t.dtype, b), out, t._numel, false);
    return new Tensor(out, t.shape);
  }
  if (typeof a === "number") {
    const out = allocate(b.dtype, b._numel);
    binaryScalar(op, b._values(), scalarAs(b.dtype, a), out, b._numel, true);
    return new Tensor(out, b.shape);
  }
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape);
  const dtype = resultType(a, b);
  let n = 1;
  for (const s of shape) n *= s;
  const out = allocate(dtype, n);
  binary(
    op,
    shape,
    a._data,
    a._offset,
    a.shape === shape ? a._strides : broadcastStrides(a.shape, a._strides, shape),
    b._data,
    b._offset,
    b.shape === shape ? b._strides : broadcastStrides(b.shape, b._strides, shape),
    out,
  );
  return new Tensor(out, shape);
}

/**
 * @internal A number operand as the op computes it: PyTorch casts a wrapped Python number to
 * the tensor's dtype, so a float32 op sees `Math.fround(x)`.
 */
export function scalarAs(dtype: DType, x: number): number {
  return dtype === "float32" ? Math.fround(x) : x;
}

/** `x + alpha * y` as PyTorch's float32 or float64 kernel computes it. */
function axpy(dtype: DType, alpha: number): Fn2 {
  if (dtype === "float64") return (x, y) => x + alpha * y;
  const a32 = Math.fround(alpha);
  return (x, y) => x + Math.fround(a32 * y);
}

/** @internal `f` applied to every element, unrecorded (also used for constant masks). */
export function mapValues(a: Tensor, f: (x: number) => number): Tensor {
  const out = allocate(a.dtype, a._numel);
  map(a._values(), out, a._numel, f);
  return new Tensor(out, a.shape);
}

/** @internal `alpha * b` for a number `b`, rounded as the tensor's dtype computes it. */
export function alphaTimes(a: Operand, alpha: number, b: number): number {
  const dtype = (a as Tensor).dtype;
  return dtype === "float32" ? Math.fround(Math.fround(alpha) * Math.fround(b)) : alpha * b;
}

function gradOf(g: Tensor, operand: Operand): Tensor {
  return sumTo(g, (operand as Tensor).shape);
}

/**
 * `a + alpha * b`, broadcasting. PyTorch: `torch.add(input, other, alpha=1)` → `AddBackward0`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @param options `alpha`, a multiplier of `b`.
 * @returns The sum.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { add, tensor } from "@descent/tensor";
 * assert(String(add(tensor([1, 2]), 1)) === "tensor([2., 3.])");
 * ```
 */
export function add(a: Operand, b: Operand, options?: { alpha?: number }): Tensor {
  checkOperand(a, "add");
  checkOperand(b, "add");
  const alpha = options?.alpha ?? 1;
  if (typeof a === "number") {
    if (typeof b === "number") throw new TypeError("add(): at least one argument must be a Tensor");
    if (alpha === 1) return add(b, a);
  }
  let out: Tensor;
  if (alpha === 1) out = binaryValues(ADD, a, b);
  else if (typeof b === "number") out = binaryValues(ADD, a, alphaTimes(a, alpha, b));
  else out = binaryValues(axpy(resultType(a, b), alpha), a, b);
  if (tracks(a, b)) {
    const node = record("AddBackward0", out, [a, b]);
    node.backwardFn = (g) => [
      node.needs(0) ? gradOf(g, a) : null,
      node.needs(1) ? gradOf(alpha === 1 ? g : g.mul(alpha), b) : null,
    ];
  }
  return out;
}

/**
 * `a - alpha * b`, broadcasting. PyTorch: `torch.sub(input, other, alpha=1)` → `SubBackward0`
 * (`RsubBackward1` when `a` is a number, like `1 - t`).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @param options `alpha`, a multiplier of `b`.
 * @returns The difference.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sub, tensor } from "@descent/tensor";
 * assert(String(sub(1, tensor([1, 2]))) === "tensor([ 0., -1.])");
 * ```
 */
export function sub(a: Operand, b: Operand, options?: { alpha?: number }): Tensor {
  checkOperand(a, "sub");
  checkOperand(b, "sub");
  const alpha = options?.alpha ?? 1;
  if (typeof a === "number") {
    if (typeof b === "number") throw new TypeError("sub(): at least one argument must be a Tensor");
    // rsub(b, a, alpha) = a - alpha * b
    const out = alpha === 1 ? binaryValues(SUB, a, b) : binaryValues(axpy(b.dtype, -alpha), a, b);
    if (tracks(b)) {
      const node = record("RsubBackward1", out, [b]);
      node.backwardFn = (g) => [g.mul(-alpha)];
    }
    return out;
  }
  let out: Tensor;
  if (alpha === 1) out = binaryValues(SUB, a, b);
  else if (typeof b === "number") out = binaryValues(SUB, a, alphaTimes(a, alpha, b));
  else out = binaryValues(axpy(resultType(a, b), -alpha), a, b);
  if (tracks(a, b)) {
    const node = record("SubBackward0", out, [a, b]);
    node.backwardFn = (g) => [
      node.needs(0) ? gradOf(g, a) : null,
      node.needs(1) ? gradOf(g.mul(-alpha), b) : null,
    ];
  }
  return out;
}

/**
 * `a * b`, broadcasting. PyTorch: `torch.mul(input, other)` → `MulBackward0`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns The product.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mul, tensor } from "@descent/tensor";
 * assert(String(mul(tensor([1, 2]), tensor([[1], [3]]))) === "tensor([[1., 2.],\n        [3., 6.]])");
 * ```
 */
export function mul(a: Operand, b: Operand): Tensor {
  checkOperand(a, "mul");
  checkOperand(b, "mul");
  if (typeof a === "number") {
    if (typeof b === "number") throw new TypeError("mul(): at least one argument must be a Tensor");
    return mul(b, a);
  }
  const out = binaryValues(MUL, a, b);
  if (tracks(a, b)) {
    const node = record("MulBackward0", out, [a, b]);
    // A number is saved too, as PyTorch saves the wrapped number (`_saved_other`): a second
    // backward through this node then fails the same way.
    const sb = node.needs(0) ? node.save(typeof b === "number" ? wrapped(b) : b) : null;
    const sa = node.needs(1) ? node.save(a) : null;
    node.backwardFn = (g) => {
      const bv = sb === null ? b : typeof b === "number" ? (sb.unpack(), b) : sb.unpack();
      return [
        node.needs(0) ? gradOf(g.mul(bv), a) : null,
        node.needs(1) ? gradOf(g.mul(sa!.unpack()), b) : null,
      ];
    };
  }
  return out;
}

/**
 * `a / b`, broadcasting. PyTorch: `torch.div(input, other)` → `DivBackward0`; a number
 * divided by a tensor is `reciprocal` then `mul`, like Python's `2 / t`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns The quotient.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { div, tensor } from "@descent/tensor";
 * assert(String(div(tensor([1, 2]), 4)) === "tensor([0.2500, 0.5000])");
 * ```
 */
export function div(a: Operand, b: Operand): Tensor {
  checkOperand(a, "div");
  checkOperand(b, "div");
  if (typeof a === "number") {
    if (typeof b === "number") throw new TypeError("div(): at least one argument must be a Tensor");
    return mul(reciprocal(b), a);
  }
  const out = binaryValues(DIV, a, b);
  if (tracks(a, b)) {
    const node = record("DivBackward0", out, [a, b]);
    const sb = node.save(typeof b === "number" ? wrapped(b) : b);
    const sa = node.needs(1) ? node.save(a) : null;
    node.backwardFn = (g) => {
      const bv = typeof b === "number" ? (sb.unpack(), b) : sb.unpack();
      return [
        node.needs(0) ? gradOf(g.div(bv), a) : null,
        // PyTorch's div_tensor_other_backward: -g·((a/b)/b); -g·a/b² overflows where b² does.
        node.needs(1) ? gradOf(g.neg().mul(sa!.unpack().div(bv).div(bv)), b) : null,
      ];
    };
  }
  return out;
}

/**
 * `a ** b`. PyTorch: `torch.pow` → `PowBackward0` (number exponent), `PowBackward1` (tensor
 * exponent) or `PowBackward2` (number base).
 *
 * @param a Base: a tensor or number.
 * @param b Exponent: a tensor or number.
 * @returns The power.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pow, tensor } from "@descent/tensor";
 * assert(String(pow(tensor([1, 2, 3]), 2)) === "tensor([1., 4., 9.])");
 * assert(String(pow(2, tensor([1, 2, 3]))) === "tensor([2., 4., 8.])");
 * ```
 */
export function pow(a: Operand, b: Operand): Tensor {
  checkOperand(a, "pow");
  checkOperand(b, "pow");
  if (typeof a === "number") {
    if (typeof b === "number") throw new TypeError("pow(): at least one argument must be a Tensor");
    const base = a;
    const out = binaryValues(cpow, base, b);
    if (tracks(b)) {
      const node = record("PowBackward2", out, [b]);
      const so = node.save(out);
      const lnBase = Math.log(base);
      node.backwardFn = (g) => {
        // d/de base^e = base^e * ln(base); 0 where base == 0 and e >= 0 (PyTorch's mask).
        let d = g.mul(so.unpack()).mul(lnBase);
        if (base === 0) d = where(mapValues(b, (e) => (e >= 0 ? 1 : 0)), 0, d);
        return [d];
      };
    }
    return out;
  }
  if (typeof b === "number") {
    const out = b === 2 ? binaryValues(MUL, a, a) : mapValues(a, powScalarKernel(b));
    if (tracks(a)) {
      const node = record("PowBackward0", out, [a]);
      const sa = node.save(a);
      node.backwardFn = (g) => {
        const x = sa.unpack();
        // PyTorch's pow_backward: zeros for exponent 0, else g·(e·x^(e-1)).
        if (b === 0) return [mapValues(x, () => 0)];
        return [g.mul(b === 2 ? x.mul(2) : pow(x, b - 1).mul(b))];
      };
    }
    return out;
  }
  const out = binaryValues(cpow, a, b);
  if (tracks(a, b)) {
    const node = record("PowBackward1", out, [a, b]);
    const sa = node.save(a);
    const sb = node.save(b);
    const so = node.needs(1) ? node.save(out) : null;
    node.backwardFn = (g) => {
      const x = sa.unpack();
      const e = sb.unpack();
      let ga: Tensor | null = null;
      let gb: Tensor | null = null;
      if (node.needs(0)) {
        const d = g.mul(e).mul(pow(x, e.sub(1)));
        ga = sumTo(where(constBinary((_, q) => (q === 0 ? 1 : 0), x, e), 0, d), x.shape);
      }
      if (node.needs(1)) {
        const d = g.mul(so!.unpack()).mul(x.log());
        const zeroMask = constBinary((p, q) => (p === 0 && q >= 0 ? 1 : 0), x, e);
        gb = sumTo(where(zeroMask, 0, d), e.shape);
      }
      return [ga, gb];
    };
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

/** A constant (never recorded) broadcasting binary map, for masks. */
function constBinary(f: Fn2, a: Tensor, b: Tensor): Tensor {
  return binaryValues(f, a, b);
}

/**
 * Picks `x` where `condition` is nonzero, else `y`, broadcasting all three.
 * PyTorch: `torch.where(condition, input, other)` → `WhereBackward0`.
 *
 * @param condition A tensor read as booleans (nonzero is true).
 * @param x Values where the condition holds.
 * @param y Values elsewhere.
 * @returns The selection.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, where } from "@descent/tensor";
 * const x = tensor([-1, 2, -3]);
 * assert(String(where(x.relu(), x, 0)) === "tensor([0., 2., 0.])");
 * ```
 */
export function where(condition: Tensor, x: Operand, y: Operand): Tensor {
  if (!(condition instanceof Tensor)) throw new TypeError("where(): condition must be a Tensor");
  checkOperand(x, "where");
  checkOperand(y, "where");
  const shapeOf = (v: Operand): readonly number[] => (typeof v === "number" ? [] : v.shape);
  const shape = broadcastShapes(broadcastShapes(condition.shape, shapeOf(x)), shapeOf(y));
  const dtype = typeof x === "number"
    ? (typeof y === "number" ? "float32" : y.dtype)
    : typeof y === "number"
    ? x.dtype
    : resultType(x, y);
  const pick = (v: Operand): Storage =>
    typeof v === "number" ? allocate(dtype, 1).fill(v) : v.expand(shape).contiguous()._values();
  const c = condition.expand(shape).contiguous()._values();
  const xv = pick(x);
  const yv = pick(y);
  const xs = typeof x === "number" ? 0 : 1;
  const ys = typeof y === "number" ? 0 : 1;
  const out = allocate(dtype, c.length);
  for (let i = 0; i < c.length; i++) out[i] = c[i] !== 0 ? xv[i * xs] : yv[i * ys];
  const result = new Tensor(out, shape);
  if (tracks(x, y)) {
    const node = record("WhereBackward0", result, [x, y]);
    node.backwardFn = (g) => [
      node.needs(0) ? gradOf(where(condition, g, 0), x) : null,
      node.needs(1) ? gradOf(where(condition, 0, g), y) : null,
    ];
  }
  return result;
}

function unaryOp(
  a: Tensor,
  name: string,
  f: (x: number) => number,
  saveOut: boolean,
  backward: (g: Tensor, saved: Tensor) => Tensor,
): Tensor {
  checkTensor(a, name.replace(/Backward\d+$/, "").toLowerCase());
  const out = mapValues(a, f);
  if (tracks(a)) {
    const node = record(name, out, [a]);
    const s = node.save(saveOut ? out : a);
    node.backwardFn = (g) => [backward(g, s.unpack())];
  }
  return out;
}

/**
 * `-a`. PyTorch: `torch.neg` → `NegBackward0`.
 *
 * @param a The input.
 * @returns The negation.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { neg, tensor } from "@descent/tensor";
 * assert(String(neg(tensor([1, -2]))) === "tensor([-1.,  2.])");
 * ```
 */
export function neg(a: Tensor): Tensor {
  checkTensor(a, "neg");
  const out = mapValues(a, NEG_F);
  if (tracks(a)) {
    const node = record("NegBackward0", out, [a]);
    node.backwardFn = (g) => [g.neg()];
  }
  return out;
}

/**
 * `e ** a`. PyTorch: `torch.exp` → `ExpBackward0` (saves its result).
 *
 * @param a The input.
 * @returns The exponential.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exp, tensor } from "@descent/tensor";
 * assert(String(exp(tensor([0, 1]))) === "tensor([1.0000, 2.7183])");
 * ```
 */
export function exp(a: Tensor): Tensor {
  return unaryOp(a, "ExpBackward0", Math.exp, true, (g, y) => g.mul(y));
}

/**
 * Natural logarithm. PyTorch: `torch.log` → `LogBackward0`.
 *
 * @param a The input.
 * @returns The logarithm.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { log, tensor } from "@descent/tensor";
 * assert(String(log(tensor([1, 0]))) === "tensor([0., -inf])");
 * ```
 */
export function log(a: Tensor): Tensor {
  return unaryOp(a, "LogBackward0", Math.log, false, (g, x) => g.div(x));
}

/**
 * Square root. PyTorch: `torch.sqrt` → `SqrtBackward0` (saves its result).
 *
 * @param a The input.
 * @returns The root.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sqrt, tensor } from "@descent/tensor";
 * assert(String(sqrt(tensor([4, 9]))) === "tensor([2., 3.])");
 * ```
 */
export function sqrt(a: Tensor): Tensor {
  return unaryOp(a, "SqrtBackward0", SQRT_F, true, (g, y) => g.div(y.mul(2)));
}

/**
 * Absolute value. PyTorch: `torch.abs` → `AbsBackward0` (gradient `sign(a)`, 0 at 0).
 *
 * @param a The input.
 * @returns `|a|`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { abs, tensor } from "@descent/tensor";
 * assert(String(abs(tensor([-1, 2]))) === "tensor([1., 2.])");
 * ```
 */
export function abs(a: Tensor): Tensor {
  // PyTorch's sgn: 0 at ±0 and at NaN (Math.sign would give NaN).
  const sgn = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);
  return unaryOp(a, "AbsBackward0", ABS_F, false, (g, x) => g.mul(mapValues(x, sgn)));
}

/**
 * Sine. PyTorch: `torch.sin` → `SinBackward0`.
 *
 * @param a The input, in radians.
 * @returns `sin(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sin, tensor } from "@descent/tensor";
 * assert(String(sin(tensor([0]))) === "tensor([0.])");
 * ```
 */
export function sin(a: Tensor): Tensor {
  return unaryOp(a, "SinBackward0", Math.sin, false, (g, x) => g.mul(x.cos()));
}

/**
 * Cosine. PyTorch: `torch.cos` → `CosBackward0`.
 *
 * @param a The input, in radians.
 * @returns `cos(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cos, tensor } from "@descent/tensor";
 * assert(String(cos(tensor([0]))) === "tensor([1.])");
 * ```
 */
export function cos(a: Tensor): Tensor {
  return unaryOp(a, "CosBackward0", Math.cos, false, (g, x) => g.mul(x.sin().neg()));
}

/**
 * Hyperbolic tangent. PyTorch: `torch.tanh` → `TanhBackward0` (saves its result).
 *
 * @param a The input.
 * @returns `tanh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tanh, tensor } from "@descent/tensor";
 * assert(String(tanh(tensor([0, 1]))) === "tensor([0.0000, 0.7616])");
 * ```
 */
export function tanh(a: Tensor): Tensor {
  return unaryOp(a, "TanhBackward0", Math.tanh, true, (g, y) => g.mul(sub(1, y.square())));
}

/** PyTorch's formula, `1 / (1 + exp(-x))` (exact to the last bit for x = -100, as PyTorch). */
function sigmoid64(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** PyTorch's float32 kernel: `1 / (1 + exp(-x))` with a float32 `exp`, so it underflows to 0. */
function sigmoid32(x: number): number {
  return 1 / (1 + Math.fround(Math.exp(-x)));
}

/**
 * Logistic sigmoid `1 / (1 + e^-a)`. PyTorch: `torch.sigmoid` → `SigmoidBackward0` (saves its
 * result).
 *
 * @param a The input.
 * @returns `σ(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sigmoid, tensor } from "@descent/tensor";
 * assert(String(sigmoid(tensor([0]))) === "tensor([0.5000])");
 * ```
 */
export function sigmoid(a: Tensor): Tensor {
  const f = a instanceof Tensor && a.dtype === "float32" ? sigmoid32 : sigmoid64;
  return unaryOp(a, "SigmoidBackward0", f, true, (g, y) => g.mul(y.mul(sub(1, y))));
}

/**
 * `max(a, 0)`, keeping NaN and -0 (PyTorch computes `clamp_min(a, 0)`). PyTorch: `torch.relu` →
 * `ReluBackward0` (saves its result; gradient 0 at 0).
 *
 * @param a The input.
 * @returns The rectified values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relu, tensor } from "@descent/tensor";
 * assert(String(relu(tensor([-1, 2]))) === "tensor([0., 2.])");
 * ```
 */
export function relu(a: Tensor): Tensor {
  return unaryOp(
    a,
    "ReluBackward0",
    RELU_F,
    true,
    // PyTorch's threshold_backward: `result <= 0 ? 0 : grad`, so a NaN result passes grad.
    (g, y) => g.mul(mapValues(y, RELU_MASK)),
  );
}

// Tagged with their kernels (kernels/elementwise.ts `withKernel`): `map` runs dedicated loops.
const RELU_F = withKernel((x: number) => (x < 0 ? 0 : x), RELU);
const RELU_MASK = withKernel((v: number) => (v <= 0 ? 0 : 1), STEP);
const NEG_F = withKernel((x: number) => -x, NEG);
const ABS_F = withKernel((x: number) => Math.abs(x), ABS);
const SQRT_F = withKernel((x: number) => Math.sqrt(x), SQRT);

/**
 * `a ** 2`. PyTorch: `torch.square` → `PowBackward0`.
 *
 * @param a The input.
 * @returns The square.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { square, tensor } from "@descent/tensor";
 * assert(String(square(tensor([-3]))) === "tensor([9.])");
 * ```
 */
export function square(a: Tensor): Tensor {
  return pow(a, 2);
}

/**
 * `1 / a`. PyTorch: `torch.reciprocal` → `ReciprocalBackward0` (saves its result).
 *
 * @param a The input.
 * @returns The reciprocal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reciprocal, tensor } from "@descent/tensor";
 * assert(String(reciprocal(tensor([2, 4]))) === "tensor([0.5000, 0.2500])");
 * ```
 */
export function reciprocal(a: Tensor): Tensor {
  return unaryOp(a, "ReciprocalBackward0", (x) => 1 / x, true, (g, y) => g.mul(y.square().neg()));
}

/**
 * Clamps into `[min, max]`; either bound may be `null`. PyTorch: `torch.clamp(input, min, max)`
 * → `ClampBackward1` (gradient 1 inside the closed interval, 0 outside).
 *
 * @param a The input.
 * @param min Lower bound or `null`.
 * @param max Upper bound or `null`.
 * @returns The clamped values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clamp, tensor } from "@descent/tensor";
 * assert(String(clamp(tensor([-2, 0.5, 3]), 0, 1)) === "tensor([0.0000, 0.5000, 1.0000])");
 * ```
 */
export function clamp(a: Tensor, min: number | null = null, max: number | null = null): Tensor {
  if (min === null && max === null) {
    throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  // PyTorch 2.x's clamp_out: a NaN bound fills NaN when both bounds are given; otherwise the
  // kernel is std::min(std::max(x, lo), hi), which keeps a NaN x and -0 and ignores a NaN bound.
  const fill = min !== null && max !== null && (lo !== lo || hi !== hi);
  return unaryOp(
    a,
    "ClampBackward1",
    fill ? () => NaN : (x) => {
      const r = x < lo ? lo : x;
      return hi < r ? hi : r;
    },
    false,
    // PyTorch's clamp_backward: g where lo <= x <= hi (false for NaN), else 0.
    (g, x) => g.mul(mapValues(x, (v) => (v >= lo && v <= hi ? 1 : 0))),
  );
}

function compare(a: Operand, b: Operand, name: string, f: Fn2): Tensor {
  checkOperand(a, name);
  checkOperand(b, name);
  if (typeof a === "number" && typeof b === "number") {
    throw new TypeError(`${name}(): at least one argument must be a Tensor`);
  }
  const r = binaryValues(f, a, b);
  return r.dtype === "float32" ? r : new Tensor(Float32Array.from(r._data), r.shape);
}

/**
 * `a == b` elementwise, broadcasting, as 1/0. PyTorch: `torch.eq` (which returns bool; descent
 * has float dtypes only, so the result is float32 1./0. and never requires grad).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A float32 mask.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eq, tensor } from "@descent/tensor";
 * assert.equal(String(eq(tensor([1, 2, 3]), 2)), "tensor([0., 1., 0.])");
 * ```
 */
export function eq(a: Operand, b: Operand): Tensor {
  return compare(a, b, "eq", (x, y) => (x === y ? 1 : 0));
}

/**
 * `a != b` elementwise as 1/0. PyTorch: `torch.ne` (bool there, float32 here).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A float32 mask.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ne, tensor } from "@descent/tensor";
 * assert.equal(String(ne(tensor([1, 2]), 2)), "tensor([1., 0.])");
 * ```
 */
export function ne(a: Operand, b: Operand): Tensor {
  return compare(a, b, "ne", (x, y) => (x !== y ? 1 : 0));
}

/**
 * `a > b` elementwise as 1/0. PyTorch: `torch.gt` (bool there, float32 here).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A float32 mask.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gt, tensor } from "@descent/tensor";
 * assert.equal(String(gt(tensor([1, 2, 3]), 2)), "tensor([0., 0., 1.])");
 * ```
 */
export function gt(a: Operand, b: Operand): Tensor {
  return compare(a, b, "gt", (x, y) => (x > y ? 1 : 0));
}

/**
 * `a >= b` elementwise as 1/0. PyTorch: `torch.ge` (bool there, float32 here).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A float32 mask.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ge, tensor } from "@descent/tensor";
 * assert.equal(String(ge(tensor([1, 2, 3]), 2)), "tensor([0., 1., 1.])");
 * ```
 */
export function ge(a: Operand, b: Operand): Tensor {
  return compare(a, b, "ge", (x, y) => (x >= y ? 1 : 0));
}

/**
 * `a < b` elementwise as 1/0. PyTorch: `torch.lt` (bool there, float32 here).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A float32 mask.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lt, tensor } from "@descent/tensor";
 * assert.equal(String(lt(tensor([1, 2, 3]), 2)), "tensor([1., 0., 0.])");
 * ```
 */
export function lt(a: Operand, b: Operand): Tensor {
  return compare(a, b, "lt", (x, y) => (x < y ? 1 : 0));
}

/**
 * `a <= b` elementwise as 1/0. PyTorch: `torch.le` (bool there, float32 here).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A float32 mask.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { le, tensor } from "@descent/tensor";
 * assert.equal(String(le(tensor([1, 2, 3]), 2)), "tensor([1., 1., 0.])");
 * ```
 */
export function le(a: Operand, b: Operand): Tensor {
  return compare(a, b, "le", (x, y) => (x <= y ? 1 : 0));
}

function extremeOf2(a: Tensor, b: Tensor, largest: boolean): Tensor {
  const name = largest ? "maximum" : "minimum";
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new TypeError(`${name}(): expected two Tensors`);
  }
  const pick: Fn2 = largest
    ? (x, y) => (x !== x || y !== y ? NaN : x >= y ? x : y)
    : (x, y) => (x !== x || y !== y ? NaN : x <= y ? x : y);
  const out = binaryValues(pick, a, b);
  if (tracks(a, b)) {
    const node = record(largest ? "MaximumBackward0" : "MinimumBackward0", out, [a, b]);
    const sa = node.save(a);
    const sb = node.save(b);
    node.backwardFn = (g) => {
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
    };
  }
  return out;
}

/**
 * Elementwise maximum, broadcasting; NaN if either is NaN. PyTorch: `torch.maximum` →
 * `MaximumBackward0` (ties share the gradient equally).
 *
 * @param a First tensor.
 * @param b Second tensor.
 * @returns The larger of each pair.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maximum, tensor } from "@descent/tensor";
 * assert.equal(String(maximum(tensor([1, 5]), tensor([3, 2]))), "tensor([3., 5.])");
 * ```
 */
export function maximum(a: Tensor, b: Tensor): Tensor {
  return extremeOf2(a, b, true);
}

/**
 * Elementwise minimum, broadcasting; NaN if either is NaN. PyTorch: `torch.minimum` →
 * `MinimumBackward0`.
 *
 * @param a First tensor.
 * @param b Second tensor.
 * @returns The smaller of each pair.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { minimum, tensor } from "@descent/tensor";
 * assert.equal(String(minimum(tensor([1, 5]), tensor([3, 2]))), "tensor([1., 2.])");
 * ```
 */
export function minimum(a: Tensor, b: Tensor): Tensor {
  return extremeOf2(a, b, false);
}
