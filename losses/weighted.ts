/**
 * @ignore PyTorch 2.8's weighted regression losses, built (as PyTorch builds them) from the
 * unreduced loss times the weights, then reduced.
 *
 * @module
 */

import { formatSize, sameShape } from "@descent/autograd";
import { broadcastShapes, type Tensor } from "@descent/tensor";

/**
 * @ignore `loss(input, target) * weight`, reduced. The weighted mean is
 * `Σ w·ℓ / Σ w` for mse and l1 (`"sumOverWeights"`) and `mean(w·ℓ)` for huber (`"mean"`).
 */
export function weightedLoss(
  input: Tensor,
  target: Tensor,
  weight: Tensor,
  reduction: unknown,
  mean: "sumOverWeights" | "mean",
  unreduced: (x: Tensor, y: Tensor) => Tensor,
): Tensor {
  broadcastShapes(input.shape, target.shape); // PyTorch broadcasts them first, with its error
  if (!sameShape(weight.shape, input.shape)) {
    throw new RangeError(
      `Weights and input must have the same size. (weight: ${formatSize(weight.shape)}, input: ${
        formatSize(input.shape)
      })`,
    );
  }
  const w = weight.detach();
  const weighted = unreduced(input, target).mul(w);
  if (reduction === "none") return weighted;
  if (reduction === "sum") return weighted.sum();
  if (reduction === "mean" || reduction === undefined) {
    return mean === "mean" ? weighted.mean() : weighted.sum().div(w.sum());
  }
  // PyTorch's Python-level weighted losses (2.8+) check the reduction last, in their own words
  throw new TypeError(
    `Invalid reduction mode: ${String(reduction)}. Expected one of 'none', 'mean', 'sum'.`,
  );
}
