import assert from "node:assert/strict";
import {
  col2im,
  convForward,
  type ConvGeometry,
  convInputGrad,
  convWeightGrad,
  im2col,
} from "./conv.ts";
import {
  ensureMemory,
  heapF32,
  heapF64,
  setWasmEnabled,
  type WasmKernels,
  wasmKernels,
} from "./wasm_runtime.ts";
import type { FloatStorage as Storage } from "./elementwise.ts";

/** A seeded stream of integers in [lo, hi] and of numbers in [-1, 1). */
function stream(seed: number): { int(lo: number, hi: number): number; real(): number } {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  return {
    int: (lo, hi) => lo + (next() % (hi - lo + 1)),
    real: () => next() / 2 ** 31 - 1,
  };
}

/** A random geometry with a non-empty output (strides, padding, dilation and groups vary). */
function geometry(r: ReturnType<typeof stream>, n: number): ConvGeometry {
  for (;;) {
    const groups = r.int(1, 2);
    const [h, w, kh, kw] = [r.int(1, 9), r.int(1, 9), r.int(1, 4), r.int(1, 4)];
    const [sh, sw, dh, dw, ph, pw] = [
      r.int(1, 3),
      r.int(1, 3),
      r.int(1, 2),
      r.int(1, 2),
      r.int(0, 3),
      r.int(0, 3),
    ];
    const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
    const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
    if (oh <= 0 || ow <= 0) continue;
    const cin = groups * r.int(1, 3);
    const cout = groups * r.int(1, 3);
    return { n, cin, h, w, cout, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, groups };
  }
}

function filled(n: number, r: ReturnType<typeof stream>, f64: boolean): Storage {
  const out = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r.real();
  return out;
}

Deno.test("im2col kernel: the WebAssembly matrix equals the TypeScript one bit for bit", () => {
  const loaded = wasmKernels();
  assert.ok(loaded !== null, "WebAssembly is available under Deno");
  const kz: WasmKernels = loaded;
  const r = stream(7);
  for (let trial = 0; trial < 600; trial++) {
    const f64 = trial % 2 === 1;
    const E = f64 ? 8 : 4;
    const g = geometry(r, 1);
    const cg = g.cin / g.groups;
    const gi = r.int(0, g.groups - 1);
    const x = filled(g.cin * g.h * g.w, r, f64);
    x[r.int(0, x.length - 1)] = -0; // a -0 stays -0 through both copies
    const K = cg * g.kh * g.kw;
    const P = g.oh * g.ow;
    const at = r.int(0, 3);
    const rowLen = P + at + r.int(0, 3);
    const xOff = gi * cg * g.h * g.w;
    const want = (f64 ? new Float64Array(K * rowLen) : new Float32Array(K * rowLen)).fill(7);
    im2col(x, xOff, g, want, at, rowLen);
    const px = kz.arena;
    const pc = kz.arena + 64 * 1024;
    assert.ok(ensureMemory(kz, pc + K * rowLen * E));
    const heap: Storage = f64 ? heapF64(kz) : heapF32(kz);
    (heap as Float32Array).set((x as Float32Array).subarray(xOff, xOff + cg * g.h * g.w), px / E);
    heap.fill(7, pc / E, pc / E + K * rowLen);
    const run = f64 ? kz.exports.im2col_f64 : kz.exports.im2col_f32;
    const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = g;
    run(px, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, pc + at * E, rowLen);
    const got: Storage = heap.slice(pc / E, pc / E + K * rowLen);
    assert.deepEqual(got, want, `${JSON.stringify(g)} group ${gi} at ${at} rowLen ${rowLen}`);
  }
});

Deno.test("col2im kernel: the WebAssembly sums equal the TypeScript ones bit for bit", () => {
  const loaded = wasmKernels();
  assert.ok(loaded !== null, "WebAssembly is available under Deno");
  const kz: WasmKernels = loaded;
  const r = stream(9);
  for (let trial = 0; trial < 600; trial++) {
    const f64 = trial % 2 === 1;
    const E = f64 ? 8 : 4;
    const g = geometry(r, 1);
    const cg = g.cin / g.groups;
    const K = cg * g.kh * g.kw;
    const P = g.oh * g.ow;
    const cols = filled(K * P, r, f64);
    const planes = cg * g.h * g.w;
    const start = filled(planes, r, f64); // col2im adds onto what is there
    const want = start.slice();
    col2im(cols, g, want, 0);
    const pc = kz.arena;
    const px = kz.arena + 64 * 1024;
    assert.ok(ensureMemory(kz, px + planes * E));
    const heap: Storage = f64 ? heapF64(kz) : heapF32(kz);
    (heap as Float32Array).set(cols as Float32Array, pc / E);
    (heap as Float32Array).set(start as Float32Array, px / E);
    const run = f64 ? kz.exports.col2im_f64 : kz.exports.col2im_f32;
    const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = g;
    run(pc, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, px);
    const got: Storage = heap.slice(px / E, px / E + planes);
    assert.deepEqual(got, want, JSON.stringify(g));
  }
});

