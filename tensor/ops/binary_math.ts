/**
 * Binary elementwise math (issue 13): `atan2`, `logaddexp`, `hypot`, `copysign`, `xlogy`,
 * broadcasting, with PyTorch's kernels, derivatives (derivatives.yaml, in tensor ops) and node
 * names. Integer and bool operands give float32, or are refused where PyTorch's kernel has no
 * integer loop (`logaddexp`, `hypot`).
 *
 * @module
 */

import { type DType, type Operand, Tensor } from "../tensor.ts";
import { zerosLike } from "../create.ts";
import { isFloatingDType, notImplemented, resultType } from "../dtype.ts";
import { binaryValues, checkOperand, maskOf, where } from "./elementwise.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { numberOf, shapeOf } from "./exact.ts";
import { sumTo } from "./reduce.ts";
import { logicalAnd } from "./bitwise.ts";
import { twoProdErr, twoSumErr } from "../fma.ts";

type Fn2 = (x: number, y: number) => number;

/** The floating dtype of a float op of `a` and `b`: their result type, float32 for integers. */
function floatType(a: Operand, b: Operand): DType {
  const dtype = resultType(a, b);
  return isFloatingDType(dtype) ? dtype : "float32";
}

/** Throws PyTorch's argument error unless `x` is a tensor (these ops take no numbers). */
function checkTensorArg(x: unknown, op: string, arg: string, position: number): void {
  if (x instanceof Tensor) return;
  const type = typeof x === "number" ? (Number.isInteger(x) ? "int" : "float") : typeof x;
  throw new TypeError(
    `${op}(): argument '${arg}' (position ${position}) must be Tensor, not ${type}`,
  );
}

/** A gradient of a broadcast operand, summed back to the operand's shape. */
function gradOf(g: Tensor, x: Operand): Tensor {
  return sumTo(g, shapeOf(x));
}

/**
 * The angle of the point `(b, a)`: `atan(a / b)` in the right quadrant, in (-π, π]. PyTorch:
 * `torch.atan2(input, other)` (`torch.arctan2`) → `Atan2Backward0`. Integer and bool operands
 * give float32.
 *
 * @param a The y coordinates.
 * @param b The x coordinates (broadcasting).
 * @returns `atan2(a, b)`, in radians.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { atan2, tensor } from "@descent/tensor";
 * assert.equal(String(atan2(tensor([1, 1, -1]), tensor([1, -1, 0]))), "tensor([ 0.7854,  2.3562, -1.5708])");
 * ```
 */
export function atan2(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, "atan2");
  checkTensorArg(b, "atan2", "other", 2);
  const out = binaryValues(Math.atan2, a, b, floatType(a, b));
  if (tracks(a, b)) {
    const node = record("Atan2Backward0", out, [a, b]);
    const sa = node.save(a);
    const sb = node.save(b);
    node.setBackward((g) => {
      const y = sa.unpack();
      const x = sb.unpack();
      // PyTorch's atan2_backward: g·x/(y² + x²), -g·y/(y² + x²), both 0 where y² + x² is 0
      // (at the origin, or where the squares underflow)
      const denom = y.mul(y).add(x.mul(x));
      const recip = where(maskOf(denom, (v) => v === 0), 0, denom.reciprocal());
      return [
        node.needs(0) ? gradOf(g.mul(x).mul(recip), a) : null,
        node.needs(1) ? gradOf(g.mul(y.neg()).mul(recip), b) : null,
      ];
    });
  }
  return out;
}

/** PyTorch's logaddexp kernel: equal infinities stay; else `max + log1p(e^-|a - b|)`. */
const logaddexpKernel: Fn2 = (x, y) => {
  if ((x === Infinity || x === -Infinity) && x === y) return x;
  const m = x < y ? y : x;
  return m + Math.log1p(Math.exp(-Math.abs(x - y)));
};

/**
 * `log(e^a + e^b)`, computed stably. PyTorch: `torch.logaddexp(input, other)` →
 * `LogaddexpBackward0`. Integer and bool operands are refused, as in PyTorch (a float operand
 * makes the result float).
 *
 * @param a A tensor.
 * @param b A tensor (broadcasting).
 * @returns `log(e^a + e^b)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logaddexp, tensor } from "@descent/tensor";
 * assert.equal(String(logaddexp(tensor([0, 1000], { dtype: "float32" }), tensor([0, 1000], { dtype: "float32" }))), "tensor([6.9315e-01, 1.0007e+03])");
 * ```
 */
