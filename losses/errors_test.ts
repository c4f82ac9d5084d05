import assert from "node:assert/strict";
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  huberLoss,
  l1Loss,
  mseLoss,
  nllLoss,
  smoothL1Loss,
} from "@descent/losses";
import { type Tensor, tensor } from "@descent/tensor";

const f64 = { dtype: "float64" as const, requiresGrad: true };

function captureWarnings(fn: () => void): string[] {
  const seen: string[] = [];
  const orig = console.warn;
  console.warn = (m: string) => seen.push(m);
  try {
    fn();
  } finally {
    console.warn = orig;
  }
  return seen;
}

Deno.test("mseLoss: size mismatch warns once with PyTorch's text, then broadcasts", () => {
  const x = tensor([[1], [2], [3]], f64);
  const y = tensor([1, 2, 4, 5, 6, 7, 8], { dtype: "float64" });
  let loss: Tensor | null = null;
  const warned = captureWarnings(() => {
    loss = mseLoss(x, y);
    mseLoss(x, y);
  });
  assert.deepEqual(warned, [
    "UserWarning: Using a target size (torch.Size([7])) that is different to the input size (torch.Size([3, 1])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
  ]);
  // mean over the broadcast (3, 7) differences
  let s = 0;
  for (const a of [1, 2, 3]) for (const b of [1, 2, 4, 5, 6, 7, 8]) s += (a - b) ** 2;
  assert.ok(Math.abs(loss!.item() - s / 21) < 1e-12);
});

Deno.test("losses: shapes that cannot broadcast: PyTorch's error, nothing changed", () => {
  const x = tensor([1, 2, 3], f64);
  const y = tensor([1, 2], { dtype: "float64" });
  for (const fn of [mseLoss, l1Loss, smoothL1Loss, huberLoss]) {
    const v = x.version;
    captureWarnings(() =>
      assert.throws(
        () => fn(x, y),
        /^RangeError: The size of tensor a \(3\) must match the size of tensor b \(2\) at non-singleton dimension 0$/,
      )
    );
    assert.equal(x.grad, null);
    assert.equal(x.version, v);
  }
  assert.throws(
    () => binaryCrossEntropy(tensor([0.5, 0.5, 0.5]), tensor([[1, 0, 1]], { dtype: "float32" })),
    /Using a target size \(torch.Size\(\[1, 3\]\)\) that is different to the input size \(torch.Size\(\[3\]\)\) is deprecated. Please ensure they have the same size./,
  );
  assert.throws(
    () =>
      binaryCrossEntropyWithLogits(tensor([0.5, 0.5, 0.5]), tensor([1, 0], { dtype: "float32" })),
    /Target size \(torch.Size\(\[2\]\)\) must be the same as input size \(torch.Size\(\[3\]\)\)/,
  );
  assert.throws(
    () => mseLoss(x, x, { weight: tensor([1, 2], { dtype: "float32" }) }),
    /Weights and input must have the same size/,
  );
});

Deno.test("losses: a bad reduction is refused in PyTorch's words by every loss", () => {
  const x = tensor([0.5, 0.5]);
  const bad = { reduction: "avg" } as unknown as { reduction: "mean" };
  const fns: (() => unknown)[] = [
    () => mseLoss(x, x, bad),
    () => l1Loss(x, x, bad),
    () => smoothL1Loss(x, x, bad),
    () => huberLoss(x, x, bad),
    () => binaryCrossEntropy(x, x, bad),
    () => binaryCrossEntropyWithLogits(x, x, bad),
    () => nllLoss(tensor([[0.1, 0.2]]), [1], bad),
    () => crossEntropy(tensor([[0.1, 0.2]]), [1], bad),
  ];
  for (const f of fns) assert.throws(f, /^TypeError: avg is not a valid value for reduction$/);
  // with a weight, PyTorch 2.13's Python-level mse/l1/huber loss checks it last, in other words
  const weighted = { ...bad, weight: tensor([1, 2]) };
  for (const f of [mseLoss, l1Loss, huberLoss]) {
    assert.throws(
      () => f(x, x, weighted),
      /^TypeError: Invalid reduction mode: avg\. Expected one of 'none', 'mean', 'sum'\.$/,
    );
    assert.throws(
      () => f(x, x, { ...weighted, weight: tensor([1]) }),
      /^RangeError: Weights and input must have the same size/,
    );
  }
});

