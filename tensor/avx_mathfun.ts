/**
 * float32 `log` and `sincos` of the AVX2 kernel behind PyTorch's float32 `randn` / `normal_` on
 * 16 or more elements (`normal_fill_16_AVX2`), one SIMD lane at a time, bit for bit.
 *
 * Provenance: a TypeScript port of `log256_ps` and `sincos256_ps` from PyTorch's
 * `aten/src/ATen/native/cpu/avx_mathfun.h`, which carries this notice (zlib licence):
 *
 * ```text
 *    AVX implementation of sin, cos, sincos, exp and log
 *
 *    Based on "sse_mathfun.h", by Julien Pommier
 *    http://gruntthepeon.free.fr/ssemath/
 *
 *    Copyright (C) 2012 Giovanni Garberoglio
 *    Interdisciplinary Laboratory for Computational Science (LISC)
 *    Fondazione Bruno Kessler and University of Trento
 *    via Sommarive, 18
 *    I-38123 Trento (Italy)
 *
 *   This software is provided 'as-is', without any express or implied
 *   warranty.  In no event will the authors be held liable for any damages
 *   arising from the use of this software.
 *
 *   Permission is granted to anyone to use this software for any purpose,
 *   including commercial applications, and to alter it and redistribute it
 *   freely, subject to the following restrictions:
 *
 *   1. The origin of this software must not be misrepresented; you must not
 *      claim that you wrote the original software. If you use this software
 *      in a product, an acknowledgment in the product documentation would be
 *      appreciated but is not required.
 *   2. Altered source versions must be plainly marked as such, and must not be
 *      misrepresented as being the original software.
 *   3. This notice may not be removed or altered from any source distribution.
 *
 *   (this is the zlib license)
 * ```
 *
 * This is an altered version: ported from AVX intrinsics to scalar TypeScript (one lane), with
 * float32 rounding made explicit (`Math.fround`), the `exp`, `sin` and `cos` kernels left out, and
 * the fused multiply-adds that GCC 12 forms at `-O2 -mavx2 -mfma` written as `fmaf` calls (GCC
 * contracts a multiply whose only use is an add or subtract; the remaining products are exact, so
 * fusing them or not gives the same bits). The polynomial coefficients are Cephes's
 * (S. L. Moshier), as in the original.
 *
 * @module
 */

import { fmaf } from "./fma.ts";

const fr = Math.fround;

// A float32 and its bits (a 32-bit view of a 32-bit value needs no endianness care).
const F32 = new Float32Array(1);
const F32W = new Uint32Array(F32.buffer);

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

/**
 * `log256_ps` for one lane.
 *
 * @param x A positive normal float32 (the generator passes `1 - u`, u ∈ [0, 1)).
 * @returns Its natural logarithm, as the AVX2 kernel rounds it.
 */
export function logPs(x: number): number {
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

/**
 * `sincos256_ps` for one lane: writes `sin(x)` to `out[0]` and `cos(x)` to `out[1]`.
 *
 * @param x0 A float32 angle in radians (the generator passes `2π·u`, u ∈ [0, 1)).
 * @param out Receives the sine and the cosine, as the AVX2 kernel rounds them.
 */
export function sincosPs(x0: number, out: Float64Array): void {
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
  out[0] = sinNegative ? -sv : sv;
  out[1] = cosNegative ? -cv : cv;
}
