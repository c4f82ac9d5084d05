import assert from "node:assert/strict";
import { DataLoader, randomSplit, TensorDataset } from "@descent/data";
import { capture } from "./_testing.ts";
import { evaluate, fit, main, makeModel, makeMoons } from "./two_moons.ts";

Deno.test("makeMoons: two half circles, labelled 0 and 1", () => {
  const { x, y } = makeMoons(6, 0, 0);
  const xs = x.toList() as number[][];
  assert.deepEqual(y.toList(), [[0], [0], [0], [1], [1], [1]]);
  // without noise: the upper moon on the unit circle, the lower one on its shifted mirror
  for (const [a, b] of xs.slice(0, 3)) assert.ok(Math.abs(a * a + b * b - 1) < 1e-6);
  for (const [a, b] of xs.slice(3)) assert.ok(Math.abs((1 - a) ** 2 + (0.5 - b) ** 2 - 1) < 1e-6);
});

Deno.test("the default run stops early and restores the best epoch's weights", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^Split: 800 for training, 200 for validation$/m);
  const stopped = /Stopped early after epoch (\d+): no better validation loss for 10 epochs\./
    .exec(r.stdout);
  assert.ok(stopped, r.stdout);
  const restored = /Restored the weights of epoch (\d+) \(validation loss (\S+)\)/.exec(r.stdout)!;
  assert.equal(Number(stopped[1]) - Number(restored[1]), 10);
  // the restored model has exactly the best epoch's validation loss
  const final = /Validation loss (\S+), accuracy ([\d.]+)%\./.exec(r.stdout)!;
  assert.equal(final[1], restored[2]);
  assert.ok(Number(final[2]) >= 95, final[0]);
  // the scheduler halved the rate at least once before the stop
  assert.match(r.stdout, /5\.0000e-03/);
});

Deno.test("fit: the best weights are the ones loaded back, in evaluation mode", () => {
  const data = makeMoons(200, 0.2, 1);
  const [train, valid] = randomSplit(new TensorDataset(data.x, data.y), [0.8, 0.2]);
  const model = makeModel(16, 0.1);
  const r = fit(model, train, valid, { epochs: 30, batchSize: 16, lr: 0.01, patience: 4 });
  assert.equal(model.training, false);
  const best = r.history[r.bestEpoch - 1];
  assert.ok(best.best);
  for (const e of r.history) assert.ok(e.valid >= best.valid, `epoch ${e.epoch}`);
  const [batch] = [...new DataLoader(valid, { batchSize: valid.length })];
  assert.equal(evaluate(model, batch)[0], best.valid);
});

Deno.test("two_moons: bad flags", () => {
  const bad = capture(main, ["--dropout", "1"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "two_moons.ts: error: --dropout must be <= 0.99, got 1 (see --help)\n");
});
