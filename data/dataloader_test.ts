import assert from "node:assert/strict";
import { DataLoader, Dataset, randomSplit, TensorDataset } from "@descent/data";
import { arange, defaultGenerator, Generator, manualSeed } from "@descent/tensor";

class Range extends Dataset<number> {
  fetched: number[][] = [];
  constructor(public length: number) {
    super();
  }
  get(i: number): number {
    return i;
  }
  override getBatch(indices: readonly number[]) {
    this.fetched.push([...indices]);
    return super.getBatch(indices);
  }
}

const lists = <B extends { toList(): unknown }>(loader: Iterable<B>) =>
  [...loader].map((b) => b.toList());

Deno.test("DataLoader: batches in order, the last one smaller unless dropLast", () => {
  const ds = new Range(7);
  const loader = new DataLoader(ds, { batchSize: 3 });
  assert.equal(loader.length, 3);
  assert.deepEqual(lists(loader), [[0, 1, 2], [3, 4, 5], [6]]);
  assert.deepEqual(ds.fetched, [[0, 1, 2], [3, 4, 5], [6]], "fetched with getBatch");
  const dropping = new DataLoader(ds, { batchSize: 3, dropLast: true });
  assert.equal(dropping.length, 2);
  assert.deepEqual(lists(dropping), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(lists(new DataLoader(ds)), [[0], [1], [2], [3], [4], [5], [6]]);
  assert.equal(new DataLoader(ds, { batchSize: 8, dropLast: true }).length, 0);
  assert.deepEqual(lists(new DataLoader(new Range(0), { batchSize: 2 })), []);
});

Deno.test("DataLoader: collate gets the samples; getBatch is not used then", () => {
  const ds = new Range(5);
  const loader = new DataLoader(ds, { batchSize: 2, collate: (s) => s.join("+") });
  assert.deepEqual([...loader], ["0+1", "2+3", "4"]);
  assert.deepEqual(ds.fetched, []);
});

Deno.test("DataLoader: a plain { length, get } object is collated sample by sample", () => {
  const plain = { length: 3, get: (i: number) => ({ x: i / 2 }) };
  const loader = new DataLoader(plain as unknown as Dataset<{ x: number }>, { batchSize: 2 });
  assert.deepEqual([...loader].map((b) => b.x.toList()), [[0, 0.5], [1]]);
});

Deno.test("DataLoader: each loop is an epoch; the dataset's length is read per epoch", () => {
  const ds = new Range(3);
  const loader = new DataLoader(ds, { batchSize: 2 });
  assert.deepEqual(lists(loader), [[0, 1], [2]]);
  ds.length = 4;
  assert.equal(loader.length, 2);
  assert.deepEqual(lists(loader), [[0, 1], [2, 3]]);
});

Deno.test("DataLoader: a TensorDataset's batches are tuples of tensors", () => {
  const x = arange(12).reshape(6, 2);
  const y = arange(6).mul(10);
  const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4 });
  const batches = [...loader];
  assert.equal(batches.length, 2);
  const [xb, yb] = batches[1];
  assert.deepEqual(xb.toList(), [[8, 9], [10, 11]]);
  assert.deepEqual(yb.toList(), [40, 50]);
});

Deno.test("DataLoader over randomSplit's subsets gathers through the dataset", () => {
  manualSeed(0);
  const ds = new TensorDataset(arange(10).mul(2));
  const [a] = randomSplit(ds, [4, 6], { generator: new Generator(1) });
  const got = [...new DataLoader(a, { batchSize: 3 })].map(([b]) => b.toList());
  assert.deepEqual(got.flat(), a.indices.map((i) => 2 * i));
});

Deno.test("DataLoader: an epoch left early and restarted", () => {
  const loader = new DataLoader(new Range(6), {
    batchSize: 2,
    shuffle: true,
    generator: new Generator(0),
  });
  const first = [];
  for (const b of loader) {
    first.push(b.toList());
    break;
  }
  const full = lists(loader);
  assert.equal(first.length, 1);
  assert.deepEqual(full.flat().sort(), [0, 1, 2, 3, 4, 5]);
});

Deno.test("DataLoader: for await … of, left early", async () => {
  const loader = new DataLoader(new Range(5), { batchSize: 2 });
  const seen = [];
  for await (const b of loader) {
    seen.push(b.toList());
    if (seen.length === 2) break;
  }
  assert.deepEqual(seen, [[0, 1], [2, 3]]);
});

Deno.test("DataLoader: without shuffle only the epoch's base seed is drawn", () => {
  manualSeed(3);
  const state = defaultGenerator.getState();
  const loader = new DataLoader(new Range(4), { batchSize: 2 });
  const it = loader[Symbol.iterator]();
  const expected = new Generator();
  expected.setState(state).random(new BigInt64Array(1));
  assert.deepEqual(defaultGenerator.getState(), expected.getState());
  assert.deepEqual([...it].map((b) => b.toList()), [[0, 1], [2, 3]]);
  assert.deepEqual(defaultGenerator.getState(), expected.getState());
});

Deno.test("DataLoader: PyTorch's argument errors, nothing drawn", () => {
  const ds = new Range(4);
  const state = defaultGenerator.getState();
  const cases: [unknown, unknown, string, string][] = [
    [
      ds,
      { batchSize: 0 },
      "RangeError",
      "batch_size should be a positive integer value, but got batch_size=0",
    ],
    [
      ds,
      { batchSize: 1.5 },
      "RangeError",
      "batch_size should be a positive integer value, but got batch_size=1.5",
    ],
    [ds, { dropLast: 1 }, "TypeError", "drop_last should be a boolean value, but got drop_last=1"],
    [ds, { shuffle: "yes" }, "TypeError", "shuffle should be a boolean value, but got shuffle=yes"],
    [
      new Range(0),
      { shuffle: true },
      "RangeError",
      "num_samples should be a positive integer value, but got num_samples=0",
    ],
    [ds, { generator: 42 }, "TypeError", "DataLoader: generator must be a Generator, got number"],
    [ds, { collate: "stack" }, "TypeError", "DataLoader: collate must be a function, got string"],
    [[1, 2], {}, "TypeError", "DataLoader: dataset must be a Dataset, got Array"],
  ];
  for (const [dataset, options, name, message] of cases) {
    // deno-lint-ignore no-explicit-any
    assert.throws(() => new DataLoader(dataset as any, options as any), { name, message });
  }
  assert.deepEqual(defaultGenerator.getState(), state);
});
