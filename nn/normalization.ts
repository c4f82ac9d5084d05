/**
 * Normalization: `layerNorm`/`LayerNorm` and `batchNorm`/`BatchNorm1d`, each one graph node with
 * PyTorch's name (`NativeLayerNormBackward0`, `NativeBatchNormBackward0`) whose backward is
 * written in tensor ops, so `createGraph` differentiates it again.
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { type DType, empty, type Tensor, zeros } from "@descent/tensor";
import {
  allocate,
  fromValues,
  record,
  tracksAny,
  updateInPlace,
  valuesOf,
} from "@descent/tensor/extend";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { ones_, zeros_ } from "./init.ts";
import { pyBool, pyFloat, pyTuple } from "./py_repr.ts";

/** The dtype of `BatchNorm1d`'s `num_batches_tracked` (PyTorch: int64). */
const COUNT_DTYPE: DType = "int64";

/**
 * `dx` of a normalization by the batch's own statistics over `dims`, in tensor ops of the saved
 * input (so it is differentiable again): `rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂))` with
 * `ĝ = g · w`, `x̂ = (x − mean(x)) · rstd`.
 */
function normalizedInputGrad(
  x: Tensor,
  g: Tensor,
  w: Tensor | null,
  dims: number[],
  eps: number,
): [Tensor, Tensor] {
  const xc = x.sub(x.mean(dims, true));
  const rstd = xc.square().mean(dims, true).add(eps).sqrt().reciprocal();
  const xhat = xc.mul(rstd);
  const gw = w === null ? g : g.mul(w);
  const dx = rstd.mul(gw.sub(gw.mean(dims, true)).sub(xhat.mul(gw.mul(xhat).mean(dims, true))));
  return [dx, xhat];
}

