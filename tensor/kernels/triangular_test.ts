import assert from "node:assert/strict";
import { triangularSolve } from "./triangular.ts";
import { matmul, maxDiff, randomMatrix } from "./testdata/matrices.ts";

Deno.test("triangularSolve: lower and upper, with and without a unit diagonal", () => {
  const n = 6;
  for (const upper of [false, true]) {
    for (const unit of [false, true]) {
      const t = randomMatrix(n, n, 3);
      for (let i = 0; i < n; i++) {
        t[i * n + i] = unit ? 1 : 2 + t[i * n + i];
        for (let j = 0; j < n; j++) if (upper ? j < i : j > i) t[i * n + j] = 0;
      }
      const b = randomMatrix(n, 2, 4);
      const x = b.slice();
      const garbage = t.slice();
      if (unit) { for (let i = 0; i < n; i++) garbage[i * n + i] = 5; // not read
       }
      triangularSolve(garbage, n, upper, unit, x, 2);
      assert.ok(maxDiff(matmul(t, x, n, n, 2), b) < 1e-13, `upper ${upper}, unit ${unit}`);
    }
  }
});
