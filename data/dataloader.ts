/**
 * `DataLoader`: PyTorch's `torch.utils.data.DataLoader` in its single-process form, with its
 * samplers' use of the random generators reproduced draw for draw.
 *
 * Note [PyTorch's draws]: per epoch (each `iter(loader)`), PyTorch
 *
 * 1. draws a base seed for worker processes, `torch.empty((), dtype=torch.int64).random_()`,
 *    from the loader's `generator` or else the default generator, when the iterator is created
 *    (descent has no workers and discards it, but draws it, so later draws stay in step);
 * 2. with `shuffle`, at the first batch: without a `generator`, draws a second such int64 from
 *    the default generator and seeds a fresh `torch.Generator` with it; then takes
 *    `randperm(n, generator)` and yields its indices in batches;
 * 3. when the batch sampler reads past the last index (asking for the batch after the last one,
 *    or filling the last, partial, batch), draws another `randperm(n, generator)` of which
 *    `RandomSampler` yields nothing (`num_samples % n` = 0 indices). That draw is visible when
 *    the loader has a `generator`: the next epoch starts from there.
 *
 * An epoch left early (`break`) skips the draws it did not reach, in both libraries.
 *
 * @module
 */

import { defaultGenerator, Generator } from "@descent/tensor";
import { type Collated, defaultCollate, describe } from "./collate.ts";
import type { Dataset } from "./dataset.ts";

/** Options of {@linkcode DataLoader}, PyTorch's keyword arguments in camelCase. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Whether to visit the samples in a new random order every epoch (default false). */
  shuffle?: boolean;
  /** Whether to drop the last batch when it has fewer than `batchSize` samples (default false). */
  dropLast?: boolean;
  /** The generator of the shuffles and of the per-epoch seed (default: the default generator). */
  generator?: Generator;
  /**
   * Turns a batch's samples into what the loader yields (PyTorch: `collate_fn`). Without it,
   * batches are `dataset.getBatch(indices)`, the samples' {@linkcode defaultCollate}.
   */
  collate?: (samples: T[]) => B;
}

