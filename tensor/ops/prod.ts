/**
 * `prod`, of all elements or along a dim, with PyTorch's gradient that is exact where elements
 * are zero (written with cumulative products, `cumprod` in scan.ts).
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { isFloatingDType } from "../dtype.ts";
import { normalizeDim } from "../shape.ts";
import { ones } from "../create.ts";
import { rowProducts } from "../kernels/rows.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { cat, narrow } from "./index.ts";
import { flip } from "./reorder.ts";
import { reducedShape, reductionDims } from "./reduce.ts";
import { rowsOf } from "./rows.ts";
import { cumprod } from "./scan.ts";

/** The result dtype of a product or sum: the input's if floating, int64 otherwise (PyTorch). */
export function accumulatedDType(a: Tensor): Tensor["dtype"] {
  return isFloatingDType(a.dtype) ? a.dtype : "int64";
}

/** @ignore Whether any element of `x` is 0. */
export function hasZero(x: Tensor): boolean {
  const v = x._values();
  for (let i = 0; i < v.length; i++) if (v[i] === 0) return true;
  return false;
}

/**
 * PyTorch's `prod_safe_zeros_backward`: `g` times the product of the other elements along `dim`,
 * as exclusive cumulative products from both ends (exact with zeros).
 */
function productOfOthers(g: Tensor, x: Tensor, d: number): Tensor {
  if (x._numel === 0) return g.expand(x.shape);
  const n = x.shape[d];
  if (n === 1) return g;
  const one = ones(x.shape.map((s, i) => (i === d ? 1 : s)), { dtype: g.dtype });
  const before = cumprod(cat([one, narrow(x, d, 0, n - 1)], d), d);
  const after = flip(cumprod(cat([one, flip(narrow(x, d, 1, n - 1), d)], d), d), d);
  return g.mul(before.mul(after));
}

/**
 * Product of all elements, or along `dim`. PyTorch: `torch.prod(input, dim=None, keepdim=False)`
 * → `ProdBackward0` (all) / `ProdBackward1` (a dim), whose gradient is exact where elements are
 * zero. Integer and bool tensors give int64 (a product beyond ±(2^53 - 1) throws). The product
 * of no elements is 1.
 *
 * @param a The input.
 * @param dim The dim to reduce (one dim, as PyTorch), or `null` for all.
 * @param keepdim Keep the reduced dim with size 1.
 * @returns The product.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, prod, tensor } from "@descent/tensor";
 * assert.equal(String(prod(floatTensor([[1, 2], [3, 4]]))), "tensor(24.)");
 * assert.equal(String(prod(floatTensor([[1, 2], [3, 4]]), 1)), "tensor([ 2., 12.])");
 * assert.equal(String(prod(tensor([true, true]))), "tensor(1)");
 * ```
 */
export function prod(a: Tensor, dim: number | null = null, keepdim = false): Tensor {
  checkTensor(a, "prod");
  if (dim !== null && typeof dim !== "number") {
    throw new TypeError(`prod(): argument 'dim' (position 1) must be int, not ${typeof dim}`);
  }
  const mask = reductionDims(dim, a.ndim);
  const { v, rows, len } = rowsOf(a, mask);
  const out = new Float64Array(rows);
  rowProducts(v, rows, len, out);
  const dtype = accumulatedDType(a);
  const result = new Tensor(
    store(out, dtype, "prod"),
    reducedShape(a.shape, mask, dim !== null && keepdim),
    dtype,
  );
  if (tracks(a)) {
    const node = record(dim === null ? "ProdBackward0" : "ProdBackward1", result, [a]);
    const sx = node.save(a);
    const sr = node.save(result);
    node.setBackward((g) => {
      const x = sx.unpack();
      if (x.ndim === 0) return [g];
      let r = sr.unpack();
      if (dim === null) {
        if (!hasZero(x)) return [g.mul(r.div(x))];
        return [productOfOthers(g, x.contiguous().view(-1), 0).view(x.shape)];
      }
      const d = normalizeDim(dim, x.ndim);
      if (!keepdim) {
        g = g.unsqueeze(d);
        r = r.unsqueeze(d);
      }
      return [hasZero(x) ? productOfOthers(g, x, d) : g.mul(r.div(x))];
    });
  }
  return result;
}