/** Options of {@linkcode layerNorm}. */
export interface LayerNormOptions {
  /** Scales the normalized values (shape `normalizedShape`). */
  weight?: Tensor | null;
  /** Added after scaling (shape `normalizedShape`). */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Normalizes the last dims of `input` (those of `normalizedShape`) to mean 0 and variance 1 (the
 * biased variance, plus `eps`), then scales by `weight` and adds `bias`. PyTorch:
 * `torch.nn.functional.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05)` →
 * `NativeLayerNormBackward0`.
 *
 * @param input `[*, ...normalizedShape]`.
 * @param normalizedShape The shape of the trailing dims to normalize over.
 * @param options `weight`, `bias`, `eps`.
 * @returns The normalized tensor, shaped like `input`.
 * @throws {RangeError} If `input` does not end with `normalizedShape` (PyTorch's text).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerNorm } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const y = layerNorm(floatTensor([[1, 2, 3]]).requiresGrad_(), [3]);
 * assert.equal(String(y), "tensor([[-1.2247,  0.0000,  1.2247]], grad_fn=<NativeLayerNormBackward0>)");
 * ```
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: readonly number[],
  options: LayerNormOptions = {},
): Tensor {
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.ndim - k);
  if (input.ndim < k || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new RangeError(
      `Given normalized_shape=[${normalizedShape.join(", ")}], expected input with shape [*, ${
        normalizedShape.join(", ")
      }], but got input of size[${input.shape.join(", ")}]`,
    );
  }
  const w = options.weight ?? null;
  const b = options.bias ?? null;
  const eps = options.eps ?? 1e-5;
  const n = tail.reduce((a, s) => a * s, 1);
  const rows = n === 0 ? 0 : input.numel() / n;
  const xv = valuesOf(input);
  const wv = w === null ? null : valuesOf(w);
  const bv = b === null ? null : valuesOf(b);
  const out = allocate(input.dtype, input.numel());
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += xv[o + j];
    const mean = s / n;
    let ss = 0;
    for (let j = 0; j < n; j++) ss += (xv[o + j] - mean) ** 2;
    const rstd = 1 / Math.sqrt(ss / n + eps);
    for (let j = 0; j < n; j++) {
      const y = (xv[o + j] - mean) * rstd;
      out[o + j] = (wv === null ? y : y * wv[j]) + (bv === null ? 0 : bv[j]);
    }
  }
  const result = fromValues(out, input.shape, input.dtype);
  const inputs = [input, w, b].filter((t): t is Tensor => t !== null);
  if (tracksAny(inputs)) {
    const node = record("NativeLayerNormBackward0", result, [input, w, b]);
    const [sx, sw] = [node.save(input), w === null ? null : node.save(w)];
    const dims = Array.from({ length: k }, (_, i) => i - k);
    const batch = Array.from({ length: input.ndim - k }, (_, i) => i);
    // Unbatched input (no dims before normalizedShape): the parameters' gradients are the
    // per-element terms themselves; `sum([])` would reduce every dim.
    const overBatch = (t: Tensor) => batch.length === 0 ? t : t.sum(batch);
    node.setBackward((g) => {
      const x = sx.unpack();
      const [dx, xhat] = normalizedInputGrad(x, g, sw?.unpack() ?? null, dims, eps);
      return [
        node.needs(0) ? dx : null,
        node.needs(1) ? overBatch(g.mul(xhat)) : null,
        node.needs(2) ? overBatch(g) : null,
      ];
    });
  }
  return result;
}

/** Options of {@linkcode LayerNorm}. */
export interface LayerNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn `weight` (ones) and `bias` (zeros) (default `true`). PyTorch: `elementwise_affine`. */
  elementwiseAffine?: boolean;
  /** Learn `bias` too (default `true`). */
  bias?: boolean;
  /** The parameters' dtype (default `float32`). */
  dtype?: DType;
}

/**
 * Layer normalization over the trailing `normalizedShape` dims, with a learned elementwise
 * `weight` (ones) and `bias` (zeros). PyTorch: `torch.nn.LayerNorm(normalized_shape, eps=1e-05,
 * elementwise_affine=True, bias=True, dtype=None)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LayerNorm } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const ln = new LayerNorm(4);
 * assert.equal(String(ln), "LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)");
 * assert.deepEqual(ln.forward(zeros([2, 4])).shape, [2, 4]);
 * ```
 */
export class LayerNorm extends Module<[Tensor], Tensor> {
  /** The trailing shape normalized over. PyTorch: `normalized_shape`. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance. */
  readonly eps: number;
  /** Whether there are learned `weight` and `bias`. PyTorch: `elementwise_affine`. */
  readonly elementwiseAffine: boolean;
  /** `normalizedShape`, or `null` without `elementwiseAffine`. */
  weight: Parameter | null;
  /** `normalizedShape`, or `null`. */
  bias: Parameter | null;

  /**
   * Builds the module.
   *
   * @param normalizedShape The trailing shape to normalize over (one number for one dim).
   * @param options `eps`, `elementwiseAffine`, `bias`, `dtype`.
   */
  constructor(normalizedShape: number | readonly number[], options: LayerNormLayerOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === "number"
      ? [normalizedShape]
      : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? "float32";
    this.weight = null;
    this.bias = null;
    if (this.elementwiseAffine) {
      this.weight = new Parameter(empty(this.normalizedShape, { dtype }));
      if (options.bias ?? true) this.bias = new Parameter(empty(this.normalizedShape, { dtype }));
      else this.registerParameter("bias", null);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    this.resetParameters();
  }

  /** Sets `weight` to ones and `bias` to zeros. PyTorch: `reset_parameters()`. */
  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /**
   * Applies the module.
   *
   * @param input `[*, ...normalizedShape]`.
   * @returns The normalized tensor.
   */
  override forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, {
      weight: this.weight,
      bias: this.bias,
      eps: this.eps,
    });
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `(4,), eps=1e-05, elementwise_affine=True, bias=True`.
   */
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${
      pyBool(this.elementwiseAffine)
    }, bias=${pyBool(this.bias !== null)}`;
  }
}

