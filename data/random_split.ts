/**
 * `randomSplit`: PyTorch's `torch.utils.data.random_split`.
 *
 * @module
 */

import { warnOnce } from "@descent/autograd";
import { defaultGenerator, Generator } from "@descent/tensor";
import { type Dataset, Subset } from "./dataset.ts";
import { describe } from "./collate.ts";

/** Options of {@linkcode randomSplit}. */
export interface RandomSplitOptions {
  /** The generator of the permutation (default: the default generator, as in PyTorch). */
  generator?: Generator;
}

/**
 * Splits a dataset into non-overlapping random subsets of the given lengths. PyTorch:
 * `torch.utils.data.random_split(dataset, lengths, generator=default_generator)`, with the same
 * subsets for the same generator state: the indices are `randperm(n, generator)`, cut into
 * consecutive pieces.
 *
 * `lengths` are sample counts summing to the dataset's length, or fractions summing to 1: then
 * each split gets `floor(n * fraction)` samples and what remains is handed out one by one,
 * round-robin from the first split, as PyTorch does (with its warning for a split that gets
 * none). Whether the fractions sum to 1 is decided as PyTorch does (`math.isclose(sum, 1)` and
 * `sum <= 1`), on a compensated sum as Python 3.12's `sum` computes.
 *
 * @typeParam T The type of a sample.
 * @param dataset The dataset.
 * @param lengths Counts, or fractions.
 * @param options `generator`.
 * @returns One {@linkcode Subset} per length.
 * @throws {RangeError} PyTorch's "Fraction at index 1 is not between 0 and 1" and "Sum of input
 * lengths does not equal the length of the input dataset!", or for a negative count; nothing is
 * drawn then.
 * @throws {TypeError} If a count is not an integer (and the lengths are not fractions).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomSplit, TensorDataset } from "@descent/data";
 * import { arange, Generator } from "@descent/tensor";
 *
 * const ds = new TensorDataset(arange(10));
 * // random_split(ds, [3, 7], generator=torch.Generator().manual_seed(42))
 * const [a, b] = randomSplit(ds, [3, 7], { generator: new Generator(42) });
 * assert.deepEqual(a.indices, [2, 6, 1]);
 * assert.deepEqual(b.indices, [8, 4, 5, 0, 9, 3, 7]);
 * ```
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  options: RandomSplitOptions = {},
): Subset<T>[] {
  const generator = options.generator ?? defaultGenerator;
  if (!(generator instanceof Generator)) {
    throw new TypeError(`randomSplit: generator must be a Generator, got ${describe(generator)}`);
  }
  if (!Array.isArray(lengths) || lengths.some((l) => typeof l !== "number")) {
    throw new TypeError("randomSplit: lengths must be an array of numbers");
  }
  const n = dataset.length;
  const counts = isFractions(lengths) ? fractionsToCounts(lengths, n) : lengths;
  if (counts.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError("Sum of input lengths does not equal the length of the input dataset!");
  }
  counts.forEach((c, i) => {
    if (!Number.isInteger(c)) {
      throw new TypeError(
        `randomSplit: lengths must be integer counts or fractions that sum to 1, got ${c} at index ${i}`,
      );
    }
    if (c < 0) throw new RangeError(`randomSplit: length at index ${i} is negative (${c})`);
  });
  counts.forEach((c, i) => {
    if (c === 0 && counts !== lengths) {
      warnOnce(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    }
  });
  const order = Array.from(generator.randperm(new Float64Array(n)));
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const c of counts) {
    out.push(new Subset(dataset, order.slice(offset, offset + c)));
    offset += c;
  }
  return out;
}

/** PyTorch's test: `math.isclose(sum(lengths), 1) and sum(lengths) <= 1`. */
function isFractions(lengths: readonly number[]): boolean {
  const s = compensatedSum(lengths);
  return Math.abs(s - 1) <= 1e-9 * Math.max(Math.abs(s), 1) && s <= 1;
}

/** Each fraction's `floor(n * f)`, plus the remainder handed out round-robin. */
function fractionsToCounts(fractions: readonly number[], n: number): number[] {
  const counts = fractions.map((f, i) => {
    if (f < 0 || f > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
    return Math.floor(n * f);
  });
  const remainder = n - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) counts[i % counts.length] += 1;
  return counts;
}

/** Neumaier's compensated sum, which Python's `sum` of floats computes since 3.12. */
function compensatedSum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}
