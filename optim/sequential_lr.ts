/**
 * `SequentialLR`: hands the schedule over from one scheduler to the next at given epochs.
 *
 * @module
 */

import {
  type Check,
  describe,
  integerArray,
  integerAtLeast,
  numberArray,
  optionsOf,
} from "./check.ts";
import { type LROptimizer, LRScheduler, type SchedulerGroup } from "./lr_scheduler.ts";
import { ReduceLROnPlateau } from "./reduce_lr_on_plateau.ts";

/** Options of {@linkcode SequentialLR}. */
export interface SequentialLROptions {
  /** The schedulers, in order; each must wrap the same optimizer. */
  schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than the schedulers). */
  milestones: number[];
  /** Index of the last epoch (default -1). */
  lastEpoch?: number;
}

/**
 * Runs `schedulers[0]` until `milestones[0]`, then `schedulers[1]` (started afresh, in closed
 * form at its epoch 0) until `milestones[1]`, and so on. Construction resets every group's rate
 * to its `initialLr`, undoes the initial steps the schedulers took when they were made, and
 * performs the first scheduler's initial step. PyTorch 2.x:
 * `torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers, milestones, last_epoch=-1)`.
 * Its state dict holds the schedulers' state dicts under `schedulers`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExponentialLR, LinearLR, SequentialLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const warmup = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
 * const decay = new ExponentialLR(opt, { gamma: 0.5 });
 * const sched = new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [2] });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(sched.getLastLr()[0]);
 *   opt.step();
 *   sched.step();
 * }
 * assert.deepEqual(lrs, [0.5, 0.75, 1, 0.5, 0.25]);
 * ```
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers. */
  readonly schedulers: readonly LRScheduler[];
  /** The hand-over epochs. */
  milestones: number[];

  /**
   * Checks the schedulers and milestones, then starts the first scheduler afresh.
   *
   * @param optimizer The optimizer all schedulers wrap.
   * @param options `schedulers`, `milestones`, `lastEpoch` (-1).
   */
  constructor(optimizer: LROptimizer, options: SequentialLROptions) {
    super(optimizer);
    const o = optionsOf("SequentialLR", { lastEpoch: -1 }, options, ["schedulers", "milestones"]);
    const schedulers: unknown = o.schedulers;
    if (!Array.isArray(schedulers) || schedulers.length < 1) {
      throw new RangeError("SequentialLR expects at least one scheduler, but got no scheduler.");
    }
    schedulers.forEach((s: unknown, i) => {
      if (!(s instanceof LRScheduler)) {
        throw new TypeError(
          `SequentialLR at index ${i} should have \`optimizer\` as its attribute (got ${
            describe(s)
          }).`,
        );
      }
      if (s instanceof ReduceLROnPlateau) {
        throw new TypeError(
          `SequentialLR does not support \`ReduceLROnPlateau\` scheduler as it requires additional kwargs to be specified when calling \`step\`, but got one at index ${i} in the given schedulers sequence.`,
        );
      }
      if (s.optimizer !== optimizer) {
        throw new RangeError(
          `SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler ${s.constructor.name} at index ${i} has another optimizer.`,
        );
      }
    });
    integerArray(o.milestones, "milestones");
    if (o.milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${o.milestones.length}`,
      );
    }
    integerAtLeast(-1)(o.lastEpoch, "lastEpoch");
    const groups = optimizer.paramGroups as unknown as SchedulerGroup[];
    groups.forEach((g, i) => {
      if (typeof g.initialLr !== "number") {
        throw new RangeError(`param 'initial_lr' is not specified in param_groups[${i}]`);
      }
    });
    this.schedulers = schedulers.slice();
    this.milestones = o.milestones.slice();
    this.lastEpoch = o.lastEpoch + 1;
    this._atomically(() => {
      for (const g of groups) g.lr = g.initialLr!;
      undo(this);
      this.schedulers[0]._initialStep();
      this._lastLr = this.schedulers[0].getLastLr();
    });
  }

  /**
   * The state dict's own fields (the schedulers' states are added under `schedulers`).
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return {
      lastEpoch: integerAtLeast(-1),
      milestones: integerArray,
      _lastLr: numberArray(this.optimizer.paramGroups.length),
    };
  }

  /**
   * Unused: the schedulers compute the rates.
   *
   * @returns The current rates.
   * @ignore
   */
  protected _computeLr(): number[] {
    return this._groups().map((g) => g.lr);
  }

  /**
   * Advances one epoch: steps the scheduler whose turn it is, or starts the next one at a
   * milestone. PyTorch: `SequentialLR.step()`. Nothing changes if it throws.
   */
  override step(): void {
    this._atomically(() => {
      this.lastEpoch++;
      const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
      const scheduler = this.schedulers[idx];
      if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler._updateLr(0);
      else scheduler.step();
      this._lastLr = scheduler.getLastLr();
    });
  }

  /** @ignore @ignore The own fields and the schedulers' states. */
  override _rawState(): Record<string, unknown> {
    return { ...super._rawState(), schedulers: this.schedulers.map((s) => s._rawState()) };
  }

  /** @ignore @ignore Checks the own fields and each scheduler's state. */
  override _checkState(raw: Record<string, unknown>, where: string): void {
    const { schedulers, ...own } = raw;
    super._checkState(own, where);
    if (!Array.isArray(schedulers) || schedulers.length !== this.schedulers.length) {
      throw new TypeError(
        `${where}schedulers must be an array of ${this.schedulers.length} scheduler states, got ${
          describe(schedulers)
        }`,
      );
    }
    schedulers.forEach((s: unknown, i) => {
      if (s === null || typeof s !== "object" || Array.isArray(s)) {
        throw new TypeError(`${where}schedulers[${i}] must be an object, got ${describe(s)}`);
      }
      this.schedulers[i]._checkState(s as Record<string, unknown>, `${where}schedulers[${i}].`);
    });
  }

  /** @ignore @ignore Assigns the own fields and each scheduler's state. */
  override _assignState(raw: Record<string, unknown>): void {
    const { schedulers, ...own } = raw;
    super._assignState(own);
    (schedulers as Record<string, unknown>[]).forEach((s, i) => this.schedulers[i]._assignState(s));
  }
}

/** PyTorch's `recursive_undo`: one epoch back for every scheduler inside `s`. */
function undo(s: LRScheduler): void {
  if (s instanceof SequentialLR) { for (const c of s.schedulers) undo(c); }
  else s.lastEpoch -= 1;
}
