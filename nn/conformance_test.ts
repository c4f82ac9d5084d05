// The layers, initialisers, containers, state dicts and utilities of @descent/nn against
// PyTorch (conformance/nn/fixtures.json, written by conformance/nn/generate.py): default
// initialisations bit for bit, printed forms byte for byte, forward values, gradFn names and
// gradients, loadStateDict's error texts, a 50-step training run, and a model saved by torch.save
// loaded and run.

import assert from "node:assert/strict";
import { noGrad } from "@descent/autograd";
import { DataLoader, TensorDataset } from "@descent/data";
import { loadTorch } from "@descent/io";
import {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AvgPool1d,
  AvgPool2d,
  BatchNorm1d,
  BCELoss,
  BCEWithLogitsLoss,
  Bilinear,
  clipGradNorm_,
  clipGradValue_,
  Conv1d,
  Conv2d,
  CrossEntropyLoss,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  HuberLoss,
  Identity,
  init,
  L1Loss,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  MaxPool1d,
  MaxPool2d,
  Module,
  ModuleDict,
  ModuleList,
  MSELoss,
  NLLLoss,
  Parameter,
  ReLU,
  Sequential,
  Sigmoid,
  SiLU,
  SmoothL1Loss,
  Softmax,
  Tanh,
  Unflatten,
} from "@descent/nn";
import { Adam } from "@descent/optim";
import {
  assertClose,
  type DType,
  empty,
  floatTensor,
  Generator,
  manualSeed,
  ones,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";
import { decode, type FixtureValue } from "../conformance/fixtures.ts";
import fixtures from "../conformance/nn/fixtures.json" with { type: "json" };

/** A tensor as the generator encodes it. */
interface Encoded {
  shape: number[];
  dtype: string;
  values: FixtureValue[];
}

/** The dtype of PyTorch's int64 class indices in descent. */
const INDEX_DTYPE: DType = "int64";

function fromEnc(e: Encoded): Tensor {
  const values = e.values.map(decode);
  const dtype: DType = e.dtype === "int64" ? INDEX_DTYPE : e.dtype as DType;
  return tensor(values, { dtype }).reshape(e.shape);
}

/** Exactly the fixture's values, dtype and shape. */
function assertExact(actual: Tensor, e: Encoded, what: string): void {
  assert.deepEqual(actual.shape, e.shape, `${what}: shape`);
  assert.equal(actual.dtype, e.dtype === "int64" ? INDEX_DTYPE : e.dtype, `${what}: dtype`);
  assert.deepEqual(Array.from(actual.detach().toTypedArray()), e.values.map(decode), what);
}

function assertNear(actual: Tensor, e: Encoded, what: string): void {
  const tol = e.dtype === "float64" ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 2e-6, atol: 1e-6 };
  try {
    assertClose(actual.detach(), fromEnc(e), tol);
  } catch (err) {
    throw new Error(`${what}: ${(err as Error).message}`);
  }
}

