import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import { huberLoss, smoothL1Loss } from "@descent/losses";
import { full, type Tensor, tensor } from "@descent/tensor";

Deno.test("huberLoss, smoothL1Loss under createGraph: PyTorch's values at ±∞ and NaN, and its double backward", () => {
  // PyTorch 2.13: x = [-inf, nan, 0.5, 3, -2], y = 0, reduction "none", grad_output 1.5,
  // g = grad(loss, x, create_graph=True); grad(g.sum(), x)
  const cases: [(x: Tensor, y: Tensor) => Tensor, number[], number[]][] = [
    [
      (x, y) => huberLoss(x, y, { reduction: "none", delta: 2 }),
      [-3, NaN, 0.75, 3, -3],
      [0, 0, 1.5, 0, 0],
    ],
    [
      (x, y) => smoothL1Loss(x, y, { reduction: "none", beta: 2 }),
      [-1.5, NaN, 0.375, 1.5, -1.5],
      [0, 0, 0.75, 0, 0],
    ],
  ];
  for (const [f, first, second] of cases) {
    const x = tensor([-Infinity, NaN, 0.5, 3, -2], { dtype: "float64", requiresGrad: true });
    const loss = f(x, tensor([0, 0, 0, 0, 0], { dtype: "float64" }));
    const [g] = grad([loss], [x], {
      gradOutputs: [full([5], 1.5, { dtype: "float64" })],
      createGraph: true,
    });
    assert.deepEqual(g!.detach().toList(), first);
    const [gg] = grad([g!.sum()], [x]);
    assert.deepEqual(gg!.toList(), second);
  }
});

Deno.test("huberLoss has the input's dtype with a target of the other float dtype (PyTorch 2.13)", () => {
  const x32 = tensor([0.5, 3], { dtype: "float32" });
  const y64 = tensor([0, 0], { dtype: "float64" });
  for (const reduction of ["none", "sum", "mean"] as const) {
    assert.equal(huberLoss(x32, y64, { reduction }).dtype, "float32");
    assert.equal(huberLoss(y64, x32, { reduction }).dtype, "float64");
    // the other pointwise losses promote
    assert.equal(smoothL1Loss(x32, y64, { reduction }).dtype, "float64");
  }
});
