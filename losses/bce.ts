/**
 * Binary cross entropy on probabilities: `binaryCrossEntropy` (`BinaryCrossEntropyBackward0`).
 *
 * @module
 */

import { formatShape, formatSize, isGradEnabled, noGrad, sameShape } from "@descent/autograd";
import { sub, sumTo, type Tensor } from "@descent/tensor";
import {
  allocate,
  type FloatStorage,
  fromValues,
  notImplemented,
  record,
  scalarTypeName,
  tracks,
  tracksAny,
  valuesOf,
} from "@descent/tensor/extend";
import { checkReduction, reduceLoss, type Reduction } from "./reduction.ts";
import { checkTensor, checkWeight } from "./util.ts";
import { isFloatingDType, resultType } from "@descent/tensor";

/** Options of {@linkcode binaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /** Rescaling weight of each element, broadcastable to `target`. A constant (no gradient). */
  weight?: Tensor | null;
}

/**
 * PyTorch's EPSILON in binary_cross_entropy_backward: 1e-12 as a float (observed: PyTorch's
 * float64 gradients divide by 9.999999960041972e-13).
 */
const EPSILON = Math.fround(1e-12);

/**
 * Binary cross entropy between probabilities `input` and targets in [0, 1]:
 * `-w (t log(x) + (1 - t) log(1 - x))`, each log clamped at -100 as PyTorch does. PyTorch:
 * `torch.nn.functional.binary_cross_entropy(input, target, weight=None, reduction='mean')` →
 * `BinaryCrossEntropyBackward0`. Gradients flow to `input` and (as in PyTorch 2.x) `target`.
 *
 * @param input Probabilities in [0, 1].
 * @param target Targets in [0, 1], same shape as `input`.
 * @param options `reduction`, `weight`.
 * @returns The loss.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryCrossEntropy } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 * const p = tensor([0.9, 0.2], { requiresGrad: true });
 * const loss = binaryCrossEntropy(p, tensor([1, 0], { dtype: "float32" }));
 * assert.equal(String(loss), "tensor(0.1643, grad_fn=<BinaryCrossEntropyBackward0>)");
 * ```
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyOptions = {},
): Tensor {
  checkTensor(input, "binary_cross_entropy", "input");
  checkTensor(target, "binary_cross_entropy", "target");
  const reduction = checkReduction(options.reduction);
  const weight = checkWeight(options.weight, "binary_cross_entropy");
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(
      `Using a target size (${formatSize(target.shape)}) that is different to the input size (${
        formatSize(input.shape)
      }) is deprecated. Please ensure they have the same size.`,
    );
  }
  // PyTorch broadcasts the weight in Python, before its kernel checks the dtypes
  if (weight !== null) checkWeightShape(weight.shape, input.shape);
  if (!isFloatingDType(input.dtype) || input.dtype !== target.dtype) {
    // PyTorch checks the target's dtype against the input's (float32 and float64 do not mix),
    // then has no integer kernel
    throw input.dtype === target.dtype
      ? notImplemented("binary_cross_entropy", input.dtype)
      : new TypeError(
        `Found dtype ${scalarTypeName(target.dtype)} but expected ${scalarTypeName(input.dtype)}`,
      );
  }
  const dtype = resultType(input, target);
  const shape = input.shape;
  const w = weight === null ? null : weight.detach().to(dtype).expand(shape).contiguous();
  const wv = w === null ? null : valuesOf(w) as FloatStorage;
  const x = valuesOf(input) as FloatStorage;
  const t = valuesOf(target) as FloatStorage;
  const n = input.numel();
  for (let i = 0; i < n; i++) {
    if (!(x[i] >= 0 && x[i] <= 1)) {
      throw new RangeError(
        `all elements of input should be between 0 and 1 (input[${i}] = ${x[i]} in flat order)`,
      );
    }
    if (!(t[i] >= 0 && t[i] <= 1)) {
      throw new RangeError(
        `all elements of target should be between 0 and 1 (target[${i}] = ${t[i]} in flat order)`,
      );
    }
  }
  const el = (i: number): number => {
    const l = (t[i] - 1) * Math.max(Math.log1p(-x[i]), -100) -
      t[i] * Math.max(Math.log(x[i]), -100);
    return wv === null ? l : l * wv[i];
  };
  const out = reduceLoss(n, shape, dtype, reduction, el);
  if (tracks(input, target)) {
    const node = record("BinaryCrossEntropyBackward0", out, [input, target]);
    const si = node.save(input);
    const st = node.save(target);
    const norm = reduction === "mean" ? 1 / n : 1;
    node.setBackward((g) => {
      const a = si.unpack();
      const b = st.unpack();
      if (isGradEnabled()) {
        // PyTorch: grad * (x - t) / max((1 - x) x, EPSILON) and, for the target, -logit(x) * grad
        let k = g.mul(norm);
        if (w !== null) k = k.mul(w);
        return [
          node.needs(0) ? inputGrad(g, a, b, w, norm) : null,
          node.needs(1) ? sub(1, a).log().sub(a.log()).mul(k) : null,
        ];
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
          const xi = av[i];
          const r = (gv[i * gs] * norm * (xi - bv[i])) / Math.max((1 - xi) * xi, EPSILON);
          o[i] = wv === null ? r : r * wv[i];
        }
        ga = fromValues(o, shape, dtype);
      }
      if (node.needs(1)) {
        const o = allocate(dtype, n);
        for (let i = 0; i < n; i++) {
          const xi = av[i];
          const r = -Math.log(xi / (1 - xi)) * gv[i * gs] * norm;
          o[i] = wv === null ? r : r * wv[i];
        }
        gb = fromValues(o, shape, dtype);
      }
      return [ga, gb];
    });
  }
  return out;
}

/** The ε of PyTorch's binary_cross_entropy_double_backward (a double). */
const DOUBLE_EPS = 1e-12;

