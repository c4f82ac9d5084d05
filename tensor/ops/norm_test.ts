import assert from "node:assert/strict";
import {
  floatTensor,
  gradcheck,
  gradgradcheck,
  linalg,
  manualSeed,
  norm,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("vectorNorm: every order over all elements or dims", () => {
  const x = floatTensor([[3, -4, 0], [1, 2, -2]]);
  const vn = (ord: number, dim?: number | number[], keepdim?: boolean) =>
    String(linalg.vectorNorm(x, ord, { dim, keepdim }));
  assert.equal(vn(2), "tensor(5.8310)");
  assert.equal(vn(1, 1), "tensor([7., 5.])");
  assert.equal(vn(Infinity, 0), "tensor([3., 4., 2.])");
  assert.equal(vn(-Infinity, [0, 1], true), "tensor([[0.]])");
  assert.equal(vn(0, 1), "tensor([2., 3.])");
  assert.equal(vn(3, -1), "tensor([4.4979, 2.5713])");
  assert.equal(vn(-1, 1), "tensor([0.0000, 0.5000])");
  assert.equal(String(linalg.vectorNorm(zeros([0, 3]))), "tensor(0.)");
  assert.equal(String(linalg.vectorNorm(floatTensor([1, NaN]), 0)), "tensor(2.)");
});

Deno.test("norm: a number is vectorNorm, 'fro' the 2-norm, 'nuc' matrixNorm (PyTorch 2.x)", () => {
  const x = tensor([[3, -4], [0, 1]], f64);
  assert.equal(x.norm().gradFn!.name(), "LinalgVectorNormBackward0");
  assert.equal(norm(x, 1, 0).gradFn!.name(), "LinalgVectorNormBackward0");
  assert.equal(x.norm("fro", [0, 1]).item(), Math.sqrt(26));
  assert.equal(x.norm("nuc").gradFn!.name(), "SumBackward1");
  assert.equal(
    String(norm(x, Infinity, 1, true).detach()),
    "tensor([[4.],\n        [1.]], dtype=torch.float64)",
  );
});

Deno.test("vectorNorm's gradient: PyTorch's norm_backward at zeros, ties and NaN", () => {
  const g = (ord: number, values: number[]) => {
    const t = tensor(values, f64);
    linalg.vectorNorm(t, ord).backward();
    return t.grad === null ? null : t.grad.toList();
  };
  assert.deepEqual(g(2, [0, 0]), [0, 0]);
  assert.deepEqual(g(1, [0, -2, 1]), [0, -1, 1]);
  assert.deepEqual(g(Infinity, [1, -3, 3]), [0, -0.5, 0.5]);
  assert.deepEqual(g(Infinity, [1, -3, NaN]), [0, -0, 0]);
  assert.deepEqual(g(-Infinity, [-1, 2, 1]), [-0.5, 0, 0.5]);
  assert.deepEqual(g(0, [1, 0]), null);
  assert.deepEqual(g(-1, [0, 1, -2]), [0, 0, -0]);
  assert.deepEqual(g(3, [0, 0]), [0, 0]);
});

Deno.test("vectorNorm/norm pass gradcheck and gradgradcheck (float64)", () => {
  manualSeed(14);
  const x = randn([2, 3, 4], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => linalg.vectorNorm(t),
    (t) => linalg.vectorNorm(t, 1, { dim: 1 }),
    (t) => linalg.vectorNorm(t, Infinity, { dim: [0, 2], keepdim: true }),
    (t) => linalg.vectorNorm(t, -Infinity, { dim: -1 }),
    (t) => linalg.vectorNorm(t, 3, { dim: 0 }),
    (t) => linalg.vectorNorm(t, 1.5),
    (t) => linalg.vectorNorm(t, 0.5, { dim: 2 }),
    (t) => linalg.vectorNorm(t, -2, { dim: 1 }),
    (t) => t.norm("fro", [0, 1]),
    (t) => norm(t, "nuc", [1, 2]),
  ];
  for (const fn of fns) {
    assert.ok(gradcheck(fn, [x]), String(fn));
    assert.ok(gradgradcheck(fn, [x]), String(fn));
  }
});
