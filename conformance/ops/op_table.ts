/**
 * The op table: the one list of every op the conformance suite checks against PyTorch, after
 * PyTorch's OpInfo. Each entry of `OPS` gives the op twice, side by side: the PyTorch expression
 * (Python source, evaluated by `generate.py`) and descent's calls, one per public spelling it
 * exercises (`sum` the function, `"Tensor.sum"` the method). `CASES` gives the sample inputs:
 * shapes, value domains or explicit values (NaN, ±Infinity and -0 allowed), parameters, which
 * inputs require grad, whether second derivatives are checked, and dtypes.
 *
 * - `generate.py` reads the table through `emit_cases.ts` (JSON on stdout), runs every case in
 *   PyTorch and writes `fixtures.json`.
 * - `conformance/ops_test.ts` runs every case through every call of its entry, and fails when
 *   `fixtures.json` is not this table's (regenerate).
 * - `conformance/coverage.ts` fails the type check, and `conformance/coverage_test.ts` the tests,
 *   when an export of `@descent/tensor` or a `Tensor` member has no entry calling it and no
 *   reasoned exemption. A misspelt name in `descent` or an unknown op key in a case does not
 *   compile.
 *
 * Adding an op is one entry here and its cases, then one command:
 *
 * ```ts ignore
 * sinh: {
 *   torch: "i[0].sinh()",
 *   descent: { "Tensor.sinh": ([a]) => a.sinh(), sinh: ([a]) => api.sinh(a) },
 * },
 * // in `added`, at the end of the cases:
 * for (const s of [[], [4], [2, 3], [2, 0]]) c(`sinh/${shp(s)}`, "sinh", [s]);
 * ```
 *
 * then `/usr/bin/python3 conformance/ops/generate.py`. Cases draw their random values from one
 * seeded stream in list order, so a case inserted before others changes every later case's
 * values (the tests still pass, the fixture diff just grows): append cases, or append a section.
 *
 * Dtypes: a case runs once per entry of its `dtypes` (any descent `DType`; `generate.py`'s
 * `DTYPE` maps the names to torch dtypes), and an input may pin a dtype of its own
 * (`inputDtypes`: a float64 operand of a float32 op today, an int64 index tensor once descent
 * has one). A new kind of random input (an integer range, valid indices along a dim) is one
 * more `Domain` and one more branch of `make_values` in `generate.py`.
 *
 * @module
 */

import * as api from "@descent/tensor";
import type { DType, NestedArray, Tensor } from "@descent/tensor";
import { decode, type FixtureValue, fromFixture } from "../fixtures.ts";

// ---------------------------------------------------------------------------------------------
// Types

/** A public `Tensor` member: a method, getter or attribute (`"Tensor.add"`, `"Tensor.T"`). */
export type TensorMember = `Tensor.${Exclude<Extract<keyof Tensor, string>, `_${string}`>}`;

/** The namespaces `@descent/tensor` exports (PyTorch's `torch.linalg`): covered member by member. */
export type NamespaceName = "linalg";

/** A member of an exported namespace, `"linalg.solve"`. */
export type NamespaceMember = `linalg.${Extract<keyof typeof api.linalg, string>}`;

/**
 * A public name of `@descent/tensor`: an export (`"add"`), a `Tensor` member, or a namespace
 * member (`"linalg.solve"`).
 */
export type ApiName =
  | Exclude<Extract<keyof typeof api, string>, NamespaceName>
  | TensorMember
  | NamespaceMember;

/**
 * The parameters of a case, shared by all ops (PyTorch keyword arguments). Numbers JSON cannot
 * spell are strings, as in the fixtures: `"nan"`, `"inf"`, `"-inf"`, `"-0"` (read with `num`).
 */
export interface Params {
  alpha?: number;
  /** A number operand. */
  s?: number;
  /** An exponent. */
  e?: number | string;
  min?: number | string;
  max?: number | string;
  dim?: number | number[];
  keepdim?: boolean;
  dims?: number[];
  shape?: number[];
  start?: number;
  end?: number;
  index?: number;
  length?: number;
  dtype?: DType;
  /** `div`'s rounding mode. */
  roundingMode?: "trunc" | "floor";
  /** A fill value. */
  value?: number | string;
  /** `full`'s fill value when its dtype is inferred: an integer, a float or a boolean. */
  fill?: number | boolean;
  step?: number;
  steps?: number;
  /** Rows and columns of `eye`. */
  n?: number;
  m?: number;
  /** The data of `tensor` (floats: PyTorch makes int64 of integers, descent float32). */
  data?: NestedArray;
  // ---- linear algebra (issue 13) ----
  /** The input's multiplier in `addmm`, `addmv`, `baddbmm`. */
  beta?: number;
  /** `linalg.solve`: A·X = B (true) or X·A = B. */
  left?: boolean;
  /** `linalg.cholesky`: the upper factor. */
  upper?: boolean;
  /** `linalg.qr`'s mode. */
  mode?:
    | "reduced"
    | "complete"
    | "r"
    | "nearest"
    | "nearest-exact"
    | "linear"
    | "bilinear"
    | "area";
  /** `linalg.eigh`'s `UPLO`. */
  uplo?: "L" | "U";
  /** `linalg.svd`'s `full_matrices`. */
  full?: boolean;
  /** `linalg.lstsq`'s `rcond` and `driver`. */
  rcond?: number;
  driver?: "gels" | "gelsy" | "gelsd" | "gelss";
  /** `linalg.matrix_norm`'s order: "fro", "nuc", a number, or "inf"/"-inf". */
  ord?: number | string;
  // ---- shape and joining (issue 13) ----
  /** `pad`'s amounts, last dim first, and its mode. */
  pad?: number[];
  padMode?: "constant" | "reflect" | "replicate" | "circular";
  /** A diagonal: `diagonal`/`diag_embed`'s `offset`, `diag`/`tril`/`triu`'s `diagonal`. */
  offset?: number;
  dim1?: number;
  dim2?: number;
  /** `roll`'s shifts. */
  shifts?: number | number[];
  /** `repeat`/`tile`'s counts, or `repeat_interleave`'s one count. */
  repeats?: number | number[];
  /** `split`'s size or sizes, `chunk`'s count. */
  split?: number | number[];
  chunks?: number;
  /** `unflatten`'s sizes. */
  sizes?: number[];
  /** `movedim`'s source and destination. */
  source?: number | number[];
  destination?: number | number[];
  indexing?: "ij" | "xy";
  equation?: string;
  /** Read the first input through `transpose(0, -1)` (a non-contiguous view). */
  nc?: boolean;
  // ---- end shape and joining ----

  // convolution, pooling, attention (issue 13): torch.nn.functional's keyword arguments, in
  // descent's spelling
  stride?: number | number[];
  padding?: number | number[] | "same" | "valid";
  dilation?: number | number[];
  groups?: number;
  outputPadding?: number | number[];
  kernelSize?: number | number[];
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number;
  /** An adaptive pooling's output size (`null`: the input's). */
  outputSize?: number | (number | null)[];
  /** `interpolate`'s output size, `unfold`'s window size. */
  size?: number | number[];
  scaleFactor?: number | number[];
  alignCorners?: boolean;
  recomputeScaleFactor?: boolean;
  dropoutP?: number;
  isCausal?: boolean;
  scale?: number;
  /** The seed `manualSeed` sets before a random op (PyTorch: inside `fork_rng`). */
  seed?: number;
  // ---- reductions and scans (issue 13) ----
  /** `var`/`std`'s correction. */
  correction?: number;
  /** `kthvalue`'s rank, `topk`'s count. */
  k?: number;
  /** `sort`/`argsort`: largest first, and equal values kept in order. */
  descending?: boolean;
  stable?: boolean;
  /** `topk`: the largest (default) or the smallest. */
  largest?: boolean;
  // ---- end reductions and scans ----
  // ---- elementwise math and activations (issue 13) ----
  /** `round`'s decimal places. */
  decimals?: number;
  /** `nan_to_num`'s replacements. */
  nan?: number | string;
  posinf?: number | string;
  neginf?: number | string;
  /** `lerp`'s number weight. */
  weight?: number;
  /** The number operand of `copysign` and `xlogy` (may be `"nan"`, `"-0"`). */
  other?: number | string;
  /** `xlogy`: the number `other` is the first operand. */
  sFirst?: boolean;
  /** `gelu`'s approximation. */
  approximate?: "none" | "tanh";
  /** `softplus`'s threshold (its `beta` is the `beta` above). */
  threshold?: number;
  negativeSlope?: number;
  minVal?: number;
  maxVal?: number;
  /** `normalize`'s smallest divisor. */
  eps?: number;
  // ---- end elementwise math and activations ----

  // ---- indexing (issue 11) ----
  /** The items of an index, `t[...]` (see `IndexSpec`). */
  ix?: IndexSpec[];
  /** `index_put`'s `accumulate`. */
  accumulate?: boolean;
  /** `scatter_reduce`'s reduction and `include_self`. */
  reduce?: api.ScatterReduction;
  includeSelf?: boolean;
  /** `one_hot`'s `num_classes`. */
  numClasses?: number;
  // ---- end indexing ----
}

// ---- indexing (issue 11) ----
/**
 * One item of an index in a case's params, as JSON can hold it and both sides read it
 * (`generate.py`'s `ix`, `ixOf` here): an integer, `null` (a new dim), `"..."`, a boolean,
 * `{ slice: [start, stop, step] }`, `{ t: k }` for the case's input `k` (an index tensor or a
 * mask), or nested arrays (an index tensor: int64, or bool for booleans).
 */
export type IndexSpec =
  | number
  | boolean
  | null
  | "..."
  | { slice: (number | null)[] }
  | { t: number }
  | IndexSpecArray;
/** Nested arrays of an {@linkcode IndexSpec}. */
export type IndexSpecArray = readonly (number | boolean | IndexSpecArray)[];

/** The descent index items of a case's `ix`. */
function ixOf(spec: readonly IndexSpec[], inputs: readonly Tensor[]): api.Index[] {
  return spec.map((x): api.Index => {
    if (x !== null && typeof x === "object" && !Array.isArray(x)) {
      const item = x as { slice: (number | null)[] } | { t: number };
      if ("t" in item) return inputs[item.t];
      const [start = null, stop = null, step = null] = item.slice;
      return item.slice.length === 1 ? api.slice(start) : api.slice(start, stop, step);
    }
    return x as api.Index;
  });
}
// ---- end indexing ----

/**
 * descent's side of an op: the inputs (leaves built from the fixture), the params and the
 * case's dtype (which the inputs are made in, and creation ops make their result in) to a result,
 * or to a list of results for an op with several outputs (the PyTorch expression then gives a
 * list too, in the same order).
 */
export type OpFn = (inputs: Tensor[], p: Params, dtype: DType) => Tensor | readonly Tensor[];

/** descent's calls of one op, keyed by the public name each one exercises. */
export type Calls = { readonly [K in ApiName]?: OpFn };

/** One op: the same computation in PyTorch and in descent. */
export interface OpEntry {
  /**
   * PyTorch: a Python expression over `i` (the input tensors), `p` (the params dict) and
   * `dtype` (the case's `torch.dtype`), evaluated with `torch` and `num` (a param that may be
   * `"nan"`/`"inf"`/`"-0"`) in scope.
   */
  torch: string;
  /**
   * descent: a call per public spelling (`{ sum: …, "Tensor.sum": … }`), every one checked
   * against every case of the op; or one function, for a composition of ops whose own entries
   * cover them.
   */
  descent: Calls | OpFn;
}

/**
 * How `generate.py` draws a random input (`make_values`): `any` standard normal; `pos` uniform
 * in [0.25, 2.25) (logs, roots, bases); `nonzero` normal moved at least 0.25 away from 0
 * (kinks, poles); `cond` 0 or 1 (a `where` condition); `small` uniform in [-1, 2) (exponents);
 * `wellcond` standard normal square matrices (last two dims) whose diagonal is moved n away
 * from 0 (well conditioned: solves, inverses, determinants); `spd` symmetric positive-definite
 * matrices `X·Xᵀ/n + I` (Cholesky); `int` integers uniform in [-9, 9], `intnz` the same without
 * 0 (divisors); made in the case's dtype like any other (so uint8 wraps the negative ones and bool
 * is `x != 0`). A new kind (an integer range, an index tensor for a dim)
 * is one more member here and one more branch in `make_values`.
 */
export type Domain =
  | "any"
  | "pos"
  | "nonzero"
  | "cond"
  | "small"
  | "wellcond"
  | "spd"
  | "int"
  | "intnz";

/** One input of a case. */
export interface InputSpec {
  shape: readonly number[];
  /** A domain to draw from, or the values themselves (row-major). */
  values: Domain | readonly number[];
  requiresGrad: boolean;
  /** This input's own dtype, whatever the case's (an operand of another dtype, an index). */
  dtype?: DType;
}

/** One case, run in each of its dtypes (the fixture name gets `/<dtype>` appended). */
export interface OpCase {
  name: string;
  op: OpKey;
  inputs: readonly InputSpec[];
  params: Params;
  /** Check a second-order product through `createGraph`. */
  second: boolean;
  /** The dtype every input is made in, one fixture case each. */
  dtypes: readonly DType[];
  /** The section of the table that added it (`dtypeCases`, …): what a 2.x re-run selects by. */
  section: string;
}

/** A number parameter (`"inf"` etc. decoded), or `null` when absent. */
export function num(x: number | string | undefined): number | null {
  return x === undefined ? null : decode(x as FixtureValue);
}

// ---------------------------------------------------------------------------------------------
// The ops

const keep = "keepdim=p.get('keepdim', False)";

// ---- shape and joining (issue 13) ----
/** The first input, read through `transpose(0, -1)` (non-contiguous) when `p.nc`. */
const NC = "(i[0].transpose(0, -1) if p.get('nc') else i[0])";
function nc(a: Tensor, p: Params): Tensor {
  return p.nc ? a.transpose(0, -1) : a;
}
// ---- end shape and joining ----
// ---------------------------------------------------------------------------------------------
// convolution, pooling, attention (issue 13): PyTorch's keyword arguments and descent's options

const conv = "stride=p.get('stride', 1), padding=p.get('padding', 0), " +
  "dilation=p.get('dilation', 1), groups=p.get('groups', 1)";
const convT = "stride=p.get('stride', 1), padding=p.get('padding', 0), " +
  "output_padding=p.get('outputPadding', 0), groups=p.get('groups', 1), " +
  "dilation=p.get('dilation', 1)";
const maxPool = "stride=p.get('stride'), padding=p.get('padding', 0), " +
  "dilation=p.get('dilation', 1), ceil_mode=p.get('ceilMode', False)";
const avgPool = "stride=p.get('stride'), padding=p.get('padding', 0), " +
  "ceil_mode=p.get('ceilMode', False), count_include_pad=p.get('countIncludePad', True)";

const sdpa = "i[3] if len(i) > 3 else None, p.get('dropoutP', 0.0), p.get('isCausal', False), " +
  "p.get('scale'), p.get('seed')";

function sdpaOptions(mask: Tensor | undefined, p: Params): api.ScaledDotProductAttentionOptions {
  return { attnMask: mask ?? null, dropoutP: p.dropoutP, isCausal: p.isCausal, scale: p.scale };
}

/** `fn()` after `manualSeed(seed)`, the default generator's state restored afterwards. */
function withSeed(seed: number | undefined, fn: () => Tensor): Tensor {
  if (seed === undefined) return fn();
  const saved = api.getRngState();
  api.manualSeed(seed);
  try {
    return fn();
  } finally {
    api.setRngState(saved);
  }
}

function convOptions(p: Params): api.ConvOptions {
  return { stride: p.stride, padding: p.padding, dilation: p.dilation, groups: p.groups };
}

function convTOptions(p: Params): api.ConvTransposeOptions {
  return {
    stride: p.stride,
    padding: p.padding as number | number[] | undefined,
    outputPadding: p.outputPadding,
    groups: p.groups,
    dilation: p.dilation,
  };
}

function maxPoolOptions(p: Params): api.MaxPoolOptions {
  return {
    stride: p.stride,
    padding: p.padding as number | number[] | undefined,
    dilation: p.dilation,
    ceilMode: p.ceilMode,
  };
}

function avgPoolOptions(p: Params): api.AvgPoolOptions {
  return {
    stride: p.stride,
    padding: p.padding as number | number[] | undefined,
    ceilMode: p.ceilMode,
    countIncludePad: p.countIncludePad,
    divisorOverride: p.divisorOverride,
  };
}

// ---- reductions and scans (issue 13) ----
/** `torch.norm`'s p: "fro"/"nuc" as they are, a number (or "inf"/"-inf") decoded. */
const ORD = "p.get('ord', 'fro') if p.get('ord', 'fro') in ('fro', 'nuc') else num(p['ord'])";
function normOrder(p: Params): number | "fro" | "nuc" {
  return p.ord === undefined || p.ord === "fro" || p.ord === "nuc" ? p.ord ?? "fro" : num(p.ord)!;
}
function varOptions(p: Params): api.VarOptions {
  return { correction: p.correction, keepdim: p.keepdim };
}
/** `sort`/`argsort`'s arguments; `stable` only where given (it selects `SortBackward1`). */
const SORT = "dim=p.get('dim', -1), descending=p.get('descending', False), " +
  "**({'stable': p['stable']} if 'stable' in p else {})";
function sortArgs(p: Params): [number, boolean, api.SortOptions] {
  return [(p.dim as number | undefined) ?? -1, p.descending ?? false, { stable: p.stable }];
}
/** Values and indices as the list the PyTorch expression gives (`list(return_types)`). */
function pair(r: api.ValuesIndices): Tensor[] {
  return [r.values, r.indices];
}
// ---- end reductions and scans ----
// ---- elementwise math and activations (issue 13) ----
function nanToNumOptions(p: Params): api.NanToNumOptions {
  return { nan: num(p.nan) ?? undefined, posinf: num(p.posinf), neginf: num(p.neginf) };
}
// ---- end elementwise math and activations ----

