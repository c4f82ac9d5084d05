/**
 * Pooling layers: `MaxPool1d`, `MaxPool2d`, `AvgPool1d`, `AvgPool2d`, `AdaptiveAvgPool2d`,
 * `AdaptiveMaxPool2d`.
 *
 * @module
 */

import {
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool1d,
  avgPool2d,
  type AvgPoolOptions,
  maxPool1d,
  maxPool2d,
  type MaxPoolOptions,
  type Tensor,
} from "@descent/tensor";
import { Module } from "./module.ts";
import { pyBool, pyIntOrTuple } from "./py_repr.ts";

/** A kernel size, stride, padding or dilation: one number or one per spatial dim. */
export type IntOrList = number | readonly number[];

/** Options of {@linkcode MaxPool1d} and {@linkcode MaxPool2d}. */
export interface MaxPoolLayerOptions {
  /** The window's step (default: the kernel size). */
  stride?: IntOrList | null;
  /** Implicit −∞ padding on both sides (default 0). */
  padding?: IntOrList;
  /** The spacing between window elements (default 1). */
  dilation?: IntOrList;
  /** Round the output size up (default `false`). */
  ceilMode?: boolean;
}

/** Options of {@linkcode AvgPool1d} and {@linkcode AvgPool2d}. */
export interface AvgPoolLayerOptions {
  /** The window's step (default: the kernel size). */
  stride?: IntOrList | null;
  /** Implicit zero padding on both sides (default 0). */
  padding?: IntOrList;
  /** Round the output size up (default `false`). */
  ceilMode?: boolean;
  /** Count the padding in the divisor (default `true`). */
  countIncludePad?: boolean;
  /** Divide by this instead of the window size (2-D only). */
  divisorOverride?: number | null;
}

/**
 * What the max-pooling layers share. PyTorch: `torch.nn.modules.pooling._MaxPoolNd`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxPool2d, MaxPoolNd } from "@descent/nn";
 * const pool = new MaxPool2d(3, { stride: 2 });
 * assert.ok(pool instanceof MaxPoolNd);
 * assert.deepEqual([pool.kernelSize, pool.stride, pool.padding], [3, 2, 0]);
 * ```
 */
export class MaxPoolNd extends Module<[Tensor], Tensor> {
  /** The window's size. PyTorch: `kernel_size`. */
  readonly kernelSize: IntOrList;
  /** The window's step. */
  readonly stride: IntOrList;
  /** The padding. */
  readonly padding: IntOrList;
  /** The dilation. */
  readonly dilation: IntOrList;
  /** Whether the output size is rounded up. PyTorch: `ceil_mode`. */
  readonly ceilMode: boolean;
  #pool: typeof maxPool2d;

  /**
   * Builds the module.
   *
   * @param pool The pooling function.
   * @param kernelSize The window's size.
   * @param o The options.
   */
  constructor(pool: typeof maxPool2d, kernelSize: IntOrList, o: MaxPoolLayerOptions) {
    super();
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.ceilMode = o.ceilMode ?? false;
    this.#pool = pool;
  }

