/**
 * Pooling with its derivatives (PyTorch's `torch.nn.functional` names): `maxPool1d`,
 * `maxPool2d`, `avgPool1d`, `avgPool2d`, `adaptiveAvgPool2d`, `adaptiveMaxPool2d`.
 *
 * Each is a linear map once its windows are known (a max pool reads each window at its argmax),
 * so each is recorded with `linear_map.ts`: the backward is the adjoint map (scattering the
 * gradient back over the windows), whose own backward is the map again, to any order.
 *
 * @module
 */

import { formatShape } from "@descent/autograd";
import { allocate, Tensor } from "../tensor.ts";
import { shapeNumel } from "../shape.ts";
import {
  adaptiveWindows,
  avgPool,
  gatherPlanes,
  maxPool,
  poolOutputSize,
  stridedWindows,
  type Windows,
} from "../kernels/pool.ts";
import { intList } from "./int_args.ts";
import { applyLinear, type LinearMap, recordLinear } from "./linear_map.ts";
import { convert, exactUnary } from "./exact.ts";
import { isFloatingDType, notImplemented } from "../dtype.ts";
import { checkTensor } from "./record.ts";
import { dimOf } from "./view.ts";
import { mean } from "./reduce.ts";

/** Options of {@linkcode maxPool1d} and {@linkcode maxPool2d} (PyTorch's keyword arguments). */
export interface MaxPoolOptions {
  /** The step between windows: one number, or one per dim (default: the kernel size). */
  stride?: number | readonly number[] | null;
  /** Implicit −∞ on both sides, at most half the kernel's extent (default 0). */
  padding?: number | readonly number[];
  /** The spacing between a window's elements (default 1). */
  dilation?: number | readonly number[];
  /** Count a last, partial window (round the output size up; default `false`). */
  ceilMode?: boolean;
}

/** Options of {@linkcode avgPool1d} and {@linkcode avgPool2d}. */
export interface AvgPoolOptions {
  /** The step between windows: one number, or one per dim (default: the kernel size). */
  stride?: number | readonly number[] | null;
  /** Implicit zeros on both sides, at most half the kernel size (default 0). */
  padding?: number | readonly number[];
  /** Count a last, partial window (round the output size up; default `false`). */
  ceilMode?: boolean;
  /** Count the padding zeros in each window's divisor (default `true`). */
  countIncludePad?: boolean;
  /** Divide every window's sum by this number instead (`avgPool2d` only). */
  divisorOverride?: number | null;
}

/** Kernel, stride, padding and dilation of a 2-D pooling, as `[height, width]` pairs. */
interface Params2d {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
}

/** A 2-D pooling's parameters, parsed and checked for length as PyTorch's meta functions do. */
function params2d(
  fn: string,
  kernelSize: unknown,
  stride: unknown,
  padding: unknown,
  dilation: unknown,
): Params2d {
  const two = (v: unknown, arg: string, position: number, what: string): number[] => {
    const list = intList(v, fn, arg, position, 2);
    if (list.length !== 1 && list.length !== 2 && !(arg === "stride" && list.length === 0)) {
      throw new TypeError(`${fn}: ${arg} must ${what}`);
    }
    return list.length === 1 ? [list[0], list[0]] : list;
  };
  const kernel = two(
    kernelSize,
    "kernel_size",
    2,
    "either be a single int, or a tuple of two ints",
  );
  let s = two(stride ?? [], "stride", 3, "either be omitted, a single int, or a tuple of two ints");
  if (s.length === 0) s = kernel;
  const pad = two(padding, "padding", 4, "either be a single int, or a tuple of two ints");
  const dil = dilation === undefined
    ? [1, 1]
    : two(dilation, "dilation", 5, "be either a single int, or a tuple of two ints");
  return { kernel, stride: s, padding: pad, dilation: dil };
}