/** Every op, by the key its cases and fixtures use. */
export const OPS = {
  add: {
    torch: "i[0] + i[1]",
    descent: { "Tensor.add": ([a, b]) => a.add(b), add: ([a, b]) => api.add(a, b) },
  },
  add_alpha: {
    torch: "torch.add(i[0], i[1], alpha=p['alpha'])",
    descent: {
      "Tensor.add": ([a, b], p) => a.add(b, { alpha: p.alpha }),
      add: ([a, b], p) => api.add(a, b, { alpha: p.alpha }),
    },
  },
  add_scalar: {
    torch: "i[0] + p['s']",
    descent: { "Tensor.add": ([a], p) => a.add(p.s!), add: ([a], p) => api.add(a, p.s!) },
  },
  add_scalar_alpha: {
    torch: "torch.add(i[0], p['s'], alpha=p['alpha'])",
    descent: { "Tensor.add": ([a], p) => a.add(p.s!, { alpha: p.alpha }) },
  },
  radd_scalar: { torch: "p['s'] + i[0]", descent: { add: ([a], p) => api.add(p.s!, a) } },
  sub: {
    torch: "i[0] - i[1]",
    descent: { "Tensor.sub": ([a, b]) => a.sub(b), sub: ([a, b]) => api.sub(a, b) },
  },
  sub_alpha: {
    torch: "torch.sub(i[0], i[1], alpha=p['alpha'])",
    descent: {
      "Tensor.sub": ([a, b], p) => a.sub(b, { alpha: p.alpha }),
      sub: ([a, b], p) => api.sub(a, b, { alpha: p.alpha }),
    },
  },
  sub_scalar: {
    torch: "i[0] - p['s']",
    descent: { "Tensor.sub": ([a], p) => a.sub(p.s!), sub: ([a], p) => api.sub(a, p.s!) },
  },
  rsub_scalar: { torch: "p['s'] - i[0]", descent: { sub: ([a], p) => api.sub(p.s!, a) } },
  mul: {
    torch: "i[0] * i[1]",
    descent: { "Tensor.mul": ([a, b]) => a.mul(b), mul: ([a, b]) => api.mul(a, b) },
  },
  mul_scalar: {
    torch: "i[0] * p['s']",
    descent: { "Tensor.mul": ([a], p) => a.mul(p.s!), mul: ([a], p) => api.mul(a, p.s!) },
  },
  rmul_scalar: { torch: "p['s'] * i[0]", descent: { mul: ([a], p) => api.mul(p.s!, a) } },
  div: {
    torch: "i[0] / i[1]",
    descent: { "Tensor.div": ([a, b]) => a.div(b), div: ([a, b]) => api.div(a, b) },
  },
  div_scalar: {
    torch: "i[0] / p['s']",
    descent: { "Tensor.div": ([a], p) => a.div(p.s!), div: ([a], p) => api.div(a, p.s!) },
  },
  rdiv_scalar: { torch: "p['s'] / i[0]", descent: { div: ([a], p) => api.div(p.s!, a) } },
  pow: {
    torch: "torch.pow(i[0], i[1])",
    descent: { "Tensor.pow": ([a, b]) => a.pow(b), pow: ([a, b]) => api.pow(a, b) },
  },
  pow_scalar: {
    torch: "torch.pow(i[0], num(p['e']))",
    descent: {
      "Tensor.pow": ([a], p) => a.pow(num(p.e)!),
      pow: ([a], p) => api.pow(a, num(p.e)!),
    },
  },
  rpow_scalar: { torch: "torch.pow(p['s'], i[0])", descent: { pow: ([a], p) => api.pow(p.s!, a) } },
  neg: {
    torch: "i[0].neg()",
    descent: { "Tensor.neg": ([a]) => a.neg(), neg: ([a]) => api.neg(a) },
  },
  exp: {
    torch: "i[0].exp()",
    descent: { "Tensor.exp": ([a]) => a.exp(), exp: ([a]) => api.exp(a) },
  },
  log: {
    torch: "i[0].log()",
    descent: { "Tensor.log": ([a]) => a.log(), log: ([a]) => api.log(a) },
  },
  sqrt: {
    torch: "i[0].sqrt()",
    descent: { "Tensor.sqrt": ([a]) => a.sqrt(), sqrt: ([a]) => api.sqrt(a) },
  },
  abs: {
    torch: "i[0].abs()",
    descent: { "Tensor.abs": ([a]) => a.abs(), abs: ([a]) => api.abs(a) },
  },
  sin: {
    torch: "i[0].sin()",
    descent: { "Tensor.sin": ([a]) => a.sin(), sin: ([a]) => api.sin(a) },
  },
  cos: {
    torch: "i[0].cos()",
    descent: { "Tensor.cos": ([a]) => a.cos(), cos: ([a]) => api.cos(a) },
  },
  tanh: {
    torch: "i[0].tanh()",
    descent: { "Tensor.tanh": ([a]) => a.tanh(), tanh: ([a]) => api.tanh(a) },
  },
  sigmoid: {
    torch: "i[0].sigmoid()",
    descent: { "Tensor.sigmoid": ([a]) => a.sigmoid(), sigmoid: ([a]) => api.sigmoid(a) },
  },
  relu: {
    torch: "i[0].relu()",
    descent: { "Tensor.relu": ([a]) => a.relu(), relu: ([a]) => api.relu(a) },
  },
  square: {
    torch: "i[0].square()",
    descent: { "Tensor.square": ([a]) => a.square(), square: ([a]) => api.square(a) },
  },
  reciprocal: {
    torch: "i[0].reciprocal()",
    descent: {
      "Tensor.reciprocal": ([a]) => a.reciprocal(),
      reciprocal: ([a]) => api.reciprocal(a),
    },
  },
  clamp: {
    // PyTorch 2.x fills NaN for a NaN bound given alone too; 1.13 (which makes these fixtures)
    // does so only when both are given, so a NaN bound alone is recorded with ±inf as the other
    torch:
      "i[0].clamp(num(p.get('min', '-inf' if p.get('max') == 'nan' else None)), num(p.get('max', 'inf' if p.get('min') == 'nan' else None)))",
    descent: {
      "Tensor.clamp": ([a], p) => a.clamp(num(p.min), num(p.max)),
      clamp: ([a], p) => api.clamp(a, num(p.min), num(p.max)),
    },
  },
  sum: {
    torch: `i[0].sum() if 'dim' not in p else i[0].sum(p['dim'], ${keep})`,
    descent: {
      "Tensor.sum": ([a], p) => a.sum(p.dim ?? null, p.keepdim),
      sum: ([a], p) => api.sum(a, p.dim ?? null, p.keepdim),
    },
  },
  mean: {
    torch: `i[0].mean() if 'dim' not in p else i[0].mean(p['dim'], ${keep})`,
    descent: {
      "Tensor.mean": ([a], p) => a.mean(p.dim ?? null, p.keepdim),
      mean: ([a], p) => api.mean(a, p.dim ?? null, p.keepdim),
    },
  },
  max: {
    torch: "i[0].max()",
    descent: { "Tensor.max": ([a]) => a.max(), max: ([a]) => api.max(a) },
  },
  min: {
    torch: "i[0].min()",
    descent: { "Tensor.min": ([a]) => a.min(), min: ([a]) => api.min(a) },
  },
  matmul: {
    // generate.py records PyTorch 2.x's node names for this key (matmul_name_2x)
    torch: "torch.matmul(i[0], i[1])",
    descent: { "Tensor.matmul": ([a, b]) => a.matmul(b), matmul: ([a, b]) => api.matmul(a, b) },
  },
  mm: {
    torch: "torch.mm(i[0], i[1])",
    descent: { "Tensor.mm": ([a, b]) => a.mm(b), mm: ([a, b]) => api.mm(a, b) },
  },
  dot: {
    torch: "torch.dot(i[0], i[1])",
    descent: { "Tensor.dot": ([a, b]) => a.dot(b), dot: ([a, b]) => api.dot(a, b) },
  },
  t: { torch: "i[0].t()", descent: { "Tensor.t": ([a]) => a.t(), t: ([a]) => api.t(a) } },
  transpose: {
    torch: "i[0].transpose(p['dims'][0], p['dims'][1])",
    descent: {
      "Tensor.transpose": ([a], p) => a.transpose(p.dims![0], p.dims![1]),
      transpose: ([a], p) => api.transpose(a, p.dims![0], p.dims![1]),
    },
  },
  permute: {
    torch: "i[0].permute(p['dims'])",
    descent: {
      "Tensor.permute": ([a], p) => a.permute(p.dims!),
      permute: ([a], p) => api.permute(a, p.dims!),
    },
  },
  reshape: {
    torch: "i[0].reshape(p['shape'])",
    descent: {
      "Tensor.reshape": ([a], p) => a.reshape(p.shape!),
      reshape: ([a], p) => api.reshape(a, p.shape!),
    },
  },
  view: {
    torch: "i[0].view(p['shape'])",
    descent: {
      "Tensor.view": ([a], p) => a.view(p.shape!),
      view: ([a], p) => api.view(a, p.shape!),
    },
  },
  flatten: {
    torch: "i[0].flatten(p.get('start', 0), p.get('end', -1))",
    descent: {
      "Tensor.flatten": ([a], p) => a.flatten(p.start, p.end),
      flatten: ([a], p) => api.flatten(a, p.start, p.end),
    },
  },
  squeeze: {
    torch: "i[0].squeeze() if 'dim' not in p else i[0].squeeze(p['dim'])",
    descent: {
      "Tensor.squeeze": ([a], p) => a.squeeze(p.dim as number | undefined),
      squeeze: ([a], p) => api.squeeze(a, p.dim as number | undefined),
    },
  },
  unsqueeze: {
    torch: "i[0].unsqueeze(p['dim'])",
    descent: {
      "Tensor.unsqueeze": ([a], p) => a.unsqueeze(p.dim as number),
      unsqueeze: ([a], p) => api.unsqueeze(a, p.dim as number),
    },
  },
  expand: {
    torch: "i[0].expand(p['shape'])",
    descent: {
      "Tensor.expand": ([a], p) => a.expand(p.shape!),
      expand: ([a], p) => api.expand(a, p.shape!),
    },
  },
  clone: {
    torch: "i[0].clone()",
    descent: { "Tensor.clone": ([a]) => a.clone(), clone: ([a]) => api.clone(a) },
  },
  contiguous: {
    torch: "i[0].contiguous()",
    descent: {
      "Tensor.contiguous": ([a]) => a.contiguous(),
      contiguous: ([a]) => api.contiguous(a),
    },
  },
  where: {
    torch: "torch.where(i[0], i[1], i[2])",
    descent: { where: ([c, x, y]) => api.where(c, x, y) },
  },
  where_scalar: {
    torch: "torch.where(i[0], i[1], p['s'])",
    descent: { where: ([c, x], p) => api.where(c, x, p.s!) },
  },
  maximum: {
    torch: "torch.maximum(i[0], i[1])",
    descent: { "Tensor.maximum": ([a, b]) => a.maximum(b), maximum: ([a, b]) => api.maximum(a, b) },
  },
  minimum: {
    torch: "torch.minimum(i[0], i[1])",
    descent: { "Tensor.minimum": ([a, b]) => a.minimum(b), minimum: ([a, b]) => api.minimum(a, b) },
  },
  max_dim: {
    torch: `i[0].max(p['dim'], ${keep}).values`,
    descent: {
      "Tensor.max": ([a], p) => a.max(p.dim as number, p.keepdim).values,
      maxDim: ([a], p) => api.maxDim(a, p.dim as number, p.keepdim).values,
    },
  },
  min_dim: {
    torch: `i[0].min(p['dim'], ${keep}).values`,
    descent: {
      "Tensor.min": ([a], p) => a.min(p.dim as number, p.keepdim).values,
      minDim: ([a], p) => api.minDim(a, p.dim as number, p.keepdim).values,
    },
  },
  // indices: int64
  max_dim_indices: {
    torch: `i[0].max(p['dim'], ${keep}).indices`,
    descent: {
      "Tensor.max": ([a], p) => a.max(p.dim as number, p.keepdim).indices,
      maxDim: ([a], p) => api.maxDim(a, p.dim as number, p.keepdim).indices,
    },
  },
  min_dim_indices: {
    torch: `i[0].min(p['dim'], ${keep}).indices`,
    descent: {
      "Tensor.min": ([a], p) => a.min(p.dim as number, p.keepdim).indices,
      minDim: ([a], p) => api.minDim(a, p.dim as number, p.keepdim).indices,
    },
  },
  argmax: {
    torch: `(i[0].argmax() if 'dim' not in p else i[0].argmax(p['dim'], ${keep}))`,
    descent: {
      "Tensor.argmax": ([a], p) => a.argmax(p.dim as number | undefined, p.keepdim),
      argmax: ([a], p) => api.argmax(a, p.dim as number | undefined, p.keepdim),
    },
  },
  argmin: {
    torch: `(i[0].argmin() if 'dim' not in p else i[0].argmin(p['dim'], ${keep}))`,
    descent: {
      "Tensor.argmin": ([a], p) => a.argmin(p.dim as number | undefined, p.keepdim),
      argmin: ([a], p) => api.argmin(a, p.dim as number | undefined, p.keepdim),
    },
  },
  softmax: {
    torch: "i[0].softmax(p['dim'])",
    descent: {
      "Tensor.softmax": ([a], p) => a.softmax(p.dim as number),
      softmax: ([a], p) => api.softmax(a, p.dim as number),
    },
  },
  log_softmax: {
    torch: "i[0].log_softmax(p['dim'])",
    descent: {
      "Tensor.logSoftmax": ([a], p) => a.logSoftmax(p.dim as number),
      logSoftmax: ([a], p) => api.logSoftmax(a, p.dim as number),
    },
  },
  logsumexp: {
    torch: `torch.logsumexp(i[0], p['dim'], ${keep})`,
    descent: { logsumexp: ([a], p) => api.logsumexp(a, p.dim as number, p.keepdim) },
  },
  select: {
    torch: "i[0].select(p['dim'], p['index'])",
    descent: {
      "Tensor.select": ([a], p) => a.select(p.dim as number, p.index!),
      select: ([a], p) => api.select(a, p.dim as number, p.index!),
    },
  },
  narrow: {
    torch: "i[0].narrow(p['dim'], p['start'], p['length'])",
    descent: {
      "Tensor.narrow": ([a], p) => a.narrow(p.dim as number, p.start!, p.length!),
      narrow: ([a], p) => api.narrow(a, p.dim as number, p.start!, p.length!),
    },
  },
  cat: { torch: "torch.cat(i, p['dim'])", descent: { cat: (i, p) => api.cat(i, p.dim as number) } },
  stack: {
    torch: "torch.stack(i, p['dim'])",
    descent: { stack: (i, p) => api.stack(i, p.dim as number) },
  },
  T: { torch: "i[0].T", descent: { "Tensor.T": ([a]) => a.T } },
  double: { torch: "i[0].double()", descent: { "Tensor.double": ([a]) => a.double() } },
  float: { torch: "i[0].float()", descent: { "Tensor.float": ([a]) => a.float() } },
  // comparisons: bool results
  eq: {
    torch: "i[0] == i[1]",
    descent: { "Tensor.eq": ([a, b]) => a.eq(b), eq: ([a, b]) => api.eq(a, b) },
  },
  ne: {
    torch: "i[0] != i[1]",
    descent: { "Tensor.ne": ([a, b]) => a.ne(b), ne: ([a, b]) => api.ne(a, b) },
  },
  gt: {
    torch: "i[0] > i[1]",
    descent: { "Tensor.gt": ([a, b]) => a.gt(b), gt: ([a, b]) => api.gt(a, b) },
  },
  ge: {
    torch: "i[0] >= i[1]",
    descent: { "Tensor.ge": ([a, b]) => a.ge(b), ge: ([a, b]) => api.ge(a, b) },
  },
  lt: {
    torch: "i[0] < i[1]",
    descent: { "Tensor.lt": ([a, b]) => a.lt(b), lt: ([a, b]) => api.lt(a, b) },
  },
  le: {
    torch: "i[0] <= i[1]",
    descent: { "Tensor.le": ([a, b]) => a.le(b), le: ([a, b]) => api.le(a, b) },
  },
  gt_scalar: {
    torch: "i[0] > p['s']",
    descent: { "Tensor.gt": ([a], p) => a.gt(p.s!), gt: ([a], p) => api.gt(a, p.s!) },
  },
  // in-place ops on a non-leaf (a clone), which rebase its history
  add_: {
    torch: "i[0].clone().add_(i[1], alpha=p.get('alpha', 1))",
    descent: { "Tensor.add_": ([a, b], p) => a.clone().add_(b, { alpha: p.alpha ?? 1 }) },
  },
  sub_: {
    torch: "i[0].clone().sub_(i[1], alpha=p.get('alpha', 1))",
    descent: { "Tensor.sub_": ([a, b], p) => a.clone().sub_(b, { alpha: p.alpha ?? 1 }) },
  },
  mul_: {
    torch: "i[0].clone().mul_(i[1])",
    descent: { "Tensor.mul_": ([a, b]) => a.clone().mul_(b) },
  },
  div_: {
    torch: "i[0].clone().div_(i[1])",
    descent: { "Tensor.div_": ([a, b]) => a.clone().div_(b) },
  },
  add_scalar_: {
    torch: "i[0].clone().add_(p['s'])",
    descent: { "Tensor.add_": ([a], p) => a.clone().add_(p.s!) },
  },
  mul_scalar_: {
    torch: "i[0].clone().mul_(p['s'])",
    descent: { "Tensor.mul_": ([a], p) => a.clone().mul_(p.s!) },
  },
  zero_: { torch: "i[0].clone().zero_()", descent: { "Tensor.zero_": ([a]) => a.clone().zero_() } },
  fill_: {
    torch: "i[0].clone().fill_(p['s'])",
    descent: { "Tensor.fill_": ([a], p) => a.clone().fill_(p.s!) },
  },
  copy_: {
    torch: "i[0].clone().copy_(i[1])",
    descent: { "Tensor.copy_": ([a, b]) => a.clone().copy_(b) },
  },
  // compositions: non-contiguous inputs, reused inputs, the tutorial loss
  t_contiguous: { torch: "i[0].t().contiguous()", descent: ([a]) => a.t().contiguous() },
  t_reshape: {
    torch: "i[0].t().reshape(p['shape'])",
    descent: ([a], p) => a.t().reshape(p.shape!),
  },
  t_mul_sum: { torch: "i[0].t().mul(i[1]).sum(0)", descent: ([a, b]) => a.t().mul(b).sum(0) },
  permute_sum: {
    torch: "i[0].permute(2, 0, 1).sum(-1)",
    descent: ([a]) => a.permute(2, 0, 1).sum(-1),
  },
  expand_mul: { torch: "i[0].expand(3, 4).mul(i[1])", descent: ([a, b]) => a.expand(3, 4).mul(b) },
  mul_self: { torch: "i[0].mul(i[0])", descent: ([a]) => a.mul(a) },
  div_by_sum: { torch: "i[0].div(i[0].sum())", descent: ([a]) => a.div(a.sum()) },
  tutorial_loss: {
    torch: "i[0].sub(i[1]).square().mean()",
    descent: ([pred, y]) => pred.sub(y).square().mean(),
  },
  exp_add_log: { torch: "i[0].exp().add(1).log()", descent: ([a]) => a.exp().add(1).log() },
  mm_tanh_sum: { torch: "i[0].mm(i[1]).tanh().sum(1)", descent: ([a, b]) => a.mm(b).tanh().sum(1) },
  sigmoid_mul_sum: {
    torch: "i[0].sigmoid().mul(i[0]).sum()",
    descent: ([a]) => a.sigmoid().mul(a).sum(),
  },
  square_mean_sqrt: {
    torch: "i[0].square().mean(1).sqrt()",
    descent: ([a]) => a.square().mean(1).sqrt(),
  },
  mul_max: { torch: "i[0].mul(2).max()", descent: ([a]) => a.mul(2).max() },
  transpose_matmul: {
    torch: "i[0].transpose(-1, -2).matmul(i[1])",
    descent: ([a, b]) => a.transpose(-1, -2).matmul(b),
  },
  bmm: { torch: "torch.bmm(i[0], i[1])", descent: { bmm: ([a, b]) => api.bmm(a, b) } },
  bmm_transposed: {
    torch: "torch.bmm(i[0].transpose(1, 2), i[1])",
    descent: ([a, b]) => api.bmm(a.transpose(1, 2), b),
  },
  mv: { torch: "torch.mv(i[0], i[1])", descent: { mv: ([a, v]) => api.mv(a, v) } },
  mv_transposed: { torch: "torch.mv(i[0].t(), i[1])", descent: ([a, v]) => api.mv(a.t(), v) },
  detach: {
    torch: "i[0].detach()",
    descent: { "Tensor.detach": ([a]) => a.detach(), detach: ([a]) => api.detach(a) },
  },
  data: { torch: "i[0].data", descent: { "Tensor.data": ([a]) => a.data } },
  to: {
    torch: "i[0].to(getattr(torch, p['dtype']))",
    descent: { "Tensor.to": ([a], p) => a.to(p.dtype!), to: ([a], p) => api.to(a, p.dtype!) },
  },
  // PyTorch's public spelling of at::sum_to
  sum_to: {
    torch: "i[0].sum_to_size(p['shape'])",
    descent: { sumTo: ([a], p) => api.sumTo(a, p.shape!) },
  },
  // creation: no inputs; the result in the case's dtype
  zeros: {
    torch: "torch.zeros(p['shape'], dtype=dtype)",
    descent: { zeros: (_, p, dtype) => api.zeros(p.shape!, { dtype }) },
  },
  ones: {
    torch: "torch.ones(p['shape'], dtype=dtype)",
    descent: { ones: (_, p, dtype) => api.ones(p.shape!, { dtype }) },
  },
  full: {
    torch: "torch.full(p['shape'], num(p['value']), dtype=dtype)",
    descent: { full: (_, p, dtype) => api.full(p.shape!, num(p.value)!, { dtype }) },
  },
  arange: {
    torch: "torch.arange(p.get('start', 0), p['end'], p.get('step', 1), dtype=dtype)",
    descent: {
      arange: (_, p, dtype) =>
        p.start === undefined && p.step === undefined
          ? api.arange(p.end!, undefined, undefined, { dtype })
          : api.arange(p.start ?? 0, p.end, p.step, { dtype }),
    },
  },
  linspace: {
    torch: "torch.linspace(p['start'], p['end'], p['steps'], dtype=dtype)",
    descent: { linspace: (_, p, dtype) => api.linspace(p.start!, p.end!, p.steps!, { dtype }) },
  },
  eye: {
    torch: "torch.eye(p['n'], p.get('m', p['n']), dtype=dtype)",
    descent: { eye: (_, p, dtype) => api.eye(p.n!, p.m, { dtype }) },
  },
  tensor: {
    torch: "torch.tensor(p['data'], dtype=dtype)",
    descent: { tensor: (_, p, dtype) => api.tensor(p.data!, { dtype }) },
  },
  float_tensor: {
    torch: "torch.FloatTensor(p['data'])",
    descent: { floatTensor: (_, p) => api.floatTensor(p.data!) },
  },
  zeros_like: {
    torch: "torch.zeros_like(i[0])",
    descent: { zerosLike: ([a]) => api.zerosLike(a) },
  },
  ones_like: { torch: "torch.ones_like(i[0])", descent: { onesLike: ([a]) => api.onesLike(a) } },
  full_like: {
    torch: "torch.full_like(i[0], num(p['value']))",
    descent: { fullLike: ([a], p) => api.fullLike(a, num(p.value)!) },
  },
  // torch.autograd.functional, of a function whose every output depends on every input
  jacobian: {
    torch: "torch.autograd.functional.jacobian(lambda x: x.sin() * x.sum(), i[0])",
    descent: { jacobian: ([a]) => api.jacobian((x) => x.sin().mul(x.sum()), a) },
  },
  hessian: {
    torch: "torch.autograd.functional.hessian(lambda x: (x.sin() * x.sum()).sum(), i[0])",
    descent: { hessian: ([a]) => api.hessian((x) => x.sin().mul(x.sum()).sum(), a) },
  },
  // ---- linear algebra (issue 13) ----
  addmm: {
    torch: "torch.addmm(i[0], i[1], i[2], beta=p.get('beta', 1), alpha=p.get('alpha', 1))",
    descent: {
      addmm: ([x, a, b], p) => api.addmm(x, a, b, { beta: p.beta, alpha: p.alpha }),
      "Tensor.addmm": ([x, a, b], p) => x.addmm(a, b, { beta: p.beta, alpha: p.alpha }),
    },
  },
  addmm_transposed: {
    torch: "torch.addmm(i[0], i[1].t(), i[2].t())",
    descent: ([x, a, b]) => api.addmm(x, a.t(), b.t()),
  },
  addmv: {
    torch: "torch.addmv(i[0], i[1], i[2], beta=p.get('beta', 1), alpha=p.get('alpha', 1))",
    descent: {
      addmv: ([x, a, v], p) => api.addmv(x, a, v, { beta: p.beta, alpha: p.alpha }),
      "Tensor.addmv": ([x, a, v], p) => x.addmv(a, v, { beta: p.beta, alpha: p.alpha }),
    },
  },
  baddbmm: {
    torch: "torch.baddbmm(i[0], i[1], i[2], beta=p.get('beta', 1), alpha=p.get('alpha', 1))",
    descent: {
      baddbmm: ([x, a, b], p) => api.baddbmm(x, a, b, { beta: p.beta, alpha: p.alpha }),
      "Tensor.baddbmm": ([x, a, b], p) => x.baddbmm(a, b, { beta: p.beta, alpha: p.alpha }),
    },
  },
  linalg_solve: {
    torch: "torch.linalg.solve(i[0], i[1], left=p.get('left', True))",
    descent: { "linalg.solve": ([a, b], p) => api.linalg.solve(a, b, { left: p.left }) },
  },
  linalg_inv: {
    torch: "torch.linalg.inv(i[0])",
    descent: { "linalg.inv": ([a]) => api.linalg.inv(a) },
  },
  linalg_det: {
    torch: "torch.linalg.det(i[0])",
    descent: { "linalg.det": ([a]) => api.linalg.det(a) },
  },
  linalg_slogdet: {
    torch: "list(torch.linalg.slogdet(i[0]))",
    descent: {
      "linalg.slogdet": ([a]) => {
        const r = api.linalg.slogdet(a);
        return [r.sign, r.logabsdet];
      },
    },
  },
  linalg_cholesky: {
    torch: "torch.linalg.cholesky(i[0], upper=p.get('upper', False))",
    descent: { "linalg.cholesky": ([a], p) => api.linalg.cholesky(a, { upper: p.upper }) },
  },
  linalg_qr: {
    torch: "list(torch.linalg.qr(i[0], mode=p.get('mode', 'reduced')))",
    descent: {
      "linalg.qr": ([a], p) => {
        const r = api.linalg.qr(a, { mode: p.mode as "reduced" | "complete" | "r" | undefined });
        return [r.Q, r.R];
      },
    },
  },
  // eigenvectors and singular vectors up to sign: see colSigns
  linalg_eigh: {
    torch: "gauge_eigh(torch.linalg.eigh(i[0], UPLO=p.get('uplo', 'L')))",
    descent: {
      "linalg.eigh": ([a], p) => {
        const r = api.linalg.eigh(a, { UPLO: p.uplo });
        return [r.eigenvalues, r.eigenvectors.mul(colSigns(r.eigenvectors))];
      },
    },
  },
  linalg_svd: {
    torch: "gauge_svd(torch.linalg.svd(i[0], full_matrices=p.get('full', True)))",
    descent: {
      "linalg.svd": ([a], p) => {
        const { U, S, Vh } = api.linalg.svd(a, { fullMatrices: p.full });
        const k = S.shape[S.ndim - 1];
        const u = U.narrow(-1, 0, k);
        const signs = colSigns(u);
        return [u.mul(signs), S, Vh.narrow(-2, 0, k).mul(signs.transpose(-2, -1))];
      },
    },
  },
  linalg_svdvals: {
    torch: "torch.linalg.svdvals(i[0])",
    descent: { "linalg.svdvals": ([a]) => api.linalg.svdvals(a) },
  },
  // rank: int64, as PyTorch's; residuals compared detached: 1.13 does not differentiate them,
  // 2.x does (conformance/linalg_2x_test.ts)
  linalg_lstsq: {
    torch:
      "(lambda r: [r.solution, r.residuals, r.rank, r.singular_values])(torch.linalg.lstsq(i[0], i[1], rcond=p.get('rcond'), driver=p.get('driver')))",
    descent: {
      "linalg.lstsq": ([a, b], p) => {
        const r = api.linalg.lstsq(a, b, { rcond: p.rcond, driver: p.driver });
        return [r.solution, r.residuals.detach(), r.rank, r.singularValues];
      },
    },
  },
  linalg_matrix_norm: {
    torch:
      "torch.linalg.matrix_norm(i[0], p.get('ord', 'fro') if p.get('ord', 'fro') in ('fro', 'nuc') else num(p['ord']), dim=p.get('dims', (-2, -1)), keepdim=p.get('keepdim', False))",
    descent: {
      "linalg.matrixNorm": ([a], p) =>
        api.linalg.matrixNorm(a, p.ord === "fro" || p.ord === "nuc" ? p.ord : num(p.ord) ?? "fro", {
          dim: p.dims,
          keepdim: p.keepdim,
        }),
    },
  },
  // non-contiguous inputs (a transposed view): det factors A itself then, as PyTorch does
  linalg_solve_transposed: {
    torch: "torch.linalg.solve(i[0].mT, i[1].mT)",
    descent: ([a, b]) => api.linalg.solve(a.transpose(-2, -1), b.transpose(-2, -1)),
  },
  linalg_det_transposed: {
    torch: "torch.linalg.det(i[0].mT)",
    descent: ([a]) => api.linalg.det(a.transpose(-2, -1)),
  },
  linalg_qr_transposed: {
    torch: "list(torch.linalg.qr(i[0].mT))",
    descent: ([a]) => {
      const r = api.linalg.qr(a.transpose(-2, -1));
      return [r.Q, r.R];
    },
  },
  // solving a nonlinear system by Newton steps, examples/newton_step.ts's computation
  newton_step: {
    torch:
      "i[0] - torch.linalg.solve(torch.autograd.functional.jacobian(lambda x: torch.stack([x[0]**2 + x[1]**2 - 4, x[0] * x[1] - 1]), i[0], create_graph=True), torch.stack([i[0][0]**2 + i[0][1]**2 - 4, i[0][0] * i[0][1] - 1]))",
    descent: ([x]) => {
      const f = (v: Tensor) =>
        api.stack([
          v.select(0, 0).square().add(v.select(0, 1).square()).sub(4),
          v.select(0, 0).mul(v.select(0, 1)).sub(1),
        ]);
      return x.sub(api.linalg.solve(api.jacobian(f, x, { createGraph: true }), f(x)));
    },
  },
  // ---- shape and joining (issue 13); `nc` reads the first input transposed ----
  pad: {
    torch:
      `torch.nn.functional.pad(${NC}, p['pad'], mode=p.get('padMode', 'constant'), value=num(p.get('value')))`,
    descent: {
      pad: ([a], p) => api.pad(nc(a, p), p.pad!, { mode: p.padMode, value: num(p.value) }),
    },
  },
  flip: {
    torch: `${NC}.flip(p['dims'])`,
    descent: {
      "Tensor.flip": ([a], p) => nc(a, p).flip(p.dims!),
      flip: ([a], p) => api.flip(nc(a, p), p.dims!),
    },
  },
  roll: {
    torch: `${NC}.roll(p['shifts'], p.get('dims', ()))`,
    descent: {
      "Tensor.roll": ([a], p) => nc(a, p).roll(p.shifts!, p.dims),
      roll: ([a], p) => api.roll(nc(a, p), p.shifts!, p.dims),
    },
  },
  tril: {
    torch: `${NC}.tril(p.get('offset', 0))`,
    descent: {
      "Tensor.tril": ([a], p) => nc(a, p).tril(p.offset),
      tril: ([a], p) => api.tril(nc(a, p), p.offset),
    },
  },
  triu: {
    torch: `${NC}.triu(p.get('offset', 0))`,
    descent: {
      "Tensor.triu": ([a], p) => nc(a, p).triu(p.offset),
      triu: ([a], p) => api.triu(nc(a, p), p.offset),
    },
  },
  // generate.py records PyTorch 2.x's names (DiagEmbedBackward0, DiagonalBackward0_copy)
  diag: {
    torch: `${NC}.diag(p.get('offset', 0))`,
    descent: {
      "Tensor.diag": ([a], p) => nc(a, p).diag(p.offset),
      diag: ([a], p) => api.diag(nc(a, p), p.offset),
    },
  },
  diagonal: {
    torch: `${NC}.diagonal(p.get('offset', 0), p.get('dim1', 0), p.get('dim2', 1))`,
    descent: {
      "Tensor.diagonal": ([a], p) => nc(a, p).diagonal(p.offset, p.dim1, p.dim2),
      diagonal: ([a], p) => api.diagonal(nc(a, p), p.offset, p.dim1, p.dim2),
    },
  },
  diag_embed: {
    torch: `torch.diag_embed(${NC}, p.get('offset', 0), p.get('dim1', -2), p.get('dim2', -1))`,
    descent: {
      "Tensor.diagEmbed": ([a], p) => nc(a, p).diagEmbed(p.offset, p.dim1, p.dim2),
      diagEmbed: ([a], p) => api.diagEmbed(nc(a, p), p.offset, p.dim1, p.dim2),
    },
  },
  trace: {
    torch: `${NC}.trace()`,
    descent: {
      "Tensor.trace": ([a], p) => nc(a, p).trace(),
      trace: ([a], p) => api.trace(nc(a, p)),
    },
  },
  repeat: {
    torch: `${NC}.repeat(p['repeats'])`,
    descent: {
      "Tensor.repeat": ([a], p) => nc(a, p).repeat(p.repeats as number[]),
      repeat: ([a], p) => api.repeat(nc(a, p), [p.repeats as number[]]),
    },
  },
  tile: {
    torch: `${NC}.tile(p['repeats'])`,
    descent: {
      "Tensor.tile": ([a], p) => nc(a, p).tile(p.repeats as number[]),
      tile: ([a], p) => api.tile(nc(a, p), [p.repeats as number[]]),
    },
  },
  // generate.py records PyTorch 2.x's name (ViewBackward0: an expanded copy, flattened)
  repeat_interleave: {
    torch: `${NC}.repeat_interleave(p['repeats'], p.get('dim'))`,
    descent: {
      "Tensor.repeatInterleave": ([a], p) =>
        nc(a, p).repeatInterleave(p.repeats as number, p.dim as number | undefined),
      repeatInterleave: ([a], p) =>
        api.repeatInterleave(nc(a, p), p.repeats as number, p.dim as number | undefined),
    },
  },
  // the counts: PyTorch's int64, made float32 here (descent's integer-valued floats for now)
  repeat_interleave_tensor: {
    torch: `${NC}.repeat_interleave(i[1], p.get('dim'))`,
    descent: {
      "Tensor.repeatInterleave": ([a, r], p) =>
        nc(a, p).repeatInterleave(r, p.dim as number | undefined),
      repeatInterleave: ([a, r], p) =>
        api.repeatInterleave(nc(a, p), r, p.dim as number | undefined),
    },
  },
  split: {
    torch: `${NC}.split(p['split'], p.get('dim', 0))`,
    descent: {
      "Tensor.split": ([a], p) => nc(a, p).split(p.split!, p.dim as number | undefined),
      split: ([a], p) => api.split(nc(a, p), p.split!, p.dim as number | undefined),
    },
  },
  chunk: {
    torch: `${NC}.chunk(p['chunks'], p.get('dim', 0))`,
    descent: {
      "Tensor.chunk": ([a], p) => nc(a, p).chunk(p.chunks!, p.dim as number | undefined),
      chunk: ([a], p) => api.chunk(nc(a, p), p.chunks!, p.dim as number | undefined),
    },
  },
  unbind: {
    torch: `${NC}.unbind(p.get('dim', 0))`,
    descent: {
      "Tensor.unbind": ([a], p) => nc(a, p).unbind(p.dim as number | undefined),
      unbind: ([a], p) => api.unbind(nc(a, p), p.dim as number | undefined),
    },
  },
  unflatten: {
    torch: `${NC}.unflatten(p['dim'], p['sizes'])`,
    descent: {
      "Tensor.unflatten": ([a], p) => nc(a, p).unflatten(p.dim as number, p.sizes!),
      unflatten: ([a], p) => api.unflatten(nc(a, p), p.dim as number, p.sizes!),
    },
  },
  movedim: {
    torch: `${NC}.movedim(p['source'], p['destination'])`,
    descent: {
      "Tensor.movedim": ([a], p) => nc(a, p).movedim(p.source!, p.destination!),
      movedim: ([a], p) => api.movedim(nc(a, p), p.source!, p.destination!),
    },
  },
  swapaxes: {
    torch: `${NC}.swapaxes(p['dims'][0], p['dims'][1])`,
    descent: {
      "Tensor.swapaxes": ([a], p) => nc(a, p).swapaxes(p.dims![0], p.dims![1]),
      swapaxes: ([a], p) => api.swapaxes(nc(a, p), p.dims![0], p.dims![1]),
      "Tensor.swapdims": ([a], p) => nc(a, p).swapdims(p.dims![0], p.dims![1]),
      swapdims: ([a], p) => api.swapdims(nc(a, p), p.dims![0], p.dims![1]),
    },
  },
  meshgrid: {
    torch: "list(torch.meshgrid(*i, indexing=p['indexing']))",
    descent: { meshgrid: (i, p) => api.meshgrid(i, { indexing: p.indexing }) },
  },
  unfold: {
    torch: `${NC}.unfold(p['dim'], p['size'], p['step'])`,
    descent: {
      "Tensor.unfold": ([a], p) => nc(a, p).unfold(p.dim as number, p.size as number, p.step!),
      unfold: ([a], p) => api.unfold(nc(a, p), p.dim as number, p.size as number, p.step!),
    },
  },
  outer: {
    torch: "torch.outer(i[0], i[1])",
    descent: { "Tensor.outer": ([a, b]) => a.outer(b), outer: ([a, b]) => api.outer(a, b) },
  },
  kron: {
    torch: `torch.kron(${NC}, i[1])`,
    descent: {
      "Tensor.kron": ([a, b], p) => nc(a, p).kron(b),
      kron: ([a, b], p) => api.kron(nc(a, p), b),
    },
  },
  einsum: {
    torch: `torch.einsum(p['equation'], ${NC}, *i[1:])`,
    descent: { einsum: ([a, ...rest], p) => api.einsum(p.equation!, nc(a, p), ...rest) },
  },
  split_first: {
    torch: `${NC}.split(p['split'], p.get('dim', 0))[0]`,
    descent: ([a], p) => api.split(nc(a, p), p.split!, p.dim as number | undefined)[0],
  },
  // ---- end shape and joining ----
  // convolution, pooling, attention (issue 13): torch.nn.functional, keyword arguments from p
  conv1d: {
    torch: `F.conv1d(i[0], i[1], i[2] if len(i) > 2 else None, ${conv})`,
    descent: { conv1d: ([x, w, b], p) => api.conv1d(x, w, b, convOptions(p)) },
  },
  conv2d: {
    torch: `F.conv2d(i[0], i[1], i[2] if len(i) > 2 else None, ${conv})`,
    descent: { conv2d: ([x, w, b], p) => api.conv2d(x, w, b, convOptions(p)) },
  },
  // a non-contiguous input: the same values read through transposed strides
  conv2d_transposed_input: {
    torch: `F.conv2d(i[0].transpose(2, 3), i[1], i[2] if len(i) > 2 else None, ${conv})`,
    descent: ([x, w, b], p) => api.conv2d(x.transpose(2, 3), w, b, convOptions(p)),
  },
  conv_transpose1d: {
    torch: `F.conv_transpose1d(i[0], i[1], i[2] if len(i) > 2 else None, ${convT})`,
    descent: {
      convTranspose1d: ([x, w, b], p) => api.convTranspose1d(x, w, b, convTOptions(p)),
    },
  },
  conv_transpose2d: {
    torch: `F.conv_transpose2d(i[0], i[1], i[2] if len(i) > 2 else None, ${convT})`,
    descent: {
      convTranspose2d: ([x, w, b], p) => api.convTranspose2d(x, w, b, convTOptions(p)),
    },
  },
  max_pool1d: {
    torch: `F.max_pool1d(i[0], p['kernelSize'], ${maxPool})`,
    descent: { maxPool1d: ([x], p) => api.maxPool1d(x, p.kernelSize!, maxPoolOptions(p)) },
  },
  max_pool2d: {
    torch: `F.max_pool2d(i[0], p['kernelSize'], ${maxPool})`,
    descent: { maxPool2d: ([x], p) => api.maxPool2d(x, p.kernelSize!, maxPoolOptions(p)) },
  },
  max_pool2d_transposed_input: {
    torch: `F.max_pool2d(i[0].transpose(-1, -2), p['kernelSize'], ${maxPool})`,
    descent: ([x], p) => api.maxPool2d(x.transpose(-1, -2), p.kernelSize!, maxPoolOptions(p)),
  },
  avg_pool1d: {
    torch: `F.avg_pool1d(i[0], p['kernelSize'], ${avgPool})`,
    descent: { avgPool1d: ([x], p) => api.avgPool1d(x, p.kernelSize!, avgPoolOptions(p)) },
  },
  avg_pool2d: {
    torch:
      `F.avg_pool2d(i[0], p['kernelSize'], ${avgPool}, divisor_override=p.get('divisorOverride'))`,
    descent: { avgPool2d: ([x], p) => api.avgPool2d(x, p.kernelSize!, avgPoolOptions(p)) },
  },
  adaptive_avg_pool2d: {
    torch: "F.adaptive_avg_pool2d(i[0], p['outputSize'])",
    descent: { adaptiveAvgPool2d: ([x], p) => api.adaptiveAvgPool2d(x, p.outputSize!) },
  },
  adaptive_max_pool2d: {
    torch: "F.adaptive_max_pool2d(i[0], p['outputSize'])",
    descent: { adaptiveMaxPool2d: ([x], p) => api.adaptiveMaxPool2d(x, p.outputSize!) },
  },
  interpolate: {
    torch: "F.interpolate(i[0], size=p.get('size'), scale_factor=p.get('scaleFactor'), " +
      "mode=p.get('mode', 'nearest'), align_corners=p.get('alignCorners'), " +
      "recompute_scale_factor=p.get('recomputeScaleFactor'))",
    descent: {
      interpolate: ([x], p) =>
        api.interpolate(x, {
          size: p.size,
          scaleFactor: p.scaleFactor,
          mode: p.mode as api.InterpolateMode | undefined,
          alignCorners: p.alignCorners,
          recomputeScaleFactor: p.recomputeScaleFactor,
        }),
    },
  },
  // PyTorch 1.13 has no scaled_dot_product_attention: generate.py's `sdpa` is 2.x's math path
  // in 1.13's ops (checked equal to 2.13's, dropout included), and the 2.x node name is computed
  scaled_dot_product_attention: {
    torch: `sdpa(i[0], i[1], i[2], ${sdpa})`,
    descent: {
      scaledDotProductAttention: ([q, k, v, m], p) =>
        withSeed(p.seed, () => api.scaledDotProductAttention(q, k, v, sdpaOptions(m, p))),
    },
  },
  scaled_dot_product_attention_transposed_query: {
    torch: `sdpa(i[0].transpose(-1, -2), i[1], i[2], ${sdpa})`,
    descent: ([q, k, v, m], p) =>
      api.scaledDotProductAttention(q.transpose(-1, -2), k, v, sdpaOptions(m, p)),
  },
  // ---- dtypes (issue 11): rounded division, bitwise and logical ops, casts, inference ----
  div_rounded: {
    torch: "torch.div(i[0], i[1], rounding_mode=p['roundingMode'])",
    descent: {
      "Tensor.div": ([a, b], p) => a.div(b, { roundingMode: p.roundingMode }),
      div: ([a, b], p) => api.div(a, b, { roundingMode: p.roundingMode }),
    },
  },
  floor_divide: {
    torch: "torch.floor_divide(i[0], i[1])",
    descent: {
      "Tensor.floorDivide": ([a, b]) => a.floorDivide(b),
      floorDivide: ([a, b]) => api.floorDivide(a, b),
    },
  },
  floor_divide_scalar: {
    torch: "torch.floor_divide(i[0], p['s'])",
    descent: {
      "Tensor.floorDivide": ([a], p) => a.floorDivide(p.s!),
      floorDivide: ([a], p) => api.floorDivide(a, p.s!),
    },
  },
  remainder: {
    torch: "torch.remainder(i[0], i[1])",
    descent: {
      "Tensor.remainder": ([a, b]) => a.remainder(b),
      remainder: ([a, b]) => api.remainder(a, b),
    },
  },
  remainder_scalar: {
    torch: "torch.remainder(i[0], p['s'])",
    descent: {
      "Tensor.remainder": ([a], p) => a.remainder(p.s!),
      remainder: ([a], p) => api.remainder(a, p.s!),
    },
  },
  fmod: {
    torch: "torch.fmod(i[0], i[1])",
    descent: { "Tensor.fmod": ([a, b]) => a.fmod(b), fmod: ([a, b]) => api.fmod(a, b) },
  },
  fmod_scalar: {
    torch: "torch.fmod(i[0], p['s'])",
    descent: { "Tensor.fmod": ([a], p) => a.fmod(p.s!), fmod: ([a], p) => api.fmod(a, p.s!) },
  },
  bitwise_and: {
    torch: "torch.bitwise_and(i[0], i[1])",
    descent: {
      "Tensor.bitwiseAnd": ([a, b]) => a.bitwiseAnd(b),
      bitwiseAnd: ([a, b]) => api.bitwiseAnd(a, b),
    },
  },
  bitwise_or: {
    torch: "torch.bitwise_or(i[0], i[1])",
    descent: {
      "Tensor.bitwiseOr": ([a, b]) => a.bitwiseOr(b),
      bitwiseOr: ([a, b]) => api.bitwiseOr(a, b),
    },
  },
  bitwise_xor: {
    torch: "torch.bitwise_xor(i[0], i[1])",
    descent: {
      "Tensor.bitwiseXor": ([a, b]) => a.bitwiseXor(b),
      bitwiseXor: ([a, b]) => api.bitwiseXor(a, b),
    },
  },
  bitwise_and_scalar: {
    torch: "torch.bitwise_and(i[0], p['s'])",
    descent: {
      "Tensor.bitwiseAnd": ([a], p) => a.bitwiseAnd(p.s!),
      bitwiseAnd: ([a], p) => api.bitwiseAnd(a, p.s!),
    },
  },
  bitwise_not: {
    torch: "torch.bitwise_not(i[0])",
    descent: {
      "Tensor.bitwiseNot": ([a]) => a.bitwiseNot(),
      bitwiseNot: ([a]) => api.bitwiseNot(a),
    },
  },
  logical_and: {
    torch: "torch.logical_and(i[0], i[1])",
    descent: {
      "Tensor.logicalAnd": ([a, b]) => a.logicalAnd(b),
      logicalAnd: ([a, b]) => api.logicalAnd(a, b),
    },
  },
  logical_or: {
    torch: "torch.logical_or(i[0], i[1])",
    descent: {
      "Tensor.logicalOr": ([a, b]) => a.logicalOr(b),
      logicalOr: ([a, b]) => api.logicalOr(a, b),
    },
  },
  logical_xor: {
    torch: "torch.logical_xor(i[0], i[1])",
    descent: {
      "Tensor.logicalXor": ([a, b]) => a.logicalXor(b),
      logicalXor: ([a, b]) => api.logicalXor(a, b),
    },
  },
  logical_not: {
    torch: "torch.logical_not(i[0])",
    descent: {
      "Tensor.logicalNot": ([a]) => a.logicalNot(),
      logicalNot: ([a]) => api.logicalNot(a),
    },
  },
  long: { torch: "i[0].long()", descent: { "Tensor.long": ([a]) => a.long() } },
  int: { torch: "i[0].int()", descent: { "Tensor.int": ([a]) => a.int() } },
  bool: { torch: "i[0].bool()", descent: { "Tensor.bool": ([a]) => a.bool() } },
  /** `tensor()` without a dtype: PyTorch's inference (int64, bool, float32). */
  tensor_inferred: {
    torch: "torch.tensor(p['data'])",
    descent: { tensor: (_, p) => api.tensor(p.data!) },
  },
  full_inferred: {
    torch: "torch.full(p['shape'], p['fill'])",
    descent: { full: (_, p) => api.full(p.shape!, p.fill!) },
  },
  arange_inferred: {
    torch: "torch.arange(p.get('start', 0), p['end'], p.get('step', 1))",
    descent: { arange: (_, p) => api.arange(p.start ?? 0, p.end, p.step) },
  },
  // ---- reductions and scans (issue 13); `nc` reads the first input transposed ----
  prod: {
    torch: `${NC}.prod() if 'dim' not in p else ${NC}.prod(p['dim'], ${keep})`,
    descent: {
      "Tensor.prod": ([a], p) => nc(a, p).prod(p.dim as number | undefined, p.keepdim),
      prod: ([a], p) => api.prod(nc(a, p), p.dim as number | undefined, p.keepdim),
    },
  },
  var: {
    torch: `torch.var(${NC}, p.get('dim'), correction=p.get('correction', 1), ${keep})`,
    descent: {
      "Tensor.var": ([a], p) => nc(a, p).var(p.dim, varOptions(p)),
      variance: ([a], p) => api.variance(nc(a, p), p.dim, varOptions(p)),
    },
  },
  std: {
    torch: `torch.std(${NC}, p.get('dim'), correction=p.get('correction', 1), ${keep})`,
    descent: {
      "Tensor.std": ([a], p) => nc(a, p).std(p.dim, varOptions(p)),
      std: ([a], p) => api.std(nc(a, p), p.dim, varOptions(p)),
    },
  },
  var_mean: {
    torch: `list(torch.var_mean(${NC}, p.get('dim'), correction=p.get('correction', 1), ${keep}))`,
    descent: { varMean: ([a], p) => api.varMean(nc(a, p), p.dim, varOptions(p)) },
  },
  std_mean: {
    torch: `list(torch.std_mean(${NC}, p.get('dim'), correction=p.get('correction', 1), ${keep}))`,
    descent: { stdMean: ([a], p) => api.stdMean(nc(a, p), p.dim, varOptions(p)) },
  },
  // generate.py records PyTorch 2.x's node (torch.norm is linalg.vector_norm there)
  norm: {
    torch: `torch.norm(${NC}, ${ORD}, p.get('dim'), ${keep})`,
    descent: {
      "Tensor.norm": ([a], p) => nc(a, p).norm(normOrder(p), p.dim, p.keepdim),
      norm: ([a], p) => api.norm(nc(a, p), normOrder(p), p.dim, p.keepdim),
    },
  },
  vector_norm: {
    torch: `torch.linalg.vector_norm(${NC}, num(p.get('ord', 2)), p.get('dim'), ${keep})`,
    descent: {
      "linalg.vectorNorm": ([a], p) =>
        api.linalg.vectorNorm(nc(a, p), num(p.ord) ?? 2, { dim: p.dim, keepdim: p.keepdim }),
    },
  },
  amax: {
    torch: `${NC}.amax(p.get('dim', ()), ${keep})`,
    descent: {
      "Tensor.amax": ([a], p) => nc(a, p).amax(p.dim, p.keepdim),
      amax: ([a], p) => api.amax(nc(a, p), p.dim, p.keepdim),
    },
  },
  amin: {
    torch: `${NC}.amin(p.get('dim', ()), ${keep})`,
    descent: {
      "Tensor.amin": ([a], p) => nc(a, p).amin(p.dim, p.keepdim),
      amin: ([a], p) => api.amin(nc(a, p), p.dim, p.keepdim),
    },
  },
  all: {
    torch: `${NC}.all() if 'dim' not in p else ${NC}.all(p['dim'], ${keep})`,
    descent: {
      "Tensor.all": ([a], p) => nc(a, p).all(p.dim, p.keepdim),
      all: ([a], p) => api.all(nc(a, p), p.dim, p.keepdim),
    },
  },
  any: {
    torch: `${NC}.any() if 'dim' not in p else ${NC}.any(p['dim'], ${keep})`,
    descent: {
      "Tensor.any": ([a], p) => nc(a, p).any(p.dim, p.keepdim),
      any: ([a], p) => api.any(nc(a, p), p.dim, p.keepdim),
    },
  },
  nansum: {
    torch: `${NC}.nansum() if 'dim' not in p else ${NC}.nansum(p['dim'], ${keep})`,
    descent: {
      "Tensor.nansum": ([a], p) => nc(a, p).nansum(p.dim, p.keepdim),
      nansum: ([a], p) => api.nansum(nc(a, p), p.dim, p.keepdim),
    },
  },
  nanmean: {
    torch: `${NC}.nanmean() if 'dim' not in p else ${NC}.nanmean(p['dim'], ${keep})`,
    descent: {
      "Tensor.nanmean": ([a], p) => nc(a, p).nanmean(p.dim, p.keepdim),
      nanmean: ([a], p) => api.nanmean(nc(a, p), p.dim, p.keepdim),
    },
  },
  median: {
    torch: `${NC}.median()`,
    descent: {
      "Tensor.median": ([a], p) => nc(a, p).median(),
      median: ([a], p) => api.median(nc(a, p)),
    },
  },
  // several outputs: values and int64 indices
  median_dim: {
    torch: `list(${NC}.median(p['dim'], ${keep}))`,
    descent: {
      "Tensor.median": ([a], p) => pair(nc(a, p).median(p.dim as number, p.keepdim)),
      medianDim: ([a], p) => pair(api.medianDim(nc(a, p), p.dim as number, p.keepdim)),
    },
  },
  kthvalue: {
    torch: `list(${NC}.kthvalue(p['k'], p.get('dim', -1), ${keep}))`,
    descent: {
      "Tensor.kthvalue": ([a], p) => pair(nc(a, p).kthvalue(p.k!, p.dim as number, p.keepdim)),
      kthvalue: ([a], p) => pair(api.kthvalue(nc(a, p), p.k!, p.dim as number, p.keepdim)),
    },
  },
  cumsum: {
    torch: `${NC}.cumsum(p['dim'])`,
    descent: {
      "Tensor.cumsum": ([a], p) => nc(a, p).cumsum(p.dim as number),
      cumsum: ([a], p) => api.cumsum(nc(a, p), p.dim as number),
    },
  },
  cumprod: {
    torch: `${NC}.cumprod(p['dim'])`,
    descent: {
      "Tensor.cumprod": ([a], p) => nc(a, p).cumprod(p.dim as number),
      cumprod: ([a], p) => api.cumprod(nc(a, p), p.dim as number),
    },
  },
  logcumsumexp: {
    torch: `${NC}.logcumsumexp(p['dim'])`,
    descent: {
      "Tensor.logcumsumexp": ([a], p) => nc(a, p).logcumsumexp(p.dim as number),
      logcumsumexp: ([a], p) => api.logcumsumexp(nc(a, p), p.dim as number),
    },
  },
  cummax: {
    torch: `list(${NC}.cummax(p['dim']))`,
    descent: {
      "Tensor.cummax": ([a], p) => pair(nc(a, p).cummax(p.dim as number)),
      cummax: ([a], p) => pair(api.cummax(nc(a, p), p.dim as number)),
    },
  },
  cummin: {
    torch: `list(${NC}.cummin(p['dim']))`,
    descent: {
      "Tensor.cummin": ([a], p) => pair(nc(a, p).cummin(p.dim as number)),
      cummin: ([a], p) => pair(api.cummin(nc(a, p), p.dim as number)),
    },
  },
  sort: {
    torch: `list(${NC}.sort(${SORT}))`,
    descent: {
      "Tensor.sort": ([a], p) => pair(nc(a, p).sort(...sortArgs(p))),
      sort: ([a], p) => pair(api.sort(nc(a, p), ...sortArgs(p))),
    },
  },
  argsort: {
    torch: `torch.argsort(${NC}, ${SORT})`,
    descent: {
      "Tensor.argsort": ([a], p) => nc(a, p).argsort(...sortArgs(p)),
      argsort: ([a], p) => api.argsort(nc(a, p), ...sortArgs(p)),
    },
  },
  topk: {
    torch: `list(${NC}.topk(p['k'], p.get('dim', -1), p.get('largest', True)))`,
    descent: {
      "Tensor.topk": ([a], p) => pair(nc(a, p).topk(p.k!, p.dim as number, p.largest)),
      topk: ([a], p) => pair(api.topk(nc(a, p), p.k!, p.dim as number, p.largest)),
    },
  },
  // ---- end reductions and scans ----
  // ---- elementwise math and activations (issue 13); `nc` reads the first input transposed ----
  floor: {
    torch: `${NC}.floor()`,
    descent: {
      "Tensor.floor": ([a], p) => nc(a, p).floor(),
      floor: ([a], p) => api.floor(nc(a, p)),
    },
  },
  ceil: {
    torch: `${NC}.ceil()`,
    descent: { "Tensor.ceil": ([a], p) => nc(a, p).ceil(), ceil: ([a], p) => api.ceil(nc(a, p)) },
  },
  trunc: {
    torch: `${NC}.trunc()`,
    descent: {
      "Tensor.trunc": ([a], p) => nc(a, p).trunc(),
      trunc: ([a], p) => api.trunc(nc(a, p)),
    },
  },
  frac: {
    torch: `${NC}.frac()`,
    descent: { "Tensor.frac": ([a], p) => nc(a, p).frac(), frac: ([a], p) => api.frac(nc(a, p)) },
  },
  sign: {
    torch: `${NC}.sign()`,
    descent: { "Tensor.sign": ([a], p) => nc(a, p).sign(), sign: ([a], p) => api.sign(nc(a, p)) },
  },
  sgn: {
    torch: `${NC}.sgn()`,
    descent: { "Tensor.sgn": ([a], p) => nc(a, p).sgn(), sgn: ([a], p) => api.sgn(nc(a, p)) },
  },
  tan: {
    torch: `${NC}.tan()`,
    descent: { "Tensor.tan": ([a], p) => nc(a, p).tan(), tan: ([a], p) => api.tan(nc(a, p)) },
  },
  asin: {
    torch: `${NC}.asin()`,
    descent: { "Tensor.asin": ([a], p) => nc(a, p).asin(), asin: ([a], p) => api.asin(nc(a, p)) },
  },
  acos: {
    torch: `${NC}.acos()`,
    descent: { "Tensor.acos": ([a], p) => nc(a, p).acos(), acos: ([a], p) => api.acos(nc(a, p)) },
  },
  atan: {
    torch: `${NC}.atan()`,
    descent: { "Tensor.atan": ([a], p) => nc(a, p).atan(), atan: ([a], p) => api.atan(nc(a, p)) },
  },
  sinh: {
    torch: `${NC}.sinh()`,
    descent: { "Tensor.sinh": ([a], p) => nc(a, p).sinh(), sinh: ([a], p) => api.sinh(nc(a, p)) },
  },
  cosh: {
    torch: `${NC}.cosh()`,
    descent: { "Tensor.cosh": ([a], p) => nc(a, p).cosh(), cosh: ([a], p) => api.cosh(nc(a, p)) },
  },
  asinh: {
    torch: `${NC}.asinh()`,
    descent: {
      "Tensor.asinh": ([a], p) => nc(a, p).asinh(),
      asinh: ([a], p) => api.asinh(nc(a, p)),
    },
  },
  acosh: {
    torch: `${NC}.acosh()`,
    descent: {
      "Tensor.acosh": ([a], p) => nc(a, p).acosh(),
      acosh: ([a], p) => api.acosh(nc(a, p)),
    },
  },
  atanh: {
    torch: `${NC}.atanh()`,
    descent: {
      "Tensor.atanh": ([a], p) => nc(a, p).atanh(),
      atanh: ([a], p) => api.atanh(nc(a, p)),
    },
  },
  log1p: {
    torch: `${NC}.log1p()`,
    descent: {
      "Tensor.log1p": ([a], p) => nc(a, p).log1p(),
      log1p: ([a], p) => api.log1p(nc(a, p)),
    },
  },
  expm1: {
    torch: `${NC}.expm1()`,
    descent: {
      "Tensor.expm1": ([a], p) => nc(a, p).expm1(),
      expm1: ([a], p) => api.expm1(nc(a, p)),
    },
  },
  exp2: {
    torch: `${NC}.exp2()`,
    descent: { "Tensor.exp2": ([a], p) => nc(a, p).exp2(), exp2: ([a], p) => api.exp2(nc(a, p)) },
  },
  log2: {
    torch: `${NC}.log2()`,
    descent: { "Tensor.log2": ([a], p) => nc(a, p).log2(), log2: ([a], p) => api.log2(nc(a, p)) },
  },
  log10: {
    torch: `${NC}.log10()`,
    descent: {
      "Tensor.log10": ([a], p) => nc(a, p).log10(),
      log10: ([a], p) => api.log10(nc(a, p)),
    },
  },
  rsqrt: {
    torch: `${NC}.rsqrt()`,
    descent: {
      "Tensor.rsqrt": ([a], p) => nc(a, p).rsqrt(),
      rsqrt: ([a], p) => api.rsqrt(nc(a, p)),
    },
  },
  erf: {
    torch: `${NC}.erf()`,
    descent: { "Tensor.erf": ([a], p) => nc(a, p).erf(), erf: ([a], p) => api.erf(nc(a, p)) },
  },
  erfc: {
    torch: `${NC}.erfc()`,
    descent: { "Tensor.erfc": ([a], p) => nc(a, p).erfc(), erfc: ([a], p) => api.erfc(nc(a, p)) },
  },
  erfinv: {
    torch: `${NC}.erfinv()`,
    descent: {
      "Tensor.erfinv": ([a], p) => nc(a, p).erfinv(),
      erfinv: ([a], p) => api.erfinv(nc(a, p)),
    },
  },
  isnan: {
    torch: `${NC}.isnan()`,
    descent: {
      "Tensor.isnan": ([a], p) => nc(a, p).isnan(),
      isnan: ([a], p) => api.isnan(nc(a, p)),
    },
  },
  isinf: {
    torch: `${NC}.isinf()`,
    descent: {
      "Tensor.isinf": ([a], p) => nc(a, p).isinf(),
      isinf: ([a], p) => api.isinf(nc(a, p)),
    },
  },
  isfinite: {
    torch: `${NC}.isfinite()`,
    descent: {
      "Tensor.isfinite": ([a], p) => nc(a, p).isfinite(),
      isfinite: ([a], p) => api.isfinite(nc(a, p)),
    },
  },
  silu: { torch: `F.silu(${NC})`, descent: { silu: ([a], p) => api.silu(nc(a, p)) } },
  mish: { torch: `F.mish(${NC})`, descent: { mish: ([a], p) => api.mish(nc(a, p)) } },
  selu: { torch: `F.selu(${NC})`, descent: { selu: ([a], p) => api.selu(nc(a, p)) } },
  relu6: { torch: `F.relu6(${NC})`, descent: { relu6: ([a], p) => api.relu6(nc(a, p)) } },
  hardsigmoid: {
    torch: `F.hardsigmoid(${NC})`,
    descent: { hardsigmoid: ([a], p) => api.hardsigmoid(nc(a, p)) },
  },
  hardswish: {
    torch: `F.hardswish(${NC})`,
    descent: { hardswish: ([a], p) => api.hardswish(nc(a, p)) },
  },
  logsigmoid: {
    torch: `F.logsigmoid(${NC})`,
    descent: { logsigmoid: ([a], p) => api.logsigmoid(nc(a, p)) },
  },
  softsign: {
    torch: `F.softsign(${NC})`,
    descent: { softsign: ([a], p) => api.softsign(nc(a, p)) },
  },
  tanhshrink: {
    torch: `F.tanhshrink(${NC})`,
    descent: { tanhshrink: ([a], p) => api.tanhshrink(nc(a, p)) },
  },
  round: {
    torch: `torch.round(${NC}, decimals=p['decimals']) if 'decimals' in p else torch.round(${NC})`,
    descent: {
      "Tensor.round": ([a], p) => nc(a, p).round({ decimals: p.decimals }),
      round: ([a], p) => api.round(nc(a, p), { decimals: p.decimals }),
    },
  },
  nan_to_num: {
    torch:
      `torch.nan_to_num(${NC}, nan=num(p.get('nan', 0.0)), posinf=num(p.get('posinf')), neginf=num(p.get('neginf')))`,
    descent: {
      "Tensor.nanToNum": ([a], p) => nc(a, p).nanToNum(nanToNumOptions(p)),
      nanToNum: ([a], p) => api.nanToNum(nc(a, p), nanToNumOptions(p)),
    },
  },
  clamp_min: {
    torch: "torch.clamp_min(i[0], i[1] if len(i) > 1 else num(p['min']))",
    descent: {
      "Tensor.clampMin": ([a, b], p) => a.clampMin(b ?? num(p.min)!),
      clampMin: ([a, b], p) => api.clampMin(a, b ?? num(p.min)!),
    },
  },
  clamp_max: {
    torch: "torch.clamp_max(i[0], i[1] if len(i) > 1 else num(p['max']))",
    descent: {
      "Tensor.clampMax": ([a, b], p) => a.clampMax(b ?? num(p.max)!),
      clampMax: ([a, b], p) => api.clampMax(a, b ?? num(p.max)!),
    },
  },
  atan2: {
    torch: "torch.atan2(i[0], i[1])",
    descent: { "Tensor.atan2": ([a, b]) => a.atan2(b), atan2: ([a, b]) => api.atan2(a, b) },
  },
  logaddexp: {
    torch: "torch.logaddexp(i[0], i[1])",
    descent: {
      "Tensor.logaddexp": ([a, b]) => a.logaddexp(b),
      logaddexp: ([a, b]) => api.logaddexp(a, b),
    },
  },
  hypot: {
    torch: "torch.hypot(i[0], i[1])",
    descent: { "Tensor.hypot": ([a, b]) => a.hypot(b), hypot: ([a, b]) => api.hypot(a, b) },
  },
  copysign: {
    torch: "torch.copysign(i[0], i[1] if len(i) > 1 else num(p['other']))",
    descent: {
      "Tensor.copysign": ([a, b], p) => a.copysign(b ?? num(p.other)!),
      copysign: ([a, b], p) => api.copysign(a, b ?? num(p.other)!),
    },
  },
  xlogy: {
    torch:
      "torch.xlogy(i[0], i[1]) if len(i) > 1 else torch.xlogy(num(p['other']), i[0]) if p.get('sFirst') else torch.xlogy(i[0], num(p['other']))",
    descent: {
      "Tensor.xlogy": (
        [a, b],
        p,
      ) => (p.sFirst ? api.xlogy(num(p.other)!, a) : a.xlogy(b ?? num(p.other)!)),
      xlogy: ([a, b], p) =>
        b !== undefined
          ? api.xlogy(a, b)
          : p.sFirst
          ? api.xlogy(num(p.other)!, a)
          : api.xlogy(a, num(p.other)!),
    },
  },
  lerp: {
    torch: "torch.lerp(i[0], i[1], i[2] if len(i) > 2 else p['weight'])",
    descent: {
      "Tensor.lerp": ([a, b, w], p) => a.lerp(b, w ?? p.weight!),
      lerp: ([a, b, w], p) => api.lerp(a, b, w ?? p.weight!),
    },
  },
  addcmul: {
    torch: "torch.addcmul(i[0], i[1], i[2], value=p.get('value', 1))",
    descent: {
      "Tensor.addcmul": ([a, b, c], p) => a.addcmul(b, c, { value: num(p.value) ?? undefined }),
      addcmul: ([a, b, c], p) => api.addcmul(a, b, c, { value: num(p.value) ?? undefined }),
    },
  },
  addcdiv: {
    torch: "torch.addcdiv(i[0], i[1], i[2], value=p.get('value', 1))",
    descent: {
      "Tensor.addcdiv": ([a, b, c], p) => a.addcdiv(b, c, { value: num(p.value) ?? undefined }),
      addcdiv: ([a, b, c], p) => api.addcdiv(a, b, c, { value: num(p.value) ?? undefined }),
    },
  },
  gelu: {
    torch: `F.gelu(${NC}, approximate=p.get('approximate', 'none'))`,
    descent: { gelu: ([a], p) => api.gelu(nc(a, p), { approximate: p.approximate }) },
  },
  softplus_fn: {
    torch: `F.softplus(${NC}, beta=p.get('beta', 1), threshold=p.get('threshold', 20))`,
    descent: {
      softplus: ([a], p) => api.softplus(nc(a, p), { beta: p.beta, threshold: p.threshold }),
    },
  },
  elu: {
    torch: `F.elu(${NC}, alpha=p.get('alpha', 1.0))`,
    descent: { elu: ([a], p) => api.elu(nc(a, p), { alpha: p.alpha }) },
  },
  celu: {
    torch: `F.celu(${NC}, alpha=p.get('alpha', 1.0))`,
    descent: { celu: ([a], p) => api.celu(nc(a, p), { alpha: p.alpha }) },
  },
  leaky_relu: {
    torch: `F.leaky_relu(${NC}, p.get('negativeSlope', 0.01))`,
    descent: {
      leakyRelu: ([a], p) => api.leakyRelu(nc(a, p), { negativeSlope: p.negativeSlope }),
    },
  },
  hardtanh: {
    torch: `F.hardtanh(${NC}, p.get('minVal', -1.0), p.get('maxVal', 1.0))`,
    descent: {
      hardtanh: ([a], p) => api.hardtanh(nc(a, p), { minVal: p.minVal, maxVal: p.maxVal }),
    },
  },
  softmin: {
    torch: "F.softmin(i[0], p['dim'])",
    descent: { softmin: ([a], p) => api.softmin(a, p.dim as number) },
  },
  glu: {
    torch: `F.glu(${NC}, p.get('dim', -1))`,
    descent: { glu: ([a], p) => api.glu(nc(a, p), p.dim as number | undefined) },
  },
  normalize: {
    torch: `F.normalize(${NC}, p=p.get('ord', 2.0), dim=p.get('dim', 1), eps=p.get('eps', 1e-12))`,
    descent: {
      normalize: ([a], p) =>
        api.normalize(nc(a, p), { p: p.ord as number | undefined, dim: p.dim, eps: p.eps }),
    },
  },
  // ---- end elementwise math and activations ----
  // ---- indexing (issue 11): t[...], index_put, gather/scatter, masks, one_hot, CopySlices ----
  // `ix(p['ix'], i)` in generate.py builds Python's index (one item: `t[x]`, several: a tuple)
  index: {
    torch: "i[0][ix(p['ix'], i)]",
    descent: {
      "Tensor.index": ([a, ...r], p) => a.index(...ixOf(p.ix!, [a, ...r])),
      index: ([a, ...r], p) => api.index(a, ...ixOf(p.ix!, [a, ...r])),
    },
  },
  // index tensors only: PyTorch's index_put (one IndexPutBackward0 on the input)
  index_put: {
    torch: "i[0].index_put(ixt(p['ix'], i), i[1], accumulate=p.get('accumulate', False))",
    descent: {
      "Tensor.indexPut": ([a, v, ...r], p) =>
        a.indexPut(ixOf(p.ix!, [a, v, ...r]), v, { accumulate: p.accumulate }),
      indexPut: ([a, v, ...r], p) =>
        api.indexPut(a, ixOf(p.ix!, [a, v, ...r]), v, { accumulate: p.accumulate }),
    },
  },
  // Python's `t[...] = v` on a copy (index_put_ with accumulate: index tensors only)
  index_put_: {
    torch: "setitem(i[0].clone(), ix(p['ix'], i), i[1], p.get('accumulate', False))",
    descent: {
      "Tensor.indexPut_": ([a, v, ...r], p) =>
        a.clone().indexPut_(ixOf(p.ix!, [a, v, ...r]), v, { accumulate: p.accumulate }),
    },
  },
  // `t[...] = number`
  index_put_scalar_: {
    torch: "setitem(i[0].clone(), ix(p['ix'], i), num(p['value']), False)",
    descent: {
      "Tensor.indexPut_": ([a, ...r], p) =>
        a.clone().indexPut_(ixOf(p.ix!, [a, ...r]), num(p.value)!),
    },
  },
  index_select: {
    torch: "torch.index_select(i[0], p['dim'], i[1])",
    descent: {
      "Tensor.indexSelect": ([a, ix], p) => a.indexSelect(p.dim as number, ix),
      indexSelect: ([a, ix], p) => api.indexSelect(a, p.dim as number, ix),
    },
  },
  index_add: {
    torch: "torch.index_add(i[0], p['dim'], i[1], i[2], alpha=p.get('alpha', 1))",
    descent: {
      "Tensor.indexAdd": ([a, ix, s], p) => a.indexAdd(p.dim as number, ix, s, { alpha: p.alpha }),
      indexAdd: ([a, ix, s], p) => api.indexAdd(a, p.dim as number, ix, s, { alpha: p.alpha }),
    },
  },
  index_add_: {
    torch: "i[0].clone().index_add_(p['dim'], i[1], i[2], alpha=p.get('alpha', 1))",
    descent: {
      "Tensor.indexAdd_": ([a, ix, s], p) =>
        a.clone().indexAdd_(p.dim as number, ix, s, { alpha: p.alpha }),
    },
  },
  take: {
    torch: "torch.take(i[0], i[1])",
    descent: { "Tensor.take": ([a, ix]) => a.take(ix), take: ([a, ix]) => api.take(a, ix) },
  },
  gather: {
    torch: "torch.gather(i[0], p['dim'], i[1])",
    descent: {
      "Tensor.gather": ([a, ix], p) => a.gather(p.dim as number, ix),
      gather: ([a, ix], p) => api.gather(a, p.dim as number, ix),
    },
  },
  scatter: {
    torch: "torch.scatter(i[0], p['dim'], i[1], i[2])",
    descent: {
      "Tensor.scatter": ([a, ix, s], p) => a.scatter(p.dim as number, ix, s),
      scatter: ([a, ix, s], p) => api.scatter(a, p.dim as number, ix, s),
    },
  },
  scatter_value: {
    torch: "torch.scatter(i[0], p['dim'], i[1], num(p['value']))",
    descent: {
      "Tensor.scatter": ([a, ix], p) => a.scatter(p.dim as number, ix, num(p.value)!),
      scatter: ([a, ix], p) => api.scatter(a, p.dim as number, ix, num(p.value)!),
    },
  },
  scatter_: {
    torch: "i[0].clone().scatter_(p['dim'], i[1], i[2])",
    descent: { "Tensor.scatter_": ([a, ix, s], p) => a.clone().scatter_(p.dim as number, ix, s) },
  },
  scatter_add: {
    torch: "torch.scatter_add(i[0], p['dim'], i[1], i[2])",
    descent: {
      "Tensor.scatterAdd": ([a, ix, s], p) => a.scatterAdd(p.dim as number, ix, s),
      scatterAdd: ([a, ix, s], p) => api.scatterAdd(a, p.dim as number, ix, s),
    },
  },
  scatter_add_: {
    torch: "i[0].clone().scatter_add_(p['dim'], i[1], i[2])",
    descent: {
      "Tensor.scatterAdd_": ([a, ix, s], p) => a.clone().scatterAdd_(p.dim as number, ix, s),
    },
  },
  scatter_reduce: {
    torch: "torch.scatter_reduce(i[0], p['dim'], i[1], i[2], p['reduce'], " +
      "include_self=p.get('includeSelf', True))",
    descent: {
      "Tensor.scatterReduce": ([a, ix, s], p) =>
        a.scatterReduce(p.dim as number, ix, s, p.reduce!, { includeSelf: p.includeSelf }),
      scatterReduce: ([a, ix, s], p) =>
        api.scatterReduce(a, p.dim as number, ix, s, p.reduce!, { includeSelf: p.includeSelf }),
    },
  },
  scatter_reduce_: {
    torch: "i[0].clone().scatter_reduce_(p['dim'], i[1], i[2], p['reduce'], " +
      "include_self=p.get('includeSelf', True))",
    descent: {
      "Tensor.scatterReduce_": ([a, ix, s], p) =>
        a.clone().scatterReduce_(p.dim as number, ix, s, p.reduce!, {
          includeSelf: p.includeSelf,
        }),
    },
  },
  masked_fill: {
    torch: "torch.masked_fill(i[0], i[1], num(p['value']))",
    descent: {
      "Tensor.maskedFill": ([a, m], p) => a.maskedFill(m, num(p.value)!),
      maskedFill: ([a, m], p) => api.maskedFill(a, m, num(p.value)!),
    },
  },
  masked_fill_tensor: {
    torch: "torch.masked_fill(i[0], i[1], i[2])",
    descent: {
      "Tensor.maskedFill": ([a, m, v]) => a.maskedFill(m, v),
      maskedFill: ([a, m, v]) => api.maskedFill(a, m, v),
    },
  },
  masked_fill_: {
    torch: "i[0].clone().masked_fill_(i[1], num(p['value']))",
    descent: { "Tensor.maskedFill_": ([a, m], p) => a.clone().maskedFill_(m, num(p.value)!) },
  },
  masked_select: {
    torch: "torch.masked_select(i[0], i[1])",
    descent: {
      "Tensor.maskedSelect": ([a, m]) => a.maskedSelect(m),
      maskedSelect: ([a, m]) => api.maskedSelect(a, m),
    },
  },
  masked_scatter: {
    torch: "torch.masked_scatter(i[0], i[1], i[2])",
    descent: {
      "Tensor.maskedScatter": ([a, m, s]) => a.maskedScatter(m, s),
      maskedScatter: ([a, m, s]) => api.maskedScatter(a, m, s),
    },
  },
  masked_scatter_: {
    torch: "i[0].clone().masked_scatter_(i[1], i[2])",
    descent: { "Tensor.maskedScatter_": ([a, m, s]) => a.clone().maskedScatter_(m, s) },
  },
  nonzero: {
    torch: "torch.nonzero(i[0])",
    descent: { "Tensor.nonzero": ([a]) => a.nonzero(), nonzero: ([a]) => api.nonzero(a) },
  },
  nonzero_tuple: {
    torch: "list(torch.nonzero(i[0], as_tuple=True))",
    descent: {
      "Tensor.nonzero": ([a]) => a.nonzero({ asTuple: true }),
      nonzero: ([a]) => api.nonzero(a, { asTuple: true }),
    },
  },
  argwhere: {
    torch: "torch.argwhere(i[0])",
    descent: { "Tensor.argwhere": ([a]) => a.argwhere(), argwhere: ([a]) => api.argwhere(a) },
  },
  one_hot: {
    torch: "F.one_hot(i[0], p.get('numClasses', -1))",
    descent: { oneHot: ([a], p) => api.oneHot(a, p.numClasses) },
  },
  // in-place ops on views (PyTorch's CopySlices): the base's node wraps the op's, and the
  // view's is made again from the base (AsStridedBackward0)
  copy_slices_mul: {
    torch: "run(lambda c: c[ix(p['ix'], i)].mul_(i[1]), i[0].clone())",
    descent: ([a, b, ...r], p) =>
      run(a.clone(), (c) => c.index(...ixOf(p.ix!, [a, b, ...r])).mul_(b)),
  },
  copy_slices_fill: {
    torch: "run(lambda c: c[ix(p['ix'], i)].fill_(num(p['value'])), i[0].mul(i[0]))",
    descent: ([a, ...r], p) =>
      run(a.mul(a), (c) => c.index(...ixOf(p.ix!, [a, ...r])).fill_(num(p.value)!)),
  },
  copy_slices_copy: {
    torch: "run(lambda c: c[ix(p['ix'], i)].copy_(i[1]), i[0].clone())",
    descent: ([a, b, ...r], p) =>
      run(a.clone(), (c) => c.index(...ixOf(p.ix!, [a, b, ...r])).copy_(b)),
  },
  // the view itself after the op: AsStridedBackward0 from the base's CopySlices
  copy_slices_view: {
    torch: "i[0].clone()[ix(p['ix'], i)].mul_(i[1])",
    descent: ([a, b, ...r], p) => a.clone().index(...ixOf(p.ix!, [a, b, ...r])).mul_(b),
  },
  // ---- end indexing ----
} satisfies Record<string, OpEntry>;

