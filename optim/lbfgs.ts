/**
 * L-BFGS: a quasi-Newton method that keeps the last `historySize` steps and gradient changes
 * to approximate the inverse Hessian, optionally with a strong-Wolfe line search. PyTorch 2.x's
 * `torch.optim.LBFGS`, decision for decision.
 *
 * @module
 */

import { type DType, Tensor } from "@descent/tensor";
import {
  allocate,
  fromValues,
  type Storage,
  updateInPlace,
  valuesOf,
} from "@descent/tensor/extend";
import {
  type Check,
  checkSyncFunction,
  describe,
  integerAtLeast,
  isNumber,
  LR,
  oneOf,
  optionsOf,
} from "./check.ts";
import { absMax, dot, type Probe, type Round, strongWolfe } from "./line_search.ts";
import {
  Optimizer,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  runClosure,
} from "./optimizer.ts";
import type { StateSpec } from "./state_dict.ts";

/** Hyper-parameters of {@linkcode LBFGS}. */
export interface LBFGSOptions {
  /** Learning rate: the step length of each iteration without line search (default 1). */
  lr: number;
  /** Most iterations per `step()` (default 20). */
  maxIter: number;
  /** Most closure evaluations per `step()` (default `floor(maxIter * 5 / 4)`). */
  maxEval: number;
  /** Stop when the largest gradient magnitude is at most this (default 1e-7). */
  toleranceGrad: number;
  /** Stop when the loss or the parameters change less than this (default 1e-9). */
  toleranceChange: number;
  /** How many past steps the inverse-Hessian approximation keeps (default 100). */
  historySize: number;
  /** `"strong_wolfe"` for a line search, `null` (default) for fixed steps of `lr`. */
  lineSearchFn: "strong_wolfe" | null;
}

/**
 * The state of {@linkcode LBFGS}, kept on the first parameter as PyTorch does. Vectors are flat
 * over all parameters (in their order).
 */
export type LBFGSState = {
  /** Closure evaluations so far. */
  funcEvals: number;
  /** Iterations so far. */
  nIter: number;
  /** The last search direction. */
  d?: Tensor;
  /** The last step length. */
  t?: number;
  /** The stored gradient changes `y`. */
  oldDirs?: Tensor[];
  /** The stored steps `s`. */
  oldStps?: Tensor[];
  /** `1 / (y · s)` per stored pair. */
  ro?: number[];
  /** The scale of the initial inverse Hessian, `y · s / y · y`. */
  hDiag?: number;
  /** The flat gradient of the last iteration. */
  prevFlatGrad?: Tensor;
  /** The loss of the last iteration. */
  prevLoss?: number;
  /** Scratch of the two-loop recursion (length `historySize`). */
  al?: (number | null)[];
};

const GROUPS = "LBFGS doesn't support per-parameter options (parameter groups)";

const LBFGS_CHECKS: Record<string, Check> = {
  lr: LR,
  maxIter: integerAtLeast(1),
  maxEval: integerAtLeast(1),
  toleranceGrad: isNumber,
  toleranceChange: isNumber,
  historySize: integerAtLeast(1),
  lineSearchFn: oneOf(["strong_wolfe", null]),
};

/**
 * L-BFGS. PyTorch: `torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=None,
 * tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn=None)`. One
 * `step(closure)` runs up to `maxIter` iterations, each evaluating `closure` (which must zero
 * the gradients, compute the loss, call `backward()` and return the loss) once, or several
 * times with the line search. Only one parameter group is allowed, and all parameters must
 * have one dtype. PyTorch checks none of the options; descent checks their types and counts.
 *
 * The closure must be synchronous (an async one is refused before anything changes). If it
 * throws during a step, the parameters' values and the state are put back as they were before
 * the step (the parameters' version counters have moved if the step had moved them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LBFGS } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * // Minimise (x - 3)² + 2 (y + 1)².
 * const w = tensor([0, 0], { requiresGrad: true, dtype: "float64" });
 * const opt = new LBFGS([w], { lineSearchFn: "strong_wolfe" });
 * const target = tensor([3, -1], { dtype: "float64" });
 * const weights = tensor([1, 2], { dtype: "float64" });
 * opt.step(() => {
 *   opt.zeroGrad();
 *   const loss = w.sub(target).square().mul(weights).sum();
 *   loss.backward();
 *   return loss;
 * });
 * // 5 iterations; PyTorch gives the same bits: [3.000016152329011, -1.000008867416064]
 * assert.deepEqual((w.toList() as number[]).map((x) => Math.round(x * 1e4) / 1e4), [3, -1]);
 * assert.equal(opt.state.get(w)!.nIter, 5);
 * ```
 */
