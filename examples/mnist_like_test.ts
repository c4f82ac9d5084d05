import assert from "node:assert/strict";
import { manualSeed } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { asciiArt, main, makeClassifier, makeDigits, testAccuracy } from "./mnist_like.ts";

Deno.test("makeDigits: seven-segment digits, the same set for the same seed", () => {
  manualSeed(1);
  const a = makeDigits(20, 0);
  manualSeed(1);
  const b = makeDigits(20, 0.1);
  assert.deepEqual(a.labels.toList(), b.labels.toList());
  const counts = Array.from(a.labels.toTypedArray(), Number);
  assert.ok(counts.every((d) => d >= 0 && d <= 9));
  // Without noise an 8 lights all seven segments and a 1 only two: 8 has the most ink.
  const ink = (i: number) => a.images.select(0, i).sum().item();
  const i8 = counts.indexOf(8);
  const i1 = counts.indexOf(1);
  if (i8 >= 0 && i1 >= 0) assert.ok(ink(i8) > 2 * ink(i1));
  assert.ok(a.images.min().item() >= 0 && a.images.max().item() < 1);
});

Deno.test("asciiArt draws a digit in 14 lines of 14 characters", () => {
  manualSeed(2);
  const art = asciiArt(makeDigits(1, 0).images.select(0, 0));
  assert.equal(art.length, 14);
  assert.ok(art.every((l) => l.length === 14));
  assert.ok(art.join("").trim().length > 10);
});

Deno.test("the default run reaches its stated 97% test accuracy", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0, r.stdout);
  const acc = Number(/Test accuracy ([\d.]+)% \(target 97%: reached\)/.exec(r.stdout)![1]);
  assert.ok(acc >= 97, String(acc));
  assert.match(r.stdout, /Flatten -> 784 -> 128 \(relu\) -> 10 logits \(101770 weights\)/);
  assert.equal(r.stdout.split("\n").filter((l) => /^epoch \d\/3 /.test(l)).length, 3);
});

Deno.test("an untrained classifier is near chance; a missed target exits with 1", () => {
  manualSeed(3);
  const set = makeDigits(200, 0.2);
  assert.ok(testAccuracy(makeClassifier(16), set) < 0.4);
  const r = capture(main, ["--train", "50", "--test", "50", "--epochs", "1", "--target", "100"]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\(target 100%: missed\)/);
  assert.equal(capture(main, ["--target", "101"]).code, 2);
});
