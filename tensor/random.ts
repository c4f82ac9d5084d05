/**
 * Seeded pseudo-random numbers that reproduce PyTorch's CPU generator stream.
 *
 * PyTorch's CPU generator (`at::CPUGeneratorImpl`) is an mt19937 engine seeded with the low
 * 32 bits of the uint64 seed. On top of it:
 *
 * - `torch.rand` / `Tensor.uniform_` draw one 32-bit word per float32 element (24 random bits)
 *   and two words per float64 element (53 random bits, first word high), computing
 *   `x * (to - from) + from` as a fused multiply-add (ATen's CPU kernels are built with FMA
 *   contraction for the AVX2 dispatch).
 * - `torch.randn` / `Tensor.normal_` on fewer than 16 elements use the scalar Box–Muller path
 *   (`at::normal_distribution<double>`): two float64 uniforms per pair, the cosine value is
 *   returned and the sine value is cached in the generator for the next scalar-path element,
 *   even across calls; reseeding clears that cache. The result is `fma(z, std, mean)` rounded
 *   to the output dtype.
 * - With 16 or more elements the vectorised path (`normal_fill`) first fills the whole output
 *   with uniforms of the output dtype, transforms each block of 16 (first 8 = radius·cos,
 *   last 8 = radius·sin), and, when the size is not a multiple of 16, draws 16 fresh uniforms
 *   for the last 16 elements and transforms them again. That path neither reads nor clears the
 *   cached scalar value. float32 uses the AVX2 kernel (`normal_fill_16_AVX2`) whose `log`,
 *   `sin` and `cos` come from `avx_mathfun.h`; float64 uses glibc's `log`, `sin` and `cos`.
 *
 * This module reimplements all of that in portable IEEE arithmetic: the `avx_mathfun.h`
 * Cephes polynomials in float32 (`Math.fround`) with the fused multiply-adds GCC 12 forms
 * at `-O2 -mavx2 -mfma`, and ports of glibc 2.36's FMA variants of `log` (`__log_fma`) and
 * `sin`/`cos` (`__sin_fma`, `__cos_fma`) with their tables, using an exact software FMA.
 * Nothing depends on the host `Math.log`/`Math.sin`/`Math.cos`, so every platform produces
 * the same numbers, and they equal PyTorch's on an x86-64 machine whose ATen dispatch is AVX2
 * and whose libm picks the FMA variants (the usual case). Verified bit for bit against
 * PyTorch 1.13 (see `conformance/random`). PyTorch builds without AVX2 (or other CPU
 * architectures) use other float32 kernels and may differ in the last bits of `randn` with 16 or
 * more float32 elements; that is a property of PyTorch, not of this stream.
 *
 * @module
 */

/** mt19937 state size. */
const MT_N = 624;
/** mt19937 shift size. */
const MT_M = 397;
/** PyTorch's `default_rng_seed_val`. */
const DEFAULT_SEED = 67280421310721;
const TWO_POW_32 = 4294967296;
const TWO_POW_64 = 18446744073709551616;
const FLOAT32_MAX = 3.4028234663852886e38;
const BIG_ARG = 2 ** 995;
const TWO_POW_M64 = 2 ** -64;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
const fr = Math.fround;

// Scratch views for reading and writing the bits of a double (endianness-independent) and of
// a float (a 32-bit view of a 32-bit value needs no endianness care).
const F64 = new Float64Array(1);
const F64W = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const F32 = new Float32Array(1);
const F32W = new Uint32Array(F32.buffer);

