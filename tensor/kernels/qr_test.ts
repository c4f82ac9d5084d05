import assert from "node:assert/strict";
import { qrFactor, qrFormQ } from "./qr.ts";
import { identity, matmul, maxDiff, randomMatrix } from "./testdata/matrices.ts";

Deno.test("qrFactor + qrFormQ: A = Q·R with Q orthonormal, reduced and complete, tall and wide", () => {
  for (const [m, n] of [[4, 3], [3, 4], [5, 5], [1, 3], [3, 1], [6, 2]]) {
    const a = randomMatrix(m, n, m * 10 + n);
    const f = a.slice();
    const k = Math.min(m, n);
    const tau = new Float64Array(k);
    qrFactor(f, m, n, tau);
    for (const cols of [k, m]) {
      const q = new Float64Array(m * cols);
      qrFormQ(f, m, n, tau, q, cols);
      const r = new Float64Array(cols * n);
      for (let i = 0; i < Math.min(cols, m); i++) {
        for (let j = i; j < n; j++) r[i * n + j] = f[i * n + j];
      }
      assert.ok(maxDiff(matmul(q, r, m, cols, n), a) < 1e-14, `${m}x${n} Q·R, ${cols} cols`);
      assert.ok(maxDiff(matmul(q, q, cols, m, cols, true), identity(cols)) < 1e-14, "QᵀQ = I");
    }
  }
});

Deno.test("qrFactor: R's diagonal has LAPACK's signs (β = −sign(α)·‖x‖; no reflection when x = 0)", () => {
  const f = new Float64Array([3, 1, 4, 2]); // [[3, 1], [4, 2]]
  const tau = new Float64Array(2);
  qrFactor(f, 2, 2, tau);
  assert.equal(f[0], -5);
  assert.equal(tau[1], 0); // the last column of a square matrix is not reflected
  const g = new Float64Array([-2, 1, 0, 3]); // x = 0 below the first pivot: H = I
  qrFactor(g, 2, 2, tau);
  assert.deepEqual([...g], [-2, 1, 0, 3]);
  assert.equal(tau[0], 0);
});
