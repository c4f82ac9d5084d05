/**
 * Whole slices picked by a vector of positions: `indexSelect` (rows of an embedding table, a
 * batch of samples) and its adjoint `indexAdd`, and `take`, elements picked by flat position.
 * `indexSelect` reads through index maps (kernels/remap.ts), so each picked row is copied as one
 * run. PyTorch 2.x texts (int32 indices are taken as well as int64, except by `take`).
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { isFloatingDType, scalarTypeName } from "../dtype.ts";
import { formatShape, normalizeDim, type Shape, shapeNumel } from "../shape.ts";
import { gatherMapped, identityMap, putMapped } from "../kernels/remap.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { copyOf } from "../storage.ts";
import { indexWithPlan, planFlat, putWithPlan } from "./advanced_index.ts";
import { checkedCast, inplace } from "./inplace.ts";

/** The positions of a vector index: dtype, rank and bounds checked with `op`'s texts. */
function vectorIndex(
  op: "index_select" | "index_add_",
  index: Tensor,
  size: number,
  outOfRange: (v: number) => string | null,
): Int32Array {
  checkTensor(index, op);
  if (index.ndim > 1) throw new RangeError(`${op}(): Index is supposed to be a vector`);
  if (index.dtype !== "int64" && index.dtype !== "int32") {
    throw new TypeError(
      op === "index_select"
        ? "index_select(): Expected dtype int32 or int64 for index"
        : `index_add_(): Expected dtype int32/int64 for index but got: ${
          scalarTypeName(index.dtype)
        }`,
    );
  }
  const v = index._values();
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0 || v[i] >= size) {
      const message = outOfRange(v[i]);
      if (message !== null) throw new RangeError(message);
    }
    out[i] = v[i];
  }
  return out;
}

/** PyTorch's words for an index out of `[0, size)` along `dim` of a tensor of `ndim` dims. */
const OUT_OF_SELF = "index out of range in self";

/** The maps reading the slices `positions` along `dim` of a tensor of `shape`. */
function mapsAlong(shape: Shape, dim: number, positions: Int32Array): Int32Array[] {
  return shape.map((n, d) => (d === dim ? positions : identityMap(n)));
}

/**
 * The slices of `a` along `dim` at the positions `index` lists, in that order (repeats allowed):
 * `indexSelect(x, 0, idx)` is `x[idx]` for a vector `idx`, the rows of an embedding table or a
 * batch of samples. PyTorch: `torch.index_select(input, dim, index)` → `IndexSelectBackward0`,
 * whose gradient adds the slices back with `indexAdd`.
 *
 * @param a The input.
 * @param dim The dim picked along.
 * @param index A vector (or 0-d) of int64 or int32 positions in `[0, size)`.
 * @returns A new tensor with `index.numel()` slices along `dim`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, indexSelect, tensor } from "@descent/tensor";
 * const table = arange(6).reshape(3, 2);
 * assert.deepEqual(indexSelect(table, 0, tensor([2, 0, 2])).toList(), [[4, 5], [0, 1], [4, 5]]);
 * ```
 */
export function indexSelect(a: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor(a, "index_select");
  const d = normalizeDim(dim, Math.max(a.ndim, 1));
  const shape = a.ndim === 0 ? [1] : a.shape;
  if (index.ndim <= 1 && a.ndim === 0 && index._numel !== 1) {
    throw new RangeError(
      `index_select(): Index to scalar can have only 1 value, got ${index._numel} value(s)`,
    );
  }
  // PyTorch 2.13's words for a position out of range depend on its kernel's path
  const bad = (v: number) => `INDICES element is out of DATA bounds, id=${v} axis_dim=${shape[d]}`;
  let outOfRange = (v: number) => a.ndim > 1 && d === 1 ? bad(v) : OUT_OF_SELF;
  if (a.ndim > 1 && a._numel === 0 && index._numel > 0) {
    if (shape[d] === 0) {
      throw new RangeError("index_select(): self indexing axis dim should be positive");
    }
    outOfRange = bad;
  }
  const positions = vectorIndex("index_select", index, shape[d], outOfRange);
  const outShape = a.ndim === 0 ? [] : a.shape.map((n, k) => (k === d ? positions.length : n));
  const result = new Tensor(allocate(a.dtype, shapeNumel(outShape)), outShape, a.dtype);
  if (result._numel > 0) {
    const strides = a.ndim === 0 ? [0] : a._strides;
    gatherMapped(a._data, a._offset, strides, mapsAlong(shape, d, positions), result._data);
  }
  if (tracks(a)) {
    const node = record("IndexSelectBackward0", result, [a]);
    const inShape = a.shape;
    node.setBackward((g) => [
      indexAdd(zerosOf(inShape, g), d, index, g),
    ]);
  }
  return result;
}

