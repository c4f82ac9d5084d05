import assert from "node:assert/strict";
import { gradcheck, gradgradcheck, linalg, manualSeed, type Tensor } from "@descent/tensor";
import { f64, leaf } from "./testdata/inputs.ts";

Deno.test("matrixNorm: gradcheck and gradgradcheck of every order, over other dims, keepdim", () => {
  manualSeed(8);
  const x = leaf([2, 3, 4]);
  for (const ord of ["fro", "nuc", 1, -1, 2, -2, Infinity, -Infinity] as const) {
    for (const [dim, keepdim] of [[[-2, -1], false], [[2, 0], true]] as const) {
      const fn = (a: Tensor) => linalg.matrixNorm(a, ord, { dim, keepdim });
      assert.ok(gradcheck(fn, [x]), `${ord} ${dim}`);
      assert.ok(gradgradcheck(fn, [x]), `${ord} ${dim}`);
    }
  }
});

Deno.test("matrixNorm: values, node names, shapes with keepdim, empty matrices", () => {
  const A = f64([[1, -2], [3, 4]], true);
  const want: [string | number, number, string][] = [
    ["fro", Math.sqrt(30), "LinalgVectorNormBackward0"],
    [1, 6, "AmaxBackward0"],
    [-1, 4, "AminBackward0"],
    [Infinity, 7, "AmaxBackward0"],
    [-Infinity, 3, "AminBackward0"],
  ];
  for (const [ord, value, name] of want) {
    const n = linalg.matrixNorm(A, ord as 1);
    assert.ok(Math.abs(n.item() - value) < 1e-15, `${ord}`);
    assert.equal(n.gradFn?.name(), name);
  }
  assert.equal(linalg.matrixNorm(A, "nuc").gradFn?.name(), "SumBackward1");
  const x = leaf([2, 3, 4]).detach();
  assert.deepEqual(linalg.matrixNorm(x, 2, { dim: [0, 2], keepdim: true }).shape, [1, 3, 1]);
  assert.equal(
    String(linalg.matrixNorm(f64([]).reshape(0, 3), Infinity)),
    "tensor(0., dtype=torch.float64)",
  );
  // the gradient of the 1-norm is shared by tied columns
  const T = f64([[1, 1], [1, 1]], true);
  linalg.matrixNorm(T, 1).backward();
  assert.deepEqual(T.grad!.toList(), [[0.5, 0.5], [0.5, 0.5]]);
});
