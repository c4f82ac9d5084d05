/**
 * Integer and bool dtypes (issue 11) against PyTorch 2.x, from conformance/dtypes/fixtures.json
 * (conformance/dtypes/generate.py, PyTorch 2.13): type promotion through every pair of dtypes
 * (tensor × tensor, tensor × 0-d tensor, tensor × number) for add, sub, mul, div and the
 * comparisons, `resultType` and `promoteTypes`, the printed form of every dtype, casts (NaN,
 * infinities, out-of-range values), the error texts, the random samplers after `manualSeed(0)`,
 * and `crossEntropy`/`nllLoss` with int64 targets. The generator also ran the op table's dtype
 * cases again in 2.x (they agree with the 1.13 fixtures); the count it checked must be today's.
 */

import assert from "node:assert/strict";
import fx from "./dtypes/fixtures.json" with { type: "json" };
import ops from "./ops/fixtures.json" with { type: "json" };
import { crossEntropy, nllLoss } from "@descent/losses";
import * as api from "@descent/tensor";
import { type DType, type Tensor, tensor, zeros } from "@descent/tensor";
import {
  decode,
  errorOf,
  type FixtureValue,
  fromFixture,
  mismatch,
  toleranceFor,
} from "./fixtures.ts";

interface Value {
  dtype: string;
  shape: number[];
  values: FixtureValue[];
}
interface Outcome {
  out?: Value;
  repr?: string;
  error?: string;
  message?: string;
}
interface PromotionCase extends Outcome {
  op: "add" | "sub" | "mul" | "div" | "eq" | "lt";
  a: Value;
  kind: "tensor" | "0-d" | "number";
  b: Value | { number: number | boolean; type: "int" | "float" | "bool" };
}
interface ResultTypeCase {
  a: DType;
  b?: DType;
  number?: number | boolean;
  promote?: DType;
  tensor: DType;
  zeroDim?: DType;
}

const fixture = fx as unknown as {
  torch: string;
  promotion: PromotionCase[];
  resultTypes: ResultTypeCase[];
  printing: { name: string; value: Value; repr: string }[];
  casts: { from: Value; to: DType; out: Value }[];
  errors: { name: string; type: string; message: string }[];
  random: { name: string; out: Value; repr: string }[];
  losses: { name: string; logits: Value; out: Value; repr: string; grad: Value }[];
  crossChecked: string[];
};

const make = (v: Value, requiresGrad = false): Tensor =>
  fromFixture(v.values, v.shape, v.dtype as DType, requiresGrad);

