/**
 * Reductions that leave NaNs out: `nansum` and `nanmean`.
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { isFloatingDType, scalarTypeName } from "../dtype.ts";
import { rowNansums } from "../kernels/rows.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { maskOf } from "./elementwise.ts";
import { expandBack, reducedShape, reductionDims, sum } from "./reduce.ts";
import { rowsOf } from "./rows.ts";

/**
 * Sum with NaNs counted as zero, over all elements or over `dim`. PyTorch: `torch.nansum(input,
 * dim=None, keepdim=False)` → `NansumBackward0` (no gradient to the NaNs). Integer and bool
 * tensors sum to int64, as `sum`.
 *
 * @param a The input.
 * @param dim A dim or list of dims, or `null` for all.
 * @param keepdim Keep the reduced dims with size 1.
 * @returns The sum.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, nansum } from "@descent/tensor";
 * assert.equal(String(nansum(floatTensor([[1, NaN], [3, 4]]))), "tensor(8.)");
 * assert.equal(String(nansum(floatTensor([[1, NaN], [3, 4]]), 1)), "tensor([1., 7.])");
 * ```
 */
export function nansum(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  keepdim = false,
): Tensor {
  checkTensor(a, "nansum");
  if (!isFloatingDType(a.dtype)) return sum(a, dim, keepdim);
  const mask = reductionDims(dim, a.ndim);
  const { v, rows, len } = rowsOf(a, mask);
  const out = new Float64Array(rows);
  rowNansums(v, rows, len, out);
  const result = new Tensor(
    store(out, a.dtype, "nansum"),
    reducedShape(a.shape, mask, keepdim),
    a.dtype,
  );
  if (tracks(a)) {
    const node = record("NansumBackward0", result, [a]);
    const sx = node.save(a);
    node.setBackward((g) => {
      const x = sx.unpack();
      return [expandBack(g, x.shape, mask, keepdim).mul(maskOf(x, (t) => t === t))];
    });
  }
  return result;
}

/**
 * Mean of the elements that are not NaN, over all elements or over `dim` (NaN where all are).
 * PyTorch: `torch.nanmean(input, dim=None, keepdim=False)`, which is `nansum` divided by the
 * count of non-NaN elements (so its node is `DivBackward0`). Float input only.
 *
 * @param a The input.
 * @param dim A dim or list of dims, or `null` for all.
 * @param keepdim Keep the reduced dims with size 1.
 * @returns The mean.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, nanmean } from "@descent/tensor";
 * assert.equal(String(nanmean(floatTensor([[1, NaN], [3, 4]]), 1)), "tensor([1.0000, 3.5000])");
 * ```
 */
export function nanmean(
  a: Tensor,
  dim: number | readonly number[] | null = null,
  keepdim = false,
): Tensor {
  checkTensor(a, "nanmean");
  if (!isFloatingDType(a.dtype)) {
    throw new TypeError(
      `nanmean(): expected input to have floating point or complex dtype but got ${
        scalarTypeName(a.dtype)
      }`,
    );
  }
  const count = sum(maskOf(a, (t) => t === t), dim, keepdim);
  return nansum(a, dim, keepdim).div(count);
}
