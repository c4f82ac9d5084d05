/**
 * The examples' command line: flags parsed with `node:util`'s `parseArgs`, `--help`, one-line
 * errors, and the permission check for optional output files.
 *
 * Every example exports `main(args, out, err)` returning an exit code, so tests can run it
 * in-process, and ends with `if (import.meta.main) Deno.exit(main(Deno.args, console.log));`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { ProgressOptions } from "@descent/data";

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
 * import { usage } from "./_cli.ts";
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
 * import { parseFlags, UsageError } from "./_cli.ts";
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
 * import { runCli } from "./_cli.ts";
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
 * Whether this process may write `path` without a prompt, i.e. was started with
 * `--allow-write` (for that path). Asks `Deno.permissions.querySync`, which needs no permission.
 *
 * @param path The file to write.
 * @returns `true` when writing is granted.
 * @example
 * ```ts
 * import { canWrite } from "./_cli.ts";
 * console.log(canWrite("chart.svg")); // false under `deno run examples/…` without --allow-write
 * ```
 */
export function canWrite(path: string): boolean {
  return Deno.permissions.querySync({ name: "write", path }).state === "granted";
}

/**
 * How an example shows its progress display (`Progress` from `@descent/data`) when it runs from
 * the command line: redrawn on standard error when that is a terminal, and not at all when it is
 * piped, so that piped output is the report alone. Tests pass `{ silent: true }` instead.
 *
 * @returns The options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cliProgress } from "./_cli.ts";
 * assert.equal(typeof cliProgress().silent, "boolean");
 * ```
 */
export function cliProgress(): ProgressOptions {
  return { silent: !Deno.stderr.isTerminal() };
}
