/**
 * Indexing (issue 11) and in-place ops on views (issue 9, item 7) against PyTorch 2.x, from
 * conformance/indexing/fixtures.json (conformance/indexing/generate.py, PyTorch 2.13): the exact
 * text and class of every error of `t[...]`, `t[...] = v`, the gather/scatter/mask family and of
 * in-place ops on views that may not be changed; the uint8-mask warning; `CopySlices` scenarios
 * (the base's and the view's `gradFn` after each in-place op, `nextFunctions`, printed forms,
 * gradients); and programs 1.13 cannot record (int32 indices). The generator also runs every
 * op-table case of the indexing ops again in 2.x and fails unless it agrees with the 1.13
 * fixtures; the count it checked must be the op table's.
 */

import assert from "node:assert/strict";
import fx from "./indexing/fixtures.json" with { type: "json" };
import ops from "./ops/fixtures.json" with { type: "json" };
import { AutogradFunction, type FunctionCtx, noGrad } from "@descent/autograd";
import {
  arange,
  ellipsis,
  floatTensor,
  oneHot,
  ones,
  slice,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";
import {
  errorTests,
  type FixtureValue,
  fromFixture,
  mismatch,
  type RecordedCase,
  recordedCaseMismatch,
  type RecordedError,
  toleranceFor,
} from "./fixtures.ts";

type Facts = Record<string, unknown>;

const fixture = fx as unknown as {
  crossChecked: number;
  errors: RecordedError[];
  warnings: { name: string; message: string }[];
  scenarios: Record<string, Facts>;
  cases: RecordedCase[];
};

const L = (...v: number[]): Tensor => tensor(v, { dtype: "int64" });
const f32 = (...shape: number[]): Tensor => ones(shape, { requiresGrad: true });
const B = (...shape: number[]): Tensor => ones(shape, { dtype: "bool" });
const x = f32(3, 4);
const z = zeros([3, 4]);
const I = (rows: number[][]): Tensor => tensor(rows, { dtype: "int64" });
// deno-lint-ignore no-explicit-any
const loose = (f: (...a: any[]) => unknown, ...args: unknown[]) => () => f(...args);

class Id extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, t: Tensor): Tensor {
    return t;
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
    return g;
  }
}

class FirstRow extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, t: Tensor): Tensor {
    return t.index(0);
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
    return zeros([2, 3]).indexPut_([0], g);
  }
}

