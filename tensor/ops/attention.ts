/**
 * Attention with its derivatives: `scaledDotProductAttention` (PyTorch's
 * `torch.nn.functional.scaled_dot_product_attention`), as PyTorch 2.x computes it on the CPU.
 *
 * PyTorch picks one of two kernels, and the graph shows which: its fused "flash" kernel
 * (`ScaledDotProductFlashAttentionForCpuBackward0`) for 4-D query, key and value of one head
 * size, equal batch and head counts, no dropout and a mask that needs no gradient; otherwise
 * its math path, a composition of ops (`q·√s @ (k·√s)ᵀ`, the mask added, a softmax that gives 0
 * on fully masked rows, dropout, `@ v`) whose last node is the product's (`UnsafeViewBackward0`
 * for batched inputs). descent computes both the same way, and records the fused kernel as one
 * node whose backward (the flash backward: `dV = Pᵀ dO`, `dS = P ∘ (dO Vᵀ − rowsum)`,
 * `dQ = s·dS K`, `dK = s·dSᵀ Q`) is written in tensor ops, so `createGraph` differentiates it
 * again (PyTorch has no double backward there).
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { allocate, Tensor } from "../tensor.ts";
import { broadcastShapes } from "../shape.ts";
import { cppTypeName, isFloatingDType, scalarTypeName } from "../dtype.ts";
import type { Storage } from "../kernels/elementwise.ts";
import { defaultGenerator } from "../generator.ts";
import { zeros } from "../create.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { matmul } from "./linalg.ts";
import { where } from "./elementwise.ts";

/** Options of {@linkcode scaledDotProductAttention} (PyTorch's keyword arguments). */
export interface ScaledDotProductAttentionOptions {
  /**
   * Added to the attention scores before the softmax, broadcast to `[…, L, S]` (`-Infinity`
   * masks a position out). float32 or the query's dtype.
   */
  attnMask?: Tensor | null;
  /** The probability of zeroing an attention weight (the rest are scaled by `1/(1 − p)`). */
  dropoutP?: number;
  /** Mask out keys after each query's position (`j > i`); not together with `attnMask`. */
  isCausal?: boolean;
  /** The factor of the scores (default `1/√E`). */
  scale?: number | null;
}

/**
 * PyTorch's `_safe_softmax` along the last dim: a softmax, with 0 for rows that are all −∞
 * (fully masked) rather than NaN → `SafeSoftmaxBackward0` (`y ∘ (g − Σ g·y)`, y the result).
 */
function safeSoftmax(x: Tensor): Tensor {
  const n = x.shape[x.ndim - 1];
  const rows = n === 0 ? 0 : x._numel / n;
  const src = x._values();
  const out = allocate(x.dtype, x._numel);
  softmaxRows(src, rows, n, out);
  const result = new Tensor(out, x.shape, x.dtype);
  if (tracks(x)) {
    const node = record("SafeSoftmaxBackward0", result, [x]);
    const sy = node.save(result);
    node.setBackward((g) => {
      const y = sy.unpack();
      return [y.mul(g.sub(g.mul(y).sum(-1, true)))];
    });
  }
  return result;
}

function softmaxRows(x: Storage, rows: number, n: number, out: Storage): void {
  for (let r = 0; r < rows; r++) {
    const b = r * n;
    let m = -Infinity;
    for (let k = 0; k < n; k++) {
      const v = x[b + k];
      if (v > m || v !== v) m = v;
    }
    if (m === -Infinity) continue; // fully masked: zeros
    let s = 0;
    for (let k = 0; k < n; k++) {
      const e = Math.exp(x[b + k] - m);
      out[b + k] = e;
      s += e;
    }
    for (let k = 0; k < n; k++) out[b + k] /= s;
  }
}

/** `0` where key `j` may be attended from query `i` (`j ≤ i`), `-∞` elsewhere, `[L, S]`. */
function causalMask(l: number, s: number, like: Tensor): Tensor {
  const m = allocate(like.dtype, l * s);
  for (let i = 0; i < l; i++) for (let j = i + 1; j < s; j++) m[i * s + j] = -Infinity;
  return new Tensor(m, [l, s], like.dtype);
}

