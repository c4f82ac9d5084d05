/**
 * Both tutorial notebooks run headlessly in Deno's Jupyter kernel (`execute.ts`) and give the
 * outputs saved in them, cell by cell (text, HTML, SVG, streams); the loop's transcript is
 * PyTorch's. Ignored without Jupyter's Python packages; to run it:
 * `apt-get install -y jupyter-nbconvert python3-ipykernel jupyter-client && deno task test notebooks/`.
 */

import assert from "node:assert/strict";
import { missingJupyter } from "../tools/optional.ts";
import { executeNotebook } from "./execute.ts";

const HERE = new URL(".", import.meta.url).pathname;
const TRANSCRIPT = Deno.readTextFileSync(
  new URL("../examples/testdata/threshold_loop_seed0_transcript.txt", import.meta.url),
);

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  id: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
}

const join = (t: string | string[] | undefined): string => Array.isArray(t) ? t.join("") : t ?? "";

/** A code cell's outputs as text: streams, results and errors. */
function outputs(cell: Cell): unknown[] {
  return (cell.outputs ?? []).map((o) =>
    o.output_type === "stream"
      ? { stream: o.name, text: join(o.text) }
      : o.data
      ? Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, join(v)]))
      : { error: `${o.ename}: ${o.evalue}` }
  );
}

const code = (path: string): Cell[] =>
  JSON.parse(Deno.readTextFileSync(path)).cells.filter((c: Cell) => c.cell_type === "code");

const skip = await missingJupyter();

/** Compares a fresh run of a notebook with the one saved. */
async function check(name: string, out: string): Promise<void> {
  const saved = code(`${HERE}${name}`);
  // Saved with outputs: every code cell but the first (imports) shows something.
  assert(
    saved.slice(1).every((c) => (c.outputs ?? []).length > 0),
    `${name}: a cell has no output`,
  );
  await executeNotebook(`${HERE}${name}`, out);
  const fresh = code(`${out}/${name}`);
  assert.deepEqual(fresh.map((c) => c.id), saved.map((c) => c.id));
  for (let i = 0; i < saved.length; i++) {
    assert.deepEqual(outputs(fresh[i]), outputs(saved[i]), `${name}, cell ${saved[i].id}`);
  }
  // The threshold loop prints what PyTorch prints for the same code.
  const loop = fresh.find((c) => c.metadata.tags?.includes("transcript"))!;
  assert.equal(join(loop.outputs![0].data!["text/plain"]) + "\n", TRANSCRIPT);
}

Deno.test({
  name: "notebooks/tutorial.ipynb and tutorial.ko.ipynb run in Deno's Jupyter kernel as saved",
  ignore: skip !== null,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "descent_nb_" });
    try {
      // Two kernels side by side: the runs wait on the kernel more than they compute.
      await Promise.all(["tutorial.ipynb", "tutorial.ko.ipynb"].map((name) => check(name, out)));
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
