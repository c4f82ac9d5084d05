import assert from "node:assert/strict";
import { eye, gradcheck, gradgradcheck, manualSeed, randn, type Tensor } from "@descent/tensor";
import { solveTriangular } from "./linalg_triangular.ts";

Deno.test("solveTriangular: gradcheck and gradgradcheck, upper/lower, left/right, unit diagonal", () => {
  manualSeed(9);
  const I = eye(3, 3, { dtype: "float64" });
  const a = randn([3, 3], { dtype: "float64" }).add(I.mul(3)).requiresGrad_();
  const b = randn([2, 3, 2], { dtype: "float64", requiresGrad: true });
  const bt = randn([2, 2, 3], { dtype: "float64", requiresGrad: true });
  for (const upper of [false, true]) {
    for (const unitriangular of [false, true]) {
      const left = (x: Tensor, y: Tensor) => solveTriangular(x, y, { upper, unitriangular });
      const right = (x: Tensor, y: Tensor) =>
        solveTriangular(x, y, { upper, left: false, unitriangular });
      assert.ok(gradcheck(left, [a, b]));
      assert.ok(gradgradcheck(left, [a, b]));
      assert.ok(gradcheck(right, [a, bt]));
      // the other triangle (and a unit diagonal) is not read: its gradient is zero
      const g = (() => {
        const x = a.detach().requiresGrad_();
        left(x, b.detach()).sum().backward();
        return x.grad!.toList() as number[][];
      })();
      g.forEach((row, i) =>
        row.forEach((v, j) => {
          if (upper ? j < i : j > i) assert.equal(v, 0);
          if (unitriangular && i === j) assert.equal(v, 0);
        })
      );
    }
  }
});
