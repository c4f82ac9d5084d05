import assert from "node:assert/strict";
import { gradcheck, tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import {
  forward,
  initMlp,
  main,
  makeCurveData,
  rmsToTruth,
  trainMlp,
  truth,
} from "./mlp_regression.ts";

Deno.test("mlp forward is matmul, add, relu", () => {
  const w1 = tensor([[1, -1]], { dtype: "float32", requiresGrad: true }), b1 = tensor([0.5, 0.5]);
  const w2 = tensor([[2], [3]], { dtype: "float32" }), b2 = tensor([-1], { dtype: "float32" });
  const y = forward(
    [{ w: w1, b: b1 }, { w: w2, b: b2 }],
    tensor([[1], [-2]], { dtype: "float32" }),
  );
  // x = 1: relu([1.5, -0.5]) = [1.5, 0] -> 3 - 1 = 2; x = -2: relu([-1.5, 2.5]) -> 7.5 - 1.
  assert.deepEqual(y.toList(), [[2], [6.5]]);
  assert.equal(y.gradFn?.name(), "AddBackward0");
});

Deno.test("mlp gradients pass gradcheck in float64", () => {
  const layers = initMlp([1, 3, 2, 1], 5).map((l) => ({
    w: tensor(l.w.detach().toList(), { dtype: "float64", requiresGrad: true }),
    b: tensor(l.b.detach().toList(), { dtype: "float64", requiresGrad: true }),
  }));
  const x = tensor([[0.3], [-0.7], [1.1]], { dtype: "float64" });
  const ok = gradcheck(
    (w1, b1, w2, b2, w3, b3) =>
      forward([{ w: w1, b: b1 }, { w: w2, b: b2 }, { w: w3, b: b3 }], x).square().sum(),
    layers.flatMap((l) => [l.w, l.b]),
  );
  assert.equal(ok, true);
});

Deno.test("initMlp follows nn.Linear's bounds and the seed", () => {
  const layers = initMlp([4, 8, 1], 1);
  for (const v of layers[0].w.detach().toTypedArray()) assert.ok(Math.abs(v) <= 0.5);
  for (const v of layers[1].w.detach().toTypedArray()) assert.ok(Math.abs(v) <= 1 / Math.sqrt(8));
  assert.ok(layers.every((l) => l.w.isLeaf && l.w.requiresGrad && l.b.isLeaf && l.b.requiresGrad));
  assert.deepEqual(initMlp([4, 8, 1], 1)[1].w.toList(), layers[1].w.toList());
  assert.notDeepEqual(initMlp([4, 8, 1], 2)[1].w.toList(), layers[1].w.toList());
});

Deno.test("mlp_regression fits the curve", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const losses = r.stdout.split("\n").filter((l) => l.startsWith("epoch ")).map((l) =>
    Number(l.split("loss ")[1])
  );
  assert.equal(losses.length, 11);
  assert.ok(losses[10] < losses[0] / 50, String(losses));
  const rms = Number(/RMS distance from the true curve on \[-3, 3\]: (\S+)/.exec(r.stdout)![1]);
  assert.ok(rms < 0.08, `rms ${rms}`);
  // The table compares the network with sin(2x) + 0.5x at 9 points.
  const rows = r.stdout.split("\n").filter((l) => /^ *-?\d\.\d\d( +-?\d\.\d{4}){3}$/.test(l));
  assert.equal(rows.length, 9);
  for (const row of rows) {
    const [x, t, net, e] = row.trim().split(/\s+/).map(Number);
    assert.equal(t, Number(truth(x).toFixed(4)));
    assert.ok(Math.abs(net - t - e) < 2e-4 && Math.abs(e) < 0.2, row);
  }
  assert.ok(r.stdout.includes(". data   - truth   * network"));
});

Deno.test("trainMlp and rmsToTruth agree with the example's numbers", () => {
  const data = makeCurveData(32, 0, 4);
  const r = trainMlp(data, { hidden: [16], epochs: 300, lr: 0.05, momentum: 0.9, seed: 4 });
  assert.ok(r.losses[299] < r.losses[0] / 10);
  assert.ok(rmsToTruth(r.layers) < rmsToTruth(initMlp([1, 16, 1], 4)));
});

Deno.test("mlp_regression stops on divergence and rejects bad flags", () => {
  const div = capture(main, ["--lr", "1", "--epochs", "50"]);
  assert.equal(div.code, 1);
  assert.match(div.stdout, /the loss diverged: lower --lr \(now 1\) or --momentum \(now 0\.9\)\n$/);
  const bad = capture(main, ["--hidden", "8,2.5"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "mlp_regression.ts: error: --hidden expects integers, got 8,2.5\n");
  assert.equal(capture(main, ["--momentum", "1"]).code, 2);
});

Deno.test("mlp_regression --optimizer adam fits the curve too", () => {
  const r = capture(main, ["--optimizer", "adam", "--epochs", "400"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /\), Adam\(lr = 0\.01\), full batch\n/);
  const rms = Number(/RMS distance from the true curve on \[-3, 3\]: (\S+)/.exec(r.stdout)![1]);
  assert.ok(rms < 0.1, `rms ${rms}`);
  const bad = capture(main, ["--optimizer", "adm"]);
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'mlp_regression.ts: error: --optimizer must be one of sgd, adam, got "adm" (see --help)\n',
  );
  const div = capture(main, ["--optimizer", "adam", "--lr", "100", "--epochs", "50"]);
  assert.match(div.stdout, /the loss diverged: lower --lr \(now 100\)\n$/);
});
