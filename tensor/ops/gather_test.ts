import assert from "node:assert/strict";
import {
  floatTensor,
  gather,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  scatter,
  scatterAdd,
  scatterReduce,
  type ScatterReduction,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;
const I = (rows: number[][]) => tensor(rows, { dtype: "int64" });

Deno.test("gather reads along a dim; scatter and scatterAdd write back", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(gather(x, 1, I([[2, 0], [1, 1]])).toList(), [[3, 1], [5, 5]]);
  assert.deepEqual(x.gather(0, I([[1, 0, 1]])).toList(), [[4, 2, 6]]);
  // int32 indices too (PyTorch 2.x)
  assert.deepEqual(x.gather(1, tensor([[0], [2]], { dtype: "int32" })).toList(), [[1], [6]]);
  // the last write wins where positions repeat; a number is written everywhere pointed at
  assert.deepEqual(scatter(zeros([3]), 0, tensor([1, 1]), floatTensor([5, 6])).toList(), [0, 6, 0]);
  assert.deepEqual(zeros([2, 2]).scatter(1, I([[1], [0]]), 7).toList(), [[0, 7], [7, 0]]);
  const added = scatterAdd(zeros([3]), 0, tensor([0, 2, 0, 0]), floatTensor([1, 2, 3, 4]));
  assert.deepEqual(added.toList(), [8, 0, 2]);
  // the index may be smaller than the tensors in every dim (no larger elsewhere than self)
  assert.deepEqual(zeros([2, 3]).scatterAdd(0, I([[1, 1]]), floatTensor([[1, 2, 9]])).toList(), [
    [0, 0, 0],
    [1, 2, 0],
  ]);
});

Deno.test("scatterReduce: every reduction, with and without the element itself", () => {
  const self = floatTensor([1, 2, 3, 4]);
  const src = floatTensor([5, 6, 7, 0]);
  const i = tensor([0, 1, 0, 1]);
  const cases: [ScatterReduction, boolean, number[]][] = [
    ["sum", true, [13, 8, 3, 4]],
    ["sum", false, [12, 6, 3, 4]],
    ["prod", true, [35, 0, 3, 4]],
    ["prod", false, [35, 0, 3, 4]],
    ["mean", true, [13 / 3, 8 / 3, 3, 4]],
    ["mean", false, [6, 3, 3, 4]],
    ["amax", true, [7, 6, 3, 4]],
    ["amin", false, [5, 0, 3, 4]],
  ];
  for (const [reduce, includeSelf, want] of cases) {
    const got = scatterReduce(self, 0, i, src, reduce, { includeSelf }).toList() as number[];
    got.forEach((v, k) =>
      assert.ok(Math.abs(v - want[k]) < 1e-6, `${reduce} ${includeSelf}: ${got}`)
    );
  }
  // NaN wins amax/amin; integer means round down
  assert.deepEqual(
    scatterReduce(floatTensor([0, 0]), 0, tensor([0, 0]), floatTensor([NaN, 1]), "amax").toList(),
    [NaN, 0],
  );
  assert.deepEqual(
    tensor([1, 1]).scatterReduce(0, tensor([0, 0]), tensor([2, 2]), "mean").toList(),
    [1, 1],
  );
});

