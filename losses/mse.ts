/**
 * Mean squared error: `mseLoss`, one fused graph node (`MseLossBackward0`).
 *
 * @module
 */

import { isGradEnabled, sameShape, warnOnce } from "@descent/autograd";
import { broadcastShapes, sumTo, type Tensor } from "@descent/tensor";
import { allocate, fromValues, record, shapeNumel, tracks, valuesOf } from "@descent/tensor/extend";
import { checkReduction, reduceSum, type Reduction } from "./reduction.ts";
import { checkTensor, checkWeight, lossOperands, sizeWarning, valuesAs } from "./util.ts";
import { weightedLoss } from "./weighted.ts";

/** Options of {@linkcode mseLoss}. */
export interface MseLossOptions {
  /** `"mean"` (default), `"sum"` or `"none"`. */
  reduction?: Reduction;
  /**
   * Per-element weights, same shape as `input` (PyTorch 2.8+); the weighted mean divides by
   * the sum of the weights. A constant: it gets no gradient.
   */
  weight?: Tensor | null;
}

/**
 * Mean squared error between `input` and `target`: `(input - target)²`, averaged (`"mean"`),
 * summed (`"sum"`) or kept elementwise (`"none"`). PyTorch:
 * `torch.nn.functional.mse_loss(input, target, reduction='mean')` → `MseLossBackward0`.
 * Shapes that differ are broadcast after PyTorch's warning ("Using a target size (…) that is
 * different to the input size (…)"). Gradients flow to both `input` and `target`.
 *
 * @param input The prediction (or any tensor).
 * @param target The target, same shape as `input` (or broadcastable, with a warning).
 * @param options `reduction`, `weight`.
 * @returns A 0-d tensor (`"mean"`, `"sum"`) or the elementwise losses (`"none"`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mseLoss } from "@descent/losses";
 * import { tensor } from "@descent/tensor";
 *
 * const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
 * const y = tensor([[0, 0], [1, 1]], { dtype: "float32" }); // int64: the loss is computed in float32
 * const loss = mseLoss(x, y);
 * assert.equal(String(loss), "tensor(4.5000, grad_fn=<MseLossBackward0>)");
 * loss.backward();
 * assert.equal(String(x.grad), "tensor([[0.5000, 1.0000],\n        [1.0000, 1.5000]])");
 * ```
 */
export function mseLoss(inputGiven: Tensor, targetGiven: Tensor, options?: MseLossOptions): Tensor {
  checkTensor(inputGiven, "mse_loss", "input");
  checkTensor(targetGiven, "mse_loss", "target");
  const weight = checkWeight(options?.weight, "mse_loss");
  if (weight !== null) {
    return weightedLoss(
      inputGiven,
      targetGiven,
      weight,
      options?.reduction,
      "sumOverWeights",
      (x, y) => mseLoss(x, y, { reduction: "none" }),
    );
  }
  const reduction = checkReduction(options?.reduction);
  const same = sameShape(inputGiven.shape, targetGiven.shape);
  if (!same) warnOnce(sizeWarning(targetGiven.shape, inputGiven.shape));
  const [input, target, dtype] = lossOperands(inputGiven, targetGiven, "mse_cpu");
  const shape = same ? input.shape : broadcastShapes(input.shape, target.shape);
  const n = shapeNumel(shape);
  const x = valuesAs(input, shape, same);
  const y = valuesAs(target, shape, same);
  let out: Tensor;
  if (reduction === "none") {
    const o = allocate(dtype, n);
    if (dtype === "float64") {
      for (let i = 0; i < n; i++) {
        const d = x[i] - y[i];
        o[i] = d * d;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const d = Math.fround(x[i] - y[i]);
        o[i] = d * d;
      }
    }
    out = fromValues(o, shape, dtype);
  } else {
    let s = 0;
    if (dtype === "float64") {
      for (let i = 0; i < n; i++) {
        const d = x[i] - y[i];
        s += d * d;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const d = Math.fround(x[i] - y[i]);
        s += Math.fround(d * d);
      }
    }
    const o = allocate(dtype, 1);
    o[0] = reduceSum(s, n, reduction, dtype === "float32");
    out = fromValues(o, [], dtype);
  }
  if (tracks(input, target)) {
    const node = record("MseLossBackward0", out, [input, target]);
    const si = node.save(input);
    const st = node.save(target);
    // PyTorch: mse_loss_backward = norm * (input - target) * grad, norm = 2/N (mean) or 2.
    const norm = reduction === "mean" ? 2 / n : 2;
    node.setBackward((g) => {
      const a = si.unpack();
      const b = st.unpack();
      const needA = node.needs(0);
      const needB = node.needs(1);
      if (isGradEnabled()) {
        // createGraph: the same formula in Tensor ops, differentiable again.
        const ga = a.sub(b).mul(norm).mul(g);
        return [needA ? sumTo(ga, a.shape) : null, needB ? sumTo(ga.neg(), b.shape) : null];
      }
      const av = valuesAs(a, shape, same);
      const bv = valuesAs(b, shape, same);
      const gv = valuesOf(g);
      const f32 = dtype === "float32";
      // Only the target's gradient wanted (the tutorial's mseLoss(y, pred)): fold its sign into
      // the norm, an exact negation, so one array is written and none copied.
      const normD = (needA ? 1 : -1) * (f32 ? Math.fround(norm) : norm);
      const full = allocate(dtype, n);
      if (reduction === "none") {
        if (f32) {
          for (let i = 0; i < n; i++) {
            full[i] = Math.fround(normD * Math.fround(av[i] - bv[i])) * gv[i];
          }
        } else {
          for (let i = 0; i < n; i++) full[i] = normD * (av[i] - bv[i]) * gv[i];
        }
      } else {
        const g0 = gv[0];
        if (f32) {
          for (let i = 0; i < n; i++) {
            full[i] = Math.fround(normD * Math.fround(av[i] - bv[i])) * g0;
          }
        } else {
          for (let i = 0; i < n; i++) full[i] = normD * (av[i] - bv[i]) * g0;
        }
      }
      // A gradient whose dtype differs from its input's is cast back by the engine.
      const grad = fromValues(full, shape, dtype);
      return [
        needA ? sumTo(grad, a.shape) : null,
        needB ? sumTo(needA ? grad.neg() : grad, b.shape) : null,
      ];
    });
  }
  return out;
}
