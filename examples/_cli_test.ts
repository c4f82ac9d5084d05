import assert from "node:assert/strict";
import { parseFlags, runCli, usage, UsageError } from "./_cli.ts";
import { capture } from "./_testing.ts";

const CLI = {
  name: "demo.ts",
  summary: "A demo.",
  flags: {
    lr: { type: "number", default: 1, min: 0, exclusiveMin: true, help: "learning rate" },
    n: { type: "integer", default: 3, min: 1, max: 10, help: "count" },
    xs: { type: "numbers", default: [0.5, 1e-5], help: "list" },
    out: { type: "string", arg: "file", help: "output file" },
    mode: { type: "string", default: "a", choices: ["a", "b"], help: "mode" },
    rate: { type: "number", help: "optional" },
    quiet: { type: "boolean", help: "say less" },
  },
} as const;

Deno.test("parseFlags: defaults, values, negative numbers", () => {
  assert.deepEqual(parseFlags(CLI, []), {
    lr: 1,
    n: 3,
    xs: [0.5, 1e-5],
    out: undefined,
    mode: "a",
    rate: undefined,
    quiet: false,
  });
  assert.deepEqual(
    parseFlags(CLI, ["--lr=0.5", "--n", "10", "--xs", "-1,2.5", "--out", "a.svg", "--quiet"]),
    {
      lr: 0.5,
      n: 10,
      xs: [-1, 2.5],
      out: "a.svg",
      mode: "a",
      rate: undefined,
      quiet: true,
    },
  );
  const withChoice = parseFlags(CLI, ["--mode", "b", "--rate", "-2"])!;
  assert.equal(withChoice.mode, "b");
  assert.equal(withChoice.rate, -2);
  // `--xs -1` would be "ambiguous" to parseArgs; a number after a valued flag is its value.
  assert.deepEqual(parseFlags(CLI, ["--xs", "-1"])!.xs, [-1]);
  assert.deepEqual(parseFlags(CLI, ["--xs", "-.5,3"])!.xs, [-0.5, 3]);
  assert.equal(parseFlags(CLI, ["--help"]), null);
  assert.equal(parseFlags(CLI, ["-h"]), null);
  // The defaults are copied, not shared.
  const a = parseFlags(CLI, [])!;
  a.xs.push(9);
  assert.deepEqual(parseFlags(CLI, [])!.xs, [0.5, 1e-5]);
});

Deno.test("parseFlags: one-line errors", () => {
  const cases: [string[], string][] = [
    [["--lr", "nan"], '--lr expects a finite number, got "nan"'],
    [["--lr", "Infinity"], '--lr expects a finite number, got "Infinity"'],
    [["--lr", " "], '--lr expects a finite number, got " "'],
    [["--n", "11"], "--n must be <= 10, got 11"],
    [["--n", "1.5"], '--n expects an integer, got "1.5"'],
    [["--xs", "1,,2"], '--xs expects a finite number, got ""'],
    [["--out", "-x"], "Option '--out' argument is ambiguous."],
    [["--quiet=1"], "Option '--quiet' does not take an argument"],
    [["-q"], "Unknown option '-q'"],
    [["--mode", "c"], '--mode must be one of a, b, got "c"'],
  ];
  for (const [args, msg] of cases) {
    assert.throws(() => parseFlags(CLI, args), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, msg, args.join(" "));
      return true;
    });
  }
});

Deno.test("runCli: help, errors, body", () => {
  const help = capture((args, out, err) => runCli(CLI, args, out, err, () => 7), ["--help"]);
  assert.equal(help.code, 0);
  assert.equal(
    help.stdout,
    [
      "Usage: deno run examples/demo.ts [options]",
      "",
      "A demo.",
      "",
      "Options:",
      "  --lr <number>    learning rate (default: 1)",
      "  --n <integer>    count (default: 3)",
      "  --xs <list>      list (default: 0.5,1e-5)",
      "  --out <file>     output file",
      "  --mode <a|b>     mode (default: a)",
      "  --rate <number>  optional",
      "  --quiet          say less",
      "  -h, --help       show this help and exit",
      "",
    ].join("\n"),
  );
  assert.equal(usage(CLI) + "\n", help.stdout);
  const bad = capture((args, out, err) => runCli(CLI, args, out, err, () => 7), ["--n", "0"]);
  assert.deepEqual(bad, {
    code: 2,
    stdout: "",
    stderr: "demo.ts: error: --n must be >= 1, got 0 (see --help)\n",
  });
  const ok = capture((args, out, err) => runCli(CLI, args, out, err, (f) => f.n), ["--n", "4"]);
  assert.equal(ok.code, 4);
});
