/**
 * Seeded pseudo-random numbers that reproduce PyTorch's CPU generator (`torch.Generator`,
 * `at::CPUGeneratorImpl`): an mt19937 engine seeded with the low 32 bits of a uint64 seed, and on
 * top of it PyTorch's samplers, each drawing the same words in the same order.
 *
 * - `uniform` (`torch.rand`, `Tensor.uniform_`): one 32-bit word per float32 element (24 random
 *   bits), two per float64 element (53 bits, first word high); `x * (to - from) + from` as a fused
 *   multiply-add.
 * - `normal` (`torch.randn`, `Tensor.normal_`): Box–Muller, with PyTorch's scalar path below 16
 *   elements (a cached second value, kept across calls and in the saved state) and its
 *   vectorised path from 16 elements on (see `box_muller.ts`).
 * - `randint`, `randperm`, `bernoulli`, `random` (`torch.randint`, `torch.randperm`,
 *   `Tensor.bernoulli_`, `Tensor.random_`): PyTorch's integer and Bernoulli transformations.
 * - `getState` / `setState` (`Generator.get_state` / `set_state`): PyTorch's 5056-byte layout, so a
 *   state saved by either library can be restored by the other.
 *
 * The streams equal PyTorch 2.x's bit for bit (checked against PyTorch 2.13 fixtures in
 * `conformance/random`; 1.13 differs in the scalar normal path, in `randint` ranges from 2^28 to
 * 2^32, in `randperm` from n = 214748364 on, and in `uniform_` values that round up to `to`).
 * Three properties of PyTorch's build, not of the stream, to know: float32 normals from 16
 * elements on follow the AVX2 kernel (PyTorch builds without AVX2 round some last bits
 * differently); float64 normals depend on the C library's `sin`, `cos` and `log1p`, and descent
 * uses correctly rounded `sin`/`cos` and fdlibm's `log1p`, so about 0.15% of float64 normals
 * differ from PyTorch-on-glibc in the last place (float32 values never do); builds with MKL on
 * Intel CPUs draw `bernoulli_(p)` with a scalar `p` (and so `dropout`) from MKL's own generator,
 * and descent follows the portable kernel.
 *
 * Provenance: written from PyTorch's algorithms (BSD-3-Clause, see `NOTICE`).
 *
 * @module
 */

import { boxMullerPair, normalFill32, normalFill64 } from "./box_muller.ts";
import { fma, fmaf } from "./fma.ts";
import { decodeState, encodeState } from "./generator_state.ts";
import { MT19937, uniform24, uniform53 } from "./mt19937.ts";

/** PyTorch's `default_rng_seed_val`. */
const DEFAULT_SEED = 67280421310721;
const TWO_POW_64 = 18446744073709551616;
const FLOAT32_MAX = 3.4028234663852886e38;
const INT64_MIN = -(2n ** 63n);
const INT64_LIMIT = 2n ** 63n;
/** `randperm` switches to 64-bit draws (an inside-out shuffle) from this `n` on. */
const RANDPERM_LARGE_N = Math.floor(0xffffffff / 20);
const fr = Math.fround;