/** PyTorch's `pooling_output_shape` with its checks, along one dim. */
function outputSize(size: number, k: number, pad: number, s: number, d: number, ceil: boolean) {
  if (s === 0) throw new RangeError("stride should not be zero");
  if (pad < 0) throw new RangeError(`pad must be non-negative, but got pad: ${pad}`);
  if (pad > Math.trunc(((k - 1) * d + 1) / 2)) {
    throw new RangeError(
      `pad should be at most half of effective kernel size, but got pad=${pad}, kernel_size=${k} and dilation=${d}`,
    );
  }
  return poolOutputSize(size, k, pad, s, d, ceil);
}

/** The output's height and width, after PyTorch's `pool2d_shape_check`. */
function outputShape2d(input: Tensor, p: Params2d, ceil: boolean): [number, number] {
  const [h, w] = input.shape.slice(-2);
  const oh = outputSize(h, p.kernel[0], p.padding[0], p.stride[0], p.dilation[0], ceil);
  const ow = outputSize(w, p.kernel[1], p.padding[1], p.stride[1], p.dilation[1], ceil);
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  if (!(kh > 0 && kw > 0)) {
    throw new RangeError(`kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`);
  }
  if (!(sh > 0 && sw > 0)) {
    throw new RangeError(`stride should be greater than zero, but got dH: ${sh} dW: ${sw}`);
  }
  const [dh, dw] = p.dilation;
  if (!(dh > 0 && dw > 0)) {
    throw new RangeError(
      `dilation should be greater than zero, but got dilationH: ${dh} dilationW: ${dw}`,
    );
  }
  const s = input.shape;
  const nd = input.ndim;
  if (
    !((nd === 3 && s[0] !== 0 || nd === 4) && s[nd - 3] !== 0 && s[nd - 2] !== 0 && s[nd - 1] !== 0)
  ) {
    throw new RangeError(
      `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${
        formatShape(s)
      }`,
    );
  }
  if (oh < 1 || ow < 1) {
    const c = s[nd - 3];
    throw new RangeError(
      `Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small`,
    );
  }
  return [oh, ow];
}

/**
 * Max pooling over the last two dims at the given windows: a gather at each window's argmax,
 * recorded as `name` (its backward scatters the gradient back to the argmax positions).
 */
function maxPoolAt(x: Tensor, rows: Windows, cols: Windows, name: string): Tensor {
  const [h, w] = x.shape.slice(-2);
  const outShape = [...x.shape.slice(0, -2), rows.start.length, cols.start.length];
  const planes = shapeNumel(x.shape.slice(0, -2));
  const n = shapeNumel(outShape);
  const out = allocate(x.dtype, n);
  const index = new Int32Array(n);
  maxPool(x._values(), planes, w, rows, cols, out, index);
  const inPlane = h * w;
  const outPlane = rows.start.length * cols.start.length;
  const map: LinearMap = {
    name,
    adjointName: name.replace("Backward0", "BackwardBackward0"),
    inShape: x.shape,
    outShape,
    apply: (src, dst) => gatherPlanes(src, index, inPlane, outPlane, dst, false),
    adjoint: (src, dst) => gatherPlanes(src, index, inPlane, outPlane, dst, true),
  };
  return recordLinear(new Tensor(out, outShape, x.dtype), x, map);
}

/** Average pooling over the last two dims at the given windows, recorded as `name`. */
function avgPoolAt(x: Tensor, rows: Windows, cols: Windows, divisor: number, name: string) {
  const w = x.shape[x.ndim - 1];
  const outShape = [...x.shape.slice(0, -2), rows.start.length, cols.start.length];
  const planes = shapeNumel(x.shape.slice(0, -2));
  const map: LinearMap = {
    name,
    adjointName: name.replace("Backward0", "BackwardBackward0"),
    inShape: x.shape,
    outShape,
    apply: (src, dst) => avgPool(src, planes, w, rows, cols, divisor, dst, false),
    adjoint: (src, dst) => avgPool(src, planes, w, rows, cols, divisor, dst, true),
  };
  if (x.dtype !== "int64") return applyLinear(x, map);
  // int64 (PyTorch's only integer avg_pool2d): the mean truncated toward zero, as C++'s `/`
  const mean = applyLinear(convert(x, "float64"), map);
  return exactUnary(Math.trunc, mean, "float64", "int64", "avg_pool2d");
}

