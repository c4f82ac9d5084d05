/**
 * The shape and indexing ops against PyTorch 2.x on random programs: conformance/fuzz/shape.json,
 * written by conformance/fuzz/shape.py (PyTorch 2.13, seed 5, 300 cases) and replayed by
 * conformance/fuzz/shape.ts. Each case is one op (views and shape ops, joining and splitting,
 * `t[...]` reads and writes, the gather/scatter/mask family, in-place ops on views) on random
 * shapes (0-d, empty and size-1 dims), dtypes (float64, float32, int64, int32, uint8, bool),
 * layouts (contiguous, transposed, stepped slice, expanded, at an offset), values with NaN, ±inf
 * and -0, and arguments (negative, out-of-range, duplicate positions where defined): outputs
 * (shape, dtype, values, `gradFn`, `requiresGrad`, printed form), the leaves' gradients, or the
 * error's class and text must be PyTorch's. One test per op.
 */

import assert from "node:assert/strict";
import fx from "./fuzz/shape.json" with { type: "json" };
import { type FuzzCase, replayShapeCase } from "./fuzz/shape.ts";

const fixture = fx as unknown as { seed: number; count: number; cases: FuzzCase[] };

Deno.test("fuzz shape: the fixture holds the cases its generator was asked for", () => {
  assert.equal(fixture.cases.length, fixture.count);
});

const byOp = new Map<string, FuzzCase[]>();
for (const c of fixture.cases) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);

for (const [op, cases] of [...byOp].sort(([a], [b]) => a.localeCompare(b))) {
  Deno.test(`fuzz shape: ${op} (${cases.length} random cases) matches PyTorch 2.x`, () => {
    const bad = cases.map((c) => [c.id, replayShapeCase(c)] as const).filter(([, r]) => r !== null);
    assert.deepEqual(bad, []);
  });
}
