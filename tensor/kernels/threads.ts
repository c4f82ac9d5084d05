/**
 * Helper threads for the WebAssembly kernels: each helper instantiates the kernel module on
 * the same shared memory and waits on its control words for a job (a kernel name and its i32
 * arguments); the calling thread posts jobs, does its own share, then waits for the helpers.
 *
 * Helpers start in the background the first time a large enough job asks for them; until they
 * are ready (or where they cannot start: no shared memory, one core, no worker API) the caller
 * does all the work itself. Under Deno and Node they are `node:worker_threads` workers marked
 * `unref()`, so an idle helper never keeps a script from exiting; in browsers they are module
 * workers made from a Blob URL. No file is loaded and no permission is needed.
 *
 * @module
 */

import { CONTROL_BYTES, MAX_THREADS, type WasmKernels } from "./wasm_runtime.ts";

/** Kernels a helper can run, by index in a job. */
export const HELPER_FUNCS: readonly string[] = ["gemm_chunked_f32", "gemm_chunked_f64"];

/** Byte offset of the work counter that chunked kernels claim chunks from. */
export const COUNTER_BYTE = 2048;

/** Words of one helper's control slot: seq, done, state, func, 16 arguments, claim. */
const SLOT = 32;
const SEQ = 0;
const DONE = 1;
const STATE = 2;
const FUNC = 3;
const ARGS = 4;
const CLAIM = 20;
/** Job numbers cycle through [0, MAX_SEQ). */
const MAX_SEQ = 1 << 30;

// Note [claiming a job]
// A helper whose core is busy with another process may wake from its spin or sleep long after
// a job was posted; a small product is done by then, and waiting for the helper only to learn
// that it found no chunk left would cost the caller a scheduler time slice. So a posted job is
// claimed first: the helper compare-exchanges the slot's CLAIM word from the previous job's
// outcome to the job's number s before it reads the arguments, and the caller, once its own
// chunks are done, compare-exchanges it to -s (taken back). Exactly one of the two succeeds.
// Taken back, the job is over: the helper skips it whenever it wakes (its CLAIM check fails),
// and the caller may post the next job at once. Claimed, the caller waits for DONE = s as
// before. Either way every chunk of the product was computed before the caller returns.
/** Most i32 arguments of one job. */
export const MAX_ARGS = 16;

/** How long an idle helper spins before it sleeps (iterations of an atomic load). */
const SPIN = 20000;

// The helper's loop, as source text (it runs in a worker, without this module).
const HELPER_LOOP = `
function descentHelper(mod, memory, slot, names, spin) {
  const inst = new WebAssembly.Instance(mod, { env: { memory } });
  const fns = names.map((n) => inst.exports[n]);
  const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  const base = slot * ${SLOT};
  let seen = Atomics.load(ctl, base + ${SEQ});
  Atomics.store(ctl, base + ${STATE}, 1);
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, base + ${SEQ}) === seen && spins < spin) spins++;
    if (Atomics.load(ctl, base + ${SEQ}) === seen) Atomics.wait(ctl, base + ${SEQ}, seen);
    const s = Atomics.load(ctl, base + ${SEQ});
    if (s === seen) continue;
    seen = s;
    // Note [claiming a job]: run it only if the caller has not taken it back.
    const p = s === 0 ? ${MAX_SEQ - 1} : s - 1;
    const c = Atomics.load(ctl, base + ${CLAIM});
    if (c !== p && c !== -p) continue;
    if (Atomics.compareExchange(ctl, base + ${CLAIM}, c, s) !== c) continue;
    let ok = true;
    try {
      const a = base + ${ARGS};
      fns[ctl[base + ${FUNC}]](ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5],
        ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9], ctl[a + 10], ctl[a + 11], ctl[a + 12],
        ctl[a + 13], ctl[a + 14], ctl[a + 15]);
    } catch (e) {
      ok = false;
      Atomics.store(ctl, base + ${STATE}, -1);
    }
    Atomics.store(ctl, base + ${DONE}, seen);
    Atomics.notify(ctl, base + ${DONE});
    if (!ok) return;
  }
}
`;

const NODE_HELPER = `${HELPER_LOOP}
const { workerData: d } = require("node:worker_threads");
descentHelper(d.mod, d.memory, d.slot, d.names, d.spin);
`;

const WEB_HELPER = `${HELPER_LOOP}
self.onmessage = (e) => {
  const d = e.data;
  descentHelper(d.mod, d.memory, d.slot, d.names, d.spin);
};
`;