function maxPool2dChecked(x: Tensor, p: Params2d, ceil: boolean): Tensor {
  if (x.dtype === "bool") throw notImplemented("max_pool2d", x.dtype);
  const [oh, ow] = outputShape2d(x, p, ceil);
  const [h, w] = x.shape.slice(-2);
  const rows = stridedWindows(h, oh, p.kernel[0], p.stride[0], p.padding[0], p.dilation[0], false);
  const cols = stridedWindows(w, ow, p.kernel[1], p.stride[1], p.padding[1], p.dilation[1], false);
  return maxPoolAt(x, rows, cols, "MaxPool2DWithIndicesBackward0");
}

function avgPool2dChecked(
  x: Tensor,
  p: Params2d,
  o: AvgPoolOptions,
): Tensor {
  if (x.dtype !== "int64" && !isFloatingDType(x.dtype)) throw notImplemented("avg_pool2d", x.dtype);
  const ceil = o.ceilMode ?? false;
  const include = o.countIncludePad ?? true;
  const [oh, ow] = outputShape2d(x, p, ceil);
  const [h, w] = x.shape.slice(-2);
  const rows = stridedWindows(h, oh, p.kernel[0], p.stride[0], p.padding[0], 1, include);
  const cols = stridedWindows(w, ow, p.kernel[1], p.stride[1], p.padding[1], 1, include);
  return avgPoolAt(x, rows, cols, o.divisorOverride ?? 0, "AvgPool2DBackward0");
}

// ---------------------------------------------------------------------------------------------
// The public functions

/**
 * 2-D max pooling: the largest element of each window of the last two dims (a NaN wins).
 * PyTorch: `torch.nn.functional.max_pool2d(input, kernel_size, stride=None, padding=0,
 * dilation=1, ceil_mode=False)` → `MaxPool2DWithIndicesBackward0`.
 *
 * @param input `[N, C, H, W]`, or `[C, H, W]`.
 * @param kernelSize The window: one number, or `[kH, kW]`.
 * @param options `stride` (default: the kernel size), `padding`, `dilation`, `ceilMode`.
 * @returns `[N, C, Hout, Wout]`, `Hout = ⌊(H + 2·padding − dilation·(kH − 1) − 1) / stride⌋ + 1`
 * (rounded up with `ceilMode`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { maxPool2d, tensor } from "@descent/tensor";
 * const x = tensor([[[[1, 2, 5, 0], [3, 4, 1, 1], [0, 0, 2, 2], [7, 0, 2, 3]]]], { dtype: "float32", requiresGrad: true });
 * const y = maxPool2d(x, 2);
 * assert.deepEqual(y.toList(), [[[[4, 5], [7, 3]]]]);
 * y.sum().backward();
 * assert.deepEqual(x.grad!.toList(), [[[[0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0], [1, 0, 0, 1]]]]);
 * ```
 */
export function maxPool2d(
  input: Tensor,
  kernelSize: number | readonly number[],
  options: MaxPoolOptions = {},
): Tensor {
  checkTensor(input, "max_pool2d");
  const o = options;
  const p = params2d("max_pool2d", kernelSize, o.stride, o.padding ?? 0, o.dilation ?? 1);
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new RangeError("non-empty 3D or 4D (batch mode) tensor expected for input");
  }
  return maxPool2dChecked(input, p, o.ceilMode ?? false);
}

/** One 1-D parameter (a number or a list of one), with max_pool1d's length message. */
function one(fn: string, v: unknown, arg: string, position: number, what: string): number[] {
  const list = intList(v, fn, arg, position, 1);
  if (list.length !== 1 && !(arg === "stride" && list.length === 0)) {
    throw new TypeError(`${fn}() ${arg} must be ${what} but got size ${list.length}`);
  }
  return list;
}

