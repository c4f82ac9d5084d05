/**
 * Elementwise kernels on typed arrays: strided gather, unary maps and broadcasting binary ops.
 * No Tensor objects in here, and no allocation per element.
 *
 * @module
 */

import { ensureMemory, heapF32, heapF64, type KernelExports, wasmKernels } from "./wasm_runtime.ts";

/**
 * A tensor's storage: Float32Array (float32), Float64Array (float64, and int64 as exact
 * integers), Int32Array (int32) or Uint8Array (uint8, bool).
 */
export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The storage of a floating tensor: what the float kernels below take. */
export type FloatStorage = Float32Array | Float64Array;

/**
 * Copies a strided view into a contiguous array (row-major order).
 *
 * @param src Source storage.
 * @param offset Offset of the first element.
 * @param shape View shape.
 * @param strides View strides.
 * @param out Destination, at least numel long.
 */
export function gather(
  src: Storage,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  out: Storage,
): void {
  const nd = shape.length;
  if (nd === 0) {
    out[0] = src[offset];
    return;
  }
  let numel = 1;
  for (let i = 0; i < nd; i++) numel *= shape[i];
  if (numel === 0) return;
  const inner = shape[nd - 1];
  const is = strides[nd - 1];
  if (nd >= 2 && strides[nd - 2] === 1 && is !== 1 && inner > 1 && shape[nd - 2] > 1) {
    gatherTransposed(src, offset, shape, strides, out);
    return;
  }
  const idx = new Int32Array(nd);
  let base = offset;
  let k = 0;
  while (k < numel) {
    if (is === 0) {
      // a broadcast row (expand): one value, filled natively
      out.fill(src[base], k, k + inner);
      k += inner;
    } else if (is === 1 && inner >= 64) {
      (out as Float32Array).set((src as Float32Array).subarray(base, base + inner), k);
      k += inner;
    } else {
      let p = base;
      for (let j = 0; j < inner; j++, p += is) out[k++] = src[p];
    }
    // advance the outer counters
    let d = nd - 2;
    while (d >= 0) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
      d--;
    }
  }
}

/** Tile edge of the blocked transpose in {@linkcode gather}. */
const TILE = 32;

/**
 * {@linkcode gather} for views whose last two dims are transposed (the second-to-last has
 * stride 1, as in `x.t()`): each matrix is copied in TILE×TILE blocks, so that both the reads
 * (down the source's contiguous columns) and the writes stay within a few cache lines.
 */
function gatherTransposed(
  src: Storage,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  out: Storage,
): void {
  const nd = shape.length;
  const rows = shape[nd - 2];
  const cols = shape[nd - 1];
  const cs = strides[nd - 1];
  if (
    nd === 2 && rows * cols >= EW_WASM_MIN && cs >= rows &&
    wasmTranspose(src, offset, rows, cols, cs, out)
  ) {
    return;
  }
  let outer = 1;
  for (let i = 0; i < nd - 2; i++) outer *= shape[i];
  const idx = new Int32Array(Math.max(nd - 2, 1));
  let base = offset;
  for (let o = 0, k0 = 0; o < outer; o++, k0 += rows * cols) {
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(r0 + TILE, rows);
      for (let c0 = 0; c0 < cols; c0 += TILE) {
        const c1 = Math.min(c0 + TILE, cols);
        for (let c = c0; c < c1; c++) {
          let p = base + r0 + c * cs;
          let q = k0 + r0 * cols + c;
          for (let r = r0; r < r1; r++, p++, q += cols) out[q] = src[p];
        }
      }
    }
    // advance the batch counters
    let d = nd - 3;
    while (d >= 0) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
      d--;
    }
  }
}

/**
 * A 2-D transposed view made contiguous by the SIMD transpose kernel: the span the view covers
 * is copied in, transposed in L×L register blocks, and copied out.
 */
