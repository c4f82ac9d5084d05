/**
 * `amax` and `amin`: the largest and smallest values over any dims, without indices, with
 * PyTorch's gradient shared evenly by the elements equal to the result.
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { normalizeDim } from "../shape.ts";
import { rowExtrema } from "../kernels/rows.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { eq } from "./compare.ts";
import { reducedShape, reductionDims } from "./reduce.ts";
import { restoreDims, rowsOf } from "./rows.ts";

function extremum(a: Tensor, dim: number | readonly number[], keepdim: boolean, largest: boolean) {
  const name = largest ? "amax" : "amin";
  checkTensor(a, name);
  const list = typeof dim === "number" ? [dim] : dim;
  // PyTorch checks each dim's range and size in turn, then that no dim is repeated
  for (const d of list) {
    const w = normalizeDim(d, a.ndim);
    if (a.ndim > 0 && a.shape[w] === 0) {
      throw new RangeError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
    }
  }
  const mask = reductionDims(list, a.ndim);
  if (list.length === 0 && a._numel === 0) {
    throw new RangeError(
      `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
    );
  }
  const { v, rows, len } = rowsOf(a, mask);
  const out = new Float64Array(rows);
  rowExtrema(v, rows, len, largest, out);
  const result = new Tensor(
    store(out, a.dtype, name),
    reducedShape(a.shape, mask, keepdim),
    a.dtype,
  );
  if (tracks(a)) {
    const node = record(largest ? "AmaxBackward0" : "AminBackward0", result, [a]);
    const sx = node.save(a);
    const sr = node.save(result);
    const dims = mask.flatMap((r, d) => (r ? [d] : []));
    node.setBackward((g) => {
      // PyTorch's scale_grad_by_count: g / (number of elements equal to the result), on them
      const x = sx.unpack();
      const hit = eq(x, restoreDims(sr.unpack(), x.shape, mask, keepdim));
      const gk = restoreDims(g, x.shape, mask, keepdim);
      return [gk.div(x.ndim === 0 ? hit : hit.sum(dims, true)).mul(hit)];
    });
  }
  return result;
}

/**
 * Largest value over `dim` (a dim, a list, or `[]` for all), NaN where a reduced slice has one;
 * of equal values the first. PyTorch: `torch.amax(input, dim=(), keepdim=False)` →
 * `AmaxBackward0` (the gradient is shared evenly by the elements equal to the maximum). Keeps
 * `a`'s dtype.
 *
 * @param a The input.
 * @param dim The dims to reduce (default `[]`: all).
 * @param keepdim Keep the reduced dims with size 1.
 * @returns The maxima.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { amax, floatTensor } from "@descent/tensor";
 * const x = floatTensor([[1, 5], [7, 2]]);
 * assert.equal(String(amax(x)), "tensor(7.)");
 * assert.equal(String(amax(x, 1)), "tensor([5., 7.])");
 * assert.equal(String(amax(x, [0, 1], true)), "tensor([[7.]])");
 * ```
 */
export function amax(a: Tensor, dim: number | readonly number[] = [], keepdim = false): Tensor {
  return extremum(a, dim, keepdim, true);
}

/**
 * Smallest value over `dim` (a dim, a list, or `[]` for all), NaN where a reduced slice has one.
 * PyTorch: `torch.amin(input, dim=(), keepdim=False)` → `AminBackward0`.
 *
 * @param a The input.
 * @param dim The dims to reduce (default `[]`: all).
 * @param keepdim Keep the reduced dims with size 1.
 * @returns The minima.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { amin, tensor } from "@descent/tensor";
 * assert.equal(String(amin(tensor([[1, 5], [7, 2]]), 0)), "tensor([1, 2])");
 * ```
 */
export function amin(a: Tensor, dim: number | readonly number[] = [], keepdim = false): Tensor {
  return extremum(a, dim, keepdim, false);
}
