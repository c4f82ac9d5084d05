/**
 * Rounded division and remainders: `floorDivide`, `remainder` (the sign of the divisor, as
 * Python's `%`), `fmod` (the sign of the dividend, as C's `fmod`), and `div` with a
 * `roundingMode`. Integers are exact, an integer division by zero throws PyTorch's
 * `ZeroDivisionError`; floats follow PyTorch's kernels, rounded as float32 where they compute in
 * float32.
 *
 * @module
 */

import type { Operand, Tensor } from "../tensor.ts";
import { type DType, isFloatingDType, notImplemented, resultType2 } from "../dtype.ts";
import { exactBinary } from "./exact.ts";
import { record, tracks } from "./record.ts";
import { checkOperand } from "./elementwise.ts";
import { sumTo } from "./reduce.ts";

/** How `div` rounds its quotient: toward zero, or down. PyTorch: `rounding_mode`. */
export type RoundingMode = "trunc" | "floor";

type Fn2 = (x: number, y: number) => number;

/** Rounds as a dtype's arithmetic does: float32 rounds every step, float64 and integers never. */
function rounder(dtype: DType): (x: number) => number {
  return dtype === "float32" ? Math.fround : (x) => x;
}

/** PyTorch's integer division by zero. */
function zeroDivision(): Error {
  return new RangeError("ZeroDivisionError");
}

/** C's `fmod` (JavaScript's `%` is exactly it), checked for an integer divisor of zero. */
function fmodOf(dtype: DType): Fn2 {
  if (isFloatingDType(dtype)) return (x, y) => x % y;
  return (x, y) => {
    if (y === 0) throw zeroDivision();
    const r = x % y;
    return r === 0 ? 0 : r;
  };
}

/** The remainder with the divisor's sign (Python's `%`): PyTorch's `remainder` kernels. */
function remainderOf(dtype: DType): Fn2 {
  const r = rounder(dtype);
  const mod = fmodOf(dtype);
  return (x, y) => {
    const m = mod(x, y);
    return m !== 0 && (y < 0) !== (m < 0) ? r(m + y) : m;
  };
}

/** The quotient rounded toward zero: PyTorch's `div_trunc` kernels. */
function truncOf(dtype: DType): Fn2 {
  if (isFloatingDType(dtype)) {
    const r = rounder(dtype);
    return (x, y) => Math.trunc(r(x / y));
  }
  return (x, y) => {
    if (y === 0) throw zeroDivision();
    const q = (x - (x % y)) / y; // exact: x - x % y is a multiple of y
    return q === 0 ? 0 : q;
  };
}

/** The quotient rounded down: PyTorch's `div_floor_floating` and `div_floor_integer`. */
function floorOf(dtype: DType): Fn2 {
  if (!isFloatingDType(dtype)) {
    return (x, y) => {
      if (y === 0) throw zeroDivision();
      const m = x % y;
      const q = (x - m) / y;
      const f = m !== 0 && (y < 0) !== (m < 0) ? q - 1 : q;
      return f === 0 ? 0 : f;
    };
  }
  const r = rounder(dtype);
  return (a, b) => {
    if (b === 0) return r(a / b); // IEEE's result
    const mod = a % b;
    let div = r(r(a - mod) / b);
    if (mod !== 0 && (b < 0) !== (mod < 0)) div = r(div - 1);
    if (div === 0) {
      const q = r(a / b);
      return q < 0 || Object.is(q, -0) ? -0 : 0; // copysign(0, a / b)
    }
    let floordiv = Math.floor(div);
    if (r(div - floordiv) > 0.5) floordiv = r(floordiv + 1);
    return floordiv;
  };
}

/** PyTorch's refusal of a bool dtype by the kernel `kernel`. */
function refuseBool(dtype: DType, kernel: string): void {
  if (dtype === "bool") throw notImplemented(kernel, dtype);
}

function operands(a: Operand, b: Operand, name: string): DType {
  checkOperand(a, name);
  checkOperand(b, name);
  if (typeof a !== "object" && typeof b !== "object") {
    throw new TypeError(`${name}(): at least one argument must be a Tensor`);
  }
  return resultType2(a, b);
}

/** A node whose backward throws PyTorch's "not implemented" error for `op`. */
function notDifferentiable(out: Tensor, inputs: Operand[], op: string): void {
  record("NotImplemented", out, inputs).setBackward(() => {
    throw new Error(`derivative for aten::${op} is not implemented`);
  });
}

/**
 * @ignore `div(a, b, { roundingMode })`: the quotient rounded toward zero or down, in the
 * operands' result type. PyTorch: `torch.div(input, other, rounding_mode=…)` → `DivBackward2`
 * (whose gradient is zero).
 */