function wasmTranspose(
  src: Storage,
  offset: number,
  rows: number,
  cols: number,
  cs: number,
  out: Storage,
): boolean {
  const f64 = src instanceof Float64Array;
  if (f64 !== out instanceof Float64Array) return false;
  if (!f64 && !(src instanceof Float32Array && out instanceof Float32Array)) return false;
  const span = (cols - 1) * cs + rows;
  if (span > 2 * rows * cols + 64) return false;
  const kz = wasmKernels();
  const E = f64 ? 8 : 4;
  if (kz === null) return false;
  const ps = kz.arena;
  const po = align64(ps + span * E);
  if (!ensureMemory(kz, po + rows * cols * E)) return false;
  const heap = f64 ? heapF64(kz) : heapF32(kz);
  (heap as Float32Array).set((src as Float32Array).subarray(offset, offset + span), ps / E);
  (f64 ? kz.exports.transpose_f64 : kz.exports.transpose_f32)(rows, cols, ps, cs, po);
  (out as Float32Array).set((heap as Float32Array).subarray(po / E, po / E + rows * cols));
  return true;
}

/**
 * Writes a contiguous array into a strided view (the inverse of {@linkcode gather}).
 *
 * @param src Contiguous source, numel long.
 * @param dst Destination storage.
 * @param offset Offset of the first destination element.
 * @param shape View shape.
 * @param strides View strides.
 */
export function scatter(
  src: Storage,
  dst: Storage,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
): void {
  const nd = shape.length;
  if (nd === 0) {
    dst[offset] = src[0];
    return;
  }
  let numel = 1;
  for (let i = 0; i < nd; i++) numel *= shape[i];
  if (numel === 0) return;
  const inner = shape[nd - 1];
  const is = strides[nd - 1];
  const idx = new Int32Array(nd);
  let base = offset;
  let k = 0;
  while (k < numel) {
    let p = base;
    for (let j = 0; j < inner; j++, p += is) dst[p] = src[k++];
    let d = nd - 2;
    while (d >= 0) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
      d--;
    }
  }
}

/**
 * `out[i] = f(a[i])` over contiguous arrays.
 *
 * @param a Input, n long.
 * @param out Output, n long (may be `a`).
 * @param n Element count.
 * @param f The scalar function.
 */
