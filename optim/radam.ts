/**
 * RAdam, exactly PyTorch 2.x's `_single_tensor_radam`: Adam whose adaptive step is switched
 * on, and rectified, once the variance of the second moment's estimate is tractable.
 *
 * @module
 */

import type { Storage } from "@descent/tensor/extend";
import { ADAM_FAMILY, type Check, isBoolean, optionsOf } from "./check.ts";
import * as ew from "./elementwise.ts";
import type { ParamGroup, Params } from "./optimizer.ts";

/** Hyper-parameters of {@linkcode RAdam} (each group has its own; `lr` 1e-3). */
export interface RAdamOptions extends ew.AdamFamilyOptions {
  /** Decay the parameter as AdamW does instead of adding to the gradient (default `false`). */
  decoupledWeightDecay: boolean;
}

/** Per-parameter state of {@linkcode RAdam}. */
export type RAdamState = ew.MomentsState;

const RADAM_CHECKS: Record<string, Check> = { ...ADAM_FAMILY, decoupledWeightDecay: isBoolean };

/**
 * RAdam. PyTorch 2.x: `torch.optim.RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
 * weight_decay=0, decoupled_weight_decay=False, *, maximize=False)`. Per parameter with
 * gradient `g` (negated when `maximize`; plus `weightDecay * p`, or with `decoupledWeightDecay`
 * the parameter scaled by `1 - lr * weightDecay`), at step `t`:
 *
 * ```
 * m = lerp(m, g, 1 - β1)     v = β2 v + (1 - β2) g²     m̂ = m / (1 - β1^t)
 * ρ∞ = 2 / (1 - β2) - 1      ρt = ρ∞ - 2 t β2^t / (1 - β2^t)
 * ρt > 5 ? p = p - lr m̂ · sqrt(1 - β2^t) / (sqrt(v) + eps) · r(ρt) : p = p - lr m̂
 * ```
 *
 * with the rectification `r(ρ) = sqrt((ρ - 4)(ρ - 2) ρ∞ / ((ρ∞ - 4)(ρ∞ - 2) ρ))`. PyTorch 1.13
 * has no `decoupledWeightDecay` or `maximize`. float32 intermediates are computed in double, as
 * in {@linkcode RMSprop}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RAdam } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1, -2], { requiresGrad: true, dtype: "float64" });
 * const opt = new RAdam([w], { lr: 0.1 });
 * w.grad = tensor([3, -0.5], { dtype: "float64" });
 * opt.step(); // early steps are plain momentum steps: p - lr m̂ = p - lr g
 * assert.deepEqual((w.toList() as number[]).map((x) => Math.round(x * 1e6) / 1e6), [0.7, -1.95]);
 * ```
 */
export class RAdam extends ew.ElementwiseOptimizer<RAdamOptions, RAdamState> {
  /**
   * Creates an RAdam optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (1e-3), `betas` ([0.9, 0.999]), `eps` (1e-8), `weightDecay` (0),
   *   `decoupledWeightDecay`, `maximize`.
   */
  constructor(params: Params<RAdamOptions>, options: Partial<RAdamOptions> = {}) {
    const defaults = { ...ew.adamFamilyDefaults(1e-3), decoupledWeightDecay: false };
    super(params, optionsOf("RAdam", defaults, options), RADAM_CHECKS, { buffers: ew.MOMENTS });
  }

  /** @ignore One step over a parameter: values are it, `expAvg` and `expAvgSq`. */
  protected _kernel(o: ParamGroup<RAdamOptions>, s: RAdamState, g: Storage, v: Storage[]): void {
    const [p, m, sq] = v;
    const { lr, betas, eps } = o;
    const [beta1, beta2] = betas;
    const t = s.step;
    const bc1 = 1 - beta1 ** t;
    const bc2 = 1 - beta2 ** t;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * t * beta2 ** t) / bc2;
    const rectified = rhoT > 5;
    const rect = Math.sqrt(
      ((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT),
    );
    const sqrtBc2 = Math.sqrt(bc2);
    const terms = ew.gradTerms(o);
    for (let i = 0; i < p.length; i++) {
      const gi = ew.gradAt(p, g, i, terms);
      ew.updateMoments(m, sq, i, gi, betas);
      const mHat = m[i] / bc1;
      if (rectified) {
        // bias_correction2 ** 0.5 / exp_avg_sq_sqrt is Tensor.__rtruediv__: reciprocal, then *
        const adaptive = (1 / (Math.sqrt(sq[i]) + eps)) * sqrtBc2;
        p[i] = p[i] - mHat * lr * adaptive * rect;
      } else p[i] = p[i] - mHat * lr;
    }
  }
}
