/**
 * A restricted unpickler: it reads the data opcodes of Python's pickle protocols 0–5 (numbers,
 * strings, bytes, tuples, lists, dicts, the memo) and leaves every global, every call and every
 * persistent id to the caller, who decides what each may be. It never runs anything: a pickle
 * can only build the values its caller's globals make.
 *
 * Python values become: `None` → `null`, `bool` → boolean, `int` → number (a bigint beyond
 * ±(2^53 - 1); integers of more than 64 bytes are refused), `float` → number, `str` → string, `bytes`/`bytearray` → `Uint8Array`, `tuple`
 * and `list` → array, `dict` → `Map` (keys in insertion order).
 *
 * @module
 */

/**
 * A pickle that cannot be read, or that asks for something not allowed. Python:
 * `pickle.UnpicklingError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTorchObject, UnpicklingError } from "@descent/io";
 * assert.throws(() => loadTorchObject(new Uint8Array([0x80, 0x02, 0x2e])), UnpicklingError);
 * ```
 */
export class UnpicklingError extends Error {
  /** `"UnpicklingError"`. */
  override name = "UnpicklingError";
}

/** What a global (a class or function a pickle names) may do when the pickle uses it. */
export interface PickleGlobal {
  /** `REDUCE`: the value of calling it with `args`. */
  call(args: unknown[]): unknown;
  /** `BUILD` on a value it made: apply `state` (default: refuse). */
  build?(obj: unknown, state: unknown): void;
}

/** What the caller allows. */
export interface UnpickleOptions {
  /** The global `module.name`; throws (an `UnpicklingError` naming it) when not allowed. */
  findGlobal(module: string, name: string): PickleGlobal;
  /** The value a persistent id stands for (`BINPERSID`); throws when it is not allowed. */
  persistentLoad(pid: unknown): unknown;
}

/** Opcode names, for messages about those not read here. */
const NAMES: Readonly<Record<number, string>> = {
  0x69: "INST",
  0x6f: "OBJ",
  0x81: "NEWOBJ",
  0x92: "NEWOBJ_EX",
  0x82: "EXT1",
  0x83: "EXT2",
  0x84: "EXT4",
  0x8f: "EMPTY_SET",
  0x90: "ADDITEMS",
  0x91: "FROZENSET",
  0x97: "NEXT_BUFFER",
  0x98: "READONLY_BUFFER",
};

/**
 * Reads one pickle from `bytes`.
 *
 * @param bytes The pickle (its `STOP` must end it; `end` receives where, if given).
 * @param options Globals and persistent ids.
 * @param start Where the pickle starts in `bytes`.
 * @returns The value and the position after `STOP`.
 */
