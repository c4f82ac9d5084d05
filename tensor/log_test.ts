import assert from "node:assert/strict";
import { log64 } from "./log.ts";

interface Libm {
  generator: string;
  log: [number, number][];
}

const libm: Libm = JSON.parse(
  Deno.readTextFileSync(new URL("../conformance/random/libm.json", import.meta.url)),
);

Deno.test("log64 gives glibc's log bits (recorded from Python's math.log)", () => {
  assert.ok(libm.log.length > 800);
  for (const [x, y] of libm.log) {
    assert.ok(Object.is(log64(x), y), `log(${x}) = ${log64(x)}, expected ${y}`);
  }
});

Deno.test("log64 on both paths (around 1 and by table) stays within an ulp of Math.log", () => {
  for (let i = 1; i < 20000; i++) {
    const x = i / 16384; // (0, 1.22): crosses the near-1 interval [0.9375, 1.0647)
    const d = Math.abs(log64(x) - Math.log(x));
    assert.ok(d <= 2 ** -52 * Math.max(1, Math.abs(Math.log(x))), `log(${x})`);
  }
  assert.equal(log64(1), 0);
});
