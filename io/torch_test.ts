import assert from "node:assert/strict";
import { loadTorch, loadTorchObject } from "@descent/io";
import { bytesOf, OP, rebuild, torchArchive } from "./testdata/archive.ts";

const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);

/** A state dict `{ w: <tensor> }` pickle around one rebuild call. */
const stateDict = (tensor: string) =>
  bytesOf(
    OP.PROTO2,
    OP.global("collections", "OrderedDict"),
    OP.EMPTY_TUPLE,
    OP.REDUCE,
    OP.str("w"),
    tensor,
    OP.SETITEM,
    OP.STOP,
  );

function refused(bytes: Uint8Array, name: string, message: string): void {
  assert.throws(() => loadTorchObject(bytes), { name, message });
}

Deno.test("a hand-made archive: a strided view over its storage", () => {
  const file = torchArchive(stateDict(rebuild("FloatStorage", "0", 6, 1, [2, 2], [3, 1])), {
    0: f32(0, 1, 2, 3, 4, 5),
  });
  const sd = loadTorch(file);
  assert.equal(String(sd.w), "tensor([[1., 2.],\n        [4., 5.]])");
  assert.deepEqual(sd.w.stride(), [3, 1]);
});

Deno.test("storages: out-of-bounds views, wrong record sizes, missing records are refused", () => {
  refused(
    torchArchive(stateDict(rebuild("FloatStorage", "0", 6, 1, [2, 3], [3, 1])), {
      0: f32(0, 1, 2, 3, 4, 5),
    }),
    "UnpicklingError",
    "_rebuild_tensor_v2(): a tensor of size (2, 3), stride (3, 1) and offset 1 reaches element 6 of a storage of 6",
  );
  refused(
    torchArchive(stateDict(rebuild("FloatStorage", "0", 6, 0, [6], [1])), { 0: f32(0, 1, 2) }),
    "UnpicklingError",
    'storage "0" should hold 6 elements of 4 bytes, its record has 12 bytes',
  );
  refused(
    torchArchive(stateDict(rebuild("FloatStorage", "7", 1, 0, [1], [1]))),
    "UnpicklingError",
    "the archive has no record archive/data/7",
  );
  refused(
    torchArchive(stateDict(rebuild("ShortStorage", "0", 1, 0, [1], [1])), { 0: new Uint8Array(2) }),
    "UnpicklingError",
    "torch.ShortStorage (int16) is not a dtype descent reads",
  );
  refused(
    torchArchive(stateDict(rebuild("LongStorage", "0", 1, 0, [1], [1])), {
      0: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x80]),
    }),
    "UnpicklingError",
    'storage "0": the int64 value -9223372036854775808 at element 0 is beyond ±(2^53 - 1) (Number.MAX_SAFE_INTEGER), the range of integers descent\'s int64 holds exactly',
  );
  // An empty tensor may sit anywhere (PyTorch allows offset = numel).
  const empty = loadTorch(
    torchArchive(stateDict(rebuild("FloatStorage", "0", 1, 1, [0, 3], [3, 1])), { 0: f32(1) }),
  );
  assert.deepEqual(empty.w.shape, [0, 3]);
});

Deno.test("globals: only the state dict's are allowed; nothing is called", () => {
  const evil = bytesOf(
    OP.PROTO2,
    OP.global("builtins", "eval"),
    OP.MARK,
    OP.str("1"),
    OP.TUPLE,
    OP.REDUCE,
    OP.STOP,
  );
  refused(
    torchArchive(evil),
    "UnpicklingError",
    "Unsupported global: GLOBAL builtins.eval is not allowed: a torch.save file is read with the globals of a state dict only (tensors, storages, collections.OrderedDict), and nothing in it is executed",
  );
  // A storage type is a marker, not a callable.
  refused(
    torchArchive(
      bytesOf(OP.PROTO2, OP.global("torch", "FloatStorage"), OP.EMPTY_TUPLE, OP.REDUCE, OP.STOP),
    ),
    "UnpicklingError",
    "torch.FloatStorage cannot be called",
  );
  // REDUCE of a value the pickle made itself (not a global) is refused.
  refused(
    torchArchive(bytesOf(OP.PROTO2, OP.str("os.system"), OP.EMPTY_TUPLE, OP.REDUCE, OP.STOP)),
    "UnpicklingError",
    "REDUCE of a value that is not a global (opcode 0x52 at byte 17)",
  );
  // BUILD on a plain dict: refused (objects get state only through an allowed global).
  refused(
    torchArchive(bytesOf(OP.PROTO2, OP.EMPTY_DICT, OP.EMPTY_DICT, OP.BUILD, OP.STOP)),
    "UnpicklingError",
    "BUILD of a value whose state cannot be set (opcode 0x62 at byte 4)",
  );
  refused(
    torchArchive(bytesOf(OP.PROTO2, OP.global("collections", "OrderedDict"), "\x81", OP.STOP)),
    "UnpicklingError",
    "the opcode NEWOBJ is not supported: it builds objects a state dict does not hold (opcode 0x81 at byte 27)",
  );
});

