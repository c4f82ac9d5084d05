/**
 * Learning-rate schedulers over any optimizer: the `LRScheduler` base and the schedules that
 * follow a formula — `StepLR`, `MultiStepLR`, `ExponentialLR`, `LinearLR`, `CosineAnnealingLR`,
 * `LambdaLR` — with PyTorch 2.x's chainable (recursive) updates and closed forms.
 *
 * @module
 */

import { warnOnce } from "@descent/autograd";
import {
  type Check,
  checkFields,
  checkSyncFunction,
  describe,
  integerArray,
  integerAtLeast,
  isNumber,
  numberArray,
  optionsOf,
  syncResult,
} from "./check.ts";
import { Optimizer } from "./optimizer.ts";
import { copyValue, decodePlain, encodePlain } from "./state_dict.ts";

/** An optimizer whose groups have a learning rate (every optimizer here). */
// deno-lint-ignore no-explicit-any
export type LROptimizer = Optimizer<{ lr: number }, any>;

/** Common options of the schedulers. */
export interface SchedulerOptions {
  /**
   * Index of the last epoch when resuming (default -1: a fresh start, which records each
   * group's `lr` as its `initialLr`; otherwise every group must already have `initialLr`).
   */
  lastEpoch?: number;
}

/**
 * A scheduler's state as plain data (non-finite numbers as strings, so `JSON.stringify` keeps
 * it): the epoch, the last rates, and the scheduler's own fields (`baseLrs`, `stepCount`,
 * `gamma`, …). PyTorch: `LRScheduler.state_dict()`, the scheduler's attributes but the optimizer.
 */
export interface SchedulerStateDict {
  /** The index of the last epoch. */
  lastEpoch: number;
  /** The learning rates set by the last step. */
  lastLr: number[];
  /** The scheduler's other fields, by name. */
  [field: string]: unknown;
}

const ORDER_WARNING =
  "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

const EPOCH_DEPRECATION_WARNING =
  "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.";

/** A parameter group as the schedulers see it: its `lr`, and the `initialLr` they record. */
export type SchedulerGroup = { lr: number; initialLr?: number } & Record<string, unknown>;

