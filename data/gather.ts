/**
 * Gathering rows of a tensor into a batch, the one place that does it (PyTorch:
 * `torch.index_select(t, 0, index)`, which equals `torch.stack([t[i] for i in index])`).
 *
 * @module
 */

import { indexSelect, select, stack, type Tensor, tensor } from "@descent/tensor";
import { tracks } from "@descent/tensor/extend";

/**
 * Rows `indices` of `t`, in that order, as a new tensor of `indices.length` rows: PyTorch's
 * `default_collate` of the rows, `torch.stack([t[i] for i in indices])`. The rows are read with
 * `indexSelect(t, 0, index)`, which copies each row as one run from the storage (also of a view);
 * a tensor that requires grad is stacked row by row, so that its batch is in the graph as
 * `default_collate` puts it (`StackBackward0`).
 *
 * @param t A tensor of at least one dim.
 * @param indices Row indices (negative counts from the end), at least one.
 * @returns The gathered rows.
 * @throws {RangeError} If an index is out of range or `indices` is empty (nothing is made then).
 * @throws {TypeError} If an index is not an integer.
 */
export function gatherRows(t: Tensor, indices: readonly number[]): Tensor {
  if (indices.length === 0) throw new RangeError("gatherRows: expected at least one index");
  if (tracks(t)) return stack(indices.map((i) => select(t, 0, i)), 0);
  const n = t.shape[0];
  const rows = indices.map((i) => {
    if (!Number.isInteger(i)) throw new TypeError(`index must be an integer, got ${i}`);
    if (i < -n || i >= n) {
      throw new RangeError(`index ${i} is out of bounds for dimension 0 with size ${n}`);
    }
    return i < 0 ? i + n : i;
  });
  return indexSelect(t, 0, tensor(rows, { dtype: "int64" }));
}
