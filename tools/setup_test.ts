/**
 * The repository's set-up downloads only what it uses: `deno task demo` from an empty Deno cache
 * fetches nothing, and the root lockfile holds none of the benchmark peers (they have their own
 * config and lockfile in `bench/peers/`).
 */

import assert from "node:assert/strict";
import { run } from "./run.ts";

const ROOT = new URL("..", import.meta.url);
const read = (p: string): string => Deno.readTextFileSync(new URL(p, ROOT));

Deno.test("deno task demo from an empty cache downloads nothing and prints PyTorch's transcript", async () => {
  const cache = await Deno.makeTempDir({ prefix: "descent_cache_" });
  try {
    const o = await run(Deno.execPath(), ["task", "demo"], {
      cwd: ROOT,
      env: { DENO_DIR: cache, NO_COLOR: "1" },
    });
    assert.equal(o.code, 0, o.stderr);
    assert.equal(o.stdout, read("examples/testdata/threshold_loop_seed0_transcript.txt"));
    assert.doesNotMatch(o.stderr, /Download/);
    // Deno makes an empty `npm` folder; no package may be in it.
    let packages: string[] = [];
    try {
      packages = [...Deno.readDirSync(`${cache}/npm`)].map((e) => e.name);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    assert.deepEqual(packages, [], `the cache holds npm packages: ${packages.join(", ")}`);
  } finally {
    await Deno.remove(cache, { recursive: true });
  }
});

Deno.test("the root lockfile lists no benchmark peer", () => {
  const root = JSON.parse(read("deno.lock"));
  const peers = JSON.parse(read("bench/peers/deno.lock"));
  const direct = (lock: { specifiers?: Record<string, string> }) =>
    Object.keys(lock.specifiers ?? {}).map((s) => s.replace(/@[^@]*$/, ""));
  const peerNames = new Set(direct(peers));
  assert(peerNames.has("npm:@tensorflow/tfjs-core") && peerNames.has("npm:js-pytorch"));
  assert.deepEqual(direct(root).filter((s) => peerNames.has(s)), []);
});
