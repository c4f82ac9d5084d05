/**
 * Shared helpers for the runnable examples: command-line flags (`node:util`'s `parseArgs`
 * with `--help` and one-line errors), number formatting, plain-text tables, a log-scale
 * terminal chart and the same chart as SVG.
 *
 * Every example exports `main(args, out, err)` returning an exit code, so tests can run it
 * in-process, and ends with `if (import.meta.main) Deno.exit(main(Deno.args, console.log));`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { pyFormat } from "@descent/tensor";

/** Where an example prints: one call per line (a line may hold a multi-line tensor). */
export type Out = (line: string) => void;

/** Exit code for a bad flag or flag value (as POSIX tools do for usage errors). */
export const EXIT_USAGE = 2;

/** One command-line flag of an example. */
export interface FlagSpec {
  /**
   * The kind of value: `number` (finite), `integer`, `string`, `boolean` (a switch, no value)
   * or `numbers` (a comma-separated list of finite numbers).
   */
  readonly type: "number" | "integer" | "string" | "boolean" | "numbers";
  /** One line of help. */
  readonly help: string;
  /** Value when the flag is absent (booleans default to `false`, strings to `undefined`). */
  readonly default?: number | string | readonly number[];
  /** Smallest allowed number (for `number`, `integer` and each of `numbers`). */
  readonly min?: number;
  /** When true the number must be strictly greater than `min`. */
  readonly exclusiveMin?: boolean;
  /** Largest allowed number. */
  readonly max?: number;
  /** Placeholder shown in `--help`, e.g. `file`. */
  readonly arg?: string;
  /** The values a `string` flag accepts. */
  readonly choices?: readonly string[];
}

/** The parsed value type of one flag. */
export type FlagValue<S extends FlagSpec> = S["type"] extends "boolean" ? boolean
  : S["type"] extends "numbers" ? number[]
  : S["type"] extends "string" ? (S["default"] extends string ? string : string | undefined)
  : S["default"] extends number ? number
  : number | undefined;

/** The parsed values of a set of flags, keyed by flag name (without `--`). */
export type FlagValues<D extends Record<string, FlagSpec>> = { [K in keyof D]: FlagValue<D[K]> };

/** The command line of one example. */
export interface Cli<D extends Record<string, FlagSpec>> {
  /** File name, e.g. `threshold_loop.ts`. */
  readonly name: string;
  /** What the example does, printed by `--help` (one or more lines). */
  readonly summary: string;
  /** The flags, keyed by name without `--` (kebab-case). */
  readonly flags: D;
}

/** A bad flag or flag value; {@linkcode runCli} prints its message as one line. */
export class UsageError extends Error {
  /** @param message What is wrong, one line. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const NUMBER_LIKE = /^-(\d|\.\d|inf|nan)/i;

function describeDefault(spec: FlagSpec): string {
  if (spec.default === undefined) return "";
  const show = (v: number | string): string =>
    typeof v === "number" && v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
  const v = spec.default;
  const d = typeof v === "object" ? v.map(show).join(",") : show(v);
  return ` (default: ${d})`;
}

/**
 * The `--help` text of an example.
 *
 * @param cli The example's command line.
 * @returns The help text, lines joined with `\n`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { usage } from "./_util.ts";
 * const text = usage({ name: "x.ts", summary: "Does x.", flags: { lr: { type: "number", help: "step" } } });
 * assert(text.startsWith("Usage: deno run examples/x.ts [options]"));
 * assert(text.includes("--lr <number>"));
 * ```
 */
export function usage<D extends Record<string, FlagSpec>>(cli: Cli<D>): string {
  const rows: [string, string][] = [];
  for (const [name, spec] of Object.entries(cli.flags)) {
    const arg = spec.type === "boolean"
      ? ""
      : ` <${
        spec.arg ?? spec.choices?.join("|") ?? (spec.type === "numbers" ? "list" : spec.type)
      }>`;
    rows.push([`--${name}${arg}`, spec.help + describeDefault(spec)]);
  }
  rows.push(["-h, --help", "show this help and exit"]);
  const w = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `Usage: deno run examples/${cli.name} [options]`,
    "",
    cli.summary,
    "",
    "Options:",
    ...rows.map(([l, r]) => `  ${l.padEnd(w)}${r}`),
  ].join("\n");
}

