// Every layer's backward by gradcheck in float64 (input and parameters), second derivatives
// where the layer records its own node, and the layers' argument errors.

import assert from "node:assert/strict";
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm1d,
  Bilinear,
  Conv1d,
  Conv2d,
  Dropout,
  dropout,
  Embedding,
  embedding,
  Flatten,
  GELU,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  MaxPool2d,
  type Module,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  Tanh,
  Unflatten,
} from "@descent/nn";
import {
  arange,
  floatTensor,
  gradcheck,
  gradgradcheck,
  manualSeed,
  ones,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64" } as const;
const x64 = (shape: number[]) => randn(shape, { ...f64, requiresGrad: true });

/** gradcheck of a module's forward with respect to its input and all its parameters. */
function check(m: Module<[Tensor], Tensor>, x: Tensor, second = false): void {
  const inputs = [x, ...m.parameters()];
  assert.ok(gradcheck(() => m.forward(x), inputs), m.constructor.name);
  if (second) assert.ok(gradgradcheck(() => m.forward(x), inputs), `${m.constructor.name} 2nd`);
}

Deno.test("gradcheck: Linear (2-d, 3-d, 1-d, non-contiguous, no bias), Bilinear", () => {
  manualSeed(0);
  const fc = new Linear(3, 2, f64);
  check(fc, x64([4, 3]));
  check(fc, x64([2, 2, 3]));
  check(fc, x64([3]));
  check(fc, x64([3, 2]).t());
  check(new Linear(3, 2, { ...f64, bias: false }), x64([2, 3]));
  const bl = new Bilinear(3, 2, 2, f64);
  const [a, b] = [x64([4, 3]), x64([4, 2])];
  assert.ok(gradcheck(() => bl.forward(a, b), [a, b, ...bl.parameters()]));
});

Deno.test("gradcheck: convolutions with each padding mode, and pooling", () => {
  manualSeed(1);
  check(new Conv1d(2, 3, 3, { ...f64, padding: 1, stride: 2 }), x64([2, 2, 5]));
  check(
    new Conv2d(2, 2, 3, { ...f64, padding: "same", paddingMode: "reflect" }),
    x64([1, 2, 4, 4]),
  );
  check(new Conv2d(1, 2, 2, { ...f64, padding: 1, paddingMode: "circular" }), x64([1, 1, 3, 3]));
  check(new Conv2d(2, 4, 2, { ...f64, groups: 2, paddingMode: "replicate" }), x64([2, 3, 3]));
  check(new MaxPool2d(2), x64([1, 1, 4, 4]));
  check(new AvgPool2d(3, { stride: 2, padding: 1 }), x64([1, 2, 5, 5]));
  check(new AdaptiveAvgPool2d([2, 3]), x64([1, 1, 4, 5]));
});

Deno.test("gradcheck: activations, shape layers, dropout with a fixed mask", () => {
  const activations = [
    new ReLU(),
    new Sigmoid(),
    new Tanh(),
    new Softmax(1),
    new LogSoftmax(0),
    new LeakyReLU(0.2),
    new GELU(),
    new GELU("tanh"),
    new SiLU(),
  ];
  for (const m of activations) {
    check(m, x64([3, 4]));
  }
  check(new Flatten(), x64([2, 2, 3]));
  check(new Unflatten(1, [2, 3]), x64([2, 6]));
  const x = x64([4, 5]);
  assert.ok(gradcheck(() => {
    manualSeed(7); // the same mask for every evaluation
    return dropout(x, 0.3);
  }, [x]));
});

Deno.test("gradcheck: LayerNorm and BatchNorm1d, first and second order", () => {
  manualSeed(2);
  const ln = new LayerNorm([2, 3], f64);
  // non-trivial affine parameters
  for (const p of ln.parameters()) p.detach().copy_(randn(p.shape, f64));
  check(ln, x64([2, 2, 3]), true);
  check(new LayerNorm(4, { ...f64, elementwiseAffine: false }), x64([3, 4]), true);
  const bn = new BatchNorm1d(3, f64);
  for (const p of bn.parameters()) p.detach().copy_(randn(p.shape, f64));
  check(bn, x64([4, 3]), true);
  check(bn, x64([3, 3, 2]), true);
  bn.eval();
  check(bn, x64([4, 3]), true);
});

Deno.test("gradcheck: Embedding's weight, first and second order; no gradient for padding", () => {
  manualSeed(3);
  const emb = new Embedding(5, 3, { ...f64, paddingIdx: 1 });
  const idx = tensor([[0, 1, 4], [4, 4, 2]]);
  // The padding row's gradient is zero by design (not the derivative), so it is left out here.
  assert.ok(gradcheck((w) => embedding(idx, w), [emb.weight]));
  assert.ok(gradgradcheck((w) => embedding(idx, w).square(), [emb.weight]));
  emb.forward(idx).sum().backward();
  const g = emb.weight.grad!.toList() as number[][];
  assert.deepEqual(g.map((r) => r[0]), [1, 0, 1, 0, 3], "row 1 is padding: no gradient");
});

Deno.test("BatchNorm1d: running statistics in training, used in evaluation", () => {
  const bn = new BatchNorm1d(2, { momentum: 0.5 });
  const x = floatTensor([[1, 10], [3, 20]]);
  bn.forward(x);
  assert.deepEqual(bn.runningMean!.toList(), [1, 7.5]);
  assert.deepEqual(bn.runningVar!.toList(), [1.5, 25.5]);
  assert.equal(bn.numBatchesTracked!.item(), 1);
  bn.eval();
  const y = bn.forward(floatTensor([[1, 7.5]]));
  assert.deepEqual(y.toList(), [[0, 0]]);
  assert.equal(bn.numBatchesTracked!.item(), 1, "not counted in evaluation");
  // momentum null: a cumulative average
  const avg = new BatchNorm1d(1, { momentum: null, affine: false });
  avg.forward(floatTensor([[0], [2]]));
  avg.forward(floatTensor([[4], [6]]));
  assert.deepEqual(avg.runningMean!.toList(), [3]);
  // without running statistics, evaluation normalizes by the batch
  const free = new BatchNorm1d(1, { trackRunningStats: false }).eval();
  assert.deepEqual(Object.keys(free.stateDict()), ["weight", "bias"]);
  assert.ok(
    Math.abs((free.forward(floatTensor([[0], [2]])).toList() as number[][])[1][0] - 1) < 1e-4,
  );
  bn.resetRunningStats();
  assert.deepEqual([bn.runningMean!.toList(), bn.runningVar!.toList()], [[0, 0], [1, 1]]);
});

Deno.test("BatchNorm1d and LayerNorm: PyTorch's errors, nothing updated", () => {
  const bn = new BatchNorm1d(4);
  const before = bn.runningMean!.toList();
  assert.throws(() => bn.forward(zeros([2, 3])), {
    name: "RangeError",
    message: "running_mean should contain 3 elements not 4",
  });
  assert.throws(() => bn.forward(zeros([1, 4])), {
    message:
      "Expected more than 1 value per channel when training, got input size torch.Size([1, 4])",
  });
  assert.throws(() => bn.forward(zeros([2, 4, 3, 3])), {
    message: "expected 2D or 3D input (got 4D input)",
  });
  assert.deepEqual(bn.runningMean!.toList(), before);
  assert.equal(bn.numBatchesTracked!.item(), 0);
  assert.throws(() => new LayerNorm(4).forward(zeros([2, 3])), {
    name: "RangeError",
    message:
      "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]",
  });
});

Deno.test("Embedding: PyTorch's errors", () => {
  const emb = new Embedding(10, 3);
  assert.throws(() => emb.forward(tensor([10])), {
    name: "RangeError",
    message: "index out of range in self",
  });
  assert.throws(() => emb.forward(floatTensor([1])), {
    name: "TypeError",
    message:
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)",
  });
  assert.throws(() => new Embedding(10, 3, { paddingIdx: 10 }), {
    message: "Padding_idx must be within num_embeddings",
  });
  assert.equal(new Embedding(10, 3, { paddingIdx: -1 }).paddingIdx, 9);
});

