/**
 * Which public names of `@descent/tensor` the op table checks against PyTorch, and the reasoned
 * exemptions for the rest. `coverage_test.ts` lists every export and every `Tensor` member at
 * run time and fails on one that is neither covered nor exempt; `AllCovered` below makes the
 * same omission a type error, so `deno check` names it first.
 *
 * @module
 */

import { type ApiName, type OpFn, type OpKey, OPS } from "./ops/op_table.ts";

/** `Tensor`'s symbol-keyed members, spelled as `publicNames` lists them. */
export type SymbolMember =
  | "Tensor[Symbol(Deno.customInspect)]"
  | "Tensor[Symbol(nodejs.util.inspect.custom)]"
  | "Tensor[Symbol(Jupyter.display)]";

const autograd = "autograd state and plumbing, checked against PyTorch's scenarios and errors " +
  "in conformance/autograd_test.ts and conformance/errors_test.ts";
const random = "the seeded mt19937 stream and its state, checked bit for bit against PyTorch " +
  "by tensor/generator_test.ts and tensor/box_muller_test.ts (conformance/random)";
const randomSampler = "a sampler on the seeded stream: values, dtypes, node names and errors " +
  "after manualSeed(0) against PyTorch 2.x in conformance/dtypes_test.ts (dtypes/fixtures.json)";
const printing = "printing, checked byte for byte against PyTorch by tensor/format_test.ts " +
  "(conformance/format/fixtures.json) and by every op case's printed result";
const accessor = "reads a property, not an op: tensor/tensor_test.ts";
const dtypes =
  "dtype arithmetic, not an op: every pair of dtypes (and tensor×number, tensor×0-d) " +
  "against PyTorch's result_type and promote_types, and casts of every value class, in " +
  "conformance/dtypes_test.ts (conformance/dtypes/fixtures.json)";
const display = "rich display in notebooks, no PyTorch op (text/plain is the printed form): " +
  "tensor/display_test.ts";

/**
 * Public names that need no op-table entry, each with the reason and where it is checked
 * instead.
 */
export const EXEMPT = {
  empty: "uninitialised values (PyTorch's are arbitrary too); shape and dtype in " +
    "tensor/create_test.ts",
  rand: random,
  randn: random,
  randLike: random,
  randnLike: random,
  manualSeed: random,
  randint: randomSampler,
  randperm: randomSampler,
  bernoulli: randomSampler,
  "Tensor.bernoulli_": randomSampler,
  "Tensor.random_": randomSampler,
  initialSeed: random,
  Generator: random,
  defaultGenerator: random,
  getRngState: random,
  setRngState: random,
  pyFormat: printing,
  "Tensor.toString": printing,
  "Tensor[Symbol(Deno.customInspect)]": printing,
  "Tensor[Symbol(nodejs.util.inspect.custom)]": printing,
  "Tensor[Symbol(Jupyter.display)]": display,
  displayTensor: display,
  lineChart: display,
  LineChart: display,
  broadcastShapes: "shape arithmetic behind every broadcasting case; against a reference loop " +
    "in conformance/property_test.ts",
  allclose: "testing helper returning a boolean (torch.allclose): tensor/testing_test.ts, " +
    "errors in conformance/errors_test.ts",
  assertClose: "testing helper (torch.testing.assert_close): tensor/testing_test.ts",
  gradcheck: "testing helper (torch.autograd.gradcheck): tensor/testing_test.ts, " +
    "conformance/errors_test.ts",
  gradgradcheck: "testing helper (torch.autograd.gradgradcheck): tensor/testing_test.ts",
  AssertionError: "the error class of assertClose: tensor/testing_test.ts",
  GradcheckError: "the error class of gradcheck: conformance/errors_test.ts",
  Tensor: "the class itself; its members are listed one by one",
  "Tensor.shape": accessor,
  "Tensor.dtype": accessor,
  "Tensor.ndim": accessor,
  "Tensor.dim": accessor,
  "Tensor.numel": accessor,
  "Tensor.size": accessor,
  "Tensor.stride": accessor,
  "Tensor.type": accessor,
  "Tensor.isContiguous": accessor,
  "Tensor.item": accessor,
  "Tensor.toList": accessor,
  "Tensor.toTypedArray": accessor,
  "Tensor.toJSON": "plain JSON data, no PyTorch op: tensor/json_test.ts (every dtype, exact " +
    "round trips through tensor(json))",
  "Tensor.version": autograd,
  "Tensor.backward": autograd,
  "Tensor.gradFn": autograd,
  "Tensor.isLeaf": autograd,
  "Tensor.requiresGrad": autograd,
  "Tensor.requiresGrad_": autograd,
  "Tensor.retainsGrad": autograd,
  "Tensor.retainGrad": autograd,
  "Tensor.grad": autograd,
  "Tensor.detach_": autograd,
  "Tensor.registerHook": autograd,
  "Tensor.registerPostAccumulateGradHook": autograd,
  DTYPES: dtypes,
  isFloatingDType: dtypes,
  promoteTypes: dtypes,
  resultType: dtypes,
  castValue: dtypes,
  "linalg.LinAlgError": "the error class of the linalg ops: conformance/errors_test.ts " +
    "(singular and not positive-definite input, by PyTorch's text)",
  // ---- indexing (issue 11) ----
  slice: "an index item (Python's slice), not an op: every `index`/`indexPut_` case with a " +
    "slice (op table), and tensor/ops/indexing_test.ts",
  ellipsis: "an index item (Python's `...`), not an op: the `index` cases with `...`",
  // ---- end indexing ----
} as const satisfies { readonly [K in ApiName | SymbolMember]?: string };

