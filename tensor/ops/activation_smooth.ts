/**
 * Smooth activations (issue 13; PyTorch's `torch.nn.functional`): `gelu` (exact and "tanh"),
 * `silu`, `mish`, `softplus`, `elu`, `selu`, `celu`, `logsigmoid`. Each is one unary op in the
 * table format of `elementwise.ts` ({@linkcode UnarySpec}): PyTorch's CPU kernel formula as the
 * forward, PyTorch's `*_backward` formula in tensor ops as the backward (so `createGraph`
 * differentiates it again), PyTorch's node name. Integer and bool inputs are refused with the
 * kernel's name, as in PyTorch.
 *
 * float32 kernels round where PyTorch's float32 kernels overflow or underflow differently from
 * float64 (`exp` in `silu`, `softplus`, `logsigmoid`); elsewhere they compute in float64 and round
 * once.
 *
 * @module
 */

import type { DType, Tensor } from "../tensor.ts";
import { erf64 } from "../erf.ts";
import { applyUnary, checkedScalar, maskOf, sub, type UnarySpec, where } from "./elementwise.ts";
import { checkTensor } from "./record.ts";
import { erf } from "./exp_log.ts";

const SQRT1_2 = Math.SQRT1_2;
const SQRT1_2_32 = Math.fround(Math.SQRT1_2);
/** PyTorch's `kBeta` of the exact gelu's backward: `M_2_SQRTPI * M_SQRT1_2 * 0.5`, 1/√(2π). */
const GELU_PDF = (2 / Math.sqrt(Math.PI)) * Math.SQRT1_2 * 0.5;
/** PyTorch's `kBeta` of the tanh approximation: `M_SQRT2 * M_2_SQRTPI * 0.5`, √(2/π). */
const TANH_BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const TANH_KAPPA = 0.044715;

/**
 * A number as the scalar PyTorch's kernel of `dtype` reads it (`scalar.to<scalar_t>()`, which
 * refuses a finite number beyond float32's range).
 */
function scalarIn(dtype: DType, x: number): number {
  return dtype === "float32" ? Math.fround(checkedScalar(x, dtype)) : x;
}

/** Options of {@linkcode gelu}. */
export interface GeluOptions {
  /** `"none"` (default): `x·Φ(x)` with the exact normal CDF; `"tanh"`: its tanh approximation. */
  approximate?: "none" | "tanh";
}

/** The exact gelu: `x·0.5·(1 + erf(x/√2))`, PyTorch's `GeluKernelImpl`. */
const GELU_EXACT: UnarySpec = {
  node: "GeluBackward0",
  f: (x) => x * 0.5 * (1 + erf64(x * SQRT1_2)),
  // float32: erf rounded to float32, so 1 + erf cancels to 0 below about -5.5, as in PyTorch
  f32: (x) => x * 0.5 * (1 + Math.fround(erf64(Math.fround(x * SQRT1_2_32)))),
  save: "input",
  // PyTorch's gelu_backward: g·(cdf + x·pdf), cdf = 0.5·(1 + erf(x/√2)), pdf = e^(-x²/2)/√(2π)
  backward: (g, x) => {
    const cdf = erf(x.mul(SQRT1_2)).add(1).mul(0.5);
    const pdf = x.mul(x).mul(-0.5).exp().mul(GELU_PDF);
    return g.mul(cdf.add(x.mul(pdf)));
  },
  integers: { refuse: "GeluKernelImpl" },
};

/** The tanh gelu: `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`. */
const GELU_TANH: UnarySpec = {
  node: "GeluBackward0",
  f: (x) => 0.5 * x * (1 + Math.tanh(TANH_BETA * (x + TANH_KAPPA * (x * x * x)))),
  // float32: tanh rounded to float32 (-1 below about -9), as PyTorch's float32 kernel
  f32: (x) => 0.5 * x * (1 + Math.fround(Math.tanh(TANH_BETA * (x + TANH_KAPPA * (x * x * x))))),
  save: "input",
  // PyTorch's gelu_backward with approximate="tanh", term by term
  backward: (g, x) => {
    const x2 = x.mul(x);
    const t = x.add(x2.mul(x).mul(TANH_KAPPA)).mul(TANH_BETA).tanh();
    const left = x.mul(0.5);
    const leftDerivative = t.add(1).mul(0.5);
    const tanhDerivative = sub(1, t.mul(t));
    const innerDerivative = x2.mul(3 * TANH_KAPPA).add(1).mul(TANH_BETA);
    return g.mul(leftDerivative.add(left.mul(tanhDerivative).mul(innerDerivative)));
  },
  integers: { refuse: "GeluKernelImpl" },
};

