/**
 * The gated linear unit (issue 13; PyTorch's `torch.nn.functional.glu`): the first half of a dim
 * gated by the sigmoid of the second half, with PyTorch's kernel, `glu_backward` formula (in
 * tensor ops) and errors.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { normalizeDim } from "../shape.ts";
import { isFloatingDType, notImplemented } from "../dtype.ts";
import { binaryValues, sub } from "./elementwise.ts";
import { checkTensor, record, tracks } from "./record.ts";
import { cat } from "./index.ts";

/** PyTorch's glu kernel: `a · 1/(1 + e^-b)` (float32: a float32 `exp`). */
const gate64 = (a: number, b: number): number => a * (1 / (1 + Math.exp(-b)));
const gate32 = (a: number, b: number): number =>
  a * Math.fround(1 / (1 + Math.fround(Math.exp(-b))));

/**
 * The gated linear unit: with `a` and `b` the two halves of `input` along `dim`, `a · σ(b)`.
 * PyTorch: `torch.nn.functional.glu(input, dim=-1)` → `GluBackward0`. The halved dim must have
 * an even size; 0-d, integer and bool inputs are refused, as in PyTorch.
 *
 * @param input The input.
 * @param dim The dim to halve (default -1, negative counts from the end).
 * @returns `a · σ(b)`, half as long along `dim`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { glu, tensor } from "@descent/tensor";
 * assert.equal(String(glu(tensor([[1, 2, 0, 100]], { dtype: "float32" }))), "tensor([[0.5000, 2.0000]])");
 * ```
 */
export function glu(input: Tensor, dim = -1): Tensor {
  checkTensor(input, "glu");
  if (input.ndim === 0) {
    throw new RangeError("glu does not support scalars because halving size must be even");
  }
  const d = normalizeDim(dim, input.ndim);
  const n = input.shape[d];
  if (n % 2 !== 0) {
    throw new RangeError(`Halving dimension must be even, but dimension ${d} is size ${n}`);
  }
  if (!isFloatingDType(input.dtype)) throw notImplemented("glu_cpu", input.dtype);
  const h = n / 2;
  const x = input.detach();
  const gate = input.dtype === "float32" ? gate32 : gate64;
  const out = binaryValues(gate, x.narrow(d, 0, h), x.narrow(d, h, h), input.dtype);
  if (tracks(input)) {
    const node = record("GluBackward0", out, [input]);
    const si = node.save(input);
    node.setBackward((g) => {
      const v = si.unpack();
      const a = v.narrow(d, 0, h);
      const s = v.narrow(d, h, h).sigmoid();
      // PyTorch's glu_backward: σ(b)·g for a, (1 - σ(b))·σ(b)·a·g for b
      return [cat([s.mul(g), sub(1, s).mul(s).mul(a).mul(g)], d)];
    });
  }
  return out;
}
