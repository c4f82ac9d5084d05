import assert from "node:assert/strict";
import { fma, fmaf, twoProdErr, twoSumErr } from "./fma.ts";
import { roundFixed, toFixed } from "./fixed_point.ts";

/** Scale at which every product and sum below is an exact integer. */
const F = 2300;

/** The exact a * b + c, correctly rounded, from BigInt arithmetic. */
function exactFma(a: number, b: number, c: number): number {
  const v = (toFixed(a, F / 2) * toFixed(b, F / 2)) + toFixed(c, F);
  return v === 0n ? (a * b + c) : roundFixed(v, F);
}

/** A small deterministic generator (xorshift) for test arguments. */
function* doubles(seed: number, n: number, spread: number): Generator<number> {
  let s = seed >>> 0;
  const next = () => (s ^= s << 13, s ^= s >>> 17, s ^= s << 5, (s >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    const m = 1 + next() + next() * 2 ** -26;
    yield (next() < 0.5 ? -m : m) * 2 ** Math.round((next() - 0.5) * spread);
  }
}

Deno.test("twoSumErr and twoProdErr are the exact rounding errors", () => {
  const xs = [...doubles(1, 400, 80)];
  for (let i = 0; i + 1 < xs.length; i++) {
    const [a, b] = [xs[i], xs[i + 1]];
    const s = a + b;
    assert.equal(toFixed(a, F) + toFixed(b, F) - toFixed(s, F), toFixed(twoSumErr(a, b, s), F));
    const p = a * b;
    assert.equal(
      toFixed(a, F / 2) * toFixed(b, F / 2) - toFixed(p, F),
      toFixed(twoProdErr(a, b, p), F),
    );
  }
});

Deno.test("fma is C's correctly rounded fma", () => {
  const xs = [...doubles(2, 3000, 60)];
  for (let i = 0; i + 2 < xs.length; i++) {
    const [a, b] = [xs[i], xs[i + 1]];
    // c near -a*b exercises cancellation, c near ulp(a*b)/2 the rounding of ties.
    const p = a * b;
    for (
      const c of [
        xs[i + 2],
        -p,
        -p * (1 + 2 ** -40),
        twoProdErr(a, b, p) * 1.5,
        xs[i + 2] * 2 ** -60,
      ]
    ) {
      assert.equal(fma(a, b, c), exactFma(a, b, c), `fma(${a}, ${b}, ${c})`);
    }
  }
  // Ties: the plain a * b + c rounds twice here, fma once.
  const a = 1 + 2 ** -27;
  assert.equal(fma(a, a, -1), 2 ** -26 + 2 ** -54);
  assert.equal(fma(a, 1 - 2 ** -27, -1), -(2 ** -54));
  assert.equal(
    fma(2 ** 1000, 2 ** 20, -Number.MAX_VALUE),
    exactFma(2 ** 1000, 2 ** 20, -Number.MAX_VALUE),
  );
  assert.ok(Number.isNaN(fma(Infinity, 0, 1)));
  assert.equal(fma(Infinity, 2, 1), Infinity);
});

Deno.test("fmaf is C's correctly rounded fmaf on float32 arguments", () => {
  const fr = Math.fround;
  const xs = [...doubles(3, 4000, 30)].map(fr);
  for (let i = 0; i + 2 < xs.length; i++) {
    const [a, b, c] = [xs[i], xs[i + 1], xs[i + 2]];
    for (const cc of [c, fr(-a * b), fr(-a * b) + fr(c * 2 ** -20)].map(fr)) {
      // The exact value rounded to float32 once: round the exact double-double to float32.
      const exact = toFixed(a, F / 2) * toFixed(b, F / 2) + toFixed(cc, F);
      assert.equal(fmaf(a, b, cc), roundFloat32(exact), `fmaf(${a}, ${b}, ${cc})`);
    }
  }
});

/** The float32 nearest to v · 2^-F (ties to even), normal range. */
function roundFloat32(v: bigint): number {
  if (v === 0n) return 0;
  const neg = v < 0n;
  const a = neg ? -v : v;
  const shift = BigInt(a.toString(2).length - 24);
  if (shift <= 0n) return roundFixed(v, F);
  let q = a >> shift;
  const rem = a - (q << shift);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const y = roundFixed(q << shift, F);
  return neg ? -y : y;
}
