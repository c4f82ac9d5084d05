/**
 * Elementwise kernels on typed arrays: strided gather, unary maps and broadcasting binary ops.
 * No Tensor objects in here, and no allocation per element.
 *
 * @module
 */

/** A tensor's storage. */
export type Storage = Float32Array | Float64Array;

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
  const idx = new Int32Array(nd);
  let base = offset;
  let k = 0;
  while (k < numel) {
    let p = base;
    for (let j = 0; j < inner; j++, p += is) out[k++] = src[p];
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
export function map(a: Storage, out: Storage, n: number, f: (x: number) => number): void {
  for (let i = 0; i < n; i++) out[i] = f(a[i]);
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

function fastSame(op: BinOp, a: Storage, b: Storage, out: Storage, n: number): void {
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

function fastScalar(op: BinOp, a: Storage, s: number, out: Storage, n: number, rev: boolean): void {
  switch (op) {
    case ADD:
      for (let i = 0; i < n; i++) out[i] = a[i] + s;
      return;
    case SUB:
      if (rev) for (let i = 0; i < n; i++) out[i] = s - a[i];
      else for (let i = 0; i < n; i++) out[i] = a[i] - s;
      return;
    case MUL:
      for (let i = 0; i < n; i++) out[i] = a[i] * s;
      return;
    case DIV:
      if (rev) for (let i = 0; i < n; i++) out[i] = s / a[i];
      else for (let i = 0; i < n; i++) out[i] = a[i] / s;
      return;
  }
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
  a: Storage,
  aOff: number,
  aStr: readonly number[],
  b: Storage,
  bOff: number,
  bStr: readonly number[],
  out: Storage,
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
  a: Storage,
  s: number,
  out: Storage,
  n: number,
  rev: boolean,
): void {
  if (typeof op === "number") {
    fastScalar(op, a, s, out, n, rev);
    return;
  }
  if (rev) for (let i = 0; i < n; i++) out[i] = op(s, a[i]);
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
