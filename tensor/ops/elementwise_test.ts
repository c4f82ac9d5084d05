import assert from "node:assert/strict";
import {
  add,
  assertClose,
  div,
  gradcheck,
  manualSeed,
  mul,
  pow,
  randn,
  sub,
  type Tensor,
  tensor,
  where,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

function r(shape: number[]): Tensor {
  return randn(shape, f64);
}

/** Positive inputs for log/sqrt/pow. */
function pos(shape: number[]): Tensor {
  return randn(shape, { dtype: "float64" }).abs().add(0.5).requiresGrad_();
}

const SHAPE_PAIRS: [number[], number[]][] = [
  [[3], [3]],
  [[2, 3], [3]],
  [[2, 1], [1, 3]],
  [[], [2, 2]],
  [[4, 1, 3], [2, 1]],
];

Deno.test("binary ops pass gradcheck with broadcasting (float64)", () => {
  manualSeed(1);
  for (const [sa, sb] of SHAPE_PAIRS) {
    for (
      const fn of [
        (a: Tensor, b: Tensor) => a.add(b),
        (a: Tensor, b: Tensor) => a.add(b, { alpha: -2.5 }),
        (a: Tensor, b: Tensor) => a.sub(b),
        (a: Tensor, b: Tensor) => a.sub(b, { alpha: 3 }),
        (a: Tensor, b: Tensor) => a.mul(b),
        (a: Tensor, b: Tensor) => a.div(b.abs().add(1)),
        (a: Tensor, b: Tensor) => a.abs().add(0.5).pow(b),
        (a: Tensor, b: Tensor) => where(a.gt(0), a, b),
      ]
    ) {
      assert.ok(gradcheck(fn, [r(sa), r(sb)]), `${fn} on ${sa} and ${sb}`);
    }
  }
});

Deno.test("ops with a number operand pass gradcheck", () => {
  manualSeed(2);
  const x = r([2, 3]);
  const p = pos([2, 3]);
  assert.ok(gradcheck((a) => add(a, 2), [x]));
  assert.ok(gradcheck((a) => add(2, a), [x]));
  assert.ok(gradcheck((a) => sub(a, 2), [x]));
  assert.ok(gradcheck((a) => sub(2, a), [x]));
  assert.ok(gradcheck((a) => sub(2, a, { alpha: 3 }), [x]));
  assert.ok(gradcheck((a) => mul(3, a), [x]));
  assert.ok(gradcheck((a) => div(a, 4), [x]));
  assert.ok(gradcheck((a) => div(4, a), [p]));
  assert.ok(gradcheck((a) => pow(a, 3), [x]));
  assert.ok(gradcheck((a) => pow(a, 2), [x]));
  assert.ok(gradcheck((a) => pow(a, 0.5), [p]));
  assert.ok(gradcheck((a) => pow(a, -1.5), [p]));
  assert.ok(gradcheck((a) => pow(a, 0), [x]));
  assert.ok(gradcheck((a) => pow(2.5, a), [x]));
});

Deno.test("unary ops pass gradcheck (float64)", () => {
  manualSeed(3);
  for (const shape of [[], [5], [2, 3]]) {
    const x = r(shape);
    const p = pos(shape);
    assert.ok(gradcheck((a) => a.neg(), [x]));
    assert.ok(gradcheck((a) => a.exp(), [x]));
    assert.ok(gradcheck((a) => a.log(), [p]));
    assert.ok(gradcheck((a) => a.sqrt(), [p]));
    assert.ok(gradcheck((a) => a.abs(), [p]));
    assert.ok(gradcheck((a) => a.sin(), [x]));
    assert.ok(gradcheck((a) => a.cos(), [x]));
    assert.ok(gradcheck((a) => a.tanh(), [x]));
    assert.ok(gradcheck((a) => a.sigmoid(), [x]));
    assert.ok(gradcheck((a) => a.square(), [x]));
    assert.ok(gradcheck((a) => a.reciprocal(), [p]));
    assert.ok(gradcheck((a) => a.mul(3).relu(), [p.sub(1).detach().requiresGrad_()]));
    assert.ok(gradcheck((a) => a.clamp(-0.3, 0.4), [x]));
    assert.ok(gradcheck((a) => a.clamp(null, 0.1), [x]));
  }
});

Deno.test("second derivatives through createGraph: d²/dx² of x³·sin x", () => {
  manualSeed(4);
  const x = r([4]);
  assert.ok(gradcheck((a) => {
    const [g] = grad1(a.pow(3).mul(a.sin()).sum(), a);
    return g;
  }, [x]));
  const x0 = tensor([0.5, 1, 2], { dtype: "float64", requiresGrad: true });
  const [g] = grad1(x0.pow(3).mul(x0.sin()).sum(), x0);
  const [gg] = grad1(g.sum(), x0);
  const expected = [0.5, 1, 2].map((v) =>
    6 * v * Math.sin(v) + 6 * v * v * Math.cos(v) - v ** 3 * Math.sin(v)
  );
  assertClose(gg, expected);
});

import { grad } from "@descent/autograd";
function grad1(y: Tensor, x: Tensor): Tensor[] {
  return grad(y, x, { createGraph: true }) as Tensor[];
}

Deno.test("grad_fn names match PyTorch", () => {
  const a = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const b = tensor([3, 4], { dtype: "float32", requiresGrad: true });
  const names: [Tensor, string][] = [
    [a.add(b), "AddBackward0"],
    [a.add(1), "AddBackward0"],
    [add(1, a), "AddBackward0"],
    [a.sub(b), "SubBackward0"],
    [sub(1, a), "RsubBackward1"],
    [a.mul(2), "MulBackward0"],
    [a.div(b), "DivBackward0"],
    [div(2, a), "MulBackward0"],
    [a.pow(2), "PowBackward0"],
    [a.square(), "PowBackward0"],
    [a.pow(b), "PowBackward1"],
    [pow(2, a), "PowBackward2"],
    [a.neg(), "NegBackward0"],
    [a.exp(), "ExpBackward0"],
    [a.log(), "LogBackward0"],
    [a.sqrt(), "SqrtBackward0"],
    [a.relu(), "ReluBackward0"],
    [a.tanh(), "TanhBackward0"],
    [a.sigmoid(), "SigmoidBackward0"],
    [a.abs(), "AbsBackward0"],
    [a.clamp(0, 1), "ClampBackward1"],
  ];
  for (const [t, name] of names) assert.equal(t.gradFn!.name(), name);
  // next_functions: wrapped numbers appear as (null, 0)
  const m = a.mul(2).gradFn!.nextFunctions;
  assert.equal(m.length, 2);
  assert.equal(m[0][0]!.name(), "AccumulateGrad");
  assert.deepEqual(m[1], [null, 0]);
});

Deno.test("results require grad iff an input does; values and dtypes", () => {
  const a = tensor([1, 2], { dtype: "float32" });
  const b = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.equal(a.add(a).requiresGrad, false);
  assert.equal(a.add(a).isLeaf, true);
  assert.equal(a.add(b).requiresGrad, true);
  const d = tensor([1, 2], { dtype: "float64" });
  assert.equal(a.add(d).dtype, "float64");
  assert.equal(a.add(1).dtype, "float32");
  assert.equal(String(a.div(0)), "tensor([inf, inf])");
  assert.equal(String(tensor([-1, 0], { dtype: "float32" }).sqrt()), "tensor([nan, 0.])");
});

Deno.test("broadcast errors use PyTorch's words and change nothing", () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float32", requiresGrad: true });
  const b = tensor([[1, 2], [3, 4]], { dtype: "float32" });
  assert.throws(() => a.add(b), {
    name: "RangeError",
    message:
      "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
  });
  assert.throws(() => add(1, 2), TypeError);
  assert.throws(() => a.mul("x" as unknown as number), TypeError);
  assert.equal(a.grad, null);
  assert.equal(a.version, 0);
});

