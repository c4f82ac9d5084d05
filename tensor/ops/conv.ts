/**
 * Convolutions with their derivatives: `conv1d`, `conv2d`, `convTranspose1d`,
 * `convTranspose2d` (PyTorch's `torch.nn.functional` names), each recorded as PyTorch's
 * `ConvolutionBackward0`.
 *
 * Note [convolution as three bilinear ops]
 * A convolution `y = conv(x, w)` is linear in `x` and in `w`; so are its two derivatives, the
 * input gradient `gx = convᵀ(gy, w)` (a transposed convolution) and the weight gradient
 * `gw = convW(x, gy)`. Each of the three is the derivative of the others:
 *
 * | op (operands)   | gradient of the first operand | gradient of the second |
 * | --------------- | ----------------------------- | ---------------------- |
 * | conv(x, w)      | convᵀ(g, w)                   | convW(x, g)            |
 * | convᵀ(gy, w)    | conv(g, w)                    | convW(g, gy)           |
 * | convW(x, gy)    | convᵀ(gy, g)                  | conv(x, g)             |
 *
 * so one recorded op, {@linkcode bilinear}, with three kernels (`kernels/conv.ts`: im2col or
 * col2im around the WebAssembly GEMM) gives derivatives of every order under `createGraph`.
 * `convTranspose2d` is the second row with a bias, as in PyTorch (where it is `convolution`
 * with `transposed=True`).
 *
 * @module
 */

import { formatShape, warnOnce } from "@descent/autograd";
import { allocate, Tensor } from "../tensor.ts";
import { shapeNumel } from "../shape.ts";
import { convForward, type ConvGeometry, convInputGrad, convWeightGrad } from "../kernels/conv.ts";
import type { FloatStorage as Storage } from "../kernels/elementwise.ts";
import { store } from "../kernels/integer.ts";
import {
  cppTypeName,
  INT64_MAX_EXACT,
  isFloatingDType,
  legacyTypeName,
  notImplemented,
  scalarTypeName,
} from "../dtype.ts";
import { convert } from "./exact.ts";
import { intList } from "./int_args.ts";
import { checkTensor, record, tracksAny } from "./record.ts";

/** Options of {@linkcode conv1d} and {@linkcode conv2d} (PyTorch's keyword arguments). */
export interface ConvOptions {
  /** The step between applications of the kernel: one number, or one per spatial dim (default 1). */
  stride?: number | readonly number[];
  /**
   * Zeros added on both sides of each spatial dim: one number, one per dim, `"valid"` (none,
   * the default) or `"same"` (as many as keep the output the input's size; stride 1 only).
   */
  padding?: number | readonly number[] | "same" | "valid";
  /** The spacing between kernel taps: one number, or one per spatial dim (default 1). */
  dilation?: number | readonly number[];
  /** Groups of channels convolved separately (default 1). */
  groups?: number;
}

/** Options of {@linkcode convTranspose1d} and {@linkcode convTranspose2d}. */
export interface ConvTransposeOptions {
  /** The stride of the convolution this one transposes (default 1). */
  stride?: number | readonly number[];
  /** The padding of the convolution this one transposes: removed from the output (default 0). */
  padding?: number | readonly number[];
  /** Extra rows/columns on one side of the output, below the stride or dilation (default 0). */
  outputPadding?: number | readonly number[];
  /** Groups of channels (default 1). */
  groups?: number;
  /** The dilation of the convolution this one transposes (default 1). */
  dilation?: number | readonly number[];
}

/** One convolution: its geometry, and the shapes of its input, weight and output. */
interface Conv {
  g: ConvGeometry;
  x: readonly number[];
  w: readonly number[];
  y: readonly number[];
}

const FORWARD = 0;
const INPUT_GRAD = 1;
const WEIGHT_GRAD = 2;
type Kind = typeof FORWARD | typeof INPUT_GRAD | typeof WEIGHT_GRAD;

/** Adds `bias[c]` to every element of channel `c` of a contiguous `[n, c, …]` array. */
function addBias(out: Storage, bias: Storage, channels: number, inner: number): void {
  const n = out.length / (channels * inner);
  let p = 0;
  for (let s = 0; s < n; s++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c];
      for (let i = 0; i < inner; i++) out[p++] += b;
    }
  }
}

