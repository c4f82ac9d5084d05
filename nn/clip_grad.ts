/**
 * Gradient clipping: `clipGradNorm_`, `clipGradValue_`.
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { linalg, stack, Tensor, tensor } from "@descent/tensor";

/** Options of {@linkcode clipGradNorm_}. */
export interface ClipGradNormOptions {
  /** The p of the p-norm (default 2; `Infinity` for the largest absolute value). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite (default `false`). */
  errorIfNonfinite?: boolean;
}

/** The tensors given as parameters: one tensor or any iterable of them. */
export type ParameterList = Tensor | Iterable<Tensor>;

function gradsOf(parameters: ParameterList): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  return list.map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/**
 * Scales the gradients of `parameters` in place so that their total norm (the norm of the
 * vector of every gradient's norm) is at most `maxNorm`: each grad is multiplied by
 * `min(1, maxNorm / (total + 1e-6))`. Parameters without a grad are skipped. PyTorch:
 * `torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=2.0,
 * error_if_nonfinite=False)`.
 *
 * @param parameters The parameters (e.g. `model.parameters()`), or one tensor.
 * @param maxNorm The largest total norm.
 * @param options `normType`, `errorIfNonfinite`.
 * @returns The total norm before clipping, a 0-d tensor of the grads' dtype (float64 if any is).
 * @throws {Error} With `errorIfNonfinite`, when the total norm is NaN or infinite (PyTorch's
 *   text); nothing is changed then.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipGradNorm_ } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const w = floatTensor([0, 0]).requiresGrad_();
 * w.grad = floatTensor([3, 4]);
 * assert.equal(clipGradNorm_([w], 1).item(), 5);
 * assert.equal(String(w.grad), "tensor([0.6000, 0.8000])");
 * ```
 */
export function clipGradNorm_(
  parameters: ParameterList,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): Tensor {
  const p = options.normType ?? 2;
  const grads = gradsOf(parameters);
  if (grads.length === 0) return tensor(0, { dtype: "float32" });
  if (p === Infinity && grads.some((g) => g.numel() === 0)) {
    // PyTorch's _foreach_norm (the per-gradient norms) says so itself for the infinity norm
    throw new RangeError(
      "_foreach_norm cannot compute the infinity norm on an empty tensor because the operation does not have an identity",
    );
  }
  return noGrad(() => {
    const total = linalg.vectorNorm(stack(grads.map((g) => linalg.vectorNorm(g, p))), p);
    if (options.errorIfNonfinite && !Number.isFinite(total.item())) {
      throw new Error(
        `The total norm of order ${
          pyNorm(p)
        } for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
      );
    }
    // PyTorch: clip_coef = max_norm / (total_norm + 1e-6) (a float over a tensor: its reciprocal
    // times max_norm), clamped to 1, then every grad multiplied by it in place.
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp(null, 1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/** A norm type as Python prints the float `norm_type` (`2.0`, `inf`). */
function pyNorm(p: number): string {
  if (p === Infinity) return "inf";
  if (p === -Infinity) return "-inf";
  return Number.isInteger(p) ? `${p}.0` : String(p);
}

/**
 * Clamps the gradients of `parameters` in place to `[-clipValue, clipValue]` (NaN stays NaN).
 * PyTorch: `torch.nn.utils.clip_grad_value_(parameters, clip_value)`.
 *
 * @param parameters The parameters, or one tensor.
 * @param clipValue The largest absolute value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clipGradValue_ } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const w = floatTensor([0, 0, 0]).requiresGrad_();
 * w.grad = floatTensor([-3, 0.5, 4]);
 * clipGradValue_([w], 1);
 * assert.equal(String(w.grad), "tensor([-1.0000,  0.5000,  1.0000])");
 * ```
 */
export function clipGradValue_(parameters: ParameterList, clipValue: number): void {
  noGrad(() => {
    for (const g of gradsOf(parameters)) g.copy_(g.clamp(-clipValue, clipValue));
  });
}
