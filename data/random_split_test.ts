import assert from "node:assert/strict";
import { randomSplit, TensorDataset } from "@descent/data";
import { arange, Generator } from "@descent/tensor";

const ds = new TensorDataset(arange(10));

Deno.test("randomSplit: fractions whose float sum rounds above 1 still count as fractions", () => {
  // 0.2 + 0.4 + 0.3 + 0.1 is 1.0000000000000002 left to right (Python 3.11 refuses these), 1
  // summed exactly (Python 3.12+)
  assert.equal(0.2 + 0.4 + 0.3 + 0.1, 1.0000000000000002);
  const parts = randomSplit(ds, [0.2, 0.4, 0.3, 0.1], { generator: new Generator(0) });
  assert.deepEqual(parts.map((p) => p.length), [2, 4, 3, 1]);
});

Deno.test("randomSplit: subsets cover the dataset once, in the permutation's order", () => {
  const g = new Generator(5);
  const perm = Array.from(new Generator(5).randperm(new Float64Array(10)));
  const parts = randomSplit(ds, [2, 0, 8], { generator: g });
  assert.deepEqual(parts.map((p) => p.indices), [perm.slice(0, 2), [], perm.slice(2)]);
});

Deno.test("randomSplit: bad lengths and generators, nothing drawn", () => {
  const g = new Generator(0);
  const state = g.getState();
  assert.throws(() => randomSplit(ds, [2.5, 7.5], { generator: g }), {
    name: "TypeError",
    message:
      "randomSplit: lengths must be integer counts or fractions that sum to 1, got 2.5 at index 0",
  });
  assert.throws(() => randomSplit(ds, [-2, 12], { generator: g }), {
    name: "RangeError",
    message: "randomSplit: length at index 0 is negative (-2)",
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => randomSplit(ds, ["5", 5] as any, { generator: g }), {
    name: "TypeError",
    message: "randomSplit: lengths must be an array of numbers",
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => randomSplit(ds, [5, 5], { generator: {} as any }), {
    name: "TypeError",
    message: "randomSplit: generator must be a Generator, got Object",
  });
  assert.deepEqual(g.getState(), state);
});
