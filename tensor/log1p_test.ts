import assert from "node:assert/strict";
import { log1p64 } from "./log1p.ts";

interface Libm {
  /** [x, glibc's log1p(x), correctly rounded log1p(x)]. */
  log1p: [number, number, number][];
}

const libm: Libm = JSON.parse(
  Deno.readTextFileSync(new URL("../conformance/random/libm.json", import.meta.url)),
);

/** Distance in units in the last place of `b`. */
function ulps(a: number, b: number): number {
  return Math.abs(a - b) / (2 ** (Math.floor(Math.log2(Math.abs(b))) - 52));
}

Deno.test("log1p64 is fdlibm's: within an ulp, and glibc's bits but for its FMA roundings", () => {
  assert.ok(libm.log1p.length > 900);
  let differ = 0;
  for (const [x, glibc, exact] of libm.log1p) {
    const y = log1p64(x);
    if (exact === 0) assert.equal(y, 0);
    else assert.ok(ulps(y, exact) <= 1, `log1p(${x}) = ${y}, correctly rounded ${exact}`);
    if (!Object.is(y, glibc)) {
      differ++;
      assert.ok(ulps(y, glibc) <= 1, `log1p(${x}) = ${y}, glibc ${glibc}`);
    }
  }
  // glibc's x86-64 log1p is fdlibm's source compiled with FMA contractions: 0.07% differ.
  assert.ok(differ <= libm.log1p.length * 0.005, `${differ} differ from glibc`);
});

Deno.test("log1p64 special values", () => {
  assert.equal(log1p64(-1), -Infinity);
  assert.ok(Number.isNaN(log1p64(-2)));
  assert.ok(Number.isNaN(log1p64(NaN)));
  assert.equal(log1p64(Infinity), Infinity);
  assert.ok(Object.is(log1p64(-0), -0));
  assert.equal(log1p64(2 ** -60), 2 ** -60);
  for (const x of [1e-10, -1e-9, Math.E - 1, 1e300]) {
    assert.ok(Math.abs(log1p64(x) - Math.log1p(x)) <= 2 ** -52 * Math.abs(Math.log1p(x)), `${x}`);
  }
});
