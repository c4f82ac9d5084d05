/**
 * `init`: PyTorch's `torch.nn.init` — fill a tensor in place, outside autograd, with the values
 * PyTorch draws for the same generator state. Every layer's default initialisation calls these,
 * so `manualSeed(0); new Linear(4, 3)` has exactly the weights of `torch.manual_seed(0);
 * nn.Linear(4, 3)`.
 *
 * The draws are those of `Tensor.uniform_` and `Tensor.normal_` (see `Generator.uniform` and
 * `Generator.normal`): for a float32 tensor the bounds and the range are rounded to float32
 * first, as PyTorch does. The scalar arithmetic before the draw (`gain / √fan`, `√3 · std`, …) is
 * PyTorch's, in float64, in the same order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, manualSeed } from "@descent/tensor";
 *
 * manualSeed(0);
 * const w = init.kaimingUniform_(empty([2, 3]), { a: Math.sqrt(5) });
 * // torch.manual_seed(0); nn.init.kaiming_uniform_(torch.empty(2, 3), a=math.sqrt(5))
 * assert.equal(String(w), "tensor([[-0.0043,  0.3097, -0.4752],\n        [-0.4249, -0.2224,  0.1548]])");
 * assert.equal(init.calculateGain("relu"), Math.SQRT2);
 * ```
 *
 * @module
 */

import { noGrad, warnOnce } from "@descent/autograd";
import { defaultGenerator, type Generator, isFloatingDType, linalg, Tensor } from "@descent/tensor";
import { fromValues, notImplemented, updateInPlace, valuesOf } from "@descent/tensor/extend";

/** The `nonlinearity` names of {@linkcode calculateGain}. PyTorch's strings. */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

/** Which fan the Kaiming initialisers scale by. PyTorch's strings. */
export type FanMode = "fan_in" | "fan_out";

/** The generator to draw from (default: the global one, `manualSeed`'s). */
export interface GeneratorOption {
  /** The generator. PyTorch: `generator=`. */
  generator?: Generator;
}

/** Options of {@linkcode kaimingUniform_} and {@linkcode kaimingNormal_}. */
export interface KaimingOptions extends GeneratorOption {
  /** The negative slope of the rectifier after this layer (used with `leaky_relu`), default 0. */
  a?: number;
  /** `fan_in` (default: the forward pass's variance) or `fan_out` (the backward pass's). */
  mode?: FanMode;
  /** The nonlinearity after this layer (default `leaky_relu`). */
  nonlinearity?: Nonlinearity;
}

const LINEAR: readonly string[] = [
  "linear",
  "conv1d",
  "conv2d",
  "conv3d",
  "conv_transpose1d",
  "conv_transpose2d",
  "conv_transpose3d",
  "sigmoid",
];

/**
 * The recommended gain for a nonlinearity: 1 for linear layers and sigmoid, 5/3 for tanh, √2
 * for relu, √(2 / (1 + slope²)) for leaky_relu (slope `param`, default 0.01), 3/4 for selu.
 * PyTorch: `torch.nn.init.calculate_gain(nonlinearity, param=None)`.
 *
 * @param nonlinearity The function's name.
 * @param param The negative slope of `leaky_relu`.
 * @returns The gain.
 * @throws {RangeError} `Unsupported nonlinearity <name>`.
 * @throws {TypeError} If `param` is not a number (`negative_slope <param> not a valid number`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * assert.equal(init.calculateGain("tanh"), 5 / 3);
 * assert.equal(init.calculateGain("leaky_relu", 0.2), Math.sqrt(2 / 1.04));
 * ```
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (LINEAR.includes(nonlinearity)) return 1;
  switch (nonlinearity) {
    case "tanh":
      return 5.0 / 3;
    case "relu":
      return Math.sqrt(2.0);
    case "leaky_relu": {
      if (param !== undefined && param !== null && typeof param !== "number") {
        throw new TypeError(`negative_slope ${param} not a valid number`);
      }
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case "selu":
      return 3.0 / 4;
  }
  throw new RangeError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** Refuses a tensor that is not a float tensor, as PyTorch's kernel dispatch does. */