/** descent's module for each fixture case, built the way the PyTorch case is. */
const LAYERS: Record<string, (c: { warmup?: unknown }) => Module> = {
  "Linear(4, 3)": () => new Linear(4, 3),
  "Linear(4, 3) 3-d": () => new Linear(4, 3),
  "Linear(4, 3) 1-d": () => new Linear(4, 3),
  "Linear(5, 2, bias=False)": () => new Linear(5, 2, { bias: false }),
  "Linear(3, 2, float64)": () => new Linear(3, 2, { dtype: "float64" }),
  "Bilinear(3, 2, 4)": () => new Bilinear(3, 2, 4),
  "Bilinear(2, 2, 3, bias=False)": () => new Bilinear(2, 2, 3, { bias: false }),
  "Identity()": () => new Identity(),
  "Flatten()": () => new Flatten(),
  "Flatten(0, 2)": () => new Flatten(0, 2),
  "Unflatten(1, (2, 5))": () => new Unflatten(1, [2, 5]),
  "ReLU()": () => new ReLU(),
  "LeakyReLU()": () => new LeakyReLU(),
  "LeakyReLU(0.2)": () => new LeakyReLU(0.2),
  "GELU()": () => new GELU(),
  "GELU(approximate='tanh')": () => new GELU("tanh"),
  "SiLU()": () => new SiLU(),
  "Sigmoid()": () => new Sigmoid(),
  "Tanh()": () => new Tanh(),
  "Softmax(dim=1)": () => new Softmax(1),
  "LogSoftmax(dim=1)": () => new LogSoftmax(1),
  "Softmax(dim=-1)": () => new Softmax(-1),
  "Dropout(p=0.5)": () => new Dropout(0.5),
  "Dropout(p=0.2)": () => new Dropout(0.2),
  "Dropout(p=0.5) eval": () => new Dropout(0.5).eval(),
  "Conv1d(4, 8, 3, padding=1)": () => new Conv1d(4, 8, 3, { padding: 1 }),
  "Conv1d(4, 6, 2, stride=2, groups=2, bias=False)": () =>
    new Conv1d(4, 6, 2, { stride: 2, groups: 2, bias: false }),
  "Conv2d(1, 6, 5)": () => new Conv2d(1, 6, 5),
  "Conv2d(2, 4, 3, stride=2, padding=1, dilation=2)": () =>
    new Conv2d(2, 4, 3, { stride: 2, padding: 1, dilation: 2 }),
  "Conv2d(4, 4, 3, padding=same, groups=2, padding_mode=reflect)": () =>
    new Conv2d(4, 4, 3, { padding: "same", groups: 2, paddingMode: "reflect" }),
  "Conv2d(2, 3, (3, 2), padding=1, padding_mode=circular)": () =>
    new Conv2d(2, 3, [3, 2], { padding: 1, paddingMode: "circular" }),
  "Conv2d(3, 2, 2, padding=valid, padding_mode=replicate)": () =>
    new Conv2d(3, 2, 2, { padding: "valid", paddingMode: "replicate" }),
  "MaxPool2d(2)": () => new MaxPool2d(2),
  "MaxPool2d(3, stride=2, padding=1, ceil_mode=True)": () =>
    new MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
  "MaxPool2d((2, 1), dilation=(1, 2))": () => new MaxPool2d([2, 1], { dilation: [1, 2] }),
  "MaxPool1d(2)": () => new MaxPool1d(2),
  "AvgPool2d(2)": () => new AvgPool2d(2),
  "AvgPool2d(3, stride=2, padding=1, count_include_pad=False)": () =>
    new AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
  "AvgPool2d(2, divisor_override=3)": () => new AvgPool2d(2, { divisorOverride: 3 }),
  "AvgPool1d(3, stride=1)": () => new AvgPool1d(3, { stride: 1 }),
  "AdaptiveAvgPool2d((2, 3))": () => new AdaptiveAvgPool2d([2, 3]),
  "AdaptiveAvgPool2d((None, 2))": () => new AdaptiveAvgPool2d([null, 2]),
  "AdaptiveMaxPool2d(2)": () => new AdaptiveMaxPool2d(2),
  "MSELoss()": () => new MSELoss(),
  "MSELoss(reduction=sum)": () => new MSELoss({ reduction: "sum" }),
  "L1Loss(reduction=none)": () => new L1Loss({ reduction: "none" }),
  "SmoothL1Loss(beta=0.5)": () => new SmoothL1Loss({ beta: 0.5 }),
  "HuberLoss(delta=0.5)": () => new HuberLoss({ delta: 0.5 }),
  "BCELoss(weight)": () => new BCELoss({ weight: floatTensor([1, 2, 0.5, 1]) }),
  "BCEWithLogitsLoss(pos_weight)": () =>
    new BCEWithLogitsLoss({ posWeight: floatTensor([2, 1, 0.5, 3]) }),
  "NLLLoss(weight)": () => new NLLLoss({ weight: floatTensor([1, 2, 0.5, 1]) }),
  "CrossEntropyLoss()": () => new CrossEntropyLoss(),
  "CrossEntropyLoss(label_smoothing=0.1, ignore_index=1)": () =>
    new CrossEntropyLoss({ labelSmoothing: 0.1, ignoreIndex: 1 }),
  "CrossEntropyLoss(probabilities)": () => new CrossEntropyLoss(),
  "LayerNorm(4)": () => new LayerNorm(4),
  "LayerNorm((2, 3), eps=1e-3)": () => new LayerNorm([2, 3], { eps: 1e-3 }),
  "LayerNorm(4, elementwise_affine=False)": () => new LayerNorm(4, { elementwiseAffine: false }),
  "LayerNorm(3, bias=False)": () => new LayerNorm(3, { bias: false }),
  "LayerNorm(3, float64)": () => new LayerNorm(3, { dtype: "float64" }),
  "LayerNorm((2, 3)) unbatched": () => new LayerNorm([2, 3]),
  "BatchNorm1d(3)": () => new BatchNorm1d(3),
  "BatchNorm1d(2) 3-d": () => new BatchNorm1d(2),
  "BatchNorm1d(3) empty batch": () => new BatchNorm1d(3),
  "BatchNorm1d(3) no channels": () => new BatchNorm1d(3),
  "BatchNorm1d(3) eval": (c) => warmed(new BatchNorm1d(3), c).eval(),
  "BatchNorm1d(3, momentum=None, affine=False)": (c) =>
    warmed(new BatchNorm1d(3, { momentum: null, affine: false }), c),
  "BatchNorm1d(3, track_running_stats=False) eval": () =>
    new BatchNorm1d(3, { trackRunningStats: false }).eval(),
  "Embedding(10, 3)": () => new Embedding(10, 3),
  "Embedding(10, 3, padding_idx=0)": () => new Embedding(10, 3, { paddingIdx: 0 }),
  "Embedding(10, 3, padding_idx=-1)": () => new Embedding(10, 3, { paddingIdx: -1 }),
};

