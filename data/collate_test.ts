import assert from "node:assert/strict";
import { defaultCollate } from "@descent/data";
import { floatTensor, type Tensor } from "@descent/tensor";

Deno.test("defaultCollate: numbers are integers when all are, else float64", () => {
  const ints = defaultCollate([3, -1, 2 ** 40]);
  assert.deepEqual(ints.toList(), [3, -1, 2 ** 40]); // exact: more than float32 holds
  const floats = defaultCollate([1, 2.5]);
  assert.equal(String(floats), "tensor([1.0000, 2.5000], dtype=torch.float64)");
});

Deno.test("defaultCollate: booleans become a bool tensor, integers int64", () => {
  assert.equal(String(defaultCollate([true, false, true])), "tensor([ True, False,  True])");
  assert.equal(String(defaultCollate([0, 2])), "tensor([0, 2])");
});

Deno.test("defaultCollate: typed arrays are stacked in their dtype", () => {
  const b = defaultCollate([new Float32Array([1, 2]), new Float32Array([3, 4])]);
  assert.equal(String(b), "tensor([[1., 2.],\n        [3., 4.]])");
  const d = defaultCollate([new Float64Array([0.5]), new Float64Array([1.5])]);
  assert.equal(String(d), "tensor([[0.5000],\n        [1.5000]], dtype=torch.float64)");
});

Deno.test("defaultCollate: objects by the first sample's keys, arrays by position", () => {
  const batch = defaultCollate<{ a: [Tensor, string]; b: { c: number } }>([
    { a: [floatTensor([1]), "x"], b: { c: 1 } },
    { a: [floatTensor([2]), "y"], b: { c: 2 } },
  ]);
  assert.deepEqual(Object.keys(batch), ["a", "b"]);
  assert.deepEqual(batch.a[0].toList(), [[1], [2]]);
  assert.deepEqual(batch.a[1], ["x", "y"]);
  assert.deepEqual(batch.b.c.toList(), [1, 2]);
});

Deno.test("defaultCollate: tensors that require grad stay in the graph", () => {
  const a = floatTensor([1, 2]).requiresGrad_();
  const b = defaultCollate([a, a.mul(2)]);
  assert.equal(b.gradFn?.name(), "StackBackward0");
  b.sum().backward();
  assert.deepEqual(a.grad!.toList(), [3, 3]);
});

Deno.test("defaultCollate: errors name the sample", () => {
  assert.throws(() => defaultCollate([]), {
    name: "RangeError",
    message: "default_collate: the batch is empty",
  });
  assert.throws(() => defaultCollate([1, "2"]), {
    name: "TypeError",
    message: "default_collate: sample 1 is string where sample 0 is a number",
  });
  assert.throws(() => defaultCollate([{ x: 1 }, [1]]), {
    name: "TypeError",
    message: "default_collate: sample 1 is Array where sample 0 is an object",
  });
  assert.throws(() => defaultCollate([{ x: 1 }, {}]), {
    name: "TypeError",
    message: 'default_collate: sample 1 has no key "x"',
  });
  assert.throws(() => defaultCollate([undefined]), {
    name: "TypeError",
    message:
      "default_collate: batch must contain tensors, typed arrays, numbers, objects or arrays; found undefined",
  });
  assert.throws(() => defaultCollate([new Map(), new Map()]), {
    name: "TypeError",
    message:
      "default_collate: batch must contain tensors, typed arrays, numbers, objects or arrays; found Map",
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => defaultCollate("ab" as any), {
    name: "TypeError",
    message: "default_collate: expected an array of samples, got string",
  });
});
