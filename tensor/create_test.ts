import assert from "node:assert/strict";
import {
  arange,
  type DType,
  empty,
  eye,
  floatTensor,
  full,
  fullLike,
  linspace,
  manualSeed,
  ones,
  onesLike,
  rand,
  randLike,
  randn,
  randnLike,
  tensor,
  zeros,
  zerosLike,
} from "@descent/tensor";
import { allocate } from "@descent/tensor/extend";

Deno.test("tensor() from nested arrays, numbers and typed arrays", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float32" });
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, "float32");
  assert.equal(t.isLeaf, true);
  assert.equal(t.requiresGrad, false);
  assert.equal(t.gradFn, null);
  assert.deepEqual(tensor(3.5).shape, []);
  assert.equal(String(tensor(3.5)), "tensor(3.5000)");
  assert.deepEqual(tensor([]).shape, [0]);
  assert.deepEqual(tensor([[]]).shape, [1, 0]);
  assert.equal(tensor(new Float64Array([1, 2])).dtype, "float64");
  assert.equal(tensor(new Float64Array([1, 2]), { dtype: "float32" }).dtype, "float32");
  const src = new Float32Array([1, 2]);
  const c = tensor(src);
  src[0] = 9;
  assert.equal(c.toList().toString(), "1,2"); // a copy
  assert.equal(floatTensor([0.1]).toTypedArray()[0], Math.fround(0.1));
  assert.equal(tensor([0.1], { dtype: "float64" }).item(), 0.1);
});

Deno.test("tensor() rejects ragged and non-numeric data, in PyTorch's words", () => {
  assert.throws(() => tensor([[1, 2, 3], [4, 5]], { dtype: "float32" }), {
    name: "RangeError",
    message: "expected sequence of length 3 at dim 1 (got 2)",
  });
  assert.throws(() => tensor([[1, 2], 3] as never), /expected sequence of length 2 at dim 1/);
  assert.throws(() => tensor([1, [2]] as never), {
    name: "TypeError",
    message: /must be real number, not list/,
  });
  assert.throws(() => tensor(["a"] as never), {
    name: "TypeError",
    message: /invalid data type 'string'/,
  });
  assert.throws(() => tensor(null as never), TypeError);
  assert.throws(() => tensor([1], { dtype: "int8" as never }), {
    name: "TypeError",
    message:
      `tensor(): argument 'dtype' must be one of "bool", "uint8", "int32", "int64", "float32", "float64", not "int8"`,
  });
  assert.throws(() => zeros([2, -1]), /negative dimension -1/);
});

Deno.test("factories", () => {
  assert.equal(String(zeros([2, 2])), "tensor([[0., 0.],\n        [0., 0.]])");
  assert.equal(String(ones(3, { dtype: "float64" })), "tensor([1., 1., 1.], dtype=torch.float64)");
  assert.equal(
    String(full([2], 2.5, { requiresGrad: true })),
    "tensor([2.5000, 2.5000], requires_grad=True)",
  );
  assert.deepEqual(empty([0, 3]).shape, [0, 3]);
  assert.equal(String(arange(5)), "tensor([0, 1, 2, 3, 4])");
  assert.equal(String(arange(1, 3, 0.5)), "tensor([1.0000, 1.5000, 2.0000, 2.5000])");
  assert.equal(String(arange(3, 0, -1)), "tensor([3, 2, 1])");
  assert.equal(String(arange(3, 0, -1, { dtype: "float32" })), "tensor([3., 2., 1.])");
  assert.throws(() => arange(0, 1, 0), /step must be nonzero/);
  assert.equal(String(linspace(-1, 1, 5)), "tensor([-1.0000, -0.5000,  0.0000,  0.5000,  1.0000])");
  assert.equal(String(linspace(0, 1, 1)), "tensor([0.])");
  assert.equal(String(eye(2, 3)), "tensor([[1., 0., 0.],\n        [0., 1., 0.]])");
  const base = tensor([[1, 2]], { dtype: "float64" });
  assert.equal(String(zerosLike(base)), "tensor([[0., 0.]], dtype=torch.float64)");
  assert.equal(String(onesLike(base)), "tensor([[1., 1.]], dtype=torch.float64)");
  assert.equal(String(fullLike(base, 4)), "tensor([[4., 4.]], dtype=torch.float64)");
  assert.equal(randLike(base).dtype, "float64");
  assert.deepEqual(randnLike(base).shape, [1, 2]);
});

Deno.test("rand/randn are reproducible with manualSeed and in range", () => {
  manualSeed(123);
  const a = rand([1000]);
  const n = randn([1000], { dtype: "float64" });
  manualSeed(123);
  assert.deepEqual(rand([1000]).toList(), a.toList());
  assert.deepEqual(randn([1000], { dtype: "float64" }).toList(), n.toList());
  const v = a.toTypedArray();
  assert.ok(v.every((x) => x >= 0 && x < 1));
  const m = n.mean().item();
  const s = n.sub(m).square().mean().sqrt().item();
  assert.ok(Math.abs(m) < 0.1 && Math.abs(s - 1) < 0.1, `mean ${m} std ${s}`);
});

/**
 * Asserts that `fn` throws `expected` and leaves the small-storage allocator where it was: the
 * next float32 storage is carved right after the one before the call.
 */
function throwsAndAllocatesNothing(
  fn: () => unknown,
  expected: RegExp | typeof TypeError | { name: string; message: string },
): void {
  let before = allocate("float32", 1);
  while (before.byteOffset + 8 > before.buffer.byteLength) before = allocate("float32", 1);
  assert.throws(fn, expected);
  const after = allocate("float32", 1);
  assert.equal(after.buffer, before.buffer, "a new slab was opened");
  assert.equal(after.byteOffset, before.byteOffset + 4, "the slab cursor moved");
}