Deno.test("class-index targets: range, integrality, shapes, weights — PyTorch's words", () => {
  const logits = tensor([[1, 2, 3, 4], [0, 0, 0, 0], [4, 3, 2, 1]], f64);
  for (const f of [nllLoss, crossEntropy]) {
    assert.throws(() => f(logits, [0, 5, 1]), /^RangeError: Target 5 is out of bounds\.$/);
    assert.throws(
      () => f(logits, tensor([0, -1, 1])),
      /^RangeError: Target -1 is out of bounds\.$/,
    );
    // class indices are int64 (or uint8): PyTorch 2.x's words for anything else
    assert.throws(
      () => f(logits, [0, 1.5, 1]),
      /^TypeError: expected target dtype to be Long or Byte, but got Float$/,
    );
    assert.throws(
      () => f(logits, tensor([0, 1, 1], { dtype: "int32" })),
      /^TypeError: expected target dtype to be Long or Byte, but got Int$/,
    );
    assert.equal(
      f(logits, tensor([0, 1, 1], { dtype: "uint8" })).item(),
      f(logits, [0, 1, 1]).item(),
    );
    // uint8 targets only for input of 1 or 2 dims: PyTorch's nll_loss2d (3 or more) takes Long
    assert.throws(
      () => f(logits.reshape([3, 4, 1]), tensor([[0], [1], [1]], { dtype: "uint8" })),
      /^TypeError: expected scalar type Long but found Byte$/,
    );
    assert.throws(
      () => f(logits, [0, 1]),
      /Expected input batch_size \(3\) to match target batch_size \(2\)\./,
    );
    assert.throws(
      () => f(logits, [0, 1, 2], { weight: tensor([1, 2, 3], { dtype: "float32" }) }),
      /weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: \[3\]/,
    );
    // PyTorch 2.13's nll_loss2d, for input of 3 or more dims, names neither count nor shape
    assert.throws(
      () => f(logits.reshape([3, 4, 1]), [[0], [1], [2]], { weight: tensor([1, 2, 3], f64) }),
      /^RangeError: weight tensor should be defined either for all or no classes$/,
    );
    // PyTorch: F.nll_loss(x.double(), t, weight=torch.ones(4)) → "expected scalar type Double
    // but found Float" (the weight must have the input's dtype; class targets only)
    assert.throws(
      () => f(logits, [0, 1, 2], { weight: tensor([1, 1, 1, 1], { dtype: "float32" }) }),
      /^TypeError: expected scalar type Double but found Float$/,
    );
    assert.throws(
      () => f(logits.float(), [0, 1, 2], { weight: tensor([1, 1, 1, 1], { dtype: "float64" }) }),
      /^TypeError: expected scalar type Float but found Double$/,
    );
    assert.equal(logits.grad, null);
  }
  // ignoreIndex may be out of range; it is skipped
  assert.ok(Number.isFinite(crossEntropy(logits, [0, -100, 1]).item()));
  // PyTorch 2.13 (1.13 said "size mismatch (got input: [3], target: [2])")
  assert.throws(
    () => nllLoss(tensor([0.1, 0.2, 0.3]), [0, 1]),
    /^RangeError: For 1D input, 1D target must have size 1, but got target size: 2$/,
  );
  // ...and takes a one-element 1-d target for 1-d input, with a 0-d result for every reduction
  for (const reduction of ["none", "mean", "sum"] as const) {
    for (const f of [nllLoss, crossEntropy]) {
      const x = tensor([0.1, 0.2, 0.3], f64);
      const loss = f(x, [1], { reduction });
      assert.deepEqual(loss.shape, []);
      assert.equal(loss.item(), f(x, 1, { reduction }).item());
    }
    // its label smoothing adds a [1]-shaped term in place into the 0-d loss, and fails
    assert.throws(
      () => crossEntropy(tensor([0.1, 0.2, 0.3]), [1], { reduction, labelSmoothing: 0.1 }),
      /^RangeError: output with shape \[\] doesn't match the broadcast shape \[1\]$/,
    );
  }
  // the target's dtype is checked first for 1-d input
  assert.throws(
    () => nllLoss(tensor([0.1, 0.2, 0.3]), tensor([0, 1], { dtype: "int32" })),
    /^TypeError: expected target dtype to be Long or Byte, but got Int$/,
  );
  assert.throws(
    () => nllLoss(tensor([[[0.1, 0.2]]]), [[0, 1, 2]]),
    /Expected target size \[1, 2\], got \[1, 3\]/,
  );
  assert.throws(
    () => crossEntropy(logits, [0, 1, 2], { labelSmoothing: 1.5 }),
    /label_smoothing must be between 0.0 and 1.0. Got: 1.5/,
  );
  // PyTorch 2.13 refuses only values above 1: a negative (or NaN) label_smoothing smooths nothing
  for (const labelSmoothing of [-0.1, -1, NaN]) {
    for (const target of [[0, 1, 2], logits.softmax(1).detach()]) {
      assert.equal(
        crossEntropy(logits, target, { labelSmoothing }).item(),
        crossEntropy(logits, target).item(),
      );
    }
  }
  assert.throws(
    () => crossEntropy(logits, logits.detach().softmax(1), { ignoreIndex: 1 }),
    /ignore_index is not supported for floating point target/,
  );
  // nll mean with every target ignored is NaN, as in PyTorch
  assert.ok(Number.isNaN(nllLoss(logits, [-100, -100, -100]).item()));
});

