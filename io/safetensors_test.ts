import assert from "node:assert/strict";
import { arange, tensor } from "@descent/tensor";
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from "@descent/io";

/** A file from a header text (padded to 8 bytes unless `length` says otherwise) and data bytes. */
function file(header: string, data: number[] = [], length?: number): Uint8Array {
  const text = new TextEncoder().encode(header);
  const n = length ?? text.length;
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

/** Asserts that loading `bytes` throws a SafetensorError with this message (after the prefix). */
function refused(bytes: Uint8Array, message: string): void {
  for (const read of [loadSafetensors, readSafetensorsHeader]) {
    assert.throws(() => read(bytes), {
      name: "SafetensorError",
      message: `invalid safetensors file: ${message}`,
    });
  }
}

const F32 = (name: string, shape: number[], offsets: [number, number]) =>
  `${JSON.stringify(name)}:{"dtype":"F32","shape":${JSON.stringify(shape)},"data_offsets":${
    JSON.stringify(offsets)
  }}`;

Deno.test("hostile input: each malformed file gets an error naming its problem", () => {
  refused(
    new Uint8Array(5),
    "it has 5 bytes, fewer than the 8 of the header's length (HeaderTooSmall)",
  );
  refused(
    file("{}", [], 100 * 2 ** 20),
    "the header's length is 104857600 bytes, more than the 100000000 allowed (HeaderTooLarge)",
  );
  refused(
    file("{}", [], 2 ** 60),
    "the header's length is 1152921504606846976 bytes, more than the 100000000 allowed (HeaderTooLarge)",
  );
  refused(
    file("{}", [], 50),
    "the header's length, 50 bytes, runs past the end of the file (10 bytes) (InvalidHeaderLength)",
  );
  const bad = file("{}      ");
  bad[9] = 0xff;
  refused(bad, "the header is not valid UTF-8 (InvalidHeader)");
  refused(file("[1]     "), "the header does not start with '{' (InvalidHeaderStart)");
  refused(
    file("\ufeff{}  "),
    "the header does not start with '{' (InvalidHeaderStart)",
  );
  refused(
    file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{}}', [0, 0, 0, 0]),
    'the header is not valid JSON: duplicate key "a" at character 54 (InvalidHeaderDeserialization)',
  );
  refused(
    file("{,}     "),
    'the header is not valid JSON: expected \'"\', found "," at character 1 (InvalidHeaderDeserialization)',
  );
  refused(
    file(`{${F32("x", [1], [0, 4])},${F32("y", [1], [2, 6])}}`, [0, 0, 0, 0, 0, 0]),
    "tensor \"y\"'s data_offsets [2, 6] overlap the bytes of another tensor: the tensors' bytes must follow each other from offset 0 (here, the next starts at 4) (InvalidOffset)",
  );
  refused(
    file(`{${F32("x", [1], [4, 0])}}`, [0, 0, 0, 0]),
    'tensor "x"\'s data_offsets [4, 0] end before they start (InvalidOffset)',
  );
  refused(
    file(`{${F32("x", [1], [4, 8])}}`, [0, 0, 0, 0, 0, 0, 0, 0]),
    "tensor \"x\"'s data_offsets [4, 8] leave a gap of 4 bytes: the tensors' bytes must follow each other from offset 0 (here, the next starts at 0) (InvalidOffset)",
  );
  refused(
    file(`{${F32("x", [2, 3], [0, 20])}}`, new Array(20).fill(0)),
    'tensor "x" has shape [2, 3] of F32, 24 bytes, but its data_offsets [0, 20] hold 20 (TensorInvalidInfo)',
  );
  refused(
    file(`{${F32("x", [2 ** 40, 2 ** 20], [0, 4])}}`, [0, 0, 0, 0]),
    'tensor "x"\'s shape [1099511627776, 1048576] is too large (ValidationOverflow)',
  );
  refused(
    file(`{${F32("x", [2 ** 30, 2 ** 30, 0], [0, 0])}}`),
    'tensor "x"\'s shape [1073741824, 1073741824, 0] is too large (ValidationOverflow)',
  );
  refused(
    file(`{${F32("x", [1], [0, 4])}}`, [0, 0, 0]),
    "the tensors' bytes end at byte 66 of the file, which has 65 (MetadataIncompleteBuffer)",
  );
  refused(
    file(`{${F32("x", [1], [0, 4])}}`, [0, 0, 0, 0, 9]),
    "the tensors' bytes end at byte 66 of the file, which has 67 (MetadataIncompleteBuffer)",
  );
  refused(
    file('{"x":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}'),
    'tensor "x" has the unknown dtype "F128"',
  );
  refused(
    file('{"x":{"shape":[1],"data_offsets":[0,4]}}'),
    'tensor "x" has no dtype string (got nothing)',
  );
  refused(
    file('{"x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}'),
    'tensor "x"\'s shape[0] must be an integer in [0, 2^53), got 1.5',
  );
  refused(
    file('{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}'),
    'tensor "x"\'s shape[0] must be an integer in [0, 2^53), got -1',
  );
  refused(
    file('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}}'),
    'tensor "x"\'s data_offsets must be an array of 2 integers ≥ 0, got [0]',
  );
  refused(
    file('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551616]}}'),
    'tensor "x"\'s data_offsets[1] must be an integer in [0, 2^53), got 18446744073709552000',
  );
  refused(
    file('{"x":[1]}'),
    'tensor "x" must be an object with dtype, shape and data_offsets, got [1]',
  );
  refused(file('{"__metadata__":{"a":1}}'), '__metadata__["a"] must be a string, got 1');
  refused(file('{"__metadata__":[]}'), "__metadata__ must be an object of strings, got []");
  refused(
    file('{"a\\ud800":{}}'),
    "the header is not valid JSON: unpaired surrogate in a \\u escape at character 3 (InvalidHeaderDeserialization)",
  );
  refused(
    file(
      `{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":${"[".repeat(10)}${
        "]".repeat(10)
      }}}`,
    ),
    "the header is not valid JSON: nesting deeper than 8 at character 67 (InvalidHeaderDeserialization)",
  );
});

