/**
 * Trigonometric and hyperbolic functions and their inverses (issue 13, elementwise math): `tan`,
 * `asin`, `acos`, `atan`, `sinh`, `cosh`, `asinh`, `acosh`, `atanh`, as rows of the unary-op
 * table format of `elementwise.ts` ({@linkcode UnarySpec}), with PyTorch's derivatives
 * (derivatives.yaml) in tensor ops. Integer and bool inputs give float32. (`sin`, `cos` and
 * `tanh` are rows of `elementwise.ts`'s own table; `atan2` is in `binary_math.ts`.)
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { applyUnary, sub, type UnarySpec } from "./elementwise.ts";

/** The names of the ops of {@linkcode TRIG}. */
export type TrigName =
  | "tan"
  | "asin"
  | "acos"
  | "atan"
  | "sinh"
  | "cosh"
  | "asinh"
  | "acosh"
  | "atanh";

/** `(1 - x²)^(-1/2)` as PyTorch writes it, `(-x * x + 1).rsqrt()`. */
function arcSlope(x: Tensor): Tensor {
  return x.neg().mul(x).add(1).rsqrt();
}

/** The ops, one row each (node, kernel, saved value, backward in tensor ops, dtype rule). */
export const TRIG = {
  tan: {
    node: "TanBackward0",
    f: Math.tan,
    save: "result",
    backward: (g, y) => g.mul(y.square().add(1)),
    integers: "float",
  },
  asin: {
    node: "AsinBackward0",
    f: Math.asin,
    save: "input",
    backward: (g, x) => g.mul(arcSlope(x)),
    integers: "float",
  },
  acos: {
    node: "AcosBackward0",
    f: Math.acos,
    save: "input",
    backward: (g, x) => g.mul(arcSlope(x).neg()),
    integers: "float",
  },
  atan: {
    node: "AtanBackward0",
    f: Math.atan,
    save: "input",
    backward: (g, x) => g.div(x.mul(x).add(1)),
    integers: "float",
  },
  sinh: {
    node: "SinhBackward0",
    f: Math.sinh,
    save: "input",
    backward: (g, x) => g.mul(x.cosh()),
    integers: "float",
  },
  cosh: {
    node: "CoshBackward0",
    f: Math.cosh,
    save: "input",
    backward: (g, x) => g.mul(x.sinh()),
    integers: "float",
  },
  asinh: {
    node: "AsinhBackward0",
    f: Math.asinh,
    save: "input",
    backward: (g, x) => g.mul(x.square().add(1).rsqrt()),
    integers: "float",
  },
  acosh: {
    node: "AcoshBackward0",
    f: Math.acosh,
    save: "input",
    backward: (g, x) => g.mul(x.mul(x).sub(1).rsqrt()),
    integers: "float",
  },
  atanh: {
    node: "AtanhBackward0",
    f: Math.atanh,
    save: "input",
    backward: (g, x) => g.div(sub(1, x.square())),
    integers: "float",
  },
} satisfies Record<TrigName, UnarySpec>;

/**
 * Tangent. PyTorch: `torch.tan` → `TanBackward0` (saves its result). Integer and bool inputs
 * give float32.
 *
 * @param a The input, in radians.
 * @returns `tan(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tan, tensor } from "@descent/tensor";
 * assert.equal(String(tan(tensor([0, 1]))), "tensor([0.0000, 1.5574])");
 * ```
 */
export function tan(a: Tensor): Tensor {
  return applyUnary(TRIG.tan, a, "tan");
}

/**
 * Arcsine, NaN outside [-1, 1]. PyTorch: `torch.asin` (`torch.arcsin`) → `AsinBackward0`.
 * Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `asin(a)`, in radians.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { asin, tensor } from "@descent/tensor";
 * assert.equal(String(asin(tensor([0, 1, 2]))), "tensor([0.0000, 1.5708,    nan])");
 * ```
 */
export function asin(a: Tensor): Tensor {
  return applyUnary(TRIG.asin, a, "asin");
}

/**
 * Arccosine, NaN outside [-1, 1]. PyTorch: `torch.acos` (`torch.arccos`) → `AcosBackward0`.
 * Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `acos(a)`, in radians.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acos, tensor } from "@descent/tensor";
 * assert.equal(String(acos(tensor([1, 0]))), "tensor([0.0000, 1.5708])");
 * ```
 */
export function acos(a: Tensor): Tensor {
  return applyUnary(TRIG.acos, a, "acos");
}

/**
 * Arctangent. PyTorch: `torch.atan` (`torch.arctan`) → `AtanBackward0`. Integer and bool inputs
 * give float32.
 *
 * @param a The input.
 * @returns `atan(a)`, in radians.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { atan, tensor } from "@descent/tensor";
 * assert.equal(String(atan(tensor([1, -Infinity]))), "tensor([ 0.7854, -1.5708])");
 * ```
 */
export function atan(a: Tensor): Tensor {
  return applyUnary(TRIG.atan, a, "atan");
}

/**
 * Hyperbolic sine. PyTorch: `torch.sinh` → `SinhBackward0`. Integer and bool inputs give
 * float32.
 *
 * @param a The input.
 * @returns `sinh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sinh, tensor } from "@descent/tensor";
 * assert.equal(String(sinh(tensor([0, 1]))), "tensor([0.0000, 1.1752])");
 * ```
 */
export function sinh(a: Tensor): Tensor {
  return applyUnary(TRIG.sinh, a, "sinh");
}

/**
 * Hyperbolic cosine. PyTorch: `torch.cosh` → `CoshBackward0`. Integer and bool inputs give
 * float32.
 *
 * @param a The input.
 * @returns `cosh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cosh, tensor } from "@descent/tensor";
 * assert.equal(String(cosh(tensor([0, 1]))), "tensor([1.0000, 1.5431])");
 * ```
 */
export function cosh(a: Tensor): Tensor {
  return applyUnary(TRIG.cosh, a, "cosh");
}

/**
 * Inverse hyperbolic sine. PyTorch: `torch.asinh` (`torch.arcsinh`) → `AsinhBackward0`. Integer
 * and bool inputs give float32.
 *
 * @param a The input.
 * @returns `asinh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { asinh, tensor } from "@descent/tensor";
 * assert.equal(String(asinh(tensor([0, 1]))), "tensor([0.0000, 0.8814])");
 * ```
 */
export function asinh(a: Tensor): Tensor {
  return applyUnary(TRIG.asinh, a, "asinh");
}

/**
 * Inverse hyperbolic cosine, NaN below 1. PyTorch: `torch.acosh` (`torch.arccosh`) →
 * `AcoshBackward0`. Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `acosh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acosh, tensor } from "@descent/tensor";
 * assert.equal(String(acosh(tensor([1, 2]))), "tensor([0.0000, 1.3170])");
 * ```
 */
export function acosh(a: Tensor): Tensor {
  return applyUnary(TRIG.acosh, a, "acosh");
}

/**
 * Inverse hyperbolic tangent, ±∞ at ±1 and NaN outside [-1, 1]. PyTorch: `torch.atanh`
 * (`torch.arctanh`) → `AtanhBackward0`. Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `atanh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { atanh, tensor } from "@descent/tensor";
 * assert.equal(String(atanh(tensor([0, 0.5, 1]))), "tensor([0.0000, 0.5493,    inf])");
 * ```
 */
export function atanh(a: Tensor): Tensor {
  return applyUnary(TRIG.atanh, a, "atanh");
}
