/**
 * Number and table formatting for the examples' printed output: Python's `%.4e`, fixed
 * digits, plain-text tables, and mean/std summaries.
 *
 * @module
 */

import { pyFormat } from "@descent/tensor";

/**
 * Python's `'%.4e' % x` — how the tutorial prints a loss.
 *
 * @param x The number.
 * @returns E.g. `4.1171e-02`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sci } from "./_format.ts";
 * assert.equal(sci(0.041171), "4.1171e-02");
 * ```
 */
export function sci(x: number): string {
  return pyFormat(x, 4, true);
}

/**
 * Python's `'%.Nf' % x`.
 *
 * @param x The number.
 * @param digits Digits after the point.
 * @returns E.g. `fixed(2.5, 3) === "2.500"`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fixed } from "./_format.ts";
 * assert.equal(fixed(0.125, 2), "0.12");
 * ```
 */
export function fixed(x: number, digits: number): string {
  return pyFormat(x, digits, false);
}

/**
 * A plain-text table: columns padded to their widest cell, a rule under the header.
 *
 * @param header Column titles.
 * @param rows Cells, one array per row.
 * @param align Per column, `"l"` (default) or `"r"`.
 * @returns The lines of the table.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { table } from "./_format.ts";
 * assert.deepEqual(table(["lr", "iters"], [["1", "18"]], ["r", "r"]), ["lr  iters", "--  -----", " 1     18"]);
 * ```
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ("l" | "r")[] = [],
): string[] {
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, j) => (align[j] === "r" ? c.padStart(w[j]) : c.padEnd(w[j]))).join("  ")
      .trimEnd();
  return [line(header), line(w.map((n) => "-".repeat(n))), ...rows.map(line)];
}

/**
 * Mean and (population) standard deviation of numbers.
 *
 * @param xs The numbers.
 * @returns `{ mean, std }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanStd } from "./_format.ts";
 * assert.deepEqual(meanStd([1, 3]), { mean: 2, std: 1 });
 * ```
 */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) };
}