function zerosOf(shape: Shape, like: Tensor): Tensor {
  return new Tensor(allocate(like.dtype, shapeNumel(shape)), shape, like.dtype);
}

/** Options of {@linkcode indexAdd}. */
export interface IndexAddOptions {
  /** A multiplier of `source` (default 1). */
  alpha?: number;
}

/** Checks `indexAdd`'s arguments; returns the dim and the positions. */
function indexAddArgs(
  a: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  alpha: number,
): { d: number; positions: Int32Array } {
  checkTensor(a, "index_add_");
  checkTensor(source, "index_add_");
  const d = normalizeDim(dim, Math.max(a.ndim, 1));
  if (source.dtype !== a.dtype) {
    throw new TypeError(
      `index_add_(): self (${scalarTypeName(a.dtype)}) and source (${
        scalarTypeName(source.dtype)
      }) must have the same scalar type`,
    );
  }
  const shape = a.ndim === 0 ? [1] : a.shape;
  const sshape = source.ndim === 0 ? [1] : source.shape;
  const n = index._numel;
  if (n !== sshape[d]) {
    throw new RangeError(
      `index_add_(): Number of indices (${n}) should be equal to source.size(dim): (${
        sshape[d]
      }), for dim: ${d}`,
    );
  }
  if (source.ndim !== a.ndim || source.shape.some((s, k) => k !== d && s !== a.shape[k])) {
    throw new RangeError(
      `source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = ${
        formatShape(a.shape)
      } source.shape = ${formatShape(source.shape)}`,
    );
  }
  // PyTorch 2.13 checks no position when a tensor of 2 or more dims is empty; its words depend
  // on its kernel's path: index_put_'s (alpha 1, int64 positions, the first or last dim of a
  // matrix or more) or index_select's
  const viaPut = a.ndim >= 2 && alpha === 1 && index.dtype === "int64" &&
    (d === 0 || d === a.ndim - 1);
  const positions = vectorIndex(
    "index_add_",
    index,
    shape[d],
    (v) =>
      a.ndim >= 2 && a._numel === 0
        ? null
        : viaPut
        ? `index ${v} is out of bounds for dimension ${d} with size ${shape[d]}`
        : OUT_OF_SELF,
  );
  return { d, positions };
}

/**
 * A copy of `a` with the slices of `source` (times `alpha`) added along `dim` at the positions
 * `index` lists, summing where positions repeat: the adjoint of `indexSelect`. PyTorch:
 * `torch.index_add(input, dim, index, source, alpha=1)` → `IndexAddBackward0`.
 *
 * @param a The input.
 * @param dim The dim added along.
 * @param index A vector of int64 or int32 positions, one per slice of `source`.
 * @param source A tensor of `a`'s dtype and shape, but `index.numel()` along `dim`.
 * @param options `alpha`.
 * @returns The new tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { indexAdd, ones, tensor, zeros } from "@descent/tensor";
 * const out = indexAdd(zeros([3, 2]), 0, tensor([2, 0, 2]), ones([3, 2]));
 * assert.deepEqual(out.toList(), [[1, 1], [0, 0], [2, 2]]);
 * ```
 */
