/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the tensors' bytes. Files written here are the
 * bytes Python's `safetensors.torch.save` writes for the same tensors; hostile files are refused
 * with an error that names the problem, before anything is built.
 *
 * @module
 */

import { type DType, Tensor } from "@descent/tensor";
import { fromValues, valuesOf } from "@descent/tensor/extend";
import { type JsonValue, parseStrictJson, StrictJsonError } from "./strict_json.ts";
import {
  DTYPE_OF,
  ELEMENT_BITS,
  ELEMENT_OF,
  isReadable,
  readElements,
  writeElements,
} from "./dtypes.ts";
import { compareCodePoints, describe, isWellFormed, setOwn } from "./util.ts";
import { formatShape } from "@descent/autograd";

/**
 * A safetensors file that cannot be read: truncated, inconsistent, hostile, or holding a dtype
 * descent has no counterpart for. Python's safetensors: `SafetensorError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadSafetensors, SafetensorError } from "@descent/io";
 * assert.throws(() => loadSafetensors(new Uint8Array(5)), SafetensorError);
 * ```
 */
export class SafetensorError extends Error {
  /** `"SafetensorError"`. */
  override name = "SafetensorError";
}

/** One tensor's entry in a safetensors header. */
export interface SafetensorsEntry {
  /** safetensors' dtype name: `F32`, `I64`, `BF16` … */
  dtype: string;
  /** The shape. */
  shape: number[];
  /** Its bytes' start and end, relative to the end of the header. */
  dataOffsets: [number, number];
}

/** A safetensors file's header, checked against the file. */
export interface SafetensorsHeader {
  /** The `__metadata__` strings, or `null` when the file has none. */
  metadata: Record<string, string> | null;
  /** The tensors' entries by name, in the order of their bytes. */
  tensors: Record<string, SafetensorsEntry>;
  /** Where the tensors' bytes begin in the file: 8 plus the header's length. */
  dataStart: number;
}

/** The largest header Python's safetensors reads (`MAX_HEADER_SIZE`). */
const MAX_HEADER_BYTES = 100_000_000n;

/**
 * A rank per dtype: the reference writer orders tensors by its dtype enumeration, descending
 * (I64, F64, F32, I32, U8, BOOL for descent's dtypes), then by name.
 */
const WRITE_RANK: Readonly<Record<DType, number>> = {
  int64: 0,
  float64: 1,
  float32: 2,
  int32: 3,
  uint8: 4,
  bool: 5,
};

/**
 * The safetensors bytes of named tensors: the bytes Python's safetensors writes for the same
 * tensors (`safetensors.torch.save(tensors, metadata)`): tensors ordered by dtype (int64,
 * float64, float32, int32, uint8, bool), then by name; the header compact JSON padded with
 * spaces to a multiple of 8 bytes. A view is written as its values in row-major order (Python's
 * writer refuses non-contiguous tensors), and tensors sharing storage are written once each
 * (Python's refuses them). Python writes `metadata` in an arbitrary order of its keys, so its
 * bytes equal these when `metadata` has at most one key. Needs no permission.
 *
 * @param tensors The tensors by name (any dtype; `requiresGrad` is not saved).
 * @param metadata Strings to store in the header's `__metadata__`.
 * @returns The file's bytes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { loadSafetensors, saveSafetensors } from "@descent/io";
 * const bytes = saveSafetensors({ w: tensor([[1, 2], [3, 4]], { dtype: "float32" }) });
 * assert.equal(bytes.length, 8 + 64 + 16);
 * assert.equal(String(loadSafetensors(bytes).w), "tensor([[1., 2.],\n        [3., 4.]])");
 * ```
 */