/** A module that has seen the case's warm-up batch once (BatchNorm's running statistics). */
function warmed<M extends Module<[Tensor], Tensor>>(m: M, c: { warmup?: unknown }): M {
  m.forward(fromEnc(c.warmup as Encoded));
  return m;
}

Deno.test("every fixture layer case has a descent module, and every module a case", () => {
  assert.deepEqual(fixtures.layers.map((c) => c.name).sort(), Object.keys(LAYERS).sort());
});

for (const c of fixtures.layers) {
  Deno.test(`${c.name}: default init, printed form, forward, gradFn and gradients`, () => {
    manualSeed(0);
    const m = LAYERS[c.name](c);
    assert.equal(String(m), c.repr);
    const state = Object.entries(m.stateDict());
    assert.deepEqual(state.map(([k]) => k), c.state.map(([k]) => k), "state-dict keys");
    for (const [i, [k, v]] of state.entries()) {
      // A warmed-up BatchNorm's statistics: PyTorch sums a batch in float32 across its threads
      // (a result that depends on the thread count), descent in float64.
      if ("warmup" in c) assertNear(v, c.state[i][1] as Encoded, `warmed-up ${k}`);
      else assertExact(v, c.state[i][1] as Encoded, `initial ${k}`);
    }
    const isLoss = m.constructor.name.endsWith("Loss");
    const inputs = (c.inputs as Encoded[]).map((e, i) => {
      const x = fromEnc(e);
      return e.dtype.startsWith("float") && (i === 0 || !isLoss) ? x.requiresGrad_() : x;
    });
    if ("train_seed" in c) manualSeed(c.train_seed as number);
    const out = (m as Module<Tensor[], Tensor>).call(...inputs);
    assertNear(out, c.output as Encoded, "output");
    // @descent/losses records a division by a number as DivBackward0 where PyTorch's C++ loss
    // divides by a Scalar (DivBackward1): a known deviation (losses/conformance_test.ts).
    if (c.grad_fn !== "DivBackward1") assert.equal(out.gradFn?.name() ?? null, c.grad_fn, "gradFn");
    if (!("cotangent" in c)) return;
    out.backward(fromEnc(c.cotangent as Encoded));
    (c.input_grads as (Encoded | null)[]).forEach((g, i) => {
      if (g === null) assert.equal(inputs[i].grad, null);
      else assertNear(inputs[i].grad!, g, `input ${i} grad`);
    });
    const params = m.namedParameters();
    assert.deepEqual(
      params.map(([k]) => k),
      (c.param_grads as [string, Encoded][]).map(([k]) => k),
    );
    for (const [i, [k, p]] of params.entries()) {
      assertNear(p.grad!, (c.param_grads as [string, Encoded][])[i][1], `${k} grad`);
    }
    if (!("state_after" in c)) return;
    const after = Object.entries(m.stateDict());
    for (const [i, [k, v]] of after.entries()) {
      assertNear(v, (c.state_after as [string, Encoded][])[i][1], `${k} after the forward`);
    }
  });
}

