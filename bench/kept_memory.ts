/**
 * W6b for descent alone, in seconds: the memory that kept tensors cost. Each case runs the
 * tutorial loop (W1) in a fresh process, keeps a detached tensor every `every`-th iteration, and
 * prints the growth per kept tensor after a full GC, in `heapUsed + external` (a typed array's
 * elements count in `external`) and in resident memory:
 *
 * ```sh
 * deno task bench:memory          # deno run -A --v8-flags=--expose-gc bench/kept_memory.ts
 * ```
 *
 * - `loss.detach()` every iteration: the harness's W6b (`losses.push(loss.detach())`).
 * - every 5th iteration, a 0-d loss or the 3×3 prediction: kept tensors between short-lived ones
 *   (logging every N steps), so each keeps a 512-byte slab of its own alive — the most a kept
 *   small tensor can cost.
 * - every 1000th iteration: the same with more short-lived tensors in between; with the 64 KiB
 *   slabs descent had before, each kept tensor kept a slab of 64 KiB alive.
 *
 * Resident memory moves by tens of megabytes from run to run as V8 sizes its heap, so its
 * figure means something only where many tensors are kept (100,000 here, 1,000 for the last).
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { Tensor } from "@descent/tensor";
import { tutorialLoop } from "./descent_peer.ts";

interface Case {
  name: string;
  keep: "loss" | "pred";
  every: number;
  kept: number;
}

const CASES: Case[] = [
  { name: "loss.detach() every iteration", keep: "loss", every: 1, kept: 100_000 },
  { name: "loss.detach() every 5th iteration", keep: "loss", every: 5, kept: 100_000 },
  { name: "pred.detach() (3×3) every 5th iteration", keep: "pred", every: 5, kept: 100_000 },
  { name: "loss.detach() every 1000th iteration", keep: "loss", every: 1000, kept: 1000 },
];

/**
 * Growth after a full GC, in bytes: `[heapUsed + external, rss]`, over `c.kept * c.every`
 * iterations that keep a tensor every `c.every`-th iteration (or none, with `control`).
 */
function measure(c: Case, control: boolean): [number, number] {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --v8-flags=--expose-gc");
  const full = (): Deno.MemoryUsage => {
    for (let i = 0; i < 3; i++) gc();
    return Deno.memoryUsage();
  };
  const kept: Tensor[] = [];
  const warm = tutorialLoop(c.every, [], c.keep);
  for (let i = 0; i < 1000 * c.every && i < 100_000; i++) warm();
  const it = tutorialLoop(control ? 0 : c.every, kept, c.keep);
  const m0 = full();
  for (let i = 0; i < c.kept * c.every; i++) it();
  const m1 = full();
  if (kept.length !== (control ? 0 : c.kept)) throw new Error(`kept ${kept.length}`);
  return [m1.heapUsed + m1.external - m0.heapUsed - m0.external, m1.rss - m0.rss];
}

/** Runs one case in a fresh process and returns its growth in bytes. */
async function run(i: number, control: boolean): Promise<number[]> {
  const args = ["run", "-A", "--v8-flags=--expose-gc", import.meta.filename!, "--case", String(i)];
  const out = await new Deno.Command(Deno.execPath(), {
    args: control ? [...args, "--control"] : args,
    stderr: "inherit",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const { values } = parseArgs({
  args: Deno.args,
  options: { case: { type: "string" }, control: { type: "boolean", default: false } },
});
if (values.case !== undefined) {
  console.log(JSON.stringify(measure(CASES[Number(values.case)], values.control)));
} else {
  console.log(
    "bytes per kept tensor after a full GC: growth of a run that keeps, minus that of the same " +
      "run keeping nothing (each in a fresh process)",
  );
  for (let i = 0; i < CASES.length; i++) {
    const [heap, rss] = await run(i, false);
    const [heap0, rss0] = await run(i, true);
    const per = (a: number, b: number): string => ((a - b) / CASES[i].kept).toFixed(0).padStart(6);
    console.log(
      `${CASES[i].name.padEnd(44)} heapUsed+external ${per(heap, heap0)} B   rss ${
        per(rss, rss0)
      } B` +
        `   (${CASES[i].kept} kept)`,
    );
  }
}
