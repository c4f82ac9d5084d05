/**
 * Dtypes: their names in PyTorch's spellings, their categories, PyTorch's type promotion
 * (`torch.result_type`) and the conversion of one value to a dtype (`static_cast` as PyTorch
 * does it on x86 CPUs).
 *
 * @module
 */

/**
 * Element type of a tensor: `float32` (the default, as in PyTorch), `float64`, `int64`
 * (PyTorch's default integer type), `int32`, `uint8` and `bool`.
 *
 * Storage: float32 → `Float32Array`, float64 → `Float64Array`, int64 → `Float64Array` holding
 * exact integers (at most 2^53 - 1 in magnitude: an op whose int64 result would go beyond
 * throws a `RangeError` naming the value), int32 → `Int32Array`, uint8 → `Uint8Array`, bool →
 * `Uint8Array` of 0/1.
 */
export type DType = "float32" | "float64" | "int64" | "int32" | "uint8" | "bool";

/** Every dtype, from the lowest to the highest in PyTorch's promotion order. *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DTYPES } from "@descent/tensor";
 * assert.deepEqual(DTYPES, ["bool", "uint8", "int32", "int64", "float32", "float64"]);
 * ```
 */
export const DTYPES: readonly DType[] = ["bool", "uint8", "int32", "int64", "float32", "float64"];

/** Position in the promotion order (for our dtypes PyTorch's `promoteTypes` is the maximum). */
const RANK: Readonly<Record<DType, number>> = {
  bool: 0,
  uint8: 1,
  int32: 2,
  int64: 3,
  float32: 4,
  float64: 5,
};

/** PyTorch's scalar type names (`Long`, as in "not implemented for 'Long'"). */
const SCALAR_NAME: Readonly<Record<DType, string>> = {
  float32: "Float",
  float64: "Double",
  int64: "Long",
  int32: "Int",
  uint8: "Byte",
  bool: "Bool",
};

/** C++'s names of the element types (as in "… but got: long int != float"). */
const CPP_NAME: Readonly<Record<DType, string>> = {
  float32: "float",
  float64: "double",
  int64: "long int",
  int32: "int",
  uint8: "unsigned char",
  bool: "bool",
};

/** The largest magnitude of an int64 value: `Number.MAX_SAFE_INTEGER`, 2^53 - 1. */
export const INT64_MAX_EXACT = Number.MAX_SAFE_INTEGER;

/**
 * Whether a JavaScript number counts as an integer (PyTorch's Python `int`) where descent infers
 * a dtype — `tensor()` data, a `full()` value, a number operand: an integer within ±(2^53 - 1).
 * JavaScript cannot tell `2` from `2.0`; an integral value beyond that range (`1e20`, `3e38`) is
 * taken as a float, since int64 as descent holds it could not store it.
 *
 * @param x A number.
 * @returns Whether `x` is an integer in int64's exact range.
 */
export function isIntegerNumber(x: number): boolean {
  return Number.isSafeInteger(x);
}

/**
 * Whether `d` is a floating dtype (`float32` or `float64`). PyTorch: `dtype.is_floating_point`.
 *
 * @param d A dtype.
 * @returns `true` for float32 and float64.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isFloatingDType } from "@descent/tensor";
 * assert.ok(isFloatingDType("float64") && !isFloatingDType("int64"));
 * ```
 */
export function isFloatingDType(d: DType): boolean {
  return d === "float32" || d === "float64";
}

/**
 * `d` itself when it is a dtype, else PyTorch's words as a `TypeError`.
 *
 * @param d The value given as a dtype.
 * @param op The function it was given to, for the message.
 * @returns `d`.
 */
export function checkDType(d: unknown, op = "tensor"): DType {
  if (typeof d === "string" && d in RANK) return d as DType;
  throw new TypeError(
    `${op}(): argument 'dtype' must be one of ${DTYPES.map((x) => `"${x}"`).join(", ")}, not ${
      typeof d === "string" ? JSON.stringify(d) : d === null ? "null" : typeof d
    }`,
  );
}

/**
 * PyTorch's name of a dtype: `torch.int64` …
 *
 * @param d A dtype.
 * @returns E.g. `"torch.int64"`.
 */
export function torchName(d: DType): string {
  return `torch.${d}`;
}