let spawned = false;
let ctl: Int32Array | null = null;
const seqs: number[] = new Array(MAX_THREADS).fill(0);
/** Per helper, the CLAIM word's value after its last job (Note [claiming a job]). */
const claims: number[] = new Array(MAX_THREADS).fill(0);

interface NodeWorkerCtor {
  new (src: string, opts: { eval: boolean; workerData: unknown }): { unref(): void };
}

function spawnOne(k: WasmKernels, slot: number): boolean {
  const data = { mod: k.module, memory: k.memory, slot, names: HELPER_FUNCS, spin: SPIN };
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  if (typeof proc?.getBuiltinModule === "function") {
    const wt = proc.getBuiltinModule("node:worker_threads") as { Worker?: NodeWorkerCtor };
    if (wt?.Worker) {
      const w = new wt.Worker(NODE_HELPER, { eval: true, workerData: data });
      w.unref(); // an idle helper must not keep the process alive
      return true;
    }
  }
  if (typeof Worker === "function" && typeof Blob === "function" && typeof URL === "function") {
    const url = URL.createObjectURL(new Blob([WEB_HELPER], { type: "text/javascript" }));
    const w = new Worker(url, { type: "module" });
    w.postMessage(data);
    return true;
  }
  return false;
}

/** Number of helpers worth having: one per extra core, within the scratch areas. */
function wanted(): number {
  const cores = typeof navigator === "object" ? navigator.hardwareConcurrency ?? 1 : 1;
  return Math.max(0, Math.min(cores - 1, MAX_THREADS - 1));
}

/**
 * Helpers ready to take a job now (slots 1..n). The first call starts them in the background.
 *
 * @param k The kernels.
 * @returns How many helpers are ready.
 */
export function readyHelpers(k: WasmKernels): number {
  if (!k.shared) return 0;
  if (!spawned) {
    spawned = true;
    ctl = new Int32Array(k.memory.buffer, 0, CONTROL_BYTES / 4);
    try {
      for (let slot = 1; slot <= wanted(); slot++) if (!spawnOne(k, slot)) break;
    } catch {
      // no worker API: the caller works alone
    }
    return 0;
  }
  let n = 0;
  while (n + 1 <= MAX_THREADS - 1 && Atomics.load(ctl!, (n + 1) * SLOT + STATE) === 1) n++;
  return n;
}

/** Sets the shared work counter to 0 before a chunked job. */
export function resetCounter(): void {
  Atomics.store(ctl!, COUNTER_BYTE / 4, 0);
}

/**
 * Posts a job to a ready helper.
 *
 * @param slot The helper (1..{@linkcode readyHelpers}).
 * @param func Index in {@linkcode HELPER_FUNCS}.
 * @param args Up to {@linkcode MAX_ARGS} i32 arguments.
 */
export function post(slot: number, func: number, args: readonly number[]): void {
  const c = ctl!;
  const base = slot * SLOT;
  c[base + FUNC] = func;
  for (let i = 0; i < args.length; i++) c[base + ARGS + i] = args[i];
  const seq = (seqs[slot] = (Atomics.load(c, base + SEQ) + 1) % MAX_SEQ);
  Atomics.store(c, base + SEQ, seq);
  Atomics.notify(c, base + SEQ);
}

/**
 * Ends a helper's posted job: takes it back when the helper has not claimed it yet, else waits
 * until the helper finished it (Note [claiming a job]). Call it once the caller's own share is
 * done and no unclaimed work is left for the helper.
 *
 * @param slot The helper.
 * @returns `true` when the job was taken back or succeeded; `false` when it failed (the helper
 *   is then retired, and the caller redoes the work).
 */
export function join(slot: number): boolean {
  const c = ctl!;
  const base = slot * SLOT;
  const seq = seqs[slot];
  const prev = claims[slot];
  if (Atomics.compareExchange(c, base + CLAIM, prev, -seq) === prev) {
    claims[slot] = -seq;
    return true;
  }
  claims[slot] = seq;
  let spins = 0;
  while (Atomics.load(c, base + DONE) !== seq) {
    if (++spins > 1 << 16) {
      try {
        Atomics.wait(c, base + DONE, Atomics.load(c, base + DONE), 1);
      } catch {
        // the thread may not block (a browser's main thread): keep spinning
      }
    }
  }
  return Atomics.load(c, base + STATE) === 1;
}