/** The programs of conformance/indexing/generate.py's ERRORS, by name. */
const ERRORS: Record<string, () => unknown> = {
  index_int_oob: () => ones([3]).index(5),
  index_int_oob_negative: () => ones([3]).index(-4),
  index_int_oob_item: () => x.index(null, 0, 9),
  index_too_many: () => x.index(0, 0, 0),
  index_0d_int: () => floatTensor(1).index(0),
  index_0d_slice: () => floatTensor(3).index(slice()),
  index_float: () => x.index(1.5),
  index_slice_float: () => x.index(slice(1.5, 2)),
  index_step_zero: () => x.index(slice(null, null, 0)),
  index_step_negative: () => x.index(slice(null, null, -1)),
  index_tensor_float: () => x.index(floatTensor([1])),
  index_tensor_oob: () => ones([3]).index(L(5)),
  index_tensor_oob_negative: () => ones([3]).index(L(-4)),
  index_tensor_oob_second: () => ones([3, 4, 5]).index(L(0, 1), slice(), L(0, 7)),
  index_tensor_oob_empty_dim: () => zeros([0, 3]).index(L(0)),
  index_0d_tensor_oob: () => x.index(tensor(7)),
  index_mask_shape: () => ones([3]).index(tensor([true, false])),
  index_mask_shape_2d: () => x.index(B(3, 3)),
  index_mask_shape_dim1: () => x.index(slice(), B(3)),
  index_mask_list: () => x.index([true, false, true, true]),
  index_broadcast: () => x.index(L(0, 1), L(0, 1, 2)),
  index_broadcast_mask: () => ones([3, 4, 5]).index(B(3, 4), L(0, 1)),
  index_put_shape: () => zeros([3]).indexPut_([L(0, 1)], ones([3])),
  index_put_dtype: () => zeros([3]).indexPut_([L(1)], ones([1], { dtype: "float64" })),
  index_put_too_many: () => zeros([3]).indexPut([L(1), L(1)], ones([1])),
  index_put_oob: () => zeros([3]).indexPut_([L(3)], ones([1]), { accumulate: true }),
  setitem_shape_basic: () => zeros([3, 2]).indexPut_([0], ones([3])),
  setitem_shape_advanced: () => zeros([3]).indexPut_([L(0, 1)], ones([3])),
  setitem_dtype: () => zeros([3]).indexPut_([L(0)], ones([1], { dtype: "int64" })),
  index_select_2d: () => x.indexSelect(0, I([[0]])),
  index_select_float: () => x.indexSelect(0, floatTensor([0])),
  index_select_oob: () => x.indexSelect(1, L(4)),
  index_select_negative: () => x.indexSelect(1, L(-1)),
  index_select_dim: () => x.indexSelect(2, L(0)),
  index_add_count: () => z.indexAdd(0, L(0, 1), ones([3, 4])),
  index_add_oob: () => z.indexAdd(0, L(0, 3), ones([2, 4])),
  index_add_dtype: () => z.indexAdd(0, L(0, 1), ones([2, 4], { dtype: "float64" })),
  index_add_index_float: () => z.indexAdd(0, floatTensor([0]), ones([1, 4])),
  take_oob: () => x.take(L(12)),
  take_oob_negative: () => x.take(L(-13)),
  take_int32: () => x.take(tensor([0], { dtype: "int32" })),
  take_float: () => x.take(floatTensor([0])),
  select_oob: () => x.select(1, -5),
  index_select_oob_dim0: () => x.indexSelect(0, L(3)),
  index_select_oob_vector: () => ones([3]).indexSelect(0, L(-1)),
  index_select_scalar_count: () => floatTensor(5).indexSelect(0, L(0, 0)),
  index_select_empty_axis: () => zeros([3, 0]).indexSelect(1, L(0)),
  index_select_empty_oob: () => zeros([3, 0]).indexSelect(0, L(7)),
  index_add_source_shape: () => z.indexAdd(0, L(0), ones([1, 3])),
  index_add_oob_vector: () => zeros([3]).indexAdd(0, L(5), ones([1])),
  take_empty: () => zeros([0]).take(L(0)),
  masked_fill_nan_uint8: () => zeros([2], { dtype: "uint8" }).maskedFill(B(2), NaN),
  masked_fill_tensor_overflow: () =>
    zeros([2], { dtype: "uint8" }).maskedFill(B(2), tensor(300, { dtype: "float32" })),
  fill_overflow_int32: () => zeros([2], { dtype: "int32" }).fill_(3e9),
  index_add_int32_oob: () => z.indexAdd(0, tensor([9], { dtype: "int32" }), ones([1, 4])),
  index_add_middle_oob: () => zeros([4, 3, 2]).indexAdd(1, L(5), ones([4, 1, 2])),
  index_add_alpha_uint8: () =>
    zeros([2], { dtype: "uint8" }).indexAdd(0, L(0), ones([1], { dtype: "uint8" }), {
      alpha: -0.5,
    }),
  masked_fill_autograd_int: () =>
    zeros([2], { dtype: "int64" }).maskedFill(B(2), floatTensor(2).requiresGrad_(true)),
  scatter_reduce_mean_bool: () => B(2).scatterReduce(0, L(0), B(1), "mean"),
  index_put_shape_before_dtype: () =>
    zeros([3]).indexPut_([L(0, 1)], ones([3], { dtype: "float64" })),
  copy_overlap_before_shape: () => zeros([1]).expand(3).copy_(ones([2])),
  index_size0_dim: () => zeros([0, 3]).index(L(5)),
  index_add_alpha_oob: () => zeros([4, 3, 2]).indexAdd(0, L(9), ones([1, 3, 2]), { alpha: 2 }),
  scatter_reduce_mean_bool_first: () =>
    zeros([0], { dtype: "bool" }).scatterReduce(0, L(0, 0), B(3), "mean"),
  setitem_mask_value_overflow: () =>
    zeros([2, 3], { dtype: "uint8" }).indexPut_([B(2)], floatTensor([300])),
  scatter_add_dtype: () => z.scatterAdd(0, I([[0]]), ones([1, 1], { dtype: "float64" })),
  scatter_reduce_dtype: () =>
    z.scatterReduce(0, I([[0]]), ones([1, 1], { dtype: "float64" }), "sum"),
  gather_dims: () => x.gather(1, L(0, 1)),
  gather_float: () => x.gather(1, zeros([3, 1])),
  gather_oob: () => x.gather(1, I([[4], [4], [4]])),
  gather_negative: () => x.gather(1, I([[-1], [-1], [-1]])),
  gather_size: () => x.gather(1, zeros([4, 1], { dtype: "int64" })),
  gather_dim: () => x.gather(2, zeros([3, 1], { dtype: "int64" })),
  scatter_dims: () => z.scatter(1, L(0, 1), 1),
  scatter_float: () => z.scatter(1, zeros([3, 1]), 1),
  scatter_oob: () => z.scatter(1, I([[4], [4], [4]]), 1),
  scatter_src_small: () => z.scatter(1, zeros([3, 2], { dtype: "int64" }), ones([3, 1])),
  scatter_index_big: () => z.scatter(1, zeros([4, 1], { dtype: "int64" }), 2),
  scatter_dtype: () =>
    z.scatter(1, zeros([3, 1], { dtype: "int64" }), ones([3, 1], { dtype: "float64" })),
  scatter_add_oob: () => z.scatterAdd(1, I([[4], [4], [4]]), ones([3, 1])),
  scatter_reduce_name: loose(
    z.scatterReduce.bind(z),
    1,
    zeros([3, 1], { dtype: "int64" }),
    ones([3, 1]),
    "foo",
  ),
  scatter_src_larger_backward: () =>
    f32(3, 4).scatter(0, I([[0, 2, 1, 0]]), f32(2, 4)).sum().backward(),
  masked_fill_float_mask: () => x.maskedFill(ones([3, 4]), 0),
  masked_fill_uint8_mask: () => x.maskedFill(ones([3, 4], { dtype: "uint8" }), 0),
  masked_fill_value_1d: () => x.maskedFill(B(3, 4), ones([2])),
  masked_fill_broadcast: () => x.maskedFill(B(2, 4), 0),
  masked_fill__broadcast: () => zeros([4]).maskedFill_(B(3, 4), 0),
  masked_select_float: () => x.maskedSelect(ones([3, 4])),
  masked_select_broadcast: () => x.maskedSelect(B(2, 4)),
  masked_scatter_few: () => zeros([3]).maskedScatter(B(3), ones([2])),
  masked_scatter_float_mask: () => zeros([3]).maskedScatter(ones([3]), ones([3])),
  masked_scatter_dtype: () => zeros([3]).maskedScatter(B(3), ones([3], { dtype: "float64" })),
  one_hot_float: () => oneHot(floatTensor([0])),
  one_hot_int32: () => oneHot(tensor([0], { dtype: "int32" })),
  one_hot_big: () => oneHot(L(0, 3), 3),
  one_hot_negative: () => oneHot(L(0, -1), 3),
  one_hot_empty: () => oneHot(zeros([0], { dtype: "int64" })),
  view_multi_output_inplace: () => f32(4).mul(1).split(2)[0].mul_(2),
  view_multi_output_base_modified: () => {
    const t = f32(4).mul(1);
    const [a] = t.split(2);
    t.mul_(2);
    return a.gradFn;
  },
  view_multi_output_no_grad_fn: () => zeros([4]).split(2)[0].copy_(f32(2)),
  view_unbind_inplace: () => f32(2, 2).mul(1).unbind()[0].mul_(2),
  view_split_sizes_inplace: () => f32(4).mul(1).split([1, 3])[0].mul_(2),
  view_no_grad_inplace: () => {
    const b = zeros([3]);
    const v = noGrad(() => b.index(slice(0, 2)));
    v.copy_(f32(2));
  },
  view_no_grad_base_modified: () => {
    const y = f32(3).mul(1);
    const w = noGrad(() => y.index(slice(0, 2)));
    y.mul_(2);
    return w.gradFn;
  },
  view_of_leaf_inplace_slice: () => f32(2, 3).index(slice(0, 1)).mul_(2),
  view_custom_function_inplace: () => Id.apply(f32(3).mul(1)).mul_(2),
  view_custom_function_leaf_inplace: () => Id.apply(f32(3)).mul_(2),
  view_custom_function_slice_inplace: () => FirstRow.apply(f32(2, 3).mul(1)).mul_(2),
};