// ---- indexing (issue 11) ----
/** Runs `f` on `t` (an in-place op on a view of it), then gives `t`: generate.py's `run`. */
function run(t: Tensor, f: (t: Tensor) => unknown): Tensor {
  f(t);
  return t;
}
// ---- end indexing ----

/** The key of an op in `OPS`. */
export type OpKey = keyof typeof OPS;

/**
 * The sign of each column's element of largest magnitude (the first of equal ones), as a
 * constant (…, 1, k) tensor. Eigenvectors and pairs of singular vectors are defined up to sign,
 * which LAPACK (PyTorch) and descent's Jacobi methods choose independently; multiplied by this,
 * both sides' vectors are the same (the function is invariant to the sign, as PyTorch's own
 * tests compare them). `generate.py`'s `colsigns` is the same function.
 */
export function colSigns(v: Tensor): Tensor {
  const [m, k] = v.shape.slice(-2);
  const values = v.detach().contiguous().toTypedArray();
  const count = values.length / Math.max(m * k, 1);
  const signs: number[] = [];
  for (let b = 0; b < count; b++) {
    for (let j = 0; j < k; j++) {
      let best = -1;
      let sign = 1;
      for (let i = 0; i < m; i++) {
        const x = values[b * m * k + i * k + j];
        if (Math.abs(x) > best) {
          best = Math.abs(x);
          sign = x < 0 ? -1 : 1;
        }
      }
      signs.push(sign);
    }
  }
  return fromFixture(signs, [...v.shape.slice(0, -2), 1, k], v.dtype);
}

