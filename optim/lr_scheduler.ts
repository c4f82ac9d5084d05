/**
 * Learning-rate schedulers over any optimizer: `StepLR`, `ExponentialLR`, `CosineAnnealingLR`,
 * `LambdaLR`, with PyTorch 2.x's chainable (recursive) updates.
 *
 * @module
 */

import { warnOnce } from "@descent/autograd";
import { Optimizer } from "./optimizer.ts";

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

/** A scheduler's state as plain data. PyTorch: `LRScheduler.state_dict()`. */
export interface SchedulerStateDict {
  /** The index of the last epoch. */
  lastEpoch: number;
  /** The learning rates the schedule starts from. */
  baseLrs: number[];
  /** How many times `step()` ran (the initial step included). */
  stepCount: number;
  /** The learning rates set by the last step. */
  lastLr: number[];
}

const ORDER_WARNING =
  "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

/** A parameter group as the schedulers see it: its `lr`, and the `initialLr` they record. */
export type SchedulerGroup = { lr: number; initialLr?: number } & Record<string, unknown>;

/**
 * Base class of the learning-rate schedulers. PyTorch: `torch.optim.lr_scheduler.LRScheduler`.
 * Construction performs the initial step (epoch 0) — a subclass's constructor ends with
 * `this._initialStep()`, once its own fields are set; each `step()` then advances one epoch and
 * writes the new rates into the optimizer's groups.
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
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
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
  baseLrs: number[];
  /** The index of the last epoch (0 after construction). */
  lastEpoch: number;
  /** @internal How many times `step()` ran, the initial step included. */
  _stepCount = 0;
  /** @internal Whether the initial step is running. */
  protected _isInitial = false;
  #lastLr: number[] = [];
  #optStepsAtStart: number;

  /**
   * Wraps `optimizer`; on a fresh start records each group's `lr` as its `initialLr`.
   *
   * @param optimizer The optimizer.
   * @param options `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: SchedulerOptions = {}) {
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(`${optimizer === null ? "null" : typeof optimizer} is not an Optimizer`);
    }
    const lastEpoch = options.lastEpoch ?? -1;
    if (!Number.isInteger(lastEpoch)) {
      throw new TypeError(`lastEpoch must be an integer, got ${lastEpoch}`);
    }
    this.optimizer = optimizer;
    const groups = this._groups();
    if (lastEpoch === -1) {
      for (const g of groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new RangeError(
            `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`,
          );
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    this.#optStepsAtStart = optimizer._stepCount;
  }

  /** @internal Runs the initial step; every subclass constructor ends with it. */
  protected _initialStep(): void {
    this._stepCount = 0;
    this._isInitial = true;
    try {
      this.step();
    } finally {
      this._isInitial = false;
    }
  }

  /** The optimizer's groups, typed for the schedulers. */
  protected _groups(): SchedulerGroup[] {
    return this.optimizer.paramGroups as unknown as SchedulerGroup[];
  }

  /**
   * The new learning rates, one per group (the chainable form, from the current rates).
   *
   * @returns One rate per group.
   */
  protected abstract _computeLr(): number[];

  /**
   * Advances one epoch and sets each group's `lr`. Call it after `optimizer.step()`.
   * PyTorch: `LRScheduler.step()`.
   */
  step(): void {
    if (this._stepCount === 1 && this.optimizer._stepCount === this.#optStepsAtStart) {
      warnOnce(ORDER_WARNING);
    }
    this._stepCount++;
    this.lastEpoch++;
    const values = this._computeLr();
    const groups = this._groups();
    for (let i = 0; i < groups.length; i++) groups[i].lr = values[i];
    this.#lastLr = groups.map((g) => g.lr);
  }

  /**
   * The learning rates set by the last step. PyTorch: `LRScheduler.get_last_lr()`.
   *
   * @returns One rate per group.
   */
  getLastLr(): number[] {
    return this.#lastLr.slice();
  }

  /**
   * The scheduler's state as plain data. PyTorch: `LRScheduler.state_dict()`.
   *
   * @returns The state.
   */
  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      baseLrs: this.baseLrs.slice(),
      stepCount: this._stepCount,
      lastLr: this.#lastLr.slice(),
    };
  }

  /**
   * Restores a state saved by {@linkcode LRScheduler.stateDict}. PyTorch:
   * `LRScheduler.load_state_dict(state_dict)`.
   *
   * @param state The saved state.
   */
  loadStateDict(state: SchedulerStateDict): void {
    this.lastEpoch = state.lastEpoch;
    this.baseLrs = state.baseLrs.slice();
    this._stepCount = state.stepCount;
    this.#lastLr = state.lastLr.slice();
  }
}

