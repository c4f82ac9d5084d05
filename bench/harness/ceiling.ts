/**
 * This machine's ceilings, measured by small probes, for the kernel benchmarks to print their
 * rates against: the peak rate of WebAssembly SIMD multiply-adds on one core (fused, with
 * relaxed SIMD, and as `mul` + `add`), and memory bandwidth (a copy that stays in the L2 cache,
 * one between arrays far larger than the caches, and a read of such an array).
 *
 * @module
 */

import { Module } from "../../tensor/kernels/wasm_asm.ts";

/** The measured ceilings. */
export interface Ceilings {
  /** float32 GFLOP/s of independent `f32x4.relaxed_madd`s on one core (0 without relaxed SIMD). */
  fmaGflops: number;
  /** float32 GFLOP/s of independent `f32x4.mul` + `f32x4.add` pairs on one core. */
  mulAddGflops: number;
  /** GB/s (bytes read plus bytes written) of `TypedArray.set` between two 128 KiB arrays. */
  cacheCopyGBs: number;
  /** GB/s (read plus written) of `TypedArray.set` between two 64 MiB arrays. */
  memoryCopyGBs: number;
  /** GB/s read by a WebAssembly SIMD sum over 64 MiB. */
  memoryReadGBs: number;
}

/** Accumulators of the peak probe: enough independent chains to cover the FMA latency. */
const CHAINS = 12;

/** The probe module: `peak(n)` runs n rounds of CHAINS independent vector multiply-adds. */
function probeModule(relaxed: boolean): Uint8Array<ArrayBuffer> {
  const mod = new Module({ module: "env", name: "memory", min: 1, max: 65536, shared: false });
  const f = mod.func("peak", ["i32"], ["f32"]);
  const n = f.param(0);
  const acc = Array.from({ length: CHAINS }, () => f.local("v128"));
  const [x, y] = [f.local("v128"), f.local("v128")];
  const i = f.local("i32");
  f.f32(1.0000001).op("f32x4.splat").set(x);
  f.f32(0.9999999).op("f32x4.splat").set(y);
  for (const a of acc) f.f32(0).op("f32x4.splat").set(a);
  f.for(i, () => f.i32(0), () => f.get(n), 1, () => {
    for (const a of acc) {
      if (relaxed) f.get(x).get(y).get(a).op("f32x4.relaxed_madd").set(a);
      else f.get(a).get(x).get(y).op("f32x4.mul").op("f32x4.add").set(a);
    }
  });
  f.get(acc[0]);
  for (const a of acc.slice(1)) f.get(a).op("f32x4.add");
  f.lane("f32x4.extract_lane", 0);
  // sum(n, p): a read of n float32s at p, four vector accumulators
  const g = mod.func("sum", ["i32", "i32"], ["f32"]);
  const [m, p] = [g.param(0), g.param(1)];
  const s = Array.from({ length: 4 }, () => g.local("v128"));
  const k = g.local("i32");
  for (const a of s) g.f32(0).op("f32x4.splat").set(a);
  g.for(k, () => g.i32(0), () => g.get(m).i32(4).op("i32.mul"), 64, () => {
    s.forEach((a, j) => {
      g.get(a).get(p).get(k).op("i32.add").mem("v128.load", 16 * j).op("f32x4.add").set(a);
    });
  });
  g.get(s[0]).get(s[1]).op("f32x4.add").get(s[2]).op("f32x4.add").get(s[3]).op("f32x4.add");
  g.lane("f32x4.extract_lane", 0);
  return mod.assemble().bytes;
}

/** The fastest of `reps` runs of `f`, in seconds (after one untimed run). */
function fastest(f: () => void, reps: number): number {
  f();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best / 1000;
}

function instantiate(relaxed: boolean, memory: WebAssembly.Memory) {
  const bytes = probeModule(relaxed);
  if (!WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return instance.exports as { peak(n: number): number; sum(n: number, p: number): number };
}

let cached: Ceilings | null = null;

/**
 * Measures the ceilings (about a second; the result is kept for the rest of the process).
 * Each figure is the fastest of several runs, so a busy machine lowers it less than it lowers an
 * average.
 *
 * @returns The ceilings.
 */
export function ceilings(): Ceilings {
  if (cached !== null) return cached;
  const memoryBytes = 64 << 20;
  const memory = new WebAssembly.Memory({ initial: memoryBytes / 65536 + 1, maximum: 65536 });
  const plain = instantiate(false, memory)!;
  const relaxed = instantiate(true, memory);
  const rounds = 2_000_000;
  const flops = rounds * CHAINS * 8;
  const gflops = (k: typeof plain) => flops / fastest(() => k.peak(rounds), 5) / 1e9;
  const small = [new Float32Array(1 << 15), new Float32Array(1 << 15)];
  const big = [new Float32Array(memoryBytes / 4).fill(1), new Float32Array(memoryBytes / 4)];
  const copy = (a: Float32Array[], times: number) => () => {
    for (let i = 0; i < times; i++) a[1].set(a[0]);
  };
  new Float32Array(memory.buffer).fill(1, 0, memoryBytes / 4);
  cached = {
    fmaGflops: relaxed === null ? 0 : gflops(relaxed),
    mulAddGflops: gflops(plain),
    cacheCopyGBs: (2 * small[0].byteLength * 1000) / fastest(copy(small, 1000), 5) / 1e9,
    memoryCopyGBs: (2 * memoryBytes) / fastest(copy(big, 1), 5) / 1e9,
    memoryReadGBs: memoryBytes / fastest(() => plain.sum(memoryBytes / 4, 0), 5) / 1e9,
  };
  return cached;
}

if (import.meta.main) console.log(ceilings());
