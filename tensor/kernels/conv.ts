/**
 * Convolution on typed arrays, as im2col (or col2im) and the GEMM of `matmul.ts`: the forward
 * product, the input gradient (a transposed convolution) and the weight gradient of one 2-D
 * convolution with strides, padding, dilation and groups. A 1-D convolution is a 2-D one of
 * height 1.
 *
 * Layouts are PyTorch's, contiguous: input `[n, cin, h, w]`, weight `[cout, cin / groups, kh,
 * kw]`, output `[n, cout, oh, ow]`. With `P = oh·ow` output positions and `K = (cin / groups)·kh·kw`
 * taps, one sample's group `g` is the product `W_g [cout/groups × K] · cols [K × P]`, where row
 * `(c, i, j)` of `cols` holds the input pixel that tap `(i, j)` of channel `c` sees at each output
 * position (zero in the padding).
 *
 * - forward: per sample and group, im2col then one GEMM straight into the output;
 * - input gradient: per sample and group, `cols = W_gᵀ · gy` (one GEMM reading the output
 *   gradient in place), then col2im adds each column back onto the pixels it came from (in
 *   WebAssembly, reading `cols` where the GEMM left it: a `HeapResult`);
 * - weight gradient: per group, for chunks of samples, im2col of every sample of the chunk side by
 *   side (`cols [K × nb·P]`) and one GEMM `gy_g [cout/groups × nb·P] · colsᵀ`, whose inner size
 *   `nb·P` is the long one.
 *
 * A 1×1 kernel with stride 1 and no padding needs no im2col: the input is `cols` already.
 * When the GEMM runs in WebAssembly, the `im2col` kernel of `wasm_source.ts` writes `cols`
 * straight into its memory (a `HeapOperand`: no staging array and no copy; 2.6–4× faster than
 * the TypeScript loop on LeNet-5's two convolutions); otherwise `cols` is a scratch array kept
 * between calls (a freshly allocated array costs page faults on first touch, more than the copy
 * itself), at most {@linkcode CONV_CHUNK} elements.
 *
 * @module
 */

import type { FloatStorage as Storage } from "./elementwise.ts";
import { gemm, type HeapOperand, type HeapResult } from "./matmul.ts";
import { heapF32, heapF64, type WasmKernels } from "./wasm_runtime.ts";

/** The sizes of one 2-D convolution (a 1-D one has `h = kh = oh = 1`). */
export interface ConvGeometry {
  /** Batch size. */
  n: number;
  /** Input channels. */
  cin: number;
  /** Input height. */
  h: number;
  /** Input width. */
  w: number;
  /** Output channels. */
  cout: number;
  /** Kernel height. */
  kh: number;
  /** Kernel width. */
  kw: number;
  /** Output height. */
  oh: number;
  /** Output width. */
  ow: number;
  /** Vertical stride. */
  sh: number;
  /** Horizontal stride. */
  sw: number;
  /** Zero rows above the input (the rows below follow from `oh`). */
  ph: number;
  /** Zero columns left of the input (those on the right follow from `ow`). */
  pw: number;
  /** Vertical dilation. */
  dh: number;
  /** Horizontal dilation. */
  dw: number;
  /** Groups of channels convolved separately. */
  groups: number;
}

/** Most elements of a scratch `cols` matrix (the weight gradient splits the batch to fit). */
export const CONV_CHUNK = 1 << 20;

const scratch32: Float32Array[] = [];
const scratch64: Float64Array[] = [];

/** Scratch array number `slot` of `like`'s type, at least `n` long (kept for the next call). */
function scratch(like: Storage, slot: number, n: number): Storage {
  if (like instanceof Float32Array) {
    if ((scratch32[slot]?.length ?? -1) < n) scratch32[slot] = new Float32Array(n);
    return scratch32[slot];
  }
  if ((scratch64[slot]?.length ?? -1) < n) scratch64[slot] = new Float64Array(n);
  return scratch64[slot];
}

