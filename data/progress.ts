/**
 * `Progress`: a progress display for training loops — epoch, step, mean loss, rate and ETA — as
 * one updating line on a terminal and plain lines when the output is piped.
 *
 * @module
 */

import { pyFormat } from "@descent/tensor";
import { describe } from "./collate.ts";

/** Options of {@linkcode Progress}. */
export interface ProgressOptions {
  /** The number of epochs, shown as `epoch 2/5` (default: unknown, `epoch 2`). */
  epochs?: number;
  /** Steps per epoch, e.g. `loader.length`: shown as `step 120/469`, and gives the ETA. */
  steps?: number;
  /** The epoch the display starts at (default 1), e.g. the next one of a resumed run. */
  firstEpoch?: number;
  /** Write nothing at all (default false). */
  silent?: boolean;
  /** Where text goes (default: standard error, written synchronously). */
  write?: (text: string) => void;
  /**
   * Whether `write` goes to a terminal: then one line is redrawn in place (`\r`, erase to the
   * end of the line) and ended at the end of each epoch; otherwise plain lines are written.
   * Default: whether standard error is a terminal when `write` is not given (false outside
   * Deno), else false.
   */
  isTerminal?: boolean;
  /** The clock, in milliseconds (default `performance.now`). */
  now?: () => number;
  /**
   * The least time between two lines within an epoch, in milliseconds (default 100 on a
   * terminal, 10 000 otherwise). The end of an epoch is always written.
   */
  interval?: number;
}

/**
 * A progress display for a training loop: call `step(loss)` after each step and `endEpoch()`
 * after each epoch. It shows the epoch, the step, the epoch's mean loss so far, the steps per
 * second and the time left in the epoch:
 *
 * ```text
 * epoch 2/5 | step 120/469 | loss 0.3412 | 152 steps/s | ETA 2.3 s
 * ```
 *
 * On a terminal that line is redrawn at most every `interval` (100 ms) and ended when the epoch
 * ends, where it shows the epoch's time instead of the ETA, and any metrics passed to
 * `endEpoch` (`| valLoss 0.3100`). When the output is piped it writes a plain line at most
 * every `interval` (10 s) and one at the end of each epoch; with `silent` nothing. PyTorch has
 * no progress display of its own; this is what `tqdm` or Keras' `Progbar` are used for.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Progress } from "@descent/data";
 *
 * const lines: string[] = [];
 * let t = 0;
 * const progress = new Progress({
 *   epochs: 2, steps: 4, isTerminal: false, write: (s) => lines.push(s), now: () => t,
 * });
 * for (let epoch = 0; epoch < 2; epoch++) {
 *   for (let step = 0; step < 4; step++) {
 *     t += 250; // a quarter of a second per step
 *     progress.step(1 / (step + 1));
 *   }
 *   progress.endEpoch({ valLoss: 0.31 });
 * }
 * assert.deepEqual(lines, [
 *   "epoch 1/2 | step 4/4 | loss 0.5208 | 4.00 steps/s | 1.0 s | valLoss 0.3100\n",
 *   "epoch 2/2 | step 4/4 | loss 0.5208 | 4.00 steps/s | 1.0 s | valLoss 0.3100\n",
 * ]);
 * ```
 */
export class Progress {
  #epochs: number | null;
  #steps: number | null;
  #silent: boolean;
  #write: (text: string) => void;
  #terminal: boolean;
  #now: () => number;
  #interval: number;
  #epoch = 1;
  #done = 0;
  #lossSum = 0;
  #lossCount = 0;
  #start: number;
  #lastStep: number;
  #lastWrite: number;

