/**
 * Linear interpolation (issue 13, elementwise math): `lerp`, with a number or a broadcasting
 * tensor of weights, PyTorch's kernel formula (exact at both ends) and derivatives.
 *
 * @module
 */

import type { Operand, Tensor } from "../tensor.ts";
import { cppTypeName, isFloatingDType, notImplemented } from "../dtype.ts";
import { binaryValues, checkedScalar, checkOperand, scalarAs, sub } from "./elementwise.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { numberOf } from "./exact.ts";
import { sumTo } from "./reduce.ts";
import { ternaryValues } from "./ternary.ts";

/**
 * PyTorch's `lerp`: `start + w·(end - start)` for |w| < 0.5, `end - (end - start)·(1 - w)`
 * otherwise, so that w = 0 gives `start` and w = 1 gives `end` exactly.
 */
function lerpKernel(start: number, end: number, w: number): number {
  return Math.abs(w) < 0.5 ? start + w * (end - start) : end - (end - start) * (1 - w);
}

/** PyTorch's check that `t` has `a`'s dtype (`end` and a tensor `weight` must). */
function checkSameDType(a: Tensor, t: Tensor, arg: string): void {
  if (t.dtype !== a.dtype) {
    throw new TypeError(
      `expected dtype ${cppTypeName(a.dtype)} for \`${arg}\` but got dtype ${cppTypeName(t.dtype)}`,
    );
  }
}

/**
 * Linear interpolation `a + weight·(end - a)`, broadcasting. PyTorch:
 * `torch.lerp(input, end, weight)` → `LerpBackward0` (a number weight) or `LerpBackward1` (a
 * tensor weight, which is differentiable too). `end` and a tensor `weight` must have `a`'s
 * dtype, which must be floating, as in PyTorch (a 0-d `weight` may have any dtype: it is read
 * in `a`'s).
 *
 * @param a The start points.
 * @param end The end points.
 * @param weight The weights: a number or a tensor.
 * @returns The interpolated values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lerp, tensor } from "@descent/tensor";
 * const a = tensor([0, 10], { dtype: "float32" });
 * const b = tensor([1, 20], { dtype: "float32" });
 * assert.equal(String(lerp(a, b, 0.25)), "tensor([ 0.2500, 12.5000])");
 * assert.equal(String(lerp(a, b, tensor([1, 0.5], { dtype: "float32" }))), "tensor([ 1., 15.])");
 * ```
 */
export function lerp(a: Tensor, end: Tensor, weight: Operand): Tensor {
  checkTensor(a, "lerp");
  checkTensor(end, "lerp");
  checkOperand(weight, "lerp");
  checkSameDType(a, end, "end");
  if (typeof weight !== "object") {
    if (!isFloatingDType(a.dtype)) throw notImplemented("lerp_kernel_scalar", a.dtype);
    const w = scalarAs(a.dtype, checkedScalar(numberOf(weight), a.dtype));
    const out = binaryValues((s, e) => lerpKernel(s, e, w), a, end, a.dtype);
    if (tracks(a, end)) {
      const node = record("LerpBackward0", out, [a, end]);
      node.setBackward((g) => [
        node.needs(0) ? sumTo(g.mul(1 - w), a.shape) : null,
        node.needs(1) ? sumTo(g.mul(w), end.shape) : null,
      ]);
    }
    return out;
  }
  // a 0-d weight tensor is read as a number of `a`'s dtype, whatever its own (PyTorch 2.x)
  if (weight.ndim !== 0) checkSameDType(a, weight, "weight");
  if (!isFloatingDType(a.dtype)) throw notImplemented("lerp_kernel_tensor", a.dtype);
  const out = ternaryValues(lerpKernel, a, end, weight, a.dtype);
  if (tracks(a, end) || tracks(weight)) {
    const node = record("LerpBackward1", out, [a, end, weight]);
    const sw = node.needs(0) || node.needs(1) ? node.save(weight) : null;
    const sa = node.needs(2) ? node.save(a) : null;
    const se = node.needs(2) ? node.save(end) : null;
    node.setBackward((g) => {
      const w = sw?.unpack();
      return [
        node.needs(0) ? sumTo(g.mul(sub(1, w!)), a.shape) : null,
        node.needs(1) ? sumTo(g.mul(w!), end.shape) : null,
        node.needs(2) ? sumTo(g.mul(se!.unpack().sub(sa!.unpack())), weight.shape) : null,
      ];
    });
  }
  return out;
}
