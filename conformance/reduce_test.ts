/**
 * The reductions and scans (issue 13) against PyTorch 2.x, from conformance/reduce/fixtures.json
 * (conformance/reduce/generate.py, PyTorch 2.13): the exact text and class of every argument
 * error, the no-degree-of-freedom warnings of `var`/`std`, and the programs 1.13 cannot record
 * (a fractional `correction`, the gradient of a variance with no degree of freedom left, `all`/
 * `any` over a list of dims, `norm` with "nuc", the second derivative of `prod` at two zeros).
 * The generator also runs every op-table case of these ops again in 2.x, second derivatives
 * included, and fails unless it agrees with the 1.13 fixtures; the count it checked must be the
 * op table's.
 */

import assert from "node:assert/strict";
import fx from "./reduce/fixtures.json" with { type: "json" };
import ops from "./ops/fixtures.json" with { type: "json" };
import { grad } from "@descent/autograd";
import {
  all,
  amax,
  amin,
  any,
  argmin,
  cummin,
  cumprod,
  cumsum,
  kthvalue,
  linalg,
  logcumsumexp,
  median,
  medianDim,
  nanmean,
  nansum,
  norm,
  ones,
  prod,
  sort,
  std,
  stdMean,
  type Tensor,
  tensor,
  topk,
  variance,
  varMean,
  zeros,
} from "@descent/tensor";
import {
  errorTests,
  type FixtureValue,
  fromFixture,
  mismatch,
  outputsMismatch,
  type RecordedOutput,
  toleranceFor,
} from "./fixtures.ts";

interface ErrorCase {
  name: string;
  torchType: string;
  type: "RangeError" | "TypeError";
  message: string;
}

interface Case {
  name: string;
  inputs: { shape: number[]; values: FixtureValue[] }[];
  outputs: (RecordedOutput & { dtype: string })[];
  cotangents?: FixtureValue[][];
  grads?: (FixtureValue[] | null)[];
  second?: { w: FixtureValue[][]; grads: (FixtureValue[] | null)[] };
}

const fixture = fx as unknown as {
  crossChecked: number;
  errors: ErrorCase[];
  warnings: { name: string; message: string }[];
  cases: Case[];
};

const x = ones([2, 3, 4], { requiresGrad: true });
const i = tensor([[1, 2], [3, 4]]);
const b = tensor([true, false]);
const s0 = tensor(1, { dtype: "float32" });
const e20 = zeros([2, 0]);

