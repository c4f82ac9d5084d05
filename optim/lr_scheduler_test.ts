import assert from "node:assert/strict";
import {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  type LRScheduler,
  SGD,
  StepLR,
} from "@descent/optim";
import { tensor } from "@descent/tensor";
import fixtures from "../conformance/optim/fixtures.json" with { type: "json" };

function twoGroups(): SGD {
  return new SGD([{ params: [tensor([0, 0], { requiresGrad: true })] }, {
    params: [tensor([0], { requiresGrad: true })],
    lr: 0.03,
  }], { lr: 0.1 });
}

const LAMBDAS: Record<string, (e: number) => number> = {
  "0.95 ** epoch": (e) => 0.95 ** e,
  "1 / (epoch + 1)": (e) => 1 / (e + 1),
  "epoch // 3": (e) => Math.floor(e / 3),
};

function build(name: string, o: Record<string, unknown>, opt: SGD): LRScheduler {
  switch (name) {
    case "StepLR":
      return new StepLR(opt, o as { stepSize: number; gamma?: number });
    case "ExponentialLR":
      return new ExponentialLR(opt, o as { gamma: number });
    case "CosineAnnealingLR":
      return new CosineAnnealingLR(opt, o as { tMax: number; etaMin?: number });
    default: {
      const l = o.lambda as string | string[];
      return new LambdaLR(opt, {
        lrLambda: Array.isArray(l) ? l.map((k) => LAMBDAS[k]) : LAMBDAS[l],
      });
    }
  }
}

Deno.test("schedulers: learning rates over 16 epochs match PyTorch (two groups)", () => {
  for (const s of fixtures.schedules) {
    const opt = twoGroups();
    const sched = build(s.scheduler, s.options, opt);
    const got = [sched.getLastLr()];
    for (let e = 0; e < 16; e++) {
      opt.step();
      sched.step();
      got.push(sched.getLastLr());
      assert.deepEqual(opt.paramGroups.map((g) => g.lr), sched.getLastLr());
    }
    got.forEach((lrs, e) =>
      lrs.forEach((lr, g) => {
        const want = s.lrs[e][g];
        assert.ok(
          Math.abs(lr - want) <= 1e-12 * Math.abs(want) || Math.abs(lr - want) <= 1e-18,
          `${s.scheduler} ${
            JSON.stringify(s.options)
          } epoch ${e} group ${g}: ${lr} vs PyTorch ${want}`,
        );
      })
    );
  }
});

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

Deno.test("schedulers: stateDict round trip through JSON continues the schedule", () => {
  const a = twoGroups();
  const sa = new CosineAnnealingLR(a, { tMax: 3, etaMin: 0.001 });
  for (let i = 0; i < 4; i++) {
    a.step();
    sa.step();
  }
  const b = twoGroups();
  b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
  const sb = new CosineAnnealingLR(b, { tMax: 3, etaMin: 0.001 });
  sb.loadStateDict(JSON.parse(JSON.stringify(sa.stateDict())));
  for (let i = 0; i < 5; i++) {
    a.step();
    sa.step();
    b.step();
    sb.step();
    assert.deepEqual(sb.getLastLr(), sa.getLastLr());
  }
});
