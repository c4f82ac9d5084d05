/**
 * The byte layout of PyTorch's CPU generator state (`CPUGeneratorImplState` in
 * `aten/src/ATen/CPUGeneratorImpl.cpp`), as `torch.get_rng_state()` and
 * `torch.Generator.get_state()` return it and `set_rng_state()` / `set_state()` take it: 5056
 * bytes, little-endian, on x86-64 and arm64 alike.
 *
 * | offset | field                                     | type           |
 * | -----: | ----------------------------------------- | -------------- |
 * |      0 | `the_initial_seed`                        | uint64         |
 * |      8 | `left` (1 to 624)                         | int32          |
 * |     12 | `seeded` (1)                              | int32          |
 * |     16 | `next` (0 to 624)                         | uint64         |
 * |     24 | `state[624]` (mt19937 words)              | uint64 each    |
 * |   5016 | `normal_x`, then `normal_y`, `normal_rho` | float64 each   |
 * |   5040 | `normal_is_valid`                         | int32, 4 pad   |
 * |   5048 | `next_float_normal_sample`                | float32        |
 * |   5052 | `is_next_float_normal_sample_valid`       | uint8, 3 pad   |
 *
 * PyTorch writes the cached double normal sample to `normal_y` with `normal_is_valid = 1` and
 * zeroes `normal_x`, `normal_rho` and the padding; so does {@linkcode encodeState}.
 *
 * Provenance: the layout is PyTorch's (BSD-3-Clause, see `NOTICE`); the code is written from it.
 *
 * @module
 */

import { MT_N } from "./mt19937.ts";

/** `sizeof(CPUGeneratorImplState)`. */
export const STATE_BYTES = 5056;

/** Everything a CPU generator's state holds. */
export interface GeneratorState {
  /** The uint64 seed last set. */
  seed: bigint;
  /** Draws left before the next twist. */
  left: number;
  /** Index of the next state word. */
  next: number;
  /** The 624 mt19937 words. */
  words: Uint32Array;
  /** The cached second Box–Muller value of the double scalar path, or null. */
  nextDoubleNormal: number | null;
  /** The cached float normal value (PyTorch keeps the slot; its CPU kernels leave it empty). */
  nextFloatNormal: number | null;
}

/** Serialises a state in PyTorch's layout. */
export function encodeState(s: GeneratorState): Uint8Array {
  const bytes = new Uint8Array(STATE_BYTES);
  const v = new DataView(bytes.buffer);
  v.setBigUint64(0, s.seed, true);
  v.setInt32(8, s.left, true);
  v.setInt32(12, 1, true);
  v.setBigUint64(16, BigInt(s.next), true);
  for (let i = 0; i < MT_N; i++) v.setUint32(24 + 8 * i, s.words[i], true);
  if (s.nextDoubleNormal !== null) {
    v.setFloat64(5024, s.nextDoubleNormal, true);
    v.setInt32(5040, 1, true);
  }
  if (s.nextFloatNormal !== null) {
    v.setFloat32(5048, s.nextFloatNormal, true);
    bytes[5052] = 1;
  }
  return bytes;
}

/**
 * Parses and validates a state in PyTorch's layout without changing anything.
 *
 * @throws {TypeError} If `bytes` is not a Uint8Array.
 * @throws {RangeError} If its length is not 5056 bytes or a field is out of range (named in the
 * message).
 */
export function decodeState(bytes: Uint8Array): GeneratorState {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `RNG state must be a Uint8Array (torch.ByteTensor), but got ${describe(bytes)}`,
    );
  }
  if (bytes.length !== STATE_BYTES) {
    throw new RangeError(
      `Expected a CPUGeneratorImplState of size ${STATE_BYTES} but found the input RNG state ` +
        `size to be ${bytes.length}`,
    );
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = (what: string) => new RangeError(`Invalid mt19937 state: ${what}`);
  const seeded = v.getInt32(12, true);
  if (seeded !== 1) throw invalid(`seeded is ${seeded}, expected 1`);
  const left = v.getInt32(8, true);
  if (!(left >= 1 && left <= MT_N)) throw invalid(`left is ${left}, expected 1 to ${MT_N}`);
  const next64 = v.getBigUint64(16, true);
  if (next64 > BigInt(MT_N)) throw invalid(`next is ${next64}, expected 0 to ${MT_N}`);
  const next = Number(next64);
  if (left + next > MT_N + 1) {
    throw invalid(
      `left + next is ${left} + ${next}, more than ${MT_N + 1}: draws would read past the ` +
        `${MT_N} state words`,
    );
  }
  const words = new Uint32Array(MT_N);
  for (let i = 0; i < MT_N; i++) {
    const w = v.getBigUint64(24 + 8 * i, true);
    if (w > 0xffffffffn) throw invalid(`state[${i}] is ${w}, wider than 32 bits`);
    words[i] = Number(w);
  }
  const doubleValid = v.getInt32(5040, true);
  if (doubleValid !== 0 && doubleValid !== 1) {
    throw invalid(`normal_is_valid is ${doubleValid}, expected 0 or 1`);
  }
  const floatValid = bytes[5052];
  if (floatValid !== 0 && floatValid !== 1) {
    throw invalid(`is_next_float_normal_sample_valid is ${floatValid}, expected 0 or 1`);
  }
  return {
    seed: v.getBigUint64(0, true),
    left,
    next,
    words,
    nextDoubleNormal: doubleValid === 1 ? v.getFloat64(5024, true) : null,
    nextFloatNormal: floatValid === 1 ? v.getFloat32(5048, true) : null,
  };
}

/** A short description of a value for error messages. */
function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "an object";
  return typeof x;
}
