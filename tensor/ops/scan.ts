/**
 * Scans along a dim: `cumsum`, `cumprod`, `logcumsumexp`, `cummax`, `cummin`, each with PyTorch's
 * backward written in tensor ops.
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { normalizeDim } from "../shape.ts";
import { isFloatingDType, notImplemented } from "../dtype.ts";
import { cumulate, cumulativeExtrema, type ScanOp } from "../kernels/scan.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { where } from "./elementwise.ts";
import { ones } from "../create.ts";
import { cat, narrow, stack } from "./index.ts";
import { flip } from "./reorder.ts";
import { accumulatedDType, hasZero, prod } from "./prod.ts";
import { type Lanes, lanesOf, recordSelection } from "./rows.ts";
import type { ValuesIndices } from "./reduce.ts";

/**
 * Cumulative sum along `dim`. PyTorch: `torch.cumsum(input, dim)` → `CumsumBackward0` (whose
 * backward is a reversed cumulative sum). Integer and bool tensors give int64.
 *
 * @param a The input.
 * @param dim The dim to scan along.
 * @returns The running sums, of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cumsum, floatTensor, tensor } from "@descent/tensor";
 * assert.equal(String(cumsum(floatTensor([[1, 2], [3, 4]]), 0)), "tensor([[1., 2.],\n        [4., 6.]])");
 * assert.equal(String(cumsum(tensor([true, false, true]), 0)), "tensor([1, 1, 2])");
 * ```
 */
export function cumsum(a: Tensor, dim: number): Tensor {
  const [result, l] = scan(a, dim, "sum", "cumsum", accumulatedDType(a));
  if (tracks(a)) {
    record("CumsumBackward0", result, [a]).setBackward((g) => {
      if (g._numel <= 1 || l.n === 1) return [g];
      return [reversedCumsum(g, l.dim)];
    });
  }
  return result;
}

/** The scan of `a` along `dim`, unrecorded, in `dtype`, and the lanes it read. */
function scan(a: Tensor, dim: number, op: ScanOp, name: string, dtype: Tensor["dtype"]) {
  checkTensor(a, name);
  const l = lanesOf(a, dim);
  const out = new Float64Array(l.v.length);
  cumulate(l.v, l.outer, l.n, l.inner, op, out);
  return [new Tensor(store(out, dtype, name), a.shape, dtype), l] as [Tensor, Lanes];
}

/** `Σ_{j ≥ k} w_j` along `d`: PyTorch's `reversed_cumsum`. */
function reversedCumsum(w: Tensor, d: number): Tensor {
  return flip(cumsum(flip(w, d), d), d);
}

/**
 * PyTorch's `cumprod_backward`: `Σ_{j ≥ k} g_j · y_j / x_k` (a reversed cumulative sum) where no
 * element is zero; otherwise each position's sum of products of the other elements, one
 * position at a time (PyTorch's twice-differentiable path).
 */
function cumprodBackward(g: Tensor, x: Tensor, d: number, y: Tensor): Tensor {
  if (x._numel <= 1) return g;
  const n = x.shape[d];
  if (n === 1) return g;
  if (!hasZero(x)) return reversedCumsum(y.mul(g), d).div(x);
  const one = ones(x.shape.map((s, i) => (i === d ? 1 : s)), { dtype: g.dtype });
  const slices: Tensor[] = [];
  for (let k = 0; k < n; k++) {
    let omitted: Tensor;
    if (k === 0) omitted = cat([one, cumprod(narrow(x, d, 1, n - 1), d)], d);
    else {
      const until = prod(narrow(x, d, 0, k), d, true);
      if (k === n - 1) omitted = until;
      else {
        const from = cumprod(narrow(x, d, k + 1, n - k - 1), d);
        omitted = cat([until, until.expand(from.shape).mul(from)], d);
      }
    }
    slices.push(narrow(g, d, k, n - k).mul(omitted).sum(d));
  }
  return stack(slices, d);
}

/**
 * Cumulative product along `dim`. PyTorch: `torch.cumprod(input, dim)` → `CumprodBackward0`
 * (exact where elements are zero). Integer and bool tensors give int64.
 *
 * @param a The input.
 * @param dim The dim to scan along.
 * @returns The running products, of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cumprod, floatTensor } from "@descent/tensor";
 * assert.equal(String(cumprod(floatTensor([1, 2, 3, 4]), 0)), "tensor([ 1.,  2.,  6., 24.])");
 * ```
 */
export function cumprod(a: Tensor, dim: number): Tensor {
  const [result, l] = scan(a, dim, "prod", "cumprod", accumulatedDType(a));
  if (tracks(a)) {
    const node = record("CumprodBackward0", result, [a]);
    const sx = node.save(a);
    const sy = node.save(result);
    node.setBackward((g) => [cumprodBackward(g, sx.unpack(), l.dim, sy.unpack())]);
  }
  return result;
}

