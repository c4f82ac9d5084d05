/**
 * Binary cross entropy on logits: `binaryCrossEntropyWithLogits`
 * (`BinaryCrossEntropyWithLogitsBackward0`), stable for logits of any size.
 *
 * @module
 */

import { formatShape, formatSize, isGradEnabled, sameShape } from "@descent/autograd";
import {
  broadcastShapes,
  type DType,
  isFloatingDType,
  logsigmoid,
  resultType,
  type Tensor,
} from "@descent/tensor";
import {
  allocate,
  type FloatStorage,
  fromValues,
  notImplemented,
  record,
  scalarTypeName,
  tracks,
  valuesOf,
} from "@descent/tensor/extend";
import { checkReduction, reduceLoss, type Reduction } from "./reduction.ts";
import { checkTensor, checkWeight } from "./util.ts";

/** Options of {@linkcode binaryCrossEntropyWithLogits}. */
export interface BinaryCrossEntropyWithLogitsOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** Rescaling weight of each element, broadcastable to `input`. A constant (no gradient). */
  weight?: Tensor | null;
  /**
   * Weight of positive examples, broadcast with `target` (e.g. one per class, along the last
   * dim). A constant (no gradient).
   */
  posWeight?: Tensor | null;
}

/** `log σ(x)`, stable: `min(x, 0) - log1p(exp(-|x|))`. */
function logSigmoid(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
}

/** `σ(x)`, stable for large |x|. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** `t` broadcast to `shape`, as row-major values (or null). */
function expanded(
  t: Tensor | null,
  shape: readonly number[],
  what: string,
  dtype: DType,
): FloatStorage | null {
  if (t === null) return null;
  // PyTorch's words: `loss * weight` broadcasts (the loss first), `pos_weight * target` too (the
  // pos_weight first); a result larger than the loss fails its in-place update
  const b = what === "weight" ? broadcastShapes(shape, t.shape) : broadcastShapes(t.shape, shape);
  if (!sameShape(b, shape)) {
    throw new RangeError(
      `output with shape ${formatShape(shape)} doesn't match the broadcast shape ${formatShape(b)}`,
    );
  }
  return valuesOf(t.detach().to(dtype).expand(shape)) as FloatStorage;
}

