/**
 * Padding: `pad` (PyTorch's `torch.nn.functional.pad`) with a constant, by reflection, by
 * replication or circularly, each one copy through per-dimension index maps
 * (`kernels/remap.ts`), with PyTorch's checks and node names.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { checkInts, formatShape } from "../shape.ts";
import { checkTensor } from "./record.ts";
import { identityMap } from "../kernels/remap.ts";
import { remap } from "./remap.ts";
import { checkedCast } from "./inplace.ts";

/** How `pad` fills the new elements. PyTorch: `F.pad`'s `mode`. */
export type PadMode = "constant" | "reflect" | "replicate" | "circular";

/** Options of {@linkcode pad}. */
export interface PadOptions {
  /** `"constant"` (default), `"reflect"`, `"replicate"` or `"circular"`. */
  mode?: PadMode;
  /** The fill value of `"constant"` (default 0); the other modes take none. */
  value?: number | null;
}

const MODES: readonly string[] = ["constant", "reflect", "replicate", "circular"];

const SUPPORTED = "Supported combinations for non-constant padding:\n" +
  "  - 2D or 3D input: padding size = 2 (pads last dimension)\n" +
  "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n" +
  "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)";

/**
 * Pads (or, with negative amounts, crops) the last dims of `input`. `padding` lists amounts in
 * PyTorch's order, last dim first: `[left, right]` pads the last dim, `[left, right, top,
 * bottom]` the last two, and so on. PyTorch: `torch.nn.functional.pad(input, pad,
 * mode="constant", value=None)` → `ConstantPadNdBackward0`, `ReflectionPad{1,2,3}DBackward0`,
 * `ReplicationPad{1,2,3}DBackward0`, or `CopySlices` (circular).
 *
 * `"constant"` pads any number of dims with `value`. The other modes pad the last 1, 2 or 3 dims
 * of a tensor with one or two more dims than that (a channel dim, and optionally a batch dim):
 * `"reflect"` mirrors the elements next to the edge (each amount must be smaller than the dim),
 * `"replicate"` repeats the edge element, `"circular"` wraps around (at most once).
 *
 * @param input The tensor to pad.
 * @param padding Amounts, two per padded dim, last dim first.
 * @param options `mode` and `value`.
 * @returns The padded tensor (a new one).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pad, tensor } from "@descent/tensor";
 * const x = tensor([[1, 2, 3]]);
 * assert.deepEqual(pad(x, [1, 2]).toList(), [[0, 1, 2, 3, 0, 0]]);
 * assert.deepEqual(pad(x, [0, 0, 1, 0], { value: 9 }).toList(), [[9, 9, 9], [1, 2, 3]]);
 * assert.deepEqual(pad(x, [2, 1], { mode: "reflect" }).toList(), [[3, 2, 1, 2, 3, 2]]);
 * assert.deepEqual(pad(x, [2, 1], { mode: "replicate" }).toList(), [[1, 1, 1, 2, 3, 3]]);
 * assert.deepEqual(pad(x, [2, 1], { mode: "circular" }).toList(), [[2, 3, 1, 2, 3, 1]]);
 * assert.deepEqual(pad(x, [-1, 0]).toList(), [[2, 3]]);
 * ```
 */
export function pad(input: Tensor, padding: readonly number[], options: PadOptions = {}): Tensor {
  checkTensor(input, "pad");
  if (!Array.isArray(padding)) {
    throw new TypeError(
      `pad(): argument 'pad' (position 2) must be tuple of ints, not ${typeof padding}`,
    );
  }
  checkInts(padding, "pad", "pad", 2);
  const mode = options.mode ?? "constant";
  if (!MODES.includes(mode)) throw new TypeError(`Unrecognised padding mode ${mode}`);
  const n = padding.length;
  const nd = input.ndim;
  if (n % 2 !== 0) throw new RangeError("Padding length must be divisible by 2");
  if (n > 2 * nd) {
    throw new RangeError(
      `Padding length should be less than or equal to two times the input dimension but got padding length ${n} and input of dimension ${nd}`,
    );
  }
  const value = options.value ?? null;
  // the fill value is read in the input's dtype, with PyTorch's overflow check (1.5 pads an
  // int64 tensor with 1; -2 is refused for uint8)
  if (mode === "constant") {
    return constantPad(input, padding, value ?? 0);
  }
  if (value !== null && value !== 0) {
    throw new TypeError(`Padding mode "${mode}" doesn't take in value argument`);
  }
  const k = n / 2; // padded dims
  if (k < 1 || k > 3 || nd < k + 1 || nd > k + 2) {
    throw new RangeError(
      `Padding size ${n} is not supported for ${nd}D input tensor.\n${SUPPORTED}`,
    );
  }
  return mode === "circular"
    ? circularPad(input, padding, k)
    : edgePad(input, padding, k, mode === "reflect");
}

/** The amounts [left, right] of dim `d` of an `nd`-dim tensor (zeros for an unpadded dim). */
function amounts(padding: readonly number[], nd: number, d: number): [number, number] {
  const j = 2 * (nd - 1 - d);
  return j + 1 < padding.length ? [padding[j], padding[j + 1]] : [0, 0];
}

/**
 * One index map per dim of `shape`: the identity for all but the last `k` dims, and for those
 * `padded(size, left, right)`, which may throw on amounts it refuses.
 */
