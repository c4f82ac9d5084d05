/**
 * The errors and warnings descent shares with PyTorch, by exact text (descent may append the
 * shapes or values involved), from conformance/ops/fixtures.json; plus the error class each
 * maps to (API.md: RangeError for shapes/dims/indices, TypeError for bad arguments, Error for
 * autograd misuse). The fixtures hold PyTorch's own words; descent spells PyTorch's API names
 * its own way inside them through `DESCENT_SPELLING` (fixtures.ts), and nothing else differs.
 */

import assert from "node:assert/strict";
import fx from "./ops/fixtures.json" with { type: "json" };
import indexingFx from "./indexing/fixtures.json" with { type: "json" };
import { AutogradFunction, type FunctionCtx, grad, noGrad } from "@descent/autograd";
import {
  addmm,
  addmv,
  allclose,
  arange,
  baddbmm,
  eye,
  gradcheck,
  linalg,
  linspace,
  ones,
  stack,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";
import { DESCENT_SPELLING, errorOf, spell } from "./fixtures.ts";

interface ErrorCase {
  name: string;
  type: string;
  message: string;
  message_1_13?: string;
  note?: string;
}

interface WarningCase {
  name: string;
  message: string;
}

const fixture = fx as unknown as { errors: ErrorCase[]; warnings: WarningCase[] };
/** The indexing errors (conformance/indexing_test.ts checks them; their texts hold spellings). */
const indexingErrors = (indexingFx as unknown as { errors: ErrorCase[] }).errors;

type ErrorClass =
  | typeof Error
  | typeof RangeError
  | typeof TypeError
  | typeof linalg.LinAlgError;

const r = (...shape: number[]): Tensor => ones(shape, { requiresGrad: true });
const sing = (): Tensor => tensor([[1, 2], [2, 4]], { dtype: "float32" });
const indefinite = (): Tensor => tensor([[1, 2], [2, 1]], { dtype: "float32" });

/** Hooks named like their Python counterparts, because the message quotes the name. */
const hooks = {
  bad_hook: (_g: Tensor): Tensor => ones([2]),
  bad_dtype_hook: (g: Tensor): Tensor => g.detach().add(ones(g.shape, { dtype: "float64" })),
};

/** Custom functions whose backward breaks a rule, named as in conformance/ops/generate.py. */
class WrongN extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return x.mul(1);
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor[] {
    return [g, g];
  }
}
class GradForNumber extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, x: Tensor, k: number): Tensor {
    return x.mul(k);
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor[] {
    return [g, g];
  }
}
class NumberGrad extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return x.mul(1);
  }
  static override backward(_ctx: FunctionCtx, _g: Tensor): number {
    return 3;
  }
}
class WrongShape extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
    return x.mul(1);
  }
  static override backward(_ctx: FunctionCtx, _g: Tensor): Tensor {
    return zeros([3]);
  }
}

/** exp with a wrong derivative (2 instead of exp), for gradcheck. */
class BadExp extends AutogradFunction {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
    return g.mul(2);
  }
}

