import assert from "node:assert/strict";
import { AutogradFunction, backward, type FunctionCtx, grad } from "@descent/autograd";
import { type Tensor, tensor, zeros } from "@descent/tensor";

function captureWarnings(fn: () => void): string[] {
  const seen: string[] = [];
  const orig = console.warn;
  console.warn = (msg: string) => void seen.push(msg);
  try {
    fn();
  } finally {
    console.warn = orig;
  }
  return seen;
}

Deno.test("the autograd walk-through: names, leaf-only grads", () => {
  const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
  const x1 = x.add(2);
  const x2 = x1.sub(1);
  const x3 = x2.mul(2);
  const y = x3.sum();
  assert.deepEqual(
    [x1, x2, x3, y].map((t) => t.gradFn!.name()),
    ["AddBackward0", "SubBackward0", "MulBackward0", "SumBackward0"],
  );
  assert.equal(String(y), "tensor(28., grad_fn=<SumBackward0>)");
  y.backward();
  assert.equal(String(x.grad), "tensor([[2., 2.],\n        [2., 2.]])");
  const grads: (Tensor | null)[] = [];
  const warnings = captureWarnings(() => {
    for (const t of [x1, x2, x3, y]) grads.push(t.grad);
  });
  assert.deepEqual(grads, [null, null, null, null]);
  // Warned once per process, in PyTorch 2.x's words (may have fired in an earlier test file).
  assert.ok(warnings.length <= 1);
  if (warnings.length === 1) {
    assert.match(
      warnings[0],
      /^UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor/,
    );
    assert.match(warnings[0], /for more information\.$/);
  }
  assert.equal(x.grad!.requiresGrad, false);
  assert.equal(x.grad!.isLeaf, true);
});

Deno.test("accessors: shape, size, stride, item, toList, toTypedArray", () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float32" });
  assert.equal(t.ndim, 2);
  assert.equal(t.dim(), 2);
  assert.equal(t.numel(), 6);
  assert.deepEqual(t.size(), [2, 3]);
  assert.equal(t.size(-1), 3);
  assert.deepEqual(t.stride(), [3, 1]);
  assert.deepEqual(t.t().stride(), [1, 3]);
  assert.equal(t.isContiguous(), true);
  assert.equal(t.t().isContiguous(), false);
  assert.equal(tensor([7], { dtype: "float32" }).item(), 7);
  assert.throws(() => t.item(), {
    name: "RangeError",
    message: /a Tensor with 6 elements cannot be converted to Scalar/,
  });
  assert.deepEqual(t.t().toList(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(Array.from(t.t().toTypedArray()), [1, 4, 2, 5, 3, 6]);
  const big = zeros([9, 9]); // 324 bytes: a buffer of its own, shared like numpy()
  assert.equal(big.toTypedArray(), big._data);
  assert.notEqual(t.toTypedArray(), t._data); // 24 bytes carved from a shared slab: a copy
  assert.throws(
    () => tensor([1], { dtype: "float32", requiresGrad: true }).toTypedArray(),
    {
      // PyTorch: "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy()
      // instead.", in descent's spelling
      message:
        "Can't call toTypedArray() on Tensor that requires grad. Use tensor.detach().toTypedArray() instead.",
    },
  );
});

Deno.test("printing via String() and Deno's inspect", () => {
  const x = tensor([[0.4731, 0.16], [0.2523, 0.2999]], { requiresGrad: true });
  const s = "tensor([[0.4731, 0.1600],\n        [0.2523, 0.2999]], requires_grad=True)";
  assert.equal(String(x), s);
  assert.equal(Deno.inspect(x), s);
  assert.equal(
    String(tensor([1, 2], { dtype: "float64", requiresGrad: true }).mul(2)),
    "tensor([2., 4.], dtype=torch.float64, grad_fn=<MulBackward0>)",
  );
  assert.equal(String(zeros([2, 0])), "tensor([], size=(2, 0))");
});

Deno.test("backward errors in PyTorch's words", () => {
  const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  assert.throws(() => x.mul(2).backward(), {
    message: "grad can be implicitly created only for scalar outputs",
  });
  assert.throws(() => tensor([1], { dtype: "float32" }).sum().backward(), {
    message: "element 0 of tensors does not require grad and does not have a gradFn",
  });
  assert.throws(() => x.mul(2).backward(tensor([1, 1], { dtype: "float32" })), {
    message:
      "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).",
  });
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), /Trying to backward through the graph a second time/);
  assert.deepEqual(x.grad!.shape, [3]);
  // shape [1] is accepted for the implicit gradient
  const z = tensor([2], { dtype: "float32", requiresGrad: true });
  z.mul(3).backward();
  assert.equal(String(z.grad), "tensor([3.])");
  // a leaf backward sets its grad to the given gradient
  const w = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  w.backward(tensor([5, 6], { dtype: "float32" }));
  assert.equal(String(w.grad), "tensor([5., 6.])");
});

