/**
 * Copies through index maps, and their adjoints, as differentiable ops: the one forward and
 * backward behind `pad`, `flip`, `roll` and `repeatInterleave` with a tensor of repeats (see
 * `kernels/remap.ts`).
 *
 * @module
 */

import { allocate, Tensor } from "../tensor.ts";
import { gatherMapped, type IndexMaps, scatterAddMapped } from "../kernels/remap.ts";
import { contiguousStrides, shapeNumel } from "../shape.ts";
import { record, tracks } from "./record.ts";

/** What a remapped tensor's backward is: a function of the gradient, or the adjoint's node name. */
export type RemapBackward = ((g: Tensor) => Tensor) | string;

/** The output shape of index maps. */
function shapeOf(maps: IndexMaps): number[] {
  return maps.map((m) => m.length);
}

/**
 * @ignore `a` read through one index map per dim (-1 reads `fill`), recorded as `name`. The
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
  const out = new Tensor(allocate(a.dtype, shapeNumel(shape)), shape, a.dtype);
  gatherMapped(a._data, a._offset, a._strides, maps, out._data, fill);
  if (tracks(a)) {
    const node = record(name, out, [a]);
    const inShape = a.shape;
    node.setBackward(
      typeof backward === "string"
        ? (g) => [remapAdjoint(g, maps, inShape, backward, name)]
        : (g) => [backward(g)],
    );
  }
  return out;
}

/**
 * @ignore The adjoint of {@linkcode remap}: `g` added back through the maps into zeros of
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
  return scatterBack(
    g,
    maps,
    inShape,
    contiguousStrides(inShape),
    name,
    (gg) => remap(gg, maps, forwardName, name),
  );
}

/**
 * @ignore Zeros of `shape` into which `g` is added through index maps over `strides` (the
 * adjoint of a gather or of a strided view whose elements may repeat), recorded as `name` with
 * `backward` (the gather or view again) as its derivative.
 */
export function scatterBack(
  g: Tensor,
  maps: IndexMaps,
  shape: readonly number[],
  strides: readonly number[],
  name: string,
  backward: (gg: Tensor) => Tensor,
): Tensor {
  const numel = shapeNumel(shape);
  const acc = new Float64Array(numel);
  scatterAddMapped(g._values(), acc, 0, strides, maps);
  const out = new Tensor(allocate(g.dtype, numel), shape, g.dtype);
  out._data.set(acc);
  if (tracks(g)) record(name, out, [g]).setBackward((gg) => [backward(gg)]);
  return out;
}