  /**
   * Applies the module.
   *
   * @param input `[N, C, …]` or `[C, …]`.
   * @returns The pooled tensor.
   */
  override forward(input: Tensor): Tensor {
    const options: MaxPoolOptions = {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    };
    return this.#pool(input, this.kernelSize, options);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False`.
   */
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${
      pyIntOrTuple(this.stride)
    }, padding=${pyIntOrTuple(this.padding)}, dilation=${pyIntOrTuple(this.dilation)}, ceil_mode=${
      pyBool(this.ceilMode)
    }`;
  }
}

/**
 * 1-D max pooling over `[N, C, L]`. PyTorch: `torch.nn.MaxPool1d(kernel_size, stride=None,
 * padding=0, dilation=1, ceil_mode=False)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxPool1d } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const m = new MaxPool1d(2);
 * assert.equal(String(m), "MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
 * assert.deepEqual(m.forward(floatTensor([[1, 3, 2, 5]])).toList(), [[3, 5]]);
 * ```
 */
export class MaxPool1d extends MaxPoolNd {
  /**
   * Builds the module.
   *
   * @param kernelSize The window's length.
   * @param options `stride`, `padding`, `dilation`, `ceilMode`.
   */
  constructor(kernelSize: IntOrList, options: MaxPoolLayerOptions = {}) {
    super(maxPool1d, kernelSize, options);
  }
}

/**
 * 2-D max pooling over `[N, C, H, W]`. PyTorch: `torch.nn.MaxPool2d(kernel_size, stride=None,
 * padding=0, dilation=1, ceil_mode=False)` → `MaxPool2DWithIndicesBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxPool2d } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const m = new MaxPool2d(2);
 * assert.equal(String(m), "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
 * assert.deepEqual(m.forward(zeros([1, 6, 24, 24])).shape, [1, 6, 12, 12]);
 * ```
 */
export class MaxPool2d extends MaxPoolNd {
  /**
   * Builds the module.
   *
   * @param kernelSize The window's size: one number or `[kH, kW]`.
   * @param options `stride`, `padding`, `dilation`, `ceilMode`.
   */
  constructor(kernelSize: IntOrList, options: MaxPoolLayerOptions = {}) {
    super(maxPool2d, kernelSize, options);
  }
}

/**
 * What the average-pooling layers share. PyTorch: `torch.nn.modules.pooling._AvgPoolNd`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AvgPool1d, AvgPoolNd } from "@descent/nn";
 * const pool = new AvgPool1d(3);
 * assert.ok(pool instanceof AvgPoolNd);
 * assert.deepEqual([pool.kernelSize, pool.stride], [[3], [3]]);
 * ```
 */
export class AvgPoolNd extends Module<[Tensor], Tensor> {
  /** The window's size. PyTorch: `kernel_size`. */
  readonly kernelSize: IntOrList;
  /** The window's step. */
  readonly stride: IntOrList;
  /** The padding. */
  readonly padding: IntOrList;
  #options: AvgPoolOptions;
  #pool: typeof avgPool2d;

  /**
   * Builds the module.
   *
   * @param pool The pooling function.
   * @param kernelSize The window's size.
   * @param o The options.
   */
  constructor(pool: typeof avgPool2d, kernelSize: IntOrList, o: AvgPoolLayerOptions) {
    super();
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.#options = {
      stride: this.stride,
      padding: this.padding,
      ceilMode: o.ceilMode ?? false,
      countIncludePad: o.countIncludePad ?? true,
      divisorOverride: o.divisorOverride ?? null,
    };
    this.#pool = pool;
  }

  /**
   * Applies the module.
   *
   * @param input `[N, C, …]` or `[C, …]`.
   * @returns The pooled tensor.
   */
  override forward(input: Tensor): Tensor {
    return this.#pool(input, this.kernelSize, this.#options);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `kernel_size=2, stride=2, padding=0`.
   */
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${
      pyIntOrTuple(this.stride)
    }, padding=${pyIntOrTuple(this.padding)}`;
  }
}

/**
 * 1-D average pooling over `[N, C, L]`. PyTorch: `torch.nn.AvgPool1d(kernel_size, stride=None,
 * padding=0, ceil_mode=False, count_include_pad=True)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AvgPool1d } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const m = new AvgPool1d(2);
 * assert.equal(String(m), "AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))");
 * assert.deepEqual(m.forward(floatTensor([[1, 3, 2, 6]])).toList(), [[2, 4]]);
 * ```
 */
export class AvgPool1d extends AvgPoolNd {
  /**
   * Builds the module.
   *
   * @param kernelSize The window's length.
   * @param options `stride`, `padding`, `ceilMode`, `countIncludePad`.
   */
  constructor(kernelSize: IntOrList, options: Omit<AvgPoolLayerOptions, "divisorOverride"> = {}) {
    // PyTorch's AvgPool1d keeps its arguments as 1-tuples (`_single`).
    const one = (v: IntOrList) => (typeof v === "number" ? [v] : v);
    super(avgPool1d as typeof avgPool2d, one(kernelSize), {
      ...options,
      stride: one(options.stride ?? kernelSize),
      padding: one(options.padding ?? 0),
    });
  }
}

/**
 * 2-D average pooling over `[N, C, H, W]`. PyTorch: `torch.nn.AvgPool2d(kernel_size,
 * stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)` →
 * `AvgPool2DBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AvgPool2d } from "@descent/nn";
 * import { ones } from "@descent/tensor";
 * const m = new AvgPool2d(2);
 * assert.equal(String(m), "AvgPool2d(kernel_size=2, stride=2, padding=0)");
 * assert.deepEqual(m.forward(ones([1, 1, 4, 4])).toList(), [[[[1, 1], [1, 1]]]]);
 * ```
 */
export class AvgPool2d extends AvgPoolNd {
  /**
   * Builds the module.
   *
   * @param kernelSize The window's size: one number or `[kH, kW]`.
   * @param options `stride`, `padding`, `ceilMode`, `countIncludePad`, `divisorOverride`.
   */
  constructor(kernelSize: IntOrList, options: AvgPoolLayerOptions = {}) {
    super(avgPool2d, kernelSize, options);
  }
}

/** An adaptive pool's output size: one number, or `[H, W]` (`null` keeps that dim). */
export type OutputSize2d = number | readonly (number | null)[];

/**
 * What the 2-D adaptive pooling layers share.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdaptiveAvgPool2d, AdaptivePool2d } from "@descent/nn";
 * const pool = new AdaptiveAvgPool2d([7, null]);
 * assert.ok(pool instanceof AdaptivePool2d);
 * assert.deepEqual(pool.outputSize, [7, null]);
 * ```
 */
export class AdaptivePool2d extends Module<[Tensor], Tensor> {
  /** The output's size. PyTorch: `output_size`. */
  readonly outputSize: OutputSize2d;
  #pool: typeof adaptiveAvgPool2d;