/** Decodes whitespace-separated 16-digit hex IEEE-754 bit patterns into doubles. */
function hexDoubles(text: string): Float64Array {
  const words = text.trim().split(/\s+/);
  const out = new Float64Array(words.length);
  for (let i = 0; i < words.length; i++) {
    F64W[HI] = parseInt(words[i].slice(0, 8), 16);
    F64W[LO] = parseInt(words[i].slice(8, 16), 16);
    out[i] = F64[0];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Exact fused multiply-add.

/** Veltkamp splitter 2^27 + 1. */
const SPLIT = 134217729;

/** `x + y` rounded to odd (Boldo–Melquiond), via TwoSum and a one-ulp bit step. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const err = (x - (s - bb)) + (y - bb);
  if (err === 0) return s;
  F64[0] = s;
  if ((F64W[LO] & 1) !== 0) return s;
  if ((err > 0) === (s > 0)) {
    F64W[LO] = (F64W[LO] + 1) >>> 0;
    if (F64W[LO] === 0) F64W[HI] = (F64W[HI] + 1) >>> 0;
  } else {
    if (F64W[LO] === 0) F64W[HI] = (F64W[HI] - 1) >>> 0;
    F64W[LO] = (F64W[LO] - 1) >>> 0;
  }
  return F64[0];
}

/**
 * Correctly rounded float64 `a * b + c` (C's `fma`), from Dekker's exact product, TwoSum and a
 * round-to-odd addition (Boldo & Melquiond 2008). Exact unless the result or the product's low
 * part falls into the subnormal range.
 */
function fma(a: number, b: number, c: number): number {
  if (!(Math.abs(a) < BIG_ARG && Math.abs(b) < BIG_ARG)) {
    if (Math.abs(b) >= BIG_ARG && Math.abs(a) < BIG_ARG && Number.isFinite(b)) {
      return fma(a, b * TWO_POW_M64, c * TWO_POW_M64) * TWO_POW_64;
    }
    if (Math.abs(a) >= BIG_ARG && Math.abs(b) < BIG_ARG && Number.isFinite(a)) {
      return fma(a * TWO_POW_M64, b, c * TWO_POW_M64) * TWO_POW_64;
    }
    return a * b + c;
  }
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  if (pl === 0 || c === 0 || p === 0 || p - p !== 0 || c - c !== 0) return p + c;
  const th = c + p;
  const bb = th - c;
  const tl = (c - (th - bb)) + (p - bb);
  return th + addRoundToOdd(tl, pl);
}

/**
 * Correctly rounded float32 `a * b + c` (C's `fmaf`) for float32 inputs: the product is exact
 * in float64, and the one case where rounding the float64 sum to float32 rounds twice (the sum
 * lands exactly on a float32 midpoint but was itself rounded) is resolved with the TwoSum error.
 */
function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bb = s - p;
  const err = (p - (s - bb)) + (c - bb);
  const f = fr(s);
  if (err === 0 || s - s !== 0) return f;
  const d = s - f;
  const other = f + 2 * d;
  if (d !== 0 && fr(other) === other) return (err > 0) === (d > 0) ? other : f;
  return f;
}

// ---------------------------------------------------------------------------------------------
// float32 log/sin/cos of PyTorch's aten/src/ATen/native/cpu/avx_mathfun.h (Cephes polynomials),
// one lane at a time. GCC contracts a multiply whose only use is an add/sub into an FMA; the
// `fmaf` calls below are exactly those contractions (the remaining products are exact, so
// fusing them or not gives the same bits).

const LOG_P0 = fr(7.0376836292e-2);
const LOG_P1 = fr(-1.1514610310e-1);
const LOG_P2 = fr(1.1676998740e-1);
const LOG_P3 = fr(-1.2420140846e-1);
const LOG_P4 = fr(1.4249322787e-1);
const LOG_P5 = fr(-1.6668057665e-1);
const LOG_P6 = fr(2.0000714765e-1);
const LOG_P7 = fr(-2.4999993993e-1);
const LOG_P8 = fr(3.3333331174e-1);
const LOG_Q1 = fr(-2.12194440e-4);
const LOG_Q2 = fr(0.693359375);
const SQRTHF = fr(0.707106781186547524);

/** `log256_ps` for one lane; `x` is a positive normal float32 (here `1 - u`, u ∈ [0, 1)). */
function logPs(x: number): number {
  F32[0] = x;
  const bits = F32W[0];
  let e = (bits >>> 23) - 0x7f + 1; // exponent as float, plus one (exact small integers)
  F32W[0] = (bits & ~0x7f800000) | 0x3f000000; // mantissa in [0.5, 1)
  let m = F32[0];
  if (m < SQRTHF) {
    e -= 1;
    m = fr(fr(m - 1) + m);
  } else {
    m = fr(m - 1);
  }
  const z = fr(m * m);
  let y = fmaf(LOG_P0, m, LOG_P1);
  y = fmaf(y, m, LOG_P2);
  y = fmaf(y, m, LOG_P3);
  y = fmaf(y, m, LOG_P4);
  y = fmaf(y, m, LOG_P5);
  y = fmaf(y, m, LOG_P6);
  y = fmaf(y, m, LOG_P7);
  y = fmaf(y, m, LOG_P8);
  y = fr(y * m);
  y = fmaf(y, z, fr(e * LOG_Q1)); // y*z + e*q1: GCC fuses the first product
  y = fr(y - z * 0.5);
  return fr(fr(m + y) + e * LOG_Q2); // e*q2 is exact
}

const MINUS_DP1 = fr(-0.78515625);
const MINUS_DP2 = fr(-2.4187564849853515625e-4);
const MINUS_DP3 = fr(-3.77489497744594108e-8);
const SINCOF_P0 = fr(-1.9515295891e-4);
const SINCOF_P1 = fr(8.3321608736e-3);
const SINCOF_P2 = fr(-1.6666654611e-1);
const COSCOF_P0 = fr(2.443315711809948e-005);
const COSCOF_P1 = fr(-1.388731625493765e-003);
const COSCOF_P2 = fr(4.166664568298827e-002);
const FOPI = fr(1.27323954473516);

/** Outputs of {@linkcode sincosPs}. */
let sinPsOut = 0;
let cosPsOut = 0;

/** `sincos256_ps` for one lane; results in `sinPsOut` / `cosPsOut`. */
function sincosPs(x0: number): void {
  let x = Math.abs(x0);
  let j = Math.trunc(fr(x * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y = j;
  const sinNegative = ((j & 4) !== 0) !== (x0 < 0 || Object.is(x0, -0));
  const cosNegative = ((j - 2) & 4) === 0;
  const polySin = (j & 2) === 0; // first polynomial (cos series) goes to cos, second to sin
  x = fr(x + y * MINUS_DP1); // exact products
  x = fr(x + y * MINUS_DP2);
  x = fmaf(y, MINUS_DP3, x);
  const z = fr(x * x);
  let c = fmaf(fmaf(COSCOF_P0, z, COSCOF_P1), z, COSCOF_P2);
  c = fr(c * z);
  c = fmaf(c, z, -fr(z * 0.5)); // y*z - z*0.5: GCC fuses the first product
  c = fr(c + 1);
  let s = fmaf(fmaf(SINCOF_P0, z, SINCOF_P1), z, SINCOF_P2);
  s = fr(s * z);
  s = fmaf(s, x, x);
  // Blend as the intrinsics do: (a & mask) + (b & ~mask), where the masked-out lane is +0.
  const sv = polySin ? 0 + s : c + 0;
  const cv = polySin ? c + 0 : 0 + s;
  sinPsOut = sinNegative ? -sv : sv;
  cosPsOut = cosNegative ? -cv : cv;
}

// ---------------------------------------------------------------------------------------------
// float64 log/sin/cos: ports of glibc 2.36 `__log_fma` (sysdeps/ieee754/dbl-64/e_log.c, data
// from e_log_data.c) and `__sin_fma` / `__cos_fma` (sysdeps/ieee754/dbl-64/s_sin.c, usncs.h,
// sincostab.c), the x86-64 variants selected on CPUs with FMA. They are built with
// `-mfma -mavx2` and GCC's default FMA contraction; each `fma` call below stands for one such
// contraction (checked against the disassembly of libm.so.6 and against glibc on millions of
// arguments). Only the argument ranges the generator needs are ported: log on (0, 1] and
// sin/cos on [0, 2π) (larger |x| falls back to Math, never reached here).

/** `__log_data.tab`: pairs (invc, logc) for 128 subintervals. */
const LOG_TAB = hexDoubles(`
  3ff734f0c3e0de9f bfd7cc7f79e69000 3ff713786a2ce91f bfd76feec20d0000
  3ff6f26008fab5a0 bfd713e31351e000 3ff6d1a61f138c7d bfd6b85b38287800
  3ff6b1490bc5b4d1 bfd65d5590807800 3ff69147332f0cba bfd602d076180000
  3ff6719f18224223 bfd5a8ca86909000 3ff6524f99a51ed9 bfd54f4356035000
  3ff63356aa8f24c4 bfd4f637c36b4000 3ff614b36b9ddc14 bfd49da7fda85000
  3ff5f66452c65c4c bfd445923989a800 3ff5d867b5912c4f bfd3edf439b0b800
  3ff5babccb5b90de bfd396ce448f7000 3ff59d61f2d91a78 bfd3401e17bda000
  3ff5805612465687 bfd2e9e2ef468000 3ff56397cee76bd3 bfd2941b3830e000
  3ff54725e2a77f93 bfd23ec58cda8800 3ff52aff42064583 bfd1e9e129279000
  3ff50f22dbb2bddf bfd1956d2b48f800 3ff4f38f4734ded7 bfd141679ab9f800
  3ff4d843cfde2840 bfd0edd094ef9800 3ff4bd3ec078a3c8 bfd09aa518db1000
  3ff4a27fc3e0258a bfd047e65263b800 3ff4880524d48434 bfcfeb224586f000
  3ff46dce1b192d0b bfcf474a7517b000 3ff453d9d3391854 bfcea4443d103000
  3ff43a2744b4845a bfce020d44e9b000 3ff420b54115f8fb bfcd60a22977f000
  3ff40782da3ef4b1 bfccc00104959000 3ff3ee8f5d57fe8f bfcc202956891000
  3ff3d5d9a00b4ce9 bfcb81178d811000 3ff3bd60c010c12b bfcae2c9ccd3d000
  3ff3a5242b75dab8 bfca45402e129000 3ff38d22cd9fd002 bfc9a877681df000
  3ff3755bc5847a1c bfc90c6d69483000 3ff35dce49ad36e2 bfc87120a645c000
  3ff34679984dd440 bfc7d68fb4143000 3ff32f5cceffcb24 bfc73cb83c627000
  3ff3187775a10d49 bfc6a39a9b376000 3ff301c8373e3990 bfc60b3154b7a000
  3ff2eb4ebb95f841 bfc5737d76243000 3ff2d50a0219a9d1 bfc4dc7b8fc23000
  3ff2bef9a8b7fd2a bfc4462c51d20000 3ff2a91c7a0c1bab bfc3b08abc830000
  3ff293726014b530 bfc31b996b490000 3ff27dfa5757a1f5 bfc2875490a44000
  3ff268b39b1d3bbf bfc1f3b9f879a000 3ff2539d838ff5bd bfc160c8252ca000
  3ff23eb7aac9083b bfc0ce7f57f72000 3ff22a012ba940b6 bfc03cdc49fea000
  3ff2157996cc4132 bfbf57bdbc4b8000 3ff201201dd2fc9b bfbe370896404000
  3ff1ecf4494d480b bfbd17983ef94000 3ff1d8f5528f6569 bfbbf9674ed8a000
  3ff1c52311577e7c bfbadc79202f6000 3ff1b17c74cb26e9 bfb9c0c3e7288000
  3ff19e010c2c1ab6 bfb8a646b372c000 3ff18ab07bb670bd bfb78d01b3ac0000
  3ff1778a25efbcb6 bfb674f145380000 3ff1648d354c31da bfb55e0e6d878000
  3ff151b990275fdd bfb4485cdea1e000 3ff13f0ea432d24c bfb333d94d6aa000
  3ff12c8b7210f9da bfb22079f8c56000 3ff11a3028ecb531 bfb10e4698622000
  3ff107fbda8434af bfaffa6c6ad20000 3ff0f5ee0f4e6bb3 bfadda8d4a774000
  3ff0e4065d2a9fce bfabbcece4850000 3ff0d244632ca521 bfa9a1894012c000
  3ff0c0a77ce2981a bfa788583302c000 3ff0af2f83c636d1 bfa5715e67d68000
  3ff09ddb98a01339 bfa35c8a49658000 3ff08cabaf52e7df bfa149e364154000
  3ff07b9f2f4e28fb bf9e72c082eb8000 3ff06ab58c358f19 bf9a55f152528000
  3ff059eea5ecf92c bf963d62cf818000 3ff04949cdd12c90 bf9228fb8caa0000
  3ff038c6c6f0ada9 bf8c317b20f90000 3ff02865137932a9 bf8419355daa0000
  3ff0182427ea7348 bf781203c2ec0000 3ff008040614b195 bf60040979240000
  3fefe01ff726fa1a 3f6feff384900000 3fefa11cc261ea74 3f87dc41353d0000
  3fef6310b081992e 3f93cea3c4c28000 3fef25f63ceeadcd 3f9b9fc114890000
  3feee9c8039113e7 3fa1b0d8ce110000 3feeae8078cbb1ab 3fa58a5bd001c000
  3fee741aa29d0c9b 3fa95c8340d88000 3fee3a91830a99b5 3fad276aef578000
  3fee01e009609a56 3fb07598e598c000 3fedca01e577bb98 3fb253f5e30d2000
  3fed92f20b7c9103 3fb42edd8b380000 3fed5cac66fb5cce 3fb606598757c000
  3fed272caa5ede9d 3fb7da76356a0000 3fecf26e3e6b2ccd 3fb9ab434e1c6000
  3fecbe6da2a77902 3fbb78c7bb0d6000 3fec8b266d37086d 3fbd431332e72000
  3fec5894bd5d5804 3fbf0a3171de6000 3fec26b533bb9f8c 3fc067152b914000
  3febf583eeece73f 3fc147858292b000 3febc4fd75db96c1 3fc2266ecdca3000
  3feb951e0c864a28 3fc303d7a6c55000 3feb65e2c5ef3e2c 3fc3dfc33c331000
  3feb374867c9888b 3fc4ba366b7a8000 3feb094b211d304a 3fc5933928d1f000
  3feadbe885f2ef7e 3fc66acd2418f000 3feaaf1d31603da2 3fc740f8ec669000
  3fea82e63fd358a7 3fc815c0f51af000 3fea5740ef09738b 3fc8e92954f68000
  3fea2c2a90ab4b27 3fc9bb3602f84000 3fea01a01393f2d1 3fca8bed1c2c0000
  3fe9d79f24db3c1b 3fcb5b515c01d000 3fe9ae2505c7b190 3fcc2967ccbcc000
  3fe9852ef297ce2f 3fccf635d5486000 3fe95cbaeea44b75 3fcdc1bd3446c000
  3fe934c69de74838 3fce8c01b8cfe000 3fe90d4f2f6752e6 3fcf5509c0179000
  3fe8e6528effd79d 3fd00e6c121fb800 3fe8bfce9fcc007c 3fd071b80e93d000
  3fe899c0dabec30e 3fd0d46b9e867000 3fe87427aa2317fb 3fd13687334bd000
  3fe84f00acb39a08 3fd1980d67234800 3fe82a49e8653e55 3fd1f8ffe0cc8000
  3fe8060195f40260 3fd2595fd7636800 3fe7e22563e0a329 3fd2b9300914a800
  3fe7beb377dcb5ad 3fd3187210436000 3fe79baa679725c2 3fd377266dec1800
  3fe77907f2170657 3fd3d54ffbaf3000 3fe756cadbd6130c 3fd432eee32fe000`);

const LN2HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const LN2LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
// __log_data.poly (A) and poly1 (B).
const LA0 = -0.5000000000000001; // -0x1.0000000000001p-1
const LA1 = 0.33333333331825593; // 0x1.555555551305bp-2
const LA2 = -0.2499999999622955; // -0x1.fffffffeb459p-3
const LA3 = 0.20000304511814496; // 0x1.999b324f10111p-3
const LA4 = -0.16667054827627667; // -0x1.55575e506c89fp-3
const LB0 = -0.5; // -0x1p-1
const LB1 = 0.3333333333333352; // 0x1.5555555555577p-2
const LB2 = -0.24999999999998432; // -0x1.ffffffffffdcbp-3
const LB3 = 0.19999999999320328; // 0x1.999999995dd0cp-3
const LB4 = -0.16666666669929706; // -0x1.55555556745a7p-3
const LB5 = 0.14285715076560868; // 0x1.24924a344de3p-3
const LB6 = -0.12499997863982555; // -0x1.fffffa4423d65p-4
const LB7 = 0.11110712032936046; // 0x1.c7184282ad6cap-4
const LB8 = -0.10000486757818193; // -0x1.999eb43b068ffp-4
const LB9 = 0.09181994006195467; // 0x1.78182f7afd085p-4
const LB10 = -0.08328363062289341; // -0x1.5521375d145cdp-4

/** glibc `__log_fma` for positive finite `x`. */
function log64(x: number): number {
  if (x >= 0.9375 && x < 1.064697265625) {
    // 1 - 0x1p-4 <= x < 1 + 0x1.09p-4
    if (x === 1) return 0;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    const p3 = fma(r3, LB10, fma(r2, LB9, fma(r, LB8, LB7)));
    const p2 = fma(r3, p3, fma(r2, LB6, fma(r, LB5, LB4)));
    const p1 = fma(r3, p2, fma(r2, LB3, fma(r, LB2, LB1)));
    const w = r * 134217728; // r * 0x1p27
    const rhi = r + w - w;
    const rlo = r - rhi;
    const w2 = rhi * rhi * LB0; // exact
    const hi = r + w2;
    let lo = r - hi + w2;
    lo = fma(LB0 * rlo, rhi + r, lo);
    return fma(r3, p1, lo) + hi;
  }
  if (!(x >= 2.2250738585072014e-308 && x < Infinity)) return Math.log(x); // not reached here
  F64[0] = x;
  const top = F64W[HI];
  const tmp = (top - 0x3fe60000) | 0; // high word of ix - OFF
  const i = (tmp >>> 13) & 127;
  const k = tmp >> 20;
  F64W[HI] = (top - (tmp & 0xfff00000)) >>> 0;
  const z = F64[0];
  const invc = LOG_TAB[2 * i];
  const logc = LOG_TAB[2 * i + 1];
  const r = fma(z, invc, -1.0);
  const w = k * LN2HI + logc; // exact
  const hi = w + r;
  const lo = fma(k, LN2LO, w - hi + r);
  const r2 = r * r;
  const poly = fma(r2, fma(r, LA4, LA3), fma(r, LA2, LA1));
  return fma(r * r2, poly, fma(r2, LA0, lo)) + hi;
}

/** `__sincostab`: (sin, sin low, cos, cos low) of i/128 for i = 0..109. */
const SINCOS_TAB = hexDoubles(`
  0000000000000000 0000000000000000 3ff0000000000000 0000000000000000
  3f7fffeaaaaeeeef bc1e45e2ec67b77c 3fefffc000155552 3c8f4a01a0196dae
  3f8fffaaaaeeeed5 bc02ab639a9f0777 3fefff000155549f 3c828a28a03a5ef3
  3f97ff7001033255 3bfefe2b51527336 3feffdc006bff7e6 3c8ae6dae86977bd
  3f9ffeaaaeeee86f bc3cd406fb224ae2 3feffc00155527d3 bc83b54492d89b5b
  3fa3feb2b12d45d5 3c34ec54203d1c11 3feff9c03414a7ba 3c6991f4be6c59bf
  3fa7fdc01032fba9 bc4599bdf46e997a 3feff7006bfdf99f bc78b3b560648d5f
  3fabfc6d78586dac 3c18e4fd03dbf236 3feff3c0c8103a31 3c74856dbddc0e66
  3faffaaaeeed4edb bc42d16d32684b69 3feff0015549f4d3 3c8328387b99426f
  3fb1fc343d808bef bc5f3d32e6f3be4f 3fefebc222a8ef9f 3c57934934f54c77
  3fb3facb12d1755b bc5921915299468c 3fefe7034129ef6f bc6cbf4337c96f97
  3fb5f911fd10b737 bc50184f02be9102 3fefe1c4c3c873eb bc35a9c9057c4a02
  3fb7f701032550e4 3c3afc2d1800501a 3fefdc06bf7e6b9b 3c831902b535f8db
  3fb9f4902d55d1f9 3c52696d7eac1dc1 3fefd5c94b43e000 bc62e768cb4f92f9
  3fbbf1b78568391d 3c5e91841dea4cc8 3fefcf0c800e99b1 3c6ea3d786d186ac
  3fbdee6f16c1cce6 bc450f8e2fb71673 3fefc7d078d1bc88 3c8075d2447db685
  3fbfeaaeee86ee36 bc4afcb2bcc6f03b 3fefc015527d5bd3 3c8b68f35094efb8
  3fc0f3378ddd71d1 3c6d8468724f0f9e 3fefb7db2bfe0695 3c821dadf4f65ab1
  3fc1f0d3d7afceaf bc66ef95099769a5 3fefaf22263c4bd3 bc552ace133a2769
  3fc2ee285e4ab88f bc6e4d0f05dee058 3fefa5ea641c36f2 3c404da6ed17cc7c
  3fc3eb312c5d66cb 3c647d666b66cb91 3fef9c340a7cc428 3c8c5b6b063b7462
  3fc4e7ea4dc5f27b 3c5949db2ac072fc 3fef91ff40374d01 bc67d03f4d3a9e4c
  3fc5e44fcfa126f3 bc66f443063f89b6 3fef874c2e1eecf6 bc8c6514e1332b16
  3fc6e05dc05a4d4c bbd32c5c8b81c940 3fef7c1afeffde24 bc78f55bc47540b1
  3fc7dc102fbaf2b5 3c45ab50e23c97c3 3fef706bdf9ece1c bc8698c80c36dcb4
  3fc8d7632efaa944 bc620fa262cbb953 3fef643efeb82acd 3c76b00ac1fe28ac
  3fc9d252d0cec312 3c59c43d80b1137d 3fef57948cff6797 3c6e3a0d3e03b1d5
  3fcaccdb297a0765 bc59883b57d6cdeb 3fef4a6cbd1e3a79 3c813df0edaebb57
  3fcbc6f84edc6199 3c69c1a56a7b0cab 3fef3cc7c3b3d16e bc621a3ad28a3494
  3fccc0a6588289a3 bc6868d09bc87c6b 3fef2ea5d753ffed 3c8cc4215f56d583
  3fcdb9e15fb5a5d0 bc632e20d6cc6fc2 3fef20073086649f 3c7b940416c1984b
  3fceb2a57f8ae5a3 bc60be06af572ceb 3fef10ec09c5873b 3c8d9072762c1283
  3fcfaaeed4f31577 bc615d88508e32b8 3fef01549f7deea1 3c8d3c1e99e5cafd
  3fd0515cbf65155c bc79b8c29dfd8ec8 3feef141300d2f26 bc82aa1b08ded372
  3fd0cd00cef36436 bc79fb0a0c93e2b5 3feee0b1fbc0f11c bc4bfd2380bbc3b1
  3fd14861aa94ddeb bc6be881b5b615a4 3feecfa744d5efa1 bc556d0a4af541d0
  3fd1c37d64c6b876 3c746076fe0dcff5 3feebe214f76efa8 bc802f9f12ba543e
  3fd23e52111aaf36 bc74f080334eff18 3feeac2061bbaf4f 3c62c1d53e94658d
  3fd2b8ddc43eb49f 3c61553899f2d807 3fee99a4c3a7cd83 bc82264b1bc53ce8
  3fd3331e94049f87 3c7e0cb6b40c302c 3fee86aebf29a9ed 3c89397afdbb58a7
  3fd3ad129769d3d8 3c003d5504878398 3fee733ea0193d40 bc86428b3546ce13
  3fd426b7e69ee697 bc7f09c75705c59f 3fee5f54b436e9d0 3c87eb0fd02fc8bc
  3fd4a00c9b0f3d20 3c7823ba6bb08ead 3fee4af14b2a449c bc868ca02e8a6833
  3fd5190ecf68a77a 3c7b357155eef0f3 3fee3614b680d6a5 bc727793aa015237
  3fd591bc9fa2f597 3c67c74bac3fe0cb 3fee20bf49acd6c1 bc5660aec7ef636c
  3fd60a1429078775 3c5b1fd80ba89133 3fee0af15a03dbce 3c5fe8e702771ae6
  3fd682138a38d7f7 bc7d889202444aad 3fedf4ab3ebd875e bc8e2d8a7e6736c4
  3fd6f9b8e33a0255 3c742bc14ee9da0d 3feddded50f228d6 bc6e80c8d42ba2bf
  3fd7710255764214 bc66ead7314bb6ce 3fedc6b7eb995912 3c54b364776dcd35
  3fd7e7ee03c86d4e bc7b63bcdabf5af2 3fedaf0b6b888e83 3c8a249e2b5e5cea
  3fd85e7a12826949 3c78a40e9b5face0 3fed96e82f71a9dc 3c8ff61bd5d2039d
  3fd8d4a4a774992f 3c744a02ea766326 3fed7e4e97e17b4a bc63b770352bed94
  3fd94a6be9f546c5 bc769ce13e683f58 3fed653f073e4040 bc876236434bec37
  3fd9bfce02e80510 3c709e39a320b0a4 3fed4bb9e1c619e0 3c8f34bb77858f61
  3fda34c91cc50cca bc5a310e3b50cecd 3fed31bf8d8d7c06 3c7e60dd3089cbdd
  3fdaa95b63a09277 bc66293eb13c0381 3fed1750727d94f0 3c80d52b1ec1a48e
  3fdb1d8305321617 bc7ae242cb99f519 3fecfc6cfa52ad9f 3c88b5b5508f2a0d
  3fdb913e30dbac43 bc7e38ad2f6c3ff1 3fece115909a82e5 3c81f139bb31109a
  3fdc048b17b140a3 3c619fe6757e9fa7 3fecc54aa2b2972e 3c64ee162ba83a98
  3fdc7767ec7fd19e bc5eb14d1a3d5826 3feca90c9fc67d0b bc646a81485e3462
  3fdce9d2e3d4a51f bc62fc8a12dae298 3fec8c5bf8ce1a84 3c7ab3d1a1590123
  3fdd5bca34047661 3c728a44a75fc29c 3fec6f39208be53b bc8741dbfbaadb42
  3fddcd4c15329c9a 3c70d4c6e171fd9a 3fec51a48b8b175e bc61bbb43b9aa880
  3fde3e56c1582a69 bc50a4821099f88f 3fec339eb01ddd81 bc8caaf5ee82c5c0
  3fdeaee8744b05f0 bc5789b43c9b027d 3fec1528065b7d50 bc8892111312e828
  3fdf1eff6bc4f97b 3c717212f8a7525c 3febf641081e7536 3c8b7bd71628a9a1
  3fdf8e99e76abc97 3c59d950af2d00a3 3febd6ea310294f5 3c731bbcc88c109d
  3fdffdb628d2f57a 3c6f4a992e905b6a 3febb723fe630f32 3c772bd2452d0a39
  3fe0362939c69955 bc82d8cd78397b01 3feb96eeef58840e 3c545a3cc78fade0
  3fe06d3686946e5b 3c83f5ae4538ff1b 3feb764b84b704c2 bc8f5848c21b389b
  3fe0a4021e9e1001 bc86f643a13914f6 3feb553a410c104e 3c58ff7947027a16
  3fe0da8b26b5672e bc8a58def0bee909 3feb33bba89c8948 3c8ea6a51d1f6ca9
  3fe110d0c4b69c3b 3c8d918998809981 3feb11d04162a4c6 3c71dd561efbc0c2
  3fe146d21f8b7f82 3c7bf9535e2739a8 3feaef78930bd275 bc7f836279746f94
  3fe17c8e5f2eedb0 3c635e57102e2488 3feaccb526f69de5 3c88fb6a8dd6b6cc
  3fe1b204acb02fdd bc5f190c70cbb5ff 3feaa98688308913 bc0b83d607cd5070
  3fe1e7343236574c 3c722a3fa4f41d5a 3fea85ed4373e02d 3c69be06385ec792
  3fe21c1c1b0394cf 3c5e5b324b23aa31 3fea61e9e72586af 3c858330e2fd453f
  3fe250bb93788bbb 3c7ea3d02457bcce 3fea3d7d0352bdcf bc868dbaeca19669
  3fe28511c917a067 bc801df1d9a16b70 3fea18a729aee445 3c395e25736c0358
  3fe2b91dea88421e bc8fa371db216ab0 3fe9f368ed912f85 bc81d200c5791606
  3fe2ecdf279a3082 3c8d3557e0e7e37e 3fe9cdc2e3f25e5c 3c83f99112993f62
  3fe32054b148bc4f 3c8f6b42095a135b 3fe9a7b5a36a6514 3c8722cfcc9fa7a9
  3fe3537db9be0367 3c6b327e7af040f0 3fe98141c42e1310 3c8d1ff80488f08d
  3fe386597456282b bc710fada93b07a8 3fe95a67e00cb1fd bc80befda21f862d
  3fe3b8e715a2840a bc797653a7d2f07b 3fe93328926d9e92 bc8bb77003600cda
  3fe3eb25d36cd53a bc5be570e1570fc0 3fe90b84784ddaf7 bc70feb10ab93b87
  3fe41d14e4ba6790 3c84608fd287ecf5 3fe8e37c303d9ad1 bc6463a4b53d4bf8
  3fe44eb381cf386b bc83ed6c1e6a5505 3fe8bb105a5dc900 3c8863e03e9474c1
  3fe48000e431159f bc8b194a7463ed10 3fe89241985d871f 3c8c48d9c413ed84
  3fe4b0fc46aab761 3c20da05738cc59a 3fe869108d77a6c6 3c7338ffe2bfe9dd
  3fe4e1a4e54ed51b bc8a492f89b7c76a 3fe83f7dde701ca0 bc4152cf609bc6e8
  3fe511f9fd7b351c bc85c0e861c48831 3fe8158a31916d5d bc6de8b90b8228de
  3fe541facddbb724 3c7232c28520d391 3fe7eb362eaa1488 3c5a1d65a4a5959f
  3fe571a6966d59b3 3c5c843b4d0fb198 3fe7c0827f09e54f bc6c73d6d72aee68
  3fe5a0fc98813a12 bc8d82e2b7d4227b 3fe7956fcd7f6543 bc8ab276e9d45ae4
  3fe5cffc16bf8f0d 3c896cb370eb578a 3fe769fec655211f bc6827d5cf8c68c5
  3fe5fea4552a9e57 3c80b6cef7ee20b7 3fe73e30174efba1 bc65d3ae3d94ad5f
  3fe62cf49921ac79 bc8edd9855b6241a 3fe712046fa77678 3c8425b0a5029c81
  3fe65aec2963e755 3c8126f96b71053c 3fe6e57c800cf55e 3c860286dedbd0a6
  3fe6888a4e134b2f bc86b7d37644d5e6 3fe6b898fa9efb5d 3c715ac786ccf4b2
  3fe6b5ce50b7821a bc65d5158f702e0f 3fe68b5a92eb6253 bc89a91ad985f89c
  3fe6e2b77c40bde1 bc70e729857fad53 3fe65dc1fdeb8cba bc597c1b47337c77
  3fe70f451d0a8c40 3c697ede3885770d 3fe62fcff20191c7 3c6d9143895756ef
  3fe73b7680dea578 bc72248306dc12a2 3fe6018526f563df 3c846ca5e0e432d0
  3fe7674af6f7b524 3c7e9d3f94ac84a8 3fe5d2e255f1f17a 3c80314104c8892b
  3fe792c1d0041d52 bc8abf05eeb354eb 3fe5a3e839824077 3c8428aa2759be62
  3fe7bdda5e28b3c2 3c4ad1197ccd0393 3fe574978d8e83f2 3c8f4714af282d23
  3fe7e893f5037959 3c80eefbaa650c4c 3fe544f10f592ca5 bc8e7ae8e6c7a62f
  3fe812ede9ae4ba4 bc87830adf402dda 3fe514f57d7bf3da 3c747a108073c259`);

// usncs.h and s_sin.c constants.
const S1 = -0.16666666666666666; // -0x1.5555555555555p-3
const S2 = 0.008333333333332329; // 0x1.1111111110ECEp-7
const S3 = -0.00019841269834414642; // -0x1.A01A019DB08B8p-13
const S4 = 2.755729806860771e-6; // 0x1.71DE27B9A7ED9p-19
const S5 = -2.5022014848318398e-8; // -0x1.ADDFFC2FCDF59p-26
const BIG = 52776558133248; // 0x1.8p45
const HP0 = 1.5707963267948966; // 0x1.921FB54442D18p0
const HP1 = 6.123233995736766e-17; // 0x1.1A62633145C07p-54
const MP1 = 1.5707963407039642; // 0x1.921FB58000000p0
const MP2 = -1.3909067564377153e-8; // -0x1.DDE973C000000p-27
const PP3 = -4.97899623147991e-17; // -0x1.CB3B398000000p-55
const PP4 = -1.9034889620193266e-25; // -0x1.d747f23e32ed7p-83
const HPINV = 0.6366197723675814; // 0x1.45F306DC9C883p-1
const TOINT = 6755399441055744; // 0x1.8p52
const SN3 = -0.16666666666666488;
const SN5 = 0.008333332142857223;
const CS2 = 0.5;
const CS4 = -0.04166666666666644;
const CS6 = 0.001388888740079376;

/** Low 32 bits of a double's representation. */
function lowWord(x: number): number {
  F64[0] = x;
  return F64W[LO];
}

/** s_sin.c `do_cos`. */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const u = BIG + Math.abs(x);
  x = Math.abs(x) - (u - BIG) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const k = lowWord(u) << 2;
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  const ccs = SINCOS_TAB[k + 3];
  const cor = fma(-sn, s, fma(-cs, c, fma(-s, ssn, ccs)));
  return cs + cor;
}

/** s_sin.c `do_sin`. */
function doSin(x: number, dx: number): number {
  const negative = x < 0 || Object.is(x, -0);
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const poly = fma(fma(fma(fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
    return x + fma(fma(poly, x, -0.5 * dx), xx, dx);
  }
  if (x <= 0) dx = -dx;
  const u = BIG + Math.abs(x);
  x = Math.abs(x) - (u - BIG);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const k = lowWord(u) << 2;
  const sn = SINCOS_TAB[k];
  const ssn = SINCOS_TAB[k + 1];
  const cs = SINCOS_TAB[k + 2];
  const ccs = SINCOS_TAB[k + 3];
  const cor = fma(cs, s, fma(-sn, c, fma(s, ccs, ssn)));
  const res = Math.abs(sn + cor);
  return negative ? -res : res; // copysign
}

/** s_sin.c `reduce_sincos` followed by `do_sincos`: sin(x + n·π/2) for |x| < 105414350. */
function reducedSinCos(x: number, quadrantOffset: number): number {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  const n = (lowWord(t) + quadrantOffset) & 3;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const t2 = fma(-xn, PP3, y);
  let db = fma(-xn, PP3, y - t2);
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  const r = (n & 1) !== 0 ? doCos(b, db) : doSin(b, db);
  return (n & 2) !== 0 ? -r : r;
}

/** glibc `__sin_fma` for |x| < 105414350 (Math.sin beyond, never reached here). */
function sin64(x: number): number {
  F64[0] = x;
  const k = F64W[HI] & 0x7fffffff;
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) {
    const r = Math.abs(doCos(HP0 - Math.abs(x), HP1));
    return x < 0 ? -r : r;
  }
  if (k < 0x419921fb) return reducedSinCos(x, 0);
  return Math.sin(x);
}

/** glibc `__cos_fma` for |x| < 105414350 (Math.cos beyond, never reached here). */
function cos64(x: number): number {
  F64[0] = x;
  const k = F64W[HI] & 0x7fffffff;
  if (k < 0x3e400000) return 1;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    return doSin(a, (y - a) + HP1);
  }
  if (k < 0x419921fb) return reducedSinCos(x, 1);
  return Math.cos(x);
}

// ---------------------------------------------------------------------------------------------
// The generator.

const TWO_PI = 2 * Math.PI;
const TWO_PI_F32 = fr(2 * Math.PI);

/** Checks a seed like `torch.manual_seed` (an integer in [-2^63, 2^64)). */
function checkSeed(seed: number): void {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`manualSeed expects an integer seed, but got ${seed}`);
  }
  if (seed < -(TWO_POW_64 / 2) || seed >= TWO_POW_64) {
    throw new RangeError(`manualSeed expects a seed in [-2**63, 2**64), but got ${seed}`);
  }
}

