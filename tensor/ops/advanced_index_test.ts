import assert from "node:assert/strict";
import { tensor } from "@descent/tensor";
import { planFlat, planIndex } from "./advanced_index.ts";

const L = (...v: number[]) => tensor(v, { dtype: "int64" });

Deno.test("planIndex: positions made non-negative, broadcast, and the result's dims", () => {
  const adjacent = planIndex([3, 4, 5], [null, L(-1, 0), L(2)]);
  assert.deepEqual(adjacent.dims, [1, 2]);
  assert.deepEqual(adjacent.positions.map((p) => [...p]), [[3, 0], [2, 2]]);
  assert.deepEqual([adjacent.bshape, adjacent.outShape], [[2], [3, 2]]);
  const apart = planIndex([3, 4, 5], [L(1), null, tensor([[0], [4]])]);
  assert.ok(!apart.adjacent);
  assert.deepEqual(apart.outShape, [2, 1, 4]);
  // a mask: the coordinates of its true elements, one index per dim it covers
  const mask = planIndex([2, 3], [tensor([[false, true, false], [true, false, true]])]);
  assert.deepEqual(mask.positions.map((p) => [...p]), [[0, 1, 1], [1, 0, 2]]);
  // offsets over strides: the broadcast dims as one dim of storage offsets
  const { maps, strides } = apart.maps([20, 5, 1]);
  assert.deepEqual([maps.map((m) => [...m]), strides], [[[20, 24], [0, 1, 2, 3]], [1, 5]]);
});

Deno.test("planFlat: flat positions as coordinates of every dim", () => {
  const plan = planFlat([2, 3], [5, 0, 4], [3]);
  assert.deepEqual(plan.positions.map((p) => [...p]), [[1, 0, 1], [2, 0, 1]]);
  assert.deepEqual(plan.outShape, [3]);
});

Deno.test("planIndex errors: PyTorch's texts, the bad position named by its index tensor", () => {
  assert.throws(() => planIndex([3, 4], [L(0), L(4)]), {
    name: "RangeError",
    message: "index 4 is out of bounds for dimension 1 with size 4",
  });
  assert.throws(() => planIndex([0], [L(0)]), {
    message: "index is out of bounds for dimension with size 0",
  });
  assert.throws(() => planIndex([3], [tensor([1.5])]), {
    name: "TypeError",
    message: "tensors used as indices must be long, int, byte or bool tensors",
  });
});
