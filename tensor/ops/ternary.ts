/**
 * The forward of a broadcasting elementwise op of three operands (`lerp` with a tensor weight,
 * `addcmul`, `addcdiv`): each operand converted to the op's floating dtype, broadcast to the
 * common shape and read row-major, one scalar function per element. Never recorded.
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import type { DType } from "../dtype.ts";
import { broadcastShapes, type Shape, shapeNumel } from "../shape.ts";
import type { FloatStorage } from "../kernels/elementwise.ts";
import { convert } from "./exact.ts";

/** The three operands' common shape (PyTorch's broadcasting error if there is none). */
export function broadcast3(a: Tensor, b: Tensor, c: Tensor): Shape {
  return broadcastShapes(broadcastShapes(a.shape, b.shape), c.shape);
}

/** `t` in `dtype`, broadcast to `shape`, as a row-major typed array (and its stride: 0 for one value). */
function operand(t: Tensor, dtype: DType, shape: Shape): [FloatStorage, number] {
  const x = convert(t.detach(), dtype); // unrecorded: the views below are scratch
  if (x._numel === 1) return [x._values() as FloatStorage, 0];
  return [x.expand(shape).contiguous()._values() as FloatStorage, 1];
}

/**
 * `f(a, b, c)` elementwise over the broadcast operands, in the floating dtype `dtype`.
 *
 * @param f The scalar function.
 * @param a First operand.
 * @param b Second operand.
 * @param c Third operand.
 * @param dtype The (floating) dtype of the computation and the result.
 * @returns The result, of the common shape.
 */
export function ternaryValues(
  f: (x: number, y: number, z: number) => number,
  a: Tensor,
  b: Tensor,
  c: Tensor,
  dtype: DType,
): Tensor {
  const shape = broadcast3(a, b, c);
  const n = shapeNumel(shape);
  const out = allocate(dtype, n) as FloatStorage;
  const [av, sa] = operand(a, dtype, shape);
  const [bv, sb] = operand(b, dtype, shape);
  const [cv, sc] = operand(c, dtype, shape);
  for (let i = 0; i < n; i++) out[i] = f(av[i * sa], bv[i * sb], cv[i * sc]);
  return new Tensor(out, shape, dtype);
}