errorTests("indexing (2.x)", fixture.errors, ERRORS);

Deno.test("indexing (2.x): a failing op changes nothing", () => {
  const a = f32(3, 4).mul(1);
  const before = () => [a.version, String(a), a.gradFn?.name()];
  const was = before();
  const programs = [
    () => a.indexPut_([L(0, 1)], ones([3])), // values' shape
    () => a.indexPut_([L(0, 3)], ones([2, 4]).mul(2)), // a bound, after a valid index
    () => a.scatter_(1, I([[0], [1], [9]]), 1), // the last index
    () => a.indexAdd_(0, L(0, 5), ones([2, 4])),
    () => a.maskedScatter_(B(3, 4), ones([3])),
    () => a.index(slice(0, 2)).indexPut_([L(1, 0), L(0, 1, 2)], 0), // broadcast, through a view
  ];
  for (const f of programs) {
    assert.throws(f);
    assert.deepEqual(before(), was);
  }
});

Deno.test("indexing (2.x): a uint8 mask indexes, with PyTorch's deprecation warning", () => {
  const seen: string[] = [];
  const orig = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(" "));
  try {
    assert.deepEqual(
      arange(3).index(tensor([1, 0, 1], { dtype: "uint8" })).toList(),
      [0, 2],
    );
  } finally {
    console.warn = orig;
  }
  const message = fixture.warnings.find((w) => w.name === "index_uint8")!.message;
  assert.deepEqual(seen, [`UserWarning: ${message}`]);
});

