/**
 * Timing for the comparison harness: warm up, then time several repetitions of a batch of
 * calls, and report the median and spread of the per-call time.
 *
 * @module
 */

/** Per-call time of a workload, in seconds, over several repetitions. */
export interface Stats {
  /** Median per-call time. */
  median: number;
  /** Fastest repetition's per-call time. */
  min: number;
  /** Slowest repetition's per-call time. */
  max: number;
  /** Number of timed repetitions. */
  reps: number;
  /** Calls per repetition. */
  batch: number;
}

/** Options of {@linkcode measure}. */
export interface MeasureOptions {
  /** Warm-up time before timing, ms (at least 2 calls are made). */
  warmupMs?: number;
  /** Timed repetitions. */
  reps?: number;
  /** Aim for one repetition to last this long, ms. */
  repMs?: number;
  /** Stop adding repetitions once this much time was spent, ms (at least 3 are timed). */
  budgetMs?: number;
}

/** A workload's iteration: one call; may return a promise (awaited). */
export type Iteration = () => unknown;

/** Median of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function run(fn: Iteration, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  return performance.now() - t0;
}

/**
 * Times `fn`: warm-up, then repetitions of a batch sized so that one repetition lasts about
 * `repMs`.
 *
 * @param fn One call of the workload.
 * @param opts Warm-up, repetitions and time budget.
 * @returns Per-call seconds: median, min, max.
 */
export async function measure(fn: Iteration, opts: MeasureOptions = {}): Promise<Stats> {
  const { warmupMs = 300, reps = 7, repMs = 100, budgetMs = 6000 } = opts;
  const start = performance.now();
  // warm-up: at least two calls, then until warmupMs has passed
  let calls = 0;
  let spent = 0;
  while (calls < 2 || spent < warmupMs) {
    spent += await run(fn, 1);
    calls++;
    if (spent > budgetMs / 3) break;
  }
  const perCall = spent / calls;
  const batch = Math.max(1, Math.round(repMs / Math.max(perCall, 1e-6)));
  const times: number[] = [];
  while (times.length < reps) {
    times.push((await run(fn, batch)) / batch / 1000);
    if (times.length >= 3 && performance.now() - start > budgetMs) break;
  }
  return {
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    reps: times.length,
    batch,
  };
}
