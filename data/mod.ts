/**
 * @descent/data — PyTorch's data loading (`torch.utils.data`) for descent: `Dataset`,
 * `TensorDataset`, `Subset`, `randomSplit`, `DataLoader` with `defaultCollate`, giving the same
 * batches in the same order as PyTorch for the same seed; a CSV reader to tensors
 * (`parseCsv`, `readCsv`); and a progress display for training loops (`Progress`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataLoader, randomSplit, TensorDataset } from "@descent/data";
 * import { manualSeed, randn } from "@descent/tensor";
 *
 * manualSeed(0);
 * const ds = new TensorDataset(randn([100, 3]), randn([100]));
 * const [train, valid] = randomSplit(ds, [0.8, 0.2]);
 * const loader = new DataLoader(train, { batchSize: 32, shuffle: true });
 * const sizes = [...loader].map(([x, y]) => [x.shape[0], y.shape[0]]);
 * assert.deepEqual(sizes, [[32, 32], [32, 32], [16, 16]]);
 * assert.equal(valid.length, 20);
 * ```
 *
 * @module
 */

export { type Collated, defaultCollate } from "./collate.ts";
export { CsvError, type CsvOptions, type CsvTensors, parseCsv, readCsv } from "./csv.ts";
export { DataLoader, type DataLoaderOptions } from "./dataloader.ts";
export { Dataset, Subset, TensorDataset } from "./dataset.ts";
export { Progress, type ProgressOptions } from "./progress.ts";
export { randomSplit, type RandomSplitOptions } from "./random_split.ts";