Deno.test("retainGraph, accumulation, createGraph warning", () => {
  const t = tensor(2, { dtype: "float32", requiresGrad: true });
  const y = t.pow(3);
  y.backward(null, { retainGraph: true });
  y.backward();
  assert.equal(t.grad!.item(), 24);
  const x = tensor([1, 1, 1], { dtype: "float32", requiresGrad: true });
  x.add(1).sum().backward();
  x.add(1).sum().backward();
  assert.deepEqual(x.grad!.toList(), [2, 2, 2]);
  const u = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const warnings = captureWarnings(() => u.pow(2).sum().backward(null, { createGraph: true }));
  assert.ok(warnings.length <= 1);
  if (warnings.length) assert.match(warnings[0], /createGraph: true will create a reference cycle/);
  assert.equal(u.grad!.gradFn !== null, true);
  const [g2] = grad(u.grad!.sum(), u);
  assert.deepEqual(g2!.toList(), [2, 2]);
});

Deno.test("grad setter validation", () => {
  const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  assert.throws(() => (x.grad = zeros([2])), {
    name: "RangeError",
    message: /assigned grad has data of a different size/,
  });
  assert.throws(
    () => (x.grad = zeros([3], { dtype: "float64" })),
    /assigned grad has data of a different type/,
  );
  assert.throws(
    () => (x.grad = 3 as never),
    /assigned grad expected to be a Tensor or null but got grad of typenumber/,
  );
  x.grad = zeros([3]);
  assert.deepEqual(x.grad.toList(), [0, 0, 0]);
});

Deno.test("hooks on tensors: replace, order, wrong shape", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const y = x.mul(2);
  y.registerHook((g) => g.mul(10));
  y.sum().backward();
  assert.deepEqual(x.grad!.toList(), [20, 20]);
  const z = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const w = z.mul(2);
  w.registerHook(function bad() {
    return zeros([3]);
  });
  assert.throws(() => w.sum().backward(), {
    name: "RangeError",
    message: /hook 'bad' has changed the size of value/,
  });
});

class MyExp extends AutogradFunction {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [y] = ctx.savedTensors as Tensor[];
    return g.mul(y);
  }
}

class Scale extends AutogradFunction {
  static override forward(ctx: FunctionCtx, x: Tensor, b: Tensor, k: number): Tensor {
    ctx.k = k;
    ctx.flags = ctx.needsInputGrad;
    return x.mul(b).mul(k);
  }
  static override backward(ctx: FunctionCtx, g: Tensor): (Tensor | null)[] {
    return [g.mul(ctx.k as number), null, null];
  }
}