function checkFloat(t: Tensor, kernel: string): void {
  if (!(t instanceof Tensor)) throw new TypeError(`${kernel}: expected a Tensor`);
  if (!isFloatingDType(t.dtype)) throw notImplemented(kernel, t.dtype);
}

/** Fills `t` in place (row-major order), outside autograd, from `fill`. */
function fillWith(t: Tensor, fill: (out: Float32Array | Float64Array) => void): Tensor {
  updateInPlace([t], ([v]) => fill(v as Float32Array | Float64Array));
  return t;
}

/**
 * Fills `t` with samples of U(a, b). PyTorch: `torch.nn.init.uniform_(tensor, a=0.0, b=1.0,
 * generator=None)`.
 *
 * @param t A float tensor (changed in place).
 * @param a Lower bound (inclusive).
 * @param b Upper bound (exclusive).
 * @param options `generator`.
 * @returns `t`.
 * @throws {RangeError} If `a > b` (PyTorch's text); `t` is unchanged then.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, Generator } from "@descent/tensor";
 * const t = init.uniform_(empty([3]), -1, 1, { generator: new Generator(0) });
 * assert.deepEqual(Array.from(t.toTypedArray()), [-0.007486820220947266, 0.5364435911178589, -0.8230451345443726]);
 * ```
 */
export function uniform_(t: Tensor, a = 0.0, b = 1.0, options: GeneratorOption = {}): Tensor {
  checkFloat(t, "check_uniform_bounds");
  const g = options.generator ?? defaultGenerator;
  // Checked on an empty array first: a bad range throws before anything is drawn or written.
  g.uniform(t.dtype === "float32" ? new Float32Array(0) : new Float64Array(0), a, b);
  return fillWith(t, (v) => g.uniform(v, a, b));
}

/**
 * Fills `t` with samples of N(mean, std²). PyTorch: `torch.nn.init.normal_(tensor, mean=0.0,
 * std=1.0, generator=None)`.
 *
 * @param t A float tensor (changed in place).
 * @param mean The mean.
 * @param std The standard deviation (≥ 0).
 * @param options `generator`.
 * @returns `t`.
 * @throws {RangeError} If `std` is negative (PyTorch's text); `t` is unchanged then.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, Generator } from "@descent/tensor";
 * const t = init.normal_(empty([3]), 0, 1, { generator: new Generator(0) });
 * assert.deepEqual(Array.from(t.toTypedArray()), [1.5409960746765137, -0.293428897857666, -2.1787893772125244]);
 * ```
 */
export function normal_(t: Tensor, mean = 0.0, std = 1.0, options: GeneratorOption = {}): Tensor {
  checkFloat(t, "normal_kernel_cpu");
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  const g = options.generator ?? defaultGenerator;
  return fillWith(t, (v) => g.normal(v, mean, std));
}

/**
 * Fills `t` with `val`. PyTorch: `torch.nn.init.constant_(tensor, val)`.
 *
 * @param t The tensor (changed in place).
 * @param val The value.
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty } from "@descent/tensor";
 * assert.equal(String(init.constant_(empty([2]), 0.5)), "tensor([0.5000, 0.5000])");
 * ```
 */
export function constant_(t: Tensor, val: number): Tensor {
  return noGrad(() => t.fill_(val));
}

/**
 * Fills `t` with ones. PyTorch: `torch.nn.init.ones_(tensor)`.
 *
 * @param t The tensor (changed in place).
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty } from "@descent/tensor";
 * assert.equal(String(init.ones_(empty([2]))), "tensor([1., 1.])");
 * ```
 */
export function ones_(t: Tensor): Tensor {
  return constant_(t, 1.0);
}

/**
 * Fills `t` with zeros. PyTorch: `torch.nn.init.zeros_(tensor)`.
 *
 * @param t The tensor (changed in place).
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty } from "@descent/tensor";
 * assert.equal(String(init.zeros_(empty([2]))), "tensor([0., 0.])");
 * ```
 */
