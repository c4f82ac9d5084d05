/**
 * Gathering rows of a tensor into a batch, the one place that does it (PyTorch:
 * `torch.index_select(t, 0, index)`, which equals `torch.stack([t[i] for i in index])`).
 *
 * @module
 */

import { select, stack, type Tensor } from "@descent/tensor";

/**
 * Rows `indices` of `t`, in that order, as a new tensor of `indices.length` rows: PyTorch's
 * `default_collate` of the rows, `torch.stack([t[i] for i in indices])` (a `StackBackward0`
 * result if `t` requires grad). This will be `indexSelect(t, 0, index)` once `@descent/tensor`
 * has it.
 *
 * @param t A tensor of at least one dim.
 * @param indices Row indices (negative counts from the end).
 * @returns The gathered rows.
 * @throws {RangeError} If an index is out of range, or `indices` is empty.
 */
export function gatherRows(t: Tensor, indices: readonly number[]): Tensor {
  return stack(indices.map((i) => select(t, 0, i)), 0);
}
