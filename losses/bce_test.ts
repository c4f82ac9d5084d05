import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from "@descent/losses";
import { full, type Tensor, tensor } from "@descent/tensor";

function near(t: Tensor | number, want: number[]): void {
  const got = typeof t === "number" ? [t] : Array.from(t.detach().reshape([-1]).toTypedArray());
  got.forEach((v, i) =>
    assert.ok(Math.abs(v - want[i]) <= 1e-12 * Math.abs(want[i]), `${got} ≠ ${want}`)
  );
}

Deno.test("binaryCrossEntropy: second derivatives are PyTorch's double backward, finite at 0 and 1", () => {
  // PyTorch 2.13: x = [0, 0.3, 1], y = [0.2, 0.5, 1], weight [1, 2, 3], grad_output 1.5;
  // gx = grad(loss, x, go, create_graph=True) (BinaryCrossEntropyBackwardBackward0), then
  // grad(gx.sum(), [x, y, go])
  const o = { dtype: "float64" as const, requiresGrad: true };
  for (const reduction of ["sum", "none"] as const) {
    const x = tensor([0, 0.3, 1], o);
    const y = tensor([0.2, 0.5, 1], o);
    const weight = tensor([1, 2, 3], { dtype: "float64" });
    const go = full(reduction === "sum" ? [] : [3], 1.5, o);
    const loss = binaryCrossEntropy(x, y, { reduction, weight });
    const [gx] = grad([loss], [x], { gradOutputs: [go], createGraph: true });
    assert.equal(gx!.gradFn?.name(), "BinaryCrossEntropyBackwardBackward0");
    near(gx!, [-300000001198.7409, -2.8571428571428577, 0]);
    const [ggx, ggy, ggo] = grad([gx!.sum()], [x, y, go]);
    near(ggx!, [2.999999999994e23, 19.72789115627471, 0]);
    near(ggy!, [-1500000000000, -14.285714285714286, -4500000000000]);
    near(
      ggo!,
      reduction === "sum" ? [-200000000001.70477] : [-199999999999.80002, -1.9047619047528348, 0],
    );
  }
});

Deno.test("binaryCrossEntropy: float32 and float64 operands do not mix (PyTorch 2.13's words)", () => {
  const x32 = tensor([0.5, 0.25], { dtype: "float32" });
  const x64 = tensor([0.5, 0.25], { dtype: "float64" });
  assert.throws(
    () => binaryCrossEntropy(x32, x64),
    /^TypeError: Found dtype Double but expected Float$/,
  );
  assert.throws(
    () => binaryCrossEntropy(x64, x32),
    /^TypeError: Found dtype Float but expected Double$/,
  );
});

Deno.test("binaryCrossEntropy and ...WithLogits: weights that do not fit, in PyTorch 2.13's words", () => {
  const x = tensor([[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]);
  const w = (shape: number[]) => full(shape, 1, { dtype: "float32" });
  const cases: [number[], string, string, string][] = [
    [
      [5],
      "Attempting to broadcast a dimension of length 5 at -1! Mismatching argument at index 1 had torch.Size([5]); but expected shape should be broadcastable to [2, 3]",
      "The size of tensor a (3) must match the size of tensor b (5) at non-singleton dimension 1",
      "The size of tensor a (5) must match the size of tensor b (3) at non-singleton dimension 1",
    ],
    [
      [2, 1, 3],
      "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]",
      "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]",
      "output with shape [2, 3] doesn't match the broadcast shape [2, 2, 3]",
    ],
  ];
  for (const [shape, bce, weight, posWeight] of cases) {
    assert.throws(() => binaryCrossEntropy(x, x, { weight: w(shape) }), {
      name: "RangeError",
      message: bce,
    });
    assert.throws(() => binaryCrossEntropyWithLogits(x, x, { weight: w(shape) }), {
      name: "RangeError",
      message: weight,
    });
    assert.throws(() => binaryCrossEntropyWithLogits(x, x, { posWeight: w(shape) }), {
      name: "RangeError",
      message: posWeight,
    });
  }
});