/**
 * PyTorch's scalar type name of a dtype, as its messages print it: `Float`, `Double`, `Long`,
 * `Int`, `Byte`, `Bool` (c10's `toString(ScalarType)`).
 *
 * @param d A dtype.
 * @returns The name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scalarTypeName } from "@descent/tensor/extend";
 * assert.equal(scalarTypeName("int64"), "Long");
 * ```
 */
export function scalarTypeName(d: DType): string {
  return SCALAR_NAME[d];
}

/**
 * C++'s name of a dtype's element type, as some PyTorch messages print it (`long int`).
 *
 * @param d A dtype.
 * @returns The name.
 */
export function cppTypeName(d: DType): string {
  return CPP_NAME[d];
}

/**
 * PyTorch's legacy tensor type name: `torch.FloatTensor`, `torch.LongTensor`, …
 * PyTorch: `Tensor.type()`.
 *
 * @param d A dtype.
 * @returns The type name.
 */
export function legacyTypeName(d: DType): string {
  return `torch.${SCALAR_NAME[d]}Tensor`;
}

/** The dtype of a legacy type name (the inverse of {@linkcode legacyTypeName}). */
export function dtypeOfTypeName(name: string): DType {
  for (const d of DTYPES) if (legacyTypeName(d) === name) return d;
  throw new TypeError(`unknown tensor type ${name}`);
}

/**
 * The dtype both operands are converted to: PyTorch's `promote_types`. Categories order
 * bool < integer < floating; within a category the wider type wins (uint8 < int32 < int64,
 * float32 < float64).
 *
 * @param a A dtype.
 * @param b A dtype.
 * @returns The promoted dtype.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promoteTypes } from "@descent/tensor";
 * assert.equal(promoteTypes("uint8", "int32"), "int32");
 * assert.equal(promoteTypes("int64", "float32"), "float32");
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** An operand of {@linkcode resultType}: a tensor (its dtype and rank), a number or a boolean. */
export type PromotionOperand = { readonly dtype: DType; readonly ndim: number } | number | boolean;

/**
 * The dtype of an op's result: PyTorch's `torch.result_type`, its `ResultTypeState` algorithm.
 * Operands fall in three priority classes — tensors with dimensions, 0-d tensors, and numbers
 * ("wrapped numbers": an integer `number` within ±(2^53 - 1) is an int64 one, any other number —
 * NaN, ±inf and integral values beyond, such as `1e20`, too — a float one, which stands for the default dtype float32; a `boolean` is a bool one). Within a
 * class the types promote; a lower class decides only when it is of a higher category (bool <
 * integer < floating) than the classes above it, and then promotes with them.
 *
 * JavaScript has no separate integer and float numbers, so `2.0` is the integer 2:
 * `intTensor.mul(2.0)` stays int64 (PyTorch: float32); write `intTensor.mul(2).float()` or use a
 * float tensor.
 *
 * @param operands Tensors, numbers and booleans.
 * @returns The result dtype.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultType, tensor } from "@descent/tensor";
 * const ints = tensor([1, 2]); // int64
 * assert.equal(resultType(ints, 2), "int64");
 * assert.equal(resultType(ints, 2.5), "float32");
 * assert.equal(resultType(tensor([1, 2], { dtype: "uint8" }), tensor(1000)), "uint8");
 * assert.equal(resultType(ints, tensor(2.5, { dtype: "float64" })), "float64");
 * ```
 */
export function resultType(...operands: PromotionOperand[]): DType {
  let dim: DType | null = null;
  let zero: DType | null = null;
  let wrapped: DType | null = null;
  for (const o of operands) {
    if (typeof o === "number") {
      const d: DType = isIntegerNumber(o) ? "int64" : "float32";
      wrapped = wrapped === null ? d : promoteTypes(wrapped, d);
    } else if (typeof o === "boolean") {
      wrapped = wrapped === null ? "bool" : wrapped;
    } else if (o.ndim > 0) {
      dim = dim === null ? o.dtype : promoteTypes(dim, o.dtype);
    } else {
      zero = zero === null ? o.dtype : promoteTypes(zero, o.dtype);
    }
  }
  const r = combineCategories(dim, combineCategories(zero, wrapped));
  if (r === null) throw new TypeError("resultType(): expected at least one operand");
  return r;
}

