/**
 * View ops (sharing storage and the version counter) and copies, with their derivatives:
 * `view`, `reshape`, `transpose`, `t`, `permute`, `expand`, `squeeze`, `unsqueeze`, `flatten`,
 * `detach`, `clone`, `contiguous`.
 *
 * @module
 */

import { copyOf, type DType, Tensor } from "../tensor.ts";
import { checkDType, isFloatingDType } from "../dtype.ts";
import { convert } from "./exact.ts";
import {
  checkSizes,
  formatShape,
  inferSize,
  normalizeDim,
  sizeArgs,
  viewStrides,
} from "../shape.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { sumTo } from "./reduce.ts";

/** @ignore A dim normalised against `ndim`, with PyTorch's range error. */
export function dimOf(dim: number, ndim: number): number {
  return normalizeDim(dim, ndim);
}

function makeView(
  a: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offset = a._offset,
): Tensor {
  return new Tensor(a._data, shape, a.dtype, strides, offset, a);
}

/**
 * A view with a new shape; throws when the strides do not allow one. PyTorch:
 * `Tensor.view(*shape)` → `ViewBackward0`.
 *
 * @param a The input.
 * @param shape The new shape (`-1` infers one size), as a list or as arguments.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, view } from "@descent/tensor";
 * assert(view(tensor([1, 2, 3, 4]), [2, -1]).shape.join() === "2,2");
 * ```
 */
export function view(a: Tensor, shape: readonly (number | readonly number[])[]): Tensor {
  checkTensor(a, "view");
  const sizes = sizeArgs(shape);
  checkSizes(sizes, "view", true);
  const newShape = inferSize(sizes, a._numel);
  const strides = viewStrides(a.shape, a._strides, newShape);
  if (strides === null) {
    throw new RangeError(
      `view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead. (size ${
        formatShape(a.shape)
      }, stride ${formatShape(a._strides)}, requested ${formatShape(newShape)})`,
    );
  }
  return viewNode(a, newShape, strides, "ViewBackward0");
}

function viewNode(
  a: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  name: string,
): Tensor {
  const out = makeView(a, shape, strides);
  if (tracks(a)) {
    const node = record(name, out, [a]);
    const inShape = a.shape;
    node.setBackward((g) => [g.reshape(inShape)]);
  }
  return out;
}

/**
 * The same data with a new shape: a view when the strides allow, else a copy.
 * PyTorch: `Tensor.reshape(*shape)` → `ViewBackward0` for a contiguous input, else
 * `ReshapeAliasBackward0` (PyTorch 2.x's `_reshape_alias`; 1.13 recorded it for both) or, when a
 * copy is needed, `UnsafeViewBackward0` after `CloneBackward0`.
 *
 * @param a The input.
 * @param shape The new shape (`-1` infers one size), as a list or as arguments.
 * @returns The reshaped tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reshape, tensor } from "@descent/tensor";
 * assert(String(reshape(tensor([[1, 2], [3, 4]]).t(), [4]).toList()) === "1,3,2,4");
 * ```
 */
export function reshape(a: Tensor, shape: readonly (number | readonly number[])[]): Tensor {
  checkTensor(a, "reshape");
  const sizes = sizeArgs(shape);
  checkSizes(sizes, "reshape", true, "shape");
  const newShape = inferSize(sizes, a._numel);
  const strides = viewStrides(a.shape, a._strides, newShape);
  if (strides !== null) {
    return viewNode(
      a,
      newShape,
      strides,
      a.isContiguous() ? "ViewBackward0" : "ReshapeAliasBackward0",
    );
  }
  return unsafeView(clone(a), newShape);
}

/** PyTorch's `Tensor::toString()`: the legacy type name, but `CPUBoolType` for bool. */
function typeString(a: Tensor): string {
  return a.dtype === "bool" ? "CPUBoolType" : a._typeName();
}

/**
 * @ignore A view of a contiguous tensor recorded as `UnsafeViewBackward0` (PyTorch's
 * `_unsafe_view`, used by `reshape` copies and batched `matmul`).
 */
export function unsafeView(a: Tensor, shape: readonly number[]): Tensor {
  const strides = viewStrides(a.shape, a._strides, shape)!;
  return viewNode(a, shape, strides, "UnsafeViewBackward0");
}