/** Compares a result with a recorded one: dtype, values (exact for integers) and printed form. */
function differs(got: Tensor, want: Value, repr?: string): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, expected ${want.dtype}`;
  const bad = mismatch(got, want.values, want.shape, toleranceFor(got.dtype));
  if (bad !== null) return bad;
  if (repr !== undefined && String(got) !== repr) {
    return `printed\n${String(got)}\nexpected\n${repr}`;
  }
  return null;
}

const OPS = {
  add: (a: Tensor, b: api.Operand) => a.add(b),
  sub: (a: Tensor, b: api.Operand) => a.sub(b),
  mul: (a: Tensor, b: api.Operand) => a.mul(b),
  div: (a: Tensor, b: api.Operand) => a.div(b),
  eq: (a: Tensor, b: api.Operand) => a.eq(b),
  lt: (a: Tensor, b: api.Operand) => a.lt(b),
};

Deno.test("dtypes: the fixtures come from PyTorch 2.x", () => {
  assert.match(fixture.torch, /^2\./);
});

Deno.test("dtypes: promotion of every pair of dtypes through add, sub, mul, div, eq, lt", () => {
  assert.equal(fixture.promotion.length, 6 * (6 * 2 + 3) * 6);
  const problems: string[] = [];
  for (const c of fixture.promotion) {
    const a = make(c.a);
    const b = "number" in c.b ? c.b.number : make(c.b);
    const what = `${c.a.dtype} ${c.op} ${c.kind} ${"number" in c.b ? c.b.number : c.b.dtype}`;
    const thrown = errorOf(() => OPS[c.op](a, b));
    if (c.error !== undefined) {
      if (thrown?.message !== c.message) {
        problems.push(`${what}: ${thrown?.message}, expected ${c.message}`);
      }
      continue;
    }
    if (thrown !== null) {
      problems.push(`${what}: threw ${thrown.message}`);
      continue;
    }
    const bad = differs(OPS[c.op](a, b), c.out!, c.repr);
    if (bad !== null) problems.push(`${what}: ${bad}`);
  }
  assert.deepEqual(problems, []);
});

Deno.test("dtypes: resultType and promoteTypes of every pair, and of tensors with numbers", () => {
  for (const c of fixture.resultTypes) {
    const a = tensor([0, 1, 5], { dtype: c.a });
    if (c.b === undefined) {
      // JavaScript's `true` is a bool number, 2 an integer one, 2.5 a float one
      assert.equal(api.resultType(a, c.number!), c.tensor, `${c.a} with ${c.number}`);
      continue;
    }
    assert.equal(api.promoteTypes(c.a, c.b), c.promote, `promoteTypes(${c.a}, ${c.b})`);
    assert.equal(api.resultType(a, tensor([2, 3, 1], { dtype: c.b })), c.tensor, `${c.a}, ${c.b}`);
    assert.equal(api.resultType(a, tensor(3, { dtype: c.b })), c.zeroDim, `${c.a}, 0-d ${c.b}`);
  }
});

Deno.test("dtypes: every dtype prints as PyTorch prints it", () => {
  for (const c of fixture.printing) assert.equal(String(make(c.value)), c.repr, c.name);
});

Deno.test("dtypes: casts as PyTorch 2.x on x86 (beyond ±(2^53 - 1), int64 is a RangeError)", () => {
  // PyTorch turns NaN, ±inf and out-of-range floats into int64's -2^63 (x86's "integer
  // indefinite"), which descent's int64 cannot hold: there it throws rather than lie.
  const exact = (v: FixtureValue) => Math.abs(decode(v)) <= Number.MAX_SAFE_INTEGER;
  for (const c of fixture.casts) {
    const from = make(c.from);
    const what = `${c.from.dtype} → ${c.to}`;
    if (c.to === "int64" && !c.out.values.every(exact)) {
      assert.throws(() => from.to(c.to), RangeError, what);
      const ok = c.out.values.map(exact);
      const kept = from.toList() as number[];
      const picked = kept.filter((_, i) => ok[i]);
      const want = c.out.values.filter((_, i) => ok[i]);
      const sub = tensor(picked, { dtype: c.from.dtype as DType }).to("int64");
      assert.equal(mismatch(sub, want, [want.length], toleranceFor("int64")), null, what);
      continue;
    }
    assert.equal(differs(from.to(c.to), c.out), null, what);
    // castValue is the same conversion of one value
    const values = from.toList() as (number | boolean)[];
    values.forEach((v, i) => {
      const got = api.castValue(Number(v), c.to, c.from.dtype as DType);
      const want = decode(c.out.values[i]);
      assert.ok(got === want || Object.is(got, want), `${what} of ${v}: ${got}, expected ${want}`);
    });
  }
});

const L = () => tensor([1, 2, 3]);
const Bo = () => tensor([true, false, true]);
const Fl = () => tensor([0.5, 1.5, 2.5]);

/** descent's program for each recorded error, and the error class it throws. */
const ERRORS: Record<string, [ErrorConstructor, () => unknown]> = {
  sub_bool: [TypeError, () => Bo().sub(Bo())],
  rsub_bool: [TypeError, () => api.sub(1, Bo())],
  neg_bool: [TypeError, () => Bo().neg()],
  mean_int: [TypeError, () => L().mean()],
  mean_bool: [TypeError, () => Bo().mean()],
  softmax_int: [TypeError, () => L().softmax(0)],
  log_softmax_int: [TypeError, () => L().logSoftmax(0)],
  where_int_condition: [TypeError, () => api.where(L(), Fl(), Fl())],
  where_float_condition: [TypeError, () => api.where(Fl(), Fl(), Fl())],
  requires_grad_int_factory: [Error, () => tensor([1, 2], { requiresGrad: true })],
  requires_grad_int_method: [Error, () => L().requiresGrad_()],
  requires_grad_bool_method: [Error, () => tensor([true]).requiresGrad_()],
  add_inplace_cast: [TypeError, () => L().clone().add_(Fl())],
  mul_inplace_cast: [TypeError, () => L().clone().mul_(0.5)],
  add_inplace_bool_cast: [TypeError, () => Bo().clone().add_(L())],
  floor_divide_by_zero: [RangeError, () => api.floorDivide(L(), 0)],
  remainder_by_zero: [RangeError, () => api.remainder(L(), tensor([1, 0, 1]))],
  div_trunc_by_zero: [RangeError, () => api.div(L(), 0, { roundingMode: "trunc" })],
  fmod_by_zero: [RangeError, () => api.fmod(L(), 0)],
  bitwise_and_float: [TypeError, () => api.bitwiseAnd(Fl(), Fl())],
  bitwise_not_float: [TypeError, () => api.bitwiseNot(Fl())],
  bitwise_xor_int_float: [TypeError, () => api.bitwiseXor(L(), 1.5)],
  argmax_bool: [TypeError, () => Bo().argmax()],
  argmin_bool: [TypeError, () => Bo().argmin()],
  exp_bool_inplace: [TypeError, () => Bo().clone().mul_(1.5)],
  abs_bool: [TypeError, () => api.abs(Bo())],
  matmul_bool: [TypeError, () => Bo().matmul(Bo())],
  matmul_int_float: [TypeError, () => L().matmul(Fl())],
  cross_entropy_int_target: [
    TypeError,
    () => crossEntropy(zeros([3, 4]), tensor([0, 1, 2], { dtype: "int32" })),
  ],
  cross_entropy_float_target_shape: [TypeError, () => crossEntropy(zeros([3, 4]), zeros([3]))],
  nll_loss_float_target: [TypeError, () => nllLoss(zeros([3, 4]), zeros([3]))],
  nll_loss_int_input: [TypeError, () => nllLoss(zeros([3, 4], { dtype: "int64" }), L())],
  cross_entropy_target_out_of_range: [
    RangeError,
    () => crossEntropy(zeros([3, 4]), tensor([0, 4, 1])),
  ],
  mse_loss_int: [TypeError, () => api.sub(L(), L()).square().mean()],
  full_int_requires_grad: [Error, () => api.full([2], 7, { requiresGrad: true })],
  arange_bool: [TypeError, () => api.arange(3, undefined, undefined, { dtype: "bool" })],
  randn_int: [TypeError, () => api.randn([3], { dtype: "int64" })],
  rand_int: [TypeError, () => api.rand([3], { dtype: "int64" })],
  tensor_int32_overflow: [RangeError, () => tensor([2 ** 31], { dtype: "int32" })],
  tensor_uint8_overflow: [RangeError, () => tensor([256], { dtype: "uint8" })],
  randint_uint8_bounds: [RangeError, () => api.randint(0, 300, [2], { dtype: "uint8" })],
  randint_empty_range: [RangeError, () => api.randint(3, 3, [2])],
  randint_requires_grad: [Error, () => api.randint(0, 2, [2], { requiresGrad: true })],
  randperm_bool: [TypeError, () => api.randperm(3, { dtype: "bool" })],
  randperm_uint8_overflow: [RangeError, () => api.randperm(300, { dtype: "uint8" })],
  bernoulli_int: [TypeError, () => api.bernoulli(L())],
  bernoulli_p_range: [RangeError, () => zeros([2]).bernoulli_(1.5)],
};

/** Errors whose descent program differs from PyTorch's (the text is still PyTorch's). */
const VIA = {
  // mse_loss of integers: "mse_cpu" not implemented, checked in losses/errors_test.ts; here
  // the message of the same kernel refusal through mseLoss
  mse_loss_int: "mseLoss",
  // Tensor.exp_ does not exist: the in-place cast check through mul_
  exp_bool_inplace: "mul_",
};

for (const e of fixture.errors) {
  Deno.test(`dtypes (2.x): ${e.name} — PyTorch's words`, async () => {
    const [type, program] = ERRORS[e.name];
    let run = program;
    if (e.name === "mse_loss_int") {
      const { mseLoss } = await import("@descent/losses");
      run = () => mseLoss(L(), L());
    }
    const thrown = errorOf(run);
    assert.ok(thrown !== null, `${e.name}: nothing was thrown`);
    // tensor() adds a hint to PyTorch's text: JavaScript cannot write a float as `1.`
    const message = e.name === "requires_grad_int_factory"
      ? thrown.message.replace(/ \(tensor\(\) inferred .*\)$/, "")
      : thrown.message;
    const expected = e.name === "exp_bool_inplace"
      ? "result type Float can't be cast to the desired output type Bool"
      : e.message;
    assert.equal(
      message,
      expected,
      `${e.name} (via ${VIA[e.name as keyof typeof VIA] ?? "the same call"})`,
    );
    assert.equal(thrown.constructor, type, e.name);
  });
}

