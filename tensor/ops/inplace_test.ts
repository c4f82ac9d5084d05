import assert from "node:assert/strict";
import { noGrad } from "@descent/autograd";
import { gradcheck, manualSeed, pad, randn, type Tensor, tensor, zeros } from "@descent/tensor";

Deno.test("in-place ops compute, bump the version, keep the storage", () => {
  const x = tensor([1, 2, 3], { dtype: "float32" });
  const data = x._data;
  x.add_(1).sub_(tensor([1, 1, 1], { dtype: "float32" }), { alpha: 2 }).mul_(3).div_(
    tensor([1, 2, 4], { dtype: "float32" }),
  );
  assert.deepEqual(x.toList(), [0, 1.5, 1.5]);
  assert.equal(x.version, 4);
  assert.equal(x._data, data);
  x.fill_(7);
  assert.deepEqual(x.toList(), [7, 7, 7]);
  x.zero_();
  assert.deepEqual(x.toList(), [0, 0, 0]);
  x.copy_(tensor([5], { dtype: "float32" }));
  assert.deepEqual(x.toList(), [5, 5, 5]);
  x.add_(tensor([1, 2, 3], { dtype: "float32" }), { alpha: 10 });
  assert.deepEqual(x.toList(), [15, 25, 35]);
  assert.equal(x.version, 8);
  // through a non-contiguous view
  const m = tensor([[1, 2], [3, 4]], { dtype: "float32" });
  m.t().add_(tensor([10, 20], { dtype: "float32" }));
  assert.deepEqual(m.toList(), [[11, 12], [23, 24]]);
  // aliasing operand: a += a.t()
  m.add_(m.t());
  assert.deepEqual(m.toList(), [[22, 35], [35, 48]]);
});

Deno.test("in-place on a leaf that requires grad: refused with grad on, allowed in noGrad", () => {
  const w = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.throws(() => w.add_(1), {
    message: "a leaf Variable that requires grad is being used in an in-place operation.",
  });
  assert.throws(() => w.view(2).mul_(2), {
    message: "a view of a leaf Variable that requires grad is being used in an in-place operation.",
  });
  assert.deepEqual(w.toList(), [1, 2]);
  assert.equal(w.version, 0);
  noGrad(() => w.sub_(tensor([0.5, 0.5])));
  assert.deepEqual(w.toList(), [0.5, 1.5]);
  assert.equal(w.version, 1);
  assert.equal(w.requiresGrad, true);
});

Deno.test("in-place shape errors and overlapping writes change nothing", () => {
  const x = zeros([3]);
  assert.throws(() => x.add_(zeros([2, 3])), {
    name: "RangeError",
    message: "output with shape [3] doesn't match the broadcast shape [2, 3]",
  });
  assert.throws(
    () => zeros([1]).expand(3).add_(1),
    /more than one element of the written-to tensor/,
  );
  assert.equal(x.version, 0);
});

Deno.test("an empty tensor is writable: no element shares memory (PyTorch's strides)", () => {
  // PyTorch 2.13: torch.zeros(2, 0, 3).stride() == (3, 3, 1), torch.zeros(3, 0).stride() == (1, 1)
  assert.deepEqual(zeros([2, 0, 3]).stride(), [3, 3, 1]);
  assert.deepEqual(zeros([3, 0]).stride(), [1, 1]);
  assert.ok(zeros([3, 0]).isContiguous() && zeros([0, 3]).t().isContiguous()); // as PyTorch's
  const x = zeros([3, 0]);
  x.fill_(1).add_(1);
  const y = zeros([1, 0]).expand(4, 0); // stride 0 along a dim of size 4, but no element
  y.zero_();
  assert.deepEqual([x.version, y.version], [2, 1]);
});

Deno.test("in-place on a non-leaf rebases its history (y = t*2; y.add_(1))", () => {
  const t = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const y = t.mul(2);
  y.add_(1);
  assert.equal(y.gradFn!.name(), "AddBackward0");
  assert.equal(y.gradFn!.nextFunctions[0][0]!.name(), "MulBackward0");
  y.mul_(y.detach().clone());
  y.sum().backward();
  // y = (2t + 1)^2 with the second factor constant: grad = 2 * (2t + 1)
  assert.deepEqual(t.grad!.toList(), [6, 10, 14]);
});

Deno.test("in-place ops with a graph pass gradcheck", () => {
  manualSeed(9);
  const a = randn([2, 3], { dtype: "float64", requiresGrad: true });
  const b = randn([3], { dtype: "float64", requiresGrad: true });
  const fns: ((p: Tensor, q: Tensor) => Tensor)[] = [
    (p, q) => p.mul(1).add_(q, { alpha: 2 }),
    (p, q) => p.mul(1).sub_(q),
    (p, q) => p.mul(1).mul_(q),
    (p, q) => p.mul(1).div_(q.abs().add(1)),
    (p, q) => p.mul(1).copy_(q),
    (p, q) => zeros([2, 3], { dtype: "float64" }).add_(p).mul_(q),
    (p, q) => p.mul(1).fill_(3).add(q),
  ];
  for (const fn of fns) assert.ok(gradcheck(fn, [a, b]), String(fn));
});