/**
 * Flattens dims `startDim..endDim` into one. PyTorch: `torch.flatten(input, start_dim=0,
 * end_dim=-1)` (a `reshape`).
 *
 * @param a The input.
 * @param startDim First dim to flatten.
 * @param endDim Last dim to flatten.
 * @returns The flattened tensor (`a` itself when there is nothing to flatten).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flatten, zeros } from "@descent/tensor";
 * assert(flatten(zeros([2, 3, 4]), 1).shape.join() === "2,12");
 * ```
 */
export function flatten(a: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor(a, "flatten");
  const s = normalizeDim(startDim, Math.max(a.ndim, 1));
  const e = normalizeDim(endDim, Math.max(a.ndim, 1));
  if (a.ndim === 0) return reshape(a, [[1]]);
  if (s > e) {
    throw new RangeError("flatten() has invalid args: start_dim cannot come after end_dim");
  }
  if (s === e) return a;
  let n = 1;
  for (let i = s; i <= e; i++) n *= a.shape[i];
  return reshape(a, [[...a.shape.slice(0, s), n, ...a.shape.slice(e + 1)]]);
}

/**
 * Swaps two dims. PyTorch: `torch.transpose(input, dim0, dim1)` → `TransposeBackward0`.
 *
 * @param a The input.
 * @param dim0 First dim.
 * @param dim1 Second dim.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { transpose, zeros } from "@descent/tensor";
 * assert(transpose(zeros([2, 3, 4]), 0, -1).shape.join() === "4,3,2");
 * ```
 */