/** The convolution by its definition, accumulated in float64: `[n, cout, oh, ow]`. */
function naiveConv(g: ConvGeometry, x: Storage, weight: Storage): Float64Array {
  const cg = g.cin / g.groups;
  const og = g.cout / g.groups;
  const y = new Float64Array(g.n * g.cout * g.oh * g.ow);
  let q = 0;
  for (let s = 0; s < g.n; s++) {
    for (let o = 0; o < g.cout; o++) {
      const gi = Math.floor(o / og);
      for (let a = 0; a < g.oh; a++) {
        for (let b = 0; b < g.ow; b++, q++) {
          let acc = 0;
          for (let c = 0; c < cg; c++) {
            for (let i = 0; i < g.kh; i++) {
              const ih = a * g.sh - g.ph + i * g.dh;
              if (ih < 0 || ih >= g.h) continue;
              for (let j = 0; j < g.kw; j++) {
                const iw = b * g.sw - g.pw + j * g.dw;
                if (iw < 0 || iw >= g.w) continue;
                const xv = x[((s * g.cin + gi * cg + c) * g.h + ih) * g.w + iw];
                acc += xv * weight[((o * cg + c) * g.kh + i) * g.kw + j];
              }
            }
          }
          y[q] = acc;
        }
      }
    }
  }
  return y;
}

Deno.test("convolution: the forward and both gradients through the WebAssembly GEMM with its im2col operand and col2im result", () => {
  // large enough (m·n·k ≥ 4096 per product) that every GEMM is WebAssembly's
  const r = stream(11);
  for (const f64 of [false, true]) {
    for (let trial = 0; trial < 12; trial++) {
      const g0 = geometry(r, 3);
      const g = { ...g0, cin: g0.cin * 4, cout: g0.cout * 4 };
      const x = filled(g.n * g.cin * g.h * g.w, r, f64);
      const weight = filled(g.cout * (g.cin / g.groups) * g.kh * g.kw, r, f64);
      const P = g.oh * g.ow;
      const y = f64 ? new Float64Array(g.n * g.cout * P) : new Float32Array(g.n * g.cout * P);
      convForward(g, x, weight, y);
      const want = naiveConv(g, x, weight);
      const tol = f64 ? 1e-12 : 1e-5;
      for (let i = 0; i < y.length; i++) {
        assert.ok(Math.abs(y[i] - want[i]) <= tol, `forward ${JSON.stringify(g)} [${i}]`);
      }
      // the weight gradient against the TypeScript path's (same products, float64 sums there)
      const gy = filled(y.length, r, f64);
      const gw = f64 ? new Float64Array(weight.length) : new Float32Array(weight.length);
      convWeightGrad(g, x, gy, gw);
      const was = setWasmEnabled(false);
      const ref = f64 ? new Float64Array(weight.length) : new Float32Array(weight.length);
      try {
        convWeightGrad(g, x, gy, ref);
      } finally {
        setWasmEnabled(was);
      }
      for (let i = 0; i < gw.length; i++) {
        assert.ok(Math.abs(gw[i] - ref[i]) <= tol * 10, `weight grad ${JSON.stringify(g)} [${i}]`);
      }
      // the input gradient likewise
      const gx = f64 ? new Float64Array(x.length) : new Float32Array(x.length);
      convInputGrad(g, gy, weight, gx);
      const refX = f64 ? new Float64Array(x.length) : new Float32Array(x.length);
      setWasmEnabled(false);
      try {
        convInputGrad(g, gy, weight, refX);
      } finally {
        setWasmEnabled(was);
      }
      for (let i = 0; i < gx.length; i++) {
        assert.ok(Math.abs(gx[i] - refX[i]) <= tol * 10, `input grad ${JSON.stringify(g)} [${i}]`);
      }
    }
  }
});
