/**
 * Prints the op table as JSON for `generate.py` (which runs this script itself): each op's
 * PyTorch expression, and every case with explicit values in the fixture encoding (NaN,
 * infinities and -0 as strings).
 *
 *     deno run conformance/ops/emit_cases.ts
 *
 * @module
 */

import { encode } from "../fixtures.ts";
import { CASES, OPS } from "./op_table.ts";

const torch = Object.fromEntries(Object.entries(OPS).map(([key, entry]) => [key, entry.torch]));
const cases = CASES.map((c) => ({
  ...c,
  inputs: c.inputs.map((i) => ({
    ...i,
    values: typeof i.values === "string" ? i.values : i.values.map(encode),
  })),
}));
console.log(JSON.stringify({ torch, cases }));