/**
 * 1-D max pooling: the largest element of each window of the last dim (a NaN wins). PyTorch:
 * `torch.nn.functional.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1,
 * ceil_mode=False)`, which pools `input.unsqueeze(-2)` in 2-D and squeezes the result
 * (→ `SqueezeBackward1`).
 *
 * @param input `[N, C, L]`, or `[C, L]`.
 * @param kernelSize The window length.
 * @param options `stride` (default: the kernel size), `padding`, `dilation`, `ceilMode`.
 * @returns `[N, C, Lout]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, maxPool1d } from "@descent/tensor";
 * assert.equal(String(maxPool1d(floatTensor([[1, 3, 2, 5, 4]]), 2)), "tensor([[3., 5.]])");
 * assert.equal(String(maxPool1d(floatTensor([[1, 3, 2, 5, 4]]), 2, { ceilMode: true })), "tensor([[3., 5., 4.]])");
 * ```
 */
export function maxPool1d(
  input: Tensor,
  kernelSize: number | readonly number[],
  options: MaxPoolOptions = {},
): Tensor {
  const fn = "max_pool1d";
  checkTensor(input, fn);
  const s = input.shape;
  if (!((input.ndim === 2 || input.ndim === 3) && s[s.length - 1] !== 0 && s[s.length - 2] !== 0)) {
    throw new RangeError(
      `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${
        formatShape(s)
      }`,
    );
  }
  const o = options;
  const intsOf1 = "an int, list of ints or tuple of ints of size 1";
  const [k] = one(fn, kernelSize, "kernel_size", 2, intsOf1);
  const st = one(
    fn,
    o.stride ?? [],
    "stride",
    3,
    "None, an int, list of ints, or tuple of ints of size 1",
  );
  const [pad] = one(
    fn,
    o.padding ?? 0,
    "padding",
    4,
    "an int, list of ints, or tuple of ints of size 1",
  );
  const [d] = one(fn, o.dilation ?? 1, "dilation", 5, intsOf1);
  const stride = st.length === 0 ? k : st[0];
  if (k <= 0) {
    throw new RangeError(`max_pool1d() kernel_size must be greater than zero, but got ${k}`);
  }
  if (stride <= 0) {
    throw new RangeError(`max_pool1d() stride must be greater than zero, but got ${stride}`);
  }
  if (pad < 0) throw new RangeError(`max_pool1d() padding must be non-negative, but got ${pad}`);
  if (pad > Math.trunc(k / 2)) {
    throw new RangeError(
      `max_pool1d() padding should be at most half of kernel size, but got padding=${pad} and kernel_size=${k}`,
    );
  }
  if (d <= 0) throw new RangeError(`max_pool1d() dilation must be greater than zero, but got ${d}`);
  const ceil = o.ceilMode ?? false;
  const ol = poolOutputSize(s[s.length - 1], k, pad, stride, d, ceil);
  if (ol <= 0) throw new RangeError(`max_pool1d() Invalid computed output size: ${ol}`);
  if (!isFloatingDType(input.dtype)) throw notImplemented("max_pool1d_impl", input.dtype);
  const p = { kernel: [1, k], stride: [1, stride], padding: [0, pad], dilation: [1, d] };
  return maxPool2dChecked(input.unsqueeze(-2), p, ceil).squeeze(-2);
}

/**
 * 2-D average pooling: the mean of each window of the last two dims. PyTorch:
 * `torch.nn.functional.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True, divisor_override=None)` → `AvgPool2DBackward0`.
 *
 * @param input `[N, C, H, W]`, or `[C, H, W]`.
 * @param kernelSize The window: one number, or `[kH, kW]`.
 * @param options `stride` (default: the kernel size), `padding`, `ceilMode`, `countIncludePad`,
 * `divisorOverride`.
 * @returns `[N, C, Hout, Wout]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { avgPool2d, ones } from "@descent/tensor";
 * const x = ones([1, 1, 3, 3]);
 * assert.equal(String(avgPool2d(x, 2, { stride: 1 })), "tensor([[[[1., 1.],\n          [1., 1.]]]])");
 * assert.equal(String(avgPool2d(x, 2, { padding: 1 })), "tensor([[[[0.2500, 0.5000],\n          [0.5000, 1.0000]]]])");
 * assert.equal(String(avgPool2d(x, 2, { padding: 1, countIncludePad: false })), "tensor([[[[1., 1.],\n          [1., 1.]]]])");
 * ```
 */
