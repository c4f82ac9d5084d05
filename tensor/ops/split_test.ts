import assert from "node:assert/strict";
import {
  arange,
  chunk,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  split,
  type Tensor,
  unbind,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("split, chunk, unbind: views sharing one node", () => {
  const x = arange(10).float().reshape(5, 2).requiresGrad_();
  const pieces = split(x, 2);
  assert.deepEqual(pieces.map((p) => p.shape), [[2, 2], [2, 2], [1, 2]]);
  assert.ok(pieces.every((p) => p._data === x._data && p.gradFn === pieces[0].gradFn));
  assert.equal(pieces[0].gradFn!.name(), "SplitBackward0");
  assert.equal(x.split([1, 4])[1].gradFn!.name(), "SplitWithSizesBackward0");
  assert.equal(chunk(x, 3, 1)[0].gradFn!.name(), "SplitBackward0");
  assert.equal(unbind(x, 1)[1].gradFn!.name(), "UnbindBackward0");
  assert.deepEqual(unbind(x, 1)[1].toList(), [1, 3, 5, 7, 9]);
  assert.deepEqual(unbind(arange(0)), []);
});

Deno.test("split, chunk, unbind: gradcheck and gradgradcheck, some pieces unused", () => {
  manualSeed(5);
  const x = randn([4, 3], f64);
  const fns: ((t: Tensor) => Tensor | Tensor[])[] = [
    (t) => split(t, 3),
    (t) => t.t().split([1, 0, 3], 1),
    (t) => chunk(t, 2, 1),
    (t) => unbind(t, -1),
    (t) => t.split(1)[2].mul(t.split(2)[1].sum()),
    (t) => t.unbind(0)[3],
  ];
  for (const f of fns) {
    assert.ok(gradcheck(f, [x]), String(f));
    assert.ok(gradgradcheck(f, [x]), String(f));
  }
});

Deno.test("chunk: fewer pieces than asked when sizes run out, PyTorch's rule", () => {
  assert.deepEqual(chunk(arange(6), 4).map((p) => p.numel()), [2, 2, 2]);
  assert.deepEqual(chunk(arange(5), 5).map((p) => p.numel()), [1, 1, 1, 1, 1]);
  assert.deepEqual(chunk(arange(0), 3).map((p) => p.numel()), [0, 0, 0]);
});