/** descent's call for each initialiser case (the generator is seeded 0 afresh each time). */
const INIT: Record<string, [number[], DType, (t: Tensor, g: Generator) => Tensor]> = {
  "uniform_([3, 4], -2, 3)": [
    [3, 4],
    "float32",
    (t, g) => init.uniform_(t, -2, 3, { generator: g }),
  ],
  "uniform_([5], float64)": [[5], "float64", (t, g) => init.uniform_(t, 0, 1, { generator: g })],
  "normal_([3, 4], 1, 2)": [[3, 4], "float32", (t, g) => init.normal_(t, 1, 2, { generator: g })],
  "normal_([20], 0.5, 0.1)": [
    [20],
    "float32",
    (t, g) => init.normal_(t, 0.5, 0.1, { generator: g }),
  ],
  "normal_([4, 5], float64)": [
    [4, 5],
    "float64",
    (t, g) => init.normal_(t, 0, 1, { generator: g }),
  ],
  "constant_([2, 3], 0.3)": [[2, 3], "float32", (t) => init.constant_(t, 0.3)],
  "ones_([2])": [[2], "float32", (t) => init.ones_(t)],
  "zeros_([2])": [[2], "float32", (t) => init.zeros_(t)],
  "eye_([2, 3])": [[2, 3], "float32", (t) => init.eye_(t)],
  "xavier_uniform_([4, 6], gain=2)": [
    [4, 6],
    "float32",
    (t, g) => init.xavierUniform_(t, 2, { generator: g }),
  ],
  "xavier_normal_([5, 4])": [
    [5, 4],
    "float32",
    (t, g) => init.xavierNormal_(t, 1, { generator: g }),
  ],
  "kaiming_uniform_([6, 3, 2, 2], a=sqrt(5))": [
    [6, 3, 2, 2],
    "float32",
    (t, g) => init.kaimingUniform_(t, { a: Math.sqrt(5), generator: g }),
  ],
  "kaiming_uniform_([3, 5], fan_out, relu)": [
    [3, 5],
    "float32",
    (t, g) => init.kaimingUniform_(t, { mode: "fan_out", nonlinearity: "relu", generator: g }),
  ],
  "kaiming_uniform_([3, 5], float64)": [
    [3, 5],
    "float64",
    (t, g) => init.kaimingUniform_(t, { generator: g }),
  ],
  "kaiming_normal_([4, 8], leaky_relu 0.2)": [
    [4, 8],
    "float32",
    (t, g) => init.kaimingNormal_(t, { a: 0.2, generator: g }),
  ],
  "kaiming_normal_([2, 3], tanh, fan_out)": [
    [2, 3],
    "float32",
    (t, g) => init.kaimingNormal_(t, { mode: "fan_out", nonlinearity: "tanh", generator: g }),
  ],
  "trunc_normal_([10, 10])": [
    [10, 10],
    "float32",
    (t, g) => init.truncNormal_(t, 0, 1, -2, 2, { generator: g }),
  ],
  "trunc_normal_([7], std=0.02)": [
    [7],
    "float32",
    (t, g) => init.truncNormal_(t, 0, 0.02, -2, 2, { generator: g }),
  ],
  "trunc_normal_([6, 6], a=1.5, b=3)": [
    [6, 6],
    "float32",
    (t, g) => init.truncNormal_(t, 0, 1, 1.5, 3, { generator: g }),
  ],
  "trunc_normal_([5], float64, a=-0.5, b=0.5)": [
    [5],
    "float64",
    (t, g) => init.truncNormal_(t, 0, 1, -0.5, 0.5, { generator: g }),
  ],
  "orthogonal_([3, 5])": [[3, 5], "float32", (t, g) => init.orthogonal_(t, 1, { generator: g })],
  "orthogonal_([6, 2, 2], gain=2)": [
    [6, 2, 2],
    "float64",
    (t, g) => init.orthogonal_(t, 2, { generator: g }),
  ],
};

