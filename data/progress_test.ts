import assert from "node:assert/strict";
import { Progress, type ProgressOptions } from "@descent/data";

/** A display writing into `out`, on a clock moved by hand. */
function harness(options: ProgressOptions) {
  const out: string[] = [];
  const clock = { t: 1000 };
  const progress = new Progress({ write: (s) => out.push(s), now: () => clock.t, ...options });
  return { out, clock, progress };
}

Deno.test("Progress on a terminal: one line redrawn at most every 100 ms, ended per epoch", () => {
  const { out, clock, progress } = harness({ epochs: 3, steps: 10, isTerminal: true });
  const losses = [2, 1, 0.5, 0.25, 0.125, 0.1, 0.1, 0.1, 0.1, 0.1];
  for (const loss of losses) {
    clock.t += 40;
    progress.step(loss);
  }
  assert.equal(progress.epoch, 1);
  clock.t += 500; // validation
  progress.endEpoch({ valLoss: 0.12345, acc: 0.9 });
  assert.equal(progress.epoch, 2);
  const E = "\x1b[K";
  assert.deepEqual(out, [
    `\repoch 1/3 | step 1/10 | loss 2.0000 | 25.0 steps/s | ETA 0.4 s${E}`,
    `\repoch 1/3 | step 4/10 | loss 0.9375 | 25.0 steps/s | ETA 0.2 s${E}`,
    `\repoch 1/3 | step 7/10 | loss 0.5821 | 25.0 steps/s | ETA 0.1 s${E}`,
    `\repoch 1/3 | step 10/10 | loss 0.4375 | 25.0 steps/s | ETA 0.0 s${E}`,
    `\repoch 1/3 | step 10/10 | loss 0.4375 | 25.0 steps/s | 0.9 s | valLoss 0.1235 | acc 0.9000${E}\n`,
  ]);
});

Deno.test("Progress piped: a plain line every 10 s and one per epoch", () => {
  const { out, clock, progress } = harness({ steps: 5, isTerminal: false });
  for (let i = 0; i < 5; i++) {
    clock.t += 4000; // 4 s per step
    progress.step(1);
  }
  progress.endEpoch();
  clock.t += 100;
  progress.step();
  progress.endEpoch();
  assert.deepEqual(out, [
    "epoch 1 | step 3/5 | loss 1.0000 | 4.00 s/step | ETA 8.0 s\n",
    "epoch 1 | step 5/5 | loss 1.0000 | 4.00 s/step | 20.0 s\n",
    "epoch 2 | step 1/5 | 10.0 steps/s | 0.1 s\n",
  ]);
});

Deno.test("Progress: unknown totals, long times, tiny and huge losses, no step", () => {
  const { out, clock, progress } = harness({ isTerminal: false, interval: 0 });
  clock.t += 3_723_000; // 1:02:03
  progress.step(1e-6);
  progress.step(3e9);
  progress.endEpoch();
  progress.endEpoch(); // an epoch without steps
  assert.deepEqual(out, [
    "epoch 1 | step 1 | loss 1.0000e-06 | 3723 s/step\n",
    "epoch 1 | step 2 | loss 1.5000e+09 | 1862 s/step\n",
    "epoch 1 | step 2 | loss 1.5000e+09 | 1862 s/step | 1:02:03\n",
    "epoch 2 | step 0 | 0.0 s\n",
  ]);
});

Deno.test("Progress: silent writes nothing", () => {
  const { out, progress } = harness({ silent: true, isTerminal: true, steps: 2 });
  progress.step(1);
  progress.step(1);
  progress.endEpoch({ valLoss: 1 });
  assert.deepEqual(out, []);
  assert.equal(progress.epoch, 2);
});

Deno.test("Progress: firstEpoch starts the count later (a resumed run)", () => {
  const { out, progress } = harness({ epochs: 5, firstEpoch: 4, isTerminal: false });
  assert.equal(progress.epoch, 4);
  progress.endEpoch();
  assert.equal(progress.epoch, 5);
  assert.deepEqual(out, ["epoch 4/5 | step 0 | 0.0 s\n"]);
});

Deno.test("Progress: bad options", () => {
  assert.throws(() => new Progress({ steps: 0 }), {
    name: "TypeError",
    message: "Progress: steps must be a positive integer, got 0",
  });
  assert.throws(() => new Progress({ epochs: 2.5 }), TypeError);
  assert.throws(() => new Progress({ firstEpoch: 0 }), {
    name: "TypeError",
    message: "Progress: firstEpoch must be a positive integer, got 0",
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => new Progress({ write: "stderr" as any }), {
    name: "TypeError",
    message: "Progress: write must be a function, got string",
  });
  assert.throws(() => new Progress({ interval: -1 }), TypeError);
});

Deno.test("Progress: the default writer is standard error, plain when piped", async () => {
  const script = `import { Progress } from "${new URL("./mod.ts", import.meta.url).href}";
    let t = 0;
    const p = new Progress({ steps: 2, now: () => t });
    t = 1000; p.step(0.5); t = 2000; p.step(0.25); p.endEpoch();`;
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["eval", `--config=${new URL("../deno.json", import.meta.url).pathname}`, script],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  assert.equal(dec.decode(o.stdout), "");
  assert.equal(dec.decode(o.stderr), "epoch 1 | step 2/2 | loss 0.3750 | 1.00 steps/s | 2.0 s\n");
});
