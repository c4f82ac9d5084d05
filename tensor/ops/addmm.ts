/**
 * Matrix products added to an input, `β·input + α·(product)`, with their derivatives: `addmm`,
 * `addmv`, `baddbmm`. The products run in the matmul kernel (`gemm`), as `mm`, `mv` and `bmm`
 * do; the input broadcasts to the result's shape and, when β is 0, is not read at all (NaN and
 * infinities in it do not propagate), as in PyTorch.
 *
 * @module
 */

import { cppTypeName, isFloatingDType, notImplemented, scalarTypeName } from "../dtype.ts";
import { allocate, Tensor } from "../tensor.ts";
import { allocateEmpty } from "../storage.ts";
import { gemm, type MatrixView } from "../kernels/matmul.ts";
import type { FloatStorage } from "../kernels/elementwise.ts";
import { checkTensorArg } from "./linalg_util.ts";
import { bmm, checkBatch2, columnMajor, mm, mmMat1Backward, mmMat2Backward, mv } from "./linalg.ts";
import { record, tracksAny } from "./record.ts";

/** `β` and `α` of the `add*` products. PyTorch's keyword arguments `beta=1, alpha=1`. */
export interface AddProductOptions {
  /** Multiplier of the input (default 1; 0 ignores the input, NaN and infinities included). */
  beta?: number;
  /** Multiplier of the product (default 1; 0 leaves the product out in addmm and addmv). */
  alpha?: number;
}

/** PyTorch's `maybe_multiply`: `t` itself when `s` is 1, else `t · s`. */
function times(t: Tensor, s: number): Tensor {
  return s === 1 ? t : t.mul(s);
}

function view(t: Tensor, r: number, c: number, offset = t._offset): MatrixView {
  return {
    data: t._data as FloatStorage,
    offset,
    rowStride: t._strides[r],
    colStride: t._strides[c],
  };
}

/**
 * The integer form: `β·input + α·product` in the product's dtype (int32 and uint8 wrap, int64
 * exact), β and α truncated to integers as PyTorch converts them to the integer scalar type (a
 * β of 0.5 is 0: the input is not read). Bool products throw `kernel`'s error.
 */
function integerCombine(
  product: () => Tensor,
  input: Tensor,
  beta: number,
  alpha: number,
  kernel: string,
  dtype: Tensor["dtype"],
): Tensor {
  if (dtype === "bool") throw notImplemented(kernel, dtype);
  const [b, a] = [Math.trunc(beta), Math.trunc(alpha)];
  const p = times(product(), a);
  return b === 0 ? p : p.add(times(input, b));
}

/**
 * `out = β·input + α·out` in place, `input` already expanded to out's shape (β = 0: input not
 * read).
 */
function combine(out: Tensor, input: Tensor, beta: number, alpha: number): void {
  const o = out._data;
  const n = out._numel;
  if (beta === 0) {
    if (alpha !== 1) { for (let i = 0; i < n; i++) o[i] *= alpha; }
    return;
  }
  if (out.ndim === 2 && beta === 1 && alpha === 1) {
    // addmm's usual case, a bias row: read through the input's strides, never materialised
    const [m, p] = out.shape;
    const [rs, cs] = input._strides;
    const x = input._data;
    for (let i = 0, k = 0; i < m; i++) {
      for (let j = 0, q = input._offset + i * rs; j < p; j++, k++, q += cs) o[k] += x[q];
    }
    return;
  }
  const x = input._values();
  if (beta === 1 && alpha === 1) { for (let i = 0; i < n; i++) o[i] += x[i]; }
  else for (let i = 0; i < n; i++) o[i] = beta * x[i] + alpha * o[i];
}

function options(o: AddProductOptions | undefined): [number, number] {
  const beta = o?.beta ?? 1;
  const alpha = o?.alpha ?? 1;
  if (typeof beta !== "number" || typeof alpha !== "number") {
    throw new TypeError(`beta and alpha must be numbers, got ${typeof beta} and ${typeof alpha}`);
  }
  return [beta, alpha];
}

