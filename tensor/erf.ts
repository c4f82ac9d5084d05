/**
 * float64 `erf`, `erfc` and `erfinv`, for PyTorch's `torch.erf`, `torch.erfc`, `torch.erfinv`
 * and the exact `gelu`.
 *
 * `erf64` and `erfc64` give the bits of the C library PyTorch's scalar kernels call (`std::erf`,
 * `std::erfc`): fdlibm's algorithm, which glibc's `erf`/`erfc` (x86-64) and FreeBSD's msun share.
 * Provenance: a TypeScript port of FreeBSD's `lib/msun/src/s_erf.c`
 * (https://github.com/freebsd/freebsd-src, commit 019ffb5df85597b509adef7654096d4261506a81),
 * which carries this notice:
 *
 * ```text
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 * ```
 *
 * Changes from the original: ported to TypeScript (the high word of a double read and the low
 * word cleared through a typed-array view); `tiny` folded into its results (`1 - tiny` is 1,
 * `tiny * tiny` is 0, `2 - tiny` is 2 in double arithmetic).
 *
 * `erfinv64` is descent's own: the rational first guess of Blair, Edwards and Johnson's
 * approximation (coefficients as published; PyTorch 1.13's `calc_erfinv` starts from it too) and
 * two Newton steps on `erf` near 0 and on `erfc` near ±1.
 *
 * @module
 */

const ERX = 8.45062911510467529297e-01; // 0x3FEB0AC1 60000000
const EFX = 1.28379167095512586316e-01; // 0x3FC06EBA 8214DB69
const EFX8 = 1.02703333676410069053e+00; // 0x3FF06EBA 8214DB69
// erf on [0, 0.84375]
const PP0 = 1.28379167095512558561e-01;
const PP1 = -3.25042107247001499370e-01;
const PP2 = -2.84817495755985104766e-02;
const PP3 = -5.77027029648944159157e-03;
const PP4 = -2.37630166566501626084e-05;
const QQ1 = 3.97917223959155352819e-01;
const QQ2 = 6.50222499887672944485e-02;
const QQ3 = 5.08130628187576562776e-03;
const QQ4 = 1.32494738004321644526e-04;
const QQ5 = -3.96022827877536812320e-06;
// erf on [0.84375, 1.25]
const PA0 = -2.36211856075265944077e-03;
const PA1 = 4.14856118683748331666e-01;
const PA2 = -3.72207876035701323847e-01;
const PA3 = 3.18346619901161753674e-01;
const PA4 = -1.10894694282396677476e-01;
const PA5 = 3.54783043256182359371e-02;
const PA6 = -2.16637559486879084300e-03;
const QA1 = 1.06420880400844228286e-01;
const QA2 = 5.40397917702171048937e-01;
const QA3 = 7.18286544141962662868e-02;
const QA4 = 1.26171219808761642112e-01;
const QA5 = 1.36370839120290507362e-02;
const QA6 = 1.19844998467991074170e-02;
// erfc on [1.25, 1/0.35]
const RA0 = -9.86494403484714822705e-03;
const RA1 = -6.93858572707181764372e-01;
const RA2 = -1.05586262253232909814e+01;
const RA3 = -6.23753324503260060396e+01;
const RA4 = -1.62396669462573470355e+02;
const RA5 = -1.84605092906711035994e+02;
const RA6 = -8.12874355063065934246e+01;
const RA7 = -9.81432934416914548592e+00;
const SA1 = 1.96512716674392571292e+01;
const SA2 = 1.37657754143519042600e+02;
const SA3 = 4.34565877475229228821e+02;
const SA4 = 6.45387271733267880336e+02;
const SA5 = 4.29008140027567833386e+02;
const SA6 = 1.08635005541779435134e+02;
const SA7 = 6.57024977031928170135e+00;
const SA8 = -6.04244152148580987438e-02;
// erfc on [1/0.35, 28]
const RB0 = -9.86494292470009928597e-03;
const RB1 = -7.99283237680523006574e-01;
const RB2 = -1.77579549177547519889e+01;
const RB3 = -1.60636384855821916062e+02;
const RB4 = -6.37566443368389627722e+02;
const RB5 = -1.02509513161107724954e+03;
const RB6 = -4.83519191608651397019e+02;
const SB1 = 3.03380607434824582924e+01;
const SB2 = 3.25792512996573918826e+02;
const SB3 = 1.53672958608443695994e+03;
const SB4 = 3.19985821950859553908e+03;
const SB5 = 2.55305040643316442583e+03;
const SB6 = 4.74528541206955367215e+02;
const SB7 = -2.24409524465858183362e+01;

// The words of a double, read and written through a scratch view.
const F64 = new Float64Array(1);
const W32 = new Int32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function highWord(x: number): number {
  F64[0] = x;
  return W32[HI];
}

function withLowWordZero(x: number): number {
  F64[0] = x;
  W32[1 - HI] = 0;
  return F64[0];
}

/** `small(x) = erf(x) / x - 1` on |x| < 0.84375: the rational part of erf there. */
function small(z: number): number {
  const r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
  const s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
  return r / s;
}

/** `erf(1 + s) - erx` on 0.84375 <= |x| < 1.25 (s = |x| - 1). */
function nearOne(s: number): number {
  const p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
  const q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
  return p / q;
}

