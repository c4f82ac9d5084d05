import assert from "node:assert/strict";
import {
  backward,
  enableGrad,
  ERR_BACKWARD_TWICE,
  grad,
  isGradEnabled,
  Node,
  noGrad,
  type Variable,
} from "./mod.ts";
import { add, edgeReads, exp, mul, Scalar } from "./testdata/scalar.ts";

Deno.test("backward accumulates into leaves only, across calls", () => {
  const x = new Scalar(3, true);
  const y = mul(x, x); // 2x = 6
  backward(y, null, { retainGraph: true });
  assert.equal(x.grad!.value, 6);
  backward(y);
  assert.equal(x.grad!.value, 12);
  assert.equal(y.grad, null);
});

Deno.test("shared subgraphs sum their gradients (x*x + x)", () => {
  const x = new Scalar(2, true);
  const y = add(mul(x, x), x);
  backward(y);
  assert.equal(x.grad!.value, 5);
  // The same AccumulateGrad node is used for every use of x.
  const fns = y.gradFn!.nextFunctions;
  assert.equal(fns[0][0]!.name(), "MulBackward0");
  assert.equal(fns[1][0]!.name(), "AccumulateGrad");
  assert.equal(fns[0][0]!.nextFunctions[0][0], fns[1][0]);
});

Deno.test("second backward through freed saved values throws PyTorch's error", () => {
  const x = new Scalar(1, true);
  const y = exp(x);
  backward(y);
  assert.throws(() => backward(y), { message: ERR_BACKWARD_TWICE });
  // add saves nothing: a second backward succeeds and accumulates
  const z = add(x, x);
  backward(z);
  backward(z);
});

Deno.test("in-place change of a saved output names it", () => {
  const x = new Scalar(1, true);
  const y = exp(x);
  y.addInPlace(1);
  assert.throws(() => backward(y), {
    message:
      "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor []], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
  });
});

Deno.test("a chain of 100,000 ops backpropagates without recursion", () => {
  const x = new Scalar(1, true);
  let y = x;
  for (let i = 0; i < 100_000; i++) y = add(y, new Scalar(0));
  backward(y);
  assert.equal(x.grad!.value, 1);
});

Deno.test("grad() returns gradients without touching .grad, and supports higher order", () => {
  const x = new Scalar(2, true);
  const y = mul(mul(x, x), x); // x^3
  const [g] = grad(y, x, { createGraph: true });
  assert.equal(g!.value, 12);
  assert.equal(x.grad, null);
  const [gg] = grad(g!, x);
  assert.equal(gg!.value, 12); // 6x
});

Deno.test("grad() unused inputs: error, or null with allowUnused", () => {
  const x = new Scalar(2, true);
  const z = new Scalar(5, true);
  const y = mul(x, x);
  assert.throws(() => grad(y, [x, z], { retainGraph: true }), /appears to not have been used/);
  const [gx, gz] = grad(y, [x, z], { allowUnused: true });
  assert.equal(gx!.value, 4);
  assert.equal(gz, null);
  assert.throws(() => grad(y, new Scalar(1)), /does not require grad/);
});

Deno.test("grad() with respect to a non-leaf", () => {
  const x = new Scalar(2, true);
  const h = mul(x, x);
  const y = mul(h, h); // dy/dh = 2h = 8
  const [gh] = grad(y, h);
  assert.equal(gh!.value, 8);
});

Deno.test("errors of roots", () => {
  assert.throws(
    () => backward(new Scalar(1)),
    { message: "element 0 of tensors does not require grad and does not have a gradFn" },
  );
  const x = new Scalar(1, true);
  assert.throws(() => backward(mul(x, x), null, { inputs: [] }), /cannot be empty/);
});

Deno.test("backward(inputs) accumulates only into the listed values", () => {
  const x = new Scalar(2, true);
  const w = new Scalar(3, true);
  backward(mul(x, w), null, { inputs: [w] });
  assert.equal(w.grad!.value, 2);
  assert.equal(x.grad, null);
});

Deno.test("hooks replace gradients, run in order, and can be removed", () => {
  const x = new Scalar(1, true);
  const y = mul(x, new Scalar(2));
  const seen: number[] = [];
  y.registerHook((g) => {
    seen.push(g.value);
    return new Scalar(g.value * 10);
  });
  const h = x.registerHook((g) => void seen.push(g.value));
  backward(y);
  assert.deepEqual(seen, [1, 20]);
  assert.equal(x.grad!.value, 20);
  h.remove();
  x.grad = null;
  backward(mul(x, new Scalar(2)));
  assert.deepEqual(seen, [1, 20]);
  assert.throws(
    () => new Scalar(1).registerHook(() => {}),
    /cannot register a hook on a tensor that doesn't require gradient/,
  );
});

