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
