/**
 * Helpers shared by the conformance tests: decoding fixture values written by the PyTorch
 * generators, building descent tensors from them, and comparing results with tolerances that
 * suit each dtype.
 *
 * @module
 */

import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import { type DType, type Tensor, tensor } from "@descent/tensor";

/** A fixture number: a JSON number, or `"nan"`, `"inf"`, `"-inf"`, `"-0"`. */
export type FixtureValue = number | string;

/**
 * Decodes one fixture number.
 *
 * @param v The encoded value.
 * @returns The number.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decode } from "./fixtures.ts";
 * assert.ok(Number.isNaN(decode("nan")) && Object.is(decode("-0"), -0));
 * ```
 */
export function decode(v: FixtureValue): number {
  if (typeof v === "number") return v;
  switch (v) {
    case "nan":
      return NaN;
    case "inf":
      return Infinity;
    case "-inf":
      return -Infinity;
    case "-0":
      return -0;
  }
  throw new Error(`bad fixture value ${JSON.stringify(v)}`);
}

/**
 * Encodes one number for a fixture, the inverse of `decode`: NaN, infinities and -0 (which JSON
 * cannot spell) become strings.
 *
 * @param v The number.
 * @returns The fixture value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encode } from "./fixtures.ts";
 * assert.deepEqual([NaN, -Infinity, -0, 0.5].map(encode), ["nan", "-inf", "-0", 0.5]);
 * ```
 */
export function encode(v: number): FixtureValue {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (Object.is(v, -0)) return "-0";
  return v;
}

/**
 * A new leaf tensor from fixture values (rounded to float32 when `dtype` is float32; booleans
 * of a bool fixture are 1/0). PyTorch:
 * `torch.tensor(values, dtype=dtype).reshape(shape).requires_grad_(requiresGrad)`.
 *
 * @param values Flat row-major values.
 * @param shape The shape.
 * @param dtype The dtype.
 * @param requiresGrad Whether the leaf requires grad.
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromFixture } from "./fixtures.ts";
 * const t = fromFixture([1, "inf", 0.1, 4], [2, 2], "float32", true);
 * assert.ok(String(t) === "tensor([[1.0000,    inf],\n        [0.1000, 4.0000]], requires_grad=True)");
 * ```
 */
export function fromFixture(
  values: readonly FixtureValue[],
  shape: readonly number[],
  dtype: DType,
  requiresGrad = false,
): Tensor {
  const t = tensor(Float64Array.from(values, decode), { dtype }).reshape(shape.slice());
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}

/** Tolerances for comparing with PyTorch. */
export interface Tolerance {
  /** Relative tolerance. */
  rtol: number;
  /** Absolute tolerance. */
  atol: number;
}

/**
 * The tolerance used against PyTorch for a dtype. float64: 1e-12 relative (plus 1e-12
 * absolute, for sums that cancel). float32: descent computes elementwise math in float64 and
 * rounds once, and accumulates reductions in float64, while PyTorch computes in float32; a few
 * ulp (float32 ulp is 2^-23 ≈ 1.2e-7 relative) of difference is expected, so 2e-6 relative
 * plus 2e-6 absolute (values in the fixtures are of order 1). Second derivatives chain several
 * float32 roundings on PyTorch's side, so `order` 2 allows 1e-5 in float32.
 *
 * @param dtype The dtype.
 * @param order 1 for values and first derivatives, 2 for second derivatives.
 * @returns `{ rtol, atol }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toleranceFor } from "./fixtures.ts";
 * assert.ok(toleranceFor("float64").rtol === 1e-12);
 * ```
 */
export function toleranceFor(dtype: DType, order: 1 | 2 = 1): Tolerance {
  if (dtype !== "float32" && dtype !== "float64") return { rtol: 0, atol: 0 }; // exact
  if (dtype === "float64") return { rtol: 1e-12, atol: 1e-12 };
  return order === 1 ? { rtol: 2e-6, atol: 2e-6 } : { rtol: 1e-5, atol: 1e-5 };
}

/**
 * Compares a tensor with expected fixture values: same shape, and every element within the
 * tolerance (NaN matches NaN, infinities must be equal).
 *
 * @param actual The descent result.
 * @param expected Flat row-major expected values.
 * @param shape The expected shape.
 * @param tol The tolerance.
 * @returns `null` when they match, else a description of the first mismatch.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mismatch, toleranceFor } from "./fixtures.ts";
 * import { tensor } from "@descent/tensor";
 * const tol = toleranceFor("float32");
 * assert.ok(mismatch(tensor([1, NaN]), [1.000001, "nan"], [2], tol) === null);
 * assert.ok(mismatch(tensor([1, 2]), [1, 2.1], [2], tol)!.startsWith("element 1"));
 * ```
 */
