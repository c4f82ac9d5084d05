import assert from "node:assert/strict";
import { erf64, erfc64, erfinv64 } from "./erf.ts";

/** [x, glibc's erf(x), glibc's erfc(x)] (conformance/pointwise/generate.py, Python's math). */
const libm = (JSON.parse(
  Deno.readTextFileSync(new URL("../conformance/pointwise/fixtures.json", import.meta.url)),
) as { libm: (number | string)[][] }).libm.map((row) => row.map(Number));

/** Distance in units in the last place of `b`. */
function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  const e = Math.max(Math.floor(Math.log2(Math.abs(b))), -1022);
  return Math.abs(a - b) / 2 ** (e - 52);
}

Deno.test("erf64/erfc64 are fdlibm's: glibc's bits but for a few of its FMA roundings", () => {
  assert.ok(libm.length > 1500);
  let differ = 0;
  let worst = 0;
  for (const [x, e, ec] of libm) {
    for (const [got, want] of [[erf64(x), e], [erfc64(x), ec]]) {
      if (Object.is(got, want)) continue;
      differ++;
      worst = Math.max(worst, ulps(got, want));
    }
  }
  // glibc's x86-64 erf/erfc are fdlibm's source compiled with FMA contractions (and its own exp)
  assert.ok(worst <= 3, `${worst} ulps`);
  assert.ok(differ <= libm.length * 2 * 0.03, `${differ} of ${2 * libm.length} differ from glibc`);
});

Deno.test("erf64/erfc64 special values and symmetry", () => {
  assert.deepEqual([erf64(0), erf64(-0), erf64(Infinity), erf64(-Infinity)], [0, -0, 1, -1]);
  assert.deepEqual([erfc64(Infinity), erfc64(-Infinity), erfc64(28), erfc64(-7)], [0, 2, 0, 2]);
  assert.ok(Number.isNaN(erf64(NaN)) && Number.isNaN(erfc64(NaN)));
  assert.equal(erf64(5e-324), 5e-324);
  for (const x of [0.1, 0.9, 1.3, 2.5, 5]) {
    assert.equal(erf64(-x), -erf64(x));
    assert.ok(Math.abs(erfc64(-x) - (2 - erfc64(x))) <= 4.5e-16);
  }
});

Deno.test("erfinv64 inverts erf to an ulp or two, up to the last double below 1", () => {
  for (let k = -999; k <= 999; k += 7) {
    const y = k / 1000;
    const x = erfinv64(y);
    assert.ok(ulps(erf64(x), y) <= 2, `erf(erfinv(${y}))`);
  }
  // near ±1, through erfc: erfc(erfinv(1 - q)) = q
  for (const q of [1e-3, 1e-8, 1e-12, 2 ** -52, 1.1102230246251565e-16]) {
    const x = erfinv64(1 - q);
    assert.ok(Math.abs(erfc64(x) / (1 - (1 - q)) - 1) < 1e-14, `q = ${q}`);
  }
  assert.deepEqual([erfinv64(1), erfinv64(-1), erfinv64(0), erfinv64(-0)], [
    Infinity,
    -Infinity,
    0,
    -0,
  ]);
  assert.ok(Number.isNaN(erfinv64(1.5)) && Number.isNaN(erfinv64(NaN)));
});
