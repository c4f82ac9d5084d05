import assert from "node:assert/strict";
import { Generator } from "./generator.ts";

/**
 * The sweep of conformance/random/sweep.json: 2^20 draws of `randn` for each path (vectorised,
 * 16 or more elements per call; scalar, 1 to 15) and dtype, from PyTorch 1.13, stored as a
 * truncated SHA-256 per block of 1024 draws (little-endian values of the dtype) plus sampled
 * values. `descent` lists the draws where glibc's sin, cos or log1p (which PyTorch calls) round
 * otherwise than descent's: [index, PyTorch's value, descent's value].
 */
interface Stream {
  seed: number;
  path: "vector" | "scalar";
  dtype: "float32" | "float64";
  calls: number;
  count: number;
  block: number;
  blocks: string[];
  samples: [number, number][];
  descent: [number, number, number][];
}

const sweep: { generator: string; streams: Stream[] } = JSON.parse(
  Deno.readTextFileSync(new URL("../conformance/random/sweep.json", import.meta.url)),
);

/** The call sizes of generate.py's sweep_sizes(). */
function callSize(path: Stream["path"], i: number, left: number): number {
  if (path === "vector") {
    const size = 16 + (i * 97) % 2033;
    return left - size < 16 ? left : size;
  }
  return Math.min(1 + (i * 7) % 15, left);
}

async function blockHash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash.subarray(0, 8), (x) => x.toString(16).padStart(2, "0")).join("");
}

Deno.test("the sweep covers 2^20 draws per path and dtype", () => {
  const seen = sweep.streams.map((s) => `${s.path}/${s.dtype}/${s.count}`).sort();
  assert.deepStrictEqual(seen, [
    "scalar/float32/1048576",
    "scalar/float64/1048576",
    "vector/float32/1048576",
    "vector/float64/1048576",
  ]);
});

for (const s of sweep.streams) {
  const name = `${s.path} ${s.dtype}`;
  Deno.test(
    `randn matches PyTorch on 2^20 ${name} Box–Muller draws (${s.descent.length} where glibc's sin, cos or log1p round otherwise)`,
    async () => {
      const g = new Generator(s.seed);
      const out = s.dtype === "float32" ? new Float32Array(s.count) : new Float64Array(s.count);
      let calls = 0;
      for (let pos = 0; pos < s.count; calls++) {
        const size = callSize(s.path, calls, s.count - pos);
        g.normal(out.subarray(pos, pos + size));
        pos += size;
      }
      assert.equal(calls, s.calls);
      // Where PyTorch's libm is off by an ulp, descent must have the correctly rounded value.
      assert.ok(s.descent.length <= s.count * 0.002, `${s.descent.length} exceptions`);
      for (const [i, torchValue, descentValue] of s.descent) {
        assert.ok(
          Object.is(out[i], descentValue),
          `draw ${i}: ${out[i]}, expected ${descentValue}`,
        );
        out[i] = torchValue;
      }
      for (const [i, v] of s.samples) {
        assert.ok(Object.is(out[i], v), `draw ${i}: ${out[i]} vs ${v}`);
      }
      const bytes = new Uint8Array(out.buffer);
      const width = out.BYTES_PER_ELEMENT;
      for (let b = 0; b < s.blocks.length; b++) {
        const from = b * s.block;
        const got = await blockHash(bytes.slice(from * width, (from + s.block) * width));
        if (got !== s.blocks[b]) {
          assert.fail(
            `${name}: draws ${from} to ${from + s.block - 1} (block ${b}) differ from PyTorch; ` +
              `the first one of them is ${out[from]}`,
          );
        }
      }
    },
  );
}
