import assert from "node:assert/strict";
import {
  argsort,
  floatTensor,
  gradcheck,
  gradgradcheck,
  kthvalue,
  manualSeed,
  median,
  medianDim,
  rand,
  randn,
  sort,
  type Tensor,
  tensor,
  topk,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("sort/argsort: NaN last (first when descending), stable on ties, any dim", () => {
  const x = floatTensor([3, NaN, 1, -Infinity, NaN, 2, 1]);
  const up = sort(x);
  assert.equal(String(up.values), "tensor([-inf, 1., 1., 2., 3., nan, nan])");
  assert.equal(String(up.indices), "tensor([3, 2, 6, 5, 0, 1, 4])");
  assert.equal(String(x.sort(0, true).indices), "tensor([1, 4, 0, 5, 2, 6, 3])");
  assert.equal(String(argsort(tensor([[3, 1], [0, 5]]), 0)), "tensor([[1, 0],\n        [0, 1]])");
  assert.equal(String(tensor([true, false, true]).sort(0, true).indices), "tensor([0, 2, 1])");
  assert.equal(String(floatTensor(5).sort().indices), "tensor(0)");
  assert.equal(String(zeros([0, 3]).sort(0).values), "tensor([], size=(0, 3))");
});

Deno.test("sort: stable for long runs of ties, in both directions (merge sort)", () => {
  manualSeed(21);
  const n = 1000;
  const v = Array.from(rand([n]).mul(5).toTypedArray(), Math.floor);
  const ix = [...v.keys()];
  const byUp = [...ix].sort((a, b) => v[a] - v[b] || a - b);
  const byDown = [...ix].sort((a, b) => v[b] - v[a] || a - b);
  const t = tensor(v);
  assert.deepEqual(t.argsort(0, false, { stable: true }).toList(), byUp);
  assert.deepEqual(t.argsort(0, true).toList(), byDown);
});

Deno.test("topk: largest or smallest, in order, NaN the largest; k from 0 to n", () => {
  const x = floatTensor([[1, 5, 3], [4, NaN, 6]]);
  const { values, indices } = topk(x, 2);
  assert.equal(String(values), "tensor([[5., 3.],\n        [nan, 6.]])");
  assert.equal(String(indices), "tensor([[1, 2],\n        [1, 2]])");
  assert.equal(String(x.topk(1, 0, false).values), "tensor([[1., 5., 3.]])");
  assert.equal(String(x.topk(0).values), "tensor([], size=(2, 0))");
  assert.equal(String(floatTensor(3).topk(0).values), "tensor(3.)");
});

Deno.test("median/kthvalue: values, indices, NaN, dtypes", () => {
  const x = floatTensor([[1, 7, 3, 7], [2, 2, 9, 2], [4, NaN, 0, 1]]);
  assert.equal(String(median(x)), "tensor(nan)");
  const m = medianDim(x, 1);
  assert.equal(String(m.values), "tensor([3., 2., nan])");
  assert.equal(String(m.indices), "tensor([2, 1, 1])");
  assert.equal(String(x.median(0, true).indices), "tensor([[1, 2, 0, 1]])");
  assert.equal(String(kthvalue(x, 4).values), "tensor([7., 9., nan])");
  assert.equal(String(x.kthvalue(1, 0).indices), "tensor([0, 1, 2, 2])");
  assert.equal(String(median(tensor([[5, 1], [3, 3]]))), "tensor(3)");
  assert.equal(String(median(zeros([0]))), "tensor(nan)");
  assert.throws(() => median(tensor([], { dtype: "int64" })), {
    name: "RangeError",
    message: "median() operation does not have an identity for empty input tensor",
  });
});

Deno.test("kthvalue agrees with sort on random lanes (any k)", () => {
  manualSeed(22);
  const x = randn([5, 9]);
  const sorted = x.sort(1).values;
  for (let k = 1; k <= 9; k++) {
    assert.deepEqual(x.kthvalue(k, 1).values.toList(), sorted.select(1, k - 1).toList());
  }
});

Deno.test("sort/topk/kthvalue/median: node names, and gradients back to the positions", () => {
  const x = tensor([[3, 1, 2]], f64);
  assert.equal(x.sort().values.gradFn!.name(), "SortBackward0");
  assert.equal(x.sort(-1, false, { stable: true }).values.gradFn!.name(), "SortBackward1");
  assert.equal(x.topk(2).values.gradFn!.name(), "TopkBackward0");
  assert.equal(x.kthvalue(2).values.gradFn!.name(), "KthvalueBackward0");
  assert.equal(x.median().gradFn!.name(), "MedianBackward0");
  assert.equal(x.median(1).values.gradFn!.name(), "MedianBackward1");
  assert.equal(x.sort().indices.requiresGrad, false);
  x.topk(2).values.backward(tensor([[10, 1]], { dtype: "float64" }));
  assert.deepEqual(x.grad!.toList(), [[10, 0, 1]]);
});

Deno.test("sort/topk/kthvalue/median pass gradcheck and gradgradcheck (float64)", () => {
  manualSeed(23);
  const x = randn([3, 5], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => t.sort().values,
    (t) => t.sort(0, true).values.mul(t),
    (t) => t.topk(3).values,
    (t) => t.transpose(0, 1).topk(2, 1, false).values,
    (t) => t.kthvalue(2).values,
    (t) => t.kthvalue(3, 0, true).values.mul(t),
    (t) => t.median(),
    (t) => t.median(1).values,
  ];
  for (const fn of fns) {
    assert.ok(gradcheck(fn, [x]), String(fn));
    assert.ok(gradgradcheck(fn, [x]), String(fn));
  }
});
