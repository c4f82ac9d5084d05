/**
 * Runs a command to completion for a test and returns its exit code and decoded output.
 *
 * @module
 */

/** What a finished command printed. */
export interface Ran {
  /** Exit code. */
  code: number;
  /** Standard output, decoded. */
  stdout: string;
  /** Standard error, decoded. */
  stderr: string;
}

/**
 * Runs `cmd` with `args` (in `cwd`, with `env` added) and waits for it.
 *
 * @param cmd The program.
 * @param args Its arguments.
 * @param opts Working folder and extra environment.
 * @returns Exit code and output.
 */
export async function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string | URL; env?: Record<string, string> } = {},
): Promise<Ran> {
  const o = await new Deno.Command(cmd, { args, ...opts, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}