/**
 * Binary cross entropy between `sigmoid(input)` and targets, computed from the logits in a
 * numerically stable way: `(1 - t) x - (1 + (p - 1) t) log σ(x)` (times `weight`), with `p` the
 * positive weight. PyTorch: `torch.nn.functional.binary_cross_entropy_with_logits(input, target,
 * weight=None, reduction='mean', pos_weight=None)` → `BinaryCrossEntropyWithLogitsBackward0`.
 * Gradients flow to `input` and `target`.
 *
 * @param input Logits.
 * @param target Targets (usually in [0, 1]), same shape as `input`.
 * @param options `reduction`, `weight`, `posWeight`.
 * @returns The loss.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryCrossEntropyWithLogits } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 * const z = tensor([1e4, -1e4, 0], { dtype: "float32", requiresGrad: true });
 * const loss = binaryCrossEntropyWithLogits(z, tensor([1, 1, 0], { dtype: "float32" }), { reduction: "none" });
 * assert.equal(
 *   String(loss),
 *   "tensor([0.0000e+00, 1.0000e+04, 6.9315e-01],\n       grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)",
 * );
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  const fn = "binary_cross_entropy_with_logits";
  checkTensor(input, fn, "input");
  checkTensor(target, fn, "target");
  const reduction = checkReduction(options.reduction);
  const weight = checkWeight(options.weight, fn);
  const posWeight = options.posWeight === undefined || options.posWeight === null
    ? null
    : (checkTensor(options.posWeight, fn, "pos_weight"), options.posWeight);
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(
      `Target size (${formatSize(target.shape)}) must be the same as input size (${
        formatSize(input.shape)
      })`,
    );
  }
  if (!isFloatingDType(input.dtype)) {
    throw notImplemented("log_sigmoid_cpu", input.dtype);
  }
  if (target.dtype === "bool") input.sub(target); // PyTorch's error for bool subtraction
  const dtype = resultType(input, target);
  if (!isFloatingDType(target.dtype)) {
    throw new TypeError(
      `result type ${scalarTypeName(dtype)} can't be cast to the desired output type ${
        scalarTypeName(target.dtype)
      }`,
    );
  }
  const shape = input.shape;
  const wv = expanded(weight, shape, "weight", dtype);
  const pv = expanded(posWeight, shape, "pos_weight", dtype);
  const x = valuesOf(input) as FloatStorage;
  const t = valuesOf(target) as FloatStorage;
  const n = input.numel();
  const el = (i: number): number => {
    const ls = logSigmoid(x[i]);
    const lw = pv === null ? 1 : (pv[i] - 1) * t[i] + 1;
    const l = (1 - t[i]) * x[i] - lw * ls;
    return wv === null ? l : l * wv[i];
  };
  // PyTorch computes the loss in place on `1 - target`: the result has the target's dtype
  const out = reduceLoss(n, shape, target.dtype, reduction, el);
  if (tracks(input, target)) {
    const node = record("BinaryCrossEntropyWithLogitsBackward0", out, [input, target]);
    const si = node.save(input);
    const st = node.save(target);
    const norm = reduction === "mean" ? 1 / n : 1;
    const wt = wv === null ? null : fromValues(wv, shape, dtype);
    const pt = pv === null ? null : fromValues(pv, shape, dtype);
    node.setBackward((g) => {
      const a = si.unpack();
      const b = st.unpack();
      if (isGradEnabled()) {
        let k = g.mul(norm);
        if (wt !== null) k = k.mul(wt);
        let ga: Tensor | null = null;
        let gb: Tensor | null = null;
        if (node.needs(0)) {
          // PyTorch: ((p t + 1 - t) σ(x) - p t) * grad, or (σ(x) - t) * grad without p
          if (pt === null) ga = a.sigmoid().sub(b).mul(k);
          else {
            const pT = pt.mul(b);
            ga = pT.add(1).sub(b).mul(a.sigmoid()).sub(pT).mul(k);
          }
        }
        if (node.needs(1)) {
          // PyTorch: (log σ(-x) - p log σ(x)) * grad, or -x * grad without p
          if (pt === null) gb = a.neg().mul(k);
          else {
            // log_sigmoid, as PyTorch: its derivative stays finite at ±∞ (log(σ) does not)
            const lsx = logsigmoid(a);
            const lsnx = logsigmoid(a.neg());
            gb = lsnx.sub(lsx.mul(pt)).mul(k);
          }
        }
        return [ga, gb];
      }
      const av = valuesOf(a) as FloatStorage;
      const bv = valuesOf(b) as FloatStorage;
      const gv = valuesOf(g) as FloatStorage;
      const gs = reduction === "none" ? 1 : 0;
      let ga: Tensor | null = null;
      let gb: Tensor | null = null;
      if (node.needs(0)) {
        const o = allocate(dtype, n);
        for (let i = 0; i < n; i++) {
          const s = sigmoid(av[i]);
          let r: number;
          if (pv === null) r = s - bv[i];
          else {
            const pT = pv[i] * bv[i];
            r = (pT + 1 - bv[i]) * s - pT;
          }
          r *= gv[i * gs] * norm;
          o[i] = wv === null ? r : r * wv[i];
        }
        ga = fromValues(o, shape, dtype);
      }
      if (node.needs(1)) {
        const o = allocate(dtype, n);
        for (let i = 0; i < n; i++) {
          let r = pv === null ? -av[i] : logSigmoid(-av[i]) - pv[i] * logSigmoid(av[i]);
          r *= gv[i * gs] * norm;
          o[i] = wv === null ? r : r * wv[i];
        }
        gb = fromValues(o, shape, dtype);
      }
      return [ga, gb];
    });
  }
  return out;
}
