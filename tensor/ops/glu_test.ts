import assert from "node:assert/strict";
import {
  assertClose,
  glu,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";

Deno.test("glu: gradcheck and gradgradcheck in float64 along each dim", () => {
  manualSeed(111);
  const x = randn([4, 2, 6], { dtype: "float64", requiresGrad: true });
  for (const dim of [0, 1, 2, -1, -3]) {
    assert.ok(gradcheck((a: Tensor) => glu(a, dim), [x]), `dim ${dim}`);
    assert.ok(gradgradcheck((a: Tensor) => glu(a, dim), [x]), `dim ${dim}`);
  }
  const t = randn([6, 4], { dtype: "float64" }).t().requiresGrad_(); // non-contiguous
  assert.ok(gradcheck((a: Tensor) => glu(a, 1), [t]));
});

Deno.test("glu: the first half times the sigmoid of the second", () => {
  manualSeed(112);
  const x = randn([4, 6], { dtype: "float64" });
  assertClose(glu(x), x.narrow(1, 0, 3).mul(x.narrow(1, 3, 3).sigmoid()));
  assertClose(glu(x.t(), 1), glu(x, 0).t());
  assert.equal(
    glu(tensor([[1, 2]], { dtype: "float32", requiresGrad: true })).gradFn!.name(),
    "GluBackward0",
  );
  assert.deepEqual(
    glu(tensor([[0, 0]], { dtype: "float32" }).narrow(1, 0, 0).reshape(1, 0)).shape,
    [1, 0],
  );
});

Deno.test("glu: PyTorch's errors", () => {
  assert.throws(() => glu(tensor(1, { dtype: "float32" })), {
    name: "RangeError",
    message: "glu does not support scalars because halving size must be even",
  });
  assert.throws(() => glu(tensor([[1, 2, 3]], { dtype: "float32" })), {
    name: "RangeError",
    message: "Halving dimension must be even, but dimension 1 is size 3",
  });
  assert.throws(() => glu(tensor([[1, 2]], { dtype: "float32" }), 2), {
    name: "RangeError",
    message: /Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)/,
  });
  assert.throws(() => glu(tensor([[1, 2]])), {
    name: "TypeError",
    message: `"glu_cpu" not implemented for 'Long'`,
  });
});
