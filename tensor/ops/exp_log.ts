/**
 * Exponentials, logarithms and the error function (issue 13, elementwise math): `log1p`,
 * `expm1`, `exp2`, `log2`, `log10`, `rsqrt`, `erf`, `erfc`, `erfinv`, as rows of the unary-op
 * table format of `elementwise.ts` ({@linkcode UnarySpec}), with PyTorch's derivatives
 * (derivatives.yaml) in tensor ops. Integer and bool inputs give float32.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { erf64, erfc64, erfinv64 } from "../erf.ts";
import { applyUnary, type UnarySpec } from "./elementwise.ts";

const LN2 = 0.6931471805599453;
const LN10 = 2.3025850929940456;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const HALF_SQRT_PI = 0.5 * Math.sqrt(Math.PI);

/** The names of the ops of {@linkcode EXP_LOG}. */
export type ExpLogName =
  | "log1p"
  | "expm1"
  | "exp2"
  | "log2"
  | "log10"
  | "rsqrt"
  | "erf"
  | "erfc"
  | "erfinv";

/** `2/√π · e^(-x²)`, the derivative of erf, as a tensor. */
function erfSlope(x: Tensor): Tensor {
  return x.square().neg().exp().mul(TWO_OVER_SQRT_PI);
}

/** The ops, one row each (node, kernel, saved value, backward in tensor ops, dtype rule). */
export const EXP_LOG = {
  log1p: {
    node: "Log1PBackward0",
    f: Math.log1p,
    save: "input",
    backward: (g, x) => g.div(x.add(1)),
    integers: "float",
  },
  expm1: {
    node: "Expm1Backward0",
    f: Math.expm1,
    save: "result",
    backward: (g, y) => g.mul(y.add(1)),
    integers: "float",
  },
  exp2: {
    node: "Exp2Backward0",
    f: (x) => Math.pow(2, x),
    save: "result",
    backward: (g, y) => g.mul(y).mul(LN2),
    integers: "float",
  },
  log2: {
    node: "Log2Backward0",
    f: Math.log2,
    save: "input",
    backward: (g, x) => g.div(x.mul(LN2)),
    integers: "float",
  },
  log10: {
    node: "Log10Backward0",
    f: Math.log10,
    save: "input",
    backward: (g, x) => g.div(x.mul(LN10)),
    integers: "float",
  },
  rsqrt: {
    node: "RsqrtBackward0",
    f: (x) => 1 / Math.sqrt(x),
    // PyTorch's float32 kernel divides by the float32 root
    f32: (x) => 1 / Math.fround(Math.sqrt(x)),
    save: "result",
    backward: (g, y) => g.mul(-0.5).mul(y.pow(3)),
    integers: "float",
  },
  erf: {
    node: "ErfBackward0",
    f: erf64,
    save: "input",
    backward: (g, x) => erfSlope(x).mul(g),
    integers: "float",
  },
  erfc: {
    node: "ErfcBackward0",
    f: erfc64,
    save: "input",
    backward: (g, x) => erfSlope(x).neg().mul(g),
    integers: "float",
  },
  erfinv: {
    node: "ErfinvBackward0",
    f: erfinv64,
    save: "result",
    // PyTorch: 0.5·√π·exp(erfinv(x)²)·g, erfinv(x) being the result
    backward: (g, y) => y.square().exp().mul(HALF_SQRT_PI).mul(g),
    integers: "float",
  },
} satisfies Record<ExpLogName, UnarySpec>;

/**
 * `log(1 + a)`, accurate for small `a`. PyTorch: `torch.log1p` → `Log1PBackward0`. Integer and
 * bool inputs give float32.
 *
 * @param a The input.
 * @returns `log(1 + a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { log1p, tensor } from "@descent/tensor";
 * assert.equal(String(log1p(tensor([0, 1e-10], { dtype: "float64" }))), "tensor([0.0000e+00, 1.0000e-10], dtype=torch.float64)");
 * ```
 */
