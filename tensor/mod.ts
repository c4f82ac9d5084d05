/**
 * @descent/tensor — tensors of float32, float64, int64, int32, uint8 and bool elements with
 * PyTorch-style eager autograd (of the floating ones): creation, math ops with their derivatives,
 * PyTorch's type promotion, views, printing that matches PyTorch byte for byte, a seeded
 * generator, and testing helpers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, tensor } from "@descent/tensor";
 *
 * const y = floatTensor([[0.1, 0.2], [0.3, 0.4]]);
 * const pred = tensor([[0.5, 0.1], [0.2, 0.9]], { requiresGrad: true });
 * const loss = pred.sub(y).square().mean();
 * loss.backward();
 * assert.equal(String(loss), "tensor(0.1075, grad_fn=<MeanBackward0>)");
 * assert.equal(String(pred.grad), "tensor([[ 0.2000, -0.0500],\n        [-0.0500,  0.2500]])");
 * ```
 *
 * @module
 */

export {
  type DType,
  type NestedArray,
  type Operand,
  Tensor,
  type TensorBackwardOptions,
  type TensorOptions,
} from "./tensor.ts";
export {
  arange,
  empty,
  eye,
  floatTensor,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  rand,
  randLike,
  randn,
  randnLike,
  type SizeArg,
  tensor,
  type TensorData,
  zeros,
  zerosLike,
} from "./create.ts";
export { bernoulli, randint, randperm } from "./sampling.ts";
export type { TensorJSON } from "./json.ts";
export {
  type BernoulliArray,
  defaultGenerator,
  Generator,
  getRngState,
  initialSeed,
  type IntegerSampleArray,
  manualSeed,
  setRngState,
} from "./generator.ts";
export {
  abs,
  add,
  clamp,
  cos,
  div,
  type DivOptions,
  exp,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  reciprocal,
  relu,
  sigmoid,
  sin,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from "./ops/elementwise.ts";
// ---- dtypes (issue 11): promotion, casts, comparisons, rounded division, bitwise and logical ----
export {
  castValue,
  DTYPES,
  isFloatingDType,
  promoteTypes,
  type PromotionOperand,
  resultType,
} from "./dtype.ts";
export { eq, ge, gt, le, lt, ne } from "./ops/compare.ts";
export { floorDivide, fmod, remainder, type RoundingMode } from "./ops/division.ts";
export {
  bitwiseAnd,
  bitwiseNot,
  bitwiseOr,
  bitwiseXor,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
} from "./ops/bitwise.ts";
// ---- end dtypes ----
export {
  argmax,
  argmin,
  max,
  maxDim,
  mean,
  min,
  minDim,
  sum,
  type SumOptions,
  sumTo,
  type ValuesIndices,
} from "./ops/reduce.ts";
// ---- reductions and scans (issue 13) ----
export {
  std,
  stdMean,
  variance,
  type VarMean,
  varMean,
  type VarOptions,
} from "./ops/statistics.ts";
export { prod } from "./ops/prod.ts";
export { cummax, cummin, cumprod, cumsum, logcumsumexp } from "./ops/scan.ts";
export { amax, amin } from "./ops/extrema.ts";
export { all, any } from "./ops/logical_reduce.ts";
export { nanmean, nansum } from "./ops/nan_reduce.ts";
export { norm, type VectorNormOptions } from "./ops/norm.ts";
export { argsort, sort, type SortOptions, topk } from "./ops/sort.ts";
export { kthvalue, median, medianDim } from "./ops/selection.ts";
// ---- end reductions and scans ----
export { cat, narrow, select, stack } from "./ops/index.ts";
// ---- indexing (issue 11): Python's t[...], gather/scatter, masks, one_hot ----
export {
  ellipsis,
  type Index,
  index,
  type IndexArray,
  indexPut,
  type IndexPutOptions,
  type Slice,
  slice,
} from "./ops/indexing.ts";
export {
  gather,
  scatter,
  scatterAdd,
  scatterReduce,
  type ScatterReduceOptions,
  type ScatterReduction,
} from "./ops/gather.ts";
export { indexAdd, type IndexAddOptions, indexSelect, take } from "./ops/index_select.ts";
export {
  argwhere,
  maskedFill,
  maskedScatter,
  maskedSelect,
  nonzero,
  type NonzeroOptions,
} from "./ops/mask.ts";
export { oneHot } from "./ops/one_hot.ts";
// ---- end indexing ----
export { logSoftmax, logsumexp, softmax } from "./ops/activation.ts";
export { bmm, dot, matmul, mm, mv } from "./ops/linalg.ts";
// ---- linear algebra (issue 13): add* products and the torch.linalg namespace ----
export { addmm, addmv, type AddProductOptions, baddbmm } from "./ops/addmm.ts";
export * as linalg from "./linalg.ts";
// ---- end linear algebra ----
export {
  clone,
  contiguous,
  detach,
  expand,
  flatten,
  permute,
  reshape,
  squeeze,
  t,
  to,
  transpose,
  unsqueeze,
  view,
} from "./ops/view.ts";
// ---- shape and joining (issue 13) ----
export { pad, type PadMode, type PadOptions } from "./ops/pad.ts";
export { flip, roll } from "./ops/reorder.ts";
export { repeat, repeatInterleave, type RepeatInterleaveOptions, tile } from "./ops/repeat.ts";
export { diag, diagEmbed, diagonal, trace, tril, triu } from "./ops/diagonal.ts";
export { chunk, split, unbind } from "./ops/split.ts";
export {
  meshgrid,
  type MeshgridOptions,
  movedim,
  swapaxes,
  swapdims,
  unflatten,
  unfold,
} from "./ops/dims.ts";
export { kron, outer } from "./ops/products.ts";
export { einsum } from "./ops/einsum.ts";
// ---- end shape and joining ----
// convolution, pooling, attention (issue 13)
export {
  conv1d,
  conv2d,
  type ConvOptions,
  convTranspose1d,
  convTranspose2d,
  type ConvTransposeOptions,
} from "./ops/conv.ts";
export {
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool1d,
  avgPool2d,
  type AvgPoolOptions,
  maxPool1d,
  maxPool2d,
  type MaxPoolOptions,
} from "./ops/pool.ts";
export { interpolate, type InterpolateMode, type InterpolateOptions } from "./ops/interpolate.ts";
export {
  scaledDotProductAttention,
  type ScaledDotProductAttentionOptions,
} from "./ops/attention.ts";
// ---- elementwise math and activations (issue 13) ----
export { ceil, floor, frac, round, type RoundOptions, sgn, sign, trunc } from "./ops/rounding.ts";
export { acos, acosh, asin, asinh, atan, atanh, cosh, sinh, tan } from "./ops/trig.ts";
export { erf, erfc, erfinv, exp2, expm1, log10, log1p, log2, rsqrt } from "./ops/exp_log.ts";
export { atan2, copysign, hypot, logaddexp, xlogy } from "./ops/binary_math.ts";
export { clampMax, clampMin } from "./ops/clamp_bounds.ts";
export { isfinite, isinf, isnan, nanToNum, type NanToNumOptions } from "./ops/float_class.ts";
export { lerp } from "./ops/lerp.ts";
export { addcdiv, addcmul, type AddcOptions } from "./ops/addc.ts";
export {
  celu,
  elu,
  gelu,
  type GeluOptions,
  logsigmoid,
  mish,
  selu,
  silu,
  softplus,
  type SoftplusOptions,
} from "./ops/activation_smooth.ts";
export {
  hardsigmoid,
  hardswish,
  hardtanh,
  type HardtanhOptions,
  leakyRelu,
  type LeakyReluOptions,
  relu6,
  softsign,
  tanhshrink,
} from "./ops/activation_piecewise.ts";
export { softmin } from "./ops/activation.ts";
export { glu } from "./ops/glu.ts";
export { normalize, type NormalizeOptions } from "./ops/normalize.ts";
// ---- end elementwise math and activations ----
export { broadcastShapes, type Shape } from "./shape.ts";
export { pyFormat } from "./format.ts";
export {
  type ChartSeries,
  displayTensor,
  LineChart,
  lineChart,
  type LineChartOptions,
  type MimeBundle,
} from "./display.ts";
export { type FunctionalOptions, hessian, jacobian } from "./functional.ts";
export {
  allclose,
  assertClose,
  AssertionError,
  type CloseOptions,
  gradcheck,
  GradcheckError,
  type GradcheckOptions,
  gradgradcheck,
} from "./testing.ts";
