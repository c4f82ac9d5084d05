import assert from "node:assert/strict";
import { crossEntropy } from "@descent/losses";
import { gradcheck, tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { forward, initMlp } from "./mlp_regression.ts";
import { accuracy, main, makeSpirals, regionMap } from "./spiral_classification.ts";

Deno.test("spirals: three labelled classes, points within the unit disc", () => {
  const { x, labels } = makeSpirals(50, 1);
  assert.deepEqual(x.shape, [150, 2]);
  assert.deepEqual([0, 50, 100, 149].map((i) => labels.toTypedArray()[i]), [0, 1, 2, 2]);
  const r = x.square().sum(1).sqrt();
  assert.ok(r.max().item() <= 1 + 1e-6);
});

Deno.test("accuracy counts argmax hits", () => {
  assert.equal(
    accuracy(tensor([[1, 2, 0], [3, 0, 0], [0, 0, 1]], { dtype: "float32" }), tensor([1, 0, 0])),
    Math.fround(2 / 3),
  );
});

Deno.test("the network's crossEntropy gradients pass gradcheck in float64", () => {
  const layers = initMlp([2, 4, 3], 3).map((l) => ({
    w: tensor(l.w.detach().toList(), { dtype: "float64", requiresGrad: true }),
    b: tensor(l.b.detach().toList(), { dtype: "float64", requiresGrad: true }),
  }));
  const x = tensor([[0.3, -0.2], [-0.7, 0.5], [0.1, 0.9]], { dtype: "float64" });
  const labels = tensor([0, 2, 1]);
  assert.ok(gradcheck(
    (w1, b1, w2, b2) => crossEntropy(forward([{ w: w1, b: b1 }, { w: w2, b: b2 }], x), labels),
    layers.flatMap((l) => [l.w, l.b]),
  ));
});

Deno.test("the default run learns the spirals (training accuracy above 95%)", () => {
  const { stdout, code } = capture(main, []);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\n");
  const final = lines.find((l) => l.startsWith("Final training accuracy:"))!;
  const acc = Number(/([\d.]+)%/.exec(final)![1]);
  assert.ok(acc > 95, final);
  assert.match(lines.find((l) => l.startsWith("epoch   1"))!, /accuracy \d/);
  // the map: 20 rows of 48 cells, all three classes present
  const map = lines.slice(-20).map((l) => l.trim());
  assert.ok(map.every((l) => /^[abc]{48}$/.test(l)));
  for (const c of "abc") assert.ok(map.join("").includes(c));
});

Deno.test("regionMap has the requested size", () => {
  const lines = regionMap(initMlp([2, 3, 3], 0), 10, 4);
  assert.equal(lines.length, 4);
  assert.ok(lines.every((l) => l.length === 10));
});

Deno.test("bad flags: one line, exit code 2", () => {
  const { code, stdout, stderr } = capture(main, ["--hidden", "0"]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^spiral_classification\.ts: error: --hidden[^\n]*\n$/);
});
