/**
 * Runs a notebook headlessly in Deno's Jupyter kernel with `execute.py` (Jupyter's own client
 * library, as `jupyter nbconvert --to notebook --execute`, but waiting for output that Deno's
 * kernel sends after a cell is idle; see there). The kernelspec is the one `deno jupyter
 * --install` writes, for this very Deno binary, put in a temporary `JUPYTER_PATH`: nothing is
 * installed and the kernel is the Deno that runs the caller. The kernel starts in the notebook's
 * folder, inside the workspace, so notebooks import `@descent/tensor` as any workspace file does.
 *
 * @module
 */

import { JUPYTER_PYTHON } from "../tools/optional.ts";

/**
 * Executes `notebook` and writes the result, outputs filled in, into `outDir` under the same
 * name.
 *
 * @param notebook Path of the `.ipynb` file.
 * @param outDir Folder for the executed copy (may be the notebook's own folder).
 */
export async function executeNotebook(notebook: string, outDir: string): Promise<void> {
  const jupyterPath = await Deno.makeTempDir({ prefix: "descent_jupyter_" });
  try {
    await Deno.mkdir(`${jupyterPath}/kernels/deno`, { recursive: true });
    const spec = {
      argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno",
      language: "typescript",
    };
    await Deno.writeTextFile(`${jupyterPath}/kernels/deno/kernel.json`, JSON.stringify(spec));
    const name = notebook.slice(notebook.lastIndexOf("/") + 1);
    const o = await new Deno.Command(JUPYTER_PYTHON, {
      args: [new URL("execute.py", import.meta.url).pathname, notebook, `${outDir}/${name}`],
      env: { JUPYTER_PATH: jupyterPath, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!o.success) {
      throw new Error(
        `running ${notebook}:\n${new TextDecoder().decode(o.stderr)}`,
      );
    }
  } finally {
    await Deno.remove(jupyterPath, { recursive: true });
  }
}
