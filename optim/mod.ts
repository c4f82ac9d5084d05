/**
 * @descent/optim — PyTorch's optimizers (`torch.optim`): the `Optimizer` base with parameter
 * groups, `zeroGrad`, `step` and a JSON-serialisable `stateDict`; `SGD`, `Adam`, `AdamW`,
 * `RMSprop`, `Adagrad`, `Adamax`, `NAdam`, `RAdam` (loops over the parameters' typed arrays, no
 * temporary tensors) and `LBFGS` with PyTorch 2.x's update rules; and the learning-rate
 * schedulers `StepLR`, `MultiStepLR`, `ExponentialLR`, `LinearLR`, `CosineAnnealingLR`,
 * `LambdaLR`, `CosineAnnealingWarmRestarts`, `OneCycleLR`, `ReduceLROnPlateau` and
 * `SequentialLR`. Every constructor, `addParamGroup` and `loadStateDict` checks all it is given
 * before it changes anything.
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
  type SerializedScalar,
  type SerializedTensor,
  type SerializedValue,
  type StateField,
  type StateSpec,
  type Storage,
  type ZeroGradOptions,
} from "./optimizer.ts";
export { type Check } from "./check.ts";
export {
  type AdamFamilyOptions,
  ElementwiseOptimizer,
  type MomentsState,
  type StateLayout,
  type StepState,
} from "./elementwise.ts";
export { SGD, type SGDOptions, type SGDState } from "./sgd.ts";
export { Adam, type AdamOptions, type AdamState } from "./adam.ts";
export { AdamW } from "./adamw.ts";
export { RMSprop, type RMSpropOptions, type RMSpropState } from "./rmsprop.ts";
export { Adagrad, type AdagradOptions, type AdagradState } from "./adagrad.ts";
export { Adamax, type AdamaxOptions, type AdamaxState } from "./adamax.ts";
export { NAdam, type NAdamOptions, type NAdamState } from "./nadam.ts";
export { RAdam, type RAdamOptions, type RAdamState } from "./radam.ts";
export { LBFGS, type LBFGSOptions, type LBFGSState } from "./lbfgs.ts";
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  ExponentialLR,
  type ExponentialLROptions,
  LambdaLR,
  type LambdaLROptions,
  LinearLR,
  type LinearLROptions,
  type LRLambda,
  type LROptimizer,
  LRScheduler,
  MultiStepLR,
  type MultiStepLROptions,
  type SchedulerGroup,
  type SchedulerOptions,
  type SchedulerStateDict,
  StepLR,
  type StepLROptions,
} from "./lr_scheduler.ts";
export {
  CosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsOptions,
} from "./cosine_annealing_warm_restarts.ts";
export { OneCycleLR, type OneCycleLROptions } from "./one_cycle_lr.ts";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduce_lr_on_plateau.ts";
export { SequentialLR, type SequentialLROptions } from "./sequential_lr.ts";