export function saveSafetensors(
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string> | null,
): Uint8Array {
  const where = "saveSafetensors()";
  if (tensors === null || typeof tensors !== "object" || Array.isArray(tensors)) {
    throw new TypeError(
      `${where}: tensors must be an object of named tensors, got ${describe(tensors)}`,
    );
  }
  const named = Object.entries(tensors);
  for (const [name, t] of named) {
    if (!(t instanceof Tensor)) {
      throw new TypeError(
        `${where}: tensors[${JSON.stringify(name)}] is not a Tensor (got ${describe(t)})`,
      );
    }
    checkName(name, `${where}: the tensor name`);
    if (name === "__metadata__") {
      throw new TypeError(
        `${where}: a tensor cannot be named "__metadata__" (the header's metadata key)`,
      );
    }
  }
  const header: string[] = [];
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== "object" || Array.isArray(metadata)) {
      throw new TypeError(
        `${where}: metadata must be an object of strings, got ${describe(metadata)}`,
      );
    }
    const fields = Object.entries(metadata).map(([k, v]) => {
      checkName(k, `${where}: the metadata key`);
      if (typeof v !== "string" || !isWellFormed(v)) {
        throw new TypeError(
          `${where}: metadata[${JSON.stringify(k)}] must be a string (well-formed UTF-16), got ${
            describe(v)
          }`,
        );
      }
      return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    });
    header.push(`"__metadata__":{${fields.join(",")}}`);
  }
  named.sort(([a, x], [b, y]) =>
    WRITE_RANK[x.dtype] - WRITE_RANK[y.dtype] || compareCodePoints(a, b)
  );
  let offset = 0;
  const ranges = named.map(([name, t]) => {
    const start = offset;
    offset += t.numel() * (ELEMENT_BITS[ELEMENT_OF[t.dtype]] / 8);
    header.push(
      `${JSON.stringify(name)}:{"dtype":"${ELEMENT_OF[t.dtype]}","shape":[${
        t.shape.join(",")
      }],"data_offsets":[${start},${offset}]}`,
    );
    return [start, offset];
  });
  const text = new TextEncoder().encode(`{${header.join(",")}}`);
  const padded = Math.ceil(text.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(text, 8);
  out.fill(0x20, 8 + text.length, 8 + padded);
  named.forEach(([, t], i) => {
    const [start, end] = ranges[i];
    writeElements(valuesOf(t), t.dtype, out.subarray(8 + padded + start, 8 + padded + end));
  });
  return out;
}

/** A name or key must be a string UTF-8 can encode. */
function checkName(name: string, what: string): void {
  if (!isWellFormed(name)) {
    throw new TypeError(
      `${what} ${JSON.stringify(name)} holds an unpaired surrogate (UTF-8 cannot encode it)`,
    );
  }
}

/**
 * Reads and checks a safetensors file's header without reading any tensor: the checks
 * {@linkcode loadSafetensors} makes before it allocates anything. Python's safetensors:
 * `safe_open(...).metadata()` and the tensors' `get_slice(name)` dtype and shape.
 *
 * @param bytes The whole file.
 * @returns The metadata and each tensor's dtype, shape and byte range.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { readSafetensorsHeader, saveSafetensors } from "@descent/io";
 * const bytes = saveSafetensors({ step: tensor(3) }, { format: "pt" });
 * const header = readSafetensorsHeader(bytes);
 * assert.deepEqual(header.metadata, { format: "pt" });
 * assert.deepEqual(header.tensors.step, { dtype: "I64", shape: [], dataOffsets: [0, 8] });
 * ```
 */