/** Whether im2col is the identity: a 1×1 kernel, stride 1, no padding. */
function pointwise(g: ConvGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0 &&
    g.oh === g.h && g.ow === g.w;
}

/** First output column whose tap at horizontal offset `off` lands at or right of input column 0. */
function firstColumn(off: number, sw: number, ow: number): number {
  return off >= 0 ? 0 : Math.min(ow, Math.ceil(-off / sw));
}

/** First output column whose tap at offset `off` lands right of the input (`w` columns). */
function endColumn(off: number, sw: number, ow: number, w: number): number {
  return Math.max(0, Math.min(ow, Math.ceil((w - off) / sw)));
}

/**
 * Writes the `cols` rows of one sample's group: row `(c, i, j)` (`K` rows of `rowLen` elements)
 * gets, from column `at` on, the `oh·ow` pixels that tap `(i, j)` of channel `c` sees, zeros in
 * the padding.
 *
 * @param x The input storage.
 * @param xOff Where channel 0 of the group starts in `x`.
 * @param g The geometry.
 * @param cols The matrix to fill.
 * @param at The first column written in each row.
 * @param rowLen Elements per row of `cols`.
 */
export function im2col(
  x: Storage,
  xOff: number,
  g: ConvGeometry,
  cols: Storage,
  at: number,
  rowLen: number,
): void {
  const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = g;
  const cg = g.cin / g.groups;
  let row = at;
  for (let c = 0; c < cg; c++) {
    const plane = xOff + c * h * w;
    for (let i = 0; i < kh; i++) {
      const top = i * dh - ph;
      for (let j = 0; j < kw; j++, row += rowLen) {
        const off = j * dw - pw;
        const lo = firstColumn(off, sw, ow);
        const hi = endColumn(off, sw, ow, w);
        let q = row;
        for (let y = 0; y < oh; y++, q += ow) {
          const ih = top + y * sh;
          if (ih < 0 || ih >= h || lo >= hi) {
            for (let t = 0; t < ow; t++) cols[q + t] = 0;
            continue;
          }
          for (let t = 0; t < lo; t++) cols[q + t] = 0;
          let p = plane + ih * w + lo * sw + off;
          for (let t = lo; t < hi; t++, p += sw) cols[q + t] = x[p];
          for (let t = hi; t < ow; t++) cols[q + t] = 0;
        }
      }
    }
  }
}

/**
 * The adjoint of {@linkcode im2col}: adds each element of one sample's `cols` rows (`K` rows of
 * `oh·ow` elements) onto the input pixel it was read from; padding positions are dropped.
 *
 * @param cols The matrix, `K × oh·ow`, contiguous.
 * @param g The geometry.
 * @param gx The input-shaped storage to add into.
 * @param xOff Where channel 0 of the group starts in `gx`.
 */
export function col2im(cols: Storage, g: ConvGeometry, gx: Storage, xOff: number): void {
  const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = g;
  const cg = g.cin / g.groups;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const plane = xOff + c * h * w;
    for (let i = 0; i < kh; i++) {
      const top = i * dh - ph;
      for (let j = 0; j < kw; j++, row += oh * ow) {
        const off = j * dw - pw;
        const lo = firstColumn(off, sw, ow);
        const hi = endColumn(off, sw, ow, w);
        if (lo >= hi) continue;
        let q = row;
        for (let y = 0; y < oh; y++, q += ow) {
          const ih = top + y * sh;
          if (ih < 0 || ih >= h) continue;
          let p = plane + ih * w + lo * sw + off;
          for (let t = lo; t < hi; t++, p += sw) gx[p] += cols[q + t];
        }
      }
    }
  }
}

