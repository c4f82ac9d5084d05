import assert from "node:assert/strict";
import {
  arange,
  ellipsis,
  floatTensor,
  gradcheck,
  gradgradcheck,
  index,
  indexPut,
  manualSeed,
  ones,
  randn,
  slice,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;
const L = (...v: number[]) => tensor(v, { dtype: "int64" });

/** The names of the nodes from `t` back along first edges (the chain PyTorch records). */
function chain(t: Tensor): string[] {
  const out: string[] = [];
  for (let fn = t.gradFn; fn !== null && fn.nextFunctions.length > 0; fn = fn.nextFunctions[0][0]) {
    out.push(fn.name());
  }
  return out;
}

Deno.test("slice() reads as Python's slice: one argument is the stop", () => {
  assert.deepEqual(slice(), { kind: "slice", start: null, stop: null, step: null });
  assert.deepEqual(slice(3), { kind: "slice", start: null, stop: 3, step: null });
  assert.deepEqual(slice(1, null, 2), { kind: "slice", start: 1, stop: null, step: 2 });
  assert.ok(Object.isFrozen(slice(1, 2)));
  assert.throws(() => slice(0.5), {
    name: "TypeError",
    message: "slice indices must be integers or null",
  });
  const x = arange(10);
  assert.deepEqual(x.index(slice(-3, null)).toList(), [7, 8, 9]);
  assert.deepEqual(x.index(slice(null, -7)).toList(), [0, 1, 2]);
  assert.deepEqual(x.index(slice(8, 3)).toList(), []); // empty, as Python
  assert.deepEqual(x.index(slice(-100, 100, 4)).toList(), [0, 4, 8]); // clamped
});

Deno.test("integers, slices, null and the ellipsis give views, one node per item", () => {
  const x = arange(24, undefined, undefined, { dtype: "float32" }).reshape(2, 3, 4);
  const v = x.index(1, slice(null, null, 2), -1);
  assert.equal(v._data, x._data, "a view of x's storage");
  assert.deepEqual(v.toList(), [15, 23]);
  assert.deepEqual(v.stride(), [8]);
  assert.deepEqual(x.index(ellipsis, null, 0).shape, [2, 3, 1]);
  assert.deepEqual(x.index("...").shape, [2, 3, 4]);
  assert.deepEqual(x.index(null).shape, [1, 2, 3, 4]);
  const a = ones([3, 4], { requiresGrad: true });
  assert.deepEqual(chain(a.index(slice(1, 3), 2)), ["SelectBackward0", "SliceBackward0"]);
  assert.deepEqual(chain(a.index(slice(), 2)), ["SelectBackward0"]); // whole slices skipped
  assert.deepEqual(chain(a.index(slice())), ["SliceBackward0"]); // … except alone, as Python
  assert.deepEqual(chain(a.index(slice(), slice())), ["AliasBackward0"]);
  assert.deepEqual(chain(a.index(null, null)), ["UnsqueezeBackward0", "UnsqueezeBackward0"]);
  assert.deepEqual(chain(a.index(tensor(1), 2)), ["SelectBackward0", "SelectBackward0"]);
});

Deno.test("index tensors: broadcasting, and where the indexed dims go", () => {
  const x = arange(60).reshape(3, 4, 5);
  // adjacent index tensors stay in place; separated ones go first
  assert.deepEqual(x.index(slice(), L(0, 3), L(4, 1)).shape, [3, 2]);
  assert.deepEqual(x.index(L(0, 2), slice(), L(4, 1)).shape, [2, 4]);
  assert.deepEqual(x.index(L(0, 2), slice(), L(4, 1)).index(1).toList(), [41, 46, 51, 56]);
  assert.deepEqual(x.index(L(1, 2), null, L(0, 1)).shape, [2, 1, 5]);
  // [2, 1] and [3] broadcast to [2, 3]
  const b = x.index(tensor([[0], [2]]), tensor([1, -1, 3]));
  assert.deepEqual(b.shape, [2, 3, 5]);
  assert.deepEqual(b.index(slice(), slice(), 0).toList(), [[5, 15, 15], [45, 55, 55]]);
  // an integer is applied first (a select), as PyTorch does (NumPy would move the dims)
  assert.deepEqual(x.index(0, slice(), [0, 1]).shape, [4, 2]);
  // nested arrays are index tensors; an empty one selects nothing
  assert.deepEqual(x.index([[0, 1], [1, 2]]).shape, [2, 2, 4, 5]);
  assert.deepEqual(x.index([]).shape, [0, 4, 5]);
  // a boolean adds a dim, kept or emptied
  assert.deepEqual(x.index(true).shape, [1, 3, 4, 5]);
  assert.deepEqual(x.index(false, 0).shape, [0, 4, 5]);
});

Deno.test("masks: each of their dims indexes one dim, in row-major order", () => {
  const x = arange(12).reshape(3, 4);
  assert.deepEqual(x.index(x.remainder(5).eq(0)).toList(), [0, 5, 10]);
  assert.deepEqual(x.index(tensor([true, false, true]), slice(1, 3)).toList(), [[1, 2], [9, 10]]);
  assert.deepEqual(x.index([true, false, true]).toList(), [[0, 1, 2, 3], [8, 9, 10, 11]]);
  // a mask then an index tensor: the mask's positions broadcast with it
  const m = zeros([2, 3], { dtype: "bool" }).indexPut_([[0, 1], [1, 2]], true);
  const y = arange(24).reshape(2, 3, 4);
  assert.deepEqual(y.index(m, L(3, 0)).toList(), [7, 20]);
});

Deno.test("integer and bool tensors index like float ones", () => {
  const x = tensor([[1, -2, 3], [4, 5, -6]]);
  assert.equal(String(x.index(slice(), [2, 0])), "tensor([[ 3,  1],\n        [-6,  4]])");
  const b = tensor([[true, false], [false, true]]);
  assert.equal(String(b.index(L(1), slice())), "tensor([[False,  True]])");
  assert.equal(String(b.index(b)), "tensor([True, True])");
});

Deno.test("index: gradients of views and copies, first and second order", () => {
  manualSeed(40);
  const a = randn([3, 4, 2], f64);
  assert.ok(gradcheck((t: Tensor) => t.index(1, slice(null, null, 2)), [a]));
  assert.ok(gradcheck((t: Tensor) => t.index(null, slice(1, null), "...", 0), [a]));
  assert.ok(gradcheck((t: Tensor) => t.index(L(0, 2, 0), slice(), L(1)), [a]));
  assert.ok(gradcheck((t: Tensor) => t.index(t.gt(0)), [a]));
  assert.ok(gradcheck((t: Tensor) => index(t, [[0], [2]], [1, 3, 1]), [a]));
  assert.ok(gradgradcheck((t: Tensor) => t.index([2, 2], slice(1, null)).pow(3), [a]));
  assert.ok(gradgradcheck((t: Tensor) => t.index(slice(null, null, 2)).pow(2), [a]));
  assert.equal(a.index([0]).gradFn!.name(), "IndexBackward0");
});

Deno.test("indexPut_: Python's t[...] = v, through views and index tensors", () => {
  const x = zeros([3, 4]);
  x.indexPut_([1], floatTensor([1, 2, 3, 4])); // x[1] = …
  x.indexPut_([slice(), 0], 7); // x[:, 0] = 7
  x.indexPut_([x.gt(3)], -1); // x[x > 3] = -1
  x.indexPut_([[2, 2], [1, 1]], floatTensor([1, 2]), { accumulate: true });
  assert.deepEqual(x.toList(), [[-1, 0, 0, 0], [-1, 2, 3, -1], [-1, 3, 0, 0]]);
  // the last write wins where an index repeats
  assert.deepEqual(zeros([2]).indexPut_([[0, 0]], floatTensor([5, 6])).toList(), [6, 0]);
  // values broadcast (leading dims of size 1 dropped); numbers take the tensor's dtype
  const y = zeros([2, 3], { dtype: "int64" });
  y.indexPut_([slice(), slice(1, null)], tensor([[[9, 8]]]));
  y.indexPut_([0, 0], 2.7);
  assert.equal(String(y), "tensor([[2, 9, 8],\n        [0, 9, 8]])");
  // accumulate with basic items only adds through the view
  assert.deepEqual(ones([2, 2]).indexPut_([0], 3, { accumulate: true }).toList(), [[4, 4], [1, 1]]);
});

Deno.test("indexPut_ with accumulate on bools: or, however many duplicates", () => {
  const x = zeros([3], { dtype: "bool" });
  x.indexPut_([L(0, 0, 2)], tensor([true, true, false]), { accumulate: true });
  assert.deepEqual([...x.toTypedArray()], [1, 0, 0]); // PyTorch 2.13: [True, False, False]
  const y = zeros([2], { dtype: "bool" });
  y.indexPut_([zeros([256], { dtype: "int64" })], true, { accumulate: true }); // 256 adds
  y.indexPut_([tensor(1)], true, { accumulate: true }).indexPut_([tensor(1)], true, {
    accumulate: true,
  });
  assert.deepEqual([...y.toTypedArray()], [1, 1]);
});

Deno.test("indexPut_ records as PyTorch: CopySlices, IndexPutBackward0 or CopyBackwards", () => {
  const a = randn([3, 4], f64);
  const v = randn([4], f64);
  const names = (ix: Parameters<Tensor["indexPut_"]>[0], val: Tensor | number) => {
    const c = a.clone();
    c.indexPut_(ix, val);
    return [c.gradFn!.name(), c.gradFn!.nextFunctions.map(([n]) => n?.name() ?? null)];
  };
  assert.deepEqual(names([1], v), ["CopySlices", ["CloneBackward0", "AccumulateGrad"]]);
  assert.deepEqual(names([slice()], v), ["CopyBackwards", ["CloneBackward0", "ExpandBackward0"]]);
  assert.deepEqual(names([a.gt(0)], 0), ["IndexPutBackward0", ["CloneBackward0", null]]);
  assert.deepEqual(names([slice(0, 2), [0, 1]], 5), ["CopySlices", ["CloneBackward0", null]]);
  // a tensor that does not require grad joins the graph
  const x = zeros([4], { dtype: "float64" });
  x.indexPut_([L(1, 3)], v.index(slice(2)));
  assert.equal(x.gradFn!.name(), "IndexPutBackward0");
});

Deno.test("indexPut and indexPut_: gradients, first and second order", () => {
  manualSeed(41);
  const a = randn([3, 4], f64);
  const v = randn([2, 4], f64);
  assert.ok(gradcheck((t: Tensor, s: Tensor) => indexPut(t, [[0, 2]], s), [a, v]));
  assert.ok(
    gradcheck((t: Tensor, s: Tensor) => t.indexPut([[2, 2]], s, { accumulate: true }), [a, v]),
  );
  assert.ok(gradgradcheck((t: Tensor, s: Tensor) => t.indexPut([[1, 0]], s.mul(s)), [a, v]));
  // fill a row, a masked update, x[:] *= 2: through CopySlices
  const fillRow = (t: Tensor) => {
    const c = t.mul(t);
    c.indexPut_([1], 0);
    return c;
  };
  const masked = (t: Tensor) => {
    const c = t.mul(2);
    c.indexPut_([c.gt(0)], c.index(c.gt(0)).mul(c.index(c.gt(0))));
    return c;
  };
  const scaleAll = (t: Tensor) => {
    const c = t.mul(t);
    c.index(slice()).mul_(2);
    c.index(slice(), slice(1, 3)).mul_(c.index(0, slice(0, 2)).clone());
    return c;
  };
  for (const f of [fillRow, masked, scaleAll]) {
    assert.ok(gradcheck(f, [a]));
    assert.ok(gradgradcheck(f, [a]));
  }
});

Deno.test("errors: PyTorch's words, and a failed write changes nothing", () => {
  const x = ones([3, 4]);
  assert.throws(() => x.index(0, 0, 0), {
    name: "RangeError",
    message: "too many indices for tensor of dimension 2",
  });
  assert.throws(() => x.index(floatTensor([1])), {
    name: "TypeError",
    message: "tensors used as indices must be long, int, byte or bool tensors",
  });
  assert.throws(() => x.index(tensor([true, false])), {
    name: "RangeError",
    message:
      "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0",
  });
  assert.throws(() => x.index("a" as unknown as number), {
    name: "TypeError",
    message:
      "only integers, slices (`:`), ellipsis (`...`), null and long or byte Variables are valid indices (got string)",
  });
  const before = [x.version, String(x)];
  assert.throws(() => x.indexPut_([L(0, 5)], 2), /index 5 is out of bounds for dimension 0/);
  assert.throws(() => x.indexPut_([L(0, 1)], ones([3])), /shape mismatch/);
  assert.throws(() => x.indexPut_([0], ones([5])), /expanded size/);
  assert.deepEqual([x.version, String(x)], before);
  assert.throws(() => x.indexPut_(0 as unknown as [], 1), {
    name: "TypeError",
    message: "indexPut_(): indices must be a list of index items, got number",
  });
});

Deno.test("indexPut_: one value through one mask is converted (PyTorch's masked_fill dispatch)", () => {
  // PyTorch 2.13: x[mask] = tensor([3.7]) on a uint8 tensor writes 3; other dtypes must match
  const y = zeros([2, 3], { dtype: "uint8" });
  y.indexPut_([tensor([true, false])], floatTensor([3.7]));
  assert.deepEqual(y.toList(), [[3, 3, 3], [0, 0, 0]]);
  const x = zeros([2, 3], { dtype: "float64", requiresGrad: true }).mul(1);
  const v = floatTensor([5]).requiresGrad_(true);
  x.indexPut_([tensor([true, false])], v);
  x.sum().backward();
  assert.deepEqual([v.grad!.dtype, v.grad!.toList()], ["float32", [3]]);
  assert.throws(() => zeros([3]).indexPut_([L(0)], floatTensor([1]).double()), TypeError);
});
