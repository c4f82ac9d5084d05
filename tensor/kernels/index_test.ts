import assert from "node:assert/strict";
import { gatherDim, nonzeroCoords, scatterDim } from "./index.ts";

Deno.test("nonzeroCoords: one coordinate array per dim, row-major, NaN counted", () => {
  const coords = nonzeroCoords(Float64Array.of(0, 1, NaN, 0, -0, 2), [2, 3]);
  assert.deepEqual(coords.map((c) => [...c]), [[0, 0, 1], [1, 2, 2]]);
  assert.deepEqual(nonzeroCoords(new Uint8Array(0), [0, 4]).map((c) => c.length), [0, 0]);
});

Deno.test("gatherDim reads along one dim through a strided source", () => {
  // src [[1, 2, 3], [4, 5, 6]] read transposed (strides [1, 3] over [1, 4, 2, 5, 3, 6])
  const src = { data: Float64Array.of(1, 4, 2, 5, 3, 6), offset: 0, strides: [1, 2] };
  const out = new Float64Array(4);
  gatherDim(src, Float64Array.of(2, 0, 1, 1), [2, 2], 1, out);
  assert.deepEqual([...out], [3, 1, 5, 5]);
});

Deno.test("scatterDim: assignment (last write wins) and the reductions", () => {
  const dst = new Float32Array(3);
  scatterDim(
    dst,
    [1],
    { data: Float32Array.of(5, 6), offset: 0, strides: [1] },
    Float64Array.of(1, 1),
    [2],
    0,
    "assign",
  );
  assert.deepEqual([...dst], [0, 6, 0]);
  const src = { data: Float64Array.of(2, 3, 4), offset: 0, strides: [1] };
  const run = (mode: Parameters<typeof scatterDim>[6], includeSelf: boolean, integer = false) => {
    const d = Float64Array.of(1, 1, 1);
    scatterDim(d, [1], src, Float64Array.of(0, 0, 2), [3], 0, mode, includeSelf, integer);
    return [...d];
  };
  assert.deepEqual(run("sum", true), [6, 1, 5]);
  assert.deepEqual(run("prod", false), [6, 1, 4]);
  assert.deepEqual(run("mean", true), [2, 1, 2.5]);
  assert.deepEqual(run("mean", true, true), [2, 1, 2]);
  assert.deepEqual(run("amax", false), [3, 1, 4]);
  assert.deepEqual(run("amin", true), [1, 1, 1]);
  // a number source
  const n = new Int32Array(2);
  scatterDim(n, [1], 7, Float64Array.of(1), [1], 0, "assign");
  assert.deepEqual([...n], [0, 7]);
});
