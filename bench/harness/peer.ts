/**
 * The workloads every JavaScript peer implements, and the runner that times them and prints one
 * JSON line for `bench/compare.ts`.
 *
 * - W1: the tutorial loop on 3×3 (mse forward, backward, `pred - lr * grad`, detach, requires
 *   grad again, read the loss): time per iteration. W1c: the same loop's first
 *   {@linkcode W1_COLD_ITERATIONS} iterations in a fresh process (before any other workload),
 *   on average.
 * - W2: `(a*b + c).sum()` forward + backward on 1e6 float32 elements.
 * - W3: N×N float32 matmul, N in {@linkcode W3_SIZES}.
 * - W4: one training step of an MLP 784→256 (relu)→10, batch 128, MSE against random targets,
 *   SGD lr 0.01.
 * - W7: W4's training step, the model written with the library's layers (`nn.Sequential` of
 *   `nn.Linear`), fed by a shuffling DataLoader over {@linkcode W7_SAMPLES} samples,
 *   batch 128 (a new epoch whenever one ends): time per step. Optional: PyTorch and descent.
 * - W8: one training step of a LeNet-5-shaped network ({@linkcode W8}): conv 1→6 5×5, relu,
 *   max-pool 2, conv 6→16 5×5, relu, max-pool 2, flatten, linear 256→120→84→10 (relu between),
 *   batch 64 on 1×28×28 inputs, cross-entropy against random classes, SGD lr 0.01.
 * - W6: many W1 iterations; heap before and after (after a full GC).
 * - W6b: W1 iterations that keep `loss.detach()` every iteration (`losses.push(loss.detach())`);
 *   growth per iteration after a full GC, in `heapUsed + external` (a typed array's elements
 *   count in `external`, not in `heapUsed`) and in resident memory.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { type Iteration, measure, type MeasureOptions, type Stats } from "./timing.ts";

/** Matrix sizes of W3. */
export const W3_SIZES: readonly number[] = [64, 256, 512, 1024];

/** The tutorial's target. */
export const TARGET: number[][] = [[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]];

/** Samples of W7's synthetic epoch (784 features, 10 targets each). */
export const W7_SAMPLES = 60_000;

/** Iterations of W1c: the first this many of a fresh process, timed together. */
export const W1_COLD_ITERATIONS = 10_000;

/** Learning rate of the W1 loop (small enough that a million steps stay finite). */
export const W1_LR = 0.01;

/** The W8 network: LeNet-5's shape on 28×28 inputs (no padding, so 28 → 24 → 12 → 8 → 4). */
export const W8 = {
  batch: 64,
  /** Input channels, height and width. */
  input: [1, 28, 28],
  /** Output channels of the two 5×5 convolutions. */
  conv: [6, 16],
  kernel: 5,
  /** Sizes of the linear layers: flattened 16·4·4 features, two hidden layers, 10 classes. */
  linear: [256, 120, 84, 10],
  lr: 0.01,
} as const;

/** One peer: a library set up one way. Each method builds its state and returns one iteration. */
export interface Peer {
  /** Column name in the table. */
  name: string;
  /** Library version(s). */
  version: string;
  /** Remarks printed under the table. */
  notes?: string[];
  /** Async setup (backend initialisation). */
  setup?(): Promise<void>;
  /** W1: one tutorial-loop iteration; returns the loss. */
  w1(): Iteration;
  /** W2: one forward + backward on 1e6 elements. */
  w2(): Iteration;
  /** W3: one N×N matmul (result materialised). */
  w3(n: number): Iteration;
  /** W4: one MLP training step. */
  w4(): Iteration;
  /** W7: one W4 step on the next batch of a shuffling DataLoader (optional). */
  w7?(): Iteration;
  /** W8: one LeNet-5-shaped training step (optional: peers without convolutions skip it). */
  w8?(): Iteration;
  /** W6b: one W1 iteration that also keeps the loss, detached from the graph (optional). */
  w6b?(): Iteration;
  /** Releases what `w1()`'s state holds (for W6), if the library needs that. */
  dispose?(): void;
  /** Bytes of accelerator/wasm memory the library holds, if it has its own heap. */
  extraMemory?(): number;
}

/** What one workload produced. */
export interface Result {
  /** Per-call seconds. */
  stats?: Stats;
  /** Why it did not run. */
  skipped?: string;
  /** W6, W6b: iterations and memory in bytes, after a full GC. */
  memory?: {
    iterations: number;
    heapBefore: number;
    heapAfter: number;
    rssBefore: number;
    rssAfter: number;
    /** Memory outside the JavaScript heap that it accounts for (typed arrays' elements). */
    externalBefore?: number;
    externalAfter?: number;
    extraBefore?: number;
    extraAfter?: number;
  };
}

/** A runner's output: one peer's results by workload key ("W1", "W3 N=64", …). */
export interface PeerReport {
  /** Peer name. */
  peer: string;
  /** Library version. */
  version: string;
  /** Remarks. */
  notes: string[];
  /** Results by workload key. */
  results: Record<string, Result>;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) { for (let i = 0; i < 3; i++) g(); }
}