Deno.test("gather and the scatters: gradients, first and second order", () => {
  manualSeed(60);
  const a = randn([3, 4], f64);
  const i = I([[0, 2, 1, 0], [2, 2, 0, 1]]);
  assert.ok(gradcheck((t: Tensor) => t.gather(0, i), [a]));
  assert.ok(gradgradcheck((t: Tensor) => t.gather(1, I([[3], [0], [3]])).pow(2), [a]));
  const s = randn([2, 4], f64);
  // scatter's gradient (gather) counts every source element, so check it where none collide
  const unique = I([[0, 2, 1, 0], [2, 1, 0, 1]]);
  assert.ok(gradcheck((t: Tensor, u: Tensor) => t.scatter(0, unique, u), [a, s]));
  assert.ok(gradcheck((t: Tensor) => t.scatter(1, I([[0], [3], [1]]), 2), [a]));
  assert.ok(gradcheck((t: Tensor, u: Tensor) => t.scatterAdd(0, i, u), [a, s]));
  assert.ok(gradgradcheck((t: Tensor, u: Tensor) => t.scatterAdd(0, i, u.mul(u)), [a, s]));
  for (const reduce of ["sum", "prod", "mean", "amax", "amin"] as const) {
    for (const includeSelf of [true, false]) {
      const f = (t: Tensor, u: Tensor) => t.scatterReduce(0, i, u, reduce, { includeSelf });
      assert.ok(gradcheck(f, [randn([3, 4], f64), randn([2, 4], f64)]), `${reduce}`);
      assert.ok(gradgradcheck(f, [randn([3, 4], f64), randn([2, 4], f64)]), `${reduce}`);
    }
  }
  // in place, through a view
  const inPlace = (t: Tensor, u: Tensor) => {
    const c = t.mul(1);
    c.index(1).scatter_(0, tensor([3, 0]), u.index(0, [0, 1]));
    c.scatterAdd_(0, i, u);
    c.scatterReduce_(0, i, u, "amax");
    return c;
  };
  assert.ok(gradcheck(inPlace, [a, s]));
});

Deno.test("gather/scatter errors change nothing", () => {
  const x = zeros([3, 4]);
  const before = [x.version, String(x)];
  assert.throws(() => x.scatter_(1, I([[0], [1], [4]]), 1), {
    name: "RangeError",
    message: "index 4 is out of bounds for dimension 1 with size 4",
  });
  assert.throws(() => x.scatterAdd_(1, I([[0]]), floatTensor([[1]]).double()), {
    name: "TypeError",
    message: "scatter(): Expected self.dtype to be equal to src.dtype", // PyTorch 2.13's words
  });
  assert.throws(() => x.scatterReduce_(0, I([[0]]), floatTensor([[1]]), "max" as "amax"), {
    name: "RangeError",
    message: "reduce argument must be either sum, prod, mean, amax or amin, got max",
  });
  assert.deepEqual([x.version, String(x)], before);
});

Deno.test("scatterReduce without self on integer and bool tensors; bool sums are or", () => {
  // PyTorch 2.13: the first value landing replaces the element (an int32 cannot hold the +inf
  // identity of amin); on bools, sum is or and prod is and
  const i = tensor([0, 0, 2]);
  const opts = { includeSelf: false };
  for (const dtype of ["int32", "uint8", "int64"] as const) {
    const x = tensor([5, 5, 1], { dtype });
    const s = tensor([3, 7, 0], { dtype });
    assert.deepEqual(scatterReduce(x, 0, i, s, "amin", opts).toList(), [3, 5, 0], dtype);
    assert.deepEqual(scatterReduce(x, 0, i, s, "amax", opts).toList(), [7, 5, 0], dtype);
    assert.deepEqual(scatterReduce(x, 0, i, s, "prod", opts).toList(), [21, 5, 0], dtype);
  }
  const b = tensor([true, true, true]);
  const s = tensor([true, true, false]);
  const raw = (t: Tensor) => [...t.toTypedArray()];
  assert.deepEqual(raw(scatterAdd(b, 0, i, s)), [1, 1, 1]);
  assert.deepEqual(raw(scatterReduce(b, 0, i, s, "sum", opts)), [1, 1, 0]);
  assert.deepEqual(raw(scatterReduce(b, 0, i, s, "amin", opts)), [1, 1, 0]);
  assert.deepEqual(raw(scatterReduce(b, 0, i, s, "prod")), [1, 1, 0]);
});

Deno.test("scatterReduce sum without self: a -0 landing first gives 0, as PyTorch's 0 + -0", () => {
  const out = scatterReduce(floatTensor([1, 1]), 0, tensor([0]), floatTensor([-0]), "sum", {
    includeSelf: false,
  });
  assert.ok(Object.is(out.toTypedArray()[0], 0));
});