// ---------------------------------------------------------------------------------------------
// The cases, in the order they draw from generate.py's random stream

/** Options of a case; the defaults are a random normal input that requires grad, both dtypes. */
interface CaseOptions {
  domains?: readonly (Domain | readonly number[])[];
  params?: Params;
  /** Which inputs require grad. */
  rg?: readonly boolean[];
  /** Inputs with a dtype of their own (`null`: the case's). */
  inputDtypes?: readonly (DType | null)[];
  second?: boolean;
  dtypes?: readonly DType[];
}

type AddCase = (name: string, op: OpKey, shapes: readonly Shape[], o?: CaseOptions) => void;
type Shape = readonly number[];

/** A shape in case names: `2x3`, `0d` for a scalar. */
function shp(s: Shape): string {
  return s.length === 0 ? "0d" : s.join("x");
}

/** A value as Python's `json.dumps` / `str` spells it in case names (`{"dim": [0, 2]}`). */
function py(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(py).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${py(x)}`).join(", ")}}`;
  }
  return JSON.stringify(v);
}

const NAN = NaN;
const INF = Infinity;
const F32: readonly DType[] = ["float32"];
const F64: readonly DType[] = ["float64"];

function elementwise(c: AddCase): void {
  const pairs: [Shape, Shape][] = [
    [[2, 3], [2, 3]],
    [[2, 3], [3]],
    [[2, 1], [1, 3]],
    [[], [2, 3]],
    [[2, 3], []],
    [[3, 1, 2], [2, 1]],
    [[0, 3], [3]],
    [[4, 1], [0]],
    [[], []],
  ];
  for (const [sa, sb] of pairs) {
    const tag = `${shp(sa)}&${shp(sb)}`;
    c(`add/${tag}`, "add", [sa, sb]);
    c(`sub/${tag}`, "sub", [sa, sb]);
    c(`mul/${tag}`, "mul", [sa, sb]);
    c(`div/${tag}`, "div", [sa, sb], { domains: ["any", "nonzero"] });
    c(`pow/${tag}`, "pow", [sa, sb], { domains: ["pos", "small"] });
  }
  for (const [sa, sb] of [[[2, 3], [3]], [[2, 1], [1, 3]]]) {
    const tag = `${shp(sa)}&${shp(sb)}`;
    c(`add_alpha/${tag}`, "add_alpha", [sa, sb], { params: { alpha: 2.5 } });
    c(`sub_alpha/${tag}`, "sub_alpha", [sa, sb], { params: { alpha: -3 } });
  }
  // only one operand requires grad
  c("mul/2x3&3/b-no-grad", "mul", [[2, 3], [3]], { rg: [true, false] });
  c("mul/2x3&3/a-no-grad", "mul", [[2, 3], [3]], { rg: [false, true] });
  const nz = ["any", "nonzero"] as const;
  c("div/2x3&2x1/a-no-grad", "div", [[2, 3], [2, 1]], { domains: nz, rg: [false, true] });
  const ps = ["pos", "small"] as const;
  c("pow/3&3/exponent-no-grad", "pow", [[3], [3]], { domains: ps, rg: [true, false] });
  c("pow/3&3/base-no-grad", "pow", [[3], [3]], { domains: ps, rg: [false, true] });
  c("sub/2x3&3/a-no-grad", "sub", [[2, 3], [3]], { rg: [false, true] });

  // a number as one operand
  for (const s of [[2, 3], [], [0]]) {
    const t = shp(s);
    c(`add_scalar/${t}`, "add_scalar", [s], { params: { s: 1.5 } });
    c(`radd_scalar/${t}`, "radd_scalar", [s], { params: { s: -2 } });
    c(`sub_scalar/${t}`, "sub_scalar", [s], { params: { s: 0.25 } });
    c(`rsub_scalar/${t}`, "rsub_scalar", [s], { params: { s: 1 } });
    c(`mul_scalar/${t}`, "mul_scalar", [s], { params: { s: 3 } });
    c(`rmul_scalar/${t}`, "rmul_scalar", [s], { params: { s: -0.5 } });
    c(`div_scalar/${t}`, "div_scalar", [s], { params: { s: 4 } });
    c(`rdiv_scalar/${t}`, "rdiv_scalar", [s], { domains: ["nonzero"], params: { s: 2 } });
    c(`rpow_scalar/${t}`, "rpow_scalar", [s], { params: { s: 2 } });
  }
  c("add_scalar_alpha/2x3", "add_scalar_alpha", [[2, 3]], { params: { s: 2, alpha: 3 } });
  c("rpow_scalar/3/base-0.5", "rpow_scalar", [[3]], { params: { s: 0.5 } });
  // second order off: PyTorch's masked branch gives 0 * log(0) = nan there, descent gives 0
  c("rpow_scalar/4/base-0", "rpow_scalar", [[4]], {
    domains: [[0, 1, 2.5, -1]],
    params: { s: 0 },
    second: false,
  });
  for (const e of [2, 3, 0.5, -1, 0, 1, -2.5]) {
    const domain = Number.isInteger(e) && e >= 0 ? "any" : "pos";
    c(`pow_scalar/2x3/e=${e}`, "pow_scalar", [[2, 3]], { domains: [domain], params: { e } });
  }
  c("pow_scalar/0d/e=2", "pow_scalar", [[]], { params: { e: 2 } });
  c("pow_scalar/0x2/e=3", "pow_scalar", [[0, 2]], { params: { e: 3 } });
  c("pow_scalar/zeros/e=2", "pow_scalar", [[3]], { domains: [[0, 0, 1]], params: { e: 2 } });
}

function unary(c: AddCase): void {
  const domains: [OpKey, Domain][] = [
    ["neg", "any"],
    ["exp", "any"],
    ["log", "pos"],
    ["sqrt", "pos"],
    ["abs", "nonzero"],
    ["sin", "any"],
    ["cos", "any"],
    ["tanh", "any"],
    ["sigmoid", "any"],
    ["relu", "nonzero"],
    ["square", "any"],
    ["reciprocal", "nonzero"],
  ];
  for (const [op, domain] of domains) {
    for (const s of [[], [4], [2, 3], [2, 0], [1, 3, 2]]) {
      c(`${op}/${shp(s)}`, op, [s], { domains: [domain] });
    }
  }
  c("abs/kink", "abs", [[3]], { domains: [[-1, 0, 2]] });
  c("relu/kink", "relu", [[3]], { domains: [[-1, 0, 2]] });
  c("clamp/2x3/-0.5,0.5", "clamp", [[2, 3]], { params: { min: -0.5, max: 0.5 } });
  c("clamp/2x3/0.0,None", "clamp", [[2, 3]], { params: { min: 0 } });
  c("clamp/2x3/None,0.25", "clamp", [[2, 3]], { params: { max: 0.25 } });
  c("clamp/bounds", "clamp", [[4]], { domains: [[-1, 0, 1, 2]], params: { min: 0, max: 1 } });
  c("clamp/0d", "clamp", [[]], { params: { min: 0, max: 1 } });
}

function reductions(c: AddCase): void {
  for (const op of ["sum", "mean"] as const) {
    for (
      const params of [
        {},
        { dim: 0 },
        { dim: -1 },
        { dim: 1, keepdim: true },
        { dim: [0, 2] },
        { dim: [-1, 0], keepdim: true },
        { dim: [0, 1, 2] },
      ]
    ) {
      c(`${op}/2x3x4/${py(params)}`, op, [[2, 3, 4]], { params });
    }
    c(`${op}/0d`, op, [[]]);
    c(`${op}/0d/dim=0`, op, [[]], { params: { dim: 0 } });
    c(`${op}/0d/dim=-1,keepdim`, op, [[]], { params: { dim: -1, keepdim: true } });
    c(`${op}/0x3`, op, [[0, 3]]);
    c(`${op}/0x3/dim=0`, op, [[0, 3]], { params: { dim: 0 } });
    c(`${op}/0x3/dim=1`, op, [[0, 3]], { params: { dim: 1 } });
    c(`${op}/5`, op, [[5]]);
  }
  for (const op of ["max", "min"] as const) {
    for (const s of [[], [5], [2, 3], [2, 1, 3]]) c(`${op}/${shp(s)}`, op, [s]);
    c(`${op}/ties`, op, [[5]], { domains: [[1, 3, -3, 3, -3]] });
  }
}

function linalg(c: AddCase): void {
  // every rank combination of matmul
  const matmul: [Shape, Shape][] = [
    [[3], [3]],
    [[2, 3], [3]],
    [[3], [3, 4]],
    [[2, 3], [3, 4]],
    [[2, 2, 3], [3]],
    [[2, 2, 3], [3, 4]],
    [[3], [2, 3, 4]],
    [[2, 3], [2, 3, 4]],
    [[2, 2, 3], [2, 3, 4]],
    [[2, 1, 2, 3], [3, 3, 4]],
    [[1, 2, 3], [2, 3, 4]],
    [[2, 2, 3], [1, 3, 4]],
    [[2, 2, 2, 3], [3]],
    [[3], [2, 2, 3, 4]],
    [[2, 3], [2, 2, 3, 4]],
    [[0, 3], [3, 4]],
    [[2, 0], [0, 4]],
    [[2, 3], [3, 0]],
    [[0, 2, 3], [3, 4]],
    [[0], [0]],
  ];
  for (const [sa, sb] of matmul) c(`matmul/${shp(sa)}@${shp(sb)}`, "matmul", [sa, sb]);
  const oneSide: [Shape, Shape][] = [
    [[3], [3, 4]],
    [[2, 3], [2, 3, 4]],
    [[2, 2, 3], [3, 4]],
    [[1, 2, 3], [2, 3, 4]],
  ];
  for (const [sa, sb] of oneSide) {
    const tag = `${shp(sa)}@${shp(sb)}`;
    c(`matmul/${tag}/a-no-grad`, "matmul", [sa, sb], { rg: [false, true] });
    c(`matmul/${tag}/b-no-grad`, "matmul", [sa, sb], { rg: [true, false] });
  }
  c("mm/2x3@3x4", "mm", [[2, 3], [3, 4]]);
  c("mm/1x1@1x1", "mm", [[1, 1], [1, 1]]);
  c("mm/0x3@3x2", "mm", [[0, 3], [3, 2]]);
  c("mm/2x3@3x4/b-no-grad", "mm", [[2, 3], [3, 4]], { rg: [true, false] });
  c("dot/4", "dot", [[4], [4]]);
  c("dot/0", "dot", [[0], [0]]);
  c("transpose_matmul/2x3x2@3x4", "transpose_matmul", [[2, 3, 2], [3, 4]]);
}

function views(c: AddCase): void {
  for (const s of [[2, 3], [3], []]) c(`t/${shp(s)}`, "t", [s]);
  const transposes: [Shape, number[]][] = [
    [[2, 3], [0, 1]],
    [[2, 3, 4], [0, -1]],
    [[2, 3, 4], [2, 1]],
    [[], [0, -1]],
    [[0, 2], [1, 0]],
  ];
  for (const [s, dims] of transposes) {
    c(`transpose/${shp(s)}/${py(dims)}`, "transpose", [s], { params: { dims } });
  }
  const permutes: [Shape, number[]][] = [
    [[2, 3], [1, 0]],
    [[2, 3, 4], [2, 0, 1]],
    [[2, 3, 4], [-1, 0, 1]],
    [[], []],
  ];
  for (const [s, dims] of permutes) {
    c(`permute/${shp(s)}/${py(dims)}`, "permute", [s], { params: { dims } });
  }
  const reshapes: [Shape, number[]][] = [
    [[2, 3], [6]],
    [[2, 3], [3, -1]],
    [[2, 3], [1, 3, 2]],
    [[], [1]],
    [[1], []],
    [[0, 3], [3, 0]],
    [[0, 3], [-1]],
    [[2, 3, 4], [4, -1, 2]],
  ];
  for (const op of ["reshape", "view"] as const) {
    for (const [s, shape] of reshapes) {
      c(`${op}/${shp(s)}->${py(shape)}`, op, [s], { params: { shape } });
    }
  }
  c("t_reshape/2x3->6", "t_reshape", [[2, 3]], { params: { shape: [6] } });
  const flattens: [Shape, Params][] = [
    [[2, 3, 4], {}],
    [[2, 3, 4], { start: 1 }],
    [[2, 3, 4], { start: 0, end: 1 }],
    [[2, 3, 4], { start: 1, end: 1 }],
    [[], {}],
    [[0, 2], {}],
  ];
  for (const [s, params] of flattens) {
    c(`flatten/${shp(s)}/${py(params)}`, "flatten", [s], { params });
  }
  const squeezes: [Shape, Params][] = [
    [[1, 3, 1], {}],
    [[1, 3, 1], { dim: 0 }],
    [[1, 3, 1], { dim: 1 }],
    [[1, 3, 1], { dim: -1 }],
    [[], {}],
    [[], { dim: 0 }],
    [[0, 1], {}],
  ];
  for (const [s, params] of squeezes) {
    c(`squeeze/${shp(s)}/${py(params)}`, "squeeze", [s], { params });
  }
  const unsqueezes: [Shape, number][] = [[[2, 3], 0], [[2, 3], -1], [[2, 3], 1], [[], 0], [[0], 1]];
  for (const [s, dim] of unsqueezes) {
    c(`unsqueeze/${shp(s)}/${dim}`, "unsqueeze", [s], { params: { dim } });
  }
  const expands: [Shape, number[]][] = [
    [[3], [2, 3]],
    [[2, 1], [2, 4]],
    [[2, 1], [-1, 3]],
    [[], [3, 2]],
    [[1], [2, 0]],
    [[3, 1], [2, 3, 2]],
  ];
  for (const [s, shape] of expands) {
    c(`expand/${shp(s)}->${py(shape)}`, "expand", [s], { params: { shape } });
  }
  for (const s of [[2, 3], [], [0, 2]]) c(`clone/${shp(s)}`, "clone", [s]);
  c("contiguous/2x3", "contiguous", [[2, 3]]);
  c("t_contiguous/2x3", "t_contiguous", [[2, 3]]);
  const cond = ["cond", "any", "any"] as const;
  const bool = ["bool", null, null] as const; // the condition is a bool tensor
  const where = (rg: readonly boolean[]) => ({ domains: cond, rg, inputDtypes: bool });
  c("where/2x3", "where", [[2, 3], [2, 3], [2, 3]], where([false, true, true]));
  c("where/broadcast", "where", [[2, 1], [3], []], where([false, true, true]));
  c("where/y-no-grad", "where", [[4], [4], [4]], where([false, true, false]));
  c("where_scalar/2x3", "where_scalar", [[2, 3], [2, 3]], {
    domains: ["cond", "any"],
    rg: [false, true],
    params: { s: 0.5 },
    inputDtypes: bool,
  });
}

/** The ops added to descent after the first fixture round. */
function secondRound(c: AddCase): void {
  const pairs: [Shape, Shape][] = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 1], []]];
  for (const [sa, sb] of pairs) {
    const tag = `${shp(sa)}&${shp(sb)}`;
    c(`maximum/${tag}`, "maximum", [sa, sb]);
    c(`minimum/${tag}`, "minimum", [sa, sb]);
  }
  const ties = [[1, 2, 3], [1, 5, 3]];
  c("maximum/ties", "maximum", [[3], [3]], { domains: ties });
  c("minimum/ties", "minimum", [[3], [3]], { domains: ties });
  for (const op of ["max_dim", "min_dim", "max_dim_indices", "min_dim_indices"] as const) {
    const dims: [Shape, Params][] = [
      [[2, 3], { dim: 1 }],
      [[2, 3], { dim: 0, keepdim: true }],
      [[2, 3, 4], { dim: -1 }],
      [[4], { dim: 0 }],
      [[], { dim: 0 }],
    ];
    for (const [s, params] of dims) c(`${op}/${shp(s)}/${py(params)}`, op, [s], { params });
    c(`${op}/ties`, op, [[2, 3]], { domains: [[1, 3, 3, -2, -2, 0]], params: { dim: 1 } });
  }
  for (const op of ["argmax", "argmin"] as const) {
    const dims: [Shape, Params][] = [
      [[2, 3], {}],
      [[2, 3], { dim: 1 }],
      [[2, 3], { dim: 0, keepdim: true }],
      [[], {}],
    ];
    for (const [s, params] of dims) c(`${op}/${shp(s)}/${py(params)}`, op, [s], { params });
    c(`${op}/ties`, op, [[4]], { domains: [[1, 3, 3, -2]] });
  }
  for (const op of ["softmax", "log_softmax"] as const) {
    const dims: [Shape, number][] = [
      [[2, 3], 1],
      [[2, 3], 0],
      [[2, 3, 4], -1],
      [[4], 0],
      [[], 0],
      [[0, 3], 1],
    ];
    for (const [s, dim] of dims) c(`${op}/${shp(s)}/${dim}`, op, [s], { params: { dim } });
  }
  const lse: [Shape, Params][] = [
    [[2, 3], { dim: 1 }],
    [[2, 3], { dim: 0, keepdim: true }],
    [[2, 3, 4], { dim: -1 }],
    [[], { dim: 0 }],
  ];
  for (const [s, params] of lse) {
    c(`logsumexp/${shp(s)}/${py(params)}`, "logsumexp", [s], { params });
  }
  const selects: [Shape, Params][] = [
    [[2, 3], { dim: 0, index: 1 }],
    [[2, 3], { dim: 1, index: -1 }],
    [[2, 3, 4], { dim: 1, index: 0 }],
    [[3], { dim: 0, index: 2 }],
  ];
  for (const [s, params] of selects) c(`select/${shp(s)}/${py(params)}`, "select", [s], { params });
  const narrows: [Shape, Params][] = [
    [[4, 3], { dim: 0, start: 1, length: 2 }],
    [[2, 5], { dim: 1, start: 0, length: 5 }],
    [[2, 3, 4], { dim: -1, start: 3, length: 1 }],
    [[3], { dim: 0, start: 1, length: 0 }],
  ];
  for (const [s, params] of narrows) c(`narrow/${shp(s)}/${py(params)}`, "narrow", [s], { params });
  c("cat/2x3&1x3/0", "cat", [[2, 3], [1, 3]], { params: { dim: 0 } });
  c("cat/2x3&2x2/-1", "cat", [[2, 3], [2, 2]], { params: { dim: -1 } });
  c("cat/3&0&2/0", "cat", [[3], [0], [2]], { params: { dim: 0 } });
  c("cat/2x3&2x1/b-no-grad", "cat", [[2, 3], [2, 1]], { rg: [true, false], params: { dim: 1 } });
  c("stack/2x3&2x3/0", "stack", [[2, 3], [2, 3]], { params: { dim: 0 } });
  c("stack/2x3&2x3&2x3/-1", "stack", [[2, 3], [2, 3], [2, 3]], { params: { dim: -1 } });
  c("stack/0d&0d/0", "stack", [[], []], { params: { dim: 0 } });
  c("T/2x3", "T", [[2, 3]]); // only 2-D: PyTorch 2.x deprecates .T on other ranks (warning)
  c("double/2x3", "double", [[2, 3]], { dtypes: F32 });
  c("float/2x3", "float", [[2, 3]]);
  c("double/2x3/f64", "double", [[2, 3]], { dtypes: F64 });
  for (const op of ["eq", "ne", "gt", "ge", "lt", "le"] as const) {
    c(`${op}/2x3&3`, op, [[2, 3], [3]], { domains: [[1, 2, 3, 3, 2, 1], [1, 2, 0.5]] });
  }
  c("gt_scalar/2x3", "gt_scalar", [[2, 3]], { params: { s: 0 } });
}

function inPlace(c: AddCase): void {
  const pairs: [Shape, Shape][] = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 3], []]];
  for (const [sa, sb] of pairs) {
    const tag = `${shp(sa)}&${shp(sb)}`;
    c(`add_/${tag}`, "add_", [sa, sb]);
    c(`sub_/${tag}`, "sub_", [sa, sb]);
    c(`mul_/${tag}`, "mul_", [sa, sb]);
    c(`div_/${tag}`, "div_", [sa, sb], { domains: ["any", "nonzero"] });
    c(`copy_/${tag}`, "copy_", [sa, sb]);
  }
  c("add_/2x3&3/alpha", "add_", [[2, 3], [3]], { params: { alpha: 2.5 } });
  c("sub_/2x3&3/alpha", "sub_", [[2, 3], [3]], { params: { alpha: -0.5 } });
  c("mul_/2x3&3/other-no-grad", "mul_", [[2, 3], [3]], { rg: [true, false] });
  c("mul_/2x3&3/self-no-grad", "mul_", [[2, 3], [3]], { rg: [false, true] });
  c("copy_/2x3&3/self-no-grad", "copy_", [[2, 3], [3]], { rg: [false, true] });
  c("add_scalar_/2x3", "add_scalar_", [[2, 3]], { params: { s: 2 } });
  c("mul_scalar_/2x3", "mul_scalar_", [[2, 3]], { params: { s: -3 } });
  c("zero_/2x3", "zero_", [[2, 3]]);
  c("fill_/2x3", "fill_", [[2, 3]], { params: { s: 2.5 } });
  c("fill_/0d", "fill_", [[]], { params: { s: -1 } });
  c("fill_/2x3/zero", "fill_", [[2, 3]], { params: { s: 0 } }); // FillBackward2, not ZeroBackward0
}

function compositions(c: AddCase): void {
  c("t_mul_sum/2x3&3x2", "t_mul_sum", [[2, 3], [3, 2]]);
  c("permute_sum/2x3x4", "permute_sum", [[2, 3, 4]]);
  c("expand_mul/3x1&4", "expand_mul", [[3, 1], [4]]);
  c("mul_self/2x3", "mul_self", [[2, 3]]);
  c("div_by_sum/4", "div_by_sum", [[4]], { domains: ["pos"] });
  c("tutorial_loss/3x3", "tutorial_loss", [[3, 3], [3, 3]], { rg: [true, false] });
  c("softplus/2x3", "exp_add_log", [[2, 3]]);
  c("mm_tanh_sum/2x3@3x4", "mm_tanh_sum", [[2, 3], [3, 4]]);
  c("sigmoid_mul_sum/5", "sigmoid_mul_sum", [[5]]);
  c("square_mean_sqrt/2x3", "square_mean_sqrt", [[2, 3]]);
  c("mul_max/2x3", "mul_max", [[2, 3]]);
}

/**
 * NaN, infinities, overflow and signed zeros flowing through ops (first order only: second
 * derivatives of non-finite values depend on how a backward is factored).
 */
function special(c: AddCase): void {
  const cases: [OpKey, number[], Params][] = [
    ["exp", [NAN, INF, -INF, 0, 100], {}],
    ["log", [0, -1, INF, NAN, 1], {}],
    ["sqrt", [0, -1, INF, 4], {}],
    // not -100: float32 PyTorch overflows exp(100) and gives 0, descent rounds 3.8e-44 (subnormal)
    ["sigmoid", [-INF, INF, NAN, -20, 100], {}],
    ["tanh", [INF, -INF, NAN, 20], {}],
    ["abs", [NAN, -INF, 0, -0], {}],
    ["neg", [0, -0, INF, NAN], {}],
    ["relu", [NAN, -INF, INF, -1], {}],
    ["clamp", [NAN, INF, -INF, 0.5], { min: 0, max: 1 }],
    ["reciprocal", [0, -0, INF, 2], {}],
    ["mul_scalar", [3e38, -3e38, 1e-45, 1], { s: 10 }],
    ["div_scalar", [1, -1, 0, NAN], { s: 0 }],
    ["sin", [INF, NAN, 0, 1], {}],
    ["max", [1, NAN, 3, NAN], {}],
    ["min", [1, -INF, 3, 2], {}],
    ["sum", [1, INF, 2, 3], {}],
    ["mean", [INF, -INF, 1, 2], {}],
    ["pow_scalar", [0, 4, INF, 1], { e: 0.5 }],
  ];
  for (const [op, values, params] of cases) {
    c(`special/${op}`, op, [[values.length]], { domains: [values], params, second: false });
  }
  c("special/div", "div", [[3], [3]], { domains: [[1, -1, 0], [0, 0, 0]], second: false });
  c("special/add_inf", "add", [[2], [2]], { domains: [[INF, 1], [-INF, NAN]], second: false });
}

/**
 * Signs of zero, NaN and C's special cases, as PyTorch's kernels compute them (issue 9, items
 * 8, 9, 10 and 16). pow with a number exponent dispatches to sqrt (0.5), rsqrt (-0.5) and
 * reciprocal (-1), and uses x*x (2), x*x*x (3) and 1/(x*x) (-2); C's pow gives 1 for 1**y and
 * (-1)**±inf. clamp and relu keep -0 (std::max(-0., 0.) is -0.); clamp with a NaN bound fills
 * NaN (2.x; 1.13 ignores a NaN bound given alone, see `clamp`'s expression). A full max/min keeps the later of equal elements (PyTorch's scalar loop; over more
 * than 16 elements its vectorised loop depends on lane layout). maximum/minimum send the whole
 * gradient to both inputs where either is NaN and half to each on ties.
 */
