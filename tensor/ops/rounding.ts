/**
 * Rounding and sign (issue 13, elementwise math): `floor`, `ceil`, `round` (with `decimals`),
 * `trunc`, `frac`, `sign`, `sgn`, as rows of the unary-op table format of `elementwise.ts`
 * ({@linkcode UnarySpec}). Their derivatives are zero, except `frac`'s (1).
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { zerosLike } from "../create.ts";
import { isFloatingDType, notImplemented } from "../dtype.ts";
import { applyUnary, type UnarySpec } from "./elementwise.ts";
import { checkTensor } from "./record.ts";

/**
 * C's `nearbyint` in the default rounding mode: to the nearest integer, ties to even, keeping the
 * sign of zero (`Math.round` rounds ties up).
 */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** PyTorch's `sign` (and `sgn` of real numbers): `(0 < x) - (x < 0)`, so 0 for ±0 and NaN. */
const signOf = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** PyTorch's `zeros_like(grad)`: zeros even where the incoming gradient is NaN or infinite. */
const zeros = (g: Tensor): Tensor => zerosLike(g);
const identity = (x: number): number => x;

/** The names of the ops of {@linkcode ROUNDING}. */
export type RoundingName = "floor" | "ceil" | "round" | "trunc" | "frac" | "sign" | "sgn";

/**
 * The rounding ops, one row each (node, kernel, saved value, backward, dtype rule). Integer
 * tensors keep their values under floor, ceil, round and trunc (PyTorch 2.x returns a copy);
 * bool tensors are refused with PyTorch's kernel names.
 */
export const ROUNDING = {
  floor: {
    node: "FloorBackward0",
    f: Math.floor,
    save: "none",
    backward: zeros,
    integers: { keep: identity, bool: `"floor_vml_cpu" not implemented for 'Bool'` },
  },
  ceil: {
    node: "CeilBackward0",
    f: Math.ceil,
    save: "none",
    backward: zeros,
    integers: { keep: identity, bool: `"ceil_vml_cpu" not implemented for 'Bool'` },
  },
  round: {
    node: "RoundBackward0",
    f: roundHalfEven,
    save: "none",
    backward: zeros,
    integers: { keep: identity, bool: `"round_vml_cpu" not implemented for 'Bool'` },
  },
  trunc: {
    node: "TruncBackward0",
    f: Math.trunc,
    save: "none",
    backward: zeros,
    integers: { keep: identity, bool: `"trunc_vml_cpu" not implemented for 'Bool'` },
  },
  frac: {
    node: "FracBackward0",
    f: (x) => x - Math.trunc(x),
    save: "none",
    backward: (g) => g,
    integers: { refuse: "frac_cpu" },
  },
  sign: {
    node: "SignBackward0",
    f: signOf,
    save: "none",
    backward: zeros,
    integers: { keep: signOf, bool: null },
  },
  sgn: {
    node: "SgnBackward0",
    f: signOf,
    save: "none",
    backward: zeros,
    integers: { keep: signOf, bool: null },
  },
} satisfies Record<RoundingName, UnarySpec>;

/**
 * Rounds down to an integer. PyTorch: `torch.floor` → `FloorBackward0` (gradient 0). Integer
 * tensors are returned as a copy; a bool tensor is refused, as in PyTorch.
 *
 * @param a The input.
 * @returns `⌊a⌋`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floor, tensor } from "@descent/tensor";
 * assert.equal(String(floor(tensor([-1.5, 0.5, 2]))), "tensor([-2.,  0.,  2.])");
 * ```
 */
export function floor(a: Tensor): Tensor {
  return applyUnary(ROUNDING.floor, a, "floor");
}

/**
 * Rounds up to an integer (`ceil(-0.5)` is `-0.`). PyTorch: `torch.ceil` → `CeilBackward0`
 * (gradient 0). Integer tensors are returned as a copy; a bool tensor is refused.
 *
 * @param a The input.
 * @returns `⌈a⌉`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ceil, tensor } from "@descent/tensor";
 * assert.equal(String(ceil(tensor([-1.5, 0.5, 2]))), "tensor([-1.,  1.,  2.])");
 * ```
 */
export function ceil(a: Tensor): Tensor {
  return applyUnary(ROUNDING.ceil, a, "ceil");
}

/** Options of {@linkcode round}. */
export interface RoundOptions {
  /**
   * The number of decimal places to round to (default 0); negative rounds to tens, hundreds …
   * PyTorch computes `nearbyint(a · 10^d) / 10^d` (`nearbyint(a / 10^-d) · 10^-d` for d < 0) in
   * the tensor's dtype, so `round(1.25, 1)` is `1.2` (ties to even) and a float32 `a · 10^d` may
   * overflow.
   */
  decimals?: number;
}

