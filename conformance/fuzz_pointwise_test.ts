/**
 * Differential fuzzing of the pointwise area against PyTorch 2.13: conformance/fuzz/pointwise.json
 * (conformance/fuzz/pointwise.py, seeded) holds random programs — elementwise ops and
 * activations, comparisons, `where`/`clamp`/`lerp`/`addc*`, division modes, `pow`, in-place
 * arithmetic, reductions and scans — over every dtype and JS numbers, broadcasting, 0-d and empty
 * tensors, transposed / stepped / expanded operands and special values, with PyTorch's results.
 * Each case is replayed here: the outputs' dtype, shape, values (signed zeros included), printed
 * form and `gradFn` name, the gradients of the float leaves for the recorded cotangents, or
 * PyTorch's error text when the program raises.
 *
 * Run as a script on another file to list every disagreement (the fuzz loop):
 * `deno run -A conformance/fuzz_pointwise_test.ts /tmp/cases.json`.
 */

import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import * as api from "@descent/tensor";
import type { DType, Tensor } from "@descent/tensor";
import { decode, type FixtureValue, spell, toleranceFor } from "./fixtures.ts";

interface TensorSpec {
  dtype: DType;
  base: number[];
  values: FixtureValue[];
  views: (["t", number, number] | ["s", number, number, number] | ["e", number[]])[];
  grad: boolean;
  clone: boolean;
}
type Spec = TensorSpec | { n: FixtureValue } | { b: boolean };
type Operand = Tensor | number | boolean;

interface Output {
  dtype: DType;
  shape: number[];
  values: FixtureValue[];
  gradFn: string | null;
  repr: string;
}

/** One recorded program (conformance/fuzz/pointwise.py's `run_case`). */
export interface FuzzCase {
  op: string;
  inputs: Spec[];
  // deno-lint-ignore no-explicit-any
  params: Record<string, any>;
  error?: { type: string; message: string };
  outputs?: Output[];
  cotangents?: FixtureValue[][];
  grads?: (FixtureValue[] | null)[];
  /** float64 programs: the gradient of `sum(grad · w)` (second derivatives). */
  second?: { w: FixtureValue[][]; grads: (FixtureValue[] | null)[] };
}

/**
 * An operand as the spec builds it, the float leaf whose gradient is compared (or null), and the
 * tensor its views were taken of (the copy an in-place case writes through).
 */
function build(s: Spec): [Operand, Tensor | null, Tensor | null] {
  if ("n" in s) return [decode(s.n), null, null];
  if ("b" in s) return [s.b, null, null];
  let t = api.tensor(Float64Array.from(s.values, decode), { dtype: s.dtype }).reshape(s.base);
  const leaf = s.grad ? t.requiresGrad_(true) : null;
  if (s.clone) t = t.clone();
  const root = t;
  for (const v of s.views) {
    if (v[0] === "t") t = t.transpose(v[1], v[2]);
    else if (v[0] === "s") {
      t = t.index(...Array.from({ length: v[1] }, () => api.slice()), api.slice(v[2], null, v[3]));
    } else t = t.expand(v[1]);
  }
  return [t, leaf, root];
}

// deno-lint-ignore no-explicit-any
type P = Record<string, any>;
type T = Tensor;
// deno-lint-ignore no-explicit-any
type Fn = (...a: any[]) => any;

const unary = (f: (a: T) => Operand) => ([a]: T[]) => f(a);
// deno-lint-ignore no-explicit-any
const bin = (f: Fn) => ([a, b]: any[]) => f(a, b);
const ofDim = (p: P) => p.dim ?? null;
const pair = (r: { values: T; indices: T }) => [r.values, r.indices];
const inplace = (f: (a: T, b: Operand, p: P) => unknown) => ([a, b]: T[], p: P, root: T) => {
  f(a, b, p);
  return [a, root];
};

