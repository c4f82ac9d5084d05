/**
 * Integer arguments of the window ops (convolution, pooling, interpolation): a number or a list
 * of numbers, checked as PyTorch's argument parser checks `int[]` arguments.
 *
 * @module
 */

/**
 * An int or a list of ints as PyTorch's `IntArrayRef[dims]` parses it: a number is repeated
 * `dims` times, a list is kept (its length is the caller's to check).
 *
 * @param v The argument.
 * @param fn The function named in the messages, e.g. `"conv2d"`.
 * @param arg The argument's name.
 * @param position Its position, as PyTorch counts (from 1).
 * @param dims How many times a single number counts.
 * @returns The list.
 */
export function intList(
  v: unknown,
  fn: string,
  arg: string,
  position: number,
  dims: number,
): number[] {
  const list = typeof v === "number" ? new Array<number>(dims).fill(v) : v;
  if (!Array.isArray(list)) {
    throw new TypeError(
      `${fn}(): argument '${arg}' (position ${position}) must be tuple of ints, not ${typeof v}`,
    );
  }
  list.forEach((x, i) => {
    if (!Number.isInteger(x)) {
      const type = typeof x === "number" ? "float" : x === null ? "null" : typeof x;
      throw new TypeError(
        `${fn}(): argument '${arg}' (position ${position}) must be tuple of ints, but found element of type ${type} at pos ${i}`,
      );
    }
  });
  return list as number[];
}
