/**
 * Optimizer state as plain JSON data and back: tensors become `{ dtype, shape, data }` with
 * non-finite numbers and -0 as strings, and a loaded entry is checked field by field against the
 * optimizer's description of its state before anything is built from it.
 *
 * @module
 */

import { type DType, Tensor } from "@descent/tensor";
import { allocate, fromValues } from "@descent/tensor/extend";
import { describe } from "./check.ts";
import { formatShape } from "@descent/autograd";

/** A tensor in a state dict: plain JSON data (non-finite numbers and -0 as strings). */
export interface SerializedTensor {
  /** Element type. */
  dtype: DType;
  /** Shape. */
  shape: number[];
  /** Row-major values; `"NaN"`, `"Infinity"`, `"-Infinity"` and `"-0"` are strings. */
  data: (number | string)[];
}

/** One serialised value: a number (or its string form), a flag, a tensor, or a list of them. */
export type SerializedScalar = number | string | boolean | null | SerializedTensor;

/** A serialised per-parameter state value. */
export type SerializedValue = SerializedScalar | SerializedScalar[];

/**
 * What one key of an optimizer's per-parameter state holds, for `loadStateDict` to check:
 * a tensor of a given shape (cast to the parameter's dtype, as PyTorch casts floating-point
 * state), a list of such tensors, a step count (an integer ≥ 0), a number, or a list of numbers
 * (entries may be `null`).
 */
export type StateField =
  & { required: boolean }
  & (
    | { kind: "tensor" | "tensors"; shape: readonly number[] }
    | { kind: "count" | "number" | "numbers" }
  );

/** The keys of an optimizer's per-parameter state and what each holds. */
export type StateSpec = Record<string, StateField>;

function encodeNumber(x: number): number | string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? "-0" : x;
  return String(x);
}

function decodeNumber(x: unknown, where: string): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  if (x === "-0") return -0;
  throw new TypeError(`${where} must be a number, got ${show(x)}`);
}

function show(x: unknown): string {
  return typeof x === "string" ? JSON.stringify(x) : describe(x);
}

/**
 * A deep copy of plain data (arrays and plain objects copied, anything else kept).
 *
 * @param v The value.
 * @returns The copy.
 */
export function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (v !== null && typeof v === "object" && !(v instanceof Tensor)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = copyValue(x);
    return out;
  }
  return v;
}

/**
 * Plain data made JSON-exact: a copy where every non-finite number and -0 is a string.
 *
 * @param v The value.
 * @returns The copy.
 */
export function encodePlain(v: unknown): unknown {
  if (typeof v === "number") return encodeNumber(v);
  if (Array.isArray(v)) return v.map(encodePlain);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodePlain(x)]));
  }
  return v;
}

/**
 * The inverse of {@linkcode encodePlain}: `"NaN"`, `"Infinity"`, `"-Infinity"` and `"-0"` become
 * numbers again, in a copy.
 *
 * @param v The value.
 * @returns The copy.
 */
export function decodePlain(v: unknown): unknown {
  if (typeof v === "string" && NUMBER_STRINGS.has(v)) return decodeNumber(v, "");
  if (Array.isArray(v)) return v.map(decodePlain);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodePlain(x)]));
  }
  return v;
}

const NUMBER_STRINGS = new Set(["NaN", "Infinity", "-Infinity", "-0"]);

function encodeOne(v: unknown): SerializedScalar {
  // an optimizer's state tensors are float: Tensor.toJSON's data are numbers and number strings
  if (v instanceof Tensor) return v.toJSON() as SerializedTensor;
  if (typeof v === "number") return encodeNumber(v);
  return v as SerializedScalar;
}

/**
 * One parameter's state as plain data.
 *
 * @param state The state object (tensors, numbers, lists of them).
 * @returns A JSON-safe copy; `undefined` values are left out.
 */