/**
 * Base class of the learning-rate schedulers. PyTorch: `torch.optim.lr_scheduler.LRScheduler`.
 * Construction checks every argument first and then performs the initial step (epoch 0) — a
 * subclass's constructor ends with `this._initialStep()`, once its own fields are set; each
 * `step()` then advances one epoch and writes the new rates into the optimizer's groups.
 *
 * A step, a constructor and `loadStateDict` change nothing when they throw: the optimizer's
 * groups and the scheduler's fields are restored. A group added to the optimizer after the
 * scheduler was made is scheduled as in PyTorch 2.x: it has no `initialLr` and no base rate, so
 * the chainable schedules (`StepLR`, `ExponentialLR`, …) scale its own `lr`, while the schedules
 * computed from the base rates (`LambdaLR`, `CosineAnnealingWarmRestarts`, …) leave it alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LRScheduler, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * // Halves the rate every epoch, written as a scheduler.
 * class Halving extends LRScheduler {
 *   constructor(optimizer: SGD) {
 *     super(optimizer);
 *     this._initialStep(); // every scheduler's constructor ends with the initial step
 *   }
 *   protected _computeLr(): number[] {
 *     return this._groups().map((g) => (this._isInitial ? g.lr : g.lr / 2));
 *   }
 * }
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new Halving(opt);
 * opt.step();
 * sched.step();
 * assert.deepEqual(sched.getLastLr(), [0.5]);
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates are scheduled. */
  readonly optimizer: LROptimizer;
  /** The learning rates the schedule starts from (each group's `initialLr`). */
  baseLrs: number[] = [];
  /** The index of the last epoch (0 after construction). */
  lastEpoch: number;
  /** @ignore @ignore How many times `step()` ran, the initial step included. */
  _stepCount = 0;
  /** @ignore @ignore The rates set by the last step. */
  _lastLr: number[] = [];
  /** @ignore @ignore Whether the initial step is running. */
  protected _isInitial = false;
  #optStepsAtStart: number;

  /**
   * Wraps `optimizer` after checking it and `lastEpoch`; it writes nothing (the initial step,
   * which records each group's `initialLr`, runs at the end of the subclass's constructor).
   *
   * @param optimizer The optimizer.
   * @param options `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: SchedulerOptions = {}) {
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(`${describe(optimizer)} is not an Optimizer`);
    }
    const lastEpoch = options?.lastEpoch ?? -1;
    integerAtLeast(-1)(lastEpoch, "lastEpoch");
    if (lastEpoch !== -1) {
      (optimizer.paramGroups as unknown as SchedulerGroup[]).forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new RangeError(
            `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`,
          );
        }
      });
    }
    this.optimizer = optimizer;
    this.lastEpoch = lastEpoch;
    this.#optStepsAtStart = optimizer._stepCount;
  }

  /**
   * Records each group's `initialLr` (on a fresh start) and the base rates, then runs the
   * initial step; every subclass constructor ends with it. Nothing changes if it throws.
   * @ignore
   */
  _initialStep(): void {
    this._atomically(() => {
      const groups = this._groups();
      if (this.lastEpoch === -1) { for (const g of groups) g.initialLr ??= g.lr; }
      this.baseLrs = groups.map((g) => g.initialLr as number);
      this._stepCount = 0;
      this._isInitial = true;
      try {
        this.step();
      } finally {
        this._isInitial = false;
      }
    });
  }

  /**
   * The optimizer's groups, typed for the schedulers.
   *
   * @returns The groups.
   * @ignore
   */
  protected _groups(): SchedulerGroup[] {
    return this.optimizer.paramGroups as unknown as SchedulerGroup[];
  }

  /**
   * The new learning rates (the chainable form, from the current rates), one per group — or
   * fewer, for the groups that have a base rate: later groups keep their rate.
   *
   * @returns The rates.
   * @ignore
   */
  protected abstract _computeLr(): number[];

  /**
   * The rates at `lastEpoch` in closed form, or `null` where the schedule has none (then
   * `_computeLr` is used). PyTorch: `_get_closed_form_lr`.
   *
   * @returns The rates, or `null`.
   * @ignore
   */
  protected _closedFormLr(): number[] | null {
    return null;
  }

  /**
   * The scheduler's fields in its state dict, each with its check: by property name (a leading
   * `_` is dropped in the dict: `_stepCount` is saved as `stepCount`).
   *
   * @returns A check per field.
   * @ignore
   */
  protected _fields(): Record<string, Check> {
    return {
      lastEpoch: integerAtLeast(-1),
      baseLrs: numberArray(this.baseLrs.length),
      _stepCount: integerAtLeast(0),
      _lastLr: numberArray(this.optimizer.paramGroups.length),
    };
  }

  /**
   * Advances one epoch and sets each group's `lr`. Call it after `optimizer.step()`.
   * PyTorch: `LRScheduler.step()`. Nothing changes if it throws.
   *
   * @param epoch Deprecated in PyTorch (it warns): jump to this epoch, with the closed form
   *   where the schedule has one.
   */
  step(epoch?: number): void {
    if (epoch !== undefined) {
      isNumber(epoch, "epoch");
      warnOnce(EPOCH_DEPRECATION_WARNING);
    }
    this._atomically(() => {
      if (this._stepCount === 1 && this.optimizer._stepCount === this.#optStepsAtStart) {
        warnOnce(ORDER_WARNING);
      }
      this._stepCount++;
      this._updateLr(epoch);
    });
  }

  /**
   * @ignore Moves to the next epoch (or to `epoch`, with the closed form) and writes the
   * rates; PyTorch's `_update_lr`, which `SequentialLR` calls at its milestones.
   * @ignore
   */
  _updateLr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      values = this._computeLr();
    } else {
      this.lastEpoch = epoch;
      values = this._closedFormLr() ?? this._computeLr();
    }
    this._setLr(values);
  }

  /**
   * Writes `values` into the groups (as many as there are values, as PyTorch's `zip`) and
   * records every group's rate as the last rates.
   *
   * @param values The new rates.
   * @ignore
   */
  protected _setLr(values: number[]): void {
    values.forEach((v, i) => isNumber(v, `the learning rate of param_groups[${i}]`));
    const groups = this._groups();
    const n = Math.min(values.length, groups.length);
    for (let i = 0; i < n; i++) groups[i].lr = values[i];
    this._lastLr = groups.map((g) => g.lr);
  }

  /**
   * Runs `fn`; if it throws, the optimizer's groups and this scheduler's fields are put back.
   *
   * @param fn The work.
   * @returns What `fn` returns.
   * @ignore
   */
  protected _atomically<T>(fn: () => T): T {
    const groups = this.optimizer.paramGroups as unknown as Record<string, unknown>[];
    const savedGroups = groups.map((g) => ({ ...g }));
    const saved = this._rawState();
    try {
      return fn();
    } catch (e) {
      groups.forEach((g, i) => {
        for (const k of Object.keys(g)) if (!(k in savedGroups[i])) delete g[k];
        Object.assign(g, savedGroups[i]);
      });
      this._assignState(saved);
      throw e;
    }
  }

  /**
   * The learning rates set by the last step. PyTorch: `LRScheduler.get_last_lr()`.
   *
   * @returns One rate per group.
   */
  getLastLr(): number[] {
    return this._lastLr.slice();
  }

  /**
   * The scheduler's state as plain data. PyTorch: `LRScheduler.state_dict()`.
   *
   * @returns The state.
   */
  stateDict(): SchedulerStateDict {
    return encodePlain(this._rawState()) as SchedulerStateDict;
  }

  /**
   * Restores a state saved by {@linkcode LRScheduler.stateDict} (possibly through JSON). Every
   * field is checked first — no field missing, none unknown, types, lengths — and an error
   * names the offending key; nothing changes unless all of it fits. PyTorch:
   * `LRScheduler.load_state_dict(state_dict)`.
   *
   * @param state The saved state.
   */
  loadStateDict(state: SchedulerStateDict): void {
    const where = "loadStateDict(): ";
    if (state === null || typeof state !== "object" || Array.isArray(state)) {
      throw new TypeError(`${where}expected an object, got ${describe(state)}`);
    }
    const raw = decodePlain(state) as Record<string, unknown>;
    this._checkState(raw, where);
    this._assignState(raw);
  }

  /** @ignore @ignore The fields' values, copied, keyed as in the state dict. */
  _rawState(): Record<string, unknown> {
    const self = this as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const prop of Object.keys(this._fields())) out[key(prop)] = copyValue(self[prop]);
    return out;
  }

  /** @ignore @ignore Checks a state dict's fields; `where` prefixes the errors. */
  _checkState(raw: Record<string, unknown>, where: string): void {
    const fields = Object.fromEntries(
      Object.entries(this._fields()).map(([prop, check]) => [key(prop), check]),
    );
    for (const k of Object.keys(raw)) {
      if (!(k in fields)) {
        throw new TypeError(
          `${where}unexpected key '${k}' (a ${this.constructor.name} state has ${
            Object.keys(fields).map((x) => `'${x}'`).join(", ")
          })`,
        );
      }
    }
    for (const k of Object.keys(fields)) {
      if (!(k in raw)) throw new TypeError(`${where}missing key '${k}'`);
    }
    checkFields(raw, fields, where);
  }

  /** @ignore @ignore Assigns checked state dict fields. */
  _assignState(raw: Record<string, unknown>): void {
    const self = this as unknown as Record<string, unknown>;
    for (const prop of Object.keys(this._fields())) self[prop] = copyValue(raw[key(prop)]);
  }
}

