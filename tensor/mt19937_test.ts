import assert from "node:assert/strict";
import { MT19937, MT_N, uniform24, uniform53 } from "./mt19937.ts";

Deno.test("mt19937 matches the reference stream (C++ std::mt19937, seed 5489)", () => {
  const e = new MT19937();
  e.seed(5489n);
  assert.equal(e.nextUint32(), 3499211612);
  for (let i = 2; i < 10000; i++) e.nextUint32();
  assert.equal(e.nextUint32(), 4123659995); // [rand.predef]: the 10000th output
});

Deno.test("seeding uses the low 32 bits and keeps the whole seed", () => {
  const a = new MT19937();
  const b = new MT19937();
  a.seed(5n);
  b.seed(2n ** 32n + 5n);
  assert.equal(b.seedValue, 2n ** 32n + 5n);
  for (let i = 0; i < 1000; i++) assert.equal(a.nextUint32(), b.nextUint32());
});

Deno.test("left and next follow PyTorch's bookkeeping", () => {
  const e = new MT19937();
  e.seed(0n);
  assert.deepEqual([e.left, e.next], [1, 0]); // a twist is due at the first draw
  e.nextUint32();
  assert.deepEqual([e.left, e.next], [MT_N, 1]);
  for (let i = 1; i < MT_N; i++) e.nextUint32();
  assert.deepEqual([e.left, e.next], [1, MT_N]);
  e.nextUint32();
  assert.deepEqual([e.left, e.next], [MT_N, 1]);
});

Deno.test("uniform24 and uniform53 take 24 and 53 bits (first word high)", () => {
  const e = new MT19937();
  e.seed(0n);
  const w = [e.nextUint32(), e.nextUint32(), e.nextUint32()];
  e.seed(0n);
  assert.equal(uniform24(e), (w[0] & 0xffffff) / 2 ** 24);
  assert.equal(uniform53(e), ((w[1] & 0x1fffff) * 2 ** 32 + w[2]) / 2 ** 53);
});
