/**
 * Cross entropy on logits: `crossEntropy`, with class-index or probability targets, class
 * weights, `ignoreIndex` and label smoothing, on a stable log-softmax.
 *
 * @module
 */

import { formatShape, sameShape } from "@descent/autograd";
import { isFloatingDType, logSoftmax, Tensor, where } from "@descent/tensor";
import { fromValues, scalarTypeName } from "@descent/tensor/extend";
import {
  checkRange,
  checkTargetDType,
  type ClassTarget,
  classWeight,
  nllLayout,
  nllLoss,
  readClassIndices,
} from "./nll.ts";
import { checkReduction, type Reduction } from "./reduction.ts";
import { checkTensor, checkWeight } from "./util.ts";

/** Options of {@linkcode crossEntropy}. */
export interface CrossEntropyOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** A weight per class (a 1-D tensor of C elements). A constant (no gradient). */
  weight?: Tensor | null;
  /** A class index that is ignored (default -100); not allowed with probability targets. */
  ignoreIndex?: number;
  /**
   * Mixes the target with the uniform distribution: `(1 - s) target + s / C` (default 0; at most
   * 1, and values at or below 0 smooth nothing, as in PyTorch).
   */
  labelSmoothing?: number;
}

/**
 * Cross entropy between logits `input` and a target, computed on a stable log-softmax (finite
 * for logits of any size). PyTorch: `torch.nn.functional.cross_entropy(input, target,
 * weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`.
 *
 * The classes are dim 1 (dim 0 for a 1-D input): `input` is (C), (N, C) or (N, C, d1, …).
 * A target of the same shape as `input` holds class probabilities (a floating tensor);
 * otherwise it holds class indices — an int64 (or uint8) tensor, or plain integers — of shape
 * (), (N) or (N, d1, …), as PyTorch decides. With class indices the graph is PyTorch's:
 * `NllLossBackward0` over `LogSoftmaxBackward0` (an `AddBackward0` on top with label smoothing).
 *
 * @param input Logits.
 * @param target Class indices, or class probabilities of `input`'s shape.
 * @param options `reduction`, `weight`, `ignoreIndex`, `labelSmoothing`.
 * @returns The loss.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crossEntropy } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 * const logits = tensor([[2, 1, 0.1], [1e4, -1e4, 0]], { requiresGrad: true });
 * const loss = crossEntropy(logits, tensor([0, 1])); // int64 class indices
 * assert.equal(String(loss), "tensor(10000.2090, grad_fn=<NllLossBackward0>)");
 * loss.backward();
 * assert.ok(logits.grad!.toTypedArray().every(Number.isFinite));
 * ```
 */
export function crossEntropy(
  input: Tensor,
  target: ClassTarget,
  options: CrossEntropyOptions = {},
): Tensor {
  checkTensor(input, "cross_entropy", "input");
  const reduction = checkReduction(options.reduction);
  const weight = checkWeight(options.weight, "cross_entropy");
  const ignoreIndex = options.ignoreIndex ?? -100;
  const given = options.labelSmoothing ?? 0;
  // PyTorch refuses only values above 1; at or below 0 (NaN too) there is no smoothing.
  if (typeof given !== "number" || given > 1) {
    throw new RangeError(`label_smoothing must be between 0.0 and 1.0. Got: ${given}`);
  }
  const ls = given > 0 ? given : 0;
  if (input.ndim < 1) throw new RangeError(`Expected 1 or more dimensions (got ${input.ndim})`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const c = input.shape[classDim];
  if (target instanceof Tensor && sameShape(target.shape, input.shape)) {
    if (!isFloatingDType(target.dtype)) {
      throw new TypeError(
        `Expected floating point type for target with class probabilities, got ${
          scalarTypeName(target.dtype)
        }`,
      );
    }
    return probabilityTarget(input, target, weight, reduction, ignoreIndex, ls, classDim, c);
  }
  // Class indices: check everything before computing anything.
  const tgt = readClassIndices(target, "cross_entropy");
  // for 1-d input PyTorch checks the target's dtype before its size (not before its rank)
  if (input.ndim === 1 && tgt.shape.length <= 1) checkTargetDType(tgt.dtype, 1);
  nllLayout(input.shape, tgt.shape);
  if (ls > 0 && input.ndim === 1 && tgt.shape.length === 1) {
    // PyTorch's smoothing adds the [1]-shaped smoothed term in place into the 0-d loss
    throw new RangeError("output with shape [] doesn't match the broadcast shape [1]");
  }
  checkTargetDType(tgt.dtype, input.ndim);
  const wv = classWeight(weight, c, input);
  checkRange(tgt.values, c, ignoreIndex);
  const logp = logSoftmax(input, classDim);
  const nll = nllLoss(logp, target, { weight, ignoreIndex, reduction });
  if (ls === 0) return nll;
  // PyTorch's cross_entropy_loss_label_smoothing.
  const wb = weight === null
    ? null
    : weight.detach().reshape(input.shape.map((_, i) => (i === classDim ? c : 1)));
  let smooth = (wb === null ? logp : logp.mul(wb)).sum(classDim).neg();
  const v = tgt.values;
  const ignored = new Uint8Array(v.length);
  let kept = 0;
  let keptWeight = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] === ignoreIndex) ignored[i] = 1;
    else {
      kept++;
      keptWeight += wv === null ? 1 : wv[v[i]];
    }
  }
  smooth = where(fromValues(ignored, tgt.shape, "bool"), 0, smooth);
  let ret: Tensor;
  if (reduction === "mean") ret = smooth.sum().div(wv === null ? kept : keptWeight);
  else if (reduction === "sum") ret = smooth.sum();
  else ret = smooth;
  return nll.mul(1 - ls).add(ret.mul(ls / c));
}

/** PyTorch's cross_entropy_loss_prob_target. */
function probabilityTarget(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: Reduction,
  ignoreIndex: number,
  ls: number,
  classDim: number,
  c: number,
): Tensor {
  if (ignoreIndex >= 0) {
    throw new TypeError("ignore_index is not supported for floating point target");
  }
  if (weight !== null && (weight.ndim !== 1 || weight.numel() !== c)) {
    throw new RangeError(
      `cross_entropy: weight tensor should be defined either for all ${c} classes or no classes but got weight tensor of shape: ${
        formatShape(weight.shape)
      }`,
    );
  }
  const logp = logSoftmax(input, classDim);
  const t = ls > 0 ? target.mul(1 - ls).add(ls / c) : target;
  let prod = logp.mul(t);
  if (weight !== null) {
    const wb = weight.detach();
    prod = prod.mul(input.ndim > 1 ? wb.reshape(input.shape.map((_, i) => (i === 1 ? c : 1))) : wb);
  }
  if (reduction === "none") return prod.sum(classDim).neg();
  if (reduction === "sum") return prod.sum().neg();
  return prod.sum().neg().div(input.numel() / c);
}