Deno.test("factories check their sizes first, in PyTorch's words, and allocate nothing on error", () => {
  const rangeError = (message: string) => ({ name: "RangeError", message });
  const typeError = (message: string) => ({ name: "TypeError", message });
  throwsAndAllocatesNothing(() => arange(0, 1, NaN), rangeError("step must be nonzero"));
  throwsAndAllocatesNothing(() => arange(0, 1, 0), rangeError("step must be nonzero"));
  throwsAndAllocatesNothing(() => arange(0, NaN), rangeError("unsupported range: 0 -> nan"));
  throwsAndAllocatesNothing(() => arange(NaN), rangeError("unsupported range: 0 -> nan"));
  throwsAndAllocatesNothing(
    () => arange(-Infinity, 0.5),
    rangeError("unsupported range: -inf -> 0.5"),
  );
  throwsAndAllocatesNothing(
    () => arange(1e-7, Infinity),
    rangeError("unsupported range: 1e-07 -> inf"),
  );
  throwsAndAllocatesNothing(
    () => arange(1234567, -Infinity),
    rangeError("unsupported range: 1.23457e+06 -> -inf"),
  );
  const sign = rangeError("upper bound and larger bound inconsistent with step sign");
  throwsAndAllocatesNothing(() => arange(0, -1), sign);
  throwsAndAllocatesNothing(() => arange(1, 0, 1), sign);
  throwsAndAllocatesNothing(() => arange(0, 1, -Infinity), sign);
  throwsAndAllocatesNothing(
    () => arange(-1e308, 1e308, 1),
    rangeError("invalid size, possible overflow?"),
  );
  assert.equal(String(arange(0, 1, Infinity)), "tensor([])");
  const sizeError = (op: string, type: string, pos: number) =>
    typeError(
      `${op}(): argument 'size' (position 1) must be tuple of ints, but found element of type ${type} at pos ${pos}`,
    );
  throwsAndAllocatesNothing(() => zeros([2, 1.5]), sizeError("zeros", "float", 1));
  throwsAndAllocatesNothing(() => ones(NaN), sizeError("ones", "float", 0));
  throwsAndAllocatesNothing(() => full([Infinity], 1), sizeError("full", "float", 0));
  throwsAndAllocatesNothing(() => empty(["2" as never]), sizeError("empty", "string", 0));
  throwsAndAllocatesNothing(() => rand([2, 0.5]), sizeError("rand", "float", 1));
  throwsAndAllocatesNothing(() => randn([null as never]), sizeError("randn", "null", 0));
  throwsAndAllocatesNothing(
    () => zeros([-1, 2]),
    rangeError("Trying to create tensor with negative dimension -1: [-1, 2]"),
  );
  throwsAndAllocatesNothing(
    () => full([2, -3], 0),
    rangeError("Trying to create tensor with negative dimension -3: [2, -3]"),
  );
  throwsAndAllocatesNothing(
    () => ones([2 ** 30, 2 ** 30, 2 ** 30]),
    rangeError(
      "numel: integer multiplication overflow (ones() with sizes [1073741824, 1073741824, 1073741824])",
    ),
  );
  throwsAndAllocatesNothing(
    () => linspace(0, 1, 1.5),
    typeError("linspace(): argument 'steps' (position 3) must be int, not float"),
  );
  throwsAndAllocatesNothing(
    () => linspace(0, 1, -1),
    rangeError("number of steps must be non-negative, got -1"),
  );
  throwsAndAllocatesNothing(
    () => eye(-3, 3),
    rangeError("n must be greater or equal to 0, got -3"),
  );
  throwsAndAllocatesNothing(
    () => eye(3, -1),
    rangeError("m must be greater or equal to 0, got -1"),
  );
  throwsAndAllocatesNothing(
    () => eye(1.5),
    typeError("eye(): argument 'n' (position 1) must be int, not float"),
  );
  throwsAndAllocatesNothing(() => zeros([2], { requiresGrad: 1 as never }), TypeError);
  throwsAndAllocatesNothing(() => tensor([[1, 2], [3]], { dtype: "float32" }), RangeError);
  // Nothing was allocated by the calls that threw: later tensors print as they should.
  assert.equal(String(tensor([1, 2, 3], { dtype: "float32" })), "tensor([1., 2., 3.])");
  assert.equal(
    String(arange(0, 3, 1, { dtype: "float64" })),
    "tensor([0., 1., 2.], dtype=torch.float64)",
  );
});

Deno.test("full refuses a float value its dtype cannot hold, as PyTorch's checked_convert", () => {
  // torch.full((2,), v, dtype=d) raises for each of these (PyTorch 2.13)
  const cases: [number, DType, string][] = [
    [NaN, "uint8", "uint8_t"],
    [300.5, "uint8", "uint8_t"],
    [-0.5, "uint8", "uint8_t"],
    [1e300, "float32", "float"],
    [Infinity, "int64", "int64_t"],
    [-Infinity, "int32", "int"],
  ];
  for (const [v, dtype, name] of cases) {
    assert.throws(() => full([2], v, { dtype }), {
      name: "RangeError",
      message: `value cannot be converted to type ${name} without overflow`,
    });
  }
  // what fits is cast: a float truncates toward 0 into an integer dtype; NaN and ±inf fit a float
  assert.equal(String(full([2], 2.5, { dtype: "int32" })), "tensor([2, 2], dtype=torch.int32)");
  assert.equal(String(full([1], NaN, { dtype: "float32" })), "tensor([nan])");
});