/** Options of {@linkcode batchNorm}. */
export interface BatchNormOptions {
  /** Scales each channel (shape `[C]`). */
  weight?: Tensor | null;
  /** Added to each channel (shape `[C]`). */
  bias?: Tensor | null;
  /** Normalize by the batch's statistics and update the running ones (default `false`). */
  training?: boolean;
  /** The running statistics' update factor (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalization over dim 1 (channels) of `[N, C]` or `[N, C, L]` input: in training, by
 * the batch's mean and biased variance per channel, updating `runningMean` and `runningVar` in
 * place (`(1 − momentum)·running + momentum·batch`, the variance unbiased there); otherwise by the
 * running statistics. PyTorch: `torch.nn.functional.batch_norm(input, running_mean, running_var,
 * weight=None, bias=None, training=False, momentum=0.1, eps=1e-05)` →
 * `NativeBatchNormBackward0`.
 *
 * @param input `[N, C]` or `[N, C, L]`.
 * @param runningMean `[C]` or `null` (then `training` must be true).
 * @param runningVar `[C]` or `null`.
 * @param options `weight`, `bias`, `training`, `momentum`, `eps`.
 * @returns The normalized tensor, shaped like `input`.
 * @throws {RangeError} If a statistic or parameter has another size than the channels, or a
 *   training batch has one value per channel (PyTorch's texts); nothing is updated then.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { batchNorm } from "@descent/nn";
 * import { floatTensor, zeros, ones } from "@descent/tensor";
 * const mean = zeros([1]), variance = ones([1]);
 * const y = batchNorm(floatTensor([[1], [3]]), mean, variance, { training: true });
 * assert.deepEqual(y.toList(), [[-0.9999949932098389], [0.9999949932098389]]);
 * assert.deepEqual([mean.item(), variance.item()], [0.20000000298023224, 1.100000023841858]);
 * ```
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  const w = options.weight ?? null;
  const b = options.bias ?? null;
  const [batch, c] = input.shape;
  const inner = input.numel() / Math.max(1, batch * c);
  // PyTorch's _verify_batch_size (in Python, first): the values per channel, N · L.
  if (training && input.shape.reduce((a, s, i) => (i === 1 ? a : a * s), 1) === 1) {
    throw new RangeError(
      `Expected more than 1 value per channel when training, got input size torch.Size([${
        input.shape.join(", ")
      }])`,
    );
  }
  if (input.numel() === 0) {
    // PyTorch's _batch_norm_impl_index returns empty input before its other checks: a copy
    // through `weight[0]` and `bias[0]` (keeping the graph), the running statistics untouched.
    let out = input.clone();
    if (w !== null) out = out.mul(w.select(0, 0));
    if (b !== null) out = out.add(b.select(0, 0));
    return out;
  }
  for (
    const [name, t] of [["running_mean", runningMean], ["running_var", runningVar], [
      "weight",
      w,
    ], ["bias", b]] as const
  ) {
    if (t !== null && t.numel() !== c) {
      throw new RangeError(`${name} should contain ${c} elements not ${t.numel()}`);
    }
  }
  const perChannel = batch * inner;
  if (!training && (runningMean === null || runningVar === null)) {
    throw new TypeError("running_mean and running_var must be defined in evaluation mode");
  }
  const xv = valuesOf(input);
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const squares = new Float64Array(c);
  const at = (n: number, ch: number, l: number) => (n * c + ch) * inner + l;
  if (training) {
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let n = 0; n < batch; n++) for (let l = 0; l < inner; l++) s += xv[at(n, ch, l)];
      const m = s / perChannel;
      let ss = 0;
      for (let n = 0; n < batch; n++) {
        for (let l = 0; l < inner; l++) ss += (xv[at(n, ch, l)] - m) ** 2;
      }
      mean[ch] = m;
      squares[ch] = ss;
      variance[ch] = ss / perChannel;
    }
  } else {
    mean.set(valuesOf(runningMean!));
    variance.set(valuesOf(runningVar!));
  }
  const wv = w === null ? null : valuesOf(w);
  const bv = b === null ? null : valuesOf(b);
  const out = allocate(input.dtype, input.numel());
  for (let ch = 0; ch < c; ch++) {
    const rstd = 1 / Math.sqrt(variance[ch] + eps);
    const scale = wv === null ? rstd : rstd * wv[ch];
    const shift = (bv === null ? 0 : bv[ch]) - mean[ch] * scale;
    for (let n = 0; n < batch; n++) {
      for (let l = 0; l < inner; l++) out[at(n, ch, l)] = xv[at(n, ch, l)] * scale + shift;
    }
  }
  if (training && runningMean !== null && runningVar !== null) {
    // PyTorch's batch_norm_cpu_update_stats_template, the variance unbiased. (PyTorch sums a
    // float32 batch in float32, split over its threads, so its last bits depend on the thread
    // count; descent sums in float64.)
    updateInPlace([runningMean, runningVar], ([rm, rv]) => {
      for (let ch = 0; ch < c; ch++) {
        rm[ch] = momentum * mean[ch] + (1 - momentum) * rm[ch];
        rv[ch] = momentum * (squares[ch] / (perChannel - 1)) + (1 - momentum) * rv[ch];
      }
    });
  }
  const result = fromValues(out, input.shape, input.dtype);
  const inputs = [input, w, b].filter((t): t is Tensor => t !== null);
  if (tracksAny(inputs)) {
    const node = record("NativeBatchNormBackward0", result, [input, w, b]);
    const sx = node.save(input);
    const sw = w === null ? null : node.save(w);
    const dims = input.ndim === 3 ? [0, 2] : [0];
    const view = input.ndim === 3 ? [1, c, 1] : [1, c];
    // Evaluation: a fixed affine map per channel, from the running statistics at call time.
    const rstdEval = training ? null : fromValues(
      Float64Array.from(variance, (v) => 1 / Math.sqrt(v + eps)),
      [c],
      "float64",
    ).to(input.dtype).reshape(view);
    const meanEval = training ? null : fromValues(Float64Array.from(mean), [c], "float64")
      .to(input.dtype).reshape(view);
    node.setBackward((g) => {
      const x = sx.unpack();
      const wt = sw === null ? null : sw.unpack().reshape(view);
      let dx: Tensor;
      let xhat: Tensor;
      if (training) [dx, xhat] = normalizedInputGrad(x, g, wt, dims, eps);
      else {
        xhat = x.sub(meanEval!).mul(rstdEval!);
        dx = (wt === null ? g : g.mul(wt)).mul(rstdEval!);
      }
      return [
        node.needs(0) ? dx : null,
        node.needs(1) ? g.mul(xhat).sum(dims) : null,
        node.needs(2) ? g.sum(dims) : null,
      ];
    });
  }
  return result;
}

/** Options of {@linkcode BatchNorm1d}. */
export interface BatchNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** The running statistics' update factor (default 0.1; `null`: a cumulative average). */
  momentum?: number | null;
  /** Learn `weight` (ones) and `bias` (zeros) (default `true`). */
  affine?: boolean;
  /** Keep running statistics as buffers (default `true`). PyTorch: `track_running_stats`. */
  trackRunningStats?: boolean;
  /** The parameters' dtype (default `float32`). */
  dtype?: DType;
}