Deno.test("the unpickler: data opcodes of protocols 0–5, memo, marks", () => {
  const value = (...parts: (string | number | number[])[]) =>
    loadTorchObject(torchArchive(bytesOf(OP.PROTO2, ...parts, OP.STOP)));
  const v = value(
    OP.EMPTY_DICT,
    OP.int(1),
    OP.EMPTY_LIST,
    "q\x00", // BINPUT 0
    OP.int(7),
    OP.APPEND,
    OP.SETITEM,
    OP.str("t"),
    OP.MARK,
    "G", // BINFLOAT 0.1, big-endian
    [0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a],
    OP.NONE,
    OP.NEWTRUE,
    "\x8a\x09", // LONG1 2^64
    [0, 0, 0, 0, 0, 0, 0, 0, 1],
    "\x8a\x01\xff", // LONG1 -1
    "J\xfe\xff\xff\xff", // BININT -2
    "M\x01\x01", // BININT2 257
    "h\x00", // BINGET 0: the same list
    "C\x02ab", // SHORT_BINBYTES
    "\x8c\x03\xc3\xa9!", // SHORT_BINUNICODE "é!"
    "\x95",
    [0, 0, 0, 0, 0, 0, 0, 0], // FRAME (ignored)
    "\x94", // MEMOIZE
    "2", // DUP
    "0", // POP
    OP.TUPLE,
    OP.SETITEM,
  );
  const list = [7];
  assert.deepEqual(
    v,
    new Map<unknown, unknown>([
      [1, list],
      ["t", [0.1, null, true, 2n ** 64n, -1, -2, 257, list, new Uint8Array([97, 98]), "é!"]],
    ]),
  );
  const t = (v as Map<unknown, unknown[]>).get("t")!;
  assert.equal(t[7], (v as Map<unknown, unknown>).get(1), "BINGET gives the same list");
  assert.throws(() => value("\x8c\x02h\xc3"), {
    name: "UnpicklingError",
    message: "a string is not valid UTF-8 (opcode 0x8c at byte 2)",
  });
  assert.throws(() => value("h\x05"), {
    name: "UnpicklingError",
    message: "memo key 5 was never stored (opcode 0x68 at byte 2)",
  });
  assert.throws(() => value("X\xff\xff\xff\x7fabc"), {
    name: "UnpicklingError",
    message: "the pickle ends inside an argument of 2147483647 bytes (opcode 0x58 at byte 2)",
  });
  assert.throws(() => value(OP.int(1), OP.int(2)), {
    name: "UnpicklingError",
    message: "STOP with a stack that does not hold one value (opcode 0x2e at byte 6)",
  });
  assert.throws(() => value(OP.MARK, OP.APPEND), {
    name: "UnpicklingError",
    message: "the stack is empty (opcode 0x61 at byte 3)",
  });
  assert.throws(() => value("\x8a\x41", new Array(65).fill(1)), {
    name: "UnpicklingError",
    message: "an integer of 65 bytes (at most 64 are read) (opcode 0x8a at byte 2)",
  });
  assert.throws(() => value("\xff"), {
    name: "UnpicklingError",
    message: "an unknown opcode (opcode 0xff at byte 2)",
  });
  assert.throws(() => loadTorchObject(torchArchive(bytesOf(OP.PROTO2, OP.int(1)))), {
    name: "UnpicklingError",
    message: "the pickle ends without STOP (opcode 0x4b at byte 4)",
  });
});

Deno.test("archives: one data.pkl, nothing after STOP; a bare pickle or other bytes are no torch.save file", () => {
  const one = bytesOf(OP.PROTO2, OP.NONE, OP.STOP);
  assert.throws(() => loadTorchObject(torchArchive(bytesOf(one, OP.NONE))), {
    name: "UnpicklingError",
    message: "data.pkl has bytes after its STOP",
  });
  assert.equal(loadTorchObject(torchArchive(one)), null);
  assert.throws(() => loadTorchObject(one), {
    name: "UnpicklingError",
    message:
      "not a torch.save file: neither a zip archive nor the legacy format (whose first pickle is its magic number)",
  });
  assert.throws(() => loadTorchObject([] as never), {
    name: "TypeError",
    message: "loadTorchObject(): expected a Uint8Array, got array",
  });
  assert.throws(() => loadTorch(torchArchive(bytesOf(OP.PROTO2, OP.EMPTY_LIST, OP.STOP))), {
    name: "TypeError",
    message: "loadTorch(): the file holds array, not a state dict (use loadTorchObject)",
  });
});
