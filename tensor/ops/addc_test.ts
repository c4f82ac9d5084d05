import assert from "node:assert/strict";
import {
  addcdiv,
  addcmul,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("addcmul/addcdiv: gradcheck in float64, broadcasting all three", () => {
  manualSeed(81);
  const shapes: number[][][] = [[[2, 3], [2, 3], [2, 3]], [[3], [2, 1], [1, 3]], [[2, 3], [3], []]];
  for (const [sa, s1, s2] of shapes) {
    const a = randn(sa, f64);
    const t1 = randn(s1, f64);
    const t2 = randn(s2, f64).abs().add(0.5).detach().requiresGrad_();
    for (const value of [1, -0.5]) {
      const mul = (x: Tensor, y: Tensor, z: Tensor) => addcmul(x, y, z, { value });
      const div = (x: Tensor, y: Tensor, z: Tensor) => addcdiv(x, y, z, { value });
      assert.ok(gradcheck(mul, [a, t1, t2]));
      assert.ok(gradgradcheck(mul, [a, t1, t2]));
      assert.ok(gradcheck(div, [a, t1, t2]));
      assert.ok(gradgradcheck(div, [a, t1, t2]));
    }
  }
});

Deno.test("addcmul/addcdiv: values, dtypes and PyTorch's errors", () => {
  const a = tensor([1, 2], { dtype: "float64" });
  const t = tensor([3, 4], { dtype: "float64" });
  assert.deepEqual(addcmul(a, t, t, { value: 2 }).toList(), [19, 34]);
  assert.deepEqual(a.addcdiv(t, tensor([2, 8], { dtype: "float64" })).toList(), [2.5, 2.5]);
  // integers: exact in the result dtype, `value` cast to it (0.5 becomes 0, as PyTorch's)
  const i = tensor([3, -2]);
  assert.equal(String(addcmul(i, i, i, { value: 0.5 })), "tensor([ 3, -2])");
  assert.equal(String(addcmul(i, i, i)), "tensor([12,  2])");
  assert.equal(
    String(
      addcmul(
        tensor([1], { dtype: "int32" }),
        tensor([200], { dtype: "uint8" }),
        tensor([2], { dtype: "uint8" }),
      ),
    ),
    "tensor([401], dtype=torch.int32)",
  );
  assert.equal(addcdiv(i, t, t).dtype, "float64");
  assert.throws(() => addcmul(tensor([true]), tensor([true]), tensor([true])), {
    name: "TypeError",
    message: `"addcmul_cpu_out" not implemented for 'Bool'`,
  });
  assert.throws(() => addcdiv(a, i, i), {
    name: "TypeError",
    message: /^Integer division with addcdiv is no longer supported/,
  });
  assert.throws(() => addcmul(a, 2 as unknown as Tensor, t), {
    name: "TypeError",
    message: "addcmul(): argument 'tensor1' (position 2) must be Tensor, not int",
  });
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.equal(x.addcmul(x, x).gradFn!.name(), "AddcmulBackward0");
  assert.equal(x.addcdiv(x, x).gradFn!.name(), "AddcdivBackward0");
  assert.throws(() => addcmul(x, x, tensor([1, 2, 3], { dtype: "float32" })), RangeError);
  assert.equal(x.grad, null);
});
