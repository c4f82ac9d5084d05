/**
 * Stochastic gradient descent with momentum, dampening, weight decay, Nesterov momentum and
 * maximization: `SGD`, exactly PyTorch's update rule.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import {
  axpy,
  gradValuesOf,
  type Storage,
  updateInPlace,
  zerosState,
} from "@descent/tensor/extend";
import { type Check, isBoolean, isNumber, LR, MOMENTUM, optionsOf, WEIGHT_DECAY } from "./check.ts";
import { Optimizer, type ParamGroup, type Params } from "./optimizer.ts";
import type { StateSpec } from "./state_dict.ts";

/** Hyper-parameters of {@linkcode SGD} (each group has its own). */
export interface SGDOptions {
  /** Learning rate (default `1e-3`, as PyTorch 2.2+; it was required before). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening of the momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default `false`). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default `false`). */
  maximize: boolean;
}

/** Per-parameter state of {@linkcode SGD}: the momentum buffer, once a step has run. */
export type SGDState = {
  /** The momentum buffer (present only when `momentum` is not 0). */
  momentumBuffer?: Tensor;
};

/**
 * Stochastic gradient descent. PyTorch: `torch.optim.SGD(params, lr=1e-3, momentum=0,
 * dampening=0, weight_decay=0, nesterov=False, *, maximize=False)`. Per parameter with a
 * gradient `g` (negated when `maximize`):
 *
 * ```
 * g = g + weightDecay * p                       (if weightDecay ≠ 0)
 * buf = g on the first step, else momentum * buf + (1 - dampening) * g
 * g = nesterov ? g + momentum * buf : buf        (if momentum ≠ 0)
 * p = p - lr * g
 * ```
 *
 * The momentum buffer starts as the first gradient (not zeros), as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1, -2], { requiresGrad: true, dtype: "float64" });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 2; i++) {
 *   opt.zeroGrad();
 *   w.mul(w).sum().backward(); // grad = 2w
 *   opt.step();
 * }
 * // step 1: buf = 2w = [2, -4], w = [0.8, -1.6]; step 2: buf = 0.9 buf + 2w, w -= 0.1 buf
 * assert.equal(String(w), "tensor([ 0.4600, -0.9200], dtype=torch.float64, requires_grad=True)");
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  /**
   * Creates an SGD optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups (each may set its
   *   own hyper-parameters).
   * @param options `lr` (default 1e-3), `momentum`, `dampening`, `weightDecay`, `nesterov`,
   *   `maximize`.
   */
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(
      params,
      optionsOf("SGD", {
        lr: 1e-3,
        momentum: 0,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        maximize: false,
      }, options),
      SGD_CHECKS,
    );
  }

  /**
   * PyTorch's Nesterov condition.
   *
   * @param g The hyper-parameters.
   * @ignore
   */
  protected override _checkHyperParams(g: Partial<SGDOptions>): void {
    if (g.nesterov && ((g.momentum ?? 0) <= 0 || (g.dampening ?? 0) !== 0)) {
      throw new RangeError("Nesterov momentum requires a momentum and zero dampening");
    }
  }

  /**
   * The momentum buffer, present once a step with momentum ran.
   *
   * @param p The parameter.
   * @returns The state's description.
   * @ignore
   */
  protected override _stateSpec(p: Tensor): StateSpec {
    return { momentumBuffer: { kind: "tensor", shape: p.shape, required: false } };
  }

  /**
   * PyTorch's `_single_tensor_sgd` on one group, one typed-array pass per parameter.
   *
   * @param group The group.
   * @ignore
   */
  protected _updateGroup(group: ParamGroup<SGDOptions>): void {
    for (const p of group.params) {
      const g = gradValuesOf(p);
      if (g === null) continue;
      if (group.momentum === 0) {
        updateInPlace(
          [p],
          ([values]) => sgdKernel({ p: values, g, buf: null, first: false }, group),
        );
      } else {
        const state = this._stateOf(p, () => ({}));
        const first = state.momentumBuffer === undefined;
        const buf = first ? zerosState(p) : state.momentumBuffer!;
        updateInPlace([p, buf], ([values, b]) => sgdKernel({ p: values, g, buf: b, first }, group));
        if (first) state.momentumBuffer = buf;
      }
    }
  }
}

const SGD_CHECKS: Record<string, Check> = {
  lr: LR,
  momentum: MOMENTUM,
  dampening: isNumber,
  weightDecay: WEIGHT_DECAY,
  nesterov: isBoolean,
  maximize: isBoolean,
};

/** The arrays of one SGD update. */
interface SGDArrays {
  /** The parameter's values, updated in place. */
  p: Storage;
  /** The gradient's values. */
  g: Storage;
  /** The momentum buffer (updated in place), or `null` without momentum. */
  buf: Storage | null;
  /** Whether this is the buffer's first step (it starts as the gradient). */
  first: boolean;
}

/** One SGD step over typed arrays, dispatched on the dtype. */
function sgdKernel(a: SGDArrays, o: SGDOptions): void {
  if (a.p instanceof Float32Array) sgd32(a, o);
  else sgd64(a, o);
}

/** float64: PyTorch's operations in order, each rounded once (as JS arithmetic is). */
function sgd64({ p, g, buf, first }: SGDArrays, o: SGDOptions): void {
  const { momentum: m, weightDecay: wd, nesterov, maximize } = o;
  const negLr = -o.lr;
  const damp = 1 - o.dampening;
  const n = p.length;
  if (buf === null && wd === 0 && !maximize) {
    axpy(p as Float64Array, negLr, g as Float64Array, n); // SIMD
    return;
  }
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (wd !== 0) d = d + wd * p[i];
    if (buf !== null) {
      const b = first ? d : buf[i] * m + damp * d;
      buf[i] = b;
      d = nesterov ? d + m * b : b;
    }
    p[i] = p[i] + negLr * d;
  }
}

/**
 * float32: every intermediate (and every scalar) rounded to float32, as PyTorch's float32
 * kernels compute.
 */
function sgd32({ p, g, buf, first }: SGDArrays, o: SGDOptions): void {
  const f = Math.fround;
  const { nesterov, maximize } = o;
  const negLr = f(-o.lr);
  const wd = f(o.weightDecay);
  const m = f(o.momentum);
  const damp = f(1 - o.dampening);
  const n = p.length;
  if (buf === null && wd === 0 && !maximize) {
    axpy(p as Float32Array, negLr, g as Float32Array, n); // SIMD, the same roundings
    return;
  }
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i] : g[i];
    if (wd !== 0) d = f(d + f(wd * p[i]));
    if (buf !== null) {
      const b = first ? d : f(f(buf[i] * m) + f(damp * d));
      buf[i] = b;
      d = nesterov ? f(d + f(m * b)) : b;
    }
    p[i] = p[i] + f(negLr * d);
  }
}
