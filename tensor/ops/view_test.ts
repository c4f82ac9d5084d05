import assert from "node:assert/strict";
import {
  arange,
  gradcheck,
  manualSeed,
  ones,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("views share storage and the version counter", () => {
  const x = arange(6).reshape(2, 3);
  const views = [
    x.view(3, 2),
    x.reshape([6]),
    x.t(),
    x.transpose(0, 1),
    x.permute(1, 0),
    x.unsqueeze(0),
    x.unsqueeze(0).squeeze(),
    x.flatten(),
    x.detach(),
    x.expand(2, 3),
  ];
  for (const v of views) assert.equal(v._data, x._data);
  x.t().mul_(2); // in-place through a view
  assert.deepEqual(x.toList(), [[0, 2, 4], [6, 8, 10]]);
  assert.equal(x.version, 1);
  assert.equal(x.view(6).version, 1);
});

Deno.test("view needs compatible strides; reshape copies when it must", () => {
  const x = arange(6).reshape(2, 3);
  assert.throws(() => x.t().view(6), {
    name: "RangeError",
    message: /view size is not compatible/,
  });
  const r = x.t().reshape(6);
  assert.notEqual(r._data, x._data);
  assert.deepEqual(r.toList(), [0, 3, 1, 4, 2, 5]);
  assert.deepEqual(x.reshape(-1, 2).shape, [3, 2]);
  assert.throws(() => x.reshape(4, -1), /shape '\[4, -1\]' is invalid for input of size 6/);
  assert.throws(() => x.view(-1, -1), /only one dimension can be inferred/);
});

Deno.test("view ops: names and gradcheck", () => {
  manualSeed(8);
  const x = randn([2, 3, 1], f64);
  const cases: [(t: Tensor) => Tensor, string][] = [
    [(t) => t.view(3, 2), "ViewBackward0"],
    [(t) => t.reshape(6), "ViewBackward0"],
    [(t) => t.transpose(0, 1).reshape(6), "UnsafeViewBackward0"],
    [(t) => t.transpose(0, 2), "TransposeBackward0"],
    [(t) => t.squeeze().t(), "TBackward0"],
    [(t) => t.permute(2, 0, 1), "PermuteBackward0"],
    [(t) => t.expand(4, 2, 3, 5), "ExpandBackward0"],
    [(t) => t.squeeze(), "SqueezeBackward0"],
    [(t) => t.squeeze(-1), "SqueezeBackward1"],
    [(t) => t.unsqueeze(1), "UnsqueezeBackward0"],
    [(t) => t.flatten(), "ViewBackward0"],
    [(t) => t.clone(), "CloneBackward0"],
    [(t) => t.transpose(0, 1).contiguous(), "CloneBackward0"],
  ];
  for (const [fn, name] of cases) {
    assert.equal(fn(x).gradFn!.name(), name, String(fn));
    assert.ok(gradcheck(fn, [x]), String(fn));
  }
  assert.equal(x.contiguous(), x);
  assert.equal(x.flatten(1, 1), x);
});

Deno.test("expand and permute errors", () => {
  const x = zeros([2, 3]);
  assert.throws(() => x.expand(2, 4), {
    message:
      "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [2, 3]",
  });
  assert.throws(() => x.expand(3), /must be greater or equal to the number of dimensions/);
  assert.throws(() => x.permute(0, 0), /duplicate dims/);
  assert.throws(() => x.permute(0), /does not match the length/);
  assert.throws(
    () => zeros([2, 2, 2]).t(),
    /t\(\) expects a tensor with <= 2 dimensions, but self is 3D/,
  );
  assert.throws(() => x.unsqueeze(3), /Dimension out of range/);
});

Deno.test("detach shares data and version but not the graph", () => {
  const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const y = x.exp();
  const d = y.detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.isLeaf, true);
  d.zero_();
  assert.equal(String(y), "tensor([0., 0., 0.], grad_fn=<ExpBackward0>)");
  assert.throws(
    () => y.sum().backward(),
    /output 0 of ExpBackward0, is at version 1; expected version 0/,
  );
});

Deno.test("detach_ on a view is refused; on a result it makes a leaf", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.throws(() => x.mul(2).view(2).detach_(), /Can't detach views in-place/);
  const y = x.mul(2);
  y.detach_();
  assert.equal(y.isLeaf, true);
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
});

Deno.test(".data aliases the values without version tracking (PyTorch's footgun, reproduced)", () => {
  const t = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const y = t.exp();
  y.data.add_(1); // no error, no version bump
  assert.equal(y.version, 0);
  assert.equal(t.data.requiresGrad, false);
  y.sum().backward(); // silently uses the changed values, as PyTorch does
  assert.deepEqual(t.grad!.toList(), y.toList());
});

Deno.test("view, reshape and expand check their sizes in PyTorch's words", () => {
  const typeError = (op: string, arg: string, pos: number) => ({
    name: "TypeError",
    message:
      `${op}(): argument '${arg}' (position 1) must be tuple of ints, but found element of type float at pos ${pos}`,
  });
  const x = arange(4);
  assert.throws(() => ones([2]).expand(NaN, 2), typeError("expand", "size", 0));
  assert.throws(() => ones([2]).expand(1.5, 3), typeError("expand", "size", 0));
  assert.throws(() => ones([1]).expand([2, Infinity]), typeError("expand", "size", 1));
  assert.throws(() => x.view(2, 1.5), typeError("view", "size", 1));
  assert.throws(() => x.reshape(NaN), typeError("reshape", "shape", 0));
  assert.throws(() => ones([1]).expand(-2), {
    name: "RangeError",
    message: "invalid shape dimension -2",
  });
  assert.throws(() => x.view(-2, 2), { name: "RangeError", message: "invalid shape dimension -2" });
  assert.throws(() => ones([2]).expand(-1, 2), {
    name: "RangeError",
    message:
      "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0",
  });
  assert.throws(() => zeros([0]).view(-1, 0), {
    name: "RangeError",
    message:
      "cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any value and is ambiguous",
  });
  assert.throws(() => x.view(-1, 0), {
    name: "RangeError",
    message: "shape '[-1, 0]' is invalid for input of size 4",
  });
  assert.deepEqual(ones([1, 2]).expand(3, -1).shape, [3, 2]);
  assert.deepEqual(zeros([0, 3]).view(-1, 3).shape, [0, 3]);
  assert.equal(
    String(ones([2]).expand(2, 2).contiguous()),
    "tensor([[1., 1.],\n        [1., 1.]])",
  );
});
