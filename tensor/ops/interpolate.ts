/**
 * Resampling with its derivative: `interpolate` (PyTorch's `torch.nn.functional.interpolate`)
 * in the modes `nearest`, `nearest-exact`, `linear`, `bilinear` and `area`. Each is a linear map
 * with fixed taps, recorded with `linear_map.ts` (the backward scatters the gradient over the
 * taps; its backward is the map again).
 *
 * @module
 */

import { isFloatingDType, notImplemented } from "../dtype.ts";
import { formatShape } from "@descent/autograd";
import type { Tensor } from "../tensor.ts";
import type { Storage } from "../kernels/elementwise.ts";
import { shapeNumel } from "../shape.ts";
import { bilinear, linearTaps, nearest, nearestTaps, type Taps } from "../kernels/interpolate.ts";
import { applyLinear, type LinearMap } from "./linear_map.ts";
import { adaptiveAvgPool2d } from "./pool.ts";
import { checkTensor } from "./record.ts";

/** The resampling modes of {@linkcode interpolate}. */
export type InterpolateMode = "nearest" | "nearest-exact" | "linear" | "bilinear" | "area";

/** Options of {@linkcode interpolate} (PyTorch's keyword arguments). */
export interface InterpolateOptions {
  /** The output's spatial size: one number, or one per spatial dim. */
  size?: number | readonly number[] | null;
  /** The factor each spatial size is multiplied by (the output size is rounded down). */
  scaleFactor?: number | readonly number[] | null;
  /** How to resample (default `"nearest"`). */
  mode?: InterpolateMode;
  /**
   * `linear` and `bilinear` only: align the centres of the corner pixels of input and output
   * (default `false`: align their outer edges).
   */
  alignCorners?: boolean | null;
  /** Recompute the scale from the rounded output size, rather than use `scaleFactor` as given. */
  recomputeScaleFactor?: boolean | null;
}

const NAMES: Record<string, string> = {
  "nearest/1": "UpsampleNearest1DBackward0",
  "nearest/2": "UpsampleNearest2DBackward0",
  "nearest-exact/1": "UpsampleNearestExact1DBackward0",
  "nearest-exact/2": "UpsampleNearestExact2DBackward0",
  "linear/1": "UpsampleLinear1DBackward0",
  "bilinear/2": "UpsampleBilinear2DBackward0",
};

/** Python's `repr` of a list of numbers, as PyTorch's messages print `size` and friends. */
function pyList(v: readonly unknown[]): string {
  return `[${v.join(", ")}]`;
}

/** The output size and the scale factors handed to the kernel, as `F.interpolate` works them out. */
function sizes(input: Tensor, o: InterpolateOptions, dim: number): [number[], (number | null)[]] {
  const { size = null, scaleFactor = null } = o;
  const spatial = input.shape.slice(2);
  if (size !== null && scaleFactor !== null) {
    throw new TypeError("only one of size or scale_factor should be defined");
  }
  let out: number[] | null = null;
  let scales: (number | null)[] = new Array<null>(dim).fill(null);
  if (size !== null) {
    const list = typeof size === "number" ? new Array<number>(dim).fill(size) : [...size];
    if (typeof size !== "number" && list.length !== dim) {
      throw new RangeError(
        `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${
          pyList(spatial)
        } and output size of ${
          pyList(list)
        }. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
      );
    }
    if (!list.every(Number.isInteger)) {
      throw new TypeError(
        `expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got size with types ${
          pyList(list.map((x) => (typeof x === "number" ? "float" : typeof x)))
        }`,
      );
    }
    out = list;
  } else if (scaleFactor !== null) {
    const list = typeof scaleFactor === "number"
      ? new Array<number>(dim).fill(scaleFactor)
      : [...scaleFactor];
    if (typeof scaleFactor !== "number" && list.length !== dim) {
      throw new RangeError(
        `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${
          pyList(spatial)
        } and scale_factor of shape ${
          pyList(list)
        }. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
      );
    }
    if (!list.every((x) => typeof x === "number")) {
      throw new TypeError("scale_factor must be a number or a list of numbers");
    }
    scales = list;
  } else throw new TypeError("either size or scale_factor should be defined");
  let recompute = o.recomputeScaleFactor ?? false;
  if (recompute && size !== null) {
    throw new TypeError("recompute_scale_factor is not meaningful with an explicit size.");
  }
  if (o.mode === "area" && out === null) recompute = true;
  if (out === null) {
    // PyTorch truncates `size · scale` (in the kernel's output-size rule and in Python's int())
    out = spatial.slice(0, dim).map((s, i) => Math.trunc(s * (scales[i] as number)));
    if (recompute) scales = scales.map(() => null);
  }
  return [out, scales];
}

/** PyTorch's `upsample_{1,2}d_common_check` and the non-empty check of the upsample kernels. */
function checkUpsample(input: Tensor, out: number[]): void {
  const spatial = input.shape.slice(2);
  const axes = spatial.length === 1 ? ["W"] : ["H", "W"];
  const list = (v: number[]) => v.map((s, i) => `${axes[i]}: ${s}`).join(", ");
  if (spatial.some((s) => s <= 0) || out.some((s) => s <= 0)) {
    throw new RangeError(
      // PyTorch's upsample_1d_common_check says "and" where the 2-d one does not
      `Input and output sizes should be greater than 0, but got input (${list(spatial)}) ${
        spatial.length === 1 ? "and " : ""
      }output (${list(out)})`,
    );
  }
  if (input.numel() === 0 && shapeNumel(input.shape.slice(1)) === 0) {
    throw new RangeError(
      `Non-empty ${input.ndim}D data tensor expected but got a tensor with sizes ${
        formatShape(input.shape)
      }`,
    );
  }
}