async function memoryRun(peer: Peer, it: Iteration, iterations: number): Promise<Result> {
  for (let i = 0; i < 1000; i++) {
    const r = it();
    if (r instanceof Promise) await r;
  }
  gc();
  const m0 = Deno.memoryUsage();
  const e0 = peer.extraMemory?.();
  for (let i = 0; i < iterations; i++) {
    const r = it();
    if (r instanceof Promise) await r;
  }
  gc();
  const m1 = Deno.memoryUsage();
  return {
    memory: {
      iterations,
      heapBefore: m0.heapUsed,
      heapAfter: m1.heapUsed,
      rssBefore: m0.rss,
      rssAfter: m1.rss,
      externalBefore: m0.external,
      externalAfter: m1.external,
      extraBefore: e0,
      extraAfter: peer.extraMemory?.(),
    },
  };
}

/**
 * Runs the selected workloads of a peer and prints a {@linkcode PeerReport} as the last line of
 * stdout (progress goes to stderr). Flags: `--only W1,W3`, `--quick`, `--w6 <iterations>`,
 * `--w6b <iterations>`, `--sizes 64,256`.
 *
 * @param peer The peer.
 */
export async function runPeer(peer: Peer): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      only: { type: "string", default: "W1,W2,W3,W4,W7,W8,W6,W6b" },
      quick: { type: "boolean", default: false },
      w6: { type: "string", default: "100000" },
      w6b: { type: "string", default: "100000" },
      sizes: { type: "string", default: W3_SIZES.join(",") },
      budget: { type: "string", default: "4000" },
    },
    strict: false, // peers read their own flags too
  });
  const str = (k: keyof typeof values): string => String(values[k]);
  const only = new Set(str("only").split(","));
  const opts: MeasureOptions = values.quick
    ? { warmupMs: 20, reps: 3, repMs: 10, budgetMs: 300 }
    : { warmupMs: 400, reps: 7, repMs: 150, budgetMs: Number(str("budget")) };
  const results: Record<string, Result> = {};
  const log = (s: string) => console.error(`  [${peer.name}] ${s}`);
  await peer.setup?.();
  const timed = async (key: string, make: () => Iteration, o = opts) => {
    try {
      results[key] = { stats: await measure(make(), o) };
      log(`${key}: ${(results[key].stats!.median * 1e3).toPrecision(4)} ms`);
    } catch (e) {
      results[key] = { skipped: `failed: ${(e as Error).message.split("\n")[0]}` };
      log(`${key}: ${results[key].skipped}`);
    }
  };
  if (only.has("W1")) {
    // W1c first, while nothing has run: the first iterations of a fresh process, together
    const n = values.quick ? 1000 : W1_COLD_ITERATIONS;
    try {
      const it = peer.w1();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const r = it();
        if (r instanceof Promise) await r;
      }
      const t = (performance.now() - t0) / n / 1000;
      results["W1c"] = { stats: { median: t, min: t, max: t, reps: 1, batch: n } };
      log(`W1c: ${(t * 1e6).toPrecision(4)} µs`);
    } catch (e) {
      results["W1c"] = { skipped: `failed: ${(e as Error).message.split("\n")[0]}` };
    }
    await timed("W1", () => peer.w1());
  }
  if (only.has("W2")) await timed("W2", () => peer.w2());
  if (only.has("W3")) {
    let last = 0; // seconds per call at the previous size
    for (const n of str("sizes").split(",").map(Number)) {
      const key = `W3 N=${n}`;
      const prevN = W3_SIZES[W3_SIZES.indexOf(n) - 1] ?? n;
      const estimate = last * (n / prevN) ** 3;
      if (estimate > 3) {
        results[key] = { skipped: `skipped: about ${estimate.toFixed(0)} s per call` };
        log(`${key}: ${results[key].skipped}`);
        continue;
      }
      await timed(key, () => peer.w3(n));
      last = results[key].stats?.median ?? Infinity;
    }
  }
  if (only.has("W4")) await timed("W4", () => peer.w4());
  if (only.has("W7") && peer.w7 !== undefined) await timed("W7", () => peer.w7!());
  if (only.has("W8")) {
    if (peer.w8 === undefined) results["W8"] = { skipped: "skipped: not implemented" };
    else await timed("W8", () => peer.w8!());
  }
  const memory = async (key: "W6" | "W6b", make: () => Iteration, flag: "w6" | "w6b") => {
    const iterations = values.quick ? 1000 : Number(str(flag));
    const w1 = results["W1"]?.stats?.median;
    if (w1 !== undefined && w1 * iterations > 120) {
      results[key] = { skipped: `skipped: about ${(w1 * iterations).toFixed(0)} s` };
    } else {
      try {
        results[key] = await memoryRun(peer, make(), iterations);
      } catch (e) {
        results[key] = { skipped: `failed: ${(e as Error).message.split("\n")[0]}` };
      }
    }
    log(`${key}: ${JSON.stringify(results[key])}`);
  };
  if (only.has("W6")) await memory("W6", () => peer.w1(), "w6");
  if (only.has("W6b") && peer.w6b !== undefined) await memory("W6b", () => peer.w6b!(), "w6b");
  peer.dispose?.();
  const report: PeerReport = {
    peer: peer.name,
    version: peer.version,
    notes: peer.notes ?? [],
    results,
  };
  console.log(JSON.stringify(report));
  // Some peers keep worker threads alive; the report is out, so leave now.
  Deno.exit(0);
}