/** descent's program for each op of the generator's OPS, by name. */
// deno-lint-ignore no-explicit-any
const PROGRAMS: Record<string, (ins: any[], p: P, root: T) => Operand | Operand[]> = {
  abs: unary(api.abs),
  neg: unary(api.neg),
  exp: unary(api.exp),
  log: unary(api.log),
  sqrt: unary(api.sqrt),
  sin: unary(api.sin),
  cos: unary(api.cos),
  tanh: unary(api.tanh),
  sigmoid: unary(api.sigmoid),
  relu: unary(api.relu),
  square: unary(api.square),
  reciprocal: unary(api.reciprocal),
  ceil: unary(api.ceil),
  floor: unary(api.floor),
  frac: unary(api.frac),
  round: unary((a) => api.round(a)),
  sgn: unary(api.sgn),
  sign: unary(api.sign),
  trunc: unary(api.trunc),
  acos: unary(api.acos),
  acosh: unary(api.acosh),
  asin: unary(api.asin),
  asinh: unary(api.asinh),
  atan: unary(api.atan),
  atanh: unary(api.atanh),
  cosh: unary(api.cosh),
  sinh: unary(api.sinh),
  tan: unary(api.tan),
  erf: unary(api.erf),
  erfc: unary(api.erfc),
  erfinv: unary(api.erfinv),
  exp2: unary(api.exp2),
  expm1: unary(api.expm1),
  log10: unary(api.log10),
  log1p: unary(api.log1p),
  log2: unary(api.log2),
  rsqrt: unary(api.rsqrt),
  isfinite: unary(api.isfinite),
  isinf: unary(api.isinf),
  isnan: unary(api.isnan),
  logicalNot: unary(api.logicalNot),
  bitwiseNot: unary(api.bitwiseNot),
  selu: unary(api.selu),
  silu: unary(api.silu),
  mish: unary(api.mish),
  logsigmoid: unary(api.logsigmoid),
  hardsigmoid: unary(api.hardsigmoid),
  hardswish: unary(api.hardswish),
  relu6: unary(api.relu6),
  softsign: unary(api.softsign),
  tanhshrink: unary(api.tanhshrink),
  roundDecimals: ([a], p) => api.round(a, { decimals: p.decimals }),
  nanToNum: ([a], p) => api.nanToNum(a, { nan: p.nan, posinf: p.posinf, neginf: p.neginf }),
  gelu: ([a], p) => api.gelu(a, { approximate: p.approximate }),
  softplus: ([a], p) => api.softplus(a, { beta: p.beta, threshold: p.threshold }),
  elu: ([a], p) => api.elu(a, { alpha: p.alpha }),
  celu: ([a], p) => api.celu(a, { alpha: p.alpha }),
  leakyRelu: ([a], p) => api.leakyRelu(a, { negativeSlope: p.slope }),
  hardtanh: ([a], p) => api.hardtanh(a, { minVal: p.lo, maxVal: p.hi }),
  softmax: ([a], p) => api.softmax(a, p.dim),
  logSoftmax: ([a], p) => api.logSoftmax(a, p.dim),
  softmin: ([a], p) => api.softmin(a, p.dim),
  glu: ([a], p) => api.glu(a, p.dim),
  normalize: ([a], p) => api.normalize(a, { p: p.p, dim: p.dim, eps: p.eps }),
  add: bin(api.add),
  sub: bin(api.sub),
  mul: bin(api.mul),
  div: bin(api.div),
  pow: bin(api.pow),
  eq: bin(api.eq),
  ne: bin(api.ne),
  lt: bin(api.lt),
  le: bin(api.le),
  gt: bin(api.gt),
  ge: bin(api.ge),
  floorDivide: bin(api.floorDivide),
  remainder: bin(api.remainder),
  bitwiseAnd: bin(api.bitwiseAnd),
  bitwiseOr: bin(api.bitwiseOr),
  bitwiseXor: bin(api.bitwiseXor),
  fmod: bin(api.fmod),
  copysign: bin(api.copysign),
  xlogy: bin(api.xlogy),
  maximum: bin(api.maximum),
  minimum: bin(api.minimum),
  atan2: bin(api.atan2),
  hypot: bin(api.hypot),
  logaddexp: bin(api.logaddexp),
  logicalAnd: bin(api.logicalAnd),
  logicalOr: bin(api.logicalOr),
  logicalXor: bin(api.logicalXor),
  addAlpha: ([a, b], p) => api.add(a, b, { alpha: p.alpha }),
  subAlpha: ([a, b], p) => api.sub(a, b, { alpha: p.alpha }),
  divMode: ([a, b], p) => api.div(a, b, { roundingMode: p.mode }),
  where: ([c, x, y]) => api.where(c, x, y),
  lerp: ([a, b, w]) => api.lerp(a, b, w),
  addcmul: ([a, b, c], p) => api.addcmul(a, b, c, { value: p.value }),
  addcdiv: ([a, b, c], p) => api.addcdiv(a, b, c, { value: p.value }),
  clamp: ([a], p) => api.clamp(a, p.lo, p.hi),
  clampMin: bin(api.clampMin),
  clampMax: bin(api.clampMax),
  add_: inplace((a, b, p) => a.add_(b, { alpha: p.alpha })),
  sub_: inplace((a, b) => a.sub_(b)),
  mul_: inplace((a, b) => a.mul_(b)),
  div_: inplace((a, b) => a.div_(b)),
  copy_: inplace((a, b) => a.copy_(b)),
  fill_: ([a], p, root) => [a.fill_(p.v), root],
  sum: ([a], p) => api.sum(a, ofDim(p), p.keepdim),
  sumDtype: ([a], p) => api.sum(a, ofDim(p), p.keepdim, { dtype: p.dtype }),
  mean: ([a], p) => api.mean(a, ofDim(p), p.keepdim),
  nansum: ([a], p) => api.nansum(a, ofDim(p), p.keepdim),
  nanmean: ([a], p) => api.nanmean(a, ofDim(p), p.keepdim),
  prod: ([a], p) => api.prod(a, ofDim(p), p.keepdim),
  amax: ([a], p) => api.amax(a, p.dim ?? [], p.keepdim),
  amin: ([a], p) => api.amin(a, p.dim ?? [], p.keepdim),
  max: ([a]) => api.max(a),
  min: ([a]) => api.min(a),
  maxDim: ([a], p) => pair(api.maxDim(a, p.dim, p.keepdim)),
  minDim: ([a], p) => pair(api.minDim(a, p.dim, p.keepdim)),
  argmax: ([a], p) => api.argmax(a, ofDim(p), p.keepdim),
  argmin: ([a], p) => api.argmin(a, ofDim(p), p.keepdim),
  var: ([a], p) => api.variance(a, ofDim(p), { correction: p.correction, keepdim: p.keepdim }),
  std: ([a], p) => api.std(a, ofDim(p), { correction: p.correction, keepdim: p.keepdim }),
  varMean: ([a], p) => api.varMean(a, ofDim(p), { correction: p.correction, keepdim: p.keepdim }),
  stdMean: ([a], p) => api.stdMean(a, ofDim(p), { correction: p.correction, keepdim: p.keepdim }),
  norm: ([a], p) => api.norm(a, p.p, ofDim(p), p.keepdim),
  logsumexp: ([a], p) => api.logsumexp(a, p.dim, p.keepdim),
  cumsum: ([a], p) => api.cumsum(a, p.dim),
  cumprod: ([a], p) => api.cumprod(a, p.dim),
  logcumsumexp: ([a], p) => api.logcumsumexp(a, p.dim),
  cummax: ([a], p) => pair(api.cummax(a, p.dim)),
  cummin: ([a], p) => pair(api.cummin(a, p.dim)),
  sort: ([a], p) => pair(api.sort(a, p.dim, p.descending, { stable: true })),
  argsort: ([a], p) => api.argsort(a, p.dim, p.descending, { stable: true }),
  topk: ([a], p) => pair(api.topk(a, p.k, p.dim, p.largest, p.sorted)),
  median: ([a]) => api.median(a),
  medianDim: ([a], p) => pair(api.medianDim(a, p.dim, p.keepdim)),
  kthvalue: ([a], p) => pair(api.kthvalue(a, p.k, p.dim, p.keepdim)),
  all: ([a], p) => api.all(a, ofDim(p), p.keepdim),
  any: ([a], p) => api.any(a, ofDim(p), p.keepdim),
};

