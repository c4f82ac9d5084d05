/**
 * The shared loop of the optimizers whose update is one pass over each parameter's elements
 * (Adam, AdamW, RMSprop, Adagrad, Adamax, NAdam, RAdam): per parameter with a gradient, its
 * state (a step count and buffers shaped like the parameter) is made on the first step, the
 * step count moves, and a kernel updates parameter and buffers in place over their typed
 * arrays. Also the per-element pieces and the options those kernels share.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { gradValuesOf, type Storage, updateInPlace, zerosState } from "@descent/tensor/extend";
import type { Check } from "./check.ts";
import { Optimizer, type ParamGroup, type Params } from "./optimizer.ts";
import type { StateSpec } from "./state_dict.ts";

/** The state every elementwise optimizer keeps per parameter: the number of steps taken. */
export interface StepState {
  /** Number of steps taken. */
  step: number;
}

/** What an elementwise optimizer keeps per parameter besides `step`. */
export interface StateLayout<H extends object> {
  /** The tensor buffers the kernel updates, in its order: fixed, or chosen by a group's options. */
  buffers: readonly string[] | ((group: ParamGroup<H>) => readonly string[]);
  /** Scalar state and its initial value (NAdam's `muProduct: 1`). */
  scalars?: Readonly<Record<string, number>>;
  /** A buffer's initial value when it is not 0 (Adagrad's `sum`). */
  initial?: Readonly<Record<string, number>>;
}

/**
 * Base of the optimizers whose step is a single pass over each parameter's elements. A
 * subclass describes its state ({@linkcode StateLayout}) and writes the kernel; the base runs
 * the loop, makes the state on a parameter's first step (buffers are zeros unless `initial`
 * says otherwise, also when an option turns one on later), and describes the state for
 * `loadStateDict`'s checks.
 *
 * @typeParam H The hyper-parameters of a group.
 * @typeParam S The state kept per parameter.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ElementwiseOptimizer, type ParamGroup, type StepState } from "@descent/optim";
 * import { type Tensor, tensor } from "@descent/tensor";
 * import type { Storage } from "@descent/tensor/extend";
 *
 * // Heavy-ball momentum with a buffer that starts at zero.
 * type S = StepState & { velocity: Tensor };
 * class HeavyBall extends ElementwiseOptimizer<{ lr: number }, S> {
 *   constructor(params: Tensor[], lr: number) {
 *     super(params, { lr }, {}, { buffers: ["velocity"] });
 *   }
 *   protected _kernel(group: ParamGroup<{ lr: number }>, _s: S, g: Storage, [p, v]: Storage[]) {
 *     for (let i = 0; i < p.length; i++) {
 *       v[i] = 0.9 * v[i] + g[i];
 *       p[i] -= group.lr * v[i];
 *     }
 *   }
 * }
 * const w = tensor([1], { requiresGrad: true, dtype: "float64" });
 * const opt = new HeavyBall([w], 0.5);
 * w.grad = tensor([2], { dtype: "float64" });
 * opt.step();
 * opt.step();
 * assert.deepEqual(w.toList(), [1 - 0.5 * 2 - 0.5 * 3.8]);
 * assert.equal(opt.state.get(w)!.step, 2);
 * ```
 */
