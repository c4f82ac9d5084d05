import assert from "node:assert/strict";
import { CrossEntropyLoss } from "@descent/nn";
import { floatTensor, gradcheck, manualSeed, tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { makeMlp } from "./mlp_regression.ts";
import { accuracy, main, makeSpirals, regionMap, train } from "./spiral_classification.ts";

Deno.test("spirals: three labelled classes, points within the unit disc", () => {
  const { x, labels } = makeSpirals(50, 1);
  assert.deepEqual(x.shape, [150, 2]);
  assert.deepEqual([0, 50, 100, 149].map((i) => Number(labels.toTypedArray()[i])), [0, 1, 2, 2]);
  const r = x.square().sum(1).sqrt();
  assert.ok(r.max().item() <= 1 + 1e-6);
});

Deno.test("accuracy counts argmax hits", () => {
  assert.equal(
    accuracy(floatTensor([[1, 2, 0], [3, 0, 0], [0, 0, 1]]), tensor([1, 0, 0])),
    Math.fround(2 / 3),
  );
});

Deno.test("the network's CrossEntropyLoss gradients pass gradcheck in float64", () => {
  manualSeed(3);
  const model = makeMlp([2, 4, 3]).double();
  const x = tensor([[0.3, -0.2], [-0.7, 0.5], [0.1, 0.9]], { dtype: "float64" });
  const lossFn = new CrossEntropyLoss();
  assert.ok(
    gradcheck(() => lossFn.forward(model.forward(x), tensor([0, 2, 1])), model.parameters()),
  );
});

Deno.test("the default run learns the spirals (training accuracy above 95%)", () => {
  const { stdout, code } = capture(main, []);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\n");
  const final = lines.find((l) => l.startsWith("Final training accuracy:"))!;
  const acc = Number(/([\d.]+)%/.exec(final)![1]);
  assert.ok(acc > 95, final);
  assert.match(lines.find((l) => l.startsWith("epoch  1"))!, /accuracy \d/);
  // the map: 20 rows of 48 cells, all three classes present
  const map = lines.slice(-20).map((l) => l.trim());
  assert.ok(map.every((l) => /^[abc]{48}$/.test(l)));
  for (const c of "abc") assert.ok(map.join("").includes(c));
});

Deno.test("train reports the accuracy in the progress display", () => {
  const lines: string[] = [];
  manualSeed(0);
  const o = { epochs: 1, batchSize: 10, lr: 0.01 };
  train(makeSpirals(10, 0), makeMlp([2, 4, 3]), o, () => {}, {
    isTerminal: false,
    write: (s) => lines.push(s),
  });
  assert.match(
    lines[0],
    /^epoch 1\/1 \| step 3\/3 \| loss \d\.\d{4} \| .* \| accuracy 0\.\d{4}\n$/,
  );
});

Deno.test("regionMap has the requested size", () => {
  const lines = regionMap(makeMlp([2, 3, 3]), 10, 4);
  assert.equal(lines.length, 4);
  assert.ok(lines.every((l) => l.length === 10));
});

Deno.test("bad flags: one line, exit code 2", () => {
  const { code, stdout, stderr } = capture(main, ["--hidden", "0"]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^spiral_classification\.ts: error: --hidden[^\n]*\n$/);
});
