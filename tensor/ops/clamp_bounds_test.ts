import assert from "node:assert/strict";
import {
  clampMax,
  clampMin,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";
import { grad } from "@descent/autograd";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("clampMin/clampMax: gradcheck with number and broadcasting tensor bounds", () => {
  manualSeed(61);
  for (const [sa, sb] of [[[2, 3], [3]], [[2, 1], [1, 3]], [[], [2]], [[3], []]]) {
    const a = randn(sa, f64);
    const b = randn(sb, f64);
    assert.ok(gradcheck(clampMin, [a, b]));
    assert.ok(gradcheck(clampMax, [a, b]));
    assert.ok(gradgradcheck(clampMin, [a, b]));
  }
  const x = randn([2, 3], f64);
  assert.ok(gradcheck((t: Tensor) => clampMin(t, 0.1), [x]));
  assert.ok(gradcheck((t: Tensor) => clampMax(t, -0.2), [x]));
});

Deno.test("clampMin/clampMax: NaN anywhere gives NaN; ties and -0 keep the input", () => {
  const x = tensor([-0, 0, NaN, 1, -1], { dtype: "float64" });
  assert.deepEqual(clampMin(x, 0).toList(), [-0, 0, NaN, 1, 0]);
  assert.deepEqual(clampMax(x, -0).toList(), [-0, 0, NaN, -0, -1]);
  assert.deepEqual(clampMin(x, NaN).toList(), [NaN, NaN, NaN, NaN, NaN]);
  const m = tensor([0, -0, 0, NaN, 2], { dtype: "float64" });
  assert.deepEqual(clampMin(x, m).toList(), [-0, 0, NaN, NaN, 2]);
  // the gradient: the input where x >= min (ties included), the bound where x < min
  const a = x.clone().requiresGrad_();
  const b = m.clone().requiresGrad_();
  const [ga, gb] = grad(clampMin(a, b).sum(), [a, b]);
  assert.deepEqual(ga!.toList(), [1, 1, 0, 0, 0]);
  assert.deepEqual(gb!.toList(), [0, 0, 0, 0, 1]);
  const [ga2, gb2] = grad(clampMax(a, b).sum(), [a, b]);
  assert.deepEqual(ga2!.toList(), [1, 1, 0, 0, 1]);
  assert.deepEqual(gb2!.toList(), [0, 0, 0, 0, 0]);
});

Deno.test("clampMin/clampMax: PyTorch's node names and dtypes", () => {
  const a = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const b = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.equal(clampMin(a, 0).gradFn!.name(), "ClampMinBackward0");
  assert.equal(a.clampMax(0).gradFn!.name(), "ClampMaxBackward0");
  assert.equal(clampMin(a, b).gradFn!.name(), "ClampMinBackward1");
  assert.equal(a.clampMax(b).gradFn!.name(), "ClampMaxBackward1");
  const i = tensor([-3, 5]);
  assert.equal(String(clampMin(i, 0)), "tensor([0, 5])");
  assert.equal(String(clampMin(i, 0.5)), "tensor([0.5000, 5.0000])");
  assert.equal(clampMax(i, tensor([1, 2], { dtype: "float64" })).dtype, "float64");
  assert.equal(
    String(clampMin(tensor([true, false]), tensor([false, false]))),
    "tensor([ True, False])",
  );
  assert.equal(
    clampMin(tensor([[1, 2]], { dtype: "float32" }), tensor([[0], [3]])).shape.join(),
    "2,2",
  );
});
