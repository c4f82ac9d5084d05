import assert from "node:assert/strict";
import { floatTensor, tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { main as manualMain } from "./threshold_loop.ts";
import { main, sgdLoop } from "./threshold_loop_sgd.ts";

const DOCUMENT = Deno.readTextFileSync(
  new URL("./testdata/threshold_loop_transcript.txt", import.meta.url),
);

Deno.test("threshold_loop_sgd --from-document prints PyTorch's transcript byte for byte", () => {
  const r = capture(main, ["--from-document"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, DOCUMENT);
});

Deno.test("threshold_loop_sgd prints what the manual loop prints", () => {
  // With lr = 1, 0.5, 2 both updates round identically in float32 (p - lr*g vs p.add_(g,
  // alpha=-lr)); for lr like 8.9 they may differ in the last digit, in PyTorch too.
  for (const args of [[], ["--seed", "3"], ["--lr", "0.5"], ["--lr", "2", "--seed", "5"]]) {
    const a = capture(main, args);
    const b = capture(manualMain, args);
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout, args.join(" "));
  }
  // Failure paths print the same explanation.
  for (const args of [["--lr", "10"], ["--lr", "9", "--max-iters", "20"]]) {
    const a = capture(main, args);
    assert.equal(a.code, 1);
    assert.equal(a.stdout, capture(manualMain, args).stdout, args.join(" "));
  }
});

Deno.test("threshold_loop_sgd updates the same leaf in place", () => {
  const pred = tensor([[1, 1], [1, 1]], { dtype: "float32", requiresGrad: true });
  const r = sgdLoop(floatTensor([[0, 0], [0, 0]]), pred, {
    lr: 1,
    threshold: 1e-3,
    maxIters: 100,
  }, () => {});
  assert.equal(r.status, "converged");
  assert.equal(r.pred, pred);
  assert.ok(pred.isLeaf && pred.requiresGrad);
  assert.equal(pred.version, 5, "one in-place update per step");
  assert.deepEqual(r.losses, [1, 0.25, 0.0625, 0.015625, 0.00390625, 0.0009765625]);
});

Deno.test("threshold_loop_sgd rejects bad flags with exit code 2", () => {
  const r = capture(main, ["--max-iters", "-3"]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "threshold_loop_sgd.ts: error: --max-iters must be >= 1, got -3 (see --help)\n",
  );
  assert.match(capture(main, ["-h"]).stdout, /^Usage: deno run examples\/threshold_loop_sgd\.ts/);
});
