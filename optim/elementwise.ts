/**
 * The shared loop of the optimizers whose update is one pass over each parameter's elements
 * (Adam, AdamW, RMSprop, Adagrad, Adamax, NAdam, RAdam): per parameter with a gradient, its
 * state (a step count and buffers shaped like the parameter) is made on the first step, the
 * step count moves, and a kernel updates parameter and buffers in place over their typed
 * arrays. Also the per-element pieces those kernels share.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { type Storage, updateInPlace, valuesOf, zerosState } from "@descent/tensor/extend";
import { Optimizer, type ParamGroup } from "./optimizer.ts";
import type { StateSpec } from "./state_dict.ts";

/** The state every elementwise optimizer keeps per parameter: the number of steps taken. */
export interface StepState {
  /** Number of steps taken. */
  step: number;
}

/**
 * Base of the optimizers whose step is a single pass over each parameter's elements. A
 * subclass names its state buffers ({@linkcode ElementwiseOptimizer._buffers}), makes the
 * initial state, and writes the kernel; the base runs the loop, creates buffers that an option
 * turned on later (as zeros), and describes the state for `loadStateDict`'s checks.
 *
 * @typeParam H The hyper-parameters of a group.
 * @typeParam S The state kept per parameter.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ElementwiseOptimizer, type ParamGroup, type StepState } from "@descent/optim";
 * import { type Tensor, tensor } from "@descent/tensor";
 * import { type Storage, zerosState } from "@descent/tensor/extend";
 *
 * // Heavy-ball momentum with a buffer that starts at zero.
 * type S = StepState & { velocity: Tensor };
 * class HeavyBall extends ElementwiseOptimizer<{ lr: number }, S> {
 *   constructor(params: Tensor[], lr: number) {
 *     super(params, { lr });
 *   }
 *   protected _buffers(): string[] {
 *     return ["velocity"];
 *   }
 *   protected _initState(p: Tensor): S {
 *     return { step: 0, velocity: zerosState(p) };
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
  /**
   * The tensor buffers of a parameter's state that the kernel updates, in the order it gets
   * them (they depend on the group's options, e.g. Adam's `maxExpAvgSq` with `amsgrad`).
   *
   * @param group The group.
   * @returns State keys.
   */
  protected abstract _buffers(group: ParamGroup<H>): readonly string[];

  /**
   * A parameter's state before its first step: `step: 0` and the buffers' initial values.
   *
   * @param p The parameter.
   * @param group Its group.
   * @returns The state.
   */
  protected abstract _initState(p: Tensor, group: ParamGroup<H>): S;

  /**
   * One step over one parameter's elements, in place.
   *
   * @param group The parameter's group.
   * @param state Its state (`step` already counts this step).
   * @param grad The gradient's values.
   * @param values The parameter's values, then each buffer's, in {@linkcode _buffers}'s order.
   */
  protected abstract _kernel(
    group: ParamGroup<H>,
    state: S,
    grad: Storage,
    values: Storage[],
  ): void;

  /**
   * Scalar state besides `step` (e.g. NAdam's `muProduct`).
   *
   * @returns State keys holding numbers.
   */
  protected _scalarState(): readonly string[] {
    return [];
  }

  /**
   * The state: `step`, the scalars, and the buffers the group's options use.
   *
   * @param p The parameter.
   * @param group Its group.
   * @returns The description `loadStateDict` checks against.
   */
  protected override _stateSpec(p: Tensor, group: ParamGroup<H>): StateSpec {
    const spec: StateSpec = { step: { kind: "count", required: true } };
    for (const k of this._scalarState()) spec[k] = { kind: "number", required: true };
    for (const k of this._buffers(group)) {
      spec[k] = { kind: "tensor", shape: p.shape, required: true };
    }
    return spec;
  }

  /**
   * Steps every parameter of the group that has a gradient.
   *
   * @param group The group.
   */
  protected _updateGroup(group: ParamGroup<H>): void {
    const keys = this._buffers(group);
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      const state = this._stateOf(p, () => this._initState(p, group));
      const buffers = state as unknown as Record<string, Tensor | undefined>;
      const tensors = [p];
      for (const k of keys) tensors.push(buffers[k] ??= zerosState(p));
      state.step += 1;
      const gv = valuesOf(grad);
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
