import assert from "node:assert/strict";
import {
  assertClose,
  erf,
  erfc,
  erfinv,
  exp2,
  expm1,
  log10,
  log1p,
  log2,
  manualSeed,
  randn,
  rsqrt,
  tensor,
} from "@descent/tensor";
import { checkInDomains } from "./testdata/unary_domains.ts";

const f64 = { dtype: "float64" } as const;

Deno.test("exp/log/erf: gradcheck and gradgradcheck in float64, inside each domain", () => {
  manualSeed(41);
  checkInDomains([
    [log1p, -0.9, 3],
    [expm1, -3, 3],
    [exp2, -3, 3],
    [log2, 0.2, 4],
    [log10, 0.2, 4],
    [rsqrt, 0.2, 4],
    [erf, -3, 3],
    [erfc, -3, 3],
    [erfinv, -0.95, 0.95],
  ]);
});

Deno.test("exp/log/erf: identities and accuracy where the naive formula cancels", () => {
  manualSeed(42);
  const x = randn([8], f64);
  assertClose(erfinv(erf(x.mul(0.5))), x.mul(0.5));
  assertClose(erf(x).add(erfc(x)), tensor(new Array(8).fill(1), f64));
  assertClose(log2(exp2(x)), x);
  assertClose(log1p(expm1(x)), x);
  assertClose(rsqrt(x.abs()).square().reciprocal(), x.abs());
  assertClose(log10(tensor([1000, 0.01], f64)), tensor([3, -2], f64));
  // tiny arguments keep their digits (exp(x) - 1 and log(1 + x) would not)
  assert.deepEqual(expm1(tensor([1e-10], f64)).toList(), [1.00000000005e-10]);
  assert.deepEqual(log1p(tensor([1e-10], f64)).toList(), [9.999999999500001e-11]);
  const tail = erfc(tensor([10], f64)).item(); // PyTorch: 2.088487583762545e-45, an ulp apart
  assert.ok(Math.abs(tail / 2.088487583762545e-45 - 1) < 4e-16, String(tail));
});

Deno.test("exp/log/erf: edge values as C's libm (and PyTorch) give them", () => {
  const e = tensor([0, -0, Infinity, -Infinity, NaN], f64);
  assert.deepEqual(erf(e).toList(), [0, -0, 1, -1, NaN]);
  assert.deepEqual(erfc(e).toList(), [1, 1, 0, 2, NaN]);
  assert.deepEqual(expm1(e).toList(), [0, -0, Infinity, -1, NaN]);
  assert.deepEqual(log1p(tensor([-1, -2, -0], f64)).toList(), [-Infinity, NaN, -0]);
  assert.deepEqual(rsqrt(tensor([0, -0, -1, Infinity], f64)).toList(), [
    Infinity,
    -Infinity,
    NaN,
    0,
  ]);
  assert.deepEqual(erfinv(tensor([1, -1, 0, -0, 1.5], f64)).toList(), [
    Infinity,
    -Infinity,
    0,
    -0,
    NaN,
  ]);
  assert.deepEqual(exp2(tensor([1024, -1075, 10], f64)).toList(), [Infinity, 0, 1024]);
  // float32: exp2 overflows float32 at 128; rsqrt divides by the float32 root
  assert.deepEqual(exp2(tensor([128], { dtype: "float32" })).toList(), [Infinity]);
  assert.equal(
    rsqrt(tensor([3], { dtype: "float32" })).item(),
    Math.fround(1 / Math.fround(Math.sqrt(3))),
  );
});

Deno.test("exp/log/erf: erfinv keeps its digits near ±1, as PyTorch 2.x's (1.13 lost them)", () => {
  // PyTorch 2.13: torch.erfinv(torch.tensor([0.9999])) = 2.751035451889038 (1.13: 2.7510657…),
  // and in float64 at 1 - 1e-15: 5.675915739744713 (1.13: 3e11 ulp away)
  assert.equal(erfinv(tensor([0.9999], { dtype: "float32" })).item(), 2.751035451889038);
  assert.equal(erfinv(tensor([0.9999], f64)).item(), 2.75106390571208);
  const y = erfinv(tensor([0.999999999999999, -0.999999999999999], f64)).toList() as number[];
  assert.ok(Math.abs(y[0] - 5.675915739744713) <= 2 * 8.9e-16, String(y[0]));
  assert.equal(y[1], -y[0]);
});

Deno.test("exp/log/erf: integer and bool tensors give float32; node names", () => {
  assert.equal(String(log2(tensor([1, 8]))), "tensor([0., 3.])");
  assert.equal(String(erf(tensor([true, false]))), "tensor([0.8427, 0.0000])");
  const x = tensor([0.5], { dtype: "float32", requiresGrad: true });
  const names = [log1p, expm1, exp2, log2, log10, rsqrt, erf, erfc, erfinv].map((f) =>
    f(x).gradFn!.name()
  );
  assert.deepEqual(names, [
    "Log1PBackward0",
    "Expm1Backward0",
    "Exp2Backward0",
    "Log2Backward0",
    "Log10Backward0",
    "RsqrtBackward0",
    "ErfBackward0",
    "ErfcBackward0",
    "ErfinvBackward0",
  ]);
});
