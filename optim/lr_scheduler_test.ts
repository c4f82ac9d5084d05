import assert from "node:assert/strict";
import {
  Adam,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  type SchedulerStateDict,
  SequentialLR,
  SGD,
  StepLR,
} from "@descent/optim";
import { tensor } from "@descent/tensor";
import { assertRefused } from "./testdata/unchanged.ts";

function twoGroups(): SGD {
  return new SGD([{ params: [tensor([0, 0], { dtype: "float32", requiresGrad: true })] }, {
    params: [tensor([0], { dtype: "float32", requiresGrad: true })],
    lr: 0.03,
  }], { lr: 0.1, momentum: 0.9 });
}

/** One of every scheduler, each on its own optimizer, stepped a few epochs. */
function everyScheduler(): [string, SGD, LRScheduler][] {
  const make: [string, (o: SGD) => LRScheduler][] = [
    ["StepLR", (o) => new StepLR(o, { stepSize: 2 })],
    ["MultiStepLR", (o) => new MultiStepLR(o, { milestones: [1, 3] })],
    ["ExponentialLR", (o) => new ExponentialLR(o, { gamma: 0.9 })],
    ["LinearLR", (o) => new LinearLR(o)],
    ["CosineAnnealingLR", (o) => new CosineAnnealingLR(o, { tMax: 3 })],
    ["LambdaLR", (o) => new LambdaLR(o, (e) => 1 / (e + 1))],
    ["CosineAnnealingWarmRestarts", (o) => new CosineAnnealingWarmRestarts(o, { t0: 2 })],
    ["OneCycleLR", (o) => new OneCycleLR(o, { maxLr: 1, totalSteps: 20 })],
    ["ReduceLROnPlateau", (o) => new ReduceLROnPlateau(o, { patience: 0 })],
    ["SequentialLR", (o) =>
      new SequentialLR(o, {
        schedulers: [new LinearLR(o, { totalIters: 2 }), new ExponentialLR(o, { gamma: 0.5 })],
        milestones: [2],
      })],
  ];
  return make.map(([name, f]) => {
    const opt = twoGroups();
    const s = f(opt);
    for (let i = 0; i < 3; i++) {
      opt.step();
      if (s instanceof ReduceLROnPlateau) s.step(1);
      else s.step();
    }
    return [name, opt, s];
  });
}

