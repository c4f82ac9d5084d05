/**
 * Softmax family along one dim, numerically stable: `softmax`, `logSoftmax`, `logsumexp`,
 * `softmin`.
 * Forward and (outside `createGraph`) backward are single passes over typed arrays; under
 * `createGraph` the backward is written in Tensor ops, so it differentiates again.
 *
 * @module
 */

import { isGradEnabled } from "@descent/autograd";
import { allocate, Tensor } from "../tensor.ts";
import { normalizeDim } from "../shape.ts";
import { isFloatingDType, notImplemented } from "../dtype.ts";
import type { FloatStorage as Storage } from "../kernels/elementwise.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { convert } from "./exact.ts";

/** PyTorch's refusal of an integer or bool input by the softmax kernels. */
function floatInput(a: Tensor, d: number, kernel: string): void {
  // PyTorch returns an empty input as it is before it looks for a kernel of its dtype
  if (isFloatingDType(a.dtype) || a._numel === 0) return;
  const last = a.ndim === 0 || d === a.ndim - 1;
  throw notImplemented(`${kernel}${last ? "_lastdim" : ""}_kernel_impl`, a.dtype);
}

/** The row-major layout around `dim`: `outer` blocks of `n` rows of `inner` elements. */
function layout(a: Tensor, dim: unknown, name: string): [number, number, number, number] {
  checkTensor(a, name);
  if (typeof dim !== "number") {
    throw new TypeError(`${name}(): argument 'dim' must be an integer, got ${typeof dim}`);
  }
  const d = normalizeDim(dim, a.ndim);
  if (a.ndim === 0) return [0, 1, 1, 1];
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < d; i++) outer *= a.shape[i];
  for (let i = d + 1; i < a.ndim; i++) inner *= a.shape[i];
  return [d, outer, a.shape[d], inner];
}

/**
 * Writes `log(sum(exp(x)))` along the dim into `out[o * inner + i]`, shifted by the max as
 * PyTorch does (a max of ±inf is replaced by 0, so all -inf gives -inf).
 */
function lseKernel(x: Storage, outer: number, n: number, inner: number, out: Storage): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) {
      let m = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = x[base + k * inner + i];
        if (v > m || v !== v) m = v;
      }
      if (m === Infinity || m === -Infinity) m = 0;
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(x[base + k * inner + i] - m);
      out[o * inner + i] = Math.log(s) + m;
    }
  }
}

/**
 * Softmax or log-softmax values along the dim: `out = exp(x - m) / s` or `x - m - log(s)` with
 * `m` the max and `s = Σ exp(x - m)`.
 */
function softmaxKernel(
  x: Storage,
  outer: number,
  n: number,
  inner: number,
  out: Storage,
  log: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) {
      let m = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = x[base + k * inner + i];
        if (v > m || v !== v) m = v;
      }
      let s = 0;
      if (log) {
        for (let k = 0; k < n; k++) s += Math.exp(x[base + k * inner + i] - m);
        const logS = Math.log(s);
        for (let k = 0; k < n; k++) {
          const j = base + k * inner + i;
          out[j] = x[j] - m - logS;
        }
      } else {
        for (let k = 0; k < n; k++) {
          const j = base + k * inner + i;
          const e = Math.exp(x[j] - m);
          out[j] = e;
          s += e;
        }
        for (let k = 0; k < n; k++) out[base + k * inner + i] /= s;
      }
    }
  }
}

/**
 * Softmax along `dim`: `exp(x) / Σ exp(x)`, computed stably. PyTorch:
 * `torch.softmax(input, dim)` → `SoftmaxBackward0` (saves its result).
 *
 * @param a The input.
 * @param dim The dim that sums to 1 (negative counts from the end).
 * @returns Probabilities of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { softmax, tensor } from "@descent/tensor";
 * assert(String(softmax(tensor([[1, 2, 3]], { dtype: "float32" }), 1)) === "tensor([[0.0900, 0.2447, 0.6652]])");
 * ```
 */
export function softmax(a: Tensor, dim: number): Tensor {
  const [d, outer, n, inner] = layout(a, dim, "softmax");
  floatInput(a, d, "softmax");
  const o = allocate(a.dtype, a._numel) as Storage;
  softmaxKernel(a._values() as Storage, outer, n, inner, o, false);
  const out = new Tensor(o, a.shape, a.dtype);
  if (tracks(a)) {
    const node = record("SoftmaxBackward0", out, [a]);
    const so = node.save(out);
    node.setBackward((g) => {
      const y = so.unpack();
      if (isGradEnabled()) {
        // PyTorch's _softmax_backward_data: y * (g - Σ g·y)
        return [y.mul(g.sub(g.mul(y).sum(d, true)))];
      }
      const yv = y._values() as Storage;
      const gv = g._values() as Storage;
      const r = allocate(a.dtype, a._numel) as Storage;
      for (let p = 0; p < outer; p++) {
        const base = p * n * inner;
        for (let i = 0; i < inner; i++) {
          let dot = 0;
          for (let k = 0; k < n; k++) dot += gv[base + k * inner + i] * yv[base + k * inner + i];
          for (let k = 0; k < n; k++) {
            const j = base + k * inner + i;
            r[j] = yv[j] * (gv[j] - dot);
          }
        }
      }
      return [new Tensor(r, a.shape, a.dtype)];
    });
  }
  return out;
}