Deno.test("retainGrad keeps a non-leaf's grad; the retained grad sees hooks (2.x order)", () => {
  const x = new Scalar(1, true);
  const y = mul(x, new Scalar(3));
  y.retainGrad();
  y.registerHook((g) => new Scalar(g.value * 100));
  assert.equal(y.retainsGrad, true);
  backward(y);
  assert.equal(y.grad!.value, 100);
  assert.equal(x.grad!.value, 300);
  x.retainGrad(); // no-op on a leaf
  assert.equal(x.retainsGrad, false);
  assert.throws(
    () => new Scalar(1).retainGrad(),
    /can't retainGrad\(\) on Tensor that has requiresGrad: false/,
  );
});

Deno.test("leaf rules: requiresGrad on non-leaves, detach_", () => {
  const x = new Scalar(1, true);
  const y = mul(x, x);
  assert.equal(y.isLeaf, false);
  assert.throws(() => (y.requiresGrad = false), /If you want to use a computed variable/);
  assert.throws(() => (y.requiresGrad = true), {
    message: "you can only change requiresGrad flags of leaf variables.",
  });
  y.requiresGrad_(true); // allowed no-op
  y.detach_();
  assert.equal(y.isLeaf, true);
  assert.equal(y.requiresGrad, false);
  assert.equal(y.gradFn, null);
});

Deno.test("noGrad records nothing", () => {
  const x = new Scalar(1, true);
  const y = noGrad(() => mul(x, x));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.isLeaf, true);
});

Deno.test("post-accumulate-grad hooks run after .grad is updated", () => {
  const x = new Scalar(2, true);
  const seen: number[] = [];
  x.registerPostAccumulateGradHook((p) => void seen.push(p.grad!.value));
  backward(mul(x, x));
  assert.deepEqual(seen, [4]);
});

// ---- issue 9, item 17: grad(), backward({ inputs }) and double backward are linear ----

