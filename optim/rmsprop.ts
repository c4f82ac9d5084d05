/**
 * RMSprop, exactly PyTorch 2.x's `_single_tensor_rmsprop`: a running average of squared
 * gradients divides the step, with optional momentum, centering, L2 weight decay and
 * maximization.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import type { Storage } from "@descent/tensor/extend";
import {
  type Check,
  EPS,
  isBoolean,
  LR,
  MOMENTUM,
  nonNegative,
  optionsOf,
  WEIGHT_DECAY,
} from "./check.ts";
import { ElementwiseOptimizer, gradAt, gradTerms, lerp } from "./elementwise.ts";
import type { ParamGroup, Params } from "./optimizer.ts";

/** Hyper-parameters of {@linkcode RMSprop} (each group has its own). */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Divide by an estimate of the gradient's variance instead (default `false`). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default `false`). */
  maximize: boolean;
}

/** Per-parameter state of {@linkcode RMSprop}. */
export type RMSpropState = {
  /** Number of steps taken. */
  step: number;
  /** Running average of the squared gradient. */
  squareAvg: Tensor;
  /** The momentum buffer (with `momentum > 0`). */
  momentumBuffer?: Tensor;
  /** Running average of the gradient (with `centered`). */
  gradAvg?: Tensor;
};

const RMSPROP_CHECKS: Record<string, Check> = {
  lr: LR,
  alpha: nonNegative("Invalid alpha value"),
  eps: EPS,
  weightDecay: WEIGHT_DECAY,
  momentum: MOMENTUM,
  centered: isBoolean,
  maximize: isBoolean,
};

/** The buffers a group uses, in kernel order. */
function buffers(group: RMSpropOptions): string[] {
  const keys = ["squareAvg"];
  if (group.momentum > 0) keys.push("momentumBuffer");
  if (group.centered) keys.push("gradAvg");
  return keys;
}

/**
 * RMSprop. PyTorch: `torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8,
 * weight_decay=0, momentum=0, centered=False, *, maximize=False)`. Per parameter with gradient
 * `g` (negated when `maximize`, plus `weightDecay * p` when set):
 *
 * ```
 * v = α v + (1 - α) g²
 * avg = centered ? sqrt(v - ḡ²) + eps (ḡ = lerp(ḡ, g, 1 - α)) : sqrt(v) + eps
 * momentum > 0 ? (b = μ b + g / avg; p = p - lr b) : p = p - lr g / avg
 * ```
 *
 * float32 parameters and state are stored in float32; intermediates are computed in double
 * (PyTorch rounds each tensor op to float32), a difference of a few float32 ulps per step.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RMSprop } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1, -2], { requiresGrad: true, dtype: "float64" });
 * const opt = new RMSprop([w], { lr: 0.01, alpha: 0.9 });
 * w.grad = tensor([4, -4], { dtype: "float64" });
 * opt.step(); // v = 0.1 · 16, so each weight moves by 0.01 · 4 / sqrt(1.6)
 * const moved = 0.01 * 4 / (Math.sqrt(1.6) + 1e-8);
 * assert.deepEqual(w.toList(), [1 - moved, -2 + moved]);
 * ```
 */
export class RMSprop extends ElementwiseOptimizer<RMSpropOptions, RMSpropState> {
  /**
   * Creates an RMSprop optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (1e-2), `alpha` (0.99), `eps` (1e-8), `weightDecay` (0), `momentum`
   *   (0), `centered`, `maximize`.
   */
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    const defaults = {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
    };
    super(params, optionsOf("RMSprop", defaults, options), RMSPROP_CHECKS, { buffers });
  }

  /** @ignore One step over a parameter: values are it, `squareAvg`, then the other buffers used. */
  protected _kernel(
    o: ParamGroup<RMSpropOptions>,
    _: RMSpropState,
    g: Storage,
    v: Storage[],
  ): void {
    const { alpha, eps, momentum, centered } = o;
    const [p, sq] = v;
    const buf = momentum > 0 ? v[2] : null;
    const avgG = centered ? v[v.length - 1] : null;
    const terms = gradTerms(o);
    const w = 1 - alpha;
    const negLr = -o.lr;
    for (let i = 0; i < p.length; i++) {
      const gi = gradAt(p, g, i, terms);
      // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
      sq[i] = sq[i] * alpha + w * gi * gi;
      let avg: number;
      if (avgG !== null) {
        // grad_avg.lerp_(grad, 1 - alpha); square_avg.addcmul(grad_avg, grad_avg, value=-1)
        avgG[i] = lerp(avgG[i], gi, w);
        avg = Math.sqrt(sq[i] + -1 * avgG[i] * avgG[i]) + eps;
      } else avg = Math.sqrt(sq[i]) + eps;
      if (buf !== null) {
        // buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr)
        buf[i] = buf[i] * momentum + gi / avg;
        p[i] = p[i] + negLr * buf[i];
      } else p[i] = p[i] + (negLr * gi) / avg;
    }
  }
}