/** A field's key in a state dict: its property name without a leading underscore. */
function key(prop: string): string {
  return prop.startsWith("_") ? prop.slice(1) : prop;
}

/** Options of {@linkcode StepLR}. */
export interface StepLROptions extends SchedulerOptions {
  /** Period of the decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

const positiveInteger = integerAtLeast(1);

/**
 * Multiplies each group's rate by `gamma` every `stepSize` epochs. PyTorch:
 * `torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SGD, StepLR } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(sched.getLastLr()[0]);
 *   opt.step();
 *   sched.step();
 * }
 * assert.deepEqual(lrs, [1, 1, 0.5, 0.5, 0.25]);
 * ```
 */
export class StepLR extends LRScheduler {
  /** Period of the decay. */
  stepSize: number;
  /** Multiplicative factor. */
  gamma: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `stepSize`, `gamma` (0.1), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: StepLROptions) {
    super(optimizer, options);
    const o = optionsOf("StepLR", { gamma: 0.1, lastEpoch: -1 }, options, ["stepSize"]);
    checkFields(o, { stepSize: positiveInteger, gamma: isNumber });
    this.stepSize = o.stepSize;
    this.gamma = o.gamma;
    this._initialStep();
  }

  /**
   * The state dict's fields: the base's, `stepSize` and `gamma`.
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return { ...super._fields(), stepSize: positiveInteger, gamma: isNumber };
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns The rates: times `gamma` at multiples of `stepSize`.
   * @ignore
   */
  protected _computeLr(): number[] {
    const e = this.lastEpoch;
    if (e === 0 || e % this.stepSize !== 0) return this._groups().map((g) => g.lr);
    return this._groups().map((g) => g.lr * this.gamma);
  }