Deno.test("Dropout: PyTorch's mask for the seed, identity in evaluation, p = 0 and p = 1", () => {
  manualSeed(0);
  const y = new Dropout(0.5).forward(ones([8], f64));
  assert.deepEqual(y.toList(), [0, 0, 2, 0, 0, 0, 2, 2]);
  assert.equal(y.gradFn, null);
  const x = ones([3], { requiresGrad: true });
  assert.equal(new Dropout(0).forward(x), x);
  const all = new Dropout(1).forward(x);
  assert.deepEqual(all.toList(), [0, 0, 0]);
  assert.equal(all.gradFn?.name(), "MulBackward0");
  assert.throws(() => new Dropout(1.5), {
    name: "RangeError",
    message: "dropout probability has to be between 0 and 1, but got 1.5",
  });
});

Deno.test("Conv: PyTorch's argument errors", () => {
  const errors: [() => unknown, string][] = [
    [() => new Conv2d(3, 4, 3, { groups: 2 }), "in_channels must be divisible by groups"],
    [() => new Conv2d(4, 3, 3, { groups: 2 }), "out_channels must be divisible by groups"],
    [() => new Conv2d(4, 4, 3, { groups: 0 }), "groups must be a positive integer"],
    [
      () => new Conv2d(1, 1, 3, { padding: "full" as "same" }),
      "Invalid padding string 'full', should be one of {'valid', 'same'}",
    ],
    [
      () => new Conv2d(1, 1, 3, { padding: "same", stride: 2 }),
      "padding='same' is not supported for strided convolutions",
    ],
    [
      () => new Conv1d(1, 1, 3, { paddingMode: "mirror" as "reflect" }),
      "padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='mirror'",
    ],
  ];
  for (const [f, text] of errors) assert.throws(f, { name: "RangeError", message: text });
});