/** The same misuse as in conformance/ops/generate.py, and the class descent throws. */
const PROGRAMS: Record<string, [ErrorClass, () => unknown]> = {
  broadcast: [RangeError, () => ones([2, 3]).add(ones([2]))],
  broadcast_mul_3d: [RangeError, () => ones([4, 2, 3]).mul(ones([3, 3]))],
  mm_shapes: [RangeError, () => ones([2, 3]).mm(ones([2, 3]))],
  matmul_2d: [RangeError, () => ones([2, 3]).matmul(ones([2, 3]))],
  matmul_1d_2d: [RangeError, () => ones([3]).matmul(ones([2, 4]))],
  matmul_3d_2d: [RangeError, () => ones([5, 2, 3]).matmul(ones([2, 4]))],
  matmul_3d_3d: [RangeError, () => ones([5, 2, 3]).matmul(ones([5, 2, 4]))],
  matmul_0d: [RangeError, () => ones([]).matmul(ones([3]))],
  dot_sizes: [RangeError, () => ones([3]).dot(ones([2]))],
  allclose_rtol: [RangeError, () => allclose(ones([2]), ones([2]), { rtol: -1 })],
  allclose_atol: [RangeError, () => allclose(ones([2]), ones([2]), { atol: -0.5 })],
  eye_negative: [RangeError, () => eye(-3, 3)],
  mv_sizes: [RangeError, () => ones([2, 3]).matmul(ones([2]))],
  view_stride: [RangeError, () => ones([2, 3]).t().view(6)],
  reshape_numel: [RangeError, () => ones([2, 3]).reshape(4)],
  reshape_two_inferred: [RangeError, () => ones([2, 3]).reshape(-1, -1)],
  expand_size: [RangeError, () => ones([2, 3]).expand(3, 3)],
  expand_rank: [RangeError, () => ones([2, 3]).expand(3)],
  arange_step_nan: [RangeError, () => arange(0, 1, NaN)],
  arange_unsupported_range: [RangeError, () => arange(0, NaN)],
  arange_step_sign: [RangeError, () => arange(0, -1)],
  zeros_negative: [RangeError, () => zeros([-1, 2])],
  zeros_float_size: [TypeError, () => zeros([2, 1.5])],
  expand_float_size: [TypeError, () => ones([2]).expand(1.5, 3)],
  expand_leading_minus_one: [RangeError, () => ones([2]).expand(-1, 2)],
  view_negative_size: [RangeError, () => ones([4]).view(-2, 2)],
  view_zero_elements_inferred: [RangeError, () => zeros([0]).view(-1, 0)],
  linspace_negative_steps: [RangeError, () => linspace(0, 1, -1)],
  linspace_float_steps: [TypeError, () => linspace(0, 1, 1.5)],
  permute_rank: [RangeError, () => ones([2, 3]).permute(0)],
  permute_duplicate: [RangeError, () => ones([2, 3]).permute(0, 0)],
  dim_range: [RangeError, () => ones([2, 3]).sum(2)],
  dim_duplicate: [RangeError, () => ones([2, 3]).sum([0, 0])],
  unsqueeze_range: [RangeError, () => ones([2, 3]).unsqueeze(3)],
  t_3d: [RangeError, () => ones([2, 3, 4]).t()],
  flatten_order: [RangeError, () => ones([2, 3, 4]).flatten(2, 1)],
  max_empty: [RangeError, () => ones([0]).max()],
  clamp_none: [TypeError, () => ones([2]).clamp()],
  backward_twice: [Error, () => {
    const y = r(3).exp().sum();
    y.backward();
    y.backward();
  }],
  backward_twice_mul_number: [Error, () => {
    const y = r(3).mul(2).sum();
    y.backward();
    y.backward();
  }],
  backward_twice_div_number: [Error, () => {
    const y = r(3).div(2).sum();
    y.backward();
    y.backward();
  }],
  inplace_modified_output: [Error, () => {
    const y = r(3).exp();
    y.add_(1);
    y.sum().backward();
  }],
  inplace_modified_f64_2d: [Error, () => {
    const y = ones([2, 2], { dtype: "float64", requiresGrad: true }).sigmoid();
    y.mul_(2);
    y.sum().backward();
  }],
  inplace_modified_saved_leaf: [Error, () => {
    const w = ones([3]);
    const y = r(3).mul(w);
    w.mul_(2);
    y.sum().backward();
  }],
  inplace_modified_under_no_grad: [Error, () => {
    const y = r(3).exp();
    noGrad(() => y.mul_(2));
    y.sum().backward();
  }],
  inplace_modified_through_detach: [Error, () => {
    const y = r(3).exp();
    y.detach().zero_();
    y.sum().backward();
  }],
  leaf_inplace: [Error, () => r(3).add_(1)],
  // PyTorch's `x[0]` is `x.select(0, 0)`
  view_of_leaf_inplace: [Error, () => r(2, 3).select(0, 0).mul_(2)],
  nonleaf_requires_grad_false: [Error, () => {
    r(2).mul(2).requiresGrad = false;
  }],
  nonleaf_requires_grad_true: [Error, () => {
    r(2).mul(2).requiresGrad = true;
  }],
  nonleaf_requires_grad__false: [Error, () => r(2).mul(2).requiresGrad_(false)],
  implicit_grad_non_scalar: [Error, () => r(3).mul(2).backward()],
  no_grad_fn: [Error, () => ones([1]).sum().backward()],
  grad_shape_mismatch: [RangeError, () => r(3).mul(2).backward(ones([2]))],
  item_many: [RangeError, () => ones([2, 3]).item()],
  detach__view: [Error, () => r(2, 3).mul(1).t().detach_()],
  retain_grad_no_grad: [Error, () => ones([2]).retainGrad()],
  hook_no_grad: [Error, () => ones([2]).registerHook((g) => g)],
  grad_unused: [Error, () => {
    const x = r(2);
    grad(x.mul(2).sum(), [x, r(2)]);
  }],
  grad_input_no_grad: [Error, () => grad(r(2).mul(2).sum(), [ones([2])])],
  backward_inputs_empty: [Error, () => r(2).mul(2).sum().backward(null, { inputs: [] })],
  grad_empty_inputs: [TypeError, () => grad(r(2).mul(2).sum(), [])],
  backward_inputs_non_leaf_releases: [Error, () => {
    const y = r(2).mul(3);
    y.mul(y).sum().backward(null, { inputs: [y] });
    y.mul(2).sum().backward();
  }],
  function_wrong_count: [Error, () => WrongN.apply(r(2)).sum().backward()],
  function_grad_for_number: [Error, () => GradForNumber.apply(r(2), 2).sum().backward()],
  function_grad_not_tensor: [TypeError, () => NumberGrad.apply(r(2)).sum().backward()],
  function_wrong_shape: [RangeError, () => WrongShape.apply(r(2)).sum().backward()],
  hook_wrong_shape: [RangeError, () => {
    const y = r(3).mul(2);
    y.registerHook(hooks.bad_hook);
    y.sum().backward();
  }],
  gradcheck_mismatch: [Error, () => {
    const x = tensor([0, 1], { dtype: "float64", requiresGrad: true });
    return gradcheck((t) => BadExp.apply(t) as Tensor, [x]);
  }],
  hook_wrong_dtype: [TypeError, () => {
    const y = r(3).mul(2);
    y.registerHook(hooks.bad_dtype_hook);
    y.sum().backward();
  }],
  // ---- linear algebra (issue 13) ----
  linalg_solve_singular: [linalg.LinAlgError, () => linalg.solve(sing(), ones([2]))],
  linalg_solve_singular_batch: [
    linalg.LinAlgError,
    () => linalg.solve(stack([eye(2), sing()]), ones([2])),
  ],
  linalg_solve_singular_float32: [
    linalg.LinAlgError,
    () => linalg.solve(arange(1, 10).float().reshape(3, 3), ones([3])),
  ],
  linalg_inv_singular: [linalg.LinAlgError, () => linalg.inv(sing())],
  linalg_inv_singular_batch: [linalg.LinAlgError, () => linalg.inv(stack([eye(2), sing()]))],
  linalg_inv_zeros: [linalg.LinAlgError, () => linalg.inv(zeros([3, 3]))],
  linalg_cholesky_not_pd: [linalg.LinAlgError, () => linalg.cholesky(indefinite())],
  linalg_cholesky_negative: [linalg.LinAlgError, () => linalg.cholesky(eye(2).neg())],
  linalg_cholesky_not_pd_batch: [
    linalg.LinAlgError,
    () => linalg.cholesky(stack([eye(2), indefinite()])),
  ],
  linalg_solve_not_square: [RangeError, () => linalg.solve(ones([2, 3]), ones([2]))],
  linalg_solve_shapes: [RangeError, () => linalg.solve(ones([3, 3]), ones([2]))],
  linalg_solve_shapes_right: [
    RangeError,
    () => linalg.solve(ones([3, 3]), ones([3, 2]), { left: false }),
  ],
  linalg_solve_dtype: [
    TypeError,
    () => linalg.solve(ones([3, 3], { dtype: "float64" }), ones([3])),
  ],
  linalg_solve_b_0d: [RangeError, () => linalg.solve(ones([3, 3]), ones([]))],
  linalg_solve_batch_broadcast: [RangeError, () => linalg.solve(ones([2, 3, 3]), ones([5, 3, 3]))],
  linalg_inv_1d: [RangeError, () => linalg.inv(ones([3]))],
  linalg_det_not_square: [RangeError, () => linalg.det(ones([2, 3]))],
  linalg_eigh_uplo: [TypeError, () => linalg.eigh(ones([3, 3]), { UPLO: "X" as "L" })],
  linalg_qr_mode: [TypeError, () => linalg.qr(ones([3, 3]), { mode: "foo" as "r" })],
  linalg_qr_r_backward: [Error, () => linalg.qr(r(3, 2), { mode: "r" }).R.sum().backward()],
  linalg_qr_complete_backward: [Error, () => {
    const a = tensor([[1, 2], [3, 4], [5, 7]], { dtype: "float32", requiresGrad: true });
    linalg.qr(a, { mode: "complete" }).Q.sum().backward();
  }],
  linalg_svd_nonfinite: [
    linalg.LinAlgError,
    () => linalg.svd(stack([ones([2, 2]), tensor([[NaN, 1], [1, 1]])])),
  ],
  linalg_lstsq_dims: [RangeError, () => linalg.lstsq(ones([3]), ones([3]))],
  linalg_lstsq_rows: [RangeError, () => linalg.lstsq(ones([3, 2]), ones([2, 2]))],
  linalg_lstsq_driver: [
    TypeError,
    () => linalg.lstsq(ones([3, 2]), ones([3, 1]), { driver: "foo" as "gels" }),
  ],
  linalg_lstsq_dtype: [
    TypeError,
    () => linalg.lstsq(ones([3, 2]), ones([3, 1], { dtype: "float64" })),
  ],
  linalg_lstsq_gels_rank: [
    linalg.LinAlgError,
    () => linalg.lstsq(ones([3, 2]), ones([3, 1]), { driver: "gels" }),
  ],
  linalg_matrix_norm_ord: [TypeError, () => linalg.matrixNorm(ones([3, 3]), "foo" as "fro")],
  linalg_matrix_norm_ord_3: [TypeError, () => linalg.matrixNorm(ones([3, 3]), 3)],
  linalg_matrix_norm_dims: [
    RangeError,
    () => linalg.matrixNorm(ones([2, 3, 3]), "fro", { dim: [0, -3] }),
  ],
  linalg_matrix_norm_dim_count: [
    RangeError,
    () => linalg.matrixNorm(ones([3, 3]), "fro", { dim: [0, 1, 2] }),
  ],
  linalg_matrix_norm_empty_min: [RangeError, () => linalg.matrixNorm(zeros([0, 3]), -2)],
  addmm_shapes: [RangeError, () => addmm(ones([4]), ones([2, 3]), ones([2, 3]))],
  addmm_dims: [RangeError, () => addmm(ones([2]), ones([2, 3, 1]), ones([2, 3]))],
  addmm_dtype: [
    TypeError,
    () => addmm(ones([2, 3]), ones([2, 3]), ones([3, 3], { dtype: "float64" })),
  ],
  addmm_expand: [RangeError, () => addmm(ones([2, 3, 1]), ones([2, 3]), ones([3, 3]))],
  addmv_sizes: [RangeError, () => addmv(ones([4]), ones([2, 3]), ones([3]))],
  addmv_dims: [RangeError, () => addmv(ones([2, 1]), ones([2, 3]), ones([3]))],
  baddbmm_sizes: [RangeError, () => baddbmm(ones([3]), ones([2, 2, 3]), ones([3, 3, 3]))],
  baddbmm_expand: [RangeError, () => baddbmm(ones([4]), ones([2, 2, 3]), ones([2, 3, 3]))],
  baddbmm_3d: [RangeError, () => baddbmm(ones([3]), ones([2, 3]), ones([2, 3, 3]))],
};