export function mismatch(
  actual: Tensor,
  expected: readonly FixtureValue[],
  shape: readonly number[],
  tol: Tolerance,
): string | null {
  if (actual.shape.length !== shape.length || actual.shape.some((s, i) => s !== shape[i])) {
    return `shape [${actual.shape.join(", ")}], expected [${shape.join(", ")}]`;
  }
  const a = actual.detach().contiguous().toTypedArray();
  if (a.length !== expected.length) return `${a.length} values, expected ${expected.length}`;
  for (let i = 0; i < a.length; i++) {
    const e = decode(expected[i]);
    const x = a[i];
    if (x === e) continue;
    if (Number.isNaN(e) && Number.isNaN(x)) continue;
    if (
      Number.isFinite(e) && Number.isFinite(x) &&
      Math.abs(x - e) <= tol.atol + tol.rtol * Math.abs(e)
    ) {
      continue;
    }
    return `element ${i}: ${x}, expected ${e} (|diff| ${Math.abs(x - e)})`;
  }
  return null;
}

/** One result as a PyTorch 2.x generator recorded it (`linalg/`, `shape/`). */
export interface RecordedOutput {
  shape: number[];
  values: FixtureValue[];
  gradFn: string | null;
  repr: string;
}

/**
 * Compares float64 results with recorded ones: values, `gradFn` name and printed form.
 *
 * @param outs The results.
 * @param want The recorded results, in the same order.
 * @returns `null` when all match, else what differs first.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outputsMismatch } from "./fixtures.ts";
 * import { tensor } from "@descent/tensor";
 * const t = tensor([1], { dtype: "float64" });
 * const repr = "tensor([1.], dtype=torch.float64)";
 * assert.equal(outputsMismatch([t], [{ shape: [1], values: [1], gradFn: null, repr }]), null);
 * ```
 */
export function outputsMismatch(
  outs: readonly Tensor[],
  want: readonly RecordedOutput[],
): string | null {
  if (outs.length !== want.length) return `${outs.length} outputs, expected ${want.length}`;
  for (let k = 0; k < outs.length; k++) {
    const [o, w] = [outs[k], want[k]];
    const bad = mismatch(o, w.values, w.shape, toleranceFor("float64"));
    if (bad !== null) return `output ${k}: ${bad}`;
    const name = o.gradFn?.name() ?? null;
    if (name !== w.gradFn) return `output ${k}: gradFn ${name}, expected ${w.gradFn}`;
    if (String(o) !== w.repr) return `output ${k}: printed ${String(o)}, expected ${w.repr}`;
  }
  return null;
}

/**
 * A program a PyTorch 2.x generator ran (`shape/`, `indexing/`): its float64 inputs, what it gave,
 * and the gradients of the inputs for random cotangents.
 */
export interface RecordedCase {
  name: string;
  inputs: { shape: number[]; values: FixtureValue[] }[];
  outputs: RecordedOutput[];
  cotangents: FixtureValue[][];
  grads: (FixtureValue[] | null)[];
}

/**
 * Runs a recorded case's program in descent on leaves of the recorded inputs, and compares the
 * outputs (values, `gradFn`, printed form) and the inputs' gradients (an unused input's being
 * zeros on both sides).
 *
 * @param c The recorded case.
 * @param program descent's program: inputs to outputs.
 * @returns `null` when all match, else what differs first.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordedCaseMismatch } from "./fixtures.ts";
 * const c = {
 *   name: "double",
 *   inputs: [{ shape: [1], values: [3] }],
 *   outputs: [{ shape: [1], values: [6], gradFn: "MulBackward0", repr: "tensor([6.], dtype=torch.float64, grad_fn=<MulBackward0>)" }],
 *   cotangents: [[1]],
 *   grads: [[2]],
 * };
 * assert.equal(recordedCaseMismatch(c, ([x]) => [x.mul(2)]), null);
 * ```
 */
export function recordedCaseMismatch(
  c: RecordedCase,
  program: (inputs: Tensor[]) => Tensor[],
): string | null {
  const ins = c.inputs.map((i) => fromFixture(i.values, i.shape, "float64", true));
  const outs = program(ins);
  const bad = outputsMismatch(outs, c.outputs);
  if (bad !== null) return bad;
  const seeds = c.cotangents.map((v, k) => fromFixture(v, outs[k].shape, "float64"));
  const gs = grad(outs, ins, { gradOutputs: seeds, allowUnused: true });
  for (let k = 0; k < gs.length; k++) {
    const t = ins[k];
    const zeros = new Array<number>(t.numel()).fill(0);
    const got = gs[k] ?? fromFixture(zeros, t.shape, "float64");
    const m = mismatch(got, c.grads[k] ?? zeros, t.shape, toleranceFor("float64"));
    if (m !== null) return `grad ${k}: ${m}`;
  }
  return null;
}

/** An error a PyTorch 2.x generator recorded (`shape/`, `indexing/`), with descent's class for it. */
export interface RecordedError {
  name: string;
  /** PyTorch's class (`RuntimeError`, `IndexError`, …). */
  torchType: string;
  /** descent's class: `RangeError`, `TypeError` or `Error`. */
  type: string;
  /** PyTorch's text, up to its C++ traceback. */
  message: string;
}