function edges(c: AddCase): void {
  const cases: [OpKey, number[], Params][] = [
    ["pow_scalar", [-0, -INF, 0, 4], { e: 0.5 }],
    ["pow_scalar", [-0, 0, 4, INF], { e: -0.5 }],
    ["pow_scalar", [-0, -2, 0.5, INF], { e: -1 }],
    ["pow_scalar", [-0, -2, 0.5], { e: -2 }],
    ["pow_scalar", [-0, -2, 1.5], { e: 3 }],
    ["pow_scalar", [1, NAN, INF], { e: 0 }],
    ["pow_scalar", [-1, 1, 2], { e: "inf" }],
    ["pow_scalar", [1, 2], { e: "nan" }],
    ["relu", [-0, 0, NAN, -1], {}],
    ["clamp", [-0, 0, 2, -1], { min: 0, max: 1 }],
    ["clamp", [-0, 2, NAN], { min: 0 }],
    ["clamp", [-0, 2, -1], { max: "-0" }],
    ["clamp", [-0, 2, 0.5], { min: "nan", max: 1 }],
    ["clamp", [-0, 2, 0.5], { min: 0, max: "nan" }],
    ["clamp", [-0, 2, 0.5], { min: "nan" }],
    ["clamp", [-0, 2, 0.5], { max: "nan" }],
    ["max", [0, -0], {}],
    ["max", [-0, 0], {}],
    ["min", [0, -0], {}],
    ["min", [-0, 0], {}],
  ];
  cases.forEach(([op, values, params], k) => {
    c(`edge/${op}/${k}`, op, [[values.length]], { domains: [values], params, second: false });
  });
  const two = (name: string, op: OpKey, a: number[], b: number[], dtypes?: readonly DType[]) =>
    c(name, op, [[a.length], [b.length]], { domains: [a, b], second: false, dtypes });
  two("edge/pow_c", "pow", [1, -1, -1, 1], [NAN, INF, -INF, -INF]);
  c("edge/rpow_one", "rpow_scalar", [[3]], {
    domains: [[NAN, INF, -INF]],
    params: { s: 1 },
    second: false,
  });
  two("edge/maximum_nan", "maximum", [NAN, 1], [1, NAN]);
  two("edge/minimum_nan", "minimum", [NAN, 1], [1, NAN]);
  two("edge/maximum_ties", "maximum", [0, -0, 1], [-0, 0, 1]);
  two("edge/minimum_ties", "minimum", [0, -0, 1], [-0, 0, 1]);
  // -g·(a/b)/b, not -g·a/b², whose b² overflows or underflows (1e-30/(1e-30)² is inf in float32,
  // -g·(a/b)/b is -g·1e30)
  two("edge/div_overflow", "div", [1e30, 1e-30], [1e20, 1e-30], F32);
  two("edge/div_overflow", "div", [1e300, 1e-200], [1e160, 1e-200], F64);
}

/** Cases added since the table replaced the generator's own list: append new ones here. */
function added(c: AddCase): void {
  // bmm and mv: PyTorch's BmmBackward0 and MvBackward0 (matmul dispatches elsewhere for these)
  const bmms: [Shape, Shape][] = [
    [[2, 3, 4], [2, 4, 5]],
    [[1, 2, 3], [1, 3, 2]],
    [[0, 2, 3], [0, 3, 4]],
    [[2, 0, 3], [2, 3, 4]],
    [[2, 3, 0], [2, 0, 4]],
  ];
  for (const [sa, sb] of bmms) c(`bmm/${shp(sa)}@${shp(sb)}`, "bmm", [sa, sb]);
  c("bmm/2x3x4@2x4x5/a-no-grad", "bmm", [[2, 3, 4], [2, 4, 5]], { rg: [false, true] });
  c("bmm/2x3x4@2x4x5/b-no-grad", "bmm", [[2, 3, 4], [2, 4, 5]], { rg: [true, false] });
  c("bmm_transposed/2x4x3@2x4x5", "bmm_transposed", [[2, 4, 3], [2, 4, 5]]);
  const mvs: [Shape, Shape][] = [[[2, 3], [3]], [[1, 1], [1]], [[0, 3], [3]], [[2, 0], [0]]];
  for (const [sa, sb] of mvs) c(`mv/${shp(sa)}@${shp(sb)}`, "mv", [sa, sb]);
  c("mv/2x3@3/a-no-grad", "mv", [[2, 3], [3]], { rg: [false, true] });
  c("mv/2x3@3/b-no-grad", "mv", [[2, 3], [3]], { rg: [true, false] });
  c("mv_transposed/3x2@3", "mv_transposed", [[3, 2], [3]]);

  c("detach/2x3", "detach", [[2, 3]]);
  c("detach/0d", "detach", [[]]);
  c("data/2x3", "data", [[2, 3]]);
  for (const dtype of ["float64", "float32"] as const) {
    c(`to/2x3/${dtype}`, "to", [[2, 3]], { params: { dtype } });
  }
  c("to/0d/float64", "to", [[]], { params: { dtype: "float64" } });
  const sums: [Shape, number[]][] = [
    [[2, 3], [1, 3]],
    [[2, 3], [3]],
    [[2, 3], [2, 1]],
    [[2, 3, 4], [3, 1]],
    [[2, 3], [1]],
    [[2, 3], [2, 3]],
    [[0, 3], [3]],
  ];
  for (const [s, shape] of sums) {
    c(`sum_to/${shp(s)}->${py(shape)}`, "sum_to", [s], { params: { shape } });
  }

  // creation
  for (const shape of [[2, 3], [], [0]]) {
    c(`zeros/${shp(shape)}`, "zeros", [], { params: { shape } });
    c(`ones/${shp(shape)}`, "ones", [], { params: { shape } });
  }
  for (const value of [2.5, "-inf", "nan", "-0"]) {
    c(`full/2x3/${value}`, "full", [], { params: { shape: [2, 3], value } });
  }
  const aranges: Params[] = [
    { end: 5 },
    { end: 0 },
    { start: 1, end: 2.5, step: 0.5 },
    { start: 0, end: 1, step: 0.1 },
    { start: 10, end: 0, step: -3 },
    { start: -1, end: 1, step: 0.3 },
  ];
  for (const params of aranges) c(`arange/${py(params)}`, "arange", [], { params });
  const linspaces: Params[] = [
    { start: -1, end: 1, steps: 5 },
    { start: 0, end: 1, steps: 1 },
    { start: 0, end: 1, steps: 0 },
    { start: 0, end: 10, steps: 7 },
    { start: 1, end: -1, steps: 4 },
    { start: 0.1, end: 0.7, steps: 13 },
  ];
  for (const params of linspaces) c(`linspace/${py(params)}`, "linspace", [], { params });
  for (const params of [{ n: 3 }, { n: 2, m: 4 }, { n: 3, m: 1 }, { n: 0 }]) {
    c(`eye/${py(params)}`, "eye", [], { params });
  }
  const data: NestedArray[] = [[[0.5, -1.5], [2.25, 3.0]], 2.5, [], [0.1, -0.2, 1e-5]];
  for (const d of data) c(`tensor/${py(d)}`, "tensor", [], { params: { data: d } });
  // a list: torch.FloatTensor(n) of a number n is an uninitialised tensor of n elements
  for (const d of data.filter(Array.isArray)) {
    c(`float_tensor/${py(d)}`, "float_tensor", [], { params: { data: d } });
  }
  for (const s of [[2, 3], []]) {
    c(`zeros_like/${shp(s)}`, "zeros_like", [s]);
    c(`ones_like/${shp(s)}`, "ones_like", [s]);
    c(`full_like/${shp(s)}`, "full_like", [s], { params: { value: -0.75 } });
  }
  for (const s of [[3], [2, 2], []]) {
    c(`jacobian/${shp(s)}`, "jacobian", [s]);
    c(`hessian/${shp(s)}`, "hessian", [s]);
  }

  // operands of two dtypes: PyTorch's type promotion (a 0-d tensor does not promote a
  // dimensioned one of the same category), gradients cast back to each input's dtype
  for (const op of ["add", "sub", "mul", "div", "pow", "maximum"] as const) {
    for (const [sa, sb] of [[[2, 3], [3]], [[2, 3], []], [[], [3]]]) {
      c(`${op}/${shp(sa)}&${shp(sb)}/float64-operand`, op, [sa, sb], {
        domains: op === "pow" ? ["pos", "small"] : op === "div" ? ["any", "nonzero"] : undefined,
        inputDtypes: [null, "float64"],
        dtypes: F32,
      });
    }
  }
}

/**
 * Linear algebra (issue 13): the add* products, `linalg`'s solves, inverses, determinants,
 * decompositions, least squares and matrix norms — batched, 1×1, empty, ill-conditioned (float64
 * only: float32's error there is its own, not a tolerance's) and singular inputs.
 */
function linearAlgebra(c: AddCase): void {
  // add* products: broadcasting input, beta/alpha, beta = 0 ignoring NaN, empty inner dims
  c("addmm/2&2x3@3x2", "addmm", [[2], [2, 3], [3, 2]]);
  c("addmm/2x2&2x3@3x2/beta-alpha", "addmm", [[2, 2], [2, 3], [3, 2]], {
    params: { beta: 0.5, alpha: -2 },
  });
  c("addmm/1x1", "addmm", [[1, 1], [1, 1], [1, 1]]);
  c("addmm/3&2x0@0x3/beta-alpha", "addmm", [[3], [2, 0], [0, 3]], {
    params: { beta: 2, alpha: 3 },
  });
  c("addmm/beta0-nan", "addmm", [[2], [2, 3], [3, 2]], {
    domains: [[NAN, INF], "any", "any"],
    params: { beta: 0 },
    second: false,
  });
  c("addmm/2x1&2x3@3x2/input-no-grad", "addmm", [[2, 1], [2, 3], [3, 2]], {
    rg: [false, true, true],
  });
  c("addmm_transposed/3&4x2@3x4", "addmm_transposed", [[3], [4, 2], [3, 4]]);
  c("addmv/2&2x3@3", "addmv", [[2], [2, 3], [3]]);
  c("addmv/1&2x3@3/beta-alpha", "addmv", [[1], [2, 3], [3]], { params: { beta: -1, alpha: 0.5 } });
  c("addmv/0d&3x2@2", "addmv", [[], [3, 2], [2]]);
  c("addmv/2&2x0@0", "addmv", [[2], [2, 0], [0]]);
  c("baddbmm/2x3x4&2x3x5@2x5x4", "baddbmm", [[2, 3, 4], [2, 3, 5], [2, 5, 4]]);
  c("baddbmm/4&2x3x5@2x5x4/beta-alpha", "baddbmm", [[4], [2, 3, 5], [2, 5, 4]], {
    params: { beta: 0.25, alpha: 1.5 },
  });
  c("baddbmm/1x3x1&2x3x2@2x2x4", "baddbmm", [[1, 3, 1], [2, 3, 2], [2, 2, 4]]);
  c("baddbmm/3&0x2x4@0x4x3", "baddbmm", [[3], [0, 2, 4], [0, 4, 3]]);

  // solve: matrices, vectors, batches broadcast either way, X·A = B, 1×1, one side not
  // requiring grad, empty, and an ill-conditioned but solvable system
  const wc = ["wellcond", "any"] as const;
  c("linalg_solve/3x3&3x2", "linalg_solve", [[3, 3], [3, 2]], { domains: wc });
  c("linalg_solve/3x3&3", "linalg_solve", [[3, 3], [3]], { domains: wc });
  c("linalg_solve/2x3x3&2x3", "linalg_solve", [[2, 3, 3], [2, 3]], { domains: wc });
  c("linalg_solve/2x3x3&3x2", "linalg_solve", [[2, 3, 3], [3, 2]], { domains: wc });
  c("linalg_solve/3x3&2x3x4", "linalg_solve", [[3, 3], [2, 3, 4]], { domains: wc });
  c("linalg_solve/3x3&2x3/right", "linalg_solve", [[3, 3], [2, 3]], {
    domains: wc,
    params: { left: false },
  });
  // (1.13 fails the backward of a 1×1 system with a vector B, fixed in 2.x: linalg_test.ts)
  c("linalg_solve/1x1&1x1", "linalg_solve", [[1, 1], [1, 1]], { domains: wc });
  c("linalg_solve/3x3&3/a-no-grad", "linalg_solve", [[3, 3], [3]], {
    domains: wc,
    rg: [false, true],
  });
  c("linalg_solve/3x3&3/b-no-grad", "linalg_solve", [[3, 3], [3]], {
    domains: wc,
    rg: [true, false],
  });
  c("linalg_solve/0x0&0", "linalg_solve", [[0, 0], [0]]);
  const hilbert = (n: number) =>
    Array.from({ length: n * n }, (_, k) => 1 / (Math.floor(k / n) + (k % n) + 1));
  c("linalg_solve/hilbert4&4", "linalg_solve", [[4, 4], [4]], {
    domains: [hilbert(4), "any"],
    dtypes: F64,
  });
  c("linalg_solve/near-singular", "linalg_solve", [[2, 2], [2]], {
    domains: [[1, 1, 1, 1.0001], [2, 2.0001]],
    dtypes: F64,
  });

  // inv, det, slogdet
  c("linalg_inv/3x3", "linalg_inv", [[3, 3]], { domains: ["wellcond"] });
  c("linalg_inv/2x3x3", "linalg_inv", [[2, 3, 3]], { domains: ["wellcond"] });
  c("linalg_inv/1x1", "linalg_inv", [[1, 1]], { domains: ["wellcond"] });
  c("linalg_inv/hilbert4", "linalg_inv", [[4, 4]], { domains: [hilbert(4)], dtypes: F64 });
  c("linalg_det/3x3", "linalg_det", [[3, 3]], { domains: ["wellcond"] });
  c("linalg_det/2x3x3", "linalg_det", [[2, 3, 3]], { domains: ["wellcond"] });
  c("linalg_det/4x4", "linalg_det", [[4, 4]]);
  c("linalg_det/1x1", "linalg_det", [[1, 1]]);
  c("linalg_det/0x0", "linalg_det", [[0, 0]]);
  // singular: the gradient is the adjugate, from the SVD
  c("linalg_det/singular", "linalg_det", [[2, 2]], { domains: [[1, 2, 2, 4]] });
  c("linalg_det/singular3", "linalg_det", [[3, 3]], {
    domains: [[1, 2, 3, 4, 5, 6, 7, 8, 9]],
    dtypes: F64,
  });
  c("linalg_det/batch-singular-and-not", "linalg_det", [[2, 2, 2]], {
    domains: [[1, 2, 2, 4, 2, 1, 1, 3]],
  });
  c("linalg_slogdet/3x3", "linalg_slogdet", [[3, 3]], { domains: ["wellcond"] });
  c("linalg_slogdet/2x3x3", "linalg_slogdet", [[2, 3, 3]], { domains: ["wellcond"] });
  c("linalg_slogdet/1x1-negative", "linalg_slogdet", [[1, 1]], { domains: [[-0.5]] });

  // cholesky
  c("linalg_cholesky/3x3", "linalg_cholesky", [[3, 3]], { domains: ["spd"] });
  c("linalg_cholesky/2x3x3", "linalg_cholesky", [[2, 3, 3]], { domains: ["spd"] });
  c("linalg_cholesky/3x3/upper", "linalg_cholesky", [[3, 3]], {
    domains: ["spd"],
    params: { upper: true },
  });
  c("linalg_cholesky/1x1", "linalg_cholesky", [[1, 1]], { domains: ["spd"] });

  // qr: tall, wide, square, complete; "r" and complete tall are not differentiable
  for (const s of [[4, 3], [3, 4], [3, 3], [2, 4, 3], [1, 1]]) {
    c(`linalg_qr/${shp(s)}`, "linalg_qr", [s]);
  }
  c("linalg_qr/3x4/complete", "linalg_qr", [[3, 4]], { params: { mode: "complete" } });
  c("linalg_qr/4x3/complete", "linalg_qr", [[4, 3]], {
    params: { mode: "complete" },
    rg: [false],
  });
  c("linalg_qr/4x3/r", "linalg_qr", [[4, 3]], { params: { mode: "r" }, rg: [false] });
  c("linalg_qr/3x0", "linalg_qr", [[3, 0]], { rg: [false] });

  // eigh (only the UPLO triangle is read; the input need not be symmetric)
  c("linalg_eigh/3x3", "linalg_eigh", [[3, 3]]);
  c("linalg_eigh/3x3/U", "linalg_eigh", [[3, 3]], { params: { uplo: "U" } });
  c("linalg_eigh/2x4x4", "linalg_eigh", [[2, 4, 4]]);
  c("linalg_eigh/1x1", "linalg_eigh", [[1, 1]]);
  c("linalg_eigh/0x0", "linalg_eigh", [[0, 0]], { rg: [false] });

  // svd (vectors compared up to sign; the full U/Vh's extra columns/rows are arbitrary)
  c("linalg_svd/4x3", "linalg_svd", [[4, 3]], { params: { full: false } });
  c("linalg_svd/3x4", "linalg_svd", [[3, 4]], { params: { full: false } });
  c("linalg_svd/3x3", "linalg_svd", [[3, 3]]);
  c("linalg_svd/4x3/full", "linalg_svd", [[4, 3]], { params: { full: true } });
  c("linalg_svd/2x4/full", "linalg_svd", [[2, 4]], { params: { full: true } });
  c("linalg_svd/2x3x2", "linalg_svd", [[2, 3, 2]], { params: { full: false } });
  c("linalg_svd/1x1", "linalg_svd", [[1, 1]]);
  c("linalg_svdvals/3x4", "linalg_svdvals", [[3, 4]]);
  c("linalg_svdvals/2x4x3", "linalg_svdvals", [[2, 4, 3]]);
  c("linalg_svdvals/3x0", "linalg_svdvals", [[3, 0]]);

  // lstsq: each driver, underdetermined (minimum norm), batches, rank-deficient; random
  // matrices in float64, matrices with orthogonal columns in float32 (whose error is then
  // float32's rounding, not the conditioning's)
  c("linalg_lstsq/5x3&5x2", "linalg_lstsq", [[5, 3], [5, 2]], { dtypes: F64 });
  for (const driver of ["gels", "gelsd", "gelss"] as const) {
    c(`linalg_lstsq/5x3&5x2/${driver}`, "linalg_lstsq", [[5, 3], [5, 2]], {
      params: { driver },
      dtypes: F64,
    });
  }
  // (a vector B: 1.13's backward fails, 2.x's works; checked in conformance/linalg_2x_test.ts)
  // (gelsy's last bits differ from run to run on most input, PyTorch's "gelsy is
  // non-deterministic", which would make the fixtures change at each generation)
  c("linalg_lstsq/3x5&3x2", "linalg_lstsq", [[3, 5], [3, 2]], {
    params: { driver: "gelsd" },
    dtypes: F64,
  });
  c("linalg_lstsq/3x5&3x2/gels", "linalg_lstsq", [[3, 5], [3, 2]], {
    params: { driver: "gels" },
    dtypes: F64,
  });
  c("linalg_lstsq/2x3x3&2x3x2", "linalg_lstsq", [[2, 3, 3], [2, 3, 2]], {
    domains: wc,
    params: { driver: "gelsd" },
  });
  c("linalg_lstsq/3x3&3x1/b-no-grad", "linalg_lstsq", [[3, 3], [3, 1]], {
    domains: wc,
    params: { driver: "gelss" },
    rg: [true, false],
  });
  const orthogonal = [1, 0, 0, 1, 1, 1, 1, -1]; // 4×2, AᵀA = diag(3, 3)
  // the default driver (gelsy): only here, where PyTorch's result is the same bits every run
  for (const driver of [undefined, "gels", "gelsd"] as const) {
    c(`linalg_lstsq/orthogonal4x2&4x3/${driver ?? "default"}`, "linalg_lstsq", [[4, 2], [4, 3]], {
      domains: [orthogonal, "any"],
      params: driver === undefined ? {} : { driver },
    });
  }
  const wide = [1, 0, 1, 1, 0, 1, 1, -1]; // 2×4, its transpose
  c("linalg_lstsq/orthogonal2x4&2x3", "linalg_lstsq", [[2, 4], [2, 3]], {
    domains: [wide, "any"],
    params: { driver: "gelss" },
  });
  c("linalg_lstsq/rank1", "linalg_lstsq", [[3, 2], [3, 1]], {
    domains: [[1, 0, 2, 0, 3, 0], "any"],
    params: { driver: "gelsd" },
    second: false,
  });

  // matrix norms: every order, batches, dims and keepdim, empty matrices
  for (const ord of ["fro", "nuc", 1, -1, 2, -2, "inf", "-inf"]) {
    c(`linalg_matrix_norm/3x3/${ord}`, "linalg_matrix_norm", [[3, 3]], { params: { ord } });
    c(`linalg_matrix_norm/2x3x4/${ord}/dims`, "linalg_matrix_norm", [[2, 3, 4]], {
      params: { ord, dims: [2, 0], keepdim: true },
    });
  }
  c("linalg_matrix_norm/2x3x4/fro", "linalg_matrix_norm", [[2, 3, 4]]);
  c("linalg_matrix_norm/4x2/-2", "linalg_matrix_norm", [[4, 2]], { params: { ord: -2 } });
  // (∞ and 2 of an empty matrix: 1.13 fails in amax, 2.x returns 0: tensor/ops/linalg_norm_test.ts)
  for (const ord of [1, "nuc"]) {
    c(`linalg_matrix_norm/0x3/${ord}`, "linalg_matrix_norm", [[0, 3]], { params: { ord } });
  }

  // non-contiguous inputs
  c("linalg_solve_transposed/2x3x3&2x2x3", "linalg_solve_transposed", [[2, 3, 3], [2, 2, 3]], {
    domains: wc,
  });
  c("linalg_det_transposed/3x3", "linalg_det_transposed", [[3, 3]], { domains: ["wellcond"] });
  c("linalg_det_transposed/singular3", "linalg_det_transposed", [[3, 3]], {
    domains: [[1, 2, 3, 4, 5, 6, 7, 8, 9]],
    dtypes: F64,
  });
  c("linalg_qr_transposed/3x4", "linalg_qr_transposed", [[3, 4]]);

  // NaN, infinities and signed zeros through the LU-based ops and Cholesky (first order only)
  const specials: [OpKey, number[], number[] | null][] = [
    ["linalg_solve", [NAN, 1, 1, 1], [1, 1]],
    ["linalg_solve", [INF, 1, 1, 1], [1, 1]],
    ["linalg_inv", [NAN, 1, 1, 1], null],
    ["linalg_det", [INF, 1, 1, 1], null],
    ["linalg_det", [-0, 0, 0, 1], null],
    ["linalg_slogdet", [-0, 0, 0, 1], null],
    ["linalg_cholesky", [INF, 0, 0, 1], null],
  ];
  specials.forEach(([op, a, b], k) => {
    const shapes = b === null ? [[2, 2]] : [[2, 2], [2, 1]];
    const domains = b === null ? [a] : [a, b];
    c(`special/${op}/${k}`, op, shapes, { domains, second: false, rg: shapes.map(() => false) });
  });

  // the Newton step of examples/newton_step.ts (the program that motivated linalg.solve)
  c("newton_step/2", "newton_step", [[2]], { domains: [[2, 0.5]] });
}

/**
 * Shape and joining (issue 13): padding, flips, rolls, triangles and diagonals, repetition,
 * splitting, dim moves, windows, grids, outer and Kronecker products, einsum — with 0-d and
 * empty inputs, negative dims, non-contiguous inputs (`nc`), several outputs, and PyTorch 2.x's
 * node names where 1.13's differ (generate.py's `name_2x`).
 */
function shapeJoining(c: AddCase): void {
  const one = (op: OpKey, s: Shape, params: Params, tag = py(params)) =>
    c(`${op}/${shp(s)}/${tag}`, op, [s], { params });

  // pad: amounts last dim first; negative amounts crop
  const pads: [Shape, Params][] = [
    [[2, 3], { pad: [1, 2] }],
    [[2, 3, 4], { pad: [1, 0, 2, 1], value: 1.5 }],
    [[3], { pad: [-1, 2] }],
    [[2, 3], { pad: [0, 0, -1, -1] }],
    [[2, 3], { pad: [-1, -1, 1, 0], value: "-inf" }],
    [[], { pad: [] }],
    [[0, 3], { pad: [1, 1] }],
    [[1, 2, 2], { pad: [1, 1, 0, 1, 2, 0], value: "nan" }],
    [[3, 4], { pad: [1, 1, 1, 0], nc: true }],
    [[2, 5], { pad: [2, 1], padMode: "reflect" }],
    [[2, 3, 5], { pad: [1, 3], padMode: "reflect" }],
    [[2, 3, 4], { pad: [1, 1, 2, 1], padMode: "reflect" }],
    [[1, 2, 3, 4], { pad: [3, 2, 2, 0], padMode: "reflect" }],
    [[1, 1, 3, 2, 4], { pad: [1, 1, 0, 1, 2, 1], padMode: "reflect" }],
    [[2, 5], { pad: [-1, 2], padMode: "reflect" }],
    [[0, 2, 3], { pad: [1, 1], padMode: "reflect" }],
    [[4, 3], { pad: [1, 2], padMode: "reflect", nc: true }],
    [[2, 3], { pad: [4, 5], padMode: "replicate" }],
    [[2, 3, 4], { pad: [1, 2, 2, 1], padMode: "replicate" }],
    [[1, 2, 2, 3, 2], { pad: [1, 0, 1, 1, 0, 2], padMode: "replicate" }],
    [[2, 4], { pad: [-2, 1], padMode: "replicate" }],
    [[4, 3], { pad: [2, 0], padMode: "replicate", nc: true }],
    [[2, 3, 4], { pad: [1, 2], padMode: "circular" }],
    [[2, 3, 4], { pad: [4, 4], padMode: "circular" }],
    [[2, 3, 5], { pad: [-1, 2], padMode: "circular" }],
    [[1, 2, 3, 4], { pad: [1, 2, 2, 1], padMode: "circular" }],
    [[1, 1, 2, 3, 4], { pad: [1, 0, 1, 1, 2, 1], padMode: "circular" }],
    [[4, 2, 3], { pad: [1, 1], padMode: "circular", nc: true }],
  ];
  pads.forEach(([s, params], k) => one("pad", s, params, String(k)));

  const flips: [Shape, Params][] = [
    [[2, 3, 4], { dims: [0, 2] }],
    [[2, 3], { dims: [-1] }],
    [[2, 3], { dims: [] }],
    [[], { dims: [0] }],
    [[0, 3], { dims: [1] }],
    [[3, 4], { dims: [0], nc: true }],
  ];
  for (const [s, params] of flips) one("flip", s, params);
  const rolls: [Shape, Params][] = [
    [[2, 3], { shifts: 1 }],
    [[2, 3], { shifts: -7 }],
    [[2, 3, 4], { shifts: [1, -2], dims: [0, 2] }],
    [[5], { shifts: 7, dims: [0] }],
    [[2, 3], { shifts: [1, 1], dims: [1, 1] }],
    [[], { shifts: 1 }],
    [[0, 3], { shifts: 1, dims: [0] }],
    [[3, 4], { shifts: 2, nc: true }],
    [[3, 4], { shifts: [1], dims: [-1], nc: true }],
  ];
  for (const [s, params] of rolls) one("roll", s, params);

  const triangles: [Shape, Params][] = [
    [[3, 4], {}],
    [[4, 3], { offset: -1 }],
    [[2, 3, 3], { offset: 1 }],
    [[3, 3], { offset: 5 }],
    [[3, 3], { offset: -5 }],
    [[0, 3], {}],
    [[3, 4], { offset: 1, nc: true }],
  ];
  for (const [s, params] of triangles) {
    one("tril", s, params);
    one("triu", s, params);
  }
  const diags: [Shape, Params][] = [
    [[3], {}],
    [[3], { offset: 1 }],
    [[3], { offset: -2 }],
    [[0], {}],
    [[3, 4], {}],
    [[3, 4], { offset: 1 }],
    [[4, 3], { offset: -2 }],
    [[3, 4], { offset: 3 }],
    [[3, 4], { offset: -1, nc: true }],
  ];
  for (const [s, params] of diags) one("diag", s, params);
  const diagonals: [Shape, Params][] = [
    [[3, 4], {}],
    [[2, 3, 4], { offset: 1, dim1: 1, dim2: 2 }],
    [[2, 3, 4], { offset: -1, dim1: -1, dim2: 0 }],
    [[3, 3], { offset: 5 }],
    [[2, 0, 3], { dim1: 0, dim2: 2 }],
    [[3, 4, 2], { offset: 1, nc: true }],
  ];
  for (const [s, params] of diagonals) one("diagonal", s, params);
  const embeds: [Shape, Params][] = [
    [[3], {}],
    [[2, 3], { offset: 1 }],
    [[2, 3], { offset: -1, dim1: 0, dim2: 2 }],
    [[2, 3], { dim1: -1, dim2: 1 }],
    [[0], {}],
    [[2, 0], { offset: 2 }],
    [[3, 2], { nc: true }],
  ];
  for (const [s, params] of embeds) one("diag_embed", s, params);
  for (const s of [[3, 3], [2, 4], [3, 2], [0, 3], [1, 1]]) one("trace", s, {});
  one("trace", [2, 3], { nc: true });

  const repeats: [Shape, Params][] = [
    [[2, 3], { repeats: [2, 1] }],
    [[3], { repeats: [2, 2] }],
    [[], { repeats: [2, 3] }],
    [[], { repeats: [] }],
    [[2, 3], { repeats: [1, 0] }],
    [[0, 2], { repeats: [2, 2] }],
    [[2, 3], { repeats: [1, 1] }],
    [[3, 2], { repeats: [2, 1, 3], nc: true }],
  ];
  for (const [s, params] of repeats) one("repeat", s, params);
  const tiles: [Shape, Params][] = [
    [[2, 3], { repeats: [2] }],
    [[2], { repeats: [2, 2] }],
    [[], { repeats: [3] }],
    [[2, 3], { repeats: [] }],
    [[3, 2], { repeats: [2, 2], nc: true }],
  ];
  for (const [s, params] of tiles) one("tile", s, params);
  const interleaves: [Shape, Params][] = [
    [[2, 3], { repeats: 2 }],
    [[2, 3], { repeats: 2, dim: 1 }],
    [[2, 3], { repeats: 0, dim: 0 }],
    [[2, 3], { repeats: 1, dim: -1 }],
    [[], { repeats: 3 }],
    [[0, 2], { repeats: 2, dim: 0 }],
    [[3, 2], { repeats: 2, dim: 1, nc: true }],
  ];
  for (const [s, params] of interleaves) one("repeat_interleave", s, params);
  const counts: [Shape, number[], Params][] = [
    [[2, 3], [1, 0, 2], { dim: 1 }],
    [[2, 3], [2], { dim: 0 }],
    [[2, 2], [1, 2, 0, 1], {}],
    [[3, 2], [2, 1, 1], { dim: -1, nc: true }],
  ];
  for (const [s, r, params] of counts) {
    c(`repeat_interleave_tensor/${shp(s)}/${py(r)}/${py(params)}`, "repeat_interleave_tensor", [
      s,
      [r.length],
    ], { domains: ["any", r], rg: [true, false], params, inputDtypes: [null, "int64"] });
  }

  const splits: [Shape, Params][] = [
    [[5, 2], { split: 2 }],
    [[5, 2], { split: [1, 4] }],
    [[2, 6], { split: 3, dim: -1 }],
    [[2, 3], { split: [3], dim: 1 }],
    [[2, 3], { split: [0, 2, 1], dim: 1 }],
    [[4], { split: 5 }],
    [[0, 3], { split: 0 }],
    [[3, 4], { split: 2, nc: true }],
  ];
  for (const [s, params] of splits) one("split", s, params);
  const chunks: [Shape, Params][] = [
    [[5, 2], { chunks: 2 }],
    [[6], { chunks: 4 }],
    [[0], { chunks: 2 }],
    [[2, 3], { chunks: 3, dim: 1 }],
    [[2, 3], { chunks: 5, dim: -1 }],
    [[3, 4], { chunks: 2, nc: true }],
  ];
  for (const [s, params] of chunks) one("chunk", s, params);
  const unbinds: [Shape, Params][] = [
    [[2, 3], {}],
    [[2, 3], { dim: -1 }],
    [[3], {}],
    [[0, 2], {}],
    [[3, 2], { dim: 1, nc: true }],
  ];
  for (const [s, params] of unbinds) one("unbind", s, params);
  // only one piece's gradient reaches the input: the others count as zeros
  c("split/5x2/one-used", "split_first", [[5, 2]], { params: { split: 2 } });

  const unflattens: [Shape, Params][] = [
    [[2, 6], { dim: 1, sizes: [3, 2] }],
    [[2, 6], { dim: -1, sizes: [-1, 3] }],
    [[6], { dim: 0, sizes: [1, 6, 1] }],
    [[0, 4], { dim: 1, sizes: [2, 2] }],
    [[6, 2], { dim: 1, sizes: [2, 3], nc: true }],
  ];
  for (const [s, params] of unflattens) one("unflatten", s, params);
  const moves: [Shape, Params][] = [
    [[2, 3, 4], { source: 0, destination: -1 }],
    [[2, 3, 4], { source: [0, 1], destination: [2, 0] }],
    [[2, 3], { source: 1, destination: 1 }],
    [[], { source: 0, destination: 0 }],
    [[2, 3, 4], { source: [-1], destination: [0], nc: true }],
  ];
  for (const [s, params] of moves) one("movedim", s, params);
  const swaps: [Shape, Params][] = [
    [[2, 3, 4], { dims: [0, 2] }],
    [[2, 3], { dims: [-1, -2] }],
    [[], { dims: [0, -1] }],
    [[2, 3, 4], { dims: [1, 2], nc: true }],
  ];
  for (const [s, params] of swaps) one("swapaxes", s, params);
  const grids: [Shape[], "ij" | "xy"][] = [
    [[[3], [2]], "ij"],
    [[[3], [2]], "xy"],
    [[[3], [2], [4]], "xy"],
    [[[], [3]], "ij"],
    [[[3]], "xy"],
    [[[0], [2]], "ij"],
  ];
  for (const [shapes, indexing] of grids) {
    c(`meshgrid/${shapes.map(shp).join("&")}/${indexing}`, "meshgrid", shapes, {
      params: { indexing },
    });
  }
  c("meshgrid/3&2/first-no-grad", "meshgrid", [[3], [2]], {
    rg: [false, true],
    params: { indexing: "xy" },
  });
  const unfolds: [Shape, Params][] = [
    [[5], { dim: 0, size: 2, step: 1 }],
    [[2, 6], { dim: 1, size: 3, step: 2 }],
    [[2, 5], { dim: -1, size: 5, step: 1 }],
    [[2, 5], { dim: 1, size: 2, step: 3 }],
    [[], { dim: 0, size: 1, step: 1 }],
    [[3, 4], { dim: 0, size: 0, step: 1 }],
    [[4, 3], { dim: 1, size: 3, step: 1, nc: true }],
  ];
  for (const [s, params] of unfolds) one("unfold", s, params);

  c("outer/3&4", "outer", [[3], [4]]);
  c("outer/0&2", "outer", [[0], [2]]);
  c("outer/3&2/b-no-grad", "outer", [[3], [2]], { rg: [true, false] });
  const krons: [Shape, Shape, Params][] = [
    [[2, 3], [2, 2], {}],
    [[2], [2, 3], {}],
    [[], [3], {}],
    [[], [], {}],
    [[2, 1, 3], [2, 2], {}],
    [[0, 2], [3], {}],
  ];
  for (const [sa, sb, params] of krons) {
    c(`kron/${shp(sa)}&${shp(sb)}/${py(params)}`, "kron", [sa, sb], { params });
  }

  const einsums: [string, Shape[], Params?][] = [
    ["ij,jk->ik", [[2, 3], [3, 4]]],
    ["ij,jk", [[2, 3], [3, 4]]],
    ["ij,jk->ki", [[2, 3], [3, 4]]],
    ["ii", [[3, 3]]],
    ["ii->i", [[3, 3]]],
    ["ij->ji", [[2, 3]]],
    ["ij->", [[2, 3]]],
    ["ij->j", [[2, 3]]],
    ["i,i", [[3], [3]]],
    ["i,j", [[3], [2]]],
    ["i,j->ji", [[3], [2]]],
    ["bij,bjk->bik", [[2, 3, 4], [2, 4, 5]]],
    ["...ij,...jk", [[2, 3, 4], [4, 2]]],
    ["b...,b...->b", [[2, 3], [2, 1, 3]]],
    ["i...->...", [[2, 3, 4]]],
    ["iij->j", [[2, 2, 3]]],
    ["iji->j", [[2, 3, 2]]],
    ["ij,ij,ij->i", [[2, 3], [2, 3], [2, 3]]],
    ["ij,jk,kl->il", [[2, 3], [3, 4], [4, 2]]],
    ["bn,anm,bm->ba", [[2, 3], [4, 3, 2], [2, 2]]],
    ["i,i,i->", [[3], [3], [3]]],
    ["Ab,bA", [[2, 3], [3, 2]]],
    ["ij,jk", [[2, 1], [3, 4]]],
    ["ij,kj->ik", [[2, 3], [4, 3]]],
    ["ij,jk->ik", [[0, 3], [3, 2]]],
    ["ij,jk->ik", [[2, 0], [0, 3]]],
    ["", [[]]],
    [",i->i", [[], [3]]],
    [" i j , j k -> i k ", [[2, 3], [3, 2]]],
    ["ij,jk->ik", [[3, 2], [3, 4]], { nc: true }],
    ["ii->i", [[3, 3]], { nc: true }],
  ];
  for (const [equation, shapes, extra] of einsums) {
    const params = { equation, ...extra };
    c(
      `einsum/${py(equation)}/${shapes.map(shp).join("&")}/${extra ? "nc" : ""}`,
      "einsum",
      shapes,
      {
        params,
      },
    );
  }
  c("einsum/ij,jk/b-no-grad", "einsum", [[2, 3], [3, 2]], {
    rg: [true, false],
    params: { equation: "ij,jk" },
  });

  // NaN, infinities and signed zeros are copied as they are (tril/triu fill +0)
  const specials = [NAN, -0, INF, -INF, 0, 1.5];
  const moved: [OpKey, Params][] = [
    ["flip", { dims: [1] }],
    ["roll", { shifts: 1 }],
    ["tril", {}],
    ["triu", { offset: 1 }],
    ["diag", {}],
    ["repeat", { repeats: [1, 2] }],
    ["pad", { pad: [1, 2], padMode: "reflect" }],
    ["pad", { pad: [2, 0], padMode: "replicate" }],
    ["pad", { pad: [1, 1], value: "-0" }],
    ["unfold", { dim: 1, size: 2, step: 1 }],
    ["trace", {}],
  ];
  moved.forEach(([op, params], k) => {
    c(`special/${op}/${k}`, op, [[2, 3]], { domains: [specials], params, second: false });
  });
  c("special/kron", "kron", [[2], [2]], { domains: [[INF, -0], [0, NAN]], second: false });
}