export function readSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`readSafetensorsHeader(): expected a Uint8Array, got ${describe(bytes)}`);
  }
  const fail = (message: string): never => {
    throw new SafetensorError(`invalid safetensors file: ${message}`);
  };
  if (bytes.length < 8) {
    fail(`it has ${bytes.length} bytes, fewer than the 8 of the header's length (HeaderTooSmall)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > MAX_HEADER_BYTES) {
    fail(
      `the header's length is ${declared} bytes, more than the ${MAX_HEADER_BYTES} allowed (HeaderTooLarge)`,
    );
  }
  const length = Number(declared);
  const dataStart = 8 + length;
  if (dataStart > bytes.length) {
    fail(
      `the header's length, ${length} bytes, runs past the end of the file (${bytes.length} bytes) (InvalidHeaderLength)`,
    );
  }
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(8, dataStart),
    );
  } catch {
    fail("the header is not valid UTF-8 (InvalidHeader)");
  }
  if (!text.startsWith("{")) fail("the header does not start with '{' (InvalidHeaderStart)");
  let json: JsonValue = null;
  try {
    json = parseStrictJson(text, 8);
  } catch (e) {
    if (!(e instanceof StrictJsonError)) throw e;
    fail(`the header is not valid JSON: ${e.message} (InvalidHeaderDeserialization)`);
  }
  const top = json as Map<string, JsonValue>;
  let metadata: Record<string, string> | null = null;
  const entries: [string, SafetensorsEntry][] = [];
  for (const [name, v] of top) {
    if (name === "__metadata__") {
      if (!(v instanceof Map)) fail(`__metadata__ must be an object of strings, got ${kind(v)}`);
      metadata = {};
      for (const [k, s] of v as Map<string, JsonValue>) {
        if (typeof s !== "string") {
          fail(`__metadata__[${JSON.stringify(k)}] must be a string, got ${kind(s)}`);
        }
        setOwn(metadata, k, s as string);
      }
      continue;
    }
    const at = `tensor ${JSON.stringify(name)}`;
    if (!(v instanceof Map)) {
      fail(`${at} must be an object with dtype, shape and data_offsets, got ${kind(v)}`);
    }
    const info = v as Map<string, JsonValue>;
    const dtype = info.get("dtype");
    if (typeof dtype !== "string") fail(`${at} has no dtype string (got ${kind(dtype)})`);
    if (!Object.hasOwn(ELEMENT_BITS, dtype as string)) {
      fail(`${at} has the unknown dtype ${JSON.stringify(dtype)}`);
    }
    const shape = integers(info.get("shape"), -1, `${at}'s shape`, fail);
    const dataOffsets = integers(info.get("data_offsets"), 2, `${at}'s data_offsets`, fail);
    entries.push([name, {
      dtype: dtype as string,
      shape,
      dataOffsets: dataOffsets as [number, number],
    }]);
  }
  // Python's reader sorts by offsets, then asks each range to start where the last one ended.
  const order = entries.map((_, i) => i).sort((a, b) => {
    const [x, y] = [entries[a][1].dataOffsets, entries[b][1].dataOffsets];
    return x[0] - y[0] || x[1] - y[1] || a - b;
  });
  const tensors: Record<string, SafetensorsEntry> = {};
  let end = 0;
  for (const i of order) {
    const [name, e] = entries[i];
    const [s, t] = e.dataOffsets;
    const at = `tensor ${JSON.stringify(name)}`;
    if (t < s) fail(`${at}'s data_offsets [${s}, ${t}] end before they start (InvalidOffset)`);
    if (s !== end) {
      fail(
        `${at}'s data_offsets [${s}, ${t}] ${
          s < end ? "overlap the bytes of another tensor" : `leave a gap of ${s - end} bytes`
        }: the tensors' bytes must follow each other from offset 0 (here, the next starts at ${end}) (InvalidOffset)`,
      );
    }
    end = t;
    // As Python's checked products: any partial product past 2^53 is an overflow, even when a
    // later size is 0.
    let bits = ELEMENT_BITS[e.dtype];
    for (const d of e.shape) if (Number.isSafeInteger(bits)) bits *= d;
    if (!Number.isSafeInteger(bits)) {
      fail(`${at}'s shape ${formatShape(e.shape)} is too large (ValidationOverflow)`);
    }
    if (bits !== 8 * (t - s)) {
      fail(
        `${at} has shape ${formatShape(e.shape)} of ${e.dtype}, ${
          bits / 8
        } bytes, but its data_offsets [${s}, ${t}] hold ${t - s} (TensorInvalidInfo)`,
      );
    }
    setOwn(tensors, name, e);
  }
  if (dataStart + end !== bytes.length) {
    fail(
      `the tensors' bytes end at byte ${
        dataStart + end
      } of the file, which has ${bytes.length} (MetadataIncompleteBuffer)`,
    );
  }
  return { metadata, tensors, dataStart };
}