export function zeros_(t: Tensor): Tensor {
  return noGrad(() => t.zero_());
}

/**
 * Fills a 2-D `t` with the identity matrix (ones on the diagonal). PyTorch:
 * `torch.nn.init.eye_(tensor)`.
 *
 * @param t A 2-D tensor (changed in place).
 * @returns `t`.
 * @throws {RangeError} `Only tensors with 2 dimensions are supported`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty } from "@descent/tensor";
 * assert.equal(String(init.eye_(empty([2, 3]))), "tensor([[1., 0., 0.],\n        [0., 1., 0.]])");
 * ```
 */
export function eye_(t: Tensor): Tensor {
  if (t.ndim !== 2) throw new RangeError("Only tensors with 2 dimensions are supported");
  const [rows, cols] = t.shape;
  updateInPlace([t], ([v]) => {
    v.fill(0);
    for (let i = 0; i < Math.min(rows, cols); i++) v[i * cols + i] = 1;
  });
  return t;
}

/**
 * The fan-in and fan-out of a weight: `size(1)` and `size(0)` times the receptive field (the
 * product of the dims after the first two). PyTorch:
 * `torch.nn.init._calculate_fan_in_and_fan_out(tensor)`.
 *
 * @param t A tensor of at least 2 dims.
 * @returns `[fanIn, fanOut]`.
 * @throws {RangeError} For fewer than 2 dims (PyTorch's text).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty } from "@descent/tensor";
 * assert.deepEqual(init.calculateFanInAndFanOut(empty([6, 3, 5, 5])), [75, 150]);
 * ```
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new RangeError(
      "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
    );
  }
  let receptive = 1;
  for (const s of t.shape.slice(2)) receptive *= s;
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function correctFan(t: Tensor, mode: FanMode): number {
  const m = typeof mode === "string" ? mode.toLowerCase() : mode;
  if (m !== "fan_in" && m !== "fan_out") {
    throw new RangeError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return m === "fan_in" ? fanIn : fanOut;
}

/**
 * Xavier (Glorot) uniform initialisation: U(−a, a) with `a = gain · √(6 / (fanIn + fanOut))`.
 * PyTorch: `torch.nn.init.xavier_uniform_(tensor, gain=1.0, generator=None)`.
 *
 * @param t A tensor of at least 2 dims (changed in place).
 * @param gain The scale (see {@linkcode calculateGain}).
 * @param options `generator`.
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, Generator } from "@descent/tensor";
 * const w = init.xavierUniform_(empty([2, 2]), 1, { generator: new Generator(0) });
 * assert.equal(String(w), "tensor([[-0.0092,  0.6570],\n        [-1.0080, -0.9013]])");
 * ```
 */
export function xavierUniform_(t: Tensor, gain = 1.0, options: GeneratorOption = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(t, -a, a, options);
}

/**
 * Xavier (Glorot) normal initialisation: N(0, std²) with `std = gain · √(2 / (fanIn +
 * fanOut))`. PyTorch: `torch.nn.init.xavier_normal_(tensor, gain=1.0, generator=None)`.
 *
 * @param t A tensor of at least 2 dims (changed in place).
 * @param gain The scale.
 * @param options `generator`.
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, Generator } from "@descent/tensor";
 * const w = init.xavierNormal_(empty([2, 2]), 1, { generator: new Generator(0) });
 * assert.equal(String(w), "tensor([[ 1.0896, -0.2075],\n        [-1.5406,  0.4019]])");
 * ```
 */
export function xavierNormal_(t: Tensor, gain = 1.0, options: GeneratorOption = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  return normal_(t, 0.0, std, options);
}

