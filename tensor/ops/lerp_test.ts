import assert from "node:assert/strict";
import {
  gradcheck,
  gradgradcheck,
  lerp,
  manualSeed,
  rand,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("lerp: gradcheck with number and broadcasting tensor weights", () => {
  manualSeed(71);
  const shapes: number[][][] = [
    [[3], [3], [3]],
    [[2, 3], [3], [2, 1]],
    [[3], [], [2, 3]],
    [[2, 1, 3], [4, 1], [3]],
  ];
  for (const [sa, sb, sw] of shapes) {
    const args = [randn(sa, f64), randn(sb, f64), rand(sw, f64)];
    assert.ok(gradcheck(lerp, args));
    assert.ok(gradgradcheck(lerp, args));
    for (const w of [0.3, 0.7, -1, 2]) {
      assert.ok(gradcheck((a: Tensor, b: Tensor) => lerp(a, b, w), args.slice(0, 2)));
    }
  }
});

Deno.test("lerp: exact at the ends, PyTorch's formula on each side of 0.5", () => {
  const a = tensor([0.1, -3, 1e300], { dtype: "float64" });
  const b = tensor([0.7, 5, -1e300], { dtype: "float64" });
  assert.deepEqual(lerp(a, b, 0).toList(), a.toList());
  assert.deepEqual(lerp(a, b, 1).toList(), b.toList());
  const [a0, b0] = [0.1, 0.7];
  assert.deepEqual(lerp(a, b, 0.25).toList(), [a0 + 0.25 * (b0 - a0), -1, 5e299]);
  assert.deepEqual(lerp(a, b, 0.75).toList(), [b0 - (b0 - a0) * 0.25, 3, -5e299]);
  const w = tensor([0, 1, 0.5], { dtype: "float64" });
  assert.deepEqual(lerp(a, b, w).toList(), [0.1, 5, 0]);
});

Deno.test("lerp: node names, dtypes and PyTorch's errors", () => {
  const a = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const b = tensor([3, 4], { dtype: "float32" });
  assert.equal(lerp(a, b, 0.5).gradFn!.name(), "LerpBackward0");
  assert.equal(a.lerp(b, tensor([0.5, 1], { dtype: "float32" })).gradFn!.name(), "LerpBackward1");
  assert.throws(() => lerp(a, tensor([1, 2], { dtype: "float64" }), 0.5), {
    name: "TypeError",
    message: "expected dtype float for `end` but got dtype double",
  });
  assert.throws(() => lerp(a, b, tensor([1, 2])), {
    message: "expected dtype float for `weight` but got dtype long int",
  });
  assert.throws(() => lerp(tensor([1]), tensor([2]), 0.5), {
    name: "TypeError",
    message: `"lerp_kernel_scalar" not implemented for 'Long'`,
  });
  assert.throws(() => lerp(tensor([1]), tensor([2]), tensor([1])), {
    message: `"lerp_kernel_tensor" not implemented for 'Long'`,
  });
  assert.throws(() => lerp(a, tensor([1, 2, 3], { dtype: "float32" }), 0.5), RangeError);
  assert.equal(a.grad, null);
});