/** The programs of conformance/reduce/generate.py's ERRORS, by name. */
const ERRORS: Record<string, () => unknown> = {
  var_int: () => i.var(),
  std_int: () => std(i, 0),
  var_mean_int: () => varMean(i),
  std_mean_bool: () => stdMean(b),
  var_dim_range: () => variance(x, 3),
  std_dim_repeated: () => x.std([0, -3]),
  prod_dim_range: () => x.prod(-4),
  cumsum_dim_range: () => cumsum(x, 3),
  cumprod_0d_dim: () => cumprod(s0, 1),
  logcumsumexp_int: () => i.logcumsumexp(0),
  logcumsumexp_bool: () => logcumsumexp(b, 0),
  cummax_dim_range: () => x.cummax(3),
  cummin_0d_dim: () => cummin(s0, -2),
  amax_empty_all: () => zeros([0, 3]).amax(),
  amax_empty_dim: () => amax(zeros([0, 3]), 0),
  amax_empty_negative_dim: () => e20.amax(-1),
  amin_empty_dims: () => amin(zeros([2, 0, 0]), [2, 1]),
  amax_repeated: () => x.amax([0, 0]),
  amin_dim_range: () => x.amin([0, 5]),
  all_dim_range: () => all(x, 3),
  any_repeated: () => x.any([1, 1]),
  nansum_dim_range: () => nansum(x, -4),
  nanmean_int: () => i.nanmean(),
  nanmean_bool: () => nanmean(b),
  vector_norm_int: () => linalg.vectorNorm(i),
  vector_norm_bool: () => linalg.vectorNorm(b),
  vector_norm_empty_inf: () => linalg.vectorNorm(zeros([0]), Infinity),
  vector_norm_empty_negative: () => linalg.vectorNorm(zeros([0]), -1),
  vector_norm_empty_dim: () => linalg.vectorNorm(e20, -Infinity, { dim: -1 }),
  vector_norm_empty_dims: () => linalg.vectorNorm(zeros([2, 0, 3]), -2, { dim: [0, 1] }),
  vector_norm_dim_range: () => linalg.vectorNorm(x, 2, { dim: 3 }),
  norm_int: () => norm(i),
  norm_nuc_1d: () => ones([3]).norm("nuc"),
  norm_fro_3_dims: () => x.norm("fro", [0, 1, 2]),
  median_bool: () => median(b),
  median_dim_bool: () => b.median(0),
  median_dim_empty: () => medianDim(e20, -1),
  median_dim_range: () => x.median(3),
  kthvalue_k0: () => x.kthvalue(0),
  kthvalue_k_big: () => kthvalue(x, 4, 1),
  kthvalue_0d_k2: () => s0.kthvalue(2),
  kthvalue_empty: () => e20.kthvalue(1),
  kthvalue_bool: () => kthvalue(b, 1),
  kthvalue_dim_range: () => x.kthvalue(1, 3),
  sort_dim_range: () => sort(x, 3),
  argsort_dim_range: () => x.argsort(-4),
  topk_k_big: () => x.topk(5),
  topk_k_negative: () => topk(x, -1, 1),
  topk_empty: () => zeros([0]).topk(1),
  topk_bool: () => topk(b, 1),
  topk_dim_range: () => x.topk(1, 3),
  argmax_empty_dim: () => zeros([2, 0]).argmax(1),
  argmin_empty_all: () => argmin(zeros([2, 0]), null, true),
  sum_dtype_autograd: () => x.sum(null, false, { dtype: "int64" }),
  sum_dtype_autograd_dim_range: () => x.sum(4, false, { dtype: "int32" }),
  logcumsumexp_int_dim_range: () => i.logcumsumexp(2),
  logcumsumexp_0d_int_dim: () => logcumsumexp(tensor(1), 1),
  amin_empty_dim_before_repeated: () => amin(zeros([2, 0]), [0, 1, -2]),
  amax_range_before_repeated: () => x.amax([0, 0, 3]),
};

Deno.test("reduce (2.x): var/std/varMean/stdMean warn once each, in PyTorch's words", () => {
  const seen: string[] = [];
  const orig = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(" "));
  try {
    for (let k = 0; k < 2; k++) {
      ones([1]).var();
      ones([2, 3]).std(1, { correction: 3 });
      varMean(zeros([0]));
      stdMean(ones([1]), null, { correction: 2 });
    }
  } finally {
    console.warn = orig;
  }
  assert.deepEqual(seen, fixture.warnings.map((w) => `UserWarning: ${w.message}`));
});

errorTests("reduce (2.x)", fixture.errors, ERRORS);

Deno.test("reduce (2.x): a failing op changes nothing", () => {
  const a = ones([2, 3], { requiresGrad: true });
  const before = [a.version, String(a), a.grad];
  for (const f of [() => a.kthvalue(4), () => a.topk(4), () => a.amax([0, 0]), () => a.var(2)]) {
    assert.throws(f);
    assert.deepEqual([a.version, String(a), a.grad], before);
  }
});

