/**
 * Piecewise and rational activations (issue 13; PyTorch's `torch.nn.functional`): `leakyRelu`,
 * `hardtanh`, `relu6`, `hardsigmoid`, `hardswish` as unary ops in the table format of
 * `elementwise.ts` ({@linkcode UnarySpec}) with PyTorch's kernels, backward formulas (in tensor
 * ops) and node names; `softsign` and `tanhshrink` composed of other ops, as PyTorch composes
 * them (so their nodes are `DivBackward0` and `SubBackward0`).
 *
 * @module
 */

import type { DType, Tensor } from "../tensor.ts";
import {
  applyUnary,
  checkedScalar,
  maskOf,
  scalarAs,
  type UnarySpec,
  where,
} from "./elementwise.ts";
import { checkTensor } from "./record.ts";
import { castValue, isFloatingDType } from "../dtype.ts";
import { exactUnary } from "./exact.ts";

/** Options of {@linkcode leakyRelu}. */
export interface LeakyReluOptions {
  /** The slope below 0 (default 0.01). */
  negativeSlope?: number;
}

/**
 * `x` for `x > 0`, `negativeSlope·x` otherwise. PyTorch:
 * `torch.nn.functional.leaky_relu(input, negative_slope=0.01)` → `LeakyReluBackward0` (the
 * gradient below and at 0 is the slope). Integer and bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @param options `negativeSlope`.
 * @returns `leakyRelu(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { leakyRelu, tensor } from "@descent/tensor";
 * const x = tensor([-2, 0, 3], { dtype: "float32" });
 * assert.equal(String(leakyRelu(x)), "tensor([-0.0200,  0.0000,  3.0000])");
 * assert.equal(String(leakyRelu(x, { negativeSlope: 0.5 })), "tensor([-1.,  0.,  3.])");
 * ```
 */
export function leakyRelu(a: Tensor, options?: LeakyReluOptions): Tensor {
  checkTensor(a, "leaky_relu");
  const given = options?.negativeSlope ?? 0.01;
  const slope = scalarAs(a.dtype, isFloatingDType(a.dtype) ? checkedScalar(given, a.dtype) : given);
  const spec: UnarySpec = {
    node: "LeakyReluBackward0",
    f: (x) => (x > 0 ? x : x * slope),
    save: "input",
    // PyTorch's leaky_relu_backward: x > 0 ? g : g·slope
    backward: (g, x) => where(maskOf(x, (v) => v > 0), g, g.mul(slope)),
    integers: { refuse: "leaky_relu_cpu" },
  };
  return applyUnary(spec, a, "leaky_relu");
}

/** Options of {@linkcode hardtanh}. */
export interface HardtanhOptions {
  /** The lower bound (default -1). */
  minVal?: number;
  /** The upper bound (default 1). */
  maxVal?: number;
}

/** `clamp(a, lo, hi)` with HardtanhBackward0, in `a`'s dtype (integers too, as PyTorch). */
function hardtanhOf(a: Tensor, minVal: number, maxVal: number): Tensor {
  checkTensor(a, "hardtanh");
  if (minVal > maxVal) throw new TypeError("min_val cannot be greater than max_val");
  if (a.dtype === "bool") throw new TypeError("Bool inputs not supported for hardtanh");
  if (a.dtype === "uint8" && (minVal < 0 || maxVal < 0)) {
    throw new TypeError("cannot do hardtanh on an unsigned type with negative limits");
  }
  if (!isFloatingDType(a.dtype)) {
    // PyTorch reads the bounds as int64, then writes clamp into a tensor of the input's dtype:
    // the bounds are cast to it (each conversion refuses a value out of range)
    for (const v of [minVal, maxVal]) checkedScalar(checkedScalar(v, "int64"), a.dtype);
    const lo = castValue(minVal, a.dtype);
    const hi = castValue(maxVal, a.dtype);
    return exactUnary((x) => Math.min(Math.max(x, lo), hi), a, a.dtype, a.dtype, "hardtanh");
  }
  return applyUnary(hardtanhSpec(a.dtype, minVal, maxVal), a, "hardtanh");
}

function hardtanhSpec(dtype: DType, minVal: number, maxVal: number): UnarySpec {
  const lo = scalarAs(dtype, checkedScalar(minVal, dtype));
  const hi = scalarAs(dtype, checkedScalar(maxVal, dtype));
  return {
    node: "HardtanhBackward0",
    // clamp's kernel, min(max(x, lo), hi): NaN and -0 stay
    f: (x) => {
      const r = x < lo ? lo : x;
      return hi < r ? hi : r;
    },
    save: "input",
    // PyTorch's hardtanh_backward: 0 where x <= lo or x >= hi, g elsewhere (NaN passes g)
    backward: (g, x) => where(maskOf(x, (v) => v <= lo || v >= hi), 0, g),
    integers: { refuse: "hardtanh" }, // (integers take hardtanhOf's exact path)
  };
}

/**
 * `clamp(x, minVal, maxVal)`. PyTorch: `torch.nn.functional.hardtanh(input, min_val=-1.0,
 * max_val=1.0)` → `HardtanhBackward0` (gradient 0 at and beyond the bounds). Integer tensors keep
 * their dtype (the bounds cast to it); bool tensors, unsigned tensors with negative bounds and
 * `minVal > maxVal` are refused with PyTorch's errors.
 *
 * @param a The input.
 * @param options `minVal`, `maxVal`.
 * @returns `hardtanh(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hardtanh, tensor } from "@descent/tensor";
 * const x = tensor([-2, 0.5, 3], { dtype: "float32" });
 * assert.equal(String(hardtanh(x)), "tensor([-1.0000,  0.5000,  1.0000])");
 * assert.equal(String(hardtanh(x, { minVal: 0, maxVal: 2 })), "tensor([0.0000, 0.5000, 2.0000])");
 * ```
 */
