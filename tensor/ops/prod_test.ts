import assert from "node:assert/strict";
import {
  cumprod,
  floatTensor,
  gradcheck,
  gradgradcheck,
  manualSeed,
  prod,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("prod/cumprod: values, dims, keepdim, empty and 0-d", () => {
  const x = floatTensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(String(prod(x)), "tensor(720.)");
  assert.equal(String(x.prod(1)), "tensor([  6., 120.])");
  assert.equal(String(x.prod(-2, true)), "tensor([[ 4., 10., 18.]])");
  assert.equal(String(x.t().prod(0)), "tensor([  6., 120.])");
  assert.equal(String(zeros([0]).prod()), "tensor(1.)");
  assert.equal(String(zeros([2, 0]).prod(1)), "tensor([1., 1.])");
  assert.equal(String(floatTensor(5).prod(0)), "tensor(5.)");
  assert.equal(String(cumprod(x, 1)), "tensor([[  1.,   2.,   6.],\n        [  4.,  20., 120.]])");
  assert.equal(String(x.cumprod(0)), "tensor([[ 1.,  2.,  3.],\n        [ 4., 10., 18.]])");
  assert.equal(String(zeros([2, 0]).cumprod(1)), "tensor([], size=(2, 0))");
});

Deno.test("prod/cumprod: integers and bools give int64, exactly, within ±(2^53 - 1)", () => {
  assert.equal(String(prod(tensor([[1, -2], [3, 4]]), 1)), "tensor([-2, 12])");
  assert.equal(String(tensor([true, false]).prod()), "tensor(0)");
  assert.equal(String(tensor([200, 100]).to("uint8").prod()), "tensor(20000)");
  assert.equal(String(tensor([3, 4]).int().cumprod(0)), "tensor([ 3, 12])");
  assert.equal(prod(tensor([2 ** 26, 2 ** 26])).item(), 2 ** 52);
  assert.throws(() => prod(tensor([2 ** 27, 2 ** 27])), RangeError);
  assert.throws(() => cumprod(tensor([2 ** 27, 2 ** 27, 1]), 0), RangeError);
});

Deno.test("prod/cumprod: node names ProdBackward0/1, CumprodBackward0", () => {
  const x = tensor([[1, 2], [3, 4]], f64);
  assert.equal(x.prod().gradFn!.name(), "ProdBackward0");
  assert.equal(x.prod(0).gradFn!.name(), "ProdBackward1");
  assert.equal(x.cumprod(1).gradFn!.name(), "CumprodBackward0");
  assert.equal(tensor([1, 2]).prod().requiresGrad, false);
});

Deno.test("prod/cumprod pass gradcheck and gradgradcheck, with and without zeros", () => {
  manualSeed(11);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => t.prod(),
    (t) => t.prod(1),
    (t) => t.prod(0, true),
    (t) => t.transpose(0, 1).prod(1),
    (t) => t.cumprod(0),
    (t) => t.cumprod(-1),
    (t) => t.cumprod(1).prod(0),
  ];
  const inputs = [
    randn([3, 4], f64),
    tensor([[2, 0, 3, 0.5], [0, 0, 1.5, -2], [1, 2, -1, 0]], f64),
    tensor([[0, 0, 0, 0], [1, 0, 2, 0], [0, 3, 0, 4]], f64),
  ];
  for (const x of inputs) {
    for (const fn of fns) {
      assert.ok(gradcheck(fn, [x]), String(fn));
      assert.ok(gradgradcheck(fn, [x]), String(fn));
    }
  }
});

Deno.test("prod's gradient at zeros: the product of the others (exact, no NaN)", () => {
  const x = tensor([2, 0, 3], f64);
  x.prod().backward();
  assert.deepEqual(x.grad!.toList(), [0, 6, 0]);
  const y = tensor([2, 0, 3, 0], f64);
  y.cumprod(0).sum().backward();
  assert.deepEqual(y.grad!.toList(), [1, 8, 0, 0]);
});