/** The public names the op table's entries call (type level). */
type Covered = {
  [K in OpKey]: (typeof OPS)[K]["descent"] extends OpFn ? never : keyof (typeof OPS)[K]["descent"];
}[OpKey];

/** Fails to type-check, naming them, while some public names are neither covered nor exempt. */
type NoneUncovered<T extends never> = T;

/**
 * Compiles only when every public name is covered by the op table or exempt. On an error like
 * `Type '"sinh" | "Tensor.sinh"' does not satisfy the constraint 'never'`, add an entry calling
 * them to `OPS` in conformance/ops/op_table.ts (or an exemption here).
 */
export type AllCovered = NoneUncovered<Exclude<ApiName, Covered | keyof typeof EXEMPT>>;

/**
 * Every public name of a module like `@descent/tensor`: its exports, the members of an exported
 * namespace (`export * as linalg`) as `"linalg.<name>"` in place of the namespace itself, and
 * the members of its `Tensor` (prototype chain and instance attributes) as `"Tensor.<name>"`;
 * `_`-prefixed internals and `constructor` aside.
 */
export function publicNames(mod: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(mod)) {
    const isNamespace = typeof value === "object" && value !== null &&
      (value as Record<symbol, unknown>)[Symbol.toStringTag] === "Module";
    if (isNamespace) names.push(...Object.keys(value).map((k) => `${name}.${k}`));
    else names.push(name);
  }
  const T = mod.Tensor as
    & { prototype: object }
    & (new (data: Float32Array, shape: number[]) => object);
  const members = new Set<string>();
  const add = (key: string | symbol): void => {
    const name = typeof key === "symbol" ? `[${String(key)}]` : `.${key}`;
    if (key !== "constructor" && !name.startsWith("._")) members.add(`Tensor${name}`);
  };
  for (let p = T.prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    Reflect.ownKeys(p).forEach(add);
  }
  Object.keys(new T(new Float32Array(1), [1])).forEach(add);
  return [...names, ...members];
}

/** The public names the op table's entries call (run time). */
export function coveredNames(): Set<string> {
  const covered = new Set<string>();
  for (const entry of Object.values(OPS)) {
    if (typeof entry.descent !== "function") {
      Object.keys(entry.descent).forEach((k) => covered.add(k));
    }
  }
  return covered;
}

/**
 * What is wrong with the coverage of `names`: a name neither `covered` nor exempt, and an
 * exemption or a covered name that is not public (a stale or misspelt one).
 */
export function coverageProblems(
  names: readonly string[],
  covered: ReadonlySet<string>,
  exempt: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  const isPublic = new Set(names);
  for (const name of names) {
    if (covered.has(name) || name in exempt) continue;
    problems.push(
      `${name} has no PyTorch conformance case: add an entry calling it to OPS in ` +
        "conformance/ops/op_table.ts, with cases at the end of CASES, and run " +
        "/usr/bin/python3 conformance/ops/generate.py (or exempt it, with the reason, in " +
        "EXEMPT in conformance/coverage.ts)",
    );
  }
  for (const name of Object.keys(exempt)) {
    if (!isPublic.has(name)) problems.push(`EXEMPT lists ${name}, which is not public`);
  }
  for (const name of covered) {
    if (!isPublic.has(name)) problems.push(`the op table calls ${name}, which is not public`);
  }
  return problems;
}
