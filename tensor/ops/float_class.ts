/**
 * Classifying and replacing non-finite values (issue 13, elementwise math): `isnan`, `isinf`,
 * `isfinite` (bool results, never differentiable) and `nanToNum`.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { isFloatingDType } from "../dtype.ts";
import { clone } from "./view.ts";
import { mapValues, maskOf } from "./elementwise.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { exactUnary } from "./exact.ts";

/** A bool tensor of `pred` over `a`'s values; integer and bool tensors hold no NaN or infinity. */
function classify(a: Tensor, name: string, pred: (x: number) => boolean, ints: boolean): Tensor {
  checkTensor(a, name);
  if (isFloatingDType(a.dtype)) return maskOf(a, pred);
  return exactUnary(() => (ints ? 1 : 0), a, a.dtype, "bool", name);
}

/**
 * Where `a` is NaN. PyTorch: `torch.isnan(input)` (a bool tensor, no gradient).
 *
 * @param a The input.
 * @returns A bool tensor of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isnan, tensor } from "@descent/tensor";
 * assert.equal(String(isnan(tensor([1, NaN, Infinity]))), "tensor([False,  True, False])");
 * ```
 */
export function isnan(a: Tensor): Tensor {
  return classify(a, "isnan", (x) => x !== x, false);
}

/**
 * Where `a` is +∞ or -∞. PyTorch: `torch.isinf(input)` (a bool tensor, no gradient).
 *
 * @param a The input.
 * @returns A bool tensor of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isinf, tensor } from "@descent/tensor";
 * assert.equal(String(isinf(tensor([1, NaN, -Infinity]))), "tensor([False, False,  True])");
 * ```
 */
export function isinf(a: Tensor): Tensor {
  return classify(a, "isinf", (x) => x === Infinity || x === -Infinity, false);
}

/**
 * Where `a` is neither NaN nor infinite. PyTorch: `torch.isfinite(input)` (a bool tensor, no
 * gradient).
 *
 * @param a The input.
 * @returns A bool tensor of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isfinite, tensor } from "@descent/tensor";
 * assert.equal(String(isfinite(tensor([1, NaN, -Infinity]))), "tensor([ True, False, False])");
 * ```
 */
export function isfinite(a: Tensor): Tensor {
  return classify(a, "isfinite", Number.isFinite, true);
}

/** Options of {@linkcode nanToNum}. */
export interface NanToNumOptions {
  /** What NaN becomes (default 0). */
  nan?: number;
  /** What +∞ becomes (default: the dtype's largest finite value). */
  posinf?: number | null;
  /** What -∞ becomes (default: the dtype's lowest finite value). */
  neginf?: number | null;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * `a` with NaN, +∞ and -∞ replaced by finite numbers (by default 0 and the dtype's largest and
 * lowest values). PyTorch: `torch.nan_to_num(input, nan=0.0, posinf=None, neginf=None)` →
 * `NanToNumBackward0` (the gradient passes where `a` is finite). Integer and bool tensors are
 * returned as a copy.
 *
 * @param a The input.
 * @param options `nan`, `posinf`, `neginf`.
 * @returns The finite values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nanToNum, tensor } from "@descent/tensor";
 * const x = tensor([NaN, Infinity, -Infinity, 1.5]);
 * assert.equal(String(nanToNum(x)), "tensor([ 0.0000e+00,  3.4028e+38, -3.4028e+38,  1.5000e+00])");
 * assert.equal(String(nanToNum(x, { nan: 0, posinf: 1, neginf: -1 })), "tensor([ 0.0000,  1.0000, -1.0000,  1.5000])");
 * ```
 */
export function nanToNum(a: Tensor, options?: NanToNumOptions): Tensor {
  checkTensor(a, "nan_to_num");
  if (!isFloatingDType(a.dtype)) return clone(a);
  const max = a.dtype === "float32" ? FLOAT32_MAX : Number.MAX_VALUE;
  const nan = options?.nan ?? 0;
  const posinf = options?.posinf ?? max;
  const neginf = options?.neginf ?? -max;
  const out = mapValues(
    a,
    (x) => (x !== x ? nan : x === Infinity ? posinf : x === -Infinity ? neginf : x),
  );
  if (tracks(a)) {
    const node = record("NanToNumBackward0", out, [a]);
    const sa = node.save(a);
    // PyTorch: grad · isfinite(self) (so a NaN gradient stays NaN where self is not finite)
    node.setBackward((g) => [g.mul(maskOf(sa.unpack(), Number.isFinite))]);
  }
  return out;
}
