/**
 * Matrix multiply on typed arrays, reading either operand through any strides (so transposed
 * operands need no copy).
 *
 * Products of at least {@linkcode WASM_GEMM_MIN} multiply-adds run in the WebAssembly SIMD
 * GEMM of `wasm_source.ts` (packed, register-blocked, cache-tiled; split over helper threads
 * from {@linkcode THREAD_GEMM_MIN}); smaller ones, and every product where WebAssembly is
 * unavailable, run the TypeScript loops of {@linkcode gemmTs}, which accumulate in float64.
 *
 * @module
 */

import type { FloatStorage as Storage } from "./elementwise.ts";
import {
  CONTROL_BYTES,
  ensureMemory,
  heapF32,
  heapF64,
  type WasmKernels,
  wasmKernels,
  wasmSharedKernels,
  WORK_BYTES,
} from "./wasm_runtime.ts";
import { GEMM_TILE } from "./wasm_binary.ts";
import { COUNTER_BYTE, join, post, readyHelpers, resetCounter } from "./threads.ts";

/** Smallest m·n·k that goes to the WebAssembly GEMM. */
export const WASM_GEMM_MIN = 4096;
/**
 * Smallest m·n·k that is split over helper threads (64×64×128: two chunks of 32 columns).
 * Below it, the other core saves at most half of ~10 µs, about what waking a helper costs when
 * the core is shared: 64³ products took a median 14.0–14.7 µs alone against 16.8–21.4 µs split
 * from 2^17 (bench:compare's W3 at N = 64, six alternating runs, load ~1 on 2 cores), although
 * the best of many split calls (10.8 µs) wins when the other core is idle.
 */
export const THREAD_GEMM_MIN = 1 << 19;
/** Narrowest chunk of m or n that one thread takes (a multiple of both register tiles' sides). */
const CHUNK_MIN = 32;
/** Products from this m·n·k on keep their helpers even after a stall. */
const STALL_EXEMPT = 1 << 24;
/** Products below STALL_EXEMPT that run alone after a helper stalled. */
const SOLO_AFTER_STALL = 200;

// Note [helper stalls]
// This machine's cores are shared with other processes. A helper that claimed a chunk and was
// then descheduled holds the caller up for the rest of a scheduler time slice (milliseconds),
// more than a small product takes on one core; a helper sharing its core with another process
// computes its chunk at a fraction of the speed; and waking a sleeping helper can hand the
// caller's own core to it (the scheduler preempts the waker) while it spins. So the caller
// times its own share of the chunks and the time it lost around them, posting the jobs and
// joining the helpers: more than half its share (and than STALL_US) counts as a stall — split
// in two, the product then took at least three quarters of its one-core time — and the next
// SOLO_AFTER_STALL products below STALL_EXEMPT run on the calling thread alone (the larger ones
// gain from a helper even when it is often away). A helper that never woke up costs nothing to
// join: the caller takes its job back (Note [claiming a job] in threads.ts).
const STALL_US = 2;
let soloLeft = 0;

/** One operand of {@linkcode gemm}: a matrix read through any strides (no copy for a transpose). */
export interface MatrixView {
  /** The storage. */
  data: Storage;
  /** Index of element (0, 0). */
  offset: number;
  /** Elements between consecutive rows. */
  rowStride: number;
  /** Elements between consecutive columns. */
  colStride: number;
}

/**
 * A right operand that its producer writes straight into the WebAssembly GEMM's memory, saving
 * a staging array and its copy (`conv.ts`'s im2col matrices): `len` elements laid out there
 * with the given strides.
 */
export interface HeapOperand {
  /** Elements B takes in WebAssembly memory. */
  readonly len: number;
  /** Elements between consecutive rows of B there. */
  readonly rowStride: number;
  /** Elements between consecutive columns of B there. */
  readonly colStride: number;
  /** Bytes of scratch memory the producer needs. */
  readonly scratchBytes: number;
  /**
   * Writes B into `kz`'s memory.
   *
   * @param kz The kernels whose memory the GEMM reads.
   * @param at Byte offset of B's element (0, 0).
   * @param scratch Byte offset of `scratchBytes` free bytes (64-byte aligned).
   */
  write(kz: WasmKernels, at: number, scratch: number): void;
  /** B in ordinary storage, for the TypeScript GEMM (called only when WebAssembly is not used). */
  view(): MatrixView;
}

/**
 * A result that its consumer reads straight from the WebAssembly GEMM's memory, saving the copy
 * out (`conv.ts`'s col2im).
 */
