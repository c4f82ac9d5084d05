/**
 * Copies that reorder elements along dims: `flip` and `roll`, each one pass through index maps
 * (`kernels/remap.ts`), with their derivatives (a flip, a roll back).
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { checkInts, normalizeDim } from "../shape.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { identityMap } from "../kernels/remap.ts";
import { remap } from "./remap.ts";

/** Integers of a dims-like argument, one list or several numbers, with PyTorch's TypeError. */
function intList(
  args: readonly (number | readonly number[])[],
  op: string,
  arg: string,
): readonly number[] {
  const list = args.length === 1 && Array.isArray(args[0])
    ? args[0] as readonly number[]
    : args as readonly number[];
  if (args.length === 1 && typeof args[0] === "number" && !Number.isInteger(args[0])) {
    throw new TypeError(`${op}(): argument '${arg}' (position 1) must be tuple of ints, not float`);
  }
  checkInts(list, op, arg);
  return list;
}

/**
 * Reverses the order of elements along `dims` (a copy). PyTorch: `torch.flip(input, dims)` →
 * `FlipBackward0`.
 *
 * @param a The input.
 * @param dims The dims to reverse, as a list or as arguments (none: a plain copy).
 * @returns The flipped tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flip, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(flip(x, -1).toList(), [[3, 2, 1], [6, 5, 4]]);
 * assert.deepEqual(flip(x, [0, 1]).toList(), [[6, 5, 4], [3, 2, 1]]);
 * ```
 */
export function flip(a: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  checkTensor(a, "flip");
  const list = intList(dims, "flip", "dims");
  const flipped = new Array<boolean>(a.ndim).fill(false);
  for (const dim of list) {
    const d = normalizeDim(dim, a.ndim);
    if (flipped[d]) throw new RangeError(`dim ${d} appears multiple times in the list of dims`);
    flipped[d] = true;
  }
  const maps = a.shape.map((n, d) => {
    const m = identityMap(n);
    return flipped[d] ? m.reverse() : m;
  });
  const kept = list.slice();
  return remap(a, maps, "FlipBackward0", (g) => flip(g, kept));
}

/**
 * Rolls elements along dims: an element moves `shifts` places forward, and those past the end
 * come back at the start. Without `dims` the tensor is rolled as if flattened. PyTorch:
 * `torch.roll(input, shifts, dims=None)` → `RollBackward0`.
 *
 * @param a The input.
 * @param shifts One shift, or one per dim of `dims` (negative rolls backward).
 * @param dims The dims to roll (omit to roll the flattened tensor).
 * @returns The rolled tensor (a copy).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roll, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assert.deepEqual(roll(x, 1).toList(), [[6, 1, 2], [3, 4, 5]]);
 * assert.deepEqual(roll(x, -1, 1).toList(), [[2, 3, 1], [5, 6, 4]]);
 * assert.deepEqual(roll(x, [1, 1], [0, 1]).toList(), [[6, 4, 5], [3, 1, 2]]);
 * ```
 */
export function roll(
  a: Tensor,
  shifts: number | readonly number[],
  dims?: number | readonly number[] | null,
): Tensor {
  checkTensor(a, "roll");
  const s = intList([shifts], "roll", "shifts");
  const ds = dims === undefined || dims === null ? [] : intList([dims], "roll", "dims");
  if (s.length === 0) throw new RangeError("`shifts` required");
  if (ds.length === 0 && s.length === 1) {
    return rollFlat(a, s[0]);
  }
  if (s.length !== ds.length) {
    throw new RangeError(
      `shifts and dimensions must align. shifts: ${s.length}, dims:${ds.length}`,
    );
  }
  const total = new Array<number>(a.ndim).fill(0);
  // an empty tensor is returned as it is before its dims are checked (PyTorch 2.13's roll)
  if (a._numel > 0) {
    ds.forEach((dim, k) => {
      if (a.ndim === 0) {
        throw new RangeError(`Dimension specified as ${dim} but tensor has no dimensions`);
      }
      total[normalizeDim(dim, a.ndim)] += s[k];
    });
  }
  const maps = a.shape.map((n, d) => {
    const m = new Int32Array(n);
    for (let i = 0; i < n; i++) m[i] = mod(i - total[d], n);
    return m;
  });
  const back = s.map((x) => -x).reverse();
  const backDims = ds.slice().reverse();
  return remap(a, maps, "RollBackward0", (g) => roll(g, back, backDims));
}

/** `x mod n` in [0, n). */
function mod(x: number, n: number): number {
  const r = x % n;
  return r < 0 ? r + n : r;
}

/** The tensor rolled as if flattened: its row-major values rotated by `shift`. */
function rollFlat(a: Tensor, shift: number): Tensor {
  const values = a._values();
  const n = values.length;
  const out = new Tensor(allocate(a.dtype, n), a.shape, a.dtype);
  if (n > 0) {
    const s = mod(shift, n);
    out._data.set(values.subarray(n - s), 0);
    out._data.set(values.subarray(0, n - s), s);
  }
  if (tracks(a)) record("RollBackward0", out, [a]).setBackward((g) => [roll(g, -shift)]);
  return out;
}
