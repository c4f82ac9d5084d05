import assert from "node:assert/strict";
import {
  clipGradNorm_,
  clipGradValue_,
  Linear,
  parametersToVector,
  vectorToParameters,
} from "@descent/nn";
import { arange, floatTensor, zeros } from "@descent/tensor";
import { pyFloat, pyNumber, pyTuple } from "./py_repr.ts";

Deno.test("clipGradNorm_: no grads, one tensor, a small norm left alone, non-finite norms", () => {
  assert.equal(String(clipGradNorm_([zeros([2]).requiresGrad_()], 1)), "tensor(0.)");
  const w = zeros([2]).requiresGrad_();
  w.grad = floatTensor([0.3, 0.4]);
  assert.ok(Math.abs(clipGradNorm_(w, 1).item() - 0.5) < 1e-7);
  assert.deepEqual(w.grad!.toList(), [Math.fround(0.3), Math.fround(0.4)]);
  w.grad = floatTensor([Infinity, 1]);
  assert.throws(() => clipGradNorm_([w], 1, { errorIfNonfinite: true }), {
    message:
      "The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`",
  });
  assert.deepEqual(w.grad!.toList(), [Infinity, 1], "unchanged");
  assert.equal(clipGradNorm_([w], 1).item(), Infinity);
});

Deno.test("clipGradNorm_: the infinity norm of an empty gradient in _foreach_norm's words, nothing changed", () => {
  // PyTorch 2.13: clip_grad_norm_([q, empty], 1.0, norm_type=inf) (-inf: vector_norm's words)
  const q = zeros([2]).requiresGrad_();
  q.grad = floatTensor([3, 4]);
  const e = zeros([0]).requiresGrad_();
  e.grad = zeros([0]);
  assert.throws(() => clipGradNorm_([q, e], 1, { normType: Infinity }), {
    name: "RangeError",
    message:
      "_foreach_norm cannot compute the infinity norm on an empty tensor because the operation does not have an identity",
  });
  assert.deepEqual(q.grad.toList(), [3, 4]);
  assert.throws(() => clipGradNorm_([q, e], 1, { normType: -Infinity }), {
    name: "RangeError",
    message:
      "linalg.vector_norm cannot compute the -inf norm on an empty tensor because the operation does not have an identity",
  });
});

Deno.test("clipGradValue_: clamps, keeps NaN", () => {
  const w = zeros([4]).requiresGrad_();
  w.grad = floatTensor([-2, NaN, 0.25, 3]);
  clipGradValue_(w, 0.5);
  assert.deepEqual(w.grad!.toList(), [-0.5, NaN, 0.25, 0.5]);
});

Deno.test("parametersToVector / vectorToParameters: a round trip; too short a vector changes nothing", () => {
  const fc = new Linear(2, 3);
  const v = parametersToVector(fc.parameters());
  assert.equal(v.gradFn?.name(), "CatBackward0");
  assert.deepEqual(v.shape, [9]);
  vectorToParameters(arange(0, 9, 1, { dtype: "float32" }), fc.parameters());
  assert.deepEqual(fc.weight.toList(), [[0, 1], [2, 3], [4, 5]]);
  assert.deepEqual(fc.bias!.toList(), [6, 7, 8]);
  assert.ok(fc.weight.requiresGrad && fc.weight.isLeaf);
  assert.throws(() => vectorToParameters(arange(0, 7, 1, { dtype: "float32" }), fc.parameters()), {
    message: "shape '[3]' is invalid for input of size 1",
  });
  assert.deepEqual(fc.bias!.toList(), [6, 7, 8]);
  assert.throws(() => vectorToParameters([1] as never, fc.parameters()), {
    name: "TypeError",
    message: "expected torch.Tensor, but got: object",
  });
});

Deno.test("Python's repr of floats, numbers and tuples", () => {
  const cases: [number, string][] = [
    [0.1, "0.1"],
    [1e-5, "1e-05"],
    [1, "1.0"],
    [-2.5, "-2.5"],
    [0.0001, "0.0001"],
    [123.456, "123.456"],
    [1e15, "1000000000000000.0"],
    [1e16, "1e+16"],
    [1.5e-7, "1.5e-07"],
    [0, "0.0"],
    [NaN, "nan"],
    [-Infinity, "-inf"],
  ];
  for (const [x, s] of cases) assert.equal(pyFloat(x), s, String(x));
  assert.equal(pyNumber(3), "3");
  assert.equal(pyNumber(0.5), "0.5");
  assert.equal(pyTuple([5]), "(5,)");
  assert.equal(pyTuple([2, 3]), "(2, 3)");
});
