import assert from "node:assert/strict";
import { AutogradFunction, type FunctionCtx, grad, noGrad } from "@descent/autograd";
import {
  floatTensor,
  gradcheck,
  gradgradcheck,
  manualSeed,
  ones,
  randn,
  slice,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("an in-place op on a view puts its base into the graph (issue 9, item 7)", () => {
  const buf = zeros([3, 2]);
  const s = floatTensor([1, 2]).requiresGrad_();
  buf.select(0, 1).copy_(s);
  assert.equal(buf.gradFn!.name(), "CopySlices");
  assert.ok(buf.requiresGrad && !buf.isLeaf);
  buf.sum(0).mul(floatTensor([5, 7])).sum().backward();
  assert.equal(String(s.grad), "tensor([5., 7.])");
});

Deno.test("in place on a view of a non-leaf: CopySlices on the base, AsStridedBackward0 on the view", () => {
  manualSeed(50);
  const a = randn([3, 2], f64);
  const x = a.clone();
  const before = x.index(2); // a view made before the op: its node is made again too
  const y = x.narrow(0, 0, 2).mul_(2);
  assert.equal(y.gradFn!.name(), "AsStridedBackward0");
  assert.equal(y.gradFn!.nextFunctions[0][0], x.gradFn);
  assert.equal(x.gradFn!.name(), "CopySlices");
  assert.deepEqual(x.gradFn!.nextFunctions.map(([n]) => n?.name() ?? null), [
    "CloneBackward0",
    null,
  ]);
  assert.equal(before.gradFn!.name(), "AsStridedBackward0");
  const [g] = grad(x.mul(x).sum(), [a]);
  const av = a.detach().toList() as number[][];
  // rows 0 and 1 doubled: d/da (2a)² = 8a; row 2: 2a
  assert.deepEqual(g!.toList(), av.map((r, i) => r.map((v) => (i < 2 ? 8 : 2) * v)));
});

Deno.test("views of views, several ops, and expanded views are rebased on their root base", () => {
  const a = ones([4, 3], { dtype: "float64", requiresGrad: true });
  const x = a.mul(1);
  const u = x.index(slice(1, null));
  const b = u.index(0);
  b.mul_(3);
  b.add_(1);
  assert.deepEqual([x.gradFn!.name(), u.gradFn!.name(), b.gradFn!.name()], [
    "CopySlices",
    "AsStridedBackward0",
    "AsStridedBackward0",
  ]);
  assert.equal(x.gradFn!.nextFunctions[0][0]!.name(), "CopySlices"); // the second op wraps the first
  const e = x.expand(2, 4, 3);
  x.mul_(2);
  const [g] = grad(e.sum(), [a]);
  assert.deepEqual(g!.toList(), [[4, 4, 4], [12, 12, 12], [4, 4, 4], [4, 4, 4]]);
});

Deno.test("gradcheck and gradgradcheck through CopySlices chains", () => {
  manualSeed(51);
  const a = randn([3, 4], f64);
  const s = randn([4], f64);
  const chains: ((t: Tensor, v: Tensor) => Tensor)[] = [
    (t, v) => {
      const c = t.mul(t);
      c.index(1).copy_(v);
      return c;
    },
    (t, v) => {
      const c = t.clone();
      c.index(slice(null, null, 2)).mul_(v);
      c.index(slice(), 0).fill_(2);
      return c.mul(c);
    },
    (t, v) => {
      const c = t.mul(2);
      c.index(0, slice(1, 3)).div_(v.index(slice(2)).add(3));
      c.index(null).index(0, 2).add_(v.mul(v), { alpha: 0.5 });
      return c.pow(2);
    },
  ];
  for (const f of chains) {
    assert.ok(gradcheck(f, [a, s]));
    assert.ok(gradgradcheck(f, [a, s]));
  }
});

Deno.test("views that may not be changed in place: PyTorch's errors", () => {
  const leaf = ones([2, 3], { requiresGrad: true });
  assert.throws(() => leaf.index(0).mul_(2), {
    message: "a view of a leaf Variable that requires grad is being used in an in-place operation.",
  });
  const [p] = ones([4], { requiresGrad: true }).mul(1).split(2);
  assert.throws(
    () => p.mul_(2),
    /^Error: Output 0 of Split is a view and is being modified inplace/,
  );
  const buf = zeros([3]);
  const v = noGrad(() => buf.index(slice(0, 2)));
  assert.throws(
    () => v.copy_(ones([2], { requiresGrad: true })),
    /^Error: A view was created in noGrad mode and is being modified inplace with grad mode enabled/,
  );
  // unrecorded changes are allowed (no grad to record)
  noGrad(() => v.fill_(1));
  p.detach().fill_(0);
  assert.deepEqual(buf.toList(), [1, 1, 0]);
  class Id extends AutogradFunction {
    static override forward(_ctx: FunctionCtx, t: Tensor): Tensor {
      return t;
    }
    static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
      return g;
    }
  }
  assert.throws(
    () => Id.apply(ones([3], { requiresGrad: true })).mul_(2),
    /^Error: Output 0 of Id is a view and is being modified inplace\. This view was created inside a custom Function/,
  );
});

Deno.test("a failed in-place op on a view changes neither the view, its base nor the graph", () => {
  const x = ones([3, 4], { requiresGrad: true }).mul(1);
  const v = x.index(1);
  const before = [x.version, x.gradFn, String(x)];
  assert.throws(() => v.mul_(ones([5])), /must match the size of tensor b \(5\)/);
  assert.throws(() => v.indexPut_([tensor([0, 9])], 1), /out of bounds/);
  assert.deepEqual([x.version, x.gradFn, String(x)], before);
  assert.equal(v.gradFn!.name(), "SelectBackward0");
});

Deno.test("a view that retains its grad keeps it when its node is made again", () => {
  const a = ones([2, 3], { dtype: "float64", requiresGrad: true });
  const x = a.mul(1);
  const v = x.index(0);
  v.retainGrad();
  v.mul_(2);
  v.mul(3).sum().backward(); // as PyTorch 2.13
  assert.ok(v.retainsGrad);
  assert.deepEqual(v.grad!.toList(), [3, 3, 3]);
  assert.deepEqual(a.grad!.toList(), [[6, 6, 6], [0, 0, 0]]);
});