/** Typed arrays that `randint`, `randperm` and `random` fill (float32, float64, int32, int64). */
export type IntegerSampleArray = Float32Array | Float64Array | Int32Array | BigInt64Array;
/** Typed arrays that `bernoulli` fills with 0 and 1 (float32, float64, int32, uint8 or bool). */
export type BernoulliArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * A seeded random number generator that reproduces `torch.Generator` on the CPU, bit for bit:
 * the same mt19937 stream, the same samplers, the same saved state (see the module docs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Generator } from "@descent/tensor";
 *
 * // g = torch.Generator().manual_seed(0); torch.rand(3, generator=g)
 * const g = new Generator(0);
 * const x = new Float32Array(3);
 * g.uniform(x);
 * assert.deepEqual(Array.from(x), [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
 * ```
 */
export class Generator {
  #engine: MT19937 = new MT19937();
  #hasNextDouble = false;
  #nextDouble = 0;
  #hasNextFloat = false;
  #nextFloat = 0;
  /** Scratch for one scalar-path Box–Muller pair. */
  #pair: Float64Array = new Float64Array(2);

  /**
   * Creates a generator, like `torch.Generator()` (CPU).
   *
   * @param seed The seed; defaults to `67280421310721`, the seed of a fresh `torch.Generator()`.
   * @throws {RangeError} If `seed` is not an integer in [-2^63, 2^64).
   */
  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /**
   * Reseeds the generator, like `torch.Generator.manual_seed`. As in PyTorch the seed is taken
   * as a uint64 (negative seeds wrap around) and mt19937 is seeded with its low 32 bits, so
   * `2**32 + 5` and `5` give the same stream. Also drops the cached normal sample. A `bigint`
   * seed keeps all 64 bits, as a seed drawn with {@linkcode Generator.random} on a
   * `BigInt64Array` needs.
   *
   * @param seed An integer in [-2^63, 2^64).
   * @returns This generator.
   * @throws {RangeError} If `seed` is not an integer in that range.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * const g = new Generator().manualSeed(42);
   * const x = new Float64Array(2);
   * g.uniform(x); // torch.manual_seed(42); torch.rand(2, dtype=torch.float64)
   * assert.deepEqual(Array.from(x), [0.05815448596142969, 0.06291016742457756]);
   * ```
   */
  manualSeed(seed: number | bigint): this {
    this.#engine.seed(toUint64Seed(seed));
    this.#hasNextDouble = false;
    this.#nextDouble = 0;
    this.#hasNextFloat = false;
    this.#nextFloat = 0;
    return this;
  }

  /**
   * The seed last given to the generator, like `torch.Generator.initial_seed` (negative seeds
   * are reported as their uint64 value, rounded to a double above 2^53; the exact value is in
   * {@linkcode Generator.getState}).
   *
   * @returns The seed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * assert.equal(new Generator().initialSeed(), 67280421310721);
   * assert.equal(new Generator(7).initialSeed(), 7);
   * ```
   */
  initialSeed(): number {
    return Number(this.#engine.seedValue);
  }

  /**
   * The generator's whole state, like `torch.Generator.get_state()` (and `torch.get_rng_state()`
   * for {@linkcode defaultGenerator}): PyTorch's 5056 bytes — seed, mt19937 words and position,
   * and the cached Box–Muller value — so `setState` on this generator, on another one, or on a
   * PyTorch generator (`torch.ByteTensor(list(bytes))`) continues the same stream.
   *
   * @returns A new `Uint8Array` of 5056 bytes.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * const g = new Generator(0);
   * g.normal(new Float64Array(1)); // leaves a cached second normal value behind
   * const saved = g.getState();
   * const a = g.normal(new Float64Array(3));
   * const b = new Generator().setState(saved).normal(new Float64Array(3));
   * assert.deepEqual(b, a);
   * ```
   */
  getState(): Uint8Array {
    const e = this.#engine;
    return encodeState({
      seed: e.seedValue,
      left: e.left,
      next: e.next,
      words: e.state,
      nextDoubleNormal: this.#hasNextDouble ? this.#nextDouble : null,
      nextFloatNormal: this.#hasNextFloat ? this.#nextFloat : null,
    });
  }

  /**
   * Restores a state from {@linkcode Generator.getState} or from PyTorch's
   * `get_state()` / `torch.get_rng_state()` bytes, like `torch.Generator.set_state`. The whole
   * input is checked before anything changes.
   *
   * @param state 5056 bytes in PyTorch's layout.
   * @returns This generator.
   * @throws {TypeError} If `state` is not a `Uint8Array`.
   * @throws {RangeError} If it is not 5056 bytes long, or a field is out of range (`seeded`
   * other than 1, `left` outside 1 to 624, `next` outside 0 to 624 or past the state words, a
   * state word wider than 32 bits, a flag other than 0 or 1); the message names the field.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * const g = new Generator(0);
   * const saved = g.getState();
   * const first = g.randperm(new Float64Array(5));
   * g.setState(saved);
   * assert.deepEqual(g.randperm(new Float64Array(5)), first);
   * assert.throws(() => g.setState(new Uint8Array(10)), RangeError);
   * ```
   */
  setState(state: Uint8Array): this {
    const s = decodeState(state);
    const e = this.#engine;
    e.state.set(s.words);
    e.left = s.left;
    e.next = s.next;
    e.seedValue = s.seed;
    this.#hasNextDouble = s.nextDoubleNormal !== null;
    this.#nextDouble = s.nextDoubleNormal ?? 0;
    this.#hasNextFloat = s.nextFloatNormal !== null;
    this.#nextFloat = s.nextFloatNormal ?? 0;
    return this;
  }

  /**
   * Fills `out` with samples of U[low, high), exactly like `torch.rand` (for the default bounds)
   * and `Tensor.uniform_(low, high)` on a contiguous CPU tensor of out's dtype
   * (`Float32Array` = float32: one 32-bit draw per element; `Float64Array` = float64: two). For
   * float32 the bounds are rounded to float32 first and `high - low` is computed in float32, as
   * in PyTorch (what `nn.init.uniform_` and `kaiming_uniform_` rely on); a value that rounds up to
   * `high` is replaced by `low`, as PyTorch 2.x does.
   *
   * @param out The array to fill, in order.
   * @param low Inclusive lower bound (`from`), default 0.
   * @param high Exclusive upper bound (`to`), default 1.
   * @returns `out`.
   * @throws {RangeError} Like PyTorch, if a bound is out of the dtype's range, `low > high`, or
   * `high - low` exceeds the dtype's maximum.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * const x = new Float32Array(2);
   * new Generator(0).uniform(x, -1, 1); // torch.manual_seed(0); torch.empty(2).uniform_(-1, 1)
   * assert.deepEqual(Array.from(x), [-0.007486820220947266, 0.5364435911178589]);
   * ```
   */
  uniform<T extends Float32Array | Float64Array>(out: T, low: number = 0, high: number = 1): T {
    const single = out instanceof Float32Array;
    if (!single && !(out instanceof Float64Array)) {
      throw new TypeError("uniform expects a Float32Array or a Float64Array");
    }
    const max = single ? FLOAT32_MAX : Number.MAX_VALUE;
    const dtype = single ? "float" : "double";
    if (!(low >= -max && low <= max)) throw new RangeError(`from is out of bounds for ${dtype}`);
    if (!(high >= -max && high <= max)) throw new RangeError(`to is out of bounds for ${dtype}`);
    if (low > high) {
      throw new RangeError(
        `uniform_ expects to return a [from, to) range, but found from=${low} > to=${high}`,
      );
    }
    if (high - low > max) {
      throw new RangeError(
        `uniform_ expects to-from <= ${max}, but found to=${high} and from=${low}`,
      );
    }
    const e = this.#engine;
    const n = out.length;
    // A value that rounds up to `to` becomes `from` (PyTorch 2.x; 1.13 returned `to`). The
    // default bounds never round up: u·1 + 0 is exact.
    if (single) {
      const from = fr(low);
      const to = fr(high);
      const range = fr(to - from);
      if (from === 0 && range === 1) {
        for (let i = 0; i < n; i++) out[i] = uniform24(e);
      } else {
        for (let i = 0; i < n; i++) {
          const v = fmaf(uniform24(e), range, from);
          out[i] = v === to ? from : v;
        }
      }
    } else {
      const range = high - low;
      if (low === 0 && range === 1) {
        for (let i = 0; i < n; i++) out[i] = uniform53(e);
      } else {
        for (let i = 0; i < n; i++) {
          const v = fma(uniform53(e), range, low);
          out[i] = v === high ? low : v;
        }
      }
    }
    return out;
  }

  /**
   * Fills `out` with samples of N(mean, std²), exactly like `torch.randn` (for the defaults)
   * and `Tensor.normal_(mean, std)` on a contiguous CPU tensor of out's dtype, including
   * PyTorch's two code paths (scalar Box–Muller with a cached second value below 16 elements,
   * the vectorised 16-wide transform from 16 elements on). The scalar path computes
   * `fma(z, std, mean)` in float64 and rounds once to the output dtype; the float32 vectorised
   * path rounds `mean` and `std` to float32 first (what `nn.init.normal_` relies on).
   *
   * @param out The array to fill, in order.
   * @param mean The mean, default 0.
   * @param std The standard deviation, default 1.
   * @returns `out`.
   * @throws {RangeError} If `std` is negative or NaN, as in PyTorch.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * const x = new Float32Array(3);
   * new Generator(0).normal(x); // torch.manual_seed(0); torch.randn(3)
   * assert.deepEqual(Array.from(x), [1.5409960746765137, -0.293428897857666, -2.1787893772125244]);
   * ```
   */
  normal<T extends Float32Array | Float64Array>(out: T, mean: number = 0, std: number = 1): T {
    const single = out instanceof Float32Array;
    if (!single && !(out instanceof Float64Array)) {
      throw new TypeError("normal expects a Float32Array or a Float64Array");
    }
    if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
    const n = out.length;
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = fma(this.#normalScalar(), std, mean);
    } else if (single) {
      normalFill32(this.#engine, out, fr(mean), fr(std));
    } else {
      normalFill64(this.#engine, out as Float64Array, mean, std);
    }
    return out;
  }

  /**
   * Fills `out` with integers drawn uniformly from [low, high), exactly like
   * `torch.randint(low, high, size)` (and `Tensor.random_(low, high)`) for out's dtype:
   * `Float32Array` float32, `Float64Array` float64, `Int32Array` int32, `BigInt64Array` int64
   * (every value exact). Each element takes one 32-bit draw modulo `high - low`, or, for a range
   * of 2^28 or more, one 64-bit draw (two words, first high), as PyTorch 2.x does (1.13 switched
   * at 2^32, for int64, float and double only).
   *
   * @param out The array to fill, in order.
   * @param low Inclusive lower bound, an integer (`number` or `bigint`).
   * @param high Exclusive upper bound, an integer.
   * @returns `out`.
   * @throws {TypeError} If a bound is not an integer or `out` is another kind of array.
   * @throws {RangeError} If `low >= high` or a bound is out of the dtype's range (PyTorch's
   * messages: "random_ expects 'from' to be less than 'to' …", "to - 1 is out of bounds for
   * int").
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * // torch.manual_seed(0); torch.randint(0, 10, (5,))
   * assert.deepEqual(Array.from(new Generator(0).randint(new Float64Array(5), 0, 10)), [4, 9, 3, 0, 3]);
   * // torch.manual_seed(0); torch.randint(-2**40, 2**40, (3,))
   * const big = new Generator(0).randint(new BigInt64Array(3), -(2n ** 40n), 2n ** 40n);
   * assert.deepEqual(Array.from(big), [-358231004625n, -593374360384n, 291447657211n]);
   * ```
   */
  randint<T extends IntegerSampleArray>(out: T, low: number | bigint, high: number | bigint): T {
    const kind = integerKind(out, "randint");
    const from = toInteger(low, "low");
    const to = toInteger(high, "high");
    if (from >= to) {
      throw new RangeError(
        `random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`,
      );
    }
    const [min, max, name] = kind === "int32"
      ? [-(2n ** 31n), 2n ** 31n - 1n, "int"]
      : [INT64_MIN, INT64_LIMIT - 1n, "long"];
    if (from < min || from > max) throw new RangeError(`from is out of bounds for ${name}`);
    if (to - 1n < min || to - 1n > max) {
      throw new RangeError(`to - 1 is out of bounds for ${name}`);
    }
    const e = this.#engine;
    const n = out.length;
    const range = to - from;
    // PyTorch 2.x's uniform_int_from_to_distribution draws 64 bits from a range of 2^28 on, for
    // every dtype (1.13: from 2^32, and only for int64, float and double).
    const wide = range >= 2n ** 28n;
    if (range < 2n ** 32n && kind !== "int64" && isSafe(from) && isSafe(to)) {
      // Exact in doubles: the values stay below 2^53 in magnitude.
      const r = Number(range);
      const base = Number(from);
      const o = out as Float32Array | Float64Array | Int32Array;
      if (wide) {
        for (let i = 0; i < n; i++) o[i] = mod64(e.nextUint32(), e.nextUint32(), r) + base;
      } else {
        for (let i = 0; i < n; i++) o[i] = (e.nextUint32() % r) + base;
      }
      return out;
    }
    for (let i = 0; i < n; i++) {
      const v = (wide ? random64(e) : BigInt(e.nextUint32())) % range + from;
      store(out, i, v);
    }
    return out;
  }

  /**
   * Fills `out` with a random permutation of 0, 1, …, `out.length - 1`, exactly like
   * `torch.randperm(n)` (CPU) for out's dtype: below n = 214748364 PyTorch's swap shuffle with
   * one 32-bit draw per position (`random() % (n - i)`), from there on its inside-out shuffle
   * with 64-bit draws (`random64() % (i + 1)`).
   *
   * @param out The array to fill; its length is `n`.
   * @returns `out`.
   * @throws {TypeError} If `out` is another kind of array.
   * @throws {RangeError} For float32 beyond 2^24 + 1 elements, as PyTorch ("n cannot be greater
   * than 2^24+1 for Float type.").
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator, manualSeed } from "@descent/tensor";
   *
   * // torch.manual_seed(0); torch.randperm(10)
   * assert.deepEqual(Array.from(manualSeed(0).randperm(new Float64Array(10))), [4, 1, 7, 5, 3, 9, 0, 8, 6, 2]);
   *
   * // DataLoader(shuffle=True) without a generator: a base seed, then the sampler's seed and a
   * // fresh generator for its permutation (torch.manual_seed(0) before the epoch).
   * const g = manualSeed(0);
   * g.random(new BigInt64Array(1)); // _base_seed
   * const seed = g.random(new BigInt64Array(1))[0];
   * const order = new Generator(seed).randperm(new Float64Array(10));
   * assert.deepEqual(Array.from(order), [6, 7, 1, 4, 2, 0, 9, 8, 3, 5]);
   * ```
   */
  randperm<T extends IntegerSampleArray>(out: T): T {
    const kind = integerKind(out, "randperm");
    const n = out.length;
    if (kind === "float32" && n > 2 ** 24 + 1) {
      throw new RangeError("n cannot be greater than 2^24+1 for Float type.");
    }
    const a = out instanceof BigInt64Array ? new Float64Array(n) : out as Exclude<T, BigInt64Array>;
    const e = this.#engine;
    if (n < RANDPERM_LARGE_N) {
      for (let i = 0; i < n; i++) a[i] = i;
      for (let i = 0; i < n - 1; i++) {
        const z = i + e.nextUint32() % (n - i);
        const saved = a[i];
        a[i] = a[z];
        a[z] = saved;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const z = mod64(e.nextUint32(), e.nextUint32(), i + 1);
        a[i] = a[z];
        a[z] = i;
      }
    }
    if (out instanceof BigInt64Array) { for (let i = 0; i < n; i++) out[i] = BigInt(a[i]); }
    return out;
  }

  /**
   * Fills `out` with 0 or 1, drawing 1 with probability `p`, exactly like PyTorch's CPU
   * `Tensor.bernoulli_(p)` (a number: one float64 uniform per element, `u < p`) and
   * `torch.bernoulli(probs)` / `Tensor.bernoulli_(probs)` (an array, one probability per element:
   * a float64 uniform for a `Float64Array`, a float32 uniform — one 32-bit draw — for a
   * `Float32Array`). `F.dropout(x, p)` and `nn.Dropout(p)` in training keep element `i` when
   * `bernoulli` with probability `1 - p` draws 1 for it (then scale by `1 / (1 - p)`).
   *
   * @param out The array to fill, in order (its dtype does not change the draws).
   * @param p A probability, or one per element of `out`.
   * @returns `out`.
   * @throws {TypeError} If `out` or `p` is another kind of value.
   * @throws {RangeError} If a probability is outside [0, 1] or NaN, or `p` has another length;
   * nothing is drawn then.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * // torch.manual_seed(0); torch.empty(8).bernoulli_(0.5), the mask of F.dropout(x, 0.5)
   * const mask = new Generator(0).bernoulli(new Float32Array(8), 0.5);
   * assert.deepEqual(Array.from(mask), [0, 0, 1, 0, 0, 0, 1, 1]);
   * // torch.manual_seed(0); torch.bernoulli(torch.tensor([0.1, 0.5, 0.9, 0.5]))
   * const probs = new Float32Array([0.1, 0.5, 0.9, 0.5]);
   * assert.deepEqual(Array.from(new Generator(0).bernoulli(new Float32Array(4), probs)), [0, 0, 1, 1]);
   * ```
   */
  bernoulli<T extends BernoulliArray>(out: T, p: number | Float32Array | Float64Array): T {
    if (
      !(out instanceof Float32Array || out instanceof Float64Array ||
        out instanceof Int32Array || out instanceof Uint8Array)
    ) {
      throw new TypeError(
        "bernoulli expects out to be a Float32Array, Float64Array, Int32Array or Uint8Array",
      );
    }
    const e = this.#engine;
    const n = out.length;
    if (typeof p === "number") {
      if (!(p >= 0 && p <= 1)) {
        throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
      }
      for (let i = 0; i < n; i++) out[i] = uniform53(e) < p ? 1 : 0;
      return out;
    }
    if (!(p instanceof Float32Array || p instanceof Float64Array)) {
      throw new TypeError("bernoulli expects p to be a number, a Float32Array or a Float64Array");
    }
    if (p.length !== n) {
      throw new RangeError(
        `bernoulli expects one probability per element (${n}), but got ${p.length}`,
      );
    }
    for (let i = 0; i < n; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new RangeError(
          `Expected p_in >= 0 && p_in <= 1 to be true, but got false (p[${i}] = ${p[i]})`,
        );
      }
    }
    if (p instanceof Float64Array) {
      for (let i = 0; i < n; i++) out[i] = uniform53(e) < p[i] ? 1 : 0;
    } else {
      for (let i = 0; i < n; i++) out[i] = uniform24(e) < p[i] ? 1 : 0;
    }
    return out;
  }

  /**
   * Fills `out` like PyTorch's `Tensor.random_()` without bounds, for out's dtype: int64
   * (`BigInt64Array`) takes a 64-bit draw modulo 2^63, int32 a 32-bit draw modulo 2^31, float32 a
   * 32-bit draw modulo 2^24 + 1, float64 a 64-bit draw modulo 2^53 + 1. An int64 value is what
   * `DataLoader` draws as a seed (`torch.empty((), dtype=torch.int64).random_()`); pass it to
   * `new Generator(seed)` or {@linkcode Generator.manualSeed} as a `bigint`.
   *
   * @param out The array to fill, in order.
   * @returns `out`.
   * @throws {TypeError} If `out` is another kind of array.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Generator } from "@descent/tensor";
   *
   * // torch.manual_seed(0); torch.empty((), dtype=torch.int64).random_()
   * const [seed] = new Generator(0).random(new BigInt64Array(1));
   * assert.equal(seed, 900450186894289455n);
   * ```
   */
  random<T extends IntegerSampleArray>(out: T): T {
    const kind = integerKind(out, "random");
    const e = this.#engine;
    const n = out.length;
    switch (kind) {
      case "int64":
        for (let i = 0; i < n; i++) (out as BigInt64Array)[i] = random64(e) % INT64_LIMIT;
        break;
      case "int32":
        for (let i = 0; i < n; i++) out[i] = e.nextUint32() % 2 ** 31;
        break;
      case "float32":
        for (let i = 0; i < n; i++) out[i] = e.nextUint32() % (2 ** 24 + 1);
        break;
      case "float64":
        for (let i = 0; i < n; i++) out[i] = Number(random64(e) % (2n ** 53n + 1n));
        break;
    }
    return out;
  }

  /** `at::normal_distribution<double>` with the generator's cached second sample. */
  #normalScalar(): number {
    if (this.#hasNextDouble) {
      this.#hasNextDouble = false;
      return this.#nextDouble;
    }
    boxMullerPair(this.#engine, this.#pair);
    this.#nextDouble = this.#pair[1];
    this.#hasNextDouble = true;
    return this.#pair[0];
  }
}

/** The dtype an integer-sample array stands for. */
function integerKind(out: unknown, op: string): "float32" | "float64" | "int32" | "int64" {
  if (out instanceof Float32Array) return "float32";
  if (out instanceof Float64Array) return "float64";
  if (out instanceof Int32Array) return "int32";
  if (out instanceof BigInt64Array) return "int64";
  throw new TypeError(
    `${op} expects a Float32Array, Float64Array, Int32Array or BigInt64Array`,
  );
}

/** An integer bound as a bigint. */
function toInteger(x: number | bigint, name: string): bigint {
  if (typeof x === "bigint") return x;
  if (typeof x !== "number" || !Number.isInteger(x)) {
    throw new TypeError(`randint expects integer bounds, but got ${name}=${String(x)}`);
  }
  return BigInt(x);
}

/** Whether |x| ≤ 2^53, so that sums with 32-bit values stay exact in doubles. */
function isSafe(x: bigint): boolean {
  return x >= -(2n ** 53n) && x <= 2n ** 53n;
}

/** PyTorch's `random64()`: two outputs, the first one high. */
function random64(e: MT19937): bigint {
  const hi = e.nextUint32();
  return (BigInt(hi) << 32n) | BigInt(e.nextUint32());
}

/** `(hi · 2^32 + lo) mod m` for m ≤ 2^32, exactly in doubles. */
function mod64(hi: number, lo: number, m: number): number {
  return ((((hi % m) * 65536) % m) * 65536 + lo) % m;
}

/** Stores an int64 value into out's dtype as a C cast does (int64 exact, floats rounded once). */
function store(out: IntegerSampleArray, i: number, v: bigint): void {
  if (out instanceof BigInt64Array) out[i] = v;
  else if (out instanceof Float32Array) out[i] = int64ToFloat32(v);
  else out[i] = Number(v); // float64: rounds to nearest even; int32: the value fits
}

/** `static_cast<float>(int64_t)`: one rounding to float32 (nearest, ties to even). */
function int64ToFloat32(v: bigint): number {
  const a = v < 0n ? -v : v;
  if (a <= 2n ** 53n) return fr(Number(v)); // exact as a double, then one rounding
  const shift = BigInt(a.toString(2).length - 24);
  let q = a >> shift;
  const rem = a - (q << shift);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const y = Number(q << shift); // at most 25 significant bits: exact
  return v < 0n ? -y : y;
}

/** A seed as PyTorch's `manual_seed` takes it: an integer in [-2^63, 2^64), wrapped to uint64. */
function toUint64Seed(seed: number | bigint): bigint {
  if (typeof seed === "number") {
    if (!Number.isInteger(seed)) {
      throw new RangeError(`manualSeed expects an integer seed, but got ${seed}`);
    }
    if (seed < -(TWO_POW_64 / 2) || seed >= TWO_POW_64) {
      throw new RangeError(`manualSeed expects a seed in [-2**63, 2**64), but got ${seed}`);
    }
    seed = BigInt(seed);
  } else if (typeof seed !== "bigint") {
    throw new RangeError(`manualSeed expects an integer seed, but got ${String(seed)}`);
  }
  if (seed < INT64_MIN || seed >= 2n ** 64n) {
    throw new RangeError(`manualSeed expects a seed in [-2**63, 2**64), but got ${seed}`);
  }
  return seed < 0n ? seed + 2n ** 64n : seed;
}

/**
 * The default generator, the counterpart of `torch.default_generator` (what {@linkcode manualSeed}
 * reseeds). Unlike PyTorch, which seeds it nondeterministically at startup, it starts from the
 * fixed seed 67280421310721 (the seed of a fresh `torch.Generator()`), so unseeded programs are
 * reproducible too.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultGenerator, manualSeed } from "@descent/tensor";
 *
 * manualSeed(0);
 * const x = new Float64Array(2);
 * defaultGenerator.normal(x, 10, 2); // torch.manual_seed(0); torch.empty(2, dtype=torch.float64).normal_(10, 2)
 * assert.deepEqual(Array.from(x), [13.081992216488086, 9.413142188478107]);
 * ```
 */
export const defaultGenerator: Generator = new Generator();

/**
 * Reseeds {@linkcode defaultGenerator}, like `torch.manual_seed`.
 *
 * @param seed An integer in [-2^63, 2^64); mt19937 uses its low 32 bits.
 * @returns The default generator.
 * @throws {RangeError} If `seed` is not an integer in that range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultGenerator, manualSeed } from "@descent/tensor";
 *
 * const g = manualSeed(0);
 * assert.equal(g, defaultGenerator);
 * const x = new Float32Array(3);
 * g.uniform(x); // torch.manual_seed(0); torch.rand(3)
 * assert.deepEqual(Array.from(x), [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
 * ```
 */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/**
 * The seed of {@linkcode defaultGenerator}, like `torch.initial_seed`.
 *
 * @returns The seed last given to {@linkcode manualSeed} (67280421310721 if never called).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initialSeed, manualSeed } from "@descent/tensor";
 *
 * manualSeed(2 ** 32 + 5);
 * assert.equal(initialSeed(), 4294967301);
 * ```
 */
export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

/**
 * The state of {@linkcode defaultGenerator}, like `torch.get_rng_state()`: PyTorch's 5056 bytes
 * (see {@linkcode Generator.getState}).
 *
 * @returns A new `Uint8Array` of 5056 bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getRngState, manualSeed, randn, setRngState } from "@descent/tensor";
 *
 * manualSeed(0);
 * const saved = getRngState();
 * const a = randn([4]).toList();
 * setRngState(saved);
 * assert.deepEqual(randn([4]).toList(), a);
 * ```
 */
export function getRngState(): Uint8Array {
  return defaultGenerator.getState();
}

/**
 * Restores the state of {@linkcode defaultGenerator}, like `torch.set_rng_state(state)` (see
 * {@linkcode Generator.setState}); nothing changes if the state is invalid.
 *
 * @param state 5056 bytes in PyTorch's layout, from {@linkcode getRngState} or from PyTorch.
 * @throws {TypeError} If `state` is not a `Uint8Array`.
 * @throws {RangeError} If its length or a field is invalid; the message names it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getRngState, rand, setRngState } from "@descent/tensor";
 *
 * const saved = getRngState();
 * const a = rand([3]).toList();
 * setRngState(saved);
 * assert.deepEqual(rand([3]).toList(), a);
 * ```
 */
export function setRngState(state: Uint8Array): void {
  defaultGenerator.setState(state);
}
