import assert from "node:assert/strict";
import * as committed from "./wasm_binary.ts";
import { renderBinaryModule, toBase64 } from "./build_kernels.ts";
import { buildKernels, GEMM, gemmWorkBytes, MAX_PAGES } from "./wasm_source.ts";

Deno.test("wasm_binary.ts equals a fresh assembly of wasm_source.ts (else: deno task build:kernels)", () => {
  const relaxed = buildKernels({ relaxed: true });
  const plain = buildKernels({ relaxed: false });
  const hint = "wasm_binary.ts is stale: run `deno task build:kernels`";
  assert.equal(committed.KERNELS_RELAXED, toBase64(relaxed.bytes), hint);
  assert.equal(committed.KERNELS_PLAIN, toBase64(plain.bytes), hint);
  assert.equal(committed.SHARED_FLAG_OFFSET, relaxed.sharedFlagOffset, hint);
  assert.equal(committed.MAX_PAGES, MAX_PAGES, hint);
  assert.equal(
    committed.GEMM_WORK_BYTES,
    Math.max(gemmWorkBytes("f32"), gemmWorkBytes("f64")),
    hint,
  );
  assert.deepEqual(committed.GEMM_TILE, {
    f32: [GEMM.f32.MR, GEMM.f32.NR],
    f64: [GEMM.f64.MR, GEMM.f64.NR],
  });
  assert.ok(renderBinaryModule().includes(toBase64(relaxed.bytes).slice(0, 92)));
});

Deno.test("both builds are valid modules; the memory flag byte toggles sharing", () => {
  for (const relaxed of [true, false]) {
    const { bytes, sharedFlagOffset } = buildKernels({ relaxed });
    assert.equal(bytes[sharedFlagOffset], 0x03);
    assert.ok(WebAssembly.validate(bytes));
    const unshared = bytes.slice();
    unshared[sharedFlagOffset] = 0x01;
    assert.ok(WebAssembly.validate(unshared));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(unshared), { env: { memory } });
    for (const name of ["gemm_f32", "gemm_f64", "gemm_chunked_f32", "unary_f64", "sum_f32"]) {
      assert.equal(typeof inst.exports[name], "function", name);
    }
    // both builds multiply: C = A·B for a 7×9 by 9×5 product, A row-major, B transposed
    memory.grow(50);
    const heap = new Float32Array(memory.buffer);
    const [m, k, n, pa, pb, pc, work] = [7, 9, 5, 1 << 16, 1 << 17, 1 << 18, 1 << 19];
    for (let i = 0; i < m * k; i++) heap[pa / 4 + i] = (i % 5) - 2;
    for (let i = 0; i < k * n; i++) heap[pb / 4 + i] = (i % 3) + 0.5;
    const gemm = inst.exports.gemm_f32 as (...a: number[]) => void;
    gemm(m, n, k, pa, k, 1, pb, 1, k, pc, n, work);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let want = 0;
        for (let p = 0; p < k; p++) want += heap[pa / 4 + i * k + p] * heap[pb / 4 + j * k + p];
        assert.equal(heap[pc / 4 + i * n + j], want, `relaxed=${relaxed} C[${i}][${j}]`);
      }
    }
  }
});

Deno.test("both builds: full register tiles, ragged edges, two k blocks, both dtypes", () => {
  // 13×300 by 300×19: full and edge tiles in m and n, k past one KC block (C accumulates), A
  // row-major (transposing pack), B column-major; float64 references, float32 within the bound
  // of a length-k sum. The plain build (mul + add) is what engines without relaxed SIMD run.
  const [m, k, n] = [13, 300, 19];
  assert.ok(k > GEMM.f32.KC && k > GEMM.f64.KC && m % GEMM.f32.MR !== 0 && n % GEMM.f32.NR !== 0);
  for (const relaxed of [true, false]) {
    const { bytes, sharedFlagOffset } = buildKernels({ relaxed });
    const unshared = bytes.slice();
    unshared[sharedFlagOffset] = 0x01;
    const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(unshared), { env: { memory } });
    memory.grow(100); // 6.5 MB: operands below 2 MiB, the GEMM work area (~2.3 MB) above
    for (const t of ["f32", "f64"] as const) {
      const E = GEMM[t].E;
      const heap = t === "f32" ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
      const [pa, pb, pc, work] = [1 << 16, 1 << 18, 1 << 20, 1 << 21];
      for (let i = 0; i < m * k; i++) heap[pa / E + i] = ((i * 7) % 11) / 8 - 0.6;
      for (let i = 0; i < k * n; i++) heap[pb / E + i] = ((i * 5) % 13) / 16 - 0.4;
      const gemm = inst.exports[`gemm_${t}`] as (...a: number[]) => void;
      gemm(m, n, k, pa, k, 1, pb, 1, k, pc, n, work);
      const u = t === "f32" ? 2 ** -24 : 2 ** -53;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let want = 0;
          let mag = 0;
          for (let p = 0; p < k; p++) {
            const x = heap[pa / E + i * k + p] * heap[pb / E + j * k + p];
            want += x;
            mag += Math.abs(x);
          }
          const got = heap[pc / E + i * n + j];
          const tol = 2 * (k + 2) * u * mag;
          assert.ok(Math.abs(got - want) <= tol, `relaxed=${relaxed} ${t} C[${i}][${j}]`);
        }
      }
    }
  }
});