export function transpose(a: Tensor, dim0: number, dim1: number): Tensor {
  checkTensor(a, "transpose");
  const d0 = normalizeDim(dim0, a.ndim);
  const d1 = normalizeDim(dim1, a.ndim);
  const shape = a.shape.slice();
  const strides = a._strides.slice();
  if (a.ndim > 0) {
    [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
    [strides[d0], strides[d1]] = [strides[d1], strides[d0]];
  }
  const out = makeView(a, shape, strides);
  if (tracks(a)) {
    const node = record("TransposeBackward0", out, [a]);
    node.setBackward((g) => [g.transpose(d0, d1)]);
  }
  return out;
}

/**
 * Transpose of a tensor with at most 2 dims. PyTorch: `torch.t(input)` → `TBackward0`.
 *
 * @param a A 0-, 1- or 2-D tensor.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { t, tensor } from "@descent/tensor";
 * assert(t(tensor([[1, 2]])).shape.join() === "2,1");
 * ```
 */
export function t(a: Tensor): Tensor {
  checkTensor(a, "t");
  if (a.ndim > 2) {
    throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${a.ndim}D`);
  }
  const out = a.ndim < 2
    ? makeView(a, a.shape, a._strides)
    : makeView(a, [a.shape[1], a.shape[0]], [a._strides[1], a._strides[0]]);
  if (tracks(a)) {
    const node = record("TBackward0", out, [a]);
    node.setBackward((g) => [g.t()]);
  }
  return out;
}

/**
 * Reorders dims. PyTorch: `torch.permute(input, dims)` → `PermuteBackward0`.
 *
 * @param a The input.
 * @param dims The new order, as a list or as arguments.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { permute, zeros } from "@descent/tensor";
 * assert(permute(zeros([2, 3, 4]), [2, 0, 1]).shape.join() === "4,2,3");
 * ```
 */
export function permute(a: Tensor, dims: readonly (number | readonly number[])[]): Tensor {
  checkTensor(a, "permute");
  const order = sizeArgs(dims);
  if (order.length !== a.ndim) {
    throw new RangeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${a.ndim} is not equal to len(dims) = ${order.length}`,
    );
  }
  const seen = new Array<boolean>(a.ndim).fill(false);
  const perm = order.map((d) => {
    const n = normalizeDim(d, a.ndim);
    if (seen[n]) throw new RangeError("permute(): duplicate dims are not allowed.");
    seen[n] = true;
    return n;
  });
  const out = makeView(a, perm.map((p) => a.shape[p]), perm.map((p) => a._strides[p]));
  if (tracks(a)) {
    const node = record("PermuteBackward0", out, [a]);
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    node.setBackward((g) => [g.permute(inverse)]);
  }
  return out;
}

/**
 * Broadcasts to a larger shape without copying (`-1` keeps a size). PyTorch:
 * `Tensor.expand(*sizes)` → `ExpandBackward0` (gradient summed back).
 *
 * @param a The input.
 * @param sizes The target shape, as a list or as arguments.
 * @returns A view with stride 0 on expanded dims.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expand, tensor } from "@descent/tensor";
 * assert(String(expand(tensor([[1], [2]]), [2, 3])) === "tensor([[1, 1, 1],\n        [2, 2, 2]])");
 * ```
 */
export function expand(a: Tensor, sizes: readonly (number | readonly number[])[]): Tensor {
  checkTensor(a, "expand");
  const target = sizeArgs(sizes);
  checkSizes(target, "expand", true);
  const n = target.length;
  if (n < a.ndim) {
    throw new RangeError(
      `expand(${typeString(a)}{${formatShape(a.shape)}}, size=${
        formatShape(target)
      }): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${a.ndim})`,
    );
  }
  const lead = n - a.ndim;
  const shape = new Array<number>(n);
  const strides = new Array<number>(n);
  // from the last dim, as PyTorch's `infer_size` (its error names the last mismatch)
  for (let i = n - 1; i >= 0; i--) {
    const want = target[i];
    if (i < lead) {
      if (want === -1) {
        throw new RangeError(
          `The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      }
      shape[i] = want;
      strides[i] = 0;
      continue;
    }
    const have = a.shape[i - lead];
    if (want === -1 || want === have) {
      shape[i] = have;
      strides[i] = a._strides[i - lead];
    } else if (have === 1) {
      shape[i] = want;
      strides[i] = 0;
    } else {
      throw new RangeError(
        `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${
          formatShape(target)
        }.  Tensor sizes: ${formatShape(a.shape)}`,
      );
    }
  }
  const out = makeView(a, shape, strides);
  if (tracks(a)) {
    const node = record("ExpandBackward0", out, [a]);
    const inShape = a.shape;
    node.setBackward((g) => [sumTo(g, inShape)]);
  }
  return out;
}

/**
 * Removes size-1 dims: all of them, or only `dim`. PyTorch: `torch.squeeze(input, dim=None)` →
 * `SqueezeBackward0` (all) / `SqueezeBackward1` (one dim).
 *
 * @param a The input.
 * @param dim The dim to remove if its size is 1.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { squeeze, zeros } from "@descent/tensor";
 * assert(squeeze(zeros([1, 2, 1])).shape.join() === "2");
 * assert(squeeze(zeros([1, 2, 1]), 0).shape.join() === "2,1");
 * ```
 */
export function squeeze(a: Tensor, dim?: number): Tensor {
  checkTensor(a, "squeeze");
  const shape: number[] = [];
  const strides: number[] = [];
  const d = dim === undefined ? -1 : normalizeDim(dim, a.ndim);
  for (let i = 0; i < a.ndim; i++) {
    const drop = a.shape[i] === 1 && (dim === undefined || i === d);
    if (!drop) {
      shape.push(a.shape[i]);
      strides.push(a._strides[i]);
    }
  }
  const out = makeView(a, shape, strides);
  if (tracks(a)) {
    const node = record(dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1", out, [a]);
    const inShape = a.shape;
    node.setBackward((g) => [g.reshape(inShape)]);
  }
  return out;
}

/**
 * Inserts a size-1 dim at `dim`. PyTorch: `torch.unsqueeze(input, dim)` → `UnsqueezeBackward0`.
 *
 * @param a The input.
 * @param dim Where the new dim goes (in `[-ndim-1, ndim]`).
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, unsqueeze } from "@descent/tensor";
 * assert(unsqueeze(tensor([1, 2]), -1).shape.join() === "2,1");
 * ```
 */
export function unsqueeze(a: Tensor, dim: number): Tensor {
  checkTensor(a, "unsqueeze");
  const d = normalizeDim(dim, a.ndim + 1);
  const shape = a.shape.slice();
  const strides = a._strides.slice();
  const stride = d < a.ndim ? a.shape[d] * a._strides[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  const out = makeView(a, shape, strides);
  if (tracks(a)) {
    const node = record("UnsqueezeBackward0", out, [a]);
    node.setBackward((g) => [g.squeeze(d)]);
  }
  return out;
}

/**
 * A view cut from the graph: same storage and version counter, no `gradFn`, no grad.
 * PyTorch: `Tensor.detach()`.
 *
 * @param a The input.
 * @returns A leaf that does not require grad.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detach, tensor } from "@descent/tensor";
 * const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
 * const d = detach(x);
 * d.add_(1); // writes through to x
 * assert(String(x) === "tensor([2., 3.], requires_grad=True)");
 * ```
 */
export function detach(a: Tensor): Tensor {
  checkTensor(a, "detach");
  const out = new Tensor(a._data, a.shape, a.dtype, a._strides, a._offset);
  out._vc = a._vc;
  return out;
}

/**
 * A copy with its own contiguous storage. PyTorch: `torch.clone(input)` → `CloneBackward0`.
 *
 * @param a The input.
 * @returns The copy.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clone, tensor } from "@descent/tensor";
 * const x = tensor([1, 2]);
 * const c = clone(x);
 * c.add_(1);
 * assert(String(x) === "tensor([1, 2])");
 * ```
 */
export function clone(a: Tensor): Tensor {
  checkTensor(a, "clone");
  const values = a._values();
  const copy = values === a._data ? copyOf(values, a.dtype) : values;
  const out = new Tensor(copy, a.shape, a.dtype);
  if (tracks(a)) {
    const node = record("CloneBackward0", out, [a]);
    node.setBackward((g) => [g]);
  }
  return out;
}

/**
 * `a` itself when contiguous, else a contiguous copy. PyTorch: `Tensor.contiguous()`
 * (`CloneBackward0` when it copies).
 *
 * @param a The input.
 * @returns A contiguous tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contiguous, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2], [3, 4]]).t();
 * assert(!x.isContiguous() && contiguous(x).isContiguous());
 * ```
 */
export function contiguous(a: Tensor): Tensor {
  checkTensor(a, "contiguous");
  return a.isContiguous() ? a : clone(a);
}

/**
 * This tensor in another dtype: itself when the dtype already matches, else a converted copy.
 * PyTorch: `Tensor.to(dtype)` (`.float()`, `.double()`, `.long()`, `.int()`, `.bool()`) →
 * `ToCopyBackward0` between floating dtypes; a conversion to an integer or bool dtype is not
 * differentiable, so its result does not require grad.
 *
 * Conversions are PyTorch's (`static_cast` on an x86 CPU): floats to integers truncate toward
 * zero; NaN, ±inf and values out of range give -2^31 for int32 and the low 8 bits of the int64
 * conversion for uint8 (both are undefined behaviour in C++, and what x86 gives), and throw a
 * `RangeError` for int64, which holds integers up to 2^53 - 1 in magnitude; integers wrap into
 * int32 and uint8; bool is `x != 0` (NaN is true).
 *
 * @param a The input.
 * @param dtype The target dtype.
 * @returns `a`, or a copy in `dtype`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, to } from "@descent/tensor";
 * const x = tensor([1.5, -2.7], { requiresGrad: true });
 * assert.equal(to(x, "float32"), x);
 * assert.equal(String(to(x, "float64")), "tensor([ 1.5000, -2.7000], dtype=torch.float64, grad_fn=<ToCopyBackward0>)");
 * assert.equal(String(to(x, "int64")), "tensor([ 1, -2])");
 * assert.equal(String(to(tensor([300, -1]), "uint8")), "tensor([ 44, 255], dtype=torch.uint8)");
 * ```
 */
export function to(a: Tensor, dtype: DType): Tensor {
  checkTensor(a, "to");
  checkDType(dtype, "to");
  if (a.dtype === dtype) return a;
  const out = convert(a, dtype);
  if (isFloatingDType(dtype) && tracks(a)) {
    const node = record("ToCopyBackward0", out, [a]);
    const from = a.dtype;
    node.setBackward((g) => [to(g, from)]);
  }
  return out;
}
