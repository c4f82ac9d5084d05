/**
 * One-sided clamps (issue 13, elementwise math): `clampMin` and `clampMax`, against a number or a
 * broadcasting tensor of bounds. Unlike `clamp` with one bound, a NaN bound gives NaN, as
 * PyTorch's `clamp_min`/`clamp_max` kernels do.
 *
 * @module
 */

import type { Operand, Tensor } from "../tensor.ts";
import { isFloatingDType, notImplemented, resultType } from "../dtype.ts";
import {
  binaryValues,
  checkedScalar,
  checkOperand,
  maskOf,
  scalarAs,
  where,
} from "./elementwise.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { exactBinary, numberOf } from "./exact.ts";
import { sumTo } from "./reduce.ts";
import { ge, gt, le, lt } from "./compare.ts";

type Fn2 = (x: number, y: number) => number;

/** `max(x, lo)`, NaN if either is NaN, keeping `x` (and its sign of zero) on ties. */
const atLeast: Fn2 = (x, lo) => (x !== x || lo !== lo ? NaN : x < lo ? lo : x);
/** `min(x, hi)`, NaN if either is NaN, keeping `x` on ties. */
const atMost: Fn2 = (x, hi) => (x !== x || hi !== hi ? NaN : x > hi ? hi : x);

function clampOneSided(a: Tensor, bound: Operand, lower: boolean): Tensor {
  const name = lower ? "clamp_min" : "clamp_max";
  checkTensor(a, name);
  checkOperand(bound, name);
  const dtype = resultType(a, bound);
  // PyTorch has no bool kernel for a number bound (a bool tensor with a bool bound)
  if (typeof bound !== "object" && dtype === "bool") {
    throw notImplemented(`${name}_scalar_cpu`, dtype);
  }
  if (typeof bound === "number") checkedScalar(bound, dtype);
  const f = lower ? atLeast : atMost;
  if (!isFloatingDType(dtype)) return exactBinary(f, a, bound, dtype, dtype, name);
  const out = binaryValues(f, a, bound, dtype);
  if (typeof bound !== "object") {
    if (tracks(a)) {
      const node = record(lower ? "ClampMinBackward0" : "ClampMaxBackward0", out, [a]);
      const sa = node.save(a);
      const b = scalarAs(dtype, numberOf(bound));
      // PyTorch: where(self >= min, grad, 0) (self <= max for clamp_max); false for NaN
      const inside = lower ? (v: number) => v >= b : (v: number) => v <= b;
      node.setBackward((g) => [where(maskOf(sa.unpack(), inside), g, 0)]);
    }
    return out;
  }
  if (tracks(a, bound)) {
    const node = record(lower ? "ClampMinBackward1" : "ClampMaxBackward1", out, [a, bound]);
    const sa = node.save(a);
    const sb = node.save(bound);
    node.setBackward((g) => {
      const v = sa.unpack();
      const w = sb.unpack();
      // PyTorch: self gets g where self >= min (<= max), the bound where self < min (> max)
      return [
        node.needs(0) ? sumTo(where(lower ? ge(v, w) : le(v, w), g, 0), a.shape) : null,
        node.needs(1) ? sumTo(where(lower ? lt(v, w) : gt(v, w), g, 0), bound.shape) : null,
      ];
    });
  }
  return out;
}

/**
 * `max(a, min)` elementwise: clamps from below by a number or a broadcasting tensor; NaN where
 * `a` or the bound is NaN. PyTorch: `torch.clamp_min(input, min)` → `ClampMinBackward0` (a
 * number bound; gradient 1 where `a >= min`) or `ClampMinBackward1` (a tensor bound, which gets
 * the gradient where `a < min`). The result dtype is `resultType(a, min)`.
 *
 * @param a The input.
 * @param min The lower bound: a number or a tensor.
 * @returns The clamped values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clampMin, tensor } from "@descent/tensor";
 * assert.equal(String(clampMin(tensor([-1.5, 0.5, 2]), 0)), "tensor([0.0000, 0.5000, 2.0000])");
 * assert.equal(String(clampMin(tensor([-1, 5]), tensor([0, 6]))), "tensor([0, 6])");
 * ```
 */
export function clampMin(a: Tensor, min: Operand): Tensor {
  return clampOneSided(a, min, true);
}

/**
 * `min(a, max)` elementwise: clamps from above by a number or a broadcasting tensor; NaN where
 * `a` or the bound is NaN. PyTorch: `torch.clamp_max(input, max)` → `ClampMaxBackward0` (a
 * number bound; gradient 1 where `a <= max`) or `ClampMaxBackward1` (a tensor bound, which gets
 * the gradient where `a > max`). The result dtype is `resultType(a, max)`.
 *
 * @param a The input.
 * @param max The upper bound: a number or a tensor.
 * @returns The clamped values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clampMax, tensor } from "@descent/tensor";
 * assert.equal(String(clampMax(tensor([-1.5, 0.5, 2]), 1)), "tensor([-1.5000,  0.5000,  1.0000])");
 * ```
 */
export function clampMax(a: Tensor, max: Operand): Tensor {
  return clampOneSided(a, max, false);
}
