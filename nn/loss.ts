/**
 * Loss modules over `@descent/losses`: each keeps its options (and its class weights as
 * buffers, as PyTorch's) and calls the loss function in `forward(input, target)`.
 *
 * @module
 */

import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  checkReduction,
  type ClassTarget,
  crossEntropy,
  huberLoss,
  l1Loss,
  mseLoss,
  nllLoss,
  type Reduction,
  smoothL1Loss,
} from "@descent/losses";
import type { Tensor } from "@descent/tensor";
import { Module } from "./module.ts";

/** The option every loss module takes. */
export interface LossOptions {
  /** `mean` (default), `sum` or `none`. */
  reduction?: Reduction;
}

/** Options of the losses with class or element weights. */
export interface WeightedLossOptions extends LossOptions {
  /** A weight per class (or element), kept as the buffer `weight`. */
  weight?: Tensor | null;
}

/** Options of {@linkcode NLLLoss} and {@linkcode CrossEntropyLoss}. */
export interface ClassLossOptions extends WeightedLossOptions {
  /** A target value that contributes nothing (default -100). PyTorch: `ignore_index`. */
  ignoreIndex?: number;
}

/**
 * What every loss module shares: its reduction. PyTorch: `torch.nn.modules.loss._Loss`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Loss, MSELoss } from "@descent/nn";
 * const loss = new MSELoss({ reduction: "sum" });
 * assert.ok(loss instanceof Loss);
 * assert.equal(loss.reduction, "sum");
 * ```
 */
export class Loss<T = Tensor> extends Module<[Tensor, T], Tensor> {
  /** How the elementwise losses are combined. */
  readonly reduction: Reduction;

  /**
   * Builds the module.
   *
   * @param options `reduction`.
   * @throws {TypeError} For an unknown reduction (PyTorch's text).
   */
  constructor(options: LossOptions) {
    super();
    this.reduction = checkReduction(options.reduction ?? "mean");
  }
}

/**
 * A loss with a `weight` buffer. PyTorch: `torch.nn.modules.loss._WeightedLoss`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CrossEntropyLoss, WeightedLoss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const loss = new CrossEntropyLoss({ weight: floatTensor([1, 2, 1]) });
 * assert.ok(loss instanceof WeightedLoss);
 * assert.deepEqual(Object.keys(loss.stateDict()), ["weight"]);
 * ```
 */
export class WeightedLoss<T = Tensor> extends Loss<T> {
  /** The weight (a buffer), or `null`. */
  declare weight: Tensor | null;

  /**
   * Builds the module.
   *
   * @param options `reduction`, `weight`.
   */
  constructor(options: WeightedLossOptions) {
    super(options);
    this.registerBuffer("weight", options.weight ?? null);
  }
}

/**
 * Mean absolute error. PyTorch: `torch.nn.L1Loss(reduction='mean')`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { L1Loss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(new L1Loss().forward(floatTensor([1, 3]), floatTensor([0, 0])).item(), 2);
 * ```
 */
export class L1Loss extends Loss {
  /**
   * Builds the module.
   *
   * @param options `reduction`.
   */
  constructor(options: LossOptions = {}) {
    super(options);
  }
  /**
   * The loss of `input` against `target`.
   *
   * @param input Predictions.
   * @param target Targets.
   * @returns `l1Loss(input, target)`.
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean squared error. PyTorch: `torch.nn.MSELoss(reduction='mean')` → `MseLossBackward0`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MSELoss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const loss = new MSELoss();
 * assert.equal(String(loss), "MSELoss()");
 * assert.equal(loss.forward(floatTensor([1, 3]), floatTensor([0, 0])).item(), 5);
 * ```
 */
export class MSELoss extends Loss {
  /**
   * Builds the module.
   *
   * @param options `reduction`.
   */
  constructor(options: LossOptions = {}) {
    super(options);
  }
  /**
   * The loss of `input` against `target`.
   *
   * @param input Predictions.
   * @param target Targets.
   * @returns `mseLoss(input, target)`.
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Smooth L1 loss: squared below `beta`, absolute above. PyTorch: `torch.nn.SmoothL1Loss(
 * reduction='mean', beta=1.0)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SmoothL1Loss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(new SmoothL1Loss().forward(floatTensor([0.5, 3]), floatTensor([0, 0])).item(), 1.3125);
 * ```
 */
export class SmoothL1Loss extends Loss {
  /** Where the loss turns from squared to absolute. */
  readonly beta: number;
  /**
   * Builds the module.
   *
   * @param options `reduction`, `beta` (default 1).
   */
  constructor(options: LossOptions & { beta?: number } = {}) {
    super(options);
    this.beta = options.beta ?? 1.0;
  }
  /**
   * The loss of `input` against `target`.
   *
   * @param input Predictions.
   * @param target Targets.
   * @returns `smoothL1Loss(input, target)`.
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/**
 * Huber loss: squared below `delta`, `delta`-scaled absolute above. PyTorch:
 * `torch.nn.HuberLoss(reduction='mean', delta=1.0)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HuberLoss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(new HuberLoss({ delta: 2 }).forward(floatTensor([3]), floatTensor([0])).item(), 4);
 * ```
 */
export class HuberLoss extends Loss {
  /** Where the loss turns from squared to absolute. */
  readonly delta: number;
  /**
   * Builds the module.
   *
   * @param options `reduction`, `delta` (default 1).
   */
  constructor(options: LossOptions & { delta?: number } = {}) {
    super(options);
    this.delta = options.delta ?? 1.0;
  }
  /**
   * The loss of `input` against `target`.
   *
   * @param input Predictions.
   * @param target Targets.
   * @returns `huberLoss(input, target)`.
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/**
 * Binary cross entropy of probabilities. PyTorch: `torch.nn.BCELoss(weight=None,
 * reduction='mean')`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BCELoss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const v = new BCELoss().forward(floatTensor([0.5]), floatTensor([1])).item();
 * assert.ok(Math.abs(v - Math.LN2) < 1e-6);
 * ```
 */
export class BCELoss extends WeightedLoss {
  /**
   * Builds the module.
   *
   * @param options `weight`, `reduction`.
   */
  constructor(options: WeightedLossOptions = {}) {
    super(options);
  }
  /**
   * The loss of `input` against `target`.
   *
   * @param input Probabilities.
   * @param target Targets in [0, 1].
   * @returns The loss.
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { reduction: this.reduction, weight: this.weight });
  }
}

/**
 * Binary cross entropy of logits (a sigmoid and `BCELoss` in one stable step), with an optional
 * weight for positive examples. PyTorch: `torch.nn.BCEWithLogitsLoss(weight=None,
 * reduction='mean', pos_weight=None)`; its buffers are `weight` and `pos_weight`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BCEWithLogitsLoss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const v = new BCEWithLogitsLoss().forward(floatTensor([0]), floatTensor([1])).item();
 * assert.ok(Math.abs(v - Math.LN2) < 1e-6);
 * assert.deepEqual(Object.keys(new BCEWithLogitsLoss({ posWeight: floatTensor([2]) }).stateDict()), ["pos_weight"]);
 * ```
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  /** The weight of positive examples (a buffer, PyTorch's `pos_weight`), or `null`. */
  declare pos_weight: Tensor | null;

