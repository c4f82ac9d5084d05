import assert from "node:assert/strict";
import { gradcheck, manualSeed, tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { main, makeCurveData, makeMlp, rmsToTruth, trainMlp, truth } from "./mlp_regression.ts";

Deno.test("makeMlp: Linear layers with a ReLU between each two", () => {
  const m = makeMlp([1, 3, 2, 1]);
  assert.deepEqual(m.namedChildren().map(([, c]) => c.constructor.name), [
    "Linear",
    "ReLU",
    "Linear",
    "ReLU",
    "Linear",
  ]);
  assert.deepEqual(Object.keys(m.stateDict()), [
    "0.weight",
    "0.bias",
    "2.weight",
    "2.bias",
    "4.weight",
    "4.bias",
  ]);
  // the same seed, the same weights
  manualSeed(4);
  const a = makeMlp([1, 8, 1]).stateDict()["2.weight"].toList();
  manualSeed(4);
  assert.deepEqual(makeMlp([1, 8, 1]).stateDict()["2.weight"].toList(), a);
});

Deno.test("the network's gradients pass gradcheck in float64", () => {
  const m = makeMlp([1, 3, 2, 1]).double();
  const x = tensor([[0.3], [-0.7], [1.1]], { dtype: "float64" });
  assert.ok(gradcheck(() => m.forward(x).square().sum(), m.parameters()));
});

Deno.test("mlp_regression fits the curve", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const losses = r.stdout.split("\n").filter((l) => l.startsWith("epoch ")).map((l) =>
    Number(l.split("loss ")[1])
  );
  assert.equal(losses.length, 11);
  assert.ok(losses[10] < losses[0] / 10, String(losses));
  const rms = Number(/RMS distance from the true curve on \[-3, 3\]: (\S+)/.exec(r.stdout)![1]);
  assert.ok(rms < 0.08, `rms ${rms}`);
  // The table compares the network with sin(2x) + 0.5x at 9 points.
  const rows = r.stdout.split("\n").filter((l) => /^ *-?\d\.\d\d( +-?\d\.\d{4}){3}$/.test(l));
  assert.equal(rows.length, 9);
  for (const row of rows) {
    const [x, t, net, e] = row.trim().split(/\s+/).map(Number);
    assert.equal(t, Number(truth(x).toFixed(4)));
    assert.ok(Math.abs(net - t - e) < 2e-4 && Math.abs(e) < 0.25, row);
  }
  assert.ok(r.stdout.includes(". data   - truth   * network"));
  assert.match(
    r.stdout,
    /with relu \(1153 weights\), SGD\(lr = 0\.05, momentum = 0\.9\), batches of 64\n/,
  );
});

Deno.test("trainMlp shows its progress: one line per epoch when piped", () => {
  const lines: string[] = [];
  let t = 0;
  const o = { hidden: [4], epochs: 2, batchSize: 16, lr: 0.05, momentum: 0.9, seed: 0 };
  trainMlp(makeCurveData(40, 0.1, 0), o, () => {}, {
    isTerminal: false,
    write: (s) => lines.push(s),
    now: () => (t += 100),
  });
  assert.equal(lines.length, 2);
  assert.match(
    lines[0],
    /^epoch 1\/2 \| step 3\/3 \| loss \d\.\d{4} \| 10\.0 steps\/s \| 0\.4 s\n$/,
  );
});

Deno.test("trainMlp and rmsToTruth agree with the example's numbers", () => {
  const data = makeCurveData(64, 0, 4);
  const o = { hidden: [16], epochs: 60, batchSize: 16, lr: 0.05, momentum: 0.9, seed: 4 };
  const r = trainMlp(data, o);
  assert.ok(r.losses[59] < r.losses[0] / 2, String([r.losses[0], r.losses[59]]));
  manualSeed(4);
  assert.ok(rmsToTruth(r.model) < rmsToTruth(makeMlp([1, 16, 1])));
});

Deno.test("mlp_regression stops on divergence and rejects bad flags", () => {
  const div = capture(main, ["--lr", "5", "--epochs", "50"]);
  assert.equal(div.code, 1);
  assert.match(div.stdout, /the loss diverged: lower --lr \(now 5\) or --momentum \(now 0\.9\)\n$/);
  const bad = capture(main, ["--hidden", "8,2.5"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "mlp_regression.ts: error: --hidden expects integers, got 8,2.5\n");
  assert.equal(capture(main, ["--momentum", "1"]).code, 2);
  assert.equal(capture(main, ["--batch-size", "0"]).code, 2);
});

Deno.test("mlp_regression --optimizer adam fits the curve too", () => {
  const r = capture(main, ["--optimizer", "adam"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\), Adam\(lr = 0\.01\), batches of 64\n/);
  const rms = Number(/RMS distance from the true curve on \[-3, 3\]: (\S+)/.exec(r.stdout)![1]);
  assert.ok(rms < 0.08, `rms ${rms}`);
  const bad = capture(main, ["--optimizer", "adm"]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'mlp_regression.ts: error: --optimizer must be one of sgd, adam, got "adm" (see --help)\n',
  );
  const div = capture(main, ["--optimizer", "adam", "--lr", "100", "--epochs", "50"]);
  assert.match(div.stdout, /the loss diverged: lower --lr \(now 100\)\n$/);
});
