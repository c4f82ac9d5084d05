import assert from "node:assert/strict";
import { arange, DTYPES, ones, rand, type Tensor, tensor, zeros } from "@descent/tensor";
import { allocate, type Storage, valuesOf } from "@descent/tensor/extend";

/** The zero-copy idiom: hands `arr`'s buffer over (as `postMessage` with a transfer list does). */
function transfer(arr: Storage): void {
  structuredClone(arr, { transfer: [arr.buffer as ArrayBuffer] });
}

/** Small tensors of both dtypes print as they should: the slabs are intact. */
function assertSmallTensorsIntact(): void {
  assert.equal(String(tensor([1, 2, 3], { dtype: "float32" })), "tensor([1., 2., 3.])");
  assert.equal(String(ones([2], { dtype: "float64" })), "tensor([1., 1.], dtype=torch.float64)");
  assert.equal(String(tensor([1, -2]).mul(3)), "tensor([ 3, -6])");
  assert.equal(String(tensor([7, 1], { dtype: "int32" })), "tensor([7, 1], dtype=torch.int32)");
  assert.equal(String(tensor([true, false]).logicalNot()), "tensor([False,  True])");
  assert.equal(String(tensor([[1, 2], [3, 4]], { dtype: "float32" }).mul(2).sum()), "tensor(20.)");
}

Deno.test("allocate: a bad length throws and allocates nothing, so nothing aliases", () => {
  for (const dtype of DTYPES) {
    const live = allocate(dtype, 4).fill(7);
    assert.throws(() => allocate(dtype, -3), {
      name: "RangeError",
      message: "allocate(): the length must be in [0, 2^32), got -3",
    });
    assert.throws(() => allocate(dtype, NaN), {
      name: "TypeError",
      message: "allocate(): the length must be an integer, got NaN",
    });
    assert.throws(() => allocate(dtype, 1.5), TypeError);
    assert.throws(() => allocate(dtype, Infinity), TypeError);
    assert.throws(() => allocate(dtype, 2 ** 32), RangeError);
    assert.throws(() => allocate(dtype, "3" as never), TypeError);
    const next = allocate(dtype, 4);
    assert.deepEqual(Array.from(next), [0, 0, 0, 0]);
    next.fill(1);
    assert.deepEqual(Array.from(live), [7, 7, 7, 7]);
  }
  assert.throws(() => allocate("int8" as never, 3), {
    name: "TypeError",
    message:
      'allocate(): unsupported dtype "int8": expected "float32", "float64", "int64", "int32", "uint8" or "bool"',
  });
  assertSmallTensorsIntact();
});

Deno.test("sizes are checked before anything is allocated: NaN cannot reach a slab", () => {
  assert.throws(() => arange(0, 1, NaN), { name: "RangeError", message: "step must be nonzero" });
  assert.throws(() => ones([2]).expand(NaN, 2).contiguous(), TypeError);
  assert.throws(() => ones([2]).expand(1.5, 3), TypeError);
  assert.throws(() => zeros([NaN]), TypeError);
  assert.throws(() => ones([4]).view(NaN), TypeError);
  assertSmallTensorsIntact();
});

Deno.test("toTypedArray never reaches another tensor's memory, even through a transfer", () => {
  const a = tensor([1, 2, 3], { dtype: "float32" });
  const neighbours = [
    tensor([4, 5, 6], { dtype: "float32" }),
    ones([3, 3]),
    tensor(7, { dtype: "float32" }),
    ones([2], { dtype: "float64" }),
  ];
  const before = neighbours.map(String);
  const arrays = [
    a.toTypedArray(), // small and dense: a copy
    a.detach().toTypedArray(),
    neighbours[1].t().toTypedArray(), // not contiguous: a copy
    neighbours[1].select(0, 1).toTypedArray(), // a view with an offset: a copy
    neighbours[3].toTypedArray(),
  ];
  for (const arr of arrays) {
    assert.equal(arr.byteLength, arr.buffer.byteLength, "the array owns its whole buffer");
    transfer(arr);
    assert.equal(arr.length, 0, "transferred");
  }
  assert.deepEqual(neighbours.map(String), before);
  assert.equal(String(a), "tensor([1., 2., 3.])");
  // A tensor with a buffer of its own shares it, as numpy() does: a transfer detaches that
  // tensor's storage only.
  const big = rand([100]);
  const shared = big.toTypedArray();
  assert.equal(shared, valuesOf(big));
  transfer(shared);
  assert.deepEqual(neighbours.map(String), before);
  assertSmallTensorsIntact();
});

Deno.test("a kept small tensor keeps at most 512 bytes of storage alive", () => {
  // Whatever else was carved next to it, a kept tensor keeps its storage's whole buffer alive.
  const y = tensor([[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]]);
  const pred = rand([3, 3], { requiresGrad: true });
  const kept: Tensor[] = [];
  for (let i = 0; i < 100; i++) {
    const loss = pred.sub(y).square().mean();
    loss.backward();
    kept.push(loss.detach(), pred.grad!, pred.detach().mul(2));
    kept.push(tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]], { dtype: "float64" }));
  }
  for (const t of kept) {
    assert.ok(t.numel() <= 9);
    assert.ok(valuesOf(t).buffer.byteLength <= 512, `${valuesOf(t).buffer.byteLength} bytes`);
  }
  // A storage over 256 bytes has a buffer of its own, of its own size.
  assert.equal(valuesOf(zeros([65])).buffer.byteLength, 260);
  assert.equal(valuesOf(zeros([33], { dtype: "float64" })).buffer.byteLength, 264);
  assert.equal(valuesOf(zeros([64])).buffer.byteLength, 512);
});