Deno.test("hostile values: out-of-range int64, bool bytes other than 0/1, unread dtypes", () => {
  const i64 = (bytes: number[]) =>
    file('{"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', bytes);
  assert.throws(() => loadSafetensors(i64([0, 0, 0, 0, 0, 0, 0x20, 0])), {
    name: "SafetensorError",
    message:
      'tensor "x": the int64 value 9007199254740992 at element 0 is beyond ±(2^53 - 1) (Number.MAX_SAFE_INTEGER), the range of integers descent\'s int64 holds exactly',
  });
  assert.equal(loadSafetensors(i64([1, 0, 0, 0, 0, 0, 0xe0, 0xff])).x.item(), -(2 ** 53 - 1));
  assert.throws(
    () => loadSafetensors(file('{"b":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', [1, 2])),
    { name: "SafetensorError", message: 'tensor "b": a BOOL element is 0 or 1, element 1 is 2' },
  );
  assert.throws(
    () => loadSafetensors(file('{"x":{"dtype":"I16","shape":[1],"data_offsets":[0,2]}}', [1, 0])),
    {
      name: "SafetensorError",
      message:
        'tensor "x" has dtype I16, which descent does not read (it reads F64, F32, F16, BF16, I64, I32, U8, BOOL)',
    },
  );
  // The header alone is fine: readSafetensorsHeader knows every safetensors dtype.
  assert.equal(
    readSafetensorsHeader(file('{"x":{"dtype":"I16","shape":[1],"data_offsets":[0,2]}}', [1, 0]))
      .tensors.x.dtype,
    "I16",
  );
});

