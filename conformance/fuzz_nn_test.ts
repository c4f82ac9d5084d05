/**
 * A seeded differential fuzz of @descent/nn, @descent/losses and @descent/optim against PyTorch
 * 2.x, from conformance/fuzz/nn.json (conformance/fuzz/nn.py, PyTorch 2.13): random layers with
 * random parameters on random (also unbatched, empty, non-contiguous, NaN/±∞-holding) inputs,
 * every loss with random options, optimizers with learning-rate schedulers over several steps,
 * and the functional conv-transpose, interpolate, attention and add-product ops, with second
 * derivatives; invalid variants must throw where PyTorch throws. `conformance/fuzz/nn_replay.ts`
 * runs each case.
 */

import assert from "node:assert/strict";
import fx from "./fuzz/nn.json" with { type: "json" };
import { type FuzzCase, replay, textDiffs, textsCompared } from "./fuzz/nn_replay.ts";

const fixture = fx as unknown as { torch: string; seed: number; cases: FuzzCase[] };

Deno.test("fuzz/nn: the fixture comes from PyTorch 2.x", () => {
  assert.match(fixture.torch, /^2\./);
  assert.ok(fixture.cases.length >= 300, `${fixture.cases.length} cases`);
});

for (const kind of ["layer", "loss", "optim", "fn", "clip"] as const) {
  const cases = fixture.cases.filter((c) => c.kind === kind);
  Deno.test(`fuzz/nn: ${cases.length} random ${kind} cases agree with PyTorch`, () => {
    const warn = console.warn;
    console.warn = () => {}; // PyTorch's size-mismatch warnings of the broadcast-target losses
    try {
      const bad = cases.flatMap((c) => {
        const diff = replay(c);
        return diff.length === 0 ? [] : [`${c.name}\n    ${diff.slice(0, 3).join("\n    ")}`];
      });
      assert.deepEqual(bad, []);
    } finally {
      console.warn = warn;
    }
  });
}

Deno.test("fuzz/nn: where both throw, descent's error has PyTorch's words", () => {
  // textDiffs collects the differing texts of every case replayed above (descent may add the
  // values involved in parentheses)
  assert.deepEqual(textDiffs, []);
  assert.ok(textsCompared.count >= 20, `${textsCompared.count} texts compared`);
});
