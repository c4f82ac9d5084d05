import assert from "node:assert/strict";
import {
  arange,
  diag,
  diagEmbed,
  diagonal,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  type Tensor,
  trace,
  tril,
  triu,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("diagonals and triangles: gradcheck and gradgradcheck", () => {
  manualSeed(4);
  const m = randn([3, 4], f64);
  const b = randn([2, 3, 4], f64);
  const v = randn([3], f64);
  const cases: [(t: Tensor) => Tensor, Tensor][] = [
    [(t) => diagonal(t, 1), m],
    [(t) => t.diagonal(-1, 2, 0), b],
    [(t) => t.transpose(0, 2).diagonal(0, 0, 1), b],
    [(t) => diagEmbed(t, 1), b],
    [(t) => t.diagEmbed(-2, 0, 2), m],
    [(t) => diag(t, -1), v],
    [(t) => t.diag(2), m],
    [(t) => t.t().diag(), m],
    [(t) => trace(t), m],
    [(t) => t.t().trace(), m],
    [(t) => tril(t, -1), b],
    [(t) => triu(t, 2), b],
    [(t) => t.transpose(1, 2).tril(), b],
  ];
  for (const [f, x] of cases) {
    assert.ok(gradcheck(f, [x]), String(f));
    assert.ok(gradgradcheck(f, [x]), String(f));
  }
});

Deno.test("diagonal is a view: writes go through, and it shares the version counter", () => {
  const x = arange(9).reshape(3, 3);
  const d = x.diagonal(1);
  assert.equal(d._data, x._data);
  d.mul_(-1);
  assert.deepEqual(x.toList(), [[0, -1, 2], [3, 4, -5], [6, 7, 8]]);
  assert.equal(x.version, 1);
  // diag of a matrix is a copy (PyTorch 2.x: diagonal_copy)
  const c = x.diag();
  c.add_(100);
  assert.deepEqual(x.diagonal().toList(), [0, 4, 8]);
});

Deno.test("trace's gradient is the identity, also for non-square matrices", () => {
  const x = randn([4, 2], f64);
  trace(x).backward();
  assert.deepEqual(x.grad!.toList(), [[1, 0], [0, 1], [0, 0], [0, 0]]);
});
