/**
 * Adam, exactly PyTorch 2.x's `_single_tensor_adam`: bias-corrected first and second moments,
 * optional AMSGrad, L2 weight decay added to the gradient, and maximization.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import type { Storage } from "@descent/tensor/extend";
import { ADAM_FAMILY, type Check, isBoolean, optionsOf } from "./check.ts";
import {
  adamFamilyDefaults,
  type AdamFamilyOptions,
  ElementwiseOptimizer,
  MOMENTS,
  type MomentsState,
} from "./elementwise.ts";
import type { ParamGroup, Params } from "./optimizer.ts";

/** Hyper-parameters of {@linkcode Adam} and `AdamW` (each group has its own; `lr` 1e-3). */
export interface AdamOptions extends AdamFamilyOptions {
  /** Use the AMSGrad variant: the maximum of past second moments (default `false`). */
  amsgrad: boolean;
}

/** Per-parameter state of {@linkcode Adam} / `AdamW`. */
export type AdamState = MomentsState & {
  /** Maximum of the second moments (only with `amsgrad`). */
  maxExpAvgSq?: Tensor;
};

const ADAM_CHECKS: Record<string, Check> = { ...ADAM_FAMILY, amsgrad: isBoolean };
const AMSGRAD = [...MOMENTS, "maxExpAvgSq"];

/** The arrays of one Adam update. */
interface AdamArrays {
  /** The parameter's values, updated in place. */
  p: Storage;
  /** The gradient's values. */
  g: Storage;
  /** The first moments, updated in place. */
  m: Storage;
  /** The second moments, updated in place. */
  v: Storage;
  /** The running maximum of the second moments (AMSGrad), or `null`. */
  vmax: Storage | null;
}

/**
 * One Adam step over typed arrays, in place. `decoupled` selects AdamW's
 * `p *= 1 - lr * weightDecay` instead of adding `weightDecay * p` to the grad.
 */
function adamKernel(
  a: AdamArrays,
  o: AdamOptions,
  { step, decoupled }: { step: number; decoupled: boolean },
): void {
  const [beta1, beta2] = o.betas;
  const { lr, eps, weightDecay } = o;
  const bc1 = 1 - beta1 ** step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / bc1;
  const args: Scalars = {
    negStepSize: -stepSize,
    bc2Sqrt,
    w: 1 - beta1,
    b2: beta2,
    c2: 1 - beta2,
    wd: weightDecay,
    decay: 1 - lr * weightDecay,
    eps,
    decoupled,
    maximize: o.maximize,
  };
  if (a.p instanceof Float32Array) adam32(a, args);
  else adam64(a, args);
}

/** The per-step scalars of an Adam update. */
interface Scalars {
  negStepSize: number;
  bc2Sqrt: number;
  w: number;
  b2: number;
  c2: number;
  wd: number;
  decay: number;
  eps: number;
  decoupled: boolean;
  maximize: boolean;
}

/** float64: PyTorch's operations in order, each rounded once (as JS arithmetic is). */
function adam64({ p, g, m, v, vmax }: AdamArrays, a: Scalars): void {
  const { negStepSize, bc2Sqrt, w, b2, c2, wd, decay, eps, decoupled, maximize } = a;
  const small = Math.abs(w) < 0.5;
  const oneMinusW = 1 - w;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let gi = maximize ? -g[i] : g[i];
    if (wd !== 0) {
      if (decoupled) p[i] = p[i] * decay;
      else gi = gi + wd * p[i];
    }
    // exp_avg.lerp_(grad, 1 - beta1), ATen's two-sided lerp
    const mi = m[i];
    const mn = small ? mi + w * (gi - mi) : gi - (gi - mi) * oneMinusW;
    m[i] = mn;
    // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    let s = v[i] * b2 + c2 * gi * gi;
    v[i] = s;
    if (vmax !== null) {
      // torch.maximum (NaN propagates)
      const x = vmax[i];
      s = x !== x || s !== s ? NaN : x > s ? x : s;
      vmax[i] = s;
    }
    // param.addcdiv_(exp_avg, denom, value=-step_size)
    p[i] = p[i] + (negStepSize * mn) / (Math.sqrt(s) / bc2Sqrt + eps);
  }
}

