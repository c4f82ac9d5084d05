// Property tests of the safetensors reader and writer (fast-check, fixed seeds, a few hundred
// cases each): random tensors round-trip bit for bit and re-save to the same bytes; random
// corruptions of valid files either load or throw a SafetensorError, never anything else.

import assert from "node:assert/strict";
import fc from "npm:fast-check@4.11.0";
import { type DType, type Tensor, tensor } from "@descent/tensor";
import {
  loadSafetensors,
  readSafetensorsHeader,
  SafetensorError,
  saveSafetensors,
} from "@descent/io";

const RUNS = 300;

/** A random tensor of any dtype: 0–3 dims of 0–3 elements, every value a dtype can hold. */
const tensorArb: fc.Arbitrary<Tensor> = fc
  .tuple(
    fc.constantFrom<DType>("float32", "float64", "int64", "int32", "uint8", "bool"),
    fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  )
  .chain(([dtype, shape]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const arrays = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: n, maxLength: n });
    const values: Record<DType, fc.Arbitrary<Tensor>> = {
      float32: arrays(fc.float()).map((v) => tensor(Float32Array.from(v))),
      float64: arrays(fc.double()).map((v) => tensor(Float64Array.from(v))),
      int64: arrays(fc.bigInt({ min: -(2n ** 53n - 1n), max: 2n ** 53n - 1n }))
        .map((v) => tensor(BigInt64Array.from(v))),
      int32: arrays(fc.integer()).map((v) => tensor(Int32Array.from(v))),
      uint8: arrays(fc.integer({ min: 0, max: 255 })).map((v) => tensor(Uint8Array.from(v))),
      bool: arrays(fc.boolean()).map((v) => tensor(v, { dtype: "bool" })),
    };
    return values[dtype].map((t) => t.reshape(shape));
  });

/** Names: ASCII mostly, any code point (astral ones included) sometimes. */
const nameArb = fc
  .oneof(
    { arbitrary: fc.string({ maxLength: 6 }), weight: 3 },
    fc.string({ unit: "binary", maxLength: 6 }),
  )
  .filter((s) => s !== "__metadata__");

const fileArb = fc.record({
  tensors: fc.dictionary(nameArb, tensorArb, { maxKeys: 5 }),
  metadata: fc.option(
    fc.dictionary(nameArb, fc.string({ unit: "binary", maxLength: 6 }), { maxKeys: 2 }),
    {
      nil: undefined,
    },
  ),
});

/** Every value's bytes, so NaN payloads, -0 and float32 rounding compare exactly. */
function bits(t: Tensor): number[] {
  const v = t.contiguous().toTypedArray();
  return Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

Deno.test("fuzz: random tensors round-trip bit for bit and re-save to the same bytes", () => {
  fc.assert(
    fc.property(fileArb, ({ tensors, metadata }) => {
      const bytes = saveSafetensors(tensors, metadata);
      const loaded = loadSafetensors(bytes);
      assert.deepEqual(Object.keys(loaded).sort(), Object.keys(tensors).sort());
      for (const [k, t] of Object.entries(tensors)) {
        assert.equal(loaded[k].dtype, t.dtype);
        assert.deepEqual(loaded[k].shape, t.shape);
        assert.deepEqual(bits(loaded[k]), bits(t));
      }
      assert.deepEqual(
        readSafetensorsHeader(bytes).metadata,
        metadata === undefined ? null : { ...metadata },
      );
      assert.deepEqual(saveSafetensors(loaded, metadata), bytes);
    }),
    { seed: 20261128, numRuns: RUNS },
  );
});

/** Text to splice into a header: JSON's punctuation and values a hostile writer might try. */
const SPLICES = [
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  '"',
  "\\",
  "0",
  "9",
  "-1",
  "1e400",
  "18446744073709551616",
  "null",
  "true",
  '"F16"',
  '"I8"',
  '"X"',
  '"__metadata__"',
  "\\ud800",
  "\\u0000",
  "\x00",
  "\xff",
  '"data_offsets":[0,0]',
  '"shape":[]',
  " ",
];

type Corruption =
  | { kind: "byte"; at: number; value: number }
  | { kind: "tail"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "append"; extra: number[] }
  | { kind: "length"; value: bigint }
  | { kind: "splice"; at: number; remove: number; text: string; fixLength: boolean };

const byte = fc.integer({ min: 0, max: 255 });
/** One to two corruptions, most of them small enough to leave a file that may still load. */
const corruptionArb: fc.Arbitrary<Corruption[]> = fc.array(
  fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant("byte" as const), at: fc.nat(), value: byte }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("tail" as const),
        at: fc.integer({ min: 1, max: 64 }),
        value: byte,
      }),
      weight: 3,
    },
    { arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant("append" as const),
        extra: fc.array(byte, { minLength: 1, maxLength: 9 }),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("length" as const),
        value: fc.oneof(
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          fc.bigInt({ min: 0n, max: 300n }),
        ),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("splice" as const),
        at: fc.nat(),
        remove: fc.integer({ min: 0, max: 4 }),
        text: fc.constantFrom(...SPLICES),
        fixLength: fc.boolean(),
      }),
      weight: 4,
    },
  ),
  { minLength: 1, maxLength: 2 },
);

