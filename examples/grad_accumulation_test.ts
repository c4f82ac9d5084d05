import assert from "node:assert/strict";
import { capture } from "./_testing.ts";
import { main, train } from "./grad_accumulation.ts";
import { startPred, TARGET, thresholdLoop } from "./threshold_loop.ts";
import { floatTensor } from "@descent/tensor";

Deno.test("grad_accumulation: a second backward adds into .grad", () => {
  const r = capture(main, ["--steps", "5"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /retainGraph: true \}\): {2}w\.grad = tensor\(\[2\., 4\., 6\.\]\)\n/);
  assert.match(
    r.stdout,
    /second loss\.backward\(\): +w\.grad = tensor\(\[ 4\., {2}8\., 12\.\]\) +<- the sum\n/,
  );
  assert.match(r.stdout, /fresh backward\(\): +w\.grad = tensor\(\[2\., 4\., 6\.\]\)\n/);
});

Deno.test("grad_accumulation: with zeroGrad() it is the tutorial's loop", () => {
  const withReset = train(18, 1, 0, true);
  const y = floatTensor(TARGET);
  const manual = thresholdLoop(y, startPred(y, false, 0), {
    lr: 1,
    threshold: 0,
    maxIters: 18,
  }, () => {});
  assert.deepEqual(withReset, manual.losses);
});

Deno.test("grad_accumulation: without zeroGrad() the error follows e[k+1] = e[k] - a*sum(e)", () => {
  // Every gradient is a multiple of the start error e0, so e_k = c_k * e0 with
  // c_{k+1} = c_k - a * (c_0 + ... + c_k), a = 2*lr/n, and loss_k = c_k^2 * loss_0.
  for (const lr of [1, 0.5]) {
    const steps = 30;
    const without = train(steps, lr, 0, false);
    const withReset = train(steps, lr, 0, true);
    const a = (2 * lr) / 9;
    let c = 1, sum = 0;
    for (let k = 0; k <= steps; k++) {
      const expected = c * c * without[0];
      assert.ok(
        Math.abs(without[k] - expected) <= 1e-4 * without[0],
        `lr ${lr} step ${k}: ${without[k]} vs ${expected}`,
      );
      assert.ok(
        Math.abs(withReset[k] - (1 - a) ** (2 * k) * withReset[0]) <= 1e-5 * withReset[0],
        `with reset, step ${k}`,
      );
      sum += c;
      c -= a * sum;
    }
  }
});

Deno.test("grad_accumulation prints both trajectories, a chart and the verdict", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  const lines = r.stdout.split("\n");
  const head = lines.findIndex((l) => l.startsWith("step  loss with zeroGrad()"));
  assert.ok(head > 0);
  assert.equal(lines[head + 2], "   0            9.8391e-02    9.8391e-02");
  assert.equal(lines[head + 3], "   1            5.9521e-02    5.9521e-02");
  assert.equal(lines[head + 32], "  30            2.7816e-08    1.4136e-02");
  assert.ok(lines.includes("* with zeroGrad()   o without"));
  assert.match(r.stdout, /after 30 steps: with zeroGrad\(\) the loss is 2\.7816e-08;\n/);
  assert.match(
    r.stdout,
    /without, over the last 10 steps it still swings between 1\.0104e-03 and 1\.0397e-01/,
  );
});

Deno.test("grad_accumulation shortens long tables and rejects bad flags", () => {
  const r = capture(main, ["--steps", "200", "--lr", "0.1"]);
  assert.equal(r.code, 0);
  const rows = r.stdout.split("\n").filter((l) => /^ +\d+ +\d\.\d{4}e[-+]\d\d +/.test(l));
  assert.ok(rows.length <= 42, `${rows.length} rows`);
  assert.match(rows.at(-1)!, /^ 200 /);
  const bad = capture(main, ["--steps", "0"]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    "grad_accumulation.ts: error: --steps must be >= 1, got 0 (see --help)\n",
  );
});
