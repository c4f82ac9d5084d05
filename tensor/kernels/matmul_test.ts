import assert from "node:assert/strict";
import { gemm, gemmTs, setGemmThreads, THREAD_GEMM_MIN, WASM_GEMM_MIN } from "./matmul.ts";
import { setWasmEnabled, wasmKernels, wasmSharedKernels } from "./wasm_runtime.ts";
import { readyHelpers } from "./threads.ts";
import type { FloatStorage as Storage } from "./elementwise.ts";

/** Deterministic uniform numbers in [-1, 1). */
function filled(n: number, seed: number, f64: boolean): Storage {
  const out = f64 ? new Float64Array(n) : new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

interface Operand {
  data: Storage;
  off: number;
  rs: number;
  cs: number;
}

/**
 * An rows×cols operand stored in one of four layouts: row-major, transposed (column-major),
 * every other column of a wider matrix (a non-contiguous slice), or a row broadcast
 * (row stride 0, as `expand` makes).
 */
function operand(
  rows: number,
  cols: number,
  layout: "row" | "col" | "gap" | "bcast",
  seed: number,
  f64: boolean,
): Operand {
  switch (layout) {
    case "row":
      return { data: filled(rows * cols + 3, seed, f64), off: 3, rs: cols, cs: 1 };
    case "col":
      return { data: filled(rows * cols, seed, f64), off: 0, rs: 1, cs: rows };
    case "gap":
      return { data: filled(rows * cols * 2 + 1, seed, f64), off: 1, rs: 2 * cols, cs: 2 };
    case "bcast":
      return { data: filled(cols, seed, f64), off: 0, rs: 0, cs: 1 };
  }
}

/** Checks C against a float64 reference, within the rounding-error bound of a length-k sum. */
function check(
  m: number,
  n: number,
  k: number,
  a: Operand,
  b: Operand,
  c: Storage,
  cOff: number,
  what: string,
): void {
  const u = c instanceof Float64Array ? 2 ** -53 : 2 ** -24;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let mag = 0;
      for (let p = 0; p < k; p++) {
        const x = a.data[a.off + i * a.rs + p * a.cs] * b.data[b.off + p * b.rs + j * b.cs];
        s += x;
        mag += Math.abs(x);
      }
      const got = c[cOff + i * n + j];
      const tol = 2 * (k + 2) * u * mag + 1e-30;
      if (!(Math.abs(got - s) <= tol)) {
        assert.fail(`${what}: C[${i}][${j}] = ${got}, expected ${s} (tolerance ${tol})`);
      }
    }
  }
}

function run(m: number, n: number, k: number, a: Operand, b: Operand, f64: boolean): Storage {
  const c = f64 ? new Float64Array(m * n + 2) : new Float32Array(m * n + 2);
  c.fill(NaN); // every element must be written
  const view = (o: Operand) => ({ data: o.data, offset: o.off, rowStride: o.rs, colStride: o.cs });
  gemm({ m, n, k, a: view(a), b: view(b), c, cOffset: 2 });
  return c;
}

function withoutWasm<T>(f: () => T): T {
  const was = setWasmEnabled(false);
  try {
    return f();
  } finally {
    setWasmEnabled(was);
  }
}

const SIZES = [1, 3, 17, 63, 65, 127];
const LAYOUTS = ["row", "col", "gap"] as const;

Deno.test("gemm: WebAssembly kernels load here", () => {
  const k = wasmKernels();
  assert.ok(k !== null, "WebAssembly kernels should load under Deno");
  assert.ok(k.relaxed, "this V8 supports relaxed SIMD");
  assert.equal(k.shared, false);
});

Deno.test("gemm: odd sizes, transposed and strided operands, float32 and float64", () => {
  let cases = 0;
  for (const f64 of [false, true]) {
    for (const m of SIZES) {
      for (const n of SIZES) {
        // every (m, n) with two depths, rotating through the layouts
        for (const k of [n === 1 ? 65 : 17, m === 127 ? 1 : 63]) {
          const la = LAYOUTS[(m + n + k) % 3];
          const lb = LAYOUTS[(m * 7 + n + k * 3) % 3];
          const a = operand(m, k, la, m * 31 + k, f64);
          const b = operand(k, n, lb, n * 17 + k, f64);
          const what = `${f64 ? "f64" : "f32"} ${m}x${n}x${k} ${la}·${lb}`;
          check(m, n, k, a, b, run(m, n, k, a, b, f64), 2, what);
          // the TypeScript path on the same inputs
          check(m, n, k, a, b, withoutWasm(() => run(m, n, k, a, b, f64)), 2, `${what} (loops)`);
          cases += m * n * k >= WASM_GEMM_MIN ? 1 : 0;
        }
      }
    }
  }
  assert.ok(cases > 50, `only ${cases} cases were large enough for the WebAssembly path`);
});

Deno.test("gemm: every layout pair, and broadcast rows, at a size past the block edges", () => {
  for (const f64 of [false, true]) {
    const [m, n, k] = [130, 70, 300]; // more than MC rows' worth of tiles, two k blocks
    for (const la of [...LAYOUTS, "bcast"] as const) {
      for (const lb of [...LAYOUTS, "bcast"] as const) {
        const a = operand(m, k, la, 5, f64);
        const b = operand(k, n, lb, 9, f64);
        check(m, n, k, a, b, run(m, n, k, a, b, f64), 2, `${la}·${lb} ${f64}`);
      }
    }
  }
});

