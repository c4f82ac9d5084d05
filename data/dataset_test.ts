import assert from "node:assert/strict";
import { Dataset, Subset, TensorDataset } from "@descent/data";
import { noGrad } from "@descent/autograd";
import { arange, floatTensor, stack, tensor } from "@descent/tensor";

Deno.test("TensorDataset: rows as views, batches gathered in index order", () => {
  const x = arange(12).reshape(4, 3);
  const y = floatTensor([0, 1, 0, 1]);
  const ds = new TensorDataset(x, y);
  assert.equal(ds.length, 4);
  assert.equal(ds.tensors[0], x);
  const [row, label] = ds.get(-1);
  assert.deepEqual(row.toList(), [9, 10, 11]);
  assert.equal(label.item(), 1);
  x.select(0, 3).fill_(7); // a view: sees the change
  assert.deepEqual(row.toList(), [7, 7, 7]);
  const [xb, yb] = ds.getBatch([2, 0, 2]);
  assert.deepEqual(xb.toList(), [[6, 7, 8], [0, 1, 2], [6, 7, 8]]);
  assert.deepEqual(yb.toList(), [0, 0, 0]);
  // the same values as the samples' default collation
  assert.deepEqual(stack([2, 0, 2].map((i) => ds.get(i)[0])).toList(), xb.toList());
});

Deno.test("TensorDataset: a batch of tensors that require grad is in the graph, as stack's", () => {
  const w = floatTensor([[1, 2], [3, 4]]).requiresGrad_();
  const [b] = new TensorDataset(w).getBatch([1, 1]);
  assert.equal(b.gradFn?.name(), "StackBackward0");
  b.sum().backward();
  assert.deepEqual(w.grad!.toList(), [[0, 0], [2, 2]]);
});

Deno.test("TensorDataset: float64 and non-contiguous tensors", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" }).t(); // [3, 2], a transposed view
  const [b] = new TensorDataset(x).getBatch([2, 0]);
  assert.equal(b.dtype, "float64");
  assert.deepEqual(b.toList(), [[3, 6], [1, 4]]);
});

Deno.test("TensorDataset: errors", () => {
  assert.throws(() => new TensorDataset(), {
    name: "TypeError",
    message: "TensorDataset needs at least one tensor",
  });
  assert.throws(() => new TensorDataset(arange(3), arange(4)), {
    name: "RangeError",
    message: "Size mismatch between tensors: [3] and [4]",
  });
  assert.throws(() => new TensorDataset(floatTensor(1)), {
    name: "RangeError",
    message: "TensorDataset: tensor 0 is 0-d; samples are taken along the first dim",
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => new TensorDataset([1, 2] as any), {
    name: "TypeError",
    message: "TensorDataset: argument 0 is Array, not a Tensor",
  });
  const ds = new TensorDataset(arange(3));
  assert.throws(() => ds.get(3), {
    name: "RangeError",
    message: "index 3 is out of bounds for dimension 0 with size 3",
  });
  assert.throws(() => ds.getBatch([0, 5]), {
    name: "RangeError",
    message: "index 5 is out of bounds for dimension 0 with size 3",
  });
});

Deno.test("Subset: maps indices, negative from the end, batches through the dataset", () => {
  const ds = new TensorDataset(arange(10).mul(10));
  const s = new Subset(ds, [7, 2, 5]);
  assert.equal(s.length, 3);
  assert.equal(s.get(0)[0].item(), 70);
  assert.equal(s.get(-1)[0].item(), 50);
  assert.deepEqual(s.getBatch([2, 0])[0].toList(), [50, 70]);
  const nested = new Subset(s, [2, 1]);
  assert.deepEqual(nested.getBatch([0, 1])[0].toList(), [50, 20]);
  assert.throws(() => s.get(3), {
    name: "RangeError",
    message: "Subset index 3 is out of range for a subset of 3",
  });
  assert.throws(() => s.get(-4), RangeError);
  assert.throws(() => s.getBatch([0, 1.5]), {
    name: "TypeError",
    message: "Subset: index must be an integer, got 1.5",
  });
});

Deno.test("Dataset: the default getBatch collates get()", () => {
  class Pairs extends Dataset<[number, string]> {
    readonly length = 3;
    get(i: number): [number, string] {
      return [i / 2, `s${i}`];
    }
  }
  const [a, names] = new Pairs().getBatch([2, 1]);
  assert.equal(String(a), "tensor([1.0000, 0.5000], dtype=torch.float64)");
  assert.deepEqual(names, ["s2", "s1"]);
});

Deno.test("TensorDataset.getBatch: dense tensors, views and noGrad give the same rows", () => {
  const base = arange(24).reshape(8, 3);
  const views = [base, base.narrow(0, 2, 5), base.t().contiguous().t(), base.select(1, 0)];
  for (const t of views) {
    const idx = [t.shape[0] - 1, 0, -1, 1];
    const expected = stack(idx.map((i) => t.select(0, i))).toList();
    assert.deepEqual(new TensorDataset(t).getBatch(idx)[0].toList(), expected);
  }
  const w = floatTensor([[1, 2], [3, 4]]).requiresGrad_();
  const b = noGrad(() => new TensorDataset(w).getBatch([1, 0])[0]);
  assert.equal(b.gradFn, null);
  assert.equal(b.requiresGrad, false);
  assert.deepEqual(b.toList(), [[3, 4], [1, 2]]);
  for (const t of [base, base.narrow(0, 2, 5)]) {
    assert.throws(() => new TensorDataset(t).getBatch([0, 1.5]), {
      name: "TypeError",
      message: "index must be an integer, got 1.5",
    });
    assert.throws(() => new TensorDataset(t).getBatch([]), RangeError);
  }
});
