/**
 * @ignore Helpers shared by the losses: argument checks and PyTorch's size-mismatch warning.
 *
 * @module
 */

import { type DType, isFloatingDType, resultType, Tensor } from "@descent/tensor";
import { type FloatStorage, notImplemented, valuesOf } from "@descent/tensor/extend";
import { formatSize } from "@descent/autograd";

/** @ignore Throws a TypeError unless `t` is a Tensor. */
export function checkTensor(t: unknown, fn: string, arg: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new TypeError(
      `${fn}(): argument '${arg}' must be Tensor, not ${t === null ? "null" : typeof t}`,
    );
  }
}

/** @ignore PyTorch's warning when a loss's target and input sizes differ. */
export function sizeWarning(target: readonly number[], input: readonly number[]): string {
  return `Using a target size (${formatSize(target)}) that is different to the input size (${
    formatSize(input)
  }). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`;
}

/** @ignore Values of `t` broadcast to `shape`, row-major (the storage itself when dense). */
export function valuesAs(t: Tensor, shape: readonly number[], same: boolean): FloatStorage {
  return (same ? valuesOf(t) : valuesOf(t.detach().expand(shape))) as FloatStorage;
}

/**
 * @ignore The operands of an elementwise loss and the dtype it computes in: their result type
 * (`resultType`), which must be floating — two integer tensors throw PyTorch's error naming
 * `kernel` (`"mse_cpu" not implemented for 'Long'`). An integer operand is converted to the
 * result type; it needs no gradient, so the graph is the same.
 */
export function lossOperands(
  input: Tensor,
  target: Tensor,
  kernel: string,
): [Tensor, Tensor, DType] {
  const dtype = resultType(input, target);
  if (!isFloatingDType(dtype)) {
    throw notImplemented(kernel, dtype);
  }
  const float = (t: Tensor) => (isFloatingDType(t.dtype) ? t : t.to(dtype));
  return [float(input), float(target), dtype];
}

/** @ignore Checks an optional weight tensor (a constant: it gets no gradient). */
export function checkWeight(w: unknown, fn: string): Tensor | null {
  if (w === undefined || w === null) return null;
  checkTensor(w, fn, "weight");
  return w;
}
