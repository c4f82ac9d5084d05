import assert from "node:assert/strict";
import {
  assertClose,
  getRngState,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  scaledDotProductAttention,
  type ScaledDotProductAttentionOptions,
  setRngState,
  type Tensor,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64" as const, requiresGrad: true };

Deno.test("scaledDotProductAttention: gradients and second derivatives (gradcheck, float64)", () => {
  manualSeed(8);
  const cases: [number[][], ScaledDotProductAttentionOptions, string][] = [
    [
      [[2, 2, 3, 4], [2, 2, 5, 4], [2, 2, 5, 4]],
      {},
      "ScaledDotProductFlashAttentionForCpuBackward0",
    ],
    [
      [[1, 2, 4, 3], [1, 2, 4, 3], [1, 2, 4, 3]],
      { isCausal: true, scale: -0.4 },
      "ScaledDotProductFlashAttentionForCpuBackward0",
    ],
    [[[2, 3, 4], [2, 5, 4], [2, 5, 2]], {}, "UnsafeViewBackward0"],
    [[[1, 2, 3, 4], [1, 2, 5, 4], [1, 2, 5, 3]], { isCausal: true }, "UnsafeViewBackward0"],
  ];
  for (const [shapes, o, name] of cases) {
    const ins = shapes.map((s) => randn(s, f64));
    const f = (q: Tensor, k: Tensor, v: Tensor) => scaledDotProductAttention(q, k, v, o);
    assert.equal(f(ins[0], ins[1], ins[2]).gradFn?.name(), name);
    assert.ok(gradcheck(f, ins) && gradgradcheck(f, ins), JSON.stringify(o));
  }
  // a mask that requires grad takes the math path and gets a gradient
  const ins = [[1, 2, 3, 4], [1, 2, 5, 4], [1, 2, 5, 4], [3, 5]].map((s) => randn(s, f64));
  const f = (q: Tensor, k: Tensor, v: Tensor, m: Tensor) =>
    scaledDotProductAttention(q, k, v, { attnMask: m });
  assert.ok(gradcheck(f, ins) && gradgradcheck(f, ins));
});

Deno.test("scaledDotProductAttention: the flash node and the math path agree", () => {
  manualSeed(9);
  const [q, k, v] = [[1, 2, 3, 4], [1, 2, 5, 4], [1, 2, 5, 4]].map((s) => randn(s, f64));
  const mask = randn([3, 5], { dtype: "float64" });
  const flash = scaledDotProductAttention(q, k, v, { attnMask: mask });
  const math = scaledDotProductAttention(q, k, v, { attnMask: mask.clone().requiresGrad_() });
  assert.equal(flash.gradFn?.name(), "ScaledDotProductFlashAttentionForCpuBackward0");
  assert.equal(math.gradFn?.name(), "UnsafeViewBackward0");
  assertClose(flash, math);
  const g = randn(flash.shape, { dtype: "float64" });
  flash.backward(g);
  const grads = [q, k, v].map((t) => t.grad!);
  for (const t of [q, k, v]) t.grad = null;
  math.backward(g);
  [q, k, v].forEach((t, i) => assertClose(t.grad!, grads[i]));
});

Deno.test("scaledDotProductAttention: dropout draws from the default generator", () => {
  const q = randn([2, 3, 4]);
  const saved = getRngState();
  const a = scaledDotProductAttention(q, q, q, { dropoutP: 0.5 });
  setRngState(saved);
  const b = scaledDotProductAttention(q, q, q, { dropoutP: 0.5 });
  assert.deepEqual(a.toList(), b.toList());
  assert.notDeepEqual(a.toList(), scaledDotProductAttention(q, q, q).toList());
  assert.deepEqual(scaledDotProductAttention(q, q, q, { dropoutP: 1 }).toList(), [
    [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
    [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  ]);
});

Deno.test("scaledDotProductAttention: fully masked rows and empty sequences give zeros", () => {
  const q = randn([1, 1, 2, 2], { requiresGrad: true });
  const mask = tensor([[-Infinity, -Infinity], [0, 0]]);
  const y = scaledDotProductAttention(q, q, q, { attnMask: mask });
  assert.deepEqual(y.select(2, 0).toList(), [[[0, 0]]]);
  y.sum().backward();
  assert.ok(q.grad!.toTypedArray().every(Number.isFinite));
  const empty = scaledDotProductAttention(
    randn([2, 0, 3], { requiresGrad: true }),
    randn([2, 4, 3]),
    randn([2, 4, 5]),
  );
  assert.deepEqual(empty.shape, [2, 0, 5]);
  assert.equal(empty.gradFn?.name(), "AddBackward0");
});

Deno.test("scaledDotProductAttention: errors in PyTorch's words", () => {
  const q = randn([2, 3, 4, 5]);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [
      () => scaledDotProductAttention(q.double(), q, q),
      TypeError,
      "Expected query, key, and value to have the same dtype, but got query.dtype: double key.dtype: float and value.dtype: float instead.",
    ],
    [
      () => scaledDotProductAttention(q.select(0, 0).select(0, 0).select(0, 0), q, q),
      RangeError,
      "Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: 1 key.dim: 4 and value.dim: 4 instead.",
    ],
    [
      () => scaledDotProductAttention(q, q, q, { attnMask: randn([4, 4], { dtype: "float64" }) }),
      TypeError,
      "Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: double and  query.dtype: float instead.",
    ],
    [
      () => scaledDotProductAttention(q, q, q, { dropoutP: 1.5 }),
      RangeError,
      "dropout probability has to be between 0 and 1, but got 1.5",
    ],
    [
      () =>
        scaledDotProductAttention(q.select(0, 0), q.select(0, 0), q.select(0, 0), {
          attnMask: randn([4, 4]),
          isCausal: true,
        }),
      TypeError,
      "_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True",
    ],
    [
      () => scaledDotProductAttention(q, q, q, { attnMask: randn([3, 4]) }),
      RangeError,
      "The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 2",
    ],
  ];
  for (const [f, type, message] of cases) assert.throws(f, { name: type.name, message });
});
