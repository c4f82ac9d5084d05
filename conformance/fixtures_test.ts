import assert from "node:assert/strict";
import { tensor } from "@descent/tensor";
import { decode, fromFixture, mismatch, toleranceFor } from "./fixtures.ts";

Deno.test("fixtures: decode handles numbers and the encoded specials", (): void => {
  assert.equal(decode(1.5), 1.5);
  assert.ok(Number.isNaN(decode("nan")));
  assert.equal(decode("inf"), Infinity);
  assert.equal(decode("-inf"), -Infinity);
  assert.ok(Object.is(decode("-0"), -0));
  assert.throws(() => decode("NaN"), /bad fixture value/);
});

Deno.test("fixtures: fromFixture rounds to the dtype and sets requiresGrad", (): void => {
  const f32 = fromFixture([0.1, "-inf"], [2], "float32", true);
  assert.equal(f32.dtype, "float32");
  assert.equal(f32.toList().toString(), [Math.fround(0.1), -Infinity].toString());
  assert.ok(f32.requiresGrad && f32.isLeaf);
  const f64 = fromFixture([0.1], [], "float64");
  assert.equal(f64.item(), 0.1);
  assert.equal(f64.requiresGrad, false);
});

Deno.test("fixtures: mismatch catches shape, value, NaN and infinity differences", (): void => {
  const tol = toleranceFor("float64");
  assert.equal(mismatch(tensor([1, 2], { dtype: "float32" }), [1, 2], [2], tol), null);
  assert.match(mismatch(tensor([1, 2], { dtype: "float32" }), [1, 2], [1, 2], tol)!, /shape/);
  assert.match(mismatch(tensor([1, NaN]), [1, 2], [2], tol)!, /element 1/);
  assert.match(mismatch(tensor([1, 2], { dtype: "float32" }), [1, "nan"], [2], tol)!, /element 1/);
  assert.match(mismatch(tensor([Infinity]), ["-inf"], [1], tol)!, /element 0/);
  assert.equal(mismatch(tensor([NaN, -Infinity]), ["nan", "-inf"], [2], tol), null);
  // float64 tolerance is about 1e-12 relative; float32's about 2e-6
  const x = tensor([1 + 1e-13], { dtype: "float64" });
  assert.equal(mismatch(x, [1], [1], tol), null);
  assert.match(mismatch(tensor([1 + 1e-9], { dtype: "float64" }), [1], [1], tol)!, /element 0/);
  assert.equal(mismatch(tensor([1.000001]), [1], [1], toleranceFor("float32")), null);
  assert.match(mismatch(tensor([1.0001]), [1], [1], toleranceFor("float32"))!, /element 0/);
});
