/**
 * Running an example's `main` in-process and collecting what it prints, for the tests.
 *
 * @module
 */

import type { Out } from "./_cli.ts";

/** What {@linkcode capture} collected from one run of an example's `main`. */
export interface Captured {
  /** The exit code `main` returned. */
  code: number;
  /** Everything printed to `out`, as the terminal would show it (lines joined with `\n`, plus a final `\n`). */
  stdout: string;
  /** Everything printed to `err`, the same way. */
  stderr: string;
}

/**
 * Runs an example's `main` in-process and collects what it prints (for tests).
 *
 * @param main The example's `main(args, out, err)`.
 * @param args Its arguments.
 * @returns Exit code and printed text.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { capture } from "./_testing.ts";
 * const r = capture((_args, out) => (out("hi"), 0), []);
 * assert.deepEqual(r, { code: 0, stdout: "hi\n", stderr: "" });
 * ```
 */
export function capture(
  main: (args: string[], out: Out, err: Out) => number,
  args: string[],
): Captured {
  const o: string[] = [];
  const e: string[] = [];
  const code = main(args, (l) => o.push(l + "\n"), (l) => e.push(l + "\n"));
  return { code, stdout: o.join(""), stderr: e.join("") };
}