Deno.test("comparisons give bool tensors that never require grad", () => {
  const a = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const [F, T] = [false, true];
  assert.deepEqual(a.eq(2).toList(), [F, T, F]);
  assert.deepEqual(a.ne(tensor([1, 0, 3], { dtype: "float32" })).toList(), [F, T, F]);
  assert.deepEqual(a.gt(2).toList(), [F, F, T]);
  assert.deepEqual(a.ge(2).toList(), [F, T, T]);
  assert.deepEqual(a.lt(tensor([[2], [4]], { dtype: "float32" })).toList(), [[T, F, F], [T, T, T]]);
  assert.deepEqual(a.le(2).toList(), [T, T, F]);
  assert.equal(a.gt(0).requiresGrad, false);
  assert.equal(tensor([1], { dtype: "float64" }).eq(1).dtype, "bool");
  // compared in the common dtype: float32 rounds the number, int64 against a float compares as float
  assert.deepEqual(tensor([0.1]).eq(0.1).toList(), [T]);
  assert.deepEqual(tensor([2 ** 24 + 1]).eq(tensor([2 ** 24], { dtype: "float32" })).toList(), [T]);
  assert.deepEqual(tensor([NaN]).ne(NaN).toList(), [T]);
});

Deno.test("maximum/minimum: values, NaN, ties share the gradient, gradcheck", () => {
  assert.deepEqual(tensor([1, NaN]).maximum(tensor([0, 0], { dtype: "float32" })).toList(), [
    1,
    NaN,
  ]);
  const a = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const b = tensor([3, 2, 1], { dtype: "float32", requiresGrad: true });
  a.maximum(b).sum().backward();
  assert.deepEqual(a.grad!.toList(), [0, 0.5, 1]);
  assert.deepEqual(b.grad!.toList(), [1, 0.5, 0]);
  manualSeed(13);
  assert.ok(gradcheck((p: Tensor, q: Tensor) => p.maximum(q), [r([2, 3]), r([3])]));
  assert.ok(gradcheck((p: Tensor, q: Tensor) => p.minimum(q), [r([2, 1]), r([3])]));
});