/**
 * Log of the softmax along `dim`: `x - log Σ exp(x)`, computed stably (finite for logits of
 * any size). PyTorch: `torch.log_softmax(input, dim)` → `LogSoftmaxBackward0` (saves its
 * result).
 *
 * @param a The input.
 * @param dim The dim to normalise over (negative counts from the end).
 * @returns Log-probabilities of `a`'s shape.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logSoftmax, tensor } from "@descent/tensor";
 * assert(String(logSoftmax(tensor([1e4, 0], { dtype: "float32" }), 0)) === "tensor([     0., -10000.])");
 * ```
 */
export function logSoftmax(a: Tensor, dim: number): Tensor {
  const [d, outer, n, inner] = layout(a, dim, "log_softmax");
  floatInput(a, d, "log_softmax");
  const o = allocate(a.dtype, a._numel) as Storage;
  softmaxKernel(a._values() as Storage, outer, n, inner, o, true);
  const out = new Tensor(o, a.shape, a.dtype);
  if (tracks(a)) {
    const node = record("LogSoftmaxBackward0", out, [a]);
    const so = node.save(out);
    node.setBackward((g) => {
      const y = so.unpack();
      if (isGradEnabled()) {
        // PyTorch's _log_softmax_backward_data: g - exp(y) * Σ g
        return [g.sub(y.exp().mul(g.sum(d, true)))];
      }
      const yv = y._values() as Storage;
      const gv = g._values() as Storage;
      const r = allocate(a.dtype, a._numel) as Storage;
      for (let p = 0; p < outer; p++) {
        const base = p * n * inner;
        for (let i = 0; i < inner; i++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += gv[base + k * inner + i];
          for (let k = 0; k < n; k++) {
            const j = base + k * inner + i;
            r[j] = gv[j] - Math.exp(yv[j]) * s;
          }
        }
      }
      return [new Tensor(r, a.shape, a.dtype)];
    });
  }
  return out;
}

/**
 * `log Σ exp(x)` along `dim`, computed stably. PyTorch:
 * `torch.logsumexp(input, dim, keepdim=False)` → `LogsumexpBackward0`. Integer and bool inputs
 * give float32 (PyTorch 2.x).
 *
 * @param a The input.
 * @param dim The dim to reduce (negative counts from the end).
 * @param keepdim Keep the reduced dim with size 1.
 * @returns The reduced tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logsumexp, tensor } from "@descent/tensor";
 * assert(String(logsumexp(tensor([[0, 0], [1e4, 1e4]]), 1)) === "tensor([6.9315e-01, 1.0001e+04])");
 * ```
 */
export function logsumexp(a: Tensor, dim: number, keepdim = false): Tensor {
  const [d, outer, n, inner] = layout(a, dim, "logsumexp");
  if (!isFloatingDType(a.dtype)) return logsumexp(convert(a, "float32"), dim, keepdim);
  const o = allocate(a.dtype, outer * inner) as Storage;
  lseKernel(a._values() as Storage, outer, n, inner, o);
  const shape = a.ndim === 0
    ? []
    : keepdim
    ? a.shape.map((s, i) => (i === d ? 1 : s))
    : a.shape.filter((_, i) => i !== d);
  const out = new Tensor(o, shape, a.dtype);
  if (tracks(a)) {
    const node = record("LogsumexpBackward0", out, [a]);
    const sa = node.save(a);
    const so = node.save(out);
    node.setBackward((g) => {
      const x = sa.unpack();
      let r = so.unpack();
      if (!keepdim && a.ndim > 0) {
        g = g.unsqueeze(d);
        r = r.unsqueeze(d);
      }
      // PyTorch's logsumexp_backward: g * exp(x - result)
      return [g.mul(x.sub(r).exp())];
    });
  }
  return out;
}

// ---- activations (issue 13) ----

/**
 * Softmin along `dim`: the softmax of `-a`, `exp(-x) / Σ exp(-x)`. PyTorch:
 * `torch.nn.functional.softmin(input, dim)`, computed as `(-input).softmax(dim)` (so its node
 * is `SoftmaxBackward0`). Integer inputs are refused by the softmax and bool inputs by the
 * negation, as in PyTorch.
 *
 * @param a The input.
 * @param dim The dim that sums to 1 (negative counts from the end).
 * @returns Probabilities of `a`'s shape, largest where `a` is smallest.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { softmin, tensor } from "@descent/tensor";
 * assert.equal(String(softmin(tensor([[1, 2, 3]], { dtype: "float32" }), 1)), "tensor([[0.6652, 0.2447, 0.0900]])");
 * ```
 */
export function softmin(a: Tensor, dim: number): Tensor {
  checkTensor(a, "softmin");
  return softmax(a.neg(), dim);
}
// ---- end activations ----
