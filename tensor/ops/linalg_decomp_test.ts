import assert from "node:assert/strict";
import { eye, gradcheck, gradgradcheck, linalg, manualSeed, type Tensor } from "@descent/tensor";
import { f64, leaf } from "./testdata/inputs.ts";

/** X·Xᵀ + I: symmetric positive-definite, and every element of X matters. */
const spd = (x: Tensor) => {
  const n = x.shape[x.ndim - 1];
  return x.matmul(x.transpose(-2, -1)).add(eye(n, n, { dtype: "float64" }));
};
/** X + Xᵀ: symmetric, so eigh's answer depends on every element. */
const sym = (x: Tensor) => x.add(x.transpose(-2, -1));

Deno.test("cholesky: gradcheck and gradgradcheck, lower and upper, batched", () => {
  manualSeed(3);
  for (const x of [leaf([3, 3]), leaf([2, 4, 4]), leaf([1, 1])]) {
    for (const upper of [false, true]) {
      const fn = (a: Tensor) => linalg.cholesky(spd(a), { upper });
      assert.ok(gradcheck(fn, [x]));
      assert.ok(gradgradcheck(fn, [x]));
    }
  }
  const U = linalg.cholesky(f64([[4, 2], [2, 5]]), { upper: true });
  assert.deepEqual(U.toList(), [[2, 1], [0, 2]]);
});

Deno.test("cholesky: a matrix that is not positive-definite throws, naming the leading minor", () => {
  assert.throws(() => linalg.cholesky(f64([[[1, 0], [0, 1]], [[1, 2], [2, 1]]])), {
    name: "LinAlgError",
    message:
      "linalg.cholesky: (Batch element 1): The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).",
  });
});

Deno.test("qr: gradcheck and gradgradcheck of Q and R, reduced (tall, wide, square) and complete (wide)", () => {
  manualSeed(4);
  const cases: [number[], "reduced" | "complete"][] = [
    [[4, 3], "reduced"],
    [[3, 4], "reduced"],
    [[3, 3], "reduced"],
    [[2, 3, 2], "reduced"],
    [[3, 4], "complete"],
    [[3, 3], "complete"],
  ];
  for (const [shape, mode] of cases) {
    const fn = (a: Tensor) => {
      const { Q, R } = linalg.qr(a, { mode });
      return [Q, R];
    };
    const x = leaf(shape);
    assert.ok(gradcheck(fn, [x]), `${shape} ${mode}`);
    assert.ok(gradgradcheck(fn, [x]), `${shape} ${mode}`);
  }
});

Deno.test("qr: A = Q·R, R's diagonal with LAPACK's signs, mode r without Q", () => {
  const A = f64([[3, 1], [4, 2], [0, 5]]);
  const { Q, R } = linalg.qr(A, { mode: "complete" });
  assert.deepEqual(Q.shape, [3, 3]);
  assert.deepEqual(R.shape, [3, 2]);
  const back = Q.matmul(R).toList() as number[][];
  back.forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Math.abs(v - (A.toList() as number[][])[i][j]) < 1e-14))
  );
  assert.ok(((R.toList() as number[][])[0][0]) === -5);
  const r = linalg.qr(A, { mode: "r" });
  assert.deepEqual(r.Q.shape, [0]);
  assert.deepEqual(r.R.shape, [2, 2]);
});

Deno.test("eigh: gradcheck and gradgradcheck of eigenvalues and of sign-invariant functions of the vectors", () => {
  manualSeed(5);
  for (const shape of [[3, 3], [2, 4, 4], [1, 1]]) {
    for (const UPLO of ["L", "U"] as const) {
      const fn = (a: Tensor) => {
        const { eigenvalues, eigenvectors: V } = linalg.eigh(sym(a), { UPLO });
        return [eigenvalues, V.mul(V)];
      };
      const x = leaf(shape);
      assert.ok(gradcheck(fn, [x]), `${shape} ${UPLO}`);
      assert.ok(gradgradcheck(fn, [x]), `${shape} ${UPLO}`);
    }
  }
});

Deno.test("eigh: ascending eigenvalues, A·V = V·diag(λ), only the UPLO triangle read", () => {
  const A = f64([[2, 99], [1, 2]]); // the upper 99 is not read with UPLO L
  const { eigenvalues, eigenvectors: V } = linalg.eigh(A);
  assert.deepEqual(eigenvalues.toList(), [1, 3]);
  const S = f64([[2, 1], [1, 2]]);
  const lhs = S.matmul(V).toList() as number[][];
  const rhs = V.mul(eigenvalues.unsqueeze(0)).toList() as number[][];
  lhs.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - rhs[i][j]) < 1e-15)));
  assert.deepEqual(linalg.eigh(A, { UPLO: "U" }).eigenvalues.toList(), [-97, 101]);
});
