/**
 * A reader of the zip archives `torch.save` writes: the central directory (zip64 included), and
 * the bytes of stored (uncompressed) entries, checked against their CRC-32. PyTorch's writer
 * (miniz) stores every record uncompressed; a deflated entry is refused with an error saying so.
 *
 * @module
 */

/**
 * A zip archive (a `torch.save` file) that cannot be read; the message names the problem.
 * Python: `zipfile.BadZipFile`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTorch, ZipError } from "@descent/io";
 * assert.throws(() => loadTorch(new Uint8Array([0x50, 0x4b, 0x03, 0x04])), ZipError);
 * ```
 */
export class ZipError extends Error {
  /** `"ZipError"`. */
  override name = "ZipError";
}

/** One entry of an archive. */
export interface ZipEntry {
  /** Its path in the archive. */
  name: string;
  /** Its bytes (a view of the archive's). */
  data: Uint8Array;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The entries of a zip archive, by name, in the central directory's order. Every entry is
 * checked: stored, inside the archive, its CRC-32 right, its name unique.
 *
 * @param bytes The archive.
 * @returns The entries.
 */
export function readZip(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => {
    const v = u32(at + 4) * 2 ** 32 + u32(at);
    if (!Number.isSafeInteger(v)) throw new ZipError(`a 64-bit size or offset ${v} is too large`);
    return v;
  };
  const within = (at: number, n: number, what: string) => {
    if (at < 0 || n < 0 || at + n > bytes.length) {
      throw new ZipError(
        `${what} (bytes ${at} to ${at + n}) lies outside the archive (${bytes.length} bytes)`,
      );
    }
  };
  // The end-of-central-directory record: the last one in the final 22 + 65535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) {
    throw new ZipError("no end-of-central-directory record: not a zip archive, or a truncated one");
  }
  let count = u16(end + 10);
  let size = u32(end + 12);
  let offset = u32(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== LOCATOR64) {
      throw new ZipError("the zip64 end-of-central-directory locator is missing");
    }
    const at = u64(locator + 8);
    within(at, 56, "the zip64 end-of-central-directory record");
    if (u32(at) !== EOCD64) {
      throw new ZipError("the zip64 end-of-central-directory record is missing");
    }
    count = u64(at + 32);
    size = u64(at + 40);
    offset = u64(at + 48);
  }
  within(offset, size, "the central directory");
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let at = offset;
  for (let i = 0; i < count; i++) {
    within(at, 46, `central directory entry ${i}`);
    if (u32(at) !== CENTRAL) throw new ZipError(`central directory entry ${i} has a bad signature`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let packed = u32(at + 20);
    let length = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let local = u32(at + 42);
    within(at + 46, nameLength + extraLength + commentLength, `central directory entry ${i}`);
    let name: string;
    try {
      name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    } catch {
      throw new ZipError(`the name of entry ${i} is not valid UTF-8`);
    }
    // A zip64 extra field holds, in order, the fields whose 32-bit values are all ones.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength;) {
      const id = u16(e);
      const n = u16(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (length === 0xffffffff) [length, f] = [u64(f), f + 8];
        if (packed === 0xffffffff) [packed, f] = [u64(f), f + 8];
        if (local === 0xffffffff) local = u64(f);
      }
      e += 4 + n;
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new ZipError(`entry ${JSON.stringify(name)} is encrypted`);
    if (method !== 0) {
      throw new ZipError(
        `entry ${JSON.stringify(name)} is compressed (method ${method}${
          method === 8 ? ", deflate" : ""
        }); only stored entries are read, as torch.save writes them`,
      );
    }
    if (packed !== length) {
      throw new ZipError(
        `stored entry ${JSON.stringify(name)} has two sizes, ${packed} and ${length}`,
      );
    }
    within(local, 30, `the local header of ${JSON.stringify(name)}`);
    if (u32(local) !== LOCAL) {
      throw new ZipError(`the local header of ${JSON.stringify(name)} has a bad signature`);
    }
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    within(start, length, `the data of ${JSON.stringify(name)}`);
    const data = bytes.subarray(start, start + length);
    if (crc32(data) !== crc) {
      throw new ZipError(
        `entry ${JSON.stringify(name)} fails its CRC-32 check: the archive is corrupt`,
      );
    }
    if (entries.has(name)) {
      throw new ZipError(`the archive has two entries named ${JSON.stringify(name)}`);
    }
    entries.set(name, { name, data });
  }
  return entries;
}

let table: Uint32Array | null = null;

/**
 * The CRC-32 (IEEE 802.3, as zip uses it) of `data`.
 *
 * @param data The bytes.
 * @returns The checksum, unsigned.
 */
export function crc32(data: Uint8Array): number {
  if (table === null) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