/**
 * One of the three ops of Note [convolution as three bilinear ops] (`kind`), on operands `a`
 * and `b`, plus `bias` per channel; recorded as `ConvolutionBackward0`.
 */
function bilinear(kind: Kind, a: Tensor, b: Tensor, bias: Tensor | null, c: Conv): Tensor {
  if (!isFloatingDType(a.dtype)) return integerBilinear(kind, a, b, bias, c);
  const shape = kind === FORWARD ? c.y : kind === INPUT_GRAD ? c.x : c.w;
  const out = allocate(a.dtype, shapeNumel(shape)) as Storage;
  const av = a._values() as Storage;
  const bv = b._values() as Storage;
  if (kind === FORWARD) convForward(c.g, av, bv, out);
  else if (kind === INPUT_GRAD) convInputGrad(c.g, av, bv, out);
  else convWeightGrad(c.g, av, bv, out);
  if (bias !== null) addBias(out, bias._values() as Storage, shape[1], shapeNumel(shape.slice(2)));
  const result = new Tensor(out, shape, a.dtype);
  const inputs = bias === null ? [a, b] : [a, b, bias];
  if (tracksAny(inputs)) {
    const node = record("ConvolutionBackward0", result, inputs);
    const sb = node.needs(0) ? node.save(b) : null;
    const sa = node.needs(1) ? node.save(a) : null;
    const dims = shape.map((_, i) => i).filter((i) => i !== 1);
    node.setBackward((g) => {
      let ga: Tensor | null = null;
      let gb: Tensor | null = null;
      if (kind === FORWARD) {
        if (sb !== null) ga = bilinear(INPUT_GRAD, g, sb.unpack(), null, c);
        if (sa !== null) gb = bilinear(WEIGHT_GRAD, sa.unpack(), g, null, c);
      } else if (kind === INPUT_GRAD) {
        if (sb !== null) ga = bilinear(FORWARD, g, sb.unpack(), null, c);
        if (sa !== null) gb = bilinear(WEIGHT_GRAD, g, sa.unpack(), null, c);
      } else {
        if (sb !== null) ga = bilinear(INPUT_GRAD, sb.unpack(), g, null, c);
        if (sa !== null) gb = bilinear(FORWARD, sa.unpack(), g, null, c);
      }
      return bias === null ? [ga, gb] : [ga, gb, node.needs(2) ? g.sum(dims) : null];
    });
  }
  return result;
}

/**
 * {@linkcode bilinear} of integer operands (never recorded): computed in float64, which is exact
 * while every output's sum of |products| stays within 2^53 (checked by running the same kernel
 * on the magnitudes), then stored in the dtype (int32 and uint8 wrap, as PyTorch's). Beyond that
 * a `RangeError`: descent cannot give PyTorch's wrapped or int64 value exactly.
 */
function integerBilinear(kind: Kind, a: Tensor, b: Tensor, bias: Tensor | null, c: Conv): Tensor {
  const dtype = a.dtype;
  const f64 = (t: Tensor) => convert(t, "float64");
  const abs = (t: Tensor) => f64(t).abs();
  const bound = bilinear(kind, abs(a), abs(b), bias === null ? null : abs(bias), c);
  const limit = bound._values().find((v) => !(v <= INT64_MAX_EXACT));
  if (limit !== undefined) {
    throw new RangeError(
      `conv: a sum of ${dtype} products reaches ${limit}, beyond the 2^53 that descent computes exactly`,
    );
  }
  const exact = bilinear(kind, f64(a), f64(b), bias === null ? null : f64(bias), c);
  const values = exact._values() as Float64Array;
  return new Tensor(store(values, dtype, "conv"), exact.shape, dtype);
}

// ---------------------------------------------------------------------------------------------
// Arguments

/** A parameter list of length `dims` (PyTorch's `expand_param_if_needed`). */
function expandParam(list: number[], name: string, dims: number): number[] {
  if (list.length === 1) return new Array<number>(dims).fill(list[0]);
  if (list.length !== dims) {
    throw new RangeError(
      `expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${
        formatShape(list)
      }`,
    );
  }
  return list;
}