/**
 * @ignore {@linkcode resultType} of two operands, with the common cases first (two tensors of
 * one dtype, a floating tensor and a number) so that float ops pay no more than a comparison.
 */
export function resultType2(a: PromotionOperand, b: PromotionOperand): DType {
  if (typeof a === "object") {
    if (typeof b === "object" ? a.dtype === b.dtype : isFloatingDType(a.dtype)) return a.dtype;
  } else if (typeof b === "object" && isFloatingDType(b.dtype)) return b.dtype;
  return resultType(a, b);
}

/** PyTorch's `combine_categories(higher, lower)`. */
function combineCategories(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null || isFloatingDType(higher)) return higher;
  if (higher === "bool" || isFloatingDType(lower)) return promoteTypes(higher, lower);
  return higher;
}

/**
 * The error for an int64 value that descent cannot hold exactly.
 *
 * @param value The value.
 * @param op What produced it.
 * @returns A `RangeError`.
 */
export function int64RangeError(value: number, op: string): RangeError {
  return new RangeError(
    `${op}: the int64 result ${value} is beyond ±(2^53 - 1) (Number.MAX_SAFE_INTEGER), the range of integers descent's int64 holds exactly`,
  );
}

/**
 * `x` converted to `dtype` as PyTorch converts one value (`static_cast` on an x86 CPU): floats
 * round to float32; a float becomes an integer by truncation toward zero, and an int32 gets
 * -2^31 for NaN, ±inf and values out of its range (x86's "integer indefinite"); a uint8 gets the
 * low 8 bits of the int64 conversion (0 for NaN and ±inf); integers wrap into int32 and uint8;
 * bool is `x != 0` (NaN is true). An int64 result beyond ±(2^53 - 1) — NaN and ±inf too, which
 * PyTorch turns into -2^63 — throws a `RangeError`.
 *
 * @param x The value.
 * @param dtype The target dtype.
 * @param from The value's dtype (default: int64 for an integer, float64 otherwise).
 * @param op What converts, for the error message.
 * @returns The converted value as descent stores it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { castValue } from "@descent/tensor";
 * assert.deepEqual([castValue(-2.7, "int64"), castValue(300, "uint8"), castValue(-1, "uint8")], [-2, 44, 255]);
 * assert.equal(castValue(NaN, "int32"), -2147483648);
 * assert.equal(castValue(3e9, "int32", "float32"), -2147483648); // out of range
 * assert.equal(castValue(3e9, "int32", "int64"), -1294967296); // wraps
 * ```
 */
export function castValue(
  x: number,
  dtype: DType,
  from: DType = isIntegerNumber(x) ? "int64" : "float64",
  op = "cast",
): number {
  switch (dtype) {
    case "float32":
      return Math.fround(x);
    case "float64":
      return x;
    case "bool":
      return x !== 0 ? 1 : 0;
    case "int64": {
      const t = Math.trunc(x);
      if (!(t >= -INT64_MAX_EXACT && t <= INT64_MAX_EXACT)) throw int64RangeError(t, op);
      return t === 0 ? 0 : t;
    }
    case "int32": {
      const t = Math.trunc(x);
      if (!isFloatingDType(from)) return t | 0; // integers wrap
      return t >= -2147483648 && t <= 2147483647 ? t | 0 : -2147483648;
    }
    case "uint8": {
      const t = Math.trunc(x);
      if (!(t > -(2 ** 63) && t < 2 ** 63)) return 0; // int64's "indefinite": low byte 0
      return ((t % 256) + 256) % 256;
    }
  }
}

/**
 * PyTorch's error for a kernel that has no loop for a dtype: `"max_pool2d" not implemented for
 * 'Bool'` (a `NotImplementedError` in PyTorch, a `TypeError` here).
 *
 * @param kernel The kernel's name, as PyTorch prints it.
 * @param dtype The dtype it was given.
 * @returns The error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notImplemented } from "@descent/tensor/extend";
 * assert.equal(notImplemented("mse_cpu", "int64").message, `"mse_cpu" not implemented for 'Long'`);
 * ```
 */
export function notImplemented(kernel: string, dtype: DType): TypeError {
  return new TypeError(`"${kernel}" not implemented for '${SCALAR_NAME[dtype]}'`);
}
