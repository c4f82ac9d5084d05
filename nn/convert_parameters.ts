/**
 * Parameters to one vector and back: `parametersToVector`, `vectorToParameters`.
 *
 * @module
 */

import { cat, Tensor } from "@descent/tensor";
import { setData } from "@descent/tensor/extend";

/**
 * Every parameter flattened and concatenated into one vector (differentiable: `CatBackward0`
 * over `ViewBackward0`s). PyTorch: `torch.nn.utils.parameters_to_vector(parameters)`.
 *
 * @param parameters The parameters, in order.
 * @returns A 1-D tensor of their values.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parametersToVector } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * assert.deepEqual(parametersToVector([floatTensor([[1, 2]]), floatTensor([3])]).toList(), [1, 2, 3]);
 * ```
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.view(-1)));
}

/**
 * Makes each parameter a view of its slice of `vec`, in order (the parameters then share `vec`'s
 * storage, as `param.data = vec[a:b].view_as(param).data` does). Everything is checked before a
 * parameter changes. PyTorch: `torch.nn.utils.vector_to_parameters(vec, parameters)`.
 *
 * @param vec A 1-D tensor with at least as many elements as the parameters together.
 * @param parameters The parameters, in order.
 * @throws {TypeError} If `vec` is not a tensor.
 * @throws {RangeError} If `vec` is too short (the `view` error of the first parameter that does
 *   not fit).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, parametersToVector, vectorToParameters } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const fc = new Linear(2, 1);
 * vectorToParameters(zeros([3]), fc.parameters());
 * assert.deepEqual(parametersToVector(fc.parameters()).toList(), [0, 0, 0]);
 * ```
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) {
    throw new TypeError(`expected torch.Tensor, but got: ${vec === null ? "null" : typeof vec}`);
  }
  const flat = vec.detach();
  const params = [...parameters];
  const slices: Tensor[] = [];
  let pointer = 0;
  for (const p of params) {
    const n = p.numel();
    const length = Math.max(0, Math.min(n, flat.numel() - pointer));
    slices.push(flat.narrow(0, Math.min(pointer, flat.numel()), length).view(p.shape));
    pointer += n;
  }
  params.forEach((p, i) => setData(p, slices[i]));
}
