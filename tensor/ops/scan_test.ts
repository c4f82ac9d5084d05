import assert from "node:assert/strict";
import {
  cummax,
  cummin,
  cumsum,
  floatTensor,
  gradcheck,
  gradgradcheck,
  logcumsumexp,
  manualSeed,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("cumsum: values along every dim, 0-d, empty; integers and bools to int64", () => {
  const x = floatTensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(String(cumsum(x, 1)), "tensor([[ 1.,  3.,  6.],\n        [ 4.,  9., 15.]])");
  assert.equal(String(x.cumsum(-2)), "tensor([[1., 2., 3.],\n        [5., 7., 9.]])");
  assert.equal(String(x.t().cumsum(1)), "tensor([[1., 5.],\n        [2., 7.],\n        [3., 9.]])");
  assert.equal(String(floatTensor(2).cumsum(0)), "tensor(2.)");
  assert.equal(String(zeros([0, 2]).cumsum(0)), "tensor([], size=(0, 2))");
  assert.equal(String(tensor([true, false, true]).cumsum(0)), "tensor([1, 1, 2])");
  assert.equal(String(tensor([200, 100]).to("uint8").cumsum(0)), "tensor([200, 300])");
  assert.throws(() => cumsum(tensor([2 ** 52, 2 ** 52]), 0), RangeError);
});

Deno.test("logcumsumexp: stable for large values, PyTorch's infinities and NaN", () => {
  assert.equal(
    String(logcumsumexp(floatTensor([1000, 1000, -1000]), 0)),
    "tensor([1000.0000, 1000.6932, 1000.6932])",
  );
  const edge = floatTensor([-Infinity, -Infinity, 1, Infinity, 2, NaN, 1]);
  assert.equal(String(edge.logcumsumexp(0)), "tensor([-inf, -inf, 1., inf, inf, nan, nan])");
  assert.throws(() => tensor([1, 2]).logcumsumexp(0), {
    name: "TypeError",
    message: `"logcumsumexp_out_cpu" not implemented for 'Long'`,
  });
});

Deno.test("cummax/cummin: ties move to the later index, NaN stays, dtypes kept", () => {
  const { values, indices } = cummax(floatTensor([1, 3, 3, 2, NaN, 5]), 0);
  assert.equal(String(values), "tensor([1., 3., 3., 3., nan, nan])");
  assert.equal(String(indices), "tensor([0, 1, 2, 2, 4, 4])");
  assert.equal(String(cummin(tensor([[3, 1, 1, 2]]), 1).indices), "tensor([[0, 1, 2, 2]])");
  assert.equal(cummax(tensor([false, true]), 0).values.dtype, "bool");
  assert.equal(String(floatTensor(4).cummin(0).indices), "tensor(0)");
});

Deno.test("cumsum/logcumsumexp/cummax/cummin: node names", () => {
  const x = randn([2, 3], f64);
  assert.equal(x.cumsum(0).gradFn!.name(), "CumsumBackward0");
  assert.equal(x.logcumsumexp(1).gradFn!.name(), "LogcumsumexpBackward0");
  assert.equal(x.cummax(1).values.gradFn!.name(), "CummaxBackward0");
  assert.equal(x.cummin(1).values.gradFn!.name(), "CumminBackward0");
  assert.equal(x.cummin(1).indices.requiresGrad, false);
});

Deno.test("scans pass gradcheck and gradgradcheck (float64)", () => {
  manualSeed(12);
  const x = randn([3, 4], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => t.cumsum(0),
    (t) => t.cumsum(-1),
    (t) => t.transpose(0, 1).cumsum(1),
    (t) => t.logcumsumexp(0),
    (t) => t.logcumsumexp(1).mul(t),
    (t) => t.cummax(1).values,
    (t) => t.cummin(0).values.mul(t),
  ];
  for (const fn of fns) {
    assert.ok(gradcheck(fn, [x]), String(fn));
    assert.ok(gradgradcheck(fn, [x]), String(fn));
  }
});

Deno.test("cummax's gradient adds up at the positions of the running maxima", () => {
  const x = tensor([1, 3, 2, 2, 4], f64);
  x.cummax(0).values.backward(tensor([1, 10, 100, 1000, 10000], { dtype: "float64" }));
  assert.deepEqual(x.grad!.toList(), [1, 1110, 0, 0, 10000]);
});
