/**
 * One-hot encoding of class indices. PyTorch: `torch.nn.functional.one_hot`.
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { checkTensor } from "./record.ts";

/**
 * Each class index as a row of zeros with a one at that index: an int64 tensor with one more dim
 * of `numClasses` (by default one more than the largest index). Not differentiable. PyTorch:
 * `torch.nn.functional.one_hot(tensor, num_classes=-1)`.
 *
 * @param t An int64 tensor of class indices in `[0, numClasses)`.
 * @param numClasses The number of classes, or -1 to infer it.
 * @returns An int64 tensor of shape `[...t.shape, numClasses]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oneHot, tensor } from "@descent/tensor";
 * assert.equal(String(oneHot(tensor([0, 2]))), "tensor([[1, 0, 0],\n        [0, 0, 1]])");
 * assert.deepEqual(oneHot(tensor([1]), 4).toList(), [[0, 1, 0, 0]]);
 * ```
 */
export function oneHot(t: Tensor, numClasses = -1): Tensor {
  checkTensor(t, "one_hot");
  if (t.dtype !== "int64") {
    throw new TypeError("one_hot is only applicable to index tensor of type LongTensor.");
  }
  if (!Number.isInteger(numClasses)) {
    throw new TypeError(`one_hot(): argument 'num_classes' must be an integer, got ${numClasses}`);
  }
  const v = t._values();
  let n = numClasses;
  if (n === -1) {
    if (v.length === 0) {
      throw new RangeError("Can not infer total number of classes from empty tensor.");
    }
    let max = -Infinity;
    for (let i = 0; i < v.length; i++) max = Math.max(max, v[i]);
    n = max + 1;
  }
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) throw new RangeError("Class values must be non-negative.");
  }
  for (let i = 0; i < v.length; i++) {
    if (v[i] >= n) throw new RangeError("Class values must be smaller than num_classes.");
  }
  const out = allocate("int64", v.length * Math.max(n, 0));
  for (let i = 0; i < v.length; i++) out[i * n + v[i]] = 1;
  return new Tensor(out, [...t.shape, Math.max(n, 0)], "int64");
}
