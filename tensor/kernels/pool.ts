/**
 * Pooling on typed arrays: the largest element or the mean of each window of a plane, and the
 * adjoints their derivatives use. A tensor `[…, h, w]` is `planes` contiguous planes of `h·w`;
 * the output has `planes` planes of `oh·ow`. A pooling is separable into the windows along the
 * rows and those along the columns ({@linkcode Windows}), which is all that differs between
 * max/average pooling (strides, padding, dilation, `ceilMode`) and their adaptive variants. The
 * windows and the arithmetic follow PyTorch's CPU kernels (`MaxPoolKernel.cpp`,
 * `AvgPoolKernel.cpp`, `AdaptiveAvgPoolKernel.cpp`, `AdaptiveMaxPoolKernel.cpp`).
 *
 * @module
 */

import type { Storage } from "./elementwise.ts";
import { ensureMemory, heapF32, wasmKernels } from "./wasm_runtime.ts";

/**
 * Smallest float32 input (elements) that {@linkcode maxPool} pools with the WebAssembly kernel
 * when its windows are 2×2 with stride 2: below it, copying the input in and the maxima and
 * positions out costs more than the kernel saves.
 */
export const MAXPOOL_WASM_MIN = 4096;

/**
 * The windows along one axis: output `o` reads inputs `start[o]`, `start[o] + step`, … below
 * `end[o]`, and (average pooling) counts `count[o]` elements in its divisor.
 */
export interface Windows {
  start: Int32Array;
  end: Int32Array;
  count: Int32Array;
  step: number;
}

/**
 * PyTorch's `pooling_output_shape`: the number of windows along one dim. With `ceilMode` a last,
 * partial window counts when it starts inside the input or its left padding.
 *
 * @param size Input size.
 * @param kernel Kernel size.
 * @param pad Padding on each side.
 * @param stride Stride.
 * @param dilation Dilation.
 * @param ceilMode Round up rather than down.
 * @returns The output size.
 */
export function poolOutputSize(
  size: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

function windows(out: number, step: number): Windows {
  return {
    start: new Int32Array(out),
    end: new Int32Array(out),
    count: new Int32Array(out),
    step,
  };
}

/**
 * The windows of a strided pooling along one axis: window `o` starts at `o·stride − pad` and
 * spans `dilation·(kernel − 1) + 1` inputs, clipped to the input. For max pooling the padding
 * is −∞ (the clipped window is all that is read); for average pooling `count` is the divisor's
 * share: the window clipped to the padded input (`countIncludePad`) or to the input.
 *
 * @param size Input size.
 * @param out Output size.
 * @param kernel Kernel size.
 * @param stride Stride.
 * @param pad Padding on each side.
 * @param dilation Dilation.
 * @param countIncludePad Count the padding in `count`.
 * @returns The windows.
 */
export function stridedWindows(
  size: number,
  out: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
  countIncludePad: boolean,
): Windows {
  const win = windows(out, dilation);
  for (let o = 0; o < out; o++) {
    let s = o * stride - pad;
    const padded = Math.min(s + kernel, size + pad) - s; // average pooling (dilation 1)
    const e = Math.min(s + (kernel - 1) * dilation + 1, size);
    while (s < 0) s += dilation;
    win.start[o] = s;
    win.end[o] = e;
    win.count[o] = countIncludePad ? padded : Math.max(0, Math.ceil((e - s) / dilation));
  }
  return win;
}

/**
 * The windows of an adaptive pooling along one axis: window `o` covers
 * `[⌊o·size/out⌋, ⌈(o+1)·size/out⌉)`.
 *
 * @param size Input size.
 * @param out Output size.
 * @returns The windows.
 */
export function adaptiveWindows(size: number, out: number): Windows {
  const win = windows(out, 1);
  for (let o = 0; o < out; o++) {
    win.start[o] = Math.floor((o * size) / out);
    win.end[o] = Math.ceil(((o + 1) * size) / out);
    win.count[o] = win.end[o] - win.start[o];
  }
  return win;
}

/**
 * Max pooling: the largest element of each window (a NaN wins, the last of several; of equal
 * elements the first) and its position within its plane (`row·w + column`); a window of −∞ only
 * gives −∞ at its first position, as PyTorch's `cpu_max_pool`.
 *
 * @param x The input planes.
 * @param planes The number of planes.
 * @param w The input width (planes are `x.length / planes` long).
 * @param rows The windows along the rows.
 * @param cols The windows along the columns.
 * @param out The maxima, `planes·rows·cols`.
 * @param index The positions.
 */
export function maxPool(
  x: Storage,
  planes: number,
  w: number,
  rows: Windows,
  cols: Windows,
  out: Storage,
  index: Int32Array,
): void {
  if (x.length >= MAXPOOL_WASM_MIN && x instanceof Float32Array && pairs(rows) && pairs(cols)) {
    if (maxPool2x2(x, planes, w, rows.start.length, cols.start.length, out, index)) return;
  }
  const plane = planes === 0 ? 0 : x.length / planes;
  const oh = rows.start.length;
  const ow = cols.start.length;
  const dh = rows.step;
  const dw = cols.step;
  let q = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let y = 0; y < oh; y++) {
      const i0 = rows.start[y];
      const i1 = rows.end[y];
      for (let z = 0; z < ow; z++, q++) {
        const j0 = cols.start[z];
        const j1 = cols.end[z];
        let best = i0 * w + j0;
        let m = -Infinity;
        for (let i = i0; i < i1; i += dh) {
          for (let j = j0; j < j1; j += dw) {
            const v = x[base + i * w + j];
            if (v > m || v !== v) {
              m = v;
              best = i * w + j;
            }
          }
        }
        out[q] = m;
        index[q] = best;
      }
    }
  }
}