/**
 * Convolution, pooling, resampling and attention (issue 13): strides, padding, dilation and
 * groups in combination, odd sizes, 1×1 kernels, batch 1, unbatched and non-contiguous inputs.
 */
function convPoolAttention(c: AddCase): void {
  const withBias = (x: Shape, w: Shape, bias: number | null): Shape[] =>
    bias === null ? [x, w] : [x, w, [bias]];
  const convs: [Shape, Shape, number | null, Params][] = [
    [[2, 3, 5, 5], [4, 3, 3, 3], 4, {}],
    [[1, 2, 4, 4], [3, 2, 2, 2], null, {}],
    [[2, 2, 6, 7], [2, 2, 3, 2], 2, { stride: [2, 1], padding: [1, 2], dilation: [1, 2] }],
    [[1, 4, 5, 5], [6, 2, 3, 3], 6, { groups: 2, padding: 1 }],
    [[1, 3, 4, 4], [3, 1, 2, 2], null, { groups: 3 }],
    [[2, 3, 3, 3], [2, 3, 1, 1], 2, {}],
    [[1, 2, 5, 4], [3, 2, 3, 3], 3, { padding: "same" }],
    [[1, 1, 4, 5], [2, 1, 2, 2], null, { padding: "same" }],
    [[1, 2, 5, 5], [2, 2, 3, 3], 2, { padding: "same", dilation: 2 }],
    [[1, 2, 4, 4], [2, 2, 2, 2], null, { padding: "valid" }],
    [[3, 5, 5], [2, 3, 3, 3], 2, { padding: 1 }],
    [[1, 1, 7, 7], [1, 1, 2, 2], null, { stride: 3 }],
    [[1, 1, 3, 3], [2, 1, 2, 2], null, { padding: 2 }],
    [[1, 2, 3, 3], [2, 2, 3, 3], 2, {}],
    [[0, 2, 4, 4], [3, 2, 2, 2], 3, {}],
  ];
  for (const [x, w, bias, params] of convs) {
    const tag = `${shp(x)}*${shp(w)}${bias === null ? "" : "+b"}/${py(params)}`;
    c(`conv2d/${tag}`, "conv2d", withBias(x, w, bias), { params });
  }
  c("conv2d/1x2x5x4*3x2x3x3/w-no-grad", "conv2d", [[1, 2, 5, 4], [3, 2, 3, 3]], {
    rg: [true, false],
    params: { stride: 2 },
  });
  c("conv2d/1x2x5x4*3x2x3x3/x-no-grad", "conv2d", [[1, 2, 5, 4], [3, 2, 3, 3], [3]], {
    rg: [false, true, true],
  });
  c("conv2d_transposed_input/2x2x5x4*3x2x2x3", "conv2d_transposed_input", [
    [2, 2, 5, 4],
    [3, 2, 2, 3],
    [3],
  ], { params: { padding: [1, 0] } });
  const conv1s: [Shape, Shape, number | null, Params][] = [
    [[2, 3, 7], [4, 3, 3], 4, {}],
    [[1, 2, 9], [3, 2, 3], null, { stride: 2, padding: 1, dilation: 2 }],
    [[2, 4, 6], [4, 2, 2], 4, { groups: 2 }],
    [[1, 2, 6], [2, 2, 4], null, { padding: "same" }],
    [[3, 5], [2, 3, 2], 2, {}],
  ];
  for (const [x, w, bias, params] of conv1s) {
    const tag = `${shp(x)}*${shp(w)}${bias === null ? "" : "+b"}/${py(params)}`;
    c(`conv1d/${tag}`, "conv1d", withBias(x, w, bias), { params });
  }
  const convTs: [Shape, Shape, number | null, Params][] = [
    [[2, 3, 3, 3], [3, 2, 3, 3], 2, {}],
    [[1, 2, 3, 4], [2, 3, 3, 3], null, { stride: 2, padding: 1, outputPadding: 1 }],
    [[1, 4, 3, 3], [4, 1, 2, 2], 2, { groups: 2, dilation: 2 }],
    [[1, 2, 2, 3], [2, 1, 3, 2], null, { stride: [3, 2], padding: [1, 0], outputPadding: [2, 1] }],
    [[2, 3, 3], [2, 2, 2, 2], 2, {}],
  ];
  for (const [x, w, bias, params] of convTs) {
    const tag = `${shp(x)}*${shp(w)}${bias === null ? "" : "+b"}/${py(params)}`;
    c(`conv_transpose2d/${tag}`, "conv_transpose2d", withBias(x, w, bias), { params });
  }
  c("conv_transpose1d/2x3x4*3x2x3+b", "conv_transpose1d", [[2, 3, 4], [3, 2, 3], [2]], {
    params: { stride: 2, padding: 1, outputPadding: 1 },
  });

  const maxPools: [Shape, Params][] = [
    [[2, 3, 6, 6], { kernelSize: 2 }],
    [[1, 2, 7, 7], { kernelSize: 3, stride: 2, padding: 1 }],
    [[1, 1, 8, 8], { kernelSize: [2, 3], stride: [2, 1], dilation: [2, 1] }],
    [[1, 2, 5, 5], { kernelSize: 2, ceilMode: true }],
    [[1, 1, 7, 7], { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }],
    [[2, 5, 5], { kernelSize: 2, stride: 1 }],
    [[1, 1, 4, 4], { kernelSize: 1 }],
  ];
  for (const [x, params] of maxPools) {
    c(`max_pool2d/${shp(x)}/${py(params)}`, "max_pool2d", [x], { params });
  }
  c("max_pool2d_transposed_input/1x2x5x6", "max_pool2d_transposed_input", [[1, 2, 5, 6]], {
    params: { kernelSize: 2, stride: 1 },
  });
  // a NaN wins its window; a window of -inf gives -inf at its first element; -0 and 0 tie
  c("max_pool2d/special", "max_pool2d", [[1, 1, 2, 6]], {
    domains: [[NAN, 1, -INF, -INF, -0, 0, 2, NAN, -INF, -INF, 0, -0]],
    params: { kernelSize: 2 },
    second: false,
  });
  const maxPool1s: [Shape, Params][] = [
    [[2, 3, 8], { kernelSize: 3, stride: 2, padding: 1 }],
    [[2, 7], { kernelSize: 2, ceilMode: true }],
    [[1, 2, 9], { kernelSize: 3, dilation: 2 }],
  ];
  for (const [x, params] of maxPool1s) {
    c(`max_pool1d/${shp(x)}/${py(params)}`, "max_pool1d", [x], { params });
  }
  const avgPools: [Shape, Params][] = [
    [[2, 3, 6, 6], { kernelSize: 2 }],
    [[1, 2, 5, 5], { kernelSize: 3, stride: 2, padding: 1 }],
    [[1, 2, 5, 5], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }],
    [[1, 1, 5, 5], { kernelSize: 2, stride: 2, padding: 1, ceilMode: true }],
    [[1, 1, 6, 6], { kernelSize: 3, stride: 2, ceilMode: true, countIncludePad: false }],
    [[1, 2, 4, 4], { kernelSize: 2, divisorOverride: 3 }],
    [[2, 4, 5], { kernelSize: [2, 3], stride: [1, 2] }],
  ];
  for (const [x, params] of avgPools) {
    c(`avg_pool2d/${shp(x)}/${py(params)}`, "avg_pool2d", [x], { params });
  }
  const avgPool1s: [Shape, Params][] = [
    [[2, 3, 7], { kernelSize: 3, stride: 2, padding: 1 }],
    [[1, 2, 6], { kernelSize: 4, stride: 3, padding: 2, ceilMode: true, countIncludePad: false }],
  ];
  for (const [x, params] of avgPool1s) {
    c(`avg_pool1d/${shp(x)}/${py(params)}`, "avg_pool1d", [x], { params });
  }
  const adaptives: [Shape, number | (number | null)[]][] = [
    [[2, 3, 7, 5], [3, 2]],
    [[1, 2, 5, 5], 1],
    [[2, 6, 4], [4, null]],
    [[1, 1, 3, 3], 5],
  ];
  for (const [x, outputSize] of adaptives) {
    const tag = `${shp(x)}/${py(outputSize)}`;
    c(`adaptive_avg_pool2d/${tag}`, "adaptive_avg_pool2d", [x], { params: { outputSize } });
    c(`adaptive_max_pool2d/${tag}`, "adaptive_max_pool2d", [x], { params: { outputSize } });
  }
  const resamples: [Shape, Params][] = [
    [[1, 2, 3, 3], { scaleFactor: 2 }],
    [[1, 2, 3, 3], { size: [5, 4] }],
    [[2, 2, 5], { scaleFactor: 1.7 }],
    [[1, 1, 6, 6], { scaleFactor: 0.4 }],
    [[1, 2, 3, 4], { size: [5, 7], mode: "nearest-exact" }],
    [[2, 1, 5], { scaleFactor: 0.7, mode: "nearest-exact" }],
    [[2, 2, 4], { size: 7, mode: "linear" }],
    [[2, 2, 4], { size: 7, mode: "linear", alignCorners: true }],
    [[1, 2, 3, 4], { size: [5, 6], mode: "bilinear" }],
    [[1, 2, 3, 4], { size: [5, 6], mode: "bilinear", alignCorners: true }],
    [[1, 1, 6, 6], { scaleFactor: 0.5, mode: "bilinear" }],
    [[1, 1, 3, 4], { scaleFactor: [1.5, 2.5], mode: "bilinear" }],
    [[1, 1, 3, 4], { scaleFactor: 1.5, mode: "bilinear", recomputeScaleFactor: true }],
    [[1, 2, 5, 7], { size: [2, 3], mode: "area" }],
    [[0, 2, 3, 3], { size: 4 }],
  ];
  for (const [x, params] of resamples) {
    c(`interpolate/${shp(x)}/${py(params)}`, "interpolate", [x], { params });
  }

  // attention: the flash kernel's cases (4-D, one head size, no dropout), then the math path's
  const qkv = (b: Shape, l: number, s: number, e: number, ev = e): Shape[] => [
    [...b, l, e],
    [...b, s, e],
    [...b, s, ev],
  ];
  const attention: [string, Shape[], Params, CaseOptions?][] = [
    ["4d", qkv([2, 2], 3, 5, 4), {}],
    ["4d/mask", [...qkv([2, 2], 3, 5, 4), [3, 5]], {}, { rg: [true, true, true, false] }],
    ["4d/mask4d", [...qkv([2, 2], 3, 5, 4), [2, 1, 3, 5]], {}, { rg: [true, true, true, false] }],
    ["4d/causal", qkv([1, 2], 4, 4, 3), { isCausal: true }],
    ["4d/causal-l<s", qkv([1, 2], 3, 5, 3), { isCausal: true }],
    ["4d/causal+mask", [...qkv([1, 2], 3, 5, 3), [3, 5]], { isCausal: true }, {
      rg: [true, true, true, false],
    }],
    ["4d/scale", qkv([1, 2], 3, 4, 5), { scale: 0.3 }],
    ["4d/negative-scale", qkv([1, 1], 3, 4, 2), { scale: -0.5 }],
    ["4d/mask-grad", [...qkv([1, 2], 3, 5, 4), [3, 5]], {}],
    ["4d/mask3d", [...qkv([2, 2], 3, 5, 4), [2, 3, 5]], {}, { rg: [true, true, true, false] }],
    ["4d/value-size", qkv([1, 2], 3, 5, 4, 3), {}],
    ["4d/broadcast", [[2, 2, 3, 4], [1, 2, 5, 4], [1, 2, 5, 4]], {}],
    ["3d", qkv([2], 3, 5, 4), {}],
    ["3d/causal", qkv([2], 4, 4, 3), { isCausal: true }],
    ["2d", qkv([], 3, 5, 4, 2), {}],
    ["4d/dropout", qkv([1, 2], 3, 5, 4), { dropoutP: 0.3, seed: 7 }],
    ["3d/dropout", qkv([2], 4, 6, 3), { dropoutP: 0.5, seed: 11 }],
    ["3d/dropout1", qkv([2], 2, 3, 2), { dropoutP: 1, seed: 0 }],
    ["3d/l=0", qkv([2], 0, 3, 2), {}],
  ];
  for (const [tag, shapes, params, o] of attention) {
    c(`scaled_dot_product_attention/${tag}`, "scaled_dot_product_attention", shapes, {
      params,
      ...o,
    });
  }
  // a row of -inf scores (a fully masked query) gives zeros
  c("scaled_dot_product_attention/4d/fully-masked-row", "scaled_dot_product_attention", [
    ...qkv([1, 1], 2, 3, 2),
    [2, 3],
  ], {
    domains: ["any", "any", "any", [-INF, -INF, -INF, 0, -INF, 0.5]],
    rg: [true, true, true, false],
  });
  c(
    "scaled_dot_product_attention_transposed_query/4d",
    "scaled_dot_product_attention_transposed_query",
    [[1, 2, 4, 3], [1, 2, 5, 4], [1, 2, 5, 4]],
  );
}

/**
 * Integer and bool dtypes (issue 11): the rounded divisions, bitwise and logical ops, casts and
 * dtype inference, and the float ops on int64, int32, uint8 and bool operands (mixed dtypes
 * promote as PyTorch's `result_type`).
 */