Deno.test("init: every initialiser draws PyTorch's values for the same generator", () => {
  assert.deepEqual(fixtures.init.map((c) => c.name), Object.keys(INIT));
  for (const c of fixtures.init) {
    const [shape, dtype, fn] = INIT[c.name];
    const t = empty(shape, { dtype });
    assert.equal(fn(t, new Generator(0)), t, c.name);
    if (c.name.startsWith("orthogonal_")) assertNear(t, c.value as Encoded, c.name);
    else assertExact(t, c.value as Encoded, c.name);
  }
});

Deno.test("init.calculateGain: PyTorch's gains", () => {
  for (const [key, gain] of Object.entries(fixtures.gains)) {
    const [name, param] = key.split(" ");
    const p = param === "None" ? undefined : Number(param);
    assert.equal(init.calculateGain(name as init.Nonlinearity, p), gain, key);
  }
});

/** PyTorch's `Net` of the generator, written the same way. */
class Net extends Module {
  encoder = new Sequential(new Linear(4, 8), new ReLU(), new Dropout(0.1));
  layers = new ModuleList([new Linear(8, 8), new Linear(8, 8), new Tanh(), new Linear(8, 2)]);
  head = new ModuleDict({ score: new Linear(2, 1), act: new Sigmoid() });
  scale = new Parameter(ones([1]));
  declare steps: Tensor;
  declare cache: Tensor;
  shared: Module;
  constructor() {
    super();
    this.registerBuffer("steps", zeros([1]));
    this.registerBuffer("cache", zeros([2]), { persistent: false });
    this.shared = this.layers.at(0);
  }
}

