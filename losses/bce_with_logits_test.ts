import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import { binaryCrossEntropyWithLogits } from "@descent/losses";
import { ones, tensor } from "@descent/tensor";

Deno.test("binaryCrossEntropyWithLogits: the target's gradient under createGraph is finite to differentiate at ±∞", () => {
  // PyTorch 2.13: x = [inf, -inf, 0.5], y = [0, 1, 0.3], pos_weight [2], reduction "none":
  // gy = grad(loss, y, ones, create_graph=True) = [-inf, inf, -0.0259…]; grad(gy.sum(), x)
  const o = { dtype: "float64" as const, requiresGrad: true };
  const x = tensor([Infinity, -Infinity, 0.5], o);
  const y = tensor([0, 1, 0.3], o);
  const posWeight = tensor([2], { dtype: "float64" });
  const loss = binaryCrossEntropyWithLogits(x, y, { reduction: "none", posWeight });
  const [gy] = grad([loss], [y], {
    gradOutputs: [ones([3], { dtype: "float64" })],
    createGraph: true,
  });
  const v = gy!.detach().toList() as number[];
  assert.deepEqual(v.slice(0, 2), [-Infinity, Infinity]);
  assert.ok(Math.abs(v[2] + 0.025923015819893314) < 1e-15);
  const gg = grad([gy!.sum()], [x])[0]!.toList() as number[];
  assert.deepEqual(gg.slice(0, 2), [-1, -2]);
  assert.ok(Math.abs(gg[2] + 1.3775406687981455) < 1e-14);
});

Deno.test("binaryCrossEntropyWithLogits: the result has the target's dtype, as PyTorch 2.13's", () => {
  // PyTorch computes in place on 1 - target: float64 logits, float32 target → a float32 loss
  const x64 = tensor([0.5, -1], { dtype: "float64", requiresGrad: true });
  const y32 = tensor([1, 0], { dtype: "float32" });
  for (const reduction of ["none", "sum", "mean"] as const) {
    assert.equal(binaryCrossEntropyWithLogits(x64, y32, { reduction }).dtype, "float32");
    assert.equal(
      binaryCrossEntropyWithLogits(x64.float(), y32.double(), { reduction }).dtype,
      "float64",
    );
  }
});
