import assert from "node:assert/strict";
import {
  eye,
  gradcheck,
  gradgradcheck,
  linalg,
  manualSeed,
  stack,
  type Tensor,
} from "@descent/tensor";
import { f64, leaf, wellcond } from "./testdata/inputs.ts";

Deno.test("solve: gradcheck and gradgradcheck for matrices, vectors, X·A = B and broadcast batches", () => {
  manualSeed(1);
  const cases: [Tensor, Tensor, boolean][] = [
    [wellcond([3, 3]), leaf([3, 2]), true],
    [wellcond([3, 3]), leaf([3]), true],
    [wellcond([2, 3, 3]), leaf([2, 3]), true], // a batch of vectors
    [wellcond([2, 3, 3]), leaf([3, 4]), true], // B broadcast
    [wellcond([3, 3]), leaf([2, 1, 3, 1]), true], // A broadcast
    [wellcond([3, 3]), leaf([2, 3]), false],
    [wellcond([1, 1]), leaf([1]), true],
  ];
  for (const [A, B, left] of cases) {
    const fn = (a: Tensor, b: Tensor) => linalg.solve(a, b, { left });
    assert.ok(gradcheck(fn, [A, B]), `${A.shape} ${B.shape}`);
    assert.ok(gradgradcheck(fn, [A, B]), `${A.shape} ${B.shape}`);
  }
  const x = linalg.solve(f64([[2, 1], [1, 3]]), f64([3, 5]));
  assert.deepEqual((x.toList() as number[]).map((v) => Math.round(v * 1e12) / 1e12), [0.8, 1.4]);
});

Deno.test("inv, det, slogdet: gradcheck and gradgradcheck, batched", () => {
  manualSeed(2);
  for (const A of [wellcond([3, 3]), wellcond([2, 4, 4]), wellcond([1, 1])]) {
    for (const fn of [linalg.inv, linalg.det, (a: Tensor) => linalg.slogdet(a).logabsdet]) {
      assert.ok(gradcheck(fn, [A]));
      assert.ok(gradgradcheck(fn, [A]));
    }
  }
  assert.ok(gradcheck(linalg.det, [leaf([4, 4])]));
});

Deno.test("det: the gradient at singular matrices is the adjugate (from the SVD), also in a mixed batch", () => {
  const A = f64([[1, 2], [2, 4]], true);
  const d = linalg.det(A);
  assert.equal(String(d), "tensor(-0., dtype=torch.float64, grad_fn=<LinalgDetBackward0>)");
  d.backward();
  const g = A.grad!.toList() as number[][];
  const adj = [[4, -2], [-2, 1]];
  g.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - adj[i][j]) < 1e-12)));
  const B = f64([[[1, 2], [2, 4]], [[2, 1], [1, 3]]], true);
  linalg.det(B).sum().backward();
  const gb = B.grad!.toList() as number[][][];
  const want = [adj, [[3, -1], [-1, 2]]];
  gb.forEach((m, b) =>
    m.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - want[b][i][j]) < 1e-12)))
  );
  // rank 1 of order 3: the adjugate is rank 1 too, and the second derivative is finite
  const C = f64([[1, 2, 3], [2, 4, 6], [1, 0, 1]], true);
  assert.ok(gradcheck(linalg.det, [C]));
});

Deno.test("slogdet: sign and log|det|, a singular matrix gives sign 0 and −∞", () => {
  const { sign, logabsdet } = linalg.slogdet(f64([[[0, 2], [3, 0]], [[1, 2], [2, 4]]]));
  assert.deepEqual(sign.toList(), [-1, -0]);
  assert.deepEqual(logabsdet.toList(), [Math.log(6), -Infinity]);
  assert.equal(
    String(linalg.det(f64([[1, 0], [0, 1]]).narrow(0, 0, 0).narrow(1, 0, 0))),
    "tensor(1., dtype=torch.float64)",
  );
});

Deno.test("solve, inv: singular input throws PyTorch's LinAlgError and changes nothing", () => {
  const A = f64([[1, 2], [2, 4]], true);
  const b = f64([1, 1], true);
  assert.throws(() => linalg.solve(A, b), {
    name: "LinAlgError",
    message: "torch.linalg.solve: The solver failed because the input matrix is singular.",
  });
  assert.throws(() => linalg.inv(stack([eye(2, 2, { dtype: "float64" }), A])), {
    name: "LinAlgError",
    message:
      "linalg.inv: (Batch element 1): The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.",
  });
  assert.ok(linalg.inv(f64([[1, 1], [1, 1.0000001]])).toList()); // ill-conditioned: solved
  assert.equal(A.grad, null);
  assert.equal(A.version, 0);
});

Deno.test("solve: the backward of a broadcast A sums its gradient over the batch", () => {
  const A = f64([[2, 0], [0, 4]], true);
  const B = f64([[[2], [4]], [[4], [8]]]);
  linalg.solve(A, B).sum().backward();
  // X_b = A⁻¹B_b, d(ΣX)/dA = −Σ_b A⁻ᵀ·1·X_bᵀ
  assert.deepEqual(A.grad!.toList(), [[-1.5, -1.5], [-0.75, -0.75]]);
});