/**
 * `β·input + α·(mat1 @ mat2)`, the input broadcast to the product's shape. PyTorch:
 * `torch.addmm(input, mat1, mat2, beta=1, alpha=1)` → `AddmmBackward0` (what `nn.Linear`
 * records).
 *
 * @param input Added to the product; broadcasts to m×p.
 * @param mat1 An m×n matrix.
 * @param mat2 An n×p matrix.
 * @param opts `beta` (multiplies input), `alpha` (multiplies the product).
 * @returns The m×p result.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addmm, floatTensor, tensor } from "@descent/tensor";
 * const bias = tensor([0.5, -0.5]);
 * const y = addmm(bias, floatTensor([[1, 2]]), floatTensor([[1, 0], [0, 1]]), { alpha: 2 });
 * assert.equal(String(y), "tensor([[2.5000, 3.5000]])");
 * ```
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, opts?: AddProductOptions): Tensor {
  checkTensorArg(input, "addmm", "input", 1);
  checkTensorArg(mat1, "addmm", "mat1", 2);
  checkTensorArg(mat2, "addmm", "mat2", 3);
  const [beta, alpha] = options(opts);
  if (input.dtype !== mat2.dtype) {
    throw new TypeError(
      `self and mat2 must have the same dtype, but got ${scalarTypeName(input.dtype)} and ${
        scalarTypeName(mat2.dtype)
      }`,
    );
  }
  if (mat1.dtype !== mat2.dtype) {
    throw new TypeError(
      `mat1 and mat2 must have the same dtype, but got ${scalarTypeName(mat1.dtype)} and ${
        scalarTypeName(mat2.dtype)
      }`,
    );
  }
  if (mat1.ndim !== 2) throw new RangeError(`mat1 must be a matrix, got ${mat1.ndim}-D tensor`);
  if (mat2.ndim !== 2) throw new RangeError(`mat2 must be a matrix, got ${mat2.ndim}-D tensor`);
  const [m, k] = mat1.shape;
  const [k2, p] = mat2.shape;
  if (k !== k2) {
    throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${k2}x${p})`);
  }
  const inputFull = input.detach().expand(m, p); // PyTorch's expand_size, with its error
  if (!isFloatingDType(mat1.dtype)) {
    return integerCombine(
      () => mm(mat1, mat2),
      inputFull,
      beta,
      alpha,
      "addmm_impl_cpu_",
      mat1.dtype,
    );
  }
  const out = new Tensor(allocateEmpty(mat1.dtype, m * p), [m, p], mat1.dtype);
  // α = 0: the product is not computed (BLAS's gemm, which PyTorch calls: ∞ and NaN in the
  // matrices do not reach the result).
  if (alpha === 0) out._data.fill(0);
  else gemm({ m, n: p, k, a: view(mat1, 0, 1), b: view(mat2, 0, 1), c: out._data as FloatStorage });
  combine(out, inputFull, beta, alpha);
  if (tracksAny([input, mat1, mat2])) {
    const node = record("AddmmBackward0", out, [input, mat1, mat2]);
    const s2 = node.needs(1) ? node.save(mat2) : null;
    const s1 = node.needs(2) ? node.save(mat1) : null;
    const [col1, col2] = [columnMajor(mat1), columnMajor(mat2)];
    node.setBackward((g) => [
      node.needs(0) ? times(g, beta) : null,
      s2 === null ? null : times(mmMat1Backward(g, s2.unpack(), col1), alpha),
      s1 === null ? null : times(mmMat2Backward(g, s1.unpack(), col2), alpha),
    ]);
  }
  return out;
}

/**
 * `β·input + α·(mat @ vec)`, the input broadcast to the product's length. PyTorch:
 * `torch.addmv(input, mat, vec, beta=1, alpha=1)` → `AddmvBackward0`.
 *
 * @param input Added to the product: n elements, or one.
 * @param mat An n×m matrix.
 * @param vec A vector of m elements.
 * @param opts `beta` (multiplies input), `alpha` (multiplies the product).
 * @returns A vector of n elements.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addmv, floatTensor } from "@descent/tensor";
 * const y = addmv(floatTensor([1, 1]), floatTensor([[1, 2], [3, 4]]), floatTensor([1, -1]), { beta: 0.5 });
 * assert.equal(String(y), "tensor([-0.5000, -0.5000])");
 * ```
 */