export function indexAdd(
  a: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  options?: IndexAddOptions,
): Tensor {
  const { d, positions } = indexAddArgs(a, dim, index, source, options?.alpha ?? 1);
  // an integer or bool tensor reads alpha in its dtype, as PyTorch's checked `alpha.to<scalar_t>()`:
  // -0.5 adds nothing to an int64 tensor and is refused for uint8 (bools add as `or`)
  // (converted only when there is something to add, as PyTorch's kernel does)
  const work = a.ndim <= 1 || (source._numel > 0 && a._numel > 0);
  const alpha = isFloatingDType(a.dtype) || !work
    ? options?.alpha ?? 1
    : checkedCast(options?.alpha ?? 1, a.dtype);
  const data = a._dense ? copyOf(a._data, a.dtype) : a._values();
  const out = new Tensor(data, a.shape, a.dtype);
  if (source._numel > 0 && a._numel > 0) {
    const shape = a.ndim === 0 ? [1] : a.shape;
    const src = alpha === 1 ? source : source.detach().mul(alpha);
    putMapped(
      src._values(),
      out._data,
      0,
      a.ndim === 0 ? [0] : out._strides,
      mapsAlong(shape, d, positions),
      true,
      a.dtype === "bool",
    );
  }
  if (tracks(a, source)) {
    const node = record("IndexAddBackward0", out, [a, source]);
    const sshape = source.shape;
    node.setBackward((g) => {
      if (!node.needs(1)) return [g, null];
      let gs = indexSelect(g, d, index);
      if (alpha !== 1) gs = gs.mul(alpha);
      return [g, gs.reshape(sshape)];
    });
  }
  return out;
}

/**
 * `indexAdd` in place. PyTorch: `Tensor.index_add_(dim, index, source, alpha=1)`.
 *
 * @param a The tensor added to.
 * @param dim The dim added along.
 * @param index A vector of int64 or int32 positions.
 * @param source The slices to add.
 * @param options `alpha`.
 * @returns `a`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, zeros } from "@descent/tensor";
 * const x = zeros([3]);
 * x.indexAdd_(0, tensor([1, 1]), tensor([2, 3], { dtype: "float32" }), { alpha: 2 });
 * assert.deepEqual(x.toList(), [0, 10, 0]);
 * ```
 */
export function indexAdd_<T extends Tensor>(
  a: T,
  dim: number,
  index: Tensor,
  source: Tensor,
  options?: IndexAddOptions,
): T {
  indexAddArgs(a, dim, index, source, options?.alpha ?? 1);
  return inplace(a, [source], (old) => indexAdd(old, dim, index, source, options));
}

/**
 * The elements of `a` at flat (row-major) positions, in the shape of `index`; negative
 * positions count from the end. PyTorch: `torch.take(input, index)` → `TakeBackward0`.
 *
 * @param a The input.
 * @param index int64 positions in `[-numel, numel)`.
 * @returns A tensor of the index's shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange, take, tensor } from "@descent/tensor";
 * assert.deepEqual(take(arange(6).reshape(2, 3), tensor([[0, -1]])).toList(), [[0, 5]]);
 * ```
 */
export function take(a: Tensor, index: Tensor): Tensor {
  checkTensor(a, "take");
  checkTensor(index, "take");
  if (index.dtype !== "int64") {
    throw new TypeError(
      `take(): Expected a long tensor for index, but got ${scalarTypeName(index.dtype)}`,
    );
  }
  const n = a._numel;
  if (n === 0 && index._numel > 0) {
    throw new RangeError("take(): tried to take from an empty tensor");
  }
  const v = index._values();
  const flat = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (v[i] < -n || v[i] >= n) {
      throw new RangeError(
        `out of range: tried to access index ${v[i]} on a tensor of ${n} elements.`,
      );
    }
    flat[i] = v[i] < 0 ? v[i] + n : v[i];
  }
  const src = a.ndim === 0 ? new Tensor(a._data, [1], a.dtype, [0], a._offset) : a;
  const plan = planFlat(src.shape, flat, index.shape);
  const out = indexWithPlan(src, plan, "TakeBackward0");
  if (a.ndim === 0 && tracks(a)) {
    // the 1-element stand-in above is not in the graph: record on `a` itself
    const inShape = a.shape;
    record("TakeBackward0", out, [a]).setBackward((g) => [
      putWithPlan(zerosOf([1], g), plan, g, true).reshape(inShape),
    ]);
  }
  return out;
}
