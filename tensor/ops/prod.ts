/**
 * Products: `prod` (of all elements or along a dim) and `cumprod`, whose backwards need each
 * other — PyTorch's zero-safe gradients are written with cumulative products, and the second
 * derivative of `cumprod` at zeros with products.
 *
 * @module
 */

import { Tensor } from "../tensor.ts";
import { isFloatingDType } from "../dtype.ts";
import { normalizeDim } from "../shape.ts";
import { ones } from "../create.ts";
import { rowProducts } from "../kernels/rows.ts";
import { cumulativeProducts } from "../kernels/scan.ts";
import { store } from "../kernels/integer.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { cat, narrow, stack } from "./index.ts";
import { flip } from "./reorder.ts";
import { reducedShape, reductionDims } from "./reduce.ts";
import { lanesOf, rowsOf } from "./rows.ts";
import { cumsum } from "./scan.ts";

/** The result dtype of a product or sum: the input's if floating, int64 otherwise (PyTorch). */
export function accumulatedDType(a: Tensor): Tensor["dtype"] {
  return isFloatingDType(a.dtype) ? a.dtype : "int64";
}

/** Whether any element of `x` is 0. */
function hasZero(x: Tensor): boolean {
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
    node.backwardFn = (g) => {
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
    };
  }
  return result;
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
  if (!hasZero(x)) return flip(cumsum(flip(y.mul(g), d), d), d).div(x);
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
 * Cumulative product along `dim`. PyTorch: `torch.cumprod(input, dim)` → `CumprodBackward0`.
 * Integer and bool tensors give int64.
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
  checkTensor(a, "cumprod");
  const l = lanesOf(a, dim);
  const out = new Float64Array(l.v.length);
  cumulativeProducts(l.v, l.outer, l.n, l.inner, out);
  const dtype = accumulatedDType(a);
  const result = new Tensor(store(out, dtype, "cumprod"), a.shape, dtype);
  if (tracks(a)) {
    const node = record("CumprodBackward0", result, [a]);
    const sx = node.save(a);
    const sy = node.save(result);
    node.backwardFn = (g) => [cumprodBackward(g, sx.unpack(), l.dim, sy.unpack())];
  }
  return result;
}