/**
 * PyTorch's CPU `dropout` in training: `input * noise`, `noise` 0 or `1/(1 − p)`, drawn with
 * `bernoulli(1 − p)` from the default generator (`MulBackward0`).
 */
function dropout(x: Tensor, p: number): Tensor {
  if (p === 1) return x.mul(zeros([], { dtype: x.dtype }));
  const noise = allocate(x.dtype, x._numel);
  defaultGenerator.bernoulli(noise, 1 - p);
  const keep = x.dtype === "float32" ? Math.fround(1 / Math.fround(1 - p)) : 1 / (1 - p);
  for (let i = 0; i < noise.length; i++) noise[i] *= keep;
  return x.mul(new Tensor(noise, x.shape, x.dtype));
}

/** The attention weights `safeSoftmax(q·√s @ (k·√s)ᵀ + mask)`, as PyTorch's math path forms them. */
function weights(q: Tensor, k: Tensor, mask: Tensor | null, scale: number): Tensor {
  const sf = Math.sqrt(Math.abs(scale));
  let scores = matmul(q.mul(scale < 0 ? -sf : sf), k.transpose(-2, -1).mul(sf));
  if (mask !== null) scores = scores.add(mask);
  return safeSoftmax(scores);
}

/** PyTorch's `check_attn_mask_shape` (for the flash kernel): a mask it can broadcast itself. */
function flashMask(q: Tensor, k: Tensor, mask: Tensor | null): boolean {
  if (mask === null) return true;
  if (mask.requiresGrad) return false;
  const rows = mask.size(-2); // a 1-D mask throws here, as in PyTorch
  const cols = mask.size(-1);
  if (rows !== q.shape[2] && rows !== 1) return false;
  if (cols !== k.shape[2] && cols !== 1) return false;
  if (mask.ndim === 2) return true;
  return mask.ndim === 4 && (mask.shape[0] === 1 || mask.shape[0] === q.shape[0]) &&
    (mask.shape[1] === 1 || mask.shape[1] === q.shape[1]);
}

/** Whether PyTorch 2.x's CPU dispatch (`_fused_sdp_choice_cpp`) picks the flash kernel. */
function usesFlash(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, p: number): boolean {
  if (p > 0 || q.ndim !== 4 || k.ndim !== 4 || v.ndim !== 4) return false;
  const [b, h] = q.shape;
  if (k.shape[0] !== b || v.shape[0] !== b || k.shape[1] !== h || v.shape[1] !== h) return false;
  if (!flashMask(q, k, mask)) return false;
  const e = q.shape[3];
  if (k.shape[3] !== e || v.shape[3] !== e) return false;
  return q.stride(-1) === 1 && k.stride(-1) === 1 && v.stride(-1) === 1;
}

/**
 * Scaled dot-product attention: `softmax(q kᵀ · scale + mask) v`, with an optional causal mask
 * and dropout, over any batch dims. PyTorch: `torch.nn.functional.scaled_dot_product_attention(
 * query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None)` →
 * `ScaledDotProductFlashAttentionForCpuBackward0` (4-D inputs of one head size, no dropout) or
 * `UnsafeViewBackward0` (the math path). Dropout draws from the default generator as PyTorch's
 * does (`manualSeed` makes it reproducible, and equal to PyTorch's). A row of scores that is all
 * `-Infinity` gives zeros, as in PyTorch.
 *
 * @param query `[…, L, E]`.
 * @param key `[…, S, E]`.
 * @param value `[…, S, Ev]`.
 * @param options `attnMask`, `dropoutP`, `isCausal`, `scale`.
 * @returns `[…, L, Ev]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatTensor, scaledDotProductAttention, tensor } from "@descent/tensor";
 * const q = tensor([[[[1, 0], [0, 1]]]], { dtype: "float32", requiresGrad: true });
 * const v = floatTensor([[[[1, 2], [3, 4]]]]);
 * const y = scaledDotProductAttention(q, q, v, { isCausal: true });
 * assert.deepEqual(y.select(2, 0).toList(), [[[1, 2]]]); // query 0 sees key 0 only
 * assert.equal(y.gradFn?.name(), "ScaledDotProductFlashAttentionForCpuBackward0");
 * ```
 */