  /**
   * The closed form.
   *
   * @returns `baseLr * gamma ** floor(lastEpoch / stepSize)`.
   * @ignore
   */
  protected override _closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** Options of {@linkcode MultiStepLR}. */
export interface MultiStepLROptions extends SchedulerOptions {
  /** Epoch indices at which the rate is multiplied by `gamma` (listed twice: twice). */
  milestones: number[];
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's rate by `gamma` when the epoch reaches a milestone. PyTorch:
 * `torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1)`
 * (a milestone listed twice multiplies by `gamma ** 2`, as PyTorch's `Counter`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MultiStepLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new MultiStepLR(opt, { milestones: [1, 3], gamma: 0.5 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(sched.getLastLr()[0]);
 *   opt.step();
 *   sched.step();
 * }
 * assert.deepEqual(lrs, [1, 0.5, 0.5, 0.25, 0.25]);
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** The milestones, sorted. */
  milestones: number[];
  /** Multiplicative factor. */
  gamma: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `milestones`, `gamma` (0.1), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: MultiStepLROptions) {
    super(optimizer, options);
    const o = optionsOf("MultiStepLR", { gamma: 0.1, lastEpoch: -1 }, options, ["milestones"]);
    checkFields(o, { milestones: integerArray, gamma: isNumber });
    this.milestones = o.milestones.slice().sort((a, b) => a - b);
    this.gamma = o.gamma;
    this._initialStep();
  }

  /**
   * The state dict's fields: the base's, `milestones` and `gamma`.
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return { ...super._fields(), milestones: integerArray, gamma: isNumber };
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns The rates: times `gamma` (once per listing) at a milestone.
   * @ignore
   */
  protected _computeLr(): number[] {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return this._groups().map((g) => g.lr);
    return this._groups().map((g) => g.lr * this.gamma ** count);
  }

  /**
   * The closed form.
   *
   * @returns `baseLr * gamma ** (milestones passed)`.
   * @ignore
   */
  protected override _closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}

/** Options of {@linkcode ExponentialLR}. */
export interface ExponentialLROptions extends SchedulerOptions {
  /** Multiplicative factor per epoch. */
  gamma: number;
}