/**
 * The Gaussian error linear unit `x·Φ(x)`, Φ the standard normal CDF, or its tanh approximation.
 * PyTorch: `torch.nn.functional.gelu(input, approximate='none')` → `GeluBackward0`. Integer and
 * bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @param options `approximate`: `"none"` (default) or `"tanh"`.
 * @returns `gelu(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gelu, tensor } from "@descent/tensor";
 * const x = tensor([-1, 0, 1], { dtype: "float32" });
 * assert.equal(String(gelu(x)), "tensor([-0.1587,  0.0000,  0.8413])");
 * assert.equal(String(gelu(x, { approximate: "tanh" })), "tensor([-0.1588,  0.0000,  0.8412])");
 * ```
 */
export function gelu(a: Tensor, options?: GeluOptions): Tensor {
  const approximate = options?.approximate ?? "none";
  if (approximate !== "none" && approximate !== "tanh") {
    throw new TypeError(`approximate argument must be either none or tanh.`);
  }
  return applyUnary(approximate === "tanh" ? GELU_TANH : GELU_EXACT, a, "gelu");
}

const SILU: UnarySpec = {
  node: "SiluBackward0",
  f: (x) => x / (1 + Math.exp(-x)),
  // float32 exp overflows: silu(-100) is -0. in PyTorch's float32 kernel
  f32: (x) => x / (1 + Math.fround(Math.exp(-x))),
  save: "input",
  // PyTorch's silu_backward: g·σ(x)·(1 + x·(1 - σ(x)))
  backward: (g, x) => {
    const s = x.sigmoid();
    return g.mul(s).mul(x.mul(sub(1, s)).add(1));
  },
  integers: { refuse: "silu_cpu" },
};

/**
 * The sigmoid linear unit ("swish") `x·σ(x)`. PyTorch: `torch.nn.functional.silu(input)` →
 * `SiluBackward0`. Integer and bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `a·σ(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { silu, tensor } from "@descent/tensor";
 * assert.equal(String(silu(tensor([-1, 0, 1], { dtype: "float32" }))), "tensor([-0.2689,  0.0000,  0.7311])");
 * ```
 */
export function silu(a: Tensor): Tensor {
  return applyUnary(SILU, a, "silu");
}

const MISH: UnarySpec = {
  node: "MishBackward0",
  f: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
  f32: (x) => x * Math.fround(Math.tanh(Math.log1p(Math.fround(Math.exp(x))))),
  save: "input",
  // PyTorch's mish_backward: g·(tanh(sp) + x·σ(x)·(1 - tanh(sp)²)), sp = softplus(x)
  backward: (g, x) => {
    const t = softplus(x).tanh();
    return g.mul(t.add(x.mul(x.sigmoid()).mul(sub(1, t.mul(t)))));
  },
  integers: { refuse: "mish_cpu" },
};

/**
 * Mish, `x·tanh(softplus(x))`. PyTorch: `torch.nn.functional.mish(input)` → `MishBackward0`.
 * Integer and bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `mish(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mish, tensor } from "@descent/tensor";
 * assert.equal(String(mish(tensor([-1, 0, 1], { dtype: "float32" }))), "tensor([-0.3034,  0.0000,  0.8651])");
 * ```
 */
export function mish(a: Tensor): Tensor {
  return applyUnary(MISH, a, "mish");
}

/** Options of {@linkcode softplus}. */
export interface SoftplusOptions {
  /** The sharpness `β` (default 1). */
  beta?: number;
  /** Above `β·x > threshold` the result is `x` itself (default 20). */
  threshold?: number;
}

