/**
 * Adam, exactly PyTorch 2.x's `_single_tensor_adam`: bias-corrected first and second moments,
 * optional AMSGrad, L2 weight decay added to the gradient, and maximization.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { type Storage, updateInPlace, valuesOf, zerosState } from "@descent/tensor/extend";
import { Optimizer, type ParamGroup, type Params } from "./optimizer.ts";

/** Hyper-parameters of {@linkcode Adam} and `AdamW` (each group has its own). */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moment averages (default `[0.9, 0.999]`). */
  betas: [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** Weight decay (default 0 for Adam: L2 added to the gradient; 1e-2 for AdamW: decoupled). */
  weightDecay: number;
  /** Use the AMSGrad variant: the maximum of past second moments (default `false`). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default `false`). */
  maximize: boolean;
}

/** Per-parameter state of {@linkcode Adam} / `AdamW`. */
export type AdamState = {
  /** Number of steps taken. */
  step: number;
  /** Running average of the gradient (first moment). */
  expAvg: Tensor;
  /** Running average of the squared gradient (second moment). */
  expAvgSq: Tensor;
  /** Maximum of the second moments (only with `amsgrad`). */
  maxExpAvgSq?: Tensor;
};

function checkNumber(name: string, v: unknown): void {
  if (typeof v !== "number") throw new TypeError(`${name} must be a number, got ${typeof v}`);
}

/** @internal Validates Adam's hyper-parameters with PyTorch's messages. */
export function checkAdamOptions(g: Partial<AdamOptions>): void {
  const { lr, eps, betas, weightDecay } = g;
  if (lr !== undefined) {
    checkNumber("lr", lr);
    if (!(0 <= lr)) throw new RangeError(`Invalid learning rate: ${lr}`);
  }
  if (eps !== undefined) {
    checkNumber("eps", eps);
    if (!(0 <= eps)) throw new RangeError(`Invalid epsilon value: ${eps}`);
  }
  if (betas !== undefined) {
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new TypeError(`betas must be a pair of numbers, got ${JSON.stringify(betas)}`);
    }
    for (let i = 0; i < 2; i++) {
      checkNumber(`betas[${i}]`, betas[i]);
      if (!(0 <= betas[i] && betas[i] < 1)) {
        throw new RangeError(`Invalid beta parameter at index ${i}: ${betas[i]}`);
      }
    }
  }
  if (weightDecay !== undefined) {
    checkNumber("weightDecay", weightDecay);
    if (!(0 <= weightDecay)) throw new RangeError(`Invalid weight_decay value: ${weightDecay}`);
  }
}

/**
 * @internal One Adam step over typed arrays (param, grad, moments), in place. `decoupled`
 * selects AdamW's `p *= 1 - lr * weightDecay` instead of adding `weightDecay * p` to the grad.
 */
export function adamKernel(
  p: Storage,
  g: Storage,
  m: Storage,
  v: Storage,
  vmax: Storage | null,
  step: number,
  o: AdamOptions,
  decoupled: boolean,
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
  if (p instanceof Float32Array) adam32(p, g, m, v, vmax, args);
  else adam64(p, g, m, v, vmax, args);
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
function adam64(
  p: Storage,
  g: Storage,
  m: Storage,
  v: Storage,
  vmax: Storage | null,
  a: Scalars,
): void {
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
function adam32(
  p: Storage,
  g: Storage,
  m: Storage,
  v: Storage,
  vmax: Storage | null,
  a: Scalars,
): void {
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
export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** Whether weight decay is decoupled (AdamW). */
  protected readonly _decoupled: boolean = false;

  /**
   * Creates an Adam optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (1e-3), `betas` ([0.9, 0.999]), `eps` (1e-8), `weightDecay` (0),
   *   `amsgrad`, `maximize`.
   */
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Validates hyper-parameters with PyTorch's messages.
   *
   * @param g The hyper-parameters.
   */
  protected override _checkHyperParams(g: Partial<AdamOptions>): void {
    checkAdamOptions(g);
  }

  /**
   * One Adam step on a group, one typed-array pass per parameter.
   *
   * @param group The group.
   */
  protected _updateGroup(group: ParamGroup<AdamOptions>): void {
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      const state = this._stateOf(p, () => ({
        step: 0,
        expAvg: zerosState(p),
        expAvgSq: zerosState(p),
      }));
      if (group.amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = zerosState(p);
      state.step += 1;
      const gv = valuesOf(grad);
      const tensors = [p, state.expAvg, state.expAvgSq];
      if (group.amsgrad) tensors.push(state.maxExpAvgSq!);
      updateInPlace(tensors, ([pv, m, v, vmax]) => {
        adamKernel(pv, gv, m, v, vmax ?? null, state.step, group, this._decoupled);
      });
    }
  }
}
