/**
 * Exact floating-point building blocks that JavaScript lacks: the error-free transforms of a
 * sum and a product, and C's correctly rounded fused multiply-add for float64 (`fma`) and float32
 * (`fmaf`). The random generator needs them to reproduce the fused multiply-adds of PyTorch's
 * compiled kernels bit for bit.
 *
 * Provenance: written from the published mathematics — Knuth's TwoSum, Dekker's exact product
 * with Veltkamp's splitting (T. J. Dekker, "A floating-point technique for extending the
 * available precision", 1971) and the round-to-odd fused multiply-add of S. Boldo and
 * G. Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using rounding
 * to odd", IEEE Transactions on Computers 57(4), 2008. No third-party code.
 *
 * @module
 */

/** Veltkamp splitter 2^27 + 1. */
const SPLIT = 134217729;
/** Above this magnitude the Veltkamp split can overflow; such arguments are scaled first. */
const BIG_ARG = 2 ** 995;
const TWO_POW_64 = 2 ** 64;
const TWO_POW_M64 = 2 ** -64;
const fr = Math.fround;

// Scratch views for stepping a double by one unit in the last place.
const F64 = new Float64Array(1);
const F64W = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/**
 * The rounding error of `s = a + b` (Knuth's TwoSum): `a + b - s` exactly, for any finite `a`,
 * `b` whose sum does not overflow.
 *
 * @param a First addend.
 * @param b Second addend.
 * @param s `a + b` as JavaScript rounds it.
 * @returns The exact error `a + b - s`.
 */
export function twoSumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/**
 * The rounding error of `p = a * b` (Dekker's product): `a * b - p` exactly, for finite `a`, `b`
 * below 2^995 in magnitude whose product neither overflows nor loses bits to underflow.
 *
 * @param a First factor.
 * @param b Second factor.
 * @param p `a * b` as JavaScript rounds it.
 * @returns The exact error `a * b - p`.
 */
export function twoProdErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** `x + y` rounded to odd: the truncated sum with its last bit set when inexact. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const err = twoSumErr(x, y, s);
  if (err === 0) return s;
  F64[0] = s;
  if ((F64W[LO] & 1) !== 0) return s;
  // s is even and was rounded: step one unit towards the exact sum, which makes it odd.
  if ((err > 0) === (s > 0)) {
    F64W[LO] = (F64W[LO] + 1) >>> 0;
    if (F64W[LO] === 0) F64W[HI] = (F64W[HI] + 1) >>> 0;
  } else {
    if (F64W[LO] === 0) F64W[HI] = (F64W[HI] - 1) >>> 0;
    F64W[LO] = (F64W[LO] - 1) >>> 0;
  }
  return F64[0];
}

/**
 * Correctly rounded float64 `a * b + c`, like C's `fma`: Dekker's exact product, TwoSum, and a
 * round-to-odd addition of the two error terms (Boldo & Melquiond 2008). Exact unless the
 * result or the product's low part falls into the subnormal range.
 *
 * @param a First factor.
 * @param b Second factor.
 * @param c Addend.
 * @returns `a * b + c` with a single rounding.
 */
export function fma(a: number, b: number, c: number): number {
  if (!(Math.abs(a) < BIG_ARG && Math.abs(b) < BIG_ARG)) {
    if (Math.abs(b) >= BIG_ARG && Math.abs(a) < BIG_ARG && Number.isFinite(b)) {
      return fma(a, b * TWO_POW_M64, c * TWO_POW_M64) * TWO_POW_64;
    }
    if (Math.abs(a) >= BIG_ARG && Math.abs(b) < BIG_ARG && Number.isFinite(a)) {
      return fma(a * TWO_POW_M64, b, c * TWO_POW_M64) * TWO_POW_64;
    }
    return a * b + c;
  }
  const p = a * b;
  const pl = twoProdErr(a, b, p);
  if (pl === 0 || c === 0 || p === 0 || p - p !== 0 || c - c !== 0) return p + c;
  const th = c + p;
  const tl = twoSumErr(c, p, th);
  return th + addRoundToOdd(tl, pl);
}

/**
 * Correctly rounded float32 `a * b + c`, like C's `fmaf`, for float32 arguments. The product is
 * exact in float64; the one case where rounding the float64 sum to float32 rounds twice (the
 * sum lands exactly on a float32 midpoint but was itself rounded) is resolved with the TwoSum
 * error.
 *
 * @param a First factor (a float32 value).
 * @param b Second factor (a float32 value).
 * @param c Addend (a float32 value).
 * @returns `a * b + c` rounded once to float32.
 */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const err = twoSumErr(p, c, s);
  const f = fr(s);
  if (err === 0 || s - s !== 0) return f;
  const d = s - f;
  const other = f + 2 * d;
  if (d !== 0 && fr(other) === other) return (err > 0) === (d > 0) ? other : f;
  return f;
}