  /**
   * Builds the module.
   *
   * @param options `weight`, `reduction`, `posWeight`.
   */
  constructor(options: WeightedLossOptions & { posWeight?: Tensor | null } = {}) {
    super(options);
    this.registerBuffer("pos_weight", options.posWeight ?? null);
  }

  /** The weight of positive examples: the buffer `pos_weight`. */
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }

  /**
   * The loss of `input` against `target`.
   *
   * @param input Logits.
   * @param target Targets in [0, 1].
   * @returns The loss.
   */
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      posWeight: this.pos_weight,
    });
  }
}

/**
 * Negative log likelihood of class indices under log-probabilities. PyTorch:
 * `torch.nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NLLLoss } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.equal(new NLLLoss().forward(floatTensor([[-1, -2], [-3, -4]]), [0, 1]).item(), 2.5);
 * ```
 */
export class NLLLoss extends WeightedLoss<ClassTarget> {
  /** A target value that contributes nothing. PyTorch: `ignore_index`. */
  readonly ignoreIndex: number;
  /**
   * Builds the module.
   *
   * @param options `weight`, `ignoreIndex`, `reduction`.
   */
  constructor(options: ClassLossOptions = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }
  /**
   * The loss of `input` against `target`.
   *
   * @param input `[N, C]` log-probabilities.
   * @param target `[N]` class indices.
   * @returns The loss.
   */
  override forward(input: Tensor, target: ClassTarget): Tensor {
    return nllLoss(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
    });
  }
}

/**
 * Cross entropy of logits against class indices (or class probabilities), with optional class
 * weights and label smoothing. PyTorch: `torch.nn.CrossEntropyLoss(weight=None,
 * ignore_index=-100, reduction='mean', label_smoothing=0.0)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CrossEntropyLoss } from "@descent/nn";
 * import { tensor } from "@descent/tensor";
 * const loss = new CrossEntropyLoss();
 * assert.equal(String(loss), "CrossEntropyLoss()");
 * const l = loss.forward(tensor([[2, 0.5, -1], [0, 3, 1]], { requiresGrad: true }), [0, 1]);
 * assert.equal(String(l), "tensor(0.2056, grad_fn=<NllLossBackward0>)");
 * ```
 */
export class CrossEntropyLoss extends WeightedLoss<ClassTarget> {
  /** A target value that contributes nothing. PyTorch: `ignore_index`. */
  readonly ignoreIndex: number;
  /** How much of the target is spread over all classes. PyTorch: `label_smoothing`. */
  readonly labelSmoothing: number;
  /**
   * Builds the module.
   *
   * @param options `weight`, `ignoreIndex`, `reduction`, `labelSmoothing`.
   */
  constructor(options: ClassLossOptions & { labelSmoothing?: number } = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0.0;
  }
  /**
   * The loss of `input` against `target`.
   *
   * @param input `[N, C]` logits.
   * @param target `[N]` classes or `[N, C]` probabilities.
   * @returns The loss.
   */
  override forward(input: Tensor, target: ClassTarget): Tensor {
    return crossEntropy(input, target, {
      reduction: this.reduction,
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
    });
  }
}
