/**
 * Activation layers: modules without parameters that apply one `@descent/tensor` function.
 *
 * @module
 */

import { warnOnce } from "@descent/autograd";
import {
  gelu,
  leakyRelu,
  logSoftmax,
  relu,
  sigmoid,
  silu,
  softmax,
  tanh,
  type Tensor,
} from "@descent/tensor";
import { Module } from "./module.ts";
import { pyFloat } from "./py_repr.ts";

/**
 * `max(x, 0)` elementwise. PyTorch: `torch.nn.ReLU()` → `ReluBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReLU } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(String(new ReLU().forward(floatTensor([-1, 2]))), "tensor([0., 2.])");
 * ```
 */
export class ReLU extends Module<[Tensor], Tensor> {
  /**
   * Applies the module.
   *
   * @param input Any float tensor.
   * @returns `relu(input)`.
   */
  override forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/**
 * `1 / (1 + exp(−x))` elementwise. PyTorch: `torch.nn.Sigmoid()` → `SigmoidBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Sigmoid } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(String(new Sigmoid().forward(floatTensor([0]))), "tensor([0.5000])");
 * ```
 */
export class Sigmoid extends Module<[Tensor], Tensor> {
  /**
   * Applies the module.
   *
   * @param input Any float tensor.
   * @returns `sigmoid(input)`.
   */
  override forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

/**
 * `tanh(x)` elementwise. PyTorch: `torch.nn.Tanh()` → `TanhBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Tanh } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(String(new Tanh().forward(floatTensor([0]))), "tensor([0.])");
 * ```
 */
export class Tanh extends Module<[Tensor], Tensor> {
  /**
   * Applies the module.
   *
   * @param input Any float tensor.
   * @returns `tanh(input)`.
   */
  override forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

/**
 * The dim PyTorch picks when a softmax module was built without one (with its deprecation
 * warning): 0 for 0-, 1- and 3-d input, else 1. PyTorch: `F._get_softmax_dim`.
 */
function implicitDim(name: string, ndim: number): number {
  warnOnce(
    `Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`,
  );
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/**
 * What `Softmax` and `LogSoftmax` share: the dim, the printed form.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LogSoftmax, SoftmaxBase } from "@descent/nn";
 * const m = new LogSoftmax(-1);
 * assert.ok(m instanceof SoftmaxBase);
 * assert.equal(m.dim, -1);
 * ```
 */
export class SoftmaxBase extends Module<[Tensor], Tensor> {
  /** The dim to normalise over (`null`: PyTorch's deprecated implicit choice). */
  readonly dim: number | null;

  /**
   * Builds the module.
   *
   * @param dim The dim to normalise over.
   */
  constructor(dim: number | null = null) {
    super();
    this.dim = dim;
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `dim=1`.
   */
  override extraRepr(): string {
    return `dim=${this.dim ?? "None"}`;
  }
}

/**
 * `exp(x) / Σ exp(x)` along `dim`. PyTorch: `torch.nn.Softmax(dim=None)` → `SoftmaxBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Softmax } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const m = new Softmax(1);
 * assert.equal(String(m), "Softmax(dim=1)");
 * assert.equal(String(m.forward(floatTensor([[0, 0]]))), "tensor([[0.5000, 0.5000]])");
 * ```
 */
export class Softmax extends SoftmaxBase {
  /**
   * Applies the module.
   *
   * @param input Any float tensor.
   * @returns `softmax(input, dim)`.
   */
  override forward(input: Tensor): Tensor {
    return softmax(input, this.dim ?? implicitDim("softmax", input.ndim));
  }
}

/**
 * `log(softmax(x))` along `dim`, computed stably. PyTorch: `torch.nn.LogSoftmax(dim=None)` →
 * `LogSoftmaxBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LogSoftmax } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const m = new LogSoftmax(1);
 * assert.equal(String(m), "LogSoftmax(dim=1)");
 * assert.equal(String(m.forward(floatTensor([[0, 0]]))), "tensor([[-0.6931, -0.6931]])");
 * ```
 */
export class LogSoftmax extends SoftmaxBase {
  /**
   * Applies the module.
   *
   * @param input Any float tensor.
   * @returns `logSoftmax(input, dim)`.
   */
  override forward(input: Tensor): Tensor {
    return logSoftmax(input, this.dim ?? implicitDim("log_softmax", input.ndim));
  }
}

/**
 * `x` for `x > 0`, `negativeSlope · x` otherwise. PyTorch: `torch.nn.LeakyReLU(negative_slope=0.01)`
 * → `LeakyReluBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LeakyReLU } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const m = new LeakyReLU(0.2);
 * assert.equal(String(m), "LeakyReLU(negative_slope=0.2)");
 * assert.equal(String(m.forward(floatTensor([-1, 2]))), "tensor([-0.2000,  2.0000])");
 * ```
 */
export class LeakyReLU extends Module<[Tensor], Tensor> {
  /** The slope below 0. PyTorch: `negative_slope`. */
  readonly negativeSlope: number;

  /**
   * Builds the module.
   *
   * @param negativeSlope The slope below 0 (default 0.01).
   */
  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = negativeSlope;
  }

  /**
   * Applies the function elementwise.
   *
   * @param input Any float tensor.
   * @returns `leakyRelu(input, { negativeSlope })`.
   */
  override forward(input: Tensor): Tensor {
    return leakyRelu(input, { negativeSlope: this.negativeSlope });
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `negative_slope=0.01`.
   */
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/**
 * The Gaussian error linear unit `x · Φ(x)`, or its tanh approximation. PyTorch:
 * `torch.nn.GELU(approximate='none')` → `GeluBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GELU } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(String(new GELU("tanh")), "GELU(approximate='tanh')");
 * assert.equal(String(new GELU().forward(floatTensor([1]))), "tensor([0.8413])");
 * ```
 */
export class GELU extends Module<[Tensor], Tensor> {
  /** `"none"` (the exact function) or `"tanh"`. */
  readonly approximate: "none" | "tanh";

  /**
   * Builds the module.
   *
   * @param approximate `"none"` (default) or `"tanh"`.
   */
  constructor(approximate: "none" | "tanh" = "none") {
    super();
    this.approximate = approximate;
  }

  /**
   * Applies the function elementwise.
   *
   * @param input Any float tensor.
   * @returns `gelu(input, { approximate })`.
   */
  override forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `approximate='none'`.
   */
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * `x · sigmoid(x)` (the swish function). PyTorch: `torch.nn.SiLU()` → `SiluBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SiLU } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(String(new SiLU().forward(floatTensor([0, 1]))), "tensor([0.0000, 0.7311])");
 * ```
 */
export class SiLU extends Module<[Tensor], Tensor> {
  /**
   * Applies the function elementwise.
   *
   * @param input Any float tensor.
   * @returns `silu(input)`.
   */
  override forward(input: Tensor): Tensor {
    return silu(input);
  }
}
