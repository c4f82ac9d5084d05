/**
 * @descent/optim — PyTorch's optimizers (`torch.optim`): the `Optimizer` base with parameter
 * groups, `zeroGrad`, `step` and a JSON-serialisable `stateDict`; `SGD`, `Adam` and `AdamW`
 * with PyTorch's exact update rules (loops over the parameters' typed arrays, no temporary
 * tensors); and the learning-rate schedulers `StepLR`, `ExponentialLR`, `CosineAnnealingLR` and
 * `LambdaLR`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mseLoss } from "@descent/losses";
 * import { SGD, StepLR } from "@descent/optim";
 * import { floatTensor, tensor } from "@descent/tensor";
 *
 * const y = floatTensor([[0.1, 0.2], [0.3, 0.4]]);
 * const pred = tensor([[0.5, 0.1], [0.2, 0.9]], { requiresGrad: true });
 * const opt = new SGD([pred], { lr: 1, momentum: 0.5 });
 * const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * for (let i = 0; i < 3; i++) {
 *   opt.zeroGrad();
 *   mseLoss(y, pred).backward();
 *   opt.step();
 *   sched.step();
 * }
 * assert.equal(String(mseLoss(y, pred)), "tensor(0.0017, grad_fn=<MseLossBackward0>)");
 * assert.deepEqual(sched.getLastLr(), [0.5]);
 * ```
 *
 * @module
 */

export {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  type SerializedTensor,
  type SerializedValue,
  type Storage,
  type ZeroGradOptions,
} from "./optimizer.ts";
export { SGD, type SGDOptions, type SGDState } from "./sgd.ts";
export { Adam, type AdamOptions, type AdamState } from "./adam.ts";
export { AdamW } from "./adamw.ts";
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  ExponentialLR,
  type ExponentialLROptions,
  LambdaLR,
  type LambdaLROptions,
  type LRLambda,
  type LROptimizer,
  LRScheduler,
  type SchedulerGroup,
  type SchedulerOptions,
  type SchedulerStateDict,
  StepLR,
  type StepLROptions,
} from "./lr_scheduler.ts";
