/**
 * Variance and standard deviation with Bessel's `correction`: `var`, `std`, and `varMean`/
 * `stdMean`, which return the mean with them (one node for both outputs, as PyTorch's
 * `VarMeanBackward0`/`StdMeanBackward0`).
 *
 * @module
 */

import { warnOnce } from "@descent/autograd";
import { Tensor } from "../tensor.ts";
import { isFloatingDType } from "../dtype.ts";
import { rowMoments } from "../kernels/rows.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, recordOutputs, tracks } from "./record.ts";
import { where } from "./elementwise.ts";
import { eq } from "./compare.ts";
import { expandBack, reducedShape, reductionDims } from "./reduce.ts";
import { restoreDims, rowsOf } from "./rows.ts";

/** Options of {@linkcode variance}, {@linkcode std}, {@linkcode varMean}, {@linkcode stdMean}. */
export interface VarOptions {
  /**
   * Subtracted from the number of elements in the divisor: 1 (default) for the unbiased sample
   * variance, 0 for the population variance. Any number, as PyTorch takes a Scalar.
   */
  correction?: number;
  /** Keep reduced dims with size 1. */
  keepdim?: boolean;
}

type Which = "var" | "std" | "var_mean" | "std_mean";

/** One variance computation: the results and what its backward needs. */
interface Moments {
  variance: Tensor;
  mean: Tensor;
  /** Per dim: reduced. */
  mask: boolean[];
  /** Whether a dim list was given (PyTorch's backward distinguishes `dim=None`). */
  dimGiven: boolean;
  correction: number;
  keepdim: boolean;
}

function moments(
  a: Tensor,
  dim: number | readonly number[] | null,
  options: VarOptions | undefined,
  which: Which,
): Moments {
  checkTensor(a, which);
  if (!isFloatingDType(a.dtype)) {
    const what = which === "var" || which === "std" ? "std and var" : which;
    throw new TypeError(`${what} only support floating point and complex dtypes`);
  }
  const correction = options?.correction ?? 1;
  if (typeof correction !== "number") {
    throw new TypeError(
      `${which}(): argument 'correction' must be Number, not ${typeof correction}`,
    );
  }
  const keepdim = options?.keepdim ?? false;
  const mask = reductionDims(dim, a.ndim);
  const shape = reducedShape(a.shape, mask, keepdim);
  const { v, rows, len } = rowsOf(a, mask);
  const va = new Float64Array(rows);
  const mu = new Float64Array(rows);
  rowMoments(v, rows, len, correction, va, mu);
  if (which === "std" || which === "std_mean") {
    for (let r = 0; r < rows; r++) va[r] = Math.sqrt(va[r]);
  }
  // PyTorch's reduction factor: input numel over output numel (at least 1)
  if (a._numel / Math.max(rows, 1) - correction <= 0) {
    warnOnce(
      `${which}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel).`,
    );
  }
  return {
    variance: new Tensor(store(va, a.dtype, which), shape, a.dtype),
    mean: new Tensor(store(mu, a.dtype, which), shape, a.dtype),
    mask,
    dimGiven: dim !== null && (typeof dim === "number" || dim.length > 0),
    correction,
    keepdim,
  };
}

/**
 * PyTorch's `var_backward`: `2/(N - correction) · g · (x - mean)`. Over all elements with no
 * degree of freedom left, `g · (NaN where x is the mean, ∞ elsewhere)`.
 */
function varBackward(g: Tensor, x: Tensor, m: Moments): Tensor {
  if (x.ndim === 0 || !m.dimGiven) {
    const dof = x._numel - m.correction;
    const mu = x.mean();
    if (dof <= 0) return g.mul(where(eq(x, mu), NaN, Infinity));
    return g.mul(2 / dof).mul(x.sub(mu));
  }
  let n = 1;
  for (let d = 0; d < x.ndim; d++) if (m.mask[d]) n *= x.shape[d];
  const dims = m.mask.flatMap((r, d) => (r ? [d] : []));
  return restoreDims(g, x.shape, m.mask, m.keepdim).mul(2 / (n - m.correction)).mul(
    x.sub(x.mean(dims, true)),
  );
}

/** PyTorch's `std_backward`: the variance's backward of `g / (2·std)` (0 where std is 0). */
function stdBackward(g: Tensor, x: Tensor, result: Tensor, m: Moments): Tensor {
  const zero = eq(result, 0);
  return varBackward(where(zero, 0, g.div(where(zero, 1, result).mul(2))), x, m);
}

/** PyTorch's `mean_backward`: `g` spread over the reduced elements. */
function meanBackward(g: Tensor, x: Tensor, m: Moments): Tensor {
  let n = 1;
  for (let d = 0; d < x.ndim; d++) if (m.mask[d]) n *= x.shape[d];
  return expandBack(g, x.shape, m.mask, m.keepdim).div(n);
}

