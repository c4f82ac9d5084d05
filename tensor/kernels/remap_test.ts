import assert from "node:assert/strict";
import { gatherMapped, identityMap, maskTriangle, putMapped, scatterAddMapped } from "./remap.ts";

/** A deterministic pseudo-random stream (no Tensor code under test here). */
function stream(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
}

Deno.test("gatherMapped reads through strides and maps, -1 reading the fill", () => {
  // a 2×3 matrix stored transposed (strides [1, 2]) at offset 1
  const src = new Float64Array([9, 1, 4, 2, 5, 3, 6]);
  const maps = [new Int32Array([1, -1, 0]), new Int32Array([2, 2, -1, 0])];
  const out = new Float64Array(12);
  gatherMapped(src, 1, [1, 2], maps, out, 7);
  assert.deepEqual([...out], [6, 6, 7, 4, 7, 7, 7, 7, 3, 3, 7, 1]);
  const scalar = new Float32Array(1);
  gatherMapped(new Float32Array([0, 2.5]), 1, [], [], scalar);
  assert.deepEqual([...scalar], [2.5]);
  gatherMapped(src, 0, [1, 2], [new Int32Array(0), new Int32Array([0])], new Float64Array(0));
});

Deno.test("scatterAddMapped is the adjoint of gatherMapped: <G x, y> = <x, Gᵀ y>", () => {
  const rand = stream(7);
  const x = Float64Array.from({ length: 24 }, rand);
  const maps = [
    new Int32Array([2, 0, 0, -1, 1]),
    new Int32Array([3, 3, 1]),
    new Int32Array([-1, 1, 0, 1]),
  ];
  const gx = new Float64Array(5 * 3 * 4);
  gatherMapped(x, 0, [8, 2, 1], maps, gx, 0);
  const y = Float64Array.from({ length: gx.length }, rand);
  const gty = new Float64Array(24);
  scatterAddMapped(y, gty, 0, [8, 2, 1], maps);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
  assert.ok(Math.abs(dot(gx, y) - dot(x, gty)) < 1e-12);
});

Deno.test("scatterAddMapped through overlapping strides sums what windows share", () => {
  // windows of 3, step 1, over 5 elements: [[0,1,2],[1,2,3],[2,3,4]]
  const acc = new Float64Array(5);
  scatterAddMapped(new Float32Array(9).fill(1), acc, 0, [1, 1], [identityMap(3), identityMap(3)]);
  assert.deepEqual([...acc], [1, 2, 3, 2, 1]);
  const one = new Float64Array(2);
  scatterAddMapped(new Float64Array([4]), one, 1, [], []);
  assert.deepEqual([...one], [0, 4]);
});

Deno.test("maskTriangle keeps col - row <= k (tril) or >= k (triu) in each matrix", () => {
  const lower = new Float64Array(12).fill(1);
  maskTriangle(lower, 2, 3, 0, false);
  assert.deepEqual([...lower], [1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0]);
  const upper = new Float64Array(6).fill(1);
  maskTriangle(upper, 3, 2, -1, true);
  assert.deepEqual([...upper], [1, 1, 1, 1, 0, 1]);
  const far = new Float64Array(4).fill(1);
  maskTriangle(far, 2, 2, 5, true);
  assert.deepEqual([...far], [0, 0, 0, 0]);
});

// ---- indexing (issue 11) ----
Deno.test("putMapped writes through maps: assigning (the last write wins) or adding", () => {
  // rows 2, 0, 2 of a 3×2 matrix stored transposed (strides [1, 3])
  const maps = [new Int32Array([2, 0, 2]), identityMap(2)];
  const dst = new Float32Array(6);
  putMapped(Float32Array.of(1, 2, 3, 4, 5, 6), dst, 0, [1, 3], maps, false);
  assert.deepEqual([...dst], [3, 0, 5, 4, 0, 6]);
  putMapped(Float32Array.of(1, 1, 1, 1, 1, 1), dst, 0, [1, 3], maps, true);
  assert.deepEqual([...dst], [4, 0, 7, 5, 0, 8]);
  const scalar = Float64Array.of(0, 1);
  putMapped(Float64Array.of(2), scalar, 1, [], [], true);
  assert.deepEqual([...scalar], [0, 3]);
});
// ---- end indexing ----