export function map(a: FloatStorage, out: FloatStorage, n: number, f: (x: number) => number): void {
  const op = (f as Tagged)[KERNEL];
  if (op !== undefined && (a instanceof Float64Array) === (out instanceof Float64Array)) {
    unary(op, a, out, n);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = f(a[i]);
}

const KERNEL: unique symbol = Symbol("descent.unaryKernel");
type Tagged = { [KERNEL]?: UnaryOp };

/**
 * Marks a scalar function as one that {@linkcode unary} computes with op `op`; {@linkcode map}
 * then runs that kernel instead of calling `f` per element. `f` must give the same values.
 * Define the tagged function once (at module level), not per call.
 *
 * @param f The scalar function, e.g. ReLU's.
 * @param op Its {@linkcode UnaryOp}.
 * @returns `f`, tagged.
 */
export function withKernel<F extends (x: number) => number>(f: F, op: UnaryOp): F {
  (f as Tagged)[KERNEL] = op;
  return f;
}

/** Unary operation codes with dedicated loops (and SIMD kernels): see {@linkcode unary}. */
export type UnaryOp = 0 | 1 | 2 | 3 | 4 | 5;
/** `-x`. */
export const NEG: UnaryOp = 0;
/** `|x|`. */
export const ABS: UnaryOp = 1;
/** `x < 0 ? 0 : x`: NaN and -0 kept (PyTorch's relu, `clamp_min(x, 0)`). */
export const RELU: UnaryOp = 2;
/** `√x`. */
export const SQRT: UnaryOp = 3;
/** `x · x`. */
export const SQUARE: UnaryOp = 4;
/** `x <= 0 ? 0 : 1` (NaN gives 1): ReLU's gradient mask, PyTorch's `threshold_backward`. */
export const STEP: UnaryOp = 5;

function unaryF32(op: UnaryOp, a: Float32Array, out: Float32Array, n: number): void {
  switch (op) {
    case NEG:
      for (let i = 0; i < n; i++) out[i] = -a[i];
      return;
    case ABS:
      for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
      return;
    case RELU:
      for (let i = 0; i < n; i++) {
        const x = a[i];
        out[i] = x < 0 ? 0 : x;
      }
      return;
    case SQRT:
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
      return;
    case SQUARE:
      for (let i = 0; i < n; i++) out[i] = a[i] * a[i];
      return;
    case STEP:
      for (let i = 0; i < n; i++) out[i] = a[i] <= 0 ? 0 : 1;
      return;
  }
}

function unaryF64(op: UnaryOp, a: Float64Array, out: Float64Array, n: number): void {
  switch (op) {
    case NEG:
      for (let i = 0; i < n; i++) out[i] = -a[i];
      return;
    case ABS:
      for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
      return;
    case RELU:
      for (let i = 0; i < n; i++) {
        const x = a[i];
        out[i] = x < 0 ? 0 : x;
      }
      return;
    case SQRT:
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
      return;
    case SQUARE:
      for (let i = 0; i < n; i++) out[i] = a[i] * a[i];
      return;
    case STEP:
      for (let i = 0; i < n; i++) out[i] = a[i] <= 0 ? 0 : 1;
      return;
  }
}

/**
 * `out[i] = f(a[i])` for a few common `f` chosen by code, over contiguous arrays of the same
 * storage type: dedicated loops instead of {@linkcode map}'s call per element (whose call
 * site sees every op's closure, so V8 cannot inline any), and SIMD kernels for n ≥
 * {@linkcode EW_WASM_MIN}. Same values as `map` with the corresponding function.
 *
 * @param op A {@linkcode UnaryOp}.
 * @param a Input, n long.
 * @param out Output, n long (may be `a`); same storage type as `a`.
 * @param n Element count.
 */
export function unary(op: UnaryOp, a: FloatStorage, out: FloatStorage, n: number): void {
  const f64 = a instanceof Float64Array;
  if (f64 !== out instanceof Float64Array) {
    throw new TypeError("unary: input and output must have the same storage type");
  }
  if (
    n >= EW_WASM_MIN &&
    wasmChunked(a, null, out, n, (x, m, pa, _, po) => {
      (f64 ? x.unary_f64 : x.unary_f32)(op, m, pa, po);
    })
  ) {
    return;
  }
  if (f64) unaryF64(op, a as Float64Array, out as Float64Array, n);
  else unaryF32(op, a as Float32Array, out as Float32Array, n);
}

/** Binary operation codes with dedicated fast loops: add, sub, mul, div. */
export type BinOp = 0 | 1 | 2 | 3;
/** `x + y`. */
export const ADD: BinOp = 0;
/** `x - y`. */
export const SUB: BinOp = 1;
/** `x * y`. */
export const MUL: BinOp = 2;
/** `x / y`. */
export const DIV: BinOp = 3;

/** Smallest element count that elementwise kernels send to WebAssembly. */
export const EW_WASM_MIN = 4096;
/**
 * Bytes of one operand that a chunked elementwise kernel copies into WebAssembly memory at a
 * time (see {@linkcode wasmChunked}).
 */
const EW_CHUNK_BYTES = 1 << 16;

const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * Runs an elementwise WebAssembly kernel over `n` elements of `a` (and `b`) into `out`, all of
 * one storage type: chunks of up to EW_CHUNK_BYTES per operand are copied into the module's
 * memory (a memcpy, far faster than a JavaScript loop over the elements), combined by `run`,
 * and copied out. The chunks keep the copies and the kernel in the L2 cache however long the
 * arrays are: copying whole operands of more than ~2¹⁷ elements in and out cost more than the
 * SIMD arithmetic saved, while chunks of 64 KiB make 1e6-element ops 2–3× faster than the
 * JavaScript loop. `out` may be `a` or `b`.
 *
 * @param a The first operand.
 * @param b The second operand, or `null`.
 * @param out The result.
 * @param n Element count.
 * @param run Calls the kernel on `m` elements at byte offsets `pa`, `pb`, `po`.
 * @returns Whether it ran (false: no WebAssembly, mixed storage types, or no memory).
 */
function wasmChunked(
  a: FloatStorage,
  b: FloatStorage | null,
  out: FloatStorage,
  n: number,
  run: (x: KernelExports, m: number, pa: number, pb: number, po: number) => void,
): boolean {
  const f64 = out instanceof Float64Array;
  if ((a instanceof Float64Array) !== f64) return false;
  if (b !== null && (b instanceof Float64Array) !== f64) return false;
  const kz = wasmKernels();
  if (kz === null) return false;
  const E = f64 ? 8 : 4;
  const chunk = Math.min(n, EW_CHUNK_BYTES / E);
  const pa = kz.arena;
  const pb = b === a || b === null ? pa : align64(pa + chunk * E);
  const po = align64(Math.max(pa, pb) + chunk * E);
  if (!ensureMemory(kz, po + chunk * E)) return false;
  const heap = (f64 ? heapF64(kz) : heapF32(kz)) as Float32Array;
  const [a32, b32, o32] = [a as Float32Array, b as Float32Array | null, out as Float32Array];
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    heap.set(a32.subarray(i, i + m), pa / E);
    if (b32 !== null && b32 !== a32) heap.set(b32.subarray(i, i + m), pb / E);
    run(kz.exports, m, pa, pb, po);
    o32.set(heap.subarray(po / E, po / E + m), i);
  }
  return true;
}

