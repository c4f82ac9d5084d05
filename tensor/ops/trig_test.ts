import assert from "node:assert/strict";
import {
  acos,
  acosh,
  asin,
  asinh,
  assertClose,
  atan,
  atanh,
  cosh,
  manualSeed,
  randn,
  sinh,
  tan,
  type Tensor,
  tensor,
} from "@descent/tensor";
import { checkInDomains } from "./testdata/unary_domains.ts";

const f64 = { dtype: "float64" } as const;

Deno.test("trig: gradcheck and gradgradcheck in float64, inside each domain", () => {
  manualSeed(31);
  checkInDomains([
    [tan, -1.2, 1.2],
    [asin, -0.9, 0.9],
    [acos, -0.9, 0.9],
    [atan, -3, 3],
    [sinh, -3, 3],
    [cosh, -3, 3],
    [asinh, -3, 3],
    [acosh, 1.1, 4],
    [atanh, -0.9, 0.9],
  ]);
});

Deno.test("trig: inverses undo their functions; identities hold", () => {
  manualSeed(32);
  const x = randn([6], f64).mul(0.5);
  assertClose(atan(tan(x)), x);
  assertClose(asin(x.sin()), x);
  assertClose(asinh(sinh(x)), x);
  assertClose(atanh(x.tanh()), x);
  assertClose(acosh(cosh(x.abs().add(0.1))), x.abs().add(0.1));
  assertClose(cosh(x).square().sub(sinh(x).square()), tensor([1, 1, 1, 1, 1, 1], f64));
  assertClose(acos(x).add(asin(x)), tensor(new Array(6).fill(Math.PI / 2), f64));
});

Deno.test("trig: domain ends give infinities and NaN, derivatives blow up there", () => {
  const e = tensor([1, -1, 1.5, NaN], { dtype: "float64", requiresGrad: true });
  assert.deepEqual(atanh(e).toList(), [Infinity, -Infinity, NaN, NaN]);
  assert.deepEqual(asin(e).toList(), [Math.PI / 2, -Math.PI / 2, NaN, NaN]);
  atanh(e).sum().backward();
  assert.deepEqual(e.grad!.toList(), [Infinity, Infinity, -0.8, NaN]);
  assert.deepEqual(acosh(tensor([1, 0.5, Infinity], f64)).toList(), [0, NaN, Infinity]);
  assert.deepEqual(sinh(tensor([710, -711], f64)).toList(), [1.1169973830808557e308, -Infinity]);
});

Deno.test("trig: integer and bool tensors give float32; the node names are PyTorch's", () => {
  assert.equal(String(atan(tensor([1, -1]))), "tensor([ 0.7854, -0.7854])");
  assert.equal(String(cosh(tensor([true, false]))), "tensor([1.5431, 1.0000])");
  const x = tensor([0.5], { dtype: "float32", requiresGrad: true });
  const names = [tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh].map((f) =>
    f(x).gradFn!.name()
  );
  assert.deepEqual(names, [
    "TanBackward0",
    "AsinBackward0",
    "AcosBackward0",
    "AtanBackward0",
    "SinhBackward0",
    "CoshBackward0",
    "AsinhBackward0",
    "AcoshBackward0",
    "AtanhBackward0",
  ]);
  assert.throws(() => tan(2 as unknown as Tensor), { name: "TypeError" });
});