export function avgPool2d(
  input: Tensor,
  kernelSize: number | readonly number[],
  options: AvgPoolOptions = {},
): Tensor {
  const fn = "avg_pool2d";
  checkTensor(input, fn);
  const o = options;
  const p = params2d(fn, kernelSize, o.stride, o.padding ?? 0, undefined);
  const div = o.divisorOverride ?? null;
  if (div !== null && !Number.isInteger(div)) {
    throw new TypeError(`avg_pool2d(): argument 'divisor_override' must be int, not ${typeof div}`);
  }
  if (div === 0) throw new RangeError("divisor must be not zero");
  dimOf(-3, input.ndim); // PyTorch reads input.size(-3) before checking the rank
  return avgPool2dChecked(input, p, o);
}

/**
 * 1-D average pooling: the mean of each window of the last dim. PyTorch:
 * `torch.nn.functional.avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True)`, which pools `input.unsqueeze(-2)` in 2-D and squeezes the result
 * (→ `SqueezeBackward1`).
 *
 * @param input `[N, C, L]`, or `[C, L]`.
 * @param kernelSize The window length.
 * @param options `stride` (default: the kernel size), `padding`, `ceilMode`, `countIncludePad`.
 * @returns `[N, C, Lout]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { avgPool1d, floatTensor } from "@descent/tensor";
 * assert.equal(String(avgPool1d(floatTensor([[1, 3, 2, 5, 4]]), 2)), "tensor([[2.0000, 3.5000]])");
 * ```
 */
export function avgPool1d(
  input: Tensor,
  kernelSize: number | readonly number[],
  options: Omit<AvgPoolOptions, "divisorOverride"> = {},
): Tensor {
  const fn = "avg_pool1d";
  checkTensor(input, fn);
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new RangeError(
      `Expected 2 to 3 dimensions, but got ${input.ndim}-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)`,
    );
  }
  const o = options;
  const check = (v: unknown, arg: string, position: number, empty: boolean): number[] => {
    const list = intList(v, fn, arg, position, 1);
    if (list.length !== 1 && !(empty && list.length === 0)) {
      throw new TypeError(
        `avg_pool1d() argument '${arg}' should contain one int (got ${list.length})`,
      );
    }
    return list;
  };
  const [k] = check(kernelSize, "kernel_size", 2, false);
  const st = check(o.stride ?? [], "stride", 3, true);
  const [pad] = check(o.padding ?? 0, "padding", 4, false);
  const p = {
    kernel: [1, k],
    stride: [1, st.length === 0 ? k : st[0]],
    padding: [0, pad],
    dilation: [1, 1],
  };
  return avgPool2dChecked(input.unsqueeze(-2), p, o).squeeze(-2);
}

/** An adaptive pooling's output size: `[oh, ow]`, `null` keeping the input's size (PyTorch). */
function adaptiveSize(fn: string, input: Tensor, outputSize: unknown): number[] {
  let size: unknown[];
  if (typeof outputSize === "number") size = [outputSize, outputSize];
  else if (Array.isArray(outputSize)) {
    if (input.ndim <= outputSize.length) {
      throw new RangeError(`Input dimension should be at least ${outputSize.length + 1}`);
    }
    size = outputSize.map((v, i) => v ?? input.shape[input.ndim - outputSize.length + i]);
  } else {
    throw new TypeError(
      `${fn}(): argument 'output_size' must be tuple of ints, not ${typeof outputSize}`,
    );
  }
  return intList(size, fn, "output_size", 2, 2);
}

