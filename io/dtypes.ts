/**
 * Element types as files spell them (safetensors' `F32`, `I64` …; PyTorch's storages map to the
 * same names) and the conversion between a tensor's values and their little-endian bytes.
 *
 * @module
 */

import type { DType } from "@descent/tensor";
import { allocate, type Storage } from "@descent/tensor/extend";

/** safetensors' dtype names and their sizes in bits (0.8.0's list). */
export const ELEMENT_BITS: Readonly<Record<string, number>> = {
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
};

/** The element types descent reads: its own dtypes', and F16/BF16, read as float32. */
export type ElementType = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32" | "U8" | "BOOL";

/** The element type of each dtype. */
export const ELEMENT_OF: Readonly<Record<DType, ElementType>> = {
  float64: "F64",
  float32: "F32",
  int64: "I64",
  int32: "I32",
  uint8: "U8",
  bool: "BOOL",
};

/** The dtype an element type is read as: F16 and BF16 widen to float32, exactly. */
export const DTYPE_OF: Readonly<Record<ElementType, DType>> = {
  F64: "float64",
  F32: "float32",
  F16: "float32",
  BF16: "float32",
  I64: "int64",
  I32: "int32",
  U8: "uint8",
  BOOL: "bool",
};

/** Whether `name` is an element type descent reads. */
export function isReadable(name: string): name is ElementType {
  return Object.hasOwn(DTYPE_OF, name);
}

// Typed arrays use the platform's byte order; every platform JavaScript runs on today is
// little-endian, the order of safetensors and of PyTorch's files. Refuse rather than misread.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function checkEndian(): void {
  if (!LITTLE_ENDIAN) throw new Error("@descent/io needs a little-endian platform");
}

const TWO32 = 2 ** 32;

/**
 * Writes `values` of `dtype` as little-endian bytes into `out` (which has exactly the room).
 *
 * @param values Row-major values in `dtype`'s storage.
 * @param dtype Their dtype (int64 becomes two's-complement 64-bit integers).
 * @param out Where the bytes go.
 */
export function writeElements(values: Storage, dtype: DType, out: Uint8Array): void {
  checkEndian();
  if (dtype !== "int64") {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const hi = Math.floor(v / TWO32);
    view.setUint32(8 * i, v - hi * TWO32, true);
    view.setInt32(8 * i + 4, hi, true);
  }
}

/**
 * The values of the elements of type `type` in little-endian `bytes`, in a storage of the dtype
 * they are read as ({@linkcode DTYPE_OF}). F16 and BF16 become the float32 values
 * they denote, bit for bit (NaN payloads kept); an I64 must lie within ±(2^53 - 1) and a BOOL be
 * 0 or 1, or the error `fail(message)` makes is thrown.
 *
 * @param bytes Exactly `n` elements' bytes.
 * @param type Their element type.
 * @param fail Makes the error for a value descent cannot hold.
 * @param out Where the values go (default: a new storage): `n` elements of the dtype.
 * @returns The storage.
 */
export function readElements(
  bytes: Uint8Array,
  type: ElementType,
  fail: (message: string) => Error,
  out: Storage = allocate(DTYPE_OF[type], bytes.length / (ELEMENT_BITS[type] / 8)),
): Storage {
  checkEndian();
  const n = out.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case "I64":
      for (let i = 0; i < n; i++) {
        const v = view.getInt32(8 * i + 4, true) * TWO32 + view.getUint32(8 * i, true);
        if (!(Math.abs(v) <= Number.MAX_SAFE_INTEGER)) {
          const exact = view.getBigInt64(8 * i, true);
          throw fail(
            `the int64 value ${exact} at element ${i} is beyond ±(2^53 - 1) (Number.MAX_SAFE_INTEGER), the range of integers descent's int64 holds exactly`,
          );
        }
        out[i] = v;
      }
      return out;
    case "F16":
    case "BF16": {
      const bits = new Uint32Array(out.buffer, out.byteOffset, n);
      for (let i = 0; i < n; i++) {
        const h = view.getUint16(2 * i, true);
        bits[i] = type === "BF16" ? h << 16 : halfToFloatBits(h);
      }
      return out;
    }
    case "BOOL":
      for (let i = 0; i < n; i++) {
        if (bytes[i] > 1) throw fail(`a BOOL element is 0 or 1, element ${i} is ${bytes[i]}`);
      }
      out.set(bytes);
      return out;
    default:
      new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
      return out;
  }
}

/** The float32 bits of an IEEE half: exact (every half is a float32), NaN payloads kept. */
function halfToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // A subnormal half, mant · 2^-24: normalise it (float32 has the exponent range).
  let e = 113; // 127 - 14: the exponent of 2^-14, the subnormals' scale, before shifting
  let m = mant;
  while ((m & 0x400) === 0) {
    m <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((m & 0x3ff) << 13)) >>> 0;
}