/** The standard deviation of the Kaiming initialisers, or null for an empty tensor (a no-op). */
function kaimingStd(t: Tensor, o: KaimingOptions): number | null {
  if (t.shape.includes(0)) {
    warnOnce("Initializing zero-element tensors is a no-op");
    return null;
  }
  const fan = correctFan(t, o.mode ?? "fan_in");
  const gain = calculateGain(o.nonlinearity ?? "leaky_relu", o.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * Kaiming (He) uniform initialisation: U(−bound, bound) with `bound = √3 · gain / √fan`.
 * Layers call it with `a: Math.sqrt(5)` (gain √(1/3), so bound = 1/√fanIn). PyTorch:
 * `torch.nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu',
 * generator=None)`.
 *
 * @param t A tensor of at least 2 dims (changed in place; an empty one is left alone, with
 *   PyTorch's warning).
 * @param options `a`, `mode`, `nonlinearity`, `generator`.
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, Generator } from "@descent/tensor";
 * const w = init.kaimingUniform_(empty([2, 2]), { nonlinearity: "relu", generator: new Generator(0) });
 * assert.equal(String(w), "tensor([[-0.0130,  0.9291],\n        [-1.4256, -1.2747]])");
 * ```
 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkFloat(t, "check_uniform_bounds");
  const std = kaimingStd(t, options);
  if (std === null) return t;
  const bound = Math.sqrt(3.0) * std;
  return uniform_(t, -bound, bound, options);
}

/**
 * Kaiming (He) normal initialisation: N(0, std²) with `std = gain / √fan`. PyTorch:
 * `torch.nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu',
 * generator=None)`.
 *
 * @param t A tensor of at least 2 dims (changed in place; an empty one is left alone).
 * @param options `a`, `mode`, `nonlinearity`, `generator`.
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, Generator } from "@descent/tensor";
 * const w = init.kaimingNormal_(empty([2, 2]), { mode: "fan_out", generator: new Generator(0) });
 * assert.equal(String(w), "tensor([[ 1.5410, -0.2934],\n        [-2.1788,  0.5684]])");
 * ```
 */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkFloat(t, "normal_kernel_cpu");
  const std = kaimingStd(t, options);
  if (std === null) return t;
  return normal_(t, 0, std, options);
}

