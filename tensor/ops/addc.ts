/**
 * Fused multiply-add and divide-add of three broadcasting tensors (issue 13, elementwise math):
 * `addcmul` and `addcdiv`, the building blocks of optimizers' updates, with PyTorch's kernels,
 * dtype rules and derivatives.
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { castValue, isFloatingDType, notImplemented, resultType } from "../dtype.ts";
import { add, checkedScalar, div, mul, scalarAs } from "./elementwise.ts";
import { checkTensor, record, tracksAny } from "./record.ts";
import { convert } from "./exact.ts";
import { sumTo } from "./reduce.ts";
import { broadcast3, ternaryValues } from "./ternary.ts";

/** Options of {@linkcode addcmul} and {@linkcode addcdiv}. */
export interface AddcOptions {
  /** The multiplier of the product or quotient (default 1). */
  value?: number;
}

/** PyTorch's argument check: `tensor1` and `tensor2` must be tensors (no numbers). */
function checkTensors(op: string, t1: unknown, t2: unknown): void {
  for (const [t, arg, position] of [[t1, "tensor1", 2], [t2, "tensor2", 3]] as const) {
    if (t instanceof Tensor) continue;
    const type = typeof t === "number" ? (Number.isInteger(t) ? "int" : "float") : typeof t;
    throw new TypeError(
      `${op}(): argument '${arg}' (position ${position}) must be Tensor, not ${type}`,
    );
  }
}

/**
 * `a + value · tensor1 · tensor2`, broadcasting all three. PyTorch:
 * `torch.addcmul(input, tensor1, tensor2, value=1)` → `AddcmulBackward0`. The result dtype is
 * `resultType(a, tensor1, tensor2)`; integer results compute exactly in it (`value` cast to it),
 * bool ones are refused, as in PyTorch.
 *
 * @param a The tensor added to.
 * @param tensor1 A factor.
 * @param tensor2 The other factor.
 * @param options `value`.
 * @returns The sum.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addcmul, tensor } from "@descent/tensor";
 * const a = tensor([1, 2], { dtype: "float32" });
 * assert.equal(String(addcmul(a, tensor([3, 4]), tensor([[1], [-1]]), { value: 0.5 })), "tensor([[ 2.5000,  4.0000],\n        [-0.5000,  0.0000]])");
 * ```
 */
export function addcmul(
  a: Tensor,
  tensor1: Tensor,
  tensor2: Tensor,
  options?: AddcOptions,
): Tensor {
  checkTensor(a, "addcmul");
  checkTensors("addcmul", tensor1, tensor2);
  const value = options?.value ?? 1;
  const dtype = resultType(a, tensor1, tensor2);
  if (!isFloatingDType(dtype)) {
    if (dtype === "bool") throw notImplemented("addcmul_cpu_out", dtype);
    broadcast3(a, tensor1, tensor2);
    const v = castValue(checkedScalar(value, dtype), dtype);
    return add(convert(a, dtype), mul(mul(convert(tensor1, dtype), v), convert(tensor2, dtype)));
  }
  const v = scalarAs(dtype, checkedScalar(value, dtype));
  const out = ternaryValues((x, y, z) => x + v * y * z, a, tensor1, tensor2, dtype);
  if (tracksAny([a, tensor1, tensor2])) {
    const node = record("AddcmulBackward0", out, [a, tensor1, tensor2]);
    const s1 = node.needs(2) ? node.save(tensor1) : null;
    const s2 = node.needs(1) ? node.save(tensor2) : null;
    node.setBackward((g) => [
      node.needs(0) ? sumTo(g, a.shape) : null,
      node.needs(1) ? sumTo(g.mul(s2!.unpack().mul(value)), tensor1.shape) : null,
      node.needs(2) ? sumTo(g.mul(s1!.unpack().mul(value)), tensor2.shape) : null,
    ]);
  }
  return out;
}

/** PyTorch's refusal of integer division in `addcdiv` (its text, two spaces included). */
const INTEGER_ADDCDIV =
  "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.";

/**
 * `a + value · tensor1 / tensor2`, broadcasting all three. PyTorch:
 * `torch.addcdiv(input, tensor1, tensor2, value=1)` → `AddcdivBackward0`. The result dtype is
 * `resultType(a, tensor1, tensor2)`; integer or bool `tensor1` and `tensor2` together are
 * refused with PyTorch's error.
 *
 * @param a The tensor added to.
 * @param tensor1 The numerators.
 * @param tensor2 The denominators.
 * @param options `value`.
 * @returns The sum.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addcdiv, tensor } from "@descent/tensor";
 * const a = tensor([1, 2], { dtype: "float32" });
 * assert.equal(String(addcdiv(a, tensor([3, 4], { dtype: "float32" }), tensor([2, 8], { dtype: "float32" }), { value: -1 })), "tensor([-0.5000,  1.5000])");
 * ```
 */
export function addcdiv(
  a: Tensor,
  tensor1: Tensor,
  tensor2: Tensor,
  options?: AddcOptions,
): Tensor {
  checkTensor(a, "addcdiv");
  checkTensors("addcdiv", tensor1, tensor2);
  if (!isFloatingDType(tensor1.dtype) && !isFloatingDType(tensor2.dtype)) {
    throw new TypeError(INTEGER_ADDCDIV);
  }
  const value = options?.value ?? 1;
  const dtype = resultType(a, tensor1, tensor2);
  const v = scalarAs(dtype, checkedScalar(value, dtype));
  const out = ternaryValues((x, y, z) => x + (v * y) / z, a, tensor1, tensor2, dtype);
  if (tracksAny([a, tensor1, tensor2])) {
    const node = record("AddcdivBackward0", out, [a, tensor1, tensor2]);
    const s1 = node.needs(2) ? node.save(tensor1) : null;
    const s2 = node.needs(1) || node.needs(2) ? node.save(tensor2) : null;
    node.setBackward((g) => {
      const y = s2?.unpack();
      return [
        node.needs(0) ? sumTo(g, a.shape) : null,
        // PyTorch: g·(value/t2), -g·(value·t1/(t2·t2))
        node.needs(1) ? sumTo(g.mul(div(value, y!)), tensor1.shape) : null,
        node.needs(2)
          ? sumTo(g.neg().mul(s1!.unpack().mul(value).div(y!.mul(y!))), tensor2.shape)
          : null,
      ];
    });
  }
  return out;
}
