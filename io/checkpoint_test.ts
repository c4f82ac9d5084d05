import assert from "node:assert/strict";
import {
  defaultGenerator,
  Generator,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";
import {
  loadCheckpoint,
  loadSafetensors,
  readSafetensorsHeader,
  saveCheckpoint,
  saveSafetensors,
  type Stateful,
} from "@descent/io";

/** A model as nn's modules are: stateDict() aliases the parameters, loadStateDict copies. */
class Model implements Stateful {
  params: Record<string, Tensor>;
  constructor(seed: number) {
    manualSeed(seed);
    this.params = { "0.weight": randn([3, 2]), "0.bias": randn([3]) };
  }
  stateDict(): Record<string, Tensor> {
    return { ...this.params };
  }
  loadStateDict(sd: unknown): void {
    const s = sd as Record<string, Tensor>;
    for (const [k, p] of Object.entries(this.params)) p.copy_(s[k]);
  }
}

/** An optimizer as optim's are: its state dict is plain JSON, tensors in toJSON's form. */
class Optimizer implements Stateful {
  state = {
    state: { 0: { step: 2, expAvg: tensor([0.1, -0, NaN], { dtype: "float32" }).toJSON() } },
    paramGroups: [{ lr: 0.5, betas: [0.9, 0.999], params: [0] }],
  };
  fail = false;
  stateDict(): unknown {
    return structuredClone(this.state);
  }
  loadStateDict(sd: unknown): void {
    if (this.fail) throw new RangeError("optimizer: refused");
    this.state = structuredClone(sd) as this["state"];
  }
}

Deno.test("saveCheckpoint: tensors in the safetensors part by <part>/<path>, the rest as JSON", () => {
  const model = new Model(0);
  const opt = new Optimizer();
  const bytes = saveCheckpoint({
    model,
    optimizer: opt,
    generator: defaultGenerator,
    epoch: 2,
    best: -Infinity,
  });
  const header = readSafetensorsHeader(bytes);
  assert.deepEqual(Object.keys(header.tensors).sort(), [
    "generator",
    "model/0.bias",
    "model/0.weight",
    "optimizer/state/0/expAvg",
  ]);
  assert.deepEqual(header.tensors.generator, {
    dtype: "U8",
    shape: [5056],
    dataOffsets: header.tensors.generator.dataOffsets,
  });
  assert.deepEqual(JSON.parse(header.metadata!["descent.checkpoint"]), {
    format: 1,
    parts: {
      model: {
        kind: "state",
        value: { "0.weight": { $tensor: "model/0.weight" }, "0.bias": { $tensor: "model/0.bias" } },
      },
      optimizer: {
        kind: "state",
        value: {
          state: { 0: { step: 2, expAvg: { $tensorJSON: "optimizer/state/0/expAvg" } } },
          paramGroups: [{ lr: 0.5, betas: [0.9, 0.999], params: [0] }],
        },
      },
      generator: { kind: "generator", tensor: "generator" },
      epoch: { kind: "value", value: 2 },
      best: { kind: "value", value: { $number: "-Infinity" } },
    },
  });
  // Python's safetensors reads the model's weights by these names.
  assert.deepEqual(
    loadSafetensors(bytes)["model/0.weight"].toList(),
    model.params["0.weight"].toList(),
  );
});

Deno.test("loadCheckpoint restores every part, the generator's stream and the plain values", () => {
  const model = new Model(0);
  const opt = new Optimizer();
  manualSeed(5);
  const bytes = saveCheckpoint({
    model,
    optimizer: opt,
    generator: defaultGenerator,
    extra: { epoch: 2, losses: [0.5, NaN], tag: "run", w: tensor([1, 2]), nothing: null, neg: -0 },
  });
  const expected = randn([4]).toList();
  const saved = opt.stateDict();

  const model2 = new Model(1);
  const opt2 = new Optimizer();
  opt2.state.paramGroups[0].lr = 9;
  manualSeed(99);
  const values = loadCheckpoint(bytes, {
    model: model2,
    optimizer: opt2,
    generator: defaultGenerator,
  });
  assert.deepEqual(model2.params["0.weight"].toList(), model.params["0.weight"].toList());
  assert.deepEqual(model2.params["0.bias"].toList(), model.params["0.bias"].toList());
  assert.deepEqual(opt2.stateDict(), saved); // the JSON tensor form comes back exactly (NaN, -0)
  assert.deepEqual(randn([4]).toList(), expected);
  const extra = values.extra as Record<string, unknown>;
  assert.ok(Object.is(extra.neg, -0) && Number.isNaN((extra.losses as number[])[1]));
  assert.equal(String(extra.w), "tensor([1, 2])");
  assert.deepEqual({ ...extra, w: null }, {
    epoch: 2,
    losses: [0.5, NaN],
    tag: "run",
    w: null,
    nothing: null,
    neg: -0,
  });
});

Deno.test("loadCheckpoint checks everything first: an error changes no part", () => {
  const model = new Model(0);
  const g = new Generator().manualSeed(3);
  const bytes = saveCheckpoint({ model, optimizer: new Optimizer(), g });
  const target = () => ({
    model: new Model(1),
    optimizer: new Optimizer(),
    g: new Generator().manualSeed(4),
  });
  const unchanged = (t: ReturnType<typeof target>, f: () => unknown, message: string | RegExp) => {
    const before = [
      t.model.stateDict()["0.weight"].toList(),
      t.optimizer.stateDict(),
      t.g.getState(),
    ];
    assert.throws(f, typeof message === "string" ? { message } : message);
    assert.deepEqual([
      t.model.stateDict()["0.weight"].toList(),
      t.optimizer.stateDict(),
      t.g.getState(),
    ], before);
  };
  let t = target();
  unchanged(
    t,
    () => loadCheckpoint(bytes, { model: t.model, optimizer: t.optimizer }),
    'loadCheckpoint(): the checkpoint has a generator state "g" and no target for it',
  );
  t = target();
  unchanged(
    t,
    () =>
      loadCheckpoint(bytes, {
        model: t.model,
        optimizer: t.optimizer,
        g: t.g,
        scheduler: new Optimizer(),
      }),
    'loadCheckpoint(): the checkpoint has no part "scheduler"',
  );
  t = target();
  unchanged(
    t,
    () =>
      loadCheckpoint(bytes, { model: t.model, optimizer: t.g as never, g: t.optimizer as never }),
    'loadCheckpoint(): part "optimizer" is a state dict; its target has no stateDict()/loadStateDict()',
  );
  // A model whose parameters do not fit, named as nn's loadStateDict names them.
  t = target();
  t.model.params["0.bias"] = randn([4]);
  t.model.params.extra = randn([1]);
  unchanged(
    t,
    () => loadCheckpoint(bytes, t),
    'loadCheckpoint(): part "model": Missing key(s) in state_dict: "extra".',
  );
  t = target();
  t.model.params["0.bias"] = randn([4]);
  unchanged(
    t,
    () => loadCheckpoint(bytes, t),
    'loadCheckpoint(): part "model": size mismatch for 0.bias: copying a param with shape [3] from checkpoint, the shape in current model is [4].',
  );
  // A loadStateDict that throws anyway: the parts loaded before it get their state back.
  t = target();
  const failing = new Optimizer();
  failing.fail = true;
  const before = t.optimizer.stateDict();
  assert.throws(
    () =>
      loadCheckpoint(saveCheckpoint({ optimizer: new Optimizer(), z: new Optimizer(), model }), {
        optimizer: t.optimizer,
        z: failing,
        model: t.model,
      }),
    { name: "RangeError", message: "optimizer: refused" },
  );
  assert.deepEqual(t.optimizer.stateDict(), before);
  // A file that is no checkpoint, or holds a bad generator state.
  unchanged(
    t,
    () => loadCheckpoint(saveSafetensors({ a: tensor([1]) }), {}),
    'loadCheckpoint(): the file is no descent checkpoint (its metadata has no "descent.checkpoint")',
  );
  const badState = saveSafetensors(
    { g: tensor(new Uint8Array(10)) },
    {
      "descent.checkpoint": JSON.stringify({
        format: 1,
        parts: { g: { kind: "generator", tensor: "g" } },
      }),
    },
  );
  unchanged(
    t,
    () => loadCheckpoint(badState, { g: t.g }),
    'loadCheckpoint(): generator state "g": Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10',
  );
  const meta = (json: string) => saveSafetensors({}, { "descent.checkpoint": json });
  const value = (v: string) => meta(`{"format":1,"parts":{"v":{"kind":"value","value":${v}}}}`);
  const cases: [Uint8Array, string][] = [
    [meta("{"), "loadCheckpoint(): the checkpoint's JSON does not parse"],
    [
      meta('{"format":2,"parts":{}}'),
      "loadCheckpoint(): the checkpoint's format is 2; this version reads format 1",
    ],
    [
      value('{"$tensor":"nope"}'),
      'loadCheckpoint(): the checkpoint names a tensor "nope" it does not hold',
    ],
    [
      value('{"$what":1}'),
      'loadCheckpoint(): the checkpoint\'s JSON holds an unknown placeholder {"$what":1}',
    ],
    [
      value("[".repeat(1200) + "]".repeat(1200)),
      "loadCheckpoint(): the checkpoint's JSON nests deeper than 1000",
    ],
    [
      meta('{"format":1,"parts":{"v":{"kind":"other"}}}'),
      'loadCheckpoint(): part "v" has no known kind',
    ],
  ];
  for (const [bytes, message] of cases) unchanged(t, () => loadCheckpoint(bytes, {}), message);
});

Deno.test("loadCheckpoint with strict: false leaves parts without a target unread", () => {
  const model = new Model(0);
  const bytes = saveCheckpoint({
    model,
    optimizer: new Optimizer(),
    generator: new Generator(),
    step: 7,
  });
  const model2 = new Model(1);
  assert.deepEqual(loadCheckpoint(bytes, { model: model2 }, { strict: false }), { step: 7 });
  assert.deepEqual(model2.params["0.bias"].toList(), model.params["0.bias"].toList());
});

Deno.test("saveCheckpoint refuses what JSON cannot keep exactly", () => {
  const cases: [unknown, string][] = [
    [
      { a: undefined },
      "saveCheckpoint(): a is undefined: a checkpoint holds tensors, numbers, strings, booleans, null, arrays and plain objects",
    ],
    [
      { a: { b: [1, 2n] } },
      "saveCheckpoint(): a/b/1 is bigint: a checkpoint holds tensors, numbers, strings, booleans, null, arrays and plain objects",
    ],
    [
      { a: new Map() },
      "saveCheckpoint(): a is object: a checkpoint holds tensors, numbers, strings, booleans, null, arrays and plain objects",
    ],
    [
      { a: { $tensor: "x" } },
      'saveCheckpoint(): a is an object whose one key starts with "$", which checkpoints reserve',
    ],
    [
      { "a/b": tensor([1]), a: { b: tensor([2]) } },
      'saveCheckpoint(): two tensors would be saved as "a/b"',
    ],
    [[1], "saveCheckpoint(): parts must be an object of named parts, got array"],
    [
      (() => {
        const a: unknown[] = [1];
        a.push({ b: a });
        return { a };
      })(),
      "saveCheckpoint(): a/1/b contains itself",
    ],
  ];
  for (const [parts, message] of cases) {
    assert.throws(() => saveCheckpoint(parts as never), { name: "TypeError", message });
  }
});
