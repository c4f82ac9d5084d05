/**
 * `CosineAnnealingWarmRestarts`: cosine annealing that restarts from the initial rates every
 * `T_i` epochs, with periods growing by `T_mult` (SGDR).
 *
 * @module
 */

import { type Check, checkFields, isNumber, optionsOf } from "./check.ts";
import { type LROptimizer, LRScheduler, type SchedulerOptions } from "./lr_scheduler.ts";

/** Options of {@linkcode CosineAnnealingWarmRestarts}. */
export interface CosineAnnealingWarmRestartsOptions extends SchedulerOptions {
  /** Epochs until the first restart (a positive integer). PyTorch: `T_0`. */
  t0: number;
  /** Factor by which the period grows after each restart (an integer ≥ 1, default 1). */
  tMult?: number;
  /** Minimum learning rate (default 0). PyTorch: `eta_min`. */
  etaMin?: number;
}

const t0Check: Check = (v) => {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new RangeError(`Expected positive integer T_0, but got ${v}`);
  }
};
const tMultCheck: Check = (v) => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new RangeError(`Expected integer T_mult >= 1, but got ${v}`);
  }
};

/**
 * Sets each group's rate along a cosine from its initial rate to `etaMin`, restarting every
 * `tI` epochs (`tI` starts at `t0` and is multiplied by `tMult` at each restart). PyTorch:
 * `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0,
 * last_epoch=-1)`. `step(epoch)` may be given a fractional epoch (`epoch + i / iters` within an
 * epoch), without the deprecation warning other schedulers give.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CosineAnnealingWarmRestarts, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new CosineAnnealingWarmRestarts(opt, { t0: 2 });
 * const lrs: number[] = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(Math.round(sched.getLastLr()[0] * 1e12) / 1e12);
 *   opt.step();
 *   sched.step();
 * }
 * assert.deepEqual(lrs, [1, 0.5, 1, 0.5, 1]);
 * ```
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** Epochs until the first restart. PyTorch: `T_0`. */
  t0: number;
  /** The current period. PyTorch: `T_i`. */
  tI: number;
  /** Growth factor of the period. PyTorch: `T_mult`. */
  tMult: number;
  /** Minimum learning rate. */
  etaMin: number;
  /** Epochs since the last restart (fractional with `step(epoch)`). PyTorch: `T_cur`. */
  tCur: number;

  /**
   * Creates the schedule and performs its initial step.
   *
   * @param optimizer The optimizer.
   * @param options `t0`, `tMult` (1), `etaMin` (0), `lastEpoch`.
   */
  constructor(optimizer: LROptimizer, options: CosineAnnealingWarmRestartsOptions) {
    super(optimizer, options);
    const o = optionsOf(
      "CosineAnnealingWarmRestarts",
      { tMult: 1, etaMin: 0, lastEpoch: -1 },
      options,
      [
        "t0",
      ],
    );
    checkFields(o, { t0: t0Check, tMult: tMultCheck, etaMin: isNumber });
    this.t0 = o.t0;
    this.tI = o.t0;
    this.tMult = o.tMult;
    this.etaMin = o.etaMin;
    this.tCur = this.lastEpoch;
    this._initialStep();
  }

  /**
   * The state dict's fields: the base's and the cosine's.
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return {
      ...super._fields(),
      t0: t0Check,
      tI: isNumber,
      tMult: tMultCheck,
      etaMin: isNumber,
      tCur: isNumber,
    };
  }

  /**
   * The rates at `tCur` into the period `tI`, one per group with a base rate.
   *
   * @returns `etaMin + (baseLr - etaMin) (1 + cos(π tCur / tI)) / 2`.
   * @ignore
   */
  protected _computeLr(): number[] {
    const { etaMin, tCur, tI } = this;
    return this.baseLrs.map((b) =>
      etaMin + ((b - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2
    );
  }

  /**
   * Advances one epoch, or moves to `epoch` (fractional allowed), and sets the rates. PyTorch:
   * `CosineAnnealingWarmRestarts.step(epoch=None)`. Nothing changes if it throws.
   *
   * @param epoch The epoch to move to (default: the next one).
   */
  override step(epoch?: number): void {
    if (epoch !== undefined) {
      isNumber(epoch, "epoch");
      if (!(epoch >= 0)) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
    }
    this._atomically(() => {
      let e = epoch;
      if (e === undefined && this.lastEpoch < 0) e = 0;
      if (e === undefined) {
        e = this.lastEpoch + 1;
        this.tCur = this.tCur + 1;
        if (this.tCur >= this.tI) {
          this.tCur = this.tCur % this.tI;
          this.tI = this.tI * this.tMult;
        }
      } else if (e >= this.t0) {
        if (this.tMult === 1) this.tCur = e % this.t0;
        else {
          const n = Math.trunc(
            Math.log((e / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult),
          );
          this.tCur = e - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.tI = this.t0 * this.tMult ** n;
        }
      } else {
        this.tI = this.t0;
        this.tCur = e;
      }
      this.lastEpoch = Math.floor(e);
      this._setLr(this._computeLr());
    });
  }
}
