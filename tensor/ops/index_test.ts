import assert from "node:assert/strict";
import {
  arange,
  argmax,
  argmin,
  cat,
  gradcheck,
  manualSeed,
  randn,
  stack,
  type Tensor,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("select and narrow are views with PyTorch's names and grads", () => {
  const x = arange(6).reshape(2, 3);
  assert.equal(x.select(0, 1)._data, x._data);
  assert.deepEqual(x.select(1, -1).toList(), [2, 5]);
  assert.deepEqual(x.narrow(1, 1, 2).toList(), [[1, 2], [4, 5]]);
  manualSeed(10);
  const a = randn([3, 4], f64);
  assert.equal(a.select(0, 1).gradFn!.name(), "SelectBackward0");
  assert.equal(a.narrow(1, 1, 2).gradFn!.name(), "SliceBackward0");
  assert.ok(gradcheck((t: Tensor) => t.select(1, 2).mul(t.select(0, 0).sum()), [a]));
  assert.ok(gradcheck((t: Tensor) => t.narrow(0, 1, 2).square(), [a]));
  // second order through the embedding of narrow's backward
  assert.ok(gradcheck((t: Tensor) => t.narrow(0, 1, 2).pow(3).sum(), [a]));
  assert.throws(() => x.select(0, 2), {
    name: "RangeError",
    message: "select(): index 2 out of range for tensor of size [2, 3] at dimension 0", // 2.13's
  });
  assert.throws(
    () => x.narrow(1, 2, 2),
    /start \(2\) \+ length \(2\) exceeds dimension size \(3\)/,
  );
});

Deno.test("cat and stack: values, names, gradcheck, errors", () => {
  const a = tensor([[1, 2]], { dtype: "float32" });
  const b = tensor([[3, 4], [5, 6]], { dtype: "float32" });
  assert.deepEqual(cat([a, b]).toList(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(cat([b, b], 1).toList(), [[3, 4, 3, 4], [5, 6, 5, 6]]);
  assert.deepEqual(stack([a, a], 0).shape, [2, 1, 2]);
  assert.deepEqual(stack([b.t(), b.t()], -1).toList(), [[[3, 3], [5, 5]], [[4, 4], [6, 6]]]);
  manualSeed(11);
  const p = randn([2, 3], f64);
  const q = randn([1, 3], f64);
  assert.equal(cat([p, q]).gradFn!.name(), "CatBackward0");
  assert.equal(stack([p, p]).gradFn!.name(), "StackBackward0");
  assert.ok(gradcheck((s: Tensor, t: Tensor) => cat([s, t, s], 0), [p, q]));
  assert.ok(gradcheck((s: Tensor) => stack([s, s.mul(2)], 1), [p]));
  assert.throws(
    () => cat([a, tensor([[1, 2, 3]], { dtype: "float32" })]),
    /Sizes of tensors must match except in dimension 0/,
  );
  assert.throws(() => stack([a, b]), /stack expects each tensor to be equal size/);
  assert.throws(() => cat([]), /non-empty list/);
});

Deno.test("max/min along a dim, argmax/argmin", () => {
  const x = tensor([[1, 5, 5], [7, 2, NaN]]);
  const m = x.max(1);
  assert.deepEqual(m.values.toList(), [5, NaN]);
  assert.deepEqual(m.indices.toList(), [1, 2]);
  assert.deepEqual(x.min(0, true).values.toList(), [[1, 2, NaN]]);
  assert.equal(argmax(tensor([[1, 5], [7, 2]], { dtype: "float32" })).item(), 2);
  assert.deepEqual(argmin(tensor([[1, 5], [7, 2]], { dtype: "float32" }), 1).toList(), [0, 1]);
  manualSeed(12);
  const a = randn([3, 4], f64);
  assert.equal(a.max(0).values.gradFn!.name(), "MaxBackward0");
  assert.equal(a.min(1).values.gradFn!.name(), "MinBackward0");
  assert.ok(gradcheck((t: Tensor) => t.max(1).values, [a]));
  assert.ok(gradcheck((t: Tensor) => t.min(0, true).values, [a]));
});
