/**
 * Storage: the typed arrays that hold tensors' elements, and the one allocator behind them.
 *
 * @module
 */

import type { DType } from "./dtype.ts";
import type { Storage } from "./kernels/elementwise.ts";

// Note [small-tensor storage]
// A fresh typed array costs ~0.4–1.4 µs in Deno: every ArrayBuffer's backing store lives outside
// the V8 heap, and Deno has no on-heap typed arrays (Node keeps those of ≤ 64 bytes on its heap).
// A `subarray` of an existing one costs 30–80 ns. So a storage of at most CARVE_BYTES is carved
// out of a slab of SLAB_BYTES, one slab per dtype at a time. Slabs are never reused, so carved
// storage starts zeroed, and a slab is freed once nothing carved from it is reachable.
//
// The slab size is a trade between speed and memory: a kept tensor keeps its whole slab alive,
// whatever else was carved from it, and JavaScript cannot tell inside one synchronous loop which
// tensors are still reachable (FinalizationRegistry callbacks and WeakRef clearing wait for the
// loop to end). With 64 KiB slabs, keeping `loss.detach()` every 1000th step of the tutorial loop
// cost 64 KiB per kept loss; with 512-byte slabs a kept 0-d or 3×3 tensor costs under 1 KiB in
// all (its storage's slab plus its objects: 0.90–0.93 KiB of heapUsed + external after a full GC
// at worst, `deno task bench:memory`), and the tutorial loop (≈ 116 bytes of small storage per
// iteration) opens a slab every ~4.4 iterations, ~0.9 µs each (creation and sweeping) in Deno. Anything bigger than CARVE_BYTES gets a typed
// array of its own, so a slab is abandoned less than CARVE_BYTES short of full; at half a slab, a
// storage of 33–64 float32 elements (a small layer's weights or gradients) is still carved, not
// given a ~1 µs buffer of its own.
//
// `allocate` is the one place that maps a dtype to a typed array type; `toTypedArray()` hands a
// user a storage only when it owns its whole buffer (`ownsBuffer`), never a carved one.
const SLAB_BYTES = 512;
/** @ignore The largest storage carved out of a slab, in bytes. */
export const CARVE_BYTES = 256;

// Note [recycled storage]
// A storage of more than CARVE_BYTES gets a typed array of its own, and a fresh typed array is
// zero-filled memory that the process has not touched yet: a fresh 4 MB result costs ~0.25 ms
// of page faults and zeroing on this machine before a kernel writes a single element (an
// elementwise kernel over 1e6 float32 elements takes ~0.3 ms). JavaScript cannot tell when a
// tensor becomes unreachable, but the library knows a few moments when a storage it made is
// reachable from nothing any more:
//   - the engine, when a node's backward has consumed a gradient that the engine alone held
//     (Note [stealing gradients] in autograd/engine.ts), and when it sums two such gradients;
//   - a leaf, when its `.grad` made by backward and never read is replaced (`p.grad = null`,
//     `zeroGrad()`).
// Those storages are `recycle`d into a free list keyed by typed array type and length, and
// `allocate` and `allocateEmpty` take from it (the most recently recycled first: the one most
// likely still in cache) before making a new array. Recycled storage keeps its old values, so
// `allocate` zero-fills it; `allocateEmpty` (for kernels that write every element before
// anything reads one) does not. At most RECYCLED_MAX_BYTES are kept; past that a recycled
// storage is left to the garbage collector. Only a storage that spans its whole buffer is kept,
// and never twice. An op that takes a recycled storage and then throws leaves it to the
// garbage collector: nothing else can reach it.
const RECYCLED_MAX_BYTES = 64 << 20;
let recycledBytes = 0;

/** One dtype's typed array type, its current slab, and its recycled storages. */
class SlabPool<S extends Storage> {
  /** The slab storages are carved from (none until the first carving). */
  slab = new ArrayBuffer(SLAB_BYTES);
  /** Bytes of `slab` already handed out. */
  used = SLAB_BYTES;
  /** Recycled storages by length: Note [recycled storage]. */
  readonly free = new Map<number, S[]>();

  /**
   * @param make A fresh zeroed storage of `n` elements.
   * @param carve A storage of `n` elements viewing `buffer` from `byteOffset`.
   * @param bytesPerElement The element size.
   */
  constructor(
    readonly make: (n: number) => S,
    readonly carve: (buffer: ArrayBuffer, byteOffset: number, n: number) => S,
    readonly bytesPerElement: number,
  ) {}
}

// Carving with the constructor rather than `subarray` skips the species lookup: ~22 ns
// instead of ~30 ns here. float64 and int64 share a pool (both are Float64Arrays), as do uint8
// and bool (Uint8Arrays).
const POOL_F32 = new SlabPool(
  (n) => new Float32Array(n),
  (buffer, byteOffset, n) => new Float32Array(buffer, byteOffset, n),
  4,
);
const POOL_F64 = new SlabPool(
  (n) => new Float64Array(n),
  (buffer, byteOffset, n) => new Float64Array(buffer, byteOffset, n),
  8,
);
const POOL_I32 = new SlabPool(
  (n) => new Int32Array(n),
  (buffer, byteOffset, n) => new Int32Array(buffer, byteOffset, n),
  4,
);
const POOL_U8 = new SlabPool(
  (n) => new Uint8Array(n),
  (buffer, byteOffset, n) => new Uint8Array(buffer, byteOffset, n),
  1,
);

/** The pool of a dtype: `allocate`'s one map from dtype to typed array type. */
function poolFor(dtype: DType): SlabPool<Storage> | null {
  switch (dtype) {
    case "float32":
      return POOL_F32;
    case "float64":
    case "int64":
      return POOL_F64;
    case "int32":
      return POOL_I32;
    case "uint8":
    case "bool":
      return POOL_U8;
    default:
      return null;
  }
}