/**
 * `log(1 + e^(β·x)) / β`, and `x` itself where `β·x > threshold`. PyTorch:
 * `torch.nn.functional.softplus(input, beta=1, threshold=20)` → `SoftplusBackward0`. Integer
 * and bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @param options `beta`, `threshold`.
 * @returns `softplus(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { softplus, tensor } from "@descent/tensor";
 * const x = tensor([-1, 0, 30], { dtype: "float32" });
 * assert.equal(String(softplus(x)), "tensor([ 0.3133,  0.6931, 30.0000])");
 * assert.equal(String(softplus(x, { beta: 2 })), "tensor([ 0.0635,  0.3466, 30.0000])");
 * ```
 */
export function softplus(a: Tensor, options?: SoftplusOptions): Tensor {
  checkTensor(a, "softplus");
  const beta = options?.beta ?? 1;
  const threshold = options?.threshold ?? 20;
  const b = scalarIn(a.dtype, beta);
  const t = scalarIn(a.dtype, threshold);
  const spec: UnarySpec = {
    node: "SoftplusBackward0",
    f: (x) => (x * b > t ? x : Math.log1p(Math.exp(x * b)) / b),
    f32: (x) => {
      const xb = Math.fround(x * b);
      return xb > t ? x : Math.fround(Math.log1p(Math.fround(Math.exp(xb)))) / b;
    },
    save: "input",
    // PyTorch's softplus_backward: g where β·x > threshold, else g·z/(z + 1) with z = e^(β·x),
    // i.e. g·σ(β·x) (written so, e^(β·x) cannot overflow into the second derivative)
    backward: (g, x) => {
      const xb = x.mul(b);
      return where(maskOf(xb, (v) => v > t), g, g.mul(xb.sigmoid()));
    },
    integers: { refuse: "softplus_cpu" },
  };
  return applyUnary(spec, a, "softplus");
}

/**
 * PyTorch's `elu(x, alpha, scale, input_scale)`: `(e^(x·inputScale) - 1)·alpha·scale` for
 * `x <= 0`, `x·scale` above; `elu`, `selu` and `celu` are this with their constants.
 */
function eluSpec(
  node: string,
  dtype: DType,
  alpha: number,
  scale: number,
  inputScale: number,
): UnarySpec {
  // the kernel's coefficients, as PyTorch computes them in the tensor's dtype
  const neg = dtype === "float32"
    ? Math.fround(scalarIn(dtype, alpha) * Math.fround(scale))
    : alpha * scale;
  const pos = scalarIn(dtype, scale);
  const ipt = scalarIn(dtype, inputScale);
  return {
    node,
    // PyTorch 2.x: expm1 (1.13: exp(x) - 1, which loses the digits of small x); ±0 take the
    // x·scale branch, so they keep their sign whatever the sign of alpha (elu(0, α = -1) is 0)
    f: (x) => (x < 0 ? Math.expm1(x * ipt) * neg : x * pos),
    f32: (x) => (x < 0 ? Math.fround(Math.expm1(Math.fround(x * ipt))) * neg : x * pos),
    save: "input",
    // PyTorch's elu_backward (is_result false): g·ipt·neg·e^(x·ipt) for x <= 0, g·pos above.
    // e^ reads x only where x < 0 (0 elsewhere): it cannot overflow into the second derivative
    // where x > 0, and that derivative is 0 at x = 0, as PyTorch's elu_double_backward's mask
    backward: (g, x) => {
      const negative = where(maskOf(x, (v) => v < 0), x, 0);
      const below = g.mul(ipt).mul(neg).mul(negative.mul(ipt).exp());
      return where(maskOf(x, (v) => v <= 0), below, g.mul(pos));
    },
    integers: { refuse: "elu_cpu" },
  };
}

/**
 * The exponential linear unit: `x` for `x > 0`, `α·(e^x - 1)` below. PyTorch:
 * `torch.nn.functional.elu(input, alpha=1.0)` → `EluBackward0`. Integer and bool inputs are
 * refused, as in PyTorch.
 *
 * @param a The input.
 * @param options `alpha` (default 1).
 * @returns `elu(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { elu, tensor } from "@descent/tensor";
 * const x = tensor([-1, 0, 1], { dtype: "float32" });
 * assert.equal(String(elu(x)), "tensor([-0.6321,  0.0000,  1.0000])");
 * assert.equal(String(elu(x, { alpha: 2 })), "tensor([-1.2642,  0.0000,  1.0000])");
 * ```
 */