Deno.test("custom Function: apply, name, saved tensors, needsInputGrad, legacy forward", () => {
  const x = tensor([0, 1], { dtype: "float32", requiresGrad: true });
  const y = MyExp.apply(x);
  assert.equal(String(y.gradFn!.name()), "MyExpBackward");
  y.sum().backward();
  assert.equal(String(x.grad), "tensor([1.0000, 2.7183])");
  const b = tensor([1, 1], { dtype: "float32" });
  const s = Scale.apply(x, b, 2);
  s.sum().backward();
  assert.deepEqual(x.grad!.toList(), [3, Math.fround(2.7182817459106445) + 2]);
  // a backward's wrong count or shape: conformance/errors_test.ts (function_wrong_*)
  const v = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  // the saved output is version-checked
  const e = MyExp.apply(v);
  e.add_(1);
  assert.throws(() => backward(e.sum()), /output 0 of MyExpBackward, is at version 1/);
  // legacy (non-static) forward
  class Legacy extends AutogradFunction {
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(
    () => Legacy.apply(v as never),
    /Legacy autograd function with non-static forward method is deprecated/,
  );
});

Deno.test("leaf grads never alias each other or user tensors", () => {
  const a = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const b = tensor([3, 4], { dtype: "float32", requiresGrad: true });
  a.add(b).sum().backward();
  assert.notEqual(a.grad, b.grad);
  a.grad!.zero_();
  assert.deepEqual(b.grad!.toList(), [1, 1]);
  // a stolen (unshared) gradient accumulates correctly afterwards
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  x.mul(3).sum().backward();
  x.mul(3).sum().backward();
  assert.deepEqual(x.grad!.toList(), [6, 6]);
  // a gradient passed by the user is copied, not kept
  const w = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const g = tensor([1, 1], { dtype: "float32" });
  w.mul(1).backward(g);
  assert.notEqual(w.grad, g);
  w.grad!.add_(1);
  assert.deepEqual(g.toList(), [1, 1]);
  // a gradient seen by a hook on the leaf is copied before it becomes .grad
  const h = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  let seen: Tensor | null = null;
  h.registerHook((grad) => void (seen = grad));
  h.mul(2).sum().backward();
  assert.notEqual(h.grad, seen);
  h.mul(2).sum().backward();
  assert.deepEqual((seen as unknown as Tensor).toList(), [2, 2]);
  assert.deepEqual(h.grad!.toList(), [4, 4]);
});

Deno.test("PyTorch's saved wrapped numbers: a second backward through mul/div by a number fails", () => {
  const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
  const y = x.add(2).sub(1).mul(2).sum();
  y.backward();
  assert.throws(() => y.backward(), /Trying to backward through the graph a second time/);
  const z = x.div(2).sum();
  z.backward();
  assert.throws(() => z.backward(), /Trying to backward through the graph a second time/);
  // add/sub save nothing: a second backward works and accumulates
  x.grad = null;
  const w = x.add(1).sum();
  w.backward();
  w.backward();
  assert.deepEqual(x.grad!.toList(), [[2, 2], [2, 2]]);
});

Deno.test("a number operand is rounded to float32 first, as PyTorch's wrapped number", () => {
  const g = tensor([-0.047005], { dtype: "float32" });
  const v = Math.fround(-0.047005);
  assert.equal(g.mul(8.9).item(), Math.fround(v * Math.fround(8.9)));
  assert.equal(g.add(0.1).item(), Math.fround(v + Math.fround(0.1)));
  assert.equal(g.double().mul(8.9).item(), v * 8.9);
});

Deno.test("backward accepts the options first, like retain_graph=True", () => {
  const t = tensor(2, { dtype: "float32", requiresGrad: true });
  const y = t.pow(3);
  y.backward({ retainGraph: true });
  y.backward();
  assert.equal(t.grad!.item(), 24);
});

Deno.test("a gradient is cast back to its input's dtype (float32 * float64), as PyTorch's engine", () => {
  const a = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const b = tensor([3, 4], { dtype: "float64", requiresGrad: true });
  a.mul(b).sum().backward();
  assert.equal(a.grad!.dtype, "float32");
  assert.equal(b.grad!.dtype, "float64");
  assert.deepEqual(a.grad!.toList(), [3, 4]);
  const [g] = grad(a.mul(b).square().sum(), a, { createGraph: true });
  assert.equal(g!.dtype, "float32");
  assert.equal(g!.gradFn!.name(), "ToCopyBackward0");
});
