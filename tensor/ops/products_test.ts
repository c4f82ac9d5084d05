import assert from "node:assert/strict";
import {
  gradcheck,
  gradgradcheck,
  kron,
  manualSeed,
  outer,
  randn,
  type Tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("outer and kron: gradcheck and gradgradcheck", () => {
  manualSeed(7);
  const cases: [(a: Tensor, b: Tensor) => Tensor, number[], number[]][] = [
    [outer, [3], [2]],
    [kron, [2, 3], [2, 2]],
    [kron, [2], [3, 2]],
    [kron, [], [3]],
    [(a, b) => kron(a.t(), b), [3, 2], [2]],
  ];
  for (const [f, sa, sb] of cases) {
    const inputs = [randn(sa, f64), randn(sb, f64)];
    assert.ok(gradcheck(f, inputs), String(f));
    assert.ok(gradgradcheck(f, inputs), String(f));
  }
});

Deno.test("kron of a non-contiguous operand equals kron of its copy", () => {
  // PyTorch 2.x fails here (the product keeps the operand's layout, which it then cannot view)
  const a = randn([3, 2], f64).t();
  const b = randn([2, 2], f64);
  assert.deepEqual(kron(a, b).toList(), kron(a.contiguous(), b).toList());
  assert.equal(kron(a, b).gradFn!.name(), "UnsafeViewBackward0");
});