Deno.test("dtypes: every recorded error has a descent program", () => {
  assert.deepEqual(fixture.errors.map((e) => e.name).sort(), Object.keys(ERRORS).sort());
});

/** descent's call for each random fixture, after `manualSeed(0)`. */
const RANDOM: Record<string, () => Tensor> = {
  randint: () => api.randint(0, 10, [5]),
  randint_high: () => api.randint(10, [2, 3]),
  randint_negative: () => api.randint(-5, 5, [6]),
  randint_wide: () => api.randint(-(2 ** 40), 2 ** 40, [3]),
  randint_int32: () => api.randint(-5, 5, [2, 3], { dtype: "int32" }),
  randint_uint8: () => api.randint(0, 256, [5], { dtype: "uint8" }),
  randint_bool: () => api.randint(0, 2, [5], { dtype: "bool" }),
  randint_float32: () => api.randint(0, 10, [5], { dtype: "float32" }),
  randperm: () => api.randperm(10),
  randperm_int32: () => api.randperm(7, { dtype: "int32" }),
  randperm_uint8: () => api.randperm(256, { dtype: "uint8" }),
  randperm_float64: () => api.randperm(5, { dtype: "float64" }),
  randperm_empty: () => api.randperm(0),
  bernoulli: () => api.bernoulli(tensor([0.1, 0.5, 0.9, 0.5])),
  bernoulli_float64: () => api.bernoulli(tensor([[0.1, 0.5], [0.9, 0.5]], { dtype: "float64" })),
  bernoulli_inplace: () => zeros([6]).bernoulli_(0.3),
  bernoulli_inplace_int64: () => zeros([4], { dtype: "int64" }).bernoulli_(0.5),
  bernoulli_inplace_bool: () => zeros([4], { dtype: "bool" }).bernoulli_(),
  bernoulli_inplace_tensor: () => zeros([2, 2]).bernoulli_(tensor([0.2, 0.8])),
  random_int64: () => zeros([3], { dtype: "int64" }).random_(0, 10),
  random_int64_to: () => zeros([3], { dtype: "int64" }).random_(7),
  random_float32: () => zeros([3]).random_(),
  random_float64: () => zeros([3], { dtype: "float64" }).random_(),
  random_int32: () => zeros([3], { dtype: "int32" }).random_(),
  random_uint8: () => zeros([3], { dtype: "uint8" }).random_(),
  random_bool: () => zeros([3], { dtype: "bool" }).random_(),
};