function parseNumber(name: string, spec: FlagSpec, text: string): number {
  const trimmed = text.trim();
  const x = trimmed === "" ? NaN : Number(trimmed);
  if (!Number.isFinite(x)) {
    throw new UsageError(`--${name} expects a finite number, got ${JSON.stringify(text)}`);
  }
  if (spec.type === "integer" && !Number.isSafeInteger(x)) {
    throw new UsageError(`--${name} expects an integer, got ${JSON.stringify(text)}`);
  }
  if (spec.min !== undefined && (spec.exclusiveMin ? x <= spec.min : x < spec.min)) {
    const rel = spec.exclusiveMin ? ">" : ">=";
    throw new UsageError(`--${name} must be ${rel} ${spec.min}, got ${text}`);
  }
  if (spec.max !== undefined && x > spec.max) {
    throw new UsageError(`--${name} must be <= ${spec.max}, got ${text}`);
  }
  return x;
}

/**
 * Parses an example's flags with `node:util`'s `parseArgs` (strict: unknown flags and
 * positional arguments are refused) and checks every value. `--lr -1` is read as `--lr=-1`.
 *
 * @param cli The example's command line.
 * @param args The arguments (`Deno.args`).
 * @returns The values, or `null` when `--help` was asked for.
 * @throws {UsageError} On an unknown flag, a missing or bad value; the message is one line.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags, UsageError } from "./_util.ts";
 * const cli = { name: "x.ts", summary: "", flags: { lr: { type: "number", help: "", default: 1, min: 0 } } } as const;
 * assert.deepEqual(parseFlags(cli, ["--lr", "0.5"]), { lr: 0.5 });
 * assert.throws(() => parseFlags(cli, ["--lr", "-1"]), UsageError);
 * ```
 */
export function parseFlags<const D extends Record<string, FlagSpec>>(
  cli: Cli<D>,
  args: readonly string[],
): FlagValues<D> | null {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const [name, spec] of Object.entries(cli.flags)) {
    options[name] = { type: spec.type === "boolean" ? "boolean" : "string" };
  }
  // parseArgs calls `--lr -1` ambiguous; a number-like value after a valued flag is meant.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.startsWith("--") ? a.slice(2) : "";
    const spec = Object.hasOwn(cli.flags, name) ? cli.flags[name] : undefined;
    if (spec && spec.type !== "boolean" && i + 1 < args.length && NUMBER_LIKE.test(args[i + 1])) {
      joined.push(`${a}=${args[++i]}`);
    } else {
      joined.push(a);
    }
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: joined, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]);
  }
  if (values.help) return null;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(cli.flags)) {
    const v = values[name];
    if (spec.type === "boolean") {
      out[name] = v === true;
    } else if (v === undefined) {
      const d = spec.default;
      out[name] = typeof d === "object" ? [...d] : d;
    } else if (spec.type === "string") {
      if (v === "") throw new UsageError(`--${name} expects a value, got ""`);
      if (spec.choices && !spec.choices.includes(String(v))) {
        throw new UsageError(
          `--${name} must be one of ${spec.choices.join(", ")}, got ${JSON.stringify(v)}`,
        );
      }
      out[name] = v;
    } else if (spec.type === "numbers") {
      const parts = String(v).split(",");
      out[name] = parts.map((p) => parseNumber(name, spec, p));
    } else {
      out[name] = parseNumber(name, spec, String(v));
    }
  }
  return out as FlagValues<D>;
}

/**
 * Runs an example's body after parsing its flags: prints the help for `--help` (exit 0),
 * and for a bad flag prints one line `<name>: error: <what> (see --help)` to `err`
 * (exit {@linkcode EXIT_USAGE}).
 *
 * @param cli The example's command line.
 * @param args The arguments.
 * @param out Where the help goes.
 * @param err Where a usage error goes.
 * @param body The example, given the parsed flags; returns the exit code.
 * @returns The exit code.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "./_util.ts";
 * const cli = { name: "x.ts", summary: "", flags: { n: { type: "integer", help: "", default: 3 } } } as const;
 * const errs: string[] = [];
 * assert.equal(runCli(cli, ["--n", "2.5"], () => {}, (l) => errs.push(l), () => 0), 2);
 * assert.deepEqual(errs, ['x.ts: error: --n expects an integer, got "2.5" (see --help)']);
 * ```
 */