/**
 * A seeded random number generator that reproduces `torch.Generator` on the CPU: an mt19937
 * engine plus PyTorch's uniform and normal sampling, bit for bit (see the module docs).
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
  #state: Uint32Array = new Uint32Array(MT_N);
  #index: number = MT_N;
  #seed: number = 0;
  #hasNextNormal = false;
  #nextNormal = 0;

  /**
   * Creates a generator, like `torch.Generator()` (CPU).
   *
   * @param seed The seed; defaults to `67280421310721`, the seed of a fresh `torch.Generator()`.
   */
  constructor(seed: number = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /**
   * Reseeds the generator, like `torch.Generator.manual_seed`. As in PyTorch the seed is taken
   * as a uint64 (negative seeds wrap around) and mt19937 is seeded with its low 32 bits, so
   * `2**32 + 5` and `5` give the same stream. Also drops the cached normal sample.
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
  manualSeed(seed: number): this {
    checkSeed(seed);
    this.#seed = seed < 0 ? seed + TWO_POW_64 : seed + 0; // + 0 turns -0 into 0
    const low = (seed - Math.floor(seed / TWO_POW_32) * TWO_POW_32) >>> 0;
    const s = this.#state;
    s[0] = low;
    for (let j = 1; j < MT_N; j++) {
      const prev = s[j - 1] ^ (s[j - 1] >>> 30);
      s[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.#index = MT_N;
    this.#hasNextNormal = false;
    this.#nextNormal = 0;
    return this;
  }

  /**
   * The seed last given to the generator, like `torch.Generator.initial_seed` (negative seeds
   * are reported as their uint64 value, rounded to a double above 2^53).
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
    return this.#seed;
  }

  /**
   * Fills `out` with samples of U[low, high), exactly like `torch.rand` (for the default bounds)
   * and `Tensor.uniform_(low, high)` on a contiguous CPU tensor of out's dtype
   * (`Float32Array` = float32: one 32-bit draw per element; `Float64Array` = float64: two).
   *
   * @param out The array to fill, in order.
   * @param low Inclusive lower bound (`from`), default 0.
   * @param high Exclusive upper bound (`to`), default 1.
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
  uniform(out: Float32Array | Float64Array, low: number = 0, high: number = 1): void {
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
    const n = out.length;
    if (single) {
      const from = fr(low);
      const range = fr(fr(high) - from);
      if (from === 0 && range === 1) {
        for (let i = 0; i < n; i++) out[i] = (this.#next32() & 0xffffff) * TWO_POW_M24;
      } else {
        for (let i = 0; i < n; i++) {
          out[i] = fmaf((this.#next32() & 0xffffff) * TWO_POW_M24, range, from);
        }
      }
    } else {
      const range = high - low;
      if (low === 0 && range === 1) {
        for (let i = 0; i < n; i++) out[i] = this.#uniform64();
      } else {
        for (let i = 0; i < n; i++) out[i] = fma(this.#uniform64(), range, low);
      }
    }
  }

  /**
   * Fills `out` with samples of N(mean, std²), exactly like `torch.randn` (for the defaults)
   * and `Tensor.normal_(mean, std)` on a contiguous CPU tensor of out's dtype, including
   * PyTorch's two code paths (scalar Box–Muller with a cached second value below 16 elements,
   * the vectorised 16-wide transform from 16 elements on).
   *
   * @param out The array to fill, in order.
   * @param mean The mean, default 0.
   * @param std The standard deviation, default 1.
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
  normal(out: Float32Array | Float64Array, mean: number = 0, std: number = 1): void {
    const single = out instanceof Float32Array;
    if (!single && !(out instanceof Float64Array)) {
      throw new TypeError("normal expects a Float32Array or a Float64Array");
    }
    if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
    const n = out.length;
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = this.#normalScalar(mean, std);
    } else if (single) {
      this.#normalFill32(out, fr(mean), fr(std));
    } else {
      this.#normalFill64(out as Float64Array, mean, std);
    }
  }

  /** One mt19937 output word. */
  #next32(): number {
    if (this.#index >= MT_N) this.#twist();
    let y = this.#state[this.#index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates the 624 state words. */
  #twist(): void {
    const s = this.#state;
    for (let i = 0; i < MT_N; i++) {
      const y = (s[i] & 0x80000000) | (s[i + 1 < MT_N ? i + 1 : 0] & 0x7fffffff);
      const k = i + MT_M < MT_N ? i + MT_M : i + MT_M - MT_N;
      s[i] = s[k] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    this.#index = 0;
  }

  /** `uniform_real_distribution<double>(0, 1)`: 53 bits of `random64()` (first word high). */
  #uniform64(): number {
    const hi = this.#next32() & 0x1fffff;
    const lo = this.#next32();
    return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
  }

  /** `at::normal_distribution<double>` with the generator's cached second sample. */
  #normalScalar(mean: number, std: number): number {
    let z: number;
    if (this.#hasNextNormal) {
      this.#hasNextNormal = false;
      z = this.#nextNormal;
    } else {
      const u1 = this.#uniform64();
      const u2 = this.#uniform64();
      const r = Math.sqrt(-2 * log64(1 - u2));
      const theta = TWO_PI * u1;
      this.#nextNormal = r * sin64(theta);
      this.#hasNextNormal = true;
      z = r * cos64(theta);
    }
    return fma(z, std, mean);
  }

  /** `normal_fill_AVX2` (float32, at least 16 elements). */
  #normalFill32(out: Float32Array, mean: number, std: number): void {
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = (this.#next32() & 0xffffff) * TWO_POW_M24;
    for (let i = 0; i + 16 <= n; i += 16) normal16f32(out, i, mean, std);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = (this.#next32() & 0xffffff) * TWO_POW_M24;
      normal16f32(out, n - 16, mean, std);
    }
  }

  /** `normal_fill<double>` (float64, at least 16 elements). */
  #normalFill64(out: Float64Array, mean: number, std: number): void {
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = this.#uniform64();
    for (let i = 0; i + 16 <= n; i += 16) normal16f64(out, i, mean, std);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = this.#uniform64();
      normal16f64(out, n - 16, mean, std);
    }
  }
}

/** `normal_fill_16_AVX2`: Box–Muller on 16 float32 uniforms at `data[o..o+16)`. */
function normal16f32(data: Float32Array, o: number, mean: number, std: number): void {
  for (let j = o; j < o + 8; j++) {
    const u1 = fr(1 - data[j]);
    const radius = fr(Math.sqrt(fr(-2 * logPs(u1))));
    sincosPs(fr(TWO_PI_F32 * data[j + 8]));
    data[j] = fmaf(fr(radius * cosPsOut), std, mean);
    data[j + 8] = fmaf(fr(radius * sinPsOut), std, mean);
  }
}

/** `normal_fill_16<double>`: Box–Muller on 16 float64 uniforms at `data[o..o+16)`. */
function normal16f64(data: Float64Array, o: number, mean: number, std: number): void {
  for (let j = o; j < o + 8; j++) {
    const radius = Math.sqrt(-2 * log64(1 - data[j]));
    const theta = TWO_PI * data[j + 8];
    data[j] = fma(radius * cos64(theta), std, mean);
    data[j + 8] = fma(radius * sin64(theta), std, mean);
  }
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
export function manualSeed(seed: number): Generator {
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
