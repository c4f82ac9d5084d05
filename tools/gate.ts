/**
 * The gate, `deno task test`: format, lint, type check, tests with doc tests, doc lint of the
 * published packages, publish dry run. Each step prints one line; a failing step prints its
 * output in full. The tests use the dot reporter (its dots joined on one line), which prints
 * failures in full and ends with Deno's summary `ok | N passed | N failed (…)`.
 *
 * ```sh
 * deno task test               # every step
 * deno task test web/ notebooks/   # only the tests under these paths
 * ```
 *
 * Every step that resolves npm packages reads the root `deno.lock` (`--frozen`: it must already
 * list them). The root config has `"lock": false` so that `deno task demo`, which needs no
 * package, does not download the packages the tests use.
 *
 * @module
 */

import { missingChromium, missingJupyter } from "./optional.ts";
import { entries } from "./packages.ts";

const ROOT = new URL("..", import.meta.url);
const DENO = Deno.execPath();
const LOCK = ["--lock=deno.lock", "--frozen"];
/** The system's temporary folder, the only place tests may write. */
const TMP = Deno.env.get("TMPDIR") || "/tmp";
/**
 * What the tests may do: read, write temporary projects and builds (nowhere else: an example's
 * test checks that it asks for the write permission it lacks), spawn Deno, Node, Chromium and
 * Jupyter, serve on loopback.
 */
const TEST_PERMISSIONS = [
  "--allow-read",
  `--allow-write=${TMP}`,
  "--allow-run",
  "--allow-env",
  "--allow-net=127.0.0.1",
];

const seconds = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const label = (name: string): string => name.padEnd(16);

/** Runs one quiet step: one line, and the step's whole output if it fails. */
async function step(name: string, args: string[]): Promise<boolean> {
  const t0 = performance.now();
  const o = await new Deno.Command(DENO, { args, cwd: ROOT, stdout: "piped", stderr: "piped" })
    .output();
  if (o.success) {
    console.log(`${label(name)}ok  ${seconds(t0)}`);
    return true;
  }
  const dec = new TextDecoder();
  console.log(`${label(name)}FAILED  ${seconds(t0)}  (deno ${args.join(" ")})`);
  console.log(dec.decode(o.stdout) + dec.decode(o.stderr));
  return false;
}

/** Runs the tests, joining the dot reporter's one-dot lines into rows of 100. */
async function tests(paths: string[]): Promise<boolean> {
  for (const note of [await missingChromium(), await missingJupyter()]) {
    if (note) console.log(`${label("")}${note}`);
  }
  const t0 = performance.now();
  const child = new Deno.Command(DENO, {
    args: ["test", ...LOCK, "--doc", "--reporter=dot", ...TEST_PERMISSIONS, ...paths],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const enc = new TextEncoder();
  let dots = 0;
  let pending = "";
  const write = (s: string) => Deno.stdout.writeSync(enc.encode(s));
  const line = (l: string) => {
    if (/^[.!,]$/.test(l)) {
      if (dots === 0) write(label("tests"));
      write(l);
      if (++dots % 100 === 0) write(`\n${label("")}`);
      return;
    }
    if (dots > 0) write("\n");
    dots = 0;
    write(l + "\n");
  };
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    lines.forEach(line);
  }
  if (pending) line(pending);
  const ok = (await child.status).success;
  console.log(`${label("tests")}${ok ? "ok" : "FAILED"}  ${seconds(t0)}`);
  return ok;
}

async function main(args: string[]): Promise<number> {
  if (args.length > 0) return (await tests(args)) ? 0 : 1;
  const results = [
    await step("fmt", ["fmt", "--check"]),
    await step("lint", ["lint"]),
    await step("check", ["check", ...LOCK, "."]),
    await tests([]),
    await step("doc lint", ["doc", "--lint", ...entries().map((e) => e.file)]),
    await step("publish dry run", ["publish", "--dry-run", "--allow-dirty"]),
  ];
  return results.every(Boolean) ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