/**
 * `out = a ∘ b` (or `a ∘ s`) in the WebAssembly SIMD kernels, four float32 (two float64) lanes
 * at a time: IEEE-754 float32/float64 arithmetic, so the values equal the JavaScript loops' bit
 * for bit.
 */
function wasmBinary(
  op: BinOp,
  a: FloatStorage,
  b: FloatStorage | null,
  s: number,
  rev: boolean,
  out: FloatStorage,
  n: number,
): boolean {
  const f64 = out instanceof Float64Array;
  if (b === null && !f64 && Math.fround(s) !== s) return false; // keep the double-rounded scalar
  const r = +(rev && (op === SUB || op === DIV)); // the kernel has no reversed ADD and MUL
  return wasmChunked(
    a,
    b,
    out,
    n,
    b === null
      ? (x, m, pa, _, po) => (f64 ? x.binary_scalar_f64 : x.binary_scalar_f32)(op, m, pa, s, po, r)
      : (x, m, pa, pb, po) => (f64 ? x.binary_f64 : x.binary_f32)(op, m, pa, pb, po),
  );
}

/**
 * `y[i] += alpha · x[i]` for i < n, in place, the product rounded to y's type before the sum
 * (no fused multiply-add): PyTorch's `y.add_(x, alpha=alpha)` in float32 or float64, the update
 * of an SGD step. SIMD from {@linkcode EW_WASM_MIN} elements, the same values either way.
 *
 * @param y The array updated, float32 or float64.
 * @param alpha The factor (rounded to float32 first for a float32 `y`, as PyTorch's scalar).
 * @param x The addend, of y's type.
 * @param n Element count.
 */
export function axpy(y: FloatStorage, alpha: number, x: FloatStorage, n: number): void {
  const f64 = y instanceof Float64Array;
  const s = f64 ? alpha : Math.fround(alpha);
  if (
    n >= EW_WASM_MIN &&
    wasmChunked(y, x, y, n, (k, m, py, px, po) => (f64 ? k.axpy_f64 : k.axpy_f32)(m, px, s, py, po))
  ) {
    return;
  }
  if (f64) axpyF64(y, s, x as Float64Array, n);
  else if (x instanceof Float32Array) axpyF32(y as Float32Array, s, x, n);
  else for (let i = 0; i < n; i++) y[i] = y[i] + Math.fround(s * x[i]);
}

function axpyF32(y: Float32Array, s: number, x: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = y[i] + Math.fround(s * x[i]);
}

function axpyF64(y: Float64Array, s: number, x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = y[i] + s * x[i];
}

// The JavaScript loops come in one copy per storage type: a loop that only ever sees
// Float32Arrays stays monomorphic, and runs about twice as fast as one that sees both.