/**
 * Multiplies each group's rate by `gamma` every epoch. PyTorch:
 * `torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma, last_epoch=-1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExponentialLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new ExponentialLR(opt, { gamma: 0.5 });
 * opt.step();
 * sched.step();
 * sched.step();
 * assert.deepEqual(sched.getLastLr(), [0.25]);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor. */
  gamma: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `gamma`, `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: ExponentialLROptions) {
    super(optimizer, options);
    const o = optionsOf("ExponentialLR", { lastEpoch: -1 }, options, ["gamma"]);
    isNumber(o.gamma, "gamma");
    this.gamma = o.gamma;
    this._initialStep();
  }

  /**
   * The state dict's fields: the base's and `gamma`.
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return { ...super._fields(), gamma: isNumber };
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns The rates times `gamma` (unchanged on the initial step).
   * @ignore
   */
  protected _computeLr(): number[] {
    if (this._isInitial) return this._groups().map((g) => g.lr);
    return this._groups().map((g) => g.lr * this.gamma);
  }

  /**
   * The closed form.
   *
   * @returns `baseLr * gamma ** lastEpoch`.
   * @ignore
   */
  protected override _closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}

/** Options of {@linkcode LinearLR}. */
export interface LinearLROptions extends SchedulerOptions {
  /** Factor of the rate at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor reached at `totalIters`, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs over which the factor moves (default 5). */
  totalIters?: number;
}

const startFactorCheck: Check = (v, key) => {
  isNumber(v, key);
  if ((v as number) > 1 || (v as number) <= 0) {
    throw new RangeError(
      "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.",
    );
  }
};

const endFactorCheck: Check = (v, key) => {
  isNumber(v, key);
  if ((v as number) > 1 || (v as number) < 0) {
    throw new RangeError("Ending multiplicative factor expected to be between 0 and 1.");
  }
};

/**
 * Multiplies each group's rate by a factor that moves linearly from `startFactor` to
 * `endFactor` over `totalIters` epochs (a warm-up, typically). PyTorch:
 * `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1/3, end_factor=1.0,
 * total_iters=5, last_epoch=-1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LinearLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new LinearLR(opt, { startFactor: 0.25, totalIters: 3 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(sched.getLastLr()[0]);
 *   opt.step();
 *   sched.step();
 * }
 * assert.deepEqual(lrs, [0.25, 0.5, 0.75, 1, 1]);
 * ```
 */
export class LinearLR extends LRScheduler {
  /** Factor at epoch 0. */
  startFactor: number;
  /** Factor at `totalIters`. */
  endFactor: number;
  /** Length of the ramp, in epochs. */
  totalIters: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `startFactor` (1/3), `endFactor` (1), `totalIters` (5), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: LinearLROptions = {}) {
    super(optimizer, options);
    const o = optionsOf("LinearLR", {
      startFactor: 1 / 3,
      endFactor: 1,
      totalIters: 5,
      lastEpoch: -1,
    }, options);
    checkFields(o, LINEAR_CHECKS);
    this.startFactor = o.startFactor;
    this.endFactor = o.endFactor;
    this.totalIters = o.totalIters;
    this._initialStep();
  }

  /**
   * The state dict's fields: the base's, the factors and `totalIters`.
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return { ...super._fields(), ...LINEAR_CHECKS };
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns PyTorch's chainable form of the linear ramp.
   * @ignore
   */
  protected _computeLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    const groups = this._groups();
    if (t === 0) return groups.map((g) => g.lr * s);
    if (this._isInitial || t > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  /**
   * The closed form.
   *
   * @returns `baseLr * (start + (end - start) * min(totalIters, lastEpoch) / totalIters)`.
   * @ignore
   */
  protected override _closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(n, t)) / n));
  }
}

const LINEAR_CHECKS: Record<string, Check> = {
  startFactor: startFactorCheck,
  endFactor: endFactorCheck,
  totalIters: positiveInteger,
};

/** Options of {@linkcode CosineAnnealingLR}. */
export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** Number of epochs of a half cosine period. PyTorch: `T_max`. */
  tMax: number;
  /** Minimum learning rate (default 0). PyTorch: `eta_min`. */
  etaMin?: number;
}

const positive: Check = (v, key) => {
  isNumber(v, key);
  if (!((v as number) > 0)) throw new RangeError(`${key} must be positive, got ${v}`);
};

/**
 * Anneals each group's rate along a cosine from its initial value to `etaMin` over `tMax`
 * epochs (and back up after, without restarts), with PyTorch's recursive update. PyTorch:
 * `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0, last_epoch=-1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CosineAnnealingLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new CosineAnnealingLR(opt, { tMax: 2 });
 * opt.step();
 * sched.step();
 * assert.ok(Math.abs(sched.getLastLr()[0] - 0.5) < 1e-15);
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half period, in epochs. */
  tMax: number;
  /** Minimum learning rate. */
  etaMin: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `tMax`, `etaMin` (0), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: CosineAnnealingLROptions) {
    super(optimizer, options);
    const o = optionsOf("CosineAnnealingLR", { etaMin: 0, lastEpoch: -1 }, options, ["tMax"]);
    checkFields(o, { tMax: positive, etaMin: isNumber });
    this.tMax = o.tMax;
    this.etaMin = o.etaMin;
    this._initialStep();
  }

  /**
   * The state dict's fields: the base's, `tMax` and `etaMin`.
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return { ...super._fields(), tMax: positive, etaMin: isNumber };
  }

  /**
   * The new learning rates, one per group (per group with a base rate in the branches that
   * use it, as PyTorch's `zip`).
   *
   * @returns PyTorch 2.x's recursive cosine update.
   * @ignore
   */
  protected _computeLr(): number[] {
    const groups = this._groups();
    const { tMax, etaMin, lastEpoch: e } = this;
    if (this._isInitial) return groups.map((g) => g.lr);
    if (this._stepCount === 1 && e > 0) return this._closedFormLr();
    const period = 2 * tMax;
    if ((((e - 1 - tMax) % period) + period) % period === 0) {
      return this.baseLrs.slice(0, groups.length).map((b, i) =>
        groups[i].lr + ((b - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2
      );
    }
    return groups.map((g) =>
      ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) *
        (g.lr - etaMin) + etaMin
    );
  }

  /**
   * The closed form.
   *
   * @returns `etaMin + (baseLr - etaMin) (1 + cos(π lastEpoch / tMax)) / 2`.
   * @ignore
   */
  protected override _closedFormLr(): number[] {
    const { tMax, etaMin, lastEpoch: e } = this;
    return this.baseLrs.map((b) =>
      etaMin + ((b - etaMin) * (1 + Math.cos((e * Math.PI) / tMax))) / 2
    );
  }
}

