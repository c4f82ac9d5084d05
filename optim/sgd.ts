/**
 * Stochastic gradient descent with momentum, dampening, weight decay, Nesterov momentum and
 * maximization: `SGD`, exactly PyTorch's update rule.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { type Storage, updateInPlace, valuesOf, zerosState } from "@descent/tensor/extend";
import { Optimizer, type ParamGroup, type Params } from "./optimizer.ts";

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

function checkNumber(name: string, v: unknown): void {
  if (typeof v !== "number") throw new TypeError(`${name} must be a number, got ${typeof v}`);
}

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
    super(params, {
      lr: options.lr ?? 1e-3,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    });
  }

  /**
   * Validates hyper-parameters with PyTorch's messages.
   *
   * @param g The hyper-parameters.
   */
  protected override _checkHyperParams(g: Partial<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay } = g;
    if (lr !== undefined) {
      checkNumber("lr", lr);
      if (lr < 0) throw new RangeError(`Invalid learning rate: ${lr}`);
    }
    if (momentum !== undefined) {
      checkNumber("momentum", momentum);
      if (momentum < 0) throw new RangeError(`Invalid momentum value: ${momentum}`);
    }
    if (dampening !== undefined) checkNumber("dampening", dampening);
    if (weightDecay !== undefined) {
      checkNumber("weightDecay", weightDecay);
      if (weightDecay < 0) throw new RangeError(`Invalid weight_decay value: ${weightDecay}`);
    }
    if (g.nesterov && ((momentum ?? 0) <= 0 || (dampening ?? 0) !== 0)) {
      throw new RangeError("Nesterov momentum requires a momentum and zero dampening");
    }
  }

  /**
   * PyTorch's `_single_tensor_sgd` on one group, one typed-array pass per parameter.
   *
   * @param group The group.
   */
  protected _updateGroup(group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      const gv = valuesOf(grad);
      if (momentum === 0) {
        updateInPlace([p], ([pv]) => {
          sgdKernel(pv, gv, null, false, lr, 0, dampening, weightDecay, false, maximize);
        });
      } else {
        const state = this._stateOf(p, () => ({}));
        const first = state.momentumBuffer === undefined;
        const buf = first ? zerosState(p) : state.momentumBuffer!;
        updateInPlace([p, buf], ([pv, bv]) => {
          sgdKernel(pv, gv, bv, first, lr, momentum, dampening, weightDecay, nesterov, maximize);
        });
        if (first) state.momentumBuffer = buf;
      }
    }
  }
}

/** One SGD step over typed arrays: `p` and `buf` are updated in place. */
function sgdKernel(
  p: Storage,
  g: Storage,
  buf: Storage | null,
  first: boolean,
  lr: number,
  momentum: number,
  dampening: number,
  weightDecay: number,
  nesterov: boolean,
  maximize: boolean,
): void {
  if (p instanceof Float32Array) {
    sgd32(p, g, buf, first, lr, momentum, dampening, weightDecay, nesterov, maximize);
  } else sgd64(p, g, buf, first, lr, momentum, dampening, weightDecay, nesterov, maximize);
}

/** float64: PyTorch's operations in order, each rounded once (as JS arithmetic is). */
function sgd64(
  p: Storage,
  g: Storage,
  buf: Storage | null,
  first: boolean,
  lr: number,
  m: number,
  dampening: number,
  wd: number,
  nesterov: boolean,
  maximize: boolean,
): void {
  const negLr = -lr;
  const damp = 1 - dampening;
  const n = p.length;
  if (buf === null && wd === 0 && !maximize) {
    for (let i = 0; i < n; i++) p[i] = p[i] + negLr * g[i];
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
function sgd32(
  p: Storage,
  g: Storage,
  buf: Storage | null,
  first: boolean,
  lr: number,
  momentum: number,
  dampening: number,
  weightDecay: number,
  nesterov: boolean,
  maximize: boolean,
): void {
  const f = Math.fround;
  const negLr = f(-lr);
  const wd = f(weightDecay);
  const m = f(momentum);
  const damp = f(1 - dampening);
  const n = p.length;
  if (buf === null && wd === 0 && !maximize) {
    for (let i = 0; i < n; i++) p[i] = p[i] + f(negLr * g[i]);
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
