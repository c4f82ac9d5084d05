import assert from "node:assert/strict";
import { Function, type FunctionCtx } from "@descent/autograd";
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
  assert.ok(allclose(tensor([1, 2]), tensor([1, 2 + 1e-6])));
  assert.ok(!allclose(tensor([1, 2]), tensor([1, 2.1])));
  assert.ok(allclose(tensor([[1, 1]]), tensor([1])));
  assert.ok(!allclose(tensor([NaN]), tensor([NaN])));
  assert.ok(allclose(tensor([NaN]), tensor([NaN]), { equalNan: true }));
  assert.ok(allclose(tensor([100]), tensor([101]), { rtol: 0.01 }));
});

Deno.test("assertClose names the worst element and checks shape and dtype", () => {
  assertClose(tensor([1, 2, 3]), [1, 2, 3]);
  assert.throws(() => assertClose(tensor([1, 2, 3]), [1, 2.5, 3]), (e: Error) => {
    assert.ok(e instanceof AssertionError);
    assert.match(e.message, /^Tensor-likes are not close!/);
    assert.match(e.message, /Mismatched elements: 1 \/ 3 \(33\.3%\)/);
    assert.match(e.message, /Greatest absolute difference: 0\.5 at index \(1,\)/);
    return true;
  });
  assert.throws(
    () => assertClose(tensor([1, 2]), [1, 2, 3]),
    /'shape' do not match: torch.Size\(\[2\]\) != torch.Size\(\[3\]\)/,
  );
  assert.throws(
    () => assertClose(tensor([1]), tensor([1], { dtype: "float64" })),
    /'dtype' do not match/,
  );
  assert.throws(() => assertClose(tensor([[0, 1], [2, 3]]), [[0, 1], [2, 4]]), /at index \(1, 1\)/);
});

class BrokenExp extends Function {
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
