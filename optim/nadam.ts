/**
 * NAdam, exactly PyTorch 2.x's `_single_tensor_nadam`: Adam with Nesterov momentum and a
 * momentum schedule, with L2 or decoupled weight decay and maximization.
 *
 * @module
 */

import type { Storage } from "@descent/tensor/extend";
import { ADAM_FAMILY, type Check, isBoolean, nonNegative, optionsOf } from "./check.ts";
import * as ew from "./elementwise.ts";
import type { ParamGroup, Params } from "./optimizer.ts";

/** Hyper-parameters of {@linkcode NAdam} (each group has its own; `lr` 2e-3). */
export interface NAdamOptions extends ew.AdamFamilyOptions {
  /** The momentum schedule's decay ψ (default 4e-3). */
  momentumDecay: number;
  /** Decay the parameter as AdamW does instead of adding to the gradient (default `false`). */
  decoupledWeightDecay: boolean;
}

/** Per-parameter state of {@linkcode NAdam}. */
export type NAdamState = ew.MomentsState & {
  /** The product of the momentum schedule so far, `μ1 μ2 … μt`. */
  muProduct: number;
};

const NADAM_CHECKS: Record<string, Check> = {
  ...ADAM_FAMILY,
  momentumDecay: nonNegative("Invalid momentum_decay value"),
  decoupledWeightDecay: isBoolean,
};

/**
 * NAdam. PyTorch 2.x: `torch.optim.NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8,
 * weight_decay=0, momentum_decay=4e-3, decoupled_weight_decay=False, *, maximize=False)`. Per
 * parameter with gradient `g` (negated when `maximize`; plus `weightDecay * p`, or with
 * `decoupledWeightDecay` the parameter scaled by `1 - lr * weightDecay`), at step `t`:
 *
 * ```
 * μt = β1 (1 - 0.96^(t ψ) / 2)     μt+1 = β1 (1 - 0.96^((t+1) ψ) / 2)     Π = Π · μt
 * m = lerp(m, g, 1 - β1)           v = β2 v + (1 - β2) g²
 * d = sqrt(v / (1 - β2^t)) + eps
 * p = p - lr (1 - μt) / (1 - Π) · g / d - lr μt+1 / (1 - Π μt+1) · m / d
 * ```
 *
 * PyTorch 1.13 differs: it has no `decoupledWeightDecay` or `maximize`, and computed the
 * second term's product as `Π μt μt+1` (fixed in 2.0). `muProduct` is kept in the parameter's
 * precision (PyTorch keeps it as a tensor of the default dtype). float32 intermediates are
 * computed in double, as in {@linkcode RMSprop}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAdam } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1, -2], { requiresGrad: true, dtype: "float64" });
 * const opt = new NAdam([w], { lr: 0.1 });
 * w.grad = tensor([3, -0.5], { dtype: "float64" });
 * opt.step(); // a step of lr against the gradient's sign, plus the momentum term
 * assert.deepEqual((w.toList() as number[]).map((x) => Math.round(x * 1e3) / 1e3), [0.894, -1.894]);
 * assert.ok(opt.state.get(w)!.muProduct < 0.9);
 * ```
 */
export class NAdam extends ew.ElementwiseOptimizer<NAdamOptions, NAdamState> {
  /**
   * Creates an NAdam optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (2e-3), `betas` ([0.9, 0.999]), `eps` (1e-8), `weightDecay` (0),
   *   `momentumDecay` (4e-3), `decoupledWeightDecay`, `maximize`.
   */
  constructor(params: Params<NAdamOptions>, options: Partial<NAdamOptions> = {}) {
    const defaults = {
      ...ew.adamFamilyDefaults(2e-3),
      momentumDecay: 4e-3,
      decoupledWeightDecay: false,
    };
    super(params, optionsOf("NAdam", defaults, options), NADAM_CHECKS, {
      buffers: ew.MOMENTS,
      scalars: { muProduct: 1 },
    });
  }

  /** @ignore One step over a parameter (values: it, `expAvg`, `expAvgSq`); `muProduct` moves too. */
  protected _kernel(o: ParamGroup<NAdamOptions>, s: NAdamState, g: Storage, v: Storage[]): void {
    const [p, m, sq] = v;
    const { lr, betas, eps, momentumDecay: psi } = o;
    const [beta1, beta2] = betas;
    const t = s.step;
    const round = p instanceof Float32Array ? Math.fround : (x: number) => x;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
    const muProduct = round(s.muProduct * round(mu));
    s.muProduct = muProduct;
    const bc2 = 1 - beta2 ** t;
    const c1 = (-lr * (1 - mu)) / (1 - muProduct);
    const c2 = (-lr * muNext) / (1 - muProduct * muNext);
    const terms = ew.gradTerms(o);
    for (let i = 0; i < p.length; i++) {
      const gi = ew.gradAt(p, g, i, terms);
      ew.updateMoments(m, sq, i, gi, betas);
      const denom = Math.sqrt(sq[i] / bc2) + eps;
      p[i] = p[i] + (c1 * gi) / denom;
      p[i] = p[i] + (c2 * m[i]) / denom;
    }
  }
}