Deno.test("a saved input changed in place names the tensor in PyTorch's words", () => {
  const t = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const w = tensor([1, 1, 1], { dtype: "float32" });
  const y = t.mul(w);
  w.mul_(2);
  assert.throws(() => y.sum().backward(), {
    message:
      "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
  });
  const s = tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true }).sigmoid();
  s.add_(1);
  assert.throws(
    () => s.sum().backward(),
    /\[torch.DoubleTensor \[2, 2\]\], which is output 0 of SigmoidBackward0, is at version 1; expected version 0 instead/,
  );
});

Deno.test("in-place ops with a number round it to float32 first, as the out-of-place op", () => {
  // 2^-24 + 2^-50: 1 + s rounds up to 1 + 2^-23 in float32, but s itself rounds to 2^-24 and
  // 1 + 2^-24 is a tie that rounds to 1. PyTorch casts the number to the tensor's dtype first.
  const s = 2 ** -24 + 2 ** -50;
  const x = tensor([1, 1], { dtype: "float32" });
  assert.deepEqual(x.add(s).toList(), [1, 1]);
  assert.deepEqual(x.clone().add_(s).toList(), x.add(s).toList());
  assert.deepEqual(x.clone().sub_(-s).toList(), x.sub(-s).toList());
  assert.deepEqual(x.clone().add_(s, { alpha: 3 }).toList(), x.add(s, { alpha: 3 }).toList());
  const y = tensor([3, 5], { dtype: "float32" });
  assert.deepEqual(y.clone().mul_(0.1).toList(), y.mul(0.1).toList());
  assert.deepEqual(y.clone().div_(0.1).toList(), y.div(0.1).toList());
  // float64 keeps the number as it is
  const z = tensor([1], { dtype: "float64" });
  assert.deepEqual(z.clone().add_(s).toList(), [1 + s]);
});

Deno.test("fill_ with a 0-d tensor (FillBackward3); copy_ into an integer tensor is not recorded", () => {
  // PyTorch 2.13: fill_(Tensor) passes the sum of the gradient to the value; a copy into an
  // int64 tensor does not require grad; fill_ with a number may write through an expanded view
  const x = zeros([3], { dtype: "float64", requiresGrad: true }).mul(1);
  const v = tensor(2, { dtype: "float64", requiresGrad: true });
  x.fill_(v);
  assert.deepEqual([x.gradFn!.name(), x.toList()], ["FillBackward3", [2, 2, 2]]);
  x.sum().backward();
  assert.equal(v.grad!.item(), 3);
  const n = zeros([2], { dtype: "int64" }).copy_(tensor([1.5, 2], { requiresGrad: true }));
  assert.deepEqual([n.requiresGrad, n.gradFn, n.toList()], [false, null, [1, 2]]);
  const [part] = zeros([2, 2], { dtype: "int64" }).split(1); // a view a copy_ need not record
  part.copy_(tensor([1, 2], { dtype: "float32", requiresGrad: true }));
  assert.deepEqual(part.toList(), [[1, 2]]);
  const e = zeros([1]).expand(3).fill_(4);
  assert.deepEqual(e.toList(), [4, 4, 4]);
});

Deno.test("a fill value beyond float32's range is refused, as PyTorch's checked_convert does", () => {
  // torch.zeros(2).fill_(1e300), .masked_fill(m, 1e300), F.pad(x, (1, 0), value=1e300): all raise
  const message = "value cannot be converted to type float without overflow";
  const x = zeros([2]);
  assert.throws(() => x.fill_(1e300), { name: "RangeError", message });
  assert.throws(() => x.maskedFill(tensor([true, false]), 1e300), { name: "RangeError", message });
  assert.throws(() => pad(x, [1, 0], { value: -1e300 }), { name: "RangeError", message });
  assert.equal(String(x), "tensor([0., 0.])");
  assert.equal(x.version, 0);
  // infinities and NaN fit a float32; a uint8 takes an integer down to -255 but no float below 0
  assert.equal(String(zeros([1]).fill_(-Infinity)), "tensor([-inf])");
  assert.equal(
    String(zeros([2], { dtype: "uint8" }).fill_(-255)),
    "tensor([1, 1], dtype=torch.uint8)",
  );
  assert.throws(() => zeros([1], { dtype: "uint8" }).fill_(-0.5), {
    message: "value cannot be converted to type uint8_t without overflow",
  });
});
