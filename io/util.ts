/**
 * Small helpers shared by the readers and writers: own-property assignment that is safe for any
 * key, code-point order of names, and how values are named in messages.
 *
 * @module
 */

import { Tensor } from "@descent/tensor";

/**
 * Sets `obj[key] = value` as an own, enumerable property whatever `key` is: a name read from a
 * file may be `__proto__`, which plain assignment would take as the prototype.
 *
 * @param obj The object.
 * @param key The key.
 * @param value The value.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Whether `s` holds no unpaired surrogate, so that UTF-8 can encode it (ES2024's
 * `String.prototype.isWellFormed`, which the npm build's TypeScript library lacks).
 *
 * @param s A string.
 * @returns `true` when every surrogate is part of a pair.
 */
export function isWellFormed(s: string): boolean {
  return !/\p{Cs}/u.test(s);
}

/**
 * Orders strings by code point (the order of their UTF-8 bytes, as Rust orders strings), where
 * `<` orders UTF-16 units and so puts U+E000–U+FFFF after the astral planes.
 *
 * @param a A string.
 * @param b Another.
 * @returns Negative, zero or positive.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * A value's kind for a message: a tensor's type name, `null`, `array`, or `typeof`.
 *
 * @param x The value.
 * @returns E.g. `torch.FloatTensor`, `array`, `number`.
 */
export function describe(x: unknown): string {
  if (x instanceof Tensor) return x.type();
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  if (x instanceof Uint8Array) return "Uint8Array";
  return typeof x;
}
