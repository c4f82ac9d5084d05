/**
 * `Dropout`, on PyTorch's random stream.
 *
 * @module
 */

import { type Tensor, zeros } from "@descent/tensor";
import { Module } from "./module.ts";
import { pyBool, pyFloat } from "./py_repr.ts";

/**
 * Randomly zeroes elements with probability `p` during training and scales the others by
 * `1/(1 − p)`; in evaluation mode (`eval()`) it returns its input. The mask is PyTorch's for the
 * same generator state: `bernoulli(1 − p)` from the default generator, one float64 draw per
 * element, and the result is `input * mask` (`MulBackward0`). PyTorch: `F.dropout(input, p,
 * training)` on the CPU.
 *
 * @param input The input.
 * @param p The probability of an element to be zeroed.
 * @param training Drop (`true`, default) or return `input` itself.
 * @returns The result.
 * @throws {RangeError} If `p` is outside [0, 1] (PyTorch's text).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dropout } from "@descent/nn";
 * import { manualSeed, ones } from "@descent/tensor";
 * manualSeed(0); // torch.manual_seed(0); F.dropout(torch.ones(8), 0.5)
 * assert.equal(String(dropout(ones([8]), 0.5)), "tensor([0., 0., 2., 0., 0., 0., 2., 2.])");
 * ```
 */
export function dropout(input: Tensor, p = 0.5, training = true): Tensor {
  checkP(p);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (p === 1) return input.mul(zeros([], { dtype: input.dtype }));
  // PyTorch: noise = empty_like(input).bernoulli_(1 - p); noise.div_(1 - p), a division by a
  // number done as a multiplication by its reciprocal, rounded to the dtype.
  const keep = input.dtype === "float32" ? Math.fround(1 / Math.fround(1 - p)) : 1 / (1 - p);
  // empty_like keeps the input's layout: the draws fill the noise in the input's memory order
  const order = memoryOrder(input);
  const back = order.map((_, i) => order.indexOf(i));
  const noise = zeros(order.map((d) => input.shape[d]), { dtype: input.dtype });
  return input.mul(noise.bernoulli_(1 - p).mul_(keep).permute(back));
}

/**
 * The dims of `t` from outermost to innermost as PyTorch's `empty_like` lays out a tensor like it
 * (its strides when dense, else `infer_dense_strides`): by decreasing stride, the larger size
 * first among equal strides, a 0 stride keeping its place (a stable insertion sort).
 */
function memoryOrder(t: Tensor): number[] {
  const strides = t.stride();
  const sizes = t.shape;
  const perm = sizes.map((_, i) => sizes.length - 1 - i); // innermost first
  const swap = (a: number, b: number): number => {
    const [s0, s1] = [strides[a], strides[b]];
    if (s0 === 0 || s1 === 0) return 0;
    if (s0 !== s1) return s0 < s1 ? -1 : 1;
    return sizes[a] > sizes[b] ? 1 : 0;
  };
  for (let i = 1; i < perm.length; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = swap(perm[d0], perm[d1]);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  return perm.reverse();
}

function checkP(p: number): void {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
}

/**
 * Dropout as a layer: {@linkcode dropout} with this module's `p` in training mode, the identity
 * in evaluation mode. PyTorch: `torch.nn.Dropout(p=0.5, inplace=False)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Dropout } from "@descent/nn";
 * import { manualSeed, ones } from "@descent/tensor";
 * const d = new Dropout(0.5);
 * assert.equal(String(d), "Dropout(p=0.5, inplace=False)");
 * manualSeed(0);
 * assert.deepEqual(d.forward(ones([4])).toList(), [0, 0, 2, 0]);
 * const x = ones([4]);
 * assert.equal(d.eval().forward(x), x);
 * ```
 */
export class Dropout extends Module<[Tensor], Tensor> {
  /** The probability of an element to be zeroed. */
  readonly p: number;

  /**
   * Builds the module.
   *
   * @param p The probability of an element to be zeroed (default 0.5).
   */
  constructor(p = 0.5) {
    super();
    checkP(p);
    this.p = p;
  }

  /**
   * Applies the module.
   *
   * @param input The input.
   * @returns `dropout(input, p, training)`.
   */
  override forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `p=0.5, inplace=False`.
   */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(false)}`;
  }
}