function sameF32(op: BinOp, a: Float32Array, b: Float32Array, out: Float32Array, n: number): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      return;
    case SUB:
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      return;
    case DIV:
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      return;
  }
}

function sameF64(op: BinOp, a: Float64Array, b: Float64Array, out: Float64Array, n: number): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      return;
    case SUB:
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      return;
    case DIV:
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      return;
  }
}

function sameMixed(
  op: BinOp,
  a: FloatStorage,
  b: FloatStorage,
  out: FloatStorage,
  n: number,
): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      return;
    case SUB:
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      return;
    case DIV:
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      return;
  }
}

function fastSame(op: BinOp, a: FloatStorage, b: FloatStorage, out: FloatStorage, n: number): void {
  if (n >= EW_WASM_MIN && wasmBinary(op, a, b, 0, false, out, n)) return;
  if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
    sameF32(op, a, b, out, n);
  } else if (
    a instanceof Float64Array && b instanceof Float64Array && out instanceof Float64Array
  ) {
    sameF64(op, a, b, out, n);
  } else sameMixed(op, a, b, out, n);
}

function scalarF32(
  op: BinOp,
  a: Float32Array,
  s: number,
  out: Float32Array,
  n: number,
  rev: boolean,
): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + s;
      return;
    case SUB:
      if (rev) { for (let i = 0; i < n; i++) out[i] = s - a[i]; }
      else for (let i = 0; i < n; i++) out[i] = a[i] - s;
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * s;
      return;
    case DIV:
      if (rev) { for (let i = 0; i < n; i++) out[i] = s / a[i]; }
      else for (let i = 0; i < n; i++) out[i] = a[i] / s;
      return;
  }
}

function scalarF64(
  op: BinOp,
  a: Float64Array,
  s: number,
  out: Float64Array,
  n: number,
  rev: boolean,
): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + s;
      return;
    case SUB:
      if (rev) { for (let i = 0; i < n; i++) out[i] = s - a[i]; }
      else for (let i = 0; i < n; i++) out[i] = a[i] - s;
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * s;
      return;
    case DIV:
      if (rev) { for (let i = 0; i < n; i++) out[i] = s / a[i]; }
      else for (let i = 0; i < n; i++) out[i] = a[i] / s;
      return;
  }
}

function scalarMixed(
  op: BinOp,
  a: FloatStorage,
  s: number,
  out: FloatStorage,
  n: number,
  rev: boolean,
): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + s;
      return;
    case SUB:
      if (rev) { for (let i = 0; i < n; i++) out[i] = s - a[i]; }
      else for (let i = 0; i < n; i++) out[i] = a[i] - s;
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * s;
      return;
    case DIV:
      if (rev) { for (let i = 0; i < n; i++) out[i] = s / a[i]; }
      else for (let i = 0; i < n; i++) out[i] = a[i] / s;
      return;
  }
}

/** Whether `x ∘ s` is exactly `x` for every x (NaN stays NaN): ·1, /1, −0, +(−0). */
function isIdentity(op: BinOp, s: number, rev: boolean): boolean {
  if (rev) return op === ADD && Object.is(s, -0) || op === MUL && s === 1;
  switch (op) {
    case ADD:
      return Object.is(s, -0);
    case SUB:
      return Object.is(s, 0);
    default:
      return s === 1;
  }
}

function fastScalar(
  op: BinOp,
  a: FloatStorage,
  s: number,
  out: FloatStorage,
  n: number,
  rev: boolean,
): void {
  if (isIdentity(op, s, rev)) {
    // the gradient of a sum times the other factor, and the like: a copy, at memcpy speed
    if (out !== a) (out as Float32Array).set((a as Float32Array).subarray(0, n));
    return;
  }
  if (n >= EW_WASM_MIN && wasmBinary(op, a, null, s, rev, out, n)) return;
  if (a instanceof Float32Array && out instanceof Float32Array) scalarF32(op, a, s, out, n, rev);
  else if (a instanceof Float64Array && out instanceof Float64Array) {
    scalarF64(op, a, s, out, n, rev);
  } else scalarMixed(op, a, s, out, n, rev);
}

