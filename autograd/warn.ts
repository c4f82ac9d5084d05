/**
 * Python-style `UserWarning`s, shown once per distinct message (Python's default filter).
 *
 * @module
 */

const shown = new Set<string>();

/**
 * Prints `UserWarning: <message>` to stderr the first time this exact message is
 * warned. PyTorch: `warnings.warn(message)` / `TORCH_WARN_ONCE` under Python's default filter.
 *
 * @param message The warning text, in PyTorch's words.
 * @returns `true` when the warning was printed, `false` when it had been shown before.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { warnOnce } from "@descent/autograd";
 * warnOnce("an example warning"); // printed
 * assert(warnOnce("an example warning") === false); // not again
 * ```
 */
export function warnOnce(message: string): boolean {
  if (shown.has(message)) return false;
  shown.add(message);
  console.warn(`UserWarning: ${message}`);
  return true;
}
