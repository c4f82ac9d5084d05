/**
 * Correctly rounded float64 sine and cosine (round to nearest, ties to even), for the
 * generator's Box–Muller transform: its float64 path calls the C library's `sin` and `cos`, and a
 * correctly rounded result is the one value every accurate C library agrees on.
 *
 * Provenance: written from the mathematics, no third-party code. The fast path reduces `x` by
 * π/2 (Cody & Waite's three-part constant), splits the remainder as `a + h` with `a` a multiple
 * of 1/256, and evaluates `sin(a + h) = sin a + cos a · h + [sin a · (cos h − 1) + cos a ·
 * (sin h − h)]` (and likewise `cos`) in double-double arithmetic, with Taylor series for the
 * small bracket. If its error bound cannot decide the rounding (about one call in a thousand),
 * Ziv's strategy recomputes the value with BigInt fixed-point Taylor series at growing
 * precision until it can. The table of `sin a`, `cos a` and π itself (Machin's formula) are
 * computed the same way on first use.
 *
 * Error bound of the fast path, relative to the result (|h| ≤ 2^-9 + 2^-60): the bracket is at
 * most 2^-17 of the result and is computed with a relative error below 2^-50 (≤ 2^-67); the
 * three additions of the low parts add at most 2^-68.5; the reduction (π/2 to 2^-160, and |r| ≥
 * 2^-54 for doubles below 8) and the table (2^-106) add less than 2^-90. The rounding test uses
 * 2^-64, four times the sum.
 *
 * @module
 */

import { twoProdErr, twoSumErr } from "./fma.ts";
import { decompose, roundFixed, toFixed } from "./fixed_point.ts";

/** π/2 = P1 + P2 + P3 + O(2^-160); P1 and P2 have at most 50 significant bits. */
const P1 = 1.5707963267948966;
const P2 = 6.123233995736757e-17;
const P3 = 8.4784276603689e-32;
const TWO_OVER_PI = 0.6366197723675814;
/** The fast path's relative error bound (see the module docs). */
const EPS = 2 ** -64;
/** Table step: `a = j / 256`, |j| ≤ TABLE_MAX (|a| ≤ π/4 + 1/512). */
const TABLE_MAX = 202;

/** `sin(j/256)` and `cos(j/256)` as double-doubles: [sinHi, sinLo, cosHi, cosLo] per j. */
let table: Float64Array | null = null;

/**
 * Correctly rounded `sin(x)` for any float64 `x` (C's `sin`, as an accurate C library returns
 * it); NaN for ±Infinity and NaN.
 *
 * @param x The argument in radians.
 * @returns `sin(x)` rounded to nearest.
 */
export function sin64(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1.4901161193847656e-8) return x; // |x| < 2^-26: |sin x - x| < half an ulp of x
  if (!(ax < 8)) return ax === Infinity || ax !== ax ? NaN : sinCosExact(x, false);
  const y = fast(ax, false);
  return y === y ? (x < 0 ? -y : y) : sinCosExact(x, false);
}

/**
 * Correctly rounded `cos(x)` for any float64 `x` (C's `cos`, as an accurate C library returns
 * it); NaN for ±Infinity and NaN.
 *
 * @param x The argument in radians.
 * @returns `cos(x)` rounded to nearest.
 */
export function cos64(x: number): number {
  const ax = Math.abs(x);
  if (ax < 7.450580596923828e-9) return 1; // |x| < 2^-27: 1 - cos x < half an ulp below 1
  if (!(ax < 8)) return ax === Infinity || ax !== ax ? NaN : sinCosExact(x, true);
  const y = fast(ax, true);
  return y === y ? y : sinCosExact(x, true);
}

/**
 * The fast path for 2^-27 ≤ ax < 8: sin(ax) or cos(ax), or NaN when the error bound does not
 * decide the rounding.
 */
function fast(ax: number, wantCos: boolean): number {
  const tab = table ?? initTable();
  // r = ax - k·π/2 as a double-double (rh, rl); k·P1 and k·P2 are exact (k ≤ 5).
  const k = Math.round(ax * TWO_OVER_PI) | 0;
  const a1 = k * P1;
  const t1 = ax - a1;
  const e1 = twoSumErr(ax, -a1, t1);
  const a2 = k * P2;
  const t2 = t1 - a2;
  const e2 = twoSumErr(t1, -a2, t2) + e1 - k * P3;
  const rh = t2 + e2;
  const rl = twoSumErr(t2, e2, rh);
  // sin or cos of r, by quadrant: sin(r + kπ/2) cycles sin, cos, -sin, -cos.
  const q = (k + (wantCos ? 1 : 0)) & 3;
  const negative = q >= 2;
  const useCos = (q & 1) === 1;
  // r = a + h with a = j/256; rh - a is exact.
  const j = Math.round(rh * 256) | 0; // | 0: an int32, never -0 (keeps the table access fast)
  const hh = rh - j / 256;
  const h = hh + rl;
  const h2 = h * h;
  const sm = h * h2 * (-1 / 6 + h2 * (1 / 120 + h2 * (-1 / 5040 + h2 * (1 / 362880)))); // sin h - h
  const cm = h2 * (-0.5 + h2 * (1 / 24 + h2 * (-1 / 720 + h2 * (1 / 40320)))); // cos h - 1
  const i = 4 * (j < 0 ? -j : j);
  const sa = j < 0 ? -tab[i] : tab[i];
  const saLo = j < 0 ? -tab[i + 1] : tab[i + 1];
  const ca = tab[i + 2];
  const caLo = tab[i + 3];
  let hi: number;
  let lo: number;
  if (useCos) {
    // cos(a + h) = cos a - sin a · h + [cos a · (cos h - 1) - sin a · (sin h - h)]
    const p = sa * hh;
    const pLo = twoProdErr(sa, hh, p) + (sa * rl + saLo * hh);
    hi = ca - p;
    lo = twoSumErr(ca, -p, hi) + caLo - pLo + (ca * cm - sa * sm);
  } else {
    // sin(a + h) = sin a + cos a · h + [sin a · (cos h - 1) + cos a · (sin h - h)]
    const p = ca * hh;
    const pLo = twoProdErr(ca, hh, p) + (ca * rl + caLo * hh);
    hi = sa + p;
    lo = twoSumErr(sa, p, hi) + saLo + pLo + (sa * cm + ca * sm);
  }
  const yh = hi + lo;
  const yl = twoSumErr(hi, lo, yh);
  const err = Math.abs(yh) * EPS;
  const up = yh + (yl + err);
  if (up !== yh + (yl - err)) return NaN;
  return negative ? -up : up;
}

