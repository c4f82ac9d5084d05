import assert from "node:assert/strict";
import { gradcheck, gradgradcheck, linalg, manualSeed, type Tensor } from "@descent/tensor";
import { f64, leaf } from "./testdata/inputs.ts";

Deno.test("svd: gradcheck and gradgradcheck of S and of sign-invariant functions of U and Vh", () => {
  manualSeed(6);
  const cases: [number[], boolean][] = [
    [[4, 3], false],
    [[3, 4], false],
    [[3, 3], true],
    [[4, 2], true],
    [[2, 4], true],
    [[2, 3, 2], false],
  ];
  for (const [shape, fullMatrices] of cases) {
    const fn = (a: Tensor) => {
      const { U, S, Vh } = linalg.svd(a, { fullMatrices });
      const k = S.shape[S.ndim - 1];
      const u = U.narrow(-1, 0, k); // a full U's other columns are any basis of the rest
      const v = Vh.narrow(-2, 0, k);
      return [S, u.mul(u), v.mul(v), u.mul(v.transpose(-2, -1).narrow(-2, 0, 1).sum(-2, true))];
    };
    const x = leaf(shape);
    assert.ok(gradcheck(fn, [x]), `${shape}`);
    assert.ok(gradgradcheck(fn, [x]), `${shape}`);
    assert.ok(gradcheck(linalg.svdvals, [x]));
  }
});

Deno.test("svd: A = U·diag(S)·Vh with orthonormal factors, descending S, full and reduced shapes", () => {
  const A = f64([[1, 2], [3, 4], [5, 6]]);
  const full = linalg.svd(A);
  assert.deepEqual([full.U.shape, full.S.shape, full.Vh.shape], [[3, 3], [2], [2, 2]]);
  const { U, S, Vh } = linalg.svd(A, { fullMatrices: false });
  assert.deepEqual(U.shape, [3, 2]);
  const back = U.mul(S.unsqueeze(0)).matmul(Vh).toList() as number[][];
  back.forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Math.abs(v - (A.toList() as number[][])[i][j]) < 1e-14))
  );
  const s = S.toList() as number[];
  assert.ok(s[0] > s[1]);
  assert.deepEqual(linalg.svdvals(f64([[0, 0], [0, 0]])).toList(), [0, 0]);
});

Deno.test("svd: non-finite input throws PyTorch's LinAlgError", () => {
  assert.throws(() => linalg.svd(f64([[NaN, 1], [1, 1]])), {
    name: "LinAlgError",
    message:
      "linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.",
  });
});