export class LBFGS extends Optimizer<LBFGSOptions, LBFGSState> {
  /**
   * Creates an L-BFGS optimizer over `params` (one group).
   *
   * @param params The tensors to optimize.
   * @param options `lr` (1), `maxIter` (20), `maxEval` (`maxIter * 5 / 4`), `toleranceGrad`
   *   (1e-7), `toleranceChange` (1e-9), `historySize` (100), `lineSearchFn` (`null`).
   */
  constructor(params: Params<LBFGSOptions>, options: Partial<LBFGSOptions> = {}) {
    const maxIter = options?.maxIter ?? 20;
    super(
      params,
      optionsOf("LBFGS", {
        lr: 1,
        maxIter,
        maxEval: Math.floor((maxIter * 5) / 4),
        toleranceGrad: 1e-7,
        toleranceChange: 1e-9,
        historySize: 100,
        lineSearchFn: null as LBFGSOptions["lineSearchFn"],
      }, options),
      LBFGS_CHECKS,
    );
  }

  /**
   * Adds the one parameter group; a second one is refused, as are parameters of two dtypes.
   *
   * @param group `{ params, ...options }`.
   */
  override addParamGroup(group: ParamGroupInput<LBFGSOptions>): void {
    if (this.paramGroups.length > 0) throw new TypeError(GROUPS);
    super.addParamGroup(group);
    const dtypes = new Set(this.paramGroups[0].params.map((p) => p.dtype));
    if (dtypes.size > 1) {
      this.paramGroups.pop();
      throw new TypeError(`LBFGS needs parameters of one dtype, got ${[...dtypes].join(" and ")}`);
    }
  }

  /**
   * The state, kept on the first parameter: counts, then (after an iteration) the direction,
   * step, history and last gradient. Other parameters have no state.
   *
   * @param p The parameter.
   * @param group The group.
   * @returns The description `loadStateDict` checks against.
   * @ignore
   */
  protected override _stateSpec(p: Tensor, group: ParamGroup<LBFGSOptions>): StateSpec {
    if (p !== group.params[0]) return {};
    const shape = [numel(group.params)];
    const opt = { required: false };
    return {
      funcEvals: { kind: "count", required: true },
      nIter: { kind: "count", required: true },
      d: { kind: "tensor", shape, ...opt },
      t: { kind: "number", ...opt },
      oldDirs: { kind: "tensors", shape, ...opt },
      oldStps: { kind: "tensors", shape, ...opt },
      ro: { kind: "numbers", ...opt },
      hDiag: { kind: "number", ...opt },
      prevFlatGrad: { kind: "tensor", shape, ...opt },
      prevLoss: { kind: "number", ...opt },
      al: { kind: "numbers", ...opt },
    };
  }

  /**
   * The history's lists agree in length (at most `historySize`), and after an iteration every
   * vector of the last one is there.
   *
   * @param state The decoded state.
   * @param p The parameter.
   * @param group The group.
   * @ignore
   */
  protected override _checkState(
    state: Record<string, unknown>,
    p: Tensor,
    group: ParamGroup<LBFGSOptions>,
  ): void {
    if (p !== group.params[0] || (state.nIter as number) === 0) return;
    const after = ["d", "t", "oldDirs", "oldStps", "ro", "hDiag", "prevFlatGrad", "prevLoss"];
    for (const k of after) {
      if (state[k] === undefined) throw new TypeError(`is missing state '${k}' (nIter > 0)`);
    }
    const n = (state.oldDirs as unknown[]).length;
    for (const k of ["oldStps", "ro"]) {
      if ((state[k] as unknown[]).length !== n) {
        throw new RangeError(`has ${(state[k] as unknown[]).length} '${k}' for ${n} 'oldDirs'`);
      }
    }
    if (n > group.historySize) {
      throw new RangeError(`has ${n} history entries for historySize ${group.historySize}`);
    }
  }

  /**
   * Unused: {@linkcode LBFGS.step} does the work.
   *
   * @param _group The group.
   * @ignore
   */
  protected _updateGroup(_group: ParamGroup<LBFGSOptions>): void {}

