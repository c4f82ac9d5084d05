// DataLoader, randomSplit and defaultCollate against PyTorch (conformance/data/fixtures.json,
// written by conformance/data/generate.py): the same batches, subsets and collated values, and
// the same draws from the generators around them.

import assert from "node:assert/strict";
import {
  type Collated,
  DataLoader,
  Dataset,
  defaultCollate,
  randomSplit,
  TensorDataset,
} from "@descent/data";
import {
  arange,
  defaultGenerator,
  floatTensor,
  Generator,
  manualSeed,
  Tensor,
  tensor,
} from "@descent/tensor";
import fixtures from "../conformance/data/fixtures.json" with { type: "json" };

/** One `torch.randint(0, 2**20, (1,), generator=g)`. */
const draw = (g: Generator): number => g.randint(new Float64Array(1), 0, 2 ** 20)[0];

/** A dataset whose samples are their indices, collated as a plain array. */
class Indices extends Dataset<number> {
  constructor(readonly length: number) {
    super();
  }
  get(i: number): number {
    return i;
  }
}

type LoaderCase = (typeof fixtures.loaders)[number];

/** Runs a fixture's three epochs; `batchOf` turns a batch into its sample indices. */
function runEpochs<B>(
  c: LoaderCase,
  loader: (g: Generator | null) => Iterable<B> & { length: number },
  batchOf: (b: B) => number[],
) {
  manualSeed(c.seed);
  const gen = "generator_seed" in c ? new Generator(BigInt(c.generator_seed as number)) : null;
  const l = loader(gen);
  const target = c.interleave === "default"
    ? defaultGenerator
    : c.interleave === "generator"
    ? gen
    : null;
  const epochs = [];
  for (let e = 0; e < 3; e++) {
    const batches: number[][] = [];
    const draws: number[] = [];
    let i = 0;
    for (const b of l) {
      batches.push(batchOf(b));
      if (target) draws.push(draw(target));
      if ("break_after" in c && c.break_after === ++i) break;
    }
    const after: Record<string, number> = { default: draw(defaultGenerator) };
    if (gen) after.generator = draw(gen);
    epochs.push({ batches, draws, after });
  }
  return { length: l.length, epochs };
}

for (const c of fixtures.loaders) {
  const name = `n=${c.n} batchSize=${c.batch_size} shuffle=${c.shuffle} dropLast=${c.drop_last}` +
    ("generator_seed" in c ? ` generator=${c.generator_seed}` : ` seed=${c.seed}`) +
    (c.interleave ? ` draws from ${c.interleave}` : "") +
    ("break_after" in c ? ` break after ${c.break_after}` : "");
  const options = (g: Generator | null) => ({
    batchSize: c.batch_size,
    shuffle: c.shuffle,
    dropLast: c.drop_last,
    ...(g ? { generator: g } : {}),
  });
  const expected = { length: c.length, epochs: c.epochs };

  Deno.test(`DataLoader(TensorDataset) ${name}: PyTorch's batches and draws over 3 epochs`, () => {
    const got = runEpochs(
      c,
      (g) => new DataLoader(new TensorDataset(arange(c.n)), options(g)),
      ([b]) => b.toList() as number[],
    );
    assert.deepEqual(got, expected);
  });

  Deno.test(`DataLoader(collate) ${name}: PyTorch's batches and draws over 3 epochs`, () => {
    const got = runEpochs(
      c,
      (g) => new DataLoader(new Indices(c.n), { ...options(g), collate: (s: number[]) => s }),
      (b) => b,
    );
    assert.deepEqual(got, expected);
  });
}

Deno.test("for await … of gives the batches and draws of for … of", async () => {
  const c = fixtures.loaders.find((c) =>
    "generator_seed" in c && c.interleave === "generator" && !c.drop_last
  )!;
  manualSeed(c.seed);
  const gen = new Generator(c.generator_seed!);
  const loader = new DataLoader(new Indices(c.n), {
    batchSize: c.batch_size,
    shuffle: true,
    generator: gen,
    collate: (s: number[]) => s,
  });
  for (const epoch of c.epochs) {
    const batches: number[][] = [];
    const draws: number[] = [];
    for await (const b of loader) {
      batches.push(b);
      draws.push(draw(gen));
    }
    assert.deepEqual(batches, epoch.batches);
    assert.deepEqual(draws, epoch.draws);
    assert.equal(draw(defaultGenerator), epoch.after.default);
    assert.equal(draw(gen), (epoch.after as Record<string, number>).generator);
  }
});

