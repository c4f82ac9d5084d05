import assert from "node:assert/strict";
import {
  assertClose,
  gradcheck,
  gradgradcheck,
  manualSeed,
  normalize,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";
import { grad } from "@descent/autograd";

Deno.test("normalize: gradcheck and gradgradcheck in float64, p 1 and 2, one or several dims", () => {
  manualSeed(121);
  const x = randn([3, 4, 2], { dtype: "float64", requiresGrad: true });
  for (const p of [1, 2]) {
    for (const dim of [0, 1, -1, [0, 2]]) {
      const f = (a: Tensor) => normalize(a, { p, dim });
      assert.ok(gradcheck(f, [x]), `p ${p} dim ${dim}`);
      assert.ok(gradgradcheck(f, [x]), `p ${p} dim ${dim}`);
    }
  }
});

Deno.test("normalize: slices of unit norm; a zero slice stays zero with gradient g/eps", () => {
  manualSeed(122);
  const x = randn([3, 5], { dtype: "float64" });
  const y = normalize(x);
  assertClose(y.square().sum(1), tensor([1, 1, 1], { dtype: "float64" }));
  assertClose(
    normalize(x, { p: 1, dim: 0 }).abs().sum(0),
    tensor([1, 1, 1, 1, 1], { dtype: "float64" }),
  );
  const z = tensor([[0, 0], [3, 4]], { dtype: "float64", requiresGrad: true });
  const out = normalize(z);
  assert.deepEqual(out.toList(), [[0, 0], [0.6, 0.8]]);
  assert.equal(out.gradFn!.name(), "DivBackward0");
  const [g] = grad(out.sum(), [z]);
  assert.deepEqual((g!.toList() as number[][])[0], [1e12, 1e12]);
  // a large eps clamps every norm
  assertClose(normalize(z, { eps: 10 }), z.div(10));
});

Deno.test("normalize: PyTorch's errors", () => {
  assert.throws(() => normalize(tensor([[1, 2]])), {
    name: "TypeError",
    message: "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long",
  });
  assert.throws(() => normalize(tensor([1, 2], { dtype: "float32" })), {
    name: "RangeError",
    message: /Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)/,
  });
});

Deno.test("normalize: any order linalg.vectorNorm takes (3, inf: x / ‖x‖_p by the definition)", () => {
  const x = tensor([[1, -2], [3, 0.5]], { dtype: "float64" });
  // ‖[1, -2]‖_3 = 9^(1/3); ‖[3, 0.5]‖_3 = (27.125)^(1/3); ‖·‖_inf: the largest |x|
  const n3 = [Math.cbrt(9), Math.cbrt(27.125)];
  assertClose(
    normalize(x, { p: 3 }),
    tensor([[1 / n3[0], -2 / n3[0]], [3 / n3[1], 0.5 / n3[1]]], { dtype: "float64" }),
  );
  assertClose(
    normalize(x, { p: Infinity }),
    tensor([[0.5, -1], [1, 0.5 / 3]], { dtype: "float64" }),
  );
});