/**
 * Batch normalization of `[N, C]` or `[N, C, L]` input over its channels: in training mode by
 * the batch's statistics, updating the running statistics (buffers `running_mean`,
 * `running_var`, `num_batches_tracked`, PyTorch's names and state-dict keys); in evaluation mode
 * (`eval()`) by the running statistics. PyTorch: `torch.nn.BatchNorm1d(num_features, eps=1e-05,
 * momentum=0.1, affine=True, track_running_stats=True, dtype=None)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchNorm1d } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 * const bn = new BatchNorm1d(2);
 * assert.equal(
 *   String(bn),
 *   "BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)",
 * );
 * assert.deepEqual(Object.keys(bn.stateDict()), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
 * bn.forward(floatTensor([[1, 2], [3, 6]]));
 * assert.deepEqual(bn.runningMean!.toList(), [0.20000000298023224, 0.4000000059604645]);
 * ```
 */
export class BatchNorm1d extends Module<[Tensor], Tensor> {
  /** Channels. PyTorch: `num_features`. */
  readonly numFeatures: number;
  /** Added to the variance. */
  readonly eps: number;
  /** The running statistics' update factor (`null`: a cumulative average). */
  readonly momentum: number | null;
  /** Whether there are learned `weight` and `bias`. */
  readonly affine: boolean;
  /** Whether running statistics are kept. PyTorch: `track_running_stats`. */
  readonly trackRunningStats: boolean;
  /** `[numFeatures]` (ones), or `null`. */
  weight: Parameter | null;
  /** `[numFeatures]` (zeros), or `null`. */
  bias: Parameter | null;
  /** The running mean (a buffer, PyTorch's name), or `null`. */
  declare running_mean: Tensor | null;
  /** The running variance (a buffer), or `null`. */
  declare running_var: Tensor | null;
  /** Training batches seen (a buffer), or `null`. */
  declare num_batches_tracked: Tensor | null;

