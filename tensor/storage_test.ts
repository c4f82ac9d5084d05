import assert from "node:assert/strict";
import { backward, grad } from "@descent/autograd";
import {
  addmm,
  arange,
  assertClose,
  DTYPES,
  ones,
  rand,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";
import { allocate, type Storage, valuesOf } from "@descent/tensor/extend";
import { allocateEmpty, recycle, recycledBytesHeld } from "./storage.ts";

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

// ---- Note [recycled storage] ----

/** Takes free storages of `n` float32 elements and fills them with NaN: what a reuse does. */
function scribbleOverFree(n: number): void {
  for (let i = 0; i < 8; i++) allocateEmpty("float32", n).fill(NaN);
}

/** A 1-D tensor's values. */
const list = (t: Tensor): number[] => t.toList() as number[];

Deno.test("recycle: allocate reuses a recycled storage zero-filled, allocateEmpty as it is", () => {
  const n = 1001;
  const s = allocate("float32", n).fill(3);
  const held = recycledBytesHeld();
  recycle(s);
  recycle(s); // twice is once
  assert.equal(recycledBytesHeld(), held + 4 * n);
  const again = allocateEmpty("float32", n);
  assert.equal(again, s);
  assert.equal(again[n - 1], 3);
  recycle(again);
  const zeroed = allocate("float32", n);
  assert.equal(zeroed, s);
  assert.ok(zeroed.every((v) => v === 0));
  assert.equal(recycledBytesHeld(), held);
  // another type or length is not served from it
  recycle(zeroed);
  assert.notEqual(allocateEmpty("float64", n), zeroed);
  assert.notEqual(allocateEmpty("float32", n + 1), zeroed);
  assert.equal(allocateEmpty("float32", n), zeroed);
  // carved storages, and arrays that do not span their buffer, are never kept
  recycle(allocate("float32", 3));
  recycle(new Float32Array(new ArrayBuffer(8000), 0, 1000));
  assert.equal(recycledBytesHeld(), held);
});

Deno.test("recycle: a .grad that backward made and nobody read is reused once replaced", () => {
  const n = 1003;
  const x = rand([n], { requiresGrad: true });
  x.mul(2).sum().backward();
  const storage = valuesOf(x._grad!); // internal: the getter would mark it as handed out
  x.grad = null;
  assert.equal(allocateEmpty("float32", n), storage);
  // read through the getter: handed out, so never recycled
  x.mul(2).sum().backward();
  const g = x.grad!;
  x.grad = null;
  scribbleOverFree(n);
  assert.ok(list(g).every((v) => v === 2));
  // a .grad the user assigned is theirs
  const mine = ones([n]);
  x.grad = mine;
  x.grad = null;
  scribbleOverFree(n);
  assert.ok(list(mine).every((v) => v === 1));
});

Deno.test("recycle: gradients the engine alone held are reused; what a user can reach is not", () => {
  const n = 1007;
  const x = rand([n], { requiresGrad: true, dtype: "float32" });
  const expected = (v: number) => 6 * Math.exp(Math.fround(3 * v));
  const want = list(x).map(expected);
  // exp(3x)·2 summed: the gradients of the product and of exp are consumed inside backward
  const held = recycledBytesHeld();
  x.mul(3).exp().mul(2).sum().backward();
  assert.ok(recycledBytesHeld() > held, "something was recycled");
  scribbleOverFree(n);
  assertClose(x.grad!, tensor(want), { rtol: 1e-5, atol: 0 });
  // retained, captured and hooked gradients stay intact whatever is reused afterwards
  const ok = (t: Tensor, f: (i: number) => number) =>
    list(t).every((v, i) => Math.abs(v - f(i)) <= 1e-5 * Math.abs(f(i)) + 1e-6);
  const y = rand([n], { requiresGrad: true });
  const ey = (h: Tensor) => list(h.exp().detach());
  const retained = y.mul(3);
  retained.retainGrad();
  retained.exp().mul(2).sum().backward();
  const captured = y.mul(3);
  const [gc, gy] = grad(captured.exp().mul(2).sum(), [captured, y]); // captured's node runs
  const hooked = y.mul(3).exp();
  let seen: Tensor | null = null;
  hooked.registerHook((g) => {
    seen = g;
  });
  hooked.mul(2).sum().backward();
  scribbleOverFree(n);
  const e = ey(y.mul(3));
  assert.ok(ok(retained.grad!, (i) => 2 * e[i]), "retained");
  assert.ok(ok(gc!, (i) => 2 * e[i]), "captured");
  assert.ok(ok(gy!, (i) => 6 * e[i]), "captured leaf");
  assert.ok(seen !== null && ok(seen, () => 2), "hooked");
  assert.ok(ok(y.grad!, (i) => 12 * e[i]), "leaf");
});

Deno.test("recycle: summed gradients reuse the engine's own buffer, values as PyTorch's", () => {
  const n = 1009;
  const x = rand([n], { requiresGrad: true });
  // x feeds three products: three gradients summed in x's input buffer
  const xs = list(x);
  x.mul(2).add(x.mul(x)).add(x.exp()).sum().backward();
  scribbleOverFree(n);
  const f = Math.fround;
  const ok = list(x.grad!).every((v, i) => {
    const want = f(f(2 + f(xs[i] + xs[i])) + f(Math.exp(xs[i])));
    return Math.abs(v - want) <= 1e-6 * Math.abs(want);
  });
  assert.ok(ok);
});

Deno.test("stealing: a weight's gradient through w.t() reaches .grad row-major, uncopied and unshared", () => {
  const [m, k, n] = [9, 70, 33];
  const x = rand([m, k]);
  const w = rand([n, k], { requiresGrad: true });
  const b = rand([n], { requiresGrad: true });
  const y = addmm(b, x, w.t()).relu();
  const g = rand([m, n]);
  y.backward(g);
  // d/dW of relu(x Wᵀ + b) against g: (g ⊙ mask)ᵀ x, computed here in float64
  const [xv, yv, gv] = [x, y.detach(), g].map((t) => valuesOf(t));
  const want = new Float64Array(n * k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const d = yv[i * n + j] > 0 ? gv[i * n + j] : 0;
      for (let p = 0; p < k; p++) want[j * k + p] += d * xv[i * k + p];
    }
  }
  const wg = w.grad!;
  assert.ok(wg.isContiguous() && wg._base === null);
  assertClose(wg, tensor(Array.from(want)).reshape([n, k]).float(), { rtol: 1e-5, atol: 1e-5 });
  const before = list(wg.reshape(-1));
  const bBefore = list(b.grad!);
  scribbleOverFree(n * k);
  scribbleOverFree(m * n);
  rand([n, k]).mul(2).add(1); // more allocations of the same sizes
  assert.deepEqual(list(wg.reshape(-1)), before);
  assert.deepEqual(list(b.grad!), bBefore);
});

Deno.test("stealing: a gradient passed through keeps the engine's ownership, broadcasts are never summed into in place", () => {
  const n = 1013;
  const x = rand([n], { requiresGrad: true });
  // the sum's gradient (a broadcast of the seed) passes through clone to x's buffer, where the
  // other root's gradient is added: a new sum, not an in-place add into the broadcast
  const viaExp = x.exp().sum();
  backward([x.clone().sum(), viaExp]); // made later, the clone's branch runs first
  const e = list(x.exp().detach());
  assert.ok(list(x.grad!).every((v, i) => Math.abs(v - (1 + e[i])) <= 1e-6 * (1 + e[i])));
  x.grad = null;
  x.clone().sum().backward();
  assert.ok(x.grad!.isContiguous() && list(x.grad!).every((v) => v === 1));
});