/** The scalar function of a {@linkcode BinOp}. */
export function binOpFn(op: BinOp): (x: number, y: number) => number {
  switch (op) {
    case ADD:
      return (x, y) => x + y;
    case SUB:
      return (x, y) => x - y;
    case MUL:
      return (x, y) => x * y;
    default:
      return (x, y) => x / y;
  }
}

/**
 * Broadcasting binary op into a contiguous `out` of `shape`. Operands are given with strides
 * already broadcast to `shape` (0 on broadcast dims).
 *
 * @param op A {@linkcode BinOp} (fast loops) or a scalar function.
 * @param shape Output shape.
 * @param a First operand storage.
 * @param aOff Its offset.
 * @param aStr Its strides over `shape`.
 * @param b Second operand storage.
 * @param bOff Its offset.
 * @param bStr Its strides over `shape`.
 * @param out Contiguous output.
 */
export function binary(
  op: BinOp | ((x: number, y: number) => number),
  shape: readonly number[],
  a: FloatStorage,
  aOff: number,
  aStr: readonly number[],
  b: FloatStorage,
  bOff: number,
  bStr: readonly number[],
  out: FloatStorage,
): void {
  const nd = shape.length;
  let numel = 1;
  for (let i = 0; i < nd; i++) numel *= shape[i];
  if (numel === 0) return;
  if (typeof op === "number") {
    // Contiguous fast paths: same layout, or one side a single broadcast element.
    if (isDense(shape, aStr) && aOff === 0 && a.length === numel) {
      if (isDense(shape, bStr) && bOff === 0 && b.length === numel) {
        fastSame(op, a, b, out, numel);
        return;
      }
      if (allZero(bStr)) {
        fastScalar(op, a, b[bOff], out, numel, false);
        return;
      }
    } else if (allZero(aStr) && isDense(shape, bStr) && bOff === 0 && b.length === numel) {
      fastScalar(op, b, a[aOff], out, numel, true);
      return;
    }
  }
  const f = typeof op === "number" ? binOpFn(op) : op;
  if (nd === 0) {
    out[0] = f(a[aOff], b[bOff]);
    return;
  }
  const inner = shape[nd - 1];
  const ai = aStr[nd - 1];
  const bi = bStr[nd - 1];
  const idx = new Int32Array(nd);
  let pa = aOff;
  let pb = bOff;
  let k = 0;
  while (k < numel) {
    let qa = pa;
    let qb = pb;
    for (let j = 0; j < inner; j++, qa += ai, qb += bi) out[k++] = f(a[qa], b[qb]);
    let d = nd - 2;
    while (d >= 0) {
      idx[d]++;
      pa += aStr[d];
      pb += bStr[d];
      if (idx[d] < shape[d]) break;
      pa -= aStr[d] * shape[d];
      pb -= bStr[d] * shape[d];
      idx[d] = 0;
      d--;
    }
  }
}

/**
 * `out[i] = f(a[i], s)` (or `f(s, a[i])` when `rev`) over contiguous arrays, fast for
 * {@linkcode BinOp}s.
 *
 * @param op The operation.
 * @param a Contiguous input, n long.
 * @param s The scalar.
 * @param out Output, n long.
 * @param n Element count.
 * @param rev Whether the scalar is the left operand.
 */
export function binaryScalar(
  op: BinOp | ((x: number, y: number) => number),
  a: FloatStorage,
  s: number,
  out: FloatStorage,
  n: number,
  rev: boolean,
): void {
  if (typeof op === "number") {
    fastScalar(op, a, s, out, n, rev);
    return;
  }
  if (rev) { for (let i = 0; i < n; i++) out[i] = op(s, a[i]); }
  else for (let i = 0; i < n; i++) out[i] = op(a[i], s);
}

/** Whether strides are the contiguous strides of `shape` (ignoring size-1 dims). */
export function isDense(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

function allZero(strides: readonly number[]): boolean {
  for (let i = 0; i < strides.length; i++) if (strides[i] !== 0) return false;
  return true;
}
