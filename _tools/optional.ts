/**
 * The tools that two tests need beyond Deno: Chromium for the browser test (`web/`) and
 * Jupyter's nbconvert for the notebook test (`notebooks/`). Each check returns `null` when the
 * tool is there, or one line saying what is missing and the one command that installs it and
 * runs the test. The tests are ignored without their tool, and the gate prints the line.
 *
 * @module
 */

/** Where the browser test finds Chromium (Debian's `chromium`); `CHROMIUM` overrides it. */
export const CHROMIUM: string = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

/** Installs Chromium and runs the browser test. */
export const WEB_COMMAND = "apt-get install -y chromium && deno task test web/";

/** Installs Jupyter's nbconvert and runs the notebook test. */
export const NOTEBOOK_COMMAND =
  "apt-get install -y jupyter-nbconvert python3-ipykernel jupyter-client && deno task test notebooks/";

/**
 * Whether Chromium is missing.
 *
 * @returns `null` when {@linkcode CHROMIUM} exists, otherwise why the browser test is skipped.
 */
export async function missingChromium(): Promise<string | null> {
  try {
    await Deno.stat(CHROMIUM);
    return null;
  } catch {
    return `browser test skipped: no Chromium at ${CHROMIUM}; to run it: ${WEB_COMMAND}`;
  }
}

/**
 * Whether `jupyter nbconvert` is missing.
 *
 * @returns `null` when `jupyter nbconvert --version` runs, otherwise why the notebook test is
 *   skipped.
 */
export async function missingJupyter(): Promise<string | null> {
  try {
    const o = await new Deno.Command("jupyter", {
      args: ["nbconvert", "--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    if (o.success) return null;
  } catch {
    // not on PATH
  }
  return `notebook test skipped: no \`jupyter nbconvert\`; to run it: ${NOTEBOOK_COMMAND}`;
}
