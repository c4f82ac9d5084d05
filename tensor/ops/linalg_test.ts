import assert from "node:assert/strict";
import { bmm, gradcheck, manualSeed, matmul, randn, type Tensor, tensor } from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("matmul in every rank combination: shapes, names, gradcheck", () => {
  manualSeed(6);
  const cases: [number[], number[], number[], string][] = [
    [[3], [3], [], "DotBackward0"],
    [[2, 3], [3], [2], "MvBackward0"],
    [[3], [3, 4], [4], "SqueezeBackward4"], // 2.x: squeeze_(0) (1.13: SqueezeBackward3)
    [[2, 3], [3, 4], [2, 4], "MmBackward0"],
    [[5, 2, 3], [3, 4], [5, 2, 4], "UnsafeViewBackward0"],
    [[5, 2, 3], [3], [5, 2], "UnsafeViewBackward0"],
    [[2, 3], [5, 3, 4], [5, 2, 4], "CloneBackward0"], // 2.x should_fold: mm, mT, contiguous
    [[3], [5, 3, 4], [5, 4], "UnsafeViewBackward0"],
    [[5, 2, 3], [5, 3, 4], [5, 2, 4], "UnsafeViewBackward0"],
    [[2, 1, 2, 3], [4, 3, 2], [2, 4, 2, 2], "UnsafeViewBackward0"],
  ];
  for (const [sa, sb, so, name] of cases) {
    const a = randn(sa, f64);
    const b = randn(sb, f64);
    const out = matmul(a, b);
    assert.deepEqual(out.shape, so, `${sa} @ ${sb}`);
    assert.equal(out.gradFn!.name(), name, `${sa} @ ${sb}`);
    assert.ok(gradcheck(matmul, [a, b]), `${sa} @ ${sb}`);
  }
});

Deno.test("matmul values, transposed operands without copies", () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float32" });
  const b = tensor([[1, 0], [0, 1], [1, 1]], { dtype: "float32" });
  assert.deepEqual(a.matmul(b).toList(), [[4, 5], [10, 11]]);
  assert.deepEqual(a.t().t().matmul(b.t().t()).toList(), [[4, 5], [10, 11]]);
  assert.deepEqual(b.t().matmul(a.t()).toList(), [[4, 10], [5, 11]]);
  manualSeed(7);
  const x = randn([4, 5], f64);
  const y = randn([6, 5], f64);
  assert.ok(gradcheck((p: Tensor, q: Tensor) => p.mm(q.t()), [x, y]));
  assert.ok(gradcheck((p: Tensor, q: Tensor) => bmm(p.unsqueeze(0), q.t().unsqueeze(0)), [x, y]));
});

Deno.test("matmul errors in PyTorch's words", () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float32" });
  assert.throws(() => a.matmul(a), {
    name: "RangeError",
    message: "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)",
  });
  assert.throws(() => a.mm(tensor([1, 2, 3], { dtype: "float32" })), /mat2 must be a matrix/);
  assert.throws(
    () => tensor([1, 2], { dtype: "float32" }).dot(tensor([1, 2, 3], { dtype: "float32" })),
    /inconsistent tensor size/,
  );
  assert.throws(() => matmul(tensor(1, { dtype: "float32" }), a), /at least 1D/);
  assert.throws(() => a.mm(tensor([[1], [2], [3]], { dtype: "float64" })), /same dtype/);
});

Deno.test("matmul: folding a batch over an empty inner dim (k = 0) gives zeros, as PyTorch 2.13", () => {
  // torch.matmul(torch.randn(3, 3, 0), torch.randn(0, 3)) is zeros [3, 3, 3] (UnsafeViewBackward0
  // when it requires grad); descent's fold reshaped to [-1, 0], which cannot infer -1
  const cases: [number[], number[], number[], string][] = [
    [[3, 3, 0], [0, 3], [3, 3, 3], "UnsafeViewBackward0"],
    [[3, 3, 0], [0], [3, 3], "UnsafeViewBackward0"],
    [[2, 0], [3, 0, 4], [3, 2, 4], "CloneBackward0"],
  ];
  for (const [sa, sb, so, name] of cases) {
    const a = randn(sa, { requiresGrad: true });
    const b = randn(sb, { requiresGrad: true });
    const r = matmul(a, b);
    assert.deepEqual(r.shape, so);
    assert.equal(r.gradFn?.name(), name);
    assert.ok((r.detach().toTypedArray() as Float32Array).every((v) => v === 0));
    r.sum().backward();
    assert.deepEqual([a.grad!.shape, b.grad!.shape], [sa, sb]);
  }
});

Deno.test("matmul: a 1-d operand that requires grad folds a batched right operand into one mv (PyTorch 2.13)", () => {
  // torch.matmul(a [3] requiring grad, b [1, 2, 3, 2]): UnsafeViewBackward0 over MvBackward0, and
  // a size mismatch in mv's words
  const a = randn([3], f64);
  const b = randn([1, 2, 3, 2], f64);
  const r = matmul(a, b);
  assert.deepEqual(r.shape, [1, 2, 2]);
  assert.equal(r.gradFn?.name(), "UnsafeViewBackward0");
  assert.equal(r.gradFn?.nextFunctions[0][0]?.name(), "MvBackward0");
  assert.ok(gradcheck((x, y) => matmul(x, y), [a, b]));
  assert.throws(() => matmul(randn([4], f64), randn([1, 1, 3, 2], f64)), {
    name: "RangeError",
    message: "size mismatch, got input (2), mat (2x3), vec (4)",
  });
});
