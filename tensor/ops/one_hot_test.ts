import assert from "node:assert/strict";
import { oneHot, tensor, zeros } from "@descent/tensor";

Deno.test("oneHot: int64 rows with a one at each class", () => {
  assert.equal(
    String(oneHot(tensor([0, 2, 1]))),
    "tensor([[1, 0, 0],\n        [0, 0, 1],\n        [0, 1, 0]])",
  );
  assert.deepEqual(oneHot(tensor([[1], [0]]), 3).shape, [2, 1, 3]);
  assert.deepEqual(oneHot(zeros([0], { dtype: "int64" }), 4).shape, [0, 4]);
  assert.equal(oneHot(tensor([1])).dtype, "int64");
});

Deno.test("oneHot errors: PyTorch's words", () => {
  assert.throws(() => oneHot(tensor([0], { dtype: "int32" })), {
    name: "TypeError",
    message: "one_hot is only applicable to index tensor of type LongTensor.",
  });
  assert.throws(() => oneHot(tensor([0, 3]), 3), {
    name: "RangeError",
    message: "Class values must be smaller than num_classes.",
  });
  assert.throws(() => oneHot(tensor([-1]), 3), { message: "Class values must be non-negative." });
  assert.throws(() => oneHot(zeros([0], { dtype: "int64" })), {
    message: "Can not infer total number of classes from empty tensor.",
  });
});