/** A multiplicative factor of the initial rate, given the epoch. */
export type LRLambda = (epoch: number) => number;

/** Options of {@linkcode LambdaLR}. */
export interface LambdaLROptions extends SchedulerOptions {
  /** One function for every group, or one per group. Each must be synchronous. */
  lrLambda: LRLambda | LRLambda[];
}

/**
 * Sets each group's rate to its initial rate times `lrLambda(epoch)`. PyTorch:
 * `torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda, last_epoch=-1)`. The functions must
 * be synchronous and return numbers: an async function is refused when the scheduler is made,
 * and a step whose function returns something else throws a TypeError and changes nothing. The
 * functions are not part of the state dict (PyTorch saves plain functions as `None` too).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LambdaLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 2 });
 * const sched = new LambdaLR(opt, { lrLambda: (epoch) => 1 / (epoch + 1) });
 * opt.step();
 * sched.step();
 * assert.deepEqual(sched.getLastLr(), [1]);
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One function per group. */
  readonly lrLambdas: LRLambda[];

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `lrLambda` (a function, or one per group), `lastEpoch`; or `lrLambda` alone.
   */
  constructor(optimizer: LROptimizer, options: LambdaLROptions | LRLambda | LRLambda[]) {
    const given: unknown = options;
    const opts =
      (given !== null && typeof given === "object" && !Array.isArray(given)
        ? given
        : { lrLambda: given }) as LambdaLROptions;
    super(optimizer, opts);
    optionsOf("LambdaLR", { lastEpoch: -1 }, opts, ["lrLambda"]);
    const n = optimizer.paramGroups.length;
    const l = opts?.lrLambda;
    let lambdas: LRLambda[];
    if (Array.isArray(l)) {
      if (l.length !== n) throw new RangeError(`Expected ${n} lr_lambdas, but got ${l.length}`);
      lambdas = l.slice();
    } else lambdas = new Array<LRLambda>(n).fill(l as LRLambda);
    lambdas.forEach((f, i) => checkSyncFunction(f, `lrLambda[${i}]`));
    this.lrLambdas = lambdas;
    this._initialStep();
  }

  /**
   * The new learning rates, one per group that has a base rate.
   *
   * @returns `baseLr * lrLambda(lastEpoch)` per group.
   * @ignore
   */
  protected _computeLr(): number[] {
    return this.baseLrs.map((b, i) => {
      const what = `lrLambda[${i}](${this.lastEpoch})`;
      const factor = syncResult(this.lrLambdas[i](this.lastEpoch), what);
      isNumber(factor, what);
      return b * factor;
    });
  }
}
