/**
 * Copies through index maps, and their adjoints, as differentiable ops: the one forward and
 * backward behind `pad`, `flip`, `roll` and `repeatInterleave` with a tensor of repeats (see
 * `kernels/remap.ts`).
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { gatherMapped, type IndexMaps, scatterAddMapped } from "../kernels/remap.ts";
import { record, tracks } from "./record.ts";

/** What a remapped tensor's backward is: a function of the gradient, or the adjoint's node name. */
export type RemapBackward = ((g: Tensor) => Tensor) | string;

/** The output shape of index maps. */
function shapeOf(maps: IndexMaps): number[] {
  return maps.map((m) => m.length);
}

/**
 * @internal `a` read through one index map per dim (-1 reads `fill`), recorded as `name`. The
 * backward is `backward(g)`, or, given a node name, the adjoint {@linkcode remapAdjoint}.
 */
export function remap(
  a: Tensor,
  maps: IndexMaps,
  name: string,
  backward: RemapBackward,
  fill = 0,
): Tensor {
  const shape = shapeOf(maps);
  const out = new Tensor(allocate(a.dtype, shape.reduce((x, y) => x * y, 1)), shape);
  gatherMapped(a._data, a._offset, a._strides, maps, out._data, fill);
  if (tracks(a)) {
    const node = record(name, out, [a]);
    const inShape = a.shape;
    node.backwardFn = typeof backward === "string"
      ? (g) => [remapAdjoint(g, maps, inShape, backward, name)]
      : (g) => [backward(g)];
  }
  return out;
}

/**
 * @internal The adjoint of {@linkcode remap}: `g` added back through the maps into zeros of
 * `inShape` (summing entries read more than once), recorded as `name`; its own backward is the
 * remap again (named `forwardName`), so gradients of any order exist.
 */
export function remapAdjoint(
  g: Tensor,
  maps: IndexMaps,
  inShape: readonly number[],
  name: string,
  forwardName: string,
): Tensor {
  const numel = inShape.reduce((x, y) => x * y, 1);
  const acc = new Float64Array(numel);
  scatterAddMapped(g._values(), maps, inShape, acc);
  const data = allocate(g.dtype, numel);
  data.set(acc);
  const out = new Tensor(data, inShape);
  if (tracks(g)) {
    record(name, out, [g]).backwardFn = (gg) => [remap(gg, maps, forwardName, name)];
  }
  return out;
}

/** @internal The identity map of a dim of `n`. */
export function identityMap(n: number): Int32Array {
  const m = new Int32Array(n);
  for (let i = 0; i < n; i++) m[i] = i;
  return m;
}
