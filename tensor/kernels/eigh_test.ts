import assert from "node:assert/strict";
import { jacobiEigh } from "./eigh.ts";
import { identity, matmul, maxDiff, randomSymmetric } from "./testdata/matrices.ts";

Deno.test("jacobiEigh: A·V = V·diag(w), V orthonormal, w ascending", () => {
  for (const n of [1, 2, 3, 8, 30]) {
    const a = randomSymmetric(n, 11 * n);
    const w = new Float64Array(n);
    const v = new Float64Array(n * n);
    assert.equal(jacobiEigh(a.slice(), n, w, v), 0);
    for (let i = 1; i < n; i++) assert.ok(w[i - 1] <= w[i], "ascending");
    const vw = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) vw[i * n + j] = v[i * n + j] * w[j];
    assert.ok(maxDiff(matmul(a, v, n, n, n), vw) < 1e-13, `A·V = V·W, n = ${n}`);
    assert.ok(maxDiff(matmul(v, v, n, n, n, true), identity(n)) < 1e-13, "VᵀV = I");
  }
});

Deno.test("jacobiEigh: repeated eigenvalues, a diagonal matrix, non-finite input", () => {
  const w = new Float64Array(3);
  const v = new Float64Array(9);
  jacobiEigh(new Float64Array([2, 0, 0, 0, 1, 0, 0, 0, 2]), 3, w, v);
  assert.deepEqual([...w], [1, 2, 2]);
  assert.deepEqual([...v], [0, 1, 0, 1, 0, 0, 0, 0, 1]); // stable order of equal values
  jacobiEigh(new Float64Array([1, 1, 1, 1]), 2, w, v);
  assert.ok(Math.abs(w[0]) < 1e-15 && Math.abs(w[1] - 2) < 1e-15);
  jacobiEigh(new Float64Array([NaN, 1, 1, 1]), 2, w, v);
  assert.ok(Number.isNaN(w[0]) && Number.isNaN(v[3]));
});