/** A JSON array of safe integers ≥ 0 (of `count` entries unless it is -1). */
function integers(
  v: JsonValue | undefined,
  count: number,
  what: string,
  fail: (message: string) => never,
): number[] {
  if (!Array.isArray(v) || (count >= 0 && v.length !== count)) {
    fail(
      `${what} must be an array of ${count >= 0 ? `${count} ` : ""}integers ≥ 0, got ${kind(v)}`,
    );
  }
  const a = v as JsonValue[];
  a.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) {
      fail(
        `${what}[${i}] must be an integer in [0, 2^53), got ${typeof x === "number" ? x : kind(x)}`,
      );
    }
  });
  return a as number[];
}

/** How a JSON value is described in messages. */
function kind(v: JsonValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v instanceof Map) return "an object";
  if (Array.isArray(v)) {
    return `[${v.map((x) => (typeof x === "number" ? x : kind(x))).join(", ")}]`;
  }
  return JSON.stringify(v);
}

/**
 * The tensors of a safetensors file, every one or none: the whole header is checked against the
 * file first (every hostile case Python's reader refuses, and duplicate keys, nesting, and
 * unpaired surrogates too), and nothing is allocated beyond the tensors' bytes (twice for F16
 * and BF16, which are read as float32) before all of it holds. F16 and BF16 values become the
 * float32 values they denote, exactly; I64 values must lie within ±(2^53 - 1) (descent's int64);
 * BOOL bytes must be 0 or 1. Other dtypes (I8, U16, F8_E4M3 …) are refused, naming the tensor.
 * Needs no permission. Python's safetensors: `safetensors.torch.load(bytes)`.
 *
 * @param bytes The whole file.
 * @returns The tensors by name, in the order of their bytes (names that are array indices first,
 *   as JavaScript orders keys); new leaves that own their storage.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arange } from "@descent/tensor";
 * import { loadSafetensors, saveSafetensors } from "@descent/io";
 * const bytes = saveSafetensors({ a: arange(6).reshape(2, 3) });
 * assert.equal(String(loadSafetensors(bytes).a), "tensor([[0, 1, 2],\n        [3, 4, 5]])");
 * assert.throws(() => loadSafetensors(bytes.subarray(0, bytes.length - 1)), /MetadataIncompleteBuffer/);
 * ```
 */
export function loadSafetensors(bytes: Uint8Array): Record<string, Tensor> {
  const { tensors, dataStart } = readSafetensorsHeader(bytes);
  for (const [name, e] of Object.entries(tensors)) {
    if (!isReadable(e.dtype)) {
      throw new SafetensorError(
        `tensor ${
          JSON.stringify(name)
        } has dtype ${e.dtype}, which descent does not read (it reads ${
          Object.keys(DTYPE_OF).join(", ")
        })`,
      );
    }
  }
  const out: Record<string, Tensor> = {};
  for (const [name, e] of Object.entries(tensors)) {
    const [s, t] = e.dataOffsets;
    const values = readElements(
      bytes.subarray(dataStart + s, dataStart + t),
      e.dtype as keyof typeof DTYPE_OF,
      (m) => new SafetensorError(`tensor ${JSON.stringify(name)}: ${m}`),
    );
    setOwn(out, name, fromValues(values, e.shape, DTYPE_OF[e.dtype as keyof typeof DTYPE_OF]));
  }
  return out;
}
