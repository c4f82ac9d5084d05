/**
 * Negative log likelihood over class indices: `nllLoss` (`NllLossBackward0`), and the parsing
 * of class-index targets shared with `crossEntropy`.
 *
 * @module
 */

import { formatShape, isGradEnabled } from "@descent/autograd";
import { type DType, type NestedArray, type Shape, Tensor, tensor } from "@descent/tensor";
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
import { checkReduction, type Reduction } from "./reduction.ts";
import { checkWeight } from "./util.ts";

/**
 * Class-index targets: an int64 (or uint8) tensor, as in PyTorch, or plain integers (nested
 * arrays for several dims), which are read as `tensor(target)`, an int64 tensor.
 */
export type ClassTarget = Tensor | NestedArray;

/** Options of {@linkcode nllLoss}. */
export interface NllLossOptions {
  /** `"mean"` (default: divides by the total weight of the non-ignored targets), `"sum"`, `"none"`. */
  reduction?: Reduction;
  /** A weight per class (a 1-D tensor of C elements). A constant (no gradient). */
  weight?: Tensor | null;
  /** A target value that is ignored: it adds nothing to the loss or the mean (default -100). */
  ignoreIndex?: number;
}

/** @ignore Class indices: values, shape and dtype. */
export interface ClassIndices {
  /** The indices, row-major. */
  values: Float64Array;
  /** The target's shape. */
  shape: Shape;
  /** The target's dtype (see {@linkcode checkTargetDType}). */
  dtype: DType;
}

/** @ignore Reads class-index targets: a tensor, or nested numbers (an int64 tensor). */
export function readClassIndices(target: ClassTarget, fn: string): ClassIndices {
  let t: Tensor;
  if (target instanceof Tensor) t = target;
  else if (typeof target === "number" || Array.isArray(target)) t = tensor(target);
  else {
    throw new TypeError(
      `${fn}(): argument 'target' must be a Tensor or an array of class indices, not ${
        target === null ? "null" : typeof target
      }`,
    );
  }
  return { values: Float64Array.from(valuesOf(t)), shape: t.shape, dtype: t.dtype };
}

/**
 * @ignore PyTorch's check of class-index targets' dtype (after the shapes): int64 or uint8, and
 * int64 only for input of 3 or more dims (PyTorch's `nll_loss2d` takes Long targets only).
 */
export function checkTargetDType(dtype: DType, inputDims: number): void {
  if (dtype !== "int64" && dtype !== "uint8") {
    throw new TypeError(
      `expected target dtype to be Long or Byte, but got ${scalarTypeName(dtype)}`,
    );
  }
  if (dtype === "uint8" && inputDims >= 3) {
    throw new TypeError("expected scalar type Long but found Byte");
  }
}

/**
 * @ignore The layout of (input, target) for nll: `n` samples × `c` classes × `inner`
 * positions, with PyTorch's shape errors.
 */
export function nllLayout(
  inputShape: Shape,
  targetShape: Shape,
): { n: number; c: number; inner: number } {
  const d = inputShape.length;
  if (d < 1) throw new RangeError(`Expected 1 or more dimensions (got ${d})`);
  if (d === 1) {
    // PyTorch 2.x takes a 0-d target, or a 1-d one of one element (the result is 0-d either way)
    if (targetShape.length > 1) {
      throw new RangeError("0D or 1D target tensor expected, multi-target not supported");
    }
    if (targetShape.length === 1 && targetShape[0] !== 1) {
      throw new RangeError(
        `For 1D input, 1D target must have size 1, but got target size: ${targetShape[0]}`,
      );
    }
    return { n: 1, c: inputShape[0], inner: 1 };
  }
  if (targetShape.length === 0 || inputShape[0] !== targetShape[0]) {
    throw new RangeError(
      `Expected input batch_size (${inputShape[0]}) to match target batch_size (${
        targetShape.length === 0 ? "none: the target is 0-d" : targetShape[0]
      }).`,
    );
  }
  const expected = [inputShape[0], ...inputShape.slice(2)];
  if (d === 4 && targetShape.length !== 3) {
    // 4-d input goes to PyTorch's nll_loss2d as it is, with its own checks and words
    throw new RangeError(
      `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${targetShape.length}`,
    );
  }
  if (
    targetShape.length !== expected.length || targetShape.some((s, i) => s !== expected[i])
  ) {
    if (d === 4) {
      throw new RangeError(
        `size mismatch (got input: ${formatShape(inputShape)} , target: ${
          formatShape(targetShape)
        }`,
      );
    }
    throw new RangeError(
      d === 2
        ? "0D or 1D target tensor expected, multi-target not supported"
        : `Expected target size ${formatShape(expected)}, got ${formatShape(targetShape)}`,
    );
  }
  let inner = 1;
  for (let i = 2; i < d; i++) inner *= inputShape[i];
  return { n: inputShape[0], c: inputShape[1], inner };
}

/**
 * @ignore Checks a class weight (1-D, C elements, the input's dtype, as PyTorch's nll_loss
 * requires) and returns its values.
 */
export function classWeight(
  w: Tensor | null,
  c: number,
  input: Tensor,
): FloatStorage | null {
  if (w === null) return null;
  if (w.ndim !== 1 || w.numel() !== c) {
    throw new RangeError(
      input.ndim >= 3
        // PyTorch's nll_loss2d (input of 3 or more dims) says less
        ? "weight tensor should be defined either for all or no classes"
        : `weight tensor should be defined either for all ${c} classes or no classes but got weight tensor of shape: ${
          formatShape(w.shape)
        }`,
    );
  }
  if (w.dtype !== input.dtype) {
    throw new TypeError(
      `expected scalar type ${scalarTypeName(input.dtype)} but found ${scalarTypeName(w.dtype)}`,
    );
  }
  return valuesOf(w) as FloatStorage;
}

