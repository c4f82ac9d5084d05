import assert from "node:assert/strict";
import { logPs, sincosPs } from "./avx_mathfun.ts";

// Bit-exactness against PyTorch is checked through the float32 normal streams
// (generator_test.ts, box_muller_test.ts); these tests pin down the functions' accuracy.

const fr = Math.fround;

Deno.test("logPs is log to float32 accuracy on the generator's arguments", () => {
  for (let i = 1; i <= 1 << 14; i++) {
    const x = fr(i / (1 << 14)); // (0, 1]
    const got = logPs(x);
    assert.equal(got, fr(got));
    assert.ok(Math.abs(got - Math.log(x)) <= 2 ** -22 * Math.max(1, Math.abs(Math.log(x))), `${x}`);
  }
  assert.equal(logPs(1), 0);
  assert.equal(logPs(fr(2 ** -24)), fr(-24 * Math.LN2));
});

Deno.test("sincosPs is sin and cos to float32 accuracy on [0, 2π)", () => {
  const out = new Float64Array(2);
  for (let i = 0; i < 1 << 14; i++) {
    const x = fr(fr(2 * Math.PI) * fr(i / (1 << 14)));
    sincosPs(x, out);
    assert.equal(out[0], fr(out[0]));
    assert.ok(Math.abs(out[0] - Math.sin(x)) < 2 ** -23, `sin ${x}`);
    assert.ok(Math.abs(out[1] - Math.cos(x)) < 2 ** -23, `cos ${x}`);
  }
  sincosPs(0, out);
  assert.deepEqual(Array.from(out), [0, 1]);
});
