import assert from "node:assert/strict";
import { Adam, AdamW } from "@descent/optim";
import { tensor } from "@descent/tensor";

const w = () => tensor([1], { dtype: "float32", requiresGrad: true });

Deno.test("Adam/AdamW validation errors use PyTorch's words", () => {
  for (const Opt of [Adam, AdamW]) {
    assert.throws(() => new Opt([w()], { lr: -1 }), /^RangeError: Invalid learning rate: -1$/);
    assert.throws(() => new Opt([w()], { eps: -1 }), /Invalid epsilon value: -1/);
    assert.throws(
      () => new Opt([w()], { betas: [1, 0.9] }),
      /Invalid beta parameter at index 0: 1/,
    );
    assert.throws(
      () => new Opt([w()], { betas: [0.9, -0.1] }),
      /Invalid beta parameter at index 1: -0.1/,
    );
    assert.throws(() => new Opt([w()], { weightDecay: -1 }), /Invalid weight_decay value: -1/);
  }
  assert.equal(new Adam([w()]).defaults.weightDecay, 0);
  assert.equal(new AdamW([w()]).defaults.weightDecay, 1e-2);
  assert.deepEqual(new Adam([w()]).defaults.betas, [0.9, 0.999]);
});

Deno.test("Adam: state after steps; amsgrad keeps the max second moment", () => {
  const p = tensor([1, 2], { dtype: "float64", requiresGrad: true });
  const opt = new Adam([p], { lr: 0.1, amsgrad: true, betas: [0.5, 0.5] });
  p.grad = tensor([2, 0], { dtype: "float64" });
  opt.step();
  p.grad = tensor([0, 0], { dtype: "float64" });
  opt.step();
  const s = opt.state.get(p)!;
  assert.equal(s.step, 2);
  assert.deepEqual(s.expAvg.toList(), [0.5, 0]); // lerp(1, 0, 0.5)
  assert.deepEqual(s.expAvgSq.toList(), [1, 0]); // 0.5 * 2
  assert.deepEqual(s.maxExpAvgSq!.toList(), [2, 0]); // max(2, 1)
  // step 2: m̂ = 0.5 / 0.75, denom = sqrt(2) / sqrt(0.75) + 1e-8
  const first = 1 + (-(0.1 / 0.5) * 1) / (Math.sqrt(2) / Math.sqrt(0.5) + 1e-8);
  const expected = first - (0.1 / 0.75) * 0.5 / (Math.sqrt(2) / Math.sqrt(0.75) + 1e-8);
  assert.ok(Math.abs((p.toList() as number[])[0] - expected) < 1e-15);
});