Deno.test("dtypes: randint, randperm, bernoulli, bernoulli_, random_ draw PyTorch's values", () => {
  assert.deepEqual(fixture.random.map((r) => r.name), Object.keys(RANDOM));
  for (const r of fixture.random) {
    api.manualSeed(0);
    assert.equal(differs(RANDOM[r.name](), r.out, r.repr), null, r.name);
  }
});

Deno.test("dtypes: crossEntropy and nllLoss with int64 class targets", () => {
  const calls: Record<string, (x: Tensor) => Tensor> = {
    cross_entropy: (x) => crossEntropy(x, tensor([0, 2, 1])),
    cross_entropy_sum: (x) => crossEntropy(x, tensor([0, 2, 1]), { reduction: "sum" }),
    cross_entropy_none: (x) => crossEntropy(x, tensor([0, 2, 1]), { reduction: "none" }),
    cross_entropy_ignore: (x) => crossEntropy(x, tensor([0, -100, 1])),
    nll_loss: (x) => nllLoss(x.logSoftmax(1), tensor([2, 2, 0])),
  };
  for (const c of fixture.losses) {
    const x = make(c.logits, true);
    const loss = calls[c.name](x);
    assert.equal(differs(loss, c.out, c.repr), null, c.name);
    loss.sum().backward();
    assert.equal(differs(x.grad!, c.grad), null, `${c.name} gradient`);
  }
});

Deno.test("dtypes: the generator checked today's op-table dtype cases in PyTorch 2.x", () => {
  const all = (ops as unknown as { ops: { name: string }[] }).ops.map((c) => c.name);
  const start = all.findIndex((n) => n.startsWith("div_rounded/"));
  // the dtype section ends where the indexing section (index/…) begins
  const end = all.findIndex((n) => n.startsWith("index/"));
  assert.deepEqual(fixture.crossChecked, all.slice(start, end < 0 ? all.length : end));
});
