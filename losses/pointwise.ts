/**
 * @ignore The shared machinery of the elementwise regression losses (`l1Loss`,
 * `smoothL1Loss`, `huberLoss`): broadcasting with PyTorch's warning, one fused node, a forward
 * and (outside `createGraph`) a backward that are single passes over typed arrays.
 *
 * @module
 */

import { isGradEnabled, sameShape, warnOnce } from "@descent/autograd";
import {
  broadcastShapes,
  type DType,
  isFloatingDType,
  type Shape,
  sumTo,
  type Tensor,
  where,
} from "@descent/tensor";
import { allocate, fromValues, record, shapeNumel, tracks, valuesOf } from "@descent/tensor/extend";
import { reduceSum, type Reduction } from "./reduction.ts";
import { lossOperands, sizeWarning, valuesAs } from "./util.ts";

/** @ignore How one elementwise loss of `d = input - target` is computed and differentiated. */
export interface PointwiseSpec {
  /** Node name, e.g. `"HuberLossBackward0"` (may depend on the reduction). */
  name: string;
  /** PyTorch's kernel, named in the error for two integer operands (`"huber_cpu"`). */
  kernel: string;
  /** Loss of one element. */
  loss: (d: number) => number;
  /** Derivative of the loss with respect to `d`, as PyTorch's backward kernel computes it. */
  slope: (d: number) => number;
  /**
   * The derivative as `a(d) * d + b(d)` with `a`, `b` locally constant: the `createGraph`
   * backward is `(d * A + B) * grad` in Tensor ops (`d * A` left out where `A` is 0, so an
   * infinite `d` gives `B`; its derivative, `A`, is PyTorch's double backward). Omitted where the
   * derivative is piecewise constant (`B * grad`: no `d * 0`, which would turn a NaN `d` into a
   * NaN gradient).
   */
  a?: (d: number) => number;
  /** See {@linkcode PointwiseSpec.a}. */
  b: (d: number) => number;
  /**
   * The result has the input's dtype when both operands are floating (PyTorch's huber_loss
   * writes into `empty_like(input)`); otherwise the promoted dtype.
   */
  inputDType?: boolean;
}

/** A tensor of `shape` whose elements are `f(v[i])` (a constant: never recorded). */
function constOf(
  v: ArrayLike<number>,
  shape: Shape,
  dtype: DType,
  f: (d: number) => number,
): Tensor {
  const o = allocate(dtype, v.length);
  for (let i = 0; i < v.length; i++) o[i] = f(v[i]);
  return fromValues(o, shape, dtype);
}

/** @ignore An elementwise loss of `input - target` with a reduction, as one node. */
export function pointwiseLoss(
  inputGiven: Tensor,
  targetGiven: Tensor,
  reduction: Reduction,
  spec: PointwiseSpec,
): Tensor {
  const same = sameShape(inputGiven.shape, targetGiven.shape);
  if (!same) warnOnce(sizeWarning(targetGiven.shape, inputGiven.shape));
  const [input, target, promoted] = lossOperands(inputGiven, targetGiven, spec.kernel);
  const floats = isFloatingDType(inputGiven.dtype) && isFloatingDType(targetGiven.dtype);
  const dtype = spec.inputDType && floats ? inputGiven.dtype : promoted;
  const shape = same ? input.shape : broadcastShapes(input.shape, target.shape);
  const n = shapeNumel(shape);
  const x = valuesAs(input, shape, same);
  const y = valuesAs(target, shape, same);
  const { loss, slope } = spec;
  let out: Tensor;
  if (reduction === "none") {
    const o = allocate(dtype, n);
    for (let i = 0; i < n; i++) o[i] = loss(x[i] - y[i]);
    out = fromValues(o, shape, dtype);
  } else {
    let s = 0;
    if (dtype === "float32") {
      for (let i = 0; i < n; i++) s += Math.fround(loss(Math.fround(x[i] - y[i])));
    } else for (let i = 0; i < n; i++) s += loss(x[i] - y[i]);
    const o = allocate(dtype, 1);
    o[0] = reduceSum(s, n, reduction, dtype === "float32");
    out = fromValues(o, [], dtype);
  }
  if (tracks(input, target)) {
    const node = record(spec.name, out, [input, target]);
    const si = node.save(input);
    const st = node.save(target);
    const norm = reduction === "mean" ? 1 / n : 1;
    node.setBackward((g) => {
      const a = si.unpack();
      const b = st.unpack();
      const av = valuesAs(a, shape, same);
      const bv = valuesAs(b, shape, same);
      let full: Tensor;
      if (isGradEnabled()) {
        const d = a.sub(b);
        const dv = valuesOf(d);
        let k = constOf(dv, shape, dtype, spec.b);
        const slopeA = spec.a;
        if (slopeA !== undefined) {
          // d·A only where A ≠ 0 (or d is NaN): an infinite d times A = 0 would be NaN
          const keep = constOf(
            dv,
            shape,
            "bool",
            (v) => (slopeA(v) !== 0 || Number.isNaN(v) ? 1 : 0),
          );
          k = where(keep, d, 0).mul(constOf(dv, shape, dtype, slopeA)).add(k);
        }
        full = k.mul(g).mul(norm);
      } else {
        const gv = valuesOf(g);
        const o = allocate(dtype, n);
        if (reduction === "none") {
          for (let i = 0; i < n; i++) o[i] = slope(av[i] - bv[i]) * gv[i];
        } else {
          const g0 = gv[0] * norm;
          for (let i = 0; i < n; i++) o[i] = slope(av[i] - bv[i]) * g0;
        }
        full = fromValues(o, shape, dtype);
        return [
          node.needs(0) ? sumTo(full, a.shape) : null,
          node.needs(1) ? sumTo(full.neg(), b.shape) : null,
        ];
      }
      return [
        node.needs(0) ? sumTo(full, a.shape) : null,
        node.needs(1) ? sumTo(full.neg(), b.shape) : null,
      ];
    });
  }
  return out;
}
