/**
 * Adamax, exactly PyTorch 2.x's `_single_tensor_adamax`: Adam with the infinity norm of past
 * gradients in place of the second moment.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import type { Storage } from "@descent/tensor/extend";
import { ADAM_FAMILY, optionsOf } from "./check.ts";
import {
  adamFamilyDefaults,
  type AdamFamilyOptions,
  ElementwiseOptimizer,
  gradAt,
  gradTerms,
  lerp,
} from "./elementwise.ts";
import type { ParamGroup, Params } from "./optimizer.ts";

/**
 * Hyper-parameters of {@linkcode Adamax} (each group has its own; `lr` 2e-3; `betas` decay the
 * first moment and the infinity norm).
 */
export type AdamaxOptions = AdamFamilyOptions;

/** Per-parameter state of {@linkcode Adamax}. */
export type AdamaxState = {
  /** Number of steps taken. */
  step: number;
  /** Running average of the gradient. */
  expAvg: Tensor;
  /** Exponentially weighted infinity norm of the gradients. */
  expInf: Tensor;
};

/**
 * Adamax. PyTorch: `torch.optim.Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8,
 * weight_decay=0, *, maximize=False)`. Per parameter with gradient `g` (negated when
 * `maximize`, plus `weightDecay * p` when set), at step `t`:
 *
 * ```
 * m = lerp(m, g, 1 - β1)        u = max(β2 u, |g| + eps)
 * p = p - lr / (1 - β1^t) · m / u
 * ```
 *
 * float32 intermediates are computed in double, as in {@linkcode RMSprop}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adamax } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1, -2], { requiresGrad: true, dtype: "float64" });
 * const opt = new Adamax([w], { lr: 0.1 });
 * w.grad = tensor([3, -0.5], { dtype: "float64" });
 * opt.step(); // the first step moves each weight by lr against its gradient's sign
 * assert.deepEqual((w.toList() as number[]).map((x) => Math.round(x * 1e6) / 1e6), [0.9, -1.9]);
 * ```
 */
export class Adamax extends ElementwiseOptimizer<AdamaxOptions, AdamaxState> {
  /**
   * Creates an Adamax optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (2e-3), `betas` ([0.9, 0.999]), `eps` (1e-8), `weightDecay` (0),
   *   `maximize`.
   */
  constructor(params: Params<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super(params, optionsOf("Adamax", adamFamilyDefaults(2e-3), options), ADAM_FAMILY, {
      buffers: ["expAvg", "expInf"],
    });
  }

  /** @ignore One step over a parameter: values are it, `expAvg` and `expInf`. */
  protected _kernel(o: ParamGroup<AdamaxOptions>, s: AdamaxState, g: Storage, v: Storage[]): void {
    const [p, m, u] = v;
    const [beta1, beta2] = o.betas;
    const terms = gradTerms(o);
    const negClr = -(o.lr / (1 - beta1 ** s.step));
    const eps = o.eps;
    for (let i = 0; i < p.length; i++) {
      const gi = gradAt(p, g, i, terms);
      m[i] = lerp(m[i], gi, 1 - beta1);
      // torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps), out=exp_inf): NaN propagates
      u[i] = u[i] * beta2;
      const a = u[i];
      const b = Math.abs(gi) + eps;
      u[i] = a !== a || b !== b ? NaN : a > b ? a : b;
      p[i] = p[i] + (negClr * m[i]) / u[i];
    }
  }
}
