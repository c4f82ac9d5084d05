import assert from "node:assert/strict";
import {
  arange,
  flip,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  roll,
  type Tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("flip and roll: gradcheck and gradgradcheck, contiguous or not", () => {
  manualSeed(2);
  const x = randn([3, 2, 4], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => flip(t, [0, 2]),
    (t) => t.flip(-1),
    (t) => t.transpose(0, 2).flip(1),
    (t) => roll(t, 5),
    (t) => t.roll([1, -3], [0, 2]),
    (t) => t.transpose(0, 1).roll(-2),
    (t) => t.roll([1, 1], [-1, -1]),
  ];
  for (const f of fns) {
    assert.ok(gradcheck(f, [x]), String(f));
    assert.ok(gradgradcheck(f, [x]), String(f));
  }
});

Deno.test("roll: a flattened roll moves row-major positions; rolling back restores", () => {
  const x = arange(6).reshape(2, 3);
  assert.deepEqual(x.t().roll(1).toList(), [[5, 0], [3, 1], [4, 2]]);
  assert.deepEqual(x.roll(4, 1).roll(-4, 1).toList(), x.toList());
  assert.deepEqual(x.roll(-1, 0).toList(), [[3, 4, 5], [0, 1, 2]]);
});

Deno.test("flip and roll are copies, as in PyTorch", () => {
  const x = arange(3);
  const f = x.flip(0);
  f.add_(10);
  assert.deepEqual(x.toList(), [0, 1, 2]);
  assert.equal(x.roll(1).gradFn, null);
});
