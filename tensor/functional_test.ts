import assert from "node:assert/strict";
import {
  assertClose,
  hessian,
  jacobian,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";

Deno.test("jacobian of a matrix-vector product is the matrix; several inputs", () => {
  manualSeed(16);
  const W = randn([3, 4], { dtype: "float64" });
  const x = randn([4], { dtype: "float64" });
  assertClose(jacobian((v: Tensor) => W.matmul(v), x), W);
  const [jw, jx] = jacobian((a: Tensor, b: Tensor) => a.matmul(b), [W, x]);
  assert.deepEqual(jw.shape, [3, 3, 4]);
  assertClose(jx, W);
  assertClose(jw.select(0, 1).select(0, 1), x); // ∂(Wx)_1/∂W_1j = x_j
  assertClose(jw.select(0, 1).select(0, 0), [0, 0, 0, 0]);
  // the inputs are not touched
  assert.equal(x.requiresGrad, false);
  assert.equal(x.grad, null);
});

Deno.test("hessian of x³·sin x summed, and of a quadratic form", () => {
  const x = tensor([0.5, 1, 2], { dtype: "float64" });
  const H = hessian((t: Tensor) => t.pow(3).mul(t.sin()).sum(), x);
  const d2 = [0.5, 1, 2].map((v) =>
    6 * v * Math.sin(v) + 6 * v * v * Math.cos(v) - v ** 3 * Math.sin(v)
  );
  assertClose(H, [[d2[0], 0, 0], [0, d2[1], 0], [0, 0, d2[2]]]);
  const A = tensor([[2, 1], [1, 3]], { dtype: "float64" });
  const q = hessian((v: Tensor) => v.matmul(A.matmul(v)), tensor([1, -1], { dtype: "float64" }));
  assertClose(q, A.mul(2));
  assert.throws(
    () => hessian((v: Tensor) => v.mul(2), tensor([1, 2], { dtype: "float32" })),
    /single element Tensor/,
  );
});

Deno.test("createGraph makes the Jacobian differentiable", () => {
  const x = tensor([1, 2], { dtype: "float64", requiresGrad: true });
  const J = jacobian((v: Tensor) => v.pow(3), x, { createGraph: true }); // diag(3x²)
  J.sum().backward();
  assert.deepEqual(x.grad!.toList(), [6, 12]); // d/dx Σ 3x² = 6x
});

Deno.test("jacobian and hessian refuse async functions and non-tensor results", async () => {
  const x = tensor([1, 2], { dtype: "float64" });
  assert.throws(() => jacobian((async (t: Tensor) => await t) as never, x), {
    name: "TypeError",
    message: /^jacobian\(\) expects a synchronous function, got an async function/,
  });
  const p = Promise.resolve(x);
  assert.throws(() => jacobian((() => p) as never, x), {
    name: "TypeError",
    message: /^jacobian\(\): the callback returned a Promise/,
  });
  assert.throws(() => hessian((async (t: Tensor) => await t.sum()) as never, x), {
    name: "TypeError",
    message: /^hessian\(\) expects a synchronous function/,
  });
  assert.throws(() => hessian((() => p) as never, x), {
    name: "TypeError",
    message: /^hessian\(\): the callback returned a Promise/,
  });
  assert.throws(() => hessian((() => 3) as never, x), {
    name: "TypeError",
    message: "hessian(): fn must return a Tensor",
  });
  await p;
});
