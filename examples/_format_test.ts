import assert from "node:assert/strict";
import { fixed, meanStd, sci, table } from "./_format.ts";

Deno.test("sci and fixed are Python's %.4e and %.Nf", () => {
  assert.equal(sci(8.0108e-6), "8.0108e-06");
  assert.equal(sci(135.01), "1.3501e+02");
  assert.equal(sci(0), "0.0000e+00");
  assert.equal(fixed(-0.66775, 4), "-0.6677"); // the double just below the tie rounds down
  assert.equal(fixed(2.5, 0), "2");
});

Deno.test("table pads columns and aligns", () => {
  assert.deepEqual(table(["a", "bb"], [["xyz", "1"], ["q", "22"]], ["l", "r"]), [
    "a    bb",
    "---  --",
    "xyz   1",
    "q    22",
  ]);
});

Deno.test("meanStd", () => {
  assert.deepEqual(meanStd([2, 4, 4, 4, 5, 5, 7, 9]), { mean: 5, std: 2 });
});
