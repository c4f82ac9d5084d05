/**
 * Linear layers: `Identity`, `Linear`, `Bilinear`.
 *
 * @module
 */

import { addmm, type DType, einsum, empty, type Tensor } from "@descent/tensor";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from "./init.ts";
import { pyBool } from "./py_repr.ts";

/** Options of {@linkcode Linear} and {@linkcode Bilinear}. */
export interface LinearOptions {
  /** Learn an additive bias (default `true`). */
  bias?: boolean;
  /** The parameters' dtype (default `float32`). */
  dtype?: DType;
}

/**
 * Returns its input unchanged: a placeholder (e.g. to switch a layer off). PyTorch:
 * `torch.nn.Identity(*args, **kwargs)` (arguments ignored).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Identity } from "@descent/nn";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2]);
 * assert.equal(new Identity().forward(x), x);
 * assert.equal(String(new Identity()), "Identity()");
 * ```
 */
export class Identity extends Module<[Tensor], Tensor> {
  /**
   * Applies the module.
   *
   * @param input Any tensor.
   * @returns The same tensor.
   */
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * `y = x Wᵀ + b`, with `weight` `[outFeatures, inFeatures]` and `bias` `[outFeatures]`, both
 * initialised uniform in ±1/√inFeatures from the generator (`kaimingUniform_` with `a = √5`,
 * then `uniform_`, PyTorch's draws). PyTorch: `torch.nn.Linear(in_features, out_features,
 * bias=True, dtype=None)`; the output's node is `AddmmBackward0` for 2-D input, as
 * `F.linear`'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear } from "@descent/nn";
 * import { manualSeed, ones } from "@descent/tensor";
 *
 * manualSeed(0); // torch.manual_seed(0); nn.Linear(4, 3)
 * const fc = new Linear(4, 3);
 * assert.equal(String(fc), "Linear(in_features=4, out_features=3, bias=True)");
 * assert.equal(
 *   String(fc.bias),
 *   "Parameter containing:\ntensor([-0.4777, -0.3311, -0.2061], requires_grad=True)",
 * );
 * assert.equal(fc.forward(ones([2, 4])).gradFn?.name(), "AddmmBackward0");
 * ```
 */
export class Linear extends Module<[Tensor], Tensor> {
  /** The size of each input sample. PyTorch: `in_features`. */
  readonly inFeatures: number;
  /** The size of each output sample. PyTorch: `out_features`. */
  readonly outFeatures: number;
  /** `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** `[outFeatures]`, or `null` with `bias: false`. */
  bias: Parameter | null;

  /**
   * Builds the module.
   *
   * @param inFeatures The size of each input sample.
   * @param outFeatures The size of each output sample.
   * @param options `bias`, `dtype`.
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    const dtype = options.dtype ?? "float32";
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(empty([outFeatures, inFeatures], { dtype }));
    this.bias = null;
    if (options.bias ?? true) this.bias = new Parameter(empty([outFeatures], { dtype }));
    else this.registerParameter("bias", null);
    this.resetParameters();
  }

  /** Draws the default initialisation again. PyTorch: `reset_parameters()`. */
  resetParameters(): void {
    resetWeightAndBias(this.weight, this.bias, true);
  }