Deno.test("schedulers: initialLr, resuming, errors and the call-order warning", () => {
  const opt = twoGroups();
  new ExponentialLR(opt, { gamma: 0.5 });
  assert.deepEqual(opt.paramGroups.map((g) => (g as unknown as { initialLr: number }).initialLr), [
    0.1,
    0.03,
  ]);
  assert.throws(
    () => new StepLR(twoGroups(), { stepSize: 2, lastEpoch: 4 }),
    /param 'initial_lr' is not specified in param_groups\[0\] when resuming an optimizer/,
  );
  assert.throws(
    () => new LambdaLR(twoGroups(), { lrLambda: [(e) => e] }),
    /Expected 2 lr_lambdas, but got 1/,
  );
  // scheduler.step() before optimizer.step() warns once, in PyTorch's words
  const warned: string[] = [];
  const orig = console.warn;
  console.warn = (m: string) => warned.push(m);
  try {
    const o = twoGroups();
    const s = new StepLR(o, { stepSize: 1 });
    s.step();
  } finally {
    console.warn = orig;
  }
  assert.equal(warned.length, 1);
  assert.match(
    warned[0],
    /^UserWarning: Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`/,
  );
});

Deno.test("a scheduler constructor that refuses its options leaves the optimizer untouched", () => {
  const opt = twoGroups();
  const o = opt as unknown as Adam; // any optimizer type; the check happens first
  const cases: [() => unknown, RegExp][] = [
    [() => new StepLR(opt, { stepSize: 0 }), /^RangeError: stepSize must be at least 1, got 0$/],
    [() => new StepLR(opt, { stepSize: 2, gamma: "0.5" as never }), /gamma must be a number/],
    [() => new MultiStepLR(opt, { milestones: [1.5] }), /milestones\[0\] must be an integer/],
    [
      () => new ExponentialLR(opt, {} as never),
      /^TypeError: gamma must be a number, got undefined$/,
    ],
    [
      () => new LinearLR(opt, { startFactor: 0 }),
      /Starting multiplicative factor expected to be greater than 0 and less or equal to 1\./,
    ],
    [() => new LinearLR(opt, { endFactor: 2 }), /Ending multiplicative factor expected/],
    [() => new CosineAnnealingLR(opt, { tMax: -1 }), /tMax must be positive, got -1/],
    [() => new CosineAnnealingWarmRestarts(opt, { t0: 1.5 }), /Expected positive integer T_0/],
    [
      () => new CosineAnnealingWarmRestarts(opt, { t0: 2, tMult: 0 }),
      /Expected integer T_mult >= 1, but got 0/,
    ],
    [() => new LambdaLR(opt, 3 as never), /lrLambda\[0\] must be a function, got number/],
    [() => new OneCycleLR(opt, { maxLr: 1 }), /You must define either total_steps OR/],
    [() => new OneCycleLR(opt, { maxLr: [1], totalSteps: 5 }), /maxLr must have the same length/],
    [() => new OneCycleLR(opt, { maxLr: 1, totalSteps: 5, pctStart: 2 }), /pct_start/],
    [() => new ReduceLROnPlateau(opt, { factor: 1 }), /Factor should be < 1\.0\./],
    [() => new ReduceLROnPlateau(opt, { mode: "up" as never }), /mode up is unknown!/],
    [() => new ReduceLROnPlateau(opt, { minLr: [0] }), /expected 2 min_lrs, got 1/],
    [() => new StepLR(opt, { stepSize: 2, lastEpoch: 1.5 }), /lastEpoch must be an integer/],
    [() => new StepLR(opt, { stepSize: 2, gama: 0.5 } as never), /unknown option 'gama'/],
    [() => new ReduceLROnPlateau(opt, { patiance: 3 } as never), /unknown option 'patiance'/],
    [() => new SequentialLR(opt, { schedulers: [], milestones: [] }), /at least one scheduler/],
  ];
  for (const [fn, error] of cases) assertRefused(fn, error, o);
  // the case: no initialLr written by a StepLR that fails validation
  assert.equal("initialLr" in opt.paramGroups[0], false);
});

Deno.test("every scheduler's loadStateDict checks the whole dict first and names the key", () => {
  for (const [name, opt, s] of everyScheduler()) {
    const sd = s.stateDict();
    const broken: [Record<string, unknown>, RegExp][] = [
      [{ lastEpoch: 5 }, /^TypeError: loadStateDict\(\): missing key '[a-zA-Z]+'$/],
      [{ ...sd, lastEpoch: "5" }, /loadStateDict\(\): lastEpoch must be an integer, got "5"/],
      [{ ...sd, lastLr: [0.1] }, /loadStateDict\(\): lastLr must have 2 values, got 1/],
      [{ ...sd, bogus: 1 }, /loadStateDict\(\): unexpected key 'bogus'/],
    ];
    if ("baseLrs" in sd) {
      broken.push([{ ...sd, baseLrs: [0.1, "x"] }, /baseLrs\[1\] must be a number, got "x"/]);
    }
    for (const [bad, error] of broken) {
      assertRefused(() => s.loadStateDict(bad as never), error, opt, s);
    }
    // and a good one restores everything through JSON
    const other = everyScheduler().find(([n]) => n === name)![2];
    other.loadStateDict(JSON.parse(JSON.stringify(sd)));
    assert.deepEqual(other.stateDict(), sd, name);
  }
});

Deno.test("a step that throws changes nothing: LambdaLR's lambda, OneCycleLR past its end", () => {
  const opt = twoGroups();
  let result: unknown = 0.5;
  const s = new LambdaLR(opt, () => result as number);
  opt.step();
  result = "0.5";
  assertRefused(() => s.step(), /lrLambda\[0\]\(1\) must be a number, got "0.5"/, opt, s);
  result = Promise.resolve(0.5);
  assertRefused(() => s.step(), /lrLambda\[0\]\(1\) returned a Promise/, opt, s);
  result = 0.25;
  s.step();
  assert.deepEqual(s.getLastLr(), [0.025, 0.0075]);

  const o2 = twoGroups();
  const c = new OneCycleLR(o2, { maxLr: 1, totalSteps: 2 });
  c.step();
  c.step();
  assertRefused(
    () => c.step(),
    /^RangeError: Tried to step 3 times\. The specified number of total steps is 2$/,
    o2,
    c,
  );
});

Deno.test("async callbacks are refused before anything changes", () => {
  const opt = twoGroups();
  assertRefused(
    () => new LambdaLR(opt, (async (e: number) => await Promise.resolve(e)) as never),
    /^TypeError: lrLambda\[0\] must be synchronous, got an async function/,
    opt,
  );
  const r = new ReduceLROnPlateau(opt);
  assertRefused(
    () => r.step(Promise.resolve(1) as never),
    /ReduceLROnPlateau.step\(\) needs the metric, a number or a one-element Tensor, got Promise/,
    opt,
    r,
  );
});

Deno.test("a group added after the scheduler gets PyTorch's rates, never NaN", () => {
  // LambdaLR and CosineAnnealingWarmRestarts compute from base rates: the new group keeps its
  // lr (PyTorch zips the rates with the groups); StepLR scales it like the others.
  for (
    const make of [
      (o: SGD) => new LambdaLR(o, (e) => 0.5 ** e),
      (o: SGD) => new StepLR(o, { stepSize: 1, gamma: 0.5 }),
    ]
  ) {
    const opt = twoGroups();
    const s = make(opt);
    const p = tensor([1], { dtype: "float32", requiresGrad: true });
    opt.addParamGroup({ params: [p], lr: 0.2 });
    p.grad = tensor([1], { dtype: "float32" });
    opt.step();
    s.step();
    const lrs = s.getLastLr();
    assert.deepEqual(lrs, [0.05, 0.015, s instanceof LambdaLR ? 0.2 : 0.1]);
    assert.deepEqual(p.toList(), [Math.fround(1 - 0.2)]);
  }
  // ReduceLROnPlateau: a scalar minLr covers the new group; a per-group list must be extended
  const opt = twoGroups();
  const r = new ReduceLROnPlateau(opt, { patience: 0, minLr: 0.05 });
  opt.addParamGroup({ params: [tensor([1], { dtype: "float32", requiresGrad: true })], lr: 0.2 });
  r.step(1);
  r.step(2);
  assert.deepEqual(r.getLastLr(), [0.05, 0.03, 0.05]);
  const o2 = twoGroups();
  const r2 = new ReduceLROnPlateau(o2, { patience: 0, minLr: [0, 0] });
  o2.addParamGroup({ params: [tensor([1], { dtype: "float32", requiresGrad: true })], lr: 0.2 });
  r2.step(1);
  assertRefused(
    () => r2.step(2),
    /The number of param groups in the `optimizer` \(3\) differs/,
    o2,
    r2,
  );
});

Deno.test("SequentialLR's state holds its schedulers' states, checked before loading", () => {
  const [, opt, s] = everyScheduler().find(([n]) => n === "SequentialLR")!;
  const sd = s.stateDict() as SchedulerStateDict & { schedulers: Record<string, unknown>[] };
  assert.equal(sd.schedulers.length, 2);
  const bad = { ...sd, schedulers: [sd.schedulers[0], { ...sd.schedulers[1], gamma: "x" }] };
  assertRefused(
    () => s.loadStateDict(bad),
    /loadStateDict\(\): schedulers\[1\]\.gamma must be a number, got "x"/,
    opt,
    s,
  );
  assertRefused(
    () => s.loadStateDict({ ...sd, schedulers: [] }),
    /schedulers must be an array of 2/,
    opt,
    s,
  );
});

Deno.test("ReduceLROnPlateau's infinite best survives JSON; OneCycleLR cycles Adam's beta1", () => {
  const opt = twoGroups();
  const r = new ReduceLROnPlateau(opt, { mode: "max" });
  const json = JSON.parse(JSON.stringify(r.stateDict()));
  assert.equal(json.best, "-Infinity");
  const r2 = new ReduceLROnPlateau(twoGroups());
  r2.loadStateDict(json);
  assert.equal(r2.best, -Infinity);
  assert.equal(r2.mode, "max");

  const adam = new Adam([tensor([1], { dtype: "float32", requiresGrad: true })], {
    betas: [0.9, 0.99],
  });
  new OneCycleLR(adam, { maxLr: 0.1, totalSteps: 4 });
  assert.deepEqual(adam.paramGroups[0].betas, [0.95, 0.99]);
  assert.throws(
    () =>
      new OneCycleLR(new SGD([tensor([1], { dtype: "float32", requiresGrad: true })]) as never, {
        maxLr: 1,
        totalSteps: 2,
        cycleMomentum: true,
        baseMomentum: "x" as never,
      }),
    /baseMomentum must be a number/,
  );
});
