/**
 * The tools that two tests need beyond Deno: Chromium for the browser test (`web/`) and
 * Jupyter's Python packages for the notebook test (`notebooks/`). Each check returns `null` when the
 * tool is there, or one line saying what is missing and the one command that installs it and
 * runs the test. The tests are ignored without their tool, and the gate prints the line.
 *
 * @module
 */

/** Where the browser test finds Chromium (Debian's `chromium`); `CHROMIUM` overrides it. */
export const CHROMIUM: string = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";

/** Installs Chromium and runs the browser test. */
export const WEB_COMMAND = "apt-get install -y chromium && deno task test web/";

/** The Python with Jupyter's packages (Debian's); `JUPYTER_PYTHON` overrides it. */
export const JUPYTER_PYTHON: string = Deno.env.get("JUPYTER_PYTHON") ?? "/usr/bin/python3";

/** Installs Jupyter's packages and runs the notebook test. */
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
 * Whether Jupyter is missing.
 *
 * @returns `null` when {@linkcode JUPYTER_PYTHON} imports `jupyter_client` and `nbformat`,
 *   otherwise why the notebook test is skipped.
 */
export async function missingJupyter(): Promise<string | null> {
  try {
    const o = await new Deno.Command(JUPYTER_PYTHON, {
      args: ["-c", "import jupyter_client, nbformat"],
      stdout: "null",
      stderr: "null",
    }).output();
    if (o.success) return null;
  } catch {
    // no such Python
  }
  return `notebook test skipped: ${JUPYTER_PYTHON} lacks Jupyter; to run it: ${NOTEBOOK_COMMAND}`;
}