Deno.test("BCE: inputs and targets outside [0, 1] are refused; hyper-parameter checks", () => {
  const p = tensor([0.2, 0.7], f64);
  assert.throws(
    () => binaryCrossEntropy(tensor([0.2, 1.5]), tensor([0, 1], { dtype: "float32" })),
    /^RangeError: all elements of input should be between 0 and 1/,
  );
  assert.throws(
    () => binaryCrossEntropy(p, tensor([0, 2], { dtype: "float64" })),
    /^RangeError: all elements of target should be between 0 and 1/,
  );
  assert.throws(
    () => binaryCrossEntropy(tensor([NaN, 0.5]), tensor([0, 1], { dtype: "float32" })),
    /input should be between 0 and 1/,
  );
  assert.equal(p.grad, null);
  assert.throws(
    () => smoothL1Loss(p, p, { beta: -1 }),
    /smooth_l1_loss does not support negative values for beta/,
  );
  assert.throws(
    () => huberLoss(p, p, { delta: 0 }),
    /huber_loss does not support non-positive values for delta/,
  );
  assert.throws(
    () => mseLoss([1, 2] as unknown as never, p),
    /^TypeError: mse_loss\(\): argument 'input' must be Tensor/,
  );
});

Deno.test("losses: which of two errors comes first, as in PyTorch 2.13", () => {
  const d = { dtype: "float64" as const };
  // binary_cross_entropy broadcasts its weight in Python, before the kernel's dtype check
  assert.throws(
    () =>
      binaryCrossEntropy(tensor([0.5, 0.5], d), tensor([0.5, 0.5], d), {
        weight: tensor([1, 1, 1, 1], { dtype: "float32" }),
      }),
    /^RangeError: Attempting to broadcast a dimension of length 4 at -1! Mismatching argument at index 1 had torch.Size\(\[4\]\); but expected shape should be broadcastable to \[2\]$/,
  );
  // a 1-d input's target: its rank, then its dtype
  assert.throws(
    () => crossEntropy(tensor([0.1, 0.2, 0.3], d), tensor([[0, 1]], { dtype: "float32" })),
    /^RangeError: 0D or 1D target tensor expected, multi-target not supported$/,
  );
  // 4-d input goes to nll_loss2d, with its own words for the target's rank and sizes
  for (const f of [nllLoss, crossEntropy]) {
    assert.throws(
      () => f(tensor([[[[0.1]], [[0.2]]]], d), tensor([0])),
      /^RangeError: only batches of spatial targets supported \(3D tensors\) but got targets of dimension: 1$/,
    );
    assert.throws(
      () => f(tensor([[[[0.1]], [[0.2]]]], d), tensor([[[0, 0]]])),
      /^RangeError: size mismatch \(got input: \[1, 2, 1, 1\] , target: \[1, 1, 2\]$/,
    );
  }
  // huber_loss with a weight checks its size before delta
  assert.throws(
    () => huberLoss(tensor([0.5, 0.5], d), tensor([0, 0], d), { weight: tensor([1], d), delta: 0 }),
    /^RangeError: Weights and input must have the same size/,
  );
  // weighted mse/l1/huber broadcast input and target before checking the weight
  const x = tensor([[[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]]], d);
  const y = tensor([[[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]]], d);
  for (const f of [mseLoss, l1Loss, huberLoss]) {
    assert.throws(
      () => captureWarnings(() => f(x, y, { weight: tensor([1, 1], d) })),
      /^RangeError: The size of tensor a \(2\) must match the size of tensor b \(3\) at non-singleton dimension 2$/,
    );
  }
});