  /**
   * Performs one optimization step: up to `maxIter` L-BFGS iterations. PyTorch:
   * `LBFGS.step(closure)`.
   *
   * @param closure Zeroes the gradients, computes the loss, calls `backward()`, returns the
   *   loss (a number or a one-element tensor). Required; it must be synchronous.
   * @returns What the first call of `closure` returned.
   */
  override step<L>(closure?: () => L): L {
    if (closure === undefined) {
      throw new TypeError(
        "LBFGS.step() needs a closure that re-evaluates the model and returns the loss",
      );
    }
    checkSyncFunction(closure, "step(): closure");
    const params = this.paramGroups[0].params;
    const fresh = !this.state.has(params[0]);
    const state = this._stateOf(params[0], () => ({ funcEvals: 0, nIter: 0 }));
    const savedState = { ...state, al: state.al?.slice() };
    const savedParams = params.map((p) => valuesOf(p).slice());
    const iteration = new Iteration(this.paramGroups[0], state, closure);
    try {
      const loss = iteration.run();
      this._stepCount++;
      return loss;
    } catch (e) {
      if (iteration.moved) {
        updateInPlace(params, (values) => values.forEach((v, i) => v.set(savedParams[i])));
      }
      if (fresh) this.state.delete(params[0]);
      for (const k of Object.keys(state)) delete (state as Record<string, unknown>)[k];
      Object.assign(state, savedState);
      throw e;
    }
  }
}

/** The total number of elements of `params`. */
function numel(params: readonly Tensor[]): number {
  return params.reduce((n, p) => n + p.numel(), 0);
}

/** One `step()` of L-BFGS: the closure, the flat views and PyTorch's loop. */
class Iteration<L> {
  readonly #params: Tensor[];
  readonly #o: LBFGSOptions;
  readonly #state: LBFGSState;
  readonly #closure: () => L;
  readonly #dtype: DType;
  readonly #n: number;
  readonly #round: Round;
  /** Whether the parameters were written (a failed step must put them back). */
  moved = false;

  constructor(group: ParamGroup<LBFGSOptions>, state: LBFGSState, closure: () => L) {
    this.#params = group.params;
    this.#o = group;
    this.#state = state;
    this.#closure = closure;
    this.#dtype = group.params[0].dtype;
    this.#n = numel(group.params);
    // PyTorch keeps the scalars of a float32 problem (y·s, 1/(y·s), …) as float32 tensors.
    this.#round = this.#dtype === "float32" ? Math.fround : (x: number) => x;
  }

  /** Calls the closure (grad mode on), returning its value and the loss as a number. */
  #evaluate(): [L, number] {
    const what = "step(): closure";
    const out = runClosure(this.#closure, what);
    let loss: number;
    if (typeof out === "number") loss = out;
    else if (out instanceof Tensor && out.numel() === 1) loss = out.item();
    else {
      throw new TypeError(
        `${what} must return the loss, a number or a one-element Tensor, got ${describe(out)}`,
      );
    }
    return [out, loss];
  }

  /** The parameters' gradients as one flat vector (zeros for a missing gradient). */
  #flatGrad(): Storage {
    const out = allocate(this.#dtype, this.#n);
    let offset = 0;
    for (const p of this.#params) {
      if (p.grad !== null) out.set(valuesOf(p.grad), offset);
      offset += p.numel();
    }
    return out;
  }