export function runCli<const D extends Record<string, FlagSpec>>(
  cli: Cli<D>,
  args: readonly string[],
  out: Out,
  err: Out,
  body: (flags: FlagValues<D>) => number,
): number {
  let flags: FlagValues<D> | null;
  try {
    flags = parseFlags(cli, args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${cli.name}: error: ${e.message} (see --help)`);
    return EXIT_USAGE;
  }
  if (flags === null) {
    out(usage(cli));
    return 0;
  }
  return body(flags);
}

/**
 * Python's `'%.4e' % x` — how the tutorial prints a loss.
 *
 * @param x The number.
 * @returns E.g. `4.1171e-02`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sci } from "./_util.ts";
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
 * import { fixed } from "./_util.ts";
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
 * import { table } from "./_util.ts";
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

/** One curve of a chart: `values[i]` is the loss after `i` steps. */
export interface Series {
  /** Legend text, e.g. `lr=0.1`. */
  readonly label: string;
  /** The y values; non-finite values end the curve. */
  readonly values: readonly number[];
}

/** Axes of {@linkcode terminalChart} and {@linkcode svgChart}. */
export interface ChartOptions {
  /** Lowest y shown (log scale; smaller values are drawn on the bottom edge). */
  readonly yMin: number;
  /** Highest y shown (larger values are drawn on the top edge). */
  readonly yMax: number;
  /** Highest x (step) shown. */
  readonly xMax: number;
  /** Draw x on a log scale of `step + 1` (default) or, when `false`, linearly. */
  readonly xLog?: boolean;
  /** Title line. */
  readonly title?: string;
  /** Axis captions. */
  readonly xLabel?: string;
  /** Axis captions. */
  readonly yLabel?: string;
}

const MARKS = "*o+x#@%&=~";

/** Position of `step` in [0, 1]: on a log scale of `step + 1`, or linear. */
function xFraction(step: number, o: ChartOptions): number {
  if (o.xLog === false) return o.xMax > 0 ? step / o.xMax : 0;
  return Math.log10(step + 1) / Math.log10(o.xMax + 1);
}

/** Steps that get an x tick: 0, 1, 10, 100, … (log) or multiples of 1, 2 or 5 × 10^k. */
function xTicks(o: ChartOptions): number[] {
  const ticks: number[] = [];
  if (o.xLog === false) {
    const raw = o.xMax / 5;
    const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
    const step = [1, 2, 5, 10].map((m) => m * p).find((v) => v >= raw) ?? 10 * p;
    for (let t = 0; t <= o.xMax; t += step) ticks.push(t);
  } else {
    for (let t = 0; t <= o.xMax; t = t === 0 ? 1 : t * 10) ticks.push(t);
  }
  return ticks;
}

/** Position of `y` on a log scale in [0, 1], clamped. */
function yFraction(y: number, o: ChartOptions): number {
  const lo = Math.log10(o.yMin), hi = Math.log10(o.yMax);
  const f = y > 0 ? (Math.log10(y) - lo) / (hi - lo) : 0;
  return Math.min(1, Math.max(0, f));
}

/** The finite prefix of a curve as points `[step, value]`, stopping at the first NaN/∞. */
function points(values: readonly number[], xMax: number): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < values.length && i <= xMax; i++) {
    if (!Number.isFinite(values[i])) break;
    pts.push([i, values[i]]);
  }
  return pts;
}

/**
 * A line chart for the terminal: one mark per curve (`*`, `o`, `+`, …), the y axis on a log
 * scale labelled in powers of ten, the x axis in steps (log scale of step + 1, or linear).
 * Where curves cross, the later one is drawn on top.
 *
 * @param series The curves.
 * @param o Axes.
 * @param width Plot columns.
 * @param height Plot rows.
 * @returns The lines of the chart, legend last.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { terminalChart } from "./_util.ts";
 * const lines = terminalChart([{ label: "a", values: [1, 0.1, 0.01] }], { yMin: 0.01, yMax: 1, xMax: 2 }, 20, 5);
 * assert(lines.some((l) => l.includes("*")));
 * assert(lines.at(-1)!.includes("* a"));
 * ```
 */
export function terminalChart(
  series: readonly Series[],
  o: ChartOptions,
  width = 60,
  height = 16,
): string[] {
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(" "));
  const col = (step: number): number => Math.round(xFraction(step, o) * (width - 1));
  const row = (y: number): number => Math.round((1 - yFraction(y, o)) * (height - 1));
  series.forEach((s, k) => {
    const mark = MARKS[k % MARKS.length];
    const pts = points(s.values, o.xMax);
    for (let p = 0; p < pts.length; p++) {
      const [x0, y0] = pts[p];
      const c0 = col(x0), r0 = row(y0);
      grid[r0][c0] = mark;
      if (p + 1 < pts.length) {
        // Join to the next point column by column, interpolating the row.
        const c1 = col(pts[p + 1][0]), r1 = row(pts[p + 1][1]);
        for (let c = c0 + 1; c < c1; c++) {
          grid[Math.round(r0 + ((r1 - r0) * (c - c0)) / (c1 - c0))][c] = mark;
        }
      }
    }
  });
  // Label the row of each power of ten in range.
  const labels = grid.map(() => "");
  for (let e = Math.ceil(Math.log10(o.yMin)); e <= Math.floor(Math.log10(o.yMax)); e++) {
    labels[row(10 ** e)] = `1e${e}`;
  }
  const lw = Math.max(...labels.map((l) => l.length));
  const lines: string[] = [];
  if (o.title) lines.push(o.title);
  if (o.yLabel) lines.push(o.yLabel);
  grid.forEach((cells, r) => lines.push(`${labels[r].padStart(lw)} |${cells.join("")}`.trimEnd()));
  lines.push(`${" ".repeat(lw)} +${"-".repeat(width)}`);
  const ticks = new Array<string>(width + lw + 2).fill(" ");
  for (const t of xTicks(o)) {
    const text = String(t);
    const at = lw + 2 + col(t);
    const start = Math.min(at, ticks.length - text.length);
    for (let j = 0; j < text.length; j++) ticks[start + j] = text[j];
  }
  lines.push(ticks.join("").trimEnd());
  if (o.xLabel) lines.push(`${" ".repeat(lw + 2)}${o.xLabel}`);
  lines.push(series.map((s, k) => `${MARKS[k % MARKS.length]} ${s.label}`).join("   "));
  return lines;
}

const COLORS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The same log-log chart as {@linkcode terminalChart}, as a standalone SVG document.
 *
 * @param series The curves.
 * @param o Axes.
 * @returns The SVG text.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgChart } from "./_util.ts";
 * const svg = svgChart([{ label: "lr=1", values: [1, 0.5] }], { yMin: 0.1, yMax: 1, xMax: 1 });
 * assert(svg.startsWith("<svg") && svg.includes("<polyline") && svg.includes("lr=1"));
 * ```
 */
export function svgChart(series: readonly Series[], o: ChartOptions): string {
  const W = 720, H = 420, L = 70, R = 150, T = 40, B = 50;
  const pw = W - L - R, ph = H - T - B;
  const X = (step: number): number => L + xFraction(step, o) * pw;
  const Y = (y: number): number => T + (1 - yFraction(y, o)) * ph;
  const n2 = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`,
  ];
  for (let e = Math.ceil(Math.log10(o.yMin)); e <= Math.floor(Math.log10(o.yMax)); e++) {
    const y = n2(Y(10 ** e));
    parts.push(
      `<line x1="${L}" y1="${y}" x2="${L + pw}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${L - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">1e${e}</text>`,
    );
  }
  for (const t of xTicks(o)) {
    const x = n2(X(t));
    parts.push(
      `<line x1="${x}" y1="${T}" x2="${x}" y2="${T + ph}" stroke="#eee"/>`,
      `<text x="${x}" y="${T + ph + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  if (o.title) {
    parts.push(`<text x="${L}" y="${T - 14}" font-size="14">${escapeXml(o.title)}</text>`);
  }
  if (o.xLabel) {
    parts.push(
      `<text x="${L + pw / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`,
    );
  }
  if (o.yLabel) {
    parts.push(
      `<text transform="translate(16 ${T + ph / 2}) rotate(-90)" text-anchor="middle">${
        escapeXml(o.yLabel)
      }</text>`,
    );
  }
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    const pts = points(s.values, o.xMax).map(([i, v]) => `${n2(X(i))},${n2(Y(v))}`);
    if (pts.length > 0) {
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(" ")}"/>`,
      );
    }
    const ly = T + 10 + 20 * k;
    parts.push(
      `<line x1="${L + pw + 12}" y1="${ly}" x2="${
        L + pw + 36
      }" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${L + pw + 42}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/**
 * Whether this process may write `path` without a prompt, i.e. was started with
 * `--allow-write` (for that path). Asks `Deno.permissions.querySync`, which needs no permission.
 *
 * @param path The file to write.
 * @returns `true` when writing is granted.
 * @example
 * ```ts
 * import { canWrite } from "./_util.ts";
 * console.log(canWrite("chart.svg")); // false under `deno run examples/…` without --allow-write
 * ```
 */
export function canWrite(path: string): boolean {
  return Deno.permissions.querySync({ name: "write", path }).state === "granted";
}

/**
 * Mean and (population) standard deviation of numbers.
 *
 * @param xs The numbers.
 * @returns `{ mean, std }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanStd } from "./_util.ts";
 * assert.deepEqual(meanStd([1, 3]), { mean: 2, std: 1 });
 * ```
 */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(v) };
}

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
 * import { capture } from "./_util.ts";
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

/** One set of points of {@linkcode xyChart}. */
export interface XYSeries {
  /** Legend text. */
  readonly label: string;
  /** The mark drawn at each point, one character. */
  readonly mark: string;
  /** x coordinates. */
  readonly xs: ArrayLike<number>;
  /** y coordinates, same length. */
  readonly ys: ArrayLike<number>;
}

/**
 * A scatter chart for the terminal with linear axes: each point is drawn as its series'
 * mark (later series on top), with the axis ranges printed at the corners.
 *
 * @param series The point sets.
 * @param width Plot columns.
 * @param height Plot rows.
 * @returns The lines of the chart, legend last.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { xyChart } from "./_util.ts";
 * const lines = xyChart([{ label: "y = x", mark: "*", xs: [0, 1, 2], ys: [0, 1, 2] }], 3, 3);
 * assert.deepEqual(lines.slice(0, 3), ["2.00 |  *", "     | *", "0.00 |*"]);
 * ```
 */