  /**
   * `input @ weightᵀ + bias` over the last dim. PyTorch: `F.linear(input, weight, bias)`.
   *
   * @param input `[…, inFeatures]`.
   * @returns `[…, outFeatures]`.
   */
  override forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `in_features=4, out_features=3, bias=True`.
   */
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${
      pyBool(this.bias !== null)
    }`;
  }
}

/**
 * PyTorch's default initialisation of a layer's weight and bias, `Linear`'s and the
 * convolutions' `reset_parameters()`: `kaiming_uniform_(weight, a=√5)` (the same as
 * U(−1/√fanIn, 1/√fanIn)), then the bias U(−1/√fanIn, 1/√fanIn). With fanIn 0, `Linear` still
 * draws the bias (from U(0, 0)) and the convolutions do not (`drawWhenEmpty`).
 *
 * @param weight The weight (at least 2-d).
 * @param bias The bias, or `null`.
 * @param drawWhenEmpty Draw the bias even when fanIn is 0.
 */
export function resetWeightAndBias(
  weight: Tensor,
  bias: Tensor | null,
  drawWhenEmpty: boolean,
): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias === null) return;
  const [fanIn] = calculateFanInAndFanOut(weight);
  if (fanIn > 0) uniform_(bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
  else if (drawWhenEmpty) uniform_(bias, 0, 0);
}

/**
 * `input @ weightᵀ + bias`, dispatched as PyTorch 2.x's `at::linear`: with a bias, `addmm` for
 * 2-D input (`AddmmBackward0`) and for other contiguous input flattened to 2-D
 * (`ViewBackward0`); else `matmul`, then `add`. PyTorch: `torch.nn.functional.linear(input,
 * weight, bias=None)`.
 *
 * @param input `[…, in]`.
 * @param weight `[out, in]`.
 * @param bias `[out]`, or `null`.
 * @returns `[…, out]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { linear } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const y = linear(floatTensor([[1, 2]]), floatTensor([[1, 0], [1, 1]]), floatTensor([0.5, 0]));
 * assert.equal(String(y), "tensor([[1.5000, 3.0000]])");
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const wt = weight.t();
  if (bias !== null && input.ndim === 2) return addmm(bias, input, wt);
  // PyTorch's _flatten_nd_linear, for contiguous input (an empty tensor counts as contiguous
  // there), flattened to an explicit row count (-1 cannot be inferred from 0 elements)
  if (bias !== null && input.ndim > 0 && (input.isContiguous() || input.numel() === 0)) {
    const lead = input.shape.slice(0, -1);
    const flat = input.reshape([lead.reduce((a, s) => a * s, 1), input.shape[input.ndim - 1]]);
    return addmm(bias, flat, wt).view([...lead, weight.shape[0]]);
  }
  const out = input.matmul(wt);
  return bias === null ? out : out.add(bias);
}

/**
 * `y = x₁ᵀ A x₂ + b` for each output feature: `weight` `[outFeatures, in1Features,
 * in2Features]`, `bias` `[outFeatures]`, both uniform in ±1/√in1Features. PyTorch:
 * `torch.nn.Bilinear(in1_features, in2_features, out_features, bias=True, dtype=None)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Bilinear } from "@descent/nn";
 * import { ones } from "@descent/tensor";
 * const m = new Bilinear(3, 2, 4);
 * assert.equal(String(m), "Bilinear(in1_features=3, in2_features=2, out_features=4, bias=True)");
 * assert.deepEqual(m.forward(ones([5, 3]), ones([5, 2])).shape, [5, 4]);
 * ```
 */
export class Bilinear extends Module<[Tensor, Tensor], Tensor> {
  /** The size of each first input sample. PyTorch: `in1_features`. */
  readonly in1Features: number;
  /** The size of each second input sample. PyTorch: `in2_features`. */
  readonly in2Features: number;
  /** The size of each output sample. PyTorch: `out_features`. */
  readonly outFeatures: number;
  /** `[outFeatures, in1Features, in2Features]`. */
  weight: Parameter;
  /** `[outFeatures]`, or `null` with `bias: false`. */
  bias: Parameter | null;

  /**
   * Builds the module.
   *
   * @param in1Features The size of each first input sample.
   * @param in2Features The size of each second input sample.
   * @param outFeatures The size of each output sample.
   * @param options `bias`, `dtype`.
   */
  constructor(
    in1Features: number,
    in2Features: number,
    outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    const dtype = options.dtype ?? "float32";
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(empty([outFeatures, in1Features, in2Features], { dtype }));
    this.bias = null;
    if (options.bias ?? true) this.bias = new Parameter(empty([outFeatures], { dtype }));
    else this.registerParameter("bias", null);
    this.resetParameters();
  }

  /** Draws the default initialisation again. PyTorch: `reset_parameters()`. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    uniform_(this.weight, -bound, bound);
    if (this.bias !== null) uniform_(this.bias, -bound, bound);
  }

  /**
   * `Σᵢⱼ input1[…, i] · weight[k, i, j] · input2[…, j] + bias[k]`. PyTorch:
   * `F.bilinear(input1, input2, weight, bias)`.
   *
   * @param input1 `[…, in1Features]`.
   * @param input2 `[…, in2Features]` (the same leading dims).
   * @returns `[…, outFeatures]`.
   * @throws {RangeError} If the inputs' dims or sizes do not fit (PyTorch's texts).
   */
  override forward(input1: Tensor, input2: Tensor): Tensor {
    if (input1.ndim !== input2.ndim) {
      throw new RangeError(
        `bilinear(): input dimensions do not match: got ${input1.ndim} and ${input2.ndim}`,
      );
    }
    for (let i = 0; i < input1.ndim - 1; i++) {
      if (input1.shape[i] !== input2.shape[i]) {
        throw new RangeError(
          `bilinear(): input batch dimensions do not match at dim ${i}: got ${
            input1.shape[i]
          } and ${input2.shape[i]}`,
        );
      }
    }
    const [, i1, i2] = this.weight.shape;
    if (input1.shape[input1.ndim - 1] !== i1) {
      throw new RangeError(
        `bilinear(): input1 size does not match weight size: got ${
          input1.shape[input1.ndim - 1]
        } but expected ${i1}`,
      );
    }
    if (input2.shape[input2.ndim - 1] !== i2) {
      throw new RangeError(
        `bilinear(): input2 size does not match weight size: got ${
          input2.shape[input2.ndim - 1]
        } but expected ${i2}`,
      );
    }
    const x1 = input1.reshape([-1, i1]);
    const x2 = input2.reshape([-1, i2]);
    const out = einsum("ni,oij,nj->no", x1, this.weight, x2).reshape([
      ...input1.shape.slice(0, -1),
      this.outFeatures,
    ]);
    return this.bias === null ? out : out.add(this.bias);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `in1_features=3, in2_features=2, out_features=4, bias=True`.
   */
  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${
      pyBool(this.bias !== null)
    }`;
  }
}