  /**
   * Builds the module.
   *
   * @param pool The pooling function.
   * @param outputSize The output's size.
   */
  constructor(pool: typeof adaptiveAvgPool2d, outputSize: OutputSize2d) {
    super();
    this.outputSize = outputSize;
    this.#pool = pool;
  }

  /**
   * Applies the module.
   *
   * @param input `[N, C, H, W]` or `[C, H, W]`.
   * @returns `[N, C, …outputSize]`.
   */
  override forward(input: Tensor): Tensor {
    return this.#pool(input, this.outputSize);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `output_size=(5, 7)`.
   */
  override extraRepr(): string {
    const s = this.outputSize;
    return `output_size=${
      typeof s === "number"
        ? s
        : `(${s.map((v) => v ?? "None").join(", ")}${s.length === 1 ? "," : ""})`
    }`;
  }
}

/**
 * 2-D adaptive average pooling to a fixed output size. PyTorch:
 * `torch.nn.AdaptiveAvgPool2d(output_size)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdaptiveAvgPool2d } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const m = new AdaptiveAvgPool2d([5, 7]);
 * assert.equal(String(m), "AdaptiveAvgPool2d(output_size=(5, 7))");
 * assert.deepEqual(m.forward(zeros([1, 64, 8, 9])).shape, [1, 64, 5, 7]);
 * ```
 */
export class AdaptiveAvgPool2d extends AdaptivePool2d {
  /**
   * Builds the module.
   *
   * @param outputSize One number, or `[H, W]` (`null` keeps that dim).
   */
  constructor(outputSize: OutputSize2d) {
    super(adaptiveAvgPool2d, outputSize);
  }
}

/**
 * 2-D adaptive max pooling to a fixed output size. PyTorch:
 * `torch.nn.AdaptiveMaxPool2d(output_size)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdaptiveMaxPool2d } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const m = new AdaptiveMaxPool2d(1);
 * assert.equal(String(m), "AdaptiveMaxPool2d(output_size=1)");
 * assert.deepEqual(m.forward(zeros([1, 3, 8, 9])).shape, [1, 3, 1, 1]);
 * ```
 */
export class AdaptiveMaxPool2d extends AdaptivePool2d {
  /**
   * Builds the module.
   *
   * @param outputSize One number, or `[H, W]` (`null` keeps that dim).
   */
  constructor(outputSize: OutputSize2d) {
    super(adaptiveMaxPool2d, outputSize);
  }
}