export function hardtanh(a: Tensor, options?: HardtanhOptions): Tensor {
  return hardtanhOf(a, options?.minVal ?? -1, options?.maxVal ?? 1);
}

/**
 * `min(max(x, 0), 6)`. PyTorch: `torch.nn.functional.relu6(input)` → `HardtanhBackward0`
 * (PyTorch computes it as `hardtanh(input, 0, 6)`). Integer tensors keep their dtype; bool
 * tensors are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `relu6(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relu6, tensor } from "@descent/tensor";
 * assert.equal(String(relu6(tensor([-2, 3, 9]))), "tensor([0, 3, 6])");
 * ```
 */
export function relu6(a: Tensor): Tensor {
  return hardtanhOf(a, 0, 6);
}

/** PyTorch's `hardsigmoid` backward multiplies by float32's 1/6, whatever the dtype. */
const ONE_SIXTH = Math.fround(1 / 6);

/** `min(max(x + 3, 0), 6)`, NaN kept; `x + 3` rounded to float32 for a float32 tensor. */
function relu6Shift(t: number): number {
  const r = t < 0 ? 0 : t;
  return 6 < r ? 6 : r;
}

const HARDSIGMOID: UnarySpec = {
  node: "HardsigmoidBackward0",
  f: (x) => relu6Shift(x + 3) / 6,
  f32: (x) => relu6Shift(Math.fround(x + 3)) / 6,
  save: "input",
  // PyTorch's hardsigmoid_backward: g/6 strictly inside (-3, 3), 0 elsewhere
  backward: (g, x) => where(maskOf(x, (v) => v > -3 && v < 3), g.mul(ONE_SIXTH), 0),
  integers: { refuse: "hardsigmoid_cpu" },
};

/**
 * `min(max(x + 3, 0), 6) / 6`, a piecewise-linear sigmoid. PyTorch:
 * `torch.nn.functional.hardsigmoid(input)` → `HardsigmoidBackward0`. Integer and bool inputs
 * are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `hardsigmoid(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hardsigmoid, tensor } from "@descent/tensor";
 * assert.equal(String(hardsigmoid(tensor([-4, 0, 1.5], { dtype: "float32" }))), "tensor([0.0000, 0.5000, 0.7500])");
 * ```
 */
export function hardsigmoid(a: Tensor): Tensor {
  return applyUnary(HARDSIGMOID, a, "hardsigmoid");
}

const HARDSWISH: UnarySpec = {
  node: "HardswishBackward0",
  f: (x) => (x * relu6Shift(x + 3)) / 6,
  f32: (x) => Math.fround(x * relu6Shift(Math.fround(x + 3))) / 6,
  save: "input",
  // PyTorch 2.x's hardswish_backward: 0 up to -3, g·(x/3 + 0.5) below 3, g from 3 (and for
  // NaN). (1.13: g·(x/3 + 0.5) at -3 too.)
  backward: (g, x) =>
    where(
      maskOf(x, (v) => v <= -3),
      0,
      where(maskOf(x, (v) => v < 3), g.mul(x.div(3).add(0.5)), g),
    ),
  integers: { refuse: "hardswish_cpu" },
};

/**
 * `x · min(max(x + 3, 0), 6) / 6`. PyTorch: `torch.nn.functional.hardswish(input)` →
 * `HardswishBackward0`. Integer and bool inputs are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `hardswish(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hardswish, tensor } from "@descent/tensor";
 * assert.equal(String(hardswish(tensor([-4, 1, 4], { dtype: "float32" }))), "tensor([-0.0000, 0.6667, 4.0000])");
 * ```
 */
export function hardswish(a: Tensor): Tensor {
  return applyUnary(HARDSWISH, a, "hardswish");
}

/**
 * `x / (1 + |x|)`. PyTorch: `torch.nn.functional.softsign(input)`, composed as
 * `input / (input.abs() + 1)` (so its node is `DivBackward0`). Integer tensors give float32;
 * bool tensors are refused by `abs`, as in PyTorch.
 *
 * @param a The input.
 * @returns `softsign(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { softsign, tensor } from "@descent/tensor";
 * assert.equal(String(softsign(tensor([-3, 0, 1]))), "tensor([-0.7500,  0.0000,  0.5000])");
 * ```
 */
export function softsign(a: Tensor): Tensor {
  checkTensor(a, "softsign");
  return a.div(a.abs().add(1));
}

/**
 * `x - tanh(x)`. PyTorch: `torch.nn.functional.tanhshrink(input)`, composed as
 * `input - input.tanh()` (so its node is `SubBackward0`). Integer tensors give float32; bool
 * tensors are refused by the subtraction, as in PyTorch.
 *
 * @param a The input.
 * @returns `tanhshrink(a)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tanhshrink, tensor } from "@descent/tensor";
 * assert.equal(String(tanhshrink(tensor([-1, 0, 2], { dtype: "float32" }))), "tensor([-0.2384,  0.0000,  1.0360])");
 * ```
 */
export function tanhshrink(a: Tensor): Tensor {
  checkTensor(a, "tanhshrink");
  return a.sub(a.tanh());
}
