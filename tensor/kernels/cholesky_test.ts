import assert from "node:assert/strict";
import { choleskyFactor } from "./cholesky.ts";
import { identity, matmul, maxDiff, randomMatrix } from "./testdata/matrices.ts";

Deno.test("choleskyFactor: L·Lᵀ = A from the lower triangle, upper triangle untouched", () => {
  for (const n of [1, 2, 5, 12]) {
    const x = randomMatrix(n, n, 7 * n);
    const a = matmul(x, x, n, n, n, true); // XᵀX + I: positive-definite
    for (let i = 0; i < n; i++) a[i * n + i] += 1;
    const f = a.slice();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) f[i * n + j] = 99;
    assert.equal(choleskyFactor(f, n, false), 0);
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (j > i) assert.equal(f[i * n + j], 99);
        else l[i * n + j] = f[i * n + j];
      }
    }
    const lt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) lt[i * n + j] = l[j * n + i];
    assert.ok(maxDiff(matmul(l, lt, n, n, n), a) < 1e-12, `n = ${n}`);
  }
});

Deno.test("choleskyFactor: the order of the first leading minor that is not positive-definite", () => {
  assert.equal(choleskyFactor(new Float64Array([1, 2, 2, 1]), 2, false), 2);
  assert.equal(choleskyFactor(new Float64Array([-1, 2, 2, 1]), 2, false), 1);
  assert.equal(choleskyFactor(new Float64Array([NaN, 1, 1, 1]), 2, false), 1);
  assert.equal(choleskyFactor(identity(3), 3, true), 0);
});
