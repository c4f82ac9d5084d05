import assert from "node:assert/strict";
import { backward, ERR_BACKWARD_TWICE, grad, noGrad } from "./mod.ts";
import { add, exp, mul, Scalar } from "./testdata/scalar.ts";

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
    { message: "element 0 of tensors does not require grad and does not have a grad_fn" },
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
    /can't retain_grad on Tensor that has requires_grad=False/,
  );
});

Deno.test("leaf rules: requiresGrad on non-leaves, detach_", () => {
  const x = new Scalar(1, true);
  const y = mul(x, x);
  assert.equal(y.isLeaf, false);
  assert.throws(() => (y.requiresGrad = false), /If you want to use a computed variable/);
  assert.throws(() => (y.requiresGrad = true), {
    message: "you can only change requires_grad flags of leaf variables.",
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
