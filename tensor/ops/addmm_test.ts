import assert from "node:assert/strict";
import {
  addmm,
  addmv,
  baddbmm,
  gradcheck,
  gradgradcheck,
  manualSeed,
  type Tensor,
  tensor,
} from "@descent/tensor";
import { f64, leaf } from "./testdata/inputs.ts";

Deno.test("addmm, addmv, baddbmm: gradcheck and gradgradcheck with broadcast inputs, beta and alpha", () => {
  manualSeed(13);
  const o = { beta: 0.5, alpha: -1.5 };
  const cases: [(...t: Tensor[]) => Tensor, Tensor[]][] = [
    [(x, a, b) => addmm(x, a, b), [leaf([3]), leaf([2, 4]), leaf([4, 3])]],
    [(x, a, b) => addmm(x, a, b, o), [leaf([2, 1]), leaf([2, 4]), leaf([4, 3])]],
    [(x, a, b) => x.addmm(a.t(), b, o), [leaf([]), leaf([4, 2]), leaf([4, 3])]],
    [(x, a, v) => addmv(x, a, v, o), [leaf([1]), leaf([3, 4]), leaf([4])]],
    [(x, a, v) => x.addmv(a, v), [leaf([3]), leaf([3, 4]), leaf([4])]],
    [(x, a, b) => baddbmm(x, a, b, o), [leaf([1, 2, 1]), leaf([3, 2, 4]), leaf([3, 4, 2])]],
    [(x, a, b) => x.baddbmm(a, b.transpose(1, 2)), [leaf([2]), leaf([3, 2, 4]), leaf([3, 2, 4])]],
  ];
  for (const [fn, inputs] of cases) {
    assert.ok(gradcheck(fn, inputs));
    assert.ok(gradgradcheck(fn, inputs));
  }
});

Deno.test("addmm: values, names, beta = 0 ignores NaN and infinities in the input", () => {
  const a = f64([[1, 2], [3, 4]], true);
  const b = f64([[0.5, 0], [0, 2]]);
  const y = addmm(f64([NaN, Infinity], true), a, b, { beta: 0, alpha: 2 });
  assert.deepEqual(y.toList(), [[1, 8], [3, 16]]);
  assert.equal(y.gradFn?.name(), "AddmmBackward0");
  const x = f64([NaN, Infinity], true);
  addmm(x, a, b, { beta: 0 }).sum().backward();
  assert.deepEqual(x.grad!.toList(), [0, 0]); // grad·0, summed over the broadcast rows
  assert.equal(addmv(f64([1]), b, f64([1, 1])).gradFn, null);
  assert.equal(
    baddbmm(f64([1]), a.unsqueeze(0), b.unsqueeze(0)).gradFn?.name(),
    "BaddbmmBackward0",
  );
});

Deno.test("addmm: errors in PyTorch's words change nothing", () => {
  const x = f64([1, 2], true);
  assert.throws(() => addmm(x, f64([[1, 2]]), f64([[1, 2]])), {
    name: "RangeError",
    message: "mat1 and mat2 shapes cannot be multiplied (1x2 and 1x2)",
  });
  assert.throws(() => addmv(x, f64([[1, 2]]), f64([1, 2, 3])), /size mismatch/);
  // PyTorch 2.13's message reads input.size(0): a 0-d input makes it fail in other words
  assert.throws(() => addmv(f64([1]).reshape([]), f64([[1], [2], [3]]), f64([1, 2])), {
    name: "RangeError",
    message: "Dimension specified as 0 but tensor has no dimensions",
  });
  assert.throws(
    () => addmm(x, f64([[1]]), f64([[1]]), { beta: "2" as unknown as number }),
    TypeError,
  );
  assert.equal(x.grad, null);
  assert.equal(x.version, 0);
});

Deno.test("addmm, addmv: alpha 0 leaves the product out (BLAS, as PyTorch); zeros times ∞ are NaN otherwise", () => {
  const o = { dtype: "float64" as const };
  const inf = tensor([[Infinity, NaN]], o);
  // PyTorch 2.13: torch.addmm(c, a, b, alpha=0) is beta·c whatever a and b hold
  assert.deepEqual(addmm(tensor([1, 2], o), tensor([[1]], o), inf, { alpha: 0 }).toList(), [[
    1,
    2,
  ]]);
  assert.deepEqual(
    addmm(tensor([1, 2], o), tensor([[1]], o), inf, { alpha: 0, beta: 0 }).toList(),
    [[0, 0]],
  );
  assert.deepEqual(addmv(tensor([3], o), inf, tensor([1, 1], o), { alpha: 0 }).toList(), [3]);
  assert.deepEqual(
    addmv(tensor(3, o), inf, tensor([1, 1], o), { alpha: 0, beta: -1 }).toList(),
    [-3],
  );
  // alpha ≠ 0: 0 · ∞ is NaN (torch.addmm(c, zeros, inf) is NaN)
  const r = addmm(tensor([1, 2], o), tensor([[0]], o), tensor([[Infinity, 1]], o));
  assert.ok(Number.isNaN((r.toList() as number[][])[0][0]));
  assert.equal((r.toList() as number[][])[0][1], 2);
  assert.ok(Number.isNaN(addmv(tensor([1], o), tensor([[0, 1]], o), tensor([NaN, 1], o)).item()));
});