  /**
   * A display that starts counting the first epoch now.
   *
   * @param options `epochs`, `steps`, `firstEpoch`, `silent`, `write`, `isTerminal`, `now`, `interval`.
   * @throws {TypeError} If an option has the wrong type (a count that is not a positive
   * integer, a `write` or `now` that is not a function).
   */
  constructor(options: ProgressOptions = {}) {
    const { epochs, steps, firstEpoch, silent = false, write, isTerminal, now, interval } = options;
    const counts = [["epochs", epochs], ["steps", steps], ["firstEpoch", firstEpoch]] as const;
    for (const [key, v] of counts) {
      if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
        throw new TypeError(`Progress: ${key} must be a positive integer, got ${String(v)}`);
      }
    }
    for (const [key, v] of [["write", write], ["now", now]] as const) {
      if (v !== undefined && typeof v !== "function") {
        throw new TypeError(`Progress: ${key} must be a function, got ${describe(v)}`);
      }
    }
    if (interval !== undefined && !(interval >= 0)) {
      throw new TypeError(`Progress: interval must be a non-negative number, got ${interval}`);
    }
    const std = stderr();
    this.#epochs = epochs ?? null;
    this.#epoch = firstEpoch ?? 1;
    this.#steps = steps ?? null;
    this.#silent = Boolean(silent);
    this.#write = write ?? std.write;
    this.#terminal = isTerminal ?? (write === undefined && std.isTerminal);
    this.#now = now ?? (() => performance.now());
    this.#interval = interval ?? (this.#terminal ? 100 : 10_000);
    this.#start = this.#lastStep = this.#now();
    this.#lastWrite = this.#terminal ? -Infinity : this.#start;
  }

  /** The current epoch, from 1. */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Counts one step of the current epoch, with its loss if given (`loss.item()`), and redraws
   * the line if `interval` has passed since the last one.
   *
   * @param loss The step's loss; the line shows the epoch's mean.
   */
  step(loss?: number): void {
    this.#done++;
    if (loss !== undefined) {
      this.#lossSum += loss;
      this.#lossCount++;
    }
    const t = this.#lastStep = this.#now();
    if (this.#silent || t - this.#lastWrite < this.#interval) return;
    this.#lastWrite = t;
    this.#emit(this.#line(`ETA`), false);
  }

  /**
   * Ends the current epoch: writes its final line (with the epoch's time and `metrics`, each
   * as `name value`) and starts counting the next epoch.
   *
   * @param metrics Numbers to show at the end of the line, e.g. `{ valLoss: 0.31 }`.
   */
  endEpoch(metrics: Record<string, number> = {}): void {
    const t = this.#now();
    if (!this.#silent) {
      const extra = Object.entries(metrics).map(([k, v]) => ` | ${k} ${number(v)}`).join("");
      this.#emit(this.#line(duration((t - this.#start) / 1000)) + extra, true);
    }
    this.#epoch++;
    this.#done = this.#lossSum = this.#lossCount = 0;
    this.#start = this.#lastStep = t;
    this.#lastWrite = this.#terminal ? -Infinity : t;
  }

  /** The line: `time` is "ETA" (then the time left is computed) or the epoch's duration. */
  #line(time: string): string {
    const of = (n: number | null) => (n === null ? "" : `/${n}`);
    const parts = [
      `epoch ${this.#epoch}${of(this.#epochs)}`,
      `step ${this.#done}${of(this.#steps)}`,
    ];
    if (this.#lossCount > 0) parts.push(`loss ${number(this.#lossSum / this.#lossCount)}`);
    const seconds = (this.#lastStep - this.#start) / 1000;
    if (this.#done > 0 && seconds > 0) {
      const rate = this.#done / seconds;
      parts.push(rate >= 1 ? `${significant(rate)} steps/s` : `${significant(1 / rate)} s/step`);
      if (time !== "ETA") parts.push(time);
      else if (this.#steps !== null && this.#done <= this.#steps) {
        parts.push(`ETA ${duration((this.#steps - this.#done) / rate)}`);
      }
    } else if (time !== "ETA") parts.push(time);
    return parts.join(" | ");
  }

  #emit(line: string, end: boolean): void {
    if (this.#terminal) this.#write(`\r${line}\x1b[K${end ? "\n" : ""}`);
    else this.#write(line + "\n");
  }
}

/** A loss or metric: 4 decimals, or scientific notation for very small or large values. */
function number(x: number): string {
  const a = Math.abs(x);
  return pyFormat(x, 4, a !== 0 && (a < 1e-4 || a >= 1e8));
}

/** Three significant digits (no exponent). */
function significant(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** Seconds as `2.3 s` under a minute, else `m:ss` or `h:mm:ss`. */
function duration(seconds: number): string {
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** Standard error, when the runtime is Deno. */
function stderr(): { write: (text: string) => void; isTerminal: boolean } {
  const deno = (globalThis as {
    Deno?: { stderr: { writeSync(b: Uint8Array): number; isTerminal(): boolean } };
  }).Deno;
  if (deno === undefined) {
    return { write: (text) => console.error(text.replace(/\n$/, "")), isTerminal: false };
  }
  const encoder = new TextEncoder();
  return {
    write: (text) => {
      const bytes = encoder.encode(text);
      for (let i = 0; i < bytes.length;) i += deno.stderr.writeSync(bytes.subarray(i));
    },
    isTerminal: deno.stderr.isTerminal(),
  };
}