/** @ignore Throws PyTorch's error for a class index out of [0, c) that is not ignored. */
export function checkRange(t: Float64Array, c: number, ignoreIndex: number): void {
  for (let i = 0; i < t.length; i++) {
    const k = t[i];
    if (k !== ignoreIndex && (k < 0 || k >= c)) {
      throw new RangeError(`Target ${k} is out of bounds.`);
    }
  }
}

/**
 * Negative log likelihood: `-weight[t] * input[t]` per sample, for log-probabilities `input`
 * of shape (C), (N, C) or (N, C, d1, …) and class indices `target` of shape (), (N) or
 * (N, d1, …). The mean divides by the total weight of the non-ignored targets (NaN when all
 * are ignored). PyTorch: `torch.nn.functional.nll_loss(input, target, weight=None,
 * ignore_index=-100, reduction='mean')` → `NllLossBackward0`.
 *
 * @param input Log-probabilities.
 * @param target Class indices: an int64 (or uint8) tensor, or plain integers.
 * @param options `reduction`, `weight`, `ignoreIndex`.
 * @returns The loss.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nllLoss } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 * const logp = tensor([[-0.5, -1.0, -2.0], [-1.5, -0.2, -3.0]], { requiresGrad: true });
 * const loss = nllLoss(logp, tensor([0, 1]));
 * assert.equal(String(loss), "tensor(0.3500, grad_fn=<NllLossBackward0>)");
 * loss.backward();
 * assert.equal(String(logp.grad), "tensor([[-0.5000,  0.0000,  0.0000],\n        [ 0.0000, -0.5000,  0.0000]])");
 * ```
 */
export function nllLoss(input: Tensor, target: ClassTarget, options: NllLossOptions = {}): Tensor {
  if (!(input instanceof Tensor)) {
    throw new TypeError(`nll_loss(): argument 'input' must be Tensor, not ${typeof input}`);
  }
  const reduction = checkReduction(options.reduction);
  const weight = checkWeight(options.weight, "nll_loss");
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (typeof ignoreIndex !== "number" || !Number.isInteger(ignoreIndex)) {
    throw new TypeError(`nll_loss(): ignoreIndex must be an integer, got ${ignoreIndex}`);
  }
  const tgt = readClassIndices(target, "nll_loss");
  // for 1-d input PyTorch checks the target's dtype before its size (not before its rank)
  if (input.ndim === 1 && tgt.shape.length <= 1) checkTargetDType(tgt.dtype, 1);
  const { c, inner } = nllLayout(input.shape, tgt.shape);
  checkTargetDType(tgt.dtype, input.ndim);
  const dtype = input.dtype;
  if (dtype !== "float32" && dtype !== "float64") {
    throw notImplemented("nll_loss_out_frame", dtype);
  }
  const wv = classWeight(weight, c, input);
  const t = tgt.values;
  checkRange(t, c, ignoreIndex);
  const x = valuesOf(input) as FloatStorage;
  // Per-sample weights (0 where ignored) and the picked log-probabilities.
  const m = t.length;
  const sw = new Float64Array(m);
  let total = 0;
  for (let s = 0; s < m; s++) {
    const k = t[s];
    if (k === ignoreIndex) continue;
    const w = wv === null ? 1 : wv[k];
    sw[s] = w;
    total += w;
  }
  const at = (s: number): number => {
    const b = Math.floor(s / inner);
    return (b * c + t[s]) * inner + (s - b * inner);
  };
  // PyTorch views 3-d and ≥ 5-d input as [n, c, 1, inner] for nll_loss2d, whose unreduced
  // [n, 1, inner] result it views back to the target's shape (→ ViewBackward0).
  const viewed = reduction === "none" && (input.ndim === 3 || input.ndim > 4);
  let out: Tensor;
  if (reduction === "none") {
    const o = allocate(dtype, m);
    for (let s = 0; s < m; s++) o[s] = sw[s] === 0 ? 0 : -sw[s] * x[at(s)];
    const shape = viewed ? [input.shape[0], 1, inner] : input.ndim === 1 ? [] : tgt.shape;
    out = fromValues(o, shape, dtype);
  } else {
    let acc = 0;
    for (let s = 0; s < m; s++) if (sw[s] !== 0) acc -= sw[s] * x[at(s)];
    out = fromValues(allocate(dtype, 1).fill(reduction === "mean" ? acc / total : acc), [], dtype);
  }
  if (tracks(input)) {
    const node = record(input.ndim >= 3 ? "NllLoss2DBackward0" : "NllLossBackward0", out, [input]);
    const shape = input.shape;
    const norm = reduction === "mean" ? 1 / total : 1;
    node.setBackward((g) => {
      // d loss / d input[s, t_s] = -w[t_s] * g (/ total weight for the mean); 0 elsewhere.
      const r = allocate(dtype, input.numel());
      const gv = valuesOf(g) as FloatStorage;
      const grad = isGradEnabled();
      for (let s = 0; s < m; s++) {
        if (sw[s] === 0) continue;
        const coef = -sw[s] * norm;
        r[at(s)] = grad ? coef : coef * (reduction === "none" ? gv[s] : gv[0]);
      }
      const base = fromValues(r, shape, dtype);
      if (!grad) return [base];
      // createGraph: the same, as a product with grad (linear in it).
      if (reduction !== "none" || input.ndim === 1) return [base.mul(g)];
      return [base.mul(g.reshape([shape[0], 1, ...shape.slice(2)]))];
    });
  }
  return viewed ? out.view(tgt.shape) : out;
}
