/**
 * Convolution layers: `Conv1d`, `Conv2d`.
 *
 * @module
 */

import {
  conv1d,
  conv2d,
  type ConvOptions,
  type DType,
  empty,
  pad,
  type Tensor,
} from "@descent/tensor";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { resetWeightAndBias } from "./linear.ts";
import { pyTuple } from "./py_repr.ts";

/** How a convolution pads its input. PyTorch's `padding_mode` strings. */
export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

/** Options of {@linkcode Conv1d} and {@linkcode Conv2d} (PyTorch's keyword arguments). */
export interface ConvLayerOptions {
  /** The step of the kernel: one number, or one per spatial dim (default 1). */
  stride?: number | readonly number[];
  /** Padding on both sides of each spatial dim, `"valid"` or `"same"` (default 0). */
  padding?: number | readonly number[] | "same" | "valid";
  /** The spacing between kernel taps (default 1). */
  dilation?: number | readonly number[];
  /** Groups of channels convolved separately (default 1). */
  groups?: number;
  /** Learn a bias per output channel (default `true`). */
  bias?: boolean;
  /** What the padding holds (default `zeros`). */
  paddingMode?: PaddingMode;
  /** The parameters' dtype (default `float32`). */
  dtype?: DType;
}

/** One number per spatial dim: PyTorch's `_single` / `_pair`. */
function perDim(v: number | readonly number[], n: number, name: string): number[] {
  const list = typeof v === "number" ? Array(n).fill(v) : [...v];
  if (list.length !== n || !list.every(Number.isInteger)) {
    throw new TypeError(`${name} must be an integer or a list of ${n} integers, got ${String(v)}`);
  }
  return list;
}

/**
 * What `Conv1d` and `Conv2d` share. PyTorch: `torch.nn.modules.conv._ConvNd`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Conv2d, ConvNd } from "@descent/nn";
 * const conv = new Conv2d(2, 4, 3, { padding: 1 });
 * assert.ok(conv instanceof ConvNd);
 * assert.deepEqual([conv.kernelSize, conv.padding, conv.weight.shape], [[3, 3], [1, 1], [4, 2, 3, 3]]);
 * ```
 */
export class ConvNd extends Module<[Tensor], Tensor> {
  /** Channels of the input. PyTorch: `in_channels`. */
  readonly inChannels: number;
  /** Channels of the output. PyTorch: `out_channels`. */
  readonly outChannels: number;
  /** The kernel's size per spatial dim. PyTorch: `kernel_size`. */
  readonly kernelSize: readonly number[];
  /** The stride per spatial dim. */
  readonly stride: readonly number[];
  /** The padding per spatial dim, or `"same"`/`"valid"`. */
  readonly padding: readonly number[] | "same" | "valid";
  /** The dilation per spatial dim. */
  readonly dilation: readonly number[];
  /** Groups of channels. */
  readonly groups: number;
  /** What the padding holds. PyTorch: `padding_mode`. */
  readonly paddingMode: PaddingMode;
  /** `[outChannels, inChannels / groups, …kernelSize]`. */
  weight: Parameter;
  /** `[outChannels]`, or `null` with `bias: false`. */
  bias: Parameter | null;
  #conv: typeof conv1d;

