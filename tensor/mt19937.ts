/**
 * The 32-bit Mersenne Twister (mt19937) with the state bookkeeping of PyTorch's CPU generator
 * (`at::mt19937` in `ATen/core/MT19937RNGEngine.h`): a 64-bit seed whose low 32 bits seed the
 * state, and a `left`/`next` pair that `torch.get_rng_state()` exposes and
 * `torch.set_rng_state()` restores.
 *
 * Provenance: the algorithm is M. Matsumoto and T. Nishimura, "Mersenne Twister: a
 * 623-dimensionally equidistributed uniform pseudo-random number generator", ACM TOMACS 8(1),
 * 1998 (recurrence, tempering, and the 1812433253 initialisation of their 2002 reference), written
 * from that description; the `left`/`next` bookkeeping follows PyTorch (BSD-3-Clause, see
 * `NOTICE`).
 *
 * @module
 */

/** Number of 32-bit state words. */
export const MT_N = 624;
/** The recurrence's middle offset. */
const MT_M = 397;

/** An mt19937 engine whose state round-trips through PyTorch's generator state. */
export class MT19937 {
  /** The 624 state words. */
  readonly state: Uint32Array = new Uint32Array(MT_N);
  /** Draws left before the next twist, 1 to 624 (PyTorch's `left_`). */
  left = 1;
  /** Index of the next state word to temper, 0 to 624 (PyTorch's `next_`). */
  next = 0;
  /** The uint64 seed last given to {@linkcode MT19937.seed} (PyTorch's `seed_`). */
  seedValue = 0n;

  /**
   * Seeds the engine like `at::mt19937(seed)`: the state from the seed's low 32 bits, and a twist
   * due at the first draw.
   */
  seed(seed: bigint): void {
    this.seedValue = seed;
    const s = this.state;
    s[0] = Number(seed & 0xffffffffn);
    for (let j = 1; j < MT_N; j++) {
      const prev = s[j - 1] ^ (s[j - 1] >>> 30);
      s[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  /** The next 32-bit output (`at::mt19937::operator()`, PyTorch's `generator->random()`). */
  nextUint32(): number {
    if (--this.left === 0) this.#twist();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates the 624 state words. */
  #twist(): void {
    const s = this.state;
    for (let i = 0; i < MT_N; i++) {
      const y = (s[i] & 0x80000000) | (s[i + 1 < MT_N ? i + 1 : 0] & 0x7fffffff);
      const k = i + MT_M < MT_N ? i + MT_M : i + MT_M - MT_N;
      s[i] = s[k] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    this.left = MT_N;
    this.next = 0;
  }
}

const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;

/**
 * A float32 uniform in [0, 1) as PyTorch draws it (`uniform_real_distribution<float>`): the low
 * 24 bits of one output, times 2^-24.
 */
export function uniform24(e: MT19937): number {
  return (e.nextUint32() & 0xffffff) * TWO_POW_M24;
}

/**
 * A float64 uniform in [0, 1) as PyTorch draws it (`uniform_real_distribution<double>`): the low
 * 53 bits of `random64()` (two outputs, the first one high), times 2^-53.
 */
export function uniform53(e: MT19937): number {
  const hi = e.nextUint32() & 0x1fffff;
  const lo = e.nextUint32();
  return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
}
