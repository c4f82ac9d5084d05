/**
 * Matrix products with their derivatives: `matmul` (PyTorch's 1-D/2-D/batched rules), `mm`,
 * `mv`, `dot`, `bmm`.
 *
 * @module
 */

import { isGradEnabled } from "@descent/autograd";
import { allocate, Tensor } from "../tensor.ts";
import { allocateEmpty } from "../storage.ts";
import { broadcastShapes } from "../shape.ts";
import { gemm, type MatrixView } from "../kernels/matmul.ts";
import type { FloatStorage } from "../kernels/elementwise.ts";
import {
  cppTypeName,
  type DType,
  isFloatingDType,
  notImplemented,
  scalarTypeName,
} from "../dtype.ts";
import { integerMatmul, store } from "../kernels/integer.ts";
import { exactValues } from "./exact.ts";

/** Dims `r` and `c` of a tensor as a gemm operand. */
function matrixOf(t: Tensor, r: number, c: number): MatrixView {
  return {
    data: t._data as FloatStorage,
    offset: t._offset,
    rowStride: t._strides[r],
    colStride: t._strides[c],
  };
}
import { record, tracks } from "./record.ts";
import { unsafeView } from "./view.ts";

/** PyTorch's texts for operands of two dtypes, per product. */
const MISMATCH: Record<"mm" | "bmm" | "dot" | "mv", (a: DType, b: DType) => string> = {
  mm: (a, b) =>
    `expected m1 and m2 to have the same dtype, but got: ${cppTypeName(a)} != ${cppTypeName(b)}`,
  bmm: (a, b) => `expected scalar type ${scalarTypeName(a)} but found ${scalarTypeName(b)}`,
  dot: (a, b) =>
    `dot : expected both vectors to have same dtype, but found ${scalarTypeName(a)} and ${
      scalarTypeName(b)
    }`,
  // addmv names (result, mat, vec); the result takes the vector's dtype
  mv: (a, b) =>
    `addmv input tensors must have the same dtype, but got ${scalarTypeName(b)}, ${
      scalarTypeName(a)
    }, and ${scalarTypeName(b)}`,
};

/** The kernels that refuse bool products, by product. */
const BOOL_KERNEL = { mm: "addmm_impl_cpu_", bmm: "bmm", dot: "dot", mv: "addmv_impl_cpu" };

function check(a: unknown, b: unknown, name: keyof typeof MISMATCH): asserts a is Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new TypeError(`${name}(): expected two Tensors`);
  }
  if (a.dtype !== b.dtype) throw new TypeError(MISMATCH[name](a.dtype, b.dtype));
  if (a.dtype === "bool") throw notImplemented(BOOL_KERNEL[name], a.dtype);
}

/**
 * The product of integer matrices `a` (m×k) and `b` (k×n), any strides, in their dtype's
 * arithmetic (int32 and uint8 wrap, int64 exact): PyTorch's CPU kernels for integer matmul.
 */
function integerProduct(a: Tensor, b: Tensor, m: number, k: number, n: number, op: string): Tensor {
  const c = integerMatmul(exactValues(a), exactValues(b), m, k, n, a.dtype);
  return new Tensor(store(c, a.dtype, op), [m, n], a.dtype);
}

/**
 * Matrix product of two 2-D tensors. PyTorch: `torch.mm(input, mat2)` → `MmBackward0`.
 *
 * @param a An m×n matrix.
 * @param b An n×p matrix.
 * @returns The m×p product.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mm, tensor } from "@descent/tensor";
 * assert(String(mm(tensor([[1, 2]]), tensor([[3], [4]]))) === "tensor([[11]])");
 * assert(String(mm(tensor([[1, 2.5]]), tensor([[3], [4]], { dtype: "float32" }))) === "tensor([[13.]])");
 * ```
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  check(a, b, "mm");
  if (a.ndim !== 2) throw new RangeError(`self must be a matrix (got ${a.ndim}-D)`);
  if (b.ndim !== 2) throw new RangeError(`mat2 must be a matrix (got ${b.ndim}-D)`);
  const [m, k] = a.shape;
  const [k2, n] = b.shape;
  if (k !== k2) {
    throw new RangeError(`mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${k2}x${n})`);
  }
  if (!isFloatingDType(a.dtype)) return integerProduct(a, b, m, k, n, "mm");
  const out = allocateEmpty(a.dtype, m * n) as FloatStorage;
  gemm({ m, n, k, a: matrixOf(a, 0, 1), b: matrixOf(b, 0, 1), c: out });
  const result = new Tensor(out, [m, n], a.dtype);
  if (tracks(a, b)) {
    const node = record("MmBackward0", result, [a, b]);
    const sb = node.needs(0) ? node.save(b) : null;
    const sa = node.needs(1) ? node.save(a) : null;
    const [aCol, bCol] = [columnMajor(a), columnMajor(b)];
    node.setBackward((g) => [
      sb === null ? null : mmMat1Backward(g, sb.unpack(), aCol),
      sa === null ? null : mmMat2Backward(g, sa.unpack(), bCol),
    ]);
  }
  return result;
}

/**
 * @ignore Whether a matrix is stored column by column (a transposed row-major matrix, as a
 * layer's `weight.t()`).
 */