/** `erfc(x)·x` for 1.25 <= x < 28 (x > 0): `exp(-x² - 0.5625 + R/S)`. */
function tail(x: number, ix: number, bound: number): number {
  const s = 1 / (x * x);
  let r: number;
  let q: number;
  if (ix < bound) { // |x| < 1/0.35
    r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
    q = 1 +
      s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
  } else {
    r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
    q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
  }
  const z = withLowWordZero(x);
  return Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + r / q);
}

/**
 * The error function `erf(x) = 2/√π ∫₀ˣ e^(-t²) dt`, bit for bit fdlibm's `erf`.
 *
 * @param x Any double.
 * @returns `erf(x)`, in [-1, 1].
 */
export function erf64(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x !== x ? x : x > 0 ? 1 : -1;
  if (ix < 0x3feb0000) { // |x| < 0.84375
    if (ix < 0x3e300000) { // |x| < 2**-28
      if (ix < 0x00800000) return (8 * x + EFX8 * x) / 8; // avoid spurious underflow
      return x + EFX * x;
    }
    return x + x * small(x * x);
  }
  if (ix < 0x3ff40000) { // 0.84375 <= |x| < 1.25
    const p = nearOne(Math.abs(x) - 1);
    return hx >= 0 ? ERX + p : -ERX - p;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 : -1; // |x| >= 6
  const ax = Math.abs(x);
  const r = tail(ax, ix, 0x4006db6e);
  return hx >= 0 ? 1 - r / ax : r / ax - 1;
}

/**
 * The complementary error function `1 - erf(x)`, bit for bit fdlibm's `erfc` (accurate where
 * `1 - erf(x)` would cancel).
 *
 * @param x Any double.
 * @returns `erfc(x)`, in [0, 2].
 */
export function erfc64(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x !== x ? x : x > 0 ? 0 : 2;
  if (ix < 0x3feb0000) { // |x| < 0.84375
    if (ix < 0x3c700000) return 1 - x; // |x| < 2**-56
    const y = small(x * x);
    if (hx < 0x3fd00000) return 1 - (x + x * y); // x < 1/4
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ix < 0x3ff40000) { // 0.84375 <= |x| < 1.25
    const p = nearOne(Math.abs(x) - 1);
    return hx >= 0 ? (1 - ERX) - p : 1 + (ERX + p);
  }
  if (ix < 0x403c0000) { // |x| < 28
    if (hx < 0 && ix >= 0x40180000) return 2; // x < -6
    const ax = Math.abs(x);
    const r = tail(ax, ix, 0x4006db6d);
    return hx > 0 ? r / ax : 2 - r / ax;
  }
  return hx > 0 ? 0 : 2;
}

// Blair, Edwards and Johnson's rational first guess: |y| <= 0.7, and the tails.
const A0 = 0.886226899;
const A1 = -1.645349621;
const A2 = 0.914624893;
const A3 = -0.140543331;
const B0 = -2.118377725;
const B1 = 1.442710462;
const B2 = -0.329097515;
const B3 = 0.012229801;
const C0 = -1.970840454;
const C1 = -1.624906493;
const C2 = 3.429567803;
const C3 = 1.641345311;
const D0 = 3.5438892;
const D1 = 1.6370678;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The inverse error function: `erfinv(erf(x)) = x`, within an ulp or two of the exact value.
 * A rational first guess (about 7 digits), then two Newton steps: on `erf(x) - y` for
 * |y| <= 0.5, and on `erfc(x) - (1 - |y|)` beyond, where `1 - |y|` is exact and erfc keeps its
 * relative accuracy, so that the result stays accurate up to the last double below 1 (PyTorch
 * 1.13's Newton steps on `erf` there lose up to a third of the digits; 2.x's are accurate).
 *
 * @param y Any double.
 * @returns `x` with `erf(x) = y`: ±∞ at ±1, NaN outside [-1, 1].
 */
export function erfinv64(y: number): number {
  const a = Math.abs(y);
  if (!(a <= 1)) return NaN;
  if (a === 1) return y > 0 ? Infinity : -Infinity;
  let x: number;
  if (a <= 0.7) {
    const z = y * y;
    x = y * (((A3 * z + A2) * z + A1) * z + A0) /
      ((((B3 * z + B2) * z + B1) * z + B0) * z + 1);
  } else {
    const z = Math.sqrt(-Math.log((1 - a) / 2));
    x = (((C3 * z + C2) * z + C1) * z + C0) / ((D1 * z + D0) * z + 1);
    if (y < 0) x = -x;
  }
  if (a <= 0.5) {
    for (let step = 0; step < 2; step++) {
      x -= (erf64(x) - y) / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
    }
    return x;
  }
  // Newton on log(erfc(t)) - log(q), nearly linear in t where erfc is tiny, so it converges
  // from the first guess's few digits in the far tail too
  const q = 1 - a; // exact for a >= 0.5
  let t = Math.abs(x);
  for (let step = 0; step < 8; step++) {
    const e = erfc64(t);
    const dt = (Math.log1p((e - q) / q) * e) / (TWO_OVER_SQRT_PI * Math.exp(-t * t));
    t += dt;
    if (Math.abs(dt) <= 1e-15 * t) break;
  }
  return y < 0 ? -t : t;
}