Deno.test("containers: printed forms, state-dict keys and values, named traversals", () => {
  const f = fixtures.containers;
  manualSeed(0);
  const net = new Net();
  assert.equal(String(net), f.net_repr);
  assert.deepEqual(Object.keys(net.stateDict()), f.net_state_keys);
  for (const [k, v] of f.net_state) {
    assertExact(net.stateDict()[k as string], v as Encoded, k as string);
  }
  assert.deepEqual(net.namedParameters().map(([k]) => k), f.net_parameters);
  assert.deepEqual(
    net.namedParameters({ removeDuplicate: false }).map(([k]) => k),
    f.net_parameters_all,
  );
  assert.deepEqual(net.namedBuffers().map(([k]) => k), f.net_buffers);
  assert.deepEqual(net.namedModules().map(([k]) => k), f.net_modules);
  assert.deepEqual(net.namedChildren().map(([k]) => k), f.net_children);
  assert.equal(String(new Sequential()), f.empty_sequential);
  assert.equal(String(new ModuleList()), f.empty_module_list);
  const nested = new Sequential(
    new Sequential(new Linear(2, 2), new ReLU()),
    new ModuleList([new ReLU(), new ReLU()]),
  );
  assert.equal(String(nested), f.nested);
  assert.equal(String(new Parameter(floatTensor([1, 2]))), f.parameter);
  assert.equal(
    String(new Parameter(tensor([[1.5, -2]], { dtype: "float64" }), false)),
    f.parameter_no_grad,
  );
  const reprs: Record<string, Module> = {
    "Dropout(p=0.1)": new Dropout(0.1),
    "Dropout(p=1e-5)": new Dropout(1e-5),
    "Softmax()": new Softmax(),
    "Conv2d bias=False dilation": new Conv2d(2, 4, [3, 1], {
      stride: [2, 1],
      dilation: 2,
      bias: false,
    }),
    "Conv1d padding=same": new Conv1d(2, 2, 3, { padding: "same" }),
    "MaxPool2d((3, 2), stride=1)": new MaxPool2d([3, 2], { stride: 1 }),
    "AvgPool2d((2, 3), stride=(1, 2), padding=1)": new AvgPool2d([2, 3], {
      stride: [1, 2],
      padding: 1,
    }),
    "AdaptiveMaxPool2d((3, None))": new AdaptiveMaxPool2d([3, null]),
    "CrossEntropyLoss(weight)": new CrossEntropyLoss({ weight: ones([3]) }),
    "Identity": new Identity(),
  };
  assert.deepEqual(Object.keys(reprs), Object.keys(f.reprs));
  for (const [k, m] of Object.entries(reprs)) {
    assert.equal(String(m), (f.reprs as Record<string, string>)[k], k);
  }
});

Deno.test("loadStateDict: PyTorch's error texts, and nothing copied on error", () => {
  const errors = Object.fromEntries(fixtures.load_errors) as Record<string, unknown>;
  manualSeed(0);
  const source = new Linear(4, 3);
  const w = source.weight.detach().clone();
  const b = source.bias!.detach().clone();
  const text = (k: string) => (errors[k] as [string, string])[1];
  const check = (m: Module, sd: Record<string, Tensor>, k: string, strict = true) => {
    const before = m.parameters().map((p) => p.toList());
    assert.throws(() => m.loadStateDict(sd, { strict }), (e: Error) => {
      assert.equal(e.message, text(k));
      return true;
    });
    assert.deepEqual(m.parameters().map((p) => p.toList()), before, `${k}: nothing copied`);
  };
  check(new Linear(4, 3), { weight: w }, "missing bias");
  check(new Linear(4, 3), { weight: w, bias: b, scale: b, "x.y": b }, "unexpected");
  check(new Linear(4, 3), { weight: zeros([3, 5]), bias: b }, "size mismatch");
  check(new Linear(4, 3), { weight: zeros([2, 4]), extra: b }, "all three");
  const seq = () => new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
  const sd = seq().stateDict();
  const bad: Record<string, Tensor> = { ...sd, "1.weight": zeros([1]), "0.weight": zeros([3, 3]) };
  delete bad["2.bias"];
  check(seq(), bad, "sequential");
  check(seq(), bad, "non-strict", false);
  const partial = { ...sd, "3.weight": zeros([1]) } as Record<string, Tensor>;
  delete partial["2.bias"];
  const r = seq().loadStateDict(partial, { strict: false });
  const ok = errors["non-strict ok"] as { missing: string[]; unexpected: string[] };
  assert.deepEqual(r, { missingKeys: ok.missing, unexpectedKeys: ok.unexpected });
  // A good load copies the values into the existing parameters.
  const target = new Linear(4, 3);
  const weight = target.weight;
  assert.deepEqual(target.loadStateDict({ weight: w, bias: b }), {
    missingKeys: [],
    unexpectedKeys: [],
  });
  assert.equal(target.weight, weight);
  assert.deepEqual(target.weight.toList(), w.toList());
});