/** The programs of conformance/reduce/generate.py's CASES, by name. */
const PROGRAMS: Record<string, (inputs: Tensor[]) => Tensor[]> = {
  var_fractional_correction: ([a]) => [
    a.var(1, { correction: 0.5 }),
    a.std(null, { correction: 1.5 }),
    ...varMean(a, 0, { correction: 2.5 }),
  ],
  var_no_dof_all: ([a]) => [a.var(null, { correction: 3 })],
  std_no_dof_all: ([a]) => [a.std()],
  all_any_dims: ([a]) => [a.all([0, 1]), any(a, [0, 2], true), a.all([]), a.any([-1, 0])],
  norm_nuc: ([a]) => [norm(a, "nuc")],
  norm_nuc_dims: ([a]) => [a.norm("nuc", [0, 2], true)],
  norm_fro_default_dims: ([a]) => [a.norm(), norm(a, "fro", 1)],
  prod_two_zeros: ([a]) => [prod(a)],
  prod_two_zeros_dim: ([a]) => [a.prod(1)],
  argmax_argmin_keepdim_all: ([a]) => [
    a.argmax(null, true),
    argmin(a, null, true),
    a.index(0, 0).argmax(null, true),
  ],
  norm_one_element: ([a]) => [
    linalg.vectorNorm(a, 2, { dim: 1 }),
    linalg.vectorNorm(a, 0.5, { dim: -1, keepdim: true }),
    norm(a.index(1), 3),
  ],
  sum_dtype: ([a]) => [
    a.sum(null, false, { dtype: "float32" }),
    a.sum(1, true, { dtype: "float32" }),
    a.detach().sum(0, false, { dtype: "int32" }),
  ],
  cummax_cummin_empty: ([a]) => {
    const { values, indices } = a.cummax(5);
    return [values, indices, cummin(a, -4).values];
  },
  sum_mean_keepdim_all: ([a]) => [a.sum(null, true), a.mean(null, true)],
};

Deno.test("reduce (2.x): every fixture case has a program, and vice versa", () => {
  assert.deepEqual(fixture.cases.map((c) => c.name).sort(), Object.keys(PROGRAMS).sort());
});

const tol = toleranceFor("float64");
const zerosLikeT = (t: Tensor) =>
  fromFixture(new Array<number>(t.numel()).fill(0), t.shape, "float64");
for (const c of fixture.cases) {
  Deno.test(`reduce (2.x): ${c.name} matches PyTorch 2.x`, () => {
    const ins = c.inputs.map((v) => fromFixture(v.values, v.shape, "float64", true));
    const outs = PROGRAMS[c.name](ins);
    assert.deepEqual(outs.map((o) => o.dtype), c.outputs.map((o) => o.dtype));
    assert.equal(outputsMismatch(outs, c.outputs), null);
    if (c.grads === undefined) {
      assert.ok(outs.every((o) => !o.requiresGrad));
      return;
    }
    const diff = outs.filter((o) => o.requiresGrad);
    const seeds = c.cotangents!.map((v, k) => fromFixture(v, diff[k].shape, "float64"));
    const second = c.second !== undefined;
    const gs = grad(diff, ins, { gradOutputs: seeds, allowUnused: true, createGraph: second });
    gs.forEach((g, k) => {
      const t = ins[k];
      const want = c.grads![k] ?? new Array<number>(t.numel()).fill(0);
      assert.equal(mismatch(g ?? zerosLikeT(t), want, t.shape, tol), null, `grad ${k}`);
    });
    if (!second) return;
    let s: Tensor | null = null;
    gs.forEach((g, k) => {
      if (g === null || !g.requiresGrad) return;
      const term = g.mul(fromFixture(c.second!.w[k], ins[k].shape, "float64")).sum();
      s = s === null ? term : s.add(term);
    });
    const gg = grad(s!, ins, { allowUnused: true });
    gg.forEach((g, k) => {
      const t = ins[k];
      const want = c.second!.grads[k] ?? new Array<number>(t.numel()).fill(0);
      assert.equal(mismatch(g ?? zerosLikeT(t), want, t.shape, tol), null, `second ${k}`);
    });
  });
}

Deno.test("reduce (2.x): the op-table cases 2.x was checked against are today's", () => {
  const mine = new Set([
    "prod",
    "var",
    "std",
    "var_mean",
    "std_mean",
    "norm",
    "vector_norm",
    "amax",
    "amin",
    "all",
    "any",
    "nansum",
    "nanmean",
    "median",
    "median_dim",
    "kthvalue",
    "cumsum",
    "cumprod",
    "logcumsumexp",
    "cummax",
    "cummin",
    "sort",
    "argsort",
    "topk",
  ]);
  const n = (ops as unknown as { ops: { op: string }[] }).ops.filter((c) => mine.has(c.op)).length;
  assert.equal(
    fixture.crossChecked,
    n,
    "rerun PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/reduce/generate.py",
  );
});
