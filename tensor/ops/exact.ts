/**
 * Exact evaluation of elementwise ops outside the float kernels: integer and bool arithmetic,
 * comparisons, logical and bitwise ops, floor division and remainders. Operands are converted
 * to the op's computation dtype (PyTorch's common dtype), read as exact doubles, combined by a
 * scalar function and stored in the result dtype (see kernels/integer.ts).
 *
 * @module
 */

import { allocate, type Operand, Tensor } from "../tensor.ts";
import { castValue, type DType, isFloatingDType } from "../dtype.ts";
import { broadcastShapes, sameShape, type Shape, shapeNumel } from "../shape.ts";
import { store, zip } from "../kernels/integer.ts";

type Fn2 = (x: number, y: number) => number;

/** @ignore The shape of an operand (a number or boolean is 0-d). */
export function shapeOf(v: Operand): Shape {
  return typeof v === "object" ? v.shape : [];
}

/** @ignore A number or boolean operand as a number (a boolean is 1 or 0). */
export function numberOf(v: number | boolean): number {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

/**
 * @ignore `t`'s values in `dtype`, unrecorded: `t` itself when the dtype matches, else a
 * converted copy (floats round to float32, floats to integers truncate, integers wrap, int64
 * checked: see `castValue`).
 */
export function convert(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const values = t._values();
  const out = allocate(dtype, t._numel);
  if (isFloatingDType(dtype)) {
    out.set(values as Float64Array); // the typed array's own conversion rounds as a cast does
  } else {
    const from = t.dtype;
    for (let i = 0; i < values.length; i++) out[i] = castValue(values[i], dtype, from, "to");
  }
  return new Tensor(out, t.shape, dtype);
}

/** @ignore `t`'s values in row-major order as exact doubles (no copy for dense int64/float64). */
export function exactValues(t: Tensor): Float64Array {
  const v = t._values();
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

/**
 * An operand converted to `dtype` and broadcast to `shape`, as exact doubles: the values, and
 * the stride to read them with (0 for a single element).
 */
function operand(x: Operand, dtype: DType, shape: Shape): [Float64Array, number] {
  if (typeof x !== "object") {
    const from = typeof x === "boolean" ? "bool" : undefined;
    return [Float64Array.of(castValue(numberOf(x), dtype, from)), 0];
  }
  const t = convert(x, dtype);
  if (t._numel === 1) return [Float64Array.of(t._data[t._offset]), 0];
  return [exactValues(sameShape(t.shape, shape) ? t : t.expand(shape)), 1];
}

/**
 * @ignore `f` applied elementwise to two operands, broadcasting: both converted to
 * `computeDtype`, the results stored in `outDtype` (int32 and uint8 wrap, int64 is checked,
 * bool is `!= 0`). Never recorded.
 *
 * @param f The scalar function, on exact values.
 * @param a First operand.
 * @param b Second operand.
 * @param computeDtype The dtype the operands are converted to.
 * @param outDtype The result's dtype.
 * @param op The op, for messages.
 * @returns The result.
 */
export function exactBinary(
  f: Fn2,
  a: Operand,
  b: Operand,
  computeDtype: DType,
  outDtype: DType,
  op: string,
): Tensor {
  const shape = broadcastShapes(shapeOf(a), shapeOf(b));
  const out = new Float64Array(shapeNumel(shape));
  const [av, sa] = operand(a, computeDtype, shape);
  const [bv, sb] = operand(b, computeDtype, shape);
  zip(f, av, sa, bv, sb, out);
  return new Tensor(store(out, outDtype, op), shape, outDtype);
}

/**
 * @ignore `f` applied to every element of `a` converted to `computeDtype`, stored in
 * `outDtype`. Never recorded.
 *
 * @param f The scalar function, on exact values.
 * @param a The input.
 * @param computeDtype The dtype the input is converted to.
 * @param outDtype The result's dtype.
 * @param op The op, for messages.
 * @returns The result.
 */
export function exactUnary(
  f: (x: number) => number,
  a: Tensor,
  computeDtype: DType,
  outDtype: DType,
  op: string,
): Tensor {
  const v = exactValues(convert(a, computeDtype));
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = f(v[i]);
  return new Tensor(store(out, outDtype, op), a.shape, outDtype);
}