/**
 * Resamples the spatial dims (all after the first two) to a new size. PyTorch:
 * `torch.nn.functional.interpolate(input, size=None, scale_factor=None, mode='nearest',
 * align_corners=None, recompute_scale_factor=None)` → `UpsampleNearest2DBackward0`,
 * `UpsampleBilinear2DBackward0`, … (`area` is `adaptiveAvgPool2d`). The pixels read and the
 * weights are PyTorch's, float32 arithmetic included. descent has the modes `nearest`,
 * `nearest-exact` and `area` for 3-D and 4-D inputs, `linear` for 3-D and `bilinear` for 4-D
 * (no `bicubic`, `trilinear`, 5-D inputs or `antialias`).
 *
 * @param input `[N, C, L]` or `[N, C, H, W]`.
 * @param options `size` or `scaleFactor`, `mode`, `alignCorners`, `recomputeScaleFactor`.
 * @returns The resampled tensor, `[N, C, …size]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, interpolate } from "@descent/tensor";
 * const x = floatTensor([[[1, 2], [3, 4]]]).unsqueeze(0);
 * assert.deepEqual(interpolate(x, { scaleFactor: 2 }).toList(), [[[[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]]]);
 * const y = interpolate(x, { size: 3, mode: "bilinear", alignCorners: true });
 * assert.deepEqual(y.toList(), [[[[1, 1.5, 2], [2, 2.5, 3], [3, 3.5, 4]]]]);
 * ```
 */
export function interpolate(input: Tensor, options: InterpolateOptions = {}): Tensor {
  checkTensor(input, "interpolate");
  const mode = options.mode ?? "nearest";
  let alignCorners = options.alignCorners ?? null;
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (alignCorners !== null) {
      throw new TypeError(
        "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
      );
    }
  } else alignCorners ??= false;
  const dim = Math.max(input.ndim - 2, 0);
  const [out, scales] = sizes(input, { ...options, mode }, dim);
  const nd = input.ndim;
  if (nd === 5 || (mode as string) === "bicubic" || (mode as string) === "trilinear") {
    throw new TypeError(
      `interpolate(): descent has no ${
        nd === 5 ? "5-D input" : `mode '${mode}'`
      } (it resamples 3-D and 4-D inputs in the modes nearest, nearest-exact, linear, bilinear and area)`,
    );
  }
  if (nd === 3 && mode === "bilinear") {
    throw new TypeError("Got 3D input, but bilinear mode needs 4D input");
  }
  if (nd === 4 && mode === "linear") {
    throw new TypeError("Got 4D input, but linear mode needs 3D input");
  }
  const known = ["nearest", "nearest-exact", "linear", "bilinear", "area"];
  if ((nd !== 3 && nd !== 4) || !known.includes(mode)) {
    throw new TypeError(
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got ${mode})`,
    );
  }
  const nearestMode = mode === "nearest" || mode === "nearest-exact";
  if (
    !isFloatingDType(input.dtype) && mode !== "area" && !(input.dtype === "uint8" && nearestMode)
  ) {
    if (input.dtype === "uint8") {
      // PyTorch's uint8 bilinear path rounds fixed-point weights of its own
      throw new TypeError("interpolate(): descent has no bilinear interpolation of uint8 tensors");
    }
    const kernel = nd === 4
      ? `upsample_${nearestMode ? "nearest" : "bilinear"}2d_channels_last`
      : `compute_indices_weights_${nearestMode ? "nearest" : "linear"}`;
    throw notImplemented(kernel, input.dtype);
  }
  if (mode === "area") {
    if (nd === 4) return adaptiveAvgPool2d(input, out);
    return adaptiveAvgPool2d(input.unsqueeze(-2), [1, out[0]]).squeeze(-2);
  }
  checkUpsample(input, out);
  const spatial = input.shape.slice(2);
  const f32 = input.dtype === "float32";
  const taps = (i: number): Taps =>
    mode === "nearest" || mode === "nearest-exact"
      ? nearestTaps(spatial[i], out[i], scales[i], mode === "nearest-exact")
      : linearTaps(spatial[i], out[i], alignCorners!, scales[i], f32);
  const two = dim === 2;
  const rows = two ? taps(0) : null;
  const cols = taps(dim - 1);
  const h = two ? spatial[0] : 1;
  const w = spatial[dim - 1];
  const planes = input.shape[0] * input.shape[1];
  const outShape = [input.shape[0], input.shape[1], ...out];
  const name = NAMES[`${mode}/${dim}`];
  const kernel = mode === "nearest" || mode === "nearest-exact"
    ? (src: Storage, dst: Storage, adjoint: boolean) =>
      nearest(src, planes, h, w, rows ?? nearestTaps(1, 1, null, false), cols, dst, adjoint)
    : (src: Storage, dst: Storage, adjoint: boolean) =>
      bilinear(src, planes, h, w, rows, cols, dst, adjoint);
  const map: LinearMap = {
    name,
    adjointName: name.replace("Backward0", "BackwardBackward0"),
    inShape: input.shape,
    outShape,
    apply: (src, dst) => kernel(src, dst, false),
    adjoint: (src, dst) => kernel(src, dst, true),
  };
  return applyLinear(input, map);
}