/** The parameters with the numbers JSON cannot spell (`{ f: "inf" }`) decoded. */
function params(p: P): P {
  const out: P = {};
  for (const [k, v] of Object.entries(p)) {
    out[k] = v !== null && typeof v === "object" && "f" in v ? decode(v.f) : v;
  }
  return out;
}

/**
 * Whether a value matches PyTorch's: NaN with NaN, a float zero with its sign (unless `anyZero`),
 * else within the dtype's tolerance.
 */
function same(x: number, e: number, dtype: DType, anyZero: boolean): boolean {
  if (Number.isNaN(e) || Number.isNaN(x)) return Number.isNaN(e) && Number.isNaN(x);
  if (x === e) return x !== 0 || anyZero || !api.isFloatingDType(dtype) || Object.is(x, e);
  if (!Number.isFinite(x) || !Number.isFinite(e)) return false;
  const tol = toleranceFor(dtype);
  return Math.abs(x - e) <= tol.atol + tol.rtol * Math.abs(e);
}

/** The first element of `t` that does not match `want` (see `same`), or null. */
function valuesMismatch(
  t: T,
  want: FixtureValue[],
  dtype: DType,
  anyZero = false,
): string | null {
  const got = Array.from(t.detach().contiguous().toTypedArray() as ArrayLike<number>);
  if (got.length !== want.length) return `${got.length} values, expected ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const e = decode(want[i]);
    if (!same(got[i], e, dtype, anyZero)) {
      return `element ${i}: ${show(got[i])}, expected ${show(e)}`;
    }
  }
  return null;
}

const show = (x: number) => (Object.is(x, -0) ? "-0" : String(x));

/** Whether `t` holds exactly the values `want` (bit for bit but for NaN's payload). */
function exact(t: T, want: FixtureValue[]): boolean {
  const got = t.detach().contiguous().toTypedArray() as ArrayLike<number>;
  return want.every((v, i) => Object.is(got[i], decode(v)) || (got[i] !== got[i] && v === "nan"));
}

/**
 * Replays one case through descent.
 *
 * @param c The case.
 * @returns `null` when descent agrees with PyTorch, else what differs first.
 */
export function replay(c: FuzzCase): string | null {
  const built = c.inputs.map(build);
  const args = built.map((b) => b[0]);
  const leaves = built.map((b) => b[1]).filter((l): l is T => l !== null);
  let res: Operand | Operand[];
  try {
    res = PROGRAMS[c.op](args, params(c.params), built[0][2]!);
  } catch (e) {
    if (!c.error) return `threw ${(e as Error).name}: ${(e as Error).message}`;
    const want = spell(c.error.message);
    const got = (e as Error).message;
    return got.includes(want) ? null : `error text: ${got}\n    PyTorch (${c.error.type}): ${want}`;
  }
  if (c.error) return `no error; PyTorch: ${c.error.type}: ${c.error.message}`;
  const outs = (Array.isArray(res) ? res : [res]) as T[];
  const want = c.outputs!;
  if (outs.length !== want.length) return `${outs.length} outputs, expected ${want.length}`;
  for (let k = 0; k < outs.length; k++) {
    const [o, w] = [outs[k], want[k]];
    if (o.dtype !== w.dtype) return `output ${k}: dtype ${o.dtype}, expected ${w.dtype}`;
    if (String(o.shape) !== String(w.shape) || o.ndim !== w.shape.length) {
      return `output ${k}: shape [${o.shape}], expected [${w.shape}]`;
    }
    const bad = valuesMismatch(o, w.values, w.dtype);
    if (bad !== null) return `output ${k}: ${bad}`;
    const name = o.gradFn?.name() ?? null;
    if (name !== w.gradFn) return `output ${k}: gradFn ${name}, expected ${w.gradFn}`;
    // the printed form is compared where the values are PyTorch's exactly: a float32 result a
    // last-ulp libm difference away may print another fourth decimal (74.2099 for 74.2100)
    if (exact(o, w.values) && String(o) !== w.repr) {
      return `output ${k}: printed\n${String(o)}\n    expected\n${w.repr}`;
    }
  }
  if (!c.cotangents) return null;
  const diff = outs.filter((o) => o.requiresGrad);
  const seeds = c.cotangents.map((v, k) =>
    api.tensor(Float64Array.from(v, decode), { dtype: diff[k].dtype }).reshape(diff[k].shape)
  );
  let gs: (T | null)[];
  try {
    gs = grad(diff, leaves, { gradOutputs: seeds, allowUnused: true, createGraph: !!c.second });
  } catch (e) {
    return `backward threw ${(e as Error).message}`;
  }
  for (let k = 0; k < leaves.length; k++) {
    const w = c.grads![k];
    const g = gs[k];
    if ((w === null) !== (g === null)) return `grad ${k}: ${g === null ? "null" : "a tensor"}`;
    if (g === null || w === null) continue;
    // a gradient's zero may differ in sign: PyTorch's backward formulas multiply by zero or
    // fill with zero as their kernels happen to, which no program can observe but by its sign
    const bad = valuesMismatch(g, w, leaves[k].dtype, true);
    if (bad !== null) return `grad ${k}: ${bad}`;
  }
  if (!c.second) return null;
  const terms = gs.flatMap((g, k) =>
    g !== null && g.requiresGrad
      ? [g.mul(api.tensor(Float64Array.from(c.second!.w[k], decode)).reshape(g.shape)).sum()]
      : []
  );
  // a gradient that no longer depends on the inputs (relu's, abs's: a constant mask times the
  // cotangent) has no graph in descent, where PyTorch's has one whose derivative is zero
  let gg: (T | null)[] = leaves.map(() => null);
  try {
    if (terms.length > 0) {
      gg = grad(terms.reduce((s, t) => s.add(t)), leaves, { allowUnused: true });
    }
  } catch (e) {
    return `second backward threw ${(e as Error).message}`;
  }
  for (let k = 0; k < leaves.length; k++) {
    const w = c.second.grads[k];
    const g = gg[k];
    if (w === null && g === null) continue;
    const zeros = new Array<number>(leaves[k].numel()).fill(0);
    const bad = valuesMismatch(g ?? api.zeros(leaves[k].shape), w ?? zeros, "float64", true);
    if (bad !== null) return `second-order grad ${k}: ${bad}`;
  }
  return null;
}

/** A case as one line: the op, its operands' dtypes, shapes and layouts, and the parameters. */
export function describe(c: FuzzCase): string {
  const ins = c.inputs.map((s) => {
    if ("n" in s) return `${s.n}`;
    if ("b" in s) return `${s.b}`;
    const views = s.views.map((v) => JSON.stringify(v)).join("");
    return `${s.dtype}[${s.base}]${views}${s.grad ? "(grad)" : ""}=${JSON.stringify(s.values)}`;
  });
  return `${c.op}(${ins.join(", ")}) ${JSON.stringify(c.params)}`;
}

/**
 * Cases of conformance/fuzz/pointwise.json (seed 0, 300 cases) where descent differs from
 * PyTorch 2.13 on purpose or by a known limitation, by index, with the reason; they are
 * registered as ignored tests. conformance/README.md lists the kinds.
 */
export const KNOWN: Readonly<Record<number, string>> = {
  153: "sub_ of a bool tensor by an int64 one: PyTorch refuses the bool subtraction first, " +
    "descent the cast first — tensor/ops/inplace.ts (shape & indexing area)",
  201: "prod's second derivative over a row holding inf and 0: PyTorch's exclusive products " +
    "meet inf·0 (NaN) where descent's give inf",
  202: "sub_ by a bool tensor of a larger shape: PyTorch refuses the bool subtraction first, " +
    "descent the shape first — tensor/ops/inplace.ts (shape & indexing area)",
};

/** Runs `fn` with console.warn silenced (PyTorch's var/std warnings, which it also gives). */
function quietly<R>(fn: () => R): R {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

if (import.meta.main) {
  const file = Deno.args[0];
  const cases = JSON.parse(Deno.readTextFileSync(file)).cases as FuzzCase[];
  let bad = 0;
  for (const [k, c] of cases.entries()) {
    let why: string | null;
    try {
      why = quietly(() => replay(c));
    } catch (e) {
      why = `replay crashed: ${(e as Error).stack}`;
    }
    if (why === null) continue;
    bad++;
    console.log(`#${k} ${describe(c)}\n  ${why}`);
  }
  console.log(`${bad} of ${cases.length} disagree`);
} else {
  const { default: fx } = await import("./fuzz/pointwise.json", { with: { type: "json" } });
  const cases = (fx as unknown as { cases: FuzzCase[] }).cases;
  Deno.test("fuzz pointwise: every op of the fixture has a program", () => {
    assert.deepEqual([...new Set(cases.map((c) => c.op))].filter((o) => !(o in PROGRAMS)), []);
  });
  for (const [k, c] of cases.entries()) {
    const known = KNOWN[k];
    Deno.test({
      name: `fuzz pointwise: #${k} ${c.op}${known ? ` (known: ${known})` : ""}`,
      ignore: known !== undefined,
      fn: () => assert.equal(quietly(() => replay(c)), null, describe(c)),
    });
  }
}
