/**
 * A tensor as plain JSON data and back: `Tensor.toJSON()` writes `{ dtype, shape, data }`, and
 * `tensor(json)` reads it. The form keeps every value exactly: float32 and float64 values are
 * JSON numbers (JavaScript prints the shortest text that parses back to the same double, and a
 * float32 value is a double), and the four values JSON has no number for are strings: `"NaN"`,
 * `"Infinity"`, `"-Infinity"` and `"-0"`. It is the form `@descent/optim`'s state dicts use for
 * their tensors.
 *
 * @module
 */

import { type DType, Tensor, type TensorOptions } from "./tensor.ts";
import { allocate } from "./storage.ts";
import { checkDType, INT64_MAX_EXACT, isFloatingDType } from "./dtype.ts";
import type { Storage } from "./kernels/elementwise.ts";
import { formatShape } from "@descent/autograd";

/**
 * A tensor as plain JSON data: what {@linkcode Tensor.toJSON} returns and `tensor()` accepts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor, type TensorJSON } from "@descent/tensor";
 * const json: TensorJSON = { dtype: "float32", shape: [3], data: [1.5, "NaN", "-0"] };
 * assert.equal(String(tensor(json)), "tensor([1.5000,    nan, -0.0000])");
 * ```
 */
export interface TensorJSON {
  /** The element type. */
  dtype: DType;
  /** The sizes of the dimensions. */
  shape: number[];
  /**
   * The values in row-major order: numbers, with `"NaN"`, `"Infinity"`, `"-Infinity"` and
   * `"-0"` as strings; a bool tensor's are `true`/`false` (`tensor()` also reads 0 and 1).
   */
  data: (number | string | boolean)[];
}

const SPECIAL: Readonly<Record<string, number>> = {
  NaN: NaN,
  Infinity: Infinity,
  "-Infinity": -Infinity,
  "-0": -0,
};

/**
 * The JSON data of row-major values (see {@linkcode TensorJSON}).
 *
 * @param values The values.
 * @param dtype Their dtype (bool values become booleans).
 * @returns One entry per value.
 */
export function jsonData(values: Storage, dtype: DType): (number | string | boolean)[] {
  const out = new Array<number | string | boolean>(values.length);
  if (dtype === "bool") {
    for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0;
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === 0 ? (Object.is(v, -0) ? "-0" : 0) : Number.isFinite(v) ? v : String(v);
  }
  return out;
}

/**
 * Whether `v` has the keys of a {@linkcode TensorJSON} (`dtype`, `shape` and `data`, and no
 * other): `tensor()` then reads it as one, and says what is wrong with it if anything is.
 *
 * @param v Any value.
 * @returns `true` for an object with exactly those three keys.
 */
export function isTensorJSON(v: unknown): v is TensorJSON {
  if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Tensor) return false;
  const keys = Object.keys(v);
  return keys.length === 3 && "dtype" in v && "shape" in v && "data" in v;
}

/**
 * A new leaf tensor from its JSON data (`tensor(json)` calls this), checked entry by entry:
 * integers must be exact and in the dtype's range, as a bool must be 0, 1, `true` or `false`.
 *
 * @param json The data.
 * @param opts `dtype` converts the values as `Tensor.to()` does; `requiresGrad`.
 * @returns The tensor.
 */
export function fromJSON(json: TensorJSON, opts?: TensorOptions): Tensor {
  const dtype = checkDType(json.dtype, "tensor");
  const to = opts?.dtype === undefined ? dtype : checkDType(opts.dtype, "tensor");
  const rg = opts?.requiresGrad ?? false;
  if (typeof rg !== "boolean") throw new TypeError("requiresGrad must be a boolean");
  if (rg && !isFloatingDType(to)) {
    throw new Error("Only Tensors of floating point and complex dtype can require gradients");
  }
  const shape = json.shape;
  const data = json.data;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new TypeError(
      `tensor(): the shape of a TensorJSON must be an array of integers ≥ 0, got ${
        JSON.stringify(shape)
      }`,
    );
  }
  if (!Array.isArray(data)) {
    throw new TypeError(`tensor(): the data of a TensorJSON must be an array`);
  }
  let n = 1;
  for (const d of shape) n *= d;
  if (n !== data.length) {
    throw new RangeError(
      `tensor(): shape ${formatShape(shape)} is invalid for input of size ${data.length}`,
    );
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = entry(data[i], i, dtype);
  const out = allocate(dtype, n);
  out.set(values);
  const t = new Tensor(out, [...shape], dtype);
  const cast = to === dtype ? t : t.to(to);
  return rg ? cast.requiresGrad_(true) : cast;
}

/** One data entry of a TensorJSON as a value of `dtype`. */
function entry(x: unknown, i: number, dtype: DType): number {
  const v = typeof x === "number"
    ? x
    : typeof x === "string" && x in SPECIAL
    ? SPECIAL[x]
    : typeof x === "boolean" && dtype === "bool"
    ? Number(x)
    : undefined;
  if (v === undefined) {
    throw new TypeError(
      `tensor(): data[${i}] of a TensorJSON must be a number${
        dtype === "bool" ? " or a boolean" : ""
      } ("NaN", "Infinity", "-Infinity" and "-0" as strings), got ${JSON.stringify(x) ?? typeof x}`,
    );
  }
  if (dtype === "float32" || dtype === "float64") return v;
  const [lo, hi] = dtype === "int64"
    ? [-INT64_MAX_EXACT, INT64_MAX_EXACT]
    : dtype === "int32"
    ? [-(2 ** 31), 2 ** 31 - 1]
    : dtype === "uint8"
    ? [0, 255]
    : [0, 1];
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(
      `tensor(): data[${i}] of a TensorJSON is ${v}: a ${dtype} value is an integer in [${lo}, ${hi}]`,
    );
  }
  return v + 0; // -0 is 0
}