Deno.test("clipGradNorm_ and clipGradValue_: PyTorch's totals and clipped gradients", () => {
  for (const c of fixtures.clip) {
    const grads = (c.grads as Encoded[]).map(fromEnc);
    const params = grads.map((g) => zeros(g.shape).requiresGrad_());
    params.forEach((p, i) => (p.grad = grads[i].clone()));
    if (c.kind === "norm") {
      const normType = c.norm_type === "inf" ? Infinity : c.norm_type as number;
      const total = clipGradNorm_(params, c.max, { normType });
      assert.ok(Math.abs(total.item() - (c.total as number)) <= 2e-6 * (c.total as number));
    } else clipGradValue_(params, c.max);
    (c.clipped as Encoded[]).forEach((e, i) =>
      assertNear(params[i].grad!, e, `${c.kind} grad ${i}`)
    );
  }
});

Deno.test(
  "training: Sequential + CrossEntropyLoss + Adam + DataLoader(shuffle), 50 steps, PyTorch's losses",
  () => {
    const t = fixtures.train;
    manualSeed(0);
    const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
    assert.equal(String(model), t.repr);
    const sd = model.stateDict();
    assert.deepEqual(Object.keys(sd), t.initial.map(([k]) => k));
    for (const [k, v] of t.initial) assertExact(sd[k as string], v as Encoded, `initial ${k}`);
    const x = fromEnc(t.x as Encoded);
    const y = tensor(t.y, { dtype: INDEX_DTYPE });
    const lossFn = new CrossEntropyLoss();
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 16, shuffle: true });
    const losses: number[] = [];
    const labels: number[][] = [];
    while (losses.length < 50) {
      for (const [xb, yb] of loader) {
        opt.zeroGrad();
        const loss = lossFn.call(model.call(xb), yb);
        loss.backward();
        opt.step();
        losses.push(loss.item());
        if (labels.length < 3) labels.push(Array.from(yb.toTypedArray()));
        if (losses.length === 50) break;
      }
    }
    assert.deepEqual(labels, t.first_batches_labels, "the loader's first batches");
    for (let i = 0; i < 50; i++) {
      const want = t.losses[i];
      assert.ok(
        Math.abs(losses[i] - want) <= 1e-5 * Math.abs(want),
        `step ${i + 1}: loss ${losses[i]}, PyTorch ${want}`,
      );
    }
    const final = model.stateDict();
    assert.deepEqual(Object.keys(final), t.final.map(([k]) => k));
    for (const [k, v] of t.final) {
      assertClose(final[k as string], fromEnc(v as Encoded), { rtol: 1e-4, atol: 1e-5 });
    }
  },
);

/** Distance in float32 steps between two float32 values (0 when bit-identical). */
function ulps32(a: number, b: number): number {
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const ordered = (i: number) => (i < 0 ? -0x80000000 - i : i);
  return Math.abs(ordered(bits[0]) - ordered(bits[1]));
}

/** One float32 step at `s`'s magnitude (normal numbers). */
function ulpAt(s: number): number {
  return 2 ** (Math.max(Math.floor(Math.log2(Math.abs(s))), -126) - 23);
}

/** Bit-identical elements, the largest ulp distance and, given scales, the largest error in ulps of the scale. */
function compare(got: Tensor, want: Encoded, scale?: Tensor) {
  const g = got.detach().toTypedArray();
  const s = scale?.toTypedArray();
  let same = 0, ulps = 0, scaled = 0;
  want.values.map(decode).forEach((w, i) => {
    const u = ulps32(Number(g[i]), w);
    if (u === 0) same++;
    ulps = Math.max(ulps, u);
    if (s !== undefined) {
      scaled = Math.max(scaled, Math.abs(Number(g[i]) - w) / ulpAt(Number(s[i])));
    }
  });
  return { same, of: want.values.length, ulps, scaled };
}

