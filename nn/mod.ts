/**
 * @descent/nn — PyTorch's `torch.nn` for descent: `Module` with parameters and submodules found
 * in its fields, `Parameter`, layers (`Linear`, `Conv2d`, `Dropout`, …), containers
 * (`Sequential`, `ModuleList`, `ModuleDict`), loss modules over `@descent/losses`, `init` on
 * PyTorch's random stream (so a seeded model starts from PyTorch's weights), `stateDict` with
 * PyTorch's keys, and gradient clipping.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CrossEntropyLoss, Linear, ReLU, Sequential } from "@descent/nn";
 * import { Adam } from "@descent/optim";
 * import { manualSeed, randn } from "@descent/tensor";
 *
 * manualSeed(0);
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
 * const opt = new Adam(model.parameters(), { lr: 0.01 });
 * const lossFn = new CrossEntropyLoss();
 * const x = randn([8, 2]);
 * const y = [0, 1, 2, 0, 1, 2, 0, 1];
 * let first = 0, last = 0;
 * for (let step = 0; step < 20; step++) {
 *   opt.zeroGrad();
 *   const loss = lossFn.forward(model.forward(x), y);
 *   loss.backward();
 *   opt.step();
 *   if (step === 0) first = loss.item();
 *   last = loss.item();
 * }
 * assert.ok(last < first);
 * assert.deepEqual(Object.keys(model.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
 * ```
 *
 * @module
 */

export { Parameter } from "./parameter.ts";
export {
  type IncompatibleKeys,
  type LoadStateDictOptions,
  Module,
  type NamedOptions,
  type StateDict,
  type StateDictOptions,
} from "./module.ts";
export {
  IndexedModules,
  ModuleDict,
  ModuleList,
  Sequential,
  type TensorModule,
} from "./container.ts";
export { Bilinear, Identity, Linear, linear, type LinearOptions } from "./linear.ts";
export { Flatten, Unflatten } from "./flatten.ts";
export { Dropout, dropout } from "./dropout.ts";
export {
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  SoftmaxBase,
  Tanh,
} from "./activation.ts";
export { Conv1d, Conv2d, type ConvLayerOptions, ConvNd, type PaddingMode } from "./conv.ts";
export {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AdaptivePool2d,
  AvgPool1d,
  AvgPool2d,
  type AvgPoolLayerOptions,
  AvgPoolNd,
  type IntOrList,
  MaxPool1d,
  MaxPool2d,
  type MaxPoolLayerOptions,
  MaxPoolNd,
  type OutputSize2d,
} from "./pooling.ts";
export {
  BCELoss,
  BCEWithLogitsLoss,
  type ClassLossOptions,
  CrossEntropyLoss,
  HuberLoss,
  L1Loss,
  Loss,
  type LossOptions,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
  WeightedLoss,
  type WeightedLossOptions,
} from "./loss.ts";
export {
  clipGradNorm_,
  type ClipGradNormOptions,
  clipGradValue_,
  type ParameterList,
} from "./clip_grad.ts";
export { parametersToVector, vectorToParameters } from "./convert_parameters.ts";
export * as init from "./init.ts";
export {
  batchNorm,
  BatchNorm1d,
  type BatchNormLayerOptions,
  type BatchNormOptions,
  LayerNorm,
  layerNorm,
  type LayerNormLayerOptions,
  type LayerNormOptions,
} from "./normalization.ts";
export { Embedding, embedding, type EmbeddingOptions } from "./embedding.ts";
