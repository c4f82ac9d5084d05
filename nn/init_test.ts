import assert from "node:assert/strict";
import { init, Linear } from "@descent/nn";
import { defaultGenerator, empty, eye, Generator, manualSeed, ones, zeros } from "@descent/tensor";

Deno.test("init: a given generator leaves the global one alone", () => {
  manualSeed(5);
  const state = defaultGenerator.getState();
  init.normal_(empty([20]), 0, 1, { generator: new Generator(1) });
  init.kaimingUniform_(empty([3, 4]), { generator: new Generator(1) });
  assert.deepEqual(defaultGenerator.getState(), state);
});

Deno.test("init: PyTorch's errors, the tensor unchanged", () => {
  const t = zeros([2, 2]);
  assert.throws(() => init.uniform_(t, 1, 0), {
    name: "RangeError",
    message: "uniform_ expects to return a [from, to) range, but found from=1 > to=0",
  });
  assert.throws(() => init.normal_(t, 0, -1), {
    message: "normal expects std >= 0.0, but found std -1",
  });
  assert.throws(() => init.kaimingUniform_(zeros([3])), {
    name: "RangeError",
    message: "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
  });
  assert.throws(() => init.kaimingNormal_(t, { mode: "fan_avg" as "fan_in" }), {
    message: "Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']",
  });
  assert.throws(() => init.calculateGain("softplus" as "relu"), {
    name: "RangeError",
    message: "Unsupported nonlinearity softplus",
  });
  assert.throws(() => init.calculateGain("leaky_relu", "a" as unknown as number), {
    name: "TypeError",
    message: "negative_slope a not a valid number",
  });
  assert.throws(() => init.eye_(zeros([2])), {
    message: "Only tensors with 2 dimensions are supported",
  });
  assert.throws(() => init.orthogonal_(zeros([2])), {
    message: "Only tensors with 2 or more dimensions are supported",
  });
  assert.deepEqual(t.toList(), [[0, 0], [0, 0]]);
});

Deno.test("init: parameters are filled in place outside autograd, their version bumped", () => {
  const fc = new Linear(3, 2);
  const v = fc.weight.detach();
  init.constant_(fc.weight, 2);
  assert.deepEqual(v.toList(), [[2, 2, 2], [2, 2, 2]]);
  assert.ok(fc.weight.isLeaf && fc.weight.requiresGrad && fc.weight.grad === null);
  init.zeros_(fc.bias!);
  init.ones_(fc.weight);
  assert.deepEqual(fc.bias!.toList(), [0, 0]);
  // A saved weight changed afterwards is caught at backward time.
  const y = fc.forward(ones([1, 3], { requiresGrad: true })).square().sum();
  init.uniform_(fc.weight, -1, 1);
  assert.throws(() => y.backward(), /modified by an inplace operation/);
});

Deno.test("init: zero-element tensors are left alone by the Kaiming initialisers", () => {
  const t = empty([0, 3]);
  assert.equal(init.kaimingUniform_(t), t);
  assert.equal(init.kaimingNormal_(t), t);
});

Deno.test("init.orthogonal_: orthonormal rows or columns, scaled by the gain", () => {
  const wide = init.orthogonal_(empty([3, 5], { dtype: "float64" }), 2, {
    generator: new Generator(3),
  });
  const rows = wide.matmul(wide.t()).div(4);
  assert.ok(rows.sub(eye(3, 3, { dtype: "float64" })).abs().max().item() < 1e-12);
  const tall = init.orthogonal_(empty([5, 3], { dtype: "float64" }));
  assert.ok(tall.t().matmul(tall).sub(eye(3, 3, { dtype: "float64" })).abs().max().item() < 1e-12);
});

Deno.test("init.truncNormal_: values inside [a, b], the rejection path for narrow ranges", () => {
  const g = new Generator(4);
  const t = init.truncNormal_(empty([2000]), 1, 2, 0, 1.5, { generator: g });
  const v = t.toTypedArray();
  assert.ok(v.every((x) => x >= 0 && x <= 1.5));
  const tail = init.truncNormal_(empty([500]), 0, 1, 2, 2.5, { generator: g });
  assert.ok(tail.toTypedArray().every((x) => x >= 2 && x <= 2.5));
});