/**
 * 2-D adaptive average pooling: the mean over `outputSize` windows that tile the last two dims
 * (window `i` covers rows `⌊i·H/Hout⌋` to `⌈(i+1)·H/Hout⌉`). PyTorch:
 * `torch.nn.functional.adaptive_avg_pool2d(input, output_size)` → `AdaptiveAvgPool2DBackward0`,
 * or, for a 1×1 output, `input.mean([-1, -2], keepdim=True)` → `MeanBackward1`.
 *
 * @param input `[N, C, H, W]`, or `[C, H, W]`.
 * @param outputSize `Hout` and `Wout`: one number, or `[Hout, Wout]` (`null` keeps that dim).
 * @returns `[N, C, Hout, Wout]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adaptiveAvgPool2d, floatTensor } from "@descent/tensor";
 * const x = floatTensor([[[1, 2, 3], [4, 5, 6]]]);
 * assert.equal(String(adaptiveAvgPool2d(x, [1, 2])), "tensor([[[3., 4.]]])");
 * ```
 */
export function adaptiveAvgPool2d(
  input: Tensor,
  outputSize: number | readonly (number | null)[],
): Tensor {
  const fn = "adaptive_avg_pool2d";
  checkTensor(input, fn);
  const size = adaptiveSize(fn, input, outputSize);
  if (size.length !== 2) throw new TypeError("adaptive_avg_pool2d: output_size must be 2");
  if (size[0] < 0 || size[1] < 0) {
    throw new RangeError(
      `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${
        size[0]
      }, ${size[1]}}`,
    );
  }
  if (size[0] === 1 && size[1] === 1) return mean(input, [-1, -2], true);
  const nd = input.ndim;
  if (nd !== 3 && nd !== 4) {
    throw new RangeError(
      `adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatShape(input.shape)}`,
    );
  }
  for (const i of [nd - 2, nd - 1]) {
    if (input.shape[i] === 0) {
      throw new RangeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${
          formatShape(input.shape)
        } with dimension ${i} being empty`,
      );
    }
  }
  const [h, w] = input.shape.slice(-2);
  if (!isFloatingDType(input.dtype)) throw notImplemented(fn, input.dtype);
  const rows = adaptiveWindows(h, size[0]);
  const cols = adaptiveWindows(w, size[1]);
  return avgPoolAt(input, rows, cols, 0, "AdaptiveAvgPool2DBackward0");
}

/**
 * 2-D adaptive max pooling: the largest element of `outputSize` windows that tile the last two
 * dims (as in {@linkcode adaptiveAvgPool2d}; a NaN wins). PyTorch:
 * `torch.nn.functional.adaptive_max_pool2d(input, output_size)` → `AdaptiveMaxPool2DBackward0`.
 *
 * @param input `[N, C, H, W]`, or `[C, H, W]`.
 * @param outputSize `Hout` and `Wout`: one number, or `[Hout, Wout]` (`null` keeps that dim).
 * @returns `[N, C, Hout, Wout]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adaptiveMaxPool2d, floatTensor } from "@descent/tensor";
 * const x = floatTensor([[[1, 2, 3], [4, 5, 6]]]);
 * assert.equal(String(adaptiveMaxPool2d(x, [1, 2])), "tensor([[[5., 6.]]])");
 * ```
 */
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: number | readonly (number | null)[],
): Tensor {
  const fn = "adaptive_max_pool2d";
  checkTensor(input, fn);
  const size = adaptiveSize(fn, input, outputSize);
  const nd = input.ndim;
  if (nd !== 3 && nd !== 4) {
    throw new RangeError(
      `adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${formatShape(input.shape)}`,
    );
  }
  for (let i = 1; i < nd; i++) {
    if (input.shape[i] === 0) {
      throw new RangeError(
        `adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${
          formatShape(input.shape)
        } with dimension ${i} being empty`,
      );
    }
  }
  if (size.length !== 2) {
    throw new TypeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2");
  }
  if (size[0] < 0 || size[1] < 0) {
    const shape = [...input.shape.slice(0, -2), ...size];
    throw new RangeError(
      `Trying to create tensor with negative dimension ${size.find((s) => s < 0)}: ${
        formatShape(shape)
      }`,
    );
  }
  if (!isFloatingDType(input.dtype)) throw notImplemented(fn, input.dtype);
  const [h, w] = input.shape.slice(-2);
  return maxPoolAt(
    input,
    adaptiveWindows(h, size[0]),
    adaptiveWindows(w, size[1]),
    "AdaptiveMaxPool2DBackward0",
  );
}