export function scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  options: ScaledDotProductAttentionOptions = {},
): Tensor {
  const fn = "scaled_dot_product_attention";
  checkTensor(query, fn);
  checkTensor(key, fn);
  checkTensor(value, fn);
  const [q, k, v] = [query, key, value];
  if (k.dtype !== q.dtype || v.dtype !== q.dtype) {
    throw new TypeError(
      `Expected query, key, and value to have the same dtype, but got query.dtype: ${
        cppTypeName(q.dtype)
      } key.dtype: ${cppTypeName(k.dtype)} and value.dtype: ${cppTypeName(v.dtype)} instead.`,
    );
  }
  if (q.ndim < 2 || k.ndim < 2 || v.ndim < 2) {
    throw new RangeError(
      `Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: ${q.ndim} key.dim: ${k.ndim} and value.dim: ${v.ndim} instead.`,
    );
  }
  let mask = options.attnMask ?? null;
  if (mask !== null) {
    checkTensor(mask, fn);
    if (mask.dtype !== "bool" && mask.dtype !== "float32" && mask.dtype !== q.dtype) {
      throw new TypeError(
        `Expected attn_mask dtype to be bool or float or to match query dtype, but got attn_mask.dtype: ${
          cppTypeName(mask.dtype)
        } and  query.dtype: ${cppTypeName(q.dtype)} instead.`,
      );
    }
  }
  if (!isFloatingDType(q.dtype)) {
    throw new TypeError(`expected scalar type Float but found ${scalarTypeName(q.dtype)}`);
  }
  // PyTorch's `convert_boolean_attn_mask`: a bool mask keeps the positions that are true
  if (mask?.dtype === "bool") mask = where(mask, zeros([], { dtype: q.dtype }), -Infinity);
  const p = options.dropoutP ?? 0;
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
  const l = q.shape[q.ndim - 2];
  const s = k.shape[k.ndim - 2];
  if (l === 0 || s === 0) {
    // PyTorch: zeros, joined to the graph by `+ (q.sum() + k.sum() + v.sum()) * 0`
    const batch = broadcastShapes(q.shape.slice(0, -2), k.shape.slice(0, -2));
    const out = zeros([...batch, l, v.shape[v.ndim - 1]], { dtype: q.dtype });
    return out.add(q.sum().add(k.sum()).add(v.sum()).mul(0));
  }
  const scale = options.scale ?? 1 / Math.sqrt(q.shape[q.ndim - 1]);
  const flash = usesFlash(q, k, v, mask, p);
  if (options.isCausal) {
    if (mask !== null && !flash) {
      throw new TypeError(
        "_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True",
      );
    }
    const causal = causalMask(l, s, q);
    mask = mask === null ? causal : noGrad(() => mask!.add(causal));
  }
  if (!flash) {
    let attn = weights(q, k, mask, scale);
    if (p > 0) attn = dropout(attn, p);
    return matmul(attn, v);
  }
  const out = noGrad(() => matmul(weights(q, k, mask, scale), v));
  if (tracks(q) || tracks(k) || tracks(v)) {
    const node = record("ScaledDotProductFlashAttentionForCpuBackward0", out, [q, k, v]);
    const [sq, sk, sv] = [node.save(q), node.save(k), node.save(v)];
    const m = mask;
    node.setBackward((g) => {
      const [q, k, v] = [sq.unpack(), sk.unpack(), sv.unpack()];
      const P = weights(q, k, m, scale);
      const dP = g.matmul(v.transpose(-2, -1));
      const dS = P.mul(dP.sub(dP.mul(P).sum(-1, true)));
      return [
        node.needs(0) ? dS.matmul(k).mul(scale) : null,
        node.needs(1) ? dS.transpose(-2, -1).matmul(q).mul(scale) : null,
        node.needs(2) ? P.transpose(-2, -1).matmul(g) : null,
      ];
    });
  }
  return out;
}
