/**
 * `OneCycleLR`: the 1cycle policy — the rate climbs from `maxLr / divFactor` to `maxLr` and
 * anneals to far below, while the momentum moves the other way.
 *
 * @module
 */

import {
  type Check,
  checkFields,
  integerAtLeast,
  isBoolean,
  isNumber,
  oneOf,
  optionsOf,
} from "./check.ts";
import { type LROptimizer, LRScheduler, type SchedulerGroup } from "./lr_scheduler.ts";

/** Options of {@linkcode OneCycleLR}. */
export interface OneCycleLROptions {
  /** The peak rate: one for all groups, or one per group. */
  maxLr: number | number[];
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  /** Epochs (with `stepsPerEpoch`, when `totalSteps` is not given). */
  epochs?: number;
  /** Steps per epoch (with `epochs`). */
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the rate (default 0.3). */
  pctStart?: number;
  /** `"cos"` (default) or `"linear"` annealing. */
  annealStrategy?: "cos" | "linear";
  /** Cycle the momentum (SGD's `momentum`, or Adam's `betas[0]`) inversely (default `true`). */
  cycleMomentum?: boolean;
  /** The momentum at the peak rate: one, or one per group (default 0.85). */
  baseMomentum?: number | number[];
  /** The momentum at the lowest rates: one, or one per group (default 0.95). */
  maxMomentum?: number | number[];
  /** The initial rate is `maxLr / divFactor` (default 25). */
  divFactor?: number;
  /** The final rate is the initial rate divided by this (default 1e4). */
  finalDivFactor?: number;
  /** Three phases: up, back down to the initial rate, then to the final rate (default false). */
  threePhase?: boolean;
  /** Index of the last step when resuming (default -1). */
  lastEpoch?: number;
}

/** One phase of the cycle: where it ends and which group values it goes between. */
interface Phase {
  end: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

/**
 * The 1cycle learning-rate policy, stepped after every batch. PyTorch:
 * `torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None,
 * steps_per_epoch=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True,
 * base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4,
 * three_phase=False, last_epoch=-1)`. On a fresh start it records in every group `initialLr`
 * (`maxLr / divFactor`), `maxLr`, `minLr` (`initialLr / finalDivFactor`) and, with
 * `cycleMomentum`, `maxMomentum` and `baseMomentum`; each step reads them back, so a group added
 * later (which has none) is refused by the next step, as in PyTorch. Stepping past
 * `totalSteps` throws and changes nothing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OneCycleLR, SGD } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 * const opt = new SGD([tensor([1], { dtype: "float32", requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const sched = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10, annealStrategy: "linear" });
 * assert.deepEqual(sched.getLastLr(), [0.04]); // maxLr / 25
 * assert.equal(opt.paramGroups[0].momentum, 0.95);
 * for (let i = 0; i < 2; i++) {
 *   opt.step();
 *   sched.step();
 * }
 * assert.deepEqual(sched.getLastLr(), [1]); // the peak, at pctStart · 10 - 1 = 2
 * assert.equal(opt.paramGroups[0].momentum, 0.85);
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** Steps in the cycle. */
  totalSteps: number;
  /** Fraction of the cycle spent raising the rate. */
  pctStart: number;
  /** `"cos"` or `"linear"`. */
  annealStrategy: "cos" | "linear";
  /** Three phases instead of two. */
  threePhase: boolean;
  /** Whether the momentum is cycled. */
  cycleMomentum: boolean;
  /** Whether the momentum is Adam's `betas[0]` (else SGD's `momentum`). */
  useBeta1: boolean;

  /**
   * Checks the options, records the cycle's values in the groups and performs the initial
   * step; nothing changes if an option is refused.
   *
   * @param optimizer The optimizer.
   * @param options See {@linkcode OneCycleLROptions}.
   */
  constructor(optimizer: LROptimizer, options: OneCycleLROptions) {
    super(optimizer, { lastEpoch: options?.lastEpoch });
    const o = optionsOf(
      "OneCycleLR",
      {
        pctStart: 0.3,
        annealStrategy: "cos" as "cos" | "linear",
        cycleMomentum: true,
        baseMomentum: 0.85 as number | number[],
        maxMomentum: 0.95 as number | number[],
        divFactor: 25,
        finalDivFactor: 1e4,
        threePhase: false,
        lastEpoch: -1,
      },
      options,
      ["maxLr", "totalSteps", "epochs", "stepsPerEpoch"],
    );
    if (o.totalSteps !== undefined) {
      if (!Number.isInteger(o.totalSteps) || o.totalSteps <= 0) {
        throw new RangeError(`Expected positive integer total_steps, but got ${o.totalSteps}`);
      }
      this.totalSteps = o.totalSteps;
    } else if (o.epochs !== undefined && o.stepsPerEpoch !== undefined) {
      if (!Number.isInteger(o.epochs) || o.epochs <= 0) {
        throw new RangeError(`Expected positive integer epochs, but got ${o.epochs}`);
      }
      if (!Number.isInteger(o.stepsPerEpoch) || o.stepsPerEpoch <= 0) {
        throw new RangeError(
          `Expected positive integer steps_per_epoch, but got ${o.stepsPerEpoch}`,
        );
      }
      this.totalSteps = o.epochs * o.stepsPerEpoch;
    } else {
      throw new TypeError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    }
    checkFields(o, {
      pctStart: pctStartCheck,
      annealStrategy: oneOf(["cos", "linear"]),
      cycleMomentum: isBoolean,
      threePhase: isBoolean,
      divFactor: isNumber,
      finalDivFactor: isNumber,
    });
    const maxLrs = perGroup("maxLr", optimizer, o.maxLr);
    const defaults = optimizer.defaults as Record<string, unknown>;
    const useBeta1 = "betas" in defaults;
    let momenta: [number[], number[]] = [[], []];
    if (o.cycleMomentum) {
      if (!("momentum" in defaults) && !useBeta1) {
        throw new TypeError(
          "optimizer must support momentum or beta1 with `cycle_momentum` option enabled",
        );
      }
      momenta = [
        perGroup("maxMomentum", optimizer, o.maxMomentum),
        perGroup("baseMomentum", optimizer, o.baseMomentum),
      ];
    }
    this.pctStart = o.pctStart;
    this.annealStrategy = o.annealStrategy;
    this.threePhase = o.threePhase;
    this.cycleMomentum = o.cycleMomentum;
    this.useBeta1 = useBeta1;
    this._atomically(() => {
      if (this.lastEpoch === -1) {
        this._groups().forEach((g, i) => {
          g.initialLr = maxLrs[i] / o.divFactor;
          g.maxLr = maxLrs[i];
          g.minLr = g.initialLr / o.finalDivFactor;
          if (o.cycleMomentum) {
            this.#setMomentum(g, momenta[0][i]);
            g.maxMomentum = momenta[0][i];
            g.baseMomentum = momenta[1][i];
          }
        });
      }
      this._initialStep();
    });
  }

