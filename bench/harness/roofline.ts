/**
 * Kernel rates against this machine's ceilings (`ceiling.ts`): what each kernel-family bench file
 * prints before `deno bench` times it, so that each kernel's distance to the limit is visible.
 *
 * @module
 */

import { ceilings } from "./ceiling.ts";

/** One kernel to rate. */
export interface Kernel {
  /** What it is, e.g. `"gemm 512×512 f32"`. */
  name: string;
  /** One call. */
  run: () => unknown;
  /** Floating-point operations per call (a multiply-add counts 2), if compute-bound. */
  flops?: number;
  /** Bytes read plus bytes written per call, if memory-bound. */
  bytes?: number;
}

/** The fastest per-call time of `f`, in seconds: batches of about 20 ms, best of 7. */
export function fastestCall(f: () => unknown): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    if (performance.now() - t0 > 20 || n >= 1 << 20) break;
    n *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, (performance.now() - t0) / n);
  }
  return best / 1000;
}

const pct = (x: number, of: number) => (of > 0 ? `${Math.round((100 * x) / of)}%` : "–");

/**
 * Times each kernel and prints its rate: GFLOP/s against the WebAssembly SIMD multiply-add peak
 * of one core (and of every core), GB/s against a copy within the L2 cache and a copy between
 * arrays far larger than the caches. Fastest of several batches, so a busy machine shows less
 * than it takes from an average; the load average is printed too.
 *
 * @param family The kernel family, for the heading.
 * @param kernels The kernels.
 */
export function printRoofline(family: string, kernels: readonly Kernel[]): void {
  const c = ceilings();
  const cores = navigator.hardwareConcurrency;
  const peak = Math.max(c.fmaGflops, c.mulAddGflops);
  let load = "? (allow-sys=loadavg)";
  try {
    load = Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  } catch { /* no permission */ }
  const lines = [
    `${family}: rates against this machine's ceilings (fastest of 7 batches; load ${load})`,
    `  ceilings: SIMD multiply-add ${peak.toFixed(1)} GFLOP/s per core (${cores} cores), ` +
    `copy ${c.cacheCopyGBs.toFixed(0)} GB/s within L2, ${c.memoryCopyGBs.toFixed(1)} GB/s ` +
    `between 64 MiB arrays, read ${c.memoryReadGBs.toFixed(1)} GB/s`,
  ];
  for (const k of kernels) {
    const t = fastestCall(k.run);
    const time = t >= 1e-3 ? `${(t * 1e3).toFixed(3)} ms` : `${(t * 1e6).toFixed(2)} µs`;
    let rate = "";
    if (k.flops !== undefined) {
      const g = k.flops / t / 1e9;
      rate = `${g.toFixed(1)} GFLOP/s = ${pct(g, peak)} of one core's peak, ${
        pct(g, peak * cores)
      } of ${cores}`;
    } else if (k.bytes !== undefined) {
      const g = k.bytes / t / 1e9;
      rate = `${g.toFixed(1)} GB/s = ${pct(g, c.cacheCopyGBs)} of an L2 copy, ${
        pct(g, c.memoryCopyGBs)
      } of a memory copy`;
    }
    lines.push(`  ${k.name.padEnd(40)} ${time.padStart(11)}   ${rate}`);
  }
  console.log(lines.join("\n"));
}