Deno.test("the reader accepts what Python's does: any entry order, unknown fields, zero-size tensors", () => {
  const bytes = file(
    `{${
      F32("b", [1], [4, 8])
    },"a":{"data_offsets":[0,4],"shape":[1],"dtype":"F32","x":{"y":[null,true]}},${
      F32("e", [0, 2], [8, 8])
    }}  `,
    [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40],
  );
  const t = loadSafetensors(bytes);
  assert.deepEqual(Object.keys(t), ["a", "b", "e"]);
  assert.equal(String(t.a), "tensor([1.])");
  assert.equal(String(t.b), "tensor([2.])");
  assert.deepEqual(t.e.shape, [0, 2]);
});

Deno.test("__proto__ and other names are plain keys, read and written", () => {
  const names = ["__proto__", "constructor", "toString", "0", "a.b"];
  const tensors = Object.fromEntries(names.map((n, i) => [n, tensor([i], { dtype: "int32" })]));
  Object.defineProperty(tensors, "__proto__", {
    value: tensor([9], { dtype: "int32" }),
    enumerable: true,
  });
  const loaded = loadSafetensors(saveSafetensors(tensors));
  assert.equal(Object.getPrototypeOf(loaded), Object.prototype);
  assert.deepEqual(Object.keys(loaded).sort(), [...names].sort());
  assert.equal(Object.getOwnPropertyDescriptor(loaded, "__proto__")!.value.item(), 9);
});

Deno.test("saveSafetensors: views are written as their values; requiresGrad is not saved", () => {
  const w = arange(6).float().reshape(2, 3);
  const p = tensor([1, 2], { dtype: "float64", requiresGrad: true });
  const loaded = loadSafetensors(saveSafetensors({ t: w.t(), p, e: w.expand(2, 2, 3) }));
  assert.equal(String(loaded.t), String(w.t()));
  assert.equal(String(loaded.e), String(w.expand(2, 2, 3)));
  assert.equal(String(loaded.p), "tensor([1., 2.], dtype=torch.float64)");
});

Deno.test("saveSafetensors: argument errors", () => {
  const t = tensor([1]);
  const cases: [() => unknown, string, string][] = [
    [
      () => saveSafetensors(null as never),
      "TypeError",
      "saveSafetensors(): tensors must be an object of named tensors, got null",
    ],
    [
      () => saveSafetensors({ a: 1 } as never),
      "TypeError",
      'saveSafetensors(): tensors["a"] is not a Tensor (got number)',
    ],
    [
      () => saveSafetensors({ __metadata__: t }),
      "TypeError",
      'saveSafetensors(): a tensor cannot be named "__metadata__" (the header\'s metadata key)',
    ],
    [
      () => saveSafetensors({ ["a\ud800"]: t }),
      "TypeError",
      'saveSafetensors(): the tensor name "a\\ud800" holds an unpaired surrogate (UTF-8 cannot encode it)',
    ],
    [
      () => saveSafetensors({ t }, { a: 1 } as never),
      "TypeError",
      'saveSafetensors(): metadata["a"] must be a string (well-formed UTF-16), got number',
    ],
    [
      () => saveSafetensors({ t }, [] as never),
      "TypeError",
      "saveSafetensors(): metadata must be an object of strings, got array",
    ],
    [
      () => readSafetensorsHeader([1, 2] as never),
      "TypeError",
      "readSafetensorsHeader(): expected a Uint8Array, got array",
    ],
  ];
  for (const [f, name, message] of cases) assert.throws(f, { name, message });
});

Deno.test("saveSafetensors orders names by code point, as Rust orders strings", () => {
  // UTF-16 order puts U+FF01 after U+1F600 (a surrogate pair starting 0xD83D); code points do not.
  const bytes = saveSafetensors({
    "\u{1F600}": tensor([1]),
    "\uFF01": tensor([2]),
    a: tensor([3]),
  });
  assert.deepEqual(Object.keys(readSafetensorsHeader(bytes).tensors), ["a", "\uFF01", "\u{1F600}"]);
});

Deno.test("loaded tensors own their values: the file's bytes can change afterwards", () => {
  const bytes = saveSafetensors({ x: tensor([1.5, 2.5], { dtype: "float32" }) });
  const t = loadSafetensors(bytes).x;
  bytes.fill(0);
  assert.equal(String(t), "tensor([1.5000, 2.5000])");
});