function corrupt(bytes: Uint8Array, c: Corruption): Uint8Array {
  switch (c.kind) {
    case "byte": {
      const out = bytes.slice();
      if (out.length > 0) out[c.at % out.length] = c.value;
      return out;
    }
    case "tail": { // a byte near the end: usually a tensor's
      const out = bytes.slice();
      if (out.length >= c.at) out[out.length - c.at] = c.value;
      return out;
    }
    case "truncate":
      return bytes.slice(0, c.at % (bytes.length + 1));
    case "append":
      return Uint8Array.from([...bytes, ...c.extra]);
    case "length": {
      const out = bytes.slice();
      if (out.length >= 8) new DataView(out.buffer).setBigUint64(0, c.value, true);
      return out;
    }
    case "splice": { // text spliced into the header, its bytes as given (latin-1)
      if (bytes.length < 8) return bytes;
      const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
      const end = Math.min(8 + n, bytes.length);
      const at = 8 + c.at % (end - 8 + 1);
      const text = Uint8Array.from(c.text, (ch) => ch.charCodeAt(0));
      const tail = bytes.subarray(Math.min(at + c.remove, end));
      const out = new Uint8Array(at + text.length + tail.length);
      out.set(bytes.subarray(0, at));
      out.set(text, at);
      out.set(tail, at + text.length);
      const grown = text.length - (Math.min(at + c.remove, end) - at);
      if (c.fixLength) new DataView(out.buffer).setBigUint64(0, BigInt(end - 8 + grown), true);
      return out;
    }
  }
}

Deno.test("fuzz: corrupted files load or throw a SafetensorError, never anything else", () => {
  let refused = 0;
  fc.assert(
    fc.property(fileArb, corruptionArb, ({ tensors, metadata }, corruptions) => {
      let bytes = saveSafetensors(tensors, metadata);
      for (const c of corruptions) bytes = corrupt(bytes, c);
      let loaded: Record<string, Tensor>;
      try {
        loaded = loadSafetensors(bytes);
      } catch (e) {
        if (!(e instanceof SafetensorError)) throw e;
        refused++;
        return;
      }
      // What loads is a consistent file: its tensors cover its bytes exactly and re-save.
      const header = readSafetensorsHeader(bytes);
      let n = 0;
      for (const t of Object.values(loaded)) n += bits(t).length;
      const halves = Object.values(header.tensors).filter((e) =>
        e.dtype === "F16" || e.dtype === "BF16"
      );
      for (const e of halves) n -= e.dataOffsets[1] - e.dataOffsets[0]; // read as float32: twice
      assert.equal(header.dataStart + n, bytes.length);
      assert.deepEqual(
        Object.keys(loadSafetensors(saveSafetensors(loaded))).sort(),
        Object.keys(loaded).sort(),
      );
    }),
    { seed: 20261129, numRuns: RUNS },
  );
  assert.ok(
    refused > RUNS / 3 && refused < RUNS,
    `most corruptions, not all, are refused (${refused} of ${RUNS})`,
  );
});