function allocationError(dtype: unknown, n: unknown): Error {
  if (poolFor(dtype as DType) === null) {
    return new TypeError(
      `allocate(): unsupported dtype ${
        JSON.stringify(dtype)
      }: expected "float32", "float64", "int64", "int32", "uint8" or "bool"`,
    );
  }
  if (typeof n !== "number" || !Number.isInteger(n)) {
    return new TypeError(`allocate(): the length must be an integer, got ${String(n)}`);
  }
  return new RangeError(
    `allocate(): the length must be in [0, 2^32), got ${n}`,
  );
}

/**
 * Zeroed storage of `n` elements of `dtype`: the one allocator behind every tensor. A storage of
 * at most 256 bytes is carved out of a 512-byte slab shared with other storages (its `byteOffset`
 * need not be 0), so never transfer or detach its `buffer`; a bigger one has a buffer of its own.
 *
 * @param dtype A dtype: float32 gives a Float32Array, float64 and int64 a Float64Array, int32 an
 *   Int32Array, uint8 and bool a Uint8Array.
 * @param n Element count: an integer in [0, 2^32). Anything else throws (a `TypeError` for a
 *   non-integer or an unknown dtype, a `RangeError` for a negative or huge length) and allocates
 *   nothing.
 * @returns A typed array of length `n`, all zeros.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { allocate } from "@descent/tensor/extend";
 * const s = allocate("float64", 3);
 * assert.ok(s instanceof Float64Array && s.length === 3 && s.every((v) => v === 0));
 * assert.throws(() => allocate("float64", -3), RangeError);
 * ```
 */
export function allocate(dtype: DType, n: number): Storage {
  const pool = poolFor(dtype);
  if (pool === null || (n >>> 0) !== n) throw allocationError(dtype, n);
  const bytes = n * pool.bytesPerElement;
  if (bytes > CARVE_BYTES) return takeRecycled(pool, n)?.fill(0) ?? pool.make(n);
  let start = pool.used;
  if (start + bytes > SLAB_BYTES) {
    pool.slab = new ArrayBuffer(SLAB_BYTES);
    start = 0;
  }
  pool.used = start + bytes;
  return pool.carve(pool.slab, start, n);
}

/**
 * @ignore Storage of `n` elements of `dtype` whose values are unspecified: for a kernel that
 * writes every element before anything reads one (PyTorch: `torch.empty`). A recycled storage
 * when one of that type and length is free (Note [recycled storage]), else what `allocate`
 * gives. Same checks and errors as `allocate`.
 */
export function allocateEmpty(dtype: DType, n: number): Storage {
  const pool = poolFor(dtype);
  if (pool === null || (n >>> 0) !== n) throw allocationError(dtype, n);
  if (n * pool.bytesPerElement > CARVE_BYTES) {
    const s = takeRecycled(pool, n);
    if (s !== null) return s;
  }
  return allocate(dtype, n);
}

/** A recycled storage of `n` elements from `pool`, or `null`. */
function takeRecycled(pool: SlabPool<Storage>, n: number): Storage | null {
  if (pool.free.size === 0) return null;
  const list = pool.free.get(n);
  if (list === undefined) return null;
  const s = list.pop()!;
  if (list.length === 0) pool.free.delete(n);
  recycledBytes -= s.byteLength;
  return s;
}

/** The pool whose typed array type `s` is. */
function poolOfStorage(s: Storage): SlabPool<Storage> | null {
  if (s instanceof Float32Array) return POOL_F32;
  if (s instanceof Float64Array) return POOL_F64;
  if (s instanceof Int32Array) return POOL_I32;
  if (s instanceof Uint8Array) return POOL_U8;
  return null;
}

/**
 * @ignore Hands a storage that nothing can reach any more back for reuse by `allocate` and
 * `allocateEmpty` (Note [recycled storage]). The caller guarantees that no tensor, typed array
 * or kernel holds it; a carved storage, one that does not span its buffer (or whose buffer was
 * transferred), one already free, or one past the bound is ignored.
 *
 * @param s The storage.
 */
export function recycle(s: Storage): void {
  const bytes = s.byteLength;
  if (bytes <= CARVE_BYTES || bytes !== s.buffer.byteLength) return;
  if (recycledBytes + bytes > RECYCLED_MAX_BYTES) return;
  const pool = poolOfStorage(s);
  if (pool === null) return;
  const list = pool.free.get(s.length);
  if (list === undefined) pool.free.set(s.length, [s]);
  else if (list.includes(s)) return;
  else list.push(s);
  recycledBytes += bytes;
}

/** @ignore Bytes of recycled storage waiting to be reused (for tests and benchmarks). */
export function recycledBytesHeld(): number {
  return recycledBytes;
}

/** @ignore Whether `s` spans its whole buffer (so handing it out exposes nothing else). */
export function ownsBuffer(s: Storage): boolean {
  return s.byteLength === s.buffer.byteLength;
}

/** @ignore Whether `s` is the typed array type that `dtype` is stored in. */
export function storageMatches(s: unknown, dtype: DType): s is Storage {
  switch (dtype) {
    case "float32":
      return s instanceof Float32Array;
    case "float64":
    case "int64":
      return s instanceof Float64Array;
    case "int32":
      return s instanceof Int32Array;
    case "uint8":
    case "bool":
      return s instanceof Uint8Array;
  }
  return false;
}

/** @ignore A fresh copy of a storage of `dtype`. */
export function copyOf(src: Storage, dtype: DType): Storage {
  const out = allocateEmpty(dtype, src.length);
  out.set(src as Float64Array);
  return out;
}
