// A run saved with saveCheckpoint and resumed with loadCheckpoint gives the same losses, bit for
// bit, as a run that never stopped: a model with dropout (drawing from the default generator as
// PyTorch's does), Adam, a StepLR schedule and a shuffling DataLoader (which draws its epochs'
// permutations from the default generator too), the checkpoint passing through its bytes.

import assert from "node:assert/strict";
import { noGrad } from "@descent/autograd";
import { DataLoader, TensorDataset } from "@descent/data";
import { loadCheckpoint, saveCheckpoint } from "@descent/io";
import { mseLoss } from "@descent/losses";
import { Adam, StepLR } from "@descent/optim";
import { defaultGenerator, manualSeed, randn, type Tensor, tensor } from "@descent/tensor";

/** Linear → ReLU → Dropout(0.25) → Linear, with nn's state-dict protocol (structurally). */
class Net {
  readonly params: Record<string, Tensor>;
  constructor() {
    this.params = {
      "0.weight": randn([2, 8], { requiresGrad: true }),
      "0.bias": randn([8], { requiresGrad: true }),
      "3.weight": randn([8, 1], { requiresGrad: true }),
      "3.bias": randn([1], { requiresGrad: true }),
    };
  }
  forward(x: Tensor): Tensor {
    const p = this.params;
    const h = x.matmul(p["0.weight"]).add(p["0.bias"]).relu();
    // F.dropout(h, 0.25) in training: a mask drawn with bernoulli(0.75), scaled by 1/0.75.
    const mask = defaultGenerator.bernoulli(new Float32Array(h.numel()), 0.75);
    return h.mul(tensor(mask).reshape(h.shape).div(0.75)).matmul(p["3.weight"]).add(p["3.bias"]);
  }
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries(Object.entries(this.params).map(([k, p]) => [k, p.detach()]));
  }
  loadStateDict(sd: unknown): void {
    const s = sd as Record<string, Tensor>;
    noGrad(() => Object.entries(this.params).forEach(([k, p]) => p.copy_(s[k])));
  }
}

manualSeed(42);
const x = randn([22, 2]);
const data = new TensorDataset(x, x.sum(1, true).sin());

/** A fresh model, optimizer, scheduler and loader, as a script builds them. */
function setup() {
  const model = new Net();
  const optimizer = new Adam(Object.values(model.params), { lr: 0.05 });
  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: 0.8 });
  const loader = new DataLoader(data, { batchSize: 4, shuffle: true });
  return { model, optimizer, scheduler, loader };
}

/** Trains epochs `from` to `to - 1`; each epoch's losses (a shuffled epoch of 6 batches). */
function train(s: ReturnType<typeof setup>, from: number, to: number): number[][] {
  const out: number[][] = [];
  for (let epoch = from; epoch < to; epoch++) {
    const losses: number[] = [];
    for (const [xb, yb] of s.loader) {
      s.optimizer.zeroGrad();
      const loss = mseLoss(s.model.forward(xb), yb);
      loss.backward();
      s.optimizer.step();
      losses.push(loss.item());
    }
    s.scheduler.step();
    out.push(losses);
  }
  return out;
}

Deno.test("resume: a run saved after epoch 2 and resumed gives the losses of one that never stopped", () => {
  manualSeed(0);
  const whole = train(setup(), 0, 5);

  manualSeed(0);
  const first = setup();
  assert.deepEqual(train(first, 0, 2), whole.slice(0, 2));
  const bytes = saveCheckpoint({
    model: first.model,
    optimizer: first.optimizer,
    scheduler: first.scheduler,
    generator: defaultGenerator,
    epoch: 2,
  });

  // A new process: other seeds, other weights, other optimizer state, until the checkpoint loads.
  manualSeed(1234);
  const second = setup();
  train(second, 0, 1);
  const { epoch } = loadCheckpoint(bytes, {
    model: second.model,
    optimizer: second.optimizer,
    scheduler: second.scheduler,
    generator: defaultGenerator,
  }) as { epoch: number };
  assert.equal(epoch, 2);
  assert.deepEqual(second.scheduler.getLastLr(), first.scheduler.getLastLr());
  assert.deepEqual(train(second, epoch, 5), whole.slice(2));
});

Deno.test("resume: without the generator's state the losses differ (the test can fail)", () => {
  manualSeed(0);
  const whole = train(setup(), 0, 3);
  manualSeed(0);
  const first = setup();
  train(first, 0, 2);
  const bytes = saveCheckpoint({
    model: first.model,
    optimizer: first.optimizer,
    scheduler: first.scheduler,
  });
  manualSeed(7);
  const second = setup();
  loadCheckpoint(bytes, {
    model: second.model,
    optimizer: second.optimizer,
    scheduler: second.scheduler,
  });
  assert.notDeepEqual(train(second, 2, 3), whole.slice(2));
});