Deno.test("errors: every fixture error has a descent program, and vice versa", (): void => {
  const names = fixture.errors.map((e) => e.name).sort();
  assert.deepEqual(names, Object.keys(PROGRAMS).sort());
  assert.ok(names.length >= 40);
});

for (const e of fixture.errors) {
  Deno.test(`errors: ${e.name} — PyTorch's words`, (): void => {
    const [cls, program] = PROGRAMS[e.name];
    const thrown = errorOf(program);
    assert.ok(thrown !== null, `${e.name}: nothing was thrown`);
    const expected = spell(e.message);
    assert.ok(
      thrown.message.includes(expected),
      `${e.name}:\n  got:      ${thrown.message}\n  expected: ${expected}\n  PyTorch:  ${e.message}`,
    );
    assert.ok(thrown instanceof cls, `${e.name}: ${thrown.constructor.name}, expected ${cls.name}`);
    if (cls === Error) {
      assert.ok(
        !(thrown instanceof RangeError) && !(thrown instanceof TypeError),
        `${e.name}: autograd misuse should be a plain Error, got ${thrown.constructor.name}`,
      );
    }
  });
}

/** Runs `fn` and returns what it wrote with console.warn. */
function captureWarnings(fn: () => void): string[] {
  const seen: string[] = [];
  const orig = console.warn;
  console.warn = (...args: unknown[]): void => {
    seen.push(args.map(String).join(" "));
  };
  try {
    fn();
  } finally {
    console.warn = orig;
  }
  return seen;
}

