/**
 * A strict JSON reader for file headers (RFC 8259): objects come back as `Map`s, so a duplicate
 * key is an error rather than a silent overwrite (as `JSON.parse` does) and a key such as
 * `__proto__` is only a key; nesting deeper than a limit is an error rather than a stack
 * overflow; `\u` escapes must not leave a surrogate unpaired (a file's names are UTF-8, which
 * cannot hold one).
 *
 * @module
 */

/** A JSON value as {@linkcode parseStrictJson} returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | Map<string, JsonValue>;

/** A malformed text: the message names the problem and its position (in UTF-16 units). */
export class StrictJsonError extends Error {
  override name = "StrictJsonError";
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses one JSON value that fills `text` (whitespace around it allowed).
 *
 * @param text The text.
 * @param maxDepth The deepest nesting of arrays and objects allowed.
 * @returns The value; objects as `Map`s in the order of their keys.
 */
export function parseStrictJson(text: string, maxDepth = 64): JsonValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at character ${i}`);
  };
  const skip = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const expect = (c: string) => {
    if (text[i] !== c) {
      fail(
        i < text.length
          ? `expected '${c}', found ${show(text[i])}`
          : `expected '${c}', found the end`,
      );
    }
    i++;
  };
  const string = (): string => {
    expect('"');
    let out = "";
    let from = i;
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail(`control character ${show(text[i])} in a string`);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(from, i);
      const e = text[i + 1];
      if (e === "u") {
        out += unicodeEscape();
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        fail(`invalid escape ${show("\\" + (e ?? ""))}`);
      }
      from = i;
    }
    out += text.slice(from, i);
    i++;
    return out;
  };
  const hex4 = (at: number): number => {
    const h = text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) {
      i = at;
      fail(`invalid \\u escape ${show("\\u" + h)}`);
    }
    return parseInt(h, 16);
  };
  // `\uXXXX`, or a pair of them for a surrogate pair; `i` is at the backslash.
  const unicodeEscape = (): string => {
    const at = i;
    const u = hex4(at + 2);
    const low = text.startsWith("\\u", at + 6) ? hex4(at + 8) : -1;
    const pair = u >= 0xd800 && u <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
    if (!pair && u >= 0xd800 && u <= 0xdfff) fail("unpaired surrogate in a \\u escape");
    i = at + (pair ? 12 : 6);
    return pair ? String.fromCharCode(u, low) : String.fromCharCode(u);
  };
  const value = (depth: number): JsonValue => {
    skip();
    const c = text[i];
    if (c === "{" || c === "[") {
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth}`);
      i++;
      skip();
      if (c === "[") {
        const arr: JsonValue[] = [];
        if (text[i] === "]") {
          i++;
          return arr;
        }
        for (;;) {
          arr.push(value(depth + 1));
          skip();
          if (text[i] === "]") break;
          expect(",");
        }
        i++;
        return arr;
      }
      const obj = new Map<string, JsonValue>();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        skip();
        const at = i;
        const key = string();
        if (obj.has(key)) {
          i = at;
          fail(`duplicate key ${JSON.stringify(key)}`);
        }
        skip();
        expect(":");
        obj.set(key, value(depth + 1));
        skip();
        if (text[i] === "}") break;
        expect(",");
      }
      i++;
      return obj;
    }
    if (c === '"') return string();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) fail(i < text.length ? `unexpected ${show(c)}` : "unexpected end");
    i += m![0].length;
    return Number(m![0]);
  };
  const v = value(0);
  skip();
  if (i < text.length) fail(`unexpected ${show(text[i])} after the value`);
  return v;
}

function show(c: string): string {
  return JSON.stringify(c);
}