/** The most negative finite value of a float dtype (C++'s `numeric_limits<T>::lowest()`). */
function lowest(dtype: Tensor["dtype"]): number {
  return dtype === "float32" ? -3.4028234663852886e38 : -Number.MAX_VALUE;
}

/**
 * `log(Σ exp(x))` accumulated along `dim`, computed stably. PyTorch: `torch.logcumsumexp(input,
 * dim)` → `LogcumsumexpBackward0`. Float input only (PyTorch's error otherwise).
 *
 * @param a The input.
 * @param dim The dim to scan along.
 * @returns The running log-sum-exps, of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, logcumsumexp } from "@descent/tensor";
 * assert.equal(String(logcumsumexp(floatTensor([0, 0, 0]), 0)), "tensor([0.0000, 0.6931, 1.0986])");
 * ```
 */
export function logcumsumexp(a: Tensor, dim: number): Tensor {
  checkTensor(a, "logcumsumexp");
  normalizeDim(dim, a.ndim); // PyTorch checks the dim before the dtype
  if (!isFloatingDType(a.dtype)) throw notImplemented("logcumsumexp_out_cpu", a.dtype);
  const [result, l] = scan(a, dim, "logsumexp", "logcumsumexp", a.dtype);
  if (tracks(a)) {
    const node = record("LogcumsumexpBackward0", result, [a]);
    const sx = node.save(a);
    const sy = node.save(result);
    node.setBackward((g) => {
      // PyTorch's logcumsumexp_backward: the positive and negative parts of g, each through a
      // reversed logcumsumexp in log space
      if (g.ndim === 0 || g._numel === 0) return [g];
      const x = sx.unpack();
      const y = sy.unpack();
      const d = l.dim;
      const min = lowest(g.dtype);
      const logAbs = g.abs().log();
      const part = (sign: Tensor) =>
        flip(logcumsumexp(flip(where(sign, logAbs, min).sub(y), d), d), d).add(x).exp();
      return [part(g.gt(0)).sub(part(g.lt(0)))];
    });
  }
  return result;
}

function cumulativeExtremum(a: Tensor, dim: number, largest: boolean): ValuesIndices {
  const name = largest ? "cummax" : "cummin";
  checkTensor(a, name);
  if (a.ndim === 0 && dim !== 0 && dim !== -1) {
    throw new RangeError(`${name}(): Expected reduction dim -1 or 0 for scalar but got ${dim}`);
  }
  if (a._numel === 0) {
    // PyTorch returns an empty input's (empty) results before it looks at `dim`
    const values = new Tensor(allocate(a.dtype, 0), a.shape, a.dtype);
    if (tracks(a)) {
      record(largest ? "CummaxBackward0" : "CumminBackward0", values, [a]).setBackward((g) => [g]);
    }
    return { values, indices: new Tensor(new Float64Array(0), a.shape, "int64") };
  }
  const l = lanesOf(a, dim);
  const values = new Float64Array(l.v.length);
  const indices = new Float64Array(l.v.length);
  cumulativeExtrema(l.v, l.outer, l.n, l.inner, largest, values, indices);
  const result = new Tensor(store(values, a.dtype, name), a.shape, a.dtype);
  if (tracks(a)) {
    recordSelection(result, a, indices, l, l.n, largest ? "CummaxBackward0" : "CumminBackward0");
  }
  return { values: result, indices: new Tensor(indices, a.shape, "int64") };
}

/**
 * Running maximum along `dim` and where it was (ties and NaNs move it to the later index; after
 * a NaN, NaN). PyTorch: `torch.cummax(input, dim)` → `CummaxBackward0` (the gradient goes to the
 * positions of the maxima). Values keep `a`'s dtype; indices are int64.
 *
 * @param a The input.
 * @param dim The dim to scan along.
 * @returns `{ values, indices }`, both of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cummax, floatTensor } from "@descent/tensor";
 * const { values, indices } = cummax(floatTensor([1, 3, 2, 3]), 0);
 * assert.equal(String(values), "tensor([1., 3., 3., 3.])");
 * assert.equal(String(indices), "tensor([0, 1, 1, 3])");
 * ```
 */
export function cummax(a: Tensor, dim: number): ValuesIndices {
  return cumulativeExtremum(a, dim, true);
}

/**
 * Running minimum along `dim` and where it was (ties and NaNs move it to the later index).
 * PyTorch: `torch.cummin(input, dim)` → `CumminBackward0`.
 *
 * @param a The input.
 * @param dim The dim to scan along.
 * @returns `{ values, indices }`, both of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cummin, floatTensor } from "@descent/tensor";
 * assert.equal(String(cummin(floatTensor([2, 1, 3, 1]), 0).indices), "tensor([0, 1, 1, 3])");
 * ```
 */
export function cummin(a: Tensor, dim: number): ValuesIndices {
  return cumulativeExtremum(a, dim, false);
}