/** Every node reachable from `root`'s node (reads each node's edges once). */
function graphSize(root: Scalar): number {
  const seen = new Set<unknown>([root.gradFn]);
  const stack = [root.gradFn!];
  while (stack.length > 0) {
    for (const m of stack.pop()!._nextNodes) {
      if (m !== null && !seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
    }
  }
  return seen.size;
}

/** A running sum `s = v_i + s` of a chain `v_i = v_{i-1} * 1`: 2n nodes. */
function runningSum(n: number): { x: Scalar; s: Scalar } {
  const x = new Scalar(1, true);
  let v = x;
  let s = new Scalar(0);
  for (let i = 0; i < n; i++) {
    v = mul(v, new Scalar(1));
    s = add(v, s);
  }
  return { x, s };
}

Deno.test("grad() through a 20,000-step chain reads each node's edges a few times", () => {
  // The old "needed" pass swept the graph once per level for this shape: 10,000 reads per
  // node at n = 20,000. One post-order pass reads each node's edges a bounded number of times
  // (here 5: counting dependencies, two or three in the post-order pass, running the node).
  const n = 20_000;
  const { x, s } = runningSum(n);
  const nodes = graphSize(s);
  edgeReads.count = 0;
  const [g] = grad(s, x, { retainGraph: true });
  assert.equal(g!.value, n);
  assert.ok(edgeReads.count <= 6 * nodes, `${edgeReads.count} edge reads for ${nodes} nodes`);
  edgeReads.count = 0;
  backward(s, null, { inputs: [x] });
  assert.equal(x.grad!.value, n);
  assert.ok(edgeReads.count <= 6 * nodes, `${edgeReads.count} edge reads for ${nodes} nodes`);
});

Deno.test("double backward at depth 4,000 reads each node's edges a few times", () => {
  const depth = 4_000;
  const x = new Scalar(0.001, true);
  let y = x;
  for (let i = 0; i < depth; i++) y = exp(mul(y, new Scalar(0.001)));
  const [g] = grad(y, x, { createGraph: true });
  const nodes = graphSize(g!);
  edgeReads.count = 0;
  const [gg] = grad(g!, x);
  assert.ok(Number.isFinite(gg!.value));
  assert.ok(edgeReads.count <= 6 * nodes, `${edgeReads.count} edge reads for ${nodes} nodes`);
});

// ---- every node's outputs are validated (issue 10, section 2) ----

/** A node whose backward returns what the test says, named like a built-in. */
class RawNode extends Node {
  constructor(inputs: Scalar[], readonly result: (g: Variable) => unknown) {
    super(inputs);
  }
  name(): string {
    return "RawBackward0";
  }
  apply(grads: (Variable | null)[]): (Variable | null)[] {
    return this.result(grads[0]!) as (Variable | null)[];
  }
}

function rawOp(inputs: Scalar[], result: (g: Variable) => unknown): Scalar {
  const out = new Scalar(1);
  out._setGradFn(new RawNode(inputs, result));
  return out;
}

/** A float32 scalar whose cast cannot produce float32: a gradient type that cannot be cast. */
class Scalar32 extends Scalar {
  override _typeName(): string {
    return "torch.FloatTensor";
  }
}

Deno.test("a built-in node returning the wrong number of gradients is an error naming it", () => {
  const x = new Scalar(1, true);
  assert.throws(() => backward(rawOp([x], (g) => [g, g])), {
    message:
      "Function RawBackward0 returned an invalid number of gradients - expected 1, but got 2",
  });
  assert.throws(() => backward(rawOp([x], () => 3)), {
    message:
      "Function RawBackward0 returned an invalid number of gradients - expected 1, but got a number",
  });
  assert.throws(() => backward(rawOp([x], () => [3])), {
    name: "TypeError",
    message:
      "Function RawBackward0 returned an invalid gradient at index 0 - expected a Tensor or null, got number",
  });
  assert.equal(x.grad, null, "nothing was accumulated");
  assert.equal(x._gradAccumulator()._task, null, "the failed walk left no state on the nodes");
});

Deno.test("a gradient whose dtype cannot be cast to its input's is an error naming the node", () => {
  const x = new Scalar32(1, true);
  assert.throws(() => backward(rawOp([x], () => [new Scalar(1)])), {
    name: "TypeError",
    message:
      "Function RawBackward0 returned an invalid gradient at index 0 - expected dtype torch.FloatTensor but got torch.DoubleTensor",
  });
});

// ---- issue 9, items 13, 14, 18 ----

Deno.test("a seed that requires grad is copied into .grad, without its graph", () => {
  const x = new Scalar(2, true);
  const seed = new Scalar(5, true);
  backward(mul(x, new Scalar(1)), seed);
  assert.notEqual(x.grad, seed);
  assert.equal(x.grad!.value, 5);
  assert.equal(x.grad!.requiresGrad, false);
  const leaf = new Scalar(2, true);
  backward(leaf, seed);
  assert.notEqual(leaf.grad, seed);
  assert.equal(leaf.grad!.requiresGrad, false);
});

Deno.test("createGraph: accumulation makes a new value even when no gradient has a graph", () => {
  const x = new Scalar(2, true);
  backward(mul(x, new Scalar(3)));
  const first = x.grad!;
  const warn = console.warn;
  console.warn = () => {};
  try {
    backward(mul(x, new Scalar(3)), null, { createGraph: true });
  } finally {
    console.warn = warn;
  }
  assert.notEqual(x.grad, first, "grad mode decides: out of place under createGraph");
  assert.equal(first.value, 3, "the old .grad is unchanged");
  assert.equal(x.grad!.value, 6);
});

Deno.test("a post-accumulate-grad hook that returns a value is an error", () => {
  const x = new Scalar(2, true);
  x.registerPostAccumulateGradHook((p) => p.grad);
  assert.throws(() => backward(mul(x, x)), {
    message: "Tensor post accumulate grad hooks should return undefined.",
  });
});

Deno.test("grad() requires inputs", () => {
  const x = new Scalar(2, true);
  assert.throws(() => grad(mul(x, x), []), {
    name: "TypeError",
    message: "grad requires non-empty inputs.",
  });
});

Deno.test("a backward inside a hook (re-entrant) leaves the outer walk intact", () => {
  const x = new Scalar(3, true);
  const y = mul(x, x); // dy/dx = 6
  const z = mul(y, new Scalar(2));
  let inner: number | null = null;
  // The hook runs while the outer walk has claimed x's AccumulateGrad; the inner walk
  // shares that node.
  y.registerHook((g) => {
    inner = enableGrad(() => grad(mul(x, new Scalar(5)), x))[0]!.value; // hooks run in noGrad
    return g;
  });
  backward(z);
  assert.equal(inner, 5);
  assert.equal(x.grad!.value, 12);
  assert.equal(x._gradAccumulator()._task, null);
});

// ---- issue 9, item 15: callbacks are synchronous ----

Deno.test("async callbacks are refused with a TypeError, never run half outside", async () => {
  assert.throws(() => noGrad(async () => await 1), {
    name: "TypeError",
    message: /^noGrad\(\) expects a synchronous function, got an async function: /,
  });
  assert.throws(() => enableGrad(async function* () {}), TypeError);
  const p = Promise.resolve(1);
  assert.throws(() => noGrad(() => p), {
    name: "TypeError",
    message: /^noGrad\(\): the callback returned a Promise; /,
  });
  assert.equal(isGradEnabled(), true, "grad mode is restored");
  await p;
  const x = new Scalar(1, true);
  assert.throws(() => x.registerHook((async (g: Scalar) => await g) as never), TypeError);
  assert.throws(() => x.registerPostAccumulateGradHook(async () => {}), TypeError);
  const y = mul(x, new Scalar(2));
  y.registerHook(() => Promise.resolve(null) as never);
  assert.throws(() => backward(y), {
    name: "TypeError",
    message: /^hook 'hook': the callback returned a Promise; /,
  });
});