const warning = (name: string): string => {
  const w = fixture.warnings.find((x) => x.name === name);
  assert.ok(w, `no warning ${name} in the fixtures`);
  return spell(w.message);
};

Deno.test("errors: every descent spelling replaces text that PyTorch's messages contain", () => {
  const texts = [...fixture.errors, ...fixture.warnings, ...indexingErrors].map((e) => e.message);
  for (const [pytorch, descent] of DESCENT_SPELLING) {
    assert.ok(texts.some((t) => t.includes(pytorch)), `no fixture message contains ${pytorch}`);
    assert.notEqual(pytorch, descent);
  }
  assert.equal(
    spell("Specify retain_graph=True if you need to"),
    "Specify retainGraph: true if you need to",
  );
});

Deno.test("warnings: reading .grad of a non-leaf warns once, in 2.x's words", (): void => {
  const x = r(2);
  const y = x.mul(2);
  const kept = x.mul(3);
  kept.retainGrad();
  const first = captureWarnings(() => {
    assert.equal(kept.grad, null); // retains grad: no warning
    assert.equal(y.grad, null);
  });
  assert.deepEqual(first, [`UserWarning: ${warning("non_leaf_grad")}`]);
  const again = captureWarnings(() => assert.equal(x.mul(4).grad, null));
  assert.deepEqual(again, [], "the warning is shown once, like Python's default filter");
});

Deno.test("warnings: backward(createGraph) warns about the reference cycle", (): void => {
  const x = r(2);
  const seen = captureWarnings(() => x.mul(x).sum().backward(null, { createGraph: true }));
  assert.deepEqual(seen, [`UserWarning: ${warning("create_graph")}`]);
  assert.ok(x.grad!.requiresGrad);
});

Deno.test("warnings: gradcheck warns about inputs that are not float64", (): void => {
  const x = ones([2], { requiresGrad: true });
  const seen = captureWarnings(() => gradcheck((t) => t.mul(2), [x], { raiseException: false }));
  assert.deepEqual(seen, [`UserWarning: ${warning("gradcheck_not_double")}`]);
});
