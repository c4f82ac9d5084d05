/**
 * PyTorch's CPU normal sampling (`normal_kernel` in `aten/src/ATen/native/cpu/
 * DistributionTemplates.h` and `at::normal_distribution` in `ATen/core/DistributionsHelper.h`),
 * bit for bit: the Box–Muller transform of the generator's uniforms.
 *
 * - Fewer than 16 elements: the scalar path. Each pair of float64 uniforms (u1, u2) gives
 *   `r = sqrt(-2 log1p(-u2))` (PyTorch 2.x; 1.13 computed `log(1 - u2)`), `θ = 2π u1`; `r cos θ`
 *   is returned and `r sin θ` cached in the generator for its next scalar-path draw
 *   ({@linkcode boxMullerPair}); the caller computes `fma(z, std, mean)` and rounds to the
 *   output dtype.
 * - 16 or more elements: the vectorised path ({@linkcode normalFill32}, {@linkcode normalFill64}).
 *   The output is first filled with uniforms of its dtype; each block of 16 becomes 8 pairs
 *   (`u1 = 1 - x[j]`, `u2 = x[j + 8]`; `x[j] = r cos θ`, `x[j + 8] = r sin θ`); when the size is not
 *   a multiple of 16 the last 16 elements are redrawn and transformed again. float32 uses the
 *   AVX2 kernel's `avx_mathfun.h` functions, float64 the C library's `log`, `sin`, `cos`.
 *
 * The float64 `sin` and `cos` here are correctly rounded ({@linkcode sin64}, {@linkcode cos64}),
 * and `log1p` is fdlibm's ({@linkcode log1p64}); `log` is glibc's exactly ({@linkcode log64}).
 * glibc's `sin` and `cos` are not correctly rounded for about 0.15% of the arguments, and its
 * `log1p` (fdlibm's algorithm compiled with fused multiply-adds) differs from fdlibm's for about
 * 0.07%; there descent's float64 normal values differ from PyTorch-on-glibc in the last place
 * (see `conformance/random/README.md`). float32 values are unaffected.
 *
 * Provenance: written from PyTorch's algorithm (BSD-3-Clause, see `NOTICE`).
 *
 * @module
 */

import { logPs, sincosPs } from "./avx_mathfun.ts";
import { fma, fmaf } from "./fma.ts";
import { log64 } from "./log.ts";
import { log1p64 } from "./log1p.ts";
import { type MT19937, uniform24, uniform53 } from "./mt19937.ts";
import { cos64, sin64 } from "./sin_cos.ts";

const fr = Math.fround;
/** `2.0 * c10::pi<double>` (exact doubling of the double nearest π). */
const TWO_PI = 2 * Math.PI;
/** `_mm256_set1_ps(2.0f * c10::pi<double>)`. */
const TWO_PI_F32 = fr(2 * Math.PI);

/**
 * One scalar-path Box–Muller step (`at::normal_distribution<double>`): draws u1 then u2 and writes
 * `r cos θ` to `out[0]` (the value returned now) and `r sin θ` to `out[1]` (the value PyTorch
 * caches for the next scalar-path draw).
 */
export function boxMullerPair(e: MT19937, out: Float64Array): void {
  const u1 = uniform53(e);
  const u2 = uniform53(e);
  const r = Math.sqrt(-2 * log1p64(-u2)); // PyTorch 2.x; 1.13 computed log(1 - u2)
  const theta = TWO_PI * u1;
  out[0] = r * cos64(theta);
  out[1] = r * sin64(theta);
}

/** Scratch for {@linkcode sincosPs}: [sin, cos]. */
const SINCOS = new Float64Array(2);

/** `normal_fill_16_AVX2`: Box–Muller on 16 float32 uniforms at `data[o..o+16)`. */
function normal16f32(data: Float32Array, o: number, mean: number, std: number): void {
  for (let j = o; j < o + 8; j++) {
    const u1 = fr(1 - data[j]);
    const radius = fr(Math.sqrt(fr(-2 * logPs(u1))));
    sincosPs(fr(TWO_PI_F32 * data[j + 8]), SINCOS);
    data[j] = fmaf(fr(radius * SINCOS[1]), std, mean);
    data[j + 8] = fmaf(fr(radius * SINCOS[0]), std, mean);
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
 * `normal_fill_AVX2` for a float32 output of at least 16 elements.
 *
 * @param e The engine.
 * @param out The output (length ≥ 16).
 * @param mean The mean, already rounded to float32.
 * @param std The standard deviation, already rounded to float32.
 */
export function normalFill32(e: MT19937, out: Float32Array, mean: number, std: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = uniform24(e);
  for (let i = 0; i + 16 <= n; i += 16) normal16f32(out, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = uniform24(e);
    normal16f32(out, n - 16, mean, std);
  }
}

/**
 * `normal_fill<double>` for a float64 output of at least 16 elements.
 *
 * @param e The engine.
 * @param out The output (length ≥ 16).
 * @param mean The mean.
 * @param std The standard deviation.
 */
export function normalFill64(e: MT19937, out: Float64Array, mean: number, std: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = uniform53(e);
  for (let i = 0; i + 16 <= n; i += 16) normal16f64(out, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = uniform53(e);
    normal16f64(out, n - 16, mean, std);
  }
}
