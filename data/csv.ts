/**
 * A small CSV reader to tensors: numeric feature columns and an optional integer label column,
 * with quoted fields (RFC 4180) and errors that name the line and column of a malformed row.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { fromValues } from "@descent/tensor/extend";
import { describe } from "./collate.ts";

/** Options of {@linkcode parseCsv} and {@linkcode readCsv}. */
export interface CsvOptions {
  /** Whether the first row names the columns (default true). */
  header?: boolean;
  /** The field separator, one character other than `"`, `\r` and `\n` (default `,`). */
  delimiter?: string;
  /**
   * The feature columns, by header name or by 0-based position, in the order wanted (default:
   * every column except the label column).
   */
  columns?: readonly (string | number)[];
  /** The label column, by header name or 0-based position: integers (PyTorch: int64). */
  label?: string | number;
  /** The features' dtype (default float32). */
  dtype?: "float32" | "float64";
}

/** What {@linkcode parseCsv} returns. */
export interface CsvTensors {
  /** The feature columns, one row per data row: shape `[rows, columns.length]`. */
  features: Tensor;
  /**
   * The label column, shape `[rows]`, or `null` without a `label` option. Integers: PyTorch's
   * int64.
   */
  labels: Tensor | null;
  /** The feature columns' names (their header names, or positions as text without a header). */
  columns: string[];
}

/**
 * A malformed CSV text: `line` is the 1-based line where the offending row (or quoted field)
 * starts, `column` the 1-based field number, or `null` when the row as a whole is wrong.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CsvError, parseCsv } from "@descent/data";
 *
 * try {
 *   parseCsv("a,b\n1,2\n3,x\n");
 *   assert.fail("no error");
 * } catch (e) {
 *   assert.ok(e instanceof CsvError);
 *   assert.equal(e.message, 'CSV line 3, column 2 ("b"): expected a number, got "x"');
 *   assert.deepEqual([e.line, e.column], [3, 2]);
 * }
 * ```
 */
export class CsvError extends SyntaxError {
  /** The line (1-based). */
  readonly line: number;
  /** The field (1-based), or `null` for a whole-row error. */
  readonly column: number | null;