/** The spatial dims of a convolution: the weight's dims after the two channel dims. */
function spatialDims(weight: Tensor): number {
  if (weight.ndim < 3) throw new RangeError("weight should have at least three dimensions");
  return weight.ndim - 2;
}

function checkGroups(groups: unknown, fn: string, position: number): number {
  if (!Number.isInteger(groups)) {
    const type = typeof groups === "number" ? "float" : typeof groups;
    throw new TypeError(
      `${fn}(): argument 'groups' (position ${position}) must be int, not ${type}`,
    );
  }
  return groups as number;
}

function checkOperands(
  fn: string,
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  transposed: boolean,
): void {
  checkTensor(input, fn);
  checkTensor(weight, fn);
  if (bias !== null) checkTensor(bias, fn);
  // PyTorch's CPU kernels: convolutions of int64, int32 and uint8, transposed ones of int64
  const kernel = transposed ? "slow_conv_transpose2d_out_cpu" : "slow_conv2d_cpu";
  const d = input.dtype;
  if (d === "bool" || (transposed && (d === "int32" || d === "uint8"))) {
    throw notImplemented(kernel, d);
  }
  if (d !== weight.dtype) {
    throw new TypeError(
      d === "float32" && weight.dtype === "float64"
        ? `Input type (${legacyTypeName(d)}) and weight type (${
          legacyTypeName(weight.dtype)
        }) should be the same or input should be a MKLDNN tensor and weight is a dense tensor`
        : `expected scalar type ${scalarTypeName(d)} but found ${scalarTypeName(weight.dtype)}`,
    );
  }
  if (bias !== null && bias.dtype !== d) {
    throw new TypeError(
      `Input type (${cppTypeName(d)}) and bias type (${
        cppTypeName(bias.dtype)
      }) should be the same`,
    );
  }
}

/** PyTorch's `check_shape_forward`, after the parameters are expanded. */
function checkShapes(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  p: { stride: number[]; before: number[]; after: number[]; dilation: number[]; groups: number },
  transposed: boolean,
  outputPadding: number[],
): void {
  const ws = weight.shape;
  const { groups } = p;
  if (p.before.some((x) => x < 0)) throw new RangeError("negative padding is not supported");
  if (outputPadding.some((x) => x < 0)) {
    throw new RangeError("negative output_padding is not supported");
  }
  if (p.stride.some((x) => x <= 0)) throw new RangeError("non-positive stride is not supported");
  if (groups <= 0) throw new RangeError("non-positive groups is not supported");
  if (p.dilation.some((x) => x < 0)) throw new RangeError("dilation should be greater than zero");
  if (ws.length !== input.ndim) {
    throw new RangeError(
      `Expected ${ws.length}-dimensional input for ${ws.length}-dimensional weight ${
        formatShape(ws)
      }, but got ${input.ndim}-dimensional input of size ${formatShape(input.shape)} instead`,
    );
  }
  if (ws[0] < groups) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${
        formatShape(ws)
      } instead`,
    );
  }
  if (ws[0] % groups !== 0) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${
        formatShape(ws)
      }] instead`,
    );
  }
  const channels = transposed ? ws[0] : ws[1] * groups;
  if (input.shape[1] !== channels) {
    throw new RangeError(
      `Given ${transposed ? "transposed=1" : `groups=${groups}`}, weight of size ${
        formatShape(ws)
      }, expected input${formatShape(input.shape)} to have ${channels} channels, but got ${
        input.shape[1]
      } channels instead`,
    );
  }
  const outChannels = transposed ? ws[1] * groups : ws[0];
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new RangeError(
      `Given ${transposed ? "transposed=1, " : ""}weight of size ${
        formatShape(ws)
      }, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${
        formatShape(bias.shape)
      } instead`,
    );
  }
  if (!transposed) {
    const padded = input.shape.slice(2).map((s, i) => s + p.before[i] + p.after[i]);
    const kernel = ws.slice(2).map((k, i) => p.dilation[i] * (k - 1) + 1);
    if (padded.some((s, i) => s < kernel[i])) {
      throw new RangeError(
        `Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${
          kernel.join(" x ")
        }). Kernel size can't be greater than actual input size`,
      );
    }
  }
  // PyTorch's kernels refuse an empty kernel, then a zero dilation, each in its own words (1-d
  // as 1 × k): slow_conv2d's and slow_conv_transpose2d's, or slow_conv_dilated2d's (a lists).
  const pair = (v: readonly number[]) => (v.length === 1 ? [1, v[0]] : v);
  const [kh, kw] = pair(ws.slice(2));
  const [dh, dw] = pair(p.dilation);
  const dilated = !transposed && (dh !== 1 || dw !== 1);
  if (kh <= 0 || kw <= 0) {
    throw new RangeError(
      dilated
        ? `kernel size should be greater than zero, but got [${kh}, ${kw}]`
        : `kernel size should be greater than zero, but got kernel_height: ${kh} kernel_width: ${kw}`,
    );
  }
  if (dh === 0 || dw === 0) {
    throw new RangeError(
      transposed
        ? `dilation should be greater than zero, but got dilation_height: ${dh}, dilation_width: ${dw}`
        : `dilation should be greater than zero, but got [${dh}, ${dw}]`,
    );
  }
}