export interface HeapResult {
  /** Whether C is float64 (else float32). */
  readonly f64: boolean;
  /** Bytes of scratch memory the consumer needs. */
  readonly scratchBytes: number;
  /**
   * Consumes C, m×n with row stride n, from `kz`'s memory.
   *
   * @param kz The kernels whose memory holds C.
   * @param at Byte offset of C's element (0, 0).
   * @param scratch Byte offset of `scratchBytes` free bytes (64-byte aligned).
   */
  read(kz: WasmKernels, at: number, scratch: number): void;
  /** Storage of at least m·n elements for the TypeScript GEMM to write C into. */
  storage(): Storage;
  /** Consumes C from {@linkcode HeapResult.storage} (row stride n, from index 0). */
  readStorage(c: Storage): void;
}

/** The arguments of {@linkcode gemm}: `C[cOffset…] = A · B`, A m×k, B k×n, C contiguous m×n. */
export interface GemmArgs {
  /** Rows of A and C. */
  m: number;
  /** Columns of B and C. */
  n: number;
  /** The inner size. */
  k: number;
  /** The left operand. */
  a: MatrixView;
  /** The right operand: a strided view, or one written straight into WebAssembly memory. */
  b: MatrixView | HeapOperand;
  /** The output storage (same storage type as the operands), or a consumer of C. */
  c: Storage | HeapResult;
  /** Where C starts in `c` (default 0). */
  cOffset?: number;
}

let threadsEnabled = true;

/**
 * Turns the GEMM's helper threads off (every product runs on the calling thread) or back on.
 * For tests and benchmarks that compare the two.
 *
 * @param on Whether products may be split over helper threads.
 * @returns The previous setting.
 */
export function setGemmThreads(on: boolean): boolean {
  const was = threadsEnabled;
  threadsEnabled = on;
  return was;
}

/**
 * `C = A · B` for one M×K by K×N product, C contiguous M×N.
 *
 * @param args The operands and sizes.
 */
export function gemm(args: GemmArgs): void {
  const { m, n, k } = args;
  const work = m * n * k;
  if (work >= WASM_GEMM_MIN && k > 0) {
    // threads work on the shared memory once its helpers are up; until then (and for smaller
    // products) the unshared memory, whose copies are faster. Threads split m or n into chunks at
    // least CHUNK_MIN wide, so a product with both at most that stays on the calling thread.
    let split = work >= THREAD_GEMM_MIN && Math.max(m, n) > CHUNK_MIN && threadsEnabled;
    if (split && soloLeft > 0 && work < STALL_EXEMPT) {
      soloLeft--;
      split = false;
    }
    let kz = split ? wasmSharedKernels() : null;
    const helpers = kz === null ? 0 : readyHelpers(kz);
    if (helpers === 0) kz = wasmKernels();
    if (kz !== null && wasmGemm(kz, helpers, args)) return;
  }
  const { b, c } = args;
  const view = "write" in b ? b.view() : b;
  if ("read" in c) {
    const out = c.storage();
    gemmTs({ ...args, b: view, c: out, cOffset: 0 });
    c.readStorage(out);
  } else gemmTs({ ...args, b: view, c });
}

/**
 * The TypeScript GEMM (the reference path): `C = A · B`, C contiguous M×N, accumulated in
 * float64.
 *
 * @param args The operands and sizes, as for {@linkcode gemm}.
 */
export function gemmTs(args: GemmArgs & { b: MatrixView; c: Storage }): void {
  const { m, n, k, c, cOffset: cOff = 0 } = args;
  const { data: a, offset: aOff, rowStride: aRs, colStride: aCs } = args.a;
  const { data: b, offset: bOff, rowStride: bRs, colStride: bCs } = args.b;
  if (bCs === 1 || bRs !== 1) {
    // Row-times-rows: stream B's rows into a float64 accumulator row.
    const acc = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      let pa = aOff + i * aRs;
      let pb = bOff;
      for (let p = 0; p < k; p++, pa += aCs, pb += bRs) {
        // No skipping of zeros: 0 · ∞ and 0 · NaN are NaN, as in PyTorch's BLAS.
        const x = a[pa];
        let q = pb;
        for (let j = 0; j < n; j++, q += bCs) acc[j] += x * b[q];
      }
      const row = cOff + i * n;
      for (let j = 0; j < n; j++) c[row + j] = acc[j];
    }
  } else {
    // B is column-major (a transposed view): dot products along contiguous columns.
    for (let i = 0; i < m; i++) {
      const rowA = aOff + i * aRs;
      const row = cOff + i * n;
      for (let j = 0; j < n; j++) {
        let s = 0;
        let pa = rowA;
        let pb = bOff + j * bCs;
        for (let p = 0; p < k; p++, pa += aCs, pb++) s += a[pa] * b[pb];
        c[row + j] = s;
      }
    }
  }
}

const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/** Elements a strided m×k view spans in its storage, from its offset (strides ≥ 0). */
function span(rows: number, cols: number, rs: number, cs: number): number {
  return (rows - 1) * rs + (cols - 1) * cs + 1;
}

/**
 * Copies a strided rows×cols view into the heap at element index `at`: as the whole span it
 * covers (strides kept) when that is compact, else gathered row-major. Returns its strides.
 */