export function log1p(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.log1p, a, "log1p");
}

/**
 * `e^a - 1`, accurate for small `a`. PyTorch: `torch.expm1` → `Expm1Backward0` (saves its
 * result). Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `e^a - 1`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expm1, tensor } from "@descent/tensor";
 * assert.equal(String(expm1(tensor([0, 1]))), "tensor([0.0000, 1.7183])");
 * ```
 */
export function expm1(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.expm1, a, "expm1");
}

/**
 * `2^a`. PyTorch: `torch.exp2` → `Exp2Backward0` (saves its result). Integer and bool inputs
 * give float32.
 *
 * @param a The input.
 * @returns `2^a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exp2, tensor } from "@descent/tensor";
 * assert.equal(String(exp2(tensor([3, -1]))), "tensor([8.0000, 0.5000])");
 * ```
 */
export function exp2(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.exp2, a, "exp2");
}

/**
 * Base-2 logarithm. PyTorch: `torch.log2` → `Log2Backward0`. Integer and bool inputs give
 * float32.
 *
 * @param a The input.
 * @returns `log₂(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { log2, tensor } from "@descent/tensor";
 * assert.equal(String(log2(tensor([8, 0.5]))), "tensor([ 3., -1.])");
 * ```
 */
export function log2(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.log2, a, "log2");
}

/**
 * Base-10 logarithm. PyTorch: `torch.log10` → `Log10Backward0`. Integer and bool inputs give
 * float32.
 *
 * @param a The input.
 * @returns `log₁₀(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { log10, tensor } from "@descent/tensor";
 * assert.equal(String(log10(tensor([100, 0.1]))), "tensor([ 2., -1.])");
 * ```
 */
export function log10(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.log10, a, "log10");
}

/**
 * `1 / √a`. PyTorch: `torch.rsqrt` → `RsqrtBackward0` (saves its result). Integer and bool
 * inputs give float32.
 *
 * @param a The input.
 * @returns `1 / √a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rsqrt, tensor } from "@descent/tensor";
 * assert.equal(String(rsqrt(tensor([4, 0]))), "tensor([0.5000,    inf])");
 * ```
 */
export function rsqrt(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.rsqrt, a, "rsqrt");
}

/**
 * The error function `2/√π ∫₀ᵃ e^(-t²) dt`. PyTorch: `torch.erf` (`torch.special.erf`) →
 * `ErfBackward0`. Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `erf(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { erf, tensor } from "@descent/tensor";
 * assert.equal(String(erf(tensor([0, 1, -3]))), "tensor([ 0.0000,  0.8427, -1.0000])");
 * ```
 */
export function erf(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.erf, a, "erf");
}

/**
 * The complementary error function `1 - erf(a)`, accurate where `erf(a)` is near 1. PyTorch:
 * `torch.erfc` → `ErfcBackward0`. Integer and bool inputs give float32.
 *
 * @param a The input.
 * @returns `erfc(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { erfc, tensor } from "@descent/tensor";
 * assert.equal(String(erfc(tensor([0, 5]))), "tensor([1.0000e+00, 1.5375e-12])");
 * ```
 */
export function erfc(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.erfc, a, "erfc");
}

/**
 * The inverse error function: `erf(erfinv(a)) = a`, ±∞ at ±1 and NaN outside [-1, 1].
 * PyTorch: `torch.erfinv` → `ErfinvBackward0`. Integer and bool inputs give float32.
 *
 * @param a The input, in [-1, 1].
 * @returns `erfinv(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { erfinv, tensor } from "@descent/tensor";
 * assert.equal(String(erfinv(tensor([0, 0.5, 1]))), "tensor([0.0000, 0.4769,    inf])");
 * ```
 */
export function erfinv(a: Tensor): Tensor {
  return applyUnary(EXP_LOG.erfinv, a, "erfinv");
}