/**
 * The geometry of a convolution over `spatial` (1 or 2) dims of a batched input, with the
 * padding given per side (`before`) and the output size (`out`) per spatial dim.
 */
function geometry(
  x: readonly number[],
  w: readonly number[],
  y: readonly number[],
  stride: number[],
  before: number[],
  dilation: number[],
  groups: number,
): Conv {
  const two = x.length === 4;
  const g: ConvGeometry = {
    n: x[0],
    cin: x[1],
    h: two ? x[2] : 1,
    w: x[x.length - 1],
    cout: y[1],
    kh: two ? w[2] : 1,
    kw: w[w.length - 1],
    oh: two ? y[2] : 1,
    ow: y[y.length - 1],
    sh: two ? stride[0] : 1,
    sw: stride[stride.length - 1],
    ph: two ? before[0] : 0,
    pw: before[before.length - 1],
    dh: two ? dilation[0] : 1,
    dw: dilation[dilation.length - 1],
    groups,
  };
  return { g, x, w, y };
}

/** `input` batched: an unbatched input gets a batch of one (PyTorch: `unsqueeze(0)`, `squeeze(0)`). */
function batched(
  fn: string,
  input: Tensor,
  spatial: number,
  run: (input: Tensor) => Tensor,
): Tensor {
  checkTensor(input, fn);
  if (input.ndim === spatial + 2) return run(input);
  if (input.ndim === spatial + 1) return run(input.unsqueeze(0)).squeeze(0);
  throw new RangeError(
    `Expected ${spatial + 1}D (unbatched) or ${
      spatial + 2
    }D (batched) input to ${fn}, but got input of size: ${formatShape(input.shape)}`,
  );
}

/** conv1d and conv2d: PyTorch's `convolution` with `transposed=False`. */
function convolution(
  fn: string,
  spatial: number,
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  o: ConvOptions,
): Tensor {
  const b = bias ?? null;
  return batched(fn, input, spatial, (x) => {
    checkOperands(fn, x, weight, b, false);
    const dims = spatialDims(weight);
    const stride = expandParam(intList(o.stride ?? 1, fn, "stride", 4, spatial), "stride", dims);
    const dilation = expandParam(
      intList(o.dilation ?? 1, fn, "dilation", 6, spatial),
      "dilation",
      dims,
    );
    const groups = checkGroups(o.groups ?? 1, fn, 7);
    const pad = o.padding ?? 0;
    let before: number[];
    let after: number[];
    if (typeof pad === "string") {
      if (pad === "valid") before = after = new Array<number>(dims).fill(0);
      else if (pad === "same") {
        if (stride.some((s) => s !== 1)) {
          throw new RangeError("padding='same' is not supported for strided convolutions");
        }
        // PyTorch's _convolution_mode: total d·(k-1), the odd one on the right
        const total = weight.shape.slice(2).map((k, i) => dilation[i] * (k - 1));
        before = total.map((t) => t >> 1);
        after = total.map((t, i) => t - before[i]);
      } else throw new TypeError(`Invalid padding string: '${pad}'`);
    } else {
      before = after = expandParam(intList(pad, fn, "padding", 5, spatial), "padding", dims);
    }
    checkShapes(x, weight, b, { stride, before, after, dilation, groups }, false, []);
    if (before.some((p, i) => p !== after[i])) {
      warnOnce(
        "Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created",
      );
    }
    const out = x.shape.slice(2).map((s, i) =>
      Math.floor(
        (s + before[i] + after[i] - dilation[i] * (weight.shape[i + 2] - 1) - 1) / stride[i],
      ) + 1
    );
    const c = geometry(
      x.shape,
      weight.shape,
      [x.shape[0], weight.shape[0], ...out],
      stride,
      before,
      dilation,
      groups,
    );
    return bilinear(FORWARD, x, weight, b, c);
  });
}