Deno.test("dropout: the mask fills a permuted input in its memory order, as PyTorch's empty_like", () => {
  // torch.manual_seed(0); F.dropout(torch.arange(1., 13.).reshape(3, 4).t(), 0.5) (PyTorch 2.13)
  manualSeed(0);
  const t = arange(1, 13).float().reshape(3, 4).t();
  assert.deepEqual(dropout(t, 0.5).toList(), [[0, 0, 0], [0, 0, 20], [6, 14, 22], [0, 16, 24]]);
  // ...reshape(2, 3, 4).permute(2, 0, 1)
  manualSeed(0);
  const p = arange(1, 25).float().reshape(2, 3, 4).permute(2, 0, 1);
  assert.deepEqual(dropout(p, 0.5).toList(), [
    [[0, 0, 0], [26, 34, 42]],
    [[0, 0, 20], [0, 36, 0]],
    [[6, 14, 22], [30, 0, 46]],
    [[0, 16, 24], [32, 0, 0]],
  ]);
});

Deno.test("linear: an empty input counts as contiguous, as in PyTorch (ViewBackward0)", () => {
  // PyTorch 2.13: nn.Linear(4, 2)(torch.zeros(3, 4, 0).transpose(-1, -2)) → [3, 0, 2],
  // ViewBackward0 (its _flatten_nd_linear; an empty tensor is contiguous whatever its strides)
  const m = new Linear(4, 2);
  for (const x of [zeros([3, 4, 0]).transpose(-1, -2), zeros([3, 0, 4]), zeros([0, 2, 4])]) {
    const y = m.forward(x.requiresGrad_());
    assert.deepEqual(y.shape, [...x.shape.slice(0, -1), 2]);
    assert.equal(y.gradFn?.name(), "ViewBackward0");
  }
});

Deno.test("Bilinear: mismatched batch dims name the dim, in PyTorch 2.13's words", () => {
  const m = new Bilinear(1, 1, 1);
  assert.throws(() => m.forward(zeros([2, 4, 1]), zeros([2, 3, 1])), {
    name: "RangeError",
    message: "bilinear(): input batch dimensions do not match at dim 1: got 4 and 3",
  });
  assert.throws(() => m.forward(zeros([2, 1]), zeros([2, 2, 1])), {
    name: "RangeError",
    message: "bilinear(): input dimensions do not match: got 2 and 3",
  });
});
