/**
 * @internal Helpers shared by the losses: argument checks and PyTorch's size-mismatch warning.
 *
 * @module
 */

import { Tensor } from "@descent/tensor";
import { valuesOf } from "@descent/tensor/extend";
import { formatSize } from "@descent/autograd";

/** @internal Throws a TypeError unless `t` is a Tensor. */
export function checkTensor(t: unknown, fn: string, arg: string): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new TypeError(
      `${fn}(): argument '${arg}' must be Tensor, not ${t === null ? "null" : typeof t}`,
    );
  }
}

/** @internal PyTorch's warning when a loss's target and input sizes differ. */
export function sizeWarning(target: readonly number[], input: readonly number[]): string {
  return `Using a target size (${formatSize(target)}) that is different to the input size (${
    formatSize(input)
  }). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`;
}

/** @internal Values of `t` broadcast to `shape`, row-major (the storage itself when dense). */
export function valuesAs(
  t: Tensor,
  shape: readonly number[],
  same: boolean,
): Float32Array | Float64Array {
  return same ? valuesOf(t) : valuesOf(t.detach().expand(shape));
}

/** @internal The dtype of an op on two tensors: float64 wins. */
export function promote(a: Tensor, b: Tensor): "float32" | "float64" {
  return a.dtype === "float64" || b.dtype === "float64" ? "float64" : "float32";
}

/** @internal Checks an optional weight tensor (a constant: it gets no gradient). */
export function checkWeight(w: unknown, fn: string): Tensor | null {
  if (w === undefined || w === null) return null;
  checkTensor(w, fn, "weight");
  return w;
}
