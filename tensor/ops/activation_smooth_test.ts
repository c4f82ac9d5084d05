import assert from "node:assert/strict";
import {
  assertClose,
  celu,
  elu,
  gelu,
  gradcheck,
  gradgradcheck,
  logsigmoid,
  manualSeed,
  mish,
  randn,
  selu,
  silu,
  softplus,
  type Tensor,
  tensor,
} from "@descent/tensor";

const ACTIVATIONS: [string, (a: Tensor) => Tensor][] = [
  ["gelu", (a) => gelu(a)],
  ["gelu tanh", (a) => gelu(a, { approximate: "tanh" })],
  ["silu", silu],
  ["mish", mish],
  ["softplus", (a) => softplus(a)],
  ["softplus beta 2 threshold 1", (a) => softplus(a, { beta: 2, threshold: 1 })],
  ["elu", (a) => elu(a)],
  ["elu alpha 0.5", (a) => elu(a, { alpha: 0.5 })],
  ["selu", selu],
  ["celu alpha 2", (a) => celu(a, { alpha: 2 })],
  ["logsigmoid", logsigmoid],
];

Deno.test("smooth activations: gradcheck and gradgradcheck in float64", () => {
  manualSeed(91);
  for (const [name, f] of ACTIVATIONS) {
    for (const shape of [[], [7], [2, 3]]) {
      // away from the kinks (0 for the elus, β·x = threshold for softplus)
      const x = randn(shape, { dtype: "float64" }).mul(2).add(0.05).requiresGrad_();
      assert.ok(gradcheck(f, [x]), `${name} ${shape}`);
      assert.ok(gradgradcheck(f, [x]), `${name} ${shape}`);
    }
  }
});

Deno.test("smooth activations: values against their definitions", () => {
  manualSeed(92);
  const x = randn([9], { dtype: "float64" }).mul(3);
  const cdf = x.div(Math.SQRT2).erf().add(1).mul(0.5);
  assertClose(gelu(x), x.mul(cdf));
  const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI)).tanh();
  assertClose(gelu(x, { approximate: "tanh" }), x.mul(0.5).mul(inner.add(1)));
  assertClose(silu(x), x.mul(x.sigmoid()));
  assertClose(softplus(x), x.exp().log1p());
  assertClose(softplus(x, { beta: 2 }), x.mul(2).exp().log1p().div(2));
  assertClose(mish(x), x.mul(softplus(x).tanh()));
  assertClose(logsigmoid(x), x.sigmoid().log());
  const neg = x.clampMax(0);
  assertClose(elu(x), x.clampMin(0).add(neg.expm1()));
  assertClose(celu(x, { alpha: 2 }), x.clampMin(0).add(neg.div(2).expm1().mul(2)));
  assertClose(selu(x), elu(x, { alpha: 1.6732632423543772 }).mul(1.0507009873554805));
});

Deno.test("smooth activations: saturation and edge values as PyTorch's kernels give them", () => {
  // softplus switches to x where β·x > threshold
  assert.deepEqual(softplus(tensor([20, 21], { dtype: "float64" })).toList(), [
    20.000000002061153,
    21,
  ]);
  // float32 exp overflows and underflows as in PyTorch's float32 kernels
  assert.ok(Object.is(silu(tensor([-100], { dtype: "float32" })).item(), -0));
  assert.deepEqual(logsigmoid(tensor([-800, 800], { dtype: "float64" })).toList(), [-800, 0]);
  // PyTorch 2.x's elu is expm1-based: -0 stays -0, tiny inputs keep their digits
  assert.ok(Object.is(elu(tensor([-0], { dtype: "float64" })).item(), -0));
  assert.equal(elu(tensor([-1e-8], { dtype: "float64" })).item(), -9.999999950000001e-9);
  assert.deepEqual(gelu(tensor([-Infinity, Infinity, NaN], { dtype: "float64" })).toList(), [
    NaN,
    Infinity,
    NaN,
  ]);
});

Deno.test("smooth activations: node names, refusals and argument errors in PyTorch's words", () => {
  const x = tensor([0.5], { dtype: "float32", requiresGrad: true });
  const names = ACTIVATIONS.map(([, f]) => f(x).gradFn!.name());
  assert.deepEqual(names, [
    "GeluBackward0",
    "GeluBackward0",
    "SiluBackward0",
    "MishBackward0",
    "SoftplusBackward0",
    "SoftplusBackward0",
    "EluBackward0",
    "EluBackward0",
    "EluBackward0",
    "CeluBackward0",
    "LogSigmoidBackward0",
  ]);
  const kernels = [
    "GeluKernelImpl",
    "GeluKernelImpl",
    "silu_cpu",
    "mish_cpu",
    "softplus_cpu",
    "softplus_cpu",
    "elu_cpu",
    "elu_cpu",
    "elu_cpu",
    "elu_cpu",
    "log_sigmoid_cpu",
  ];
  ACTIVATIONS.forEach(([, f], k) => {
    assert.throws(() => f(tensor([1, 2])), {
      name: "TypeError",
      message: `"${kernels[k]}" not implemented for 'Long'`,
    });
    assert.throws(() => f(tensor([true])), {
      message: `"${kernels[k]}" not implemented for 'Bool'`,
    });
  });
  assert.throws(() => gelu(x, { approximate: "erf" as "none" }), {
    name: "TypeError",
    message: "approximate argument must be either none or tanh.",
  });
  assert.throws(() => celu(x, { alpha: 0 }), {
    message: "ZeroDivisionError: alpha cannot be 0 for CELU",
  });
  assert.equal(x.grad, null);
});