// ---------------------------------------------------------------------------------------------
// CopySlices scenarios: the programs of generate.py's SCENARIOS

const F64 = { dtype: "float64" } as const;
const name = (t: Tensor): string | null => t.gradFn?.name() ?? null;
const edges = (t: Tensor): [string | null, number][] =>
  t.gradFn!.nextFunctions.map(([n, nr]) => [n?.name() ?? null, nr]);
const values = (
  t: Tensor | null,
): number[] => (t === null ? [] : (t.flatten().toList() as number[]));
/** A fresh leaf of the recorded values (generate.py draws them from its stream). */
const leaf = (v: unknown, shape: number[]): Tensor =>
  fromFixture(v as FixtureValue[], shape, "float64", true);

const SCENARIOS: Record<string, (f: Facts) => Facts> = {
  issue_example: () => {
    const buf = zeros([3, 2]);
    const s = floatTensor([1, 2]).requiresGrad_();
    buf.select(0, 1).copy_(s);
    const facts: Facts = {
      buf: String(buf),
      bufGradFn: name(buf),
      bufRequiresGrad: buf.requiresGrad,
      bufEdges: edges(buf),
    };
    buf.sum(0).mul(floatTensor([5, 7])).sum().backward();
    facts.sGrad = String(s.grad);
    return facts;
  },
  narrow_of_non_leaf: (f) => {
    const a = inputOf(f, "narrow_of_non_leaf", 0, [3, 2]);
    const x = a.clone();
    const y = x.narrow(0, 0, 2).mul_(2);
    const facts: Facts = { y: String(y), x: String(x), yEdges: edges(y), xEdges: edges(x) };
    x.mul(x).sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  view_made_before: (f) => {
    const a = inputOf(f, "view_made_before", 0, [3, 2]);
    const x = a.clone();
    const v = x.index(0);
    const w = x.index(slice(1, null));
    x.mul_(3);
    const facts: Facts = { v: name(v), vEdges: edges(v), w: name(w) };
    v.sum().add(w.mul(w).sum()).backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  view_of_view: (f) => {
    const a = inputOf(f, "view_of_view", 0, [4, 3]);
    const x = a.mul(1);
    const u = x.index(slice(1, null));
    const b = u.index(0);
    b.mul_(a.index(0));
    const facts: Facts = { x: name(x), u: name(u), b: name(b), xEdges: edges(x) };
    x.pow(2).sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  two_inplace_ops: (f) => {
    const a = inputOf(f, "two_inplace_ops", 0, [3, 4]);
    const x = a.clone();
    const v = x.index(slice(), 1);
    v.mul_(2);
    v.add_(1);
    const facts: Facts = { x: name(x), xEdges: edges(x), v: String(v) };
    x.sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  whole_tensor_view: (f) => {
    const a = inputOf(f, "whole_tensor_view", 0, [2, 3]);
    const x = a.mul(3);
    const t = x.index(slice());
    const tBefore = name(t);
    t.mul_(2);
    const facts: Facts = { x: name(x), t: name(t), tBefore };
    x.sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  masked_update: (f) => {
    const a = inputOf(f, "masked_update", 0, [3, 4]);
    const x = a.mul(2);
    x.indexPut_([x.gt(0)], 0);
    const facts: Facts = { x: name(x), xEdges: edges(x) };
    x.sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  fill_row: (f) => {
    const a = inputOf(f, "fill_row", 0, [3, 4]);
    const w = inputOf(f, "fill_row", 1, [3, 4]).detach();
    const x = a.clone();
    x.indexPut_([1], 0);
    const facts: Facts = { x: name(x), xEdges: edges(x) };
    x.mul(w).sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  setitem_mixed: (f) => {
    const a = inputOf(f, "setitem_mixed", 0, [3, 4]);
    const v = inputOf(f, "setitem_mixed", 1, [2]);
    const x = a.clone();
    x.indexPut_([slice(0, 2), [0, 3]], v);
    const facts: Facts = { x: name(x), xEdges: edges(x) };
    x.mul(x).sum().backward();
    facts.aGrad = values(a.grad);
    facts.vGrad = values(v.grad);
    return facts;
  },
  buffer_of_leaf_that_later_requires_grad: (f) => {
    const buf = zeros([2, 3], F64);
    const row = buf.index(0);
    const s = inputOf(f, "buffer_of_leaf_that_later_requires_grad", 0, [3]);
    buf.index(1).copy_(s);
    const facts: Facts = { rowRequiresGrad: row.requiresGrad, rowBefore: name(row) };
    row.add_(s);
    facts.row = name(row);
    facts.buf = name(buf);
    buf.mul(buf).sum().backward();
    facts.sGrad = values(s.grad);
    return facts;
  },
  expanded_view_backward: (f) => {
    const a = inputOf(f, "expanded_view_backward", 0, [3]);
    const x = a.mul(1);
    const e = x.expand(2, 3);
    x.mul_(2);
    const facts: Facts = { e: name(e) };
    e.sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
  index_put_leaf_not_requiring_grad: (f) => {
    const x = zeros([4], F64);
    const v = inputOf(f, "index_put_leaf_not_requiring_grad", 0, [2]);
    x.indexPut_([L(1, 3)], v);
    const facts: Facts = { x: String(x), xEdges: edges(x) };
    x.mul(arange(4, undefined, undefined, F64)).sum().backward();
    facts.vGrad = values(v.grad);
    return facts;
  },
  no_grad_inplace_on_view: (f) => {
    const a = inputOf(f, "no_grad_inplace_on_view", 0, [3]);
    const x = a.mul(1);
    const v = x.index(slice(0, 2));
    noGrad(() => v.mul_(10));
    const facts: Facts = { v: name(v), x: name(x) };
    v.sum().backward();
    facts.aGrad = values(a.grad);
    return facts;
  },
};

/** The random leaves of the scenarios, recorded beside their facts (`inputs`). */
function inputOf(f: Facts, scenario: string, k: number, shape: number[]): Tensor {
  const inputs = f.inputs as unknown[] | undefined;
  assert.ok(inputs !== undefined, `${scenario}: rerun conformance/indexing/generate.py`);
  return leaf(inputs[k], shape);
}

Deno.test("indexing (2.x): every fixture scenario has a program, and vice versa", () => {
  assert.deepEqual(Object.keys(fixture.scenarios).sort(), Object.keys(SCENARIOS).sort());
});

for (const [scenario, want] of Object.entries(fixture.scenarios)) {
  Deno.test(`indexing (2.x): CopySlices scenario ${scenario} matches PyTorch 2.x`, () => {
    const got = SCENARIOS[scenario](want);
    const tol = toleranceFor("float64");
    for (const [key, value] of Object.entries(want)) {
      if (key === "inputs") continue;
      if (Array.isArray(value) && typeof value[0] !== "object" && key.endsWith("Grad")) {
        const g = got[key] as number[];
        const t = fromFixture(g, [g.length], "float64");
        assert.equal(mismatch(t, value as FixtureValue[], [g.length], tol), null, key);
      } else assert.deepEqual(got[key], value, key);
    }
    assert.deepEqual(
      Object.keys(got).sort(),
      Object.keys(want).filter((k) => k !== "inputs").sort(),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Programs 1.13 cannot record: the programs of generate.py's CASES

const I32 = (v: number[] | number[][]) => tensor(v, { dtype: "int32" });
const PROGRAMS: Record<string, (inputs: Tensor[]) => Tensor[]> = {
  gather_int32: ([a]) => [a.gather(1, I32([[0, 3], [2, 2], [1, 0]]))],
  scatter_int32: ([a, s]) => [a.scatter(0, I32([[2, 0, 1, 2]]), s)],
  scatter_add_int32: ([a, s]) => [a.scatterAdd(0, I32([[2, 0, 1, 2], [2, 2, 2, 2]]), s)],
  scatter_reduce_int32: ([a, s]) => [a.scatterReduce(1, I32([[0, 0], [2, 1]]), s, "mean")],
  index_int32: ([a]) => [a.index(I32([2, 0]), slice(1, null)), a.index(slice(), I32([[1], [3]]))],
  index_select_int32: ([a]) => [a.indexSelect(1, I32([3, 0, 3]))],
  index_add_int32: ([a, s]) => [a.indexAdd(0, I32([1, 1]), s)],
  index_uint8_mask: ([a]) => [a.index(tensor([1, 0, 1], { dtype: "uint8" }))],
  view_zero_: ([a]) => viewThen(a, (x) => x.index(slice(), 1), (v) => v.zero_()),
  view_fill_: ([a]) => viewThen(a, (x) => x.diagonal(), (v) => v.fill_(2)),
  setitem_0d_fills: ([a, v]) => {
    const [x, y, w] = [a.mul(1), a.mul(1), a.mul(1)];
    x.indexPut_([ellipsis], v);
    y.indexPut_([slice(-2, null)], v);
    w.indexPut_([slice(0, null), slice()], 2.5);
    return [x, y, w];
  },
  index_empty_result_unchecked: ([a]) => [a.index(slice(), L(5)), a.index(ellipsis, L(-9, 5))],
  setitem_false_nothing: ([a, v]) => [a.mul(1).indexPut_([false], v)],
  index_negative_start: ([a]) => [
    a.index(slice(), slice(-3, null)),
    a.index(0, slice(-3, null)),
    a.index(slice(-2, null), slice()),
  ],
};

/** generate.py's `view_then`: a view of a non-leaf changed in place; the base and the view. */
function viewThen(a: Tensor, view: (x: Tensor) => Tensor, inplace: (v: Tensor) => void) {
  const x = a.mul(1);
  const v = view(x);
  inplace(v);
  return [x, v];
}

Deno.test("indexing (2.x): every fixture case has a program, and vice versa", () => {
  assert.deepEqual(fixture.cases.map((c) => c.name).sort(), Object.keys(PROGRAMS).sort());
});

for (const c of fixture.cases) {
  Deno.test(`indexing (2.x): ${c.name} matches PyTorch 2.x`, () => {
    assert.equal(recordedCaseMismatch(c, PROGRAMS[c.name]), null);
  });
}

Deno.test("indexing (2.x): the op-table cases 2.x was checked against are today's", () => {
  const mine = new Set([
    "index",
    "index_put",
    "index_put_",
    "index_put_scalar_",
    "index_select",
    "index_add",
    "index_add_",
    "take",
    "gather",
    "scatter",
    "scatter_value",
    "scatter_",
    "scatter_add",
    "scatter_add_",
    "scatter_reduce",
    "scatter_reduce_",
    "masked_fill",
    "masked_fill_tensor",
    "masked_fill_",
    "masked_select",
    "masked_scatter",
    "masked_scatter_",
    "nonzero",
    "nonzero_tuple",
    "argwhere",
    "one_hot",
    "copy_slices_mul",
    "copy_slices_fill",
    "copy_slices_copy",
    "copy_slices_view",
  ]);
  const n = (ops as unknown as { ops: { op: string }[] }).ops.filter((c) => mine.has(c.op)).length;
  assert.equal(
    fixture.crossChecked,
    n,
    "rerun PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/indexing/generate.py",
  );
});
