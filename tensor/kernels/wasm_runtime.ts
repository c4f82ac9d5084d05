/**
 * Loads the WebAssembly kernels of `wasm_binary.ts` on first use and manages their memory.
 *
 * The module imports its memory. It is instantiated twice, lazily:
 *
 * - {@linkcode wasmKernels}: on an ordinary (unshared) memory. Every kernel call copies its
 *   operands in and its result out, and copies into and out of unshared memory run at
 *   memcpy speed (into a `SharedArrayBuffer` they are about twice as slow).
 * - {@linkcode wasmSharedKernels}: on a shared memory, for products large enough to split
 *   over helper threads (`threads.ts`); only where `SharedArrayBuffer` exists.
 *
 * Each memory is laid out as
 *
 * ```
 * [0, 4 KiB)                 control words of the helper threads
 * [4 KiB, +threads·WORK)     one GEMM scratch area per thread (packed A and B blocks)
 * [arena, …)                 operands of the current call, copied in and out
 * ```
 *
 * Everything is synchronous and single-entry: a kernel call copies its operands to the arena,
 * runs, copies its result out, and the next call reuses the arena. When WebAssembly, or a
 * synchronous compile of the module, is unavailable, {@linkcode wasmKernels} returns `null`
 * and callers use their TypeScript loops (a failed synchronous compile starts an
 * asynchronous one whose result later calls pick up).
 *
 * @module
 */

import {
  GEMM_WORK_BYTES,
  KERNELS_PLAIN,
  KERNELS_RELAXED,
  MAX_PAGES,
  SHARED_FLAG_OFFSET,
} from "./wasm_binary.ts";

/** The exports of the kernel module (see `wasm_source.ts`). */
export interface KernelExports {
  /** float32 GEMM. */
  gemm_f32(...args: number[]): void;
  /** float64 GEMM. */
  gemm_f64(...args: number[]): void;
  /** float32 GEMM in chunks claimed from a shared counter (one call per thread). */
  gemm_chunked_f32(...args: number[]): void;
  /** float64 GEMM in chunks claimed from a shared counter. */
  gemm_chunked_f64(...args: number[]): void;
  /** float32 elementwise `a ∘ b`. */
  binary_f32(op: number, n: number, pa: number, pb: number, pout: number): void;
  /** float64 elementwise `a ∘ b`. */
  binary_f64(op: number, n: number, pa: number, pb: number, pout: number): void;
  /** float32 elementwise `a ∘ s`. */
  binary_scalar_f32(op: number, n: number, pa: number, s: number, po: number, rev: number): void;
  /** float64 elementwise `a ∘ s`. */
  binary_scalar_f64(op: number, n: number, pa: number, s: number, po: number, rev: number): void;
  /** float32 `out = y + s·x`. */
  axpy_f32(n: number, px: number, s: number, py: number, pout: number): void;
  /** float64 `out = y + s·x`. */
  axpy_f64(n: number, px: number, s: number, py: number, pout: number): void;
  /** float32 unary op. */
  unary_f32(op: number, n: number, pa: number, pout: number): void;
  /** float64 unary op. */
  unary_f64(op: number, n: number, pa: number, pout: number): void;
  /** float32 transpose of a strided matrix into a contiguous one. */
  transpose_f32(rows: number, cols: number, ps: number, ld: number, po: number): void;
  /** float64 transpose. */
  transpose_f64(rows: number, cols: number, ps: number, ld: number, po: number): void;
  /** float32 sum (float64 accumulators). */
  sum_f32(n: number, pa: number): number;
  /** float64 sum. */
  sum_f64(n: number, pa: number): number;
  /** float32 im2col of one sample's group (see `conv.ts`). */
  im2col_f32(...args: number[]): void;
  /** float64 im2col. */
  im2col_f64(...args: number[]): void;
  /** float32 col2im, the adjoint of im2col (see `conv.ts`). */
  col2im_f32(...args: number[]): void;
  /** float64 col2im. */
  col2im_f64(...args: number[]): void;
  /** float32 max pooling over 2×2 windows with stride 2 (see `pool.ts`). */
  maxpool2x2_f32(...args: number[]): void;
}

/** A loaded kernel module with its memory. */
export interface WasmKernels {
  /** The compiled module (sent to helper threads). */
  readonly module: WebAssembly.Module;
  /** The memory. */
  readonly memory: WebAssembly.Memory;
  /** The exported kernels. */
  readonly exports: KernelExports;
  /** Whether the memory is shared (threads possible). */
  readonly shared: boolean;
  /** Whether the build with relaxed-SIMD fused multiply-add loaded. */
  readonly relaxed: boolean;
  /** Number of GEMM scratch areas (one per thread that may use this memory). */
  readonly threads: number;
  /** Byte offset of the operand arena. */
  readonly arena: number;
}

/** Bytes reserved for control words at the start of a memory. */
export const CONTROL_BYTES = 4096;
/** Most threads (the caller plus helpers) that share the shared memory. */
export const MAX_THREADS = 4;
/** Bytes of one thread's scratch area. */
export const WORK_BYTES: number = Math.ceil(GEMM_WORK_BYTES / 4096) * 4096;