  /**
   * The state dict's fields: the base's and the cycle's.
   *
   * @returns A check per field.
   * @ignore
   */
  protected override _fields(): Record<string, Check> {
    return {
      ...super._fields(),
      totalSteps: integerAtLeast(1),
      pctStart: pctStartCheck,
      annealStrategy: oneOf(["cos", "linear"]),
      threePhase: isBoolean,
      cycleMomentum: isBoolean,
      useBeta1: isBoolean,
    };
  }

  /** Writes a momentum into a group: Adam's `betas[0]` or SGD's `momentum`. */
  #setMomentum(g: SchedulerGroup, m: number): void {
    if (this.useBeta1) g.betas = [m, (g.betas as number[])[1]];
    else g.momentum = m;
  }

  /** The phases, as PyTorch's `_schedule_phases`. */
  #phases(): Phase[] {
    const n = this.totalSteps;
    const up = this.pctStart * n - 1;
    const phase = (end: number, lr: [string, string], m: [string, string]): Phase => ({
      end,
      startLr: lr[0],
      endLr: lr[1],
      startMomentum: m[0],
      endMomentum: m[1],
    });
    if (this.threePhase) {
      return [
        phase(up, ["initialLr", "maxLr"], ["maxMomentum", "baseMomentum"]),
        phase(2 * this.pctStart * n - 2, ["maxLr", "initialLr"], ["baseMomentum", "maxMomentum"]),
        phase(n - 1, ["initialLr", "minLr"], ["maxMomentum", "maxMomentum"]),
      ];
    }
    return [
      phase(up, ["initialLr", "maxLr"], ["maxMomentum", "baseMomentum"]),
      phase(n - 1, ["maxLr", "minLr"], ["baseMomentum", "maxMomentum"]),
    ];
  }

  /**
   * The rate of every group at this step (and its momentum, written into the group).
   *
   * @returns One rate per group.
   * @ignore
   */
  protected _computeLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new RangeError(
        `Tried to step ${step} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    const phases = this.#phases();
    const anneal = this.annealStrategy === "cos" ? annealCos : annealLinear;
    return this._groups().map((g, gi) => {
      const value = (k: string): number => {
        if (typeof g[k] !== "number") {
          throw new RangeError(
            `OneCycleLR: param_groups[${gi}] has no '${k}' (a group added after the scheduler was made has none; PyTorch raises KeyError)`,
          );
        }
        return g[k] as number;
      };
      let start = 0;
      for (let i = 0; i < phases.length; i++) {
        const ph = phases[i];
        if (step <= ph.end || i === phases.length - 1) {
          const pct = (step - start) / (ph.end - start);
          const lr = anneal(value(ph.startLr), value(ph.endLr), pct);
          if (this.cycleMomentum) {
            this.#setMomentum(g, anneal(value(ph.startMomentum), value(ph.endMomentum), pct));
          }
          return lr;
        }
        start = ph.end;
      }
      return g.lr; // not reached: the last phase always matches
    });
  }
}

const pctStartCheck: Check = (v) => {
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
    throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${v}`);
  }
};

/** PyTorch's `_format_param`: one value per group. */
function perGroup(name: string, optimizer: LROptimizer, v: unknown): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(v)) {
    if (v.length !== n) {
      throw new RangeError(
        `${name} must have the same length as optimizer.param_groups. ${name} has ${v.length} values, param_groups has ${n}.`,
      );
    }
    v.forEach((x, i) => isNumber(x, `${name}[${i}]`));
    return v.slice();
  }
  isNumber(v, name);
  return new Array<number>(n).fill(v as number);
}

/** Cosine annealing from `start` to `end` as `pct` goes from 0 to 1. */
function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}

/** Linear annealing from `start` to `end` as `pct` goes from 0 to 1. */
function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
