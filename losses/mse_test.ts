import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import { mseLoss } from "@descent/losses";
import { floatTensor, gradcheck, manualSeed, randLike, randn, tensor } from "@descent/tensor";

const f64 = { dtype: "float64" as const, requiresGrad: true };

Deno.test("mseLoss: PyTorch's example values, grads and node name", () => {
  const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
  const y = tensor([[0, 0], [1, 1]], { dtype: "float32" });
  const mean = mseLoss(x, y);
  assert.equal(String(mean), "tensor(4.5000, grad_fn=<MseLossBackward0>)");
  mean.backward();
  assert.deepEqual(x.grad!.toList(), [[0.5, 1], [1, 1.5]]);
  x.grad = null;
  const sum = mseLoss(x, y, { reduction: "sum" });
  assert.equal(sum.item(), 18);
  sum.backward();
  assert.deepEqual(x.grad!.toList(), [[2, 4], [4, 6]]);
  const none = mseLoss(x, y, { reduction: "none" });
  assert.deepEqual(none.toList(), [[1, 4], [4, 9]]);
  assert.equal(none.gradFn!.name(), "MseLossBackward0");
});

Deno.test("mseLoss: gradient w.r.t. target (the tutorial's mseLoss(y, pred))", () => {
  const y = tensor([[1, 2], [3, 4]], { dtype: "float32" });
  const pred = tensor([[0, 0], [1, 1]], { dtype: "float32", requiresGrad: true });
  mseLoss(y, pred).backward();
  assert.deepEqual(pred.grad!.toList(), [[-0.5, -1], [-1, -1.5]]);
});

Deno.test("mseLoss: gradcheck and second derivatives, every reduction", () => {
  for (const reduction of ["mean", "sum", "none"] as const) {
    const a = randn([2, 3], f64);
    const b = randn([2, 3], f64);
    assert.ok(gradcheck((p, q) => mseLoss(p, q, { reduction }), [a, b]));
    // d²/da² of sum((a-b)²) is 2 per element: check via createGraph.
    const [ga] = grad(mseLoss(a, b, { reduction: "sum" }), a, { createGraph: true });
    const [gga] = grad(ga!.sum(), a);
    assert.deepEqual(gga!.toList(), [[2, 2, 2], [2, 2, 2]]);
  }
});

Deno.test("mseLoss: bad reduction", () => {
  const a = tensor([1], { dtype: "float32" });
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => mseLoss(a, a, { reduction: "avg" as any }),
    /^TypeError: avg is not a valid value for reduction$/,
  );
});

Deno.test("float32 mean is PyTorch's: the float32 sum divided by n (seed 0 tutorial start)", () => {
  const y = floatTensor([[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]]);
  manualSeed(0);
  const pred = randLike(y);
  // torch.manual_seed(0); F.mse_loss(y, torch.rand_like(y)).item() with PyTorch 1.13
  assert.equal(mseLoss(y, pred).item(), 0.09839121252298355);
});

Deno.test("mixed dtypes: each input gets a gradient of its own dtype", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const t = tensor([0, 0], { dtype: "float64", requiresGrad: true });
  mseLoss(x, t).backward();
  assert.equal(x.grad!.dtype, "float32");
  assert.equal(t.grad!.dtype, "float64");
  assert.deepEqual(x.grad!.toList(), [1, 2]);
  assert.deepEqual(t.grad!.toList(), [-1, -2]);
});