// ---------------------------------------------------------------------------------------------
// Exact fallback: BigInt fixed point (value v held as round(v · 2^f)), Ziv's loop.

/**
 * The exact fallback: `sin(x)` (or `cos(x)` when `wantCos`) correctly rounded for any finite
 * |x| ≥ 2^-27, by BigInt fixed-point series at growing precision (Ziv's loop). Slow (about
 * 5 µs); exported so that tests can check the fast path against it.
 */
export function sinCosExact(x: number, wantCos: boolean): number {
  const [m, e] = decompose(x); // |x| = m · 2^e, m < 2^53
  for (let f = 192;; f *= 2) {
    // Work with pbits fractional bits during the reduction so that k·(π/2 error) stays below
    // one unit at scale 2^-f even for huge x.
    const pbits = f + Math.max(0, e + 53) + 8;
    const halfPi = piFixed(pbits) >> 1n;
    const xs = m << BigInt(pbits + e); // exact: e ≥ -79 for |x| ≥ 2^-27
    const k = (2n * xs + halfPi) / (2n * halfPi);
    const r = (xs - k * halfPi) >> BigInt(pbits - f);
    const q = Number((k + (wantCos ? 1n : 0n)) & 3n);
    let [v, terms] = (q & 1) === 1 ? cosFixed(r, f) : sinFixed(r, f);
    if (q >= 2) v = -v;
    if (x < 0 && !wantCos) v = -v;
    const errUnits = BigInt(4 * terms + 16);
    const a = roundFixed(v - errUnits, f);
    if (a === roundFixed(v + errUnits, f)) return a;
  }
}

/** sin(r) for |r| ≤ 1 at scale 2^f by its Taylor series; returns [value, number of terms]. */
function sinFixed(r: bigint, f: number): [bigint, number] {
  const fb = BigInt(f);
  const r2 = (r * r) >> fb;
  let term = r;
  let sum = r;
  let n = 1;
  for (; term !== 0n; n++) {
    term = -((term * r2) >> fb) / BigInt((2 * n) * (2 * n + 1));
    sum += term;
  }
  return [sum, n];
}

/** cos(r) for |r| ≤ 1 at scale 2^f by its Taylor series; returns [value, number of terms]. */
function cosFixed(r: bigint, f: number): [bigint, number] {
  const fb = BigInt(f);
  const r2 = (r * r) >> fb;
  let term = 1n << fb;
  let sum = term;
  let n = 1;
  for (; term !== 0n; n++) {
    term = -((term * r2) >> fb) / BigInt((2 * n - 1) * (2 * n));
    sum += term;
  }
  return [sum, n];
}

/** π · 2^bits, within a few units; cached at the largest precision computed so far. */
let piCache: bigint = 0n;
let piCacheBits = 0;
function piFixed(bits: number): bigint {
  if (bits > piCacheBits) {
    // Machin: π = 16·atan(1/5) - 4·atan(1/239), with 32 guard bits.
    const g = bits + 32;
    piCache = (16n * atanInv(5n, g) - 4n * atanInv(239n, g)) >> 32n;
    piCacheBits = bits;
    return piCache;
  }
  return piCache >> BigInt(piCacheBits - bits);
}

/** atan(1/n) · 2^bits by its series (an error of one unit per term). */
function atanInv(n: bigint, bits: number): bigint {
  const n2 = n * n;
  let power = (1n << BigInt(bits)) / n;
  let sum = power;
  for (let k = 1n; power !== 0n; k++) {
    power /= n2;
    const term = power / (2n * k + 1n);
    sum += k % 2n === 1n ? -term : term;
  }
  return sum;
}

/** Fills the table of sin and cos of j/256 as double-doubles (the first call only). */
function initTable(): Float64Array {
  const f = 128;
  const tab = new Float64Array(4 * (TABLE_MAX + 1));
  for (let j = 0; j <= TABLE_MAX; j++) {
    const a = BigInt(j) << BigInt(f - 8);
    const [s] = sinFixed(a, f);
    const [c] = cosFixed(a, f);
    const sh = roundFixed(s, f);
    const ch = roundFixed(c, f);
    tab[4 * j] = sh;
    tab[4 * j + 1] = roundFixed(s - toFixed(sh, f), f);
    tab[4 * j + 2] = ch;
    tab[4 * j + 3] = roundFixed(c - toFixed(ch, f), f);
  }
  table = tab;
  return tab;
}