  /**
   * Builds the module.
   *
   * @param numFeatures Channels (`C`).
   * @param options `eps`, `momentum`, `affine`, `trackRunningStats`, `dtype`.
   */
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super();
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? "float32";
    this.weight = null;
    this.bias = null;
    if (this.affine) {
      this.weight = new Parameter(empty([numFeatures], { dtype }));
      this.bias = new Parameter(empty([numFeatures], { dtype }));
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", zeros([numFeatures], { dtype }));
      this.registerBuffer("running_var", zeros([numFeatures], { dtype }).add(1));
      this.registerBuffer("num_batches_tracked", zeros([], { dtype: COUNT_DTYPE }));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
    this.resetParameters();
  }

  /** The running mean: the buffer `running_mean`. */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }

  /** The running variance: the buffer `running_var`. */
  get runningVar(): Tensor | null {
    return this.running_var;
  }

  /** Training batches seen: the buffer `num_batches_tracked`. */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  /** Resets the running statistics (mean 0, variance 1, count 0). PyTorch: `reset_running_stats()`. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  /** Resets the statistics, `weight` to ones and `bias` to zeros. PyTorch: `reset_parameters()`. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  /**
   * Applies the module.
   *
   * @param input `[N, C]` or `[N, C, L]`.
   * @returns The normalized tensor.
   * @throws {RangeError} For input of another rank (`expected 2D or 3D input (got 4D input)`).
   */
  override forward(input: Tensor): Tensor {
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new RangeError(`expected 2D or 3D input (got ${input.ndim}D input)`);
    }
    const track = this.training && this.trackRunningStats && this.num_batches_tracked !== null;
    // momentum null: a cumulative average, 1 / (batches seen, this one included).
    const factor = track && this.momentum === null
      ? 1.0 / (this.num_batches_tracked!.item() + 1)
      : this.momentum ?? 0.0;
    const stats = !this.training || this.trackRunningStats;
    const batchStats = this.training || (this.running_mean === null && this.running_var === null);
    const out = batchNorm(
      input,
      stats ? this.running_mean : null,
      stats ? this.running_var : null,
      {
        weight: this.weight,
        bias: this.bias,
        training: batchStats,
        momentum: factor,
        eps: this.eps,
      },
    );
    // Counted after the batch went through, so a failing batch leaves the count alone.
    if (track) noGrad(() => this.num_batches_tracked!.add_(1));
    return out;
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True`.
   */
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${
      this.momentum === null ? "None" : pyFloat(this.momentum)
    }, affine=${pyBool(this.affine)}, bias=${pyBool(this.bias !== null)}, track_running_stats=${
      pyBool(this.trackRunningStats)
    }`;
  }
}
