import assert from "node:assert/strict";
import {
  floatTensor,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  std,
  stdMean,
  type Tensor,
  tensor,
  variance,
  varMean,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("var/std: correction, dims, keepdim (values)", () => {
  const x = floatTensor([[1, 2, 3], [4, 6, 8]]);
  assert.equal(String(variance(x)), "tensor(6.8000)");
  assert.equal(String(x.var(1)), "tensor([1., 4.])");
  assert.equal(String(x.var(-1, { correction: 0 })), "tensor([0.6667, 2.6667])");
  assert.equal(String(x.var([0, 1], { keepdim: true })), "tensor([[6.8000]])");
  assert.equal(String(x.var(null, { keepdim: true })), "tensor([[6.8000]])");
  assert.equal(String(x.var(0, { correction: 2.5 })), "tensor([inf, inf, inf])");
  assert.equal(String(x.std(1)), "tensor([1., 2.])");
  assert.equal(
    String(std(x, 0, { correction: 0, keepdim: true })),
    "tensor([[1.5000, 2.0000, 2.5000]])",
  );
  assert.equal(String(x.transpose(0, 1).var(0)), "tensor([1., 4.])");
  assert.equal(
    String(tensor(3, { dtype: "float64" }).var(0, { correction: 0 })),
    "tensor(0., dtype=torch.float64)",
  );
  assert.equal(String(zeros([0, 3]).var(1)), "tensor([])");
});

Deno.test("var/std: no degree of freedom left gives NaN or inf (PyTorch's std_var_kernel)", () => {
  assert.equal(String(floatTensor([1, 2]).var(null, { correction: 2 })), "tensor(inf)");
  assert.equal(String(floatTensor([1, 1]).var(null, { correction: 3 })), "tensor(nan)");
  assert.equal(String(floatTensor([5]).std()), "tensor(nan)");
  assert.equal(String(zeros([0]).var()), "tensor(nan)");
  assert.equal(String(zeros([0, 3]).var(0)), "tensor([nan, nan, nan])");
  assert.equal(String(floatTensor([1, NaN]).var()), "tensor(nan)");
  assert.equal(String(floatTensor([3e38, -3e38]).var()), "tensor(inf)");
});

Deno.test("varMean/stdMean: both outputs on one node", () => {
  const x = tensor([[1, 3], [5, 9]], f64);
  const [v, m] = varMean(x, 1);
  assert.equal(String(v), "tensor([2., 8.], dtype=torch.float64, grad_fn=<VarMeanBackward0>)");
  assert.equal(String(m), "tensor([2., 7.], dtype=torch.float64, grad_fn=<VarMeanBackward0>)");
  assert.equal(v.gradFn, m.gradFn);
  const [s, mu] = stdMean(x);
  assert.equal(s.gradFn!.name(), "StdMeanBackward0");
  assert.equal(String(mu), "tensor(4.5000, dtype=torch.float64, grad_fn=<StdMeanBackward0>)");
  // only the mean's gradient: the mean's backward alone
  mu.backward();
  assert.deepEqual(x.grad!.toList(), [[0.25, 0.25], [0.25, 0.25]]);
});

Deno.test("var/std/varMean/stdMean pass gradcheck and gradgradcheck (float64)", () => {
  manualSeed(3);
  const x = randn([3, 4], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => t.var(),
    (t) => t.var(1),
    (t) => t.var([0, 1], { correction: 0, keepdim: true }),
    (t) => t.var(-2, { correction: 2 }),
    (t) => t.std(),
    (t) => t.std(0, { keepdim: true }),
    (t) => t.transpose(0, 1).std(1, { correction: 0 }),
    (t) => varMean(t, 1)[0].mul(varMean(t, 1)[1]),
    (t) => {
      const [s, m] = stdMean(t, -1, { keepdim: true });
      return s.add(m.mul(2));
    },
    (t) => stdMean(t)[1],
  ];
  for (const fn of fns) {
    assert.ok(gradcheck(fn, [x]), String(fn));
    assert.ok(gradgradcheck(fn, [x]), String(fn));
  }
});

Deno.test("var's gradient with no degree of freedom: NaN at the mean, ∞ elsewhere (PyTorch 2.x)", () => {
  const x = tensor([1, 2, 3], f64);
  x.var(null, { correction: 3 }).backward();
  assert.deepEqual(x.grad!.toList(), [Infinity, NaN, Infinity]);
  const y = tensor([[2, 3]], f64);
  y.var(0).sum().backward();
  assert.deepEqual(y.grad!.toList(), [[NaN, NaN]]);
});

Deno.test("var/std: PyTorch's errors for integer input", () => {
  const i = tensor([1, 2, 3]);
  const err = {
    name: "TypeError",
    message: "std and var only support floating point and complex dtypes",
  };
  assert.throws(() => i.var(), err);
  assert.throws(() => i.std(0), err);
  assert.throws(() => varMean(i), {
    name: "TypeError",
    message: "var_mean only support floating point and complex dtypes",
  });
  assert.throws(() => stdMean(i.bool()), {
    name: "TypeError",
    message: "std_mean only support floating point and complex dtypes",
  });
  assert.throws(() => floatTensor([1]).var(1), {
    name: "RangeError",
    message: "Dimension out of range (expected to be in range of [-1, 0], but got 1)",
  });
  assert.throws(() => floatTensor([[1]]).var([0, -2]), {
    name: "RangeError",
    message: "dim 0 appears multiple times in the list of dims",
  });
});