export function divRounded(a: Operand, b: Operand, mode: RoundingMode): Tensor {
  const dtype = operands(a, b, "div");
  if (mode !== "trunc" && mode !== "floor") {
    throw new TypeError(
      `div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`,
    );
  }
  refuseBool(dtype, mode === "trunc" ? "div_trunc_cpu" : "div_floor_cpu");
  const out = exactBinary(
    mode === "trunc" ? truncOf(dtype) : floorOf(dtype),
    a,
    b,
    dtype,
    dtype,
    "div",
  );
  if (tracks(a, b)) {
    const node = record("DivBackward2", out, [a, b]);
    node.setBackward((g) => [
      node.needs(0) ? sumTo(g.mul(0), (a as Tensor).shape) : null,
      node.needs(1) ? sumTo(g.mul(0), (b as Tensor).shape) : null,
    ]);
  }
  return out;
}

/**
 * The quotient rounded down, `floor(a / b)`, in the operands' result type. PyTorch:
 * `torch.floor_divide(input, other)` (Python's `//`), which is not differentiable (its node
 * throws "derivative for aten::floor_divide is not implemented" at backward). An integer
 * division by zero throws PyTorch's `ZeroDivisionError`; a float one gives ±inf or NaN.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns The floored quotient.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floorDivide, tensor } from "@descent/tensor";
 * assert.equal(String(floorDivide(tensor([7, -7]), 2)), "tensor([ 3, -4])");
 * assert.equal(String(floorDivide(tensor([7.5, -7.5]), 2)), "tensor([ 3., -4.])");
 * assert.throws(() => floorDivide(tensor([1]), 0), /ZeroDivisionError/);
 * ```
 */
export function floorDivide(a: Operand, b: Operand): Tensor {
  const dtype = operands(a, b, "floor_divide");
  refuseBool(dtype, "div_floor_cpu");
  const out = exactBinary(floorOf(dtype), a, b, dtype, dtype, "floor_divide");
  if (tracks(a, b)) notDifferentiable(out, [a, b], "floor_divide");
  return out;
}

/**
 * The remainder of `a / b` with the sign of `b` (Python's `%`): `a - floor(a / b) * b`.
 * PyTorch: `torch.remainder(input, other)` → `RemainderBackward0` (number divisor) or
 * `RemainderBackward1` (tensor divisor, whose gradient is `-floor(a / b) · g`); a number
 * dividend is not differentiable, as in PyTorch.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns The remainder.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { remainder, tensor } from "@descent/tensor";
 * assert.equal(String(remainder(tensor([5, -7]), 3)), "tensor([2, 2])");
 * assert.equal(String(remainder(tensor([5, -7]), -3)), "tensor([-1, -1])");
 * ```
 */
export function remainder(a: Operand, b: Operand): Tensor {
  const dtype = operands(a, b, "remainder");
  refuseBool(dtype, "remainder_cpu");
  const out = exactBinary(remainderOf(dtype), a, b, dtype, dtype, "remainder");
  recordRemainder(out, a, b, "Remainder", "remainder", "floor");
  return out;
}

/**
 * The remainder of `a / b` with the sign of `a` (C's `fmod`): `a - trunc(a / b) * b`. PyTorch:
 * `torch.fmod(input, other)` → `FmodBackward0` (number divisor) or `FmodBackward1` (tensor
 * divisor, gradient `-trunc(a / b) · g`). As in PyTorch, `a` must be a tensor.
 *
 * @param a A tensor.
 * @param b A tensor or number.
 * @returns The remainder.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fmod, tensor } from "@descent/tensor";
 * assert.equal(String(fmod(tensor([5, -7]), 3)), "tensor([ 2, -1])");
 * assert.equal(String(fmod(tensor([5.5, -7.5]), -2)), "tensor([ 1.5000, -1.5000])");
 * ```
 */
export function fmod(a: Tensor, b: Operand): Tensor {
  if (typeof a !== "object") {
    throw new TypeError(
      `fmod() received an invalid combination of arguments - got (${typeof a}, ${
        typeof b === "object" ? "Tensor" : typeof b
      }), but expected (Tensor input, Tensor other) or (Tensor input, Number other)`,
    );
  }
  const dtype = operands(a, b, "fmod");
  refuseBool(dtype, "fmod_cpu");
  const out = exactBinary(fmodOf(dtype), a, b, dtype, dtype, "fmod");
  recordRemainder(out, a, b, "Fmod", "fmod", "trunc");
  return out;
}

/** The node of `remainder`/`fmod`: `g` for the dividend, `-(a / b rounded) · g` for the divisor. */
function recordRemainder(
  out: Tensor,
  a: Operand,
  b: Operand,
  name: string,
  op: string,
  mode: RoundingMode,
): void {
  if (!tracks(a, b)) return;
  if (typeof a !== "object") {
    notDifferentiable(out, [a, b], op);
    return;
  }
  if (typeof b !== "object") {
    record(`${name}Backward0`, out, [a]).setBackward((g) => [g]);
    return;
  }
  const node = record(`${name}Backward1`, out, [a, b]);
  const sa = node.needs(1) ? node.save(a) : null;
  const sb = node.needs(1) ? node.save(b) : null;
  node.setBackward((g) => [
    node.needs(0) ? sumTo(g, a.shape) : null,
    node.needs(1)
      ? sumTo(g.neg().mul(divRounded(sa!.unpack(), sb!.unpack(), mode)), b.shape)
      : null,
  ]);
}