export function columnMajor(t: Tensor): boolean {
  return t._strides[0] === 1 && t._strides[1] === t.shape[0] && t.shape[1] > 1;
}

/**
 * @ignore The gradient of `mat1` in `mat1 @ mat2`: `g @ mat2ᵀ`, computed as `(mat2 @ gᵀ)ᵀ`
 * when `mat1` was column-major, so that it comes out in `mat1`'s layout. PyTorch:
 * `mm_mat1_backward`.
 */
export function mmMat1Backward(g: Tensor, mat2: Tensor, mat1ColumnMajor: boolean): Tensor {
  return mat1ColumnMajor ? transposed(mat2.mm(g.t())) : g.mm(mat2.t());
}

/**
 * @ignore The gradient of `mat2` in `mat1 @ mat2`: `mat1ᵀ @ g`, computed as `(gᵀ @ mat1)ᵀ`
 * when `mat2` was column-major (a layer's `weight.t()`): the weight's gradient, after the
 * transpose's backward, is then row-major like the weight and reaches `.grad` with a plain copy
 * rather than a transposing one. PyTorch: `mm_mat2_backward`.
 */
export function mmMat2Backward(g: Tensor, mat1: Tensor, mat2ColumnMajor: boolean): Tensor {
  return mat2ColumnMajor ? transposed(g.t().mm(mat1)) : mat1.t().mm(g);
}

/**
 * A product's transpose: recorded (`t()`) in grad mode, else a column-major tensor of its own
 * over the product's storage (as PyTorch's strided results), not a view: so the engine knows
 * nothing else holds it (Note [stealing gradients] in autograd/engine.ts).
 */
function transposed(p: Tensor): Tensor {
  if (isGradEnabled()) return p.t();
  return new Tensor(p._data, [p.shape[1], p.shape[0]], p.dtype, [1, p.shape[1]]);
}