/**
 * Runs a misuse and compares what it throws with a recorded PyTorch error: the text (PyTorch's,
 * spelled as descent spells API names, {@linkcode spell}; descent may add to it) and the class.
 *
 * @param e The recorded error.
 * @param program descent's misuse.
 * @returns `null` when both match, else what differs.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorMismatch } from "./fixtures.ts";
 * const e = { name: "x", torchType: "TypeError", type: "TypeError", message: "not a function" };
 * assert.equal(errorMismatch(e, () => (0 as unknown as () => void)()), null);
 * ```
 */
export function errorMismatch(e: RecordedError, program: () => unknown): string | null {
  const thrown = errorOf(program);
  if (thrown === null) return `${e.name}: nothing was thrown`;
  const expected = spell(e.message);
  if (!thrown.message.includes(expected)) {
    return `${e.name}:\n  got:      ${thrown.message}\n  expected: ${expected}`;
  }
  if (thrown.constructor.name !== e.type) {
    return `${e.name}: ${thrown.constructor.name}, expected ${e.type} (PyTorch: ${e.torchType})`;
  }
  return null;
}

/**
 * Registers a family's tests of PyTorch's error texts: one that the fixture's errors and
 * `programs` name the same misuses, and one per error that descent's error matches PyTorch's
 * ({@linkcode errorMismatch}). Call it at a test module's top level.
 *
 * @param family The family's name in the tests' names, e.g. `"shape (2.x)"`.
 * @param errors The fixture's errors.
 * @param programs descent's misuse for each error, by the error's name.
 */
export function errorTests(
  family: string,
  errors: readonly RecordedError[],
  programs: Record<string, () => unknown>,
): void {
  Deno.test(`${family}: every fixture error has a descent program, and vice versa`, () => {
    assert.deepEqual(errors.map((e) => e.name).sort(), Object.keys(programs).sort());
  });
  for (const e of errors) {
    Deno.test(`${family}: ${e.name} — PyTorch's words`, () => {
      assert.equal(errorMismatch(e, programs[e.name]), null);
    });
  }
}

/**
 * What a program throws (a test then compares it with PyTorch's error).
 *
 * @param program The misuse.
 * @returns The error, or `null` when nothing was thrown.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorOf } from "./fixtures.ts";
 * assert.equal(errorOf(() => JSON.parse("{"))?.name, "SyntaxError");
 * assert.equal(errorOf(() => 1), null);
 * ```
 */
export function errorOf(program: () => unknown): Error | null {
  try {
    program();
  } catch (e) {
    return e as Error;
  }
  return null;
}

/**
 * descent's spelling of the Python API names that PyTorch's messages contain (issue 9, item 19):
 * users search for PyTorch's words, and a TypeScript user must be able to act on the message as
 * written, so `Specify retain_graph=True` reads `Specify retainGraph: true`. Each pair replaces
 * one Python spelling with descent's; {@linkcode spell} applies them all to PyTorch's text and
 * changes nothing else, so a test that compares `spell(pytorchText)` proves the rest of the
 * message is PyTorch's. errors_test.ts fails on a pair that no fixture message contains.
 */
export const DESCENT_SPELLING: readonly (readonly [pytorch: string, descent: string])[] = [
  ["retain_graph=True", "retainGraph: true"], // ERR_BACKWARD_TWICE
  ["create_graph=True", "createGraph: true"], // backward(createGraph) warning
  ["allow_unused=True", "allowUnused: true"], // grad() with an unused input
  [".retain_grad() on the non-leaf", ".retainGrad() on the non-leaf"], // non-leaf .grad warning
  ["retain_grad on Tensor", "retainGrad() on Tensor"],
  ["requires_grad=False", "requiresGrad: false"],
  ["requires_grad flags", "requiresGrad flags"],
  ["var_no_grad = var.detach()", "varNoGrad = var.detach()"],
  ["does not have a grad_fn", "does not have a gradFn"],
  ["parameters to None", "parameters to null"], // backward(createGraph) warning
  ["different than None", "different than null"], // a custom backward's gradient for a number
  ["Variable or None (got int)", "Variable or null (got number)"], // … that is not a tensor
  // ---- indexing (issue 11) ----
  ["None and long or byte Variables", "null and long or byte Variables"], // t[1.5]
  ["integers or None or have an __index__ method", "integers or null"], // slice(1.5)
  ["created in no_grad mode", "created in noGrad mode"], // in-place on a view made in noGrad
  ["inside the no_grad block", "inside the noGrad callback"],
  // ---- end indexing ----
];

/**
 * A PyTorch message as descent words it: {@linkcode DESCENT_SPELLING} applied.
 *
 * @param message PyTorch's text.
 * @returns descent's text.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spell } from "./fixtures.ts";
 * assert.equal(spell("Specify retain_graph=True if"), "Specify retainGraph: true if");
 * ```
 */
export function spell(message: string): string {
  let out = message;
  for (const [pytorch, descent] of DESCENT_SPELLING) out = out.replaceAll(pytorch, descent);
  return out;
}