/** erf(x) to about 1e-15: its Taylor series below |x| = 3, erfc's continued fraction above. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return sum * 2 / Math.sqrt(Math.PI);
  }
  if (ax > 6) return Math.sign(x);
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated backwards.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + (k / 2) / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Python's `math.erf`-based standard normal CDF, as `trunc_normal_` computes it. */
function normCdf(x: number): number {
  return (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;
}

/**
 * Fills `t` with samples of N(mean, std²) truncated to [a, b], by PyTorch 2.x's rejection
 * sampling on the same draws: when [a, b] holds more than 30% of the mass, normals drawn for the
 * whole tensor, with every out-of-range element replaced from a fresh full draw until none is
 * left; otherwise uniform candidates in [a, b] accepted against the density. PyTorch:
 * `torch.nn.init.trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None)`
 * (PyTorch 1.13 used an inverse-CDF transform instead, with other values).
 *
 * @param t A float tensor (changed in place).
 * @param mean The mean of the normal.
 * @param std Its standard deviation.
 * @param a Lower cut-off.
 * @param b Upper cut-off.
 * @param options `generator`.
 * @returns `t`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, Generator } from "@descent/tensor";
 * const t = init.truncNormal_(empty([1000]), 0, 1, -2, 2, { generator: new Generator(0) });
 * assert.ok(t.max().item() <= 2 && t.min().item() >= -2);
 * ```
 */
export function truncNormal_(
  t: Tensor,
  mean = 0.0,
  std = 1.0,
  a = -2.0,
  b = 2.0,
  options: GeneratorOption = {},
): Tensor {
  checkFloat(t, "normal_kernel_cpu");
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  if (mean < a - 2 * std || mean > b + 2 * std) {
    warnOnce(
      "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.",
    );
  }
  const g = options.generator ?? defaultGenerator;
  const single = t.dtype === "float32";
  const round = single ? Math.fround : (x: number) => x;
  const p = normCdf((b - mean) / std) - normCdf((a - mean) / std);
  return fillWith(t, (v) => {
    const n = v.length;
    const fresh = () => (single ? new Float32Array(n) : new Float64Array(n));
    if (p > 0.3) {
      const lo = round(a);
      const hi = round(b);
      g.normal(v, mean, std);
      const out = (x: number) => x < lo || x > hi;
      while (v.some(out)) {
        const draw = g.normal(fresh(), mean, std);
        for (let i = 0; i < n; i++) if (out(v[i])) v[i] = draw[i];
      }
      return;
    }
    // Accept a candidate c when log(u) ≤ −((c − mean)/std)²/2 − logPeak, in the tensor's dtype.
    const mode = Math.max(a, Math.min(mean, b));
    const logPeak = -0.5 * ((mode - mean) / std) ** 2;
    const [m, s, lp] = [round(mean), round(std), round(logPeak)];
    const logPdf = (c: number) => {
      const z = round(round(c - m) / s);
      return round(round(round(z * z) * -0.5) - lp);
    };
    const rejected = (c: number, u: number) => round(Math.log(u)) > logPdf(c);
    g.uniform(v, a, b);
    let accept = g.uniform(fresh());
    const pending = new Uint8Array(n);
    for (let i = 0; i < n; i++) pending[i] = rejected(v[i], accept[i]) ? 1 : 0;
    while (pending.includes(1)) {
      const candidates = g.uniform(fresh(), a, b);
      for (let i = 0; i < n; i++) if (pending[i]) v[i] = candidates[i];
      accept = g.uniform(fresh());
      for (let i = 0; i < n; i++) {
        if (pending[i]) pending[i] = rejected(candidates[i], accept[i]) ? 1 : 0;
      }
    }
  });
}

/**
 * Fills `t` with a (semi-)orthogonal matrix: the Q of the QR decomposition of a standard normal
 * draw (transposed when there are fewer rows than columns), its columns' signs fixed by R's
 * diagonal, times `gain`; dims after the first are flattened. PyTorch:
 * `torch.nn.init.orthogonal_(tensor, gain=1, generator=None)`.
 *
 * @param t A tensor of at least 2 dims (changed in place).
 * @param gain The scale.
 * @param options `generator`.
 * @returns `t`.
 * @throws {RangeError} `Only tensors with 2 or more dimensions are supported`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { init } from "@descent/nn";
 * import { empty, eye, Generator } from "@descent/tensor";
 * const q = init.orthogonal_(empty([3, 3]), 1, { generator: new Generator(0) });
 * assert.ok(q.matmul(q.t()).sub(eye(3)).abs().max().item() < 1e-6);
 * ```
 */
export function orthogonal_(t: Tensor, gain = 1, options: GeneratorOption = {}): Tensor {
  if (t.ndim < 2) throw new RangeError("Only tensors with 2 or more dimensions are supported");
  checkFloat(t, "normal_kernel_cpu");
  if (t.numel() === 0) return t;
  const rows = t.shape[0];
  const cols = t.numel() / rows;
  const g = options.generator ?? defaultGenerator;
  const draw = g.normal(
    t.dtype === "float32" ? new Float32Array(rows * cols) : new Float64Array(rows * cols),
  );
  let flat = fromValues(draw, [rows, cols], t.dtype);
  if (rows < cols) flat = flat.t();
  const { Q, R } = noGrad(() => linalg.qr(flat));
  const r = valuesOf(R.contiguous());
  const k = R.shape[0];
  const width = R.shape[1];
  const sign = new (t.dtype === "float32" ? Float32Array : Float64Array)(k);
  for (let i = 0; i < k; i++) sign[i] = Math.sign(r[i * width + i]);
  let q = noGrad(() => Q.mul(fromValues(sign, [k], t.dtype)));
  if (rows < cols) q = q.t();
  const values = valuesOf(noGrad(() => q.mul(gain)).contiguous());
  updateInPlace([t], ([v]) => v.set(values));
  return t;
}