/**
 * The im2col matrix of samples `s0 … s0 + count − 1`, group `gi`, side by side (`K` rows of
 * `count·P` elements) as a GEMM operand: B is that matrix (`P` wide for one sample) or, with
 * `transposed`, its transpose. The WebAssembly GEMM has the `im2col` kernel write it straight
 * into its memory from a copy of each sample's input planes; the TypeScript GEMM gets it from
 * {@linkcode im2col} in scratch slot 0.
 */
function colsOperand(
  g: ConvGeometry,
  x: Storage,
  s0: number,
  count: number,
  gi: number,
  transposed: boolean,
): HeapOperand {
  const cg = g.cin / g.groups;
  const K = cg * g.kh * g.kw;
  const width = count * g.oh * g.ow;
  const planes = cg * g.h * g.w;
  const f64 = x instanceof Float64Array;
  const E = f64 ? 8 : 4;
  const first = (s0 * g.cin + gi * cg) * g.h * g.w;
  const sample = g.cin * g.h * g.w;
  const rowStride = transposed ? 1 : width;
  const colStride = transposed ? width : 1;
  return {
    len: K * width,
    rowStride,
    colStride,
    scratchBytes: planes * E,
    write(kz: WasmKernels, at: number, scratch: number): void {
      const heap = f64 ? heapF64(kz) : heapF32(kz);
      const run = f64 ? kz.exports.im2col_f64 : kz.exports.im2col_f32;
      const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = g;
      for (let j = 0; j < count; j++) {
        const from = first + j * sample;
        (heap as Float32Array).set((x as Float32Array).subarray(from, from + planes), scratch / E);
        run(scratch, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, at + j * oh * ow * E, width);
      }
    },
    view() {
      const cols = scratch(x, 0, K * width);
      for (let j = 0; j < count; j++) {
        im2col(x, first + j * sample, g, cols, j * g.oh * g.ow, width);
      }
      return { data: cols, offset: 0, rowStride, colStride };
    },
  };
}

/**
 * The consumer of one sample's group's `cols = W_gᵀ · gy` (`K × oh·ow`): col2im adds it onto the
 * group's planes of `gx` from `xOff`. The WebAssembly GEMM leaves `cols` in its memory, where the
 * `col2im` kernel adds it onto a copy of those planes, which then goes back to `gx`; the
 * TypeScript GEMM writes it into scratch slot 0 for {@linkcode col2im}.
 */
function colsResult(g: ConvGeometry, gx: Storage, xOff: number): HeapResult {
  const cg = g.cin / g.groups;
  const planes = cg * g.h * g.w;
  const f64 = gx instanceof Float64Array;
  const E = f64 ? 8 : 4;
  return {
    f64,
    scratchBytes: planes * E,
    read(kz: WasmKernels, at: number, scratch: number): void {
      const heap = f64 ? heapF64(kz) : heapF32(kz);
      (heap as Float32Array).set((gx as Float32Array).subarray(xOff, xOff + planes), scratch / E);
      const run = f64 ? kz.exports.col2im_f64 : kz.exports.col2im_f32;
      const { h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw } = g;
      run(at, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, scratch);
      (gx as Float32Array).set(
        (heap as Float32Array).subarray(scratch / E, scratch / E + planes),
        xOff,
      );
    },
    storage: () => scratch(gx, 0, cg * g.kh * g.kw * g.oh * g.ow),
    readStorage: (cols) => col2im(cols, g, gx, xOff),
  };
}

/**
 * The forward convolution: `y = conv(x, weight)`, `y` contiguous `[n, cout, oh, ow]`.
 *
 * @param g The geometry.
 * @param x The input, contiguous.
 * @param weight The weight, contiguous.
 * @param y The output (every element is written).
 */
