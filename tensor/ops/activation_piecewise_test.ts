import assert from "node:assert/strict";
import {
  gradcheck,
  gradgradcheck,
  hardsigmoid,
  hardswish,
  hardtanh,
  leakyRelu,
  manualSeed,
  rand,
  relu6,
  softsign,
  tanhshrink,
  type Tensor,
  tensor,
} from "@descent/tensor";
import { grad } from "@descent/autograd";

const f64 = { dtype: "float64" } as const;

Deno.test("piecewise activations: gradcheck and gradgradcheck away from the kinks", () => {
  manualSeed(101);
  const fs: [string, (a: Tensor) => Tensor][] = [
    ["leakyRelu", (a) => leakyRelu(a, { negativeSlope: 0.2 })],
    ["hardtanh", (a) => hardtanh(a, { minVal: -2, maxVal: 3 })],
    ["relu6", relu6],
    ["hardsigmoid", hardsigmoid],
    ["hardswish", hardswish],
    ["softsign", softsign],
    ["tanhshrink", tanhshrink],
  ];
  // kinks at 0, ±1, ±2, ±3, 6: inputs at k + 0.5 ± 0.4
  const x = rand([12], f64).mul(0.8).sub(0.4).add(
    tensor([-5.5, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5], f64),
  ).requiresGrad_();
  for (const [name, f] of fs) {
    assert.ok(gradcheck(f, [x]), name);
    if (name !== "hardsigmoid") assert.ok(gradgradcheck(f, [x]), name);
  }
});

Deno.test("piecewise activations: values, and gradients at the kinks as PyTorch's", () => {
  const x = tensor([-4, -3, -1, -0, 0, 1, 3, 6, 7], { dtype: "float64", requiresGrad: true });
  assert.deepEqual(relu6(x).toList(), [0, 0, 0, -0, 0, 1, 3, 6, 6]);
  assert.deepEqual(hardtanh(x).toList(), [-1, -1, -1, -0, 0, 1, 1, 1, 1]);
  assert.deepEqual(leakyRelu(x, { negativeSlope: 0.5 }).toList(), [
    -2,
    -1.5,
    -0.5,
    -0,
    0,
    1,
    3,
    6,
    7,
  ]);
  assert.deepEqual(hardsigmoid(x).toList(), [0, 0, 1 / 3, 0.5, 0.5, 2 / 3, 1, 1, 1]);
  assert.deepEqual(hardswish(x).toList(), [-0, -0, -1 / 3, -0, 0, 2 / 3, 3, 6, 7]);
  const g = (y: Tensor) => grad(y.sum(), [x])[0]!.toList();
  // 0 at and beyond the bounds (hardtanh_backward), the slope at 0 (leaky_relu_backward)
  assert.deepEqual(g(hardtanh(x)), [0, 0, 0, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(g(leakyRelu(x)), [0.01, 0.01, 0.01, 0.01, 0.01, 1, 1, 1, 1]);
  // float32's 1/6 in both dtypes, strictly inside (-3, 3)
  const sixth = Math.fround(1 / 6);
  assert.deepEqual(g(hardsigmoid(x)), [0, 0, sixth, sixth, sixth, sixth, 0, 0, 0]);
  // PyTorch 2.x: 0 at -3, 1 at 3
  assert.deepEqual(g(hardswish(x)), [0, 0, -1 / 3 + 0.5, 0.5, 0.5, 1 / 3 + 0.5, 1, 1, 1]);
  // NaN: the scalar kernels' branches (see conformance/README.md)
  const n = tensor([NaN], { dtype: "float64", requiresGrad: true });
  assert.deepEqual(grad(hardtanh(n).sum(), [n])[0]!.toList(), [1]);
  assert.deepEqual(grad(hardswish(n).sum(), [n])[0]!.toList(), [1]);
  assert.deepEqual(grad(hardsigmoid(n).sum(), [n])[0]!.toList(), [0]);
});

Deno.test("piecewise activations: dtypes, node names and PyTorch's errors", () => {
  assert.equal(String(relu6(tensor([-2, 3, 9]))), "tensor([0, 3, 6])");
  assert.equal(
    String(hardtanh(tensor([-2, 3]), { minVal: -1.5, maxVal: 2.5 })),
    "tensor([-1,  2])",
  );
  assert.equal(String(softsign(tensor([-3, 1]))), "tensor([-0.7500,  0.5000])");
  assert.equal(tanhshrink(tensor([1])).dtype, "float32");
  assert.throws(() => relu6(tensor([true])), {
    name: "TypeError",
    message: "Bool inputs not supported for hardtanh",
  });
  assert.throws(() => hardtanh(tensor([1], { dtype: "uint8" })), {
    message: "cannot do hardtanh on an unsigned type with negative limits",
  });
  assert.throws(() => hardtanh(tensor([1.5]), { minVal: 2, maxVal: 1 }), {
    name: "TypeError",
    message: "min_val cannot be greater than max_val",
  });
  assert.throws(() => leakyRelu(tensor([1])), {
    message: `"leaky_relu_cpu" not implemented for 'Long'`,
  });
  assert.throws(() => hardswish(tensor([1], { dtype: "int32" })), {
    message: `"hardswish_cpu" not implemented for 'Int'`,
  });
  assert.throws(() => hardsigmoid(tensor([1], { dtype: "uint8" })), {
    message: `"hardsigmoid_cpu" not implemented for 'Byte'`,
  });
  assert.throws(() => softsign(tensor([true])), {
    message: `"abs_cpu" not implemented for 'Bool'`,
  });
  const x = tensor([0.5], { dtype: "float32", requiresGrad: true });
  const names = [
    leakyRelu(x),
    hardtanh(x),
    relu6(x),
    hardsigmoid(x),
    hardswish(x),
    softsign(x),
    tanhshrink(x),
  ].map((y) => y.gradFn!.name());
  assert.deepEqual(names, [
    "LeakyReluBackward0",
    "HardtanhBackward0",
    "HardtanhBackward0",
    "HardsigmoidBackward0",
    "HardswishBackward0",
    "DivBackward0",
    "SubBackward0",
  ]);
});