export function encodeState(state: object): Record<string, SerializedValue> {
  const out: Record<string, SerializedValue> = {};
  for (const [k, v] of Object.entries(state)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(encodeOne) : encodeOne(v);
  }
  return out;
}

/** A serialised tensor checked against `shape`, rebuilt with `dtype`. */
function decodeTensor(v: unknown, shape: readonly number[], dtype: DType, where: string): Tensor {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new TypeError(`${where} must be a serialized tensor, got ${describe(v)}`);
  }
  const t = v as SerializedTensor;
  if (t.dtype !== "float32" && t.dtype !== "float64") {
    throw new TypeError(`${where} has dtype ${show(t.dtype)}; expected "float32" or "float64"`);
  }
  const s = t.shape;
  if (!Array.isArray(s) || s.length !== shape.length || s.some((d, i) => d !== shape[i])) {
    throw new RangeError(
      `${where} has shape ${Array.isArray(s) ? `${formatShape(s)}` : show(s)}; expected ${
        formatShape(shape)
      }`,
    );
  }
  let n = 1;
  for (const d of shape) n *= d;
  if (!Array.isArray(t.data) || t.data.length !== n) {
    throw new RangeError(
      `${where} has ${Array.isArray(t.data) ? t.data.length : "no"} values for shape ${
        formatShape(shape)
      } (${n} elements)`,
    );
  }
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = decodeNumber(t.data[i], `${where}.data[${i}]`);
  return fromValues(data, shape, dtype);
}

function decodeField(v: unknown, field: StateField, dtype: DType, where: string): unknown {
  switch (field.kind) {
    case "tensor":
      return decodeTensor(v, field.shape, dtype, where);
    case "tensors":
      if (!Array.isArray(v)) throw new TypeError(`${where} must be an array, got ${describe(v)}`);
      return v.map((x, i) => decodeTensor(x, field.shape, dtype, `${where}[${i}]`));
    case "count": {
      const n = decodeNumber(v, where);
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(`${where} must be an integer ≥ 0, got ${n}`);
      }
      return n;
    }
    case "number":
      return decodeNumber(v, where);
    case "numbers":
      if (!Array.isArray(v)) throw new TypeError(`${where} must be an array, got ${describe(v)}`);
      return v.map((x, i) => (x === null ? null : decodeNumber(x, `${where}[${i}]`)));
  }
}

/**
 * One parameter's saved state, checked and rebuilt. With a `spec`, every required key must be
 * there and no other key may be; without one (an optimizer that does not describe its state),
 * tensors must have the parameter's shape and other values are kept, numbers decoded.
 *
 * @param entry The saved state of one parameter.
 * @param spec What the state holds, or `null`.
 * @param p The parameter: its shape and dtype.
 * @param where Names the entry in errors (`loadStateDict(): state.1`).
 * @returns The state, with tensors in `p`'s dtype.
 */
export function decodeState(
  entry: unknown,
  spec: StateSpec | null,
  p: Tensor,
  where: string,
): Record<string, unknown> {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    throw new TypeError(`${where} must be an object, got ${describe(entry)}`);
  }
  const out: Record<string, unknown> = {};
  const fields = Object.entries(entry as Record<string, unknown>);
  if (spec === null) {
    for (const [k, v] of fields) {
      const at = `${where}.${k}`;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        out[k] = decodeTensor(v, p.shape, p.dtype, at);
      } else if (typeof v === "number" || typeof v === "string") out[k] = decodeNumber(v, at);
      else out[k] = v;
    }
    return out;
  }
  for (const [k, v] of fields) {
    if (!(k in spec)) {
      throw new TypeError(
        `${where} has unexpected state '${k}' (expected ${
          Object.keys(spec).map((x) => `'${x}'`).join(", ")
        })`,
      );
    }
    out[k] = decodeField(v, spec[k], p.dtype, `${where}.${k}`);
  }
  for (const [k, f] of Object.entries(spec)) {
    if (f.required && !(k in out)) throw new TypeError(`${where} is missing state '${k}'`);
  }
  return out;
}
