/**
 * The shape and joining ops (issue 13) against PyTorch 2.x, from conformance/shape/fixtures.json
 * (conformance/shape/generate.py, PyTorch 2.13): the exact text and class of every argument
 * error, the `meshgrid` warning, and the programs 1.13 cannot record (circular padding of
 * unbatched input, empty padded dims, `diag` past the last diagonal, `trace`'s gradient for a
 * tall matrix, `repeatInterleave`'s `outputSize`). The generator also runs every op-table case
 * of these ops again in 2.x and fails unless it agrees with the 1.13 fixtures; the count it
 * checked must be the op table's.
 */

import assert from "node:assert/strict";
import fx from "./shape/fixtures.json" with { type: "json" };
import ops from "./ops/fixtures.json" with { type: "json" };
import {
  cat,
  chunk,
  diag,
  diagEmbed,
  diagonal,
  einsum,
  flip,
  meshgrid,
  movedim,
  ones,
  outer,
  pad,
  repeat,
  repeatInterleave,
  roll,
  slice,
  split,
  stack,
  swapaxes,
  type Tensor,
  tensor,
  tile,
  trace,
  triu,
  unbind,
  unflatten,
  unfold,
  zeros,
} from "@descent/tensor";
import {
  errorTests,
  type RecordedCase,
  recordedCaseMismatch,
  type RecordedError,
} from "./fixtures.ts";

const fixture = fx as unknown as {
  crossChecked: number;
  errors: RecordedError[];
  warnings: { name: string; message: string }[];
  cases: RecordedCase[];
};

const r = (...shape: number[]): Tensor => ones(shape, { requiresGrad: true });
const x = r(2, 3, 4);
const x5 = r(1, 2, 3, 4, 5);
const s0 = tensor(1);
const counts = (values: number[] | number[][]) => tensor(values);
// deno-lint-ignore no-explicit-any
const loose = (f: (...a: any[]) => unknown, ...args: unknown[]) => () => f(...args);

