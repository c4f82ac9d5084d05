import assert from "node:assert/strict";
import { AutogradFunction, type FunctionCtx } from "@descent/autograd";
import {
  allclose,
  assertClose,
  AssertionError,
  gradcheck,
  GradcheckError,
  gradgradcheck,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";

Deno.test("allclose: tolerances, broadcasting, NaN", () => {
  assert.ok(allclose(tensor([1, 2], { dtype: "float32" }), tensor([1, 2 + 1e-6])));
  assert.ok(!allclose(tensor([1, 2], { dtype: "float32" }), tensor([1, 2.1])));
  assert.ok(allclose(tensor([[1, 1]], { dtype: "float32" }), tensor([1], { dtype: "float32" })));
  assert.ok(!allclose(tensor([NaN]), tensor([NaN])));
  assert.ok(allclose(tensor([NaN]), tensor([NaN]), { equalNan: true }));
  assert.ok(
    allclose(tensor([100], { dtype: "float32" }), tensor([101], { dtype: "float32" }), {
      rtol: 0.01,
    }),
  );
});

Deno.test("assertClose names the worst element and checks shape and dtype", () => {
  assertClose(tensor([1, 2, 3], { dtype: "float32" }), [1, 2, 3]);
  assert.throws(
    () => assertClose(tensor([1, 2, 3], { dtype: "float32" }), [1, 2.5, 3]),
    (e: Error) => {
      assert.ok(e instanceof AssertionError);
      assert.match(e.message, /^Tensor-likes are not close!/);
      assert.match(e.message, /Mismatched elements: 1 \/ 3 \(33\.3%\)/);
      assert.match(e.message, /Greatest absolute difference: 0\.5 at index \(1,\)/);
      return true;
    },
  );
  assert.throws(
    () => assertClose(tensor([1, 2], { dtype: "float32" }), [1, 2, 3]),
    /'shape' do not match: torch.Size\(\[2\]\) != torch.Size\(\[3\]\)/,
  );
  assert.throws(
    () => assertClose(tensor([1], { dtype: "float32" }), tensor([1], { dtype: "float64" })),
    /'dtype' do not match/,
  );
  assert.throws(
    () => assertClose(tensor([[0, 1], [2, 3]], { dtype: "float32" }), [[0, 1], [2, 4]]),
    /at index \(1, 1\)/,
  );
});

class BrokenExp extends AutogradFunction {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [y] = ctx.savedTensors as Tensor[];
    return g.mul(y).mul(1.01); // deliberately wrong by 1%
  }
}

Deno.test("gradcheck passes correct derivatives and catches a broken one", () => {
  manualSeed(14);
  const x = randn([3], { dtype: "float64", requiresGrad: true });
  assert.ok(gradcheck((t: Tensor) => t.exp(), [x]));
  assert.throws(
    () => gradcheck((t: Tensor) => BrokenExp.apply(t), [x]),
    (e: Error) =>
      e instanceof GradcheckError &&
      /^Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor\(/.test(
        e.message,
      ),
  );
  assert.equal(gradcheck((t: Tensor) => BrokenExp.apply(t), [x], { raiseException: false }), false);
});

Deno.test("gradgradcheck checks second derivatives", () => {
  manualSeed(15);
  const x = randn([2, 3], { dtype: "float64", requiresGrad: true });
  const w = randn([3, 2], { dtype: "float64", requiresGrad: true });
  assert.ok(gradgradcheck((a: Tensor, b: Tensor) => a.matmul(b).tanh(), [x, w]));
  assert.ok(gradgradcheck((a: Tensor) => a.sigmoid().mul(a.exp()).sum(1), [x]));
  // the second derivative goes through BrokenExp's backward again and compounds its error
  assert.throws(() => gradgradcheck((a: Tensor) => BrokenExp.apply(a), [x]), GradcheckError);
});

Deno.test("gradcheck and gradgradcheck refuse async functions and non-tensor outputs", () => {
  const x = tensor([1, 2], { dtype: "float64", requiresGrad: true });
  for (
    const [check, api] of [[gradcheck, "gradcheck()"], [gradgradcheck, "gradgradcheck()"]] as const
  ) {
    assert.throws(() => check((() => 3) as never, [x]), {
      name: "TypeError",
      message: `${api}: fn must return a Tensor or a list of Tensors, got number`,
    });
    assert.throws(() => check((t: Tensor) => [t.mul(2), null] as never, [x]), {
      name: "TypeError",
      message: `${api}: fn must return a Tensor or a list of Tensors, got null`,
    });
    assert.throws(() => check((async (t: Tensor) => await t) as never, [x]), {
      name: "TypeError",
      message: new RegExp(`^${api.replace(/[()]/g, "\\$&")} expects a synchronous function`),
    });
    const p = Promise.resolve(x);
    assert.throws(() => check((() => p) as never, [x]), {
      name: "TypeError",
      message: new RegExp(`^${api.replace(/[()]/g, "\\$&")}: the callback returned a Promise`),
    });
  }
});