function dtypeCases(c: AddCase): void {
  const INTS: readonly DType[] = ["int64", "int32", "uint8"];
  const ALL: readonly DType[] = ["float64", "float32", "int64", "int32", "uint8", "bool"];
  const none = [false, false, false] as const;
  const ints = (domains: readonly (Domain | readonly number[])[], o: CaseOptions = {}) => ({
    domains,
    rg: none,
    dtypes: INTS,
    ...o,
  });
  // rounded division, floor division and remainders; floats with gradients, then integers
  for (const roundingMode of ["trunc", "floor"] as const) {
    const params = { roundingMode };
    c(`div_rounded/${roundingMode}/2x3`, "div_rounded", [[2, 3], [2, 3]], {
      domains: ["any", "nonzero"],
      params,
      second: false,
    });
    c(
      `div_rounded/${roundingMode}/2x3&3`,
      "div_rounded",
      [[2, 3], [3]],
      ints(["int", "intnz"], { params }),
    );
  }
  c("floor_divide/2x3", "floor_divide", [[2, 3], [2, 3]], {
    domains: ["any", "nonzero"],
    rg: none,
  });
  c("floor_divide/2x3&3", "floor_divide", [[2, 3], [3]], ints(["int", "intnz"]));
  c("floor_divide_scalar/2x3", "floor_divide_scalar", [[2, 3]], { params: { s: -1.5 }, rg: none });
  const s3 = { params: { s: -3 } };
  c("floor_divide_scalar/2x3/int", "floor_divide_scalar", [[2, 3]], ints(["int"], s3));
  for (const op of ["remainder", "fmod"] as const) {
    c(`${op}/2x3`, op, [[2, 3], [2, 3]], { domains: ["any", "nonzero"], second: false });
    c(`${op}/2x3&3`, op, [[2, 3], [3]], ints(["int", "intnz"]));
    c(`${op}_scalar/2x3`, `${op}_scalar`, [[2, 3]], { params: { s: -1.5 }, second: false });
    c(`${op}_scalar/2x3/int`, `${op}_scalar`, [[2, 3]], ints(["int"], { params: { s: 4 } }));
  }
  // bitwise ops on integers and bools, logical ops on every dtype
  for (const op of ["bitwise_and", "bitwise_or", "bitwise_xor"] as const) {
    c(`${op}/2x3&3`, op, [[2, 3], [3]], ints(["int", "int"]));
    c(`${op}/2x3&3/bool`, op, [[2, 3], [3]], {
      domains: ["cond", "cond"],
      rg: none,
      dtypes: ["bool"],
    });
  }
  c("bitwise_and_scalar/2x3", "bitwise_and_scalar", [[2, 3]], ints(["int"], { params: { s: 6 } }));
  c("bitwise_not/2x3", "bitwise_not", [[2, 3]], ints(["int"]));
  c("bitwise_not/2x3/bool", "bitwise_not", [[2, 3]], {
    domains: ["cond"],
    rg: none,
    dtypes: ["bool"],
  });
  for (const op of ["logical_and", "logical_or", "logical_xor"] as const) {
    c(`${op}/2x3&3`, op, [[2, 3], [3]], { domains: ["int", "cond"], rg: none, dtypes: ALL });
  }
  c("logical_not/2x3", "logical_not", [[2, 3]], { domains: ["int"], rg: none, dtypes: ALL });
  // casts: floats truncate toward zero, integers wrap into int32 and uint8, bool is x != 0
  const casts = [-300.75, -2.5, -1, -0.5, 0, 0.5, 1.9, 255, 256, 3e9];
  for (const op of ["long", "int", "bool"] as const) {
    c(`${op}/float`, op, [[casts.length]], { domains: [casts], rg: none });
    c(`${op}/int`, op, [[2, 3]], ints(["int"]));
  }
  c("long/bool", "long", [[4]], { domains: ["cond"], rg: none, dtypes: ["bool"] });
  c("int/wrap", "int", [[3]], { domains: [[3e9, -3e9, 2 ** 31]], rg: none, dtypes: ["int64"] });
  for (const dtype of ["int64", "int32", "uint8", "bool"] as const) {
    c(`to/2x3/${dtype}`, "to", [[2, 3]], { params: { dtype }, rg: none, dtypes: ["float64"] });
  }
  c("float/int64", "float", [[2, 3]], ints(["int"], { dtypes: ["int64"] }));
  c("double/bool", "double", [[4]], { domains: ["cond"], rg: none, dtypes: ["bool"] });
  // dtype inference of tensor, full and arange from their data
  const data = [[1, 2], [[1, -2], [3, 4]], [1.5, 2], [true, false], [true, 2], 7, true, []];
  for (const d of data) {
    c(`tensor_inferred/${py(d)}`, "tensor_inferred", [], { params: { data: d } });
  }
  for (const fill of [7, 2.5, true]) {
    c(`full_inferred/${py(fill)}`, "full_inferred", [], { params: { shape: [2], fill } });
  }
  for (const params of [{ end: 5 }, { start: 1, end: 7, step: 2 }, { end: 2.5 }]) {
    c(`arange_inferred/${py(params)}`, "arange_inferred", [], { params });
  }
  // the float ops on integer and bool tensors: arithmetic in the dtype (true division to float32)
  for (const op of ["add", "sub", "mul", "div", "maximum", "eq", "lt"] as const) {
    c(
      `${op}/2x3&3/int`,
      op,
      [[2, 3], [3]],
      ints(["int", "intnz"], { dtypes: ["int64", "int32", "uint8"] }),
    );
  }
  for (const op of ["add", "mul", "div", "maximum", "eq"] as const) {
    c(`${op}/2x3&3/bool`, op, [[2, 3], [3]], {
      domains: ["cond", "cond"],
      rg: none,
      dtypes: ["bool"],
    });
  }
  for (
    const [op, s] of [["add_scalar", 2], ["mul_scalar", -3], ["add_scalar", 0.5], [
      "div_scalar",
      2,
    ]] as const
  ) {
    c(`${op}/2x3/${s}/int`, op, [[2, 3]], ints(["int"], { params: { s } }));
  }
  for (const op of ["neg", "abs", "square", "relu", "exp", "sqrt", "sigmoid", "sin"] as const) {
    c(`${op}/2x3/int`, op, [[2, 3]], ints(["int"], { dtypes: ["int64", "int32"] }));
  }
  c("clamp/2x3/int", "clamp", [[2, 3]], ints(["int"], { params: { min: -2, max: 3 } }));
  c("pow_scalar/2x3/int", "pow_scalar", [[2, 3]], ints(["int"], { params: { e: 2 } }));
  const reductions = [["sum", {}], ["sum", { dim: 1 }], ["max", {}], ["max_dim", { dim: 1 }]];
  for (const [op, params] of reductions as [OpKey, Params][]) {
    c(`${op}/2x3/${py(params)}/int`, op, [[2, 3]], ints(["int"], { params, dtypes: ALL.slice(2) }));
  }
  // argmax of bool: "argmax(): does not support bool input" (2.x), in dtypes/fixtures.json
  c("argmax/2x3/int", "argmax", [[2, 3]], ints(["int"], { params: { dim: 0 } }));
  c("mm/2x3@3x2/int", "mm", [[2, 3], [3, 2]], ints(["int", "int"]));
  c("matmul/2x2x3@3/int", "matmul", [[2, 2, 3], [3]], ints(["int", "int"], { dtypes: ["int64"] }));
  c(
    "cat/2x3&1x3/0/int",
    "cat",
    [[2, 3], [1, 3]],
    ints(["int", "int"], { params: { dim: 0 }, dtypes: ALL.slice(2) }),
  );
  c(
    "transpose/2x3/int",
    "transpose",
    [[2, 3]],
    ints(["int"], { params: { dims: [0, 1] }, dtypes: ALL.slice(2) }),
  );
  c("where/2x3/int", "where", [[2, 3], [2, 3], [2, 3]], {
    domains: ["cond", "int", "int"],
    rg: none,
    inputDtypes: ["bool", null, null],
    dtypes: ["int64", "uint8"],
  });
  // mixed dtypes: PyTorch's promotion (the second input keeps its own dtype)
  const mixed: [DType, DType][] = [["int64", "float32"], ["int32", "int64"], ["uint8", "int32"], [
    "bool",
    "uint8",
  ], ["int64", "float64"]];
  for (const [a, b] of mixed) {
    for (const op of ["add", "mul", "div", "eq"] as const) {
      c(`${op}/2x3&3/${a}+${b}`, op, [[2, 3], [3]], {
        domains: ["int", "intnz"],
        rg: [false, api.isFloatingDType(b)],
        inputDtypes: [null, b],
        dtypes: [a],
        second: false,
      });
    }
  }
}
// ---- reductions and scans (issue 13) ----
function reductionsScans(c: AddCase): void {
  const ints = (values: readonly number[], dtype: DType = "int64") => ({
    domains: [values],
    rg: [false],
    dtypes: [dtype] as readonly DType[],
    second: false,
  });
  // dims as sum/mean take them: all, one, negative with keepdim, several, several in any order
  const dims: Params[] = [
    {},
    { dim: 1 },
    { dim: -1, keepdim: true },
    { dim: [0, 2] },
    { dim: [2, 0], keepdim: true },
  ];

  // var, std, var_mean, std_mean: correction 0, 1 (default), 2 and fractional; no degree of
  // freedom left along a dim (NaN); a 0-d input; an empty dim; NaN and inf
  for (const op of ["var", "std", "var_mean", "std_mean"] as const) {
    for (
      const params of [...dims, { dim: 1, correction: 0 }, { correction: 2 }]
    ) {
      c(`${op}/2x3x4/${py(params)}`, op, [[2, 3, 4]], { params });
    }
    c(`${op}/5`, op, [[5]]);
    c(`${op}/0d/dim=0,correction=0`, op, [[]], { params: { dim: 0, correction: 0 } });
    c(`${op}/3x4/nc/dim=0`, op, [[3, 4]], { params: { dim: 0, nc: true } });
    c(`${op}/2x1/dim=1`, op, [[2, 1]], { params: { dim: 1 } });
    c(`${op}/0x3/dim=1`, op, [[0, 3]], { params: { dim: 1 } });
    c(`${op}/nan-inf`, op, [[2, 3]], {
      domains: [[1, NAN, 2, 1, INF, -1]],
      params: { dim: 1 },
      second: false,
    });
    c(`${op}/constant`, op, [[2, 2]], { domains: [[3, 3, -1, 2]], params: { dim: 1 } });
  }

  // prod: all and one dim, zeros (one or more per slice: the exclusive-product gradient), empty
  for (const params of [{}, { dim: 1 }, { dim: -1, keepdim: true }, { dim: 0 }]) {
    c(`prod/2x3x4/${py(params)}`, "prod", [[2, 3, 4]], { params });
  }
  c("prod/0d", "prod", [[]]);
  c("prod/0d/dim=0", "prod", [[]], { params: { dim: 0 } });
  c("prod/0x3", "prod", [[0, 3]]);
  c("prod/0x3/dim=0", "prod", [[0, 3]], { params: { dim: 0 } });
  c("prod/3x4/nc/dim=1", "prod", [[3, 4]], { params: { dim: 1, nc: true } });
  c("prod/one-zero", "prod", [[4]], { domains: [[2, 0, -1.5, 3]] });
  // second order: 1.13 gives zeros without a graph, 2.x the exclusive products' derivative
  // (reduce_test.ts, from PyTorch 2.13)
  c("prod/two-zeros", "prod", [[5]], { domains: [[2, 0, 3, 0, 4]], second: false });
  c("prod/zeros/dim=1", "prod", [[3, 3]], {
    domains: [[1.5, 0, 2, 0, 0, 3, -1, 2, 0.5]],
    params: { dim: 1 },
  });
  c("prod/nan-inf", "prod", [[2, 2]], { domains: [[NAN, 2, INF, -0]], params: { dim: 1 } });
  c("prod/int64", "prod", [[2, 3]], { ...ints([1, -2, 3, 4, 5, 6]), params: { dim: 1 } });
  c("prod/bool", "prod", [[3]], ints([1, 1, 0], "bool"));

  // cumsum, cumprod, logcumsumexp along every dim; 0-d, empty, non-contiguous, edge values
  for (const op of ["cumsum", "cumprod", "logcumsumexp"] as const) {
    for (const dim of [0, 1, -1]) c(`${op}/2x3x4/dim=${dim}`, op, [[2, 3, 4]], { params: { dim } });
    c(`${op}/0d`, op, [[]], { params: { dim: 0 } });
    c(`${op}/0x3/dim=1`, op, [[0, 3]], { params: { dim: 1 } });
    c(`${op}/7/dim=0`, op, [[7]], { params: { dim: -1 } });
    c(`${op}/3x4/nc/dim=1`, op, [[3, 4]], { params: { dim: 1, nc: true } });
  }
  c("cumsum/edge", "cumsum", [[6]], { domains: [[1, INF, -INF, 2, NAN, -0]], params: { dim: 0 } });
  c("cumprod/zeros", "cumprod", [[5]], { domains: [[2, 0, 3, 0, 4]], params: { dim: 0 } });
  c("cumprod/one-zero", "cumprod", [[2, 4]], {
    domains: [[1.5, -2, 0, 3, 0.5, 2, -1, 0]],
    params: { dim: 1 },
  });
  c("logcumsumexp/edge", "logcumsumexp", [[7]], {
    domains: [[-INF, -INF, 1, INF, 2, NAN, 1]],
    params: { dim: 0 },
    second: false,
  });
  c("logcumsumexp/large", "logcumsumexp", [[4]], {
    domains: [[1000, -1000, 1001, 0]],
    params: { dim: 0 },
  });
  c("cumsum/int64", "cumsum", [[2, 3]], { ...ints([1, -2, 3, 4, 5, 6]), params: { dim: 1 } });
  c("cumsum/bool", "cumsum", [[4]], { ...ints([1, 0, 1, 1], "bool"), params: { dim: 0 } });
  c("cumprod/int64", "cumprod", [[4]], { ...ints([3, -2, 5, 7]), params: { dim: 0 } });

  // cummax, cummin: ties (the later index), NaN (it stays), signed zeros
  for (const op of ["cummax", "cummin"] as const) {
    for (const dim of [0, 1, -1]) c(`${op}/2x3x4/dim=${dim}`, op, [[2, 3, 4]], { params: { dim } });
    c(`${op}/0d`, op, [[]], { params: { dim: 0 } });
    c(`${op}/0x3/dim=0`, op, [[0, 3]], { params: { dim: 0 } });
    c(`${op}/3x4/nc/dim=1`, op, [[3, 4]], { params: { dim: 1, nc: true } });
    c(`${op}/ties`, op, [[7]], { domains: [[1, 3, 3, 2, 3, 1, 1]], params: { dim: 0 } });
    c(`${op}/nan`, op, [[5]], { domains: [[3, NAN, 1, NAN, 2]], params: { dim: 0 } });
    c(`${op}/zeros`, op, [[3]], { domains: [[0, -0, 0]], params: { dim: 0 } });
    c(`${op}/int64`, op, [[2, 3]], { ...ints([3, 1, 4, 1, 5, 1]), params: { dim: 1 } });
    c(`${op}/bool`, op, [[4]], { ...ints([0, 1, 0, 1], "bool"), params: { dim: 0 } });
  }

  // amax, amin: several dims, ties (the gradient shared), NaN, signed zeros, integers, bool
  for (const op of ["amax", "amin"] as const) {
    for (const params of dims) c(`${op}/2x3x4/${py(params)}`, op, [[2, 3, 4]], { params });
    c(`${op}/0d`, op, [[]]);
    c(`${op}/0d/dim=0`, op, [[]], { params: { dim: 0, keepdim: true } });
    c(`${op}/0x3/dim=1`, op, [[0, 3]], { params: { dim: 1 } });
    c(`${op}/3x4/nc/dim=0`, op, [[3, 4]], { params: { dim: 0, nc: true } });
    c(`${op}/ties`, op, [[2, 3]], { domains: [[1, 3, 3, -2, -2, 0]], params: { dim: 1 } });
    c(`${op}/ties/all`, op, [[2, 2]], { domains: [[1, -1, 1, -1]] });
    c(`${op}/nan`, op, [[2, 3]], { domains: [[1, NAN, 3, 2, 0, -1]], params: { dim: 1 } });
    c(`${op}/zeros`, op, [[2, 2]], { domains: [[0, -0, -0, 0]], params: { dim: 0 } });
    c(`${op}/int64`, op, [[2, 3]], { ...ints([3, 1, 4, 1, 5, 9]), params: { dim: 1 } });
    c(`${op}/bool`, op, [[2, 2]], { ...ints([0, 1, 0, 0], "bool"), params: { dim: 1 } });
  }

  // all, any: zeros, NaN (true), empty (all: true, any: false), each dtype
  for (const op of ["all", "any"] as const) {
    for (const params of [{}, { dim: 0 }, { dim: -1, keepdim: true }]) {
      c(`${op}/2x3/${py(params)}`, op, [[2, 3]], { domains: [[1, 0, 2, 3, -1, 4]], params });
    }
    c(`${op}/nan`, op, [[3]], { domains: [[NAN, 1, -0]] });
    c(`${op}/0x3`, op, [[0, 3]]);
    c(`${op}/0x3/dim=1`, op, [[0, 3]], { params: { dim: 1 } });
    c(`${op}/0d`, op, [[]], { domains: [[0]] });
    c(`${op}/int64`, op, [[2, 2]], { ...ints([0, 3, 1, 2]), params: { dim: 1 } });
    c(`${op}/bool`, op, [[3]], ints([1, 0, 1], "bool"));
    c(`${op}/uint8`, op, [[2, 2]], { ...ints([0, 7, 0, 0], "uint8"), params: { dim: 0 } });
  }

  // nansum, nanmean: NaNs left out (no gradient to them), all-NaN slices, integers
  for (const op of ["nansum", "nanmean"] as const) {
    for (const params of dims) c(`${op}/2x3x4/${py(params)}`, op, [[2, 3, 4]], { params });
    c(`${op}/0d`, op, [[]]);
    c(`${op}/nan/dim=1`, op, [[2, 3]], {
      domains: [[1, NAN, 3, NAN, NAN, NAN]],
      params: { dim: 1 },
    });
    c(`${op}/nan`, op, [[4]], { domains: [[NAN, 2, INF, -1]] });
    c(`${op}/0x3/dim=0`, op, [[0, 3]], { params: { dim: 0 } });
  }
  c("nansum/int64", "nansum", [[2, 2]], { ...ints([1, 2, 3, 4]), params: { dim: 0 } });

  // vector norms of every order, over dims; zero vectors (the masked gradients), ties of ±∞,
  // NaN, empty reductions (0 for the orders with an identity)
  const orders: (number | string)[] = [2, 1, "inf", "-inf", 0, 0.5, 3, -1, 1.5];
  for (const ord of orders) {
    for (const params of [{ ord }, { ord, dim: 1 }, { ord, dim: [-1, 0], keepdim: true }]) {
      c(`vector_norm/2x3x4/${py(params)}`, "vector_norm", [[2, 3, 4]], {
        domains: [ord === -1 || ord === 0.5 ? "nonzero" : "any"],
        params,
      });
    }
  }
  c("vector_norm/0d/dim=0", "vector_norm", [[]], { params: { ord: "inf", dim: 0 } });
  c("vector_norm/3x4/nc/dim=0", "vector_norm", [[3, 4]], { params: { dim: 0, nc: true } });
  c("vector_norm/0x3", "vector_norm", [[0, 3]]);
  c("vector_norm/0x3/dim=0/ord=1", "vector_norm", [[0, 3]], { params: { ord: 1, dim: 0 } });
  c("vector_norm/0x3/dim=1/ord=inf", "vector_norm", [[0, 3]], { params: { ord: "inf", dim: 1 } });
  for (const ord of [2, 1, "inf", 3, 0.5]) {
    c(`vector_norm/zero-row/ord=${ord}`, "vector_norm", [[2, 3]], {
      domains: [[0, 0, 0, 3, -4, 0]],
      params: { ord, dim: 1 },
    });
  }
  c("vector_norm/ties/ord=inf", "vector_norm", [[4]], {
    domains: [[3, -3, 1, 3]],
    params: { ord: "inf" },
  });
  c("vector_norm/ties/ord=-inf", "vector_norm", [[4]], {
    domains: [[-1, 2, 1, 3]],
    params: { ord: "-inf" },
  });
  c("vector_norm/nan/ord=inf", "vector_norm", [[4]], {
    domains: [[1, -3, 3, NAN]],
    params: { ord: "inf" },
    second: false,
  });
  c("vector_norm/nan/ord=2", "vector_norm", [[3]], { domains: [[1, NAN, 2]], second: false });
  for (
    const params of [
      {},
      { ord: "fro", dim: [0, 1] },
      { ord: 1, dim: 0 },
      { ord: "inf", dim: -1, keepdim: true },
      { ord: 3 },
      { ord: 0, dim: 1 },
    ]
  ) {
    c(`norm/2x3/${py(params)}`, "norm", [[2, 3]], { params });
  }
  c("norm/3x4/nc/dim=1", "norm", [[3, 4]], { params: { dim: 1, nc: true } });

  // median (all: ties share the gradient; NaN), median along a dim (the index of rank
  // ⌊(n-1)/2⌋ among equal values by position; the first NaN), kthvalue (PyTorch's quickselect)
  c("median/2x3x4", "median", [[2, 3, 4]]);
  c("median/5", "median", [[5]]);
  c("median/0d", "median", [[]]);
  c("median/3x4/nc", "median", [[3, 4]], { params: { nc: true } });
  c("median/ties", "median", [[2, 3]], { domains: [[3, 3, 1, 3, 5, 0]] });
  c("median/nan", "median", [[4]], { domains: [[1, NAN, 3, NAN]] });
  c("median/int64", "median", [[5]], ints([7, -1, 3, 3, 9]));
  for (const params of [{ dim: 1 }, { dim: -1, keepdim: true }, { dim: 0 }]) {
    c(`median_dim/2x3x4/${py(params)}`, "median_dim", [[2, 3, 4]], { params });
    c(`kthvalue/2x3x4/${py({ k: 2, ...params })}`, "kthvalue", [[2, 3, 4]], {
      params: { k: 2, ...params },
    });
  }
  c("median_dim/0d", "median_dim", [[]], { params: { dim: 0 } });
  c("median_dim/0x3/dim=1", "median_dim", [[0, 3]], { params: { dim: 1 } });
  c("median_dim/3x4/nc/dim=1", "median_dim", [[3, 4]], { params: { dim: 1, nc: true } });
  c("median_dim/nan", "median_dim", [[2, 4]], {
    domains: [[3, NAN, 1, NAN, 2, 5, 1, 0]],
    params: { dim: 1 },
  });
  c("median_dim/int64", "median_dim", [[2, 3]], {
    ...ints([3, 1, 2, 9, 9, 4]),
    params: { dim: 1 },
  });
  c("kthvalue/2x3x4/k=1", "kthvalue", [[2, 3, 4]], { params: { k: 1 } });
  c("kthvalue/2x3x4/k=4,dim=-1,keepdim", "kthvalue", [[2, 3, 4]], {
    params: { k: 4, dim: -1, keepdim: true },
  });
  c("kthvalue/0d", "kthvalue", [[]], { params: { k: 1 } });
  c("kthvalue/0x3/dim=1", "kthvalue", [[0, 3]], { params: { k: 2, dim: 1 } });
  c("kthvalue/3x4/nc", "kthvalue", [[3, 4]], { params: { k: 2, nc: true } });
  c("kthvalue/nan", "kthvalue", [[2, 4]], {
    domains: [[3, NAN, 1, NAN, 2, 5, 1, 0]],
    params: { k: 3 },
  });
  c("kthvalue/int64", "kthvalue", [[2, 3]], { ...ints([3, 1, 2, 9, 9, 4]), params: { k: 2 } });
  // ties: which of equal values each one's index points at
  const tied = [2, 1, 2, 0, 1, 2, 2, 1, 0, 2, 1, 1, 2, 0, 1, 2, 0, 0, 2, 1, 1, 2, 2, 0];
  c("median_dim/ties", "median_dim", [[3, 8]], { domains: [tied], params: { dim: 1 } });
  c("median_dim/ties/dim=0", "median_dim", [[6, 4]], { domains: [tied], params: { dim: 0 } });
  for (const k of [1, 2, 3, 4, 5, 6, 7, 8]) {
    c(`kthvalue/ties/k=${k}`, "kthvalue", [[3, 8]], { domains: [tied], params: { k } });
  }

  // sort, argsort (stable: equal values keep their order; NaN last, first when descending),
  // topk (no ties: PyTorch's order among equal values is its selection algorithm's)
  for (
    const params of [{}, { dim: 0 }, { dim: 1, descending: true }, {
      dim: -1,
      descending: true,
      stable: true,
    }]
  ) {
    c(`sort/2x3x4/${py(params)}`, "sort", [[2, 3, 4]], { params });
    c(`argsort/2x3x4/${py(params)}`, "argsort", [[2, 3, 4]], { params, rg: [false] });
  }
  c("sort/0d", "sort", [[]]);
  c("sort/0x3/dim=0", "sort", [[0, 3]], { params: { dim: 0 } });
  c("sort/3x4/nc", "sort", [[3, 4]], { params: { nc: true } });
  c("sort/edge", "sort", [[7]], {
    domains: [[3, NAN, 1, -INF, NAN, -0, 0]],
    params: { stable: true },
  });
  c("sort/edge/descending", "sort", [[7]], {
    domains: [[3, NAN, 1, -INF, NAN, -0, 0]],
    params: { descending: true, stable: true },
  });
  const ties = [2, 1, 2, 0, 1, 2, 2, 1, 0, 2, 1, 1, 2, 0, 1, 2, 0, 0, 2, 1];
  c("sort/ties/stable", "sort", [[20]], { domains: [ties], params: { stable: true } });
  c("sort/ties/stable/descending", "sort", [[20]], {
    domains: [ties],
    params: { stable: true, descending: true },
  });
  c("sort/ties/16", "sort", [[16]], { domains: [ties.slice(0, 16)] });
  c("argsort/ties/stable", "argsort", [[2, 10]], {
    domains: [ties],
    params: { stable: true },
    rg: [false],
  });
  c("sort/int64", "sort", [[5]], ints([3, -1, 3, 0, 2]));
  c("sort/bool", "sort", [[4]], {
    ...ints([1, 0, 1, 0], "bool"),
    params: { descending: true, stable: true },
  });
  for (
    const params of [{ k: 2 }, { k: 1, dim: 0, largest: false }, { k: 3, dim: 1 }, { k: 0 }, {
      k: 4,
      largest: false,
    }]
  ) {
    c(`topk/2x3x4/${py(params)}`, "topk", [[2, 3, 4]], { params });
  }
  c("topk/0d", "topk", [[]], { params: { k: 1 } });
  c("topk/0x3/k=2", "topk", [[0, 3]], { params: { k: 2 } });
  c("topk/3x4/nc", "topk", [[3, 4]], { params: { k: 2, nc: true } });
  c("topk/nan", "topk", [[5]], { domains: [[3, NAN, 1, -INF, 2]], params: { k: 3 } });
  c("topk/nan/smallest", "topk", [[5]], {
    domains: [[3, NAN, 1, -INF, 2]],
    params: { k: 4, largest: false },
  });
  c("topk/int64", "topk", [[5]], { ...ints([3, -1, 7, 0, 2]), params: { k: 2 } });
}
// ---- end reductions and scans ----

// ---- elementwise math and activations (issue 13) ----

/** Shapes every unary op of this section runs on: 0-d, vectors, matrices, empty, 3-d. */
const UNARY_SHAPES: Shape[] = [[], [4], [2, 3], [2, 0], [1, 3, 2]];
/** Signed zeros, infinities, NaN and denormals (float32's 1e-40, float64's 5e-324). */
const EDGES = [0, -0, INF, -INF, NAN, 1e-40, 5e-324, -1e-310];

/**
 * Elementwise math (issue 13): rounding, trigonometric, hyperbolic, exponential and logarithmic
 * functions, the error functions, classification of non-finite values, one-sided clamps,
 * binary math, `lerp`, `addcmul`/`addcdiv` — on 0-d, empty, 3-d, broadcast and non-contiguous
 * (`nc`) inputs, with the edge values of each op (signed zeros, ±∞, NaN, denormals, poles,
 * domain ends), and integer inputs (float32 results, or integers kept).
 */
function elementwiseMath(c: AddCase): void {
  const unary: [OpKey, Domain, number[]][] = [
    ["floor", "any", [-0.5, 0.5, -1e-40, 2.5]],
    ["ceil", "any", [-0.5, 0.5, -1e-40, 2.5]],
    ["trunc", "any", [-0.5, 0.5, -1.5, 1e300]],
    ["frac", "any", [-1.5, 2.25, 3, -1e-40]],
    ["sign", "any", [-2, 1e-40, -5e-324, 3]],
    ["sgn", "any", [-2, 1e-40, -5e-324, 3]],
    ["tan", "any", [Math.PI / 2, -Math.PI / 2, 100, 1e300]],
    ["asin", "small", [1, -1, 1.5, 0.5]],
    ["acos", "small", [1, -1, 1.5, 0.5]],
    ["atan", "any", [1e300, -1e20, 0.5, 3]],
    ["sinh", "any", [710, -710, 89, 1e-8]],
    ["cosh", "any", [710, -710, 89, 1e-8]],
    ["asinh", "any", [1e300, -1e300, 1e-8, 3]],
    ["acosh", "pos", [1, 0.5, 1e300, 2]],
    ["atanh", "small", [1, -1, 1.5, 0.5]],
    ["log1p", "pos", [-1, -2, -0.5, 1e-10]],
    ["expm1", "any", [710, 88.8, -1e-10, -800]],
    ["exp2", "any", [1024, 128, -1075, -150]],
    ["log2", "pos", [1, 8, -1, 1000]],
    ["log10", "pos", [1, 100, -1, 0.001]],
    ["rsqrt", "pos", [4, -1, 1e-30, 3e38]],
    ["erf", "any", [6, -6, 0.84375, 1.25]],
    ["erfc", "any", [28, -6, 0.84375, 27]],
    ["erfinv", "small", [1, -1, 1.5, -0.99]],
  ];
  // 5e-324: PyTorch 1.13's tan gives 0 (2.x: 5e-324, as descent; conformance/pointwise/), and
  // PyTorch's log1p gives 0 (Sleef's; descent's, C's: 5e-324; conformance/README.md)
  const noTiny = new Set<OpKey>(["tan", "log1p"]);
  for (const [op, domain, edges] of unary) {
    for (const s of UNARY_SHAPES) {
      // asin, acos, atanh, erfinv: inputs in (-1, 1) (`inUnit`)
      c(`${op}/${shp(s)}`, op, [s], { domains: [domain === "small" ? inUnit(s) : domain] });
    }
    c(`${op}/3x2/nc`, op, [[3, 2]], {
      domains: [domain === "small" ? inUnit([3, 2]) : domain],
      params: { nc: true },
    });
    const values = [...EDGES, ...edges].filter((v) => !noTiny.has(op) || v !== 5e-324);
    c(`edge/${op}`, op, [[values.length]], { domains: [values], second: false });
  }
  // rounding: ties go to even, -0 stays, decimals scale in the tensor's dtype
  const ties = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 4503599627370497];
  c("round/ties", "round", [[ties.length]], { domains: [ties], second: false });
  for (const decimals of [0, 1, 2, -1, -2]) {
    c(`round/2x3/decimals=${decimals}`, "round", [[2, 3]], { params: { decimals } });
  }
  const decimalTies = [1.25, 1.35, 2.675, -0.45, 123.456, 1e300, -0, NAN, INF];
  for (const decimals of [1, 2, -1]) {
    c(`round/edge/decimals=${decimals}`, "round", [[decimalTies.length]], {
      domains: [decimalTies],
      params: { decimals },
      second: false,
    });
  }
  c("round/nc/decimals=1", "round", [[3, 2]], { params: { decimals: 1, nc: true } });
  // integer and bool inputs: rounding keeps integers, sign keeps every dtype, the rest give
  // float32
  const ints = [-3, -1, 0, 2, 5];
  for (const op of ["floor", "ceil", "round", "trunc", "sign", "sgn"] as const) {
    c(`${op}/int64`, op, [[5]], { domains: [ints], rg: [false], dtypes: ["int64"] });
  }
  c("sign/int32", "sign", [[5]], { domains: [ints], rg: [false], dtypes: ["int32"] });
  c("sign/bool", "sign", [[4]], { domains: [[1, 0, 0, 1]], rg: [false], dtypes: ["bool"] });
  c("sgn/uint8", "sgn", [[3]], { domains: [[0, 1, 200]], rg: [false], dtypes: ["uint8"] });
  for (
    const op of [
      "tan",
      "asin",
      "acos",
      "atan",
      "sinh",
      "cosh",
      "asinh",
      "acosh",
      "atanh",
      "log1p",
      "expm1",
      "exp2",
      "log2",
      "log10",
      "rsqrt",
      "erf",
      "erfc",
      "erfinv",
    ] as const
  ) {
    c(`${op}/int64`, op, [[5]], {
      domains: [ints],
      rg: [false],
      inputDtypes: ["int64"],
      dtypes: F32,
    });
    c(`${op}/bool`, op, [[2]], {
      domains: [[1, 0]],
      rg: [false],
      inputDtypes: ["bool"],
      dtypes: F32,
    });
  }

  // NaN and infinities: bool results (no gradient); integers and bools hold none
  for (const op of ["isnan", "isinf", "isfinite"] as const) {
    for (const s of [[], [2, 3], [0]]) c(`${op}/${shp(s)}`, op, [s]);
    c(`${op}/edge`, op, [[EDGES.length]], { domains: [EDGES] });
    c(`${op}/nc`, op, [[3, 2]], { domains: [[NAN, 1, INF, -INF, -0, 2]], params: { nc: true } });
    c(`${op}/int64`, op, [[3]], { domains: [[1, 0, -2]], rg: [false], dtypes: ["int64"] });
    c(`${op}/bool`, op, [[2]], { domains: [[1, 0]], rg: [false], dtypes: ["bool"] });
  }
  const nonFinite = [NAN, INF, -INF, 1.5, -0, 3e38, 1e300];
  const replacements: Params[] = [
    {},
    { nan: 1, posinf: 2, neginf: -3 },
    { nan: "-0", posinf: 1e300, neginf: "-inf" },
    { posinf: 7 },
  ];
  replacements.forEach((params, k) => {
    c(`nan_to_num/edge/${k}`, "nan_to_num", [[nonFinite.length]], {
      domains: [nonFinite],
      params,
    });
  });
  c("nan_to_num/2x3", "nan_to_num", [[2, 3]]);
  c("nan_to_num/0d", "nan_to_num", [[]], { domains: [[NAN]] });
  c("nan_to_num/nc", "nan_to_num", [[3, 2]], { params: { nc: true } });
  c("nan_to_num/int64", "nan_to_num", [[3]], {
    domains: [[1, -2, 0]],
    rg: [false],
    params: { nan: 1.5 },
    dtypes: ["int64"],
  });

  // one-sided clamps: a number bound, a broadcasting tensor bound, ties, NaN bounds, -0
  for (const op of ["clamp_min", "clamp_max"] as const) {
    const bound = op === "clamp_min" ? "min" : "max";
    for (const s of [[2, 3], [], [0, 2]]) {
      c(`${op}/${shp(s)}/0.25`, op, [s], { params: { [bound]: 0.25 } });
    }
    for (const [sa, sb] of [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 1], [1, 3]], [[], [2]]]) {
      c(`${op}/${shp(sa)}&${shp(sb)}`, op, [sa, sb]);
    }
    c(`${op}/2x3&3/bound-no-grad`, op, [[2, 3], [3]], { rg: [true, false] });
    c(`${op}/edge`, op, [[6]], {
      domains: [[NAN, -0, 0, 0.5, INF, -INF]],
      params: { [bound]: 0 },
      second: false,
    });
    c(`${op}/edge/-0`, op, [[3]], { domains: [[-0, 0, 1]], params: { [bound]: "-0" } });
    c(`${op}/edge/nan`, op, [[3]], {
      domains: [[-1, 0, 1]],
      params: { [bound]: "nan" },
      second: false,
    });
    c(`${op}/edge/tensor`, op, [[5], [5]], {
      domains: [[-0, 0, NAN, 1, 2], [0, -0, 0, NAN, 2]],
      second: false,
    });
    c(`${op}/int64`, op, [[4]], {
      domains: [[-3, 0, 2, 7]],
      rg: [false],
      params: { [bound]: 1 },
      dtypes: ["int64"],
    });
    c(`${op}/int64/2.5`, op, [[4]], {
      domains: [[-3, 0, 2, 7]],
      rg: [false],
      params: { [bound]: 2.5 },
      inputDtypes: ["int64"],
      dtypes: F32,
    });
    c(`${op}/2x3&3/float64-bound`, op, [[2, 3], [3]], {
      inputDtypes: [null, "float64"],
      dtypes: F32,
    });
  }

  // binary math, broadcasting; then the edges of each kernel and formula
  const pairs: [Shape, Shape][] = [
    [[2, 3], [2, 3]],
    [[2, 3], [3]],
    [[2, 1], [1, 3]],
    [[], [2, 3]],
    [[3, 1, 2], [2, 1]],
    [[0, 3], [3]],
    [[], []],
  ];
  for (const [sa, sb] of pairs) {
    const tag = `${shp(sa)}&${shp(sb)}`;
    c(`atan2/${tag}`, "atan2", [sa, sb]);
    c(`logaddexp/${tag}`, "logaddexp", [sa, sb]);
    c(`hypot/${tag}`, "hypot", [sa, sb]);
    c(`copysign/${tag}`, "copysign", [sa, sb], { domains: ["nonzero", "nonzero"] });
    c(`xlogy/${tag}`, "xlogy", [sa, sb], { domains: ["any", "pos"] });
  }
  for (const op of ["atan2", "logaddexp", "hypot", "xlogy"] as const) {
    c(`${op}/2x3&3/a-no-grad`, op, [[2, 3], [3]], {
      rg: [false, true],
      domains: ["any", op === "xlogy" ? "pos" : "any"],
    });
    c(`${op}/2x3&3/b-no-grad`, op, [[2, 3], [3]], {
      rg: [true, false],
      domains: ["any", op === "xlogy" ? "pos" : "any"],
    });
    c(`${op}/2x3&3/float64-operand`, op, [[2, 3], [3]], {
      domains: ["any", op === "xlogy" ? "pos" : "any"],
      inputDtypes: [null, "float64"],
      dtypes: F32,
    });
  }
  const two = (name: string, op: OpKey, a: number[], b: number[]) =>
    c(name, op, [[a.length], [b.length]], { domains: [a, b], second: false });
  // ±0 over ±1, not the origin: there 1.13 (which makes these fixtures) gives a NaN gradient and
  // 2.x 0 (pointwise/fixtures.json's atan2_origin, from 2.13)
  two("atan2/edge", "atan2", [0, -0, 0, -0, INF, -INF, 1, NAN, 1e-40], [
    1,
    1,
    -1,
    -1,
    INF,
    INF,
    -0,
    1,
    1,
  ]);
  two(
    "logaddexp/edge",
    "logaddexp",
    [INF, -INF, INF, NAN, 1, 1000, -1000, 1e-40],
    [INF, -INF, -INF, 1, NAN, 1000, 0, -1e-40],
  );
  two(
    "hypot/edge",
    "hypot",
    [INF, NAN, 0, 3e38, 1e-40, 1e300, -0, 3],
    [NAN, -INF, 0, 3e38, 1e-40, 1e300, -0, -4],
  );
  two("copysign/edge", "copysign", [1, -2, 3, NAN, INF, 0, 5], [-0, NAN, 0, -1, -INF, -2, 1e-40]);
  two("xlogy/edge", "xlogy", [0, 0, 0, 1, 2, 0, NAN, 1e-40], [0, NAN, -1, 0, INF, INF, 1, 2]);
  for (const s of [-1, 0, "-0", 2.5]) {
    c(`copysign/2x3/s=${s}`, "copysign", [[2, 3]], {
      domains: ["nonzero"],
      params: { other: s },
    });
  }
  c("copysign/0d/s=-1", "copysign", [[]], { params: { other: -1 } });
  for (const s of [2.5, 0, -1, "nan"]) {
    c(`xlogy/2x3/s=${s}`, "xlogy", [[2, 3]], { domains: ["pos"], params: { other: s } });
    c(`xlogy/zeros/s=${s}`, "xlogy", [[3]], {
      domains: [[0, 1, 0]],
      params: { other: s },
      second: false,
    });
    c(`xlogy/2x3/s=${s},first`, "xlogy", [[2, 3]], {
      domains: ["pos"],
      params: { other: s, sFirst: true },
    });
  }
  for (const op of ["atan2", "copysign", "xlogy"] as const) {
    c(`${op}/int64`, op, [[3], [3]], {
      domains: [[1, -2, 0], [2, 3, -1]],
      rg: [false, false],
      dtypes: ["int64"],
    });
  }
  c("logaddexp/int64&float32", "logaddexp", [[3], [3]], {
    domains: [[1, -2, 0], "any"],
    rg: [false, true],
    inputDtypes: ["int64", null],
    dtypes: F32,
  });

  // lerp: number weights (each side of 0.5, the ends, outside [0, 1]), tensor weights
  for (const weight of [0.3, 0.7, 0, 1, -0.5, 2]) {
    c(`lerp/2x3&3/w=${weight}`, "lerp", [[2, 3], [3]], { params: { weight } });
  }
  c("lerp/0d&0d/w=0.5", "lerp", [[], []], { params: { weight: 0.5 } });
  c("lerp/2x0&0/w=0.5", "lerp", [[2, 0], [0]], { params: { weight: 0.5 } });
  c("lerp/2x3&3/end-no-grad", "lerp", [[2, 3], [3]], {
    rg: [true, false],
    params: { weight: 0.2 },
  });
  const lerps: Shape[][] = [
    [[2, 3], [2, 3], [2, 3]],
    [[2, 3], [3], [2, 1]],
    [[3], [], [2, 3]],
    [[2, 1, 3], [4, 1], [3]],
  ];
  for (const shapes of lerps) {
    c(`lerp/${shapes.map(shp).join("&")}`, "lerp", shapes, { domains: ["any", "any", "small"] });
  }
  c("lerp/3&3&3/weight-no-grad", "lerp", [[3], [3], [3]], {
    rg: [true, true, false],
    domains: ["any", "any", "small"],
  });
  c("lerp/3&3&3/only-weight", "lerp", [[3], [3], [3]], {
    rg: [false, false, true],
    domains: ["any", "any", "small"],
  });
  c("lerp/edge", "lerp", [[5], [5], [5]], {
    domains: [[0, 1, INF, NAN, -0], [1, INF, 1, 0, 0], [1, 0, 0.5, 0, 0.5]],
    second: false,
  });

  // addcmul, addcdiv: broadcasting all three, value, one operand without grad, mixed dtypes
  const addcs: [Shape[], Params][] = [
    [[[2, 3], [2, 3], [2, 3]], {}],
    [[[3], [2, 1], [1, 3]], { value: 0.5 }],
    [[[2, 3], [3], []], { value: -2 }],
    [[[], [], []], {}],
    [[[0, 3], [3], [0, 1]], { value: 2 }],
    [[[2, 1, 3], [4, 1], [3]], { value: 0.25 }],
  ];
  for (const op of ["addcmul", "addcdiv"] as const) {
    for (const [shapes, params] of addcs) {
      c(`${op}/${shapes.map(shp).join("&")}/${py(params)}`, op, shapes, {
        domains: op === "addcdiv" ? ["any", "any", "nonzero"] : undefined,
        params,
      });
    }
    for (const rg of [[false, true, true], [true, false, true], [true, true, false]]) {
      c(`${op}/2x3&3&2x1/rg=${rg.map(Number).join("")}`, op, [[2, 3], [3], [2, 1]], {
        domains: op === "addcdiv" ? ["any", "any", "nonzero"] : undefined,
        rg,
      });
    }
    c(`${op}/2x3&3&3/float64-operand`, op, [[2, 3], [3], [3]], {
      domains: op === "addcdiv" ? ["any", "any", "nonzero"] : undefined,
      inputDtypes: [null, "float64", null],
      dtypes: F32,
    });
    c(`${op}/edge`, op, [[4], [4], [4]], {
      domains: [[1, INF, NAN, -0], [1, 0, 1, -0], [0, 2, 1, 1e-40]],
      params: { value: 3 },
      second: false,
    });
  }
  c("addcmul/int64", "addcmul", [[3], [3], [3]], {
    domains: [[1, 2, 3], [4, -5, 6], [7, 8, -9]],
    rg: [false, false, false],
    params: { value: 2 },
    dtypes: ["int64"],
  });
  c("addcmul/int32&uint8", "addcmul", [[2], [2], [2]], {
    domains: [[1, 2], [200, 100], [2, 3]],
    rg: [false, false, false],
    inputDtypes: ["int32", "uint8", "uint8"],
    dtypes: ["int32"],
  });
  c("addcdiv/int64-input", "addcdiv", [[3], [3], [3]], {
    domains: [[1, 2, 3], "any", "nonzero"],
    rg: [false, true, true],
    inputDtypes: ["int64", null, null],
    dtypes: F32,
  });
}