/** convTranspose1d and convTranspose2d: PyTorch's `convolution` with `transposed=True`. */
function convolutionTransposed(
  fn: string,
  spatial: number,
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  o: ConvTransposeOptions,
): Tensor {
  const b = bias ?? null;
  return batched(fn, input, spatial, (x) => {
    checkOperands(fn, x, weight, b, true);
    const dims = spatialDims(weight);
    const param = (v: unknown, name: string, arg: string, position: number, dflt: number) =>
      expandParam(intList(v ?? dflt, fn, arg, position, spatial), name, dims);
    const stride = param(o.stride, "stride", "stride", 4, 1);
    const padding = param(o.padding, "padding", "padding", 5, 0);
    const outputPadding = param(o.outputPadding, "output_padding", "output_padding", 6, 0);
    const groups = checkGroups(o.groups ?? 1, fn, 7);
    const dilation = param(o.dilation, "dilation", "dilation", 8, 1);
    const pads = { before: padding, after: padding };
    checkShapes(x, weight, b, { stride, ...pads, dilation, groups }, true, outputPadding);
    if (outputPadding.some((p, i) => p >= stride[i] && p >= dilation[i])) {
      // PyTorch runs a 1-D one as 2-D of height 1, and says so
      const two = (v: number[], h: number) => (dims === 1 ? [h, ...v] : v);
      const [op, st, di] = [two(outputPadding, 0), two(stride, 1), two(dilation, 1)];
      throw new RangeError(
        `output padding must be smaller than either stride or dilation, but got output_padding_height: ${
          op[0]
        } output_padding_width: ${op[1]} stride_height: ${st[0]} stride_width: ${
          st[1]
        } dilation_height: ${di[0]} dilation_width: ${di[1]}`,
      );
    }
    const size = x.shape.slice(2).map((s, i) =>
      (s - 1) * stride[i] - 2 * padding[i] + dilation[i] * (weight.shape[i + 2] - 1) +
      outputPadding[i] + 1
    );
    if (size.some((s) => s <= 0)) {
      throw new RangeError(
        `Given input size per channel: (${
          x.shape.slice(2).join(" x ")
        }). Calculated output size per channel: (${size.join(" x ")}). Output size is too small`,
      );
    }
    // the convolution this one transposes maps the output back onto the input
    const y = [x.shape[0], weight.shape[1] * groups, ...size];
    const c = geometry(y, weight.shape, x.shape, stride, padding, dilation, groups);
    return bilinear(INPUT_GRAD, x, weight, b, c);
  });
}

// ---------------------------------------------------------------------------------------------
// The public functions

/**
 * 1-D convolution over a signal of several channels (cross-correlation, as in PyTorch).
 * PyTorch: `torch.nn.functional.conv1d(input, weight, bias=None, stride=1, padding=0,
 * dilation=1, groups=1)` → `ConvolutionBackward0`.
 *
 * @param input `[N, Cin, L]`, or `[Cin, L]` unbatched.
 * @param weight `[Cout, Cin / groups, kL]`.
 * @param bias `[Cout]`, or `null`.
 * @param options `stride`, `padding` (a number, `"valid"` or `"same"`), `dilation`, `groups`.
 * @returns `[N, Cout, Lout]` with `Lout = ⌊(L + 2·padding − dilation·(kL − 1) − 1) / stride⌋ + 1`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { conv1d, floatTensor } from "@descent/tensor";
 * const x = floatTensor([[[1, 2, 3, 4]]]);
 * const w = floatTensor([[[1, 0, -1]]]);
 * assert.equal(String(conv1d(x, w)), "tensor([[[-2., -2.]]])");
 * assert.equal(String(conv1d(x, w, null, { padding: "same" })), "tensor([[[-2., -2., -2.,  3.]]])");
 * ```
 */