export function logaddexp(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, "logaddexp");
  checkTensorArg(b, "logaddexp", "other", 2);
  const dtype = resultType(a, b);
  if (!isFloatingDType(dtype)) throw notImplemented("logaddexp_cpu", dtype);
  const out = binaryValues(logaddexpKernel, a, b, dtype);
  if (tracks(a, b)) {
    const node = record("LogaddexpBackward0", out, [a, b]);
    const sa = node.save(a);
    const sb = node.save(b);
    node.setBackward((g) => {
      const x = sa.unpack();
      const y = sb.unpack();
      // PyTorch: g/(1 + e^(b - a)), g/(1 + e^(a - b))
      return [
        node.needs(0) ? gradOf(g.div(y.sub(x).exp().add(1)), a) : null,
        node.needs(1) ? gradOf(g.div(x.sub(y).exp().add(1)), b) : null,
      ];
    });
  }
  return out;
}

/**
 * `√(x² + y²)` correctly rounded but in rare ties, as C's `hypot` (glibc's; PyTorch's vectorised
 * kernel is Sleef's 0.5-ulp one). `Math.hypot` is up to an ulp off (3e200, 4e200 gives
 * 4.9999999999999995e200): here the sum of squares is exact as a double-double (Dekker's
 * products), and the root gets one Newton correction from it.
 */
function hypot64(x: number, y: number): number {
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (a === Infinity || b === Infinity) return Infinity;
  if (a !== a || b !== b) return NaN;
  if (a < b) [a, b] = [b, a];
  if (b === 0) return a;
  let scale = 1; // keep a² and its error term inside the double range
  if (a > 2 ** 500) {
    a *= 2 ** -600;
    b *= 2 ** -600;
    scale = 2 ** 600;
  } else if (a < 2 ** -500) {
    a *= 2 ** 600;
    b *= 2 ** 600;
    scale = 2 ** -600;
  }
  const p = a * a;
  const q = b * b;
  const s = p + q;
  const low = twoProdErr(a, a, p) + twoProdErr(b, b, q) + twoSumErr(p, q, s);
  const h = Math.sqrt(s);
  const hh = h * h;
  const residual = s - hh - twoProdErr(h, h, hh) + low;
  return (h + residual / (2 * h)) * scale;
}

/** float32 hypot as glibc's `hypotf` computes it: in double, rounded once (no overflow). */
const hypot32: Fn2 = (x, y) => {
  if (x === Infinity || x === -Infinity || y === Infinity || y === -Infinity) return Infinity;
  return Math.sqrt(x * x + y * y);
};

/**
 * `√(a² + b²)`, without overflow in between; ∞ if either is infinite (even with a NaN).
 * PyTorch: `torch.hypot(input, other)` → `HypotBackward0`. Integer and bool operands are
 * refused, as in PyTorch.
 *
 * @param a A tensor.
 * @param b A tensor (broadcasting).
 * @returns `√(a² + b²)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hypot, tensor } from "@descent/tensor";
 * assert.equal(String(hypot(tensor([3, 1e30], { dtype: "float32" }), tensor([4, 1e30], { dtype: "float32" }))), "tensor([5.0000e+00, 1.4142e+30])");
 * ```
 */
export function hypot(a: Tensor, b: Tensor): Tensor {
  checkTensor(a, "hypot");
  checkTensorArg(b, "hypot", "other", 2);
  const dtype = resultType(a, b);
  if (!isFloatingDType(dtype)) throw notImplemented("hypot_cpu", dtype);
  const out = binaryValues(dtype === "float32" ? hypot32 : hypot64, a, b, dtype);
  if (tracks(a, b)) {
    const node = record("HypotBackward0", out, [a, b]);
    const sa = node.save(a);
    const sb = node.save(b);
    const so = node.save(out);
    node.setBackward((g) => {
      const r = so.unpack();
      // PyTorch: g·a/result, g·b/result
      return [
        node.needs(0) ? gradOf(g.mul(sa.unpack()).div(r), a) : null,
        node.needs(1) ? gradOf(g.mul(sb.unpack()).div(r), b) : null,
      ];
    });
  }
  return out;
}

