/**
 * Replays a batch of conformance/fuzz/shape.py's cases (any size, e.g. written to /tmp for a
 * hunt) through descent and prints every disagreement, then a count per op:
 *
 *     PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/fuzz/shape.py 2000 7 /tmp/s7.json
 *     deno run --allow-read conformance/fuzz/shape_replay.ts /tmp/s7.json [op]
 *
 * @module
 */

import { type FuzzCase, replayShapeCase } from "./shape.ts";

const [file, only] = Deno.args;
const { cases } = JSON.parse(Deno.readTextFileSync(file)) as { cases: FuzzCase[] };
const byOp: Record<string, number> = {};
for (const c of cases) {
  let r: string | null;
  try {
    r = replayShapeCase(c);
  } catch (e) {
    r = `the replay threw: ${(e as Error).stack}`;
  }
  if (r === null) continue;
  byOp[c.op] = (byOp[c.op] ?? 0) + 1;
  if (only !== undefined && only !== c.op) continue;
  const ins = c.inputs.map((i) => [i.shape, i.dtype, i.layout]);
  console.log(`#${c.id} ${c.op} ${JSON.stringify(c.params)} ins=${JSON.stringify(ins)}`);
  console.log(`  ${r.split("\n").slice(0, 8).join("\n  ")}`);
}
const bad = Object.values(byOp).reduce((a, b) => a + b, 0);
console.log(`${bad}/${cases.length} disagree`, byOp);
