import assert from "node:assert/strict";
import { jacobiSvd } from "./svd.ts";
import { identity, matmul, maxDiff, randomMatrix } from "./testdata/matrices.ts";

Deno.test("jacobiSvd: A = U·diag(s)·Vᵀ, reduced and full, tall, wide and square", () => {
  for (const [m, n] of [[4, 3], [3, 4], [5, 5], [1, 3], [3, 1], [7, 2], [1, 1]]) {
    const a = randomMatrix(m, n, m * 31 + n);
    const k = Math.min(m, n);
    for (const full of [false, true]) {
      const uc = full ? m : k;
      const vr = full ? n : k;
      const s = new Float64Array(k);
      const u = new Float64Array(m * uc);
      const vt = new Float64Array(vr * n);
      assert.equal(jacobiSvd(a, m, n, s, u, uc, vt, vr), 0);
      for (let i = 1; i < k; i++) assert.ok(s[i - 1] >= s[i], "descending");
      const us = new Float64Array(m * k);
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us[i * k + j] = u[i * uc + j] * s[j];
      assert.ok(maxDiff(matmul(us, vt, m, k, n), a) < 1e-14, `${m}x${n} full ${full}`);
      assert.ok(maxDiff(matmul(u, u, uc, m, uc, true), identity(uc)) < 1e-14, "UᵀU = I");
      const v = new Float64Array(n * vr);
      for (let i = 0; i < vr; i++) for (let j = 0; j < n; j++) v[j * vr + i] = vt[i * n + j];
      assert.ok(maxDiff(matmul(v, v, vr, n, vr, true), identity(vr)) < 1e-14, "VVᵀ = I");
    }
  }
});

Deno.test("jacobiSvd: rank-deficient and zero matrices get orthonormal completions", () => {
  const a = new Float64Array([1, 2, 2, 4, 3, 6]); // 3×2 of rank 1
  const s = new Float64Array(2);
  const u = new Float64Array(9);
  const vt = new Float64Array(4);
  jacobiSvd(a, 3, 2, s, u, 3, vt, 2);
  assert.ok(Math.abs(s[0] - Math.sqrt(70)) < 1e-14 && s[1] < 1e-15);
  assert.ok(maxDiff(matmul(u, u, 3, 3, 3, true), identity(3)) < 1e-14);
  jacobiSvd(new Float64Array(4), 2, 2, s, u, 2, vt, 2);
  assert.deepEqual([...s], [0, 0]);
  assert.deepEqual([...u.subarray(0, 4)], [1, 0, 0, 1]);
  assert.deepEqual([...vt], [1, 0, 0, 1]);
  const only = new Float64Array(3);
  jacobiSvd(new Float64Array([3, 0, 0, 0, 0, 4, 0, 0, 0]), 3, 3, only, null, 0, null, 0);
  assert.deepEqual([...only], [4, 3, 0]);
});
