/**
 * Comparisons: `eq`, `ne`, `gt`, `ge`, `lt`, `le`. Each compares in the operands' common dtype
 * (`resultType`) and returns a bool tensor, which never requires grad.
 *
 * @module
 */

import type { Operand, Tensor } from "../tensor.ts";
import { resultType2 } from "../dtype.ts";
import { exactBinary } from "./exact.ts";
import { checkOperand } from "./elementwise.ts";

function compare(
  a: Operand,
  b: Operand,
  name: string,
  pred: (x: number, y: number) => boolean,
): Tensor {
  checkOperand(a, name);
  checkOperand(b, name);
  if (typeof a !== "object" && typeof b !== "object") {
    throw new TypeError(`${name}(): at least one argument must be a Tensor`);
  }
  return exactBinary((x, y) => (pred(x, y) ? 1 : 0), a, b, resultType2(a, b), "bool", name);
}

/**
 * `a == b` elementwise, broadcasting. PyTorch: `torch.eq` (a bool tensor).
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eq, tensor } from "@descent/tensor";
 * assert.equal(String(eq(tensor([1, 2, 3]), 2)), "tensor([False,  True, False])");
 * ```
 */
export function eq(a: Operand, b: Operand): Tensor {
  return compare(a, b, "eq", (x, y) => x === y);
}

/**
 * `a != b` elementwise, broadcasting (NaN differs from everything). PyTorch: `torch.ne`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ne, tensor } from "@descent/tensor";
 * assert.equal(String(ne(tensor([1, 2]), 2)), "tensor([ True, False])");
 * ```
 */
export function ne(a: Operand, b: Operand): Tensor {
  return compare(a, b, "ne", (x, y) => x !== y);
}

/**
 * `a > b` elementwise, broadcasting. PyTorch: `torch.gt`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gt, tensor } from "@descent/tensor";
 * assert.equal(String(gt(tensor([1, 2, 3]), 2)), "tensor([False, False,  True])");
 * ```
 */
export function gt(a: Operand, b: Operand): Tensor {
  return compare(a, b, "gt", (x, y) => x > y);
}

/**
 * `a >= b` elementwise, broadcasting. PyTorch: `torch.ge`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ge, tensor } from "@descent/tensor";
 * assert.equal(String(ge(tensor([1, 2, 3]), 2)), "tensor([False,  True,  True])");
 * ```
 */
export function ge(a: Operand, b: Operand): Tensor {
  return compare(a, b, "ge", (x, y) => x >= y);
}

/**
 * `a < b` elementwise, broadcasting. PyTorch: `torch.lt`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lt, tensor } from "@descent/tensor";
 * assert.equal(String(lt(tensor([1, 2, 3]), 2)), "tensor([ True, False, False])");
 * ```
 */
export function lt(a: Operand, b: Operand): Tensor {
  return compare(a, b, "lt", (x, y) => x < y);
}

/**
 * `a <= b` elementwise, broadcasting. PyTorch: `torch.le`.
 *
 * @param a A tensor or number.
 * @param b A tensor or number.
 * @returns A bool tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { le, tensor } from "@descent/tensor";
 * assert.equal(String(le(tensor([1, 2, 3]), 2)), "tensor([ True,  True, False])");
 * ```
 */
export function le(a: Operand, b: Operand): Tensor {
  return compare(a, b, "le", (x, y) => x <= y);
}
