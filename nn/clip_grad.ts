/**
 * Gradient clipping: `clipGradNorm_`, `clipGradValue_`.
 *
 * @module
 */

import { Tensor, tensor } from "@descent/tensor";
import { updateInPlace, valuesOf } from "@descent/tensor/extend";

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

/** The p-norm of `values` computed in float64, rounded to the grads' dtype. */
function norm(values: ArrayLike<number>, p: number, round: (x: number) => number): number {
  const n = values.length;
  let acc = 0;
  if (p === Infinity || p === -Infinity) {
    acc = p > 0 ? 0 : Infinity;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(values[i]);
      if (Number.isNaN(a)) return NaN;
      acc = p > 0 ? Math.max(acc, a) : Math.min(acc, a);
    }
    return round(acc);
  }
  if (p === 0) {
    for (let i = 0; i < n; i++) if (values[i] !== 0) acc++;
    return round(acc);
  }
  for (let i = 0; i < n; i++) acc += p === 2 ? values[i] * values[i] : Math.abs(values[i]) ** p;
  return round(p === 2 ? Math.sqrt(acc) : p === 1 ? acc : acc ** (1 / p));
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
 * @returns The total norm before clipping, a 0-d tensor of the grads' dtype.
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
  const dtype = grads[0].dtype;
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  const norms = grads.map((g) => norm(valuesOf(g), p, round));
  const total = norm(norms, p, round);
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `The total norm of order ${
        pyNorm(p)
      } for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
    );
  }
  // PyTorch: clip_coef = max_norm / (total_norm + 1e-6), a float divided by a tensor (its
  // reciprocal times max_norm), clamped to 1, in the grads' dtype.
  const coef = Math.min(round(round(1 / round(total + round(1e-6))) * round(maxNorm)), 1);
  updateInPlace(grads, (arrays) => {
    for (const v of arrays) {
      for (let i = 0; i < v.length; i++) v[i] *= coef; // a Float32Array store rounds
    }
  });
  return tensor(total, { dtype });
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
  const grads = gradsOf(parameters);
  updateInPlace(grads, (arrays) => {
    for (const v of arrays) {
      const hi = v instanceof Float32Array ? Math.fround(clipValue) : clipValue;
      for (let i = 0; i < v.length; i++) {
        if (v[i] < -hi) v[i] = -hi;
        else if (v[i] > hi) v[i] = hi;
      }
    }
  });
}
