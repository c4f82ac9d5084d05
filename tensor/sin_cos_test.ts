import assert from "node:assert/strict";
import { cos64, sin64, sinCosExact } from "./sin_cos.ts";

interface Libm {
  sin_cos: [number, number, number][];
}

const libm: Libm = JSON.parse(
  Deno.readTextFileSync(new URL("../conformance/random/libm.json", import.meta.url)),
);

Deno.test("sin64 and cos64 are correctly rounded (mpmath references)", () => {
  assert.ok(libm.sin_cos.length > 800);
  for (const [x, s, c] of libm.sin_cos) {
    assert.ok(Object.is(sin64(x), s), `sin(${x}) = ${sin64(x)}, expected ${s}`);
    assert.ok(Object.is(cos64(x), c), `cos(${x}) = ${cos64(x)}, expected ${c}`);
  }
});

Deno.test("the fast path agrees with the exact BigInt path on Box–Muller arguments", () => {
  let s = 12345;
  for (let i = 0; i < 4000; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const theta = 2 * Math.PI * ((s >>> 5) * 2 ** -27 + (i >>> 0) * 2 ** -53);
    if (theta < 2 ** -26) continue;
    assert.equal(sin64(theta), sinCosExact(theta, false), `sin(${theta})`);
    assert.equal(cos64(theta), sinCosExact(theta, true), `cos(${theta})`);
  }
});

Deno.test("special values: zeros, tiny, huge, non-finite", () => {
  assert.ok(Object.is(sin64(0), 0));
  assert.ok(Object.is(sin64(-0), -0));
  assert.equal(cos64(0), 1);
  assert.equal(cos64(-0), 1);
  assert.equal(sin64(1e-300), 1e-300);
  assert.equal(sin64(-5e-324), -5e-324);
  assert.equal(cos64(1e-10), 1);
  assert.equal(sin64(-1), -sin64(1));
  assert.equal(cos64(-1), cos64(1));
  for (const x of [NaN, Infinity, -Infinity]) {
    assert.ok(Number.isNaN(sin64(x)));
    assert.ok(Number.isNaN(cos64(x)));
  }
  // Huge arguments reduce exactly: sin(2^1000) from the BigInt path is in [-1, 1].
  assert.ok(Math.abs(sin64(2 ** 1000)) <= 1);
});