Deno.test("dtype conversion: to, float, double, T", () => {
  const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
  assert.equal(x.float(), x);
  const d = x.double();
  assert.equal(d.dtype, "float64");
  assert.equal(d.gradFn!.name(), "ToCopyBackward0");
  d.sum().backward();
  assert.equal(x.grad!.dtype, "float32");
  assert.deepEqual(x.T.toList(), [[1, 3], [2, 4]]);
  assert.equal(x.T.gradFn!.name(), "PermuteBackward0");
  assert.throws(() => x.to("int8" as never), /argument 'dtype' must be one of/);
});

Deno.test("sigmoid underflows like PyTorch's float32 kernel, not in float64", () => {
  assert.equal(
    String(tensor([-100, -10, 0, 10, 100], { dtype: "float32" }).sigmoid()),
    "tensor([0.0000e+00, 4.5398e-05, 5.0000e-01, 9.9995e-01, 1.0000e+00])",
  );
  assert.equal(tensor([-100], { dtype: "float64" }).sigmoid().item(), 3.7200759760208356e-44);
});

Deno.test("a 0-d tensor does not promote a tensor with dimensions (PyTorch's result_type)", () => {
  // torch.tensor([1., 2.]).mul(torch.tensor(2., dtype=torch.float64)).dtype == torch.float32
  const x = tensor([1, 2], { dtype: "float32" });
  const s64 = tensor(2, { dtype: "float64" });
  assert.equal(x.mul(s64).dtype, "float32");
  assert.equal(s64.add(x).dtype, "float32");
  assert.equal(
    tensor([1, 2], { dtype: "float64" }).mul(tensor(2, { dtype: "float32" })).dtype,
    "float64",
  );
  // both 0-d, or both with dimensions: float64 wins
  assert.equal(tensor(1, { dtype: "float32" }).mul(s64).dtype, "float64");
  assert.equal(x.mul(tensor([2], { dtype: "float64" })).dtype, "float64");
  // and the gradient of the 0-d float64 operand stays float64
  const w = tensor(3, { dtype: "float64", requiresGrad: true });
  x.mul(w).sum().backward();
  assert.equal(w.grad!.dtype, "float64");
  assert.equal(w.grad!.item(), 3);
});

Deno.test("add of bools with alpha: alpha cast to bool, so x || (alpha && y) (PyTorch)", () => {
  const x = tensor([false, false, true, true]);
  const y = tensor([false, true, false, true]);
  for (const alpha of [-1, 1, 2, -3]) {
    assert.deepEqual(add(x, y, { alpha }).toList(), [false, true, true, true], `alpha ${alpha}`);
    assert.deepEqual(x.add(true, { alpha }).toList(), [true, true, true, true]);
  }
  assert.deepEqual(add(x, y, { alpha: 0 }).toList(), [false, false, true, true]);
});