  /** `p += t * d` over the flat parameters. */
  #addGrad(t: number, d: Storage): void {
    const step = this.#round(t);
    this.moved = true;
    updateInPlace(this.#params, (values) => {
      let offset = 0;
      for (const v of values) {
        for (let i = 0; i < v.length; i++) v[i] = v[i] + step * d[offset + i];
        offset += v.length;
      }
    });
  }

  /** The flat parameters, copied. */
  #cloneParams(): Storage[] {
    return this.#params.map((p) => valuesOf(p).slice());
  }

  /** Sets the parameters to copies made by `#cloneParams`. */
  #setParams(x: Storage[]): void {
    updateInPlace(this.#params, (values) => values.forEach((v, i) => v.set(x[i])));
  }

  /** `a * s` as a new vector. */
  #scaled(a: Storage, s: number): Storage {
    const out = allocate(this.#dtype, a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i] * s;
    return out;
  }

  /** `a - b` as a new vector. */
  #minus(a: Storage, b: Storage): Storage {
    const out = allocate(this.#dtype, a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
    return out;
  }

  /** `a += alpha * b`, in place. */
  #axpy(a: Storage, alpha: number, b: Storage): void {
    for (let i = 0; i < a.length; i++) a[i] = a[i] + alpha * b[i];
  }

  /** PyTorch's `LBFGS.step` body. */
  run(): L {
    const o = this.#o;
    const s = this.#state;
    const r = this.#round;
    const [origLoss, firstLoss] = this.#evaluate();
    let loss = firstLoss;
    let currentEvals = 1;
    s.funcEvals += 1;
    let flatGrad = this.#flatGrad();
    let optCond = absMax(flatGrad) <= r(o.toleranceGrad);
    if (optCond) return origLoss;

    let d = s.d === undefined ? null : valuesOf(s.d);
    let t = s.t ?? 0;
    let oldDirs = (s.oldDirs ?? []).map(valuesOf);
    let oldStps = (s.oldStps ?? []).map(valuesOf);
    let ro = (s.ro ?? []).slice();
    let hDiag = s.hDiag ?? 1;
    let prevFlatGrad = s.prevFlatGrad === undefined ? null : valuesOf(s.prevFlatGrad);
    let prevLoss = s.prevLoss ?? 0;

    let nIter = 0;
    while (nIter < o.maxIter) {
      nIter++;
      s.nIter++;

      // The descent direction.
      if (s.nIter === 1) {
        d = this.#scaled(flatGrad, -1);
        [oldDirs, oldStps, ro, hDiag] = [[], [], [], 1];
      } else {
        const y = this.#minus(flatGrad, prevFlatGrad!);
        const step = this.#scaled(d!, t);
        const ys = dot(y, step, r);
        if (ys > r(1e-10)) {
          if (oldDirs.length === o.historySize) {
            oldDirs.shift();
            oldStps.shift();
            ro.shift();
          }
          oldDirs.push(y);
          oldStps.push(step);
          ro.push(r(1 / ys));
          hDiag = r(ys / dot(y, y, r));
        }
        // The two-loop recursion: d = -H g with the approximate inverse Hessian H.
        const al = (s.al ??= new Array<number | null>(o.historySize).fill(null));
        const q = this.#scaled(flatGrad, -1);
        for (let i = oldDirs.length - 1; i >= 0; i--) {
          const a = r(dot(oldStps[i], q, r) * ro[i]);
          al[i] = a;
          this.#axpy(q, -a, oldDirs[i]);
        }
        d = this.#scaled(q, hDiag);
        for (let i = 0; i < oldDirs.length; i++) {
          const be = r(dot(oldDirs[i], d, r) * ro[i]);
          this.#axpy(d, r((al[i] as number) - be), oldStps[i]);
        }
      }
      prevFlatGrad = flatGrad;
      prevLoss = loss;

      // The step length.
      if (s.nIter === 1) {
        let sum = 0;
        for (let i = 0; i < flatGrad.length; i++) sum += Math.abs(flatGrad[i]);
        const inv = r(1 / r(sum));
        t = inv < 1 ? r(inv * r(o.lr)) : o.lr;
      } else t = o.lr;
      const gtd = dot(flatGrad, d, r);
      if (gtd > r(-o.toleranceChange)) break;

      let lsEvals = 0;
      if (o.lineSearchFn !== null) {
        const x = this.#cloneParams();
        const dir = d;
        const probe = (step: number): Probe => {
          this.#addGrad(step, dir);
          const [, f] = this.#evaluate();
          const g = this.#flatGrad();
          this.#setParams(x);
          return { f, g };
        };
        // As PyTorch: the search may use only the evaluations this step has left.
        const maxLs = o.maxEval - currentEvals;
        const found = strongWolfe(probe, { d, t, f: loss, g: flatGrad, gtd, round: r, maxLs });
        [loss, flatGrad, t, lsEvals] = [found.f, found.g, found.t, found.evals];
        this.#addGrad(t, d);
        optCond = absMax(flatGrad) <= r(o.toleranceGrad);
      } else {
        this.#addGrad(t, d);
        if (nIter !== o.maxIter) {
          // Re-evaluate only if another iteration follows.
          loss = this.#evaluate()[1];
          flatGrad = this.#flatGrad();
          optCond = absMax(flatGrad) <= r(o.toleranceGrad);
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      s.funcEvals += lsEvals;

      // Stopping conditions.
      if (nIter === o.maxIter || currentEvals >= o.maxEval || optCond) break;
      if (absMax(d) * Math.abs(t) <= o.toleranceChange) break;
      if (Math.abs(loss - prevLoss) < o.toleranceChange) break;
    }

    const flat = (v: Storage) => fromValues(v, [this.#n], this.#dtype);
    Object.assign(s, {
      d: flat(d!),
      t,
      oldDirs: oldDirs.map(flat),
      oldStps: oldStps.map(flat),
      ro,
      hDiag,
      prevFlatGrad: flat(prevFlatGrad!),
      prevLoss,
    });
    return origLoss;
  }
}