/**
 * The input's gradient `g (x − t) / max((1 − x) x, EPSILON)` (times the weight, over n for the
 * mean) as a node of its own, PyTorch's `BinaryCrossEntropyBackwardBackward0`, whose gradients
 * are PyTorch's double-backward formulas (ε-regularised, so finite where x is 0 or 1).
 */
function inputGrad(g: Tensor, x: Tensor, t: Tensor, w: Tensor | null, norm: number): Tensor {
  const scaled = (v: Tensor): Tensor => (w === null ? v : v.mul(w)).mul(norm);
  const out = noGrad(() => scaled(x.sub(t).div(sub(1, x).mul(x).clamp(EPSILON)).mul(g)));
  if (!tracksAny([g, x, t])) return out;
  const node = record("BinaryCrossEntropyBackwardBackward0", out, [g, x, t]);
  const [sg, sx, st] = [node.save(g), node.save(x), node.save(t)];
  node.setBackward((h) => {
    const [gv, xv, tv] = [sg.unpack(), sx.unpack(), st.unpack()];
    const gh = gv.mul(h);
    return [
      // binary_cross_entropy_double_backward_grad_output
      node.needs(0)
        ? sumTo(
          scaled(xv.sub(tv).div(xv.add(DOUBLE_EPS).mul(sub(1, xv).add(DOUBLE_EPS))).mul(h)),
          gv.shape,
        )
        : null,
      // binary_cross_entropy_double_backward: (x² − 2xt + t) / ((x + ε)² (1 − x + ε)²)
      node.needs(1)
        ? scaled(
          xv.mul(xv).sub(xv.mul(tv).mul(2)).add(tv)
            .div(xv.add(DOUBLE_EPS).square().mul(sub(1, xv).add(DOUBLE_EPS).square()))
            .mul(gh),
        )
        : null,
      // binary_cross_entropy_double_backward_target: −g h / max((1 − x) x, ε), ε not tracked
      node.needs(2)
        ? scaled(gh.neg().div(noGrad(() => sub(1, xv).mul(xv).clamp(DOUBLE_EPS))))
        : null,
    ];
  });
  return out;
}

/**
 * PyTorch's words for a weight that does not fit the target: its Python-level broadcast of the
 * two, then its in-place product into a loss of the target's shape.
 */
function checkWeightShape(w: readonly number[], shape: readonly number[]): void {
  const n = Math.max(w.length, shape.length);
  const out: number[] = [];
  for (let i = 1; i <= n; i++) {
    const [a, b] = [shape[shape.length - i] ?? 1, w[w.length - i] ?? 1];
    if (a !== b && a !== 1 && b !== 1) {
      throw new RangeError(
        `Attempting to broadcast a dimension of length ${b} at -${i}! Mismatching argument at index 1 had ${
          formatSize(w)
        }; but expected shape should be broadcastable to ${formatShape(shape)}`,
      );
    }
    out.unshift(a === 1 ? b : a);
  }
  if (!sameShape(out, shape)) {
    throw new RangeError(
      `output with shape ${formatShape(shape)} doesn't match the broadcast shape ${
        formatShape(out)
      }`,
    );
  }
}
