import assert from "node:assert/strict";
import { defaultGenerator, Generator, initialSeed, manualSeed } from "./random.ts";

interface FixtureCall {
  op: "rand" | "randn" | "uniform" | "normal";
  dtype: "float32" | "float64";
  size: number;
  low?: number;
  high?: number;
  mean?: number;
  std?: number;
  values: number[];
}

interface FixtureCase {
  seed: number;
  calls: FixtureCall[];
}

type DigestCall =
  | ["rand" | "randn", "float32" | "float64", number]
  | ["uniform" | "normal", "float32" | "float64", number, number, number];

interface FixtureDigest {
  seed: number;
  calls?: DigestCall[];
  scalar_mix?: number;
  count: number;
  sha256: string;
}

interface Fixtures {
  generator: string;
  cases: FixtureCase[];
  digests: FixtureDigest[];
}

const fixtures: Fixtures = JSON.parse(
  Deno.readTextFileSync(new URL("../conformance/random/fixtures.json", import.meta.url)),
);

/** Replays one recorded PyTorch call on `g` and returns the produced values. */
function replay(g: Generator, call: FixtureCall): number[] {
  const out = call.dtype === "float32" ? new Float32Array(call.size) : new Float64Array(call.size);
  switch (call.op) {
    case "rand":
      g.uniform(out);
      break;
    case "randn":
      g.normal(out);
      break;
    case "uniform":
      g.uniform(out, call.low, call.high);
      break;
    case "normal":
      g.normal(out, call.mean, call.std);
      break;
  }
  return Array.from(out);
}

/** Runs a whole recorded sequence and checks every value bit for bit (deepStrictEqual uses Object.is). */
function checkCase(g: Generator, c: FixtureCase): void {
  c.calls.forEach((call, i) => {
    const got = replay(g, call);
    assert.deepStrictEqual(
      got,
      call.values,
      `seed ${c.seed}, call #${i}: ${call.op}(${call.size}, ${call.dtype})`,
    );
  });
}

/** The `scalar_mix(n)` call list of conformance/random/generate.py. */
function scalarMix(n: number): DigestCall[] {
  const calls: DigestCall[] = [];
  for (let i = 0; i < n; i++) {
    const dtype = i % 2 ? "float32" : "float64";
    const size = 1 + (i % 15);
    calls.push(i % 3 === 0 ? ["normal", dtype, size, -0.7, 3.3] : ["randn", dtype, size]);
  }
  return calls;
}

/** SHA-256 (hex) of all values of a long call list, as little-endian float64 bytes. */
async function digest(d: FixtureDigest): Promise<{ count: number; sha256: string }> {
  const g = new Generator(d.seed);
  const calls = d.calls ?? scalarMix(d.scalar_mix ?? 0);
  const values: number[] = [];
  for (const [op, dtype, size, a, b] of calls) {
    const call: FixtureCall = op === "uniform"
      ? { op, dtype, size, low: a, high: b, values: [] }
      : op === "normal"
      ? { op, dtype, size, mean: a, std: b, values: [] }
      : { op, dtype, size, values: [] };
    for (const v of replay(g, call)) values.push(v);
  }
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const sha256 = Array.from(hash, (x) => x.toString(16).padStart(2, "0")).join("");
  return { count: values.length, sha256 };
}

Deno.test("fixtures cover the promised seeds, sizes, ops and dtypes", () => {
  const seeds = fixtures.cases.map((c) => c.seed);
  for (const s of [0, 1, 42, 2 ** 32 + 5, 67280421310721]) assert.ok(seeds.includes(s), `${s}`);
  const seen = new Set<string>();
  for (const c of fixtures.cases) {
    for (const call of c.calls) seen.add(`${call.op}/${call.dtype}/${call.size}`);
  }
  for (const op of ["rand", "randn"]) {
    for (const dtype of ["float32", "float64"]) {
      for (const size of [1, 2, 3, 9, 15, 16, 17, 31, 32, 33, 100, 1000]) {
        assert.ok(seen.has(`${op}/${dtype}/${size}`), `${op}/${dtype}/${size}`);
      }
    }
  }
});

for (const c of fixtures.cases) {
  Deno.test(`matches PyTorch's CPU stream for seed ${c.seed} (new Generator)`, () => {
    checkCase(new Generator(c.seed), c);
  });
}

