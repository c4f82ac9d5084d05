import assert from "node:assert/strict";
import {
  einsum,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

/**
 * einsum by definition, for equations with letters only and an explicit output: every
 * assignment of values to the labels, the product of the operands' elements, summed into the
 * output element the assignment names.
 */
function naive(equation: string, ops: Tensor[]): { shape: number[]; values: number[] } {
  const [lhs, rhs] = equation.split("->");
  const terms = lhs.split(",");
  const size = new Map<string, number>();
  terms.forEach((t, k) => [...t].forEach((c, d) => size.set(c, ops[k].shape[d])));
  const labels = [...size.keys()];
  const shape = [...rhs].map((c) => size.get(c)!);
  const values = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  const data = ops.map((t) => t.contiguous().toTypedArray());
  const at = new Map<string, number>();
  const visit = (i: number): void => {
    if (i === labels.length) {
      let p = 1;
      terms.forEach((t, k) => {
        let flat = 0;
        [...t].forEach((c, d) => (flat = flat * ops[k].shape[d] + at.get(c)!));
        p *= data[k][flat];
      });
      let o = 0;
      [...rhs].forEach((c, d) => (o = o * shape[d] + at.get(c)!));
      values[o] += p;
      return;
    }
    for (let v = 0; v < size.get(labels[i])!; v++) {
      at.set(labels[i], v);
      visit(i + 1);
    }
  };
  visit(0);
  return { shape, values };
}

const EQUATIONS: [string, number[][]][] = [
  ["ij,jk->ik", [[2, 3], [3, 4]]],
  ["ij,jk->ki", [[2, 3], [3, 4]]],
  ["ii->i", [[3, 3]]],
  ["ii->", [[3, 3]]],
  ["iij->j", [[2, 2, 3]]],
  ["ij->", [[2, 3]]],
  ["i,j->ij", [[3], [2]]],
  ["i,i->", [[4], [4]]],
  ["bij,bjk->bik", [[2, 3, 4], [2, 4, 2]]],
  ["bij,bkj->bki", [[2, 3, 4], [2, 2, 4]]],
  ["ijk,jkl->il", [[2, 3, 4], [3, 4, 2]]],
  ["ij,jk,kl->il", [[2, 3], [3, 4], [4, 2]]],
  ["ab,ab,ab->a", [[2, 3], [2, 3], [2, 3]]],
  ["bn,anm,bm->ba", [[2, 3], [4, 3, 2], [2, 2]]],
  ["ijk,kji->", [[2, 3, 2], [2, 3, 2]]],
  ["iaj,ajb->ib", [[2, 3, 2], [3, 2, 4]]],
];

Deno.test("einsum equals the sum of products its definition names", () => {
  manualSeed(8);
  for (const [equation, shapes] of EQUATIONS) {
    const ops = shapes.map((s) => randn(s, { dtype: "float64" }));
    const got = einsum(equation, ops);
    const want = naive(equation, ops);
    assert.deepEqual(got.shape, want.shape, equation);
    const v = got.contiguous().toTypedArray();
    want.values.forEach((w, k) => assert.ok(Math.abs(v[k] - w) < 1e-12, `${equation}: ${k}`));
  }
});

Deno.test("einsum: gradcheck and gradgradcheck, broadcasting included", () => {
  manualSeed(9);
  const cases: [string, number[][]][] = [
    ...EQUATIONS.slice(0, 12),
    ["...ij,...jk", [[2, 3, 4], [4, 2]]],
    ["b...,b...->b", [[2, 3], [2, 1, 3]]],
    ["ij,jk", [[2, 1], [3, 4]]],
    [",i->i", [[], [3]]],
  ];
  for (const [equation, shapes] of cases) {
    const ops = shapes.map((s) => randn(s, f64));
    const f = (...xs: Tensor[]) => einsum(equation, ...xs);
    assert.ok(gradcheck(f, ops), equation);
    assert.ok(gradgradcheck(f, ops), equation);
  }
});

Deno.test("einsum contracts through bmm (the matmul kernel), not per-element loops", () => {
  const a = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
  const nodes: string[] = [];
  let node = einsum("ij,jk->ik", a, a).gradFn;
  while (node !== null) {
    nodes.push(node.name());
    node = node.nextFunctions.find(([n]) => n !== null && n.name() !== "AccumulateGrad")?.[0] ??
      null;
  }
  assert.ok(nodes.includes("BmmBackward0"), nodes.join(" "));
});

Deno.test("einsum: an implicit output orders labels upper case first, then lower", () => {
  const x = randn([2, 3]);
  assert.deepEqual(einsum("bA", x).shape, [3, 2]);
  assert.deepEqual(einsum("b...A", randn([2, 4, 3])).shape, [4, 3, 2]);
});