/** float32: every intermediate (and every scalar) rounded to float32, as PyTorch's kernels. */
function adam32({ p, g, m, v, vmax }: AdamArrays, a: Scalars): void {
  const f = Math.fround;
  const negStepSize = f(a.negStepSize);
  const bc2Sqrt = f(a.bc2Sqrt);
  const w = f(a.w);
  const small = Math.abs(w) < 0.5;
  const oneMinusW = f(1 - w);
  const b2 = f(a.b2);
  const c2 = f(a.c2);
  const wd = f(a.wd);
  const decay = f(a.decay);
  const eps = f(a.eps);
  const { decoupled, maximize } = a;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let gi = maximize ? -g[i] : g[i];
    if (wd !== 0) {
      if (decoupled) p[i] = p[i] * decay;
      else gi = f(gi + f(wd * p[i]));
    }
    const mi = m[i];
    const mn = f(small ? mi + f(w * f(gi - mi)) : gi - f(f(gi - mi) * oneMinusW));
    m[i] = mn;
    let s = f(f(v[i] * b2) + f(f(c2 * gi) * gi));
    v[i] = s;
    if (vmax !== null) {
      const x = vmax[i];
      s = x !== x || s !== s ? NaN : x > s ? x : s;
      vmax[i] = s;
    }
    p[i] = p[i] + f(f(negStepSize * mn) / f(f(Math.sqrt(s) / bc2Sqrt) + eps));
  }
}

/**
 * Adam. PyTorch: `torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
 * weight_decay=0, amsgrad=False, *, maximize=False)`. Per parameter with gradient `g`
 * (negated when `maximize`; plus `weightDecay * p` when set), at step `t`:
 *
 * ```
 * m = lerp(m, g, 1 - β1)            v = β2 v + (1 - β2) g²
 * v̂ = amsgrad ? (vmax = max(vmax, v)) : v
 * p = p - lr / (1 - β1^t) * m / (sqrt(v̂) / sqrt(1 - β2^t) + eps)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Adam } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1, -2], { requiresGrad: true, dtype: "float64" });
 * const opt = new Adam([w], { lr: 0.1 });
 * w.mul(w).sum().backward();
 * opt.step(); // the first step moves each weight by lr against its gradient's sign
 * assert.deepEqual((w.toList() as number[]).map((x) => Math.round(x * 1e6) / 1e6), [0.9, -1.9]);
 * assert.equal(opt.state.get(w)!.step, 1);
 * ```
 */
export class Adam extends ElementwiseOptimizer<AdamOptions, AdamState> {
  /** @ignore Whether weight decay is decoupled (AdamW). */
  protected readonly _decoupled: boolean = false;

  /**
   * Creates an Adam optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (1e-3), `betas` ([0.9, 0.999]), `eps` (1e-8), `weightDecay` (0),
   *   `amsgrad`, `maximize`.
   */
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    const defaults = { ...adamFamilyDefaults(1e-3), amsgrad: false };
    super(params, optionsOf("Adam", defaults, options), ADAM_CHECKS, {
      buffers: (group) => group.amsgrad ? AMSGRAD : MOMENTS,
    });
  }

  /** @ignore PyTorch's `_single_tensor_adam` on one parameter: values are it and its buffers. */
  protected _kernel(o: ParamGroup<AdamOptions>, s: AdamState, g: Storage, v: Storage[]): void {
    const arrays = { p: v[0], g, m: v[1], v: v[2], vmax: v[3] ?? null };
    adamKernel(arrays, o, { step: s.step, decoupled: this._decoupled });
  }
}