for (const c of fixtures.splits) {
  const seed = "generator_seed" in c ? `generator=${c.generator_seed}` : `seed=${c.seed}`;
  Deno.test(`randomSplit(${c.n}, [${c.lengths}]) ${seed}: PyTorch's subsets`, () => {
    manualSeed(c.seed ?? 0);
    const g = "generator_seed" in c ? new Generator(BigInt(c.generator_seed!)) : defaultGenerator;
    const ds = new Indices(c.n);
    if ("error" in c) {
      const state = g.getState();
      assert.throws(() => randomSplit(ds, c.lengths, { generator: g }), {
        name: "RangeError",
        message: c.error,
      });
      assert.deepEqual(g.getState(), state, "nothing drawn");
      assert.equal(draw(g), c.after);
    } else {
      const warned: string[] = [];
      const warn = console.warn;
      console.warn = (m: string) => warned.push(m);
      try {
        const subsets = randomSplit(ds, c.lengths, { generator: g });
        assert.equal(draw(g), c.after);
        assert.deepEqual(subsets.map((s) => s.indices), c.subsets);
        assert.deepEqual(
          subsets.map((s) =>
            [...new DataLoader(s, { batchSize: c.n, collate: (x: number[]) => x })].flat()
          ),
          c.subsets,
        );
      } finally {
        console.warn = warn;
      }
      // warnOnce shows a message once per process; the fixtures' messages are all distinct
      assert.deepEqual(warned, c.warnings.map((w) => `UserWarning: ${w}`));
    }
  });
}

/** The batches of `fixtures.collate`, as descent samples. */
const COLLATE: Record<keyof typeof fixtures.collate, unknown[]> = {
  tensors: [floatTensor([1.5, 2]), floatTensor([3, 4.25]), floatTensor([-1, 0])],
  scalar_tensors: [floatTensor(0.5), floatTensor(1.5)],
  float64_tensors: [
    tensor([[1, 2]], { dtype: "float64" }),
    tensor([[3, 4.5]], { dtype: "float64" }),
  ],
  floats: [0.5, 1.25, -2.0],
  ints: [3, 0, 7],
  tuples: [[floatTensor([1, 2]), 0], [floatTensor([3, 4]), 1]],
  dicts: [{ x: floatTensor([1, 2]), y: 0.5, name: "a" }, {
    x: floatTensor([3, 4]),
    y: 1.5,
    name: "b",
  }],
  nested: [{ pair: [floatTensor([1]), { w: 0.25 }] }, { pair: [floatTensor([2]), { w: 0.75 }] }],
  strings: ["a", "bc"],
};

type Repr = { tensor: string } | { strings: string[] } | { list: Repr[] } | {
  dict: Record<string, Repr>;
};

/**
 * The PyTorch repr tree of a collated value. Integer tensors print as PyTorch's int64 does,
 * from the exact integers descent holds in float64 until it has integer dtypes.
 */
function reprs(x: unknown, integer: boolean): Repr {
  if (x instanceof Tensor) return { tensor: integer ? int64Repr(x) : String(x) };
  if (Array.isArray(x)) {
    return x.every((v) => typeof v === "string")
      ? { strings: x }
      : { list: x.map((v) => reprs(v, integer)) };
  }
  return {
    dict: Object.fromEntries(Object.entries(x as object).map(([k, v]) => [k, reprs(v, integer)])),
  };
}

function int64Repr(t: Tensor): string {
  if (t.dtype === "float64" && t.toTypedArray().every(Number.isInteger)) {
    return `tensor([${(t.toList() as number[]).join(", ")}])`;
  }
  return String(t);
}

for (const [name, batch] of Object.entries(COLLATE)) {
  Deno.test(`defaultCollate ${name}: PyTorch's default_collate`, () => {
    const expected = fixtures.collate[name as keyof typeof fixtures.collate];
    assert.deepEqual(reprs(defaultCollate(batch), true), expected);
  });
}

Deno.test("defaultCollate: PyTorch's errors", () => {
  const e = fixtures.collate_errors;
  assert.throws(() => defaultCollate([[floatTensor([1])], [floatTensor([1]), floatTensor([2])]]), {
    name: "RangeError",
    message: e.unequal_lists,
  });
  assert.throws(() => defaultCollate([floatTensor([1, 2]), floatTensor([1, 2, 3])]), {
    name: "RangeError",
    message: e.unequal_tensors,
  });
  assert.equal(
    e.unsupported,
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'NoneType'>",
  );
  assert.throws(() => defaultCollate([null, null]), {
    name: "TypeError",
    message:
      "default_collate: batch must contain tensors, typed arrays, numbers, objects or arrays; found null",
  });
});

// The type of a collated batch follows the samples' type.
const _typed: Collated<{ x: Tensor; y: [number, string] }> = {
  x: floatTensor([1]),
  y: [floatTensor([1]), ["a"]],
};
