/**
 * `ReduceLROnPlateau`: divides the learning rates when a watched metric stops improving.
 *
 * @module
 */

import { Tensor } from "@descent/tensor";
import {
  type Check,
  checkFields,
  describe,
  integerAtLeast,
  isNumber,
  numberArray,
  optionsOf,
} from "./check.ts";
import { type LROptimizer, LRScheduler } from "./lr_scheduler.ts";

/** Options of {@linkcode ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** `"min"` (default): the metric should fall; `"max"`: it should rise. */
  mode?: "min" | "max";
  /** Factor of the reduction, below 1 (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before a reduction (default 10). */
  patience?: number;
  /** The least change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** `"rel"` (default): relative to the best value; `"abs"`: absolute. */
  thresholdMode?: "rel" | "abs";
  /** Epochs after a reduction during which bad epochs are not counted (default 0). */
  cooldown?: number;
  /** Lower bound of the rates: one for all groups, or one per group (default 0). */
  minLr?: number | number[];
  /** A reduction smaller than this is skipped (default 1e-8). */
  eps?: number;
}

const factorCheck: Check = (v, key) => {
  isNumber(v, key);
  if (!((v as number) < 1)) throw new RangeError("Factor should be < 1.0.");
};
const modeCheck: Check = (v) => {
  if (v !== "min" && v !== "max") throw new TypeError(`mode ${String(v)} is unknown!`);
};
const thresholdModeCheck: Check = (v) => {
  if (v !== "rel" && v !== "abs") throw new TypeError(`threshold mode ${String(v)} is unknown!`);
};
const nullableNumber: Check = (v, key) => {
  if (v !== null) isNumber(v, key);
};
const count = integerAtLeast(0);

/**
 * Reduces each group's rate by `factor` once the metric passed to `step(metric)` has not
 * improved for more than `patience` epochs (by more than `threshold`), then waits `cooldown`
 * epochs. PyTorch 2.x: `torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min',
 * factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0,
 * eps=1e-8)`. A group added to the optimizer later gets the scalar `minLr` (a per-group list
 * must then be extended by hand, as in PyTorch). It makes no initial step and keeps no base
 * rates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReduceLROnPlateau, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 1 });
 * const sched = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
 * for (const validationLoss of [3, 2, 2, 2, 2, 2]) {
 *   opt.step();
 *   sched.step(validationLoss);
 * }
 * // 2 stops improving at the 3rd epoch: halved at the 2nd bad epoch (the 4th), again at the 6th
 * assert.deepEqual(sched.getLastLr(), [0.25]);
 * ```
 */
export class ReduceLROnPlateau extends LRScheduler {
  /** `"min"` or `"max"`. */
  mode: "min" | "max";
  /** Factor of a reduction. */
  factor: number;
  /** Bad epochs tolerated. */
  patience: number;
  /** The least improvement. */
  threshold: number;
  /** `"rel"` or `"abs"`. */
  thresholdMode: "rel" | "abs";
  /** Epochs to wait after a reduction. */
  cooldown: number;
  /** The lower bound of each group's rate. */
  minLrs: number[];
  /** The scalar `minLr`, or `null` when given per group. */
  defaultMinLr: number | null;
  /** Smallest reduction applied. */
  eps: number;
  /** The best metric so far. */
  best: number;
  /** Bad epochs so far. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;

  /**
   * Creates the scheduler (it changes no rate now).
   *
   * @param optimizer The optimizer.
   * @param options `mode`, `factor`, `patience`, `threshold`, `thresholdMode`, `cooldown`,
   *   `minLr`, `eps`.
   */
  constructor(optimizer: LROptimizer, options: ReduceLROnPlateauOptions = {}) {
    super(optimizer);
    const o = optionsOf("ReduceLROnPlateau", {
      mode: "min" as "min" | "max",
      factor: 0.1,
      patience: 10,
      threshold: 1e-4,
      thresholdMode: "rel" as "rel" | "abs",
      cooldown: 0,
      minLr: 0 as number | number[],
      eps: 1e-8,
    }, options);
    checkFields(o, {
      factor: factorCheck,
      mode: modeCheck,
      thresholdMode: thresholdModeCheck,
      patience: count,
      threshold: isNumber,
      cooldown: count,
      eps: isNumber,
    });
    const n = optimizer.paramGroups.length;
    if (Array.isArray(o.minLr)) {
      if (o.minLr.length !== n) {
        throw new RangeError(`expected ${n} min_lrs, got ${o.minLr.length}`);
      }
      numberArray(n)(o.minLr, "minLr");
      this.defaultMinLr = null;
      this.minLrs = o.minLr.slice();
    } else {
      isNumber(o.minLr, "minLr");
      this.defaultMinLr = o.minLr;
      this.minLrs = new Array<number>(n).fill(o.minLr);
    }
    this.mode = o.mode;
    this.factor = o.factor;
    this.patience = o.patience;
    this.threshold = o.threshold;
    this.thresholdMode = o.thresholdMode;
    this.cooldown = o.cooldown;
    this.eps = o.eps;
    this.lastEpoch = 0;
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this._lastLr = this._groups().map((g) => g.lr);
  }

