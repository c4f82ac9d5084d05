/**
 * Bitwise ops on integer and bool tensors (`bitwiseAnd`, `bitwiseOr`, `bitwiseXor`,
 * `bitwiseNot`: int64 as 64-bit two's complement) and logical ops on tensors of any dtype
 * (`logicalAnd`, `logicalOr`, `logicalXor`, `logicalNot`: nonzero is true, the result is bool).
 * None is differentiable.
 *
 * @module
 */

import { type Operand, Tensor } from "../tensor.ts";
import { type DType, isFloatingDType, notImplemented, resultType2 } from "../dtype.ts";
import { bitwise64 } from "../kernels/integer.ts";
import { exactBinary, exactUnary } from "./exact.ts";
import { checkOperand } from "./elementwise.ts";
import { checkTensor } from "./record.ts";

type BitOp = "and" | "or" | "xor";

const PLAIN: Record<BitOp, (x: number, y: number) => number> = {
  and: (x, y) => x & y,
  or: (x, y) => x | y,
  xor: (x, y) => x ^ y,
};

/** PyTorch's refusal of a floating dtype by a bitwise kernel. */
function refuseFloat(dtype: DType, kernel: string): void {
  if (isFloatingDType(dtype)) {
    throw notImplemented(kernel, dtype);
  }
}

function bitwise(a: Operand, b: Operand, op: BitOp): Tensor {
  const name = `bitwise_${op}`;
  checkOperand(a, name);
  checkOperand(b, name);
  if (typeof a !== "object" && typeof b !== "object") {
    throw new TypeError(`${name}(): at least one argument must be a Tensor`);
  }
  const dtype = resultType2(a, b);
  refuseFloat(dtype, `${name}_cpu`);
  const f = dtype === "int64" ? bitwise64(op) : PLAIN[op];
  return exactBinary(f, a, b, dtype, dtype, name);
}

/**
 * `a & b` bit by bit (logical and for bool), broadcasting. PyTorch: `torch.bitwise_and` (`&`);
 * floating operands are refused, as in PyTorch.
 *
 * @param a An integer or bool tensor, or a number or boolean.
 * @param b An integer or bool tensor, or a number or boolean.
 * @returns The result, in the operands' result type.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bitwiseAnd, tensor } from "@descent/tensor";
 * assert.equal(String(bitwiseAnd(tensor([5, -7, 3]), 3)), "tensor([1, 1, 3])");
 * assert.equal(String(bitwiseAnd(tensor([true, false]), true)), "tensor([ True, False])");
 * ```
 */
export function bitwiseAnd(a: Operand, b: Operand): Tensor {
  return bitwise(a, b, "and");
}

/**
 * `a | b` bit by bit (logical or for bool), broadcasting. PyTorch: `torch.bitwise_or` (`|`).
 *
 * @param a An integer or bool tensor, or a number or boolean.
 * @param b An integer or bool tensor, or a number or boolean.
 * @returns The result, in the operands' result type.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bitwiseOr, tensor } from "@descent/tensor";
 * assert.equal(String(bitwiseOr(tensor([4, 1]), 2)), "tensor([6, 3])");
 * ```
 */
export function bitwiseOr(a: Operand, b: Operand): Tensor {
  return bitwise(a, b, "or");
}

/**
 * `a ^ b` bit by bit (logical xor for bool), broadcasting. PyTorch: `torch.bitwise_xor` (`^`).
 *
 * @param a An integer or bool tensor, or a number or boolean.
 * @param b An integer or bool tensor, or a number or boolean.
 * @returns The result, in the operands' result type.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bitwiseXor, tensor } from "@descent/tensor";
 * assert.equal(String(bitwiseXor(tensor([5, 6]), 3)), "tensor([6, 5])");
 * ```
 */
export function bitwiseXor(a: Operand, b: Operand): Tensor {
  return bitwise(a, b, "xor");
}

/**
 * `~a` bit by bit (logical not for bool). PyTorch: `torch.bitwise_not` (`~`).
 *
 * @param a An integer or bool tensor.
 * @returns The result, in `a`'s dtype.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bitwiseNot, tensor } from "@descent/tensor";
 * assert.equal(String(bitwiseNot(tensor([5, -7]))), "tensor([-6,  6])");
 * assert.equal(String(bitwiseNot(tensor([true, false]))), "tensor([False,  True])");
 * ```
 */
export function bitwiseNot(a: Tensor): Tensor {
  checkTensor(a, "bitwise_not");
  refuseFloat(a.dtype, "bitwise_not_cpu");
  const f = a.dtype === "bool" ? (x: number) => 1 - x : (x: number) => -x - 1;
  return exactUnary(f, a, a.dtype, a.dtype, "bitwise_not");
}

function logical(
  a: Tensor,
  b: Tensor,
  name: string,
  f: (p: boolean, q: boolean) => boolean,
): Tensor {
  checkTensor(a, name);
  if (!(b instanceof Tensor)) {
    throw new TypeError(
      `${name}(): argument 'other' (position 2) must be Tensor, not ${
        b === null ? "null" : typeof b
      }`,
    );
  }
  // float64 holds every value of every dtype exactly: nonzero stays nonzero
  return exactBinary((x, y) => (f(x !== 0, y !== 0) ? 1 : 0), a, b, "float64", "bool", name);
}

/**
 * `a && b` elementwise, nonzero (NaN too) being true, broadcasting. PyTorch:
 * `torch.logical_and`.
 *
 * @param a A tensor of any dtype.
 * @param b A tensor of any dtype.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logicalAnd, tensor } from "@descent/tensor";
 * assert.equal(String(logicalAnd(tensor([1, 0, 2]), tensor([0.5, 1, 0]))), "tensor([ True, False, False])");
 * ```
 */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  return logical(a, b, "logical_and", (p, q) => p && q);
}

/**
 * `a || b` elementwise, nonzero being true, broadcasting. PyTorch: `torch.logical_or`.
 *
 * @param a A tensor of any dtype.
 * @param b A tensor of any dtype.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logicalOr, tensor } from "@descent/tensor";
 * assert.equal(String(logicalOr(tensor([1, 0, 0]), tensor([0, 0, 3]))), "tensor([ True, False,  True])");
 * ```
 */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  return logical(a, b, "logical_or", (p, q) => p || q);
}

/**
 * Exclusive or elementwise, nonzero being true, broadcasting. PyTorch: `torch.logical_xor`.
 *
 * @param a A tensor of any dtype.
 * @param b A tensor of any dtype.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logicalXor, tensor } from "@descent/tensor";
 * assert.equal(String(logicalXor(tensor([1, 0, 2]), tensor([1, 1, 0]))), "tensor([False,  True,  True])");
 * ```
 */
export function logicalXor(a: Tensor, b: Tensor): Tensor {
  return logical(a, b, "logical_xor", (p, q) => p !== q);
}

/**
 * `!a` elementwise, nonzero (NaN too) being true. PyTorch: `torch.logical_not`.
 *
 * @param a A tensor of any dtype.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logicalNot, tensor } from "@descent/tensor";
 * assert.equal(String(logicalNot(tensor([NaN, 0]))), "tensor([False,  True])");
 * ```
 */
export function logicalNot(a: Tensor): Tensor {
  checkTensor(a, "logical_not");
  return exactUnary((x) => (x !== 0 ? 0 : 1), a, "float64", "bool", "logical_not");
}
