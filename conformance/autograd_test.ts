/**
 * Autograd scenarios against PyTorch (conformance/ops/fixtures.json, "scenarios"): the same
 * programs as in conformance/ops/generate.py, compared by printed form or values.
 */

import assert from "node:assert/strict";
import fx from "./ops/fixtures.json" with { type: "json" };
import { AutogradFunction, type FunctionCtx, grad, noGrad } from "@descent/autograd";
import { type Tensor, tensor } from "@descent/tensor";
import { type FixtureValue, mismatch, toleranceFor } from "./fixtures.ts";

// deno-lint-ignore no-explicit-any
const sc = (fx as any).scenarios as Record<string, Record<string, any>>;

const str = (t: Tensor | null): string | null => (t === null ? null : String(t));

function assertValues(t: Tensor, expected: FixtureValue[], what: string): void {
  const m = mismatch(t, expected, t.shape, toleranceFor(t.dtype));
  assert.equal(m, null, `${what}: ${m}`);
}

Deno.test("autograd: grad() with allowUnused gives null for the unused input", (): void => {
  const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const y = tensor([4, 5], { dtype: "float32", requiresGrad: true });
  const [gx, gy] = grad(x.mul(x).sum(), [x, y], { allowUnused: true });
  assert.deepEqual([str(gx), str(gy)], sc.grad_allow_unused.grads);
  assert.equal(x.grad, null, "grad() never accumulates into .grad");
});

Deno.test("autograd: higher order through createGraph prints like PyTorch", (): void => {
  const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const [g] = grad(x.pow(3).sum(), x, { createGraph: true });
  assert.equal(String(g), sc.grad_create_graph.g);
  const [gg] = grad(g!.sum(), x);
  assert.equal(String(gg), sc.grad_create_graph.gg);
});

Deno.test("autograd: third derivative of sin in float64", (): void => {
  const x = tensor([0.5, -1], { dtype: "float64", requiresGrad: true });
  const [g1] = grad(x.sin().sum(), x, { createGraph: true });
  const [g2] = grad(g1!.sum(), x, { createGraph: true });
  const [g3] = grad(g2!.sum(), x);
  [g1, g2, g3].forEach((g, i) => assertValues(g!, sc.third_order_sin.values[i], `order ${i + 1}`));
});

Deno.test("autograd: several outputs with gradOutputs, several inputs", (): void => {
  const a = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
  const b = tensor([0.5, -1], { requiresGrad: true });
  const o1 = a.mul(b);
  const o2 = a.sum(0).exp();
  const [ga, gb] = grad([o1, o2], [a, b], {
    gradOutputs: [
      tensor([[1, 0], [2, 1]], { dtype: "float32" }),
      tensor([1, -1], { dtype: "float32" }),
    ],
  });
  assertValues(ga!, sc.grad_multi.ga, "ga");
  assertValues(gb!, sc.grad_multi.gb, "gb");
});

Deno.test("autograd: backward(inputs) accumulates only into the listed tensors", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const w = tensor([3, 4], { dtype: "float32", requiresGrad: true });
  x.mul(w).sum().backward(null, { inputs: [w] });
  assert.equal(str(x.grad), sc.backward_inputs.x_grad);
  assert.equal(str(w.grad), sc.backward_inputs.w_grad);
});

Deno.test("autograd: backward twice with retainGraph accumulates", (): void => {
  const t = tensor(2, { dtype: "float32", requiresGrad: true });
  const y = t.pow(3);
  y.backward(null, { retainGraph: true });
  y.backward();
  assert.equal(String(t.grad), sc.backward_twice_retain.grad);
});

Deno.test("autograd: backward twice through a graph that saved nothing works", (): void => {
  const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const z = x.add(1).sum();
  z.backward();
  z.backward();
  assert.equal(String(x.grad), sc.backward_twice_no_saved.grad);
});

Deno.test("autograd: broadcast grads are summed back to each input's shape", (): void => {
  const a = tensor([[1, 1, 1], [1, 1, 1]], { dtype: "float32", requiresGrad: true });
  const b = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const c = tensor([[1], [2]], { dtype: "float32", requiresGrad: true });
  const s = tensor(2, { dtype: "float32", requiresGrad: true });
  a.mul(b).mul(c).mul(s).sum().backward();
  const got = { a: String(a.grad), b: String(b.grad), c: String(c.grad), s: String(s.grad) };
  assert.deepEqual(got, sc.broadcast_grads);
});

Deno.test("autograd: a hook's return value replaces the gradient", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.mul(2);
  y.registerHook((g) => g.mul(10));
  y.sum().backward();
  assert.equal(String(x.grad), sc.hook_replaces.x_grad);
});

Deno.test("autograd: retainGrad sees the hook's result (2.x order, #85849)", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.mul(3);
  y.retainGrad();
  y.registerHook((g) => g.mul(100));
  y.sum().backward();
  assert.equal(String(y.grad), sc.retain_grad_then_hook.y_grad);
  assert.equal(String(x.grad), sc.retain_grad_then_hook.x_grad);
});

