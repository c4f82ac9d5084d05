/**
 * Datasets: the abstract `Dataset`, `TensorDataset` and `Subset` (PyTorch's
 * `torch.utils.data.Dataset`, `TensorDataset`, `Subset`).
 *
 * @module
 */

import { formatShape } from "@descent/autograd";
import { Tensor } from "@descent/tensor";
import { type Collated, defaultCollate, describe } from "./collate.ts";
import { gatherRows } from "./gather.ts";

/**
 * A map-style dataset: `length` samples, sample `i` given by `get(i)`. PyTorch:
 * `torch.utils.data.Dataset` with `__len__` and `__getitem__`. Subclass it and a
 * {@linkcode DataLoader} batches it.
 *
 * @typeParam T The type of a sample.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataLoader, Dataset } from "@descent/data";
 *
 * class Squares extends Dataset<{ x: number; y: number }> {
 *   readonly length = 4;
 *   get(i: number) {
 *     return { x: i, y: i * i };
 *   }
 * }
 * const [first] = new DataLoader(new Squares(), { batchSize: 4 });
 * assert.deepEqual(first.y.toList(), [0, 1, 4, 9]);
 * ```
 */
export abstract class Dataset<T> {
  /** The number of samples (PyTorch: `__len__`). */
  abstract readonly length: number;

  /**
   * Sample `index` (PyTorch: `__getitem__`).
   *
   * @param index From 0 to `length - 1`.
   * @returns The sample.
   */
  abstract get(index: number): T;

  /**
   * The samples at `indices`, collated: what `defaultCollate(indices.map((i) => this.get(i)))`
   * returns, which is what this default does. PyTorch: `__getitems__` followed by
   * `default_collate`. A `DataLoader` without a `collate` option fetches each batch with this,
   * so a dataset that can gather a batch faster (as {@linkcode TensorDataset} does) overrides
   * it, returning the same values.
   *
   * @param indices Sample indices.
   * @returns The batch.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TensorDataset } from "@descent/data";
   * import { floatTensor } from "@descent/tensor";
   *
   * const ds = new TensorDataset(floatTensor([[1, 2], [3, 4], [5, 6]]));
   * const [x] = ds.getBatch([2, 0]);
   * assert.deepEqual(x.toList(), [[5, 6], [1, 2]]);
   * ```
   */
  getBatch(indices: readonly number[]): Collated<T> {
    return defaultCollate(indices.map((i) => this.get(i)));
  }
}

/**
 * A dataset of tensors that share their first dim: sample `i` is the array of each tensor's row
 * `i` (views, as `t[i]`). PyTorch: `torch.utils.data.TensorDataset(*tensors)`. Its batches are
 * gathered with one operation per tensor, not one per sample.
 *
 * @typeParam T The tensors' tuple type, e.g. `[Tensor, Tensor]` for features and labels.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TensorDataset } from "@descent/data";
 * import { floatTensor } from "@descent/tensor";
 *
 * const ds = new TensorDataset(floatTensor([[1, 2], [3, 4], [5, 6]]), floatTensor([0, 1, 0]));
 * assert.equal(ds.length, 3);
 * const [x, y] = ds.get(1);
 * assert.equal(String(x), "tensor([3., 4.])");
 * assert.equal(String(y), "tensor(1.)");
 * ```
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<T> {
  /** The tensors, as given. */
  readonly tensors: Readonly<T>;

  /**
   * Wraps tensors whose first dims are equal.
   *
   * @param tensors One or more tensors of at least one dim.
   * @throws {TypeError} If there is no tensor or an argument is not a tensor.
   * @throws {RangeError} If a tensor is 0-d or the first dims differ ("Size mismatch between
   * tensors", with the shapes).
   */
  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new TypeError("TensorDataset needs at least one tensor");
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new TypeError(`TensorDataset: argument ${i} is ${describe(t)}, not a Tensor`);
      }
      if (t.ndim === 0) {
        throw new RangeError(
          `TensorDataset: tensor ${i} is 0-d; samples are taken along the first dim`,
        );
      }
    });
    const bad = tensors.find((t) => t.shape[0] !== tensors[0].shape[0]);
    if (bad) {
      throw new RangeError(
        `Size mismatch between tensors: ${formatShape(tensors[0].shape)} and ${
          formatShape(bad.shape)
        }`,
      );
    }
    this.tensors = tensors;
  }

  /** The size of the tensors' first dim. */
  get length(): number {
    return this.tensors[0].shape[0];
  }

  /**
   * Row `index` of every tensor, as views (PyTorch: `tuple(t[index] for t in tensors)`).
   *
   * @param index A row; negative counts from the end, as in PyTorch.
   * @returns One view per tensor.
   * @throws {RangeError} If `index` is out of range (PyTorch's "index 5 is out of bounds for
   * dimension 0 with size 3").
   */
  get(index: number): T {
    return this.tensors.map((t) => t.index(index)) as T;
  }

  /**
   * The rows at `indices` of every tensor, gathered into new tensors: the same values as
   * stacking `get(i)` for each index (PyTorch: `default_collate` of the samples).
   *
   * @param indices Rows.
   * @returns One tensor per tensor, with `indices.length` rows.
   * @throws {RangeError} If an index is out of range; nothing is gathered then.
   */
  override getBatch(indices: readonly number[]): Collated<T> {
    return this.tensors.map((t) => gatherRows(t, indices)) as Collated<T>;
  }
}

/**
 * The samples of a dataset at given indices, in their order. PyTorch:
 * `torch.utils.data.Subset(dataset, indices)`; {@linkcode randomSplit} returns these.
 *
 * @typeParam T The type of a sample.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Subset, TensorDataset } from "@descent/data";
 * import { floatTensor } from "@descent/tensor";
 *
 * const ds = new TensorDataset(floatTensor([10, 11, 12, 13]));
 * const odd = new Subset(ds, [1, 3]);
 * assert.equal(odd.length, 2);
 * assert.equal(String(odd.get(1)[0]), "tensor(13.)");
 * ```
 */
export class Subset<T> extends Dataset<T> {
  /** The whole dataset. */
  readonly dataset: Dataset<T>;
  /** Indices into `dataset`. */
  readonly indices: readonly number[];

  /**
   * A view of `dataset` restricted to `indices` (not copied: the subset reads the samples when
   * asked, as PyTorch's does).
   *
   * @param dataset The whole dataset.
   * @param indices Indices into it.
   */
  constructor(dataset: Dataset<T>, indices: readonly number[]) {
    super();
    this.dataset = dataset;
    this.indices = indices;
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /**
   * Sample `indices[index]` of the dataset.
   *
   * @param index From 0 to `length - 1`; negative counts from the end, as in Python.
   * @returns The sample.
   * @throws {RangeError} If `index` is out of range.
   */
  get(index: number): T {
    return this.dataset.get(this.indices[this.#position(index)]);
  }

  /**
   * The dataset's batch at the mapped indices (PyTorch: `Subset.__getitems__`), so a subset of
   * a {@linkcode TensorDataset} is gathered as fast as the dataset.
   *
   * @param indices Positions in the subset.
   * @returns The batch.
   */
  override getBatch(indices: readonly number[]): Collated<T> {
    return this.dataset.getBatch(indices.map((i) => this.indices[this.#position(i)]));
  }

  #position(index: number): number {
    const n = this.indices.length;
    if (!Number.isInteger(index)) {
      throw new TypeError(`Subset: index must be an integer, got ${String(index)}`);
    }
    if (index < -n || index >= n) {
      throw new RangeError(`Subset index ${index} is out of range for a subset of ${n}`);
    }
    return index < 0 ? index + n : index;
  }
}