export function unpickle(
  bytes: Uint8Array,
  options: UnpickleOptions,
  start = 0,
): { value: unknown; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = new TextDecoder("latin1");
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let i = start;
  let op = 0;
  let opAt = 0;
  const fail = (what: string): never => {
    throw new UnpicklingError(
      `${what} (opcode 0x${op.toString(16).padStart(2, "0")} at byte ${opAt})`,
    );
  };
  const take = (n: number): Uint8Array => {
    if (!(n >= 0 && i + n <= bytes.length)) {
      fail(`the pickle ends inside an argument of ${n} bytes`);
    }
    const out = bytes.subarray(i, i + n);
    i += n;
    return out;
  };
  const u8 = () => take(1)[0];
  const u32 = () => (take(4), view.getUint32(i - 4, true));
  const u64 = () => {
    const lo = u32();
    const v = u32() * 2 ** 32 + lo;
    if (!Number.isSafeInteger(v)) fail(`a length of ${v} bytes`);
    return v;
  };
  const line = (): string => {
    const nl = bytes.indexOf(0x0a, i);
    if (nl < 0) fail("the pickle ends inside a text argument");
    const s = latin1.decode(bytes.subarray(i, nl));
    i = nl + 1;
    return s;
  };
  const text = (b: Uint8Array): string => {
    try {
      return utf8.decode(b);
    } catch {
      return fail("a string is not valid UTF-8");
    }
  };
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length === marks[marks.length - 1])) {
      fail("the stack is empty");
    }
    return stack.pop();
  };
  const top = (): unknown => {
    const v = pop();
    stack.push(v);
    return v;
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) return fail("no MARK on the stack");
    return stack.splice(m);
  };
  const list = (
    v: unknown,
  ): unknown[] => (Array.isArray(v) ? v : fail("APPEND to a value that is not a list"));
  const dict = (
    v: unknown,
  ): Map<
    unknown,
    unknown
  > => (v instanceof Map ? v : fail("SETITEM on a value that is not a dict"));
  const setItems = (d: Map<unknown, unknown>, items: unknown[]) => {
    if (items.length % 2 !== 0) fail("SETITEMS with an odd number of items");
    for (let k = 0; k < items.length; k += 2) d.set(items[k], items[k + 1]);
  };
  const int = (v: bigint): number | bigint => (v >= -MAX && v <= MAX ? Number(v) : v);
  // Integers longer than this are refused: a state dict holds none, and building a bigint of a
  // megabyte's digits takes quadratic time.
  const LONG_BYTES = 64;
  const signed = (b: Uint8Array): number | bigint => {
    // Two's complement, little-endian (LONG1, LONG4).
    if (b.length > LONG_BYTES) {
      fail(`an integer of ${b.length} bytes (at most ${LONG_BYTES} are read)`);
    }
    let v = 0n;
    for (let k = b.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(b[k]);
    if (b.length > 0 && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
    return int(v);
  };
  const decimal = (s: string): number | bigint =>
    /^[+-]?\d{1,154}$/.test(s)
      ? int(BigInt(s))
      : fail(`an integer ${JSON.stringify(s.slice(0, 40))}`);
  const getMemo = (
    k: number,
  ) => (memo.has(k) ? memo.get(k) : fail(`memo key ${k} was never stored`));
  // Objects a global made, so that BUILD can ask that global about them.
  const madeBy = new WeakMap<object, PickleGlobal>();

  for (;;) {
    opAt = i;
    if (i >= bytes.length) fail("the pickle ends without STOP");
    op = bytes[i++];
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail("a pickle protocol above 5");
        break;
      case 0x95: // FRAME
        take(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length > 0) {
          fail("STOP with a stack that does not hold one value");
        }
        return { value: stack[0], end: i };
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        if (marks.length > 0 && stack.length === marks[marks.length - 1]) marks.pop();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        stack.push(op === 0x88);
        break;
      case 0x4a: // BININT
        take(4);
        stack.push(view.getInt32(i - 4, true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        take(2);
        stack.push(view.getUint16(i - 2, true));
        break;
      case 0x8a: // LONG1
        stack.push(signed(take(u8())));
        break;
      case 0x8b: { // LONG4
        const n = view.getInt32((take(4), i - 4), true);
        stack.push(signed(take(n)));
        break;
      }
      case 0x49: { // INT (protocol 0): also "01"/"00" for True/False
        const s = line();
        stack.push(s === "01" || s === "00" ? s === "01" : decimal(s));
        break;
      }
      case 0x4c: // LONG (protocol 0)
        stack.push(decimal(line().replace(/L$/, "")));
        break;
      case 0x47: // BINFLOAT: big-endian
        take(8);
        stack.push(view.getFloat64(i - 8, false));
        break;
      case 0x46: { // FLOAT (protocol 0)
        const s = line();
        const v = Number(s);
        stack.push(
          Number.isNaN(v) && s.trim().toLowerCase() !== "nan"
            ? fail(`FLOAT ${JSON.stringify(s)}`)
            : v,
        );
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(text(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(take(u64())));
        break;
      case 0x55: // SHORT_BINSTRING: a Python 2 str, read as latin-1 text
      case 0x54: { // BINSTRING
        const n = op === 0x55 ? u8() : view.getInt32((take(4), i - 4), true);
        stack.push(latin1.decode(take(n)));
        break;
      }
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: { // TUPLE3
        const n = op - 0x84;
        const items: unknown[] = [];
        for (let k = 0; k < n; k++) items.unshift(pop());
        stack.push(items);
        break;
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: { // APPEND
        const v = pop();
        list(top()).push(v);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        const l = list(top());
        for (const v of items) l.push(v);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: { // DICT
        const d = new Map();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        dict(top()).set(k, v);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(dict(top()), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: { // PUT
        const s = line();
        memo.set(/^\d+$/.test(s) ? Number(s) : fail(`PUT ${JSON.stringify(s)}`), top());
        break;
      }
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(getMemo(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(getMemo(u32()));
        break;
      case 0x67: { // GET
        const s = line();
        stack.push(getMemo(/^\d+$/.test(s) ? Number(s) : fail(`GET ${JSON.stringify(s)}`)));
        break;
      }
      case 0x63: { // GLOBAL
        const module = line();
        stack.push(options.findGlobal(module, line()));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") {
          fail("STACK_GLOBAL of a value that is not a string");
        }
        stack.push(options.findGlobal(module as string, name as string));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const f = pop();
        if (!isGlobal(f)) fail("REDUCE of a value that is not a global");
        if (!Array.isArray(args)) fail("REDUCE with arguments that are not a tuple");
        const v = (f as PickleGlobal).call(args as unknown[]);
        if (v !== null && typeof v === "object") madeBy.set(v, f as PickleGlobal);
        stack.push(v);
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const obj = top();
        const g = obj !== null && typeof obj === "object" ? madeBy.get(obj) : undefined;
        if (g?.build === undefined) fail("BUILD of a value whose state cannot be set");
        g!.build!(obj, state);
        break;
      }
      case 0x51: // BINPERSID
        stack.push(options.persistentLoad(pop()));
        break;
      case 0x50: // PERSID
        stack.push(options.persistentLoad(line()));
        break;
      default:
        fail(
          op in NAMES
            ? `the opcode ${
              NAMES[op]
            } is not supported: it builds objects a state dict does not hold`
            : "an unknown opcode",
        );
    }
  }
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

const GLOBALS = new WeakSet<object>();

/**
 * Marks `g` as a global, so that a pickle cannot pass a value of its own off as one.
 *
 * @param g The global.
 * @returns `g`.
 */
export function pickleGlobal(g: PickleGlobal): PickleGlobal {
  GLOBALS.add(g);
  return g;
}

function isGlobal(v: unknown): boolean {
  return v !== null && typeof v === "object" && GLOBALS.has(v);
}
