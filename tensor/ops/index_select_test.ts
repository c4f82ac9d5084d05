import assert from "node:assert/strict";
import {
  arange,
  floatTensor,
  gradcheck,
  gradgradcheck,
  indexAdd,
  indexSelect,
  manualSeed,
  randn,
  take,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("indexSelect picks whole slices, in order, repeats allowed", () => {
  const x = arange(12).reshape(3, 4);
  assert.deepEqual(indexSelect(x, 0, tensor([2, 0, 2])).toList(), [
    [8, 9, 10, 11],
    [0, 1, 2, 3],
    [8, 9, 10, 11],
  ]);
  assert.deepEqual(x.indexSelect(1, tensor([3], { dtype: "int32" })).toList(), [[3], [7], [11]]);
  assert.deepEqual(x.indexSelect(-1, tensor(1)).shape, [3, 1]); // a 0-d index: one slice
  assert.deepEqual(x.indexSelect(0, tensor([], { dtype: "int64" })).shape, [0, 4]);
  // a long row is copied as one run: a 300-wide table
  const wide = arange(900, undefined, undefined, { dtype: "float32" }).reshape(3, 300);
  const rows = wide.indexSelect(0, tensor([2, 1]));
  assert.deepEqual([rows.index(0, 0).item(), rows.index(1, 299).item()], [600, 599]);
});

Deno.test("indexAdd adds slices back (the adjoint of indexSelect); take reads flat positions", () => {
  const out = indexAdd(zeros([3, 2]), 0, tensor([2, 0, 2]), floatTensor([[1, 2], [3, 4], [5, 6]]), {
    alpha: 2,
  });
  assert.deepEqual(out.toList(), [[6, 8], [0, 0], [12, 16]]);
  const x = zeros([3]);
  x.indexAdd_(0, tensor([1, 1]), floatTensor([2, 3]));
  assert.deepEqual(x.toList(), [0, 5, 0]);
  assert.deepEqual(take(arange(6).reshape(2, 3), tensor([[0, -1], [4, 4]])).toList(), [
    [0, 5],
    [4, 4],
  ]);
  assert.deepEqual(floatTensor(7).take(tensor([0, -1])).toList(), [7, 7]);
});

Deno.test("indexAdd on integers and bools: alpha in self's dtype, bools add as or", () => {
  // PyTorch 2.13: alpha=-0.5 truncates to 0 for int64 (nothing added), 2.5 to 2
  const L = (...v: number[]) => tensor(v);
  assert.deepEqual(indexAdd(L(1, 2, 3), 0, L(0, 0), L(5, 7), { alpha: -0.5 }).toList(), [1, 2, 3]);
  assert.deepEqual(indexAdd(L(1, 2, 3), 0, L(0, 0), L(5, 7), { alpha: 2.5 }).toList(), [25, 2, 3]);
  const b = indexAdd(tensor([false, true, false]), 0, L(0, 0, 1), tensor([true, true, true]));
  assert.deepEqual([...b.toTypedArray()], [1, 1, 0]); // true + true is true, stored as 1
});

Deno.test("indexSelect of a 0-d tensor is 0-d; indexAdd into an empty matrix checks no position", () => {
  // PyTorch 2.13: torch.tensor(5.).index_select(0, tensor([0])) has shape []; index_add of a
  // 2-D tensor with no element returns it, whatever the positions
  const s = floatTensor(5).requiresGrad_(true);
  const y = s.indexSelect(0, tensor([0]));
  assert.deepEqual([y.shape, y.item()], [[], 5]);
  y.backward();
  assert.equal(s.grad!.item(), 1);
  assert.deepEqual(indexAdd(zeros([0, 3]), 0, tensor([5]), zeros([1, 3])).shape, [0, 3]);
});

Deno.test("indexSelect, indexAdd, take: gradients, first and second order", () => {
  manualSeed(70);
  const a = randn([3, 4], f64);
  const i = tensor([3, 0, 3]);
  assert.ok(gradcheck((t: Tensor) => t.indexSelect(1, i), [a]));
  assert.ok(gradgradcheck((t: Tensor) => t.indexSelect(0, tensor([2, 2])).pow(2), [a]));
  assert.ok(
    gradcheck((t: Tensor, s: Tensor) => t.indexAdd(1, i, s, { alpha: -2 }), [
      a,
      randn([3, 3], f64),
    ]),
  );
  assert.ok(
    gradgradcheck((t: Tensor, s: Tensor) => t.indexAdd(0, tensor([1, 1]), s.mul(s)), [
      a,
      randn([2, 4], f64),
    ]),
  );
  assert.ok(gradcheck((t: Tensor) => t.take(tensor([[0, -1], [5, 5]])), [a]));
  assert.ok(gradgradcheck((t: Tensor) => t.take(tensor([7, 7])).pow(2), [a]));
  assert.ok(gradcheck((t: Tensor) => t.sum().take(tensor([0, -1])), [a]));
  assert.equal(a.indexSelect(1, i.index([0])).gradFn!.name(), "IndexSelectBackward0");
});

Deno.test("index_select/index_add/take errors change nothing", () => {
  const x = zeros([3, 4]);
  const before = [x.version, String(x)];
  assert.throws(() => x.indexAdd_(0, tensor([0, 3]), zeros([2, 4])), {
    name: "RangeError",
    message: "index 3 is out of bounds for dimension 0 with size 3",
  });
  assert.throws(() => x.indexSelect(1, tensor([4])), {
    name: "RangeError",
    message: "INDICES element is out of DATA bounds, id=4 axis_dim=4",
  });
  assert.throws(() => x.take(tensor([12])), /out of range: tried to access index 12/);
  assert.deepEqual([x.version, String(x)], before);
});
