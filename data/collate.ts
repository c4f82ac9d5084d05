/**
 * `defaultCollate`: PyTorch's `default_collate`, which turns a list of samples into a batch.
 *
 * @module
 */

import { stack, Tensor, tensor } from "@descent/tensor";
import { fromValues } from "@descent/tensor/extend";

/**
 * What {@linkcode defaultCollate} makes of samples of type `T`: tensors, numbers, booleans and
 * typed arrays become one tensor with a new first dim; strings an array of strings; arrays and
 * objects the same structure with each field collated.
 */
export type Collated<T> = T extends Tensor ? Tensor
  : T extends number | boolean | Float32Array | Float64Array ? Tensor
  : T extends string ? string[]
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
  : T extends object ? { [K in keyof T]: Collated<T[K]> }
  : never;

const UNSUPPORTED = "default_collate: batch must contain tensors, typed arrays, numbers, " +
  "objects or arrays; found";

/**
 * Collates samples into a batch, as PyTorch's `torch.utils.data.default_collate` (what a
 * `DataLoader` does without a `collate` option). The first sample's type decides, as in PyTorch:
 *
 * - tensors are stacked along a new first dim (`torch.stack(batch, 0)`, so samples that require
 *   grad give a `StackBackward0` result);
 * - numbers become a 1-D tensor: float64 if any is not an integer (PyTorch's
 *   `torch.tensor(batch, dtype=torch.float64)` for Python floats), else int64 (PyTorch's
 *   `torch.tensor(batch)` for Python ints: class labels `crossEntropy` takes). JavaScript has one
 *   number type, so a batch of floats that all happen to be integral is collated as int64;
 *   return tensors from the dataset (or pass `collate`) when the dtype must not depend on the
 *   values;
 * - booleans become a bool tensor (PyTorch's `torch.tensor(batch)`);
 * - `Float32Array`/`Float64Array` samples (PyTorch's NumPy arrays) are stacked as tensors of
 *   their dtype;
 * - strings are returned as an array;
 * - arrays are collated position by position (each sample must have the same length), plain
 *   objects key by key (the first sample's keys), recursively.
 *
 * @param batch The samples, at least one.
 * @returns The batch.
 * @throws {TypeError} For samples of another type (`null`, a `Map`, …), naming it.
 * @throws {RangeError} For an empty batch, array samples of different lengths ("each element in
 * list of batch should be of equal size") or tensors of different shapes (`stack`'s error).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultCollate } from "@descent/data";
 * import { floatTensor } from "@descent/tensor";
 *
 * const batch = defaultCollate([
 *   { x: floatTensor([1, 2]), y: 0.5 },
 *   { x: floatTensor([3, 4]), y: 1.5 },
 * ]);
 * assert.equal(String(batch.x), "tensor([[1., 2.],\n        [3., 4.]])");
 * assert.equal(String(batch.y), "tensor([0.5000, 1.5000], dtype=torch.float64)");
 * ```
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  if (!Array.isArray(batch)) {
    throw new TypeError(
      `default_collate: expected an array of samples, got ${describe(batch)}`,
    );
  }
  if (batch.length === 0) {
    throw new RangeError("default_collate: the batch is empty");
  }
  return collate(batch) as Collated<T>;
}

function collate(batch: readonly unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (typeof elem === "number") {
    return numbers(batch.map((b, i) => entry(b, "number", i)));
  }
  if (typeof elem === "boolean") {
    return tensor(batch.map((b, i) => entry(b, "boolean", i)));
  }
  if (typeof elem === "string") {
    return batch.map((b, i) => entry(b, "string", i));
  }
  if (elem instanceof Float32Array || elem instanceof Float64Array) {
    return stack(batch.map((b, i) => tensor(entry(b, "typed array", i))), 0);
  }
  if (Array.isArray(elem)) {
    const rows = batch.map((b, i) => entry(b, "array", i));
    if (rows.some((b) => b.length !== elem.length)) {
      throw new RangeError(
        "each element in list of batch should be of equal size",
      );
    }
    return elem.map((_, k) => collate(rows.map((b) => b[k])));
  }
  if (isPlainObject(elem)) {
    const rows = batch.map((b, i) => entry(b, "object", i));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) {
      const i = rows.findIndex((b) => !Object.hasOwn(b, key));
      if (i >= 0) throw new TypeError(`default_collate: sample ${i} has no key "${key}"`);
      out[key] = collate(rows.map((b) => b[key]));
    }
    return out;
  }
  throw new TypeError(`${UNSUPPORTED} ${describe(elem)}`);
}

/** The kinds of sample, and how to recognise each. */
const KINDS = {
  number: (b: unknown): b is number => typeof b === "number",
  boolean: (b: unknown): b is boolean => typeof b === "boolean",
  string: (b: unknown): b is string => typeof b === "string",
  "typed array": (b: unknown): b is Float32Array | Float64Array =>
    b instanceof Float32Array || b instanceof Float64Array,
  array: (b: unknown): b is unknown[] => Array.isArray(b),
  object: isPlainObject,
};
type Kind<K extends keyof typeof KINDS> = (typeof KINDS)[K] extends (b: unknown) => b is infer T ? T
  : never;

/** Entry `i` of a batch whose first sample is of this kind, checked to be of it too. */
function entry<K extends keyof typeof KINDS>(b: unknown, kind: K, i: number): Kind<K> {
  if (!KINDS[kind](b)) {
    const article = kind === "array" || kind === "object" ? "an" : "a";
    throw new TypeError(
      `default_collate: sample ${i} is ${describe(b)} where sample 0 is ${article} ${kind}`,
    );
  }
  return b as Kind<K>;
}

/** A 1-D tensor of numbers: int64 if all are integers, else float64 (see defaultCollate). */
function numbers(values: number[]): Tensor {
  const a = Float64Array.from(values);
  return fromValues(a, [a.length], values.every(Number.isInteger) ? "int64" : "float64");
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** A value's type as an error message names it. */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return x.constructor?.name ?? "object";
  return typeof x;
}