export abstract class ElementwiseOptimizer<H extends object, S extends StepState>
  extends Optimizer<H, S> {
  readonly #layout: StateLayout<H>;

  /**
   * Builds the groups (see {@linkcode Optimizer}) and records the state's layout.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param defaults The default hyper-parameters.
   * @param checks A check per hyper-parameter.
   * @param layout The per-parameter state.
   */
  constructor(
    params: Params<H>,
    defaults: H,
    checks: Record<string, Check>,
    layout: StateLayout<H>,
  ) {
    super(params, defaults, checks);
    this.#layout = layout;
  }

  /**
   * One step over one parameter's elements, in place.
   *
   * @param group The parameter's group.
   * @param state Its state (`step` already counts this step).
   * @param grad The gradient's values, valid during this call only (see `gradValuesOf`).
   * @param values The parameter's values, then each buffer's, in the layout's order.
   * @ignore
   */
  protected abstract _kernel(
    group: ParamGroup<H>,
    state: S,
    grad: Storage,
    values: Storage[],
  ): void;

  /** The buffers a group's options use. */
  #buffers(group: ParamGroup<H>): readonly string[] {
    const b = this.#layout.buffers;
    return typeof b === "function" ? b(group) : b;
  }

  /**
   * The state: `step`, the scalars, and the buffers the group's options use.
   *
   * @param p The parameter.
   * @param group Its group.
   * @returns The description `loadStateDict` checks against.
   * @ignore
   */
  protected override _stateSpec(p: Tensor, group: ParamGroup<H>): StateSpec {
    const spec: StateSpec = { step: { kind: "count", required: true } };
    for (const k of Object.keys(this.#layout.scalars ?? {})) {
      spec[k] = { kind: "number", required: true };
    }
    for (const k of this.#buffers(group)) {
      spec[k] = { kind: "tensor", shape: p.shape, required: true };
    }
    return spec;
  }

  /** A buffer shaped like `p`, zeros or filled with `value`. */
  #makeBuffer(p: Tensor, value = 0): Tensor {
    const t = zerosState(p);
    if (value !== 0) updateInPlace([t], ([v]) => v.fill(value));
    return t;
  }

  /**
   * Steps every parameter of the group that has a gradient.
   *
   * @param group The group.
   * @ignore
   */
  protected _updateGroup(group: ParamGroup<H>): void {
    const keys = this.#buffers(group);
    const initial = this.#layout.initial ?? {};
    for (const p of group.params) {
      const gv = gradValuesOf(p);
      if (gv === null) continue;
      const state = this._stateOf(p, () => ({ step: 0, ...this.#layout.scalars }) as S);
      const buffers = state as unknown as Record<string, Tensor | undefined>;
      const tensors = [p];
      for (const k of keys) tensors.push(buffers[k] ??= this.#makeBuffer(p, initial[k]));
      state.step += 1;
      updateInPlace(tensors, (values) => this._kernel(group, state, gv, values));
    }
  }
}

/**
 * ATen's `lerp(a, b, w)`, two-sided for accuracy: `a + w (b - a)` when `|w| < 0.5`, else
 * `b - (b - a)(1 - w)`. PyTorch 2.x computes running averages with it (`exp_avg.lerp_`).
 *
 * @param a Start.
 * @param b End.
 * @param w Weight.
 * @returns The interpolation.
 */
export function lerp(a: number, b: number, w: number): number {
  return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
}

/** How a step turns `grad` into the value it uses (see {@linkcode gradAt}). */
export interface GradTerms {
  /** Negate the gradient. */
  maximize: boolean;
  /** Weight decay (0: none). */
  weightDecay: number;
  /** Decoupled (AdamW-style) decay: scale the parameter instead of adding to the gradient. */
  decoupled: boolean;
  /** The decoupled decay's factor, `1 - lr * weightDecay`. */
  decay: number;
}

/**
 * The gradient a step uses at element `i`, in PyTorch's order: negated for `maximize`, then
 * `+ weightDecay * p` (L2), or, decoupled, the parameter scaled by `1 - lr * weightDecay` first.
 *
 * @param p The parameter's values (scaled in place when decoupled).
 * @param g The gradient's values.
 * @param i The element.
 * @param t The terms.
 * @returns The gradient value to use.
 */
export function gradAt(p: Storage, g: Storage, i: number, t: GradTerms): number {
  const gi = t.maximize ? -g[i] : g[i];
  if (t.weightDecay === 0) return gi;
  if (t.decoupled) {
    p[i] = p[i] * t.decay;
    return gi;
  }
  return gi + t.weightDecay * p[i];
}

/**
 * {@linkcode GradTerms} from a group's options.
 *
 * @param o `lr`, `weightDecay`, `maximize` and (optionally) `decoupledWeightDecay`.
 * @returns The terms.
 */
export function gradTerms(
  o: { lr: number; weightDecay: number; maximize: boolean; decoupledWeightDecay?: boolean },
): GradTerms {
  return {
    maximize: o.maximize,
    weightDecay: o.weightDecay,
    decoupled: o.decoupledWeightDecay === true,
    decay: 1 - o.lr * o.weightDecay,
  };
}

/**
 * Adam's running moments at element `i`, as PyTorch 2.x: `m.lerp_(g, 1 - β1)` and
 * `v.mul_(β2).addcmul_(g, g, value=1 - β2)`.
 *
 * @param m The first moments, updated in place.
 * @param v The second moments, updated in place.
 * @param i The element.
 * @param g The gradient value.
 * @param betas `[β1, β2]`.
 */
export function updateMoments(
  m: Storage,
  v: Storage,
  i: number,
  g: number,
  betas: readonly [number, number],
): void {
  m[i] = lerp(m[i], g, 1 - betas[0]);
  v[i] = v[i] * betas[1] + (1 - betas[1]) * g * g;
}

/**
 * The hyper-parameters Adam, AdamW, Adamax, NAdam and RAdam share (each group has its own; the
 * default `lr` depends on the optimizer).
 */
export interface AdamFamilyOptions {
  /** Learning rate. */
  lr: number;
  /** Decay rates of the two running averages (default `[0.9, 0.999]`). */
  betas: [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** Weight decay (default 0; AdamW's 1e-2). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default `false`). */
  maximize: boolean;
}

/**
 * The defaults of {@linkcode AdamFamilyOptions} (a new object each time).
 *
 * @param lr The optimizer's default learning rate.
 * @returns `{ lr, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false }`.
 */
export function adamFamilyDefaults(lr: number): AdamFamilyOptions {
  return { lr, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false };
}

/** Per-parameter state of Adam, NAdam and RAdam. */
export type MomentsState = {
  /** Number of steps taken. */
  step: number;
  /** Running average of the gradient (first moment). */
  expAvg: Tensor;
  /** Running average of the squared gradient (second moment). */
  expAvgSq: Tensor;
};

/** The two moments' buffers, in kernel order. */
export const MOMENTS: readonly string[] = ["expAvg", "expAvgSq"];