/**
 * Variance over all elements or over `dim`: `Σ(x - mean)² / (N - correction)`. PyTorch:
 * `torch.var(input, dim=None, *, correction=1, keepdim=False)` → `VarBackward0` (named
 * `variance` here, `var` being a reserved word; the method is `Tensor.var`). Float input
 * only (PyTorch's error otherwise); with no degree of freedom left (`N ≤ correction`) the result
 * is NaN or ∞, with PyTorch's warning.
 *
 * @param a The input.
 * @param dim A dim or list of dims, or `null` for all.
 * @param options `correction` (default 1), `keepdim`.
 * @returns The variance.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, variance } from "@descent/tensor";
 * const x = floatTensor([[1, 2, 3], [4, 6, 8]]);
 * assert.equal(String(variance(x)), "tensor(6.8000)");
 * assert.equal(String(variance(x, 1)), "tensor([1., 4.])");
 * assert.equal(String(variance(x, 1, { correction: 0, keepdim: true })), "tensor([[0.6667],\n        [2.6667]])");
 * ```
 */
export function variance(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  options?: VarOptions,
): Tensor {
  const m = moments(a, dim, options, "var");
  if (tracks(a)) {
    const node = record("VarBackward0", m.variance, [a]);
    const sx = node.save(a);
    node.setBackward((g) => [varBackward(g, sx.unpack(), m)]);
  }
  return m.variance;
}

/**
 * Standard deviation over all elements or over `dim`: the square root of {@linkcode variance}.
 * PyTorch: `torch.std(input, dim=None, *, correction=1, keepdim=False)` → `StdBackward0` (whose
 * gradient is 0 where the deviation is 0).
 *
 * @param a The input.
 * @param dim A dim or list of dims, or `null` for all.
 * @param options `correction` (default 1), `keepdim`.
 * @returns The standard deviation.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, std } from "@descent/tensor";
 * assert.equal(String(std(floatTensor([[1, 2, 3], [4, 6, 8]]), 1)), "tensor([1., 2.])");
 * ```
 */
export function std(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  options?: VarOptions,
): Tensor {
  const m = moments(a, dim, options, "std");
  if (tracks(a)) {
    const node = record("StdBackward0", m.variance, [a]);
    const sx = node.save(a);
    const sr = node.save(m.variance);
    node.setBackward((g) => [stdBackward(g, sx.unpack(), sr.unpack(), m)]);
  }
  return m.variance;
}

/** The variance (or standard deviation) and the mean, as `varMean`/`stdMean` return them. */
export type VarMean = [Tensor, Tensor];

/** `varMean`/`stdMean`: both outputs on one node. */
function withMean(
  a: Tensor,
  dim: number | readonly number[] | null,
  options: VarOptions | undefined,
  which: "var_mean" | "std_mean",
): VarMean {
  const m = moments(a, dim, options, which);
  const outs: VarMean = [m.variance, m.mean];
  if (tracks(a)) {
    const isStd = which === "std_mean";
    const node = recordOutputs(isStd ? "StdMeanBackward0" : "VarMeanBackward0", outs, [a]);
    const sx = node.save(a);
    const sr = isStd ? node.save(m.variance) : null;
    node.setBackwardAll(([gv, gm]) => {
      const x = sx.unpack();
      let gx: Tensor | null = null;
      if (gv !== null) {
        gx = sr === null ? varBackward(gv, x, m) : stdBackward(gv, x, sr.unpack(), m);
      }
      if (gm !== null) {
        const aux = meanBackward(gm, x, m);
        gx = gx === null ? aux : gx.add(aux);
      }
      return [gx];
    });
  }
  return outs;
}

/**
 * Variance and mean together. PyTorch: `torch.var_mean(input, dim=None, *, correction=1,
 * keepdim=False)` → `VarMeanBackward0` (both outputs).
 *
 * @param a The input (float).
 * @param dim A dim or list of dims, or `null` for all.
 * @param options `correction` (default 1), `keepdim`.
 * @returns `[variance, mean]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, varMean } from "@descent/tensor";
 * const [v, m] = varMean(floatTensor([1, 2, 3, 4]));
 * assert.equal(String(v), "tensor(1.6667)");
 * assert.equal(String(m), "tensor(2.5000)");
 * ```
 */
export function varMean(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  options?: VarOptions,
): VarMean {
  return withMean(a, dim, options, "var_mean");
}

/**
 * Standard deviation and mean together. PyTorch: `torch.std_mean(input, dim=None, *,
 * correction=1, keepdim=False)` → `StdMeanBackward0` (both outputs).
 *
 * @param a The input (float).
 * @param dim A dim or list of dims, or `null` for all.
 * @param options `correction` (default 1), `keepdim`.
 * @returns `[std, mean]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, stdMean } from "@descent/tensor";
 * const [s, m] = stdMean(floatTensor([[1, 3], [5, 9]]), 0, { correction: 0 });
 * assert.equal(String(s), "tensor([2., 3.])");
 * assert.equal(String(m), "tensor([3., 6.])");
 * ```
 */
export function stdMean(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  options?: VarOptions,
): VarMean {
  return withMean(a, dim, options, "std_mean");
}