function mapsOf(
  shape: readonly number[],
  padding: readonly number[],
  k: number,
  padded: (size: number, left: number, right: number) => Int32Array,
): Int32Array[] {
  const nd = shape.length;
  return shape.map((size, d) =>
    d < nd - k ? identityMap(size) : padded(size, ...amounts(padding, nd, d))
  );
}

/** `constant_pad_nd`: crops (negative amounts) and fills. */
function constantPad(input: Tensor, padding: readonly number[], value: number): Tensor {
  const maps = mapsOf(input.shape, padding, input.ndim, (size, l, r) => {
    // PyTorch narrows the input for negative amounts first, left then right
    if (size + Math.min(l, 0) < 0 || size + Math.min(l, 0) + Math.min(r, 0) < 0) {
      throw new RangeError("narrow(): length must be non-negative.");
    }
    const map = new Int32Array(size + l + r);
    for (let i = 0; i < map.length; i++) {
      const j = i - l;
      map[i] = j >= 0 && j < size ? j : -1;
    }
    return map;
  });
  // the value in the input's dtype, checked as PyTorch does when something is filled (F.pad's
  // value is a float: 1.5 pads an int64 tensor with 1, -2 is refused for uint8)
  const v = padding.some((p) => p > 0) ? checkedCast(value, input.dtype, true) : 0;
  const negated = padding.map((p) => -p);
  return remap(input, maps, "ConstantPadNdBackward0", (g) => pad(g, negated), v);
}

/** `reflection_pad{1,2,3}d` and `replication_pad{1,2,3}d` over the last `k` dims. */
function edgePad(input: Tensor, padding: readonly number[], k: number, reflect: boolean): Tensor {
  const nd = input.ndim;
  const shape = input.shape;
  // only a batch dim (a (k + 2)-D input's first) may be empty
  if (shape.slice(nd === k + 2 ? 1 : 0).some((s) => s === 0)) {
    throw new RangeError(
      `Expected ${k + 1}D or ${
        k + 2
      }D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${
        formatShape(shape)
      }`,
    );
  }
  const out: number[] = [];
  // PyTorch checks the last dim first ("Argument #4" is the width's padding)
  for (let d = nd - 1; d >= nd - k; d--) {
    const [l, r] = amounts(padding, nd, d);
    if (reflect && (l >= shape[d] || r >= shape[d])) {
      throw new RangeError(
        `Argument #${
          2 * (nd - d) + 2
        }: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${d} of input ${
          formatShape(shape)
        }`,
      );
    }
    out[d] = shape[d] + l + r;
  }
  const spatial = out.slice(nd - k);
  if (spatial.every((s) => s < 1)) throw tooSmall(shape.slice(nd - k), spatial, reflect);
  const negative = spatial.findIndex((s) => s < 0);
  if (negative >= 0) {
    const sizes = shape.map((s, d) => (d < nd - k ? s : out[d]));
    throw new RangeError(
      `Trying to create tensor with negative dimension ${spatial[negative]}: ${formatShape(sizes)}`,
    );
  }
  const maps = mapsOf(shape, padding, k, (size, l, r) => {
    const map = new Int32Array(size + l + r);
    for (let i = 0; i < map.length; i++) {
      const j = i - l;
      if (reflect) map[i] = j < 0 ? -j : j >= size ? 2 * (size - 1) - j : j;
      else map[i] = j < 0 ? 0 : j >= size ? size - 1 : j;
    }
    return map;
  });
  const name = `${reflect ? "Reflection" : "Replication"}Pad${k}DBackward0`;
  return remap(input, maps, name, name.replace(/0$/, "Backward0"));
}

/** PyTorch's "too small" texts (replication's 2-D one has a stray space). */
function tooSmall(sizes: readonly number[], outs: readonly number[], reflect: boolean): RangeError {
  const names = ["D", "H", "W"].slice(3 - sizes.length);
  if (sizes.length === 1) {
    return new RangeError(`input (W: ${sizes[0]}) is too small. Calculated output W: ${outs[0]}`);
  }
  const input = names.map((x, i) => `${x}: ${sizes[i]}`);
  const output = names.map((x, i) => `${x}: ${outs[i]}`).join(" ");
  const joined = sizes.length === 3
    ? `${input[0]} ${input[1]}, ${input[2]}`
    : `${input.join(", ")}${reflect ? "" : " "}`;
  return new RangeError(`input (${joined}) is too small. Calculated output ${output}`);
}

/** `_pad_circular`: wraps around, at most once, over the last `k` dims. */
function circularPad(input: Tensor, padding: readonly number[], k: number): Tensor {
  const maps = mapsOf(input.shape, padding, k, (size, l, r) => {
    const length = size + l + r;
    // the input after cropping by negative amounts, which the positive ones wrap around
    const start = Math.max(-l, 0);
    const core = size - start - Math.max(-r, 0);
    const wraps = l > size || r > size || (length > 0 && (l > core || r > core));
    if (wraps) throw new RangeError("Padding value causes wrapping around more than once.");
    if (length < 0) {
      throw new RangeError("Negative padding value is resulting in an empty dimension");
    }
    const left = Math.max(l, 0);
    const map = new Int32Array(length);
    for (let i = 0; i < length; i++) map[i] = start + ((i - left + core) % core);
    return map;
  });
  return remap(input, maps, "CopySlices", "PadCircularBackward0");
}
