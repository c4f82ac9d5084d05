/**
 * Linear maps with fixed coefficients (pooling windows, interpolation weights, the argmax
 * positions of a max pool), recorded so that a map and its adjoint are each other's derivative:
 * under `createGraph` the backward of the backward is the forward map again, to any order.
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { shapeNumel } from "../shape.ts";
import type { Storage } from "../kernels/elementwise.ts";
import { record, tracks } from "./record.ts";

/** A linear map between two shapes, given by its kernel and its adjoint's. */
export interface LinearMap {
  /** The node name of the map (PyTorch's, e.g. `"AvgPool2DBackward0"`). */
  name: string;
  /** The node name of its adjoint (e.g. `"AvgPool2DBackwardBackward0"`). */
  adjointName: string;
  /** The input shape. */
  inShape: readonly number[];
  /** The output shape. */
  outShape: readonly number[];
  /** Writes the map of `src` (inShape, contiguous) into `dst` (outShape, zero-filled). */
  apply(src: Storage, dst: Storage): void;
  /** Writes the adjoint map of `src` (outShape) into `dst` (inShape, zero-filled). */
  adjoint(src: Storage, dst: Storage): void;
}

/** The adjoint map: `outShape` to `inShape`. */
function transposed(m: LinearMap): LinearMap {
  return {
    name: m.adjointName,
    adjointName: m.name,
    inShape: m.outShape,
    outShape: m.inShape,
    apply: m.adjoint,
    adjoint: m.apply,
  };
}

/**
 * Records `out = m(x)`, computed by the caller, as a node named `m.name` whose backward is the
 * adjoint map (itself recorded, with the map as its backward).
 *
 * @param out The result of the map on `x`.
 * @param x The input.
 * @param m The map.
 * @returns `out`.
 */
export function recordLinear(out: Tensor, x: Tensor, m: LinearMap): Tensor {
  if (tracks(x)) {
    record(m.name, out, [x]).setBackward((g) => [applyLinear(g, transposed(m))]);
  }
  return out;
}

/**
 * `m(x)`, recorded (see {@linkcode recordLinear}).
 *
 * @param x The input, of `m.inShape`.
 * @param m The map.
 * @returns The output, of `m.outShape`.
 */
export function applyLinear(x: Tensor, m: LinearMap): Tensor {
  const out = allocate(x.dtype, shapeNumel(m.outShape));
  m.apply(x._values(), out);
  return recordLinear(new Tensor(out, m.outShape, x.dtype), x, m);
}