/** Whether the windows are `[2o, 2o + 2)`: a kernel of 2 with stride 2, inside the input. */
function pairs(win: Windows): boolean {
  if (win.step !== 1) return false;
  for (let o = 0; o < win.start.length; o++) {
    if (win.start[o] !== 2 * o || win.end[o] !== 2 * o + 2) return false;
  }
  return true;
}

const align16 = (x: number): number => Math.ceil(x / 16) * 16;

/**
 * {@linkcode maxPool} over 2×2 windows with stride 2 in the WebAssembly kernel, four windows at a
 * time without data-dependent branches (the loop's comparisons mispredict on random data); `false`
 * when WebAssembly or its memory is unavailable.
 */
function maxPool2x2(
  x: Float32Array,
  planes: number,
  w: number,
  oh: number,
  ow: number,
  out: Storage,
  index: Int32Array,
): boolean {
  const kz = wasmKernels();
  if (kz === null) return false;
  const n = out.length;
  const px = kz.arena;
  const pout = align16(px + x.length * 4);
  const pidx = align16(pout + n * 4);
  if (!ensureMemory(kz, pidx + n * 4)) return false;
  const heap = heapF32(kz);
  heap.set(x, px / 4);
  kz.exports.maxpool2x2_f32(px, planes, x.length / planes / w, w, oh, ow, pout, pidx);
  (out as Float32Array).set(heap.subarray(pout / 4, pout / 4 + n));
  index.set(new Int32Array(kz.memory.buffer, pidx, n));
  return true;
}

/**
 * Average pooling, or (with `adjoint`) its adjoint: each window's sum divided by
 * `divisor` (when not 0) or by the product of its rows' and columns' `count`; a window outside
 * the input gives 0. The adjoint adds each output gradient, divided the same way, onto its
 * window.
 *
 * @param src The input planes (the output gradient for the adjoint).
 * @param planes The number of planes.
 * @param w The input width.
 * @param rows The windows along the rows (step 1).
 * @param cols The windows along the columns (step 1).
 * @param divisor The divisor, or 0.
 * @param dst The output (the input gradient for the adjoint, zero-filled).
 * @param adjoint Compute the adjoint.
 */
export function avgPool(
  src: Storage,
  planes: number,
  w: number,
  rows: Windows,
  cols: Windows,
  divisor: number,
  dst: Storage,
  adjoint: boolean,
): void {
  const oh = rows.start.length;
  const ow = cols.start.length;
  const plane = planes === 0 ? 0 : (adjoint ? dst.length : src.length) / planes;
  let q = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let y = 0; y < oh; y++) {
      const i0 = rows.start[y];
      const i1 = rows.end[y];
      for (let z = 0; z < ow; z++, q++) {
        const j0 = cols.start[z];
        const j1 = cols.end[z];
        if (i0 >= i1 || j0 >= j1) continue; // dst stays 0
        const div = divisor !== 0 ? divisor : rows.count[y] * cols.count[z];
        if (adjoint) {
          const v = src[q] / div;
          for (let i = i0; i < i1; i++) {
            for (let j = j0; j < j1; j++) dst[base + i * w + j] += v;
          }
        } else {
          let s = 0;
          for (let i = i0; i < i1; i++) {
            for (let j = j0; j < j1; j++) s += src[base + i * w + j];
          }
          dst[q] = s / div;
        }
      }
    }
  }
}

/**
 * Reads `src` at per-plane positions, or (with `adjoint`) adds back there:
 * `dst[p, k] = src[p, index[p, k]]`, adjoint `dst[p, index[p, k]] += src[p, k]`.
 *
 * @param src The values read (`planes·inPlane`; `planes·outPlane` for the adjoint).
 * @param index `planes` planes of `outPlane` positions.
 * @param inPlane Elements per plane of the indexed side.
 * @param outPlane Positions per plane.
 * @param dst The result (zero-filled for the adjoint).
 * @param adjoint Compute the adjoint.
 */
export function gatherPlanes(
  src: Storage,
  index: Int32Array,
  inPlane: number,
  outPlane: number,
  dst: Storage,
  adjoint: boolean,
): void {
  let q = 0;
  for (let base = 0; q < index.length; base += inPlane) {
    const end = q + outPlane;
    if (adjoint) { for (; q < end; q++) dst[base + index[q]] += src[q]; }
    else for (; q < end; q++) dst[q] = src[base + index[q]];
  }
}
