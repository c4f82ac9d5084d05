/**
 * `normalize` (issue 13; PyTorch's `torch.nn.functional.normalize`): each slice along `dim`
 * divided by its p-norm, composed as PyTorch composes it, so that the node is `DivBackward0` and
 * the gradient at a zero slice is PyTorch's.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { checkTensor } from "./record.ts";
import { vectorNorm } from "./norm.ts";
import { clampMin } from "./clamp_bounds.ts";

/** Options of {@linkcode normalize}. */
export interface NormalizeOptions {
  /** The order of the norm (default 2): any order `linalg.vectorNorm` takes. */
  p?: number;
  /** The dim, or dims, whose slices are normalised (default 1). */
  dim?: number | readonly number[];
  /** The smallest norm divided by (default 1e-12), which keeps a zero slice zero. */
  eps?: number;
}

/**
 * `x / max(‖x‖_p, eps)` over the slices along `dim`. PyTorch:
 * `torch.nn.functional.normalize(input, p=2.0, dim=1, eps=1e-12)`, computed as
 * `input / input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)` (so its node is
 * `DivBackward0`). Integer and bool inputs are refused with the norm's error, as in PyTorch.
 *
 * @param input The input (float).
 * @param options `p`, `dim`, `eps`.
 * @returns The normalised tensor, of `input`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalize, tensor } from "@descent/tensor";
 * const x = tensor([[3, 4], [0, 0]], { dtype: "float32" });
 * assert.equal(String(normalize(x)), "tensor([[0.6000, 0.8000],\n        [0.0000, 0.0000]])");
 * assert.equal(String(normalize(x, { p: 1, dim: 0 })), "tensor([[1., 1.],\n        [0., 0.]])");
 * ```
 */
export function normalize(input: Tensor, options?: NormalizeOptions): Tensor {
  checkTensor(input, "normalize");
  const p = options?.p ?? 2;
  const dim = options?.dim ?? 1;
  const eps = options?.eps ?? 1e-12;
  // the dims as given: vector_norm's messages name them so (`dimension -1`)
  const norm = vectorNorm(input, p, { dim, keepdim: true });
  return input.div(clampMin(norm, eps).expand(input.shape));
}
