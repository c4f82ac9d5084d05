/**
 * @descent/losses — PyTorch's loss functions (`torch.nn.functional.*_loss`), each a function
 * `(input, target, options)` that records one graph node with PyTorch's name
 * (`mseLoss` → `MseLossBackward0`) and whose backward is written in Tensor ops, so second
 * derivatives work. Values, gradients and error messages follow PyTorch 2.x.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crossEntropy, mseLoss } from "@descent/losses";
 * import { floatTensor, tensor } from "@descent/tensor";
 *
 * // The tutorial's loss: only the prediction (here the target argument) requires grad.
 * const y = floatTensor([[0.1, 0.2], [0.3, 0.4]]);
 * const pred = tensor([[0.5, 0.1], [0.2, 0.9]], { requiresGrad: true });
 * const loss = mseLoss(y, pred);
 * loss.backward();
 * assert.equal(String(loss), "tensor(0.1075, grad_fn=<MseLossBackward0>)");
 * assert.equal(String(pred.grad), "tensor([[ 0.2000, -0.0500],\n        [-0.0500,  0.2500]])");
 *
 * // Cross entropy on logits with class-index targets, as PyTorch's graph.
 * const logits = tensor([[2, 0.5, -1], [0, 3, 1]], { requiresGrad: true });
 * const ce = crossEntropy(logits, [0, 1]);
 * assert.equal(String(ce), "tensor(0.2056, grad_fn=<NllLossBackward0>)");
 * assert.equal(ce.gradFn!.nextFunctions[0][0]!.name(), "LogSoftmaxBackward0");
 * ```
 *
 * @module
 */

export { mseLoss, type MseLossOptions } from "./mse.ts";
export { l1Loss, type L1LossOptions } from "./l1.ts";
export { smoothL1Loss, type SmoothL1LossOptions } from "./smooth_l1.ts";
export { huberLoss, type HuberLossOptions } from "./huber.ts";
export { binaryCrossEntropy, type BinaryCrossEntropyOptions } from "./bce.ts";
export {
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyWithLogitsOptions,
} from "./bce_with_logits.ts";
export { type ClassTarget, nllLoss, type NllLossOptions } from "./nll.ts";
export { crossEntropy, type CrossEntropyOptions } from "./cross_entropy.ts";
export { checkReduction, type Reduction } from "./reduction.ts";
