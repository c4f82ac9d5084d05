import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import { l1Loss, smoothL1Loss } from "@descent/losses";
import { fullLike, type Tensor, tensor } from "@descent/tensor";

const f64 = { dtype: "float64" as const, requiresGrad: true };

/** Signed zeros kept: `Object.is` per element. */
function same(t: Tensor, want: number[]): void {
  const got = Array.from(t.detach().toTypedArray());
  assert.ok(got.every((v, i) => Object.is(v, want[i])), `${got} ≠ ${want}`);
}

Deno.test("l1Loss: the gradient at a NaN difference is 0, as PyTorch's sgn (1.13 and 2.13)", () => {
  // PyTorch: F.l1_loss(x, y, reduction=r) for x = [nan, 1, 2], y = [0, nan, 1], grad_output -1.5
  // → x.grad [-0, -0, -1.5] (mean: [-0, -0, -0.5]), y.grad [0, 0, 1.5] (mean: [0, 0, 0.5]);
  // 2.x's smooth_l1_loss with beta=0 is l1_loss (x.grad [0, 0, 1] for sum and grad_output 1).
  for (const reduction of ["none", "sum", "mean"] as const) {
    for (const createGraph of [false, true]) {
      const x = tensor([NaN, 1, 2], f64);
      const y = tensor([0, NaN, 1], f64);
      const loss = l1Loss(x, y, { reduction });
      const [gx, gy] = grad([loss], [x, y], {
        gradOutputs: [fullLike(loss, -1.5)],
        createGraph,
      });
      const k = reduction === "mean" ? 1 / 3 : 1;
      same(gx!, [-0, -0, -1.5 * k]);
      same(gy!, [0, 0, 1.5 * k]);
    }
  }
  const x = tensor([NaN, 1, 2], f64);
  const [gx] = grad([smoothL1Loss(x, tensor([0, NaN, 1]), { beta: 0, reduction: "sum" })], [x]);
  same(gx!, [0, 0, 1]);
});
