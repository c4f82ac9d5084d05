import assert from "node:assert/strict";
import { isfinite, isinf, isnan, nanToNum, tensor } from "@descent/tensor";
import { grad } from "@descent/autograd";

Deno.test("isnan/isinf/isfinite: bool results, no gradient, integers are finite", () => {
  const x = tensor([0, -0, Infinity, -Infinity, NaN, 1e-40], {
    dtype: "float32",
    requiresGrad: true,
  });
  const [F, T] = [false, true];
  assert.deepEqual(isnan(x).toList(), [F, F, F, F, T, F]);
  assert.deepEqual(isinf(x).toList(), [F, F, T, T, F, F]);
  assert.deepEqual(x.isfinite().toList(), [T, T, F, F, F, T]);
  assert.equal(isnan(x).requiresGrad, false);
  assert.equal(isnan(x).gradFn, null);
  assert.deepEqual(isinf(tensor([1, 2])).toList(), [F, F]);
  assert.deepEqual(isfinite(tensor([true])).toList(), [T]);
  assert.deepEqual(isnan(x.reshape(2, 3).t()).toList(), [[F, F], [F, T], [F, F]]);
});

Deno.test("nanToNum: defaults are 0 and the dtype's extremes; the gradient passes where finite", () => {
  const x = tensor([NaN, Infinity, -Infinity, 2], { dtype: "float64", requiresGrad: true });
  assert.deepEqual(nanToNum(x).toList(), [0, Number.MAX_VALUE, -Number.MAX_VALUE, 2]);
  assert.deepEqual(nanToNum(x, { nan: 1, posinf: null, neginf: -5 }).toList(), [
    1,
    Number.MAX_VALUE,
    -5,
    2,
  ]);
  assert.deepEqual(nanToNum(tensor([Infinity])).toList(), [3.4028234663852886e38]);
  // a replacement beyond float32's range rounds to infinity, as PyTorch's cast
  assert.deepEqual(nanToNum(tensor([NaN]), { nan: 1e40 }).toList(), [Infinity]);
  const y = x.nanToNum();
  assert.equal(y.gradFn!.name(), "NanToNumBackward0");
  const [g] = grad(y, [x], { gradOutputs: [tensor([1, 2, 3, NaN], { dtype: "float64" })] });
  assert.deepEqual(g!.toList(), [0, 0, 0, NaN]);
  const i = tensor([1, -2]);
  assert.equal(String(nanToNum(i, { nan: 1.5 })), "tensor([ 1, -2])");
});