  /**
   * An error at `line` (and field `column`), with the message `CSV line 3, column 2 ("b"): …`.
   *
   * @param message What is wrong, after the position.
   * @param line The line (1-based).
   * @param column The field (1-based), or `null`.
   * @param name The column's header name, if known.
   */
  constructor(message: string, line: number, column: number | null = null, name?: string) {
    const where = column === null
      ? `line ${line}`
      : `line ${line}, column ${column}${name === undefined ? "" : ` (${JSON.stringify(name)})`}`;
    super(`CSV ${where}: ${message}`);
    this.name = "CsvError";
    this.line = line;
    this.column = column;
  }
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;
const INTEGER = /^[+-]?\d+$/;

/**
 * Reads CSV text into tensors: the feature columns as a `[rows, columns]` float tensor and the
 * label column as integers. There is no PyTorch function for this; it does what
 * `df = pandas.read_csv(f)` then `torch.tensor(df[columns].values, dtype=torch.float32)` and
 * `torch.tensor(df[label].values)` do for numeric data. Needs no permission.
 *
 * The text may be a string or UTF-8 bytes (a leading byte-order mark is skipped). Fields are
 * separated by `delimiter`; a field in double quotes may hold the delimiter, line breaks and
 * doubled quotes (`""`); spaces and tabs around a field are ignored; lines end with `\n`,
 * `\r\n` or `\r`; blank lines are skipped. Every row must have as many fields as the first.
 * Features are decimal numbers (`1`, `-2.5`, `.5`, `1e-3`, `nan`, `inf`); labels integers
 * within ±(2^53 - 1) (int64 as descent holds it exactly). Only the chosen columns are read as numbers: other columns may hold anything.
 * The whole text is checked before any tensor is made.
 *
 * @param text The CSV text.
 * @param options `header`, `delimiter`, `columns`, `label`, `dtype`.
 * @returns The features, the labels (or `null`) and the feature columns' names.
 * @throws {CsvError} For a malformed row: a wrong number of fields, an unterminated quoted
 * field, a stray quote, a value that is not a number (or not an integer label). The message
 * names the line and the column.
 * @throws {RangeError} If a chosen column does not exist (by name or position).
 * @throws {TypeError} For invalid options, or bytes that are not UTF-8.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "@descent/data";
 *
 * const csv = 'length,"width, cm",species\n5.1,3.5,0\n7.0,3.2,1\n';
 * const { features, labels, columns } = parseCsv(csv, { label: "species" });
 * assert.deepEqual(columns, ["length", "width, cm"]);
 * assert.equal(String(features), "tensor([[5.1000, 3.5000],\n        [7.0000, 3.2000]])");
 * assert.deepEqual(labels.toList(), [0, 1]);
 * assert.throws(() => parseCsv("a,b\n1,2\n3,x\n"), {
 *   message: 'CSV line 3, column 2 ("b"): expected a number, got "x"',
 * });
 * ```
 */
export function parseCsv(
  text: string | Uint8Array,
  options: CsvOptions & { label: string | number },
): CsvTensors & { labels: Tensor };
/**
 * Reads CSV text into tensors, as the overload above, without a label column or with one.
 *
 * @param text The CSV text.
 * @param options `header`, `delimiter`, `columns`, `label`, `dtype`.
 * @returns The features, the labels (`null` without `label`) and the feature columns' names.
 */
export function parseCsv(text: string | Uint8Array, options?: CsvOptions): CsvTensors;
export function parseCsv(text: string | Uint8Array, options: CsvOptions = {}): CsvTensors {
  const { header = true, delimiter = ",", columns, label, dtype = "float32" } = options;
  checkOptions(header, delimiter, columns, label, dtype);
  const rows = records(decode(text), delimiter);
  const names = header ? rows.shift()?.fields ?? [] : null;
  const width = names?.length ?? rows[0]?.fields.length ?? 0;
  for (const r of rows) {
    if (r.fields.length !== width) {
      throw new CsvError(`expected ${width} fields, got ${r.fields.length}`, r.line);
    }
  }
  const labelAt = label === undefined ? -1 : position(label, names, width, "label");
  const featureAt = columns === undefined
    ? [...Array(width).keys()].filter((i) => i !== labelAt)
    : columns.map((c) => position(c, names, width, "column"));
  const k = featureAt.length;
  const features = dtype === "float64"
    ? new Float64Array(rows.length * k)
    : new Float32Array(rows.length * k);
  const labels = labelAt >= 0 ? new Float64Array(rows.length) : null;
  rows.forEach((r, row) => {
    const fail = (at: number, what: string): never => {
      throw new CsvError(
        `expected ${what}, got ${JSON.stringify(r.fields[at])}`,
        r.line,
        at + 1,
        names?.[at],
      );
    };
    for (let j = 0; j < k; j++) {
      const v = parseNumber(r.fields[featureAt[j]]);
      features[row * k + j] = v ?? fail(featureAt[j], "a number");
    }
    if (labels !== null) {
      const s = r.fields[labelAt];
      const v = INTEGER.test(s) ? Number(s) : NaN;
      // int64 labels within ±(2^53 - 1), what descent's int64 holds exactly
      if (!Number.isSafeInteger(v)) fail(labelAt, "an integer label");
      labels[row] = v;
    }
  });
  return {
    features: fromValues(features, [rows.length, k], dtype),
    labels: labels === null ? null : fromValues(labels, [rows.length], "int64"),
    columns: featureAt.map((i) => names?.[i] ?? String(i)),
  };
}

/**
 * Reads a CSV file into tensors: {@linkcode parseCsv} of its bytes. Needs only the permission
 * to read that file (`deno run --allow-read=data.csv`) and Deno (elsewhere, read the file
 * yourself and call `parseCsv`).
 *
 * @param path The file.
 * @param options As for {@linkcode parseCsv}.
 * @returns The features, the labels (or `null`) and the feature columns' names.
 * @throws {CsvError} For a malformed row (see {@linkcode parseCsv}).
 * @throws {Deno.errors.NotFound} (and Deno's other errors) if the file cannot be read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCsv } from "@descent/data";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "x1,x2,species\n5.1,3.5,0\n7.0,3.2,1\n");
 * const { features, labels } = await readCsv(path, { label: "species" }); // --allow-read=<path>
 * assert.deepEqual(features.shape, [2, 2]);
 * assert.deepEqual(labels.toList(), [0, 1]);
 * await Deno.remove(path);
 * ```
 */
export function readCsv(
  path: string | URL,
  options: CsvOptions & { label: string | number },
): Promise<CsvTensors & { labels: Tensor }>;
/**
 * Reads a CSV file into tensors, as the overload above, without a label column or with one.
 *
 * @param path The file.
 * @param options As for {@linkcode parseCsv}.
 * @returns The features, the labels (`null` without `label`) and the feature columns' names.
 */
export function readCsv(path: string | URL, options?: CsvOptions): Promise<CsvTensors>;
export async function readCsv(path: string | URL, options: CsvOptions = {}): Promise<CsvTensors> {
  const deno = (globalThis as { Deno?: { readFile(p: string | URL): Promise<Uint8Array> } }).Deno;
  if (deno === undefined) {
    throw new TypeError("readCsv needs Deno; read the file yourself and call parseCsv");
  }
  return parseCsv(await deno.readFile(path), options);
}

function checkOptions(
  header: unknown,
  delimiter: unknown,
  columns: unknown,
  label: unknown,
  dtype: unknown,
): void {
  if (typeof header !== "boolean") {
    throw new TypeError(`parseCsv: header must be a boolean, got ${describe(header)}`);
  }
  if (typeof delimiter !== "string" || delimiter.length !== 1 || `"\r\n`.includes(delimiter)) {
    throw new TypeError(
      `parseCsv: delimiter must be one character other than a quote or a line break, got ${
        JSON.stringify(delimiter)
      }`,
    );
  }
  if (columns !== undefined && !Array.isArray(columns)) {
    throw new TypeError(`parseCsv: columns must be an array, got ${describe(columns)}`);
  }
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`parseCsv: dtype must be "float32" or "float64", got ${String(dtype)}`);
  }
  for (const c of [...(columns as unknown[] ?? []), ...(label === undefined ? [] : [label])]) {
    if (typeof c !== "string" && !(typeof c === "number" && Number.isInteger(c))) {
      throw new TypeError(
        `parseCsv: a column is a header name or a 0-based position, got ${String(c)}`,
      );
    }
  }
}

