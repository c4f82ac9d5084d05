import assert from "node:assert/strict";
import {
  arange,
  gradcheck,
  gradgradcheck,
  manualSeed,
  meshgrid,
  movedim,
  randn,
  swapaxes,
  type Tensor,
  tensor,
  unflatten,
  unfold,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("movedim, swapaxes, unflatten, unfold, meshgrid: gradcheck and gradgradcheck", () => {
  manualSeed(6);
  const x = randn([2, 3, 4], f64);
  const fns: ((t: Tensor) => Tensor | Tensor[])[] = [
    (t) => movedim(t, [0, 2], [1, 0]),
    (t) => swapaxes(t, 0, -1),
    (t) => unflatten(t, 2, [2, -1]),
    (t) => t.transpose(0, 2).unflatten(0, [2, 2]),
    (t) => unfold(t, 2, 3, 1),
    (t) => t.unfold(-1, 2, 2).unfold(1, 2, 1),
    (t) => t.transpose(1, 2).unfold(1, 2, 1),
    (t) => meshgrid([t.select(0, 0).select(0, 0), t.select(1, 2).select(0, 1)], { indexing: "xy" }),
  ];
  for (const f of fns) {
    assert.ok(gradcheck(f, [x]), String(f));
    assert.ok(gradgradcheck(f, [x]), String(f));
  }
});

Deno.test("these are views, as in PyTorch", () => {
  const x = arange(12).reshape(3, 4);
  for (const v of [x.movedim(0, 1), x.swapdims(0, 1), x.unflatten(1, [2, 2]), x.unfold(1, 2, 1)]) {
    assert.equal(v._data, x._data);
  }
  assert.equal(
    tensor(1, { dtype: "float32", requiresGrad: true }).movedim(0, 0).gradFn!.name(),
    "AliasBackward0",
  );
});

Deno.test("unfold: overlapping windows add their gradients", () => {
  const x = arange(5, undefined, undefined, { dtype: "float64" }).requiresGrad_();
  const w = x.unfold(0, 3, 1);
  assert.deepEqual(w.toList(), [[0, 1, 2], [1, 2, 3], [2, 3, 4]]);
  w.sum().backward();
  assert.deepEqual(x.grad!.toList(), [1, 2, 3, 2, 1]);
});
