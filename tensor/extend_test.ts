import assert from "node:assert/strict";
import { fromValues } from "@descent/tensor/extend";

Deno.test("fromValues checks the shape it is given", () => {
  assert.throws(() => fromValues(new Float32Array(3), [-1, -3], "float32"), {
    name: "RangeError",
    message: "Trying to create tensor with negative dimension -1: [-1, -3]",
  });
  assert.throws(() => fromValues(new Float32Array(3), [1.5, 2], "float32"), TypeError);
  assert.throws(() => fromValues(new Float32Array(3), [2, 2], "float32"), RangeError);
  assert.equal(
    String(fromValues(new Float32Array([1, 2]), [2, 1], "float32")),
    "tensor([[1.],\n        [2.]])",
  );
});