export function convForward(g: ConvGeometry, x: Storage, weight: Storage, y: Storage): void {
  const { n, groups } = g;
  const P = g.oh * g.ow;
  const cg = g.cin / groups;
  const og = g.cout / groups;
  const K = cg * g.kh * g.kw;
  const hw = g.h * g.w;
  const direct = pointwise(g);
  for (let s = 0; s < n; s++) {
    for (let gi = 0; gi < groups; gi++) {
      const xOff = (s * g.cin + gi * cg) * hw;
      gemm({
        m: og,
        n: P,
        k: K,
        a: { data: weight, offset: gi * og * K, rowStride: K, colStride: 1 },
        b: direct
          ? { data: x, offset: xOff, rowStride: P, colStride: 1 }
          : colsOperand(g, x, s, 1, gi, false),
        c: y,
        cOffset: (s * g.cout + gi * og) * P,
      });
    }
  }
}

/**
 * The input gradient: `gx = convᵀ(gy, weight)` (a transposed convolution), `gx` contiguous
 * `[n, cin, h, w]`.
 *
 * @param g The geometry.
 * @param gy The output gradient, contiguous.
 * @param weight The weight, contiguous.
 * @param gx The input gradient, zero-filled (added into).
 */
export function convInputGrad(g: ConvGeometry, gy: Storage, weight: Storage, gx: Storage): void {
  const { n, groups } = g;
  const P = g.oh * g.ow;
  const cg = g.cin / groups;
  const og = g.cout / groups;
  const K = cg * g.kh * g.kw;
  const hw = g.h * g.w;
  const direct = pointwise(g);
  for (let s = 0; s < n; s++) {
    for (let gi = 0; gi < groups; gi++) {
      const xOff = (s * g.cin + gi * cg) * hw;
      gemm({
        m: K,
        n: P,
        k: og,
        a: { data: weight, offset: gi * og * K, rowStride: 1, colStride: K },
        b: { data: gy, offset: (s * g.cout + gi * og) * P, rowStride: P, colStride: 1 },
        c: direct ? gx : colsResult(g, gx, xOff),
        cOffset: direct ? xOff : 0,
      });
    }
  }
}

/**
 * The weight gradient: `gw = Σ_samples gy · im2col(x)ᵀ`, `gw` contiguous `[cout, cin / groups,
 * kh, kw]`.
 *
 * @param g The geometry.
 * @param x The input, contiguous.
 * @param gy The output gradient, contiguous.
 * @param gw The weight gradient (every element is written).
 */
export function convWeightGrad(g: ConvGeometry, x: Storage, gy: Storage, gw: Storage): void {
  const { n, groups } = g;
  const P = g.oh * g.ow;
  const cg = g.cin / groups;
  const og = g.cout / groups;
  const K = cg * g.kh * g.kw;
  if (n === 0 || P === 0) {
    gw.fill(0);
    return;
  }
  // samples per chunk: as many as fit a cols matrix of CONV_CHUNK elements
  const nb = Math.max(1, Math.min(n, Math.floor(CONV_CHUNK / Math.max(1, K * P))));
  const len = nb * P;
  const rows = scratch(x, 1, og * len);
  const part = n > nb ? scratch(x, 2, og * K) : null;
  for (let gi = 0; gi < groups; gi++) {
    for (let s0 = 0; s0 < n; s0 += nb) {
      const cnt = Math.min(nb, n - s0);
      const width = cnt * P;
      for (let j = 0; j < cnt; j++) {
        const s = s0 + j;
        // the output gradient of this sample's group, as columns j·P… of `rows`
        const src = (s * g.cout + gi * og) * P;
        for (let o = 0; o < og; o++) {
          const from = src + o * P;
          (rows as Float32Array).set(
            (gy as Float32Array).subarray(from, from + P),
            o * width + j * P,
          );
        }
      }
      const first = s0 === 0;
      gemm({
        m: og,
        n: K,
        k: width,
        a: { data: rows, offset: 0, rowStride: width, colStride: 1 },
        b: colsOperand(g, x, s0, cnt, gi, true),
        c: first ? gw : part!,
        cOffset: first ? gi * og * K : 0,
      });
      if (!first) {
        const base = gi * og * K;
        for (let i = 0; i < og * K; i++) gw[base + i] += part![i];
      }
    }
  }
}
