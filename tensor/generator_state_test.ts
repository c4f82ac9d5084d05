import assert from "node:assert/strict";
import { decodeState, encodeState, type GeneratorState, STATE_BYTES } from "./generator_state.ts";

function sample(): GeneratorState {
  const words = new Uint32Array(624);
  for (let i = 0; i < 624; i++) words[i] = Math.imul(i + 1, 2654435761) >>> 0;
  return {
    seed: 2n ** 63n + 5n,
    left: 600,
    next: 25,
    words,
    nextDoubleNormal: -1.25,
    nextFloatNormal: 0.75,
  };
}

Deno.test("encodeState writes PyTorch's CPUGeneratorImplState layout", () => {
  const s = sample();
  const bytes = encodeState(s);
  assert.equal(bytes.length, STATE_BYTES);
  const v = new DataView(bytes.buffer);
  assert.equal(v.getBigUint64(0, true), s.seed); // the_initial_seed
  assert.equal(v.getInt32(8, true), 600); // left
  assert.equal(v.getInt32(12, true), 1); // seeded
  assert.equal(v.getBigUint64(16, true), 25n); // next
  assert.equal(v.getBigUint64(24, true), BigInt(s.words[0])); // state[0], widened to 64 bits
  assert.equal(v.getBigUint64(24 + 8 * 623, true), BigInt(s.words[623]));
  assert.equal(v.getFloat64(5016, true), 0); // normal_x (unused, zero)
  assert.equal(v.getFloat64(5024, true), -1.25); // normal_y: the cached double normal
  assert.equal(v.getFloat64(5032, true), 0); // normal_rho (unused, zero)
  assert.equal(v.getInt32(5040, true), 1); // normal_is_valid
  assert.equal(v.getFloat32(5048, true), 0.75); // next_float_normal_sample
  assert.equal(bytes[5052], 1); // is_next_float_normal_sample_valid
  for (const pad of [5044, 5045, 5046, 5047, 5053, 5054, 5055]) assert.equal(bytes[pad], 0);
});

Deno.test("decodeState inverts encodeState, with and without cached normals", () => {
  const s = sample();
  assert.deepStrictEqual(decodeState(encodeState(s)), s);
  const none = { ...sample(), nextDoubleNormal: null, nextFloatNormal: null };
  assert.deepStrictEqual(decodeState(encodeState(none)), none);
  const bytes = encodeState(none);
  assert.equal(new DataView(bytes.buffer).getFloat64(5024, true), 0);
  assert.equal(bytes[5052], 0);
});
