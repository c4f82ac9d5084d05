/**
 * `Parameter`: the tensor type a {@linkcode Module} registers as learnable state.
 *
 * @module
 */

import { empty, Tensor } from "@descent/tensor";
import { aliasArgs } from "@descent/tensor/extend";

/**
 * A tensor that is a module parameter: a leaf that requires grad (unless asked otherwise) and
 * shares its storage with the tensor it wraps. A `Module` registers every own field holding a
 * `Parameter` (see {@linkcode Module}). Results of operations on a parameter are plain tensors,
 * as in PyTorch. PyTorch: `torch.nn.Parameter(data=None, requires_grad=True)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Parameter } from "@descent/nn";
 * import { floatTensor } from "@descent/tensor";
 *
 * const p = new Parameter(floatTensor([1, 2]));
 * assert.equal(String(p), "Parameter containing:\ntensor([1., 2.], requires_grad=True)");
 * assert.ok(p.isLeaf && p.requiresGrad);
 * assert.equal(String(p.mul(2)), "tensor([2., 4.], grad_fn=<MulBackward0>)");
 * ```
 */
export class Parameter extends Tensor {
  /**
   * Wraps `data` (no copy: the parameter aliases its storage, detached from any graph).
   *
   * @param data The values (default: an empty float32 tensor, as `nn.Parameter()`).
   * @param requiresGrad Whether the parameter requires grad (default `true`); only floating
   *   point tensors can.
   */
  constructor(data: Tensor = empty([0]), requiresGrad = true) {
    if (!(data instanceof Tensor)) {
      throw new TypeError(
        `Parameter(): data must be a Tensor, got ${data === null ? "null" : typeof data}`,
      );
    }
    // The arguments one by one: `deno publish`'s type check cannot spread into super().
    const [values, shape, dtype, strides, offset, base] = aliasArgs(data);
    super(values, shape, dtype, strides, offset, base);
    if (requiresGrad) this.requiresGrad_(true);
  }

  /**
   * PyTorch's printed form: `Parameter containing:` and the tensor's repr on the next line.
   *
   * @returns E.g. `Parameter containing:\ntensor([1., 2.], requires_grad=True)`.
   */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