  /**
   * Builds the module.
   *
   * @param dims The number of spatial dims.
   * @param conv The convolution function.
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The kernel's size.
   * @param o The options.
   * @throws {RangeError} For bad groups, padding or padding modes (PyTorch's texts).
   */
  constructor(
    dims: number,
    conv: typeof conv1d,
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    o: ConvLayerOptions,
  ) {
    super();
    const groups = o.groups ?? 1;
    if (!(Number.isInteger(groups) && groups > 0)) {
      throw new RangeError("groups must be a positive integer");
    }
    if (inChannels % groups !== 0) throw new RangeError("in_channels must be divisible by groups");
    if (outChannels % groups !== 0) {
      throw new RangeError("out_channels must be divisible by groups");
    }
    const stride = perDim(o.stride ?? 1, dims, "stride");
    const padding = o.padding ?? 0;
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") {
        throw new RangeError(
          `Invalid padding string '${padding}', should be one of {'valid', 'same'}`,
        );
      }
      if (padding === "same" && stride.some((s) => s !== 1)) {
        throw new RangeError("padding='same' is not supported for strided convolutions");
      }
    }
    const mode = o.paddingMode ?? "zeros";
    if (!["zeros", "reflect", "replicate", "circular"].includes(mode)) {
      throw new RangeError(
        `padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${mode}'`,
      );
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = perDim(kernelSize, dims, "kernel_size");
    this.stride = stride;
    this.padding = typeof padding === "string" ? padding : perDim(padding, dims, "padding");
    this.dilation = perDim(o.dilation ?? 1, dims, "dilation");
    this.groups = groups;
    this.paddingMode = mode;
    this.#conv = conv;
    const dtype = o.dtype ?? "float32";
    this.weight = new Parameter(
      empty([outChannels, inChannels / groups, ...this.kernelSize], { dtype }),
    );
    this.bias = null;
    if (o.bias ?? true) this.bias = new Parameter(empty([outChannels], { dtype }));
    else this.registerParameter("bias", null);
    this.resetParameters();
  }

  /** Draws the default initialisation again. PyTorch: `reset_parameters()`. */
  resetParameters(): void {
    resetWeightAndBias(this.weight, this.bias, false);
  }

  /**
   * The convolution of `input` with `weight`, plus `bias`.
   *
   * @param input `[N, inChannels, …]` or unbatched `[inChannels, …]`.
   * @returns `[N, outChannels, …]`.
   */
  override forward(input: Tensor): Tensor {
    const options: ConvOptions = {
      stride: this.stride,
      dilation: this.dilation,
      groups: this.groups,
    };
    if (this.paddingMode === "zeros") {
      return this.#conv(input, this.weight, this.bias, { ...options, padding: this.padding });
    }
    const padded = pad(input, this.#reversedPadding(), { mode: this.paddingMode });
    return this.#conv(padded, this.weight, this.bias, { ...options, padding: 0 });
  }

  /** PyTorch's `_reversed_padding_repeated_twice`: F.pad's list, last dim first. */
  #reversedPadding(): number[] {
    const out: number[] = [];
    for (let i = this.kernelSize.length - 1; i >= 0; i--) {
      if (this.padding === "valid") out.push(0, 0);
      else if (this.padding === "same") {
        const total = this.dilation[i] * (this.kernelSize[i] - 1);
        out.push(Math.floor(total / 2), total - Math.floor(total / 2));
      } else out.push(this.padding[i], this.padding[i]);
    }
    return out;
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `1, 6, kernel_size=(5, 5), stride=(1, 1)` and the settings that differ from the defaults.
   */
  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${
      pyTuple(this.kernelSize)
    }, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === "string") s += `, padding=${p}`;
    else if (p.some((v) => v !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/**
 * 1-D convolution over `[N, C, L]` signals, weights and bias initialised as PyTorch does
 * (uniform in ±1/√fanIn, fanIn = inChannels/groups · kernel size). PyTorch:
 * `torch.nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
 * groups=1, bias=True, padding_mode='zeros', dtype=None)` → `ConvolutionBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Conv1d } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const conv = new Conv1d(4, 8, 3, { padding: 1 });
 * assert.equal(String(conv), "Conv1d(4, 8, kernel_size=(3,), stride=(1,), padding=(1,))");
 * assert.deepEqual(conv.forward(zeros([2, 4, 10])).shape, [2, 8, 10]);
 * ```
 */
export class Conv1d extends ConvNd {
  /**
   * Builds the module.
   *
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The kernel's length.
   * @param options `stride`, `padding`, `dilation`, `groups`, `bias`, `paddingMode`, `dtype`.
   */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    options: ConvLayerOptions = {},
  ) {
    super(1, conv1d, inChannels, outChannels, kernelSize, options);
  }
}

/**
 * 2-D convolution over `[N, C, H, W]` images, weights and bias initialised as PyTorch does.
 * PyTorch: `torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True, padding_mode='zeros', dtype=None)` → `ConvolutionBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Conv2d } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const conv = new Conv2d(1, 6, 5);
 * assert.equal(String(conv), "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))");
 * assert.deepEqual(conv.forward(zeros([2, 1, 28, 28])).shape, [2, 6, 24, 24]);
 * ```
 */
export class Conv2d extends ConvNd {
  /**
   * Builds the module.
   *
   * @param inChannels Channels of the input.
   * @param outChannels Channels of the output.
   * @param kernelSize The kernel's size: one number, or `[kH, kW]`.
   * @param options `stride`, `padding`, `dilation`, `groups`, `bias`, `paddingMode`, `dtype`.
   */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    options: ConvLayerOptions = {},
  ) {
    super(2, conv2d, inChannels, outChannels, kernelSize, options);
  }
}