/** @ignore PyTorch's check that `bmm`'s (and `baddbmm`'s) batch2 is `bs`×`k`×p. */
export function checkBatch2(bs: number, k: number, batch2: Tensor): void {
  if (batch2.shape[0] !== bs || batch2.shape[1] !== k) {
    throw new RangeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${bs}, ${k}] but got: [${
        batch2.shape[0]
      }, ${batch2.shape[1]}].`,
    );
  }
}

/**
 * Batched matrix product of two 3-D tensors. PyTorch: `torch.bmm(input, mat2)` → `BmmBackward0`.
 *
 * @param a A b×m×n tensor.
 * @param b A b×n×p tensor.
 * @returns The b×m×p product.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bmm, ones } from "@descent/tensor";
 * assert(bmm(ones([2, 3, 4]), ones([2, 4, 5])).shape.join() === "2,3,5");
 * ```
 */
export function bmm(a: Tensor, b: Tensor): Tensor {
  check(a, b, "bmm");
  if (a.ndim !== 3) throw new RangeError(`batch1 must be a 3D tensor (got ${a.ndim}-D)`);
  if (b.ndim !== 3) throw new RangeError(`batch2 must be a 3D tensor (got ${b.ndim}-D)`);
  const [bs, m, k] = a.shape;
  checkBatch2(bs, k, b);
  const n = b.shape[2];
  if (!isFloatingDType(a.dtype)) {
    const c = new Float64Array(bs * m * n);
    for (let i = 0; i < bs; i++) {
      const [ai, bi] = [exactValues(a.select(0, i)), exactValues(b.select(0, i))];
      c.set(integerMatmul(ai, bi, m, k, n, a.dtype), i * m * n);
    }
    return new Tensor(store(c, a.dtype, "bmm"), [bs, m, n], a.dtype);
  }
  const out = allocateEmpty(a.dtype, bs * m * n) as FloatStorage;
  const [as0, as1, as2] = a._strides;
  const [bs0, bs1, bs2] = b._strides;
  for (let i = 0; i < bs; i++) {
    gemm({
      m,
      n,
      k,
      a: {
        data: a._data as FloatStorage,
        offset: a._offset + i * as0,
        rowStride: as1,
        colStride: as2,
      },
      b: {
        data: b._data as FloatStorage,
        offset: b._offset + i * bs0,
        rowStride: bs1,
        colStride: bs2,
      },
      c: out,
      cOffset: i * m * n,
    });
  }
  const result = new Tensor(out, [bs, m, n], a.dtype);
  if (tracks(a, b)) {
    const node = record("BmmBackward0", result, [a, b]);
    const sb = node.needs(0) ? node.save(b) : null;
    const sa = node.needs(1) ? node.save(a) : null;
    node.setBackward((g) => [
      sb === null ? null : bmm(g, sb.unpack().transpose(1, 2)),
      sa === null ? null : bmm(sa.unpack().transpose(1, 2), g),
    ]);
  }
  return result;
}

/**
 * Dot product of two 1-D tensors. PyTorch: `torch.dot(input, other)` → `DotBackward0`.
 *
 * @param a A 1-D tensor.
 * @param b A 1-D tensor of the same size.
 * @returns A 0-d tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dot, tensor } from "@descent/tensor";
 * assert(String(dot(tensor([1, 2]), tensor([3, 4]))) === "tensor(11)");
 * ```
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  check(a, b, "dot");
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new RangeError(
      `1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`,
    );
  }
  const n = a.shape[0];
  if (b.shape[0] !== n) {
    throw new RangeError(
      `inconsistent tensor size, expected tensor [${n}] and src [${
        b.shape[0]
      }] to have the same number of elements, but got ${n} and ${b.shape[0]} elements respectively`,
    );
  }
  if (!isFloatingDType(a.dtype)) return integerProduct(a, b, 1, n, 1, "dot").reshape([]);
  const out = allocate(a.dtype, 1) as FloatStorage;
  // a row vector times a column vector
  const row = {
    data: a._data as FloatStorage,
    offset: a._offset,
    rowStride: 0,
    colStride: a._strides[0],
  };
  const col = {
    data: b._data as FloatStorage,
    offset: b._offset,
    rowStride: b._strides[0],
    colStride: 1,
  };
  gemm({ m: 1, n: 1, k: n, a: row, b: col, c: out });
  const result = new Tensor(out, [], a.dtype);
  if (tracks(a, b)) {
    const node = record("DotBackward0", result, [a, b]);
    const sb = node.needs(0) ? node.save(b) : null;
    const sa = node.needs(1) ? node.save(a) : null;
    node.setBackward((g) => [
      sb === null ? null : sb.unpack().mul(g),
      sa === null ? null : sa.unpack().mul(g),
    ]);
  }
  return result;
}

/**
 * Matrix-vector product. PyTorch: `torch.mv(input, vec)` → `MvBackward0`.
 *
 * @param a An m×n matrix.
 * @param v A vector of n elements.
 * @returns A vector of m elements.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mv, tensor } from "@descent/tensor";
 * assert(String(mv(tensor([[1, 2], [3, 4]]), tensor([1, 1]))) === "tensor([3, 7])");
 * ```
 */
export function mv(a: Tensor, v: Tensor): Tensor {
  check(a, v, "mv");
  if (a.ndim !== 2 || v.ndim !== 1) {
    throw new RangeError(
      `vector + matrix @ vector expected, got 1, ${a.ndim}, ${v.ndim}`,
    );
  }
  const [m, k] = a.shape;
  if (v.shape[0] !== k) {
    throw new RangeError(`size mismatch, got input (${m}), mat (${m}x${k}), vec (${v.shape[0]})`);
  }
  if (!isFloatingDType(a.dtype)) return integerProduct(a, v, m, k, 1, "mv").reshape([m]);
  const out = allocate(a.dtype, m) as FloatStorage;
  const col = {
    data: v._data as FloatStorage,
    offset: v._offset,
    rowStride: v._strides[0],
    colStride: 1,
  };
  gemm({ m, n: 1, k, a: matrixOf(a, 0, 1), b: col, c: out });
  const result = new Tensor(out, [m], a.dtype);
  if (tracks(a, v)) {
    const node = record("MvBackward0", result, [a, v]);
    const sv = node.needs(0) ? node.save(v) : null;
    const sa = node.needs(1) ? node.save(a) : null;
    node.setBackward((g) => [
      sv === null ? null : g.unsqueeze(1).mm(sv.unpack().unsqueeze(0)),
      sa === null ? null : mv(sa.unpack().t(), g),
    ]);
  }
  return result;
}

/**
 * The product of all but the last size: the rows a fold makes (given explicitly, as PyTorch's
 * matmul does: -1 cannot be inferred when the last size is 0).
 */
function leading(shape: readonly number[]): number {
  return shape.slice(0, -1).reduce((x, y) => x * y, 1);
}

/**
 * Matrix product with PyTorch's rules: 1-D·1-D is `dot`, 2-D·2-D `mm`, 2-D·1-D `mv`, 1-D·2-D
 * a row vector times a matrix, and anything ≥3-D a batched product broadcasting the batch
 * dims. PyTorch: `torch.matmul(input, other)`.
 *
 * @param a Left operand (at least 1-D).
 * @param b Right operand (at least 1-D).
 * @returns The product.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matmul, ones } from "@descent/tensor";
 * assert(matmul(ones([5, 2, 3]), ones([3, 4])).shape.join() === "5,2,4");
 * assert(matmul(ones([3]), ones([3, 4])).shape.join() === "4");
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new TypeError("matmul(): expected two Tensors");
  }
  const da = a.ndim;
  const db = b.ndim;
  if (da === 0 || db === 0) {
    throw new RangeError(
      `both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`,
    );
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) {
    // PyTorch: `a.unsqueeze(0).mm(b).squeeze_(0)`; the in-place squeeze is recorded as
    // SqueezeBackward4 in 2.x (SqueezeBackward3 in 1.13, before `squeeze.dims` existed).
    const prod = mm(a.unsqueeze(0), b);
    const out = new Tensor(
      prod._data,
      [prod.shape[1]],
      prod.dtype,
      [prod._strides[1]],
      prod._offset,
    );
    if (tracks(prod)) record("SqueezeBackward4", out, [prod]).setBackward((g) => [g.unsqueeze(0)]);
    return out;
  }
  if (da === 2 && db === 2) return mm(a, b);
  // PyTorch 2.x (`should_fold`): with a batch of size 1 that requires grad, drop it first.
  if (da === 3 && db === 3 && a.shape[0] !== b.shape[0]) {
    if (a.shape[0] === 1 && a.requiresGrad) return matmul(a.squeeze(0), b);
    if (b.shape[0] === 1 && b.requiresGrad) return matmul(a, b.squeeze(0));
  }
  const k = a.shape[da - 1];
  const kb = db === 1 ? b.shape[0] : b.shape[db - 2];
  if (da === 2 && a.requiresGrad) {
    // PyTorch 2.x (`should_fold`): fold b's batch into the rows of one mm, then transpose back
    // and copy (CloneBackward0) rather than expand `a` for bmm.
    const bt = b.transpose(-1, -2);
    const folded = bt.reshape(leading(bt.shape), kb);
    const prod = unsafeView(mm(folded, a.t()), [...bt.shape.slice(0, -1), a.shape[0]]);
    return prod.transpose(-1, -2).contiguous();
  }
  if (da === 1 && db >= 3 && a.requiresGrad) {
    // PyTorch 2.x (`should_fold`, the smaller operand requiring grad): b's transpose folded into
    // the rows of one mv, viewed back.
    const bt = b.transpose(-1, -2);
    const prod = mv(bt.reshape(leading(bt.shape), kb), a);
    return unsafeView(prod, bt.shape.slice(0, -1));
  }
  if (da >= 3 && db <= 2) {
    // Fold a's batch dims into rows: one mm (or mv), then a view back (UnsafeViewBackward0).
    const rows = a.reshape(leading(a.shape), k);
    const prod = db === 2 ? mm(rows, b) : mv(rows, b);
    const outShape = db === 2 ? [...a.shape.slice(0, -1), b.shape[1]] : a.shape.slice(0, -1);
    return unsafeView(prod, outShape);
  }
  // Batched: broadcast batch dims, flatten them, bmm, and view back.
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(-1) : b;
  const n = a2.shape[a2.ndim - 2];
  const p = b2.shape[b2.ndim - 1];
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const nb = batch.reduce((x, y) => x * y, 1);
  const a3 = a2.expand([...batch, n, k]).reshape(nb, n, k);
  const b3 = b2.expand([...batch, kb, p]).reshape(nb, kb, p); // bmm reports a k mismatch
  const outShape = [...batch];
  if (da > 1) outShape.push(n);
  if (db > 1) outShape.push(p);
  return unsafeView(bmm(a3, b3), outShape);
}