for (const d of fixtures.digests) {
  const what = d.calls
    ? d.calls.map((c) => `${c[0]}(${c[2]}, ${c[1]})`).join(", ")
    : `${d.scalar_mix} mixed scalar-path normal calls`;
  Deno.test(`matches PyTorch's long stream for seed ${d.seed}: ${what}`, async () => {
    assert.deepStrictEqual(await digest(d), { count: d.count, sha256: d.sha256 });
  });
}

Deno.test("manualSeed reseeds the default generator and matches PyTorch", () => {
  for (const c of fixtures.cases) {
    const g = manualSeed(c.seed);
    assert.equal(g, defaultGenerator);
    checkCase(defaultGenerator, c);
  }
});

Deno.test("Generator.manualSeed resets the stream and the cached normal sample", () => {
  const c = fixtures.cases[0];
  const g = new Generator(123);
  // Leave a cached scalar-path normal value behind, then reseed: it must be dropped.
  g.normal(new Float64Array(1));
  assert.equal(g.manualSeed(c.seed), g);
  checkCase(g, c);
});

Deno.test("seeds: default, uint64 wrap, low 32 bits", () => {
  assert.equal(new Generator().initialSeed(), 67280421310721);
  const byDefault = new Float32Array(5);
  const explicit = new Float32Array(5);
  new Generator().uniform(byDefault);
  new Generator(67280421310721).uniform(explicit);
  assert.deepStrictEqual(byDefault, explicit);

  const a = new Float64Array(7);
  const b = new Float64Array(7);
  new Generator(5).normal(a);
  new Generator(2 ** 32 + 5).normal(b);
  assert.deepStrictEqual(a, b);

  assert.equal(new Generator(-1).initialSeed(), 2 ** 64 - 1);
  assert.equal(new Generator(-(2 ** 63)).initialSeed(), 2 ** 63);
  const c = new Float32Array(4);
  const d = new Float32Array(4);
  new Generator(-1).uniform(c);
  new Generator(2 ** 32 - 1).uniform(d);
  assert.deepStrictEqual(c, d);

  manualSeed(2 ** 32 + 5);
  assert.equal(initialSeed(), 2 ** 32 + 5);
});

Deno.test("invalid seeds and parameters throw like PyTorch", () => {
  const g = new Generator(0);
  assert.throws(() => g.manualSeed(1.5), RangeError);
  assert.throws(() => g.manualSeed(NaN), RangeError);
  assert.throws(() => g.manualSeed(2 ** 64), RangeError);
  assert.throws(() => g.manualSeed(-(2 ** 63) - 4096), RangeError);
  const x = new Float32Array(3);
  assert.throws(() => g.uniform(x, 1, 0), /uniform_ expects to return a \[from, to\) range/);
  assert.throws(() => g.uniform(x, 0, Infinity), /to is out of bounds for float/);
  assert.throws(() => g.uniform(x, -3e38, 3e38), /to-from/);
  assert.throws(() => g.normal(x, 0, -1), /normal expects std >= 0.0, but found std -1/);
  assert.throws(() => g.normal(x, 0, NaN), RangeError);
  // A failed call draws nothing: the stream continues as if it had not happened.
  g.uniform(x);
  assert.deepStrictEqual(Array.from(x), [
    0.49625658988952637,
    0.7682217955589294,
    0.08847743272781372,
  ]);
});

Deno.test("empty outputs draw nothing", () => {
  const g = new Generator(0);
  g.uniform(new Float32Array(0));
  g.normal(new Float64Array(0));
  const x = new Float32Array(1);
  g.uniform(x);
  assert.equal(x[0], 0.49625658988952637);
});

Deno.test("large draws stay finite and roughly standard", () => {
  const g = new Generator(7);
  for (const out of [new Float32Array(100_003), new Float64Array(100_003)]) {
    g.normal(out);
    let sum = 0;
    let sq = 0;
    for (const v of out) {
      assert.ok(Number.isFinite(v));
      sum += v;
      sq += v * v;
    }
    const mean = sum / out.length;
    const variance = sq / out.length - mean * mean;
    assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
    g.uniform(out);
    for (const v of out) assert.ok(v >= 0 && v < 1);
  }
});