Deno.test("autograd: backward(createGraph) makes .grad differentiable", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const seen: unknown[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]): void => void seen.push(a);
  try {
    x.pow(2).sum().backward(null, { createGraph: true });
  } finally {
    console.warn = warn;
  }
  assert.equal(seen.length, 1, "the create_graph warning");
  assert.equal(x.grad!.requiresGrad, sc.backward_create_graph.requires_grad);
  assertValues(x.grad!, sc.backward_create_graph.values, "x.grad");
});

Deno.test("autograd: retainGrad keeps a non-leaf's grad", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.exp();
  y.retainGrad();
  y.mul(y).sum().backward();
  assertValues(y.grad!, sc.retain_grad.y_grad, "y.grad");
  assertValues(x.grad!, sc.retain_grad.x_grad, "x.grad");
});

Deno.test("autograd: detach() aliases storage and version; detach_() makes a leaf", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.exp();
  y.detach().add_(1);
  assert.equal(String(y), sc.detach_alias.y);
  assert.equal(y.version, sc.detach_alias.version);
  const z = x.mul(2);
  z.detach_();
  assert.deepEqual(
    { y: String(z), is_leaf: z.isLeaf, requires_grad: z.requiresGrad },
    sc.detach_,
  );
});

Deno.test("autograd: noGrad results are leaves that do not require grad", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = noGrad(() => x.mul(2));
  assert.deepEqual({ y: String(y), is_leaf: y.isLeaf, requires_grad: y.requiresGrad }, sc.no_grad);
});

Deno.test("autograd: in-place on a non-leaf rebases its history", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.mul(2);
  y.add_(1);
  y.sum().backward();
  assert.deepEqual({ y: String(y), x_grad: String(x.grad) }, sc.inplace_nonleaf);
});

Deno.test("autograd: nextFunctions of (x*w + 1).sum()", (): void => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const w = tensor([3, 4], { dtype: "float32" });
  const s = x.mul(w).add(1).sum();
  const edges = (n: { nextFunctions: readonly (readonly [{ name(): string } | null, number])[] }) =>
    n.nextFunctions.map(([m, nr]) => [m === null ? null : m.name(), nr]);
  const add = s.gradFn!.nextFunctions[0][0]!;
  const mul = add.nextFunctions[0][0]!;
  assert.deepEqual(
    { sum: edges(s.gradFn!), add: edges(add), mul: edges(mul) },
    sc.next_functions,
  );
});

/** Runs `fn` with console.warn silenced (the createGraph warning is tested elsewhere). */
function quietly(fn: () => void): void {
  const warn = console.warn;
  console.warn = (): void => {};
  try {
    fn();
  } finally {
    console.warn = warn;
  }
}

Deno.test("autograd: a Function returning its input gives a new view; x stays a leaf", () => {
  class Identity extends AutogradFunction {
    static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
      return x;
    }
    static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
      return g;
    }
  }
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = Identity.apply(x);
  const f = sc.function_returns_input;
  assert.equal(y === x, f.y_is_x);
  assert.equal(x.isLeaf, f.x_is_leaf);
  y.sum().backward();
  assert.equal(String(y), f.y);
  assert.equal(String(x.grad), f.x_grad);
  // y._base is x in PyTorch: y shares x's storage and version counter
  assert.ok(f.y_base_is_x);
  noGrad(() => x.add_(1));
  assert.deepEqual(y.detach().toList(), [2, 3]);
  assert.equal(y.version, x.version);
});

Deno.test("autograd: gradients reaching a leaf take its dtype; a seed is copied", () => {
  class ToDouble extends AutogradFunction {
    static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
      return x.mul(1);
    }
    static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
      return g.double();
    }
  }
  const f64 = { dtype: "float64" } as const;
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  x.backward(tensor([1, 1], f64));
  const y = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  y.mul(1).backward(tensor([1, 1], f64));
  const z = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  ToDouble.apply(z).sum().backward();
  const w = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const seed = tensor([1, 1], { dtype: "float32", requiresGrad: true });
  w.backward(seed);
  assert.deepEqual({
    leaf_seed_f64: String(x.grad),
    seed_f64: String(y.grad),
    function_f64: String(z.grad),
    seed_requires_grad: String(w.grad),
    grad_is_seed: w.grad === seed,
  }, sc.grad_dtype_and_seed);
});

Deno.test("autograd: createGraph copies the first .grad and replaces a later one", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  quietly(() => x.pow(2).sum().backward(null, { createGraph: true }));
  const copyEdges = x.grad!.gradFn!.nextFunctions.map(([n, nr]) => [n && n.name(), nr]);
  const v = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  v.mul(2).sum().backward();
  const g0 = v.grad!;
  quietly(() => v.mul(2).sum().backward(null, { createGraph: true }));
  assert.deepEqual({
    first: String(x.grad),
    copy_next_functions: copyEdges,
    same_object: v.grad === g0,
    old: String(g0),
    new: String(v.grad),
  }, sc.create_graph_grad);
});

Deno.test("autograd: backward({ inputs }) makes a non-leaf input retain its grad", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.add(3);
  y.mul(y).sum().backward(null, { inputs: [y] });
  const first = { y_grad: String(y.grad), retains_grad: y.retainsGrad, x_grad: str(x.grad) };
  y.mul(2).sum().backward();
  assert.deepEqual({
    ...first,
    y_grad_after_backward: String(y.grad),
    x_grad_after_backward: String(x.grad),
  }, sc.backward_inputs_non_leaf);
});
