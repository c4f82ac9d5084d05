import assert from "node:assert/strict";
import {
  ceil,
  floor,
  frac,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  round,
  sgn,
  sign,
  type Tensor,
  tensor,
  trunc,
} from "@descent/tensor";
import { grad } from "@descent/autograd";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("rounding: values with ties to even, signed zeros, NaN and infinities", () => {
  const x = tensor([-2.5, -1.5, -0.5, -0, 0.5, 1.5, 2.5, Infinity, NaN], { dtype: "float64" });
  assert.deepEqual(round(x).toList(), [-2, -2, -0, -0, 0, 2, 2, Infinity, NaN]);
  assert.deepEqual(floor(x).toList(), [-3, -2, -1, -0, 0, 1, 2, Infinity, NaN]);
  assert.deepEqual(ceil(x).toList(), [-2, -1, -0, -0, 1, 2, 3, Infinity, NaN]);
  assert.deepEqual(trunc(x).toList(), [-2, -1, -0, -0, 0, 1, 2, Infinity, NaN]);
  assert.deepEqual(frac(x).toList(), [-0.5, -0.5, -0.5, 0, 0.5, 0.5, 0.5, NaN, NaN]);
  assert.deepEqual(sign(x).toList(), [-1, -1, -1, 0, 1, 1, 1, 1, 0]);
  assert.ok(Object.is(sign(tensor([-0], { dtype: "float32" })).item(), 0));
  const big = tensor([0.49999999999999994, 2 ** 52 + 1], { dtype: "float64" });
  assert.deepEqual(round(big).toList(), [0, 2 ** 52 + 1]);
});

Deno.test("round with decimals: scales in the tensor's dtype, negative decimals round to tens", () => {
  const x = tensor([1.25, 1.35, 123.456, -0.45], { dtype: "float64" });
  assert.deepEqual(round(x, { decimals: 1 }).toList(), [1.2, 1.4, 123.5, -0.4]);
  assert.deepEqual(round(x, { decimals: -1 }).toList(), [0, 0, 120, -0]);
  // float32: 1e30 · 100 overflows float32 (PyTorch computes the scaling in the dtype)
  assert.deepEqual(round(tensor([1e37]), { decimals: 2 }).toList(), [Infinity]);
  assert.equal(round(tensor([1.5], f64), { decimals: 0 }).gradFn!.name(), "RoundBackward1");
  assert.equal(round(tensor([1.5], f64), { decimals: 2 }).gradFn!.name(), "RoundBackward1");
  assert.equal(round(tensor([1.5], f64)).gradFn!.name(), "RoundBackward0");
});

Deno.test("rounding: gradients are zero (frac's is one), also through createGraph", () => {
  manualSeed(21);
  for (const f of [floor, ceil, (a: Tensor) => round(a), trunc, sign, sgn, frac]) {
    const x = randn([2, 3], f64);
    assert.ok(gradcheck(f, [x]), f.name);
    assert.ok(gradgradcheck(f, [x]), f.name);
  }
  const x = tensor([0.5, NaN], f64);
  const [g] = grad(floor(x).mul(tensor([NaN, Infinity], { dtype: "float64" })).sum(), x);
  assert.deepEqual(g!.toList(), [0, 0]); // PyTorch's zeros_like(grad), not grad·0
  const [gf] = grad(frac(x).sum(), x);
  assert.deepEqual(gf!.toList(), [1, 1]);
});

Deno.test("rounding: integer tensors keep their dtype; PyTorch's errors for the rest", () => {
  const i = tensor([-3, 0, 7]);
  for (const f of [floor, ceil, round, trunc]) {
    assert.equal(String(f(i)), "tensor([-3,  0,  7])");
  }
  assert.equal(
    String(sign(tensor([-3, 0, 7], { dtype: "int32" }))),
    "tensor([-1,  0,  1], dtype=torch.int32)",
  );
  assert.equal(String(sgn(tensor([true, false]))), "tensor([ True, False])");
  assert.throws(() => floor(tensor([true])), {
    name: "TypeError",
    message: `"floor_vml_cpu" not implemented for 'Bool'`,
  });
  assert.throws(() => frac(i), {
    name: "TypeError",
    message: `"frac_cpu" not implemented for 'Long'`,
  });
  assert.throws(() => round(i, { decimals: 1 }), {
    name: "TypeError",
    message: `"round_cpu" not implemented for 'Long'`,
  });
  assert.throws(() => round(i, { decimals: 0 }), {
    message: `"round_vml_cpu" not implemented for 'Long'`,
  });
  assert.throws(() => round(tensor([1.5]), { decimals: 1.5 }), {
    name: "TypeError",
    message: "round(): argument 'decimals' must be int, not float",
  });
});

Deno.test("rounding: non-contiguous input", () => {
  const x = tensor([[1.5, -2.5], [0.2, 3.7]], { dtype: "float64" }).t();
  assert.deepEqual(round(x).toList(), [[2, 0], [-2, 4]]);
  const t: Tensor = x.floor();
  assert.deepEqual(t.toList(), [[1, 0], [-3, 3]]);
});