Deno.test("gemm: same values as the TypeScript path within float32 rounding", () => {
  const [m, n, k] = [65, 127, 63];
  const a = operand(m, k, "row", 1, false);
  const b = operand(k, n, "col", 2, false);
  const fast = run(m, n, k, a, b, false);
  const was = setWasmEnabled(false);
  try {
    const slow = run(m, n, k, a, b, false);
    let worst = 0;
    for (let i = 2; i < m * n + 2; i++) worst = Math.max(worst, Math.abs(fast[i] - slow[i]));
    assert.ok(worst < 1e-5, `paths differ by ${worst}`);
    assert.ok(worst > 0 || m * n * k < WASM_GEMM_MIN, "the fast path did not run");
  } finally {
    setWasmEnabled(was);
  }
});

Deno.test("gemm: k = 0 writes zeros; tiny products use the TypeScript loops", () => {
  const c = new Float32Array(6).fill(7);
  const empty = (rowStride: number) => ({
    data: new Float32Array(0),
    offset: 0,
    rowStride,
    colStride: 1,
  });
  gemm({ m: 2, n: 3, k: 0, a: empty(0), b: empty(3), c });
  assert.deepEqual([...c], [0, 0, 0, 0, 0, 0]);
  const d = new Float32Array(4);
  const rows = (...v: number[]) => ({
    data: new Float32Array(v),
    offset: 0,
    rowStride: 2,
    colStride: 1,
  });
  gemmTs({ m: 2, n: 2, k: 2, a: rows(1, 2, 3, 4), b: rows(5, 6, 7, 8), c: d });
  assert.deepEqual([...d], [19, 22, 43, 50]);
});

Deno.test("gemm: large products split over helper threads give the same values", async () => {
  const kz = wasmSharedKernels();
  assert.ok(kz !== null && kz.shared, "shared WebAssembly memory is available under Deno");
  const [m, n, k] = [190, 131, 97];
  assert.ok(m * n * k >= THREAD_GEMM_MIN);
  for (const f64 of [false, true]) {
    const a = operand(m, k, "row", 3, f64);
    const b = operand(k, n, "col", 4, f64);
    check(m, n, k, a, b, run(m, n, k, a, b, f64), 2, `first call ${f64}`);
  }
  // helpers start in the background on the first large product
  const cores = navigator.hardwareConcurrency ?? 1;
  if (cores >= 2 && kz.shared) {
    const t0 = performance.now();
    while (readyHelpers(kz) === 0 && performance.now() - t0 < 5000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(readyHelpers(kz) >= 1, "no helper thread became ready within 5 s");
  }
  for (const f64 of [false, true]) {
    for (const [mm, nn] of [[m, n], [n, m], [7, 1000]]) {
      const a = operand(mm, k, "gap", 5, f64);
      const b = operand(k, nn, "row", 6, f64);
      const threaded = run(mm, nn, k, a, b, f64);
      check(mm, nn, k, a, b, threaded, 2, `threaded ${mm}x${nn} ${f64}`);
      // the calling thread alone gives the same bits: each element is one thread's, same tiles
      const was = setGemmThreads(false);
      const alone = run(mm, nn, k, a, b, f64);
      setGemmThreads(was);
      assert.deepEqual(alone, threaded, `alone ${mm}x${nn} ${f64}`);
    }
  }
});

Deno.test("gemm: many small threaded products, claimed or taken back, equal the calling thread's", async () => {
  const kz = wasmSharedKernels();
  assert.ok(kz !== null);
  const t0 = performance.now();
  while (readyHelpers(kz) === 0 && performance.now() - t0 < 5000) {
    await new Promise((r) => setTimeout(r, 10));
  }
  // 64×64×128 is the smallest split: helpers claim some of these jobs and miss others
  const [m, n, k] = [64, 64, 128];
  assert.ok(m * n * k >= THREAD_GEMM_MIN);
  for (const f64 of [false, true]) {
    const a = operand(m, k, "row", 7, f64);
    const b = operand(k, n, "col", 8, f64);
    const was = setGemmThreads(false);
    const alone = run(m, n, k, a, b, f64);
    setGemmThreads(was);
    check(m, n, k, a, b, alone, 2, `alone ${f64}`);
    for (let i = 0; i < 300; i++) assert.deepEqual(run(m, n, k, a, b, f64), alone, `call ${i}`);
  }
});

Deno.test("gemm: a zero times an infinity or NaN is NaN on every path (PyTorch's BLAS)", () => {
  // A = [[0, 1]] (a zero in A's row), B = [[x], [1]]: 0·x + 1 is NaN for x = ±∞ or NaN.
  for (const x of [Infinity, -Infinity, NaN]) {
    for (const f64 of [true, false]) {
      const arr = f64 ? Float64Array : Float32Array;
      for (const [bRs, bCs, b] of [[1, 1, [x, 1]], [1, 2, [x, 1]]] as const) {
        const c = new arr(1);
        const args = {
          m: 1,
          n: 1,
          k: 2,
          a: { data: new arr([0, 1]), offset: 0, rowStride: 2, colStride: 1 },
          b: { data: new arr(b), offset: 0, rowStride: bRs, colStride: bCs },
          c,
        };
        gemmTs(args);
        assert.ok(Number.isNaN(c[0]), `gemmTs, x = ${x}, B strides [${bRs}, ${bCs}]`);
      }
      // past WASM_GEMM_MIN: A all zeros, one infinity in B → NaN in its column only
      const n = 32;
      const c = new arr(n * n);
      const bData = new arr(n * n).fill(1);
      bData[0] = x;
      gemm({
        m: n,
        n,
        k: n,
        a: { data: new arr(n * n), offset: 0, rowStride: n, colStride: 1 },
        b: { data: bData, offset: 0, rowStride: n, colStride: 1 },
        c,
      });
      assert.ok(Number.isNaN(c[0]) && Number.isNaN(c[n]) && c[1] === 0, `gemm ${n}³, x = ${x}`);
    }
  }
});
