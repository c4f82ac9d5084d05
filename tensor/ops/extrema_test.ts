import assert from "node:assert/strict";
import {
  all,
  amax,
  amin,
  any,
  floatTensor,
  gradcheck,
  gradgradcheck,
  manualSeed,
  nanmean,
  nansum,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("amax/amin: dims, keepdim, dtypes kept, the first of equal signed zeros", () => {
  const x = floatTensor([[1, 5, 3], [7, 2, 7]]);
  assert.equal(String(amax(x)), "tensor(7.)");
  assert.equal(String(x.amax(1)), "tensor([5., 7.])");
  assert.equal(String(x.amin([0, 1], true)), "tensor([[1.]])");
  assert.equal(String(amin(x.t(), 0)), "tensor([1., 2.])");
  assert.equal(String(tensor([[1, 5], [7, 2]]).amax(0)), "tensor([7, 5])");
  assert.equal(String(tensor([true, false]).amin()), "tensor(False)");
  assert.equal(String(floatTensor([0, -0]).amax()), "tensor(0.)");
  assert.equal(String(floatTensor([-0, 0]).amax()), "tensor(-0.)");
  assert.equal(String(floatTensor([1, NaN, 3]).amin()), "tensor(nan)");
  assert.equal(String(zeros([0, 3]).amax(1)), "tensor([])");
});

Deno.test("amax/amin: the gradient is shared evenly by the elements equal to the result", () => {
  const x = tensor([[3, 1, 3], [2, 2, 2]], f64);
  x.amax(1).sum().backward();
  assert.deepEqual(x.grad!.toList(), [[0.5, 0, 0.5], [1 / 3, 1 / 3, 1 / 3]]);
  const y = tensor([1, NaN, 3], f64);
  y.amax().backward(); // PyTorch: g / 0 · 0
  assert.deepEqual(y.grad!.toList(), [NaN, NaN, NaN]);
  assert.equal(x.amin().gradFn!.name(), "AminBackward0");
});

Deno.test("amax/amin/nansum/nanmean pass gradcheck and gradgradcheck (float64)", () => {
  manualSeed(13);
  const x = randn([2, 3, 4], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => t.amax(),
    (t) => t.amax([0, 2]),
    (t) => t.amin(-1, true).mul(t),
    (t) => t.nansum(),
    (t) => t.nansum([1, 2], true).mul(t),
    (t) => t.nanmean(0),
    (t) => nanmean(t.transpose(0, 2), [0, 1]),
  ];
  for (const fn of fns) {
    assert.ok(gradcheck(fn, [x]), String(fn));
    assert.ok(gradgradcheck(fn, [x]), String(fn));
  }
});

Deno.test("all/any: NaN is true, empty reductions, a list of dims, [] reduces nothing", () => {
  const x = floatTensor([[1, 0, NaN], [2, 3, 4]]);
  assert.equal(String(all(x)), "tensor(False)");
  assert.equal(String(x.all(1)), "tensor([False,  True])");
  assert.equal(String(any(x, 0, true)), "tensor([[True, True, True]])");
  assert.equal(String(x.any([0, 1])), "tensor(True)");
  assert.equal(
    String(x.all([])),
    "tensor([[ True, False,  True],\n        [ True,  True,  True]])",
  );
  assert.equal(String(zeros([0]).all()), "tensor(True)");
  assert.equal(String(zeros([0]).any()), "tensor(False)");
  assert.equal(String(tensor([0, 7]).to("uint8").any()), "tensor(1, dtype=torch.uint8)");
  const r = randn([2], { requiresGrad: true });
  assert.equal(r.all().requiresGrad, false);
});

Deno.test("nansum/nanmean: NaNs left out, their gradient 0; int64 sums; float-only mean", () => {
  const x = tensor([[1, NaN, 3], [NaN, NaN, NaN]], f64);
  assert.deepEqual(nansum(x, 1).toList(), [4, 0]);
  assert.deepEqual(nanmean(x, 1).toList(), [2, NaN]);
  const s = x.nansum();
  assert.equal(s.gradFn!.name(), "NansumBackward0");
  s.backward();
  assert.deepEqual(x.grad!.toList(), [[1, 0, 1], [0, 0, 0]]);
  assert.equal(x.nanmean().gradFn!.name(), "DivBackward0");
  assert.equal(String(tensor([[1, 2], [3, 4]]).nansum(0)), "tensor([4, 6])");
  assert.throws(() => tensor([1]).nanmean(), {
    name: "TypeError",
    message: "nanmean(): expected input to have floating point or complex dtype but got Long",
  });
});