export function xyChart(series: readonly XYSeries[], width = 60, height = 16): string[] {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.xs.length; i++) {
      x0 = Math.min(x0, s.xs[i]);
      x1 = Math.max(x1, s.xs[i]);
      y0 = Math.min(y0, s.ys[i]);
      y1 = Math.max(y1, s.ys[i]);
    }
  }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(" "));
  for (const s of series) {
    for (let i = 0; i < s.xs.length; i++) {
      const c = Math.round(((s.xs[i] - x0) / (x1 - x0)) * (width - 1));
      const r = Math.round((1 - (s.ys[i] - y0) / (y1 - y0)) * (height - 1));
      if (r >= 0 && r < height && c >= 0 && c < width) grid[r][c] = s.mark;
    }
  }
  const top = fixed(y1, 2), bottom = fixed(y0, 2);
  const lw = Math.max(top.length, bottom.length);
  const lines = grid.map((cells, r) => {
    const label = r === 0 ? top : r === height - 1 ? bottom : "";
    return `${label.padStart(lw)} |${cells.join("")}`.trimEnd();
  });
  lines.push(`${" ".repeat(lw)} +${"-".repeat(width)}`);
  const left = fixed(x0, 2), right = fixed(x1, 2);
  lines.push(
    `${" ".repeat(lw + 2)}${left}${
      right.padStart(Math.max(width - left.length, right.length + 1))
    }`,
  );
  lines.push(series.map((s) => `${s.mark} ${s.label}`).join("   "));
  return lines;
}
