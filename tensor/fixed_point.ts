/**
 * Exact conversions between doubles and BigInt fixed point (a value `v` held as the integer
 * `v · 2^f`), with correct rounding back to double. The slow, exact paths of the correctly
 * rounded `sin` and `cos` use them, and so do tests that need an exact reference.
 *
 * Provenance: written from the IEEE-754 definitions; no third-party code.
 *
 * @module
 */

/** |x| = m · 2^e with m an integer below 2^53 (x finite and nonzero). */
export function decompose(x: number): [bigint, number] {
  let e = 0;
  let ax = Math.abs(x);
  while (ax >= 2 ** 53) {
    ax /= 2 ** 32;
    e += 32;
  }
  while (!Number.isInteger(ax)) {
    ax *= 2 ** 32;
    e -= 32;
  }
  return [BigInt(ax), e];
}

/**
 * The exact value of a finite double at scale 2^f: `x · 2^f` as a BigInt.
 *
 * @throws {RangeError} If `x · 2^f` is not an integer (f too small for x's last bit).
 */
export function toFixed(x: number, f: number): bigint {
  if (x === 0) return 0n;
  const [m, e] = decompose(x);
  let v: bigint;
  if (f + e >= 0) v = m << BigInt(f + e);
  else {
    const shift = BigInt(-(f + e));
    v = m >> shift;
    if (v << shift !== m) throw new RangeError(`${x} is not a multiple of 2^-${f}`);
  }
  return x < 0 ? -v : v;
}

/**
 * The double nearest to `v · 2^-f` (ties to even), for results in the normal range
 * (2^-1022 ≤ |result| < 2^1024) or zero.
 */
export function roundFixed(v: bigint, f: number): number {
  const negative = v < 0n;
  let a = negative ? -v : v;
  if (a === 0n) return 0;
  const len = a.toString(2).length;
  let shift = 0;
  if (len > 53) {
    shift = len - 53;
    const sb = BigInt(shift);
    const q = a >> sb;
    const rem = a - (q << sb);
    const half = 1n << (sb - 1n);
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
  }
  // a ≤ 2^53 is exact as a double; the power of two scales it exactly (split in two steps so
  // that neither factor overflows or underflows on its own).
  const p = shift - f;
  const half1 = Math.trunc(p / 2);
  const y = Number(a) * 2 ** half1 * 2 ** (p - half1);
  return negative ? -y : y;
}
