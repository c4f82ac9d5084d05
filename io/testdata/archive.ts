/**
 * Test helpers: a writer of zip archives with stored entries (as torch.save writes them, zip64
 * records left out) and an assembler of pickles from opcodes, for files no Python wrote.
 *
 * @module
 */

import { crc32 } from "../zip.ts";

/**
 * A zip archive of stored entries.
 *
 * @param entries Name and bytes of each entry, in order.
 * @param method The compression method written in the headers (the bytes stay as given).
 * @returns The archive.
 */
export function zipStored(entries: [string, Uint8Array][], method = 0): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = enc.encode(name);
    const local = new Uint8Array(30 + n.length);
    const v = new DataView(local.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(8, method, true);
    v.setUint32(14, crc32(data), true);
    v.setUint32(18, data.length, true);
    v.setUint32(22, data.length, true);
    v.setUint16(26, n.length, true);
    local.set(n, 30);
    const c = new Uint8Array(46 + n.length);
    const w = new DataView(c.buffer);
    w.setUint32(0, 0x02014b50, true);
    w.setUint16(10, method, true);
    w.setUint32(16, crc32(data), true);
    w.setUint32(20, data.length, true);
    w.setUint32(24, data.length, true);
    w.setUint16(28, n.length, true);
    w.setUint32(42, offset, true);
    c.set(n, 46);
    parts.push(local, data);
    central.push(c);
    offset += local.length + data.length;
  }
  const size = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, size, true);
  e.setUint32(16, offset, true);
  return concat([...parts, ...central, end]);
}

/**
 * The bytes of parts: numbers are bytes, strings latin-1 text, arrays their bytes.
 *
 * @param parts The parts.
 * @returns One array.
 */
export function bytesOf(...parts: (number | string | Uint8Array | number[])[]): Uint8Array {
  return concat(
    parts.map((p) =>
      typeof p === "number"
        ? Uint8Array.of(p)
        : typeof p === "string"
        ? Uint8Array.from(p, (c) => c.charCodeAt(0))
        : Uint8Array.from(p)
    ),
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Pickle opcodes, as text for {@linkcode bytesOf}. */
export const OP = {
  PROTO2: "\x80\x02",
  MARK: "(",
  STOP: ".",
  TUPLE: "t",
  EMPTY_TUPLE: ")",
  EMPTY_DICT: "}",
  EMPTY_LIST: "]",
  SETITEM: "s",
  SETITEMS: "u",
  APPEND: "a",
  REDUCE: "R",
  BUILD: "b",
  BINPERSID: "Q",
  NEWFALSE: "\x89",
  NEWTRUE: "\x88",
  NONE: "N",
  /** A global: `GLOBAL module name`. */
  global: (module: string, name: string) => `c${module}\n${name}\n`,
  /** A str (ASCII). */
  str: (s: string) => `X${String.fromCharCode(s.length, 0, 0, 0)}${s}`,
  /** An int in [0, 255]. */
  int: (v: number) => `K${String.fromCharCode(v)}`,
};

/**
 * The pickle of `torch._utils._rebuild_tensor_v2` over storage `key` (a persistent id
 * `('storage', torch.<type>, key, 'cpu', numel)`), with small sizes, strides and offset.
 *
 * @param type The storage type, e.g. `FloatStorage`.
 * @param key The storage's key.
 * @param numel Its element count.
 * @param offset The storage offset.
 * @param size The sizes.
 * @param stride The strides.
 * @returns The opcodes, for {@linkcode bytesOf}.
 */
export function rebuild(
  type: string,
  key: string,
  numel: number,
  offset: number,
  size: number[],
  stride: number[],
): string {
  const tuple = (v: number[]) => OP.MARK + v.map(OP.int).join("") + OP.TUPLE;
  return OP.global("torch._utils", "_rebuild_tensor_v2") + OP.MARK +
    OP.MARK + OP.str("storage") + OP.global("torch", type) + OP.str(key) + OP.str("cpu") +
    OP.int(numel) + OP.TUPLE + OP.BINPERSID +
    OP.int(offset) + tuple(size) + tuple(stride) + OP.NEWFALSE +
    OP.global("collections", "OrderedDict") + OP.EMPTY_TUPLE + OP.REDUCE + OP.TUPLE + OP.REDUCE;
}

/**
 * A torch.save archive: `archive/data.pkl` and the storages' records.
 *
 * @param pickle The pickle's bytes.
 * @param storages Each storage's key and bytes.
 * @returns The archive.
 */
export function torchArchive(
  pickle: Uint8Array,
  storages: Record<string, Uint8Array> = {},
): Uint8Array {
  return zipStored([
    ["archive/data.pkl", pickle],
    ...Object.entries(storages).map(([k, v]) => [`archive/data/${k}`, v] as [string, Uint8Array]),
    ["archive/version", bytesOf("3\n")],
  ]);
}