/** The programs of conformance/shape/generate.py's ERRORS, by name. */
const ERRORS: Record<string, () => unknown> = {
  pad_odd: () => pad(x, [1]),
  pad_too_long: () => pad(x, new Array(8).fill(1)),
  pad_0d: () => pad(s0, [1, 1]),
  pad_float: () => pad(x, [1.5, 1]),
  pad_mode: loose(pad, x, [1, 1], { mode: "foo" }),
  pad_crop: () => pad(x, [-3, -2]),
  pad_crop_left: () => pad(x, [-5, 1]),
  pad_reflect_value: () => pad(x, [1, 1], { mode: "reflect", value: 1 }),
  pad_circular_value: () => pad(x, [1, 1], { mode: "circular", value: -1 }),
  pad_reflect_1d: () => pad(r(4), [1, 1], { mode: "reflect" }),
  pad_replicate_4d: () => pad(r(1, 2, 3, 4), [1, 1], { mode: "replicate" }),
  pad_circular_8: () => pad(x5, new Array(8).fill(1), { mode: "circular" }),
  pad_reflect_too_big: () => pad(x, [4, 1], { mode: "reflect" }),
  pad_reflect_too_big_h: () => pad(r(2, 1, 4), [0, 0, 2, 0], { mode: "reflect" }),
  pad_reflect_too_big_d: () => pad(x5, [0, 0, 0, 0, 3, 0], { mode: "reflect" }),
  pad_reflect_empty: () => pad(zeros([2, 0, 4]), [1, 1], { mode: "reflect" }),
  pad_replicate_empty_2d: () => pad(zeros([2, 3, 0]), [1, 1, 1, 1], { mode: "replicate" }),
  pad_reflect_small: () => pad(x, [-2, -2], { mode: "reflect" }),
  pad_replicate_small: () => pad(x, [-5, 1], { mode: "replicate" }),
  pad_reflect_small_2d: () => pad(x, [-2, -2, -3, 0], { mode: "reflect" }),
  pad_replicate_small_2d: () => pad(x, [-2, -2, -3, 0], { mode: "replicate" }),
  pad_reflect_small_3d: () => pad(x5, [-2, -3, -2, -2, -3, 0], { mode: "reflect" }),
  pad_replicate_small_3d: () => pad(x5, [-2, -3, -2, -2, -3, 0], { mode: "replicate" }),
  pad_replicate_negative: () => pad(x, [0, 0, -3, -1], { mode: "replicate" }),
  pad_circular_wrap: () => pad(x, [5, 1], { mode: "circular" }),
  pad_circular_negative: () => pad(x, [0, 0, -3, -1], { mode: "circular" }),
  flip_duplicate: () => x.flip(0, -3),
  flip_range: () => flip(x, 3),
  flip_float: () => x.flip(0.5),
  roll_mismatch: () => x.roll([1, 2], 0),
  roll_flat_many: () => roll(x, [1, 2]),
  roll_no_shifts: () => x.roll([], []),
  roll_0d_dim: () => s0.roll(1, 0),
  tril_1d: () => r(3).tril(),
  triu_0d: () => triu(s0),
  diag_3d: () => x.diag(),
  diag_0d: () => diag(s0),
  diagonal_same: () => diagonal(x, 0, 1, -2),
  diagonal_1d: () => r(3).diagonal(),
  diag_embed_same: () => diagEmbed(x, 0, 1, 1),
  diag_embed_0d: () => s0.diagEmbed(),
  trace_3d: () => x.trace(),
  trace_1d: () => trace(r(3)),
  repeat_few: () => x.repeat(2, 3),
  repeat_negative: () => repeat(x, [[1, 2, -1]]),
  tile_float: () => tile(x, [[1.5]]),
  repeat_interleave_negative: () => x.repeatInterleave(-1, 1),
  repeat_interleave_dim: () => repeatInterleave(x, 2, 3),
  repeat_interleave_0d_dim: () => s0.repeatInterleave(2, 0),
  repeat_interleave_output_size: () => x.repeatInterleave(2, 1, { outputSize: 5 }),
  repeat_interleave_sizes: () => x.repeatInterleave(counts([1, 2]), -2),
  repeat_interleave_negative_counts: () => x.repeatInterleave(counts([1, -2, 1]), 1),
  repeat_interleave_2d_counts: () => x.repeatInterleave(counts([[1, 2, 1]]), 1),
  repeat_interleave_counts_output_size: () =>
    x.repeatInterleave(counts([1, 2, 1]), 1, { outputSize: 3 }),
  split_0d: () => s0.split(1),
  split_zero: () => x.split(0, 1),
  split_negative: () => split(x, -1, 1),
  split_sizes_sum: () => x.split([1, 1], 1),
  split_sizes_sum_negative_dim: () => x.split([1, 1], -2),
  stack_dim_before_shapes: () => stack([ones([2]), ones([2, 1])], 3),
  pad_value_overflow: () => pad(zeros([4], { dtype: "uint8" }), [1, 0], { value: -2 }),
  unflatten_sizes_negative_dim: () => x.unflatten(-1, [3, 2]),
  flatten_0d_dim: () => s0.flatten(0, 1),
  expand_last_mismatch_first: () => x.expand(1, 3, 5),
  expand_bool_too_few: () => zeros([2, 3], { dtype: "bool" }).expand(3),
  pad_replicate_empty_channels: () =>
    pad(zeros([0, 4, 4, 3]), [1, 1, 1, 1, 1, 1], { mode: "replicate" }),
  split_sizes_negative: () => x.split([4, -1], 1),
  split_range: () => x.split(1, 3),
  chunk_zero: () => x.chunk(0, 1),
  chunk_0d: () => chunk(s0, 2),
  unbind_0d: () => s0.unbind(),
  unbind_range: () => unbind(x, -4),
  unflatten_sizes: () => x.unflatten(2, [3, 2]),
  unflatten_empty: () => unflatten(x, 2, []),
  unflatten_two_inferred: () => x.unflatten(0, [-1, -1]),
  unflatten_0d: () => s0.unflatten(0, [1]),
  movedim_count: () => x.movedim([0, 1], [0]),
  movedim_repeated_source: () => movedim(x, [0, -3], [1, 2]),
  movedim_repeated_destination: () => x.movedim([0, 1], [1, 1]),
  movedim_range: () => x.movedim(3, 0),
  swapaxes_range: () => swapaxes(x, 0, 3),
  meshgrid_empty: () => meshgrid([], { indexing: "ij" }),
  meshgrid_dtype: () => meshgrid([r(2), r(2).double()], { indexing: "xy" }),
  meshgrid_indexing: loose(meshgrid, [r(2), r(2)], { indexing: "ab" }),
  meshgrid_2d: () => meshgrid([r(2, 2), r(2)], { indexing: "ij" }),
  unfold_too_big: () => x.unfold(2, 5, 1),
  unfold_step: () => unfold(x, 2, 2, 0),
  unfold_negative_size: () => x.unfold(-1, -1, 1),
  unfold_0d_too_big: () => s0.unfold(0, 2, 1),
  outer_2d: () => outer(r(2, 2), r(2)),
  outer_vec2_0d: () => r(2).outer(s0),
  einsum_no_operands: () => einsum("i"),
  einsum_fewer: () => einsum("ij,jk", r(2, 3)),
  einsum_more: () => einsum("ij", r(2, 3), r(3)),
  einsum_subscript: () => einsum("i1", r(2, 3)),
  einsum_output_subscript: () => einsum("ij->i1", r(2, 3)),
  einsum_count: () => einsum("ijk", r(2, 3)),
  einsum_count_ellipsis: () => einsum("ijk...", r(2, 3)),
  einsum_two_ellipses: () => einsum("......", r(2, 3)),
  einsum_bad_ellipsis: () => einsum("i..", r(2, 3)),
  einsum_output_two_ellipses: () => einsum("...->......", r(2, 3)),
  einsum_output_bad_ellipsis: () => einsum("...->..", r(2, 3)),
  einsum_output_repeated: () => einsum("ij->ii", r(2, 3)),
  einsum_output_unknown: () => einsum("ij->k", r(2, 3)),
  einsum_sizes: () => einsum("ij,jk", r(2, 3), r(2, 3)),
  einsum_diagonal_sizes: () => einsum("ii", r(2, 3)),
  einsum_ellipsis_sizes: () => einsum("...i,...i", r(2, 3), r(3, 3)),
};

