import assert from "node:assert/strict";
import { Module, sleb, uleb } from "./wasm_asm.ts";

Deno.test("LEB128 encodings", () => {
  assert.deepEqual(uleb(0), [0]);
  assert.deepEqual(uleb(127), [127]);
  assert.deepEqual(uleb(128), [0x80, 0x01]);
  assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(sleb(-1), [0x7f]);
  assert.deepEqual(sleb(63), [63]);
  assert.deepEqual(sleb(64), [0xc0, 0x00]);
  assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
});

function instantiate(mod: Module): { exports: WebAssembly.Exports; memory: WebAssembly.Memory } {
  const { bytes } = mod.assemble();
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { exports: inst.exports, memory };
}

Deno.test("a counted loop, calls, loads and stores run as written", () => {
  const mod = new Module({ module: "env", name: "memory", min: 1, max: 1, shared: true });
  const sq = mod.func("sq", ["f32"], ["f32"]);
  sq.get(sq.param(0)).get(sq.param(0)).op("f32.mul");
  // sumsq(ptr, n): Σ x² over n float32s at ptr
  const f = mod.func("sumsq", ["i32", "i32"], ["f32"]);
  const [ptr, n] = [f.param(0), f.param(1)];
  const i = f.local("i32");
  const acc = f.local("f32");
  f.for(i, () => f.i32(0), () => f.get(n), 1, () => {
    f.get(acc).get(ptr).get(i).i32(4).op("i32.mul").op("i32.add").mem("f32.load");
    f.call(sq).op("f32.add").set(acc);
  });
  f.get(acc);
  const { exports, memory } = instantiate(mod);
  new Float32Array(memory.buffer).set([1, 2, 3, -4], 4);
  assert.equal((exports.sumsq as (p: number, n: number) => number)(16, 4), 30);
  assert.equal((exports.sumsq as (p: number, n: number) => number)(16, 0), 0);
});

Deno.test("SIMD: splat loads, relaxed madd, lane shuffles and stores", () => {
  const mod = new Module({ module: "env", name: "memory", min: 1, max: 1, shared: true });
  const f = mod.func("k", []);
  // [0..16) = a, [16..32) = b; out[32..48) = splat(a[0]) * b + b ; out[48..64) = shuffle(a, b)
  f.i32(32).i32(0).mem("v128.load32_splat").i32(16).mem("v128.load").i32(16).mem("v128.load");
  f.op("f32x4.relaxed_madd").mem("v128.store");
  f.i32(48).i32(0).mem("v128.load").i32(16).mem("v128.load");
  f.shuffle([0, 1, 2, 3, 16, 17, 18, 19, 12, 13, 14, 15, 28, 29, 30, 31]).mem("v128.store");
  const { exports, memory } = instantiate(mod);
  const v = new Float32Array(memory.buffer);
  v.set([2, 3, 4, 5, 10, 20, 30, 40]);
  (exports.k as () => void)();
  assert.deepEqual([...v.subarray(8, 16)], [30, 60, 90, 120, 2, 10, 5, 40]);
});

Deno.test("unknown instructions and bad shuffles are refused", () => {
  const mod = new Module({ module: "env", name: "memory", min: 1, max: 1, shared: false });
  const f = mod.func("x", []);
  assert.throws(() => f.op("f32.frobnicate" as never), /unknown instruction f32.frobnicate/);
  // Instruction names are literal types: a typo is a compile error (deno check fails if the
  // next line type-checks), and at run time it is refused.
  // @ts-expect-error: "f32x4.mull" is not an instruction
  assert.throws(() => f.op("f32x4.mull"), /unknown instruction f32x4.mull/);
  // @ts-expect-error: nor is "f64.lod" a memory instruction
  assert.throws(() => f.mem("f64.lod"));
  assert.throws(() => f.shuffle([0, 1]), /16 lane indices/);
});