const PAGE = 65536;

interface Slot {
  kernels: WasmKernels | null | undefined; // undefined: not tried yet
  pending: boolean; // a background compile is under way
}

const local: Slot = { kernels: undefined, pending: false };
const shared: Slot = { kernels: undefined, pending: false };
let enabled = true;

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function link(module: WebAssembly.Module, relaxed: boolean, isShared: boolean): WasmKernels {
  const threads = isShared ? MAX_THREADS : 1;
  const arena = CONTROL_BYTES + threads * WORK_BYTES;
  const memory = new WebAssembly.Memory({
    initial: Math.ceil((arena + 4 * PAGE) / PAGE),
    maximum: MAX_PAGES,
    shared: isShared,
  });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  return { module, memory, exports, shared: isShared, relaxed, threads, arena };
}

function load(slot: Slot, isShared: boolean): WasmKernels | null {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.Module !== "function") return null;
  if (isShared && typeof SharedArrayBuffer !== "function") return null;
  for (const [b64, relaxed] of [[KERNELS_RELAXED, true], [KERNELS_PLAIN, false]] as const) {
    const bytes = decode(b64);
    bytes[SHARED_FLAG_OFFSET] = isShared ? 0x03 : 0x01;
    if (!WebAssembly.validate(bytes)) continue; // e.g. no relaxed SIMD: try the plain build
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(bytes);
    } catch {
      // e.g. a browser's main thread refusing large synchronous compiles: compile in the
      // background and let later calls use it
      slot.pending = true;
      WebAssembly.compile(bytes).then((m) => {
        try {
          slot.kernels = link(m, relaxed, isShared);
        } catch {
          slot.kernels = null;
        }
        slot.pending = false;
      }, () => {
        slot.kernels = null;
        slot.pending = false;
      });
      return null;
    }
    try {
      return link(module, relaxed, isShared);
    } catch {
      return null; // no memory could be made (shared memory refused, address space)
    }
  }
  return null;
}

function get(slot: Slot, isShared: boolean): WasmKernels | null {
  if (!enabled) return null;
  if (slot.kernels !== undefined) return slot.kernels;
  if (slot.pending) return null;
  let k: WasmKernels | null = null;
  try {
    k = load(slot, isShared);
  } catch {
    k = null;
  }
  if (!slot.pending) slot.kernels = k;
  return k;
}

/**
 * The kernel module on an unshared memory, loaded on first call; `null` when WebAssembly is
 * unavailable (or disabled by {@linkcode setWasmEnabled}).
 *
 * @returns The kernels, or `null`.
 */
export function wasmKernels(): WasmKernels | null {
  return get(local, false);
}

/**
 * The kernel module on a shared memory (for helper threads), loaded on first call; `null`
 * where `SharedArrayBuffer` or shared WebAssembly memory is unavailable.
 *
 * @returns The kernels, or `null`.
 */
export function wasmSharedKernels(): WasmKernels | null {
  return get(shared, true);
}

/**
 * Turns the WebAssembly kernels off (every kernel then runs its TypeScript loops) or back on.
 * For tests and benchmarks that compare the two paths.
 *
 * @param on Whether WebAssembly kernels may be used.
 * @returns The previous setting.
 */
export function setWasmEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/**
 * Makes the memory at least `end` bytes long.
 *
 * @param k The kernels.
 * @param end The first byte past the needed region.
 * @returns Whether it fits (the memory is capped at 2 GiB).
 */
export function ensureMemory(k: WasmKernels, end: number): boolean {
  const have = k.memory.buffer.byteLength;
  if (end <= have) return true;
  const pages = Math.ceil((end - have) / PAGE);
  if (have / PAGE + pages > MAX_PAGES) return false;
  try {
    // grow a quarter more than asked, so that a run of growing calls grows rarely
    const extra = Math.min(MAX_PAGES - have / PAGE - pages, Math.ceil(pages / 4));
    k.memory.grow(pages + extra);
  } catch {
    return false;
  }
  return true;
}

const views = new WeakMap<
  WasmKernels,
  { buf: ArrayBufferLike; f32: Float32Array; f64: Float64Array }
>();

function viewsOf(k: WasmKernels): { buf: ArrayBufferLike; f32: Float32Array; f64: Float64Array } {
  const buf = k.memory.buffer;
  let v = views.get(k);
  if (v === undefined || v.buf !== buf || v.f32.length * 4 !== buf.byteLength) {
    v = { buf, f32: new Float32Array(buf), f64: new Float64Array(buf) };
    views.set(k, v);
  }
  return v;
}

/**
 * A float32 view of the whole memory (renewed after growth).
 *
 * @param k The kernels.
 * @returns The view.
 */
export function heapF32(k: WasmKernels): Float32Array {
  return viewsOf(k).f32;
}

/**
 * A float64 view of the whole memory (renewed after growth).
 *
 * @param k The kernels.
 * @returns The view.
 */
export function heapF64(k: WasmKernels): Float64Array {
  return viewsOf(k).f64;
}