/** Options of {@linkcode StepLR}. */
export interface StepLROptions extends SchedulerOptions {
  /** Period of the decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's rate by `gamma` every `stepSize` epochs. PyTorch:
 * `torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SGD, StepLR } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
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
  readonly stepSize: number;
  /** Multiplicative factor. */
  readonly gamma: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `stepSize`, `gamma` (0.1), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: StepLROptions) {
    super(optimizer, options);
    const stepSize = options?.stepSize;
    if (typeof stepSize !== "number" || !Number.isInteger(stepSize) || stepSize <= 0) {
      throw new TypeError(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    }
    this.stepSize = stepSize;
    this.gamma = options.gamma ?? 0.1;
    this._initialStep();
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns The rates: times `gamma` at multiples of `stepSize`.
   */
  protected _computeLr(): number[] {
    const e = this.lastEpoch;
    if (e === 0 || e % this.stepSize !== 0) return this._groups().map((g) => g.lr);
    return this._groups().map((g) => g.lr * this.gamma);
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
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new ExponentialLR(opt, { gamma: 0.5 });
 * opt.step();
 * sched.step();
 * sched.step();
 * assert.deepEqual(sched.getLastLr(), [0.25]);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor. */
  readonly gamma: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `gamma`, `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: ExponentialLROptions) {
    super(optimizer, options);
    if (typeof options?.gamma !== "number") {
      throw new TypeError(`ExponentialLR: gamma must be a number, got ${options?.gamma}`);
    }
    this.gamma = options.gamma;
    this._initialStep();
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns The rates times `gamma` (unchanged on the initial step).
   */
  protected _computeLr(): number[] {
    if (this._isInitial) return this._groups().map((g) => g.lr);
    return this._groups().map((g) => g.lr * this.gamma);
  }
}

/** Options of {@linkcode CosineAnnealingLR}. */
export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** Number of epochs of a half cosine period. PyTorch: `T_max`. */
  tMax: number;
  /** Minimum learning rate (default 0). PyTorch: `eta_min`. */
  etaMin?: number;
}

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
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new CosineAnnealingLR(opt, { tMax: 2 });
 * opt.step();
 * sched.step();
 * assert.ok(Math.abs(sched.getLastLr()[0] - 0.5) < 1e-15);
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half period, in epochs. */
  readonly tMax: number;
  /** Minimum learning rate. */
  readonly etaMin: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `tMax`, `etaMin` (0), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: CosineAnnealingLROptions) {
    super(optimizer, options);
    if (typeof options?.tMax !== "number" || !(options.tMax > 0)) {
      throw new TypeError(
        `CosineAnnealingLR: tMax must be a positive number, got ${options?.tMax}`,
      );
    }
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this._initialStep();
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns PyTorch 2.x's recursive cosine update.
   */
  protected _computeLr(): number[] {
    const groups = this._groups();
    const { tMax, etaMin, lastEpoch: e } = this;
    if (this._isInitial) return groups.map((g) => g.lr);
    if (this._stepCount === 1 && e > 0) {
      return this.baseLrs.map((b) =>
        etaMin + ((b - etaMin) * (1 + Math.cos((e * Math.PI) / tMax))) / 2
      );
    }
    const period = 2 * tMax;
    if ((((e - 1 - tMax) % period) + period) % period === 0) {
      return groups.map((g, i) =>
        g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2
      );
    }
    return groups.map((g) =>
      ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) *
        (g.lr - etaMin) + etaMin
    );
  }
}

/** A multiplicative factor of the initial rate, given the epoch. */
export type LRLambda = (epoch: number) => number;

/** Options of {@linkcode LambdaLR}. */
export interface LambdaLROptions extends SchedulerOptions {
  /** One function for every group, or one per group. */
  lrLambda: LRLambda | LRLambda[];
}

/**
 * Sets each group's rate to its initial rate times `lrLambda(epoch)`. PyTorch:
 * `torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda, last_epoch=-1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LambdaLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 2 });
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
   * @param options `lrLambda` (a function, or one per group), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: LambdaLROptions | LRLambda) {
    const opts: LambdaLROptions = typeof options === "function" ? { lrLambda: options } : options;
    super(optimizer, opts);
    const n = optimizer.paramGroups.length;
    const l = opts?.lrLambda;
    let lambdas: LRLambda[];
    if (Array.isArray(l)) {
      if (l.length !== n) throw new RangeError(`Expected ${n} lr_lambdas, but got ${l.length}`);
      lambdas = l.slice();
    } else lambdas = new Array<LRLambda>(n).fill(l as LRLambda);
    for (const f of lambdas) {
      if (typeof f !== "function") {
        throw new TypeError(
          `lr_lambda should be a function, but got ${f === null ? "null" : typeof f}`,
        );
      }
    }
    this.lrLambdas = lambdas;
    this._initialStep();
  }

  /**
   * The new learning rates, one per group.
   *
   * @returns `baseLr * lrLambda(lastEpoch)` per group.
   */
  protected _computeLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i](this.lastEpoch));
  }
}