export function elu(a: Tensor, options?: { alpha?: number }): Tensor {
  checkTensor(a, "elu");
  return applyUnary(eluSpec("EluBackward0", a.dtype, options?.alpha ?? 1, 1, 1), a, "elu");
}

/** SELU's `alpha`, PyTorch's (and Klambauer et al.'s) constant. */
const SELU_ALPHA = 1.6732632423543772848170429916717;
/** SELU's `scale`. */
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * The scaled exponential linear unit `scale·elu(x, alpha)` with Klambauer et al.'s constants
 * (alpha ≈ 1.6733, scale ≈ 1.0507). PyTorch: `torch.nn.functional.selu(input)` → `EluBackward0`
 * (PyTorch computes it as `elu`). Integer and bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `selu(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selu, tensor } from "@descent/tensor";
 * assert.equal(String(selu(tensor([-1, 0, 1], { dtype: "float32" }))), "tensor([-1.1113,  0.0000,  1.0507])");
 * ```
 */
export function selu(a: Tensor): Tensor {
  checkTensor(a, "selu");
  return applyUnary(eluSpec("EluBackward0", a.dtype, SELU_ALPHA, SELU_SCALE, 1), a, "selu");
}

/**
 * The continuously differentiable ELU: `x` for `x > 0`, `α·(e^(x/α) - 1)` below. PyTorch:
 * `torch.nn.functional.celu(input, alpha=1.0)` → `CeluBackward0` (PyTorch computes it as
 * `elu(x, alpha, 1, 1/alpha)`). `alpha` 0 is refused with PyTorch's error; integer and bool
 * inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @param options `alpha` (default 1).
 * @returns `celu(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { celu, tensor } from "@descent/tensor";
 * const x = tensor([-1, 0, 1], { dtype: "float32" });
 * assert.equal(String(celu(x, { alpha: 2 })), "tensor([-0.7869,  0.0000,  1.0000])");
 * ```
 */
export function celu(a: Tensor, options?: { alpha?: number }): Tensor {
  checkTensor(a, "celu");
  const alpha = options?.alpha ?? 1;
  if (alpha === 0) throw new RangeError("ZeroDivisionError: alpha cannot be 0 for CELU");
  return applyUnary(eluSpec("CeluBackward0", a.dtype, alpha, 1, 1 / alpha), a, "celu");
}

const LOGSIGMOID: UnarySpec = {
  node: "LogSigmoidBackward0",
  // PyTorch's log_sigmoid kernel: min(x, 0) - log1p(e^-|x|)
  f: (x) => (x < 0 ? x : 0) - Math.log1p(Math.exp(-Math.abs(x))),
  f32: (x) => (x < 0 ? x : 0) - Math.fround(Math.log1p(Math.fround(Math.exp(-Math.abs(x))))),
  save: "input",
  // PyTorch's log_sigmoid_backward with buffer b = e^-|x| computes σ(-x) as 1 - b/(1 + b) for
  // x < 0 and b/(1 + b) otherwise; σ(-x) itself is the same to an ulp and differentiates
  // smoothly through 0 (PyTorch's log_sigmoid_double_backward: -σ(x)·(1 - σ(x)))
  backward: (g, x) => g.mul(x.neg().sigmoid()),
  integers: { refuse: "log_sigmoid_cpu" },
};

/**
 * `log σ(x) = -softplus(-x)`, computed stably. PyTorch: `torch.nn.functional.logsigmoid(input)`
 * → `LogSigmoidBackward0`. Integer and bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `log(σ(a))`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logsigmoid, tensor } from "@descent/tensor";
 * assert.equal(String(logsigmoid(tensor([-100, 0, 1], { dtype: "float32" }))), "tensor([-100.0000,   -0.6931,   -0.3133])");
 * ```
 */
export function logsigmoid(a: Tensor): Tensor {
  return applyUnary(LOGSIGMOID, a, "logsigmoid");
}