/** The 0-based position of a column given by name or position. */
function position(
  c: string | number,
  names: string[] | null,
  width: number,
  what: string,
): number {
  if (typeof c === "number") {
    if (c < 0 || c >= width) {
      throw new RangeError(`parseCsv: ${what} ${c} is out of range for ${width} columns`);
    }
    return c;
  }
  if (names === null) {
    throw new RangeError(`parseCsv: ${what} ${JSON.stringify(c)} needs a header; give a position`);
  }
  const at = names.indexOf(c);
  if (at < 0) {
    throw new RangeError(
      `parseCsv: no ${what} named ${JSON.stringify(c)}; the header has ${
        names.map((n) => JSON.stringify(n)).join(", ")
      }`,
    );
  }
  if (names.indexOf(c, at + 1) >= 0) {
    throw new RangeError(
      `parseCsv: the header names ${
        JSON.stringify(c)
      } more than once; choose the ${what} by position`,
    );
  }
  return at;
}

/** A decimal number, `nan` or `inf`, or `null`. */
function parseNumber(s: string): number | null {
  if (NUMBER.test(s)) return Number(s);
  const m = SPECIAL.exec(s);
  if (m === null) return null;
  if (m[2].toLowerCase() === "nan") return NaN;
  return m[1] === "-" ? -Infinity : Infinity;
}

function decode(text: string | Uint8Array): string {
  let s: string;
  if (typeof text === "string") s = text;
  else if (text instanceof Uint8Array) {
    try {
      s = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(text);
    } catch {
      throw new TypeError("parseCsv: the bytes are not valid UTF-8");
    }
  } else throw new TypeError(`parseCsv: expected a string or a Uint8Array, got ${describe(text)}`);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** A row: its fields and the line it starts on. */
interface Row {
  fields: string[];
  line: number;
}

const isBlank = (c: string) => c === " " || c === "\t";

/** The rows of a CSV text (RFC 4180 quoting; blank lines skipped). */
function records(s: string, delimiter: string): Row[] {
  const rows: Row[] = [];
  const n = s.length;
  let i = 0;
  let line = 1;
  /** Consumes a line break at `i`, if there is one. */
  const lineBreak = (): boolean => {
    if (s[i] === "\n" || s[i] === "\r") {
      i += s[i] === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
      return true;
    }
    return false;
  };
  while (i < n) {
    const row: Row = { fields: [], line };
    let quoted = false;
    for (;;) {
      while (i < n && isBlank(s[i])) i++;
      if (s[i] === '"') {
        quoted = true;
        const startLine = line;
        let field = "";
        i++;
        for (;;) {
          if (i >= n) {
            throw new CsvError("unterminated quoted field", startLine, row.fields.length + 1);
          }
          const c = s[i];
          if (c === '"') {
            if (s[i + 1] !== '"') break;
            field += '"';
            i += 2;
          } else if (c === "\n" || c === "\r") {
            field += c === "\r" && s[i + 1] === "\n" ? "\r\n" : c;
            lineBreak();
          } else {
            field += c;
            i++;
          }
        }
        i++;
        while (i < n && isBlank(s[i])) i++;
        if (i < n && s[i] !== delimiter && s[i] !== "\n" && s[i] !== "\r") {
          throw new CsvError(
            `unexpected ${JSON.stringify(s[i])} after a closing quote`,
            line,
            row.fields.length + 1,
          );
        }
        row.fields.push(field);
      } else {
        const start = i;
        while (i < n && s[i] !== delimiter && s[i] !== "\n" && s[i] !== "\r") {
          if (s[i] === '"') {
            throw new CsvError("a quote inside an unquoted field", line, row.fields.length + 1);
          }
          i++;
        }
        let end = i;
        while (end > start && isBlank(s[end - 1])) end--;
        row.fields.push(s.slice(start, end));
      }
      if (i < n && s[i] === delimiter) {
        i++;
        continue;
      }
      lineBreak();
      break;
    }
    if (row.fields.length > 1 || row.fields[0] !== "" || quoted) rows.push(row); // else blank
  }
  return rows;
}