export function conv1d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvOptions = {},
): Tensor {
  return convolution("conv1d", 1, input, weight, bias, options);
}

/**
 * 2-D convolution over an image of several channels (cross-correlation, as in PyTorch), run as
 * im2col and a WebAssembly matrix product; its derivatives are convolutions too, so
 * `createGraph` differentiates it again. PyTorch: `torch.nn.functional.conv2d(input, weight,
 * bias=None, stride=1, padding=0, dilation=1, groups=1)` → `ConvolutionBackward0`.
 *
 * @param input `[N, Cin, H, W]`, or `[Cin, H, W]` unbatched.
 * @param weight `[Cout, Cin / groups, kH, kW]`.
 * @param bias `[Cout]`, or `null`.
 * @param options `stride`, `padding` (numbers, `"valid"` or `"same"`), `dilation`, `groups`.
 * @returns `[N, Cout, Hout, Wout]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { conv2d, ones, tensor } from "@descent/tensor";
 * const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], { dtype: "float32", requiresGrad: true });
 * const y = conv2d(x, ones([1, 1, 2, 2]), tensor([0.5]));
 * assert.equal(String(y), "tensor([[[[12.5000, 16.5000],\n          [24.5000, 28.5000]]]], grad_fn=<ConvolutionBackward0>)");
 * y.sum().backward();
 * assert.deepEqual(x.grad!.toList(), [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
 * ```
 */
export function conv2d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvOptions = {},
): Tensor {
  return convolution("conv2d", 2, input, weight, bias, options);
}

/**
 * 1-D transposed convolution (the gradient of `conv1d` with respect to its input, sometimes
 * called deconvolution). PyTorch: `torch.nn.functional.conv_transpose1d(input, weight,
 * bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)` →
 * `ConvolutionBackward0`.
 *
 * @param input `[N, Cin, L]`, or `[Cin, L]` unbatched.
 * @param weight `[Cin, Cout / groups, kL]`.
 * @param bias `[Cout]`, or `null`.
 * @param options `stride`, `padding`, `outputPadding`, `groups`, `dilation`.
 * @returns `[N, Cout, Lout]` with `Lout = (L − 1)·stride − 2·padding + dilation·(kL − 1) +
 * outputPadding + 1`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convTranspose1d, floatTensor } from "@descent/tensor";
 * const y = convTranspose1d(floatTensor([[[1, 2]]]), floatTensor([[[1, 10]]]), null, { stride: 2 });
 * assert.equal(String(y), "tensor([[[ 1., 10.,  2., 20.]]])");
 * ```
 */
export function convTranspose1d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTransposeOptions = {},
): Tensor {
  return convolutionTransposed("conv_transpose1d", 1, input, weight, bias, options);
}

/**
 * 2-D transposed convolution (the gradient of `conv2d` with respect to its input, sometimes
 * called deconvolution). PyTorch: `torch.nn.functional.conv_transpose2d(input, weight,
 * bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)` →
 * `ConvolutionBackward0`.
 *
 * @param input `[N, Cin, H, W]`, or `[Cin, H, W]` unbatched.
 * @param weight `[Cin, Cout / groups, kH, kW]`.
 * @param bias `[Cout]`, or `null`.
 * @param options `stride`, `padding`, `outputPadding`, `groups`, `dilation`.
 * @returns `[N, Cout, Hout, Wout]`, `Hout = (H − 1)·stride − 2·padding + dilation·(kH − 1) +
 * outputPadding + 1` (likewise `Wout`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convTranspose2d, ones } from "@descent/tensor";
 * const y = convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]));
 * assert.deepEqual(y.toList(), [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
 * ```
 */
export function convTranspose2d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: ConvTransposeOptions = {},
): Tensor {
  return convolutionTransposed("conv_transpose2d", 2, input, weight, bias, options);
}