/**
 * Rounds to the nearest integer, ties to even (`round(0.5)` is 0, `round(1.5)` is 2), or to
 * `decimals` decimal places. PyTorch: `torch.round(input, decimals=0)` → `RoundBackward0`
 * (`RoundBackward1` with `decimals`; gradient 0). Integer tensors are returned as a copy without
 * `decimals` and refused with it, as in PyTorch.
 *
 * @param a The input.
 * @param options `decimals`.
 * @returns The rounded values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { round, tensor } from "@descent/tensor";
 * assert.equal(String(round(tensor([0.5, 1.5, 2.5, -0.5]))), "tensor([0., 2., 2., -0.])");
 * assert.equal(String(round(tensor([1.25, 123.456]), { decimals: 1 })), "tensor([  1.2000, 123.5000])");
 * ```
 */
export function round(a: Tensor, options?: RoundOptions): Tensor {
  const decimals = options?.decimals;
  if (decimals === undefined) return applyUnary(ROUNDING.round, a, "round");
  checkTensor(a, "round");
  if (!Number.isInteger(decimals)) {
    throw new TypeError(
      `round(): argument 'decimals' must be int, not ${
        typeof decimals === "number" ? "float" : typeof decimals
      }`,
    );
  }
  if (!isFloatingDType(a.dtype)) {
    throw notImplemented(decimals === 0 ? "round_vml_cpu" : "round_cpu", a.dtype);
  }
  if (decimals === 0) return applyUnary({ ...ROUNDING.round, node: "RoundBackward1" }, a, "round");
  return applyUnary(roundDecimals(decimals), a, "round");
}

/** PyTorch's `round.decimals` kernel: scaling by `10^|d|` in the tensor's dtype, then back. */
function roundDecimals(decimals: number): UnarySpec {
  const p = Math.pow(10, Math.abs(decimals));
  const p32 = Math.fround(p);
  const [f, f32] = decimals > 0
    ? [
      (x: number) => roundHalfEven(x * p) / p,
      (x: number) => roundHalfEven(Math.fround(x * p32)) / p32,
    ]
    : [
      (x: number) => roundHalfEven(x / p) * p,
      (x: number) => roundHalfEven(Math.fround(x / p32)) * p32,
    ];
  return { ...ROUNDING.round, node: "RoundBackward1", f, f32 };
}

/**
 * Rounds toward zero. PyTorch: `torch.trunc` → `TruncBackward0` (gradient 0). Integer tensors
 * are returned as a copy; a bool tensor is refused.
 *
 * @param a The input.
 * @returns The integer parts.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, trunc } from "@descent/tensor";
 * assert.equal(String(trunc(tensor([-1.5, 0.5, 2]))), "tensor([-1.,  0.,  2.])");
 * ```
 */
export function trunc(a: Tensor): Tensor {
  return applyUnary(ROUNDING.trunc, a, "trunc");
}

/**
 * The fractional part `a - trunc(a)`, with the sign of `a`. PyTorch: `torch.frac` →
 * `FracBackward0` (gradient 1). Integer and bool tensors are refused, as in PyTorch.
 *
 * @param a The input.
 * @returns The fractional parts.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frac, tensor } from "@descent/tensor";
 * assert.equal(String(frac(tensor([-1.5, 0.25, 2]))), "tensor([-0.5000,  0.2500,  0.0000])");
 * ```
 */
export function frac(a: Tensor): Tensor {
  return applyUnary(ROUNDING.frac, a, "frac");
}

/**
 * The sign: 1, -1, or 0 for ±0 and NaN. PyTorch: `torch.sign` → `SignBackward0` (gradient 0).
 * Integer and bool tensors keep their dtype.
 *
 * @param a The input.
 * @returns The signs.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sign, tensor } from "@descent/tensor";
 * assert.equal(String(sign(tensor([-2.5, 0, 3]))), "tensor([-1.,  0.,  1.])");
 * assert.equal(String(sign(tensor([-2, 0, 3]))), "tensor([-1,  0,  1])");
 * ```
 */
export function sign(a: Tensor): Tensor {
  return applyUnary(ROUNDING.sign, a, "sign");
}

/**
 * The sign, PyTorch's generalisation of `sign` to complex numbers (`a / |a|`), the same as
 * `sign` for real tensors. PyTorch: `torch.sgn` → `SgnBackward0` (gradient 0 for real input).
 *
 * @param a The input.
 * @returns The signs.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sgn, tensor } from "@descent/tensor";
 * assert.equal(String(sgn(tensor([-2.5, 0, NaN]))), "tensor([-1.,  0.,  0.])");
 * ```
 */
export function sgn(a: Tensor): Tensor {
  return applyUnary(ROUNDING.sgn, a, "sgn");
}
