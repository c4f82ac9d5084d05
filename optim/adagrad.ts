/**
 * Adagrad, exactly PyTorch 2.x's `_single_tensor_adagrad`: the step is divided by the root of
 * the sum of all squared gradients so far, with learning-rate decay, L2 weight decay and
 * maximization.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import type { Storage } from "@descent/tensor/extend";
import { type Check, EPS, isBoolean, LR, nonNegative, optionsOf, WEIGHT_DECAY } from "./check.ts";
import { ElementwiseOptimizer, gradAt, gradTerms } from "./elementwise.ts";
import type { ParamGroup, Params } from "./optimizer.ts";

/** Hyper-parameters of {@linkcode Adagrad} (each group has its own). */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay: step `t` uses `lr / (1 + (t - 1) lrDecay)` (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Initial value of the sum of squared gradients (default 0; see {@linkcode Adagrad}). */
  initialAccumulatorValue: number;
  /** Added to the denominator for stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default `false`). */
  maximize: boolean;
}

/** Per-parameter state of {@linkcode Adagrad}. */
export type AdagradState = {
  /** Number of steps taken. */
  step: number;
  /** Sum of the squared gradients (plus the initial accumulator value). */
  sum: Tensor;
};

const ADAGRAD_CHECKS: Record<string, Check> = {
  lr: LR,
  lrDecay: nonNegative("Invalid lr_decay value"),
  weightDecay: WEIGHT_DECAY,
  initialAccumulatorValue: nonNegative("Invalid initial_accumulator_value value"),
  eps: EPS,
  maximize: isBoolean,
};

/**
 * Adagrad. PyTorch: `torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0,
 * initial_accumulator_value=0, eps=1e-10, *, maximize=False)`. Per parameter with gradient `g`
 * (negated when `maximize`, plus `weightDecay * p` when set), at step `t`:
 *
 * ```
 * sum = sum + g²
 * p = p - lr / (1 + (t - 1) lrDecay) · g / (sqrt(sum) + eps)
 * ```
 *
 * PyTorch makes the state of every parameter in the constructor, from the constructor's
 * `initialAccumulatorValue` (a group's own value is not used); descent makes the same state at
 * a parameter's first step (`state` and `stateDict()` hold no entry before it). float32
 * intermediates are computed in double, as in {@linkcode RMSprop}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adagrad } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1], { requiresGrad: true, dtype: "float64" });
 * const opt = new Adagrad([w], { lr: 0.5, initialAccumulatorValue: 0.25 });
 * w.grad = tensor([1], { dtype: "float64" });
 * opt.step(); // sum = 1.25
 * assert.deepEqual(w.toList(), [1 - 0.5 / (Math.sqrt(1.25) + 1e-10)]);
 * ```
 */
export class Adagrad extends ElementwiseOptimizer<AdagradOptions, AdagradState> {
  /**
   * Creates an Adagrad optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (1e-2), `lrDecay` (0), `weightDecay` (0), `initialAccumulatorValue`
   *   (0), `eps` (1e-10), `maximize`.
   */
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    const o = optionsOf("Adagrad", {
      lr: 1e-2,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: false,
    }, options);
    super(params, o, ADAGRAD_CHECKS, {
      buffers: ["sum"],
      initial: { sum: o.initialAccumulatorValue },
    });
  }

  /** @ignore One step over a parameter: values are it and `sum`. */
  protected _kernel(
    o: ParamGroup<AdagradOptions>,
    s: AdagradState,
    g: Storage,
    v: Storage[],
  ): void {
    const [p, sum] = v;
    const terms = gradTerms(o);
    const negClr = -(o.lr / (1 + (s.step - 1) * o.lrDecay));
    const eps = o.eps;
    for (let i = 0; i < p.length; i++) {
      const gi = gradAt(p, g, i, terms);
      // state_sum.addcmul_(grad, grad, value=1); param.addcdiv_(grad, std, value=-clr)
      sum[i] = sum[i] + gi * gi;
      p[i] = p[i] + (negClr * gi) / (Math.sqrt(sum[i]) + eps);
    }
  }
}