export function addmv(input: Tensor, mat: Tensor, vec: Tensor, opts?: AddProductOptions): Tensor {
  checkTensorArg(input, "addmv", "input", 1);
  checkTensorArg(mat, "addmv", "mat", 2);
  checkTensorArg(vec, "addmv", "vec", 3);
  const [beta, alpha] = options(opts);
  if (mat.ndim !== 2 || vec.ndim !== 1 || input.ndim > 1) {
    throw new RangeError(
      `vector + matrix @ vector expected, got ${input.ndim}, ${mat.ndim}, ${vec.ndim}`,
    );
  }
  const [n, m] = mat.shape;
  if (vec.shape[0] !== m || (input._numel !== n && input._numel !== 1)) {
    // PyTorch's message reads input.size(0), which a 0-d input does not have
    if (input.ndim === 0) {
      throw new RangeError("Dimension specified as 0 but tensor has no dimensions");
    }
    throw new RangeError(
      `size mismatch, got input (${input.ndim === 0 ? 1 : input.shape[0]}), mat (${n}x${m}), vec (${
        vec.shape[0]
      })`,
    );
  }
  if (input.dtype !== mat.dtype || mat.dtype !== vec.dtype) {
    throw new TypeError(
      `addmv input tensors must have the same dtype, but got ${scalarTypeName(input.dtype)}, ${
        scalarTypeName(mat.dtype)
      }, and ${scalarTypeName(vec.dtype)}`,
    );
  }
  const inputFull = input.detach().reshape(-1).expand(n);
  if (!isFloatingDType(mat.dtype)) {
    return integerCombine(() => mv(mat, vec), inputFull, beta, alpha, "addmv_impl_cpu", mat.dtype);
  }
  const out = new Tensor(allocate(mat.dtype, n), [n], mat.dtype);
  const col = { ...view(vec, 0, 0), colStride: 1 };
  // α = 0: the product is not computed (BLAS's gemv, as PyTorch).
  if (alpha !== 0) {
    gemm({ m: n, n: 1, k: m, a: view(mat, 0, 1), b: col, c: out._data as FloatStorage });
  }
  combine(out, inputFull, beta, alpha);
  if (tracksAny([input, mat, vec])) {
    const node = record("AddmvBackward0", out, [input, mat, vec]);
    const sv = node.needs(1) ? node.save(vec) : null;
    const sm = node.needs(2) ? node.save(mat) : null;
    node.setBackward((g) => [
      node.needs(0) ? times(g, beta) : null,
      sv === null ? null : times(g.unsqueeze(1).mm(sv.unpack().unsqueeze(0)), alpha),
      sm === null ? null : times(mv(sm.unpack().t(), g), alpha),
    ]);
  }
  return out;
}

/**
 * `β·input + α·(batch1 @ batch2)`, a batch of matrix products, the input broadcast to the
 * result's shape. PyTorch: `torch.baddbmm(input, batch1, batch2, beta=1, alpha=1)` →
 * `BaddbmmBackward0`.
 *
 * @param input Added to the products; broadcasts to b×n×p.
 * @param batch1 A b×n×m tensor.
 * @param batch2 A b×m×p tensor.
 * @param opts `beta` (multiplies input), `alpha` (multiplies the products).
 * @returns The b×n×p result.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { baddbmm, ones, tensor } from "@descent/tensor";
 * const y = baddbmm(tensor([0.5]), ones([2, 1, 3]), ones([2, 3, 1]));
 * assert.equal(String(y), "tensor([[[3.5000]],\n\n        [[3.5000]]])");
 * ```
 */
export function baddbmm(
  input: Tensor,
  batch1: Tensor,
  batch2: Tensor,
  opts?: AddProductOptions,
): Tensor {
  checkTensorArg(input, "baddbmm", "input", 1);
  checkTensorArg(batch1, "baddbmm", "batch1", 2);
  checkTensorArg(batch2, "baddbmm", "batch2", 3);
  const [beta, alpha] = options(opts);
  // PyTorch sizes the input's expansion first (with the dim errors of size()), then checks
  const shape = [batch1.size(0), batch1.size(1), batch2.size(2)];
  const inputFull = input.detach().expand(shape);
  if (input.dtype !== batch1.dtype || batch1.dtype !== batch2.dtype) {
    throw new TypeError(
      `Input dtypes must be the same, got: input ${cppTypeName(input.dtype)}, batch1: ${
        cppTypeName(batch1.dtype)
      }, batch2: ${cppTypeName(batch2.dtype)}`,
    );
  }
  if (batch1.ndim !== 3) throw new RangeError("batch1 must be a 3D tensor");
  if (batch2.ndim !== 3) throw new RangeError("batch2 must be a 3D tensor");
  const [bs, n, m] = batch1.shape;
  checkBatch2(bs, m, batch2);
  const p = shape[2];
  if (!isFloatingDType(batch1.dtype)) {
    return integerCombine(
      () => bmm(batch1, batch2),
      inputFull,
      beta,
      alpha,
      "baddbmm",
      batch1.dtype,
    );
  }
  const out = new Tensor(allocate(batch1.dtype, bs * n * p), [bs, n, p], batch1.dtype);
  for (let i = 0; i < bs; i++) {
    gemm({
      m: n,
      n: p,
      k: m,
      a: view(batch1, 1, 2, batch1._offset + i * batch1._strides[0]),
      b: view(batch2, 1, 2, batch2._offset + i * batch2._strides[0]),
      c: out._data as FloatStorage,
      cOffset: i * n * p,
    });
  }
  combine(out, inputFull, beta, alpha);
  if (tracksAny([input, batch1, batch2])) {
    const node = record("BaddbmmBackward0", out, [input, batch1, batch2]);
    const s2 = node.needs(1) ? node.save(batch2) : null;
    const s1 = node.needs(2) ? node.save(batch1) : null;
    node.setBackward((g) => [
      node.needs(0) ? times(g, beta) : null,
      s2 === null ? null : times(bmm(g, s2.unpack().transpose(1, 2)), alpha),
      s1 === null ? null : times(bmm(s1.unpack().transpose(1, 2), g), alpha),
    ]);
  }
  return out;
}
