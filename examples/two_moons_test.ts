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

/** A checkpoint path in a fresh temporary folder (the only place the tests may write). */
const scratch = (): string => `${Deno.makeTempDirSync()}/two_moons.ckpt`;

Deno.test("the default run stops early and restores the best epoch's weights", () => {
  const checkpoint = scratch();
  const r = capture(main, ["--checkpoint", checkpoint]);
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
  assert.ok(
    r.stdout.endsWith(
      `The run after epoch ${stopped[1]} is saved in ${checkpoint}; --resume continues it.\n`,
    ),
  );
});

/** The lines of a run's report from the table's first epoch line on. */
function fromTable(stdout: string): string[] {
  const lines = stdout.split("\n");
  return lines.slice(lines.indexOf("epoch  train loss  valid loss  valid acc  learning rate") + 1);
}

Deno.test("--resume: a run stopped after epoch k and resumed prints what an unbroken one does", () => {
  const flags = ["--points", "300", "--epochs", "40", "--patience", "5"];
  const k = 19;
  const full = capture(main, [...flags, "--checkpoint", scratch()]);
  assert.equal(full.code, 0, full.stderr);
  // the unbroken run stops early after k (the restored early-stopping count decides when) and
  // prints epochs after k (the restored model, optimizer, scheduler and random stream decide
  // their numbers)
  const stop = Number(/Stopped early after epoch (\d+)/.exec(full.stdout)?.[1]);
  assert.ok(stop > k, full.stdout);
  const after = (lines: string[]) =>
    lines.filter((l) => !/^ +\d+ /.test(l) || Number(l.trim().split(" ")[0]) > k);
  assert.ok(after(fromTable(full.stdout)).some((l) => /^ +\d+ /.test(l)), full.stdout);

  const checkpoint = scratch();
  const first = capture(main, [
    ...flags.slice(0, 2),
    "--epochs",
    String(k),
    ...flags.slice(4),
    "--checkpoint",
    checkpoint,
  ]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`^Ran all ${k} epochs\\.$`, "m"));
  const resumed = capture(main, [...flags, "--checkpoint", checkpoint, "--resume"]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(
    resumed.stdout,
    new RegExp(`^Resuming the run saved in ${checkpoint} after epoch ${k}\\.$`, "m"),
  );
  const tail = (stdout: string) => after(fromTable(stdout)).join("\n").replace(/saved in \S+;/, "");
  assert.equal(tail(resumed.stdout), tail(full.stdout));
});

Deno.test("--resume refuses a checkpoint made for other data or another model", () => {
  const checkpoint = scratch();
  const flags = ["--points", "100", "--epochs", "2", "--checkpoint", checkpoint];
  assert.equal(capture(main, flags).code, 0);
  const before = Deno.readFileSync(checkpoint);
  const r = capture(main, [...flags, "--hidden", "16", "--seed", "3", "--resume"]);
  assert.deepEqual([r.code, r.stdout], [1, ""]);
  assert.equal(
    r.stderr,
    `two_moons.ts: cannot resume from ${checkpoint}: it was made with --hidden 32 --seed 0\n`,
  );
  assert.deepEqual(Deno.readFileSync(checkpoint), before);
  const missing = capture(main, ["--checkpoint", `${checkpoint}.none`, "--resume"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^two_moons\.ts: cannot resume from \S+\.none: No such file/);
});

Deno.test("without --checkpoint nothing is written; --resume needs one", () => {
  const r = capture(main, ["--points", "100", "--epochs", "2"]);
  assert.deepEqual([r.code, r.stderr], [0, ""]);
  // the report ends with the validation line: no checkpoint line
  assert.match(r.stdout, /\nValidation loss \S+, accuracy [\d.]+%\.\n$/);
  assert.doesNotMatch(r.stdout, /saved in/);
  const resume = capture(main, ["--resume"]);
  assert.deepEqual([resume.code, resume.stdout], [2, ""]);
  assert.equal(
    resume.stderr,
    "two_moons.ts: error: --resume needs --checkpoint <path> (see --help)\n",
  );
});

Deno.test("--checkpoint checks the write permission first", () => {
  // the tests may write only in the temporary folder: the root needs a permission they lack
  const r = capture(main, ["--checkpoint", "/two_moons.ckpt"]);
  assert.deepEqual([r.code, r.stdout], [1, ""]);
  assert.equal(
    r.stderr,
    "two_moons.ts: --checkpoint /two_moons.ckpt needs permission to write that file: run " +
      "deno run --allow-read=/two_moons.ckpt --allow-write=/two_moons.ckpt examples/two_moons.ts " +
      "--checkpoint /two_moons.ckpt\n",
  );
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
