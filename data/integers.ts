/**
 * The one place that decides the dtype of integer data made here (collated integer numbers, CSV
 * labels). PyTorch makes them int64; descent's tensors are float32/float64 until the integer
 * dtypes land, so these are float64 tensors holding the exact integers (float64 is also the
 * storage descent's int64 will use), which `crossEntropy` and `nllLoss` accept as class indices.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { fromValues } from "@descent/tensor/extend";

/**
 * A tensor of integers (PyTorch: int64), from exact integer values.
 *
 * @param values Integers, owned by the tensor from now on.
 * @param shape The shape.
 * @returns The tensor.
 */
export function integerTensor(values: Float64Array, shape: readonly number[]): Tensor {
  return fromValues(values, shape);
}