  /**
   * The state dict's fields (no base rates or step count: this scheduler has none).
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return {
      mode: modeCheck,
      factor: factorCheck,
      patience: count,
      threshold: isNumber,
      thresholdMode: thresholdModeCheck,
      cooldown: count,
      minLrs: numberArray(),
      defaultMinLr: nullableNumber,
      eps: isNumber,
      best: isNumber,
      numBadEpochs: count,
      cooldownCounter: count,
      lastEpoch: integerAtLeast(-1),
      _lastLr: numberArray(this.optimizer.paramGroups.length),
    };
  }

  /**
   * Unused: {@linkcode ReduceLROnPlateau.step} decides.
   *
   * @returns The current rates.
   * @ignore
   */
  protected _computeLr(): number[] {
    return this._groups().map((g) => g.lr);
  }

  /** Whether `a` improves on `best`. */
  #isBetter(a: number, best: number): boolean {
    const { mode, thresholdMode, threshold } = this;
    if (mode === "min") {
      return thresholdMode === "rel" ? a < best * (1 - threshold) : a < best - threshold;
    }
    return thresholdMode === "rel" ? a > best * (threshold + 1) : a > best + threshold;
  }

  /**
   * Records one epoch's metric and reduces the rates after too many epochs without
   * improvement. PyTorch: `ReduceLROnPlateau.step(metrics)`. Nothing changes if it throws.
   *
   * @param metrics The metric: a number or a one-element tensor (a promise is refused: await
   *   it first).
   */
  override step(metrics?: number | Tensor): void {
    let current: number;
    if (typeof metrics === "number") current = metrics;
    else if (metrics instanceof Tensor && metrics.numel() === 1) current = metrics.item();
    else {
      throw new TypeError(
        `ReduceLROnPlateau.step() needs the metric, a number or a one-element Tensor, got ${
          describe(metrics)
        }`,
      );
    }
    const groups = this._groups();
    this._atomically(() => {
      const epoch = this.lastEpoch + 1;
      this.lastEpoch = epoch;
      if (this.#isBetter(current, this.best)) {
        this.best = current;
        this.numBadEpochs = 0;
      } else this.numBadEpochs++;
      if (this.cooldownCounter > 0) {
        this.cooldownCounter--;
        this.numBadEpochs = 0;
      }
      if (this.numBadEpochs > this.patience) {
        this.#reduce();
        this.cooldownCounter = this.cooldown;
        this.numBadEpochs = 0;
      }
      this._lastLr = groups.map((g) => g.lr);
    });
  }

  /** Multiplies each rate by `factor`, not below its `minLr`. */
  #reduce(): void {
    const groups = this._groups();
    if (groups.length !== this.minLrs.length) {
      if (this.defaultMinLr === null) {
        throw new Error(
          `The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was initialized (${this.minLrs.length}), usually due to a new param group being added to the optimizer. Please modify the \`minLrs\` field to match the length of the \`optimizer\` param groups.`,
        );
      }
      this.minLrs = new Array<number>(groups.length).fill(this.defaultMinLr);
    }
    groups.forEach((g, i) => {
      const old = g.lr;
      const reduced = old * this.factor;
      const lr = this.minLrs[i] > reduced ? this.minLrs[i] : reduced; // Python's max
      if (old - lr > this.eps) g.lr = lr;
    });
  }
}
