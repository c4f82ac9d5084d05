import assert from "node:assert/strict";
import { maxPool, MAXPOOL_WASM_MIN, poolOutputSize, stridedWindows } from "./pool.ts";
import { setWasmEnabled } from "./wasm_runtime.ts";

/** A seeded stream of integers in [lo, hi] and numbers in [0, 1). */
function stream(seed: number): { int(lo: number, hi: number): number; real(): number } {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  return { int: (lo, hi) => lo + (next() % (hi - lo + 1)), real: () => next() / 2 ** 32 };
}

Deno.test("maxPool: 2×2 windows with stride 2 in WebAssembly give the loop's maxima and positions bit for bit", () => {
  const r = stream(3);
  for (let trial = 0; trial < 300; trial++) {
    const [h, w] = [r.int(2, 21), r.int(2, 21)];
    const planes = Math.ceil(MAXPOOL_WASM_MIN / (h * w)) + r.int(0, 3);
    // ceilMode adds a clipped last window on odd sizes: then the loop runs (the kernel needs
    // every window inside)
    const ceil = trial % 4 === 3;
    const rows = stridedWindows(h, poolOutputSize(h, 2, 0, 2, 1, ceil), 2, 2, 0, 1, false);
    const cols = stridedWindows(w, poolOutputSize(w, 2, 0, 2, 1, ceil), 2, 2, 0, 1, false);
    const x = new Float32Array(planes * h * w);
    // few distinct values (ties), NaNs, ±∞, -0 and 0 among random ones
    const special = [NaN, -Infinity, Infinity, -0, 0, 1, -1, 2];
    for (let i = 0; i < x.length; i++) {
      x[i] = r.int(0, 2) === 0 ? special[r.int(0, special.length - 1)] : r.real() - 0.5;
    }
    if (trial % 7 === 0) x.fill(-Infinity); // windows of −∞ only
    if (trial % 11 === 0) x.fill(0).forEach((_, i) => (x[i] = i % 3 === 0 ? -0 : 0));
    const n = planes * rows.start.length * cols.start.length;
    const [out, index] = [new Float32Array(n), new Int32Array(n)];
    const [refOut, refIndex] = [new Float32Array(n), new Int32Array(n)];
    maxPool(x, planes, w, rows, cols, out, index);
    const was = setWasmEnabled(false);
    try {
      maxPool(x, planes, w, rows, cols, refOut, refIndex);
    } finally {
      setWasmEnabled(was);
    }
    assert.deepEqual(out, refOut, `values, ${h}×${w}, trial ${trial}`);
    assert.deepEqual(index, refIndex, `positions, ${h}×${w}, trial ${trial}`);
  }
});
