/**
 * The inputs of the linear-algebra ops' tests: float64 tensors, built in one place (so a change
 * to how tensors are made is one edit here).
 *
 * @module
 */

import { eye, randn, type Tensor, tensor } from "@descent/tensor";

/** Nested arrays of numbers. */
type Data = number[] | number[][] | number[][][];

/** A float64 tensor of `data` (which stays float64 whatever integers it holds). */
export function f64(data: Data, requiresGrad = false): Tensor {
  return tensor(data, { dtype: "float64", requiresGrad });
}

/** A standard normal float64 leaf that requires grad. */
export function leaf(shape: number[]): Tensor {
  return randn(shape, { dtype: "float64", requiresGrad: true });
}

/** A standard normal (…, n, n) leaf with n added to its diagonal: well conditioned. */
export function wellcond(shape: number[]): Tensor {
  const n = shape[shape.length - 1];
  return randn(shape, { dtype: "float64" }).add(eye(n, n, { dtype: "float64" }).mul(n))
    .requiresGrad_();
}