/** Values in (-1, 1) for an input of `shape` (a fixed pattern: the domains of asin, atanh, …). */
function inUnit(shape: Shape): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, k) => Math.round(Math.sin(k * 1.7 + 0.3) * 900) / 1000);
}

/**
 * Activations (issue 13; PyTorch's `torch.nn.functional`): every shape of the unary ops, non-
 * contiguous input, each option, the kinks and saturation points where the kernel switches
 * formula, and edge values.
 */
function activations(c: AddCase): void {
  const ops: [OpKey, Params[]][] = [
    ["gelu", [{}, { approximate: "tanh" }]],
    ["silu", [{}]],
    ["mish", [{}]],
    ["softplus_fn", [{}, { beta: 2 }, { threshold: 1 }, { beta: 0.5, threshold: 5 }]],
    ["elu", [{}, { alpha: 0.5 }, { alpha: 2 }]],
    ["selu", [{}]],
    ["celu", [{}, { alpha: 0.5 }, { alpha: 2 }]],
    ["leaky_relu", [{}, { negativeSlope: 0.2 }, { negativeSlope: -0.5 }, { negativeSlope: 0 }]],
    ["relu6", [{}]],
    ["hardtanh", [{}, { minVal: -2, maxVal: 0.5 }, { minVal: 0, maxVal: 0 }]],
    ["hardsigmoid", [{}]],
    ["hardswish", [{}]],
    ["logsigmoid", [{}]],
    ["softsign", [{}]],
    ["tanhshrink", [{}]],
  ];
  // kinks and saturation points, where the kernel switches formula (at and beside them)
  const kinks: Partial<Record<OpKey, number[]>> = {
    softplus_fn: [20, 20.5, 19.5, -100, 800, 1, 2.5],
    relu6: [6, 6.5, 5.5, -0.5],
    hardtanh: [-1, 1, 0.5, -2, 2],
    hardsigmoid: [-3, 3, 2.9999999, -3.0000001],
    // (±3: PyTorch 1.13's gradient there depends on the dtype, 2.x's is one-sided; recorded
    // from 2.x in conformance/pointwise/)
    hardswish: [2.99, -3.01, -2.99, 3.01],
    gelu: [10, 3, -3],
    silu: [-100, 100, -800],
    mish: [-100, 100, 30],
    logsigmoid: [-100, 100, -800],
    elu: [-1, -800, 1e-8],
    selu: [-1, -800],
    celu: [-1, -800],
  };
  for (const [op, variants] of ops) {
    // PyTorch has no derivative of hardsigmoid_backward (a double backward raises); descent's
    // is 0, as the function is piecewise linear
    const second = op !== "hardsigmoid";
    for (const params of variants) {
      const tag = py(params);
      for (const s of UNARY_SHAPES) {
        c(`${op}/${shp(s)}/${tag}`, op, [s], { domains: ["nonzero"], params, second });
      }
      c(`${op}/3x2/nc/${tag}`, op, [[3, 2]], {
        domains: ["nonzero"],
        params: { ...params, nc: true },
        second,
      });
      // PyTorch 1.13's elu computes exp(x) - 1 and 2.x expm1, which differ for -0 and tiny
      // negative x: those are recorded from 2.x in conformance/pointwise/ instead
      const eluLike = op === "elu" || op === "selu" || op === "celu";
      // and at NaN, PyTorch's gradient of the elus, hardtanh, relu6 and hardswish depends on
      // whether the element falls in the vectorised loop or its scalar tail (conformance/README.md)
      const nanGrad = eluLike || op === "hardtanh" || op === "relu6" || op === "hardswish";
      const edge = [...EDGES, ...(kinks[op] ?? [])]
        .filter((v) => !eluLike || !(v < 0 && v > -1e-6) && !Object.is(v, -0))
        .filter((v) => !nanGrad || v === v)
        // PyTorch's float32 gelu approximates erf: +∞ gives NaN in 2.x (∞ in 1.13), and below
        // about -5.4 and at -0 it gives -0 in 2.x (0 in 1.13) (conformance/README.md)
        .filter((v) => op !== "gelu" || !(v === INF || Object.is(v, -0) || v === -1e-310));
      c(`edge/${op}/${tag}`, op, [[edge.length]], { domains: [edge], params, second: false });
    }
    c(`${op}/kinks`, op, [[5]], { domains: [[-2, -1, 0, 1, 2]], second });
  }
  // integers: hardtanh and relu6 keep them (bounds cast), softsign and tanhshrink give float32
  c("relu6/int64", "relu6", [[4]], { domains: [[-2, 3, 9, 0]], rg: [false], dtypes: ["int64"] });
  c("hardtanh/int64", "hardtanh", [[4]], {
    domains: [[-2, 3, 9, 0]],
    rg: [false],
    params: { minVal: -1.5, maxVal: 2.5 },
    dtypes: ["int64"],
  });
  c("relu6/uint8", "relu6", [[3]], { domains: [[0, 7, 200]], rg: [false], dtypes: ["uint8"] });
  for (const op of ["softsign", "tanhshrink"] as const) {
    c(`${op}/int64`, op, [[3]], {
      domains: [[-2, 0, 3]],
      rg: [false],
      inputDtypes: ["int64"],
      dtypes: F32,
    });
  }
  const dims: [Shape, number][] = [[[2, 3], 1], [[2, 3], 0], [[2, 3, 4], -1], [[4], 0], [[], 0], [[
    0,
    3,
  ], 1]];
  for (const [s, dim] of dims) c(`softmin/${shp(s)}/${dim}`, "softmin", [s], { params: { dim } });
  c("softmin/edge", "softmin", [[4]], {
    domains: [[INF, 0, -INF, 1]],
    params: { dim: 0 },
    second: false,
  });
  const glus: [Shape, Params][] = [
    [[4], {}],
    [[2, 4], {}],
    [[2, 6], { dim: 1 }],
    [[4, 3], { dim: 0 }],
    [[2, 2, 2], { dim: -2 }],
    [[0, 2], { dim: 1 }],
    [[4, 2], { dim: -1, nc: true }],
  ];
  for (const [s, params] of glus) c(`glu/${shp(s)}/${py(params)}`, "glu", [s], { params });
  const normalizes: [Shape, Params][] = [
    [[2, 3], {}],
    [[2, 3], { ord: 1 }],
    [[4], { dim: 0 }],
    [[2, 3, 4], { dim: -1 }],
    [[2, 3, 4], { dim: [0, 2] }],
    [[2, 3], { dim: 0, eps: 0.5 }],
    [[3, 2], { ord: 1, dim: 1, nc: true }],
    [[0, 3], {}],
  ];
  for (const [s, params] of normalizes) {
    c(`normalize/${shp(s)}/${py(params)}`, "normalize", [s], { params });
  }
  // a zero slice stays zero (divided by eps); its gradient is g/eps, as PyTorch's
  c("normalize/zero-row", "normalize", [[2, 3]], { domains: [[0, 0, 0, 1, -2, 2]] });
  c("normalize/zero-row/p=1", "normalize", [[2, 3]], {
    domains: [[0, 0, 0, 1, -2, 2]],
    params: { ord: 1 },
  });
  c("glu/edge", "glu", [[8]], {
    domains: [[INF, NAN, -0, 1, 800, -800, 0, NAN]],
    second: false,
  });
}
// ---- end elementwise math and activations ----
// ---- indexing (issue 11) ----
function indexing(c: AddCase): void {
  const I64 = "int64" as const;
  const BOOL = "bool" as const;
  const sl = (...b: (number | null)[]): IndexSpec => ({ slice: b });
  const all = sl(null);
  // t[...]: views (one recorded op per item), then index tensors and masks
  const views: [string, Shape, IndexSpec[]][] = [
    ["1", [3, 4], [1]],
    ["-1", [3, 4], [-1]],
    [":,2", [3, 4], [all, 2]],
    ["1:3", [4, 3], [sl(1, 3)]],
    [":", [4, 3], [all]],
    ["::2,1:", [5, 3], [sl(null, null, 2), sl(1, null)]],
    ["-3:,::-9-neg-stop", [4, 3], [sl(-3, -1), sl(null, 100, 2)]],
    ["None", [3, 4], [null]],
    ["...,None", [3, 4], ["...", null]],
    ["...", [3, 4], ["..."]],
    [":,:", [3, 4], [all, all]],
    ["0,...,1", [2, 3, 4], [0, "...", 1]],
    ["None,1,None,:2", [3, 4], [null, 1, null, sl(2)]],
    ["5:9", [3, 4], [sl(5, 9)]],
    ["0d/None", [], [null]],
    ["0d/...", [], ["..."]],
    ["empty/:,1", [0, 3], [all, 1]],
  ];
  for (const [tag, s, ix] of views) c(`index/${shp(s)}/${tag}`, "index", [s], { params: { ix } });
  const advanced: [string, Shape[], IndexSpec[], (readonly number[])[], ("int64" | "bool")[]][] = [
    ["[0,2,0]", [[3, 4]], [[0, 2, 0]], [], []],
    ["[[]]", [[3, 4]], [[]], [], []],
    ["t2x2", [[3, 4], [2, 2]], [{ t: 1 }], [[0, -1, 2, 0]], [I64]],
    ["t2x1,t3", [[3, 4], [2, 1], [3]], [{ t: 1 }, { t: 2 }], [[0, 2], [1, -1, 3]], [I64, I64]],
    ["t,:,t", [[3, 4, 5], [2], [2]], [{ t: 1 }, all, { t: 2 }], [[0, 2], [4, 1]], [I64, I64]],
    [":,t,t", [[3, 4, 5], [2], [2]], [all, { t: 1 }, { t: 2 }], [[0, 3], [4, 1]], [I64, I64]],
    ["t,None,t", [[3, 4, 5], [2], [2]], [{ t: 1 }, null, { t: 2 }], [[2, 0], [1, 1]], [I64, I64]],
    ["0,t", [[3, 4], [3]], [0, { t: 1 }], [[3, 0, 3]], [I64]],
    ["1:,t", [[3, 4], [2]], [sl(1, null), { t: 1 }], [[1, 2]], [I64]],
    ["mask2d", [[3, 4], [3, 4]], [{ t: 1 }], [[1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1]], [BOOL]],
    ["mask,1:", [[3, 4], [3]], [{ t: 1 }, sl(1, null)], [[1, 0, 1]], [BOOL]],
    ["mask2d,t", [[2, 3, 4], [2, 3], [2]], [{ t: 1 }, { t: 2 }], [[0, 1, 0, 0, 0, 1], [3, 0]], [
      BOOL,
      I64,
    ]],
    ["True", [[3, 4]], [true], [], []],
    ["False", [[3, 4]], [false], [], []],
    ["0d/True", [[]], [true], [], []],
    ["0d-int-tensor", [[3, 4], []], [{ t: 1 }, 2], [[-2]], [I64]],
    ["[[0,1],[1,2]]", [[3, 4]], [[[0, 1], [1, 2]]], [], []],
  ];
  for (const [tag, shapes, ix, values, dtypes] of advanced) {
    c(`index/${shp(shapes[0])}/${tag}`, "index", shapes, {
      params: { ix },
      domains: ["any", ...values],
      rg: [true, ...values.map(() => false)],
      inputDtypes: [null, ...dtypes],
    });
  }
  // integer and bool tensors are indexed like any other
  c("index/int64/3x4/t,:2", "index", [[3, 4], [2]], {
    params: { ix: [{ t: 1 }, sl(2)] },
    domains: [[1, -2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 0]],
    rg: [false, false],
    inputDtypes: [null, I64],
    dtypes: ["int64"],
  });
  // index_put: index tensors only
  const puts: [
    string,
    Shape[],
    IndexSpec[],
    (readonly number[])[],
    ("int64" | "bool")[],
    boolean,
  ][] = [
    ["t&4", [[3, 4], [4], [2]], [{ t: 2 }], [[2, 0]], [I64], false],
    ["t&2x4/acc-dup", [[3, 4], [3, 4], [3]], [{ t: 2 }], [[0, 2, 0]], [I64], true],
    ["t2x1,t3&0d", [[3, 4], [], [2, 1], [3]], [{ t: 2 }, { t: 3 }], [[0, 2], [1, -1, 3]], [
      I64,
      I64,
    ], false],
    [
      "mask&n",
      [[3, 4], [5], [3, 4]],
      [{ t: 2 }],
      [[1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1]],
      [BOOL],
      false,
    ],
    ["[]&4", [[3, 4], [4], [0]], [{ t: 2 }], [[]], [I64], true],
  ];
  for (const [tag, shapes, ix, values, dtypes, accumulate] of puts) {
    c(`index_put/${shp(shapes[0])}/${tag}`, "index_put", shapes, {
      params: { ix, accumulate },
      domains: ["any", "any", ...values],
      rg: [true, true, ...values.map(() => false)],
      inputDtypes: [null, null, ...dtypes],
    });
  }
  c("index_put/3x4/t&4/values-no-grad", "index_put", [[3, 4], [4], [2]], {
    params: { ix: [{ t: 2 }], accumulate: false },
    domains: ["any", "any", [1, 1]],
    rg: [true, false, false],
    inputDtypes: [null, null, I64],
  });
  // t[...] = v: through views (CopySlices), index tensors (IndexPutBackward0), or the whole tensor
  const sets: [
    string,
    Shape[],
    IndexSpec[],
    (readonly number[])[],
    ("int64" | "bool")[],
    boolean,
  ][] = [
    ["1&4", [[3, 4], [4]], [1], [], [], false],
    [":,1:3&3x2", [[3, 4], [3, 2]], [all, sl(1, 3)], [], [], false],
    [":,1:3&2", [[3, 4], [2]], [all, sl(1, 3)], [], [], false],
    ["...&4", [[3, 4], [4]], ["..."], [], [], false],
    [":&1x4", [[3, 4], [1, 4]], [all], [], [], false],
    ["None&3x4", [[3, 4], [3, 4]], [null], [], [], false],
    [
      "mask&n",
      [[3, 4], [5], [3, 4]],
      [{ t: 2 }],
      [[1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1]],
      [BOOL],
      false,
    ],
    ["0:2,[0,1]&2", [[3, 4], [2]], [sl(0, 2), [0, 1]], [], [], false],
    ["t&4/acc", [[3, 4], [4], [3]], [{ t: 2 }], [[1, 1, 0]], [I64], true],
    ["1,t&0d", [[3, 4], [], [2]], [1, { t: 2 }], [[0, 3]], [I64], false],
  ];
  for (const [tag, shapes, ix, values, dtypes, accumulate] of sets) {
    c(`index_put_/${shp(shapes[0])}/${tag}`, "index_put_", shapes, {
      params: { ix, accumulate },
      domains: ["any", "any", ...values],
      rg: [true, true, ...values.map(() => false)],
      inputDtypes: [null, null, ...dtypes],
    });
  }
  c("index_put_scalar_/3x4/mask", "index_put_scalar_", [[3, 4], [3, 4]], {
    params: { ix: [{ t: 1 }], value: 0.5 },
    domains: ["any", [1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1]],
    rg: [true, false],
    inputDtypes: [null, BOOL],
  });
  c("index_put_scalar_/3x4/1,2", "index_put_scalar_", [[3, 4]], {
    params: { ix: [1, 2], value: -1 },
  });
  // index_select, index_add, take
  const selects: [Shape, number, number[]][] = [
    [[3, 4], 0, [2, 0, 2]],
    [[3, 4], 1, [3, 1]],
    [[2, 3, 4], -1, [0]],
    [[3, 4], 0, []],
  ];
  for (const [s, dim, ix] of selects) {
    c(`index_select/${shp(s)}/${dim}/[${ix}]`, "index_select", [s, [ix.length]], {
      params: { dim },
      domains: ["any", ix],
      rg: [true, false],
      inputDtypes: [null, I64],
    });
  }
  c("index_select/3x4/0/0d", "index_select", [[3, 4], []], {
    params: { dim: 0 },
    domains: ["any", [1]],
    rg: [true, false],
    inputDtypes: [null, I64],
  });
  c("index_add/3x4/1/[3,0,3]", "index_add", [[3, 4], [3], [3, 3]], {
    params: { dim: 1, alpha: 2 },
    domains: ["any", [3, 0, 3], "any"],
    rg: [true, false, true],
    inputDtypes: [null, I64, null],
  });
  c("index_add/3x4/0/[2,2]", "index_add", [[3, 4], [2], [2, 4]], {
    params: { dim: 0 },
    domains: ["any", [2, 2], "any"],
    rg: [true, false, true],
    inputDtypes: [null, I64, null],
  });
  c("index_add_/3x4/0/[1,0]", "index_add_", [[3, 4], [2], [2, 4]], {
    params: { dim: 0, alpha: -1 },
    domains: ["any", [1, 0], "any"],
    rg: [true, false, true],
    inputDtypes: [null, I64, null],
  });
  c("take/3x4/2x2", "take", [[3, 4], [2, 2]], {
    domains: ["any", [0, -1, 5, 5]],
    rg: [true, false],
    inputDtypes: [null, I64],
  });
  c("take/3x4/0d", "take", [[3, 4], []], {
    domains: ["any", [7]],
    rg: [true, false],
    inputDtypes: [null, I64],
  });
  // gather, scatter, scatter_add, scatter_reduce
  const gathers: [Shape, number, Shape, number[]][] = [
    [[3, 4], 0, [2, 4], [0, 2, 1, 0, 2, 2, 0, 1]],
    [[3, 4], 1, [3, 2], [3, 0, 1, 1, 0, 2]],
    [[3, 4], 1, [2, 5], [0, 1, 2, 3, 0, 3, 3, 3, 3, 3]],
    [[2, 3, 4], -2, [2, 1, 4], [2, 0, 1, 0, 1, 1, 2, 0]],
    [[3, 4], 0, [0, 4], []],
  ];
  for (const [s, dim, is, ix] of gathers) {
    c(`gather/${shp(s)}/${dim}/${shp(is)}`, "gather", [s, is], {
      params: { dim },
      domains: ["any", ix],
      rg: [true, false],
      inputDtypes: [null, I64],
    });
  }
  const scatters: [Shape, number, Shape, number[]][] = [
    [[3, 4], 0, [2, 4], [0, 2, 1, 0, 2, 2, 0, 1]],
    [[3, 4], 1, [3, 2], [3, 0, 1, 1, 0, 2]],
    [[2, 3, 4], -1, [2, 3, 1], [0, 3, 3, 1, 2, 0]],
  ];
  for (const [s, dim, is, ix] of scatters) {
    const o = { params: { dim }, rg: [true, false, true], inputDtypes: [null, I64, null] };
    const tag = `${shp(s)}/${dim}/${shp(is)}`;
    c(`scatter/${tag}`, "scatter", [s, is, is], { ...o, domains: ["any", ix, "any"] });
    c(`scatter_add/${tag}`, "scatter_add", [s, is, is], { ...o, domains: ["any", ix, "any"] });
    c(`scatter_value/${tag}`, "scatter_value", [s, is], {
      params: { dim, value: 1.5 },
      domains: ["any", ix],
      rg: [true, false],
      inputDtypes: [null, I64],
    });
  }
  c("scatter_/3x4/0/2x4", "scatter_", [[3, 4], [2, 4], [2, 4]], {
    params: { dim: 0 },
    domains: ["any", [0, 2, 1, 0, 2, 2, 0, 1], "any"],
    rg: [true, false, true],
    inputDtypes: [null, I64, null],
  });
  c("scatter_add_/3x4/1/3x2", "scatter_add_", [[3, 4], [3, 2], [3, 2]], {
    params: { dim: 1 },
    domains: ["any", [3, 3, 1, 1, 0, 2], "any"],
    rg: [true, false, true],
    inputDtypes: [null, I64, null],
  });
  // every reduction, with and without self; ties for amax/amin, zeros for prod
  const selfVals = [1, 2, 3, 4, 2, 0, 5, 1, 3, 3, -1, 2];
  const srcVals = [3, 0.5, -1, 4, 2, 0, 5, 0, 3, 2, 7, 2];
  const six = [0, 2, 1, 0, 0, 2, 2, 1, 2, 2, 0, 1];
  for (const reduce of ["sum", "prod", "mean", "amax", "amin"] as const) {
    for (const includeSelf of [true, false]) {
      const tag = `${reduce}/${includeSelf ? "self" : "no-self"}`;
      c(`scatter_reduce/3x4/0/3x4/${tag}`, "scatter_reduce", [[3, 4], [3, 4], [3, 4]], {
        params: { dim: 0, reduce, includeSelf },
        domains: [selfVals, six, srcVals],
        rg: [true, false, true],
        inputDtypes: [null, I64, null],
      });
      c(`scatter_reduce/2x5/1/2x3/random/${tag}`, "scatter_reduce", [[2, 5], [2, 3], [2, 3]], {
        params: { dim: 1, reduce, includeSelf },
        domains: ["any", [4, 0, 4, 1, 1, 2], "any"],
        rg: [true, false, true],
        inputDtypes: [null, I64, null],
      });
    }
  }
  c("scatter_reduce_/3x4/0/amax", "scatter_reduce_", [[3, 4], [3, 4], [3, 4]], {
    params: { dim: 0, reduce: "amax", includeSelf: false },
    domains: ["any", six, "any"],
    rg: [true, false, true],
    inputDtypes: [null, I64, null],
  });
  // masks
  const mask12 = [1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1];
  const maskOpts = (extra: Partial<CaseOptions> = {}): CaseOptions => ({
    rg: [true, false, true],
    inputDtypes: [null, BOOL, null],
    ...extra,
  });
  c(
    "masked_fill/3x4&3x4",
    "masked_fill",
    [[3, 4], [3, 4]],
    maskOpts({
      params: { value: -2.5 },
      domains: ["any", mask12],
    }),
  );
  c(
    "masked_fill/3x4&4",
    "masked_fill",
    [[3, 4], [4]],
    maskOpts({
      params: { value: "inf" },
      domains: ["any", [0, 1, 1, 0]],
    }),
  );
  c(
    "masked_fill/4&3x4",
    "masked_fill",
    [[4], [3, 4]],
    maskOpts({
      params: { value: 0 },
      domains: ["any", mask12],
    }),
  );
  c(
    "masked_fill_tensor/3x4&3x1",
    "masked_fill_tensor",
    [[3, 4], [3, 1], []],
    maskOpts({
      domains: ["any", [1, 0, 1], "any"],
    }),
  );
  c(
    "masked_fill_/3x4&4",
    "masked_fill_",
    [[3, 4], [4]],
    maskOpts({
      params: { value: 7 },
      domains: ["any", [1, 0, 0, 1]],
    }),
  );
  c(
    "masked_select/3x4&3x4",
    "masked_select",
    [[3, 4], [3, 4]],
    maskOpts({
      domains: ["any", mask12],
    }),
  );
  c("masked_select/4&3x4", "masked_select", [[4], [3, 4]], maskOpts({ domains: ["any", mask12] }));
  c(
    "masked_select/3x4&4/none",
    "masked_select",
    [[3, 4], [4]],
    maskOpts({
      domains: ["any", [0, 0, 0, 0]],
    }),
  );
  c(
    "masked_scatter/3x4&3x4&7",
    "masked_scatter",
    [[3, 4], [3, 4], [7]],
    maskOpts({
      domains: ["any", mask12, "any"],
    }),
  );
  c(
    "masked_scatter/3x4&4&2x5",
    "masked_scatter",
    [[3, 4], [4], [2, 5]],
    maskOpts({
      domains: ["any", [0, 1, 0, 1], "any"],
    }),
  );
  c(
    "masked_scatter_/3x4&3x4&5",
    "masked_scatter_",
    [[3, 4], [3, 4], [5]],
    maskOpts({
      domains: ["any", mask12, "any"],
    }),
  );
  // positions of non-zero elements (NaN counts), one-hot rows
  const nz = [0, 1.5, 0, NAN, -0, 2, 0, 0, -1, 0, 0, 0];
  c("nonzero/3x4", "nonzero", [[3, 4]], { domains: [nz], rg: [false] });
  c("nonzero/2x3x2", "nonzero", [[2, 3, 2]], { domains: [nz], rg: [false] });
  c("nonzero/0d", "nonzero", [[]], { domains: [[3]], rg: [false] });
  c("nonzero/0d/zero", "nonzero", [[]], { domains: [[0]], rg: [false] });
  c("nonzero/0", "nonzero", [[0]], { rg: [false] });
  c("nonzero_tuple/3x4", "nonzero_tuple", [[3, 4]], { domains: [nz], rg: [false] });
  c("nonzero_tuple/0d", "nonzero_tuple", [[]], { domains: [[3]], rg: [false] });
  c("argwhere/3x4", "argwhere", [[3, 4]], { domains: [nz], rg: [false] });
  c("nonzero/bool/2x3", "nonzero", [[2, 3]], {
    domains: [[1, 0, 1, 1, 0, 0]],
    rg: [false],
    dtypes: [BOOL],
  });
  c("one_hot/4", "one_hot", [[4]], { domains: [[0, 2, 1, 2]], rg: [false], inputDtypes: [I64] });
  c("one_hot/2x2/5", "one_hot", [[2, 2]], {
    params: { numClasses: 5 },
    domains: [[4, 0, 1, 1]],
    rg: [false],
    inputDtypes: [I64],
  });
  c("one_hot/0/3", "one_hot", [[0]], {
    params: { numClasses: 3 },
    domains: [[]],
    rg: [false],
    inputDtypes: [I64],
  });
  // in-place ops on views: CopySlices on the base, AsStridedBackward0 on the view
  c("copy_slices_mul/3x4/1&4", "copy_slices_mul", [[3, 4], [4]], { params: { ix: [1] } });
  c("copy_slices_mul/3x4/:,1:3&3x2", "copy_slices_mul", [[3, 4], [3, 2]], {
    params: { ix: [all, sl(1, 3)] },
  });
  c("copy_slices_mul/3x4/::2&4/other-no-grad", "copy_slices_mul", [[3, 4], [4]], {
    params: { ix: [sl(null, null, 2)] },
    rg: [true, false],
  });
  c("copy_slices_mul/3x4/None,1&4", "copy_slices_mul", [[3, 4], [4]], {
    params: { ix: [null, 1] },
  });
  c("copy_slices_fill/3x4/0", "copy_slices_fill", [[3, 4]], { params: { ix: [0], value: 2 } });
  c("copy_slices_fill/2x3x2/:,1", "copy_slices_fill", [[2, 3, 2]], {
    params: { ix: [all, 1], value: -1 },
  });
  c("copy_slices_copy/3x4/2&4", "copy_slices_copy", [[3, 4], [4]], { params: { ix: [2] } });
  c("copy_slices_copy/3x4/2&1/self-no-grad", "copy_slices_copy", [[3, 4], [1]], {
    params: { ix: [2] },
    rg: [false, true],
  });
  c("copy_slices_view/3x4/1:&4", "copy_slices_view", [[3, 4], [4]], {
    params: { ix: [sl(1, null)] },
  });
}
// ---- end indexing ----

function buildCases(): OpCase[] {
  const out: OpCase[] = [];
  let current = "";
  const c: AddCase = (name, op, shapes, o = {}) => {
    out.push({
      name,
      op,
      inputs: shapes.map((shape, k) => ({
        shape,
        values: o.domains?.[k] ?? "any",
        requiresGrad: o.rg?.[k] ?? true,
        ...(o.inputDtypes?.[k] ? { dtype: o.inputDtypes[k] } : {}),
      })),
      params: o.params ?? {},
      second: o.second ?? true,
      dtypes: o.dtypes ?? ["float64", "float32"],
      section: current,
    });
  };
  for (
    const section of [
      elementwise,
      unary,
      reductions,
      linalg,
      views,
      secondRound,
      inPlace,
      compositions,
      special,
      edges,
      added,
      linearAlgebra,
      shapeJoining,
      convPoolAttention,
      // (elementwise math and activations stand before the dtype cases, which
      // conformance/dtypes/generate.py cross-checks from `div_rounded` to the end)
      elementwiseMath,
      activations,
      dtypeCases,
      reductionsScans,
      indexing,
    ]
  ) {
    current = section.name;
    section(c);
  }
  return out;
}

/** Every case, in the order `generate.py` draws their random values. */
export const CASES: readonly OpCase[] = buildCases();