function copyIn(
  heap: Storage,
  at: number,
  src: Storage,
  off: number,
  rows: number,
  cols: number,
  rs: number,
  cs: number,
  len: number,
): [number, number] {
  if (len <= 2 * rows * cols + 64) {
    (heap as Float32Array).set((src as Float32Array).subarray(off, off + len), at);
    return [rs, cs];
  }
  let q = at;
  for (let i = 0; i < rows; i++) {
    let p = off + i * rs;
    for (let j = 0; j < cols; j++, p += cs) heap[q++] = src[p];
  }
  return [cols, 1];
}

function wasmGemm(kz: WasmKernels, helpers: number, args: GemmArgs): boolean {
  const { m, n, k, c, cOffset: cOff = 0 } = args;
  const { data: a, offset: aOff } = args.a;
  const bOp = args.b;
  const onHeap = "write" in bOp;
  let { rowStride: aRs, colStride: aCs } = args.a;
  let { rowStride: bRs, colStride: bCs } = bOp;
  const toHeap = "read" in c;
  const f64 = toHeap ? c.f64 : c instanceof Float64Array;
  if ((a instanceof Float64Array) !== f64) return false;
  if (!onHeap && (bOp.data instanceof Float64Array) !== f64) return false;
  if (aRs < 0 || aCs < 0 || bRs < 0 || bCs < 0) return false;
  const E = f64 ? 8 : 4;
  let aLen = span(m, k, aRs, aCs);
  if (aLen > 2 * m * k + 64) aLen = m * k;
  let bLen = onHeap ? bOp.len : span(k, n, bRs, bCs);
  if (!onHeap && bLen > 2 * k * n + 64) bLen = k * n;
  const pa = kz.arena;
  const pb = align64(pa + aLen * E);
  const pc = align64(pb + bLen * E);
  // the scratch of a heap operand's producer and of a heap result's consumer (nothing grows later)
  const scratch = align64(pc + m * n * E);
  const scratchBytes = Math.max(onHeap ? bOp.scratchBytes : 0, toHeap ? c.scratchBytes : 0);
  if (!ensureMemory(kz, scratch + scratchBytes)) return false;
  const heap = f64 ? heapF64(kz) : heapF32(kz);
  [aRs, aCs] = copyIn(heap, pa / E, a, aOff, m, k, aRs, aCs, span(m, k, aRs, aCs));
  if (onHeap) bOp.write(kz, pb, scratch);
  else {
    const { data: b, offset: bOff } = bOp;
    [bRs, bCs] = copyIn(heap, pb / E, b, bOff, k, n, bRs, bCs, span(k, n, bRs, bCs));
  }
  const run = f64 ? kz.exports.gemm_f64 : kz.exports.gemm_f32;
  if (helpers === 0) {
    run(m, n, k, pa, aRs, aCs, pb, bRs, bCs, pc, n, CONTROL_BYTES);
  } else {
    // Split the larger of m and n into tile-aligned chunks, about two per thread, that the
    // threads claim one at a time: a thread slowed by a busy core takes fewer. Chunks stay
    // at least CHUNK_MIN wide, so that repacking the other operand per chunk stays cheap.
    const [MR, NR] = f64 ? GEMM_TILE.f64 : GEMM_TILE.f32;
    const threads = helpers + 1;
    const byCols = n >= m;
    const tile = byCols ? NR : MR;
    const total = byCols ? n : m;
    const want = Math.max(CHUNK_MIN, Math.ceil(total / (2 * threads)));
    const chunk = Math.ceil(want / tile) * tile;
    const chunks = Math.ceil(total / chunk);
    const args = [COUNTER_BYTE, chunks, chunk, +byCols, m, n, k, pa, aRs, aCs, pb, bRs, bCs, pc, n];
    resetCounter();
    const func = f64 ? 1 : 0;
    const t0 = performance.now();
    for (let t = 1; t < threads; t++) post(t, func, [...args, CONTROL_BYTES + t * WORK_BYTES]);
    const chunked = f64 ? kz.exports.gemm_chunked_f64 : kz.exports.gemm_chunked_f32;
    const t1 = performance.now();
    chunked(...args, CONTROL_BYTES);
    const t2 = performance.now();
    let ok = true;
    for (let t = 1; t < threads; t++) ok = join(t) && ok;
    // Note [helper stalls]: the time spent posting and joining against the caller's own share
    const lost = t1 - t0 + performance.now() - t2;
    if (lost * 1000 > STALL_US && lost > (t2 - t1) / 2) soloLeft = SOLO_AFTER_STALL;
    if (!ok) run(m, n, k, pa, aRs, aCs, pb, bRs, bCs, pc, n, CONTROL_BYTES); // a helper failed
  }
  if (toHeap) c.read(kz, pc, scratch);
  else (c as Float32Array).set((heap as Float32Array).subarray(pc / E, pc / E + m * n), cOff);
  return true;
}