// The sign bit of a double, NaN's included (C's signbit: `inf - inf` is a negative NaN).
const SCRATCH = new Float64Array(1);
const SCRATCH_WORDS = new Int32Array(SCRATCH.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function signBit(y: number): boolean {
  if (y === y) return y < 0 || (y === 0 && 1 / y < 0);
  SCRATCH[0] = y;
  return SCRATCH_WORDS[HI] < 0;
}

/** C's `copysign`: `|x|` with the sign bit of `y`. */
const copysignKernel: Fn2 = (x, y) => (signBit(y) ? -Math.abs(x) : Math.abs(x));

/**
 * `|a|` with the sign of `b` (the sign bit: -0 and a negative NaN count as negative). PyTorch:
 * `torch.copysign(input, other)` → `CopysignBackward0` (`CopysignBackward1` for a number
 * `other`; the gradient is `sign` agreement, 0 where `a` is 0, and none for `other`). Integer
 * and bool operands give float32.
 *
 * @param a The magnitudes.
 * @param b The signs: a tensor (broadcasting) or a number.
 * @returns `copysign(a, b)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { copysign, tensor } from "@descent/tensor";
 * assert.equal(String(copysign(tensor([1, -2, 3]), tensor([-1, 1, -0], { dtype: "float32" }))), "tensor([-1.,  2., -3.])");
 * assert.equal(String(copysign(tensor([1, -2]), -1)), "tensor([-1., -2.])");
 * ```
 */
export function copysign(a: Tensor, b: Operand): Tensor {
  checkTensor(a, "copysign");
  checkOperand(b, "copysign");
  const out = binaryValues(copysignKernel, a, b, floatType(a, b));
  if (tracks(a, b)) {
    const number = typeof b !== "object";
    const node = record(number ? "CopysignBackward1" : "CopysignBackward0", out, [a, b]);
    const sa = node.needs(0) ? node.save(a) : null;
    const so = node.needs(0) ? node.save(out) : null;
    node.setBackward((g) => {
      let ga: Tensor | null = null;
      if (sa !== null) {
        // PyTorch's copysign_tensor_self_backward: g·(result/a), 0 where a == 0
        const x = sa.unpack();
        ga = g.mul(where(maskOf(x, (v) => v === 0), 0, so!.unpack().div(x)));
      }
      // the sign carries no gradient: zeros for `other` (PyTorch: zeros_like(other))
      const gb = node.needs(1) ? zerosLike(b as Tensor) : null;
      return [ga === null ? null : gradOf(ga, a), gb];
    });
  }
  return out;
}

/** PyTorch's xlogy kernel: NaN if y is NaN, 0 if x is 0, else `x·log(y)`. */
const xlogyKernel: Fn2 = (x, y) => (y !== y ? NaN : x === 0 ? 0 : x * Math.log(y));

/**
 * `a · log(b)`, 0 where `a` is 0 (unless `b` is NaN). PyTorch: `torch.xlogy(input, other)`
 * (`torch.special.xlogy`) → `XlogyBackward0` (two tensors), `XlogyBackward1` (a number `a`),
 * `XlogyBackward2` (a number `b`). Integer and bool operands give float32.
 *
 * @param a A tensor or number.
 * @param b A tensor or number (broadcasting).
 * @returns `xlogy(a, b)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, xlogy } from "@descent/tensor";
 * assert.equal(String(xlogy(tensor([0, 2, 1]), tensor([0, Math.E, NaN]))), "tensor([0.0000, 2.0000,    nan])");
 * ```
 */
export function xlogy(a: Operand, b: Operand): Tensor {
  checkOperand(a, "xlogy");
  checkOperand(b, "xlogy");
  if (typeof a !== "object" && typeof b !== "object") {
    throw new TypeError("xlogy(): at least one argument must be a Tensor");
  }
  const out = binaryValues(xlogyKernel, a, b, floatType(a, b));
  if (!tracks(a, b)) return out;
  const name = typeof a !== "object"
    ? "XlogyBackward1"
    : typeof b !== "object"
    ? "XlogyBackward2"
    : "XlogyBackward0";
  const node = record(name, out, [a, b]);
  const sa = typeof a === "object" ? node.save(a) : null;
  const sb = typeof b === "object" ? node.save(b) : null;
  node.setBackward((g) => {
    const x = sa === null ? numberOf(a as number | boolean) : sa.unpack();
    const y = sb === null ? numberOf(b as number | boolean) : sb.unpack();
    let ga: Tensor | null = null;
    if (node.needs(0)) {
      // PyTorch: xlogy(g, b), 0 where a == 0 and b <= 0 (the limit of a·log(b) at a = 0)
      const d = xlogy(g, y);
      const xt = x as Tensor;
      const zero = typeof y === "number"
        ? (y > 0 ? null : maskOf(xt, (v) => v === 0))
        : logicalAnd(maskOf(xt, (v) => v === 0), maskOf(y, (v) => v <= 0));
      ga = gradOf(zero === null ? d : where(zero, 0, d), a);
    }
    const gb = node.needs(1) ? gradOf(g.mul(x).div(y), b) : null;
    return [ga, gb];
  });
  return out;
}
