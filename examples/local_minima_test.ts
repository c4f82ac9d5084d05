import assert from "node:assert/strict";
import { tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { descend, f, GLOBAL_MIN, HILL, LOCAL_MIN, main, seedRuns } from "./local_minima.ts";

Deno.test("f and its critical points", () => {
  const fp = (x: number) => 4 * x ** 3 - 6 * x + 1;
  for (const x of [GLOBAL_MIN, LOCAL_MIN, HILL]) assert.ok(Math.abs(fp(x)) < 1e-12);
  assert.ok(GLOBAL_MIN < HILL && HILL < LOCAL_MIN);
  const x = tensor([GLOBAL_MIN, LOCAL_MIN], { dtype: "float64", requiresGrad: true });
  const [fg, fl] = f(x).toList() as number[];
  assert.ok(fg < fl, "the global minimum is lower");
  f(x).sum().backward();
  for (const g of x.grad!.toList() as number[]) assert.ok(Math.abs(g) < 1e-9);
});

Deno.test("descend: the start decides the valley", () => {
  const ends = descend([-2.5, HILL - 0.01, HILL + 0.01, 2.5], 0.02, 400);
  assert.ok(Math.abs(ends[0] - GLOBAL_MIN) < 1e-6);
  assert.ok(Math.abs(ends[1] - GLOBAL_MIN) < 1e-6);
  assert.ok(Math.abs(ends[2] - LOCAL_MIN) < 1e-6);
  assert.ok(Math.abs(ends[3] - LOCAL_MIN) < 1e-6);
});

Deno.test("local_minima prints where each start lands and tests the claim", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const rows = r.stdout.split("\n").filter((l) => /^[ -]\d\.\d\d .* minimum$/.test(l));
  assert.deepEqual(rows, [
    "-2.00  -1.3008  -3.5139  global minimum",
    "-1.00  -1.3008  -3.5139  global minimum",
    "-0.50  -1.3008  -3.5139  global minimum",
    " 0.00  -1.3008  -3.5139  global minimum",
    " 0.15  -1.3008  -3.5139  global minimum",
    " 0.20   1.1309  -1.0702  local minimum",
    " 0.50   1.1309  -1.0702  local minimum",
    " 1.00   1.1309  -1.0702  local minimum",
    " 2.00   1.1309  -1.0702  local minimum",
  ]);
  assert.ok(r.stdout.includes(". f(x)   o start   G global minimum   L local minimum"));
  const stat = (name: string) => {
    const line = r.stdout.split("\n").find((l) => l.startsWith(name))!;
    return line.slice(name.length).trim().split(/\s+/).map(Number);
  };
  const [tw, tbest, tworst, tratio] = stat("1 -> 2 -> 1 ");
  const [ww, wbest, wworst, wratio] = stat("1 -> 32 -> 32 -> 1 ");
  assert.equal(tw, 7);
  assert.equal(ww, 1153);
  assert.ok(tratio > 2 * wratio, `${tratio} vs ${wratio}`);
  assert.ok(wworst < tbest, "every wide run beats every tiny run");
  assert.ok(tworst > tbest && wworst >= wbest);
  assert.match(r.stdout, /One experiment, not a proof, but it is what the claim predicts\.\n$/);
});

Deno.test("seedRuns: different seeds, different starts", () => {
  const r = seedRuns([4], 3, 20);
  assert.equal(r.finals.length, 3);
  assert.equal(new Set(r.finals).size, 3);
});

Deno.test("local_minima flag checks", () => {
  const r = capture(main, ["--lr", "0.5"]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "local_minima.ts: error: --lr must be <= 0.05, got 0.5 (see --help)\n");
  const s = capture(main, ["--starts", "-1.5,9"]);
  assert.equal(s.stderr, "local_minima.ts: error: --starts must be <= 3, got 9 (see --help)\n");
  const few = capture(main, [
    "--starts",
    "-1.5,0.3",
    "--steps",
    "3",
    "--seeds",
    "2",
    "--epochs",
    "2",
  ]);
  assert.equal(few.code, 0);
  assert.match(few.stdout, /not settled \(more --steps\?\)/);
});
