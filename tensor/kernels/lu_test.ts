import assert from "node:assert/strict";
import { luFactor, luSolve, permutationSign } from "./lu.ts";
import { identity, matmul, maxDiff, randomMatrix } from "./testdata/matrices.ts";

Deno.test("luFactor: P·A = L·U with partial pivoting, and luSolve solves A·X = B and Aᵀ·X = B", () => {
  for (const n of [1, 2, 3, 7, 20]) {
    const a = randomMatrix(n, n, n);
    const lu = a.slice();
    const piv = new Int32Array(n);
    assert.equal(luFactor(lu, n, piv, false), 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) assert.ok(Math.abs(lu[i * n + j]) <= 1, "|l| ≤ 1");
    }
    const b = randomMatrix(n, 3, 100 + n);
    const x = b.slice();
    luSolve(lu, n, piv, x, 3, false);
    assert.ok(maxDiff(matmul(a, x, n, n, 3), b) < 1e-12, `A·X = B, n = ${n}`);
    const y = b.slice();
    luSolve(lu, n, piv, y, 3, false, true);
    assert.ok(maxDiff(matmul(a, y, n, n, 3, true), b) < 1e-12, `Aᵀ·X = B, n = ${n}`);
  }
});

Deno.test("luFactor: the first zero pivot is LAPACK's info; the sign of the permutation", () => {
  const piv = new Int32Array(3);
  assert.equal(luFactor(new Float64Array([1, 2, 2, 4]), 2, piv, false), 2);
  assert.equal(luFactor(new Float64Array(9), 3, piv, false), 1);
  // exactly singular in float32 arithmetic, not in float64 (PyTorch agrees on both)
  const m = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  assert.equal(luFactor(new Float64Array(m), 3, piv, true), 3);
  assert.equal(luFactor(new Float64Array(m), 3, piv, false), 0);
  const swap = new Float64Array([0, 1, 1, 0]);
  assert.equal(luFactor(swap, 2, piv, false), 0);
  assert.equal(permutationSign(2, piv), -1);
  const inv = identity(2);
  luSolve(swap, 2, piv, inv, 2, false);
  assert.deepEqual([...inv], [0, 1, 1, 0]);
});
