/**
 * Scans along a dim: `cumsum`, `logcumsumexp`, `cummax`, `cummin` (`cumprod` is with `prod`, in
 * prod.ts), each with PyTorch's backward written in tensor ops.
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { isFloatingDType, notImplemented } from "../dtype.ts";
import { cumulativeExtrema, cumulativeLogSumExps, cumulativeSums } from "../kernels/scan.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { where } from "./elementwise.ts";
import { flip } from "./reorder.ts";
import { accumulatedDType } from "./prod.ts";
import { lanesOf, recordSelection } from "./rows.ts";
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
  checkTensor(a, "cumsum");
  const l = lanesOf(a, dim);
  const out = new Float64Array(l.v.length);
  cumulativeSums(l.v, l.outer, l.n, l.inner, out);
  const dtype = accumulatedDType(a);
  const result = new Tensor(store(out, dtype, "cumsum"), a.shape, dtype);
  if (tracks(a)) {
    record("CumsumBackward0", result, [a]).backwardFn = (g) => {
      if (g._numel <= 1 || l.n === 1) return [g];
      return [flip(cumsum(flip(g, l.dim), l.dim), l.dim)];
    };
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
  if (!isFloatingDType(a.dtype)) throw notImplemented("logcumsumexp_out_cpu", a.dtype);
  const l = lanesOf(a, dim);
  const out = new Float64Array(l.v.length);
  cumulativeLogSumExps(l.v, l.outer, l.n, l.inner, out);
  const result = new Tensor(store(out, a.dtype, "logcumsumexp"), a.shape, a.dtype);
  if (tracks(a)) {
    const node = record("LogcumsumexpBackward0", result, [a]);
    const sx = node.save(a);
    const sy = node.save(result);
    node.backwardFn = (g) => {
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
    };
  }
  return result;
}

function cumulativeExtremum(a: Tensor, dim: number, largest: boolean): ValuesIndices {
  const name = largest ? "cummax" : "cummin";
  checkTensor(a, name);
  if (a.ndim === 0 && dim !== 0 && dim !== -1) {
    throw new RangeError(`${name}(): Expected reduction dim -1 or 0 for scalar but got ${dim}`);
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