/**
 * Batches of a dataset, in order or shuffled anew every epoch, for `for … of` and
 * `for await … of`. PyTorch: `torch.utils.data.DataLoader(dataset, batch_size=1,
 * shuffle=False, drop_last=False, generator=None, collate_fn=None)` with `num_workers=0`: each
 * loop over it is one epoch, and for the same seed the batches are PyTorch's, in PyTorch's
 * order, and the loader draws from the generators exactly as PyTorch does (see the module
 * notes), so the draws around it (initialisation, dropout) stay in step with PyTorch too.
 *
 * Without `collate`, a batch is the samples' {@linkcode defaultCollate}, fetched with
 * `dataset.getBatch(indices)`: for a {@linkcode TensorDataset} (or a `Subset` of one), one
 * gather per tensor.
 *
 * @typeParam T The type of a sample.
 * @typeParam B The type of a batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataLoader, TensorDataset } from "@descent/data";
 * import { arange, manualSeed } from "@descent/tensor";
 *
 * manualSeed(0);
 * const loader = new DataLoader(new TensorDataset(arange(10)), { batchSize: 4, shuffle: true });
 * // torch.manual_seed(0); [b.tolist() for (b,) in DataLoader(TensorDataset(torch.arange(10)),
 * //                                                          batch_size=4, shuffle=True)]
 * assert.deepEqual([...loader].map(([b]) => b.toList()), [[6, 7, 1, 4], [2, 0, 9, 8], [3, 5]]);
 * assert.equal(loader.length, 3);
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B>, AsyncIterable<B> {
  /** The dataset. */
  readonly dataset: Dataset<T>;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each epoch is shuffled. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The generator given, or `null` (then the default generator is used). */
  readonly generator: Generator | null;
  #collate: ((samples: T[]) => B) | null;

  /**
   * A loader over `dataset`.
   *
   * @param dataset The dataset.
   * @param options `batchSize`, `shuffle`, `dropLast`, `generator`, `collate`.
   * @throws {RangeError} PyTorch's "batch_size should be a positive integer value, but got
   * batch_size=0", and "num_samples should be a positive integer value, but got
   * num_samples=0" for an empty dataset with `shuffle`.
   * @throws {TypeError} If `shuffle` or `dropLast` is not a boolean, `generator` not a
   * `Generator` or `collate` not a function (PyTorch's "drop_last should be a boolean value, but
   * got drop_last=1").
   */
  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    const { batchSize = 1, shuffle = false, dropLast = false, generator, collate } = options;
    if (typeof dataset !== "object" || dataset === null || typeof dataset.get !== "function") {
      throw new TypeError(`DataLoader: dataset must be a Dataset, got ${describe(dataset)}`);
    }
    if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(
        `batch_size should be a positive integer value, but got batch_size=${String(batchSize)}`,
      );
    }
    if (typeof shuffle !== "boolean") {
      throw new TypeError(`shuffle should be a boolean value, but got shuffle=${String(shuffle)}`);
    }
    if (typeof dropLast !== "boolean") {
      throw new TypeError(
        `drop_last should be a boolean value, but got drop_last=${String(dropLast)}`,
      );
    }
    if (generator !== undefined && !(generator instanceof Generator)) {
      throw new TypeError(`DataLoader: generator must be a Generator, got ${describe(generator)}`);
    }
    if (collate !== undefined && typeof collate !== "function") {
      throw new TypeError(`DataLoader: collate must be a function, got ${describe(collate)}`);
    }
    const n = datasetLength(dataset);
    if (shuffle && n === 0) {
      throw new RangeError("num_samples should be a positive integer value, but got num_samples=0");
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator ?? null;
    this.#collate = collate ?? null;
  }

  /**
   * The number of batches per epoch (PyTorch: `len(loader)`): `ceil(n / batchSize)`, or
   * `floor(n / batchSize)` with `dropLast`.
   */
  get length(): number {
    const n = datasetLength(this.dataset);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * Starts an epoch (PyTorch: `iter(loader)`): draws the epoch's base seed now, as PyTorch does
   * (see the module notes), and returns an iterator over the epoch's batches.
   *
   * @returns The epoch's batches.
   */
  [Symbol.iterator](): IterableIterator<B> {
    (this.generator ?? defaultGenerator).random(new BigInt64Array(1));
    return this.#epoch();
  }

  /**
   * Starts an epoch for `for await … of`: the same batches and draws as `for … of`.
   *
   * @returns The epoch's batches.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<B> {
    const batches = this[Symbol.iterator]();
    return (async function* () {
      yield* batches;
    })();
  }

  *#epoch(): IterableIterator<B> {
    const n = datasetLength(this.dataset);
    const bs = this.batchSize;
    // RandomSampler's first draws happen here, at the first batch.
    const g = this.shuffle
      ? this.generator ?? new Generator(defaultGenerator.random(new BigInt64Array(1))[0])
      : null;
    const order = g?.randperm(new Float64Array(n));
    for (let start = 0;; start += bs) {
      const end = Math.min(start + bs, n);
      // A batch cut short means PyTorch's BatchSampler read past the last index: RandomSampler
      // then draws its second permutation (see the module notes), before the batch is fetched.
      if (end - start < bs) g?.randperm(new Float64Array(n));
      if (end - start === bs || (end > start && !this.dropLast)) {
        const indices = new Array<number>(end - start);
        for (let i = start; i < end; i++) indices[i - start] = order === undefined ? i : order[i];
        yield this.#fetch(indices);
      }
      if (end - start < bs) return;
    }
  }

  #fetch(indices: number[]): B {
    const ds = this.dataset;
    if (this.#collate !== null) return this.#collate(indices.map((i) => ds.get(i)));
    // A plain `{ length, get }` object (JavaScript callers) has no getBatch: collate its samples.
    if (typeof ds.getBatch !== "function") {
      return defaultCollate(indices.map((i) => ds.get(i))) as B;
    }
    return ds.getBatch(indices) as B;
  }
}

function datasetLength(dataset: Dataset<unknown>): number {
  const n = dataset.length;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new TypeError(`DataLoader: dataset.length must be a non-negative integer, got ${n}`);
  }
  return n;
}
