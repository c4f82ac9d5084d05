/**
 * Shape layers: `Flatten`, `Unflatten`.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { Module } from "./module.ts";
import { pyTuple } from "./py_repr.ts";

/**
 * Flattens the dims `startDim`…`endDim` into one (a view when possible), e.g. images
 * `[N, C, H, W]` to rows `[N, C·H·W]` before a `Linear`. PyTorch: `torch.nn.Flatten(start_dim=1,
 * end_dim=-1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Flatten } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const m = new Flatten();
 * assert.equal(String(m), "Flatten(start_dim=1, end_dim=-1)");
 * assert.deepEqual(m.forward(zeros([32, 1, 5, 5])).shape, [32, 25]);
 * ```
 */
export class Flatten extends Module<[Tensor], Tensor> {
  /** First dim to flatten. PyTorch: `start_dim`. */
  readonly startDim: number;
  /** Last dim to flatten. PyTorch: `end_dim`. */
  readonly endDim: number;

  /**
   * Builds the module.
   *
   * @param startDim First dim to flatten (default 1: keep the batch dim).
   * @param endDim Last dim to flatten (default -1).
   */
  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /**
   * Applies the module.
   *
   * @param input A tensor.
   * @returns `input.flatten(startDim, endDim)`.
   */
  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `start_dim=1, end_dim=-1`.
   */
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits dim `dim` into `unflattenedSize` (one size may be -1). PyTorch:
 * `torch.nn.Unflatten(dim, unflattened_size)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Unflatten } from "@descent/nn";
 * import { zeros } from "@descent/tensor";
 * const m = new Unflatten(1, [2, 5]);
 * assert.equal(String(m), "Unflatten(dim=1, unflattened_size=(2, 5))");
 * assert.deepEqual(m.forward(zeros([3, 10])).shape, [3, 2, 5]);
 * ```
 */
export class Unflatten extends Module<[Tensor], Tensor> {
  /** The dim to split. */
  readonly dim: number;
  /** The sizes it is split into. PyTorch: `unflattened_size`. */
  readonly unflattenedSize: readonly number[];

  /**
   * Builds the module.
   *
   * @param dim The dim to split.
   * @param unflattenedSize The sizes it is split into.
   */
  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    if (!Array.isArray(unflattenedSize) || !unflattenedSize.every(Number.isInteger)) {
      throw new TypeError(
        "unflattened_size must be tuple of ints, but found type " + typeof unflattenedSize,
      );
    }
    this.dim = dim;
    this.unflattenedSize = [...unflattenedSize];
  }

  /**
   * Applies the module.
   *
   * @param input A tensor.
   * @returns `input.unflatten(dim, unflattenedSize)`.
   */
  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `dim=1, unflattened_size=(2, 5)`.
   */
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
