import assert from "node:assert/strict";
import { gradcheck, manualSeed, randn, sumTo, type Tensor, tensor, zeros } from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("sum/mean: all, one dim, several dims, negative dims, keepdim (values)", () => {
  const x = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], { dtype: "float32" });
  assert.equal(String(x.sum()), "tensor(36.)");
  assert.deepEqual(x.sum(0).toList(), [[6, 8], [10, 12]]);
  assert.deepEqual(x.sum(-1).toList(), [[3, 7], [11, 15]]);
  assert.deepEqual(x.sum([0, 2]).toList(), [14, 22]);
  assert.deepEqual(x.sum([0, 2], true).shape, [1, 2, 1]);
  assert.deepEqual(x.mean(1).toList(), [[2, 3], [6, 7]]);
  assert.deepEqual(x.mean([-1, -2], true).toList(), [[[2.5]], [[6.5]]]);
  assert.deepEqual(x.transpose(0, 2).sum(0).toList(), [[3, 11], [7, 15]]);
  assert.equal(String(zeros([0]).mean()), "tensor(nan)");
  assert.equal(String(zeros([0, 3]).sum(0)), "tensor([0., 0., 0.])");
  assert.equal(String(tensor(5, { dtype: "float32" }).sum()), "tensor(5.)");
});

Deno.test("sum/mean/max/min pass gradcheck", () => {
  manualSeed(5);
  const x = randn([2, 3, 4], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => t.sum(),
    (t) => t.sum(1),
    (t) => t.sum([0, -1], true),
    (t) => t.mean(),
    (t) => t.mean(-2),
    (t) => t.mean([0, 1]),
    (t) => t.max(),
    (t) => t.min(),
    (t) => t.transpose(0, 2).sum(1),
  ];
  for (const fn of fns) assert.ok(gradcheck(fn, [x]), String(fn));
});

Deno.test("names: SumBackward0/1, MeanBackward0/1, MaxBackward1, MinBackward1", () => {
  const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
  assert.equal(x.sum().gradFn!.name(), "SumBackward0");
  assert.equal(x.sum(0).gradFn!.name(), "SumBackward1");
  assert.equal(x.mean().gradFn!.name(), "MeanBackward0");
  assert.equal(x.mean(0).gradFn!.name(), "MeanBackward1");
  assert.equal(x.max().gradFn!.name(), "MaxBackward1");
  assert.equal(x.min().gradFn!.name(), "MinBackward1");
});

Deno.test("max/min: NaN propagates, ties share the gradient evenly", () => {
  assert.equal(String(tensor([1, NaN, 3]).max()), "tensor(nan)");
  const x = tensor([1, 3, 3], { dtype: "float32", requiresGrad: true });
  x.max().backward();
  assert.deepEqual(x.grad!.toList(), [0, 0.5, 0.5]);
  assert.throws(() => zeros([0]).max(), /numel\(\) == 0/);
});

Deno.test("dim errors", () => {
  const x = zeros([2, 3]);
  assert.throws(() => x.sum(2), {
    name: "RangeError",
    message: "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
  });
  assert.throws(() => x.sum([0, -2]), /dim 0 appears multiple times/);
});

Deno.test("sumTo reduces broadcast dims (PyTorch's grads of broadcast inputs)", () => {
  // (a[2,3]*b[3]*c[2,1]*s[]).sum() → b.grad=[4,4,4], c.grad=[[6],[6]], s.grad=tensor(6.)
  const a = tensor([[1, 1, 1], [1, 1, 1]], { dtype: "float32" });
  const b = tensor([2, 2, 2], { dtype: "float32", requiresGrad: true });
  const c = tensor([[1], [1]], { dtype: "float32", requiresGrad: true });
  const s = tensor(1, { dtype: "float32", requiresGrad: true });
  a.mul(b).mul(c).mul(s).sum().backward();
  assert.equal(String(b.grad), "tensor([2., 2., 2.])");
  assert.equal(String(c.grad), "tensor([[6.],\n        [6.]])");
  assert.equal(String(s.grad), "tensor(12.)");
  assert.deepEqual(sumTo(zeros([4, 2, 3]), [2, 1]).shape, [2, 1]);
});

Deno.test("argmax/argmin and max(dim) indices are exact int64 beyond 2^24 (2^25 elements)", () => {
  // float32 indices would round 16777217 to 16777216 (issue 11)
  const n = 2 ** 25;
  const x = zeros([n]);
  x.toTypedArray()[16777217] = 1;
  x.toTypedArray()[n - 1] = -1;
  assert.equal(String(x.argmax()), "tensor(16777217)");
  assert.equal(x.argmax().dtype, "int64");
  assert.equal(x.argmin().item(), n - 1);
  const m = x.reshape(1, n).max(1);
  assert.equal(String(m.indices), "tensor([16777217])");
  assert.equal(m.indices.dtype, "int64");
});