Deno.test("a torch.save file loaded with loadTorch and loadStateDict: PyTorch's outputs, to the ulp", async () => {
  // conformance/nn/loaded_model.pt: torch.save(model.state_dict()) of a Sequential of Linear,
  // ReLU, LayerNorm, GELU, SiLU, Tanh and Sigmoid layers, whose weights no seed initialises;
  // PyTorch 2.13 (CPU, MKL) ran a fixed [64, 4] input through it, layer by layer.
  const f = fixtures.loaded;
  manualSeed(1);
  const model = new Sequential(
    new Linear(4, 16),
    new ReLU(),
    new LayerNorm(16),
    new Linear(16, 16),
    new GELU(),
    new Linear(16, 16),
    new SiLU(),
    new Linear(16, 8),
    new Tanh(),
    new Linear(8, 3),
    new Sigmoid(),
  );
  assert.equal(String(model), f.repr);
  const sd = loadTorch(
    await Deno.readFile(new URL(`../conformance/nn/${f.file}`, import.meta.url)),
  );
  assert.deepEqual(model.loadStateDict(sd), { missingKeys: [], unexpectedKeys: [] });
  model.eval();
  const outputs = f.outputs as Encoded[];

  // Each layer on PyTorch's own input to it. Elementwise layers: ReLU and Tanh bit for bit,
  // Sigmoid and SiLU within 1 ulp, GELU (erf) within 7. Products are measured against the
  // float32 step of what they sum: a Linear output against Σ|x_k·w_k| + |b| (within 1 step),
  // LayerNorm against PyTorch's (|x|·rstd + |mean|·rstd)·|γ| + |β| (within 3): PyTorch sums in
  // float32 (MKL's FMA chains, LayerNorm's x·rstd − mean·rstd), descent in float64 where small,
  // so results that cancel can differ by many ulps of themselves (measured: the five Linear
  // layers 1024, 1024, 1024, 267 of 512 and 147 of 192 elements bit-identical; LayerNorm 405 of
  // 1024).
  const elementwise: Record<string, number> = { ReLU: 0, Tanh: 0, Sigmoid: 1, SiLU: 1, GELU: 7 };
  const layers = [...model.children()] as Module<[Tensor], Tensor>[];
  layers.forEach((layer, i) => {
    const x = i === 0 ? fromEnc(f.input as Encoded) : fromEnc(outputs[i - 1]);
    const y = noGrad(() => layer.forward(x));
    const name = `layer ${i} (${layer.constructor.name})`;
    if (layer instanceof Linear) {
      const scale = x.double().abs().matmul(layer.weight.detach().double().abs().t())
        .add(layer.bias!.detach().double().abs());
      assert.ok(compare(y, outputs[i], scale).scaled <= 1, name);
    } else if (layer instanceof LayerNorm) {
      const xd = x.double();
      const mean = xd.mean(-1, true);
      const rstd = xd.var(-1, { correction: 0, keepdim: true }).add(1e-5).rsqrt();
      const scale = xd.abs().add(mean.abs()).mul(rstd).mul(layer.weight!.detach().double().abs())
        .add(layer.bias!.detach().double().abs());
      assert.ok(compare(y, outputs[i], scale).scaled <= 3, name);
    } else {
      const c = compare(y, outputs[i]);
      assert.ok(c.ulps <= elementwise[layer.constructor.name], `${name}: ${c.ulps} ulps`);
    }
  });

  // The whole model on the input: the sigmoid outputs within 2 ulps (measured: 116 of 192
  // bit-identical).
  const out = noGrad(() => model.forward(fromEnc(f.input as Encoded)));
  const c = compare(out, outputs[outputs.length - 1]);
  assert.ok(c.ulps <= 2, `${c.ulps} ulps`);
});