errorTests("shape (2.x)", fixture.errors, ERRORS);

Deno.test("shape (2.x): a failing op changes nothing", () => {
  const a = r(2, 3);
  const before = [a.version, String(a), a.grad];
  for (const f of [() => pad(a, [9, 9], { mode: "reflect" }), () => a.split([1, 1], 1)]) {
    assert.throws(f);
    assert.deepEqual([a.version, String(a), a.grad], before);
  }
});

Deno.test("shape (2.x): meshgrid without indexing warns once, in PyTorch's words", () => {
  const seen: string[] = [];
  const orig = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(" "));
  try {
    meshgrid([r(2), r(3)]);
    meshgrid([r(2), r(3)]);
  } finally {
    console.warn = orig;
  }
  assert.deepEqual(seen, [`UserWarning: ${fixture.warnings[0].message}`]);
});

/** The programs of conformance/shape/generate.py's CASES, by name. */
const PROGRAMS: Record<string, (inputs: Tensor[]) => Tensor[]> = {
  pad_circular_unbatched_1d: ([a]) => [pad(a, [1, 2], { mode: "circular" })],
  pad_circular_unbatched_2d: ([a]) => [pad(a, [1, 1, 2, 1], { mode: "circular" })],
  pad_circular_unbatched_3d: ([a]) => [pad(a, [1, 0, 0, 2, 1, 1], { mode: "circular" })],
  pad_circular_crop_to_empty: ([a]) => [pad(a, [-2, -2], { mode: "circular" })],
  pad_constant_empty_dim: ([a]) => [pad(a, [-1, -2, 1, 0])],
  pad_reflect_empty_height: ([a]) => [pad(a, [-1, -1, -3, 0], { mode: "reflect" })],
  diag_past_last: ([a]) => [a.diag(9), a.diag(-5)],
  trace_tall: ([a]) => [a.trace()],
  repeat_interleave_output_size: ([a]) => [
    a.repeatInterleave(2, 1, { outputSize: 6 }),
    a.repeatInterleave(counts([1, 0, 2]), 1, { outputSize: 3 }),
  ],
  cat_legacy_empty: ([e, a]) => [cat([e, a], 1), cat([a, e, a], -1), cat([e, e], 5)],
  roll_empty_unchecked_dims: ([a]) => [roll(a, [1, 2, 3], [0, 0, 5])],
  reshape_alias_non_contiguous: ([a]) => [
    a.index(slice(null, null, 2)).reshape(2, 6),
    a.index(slice(), slice(), slice(1, null)).reshape(-1, 2),
    a.reshape(2, 12),
    a.transpose(1, 2).flatten(0, 1),
  ],
};

Deno.test("shape (2.x): every fixture case has a program, and vice versa", () => {
  assert.deepEqual(fixture.cases.map((c) => c.name).sort(), Object.keys(PROGRAMS).sort());
});

for (const c of fixture.cases) {
  Deno.test(`shape (2.x): ${c.name} matches PyTorch 2.x`, () => {
    assert.equal(recordedCaseMismatch(c, PROGRAMS[c.name]), null);
  });
}

Deno.test("shape (2.x): the op-table cases 2.x was checked against are today's", () => {
  const mine = new Set([
    "pad",
    "flip",
    "roll",
    "tril",
    "triu",
    "diag",
    "diagonal",
    "diag_embed",
    "trace",
    "repeat",
    "tile",
    "repeat_interleave",
    "repeat_interleave_tensor",
    "split",
    "chunk",
    "unbind",
    "split_first",
    "unflatten",
    "movedim",
    "swapaxes",
    "meshgrid",
    "unfold",
    "outer",
    "kron",
    "einsum",
  ]);
  const n = (ops as unknown as { ops: { op: string }[] }).ops.filter((c) => mine.has(c.op)).length;
  assert.equal(
    fixture.crossChecked,
    n,
    "rerun PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/shape/generate.py",
  );
});
