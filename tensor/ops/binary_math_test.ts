import assert from "node:assert/strict";
import {
  assertClose,
  atan2,
  copysign,
  gradcheck,
  gradgradcheck,
  hypot,
  logaddexp,
  manualSeed,
  rand,
  randn,
  type Tensor,
  tensor,
  xlogy,
} from "@descent/tensor";
import { grad } from "@descent/autograd";

const f64 = { dtype: "float64", requiresGrad: true } as const;
const SHAPE_PAIRS: [number[], number[]][] = [
  [[3], [3]],
  [[2, 3], [3]],
  [[2, 1], [1, 3]],
  [[], [2, 2]],
  [[4, 1, 3], [2, 1]],
];

function pos(shape: number[]): Tensor {
  return rand(shape, { dtype: "float64" }).add(0.5).requiresGrad_();
}

Deno.test("binary math: gradcheck and gradgradcheck in float64, broadcasting", () => {
  manualSeed(51);
  for (const [sa, sb] of SHAPE_PAIRS) {
    const a = randn(sa, f64);
    const b = randn(sb, f64);
    for (const f of [atan2, logaddexp, hypot]) {
      assert.ok(gradcheck(f, [a, b]), `${f.name} ${sa} ${sb}`);
      assert.ok(gradgradcheck(f, [a, b]), `${f.name} ${sa} ${sb}`);
    }
    const nz = a.detach().abs().add(0.5).requiresGrad_();
    assert.ok(gradcheck(copysign, [nz, b]));
    assert.ok(gradgradcheck(copysign, [nz, b]));
    assert.ok(gradcheck(xlogy, [a, pos(sb)]));
    assert.ok(gradgradcheck(xlogy, [a, pos(sb)]));
  }
  const x = pos([2, 3]);
  assert.ok(gradcheck((t: Tensor) => xlogy(2.5, t), [x]));
  assert.ok(gradgradcheck((t: Tensor) => xlogy(t, 3), [x]));
  assert.ok(gradcheck((t: Tensor) => copysign(t, -1), [x]));
});

Deno.test("binary math: values against derived math", () => {
  const y = tensor([1, 1, -1, -1, 0, -0], { dtype: "float64" });
  const x = tensor([1, -1, 1, -1, -1, -1], { dtype: "float64" });
  assertClose(
    atan2(y, x),
    tensor([0.25, 0.75, -0.25, -0.75, 1, -1], { dtype: "float64" }).mul(Math.PI),
  );
  const big = tensor([1000, -1000, 0], { dtype: "float64" });
  assert.deepEqual(logaddexp(big, big).toList(), [1000 + Math.LN2, -1000 + Math.LN2, Math.LN2]);
  assert.deepEqual(
    hypot(tensor([3e200], { dtype: "float64" }), tensor([4e200], { dtype: "float64" })).toList(),
    [4.9999999999999995e200], // glibc's hypot too
  );
  assert.deepEqual(hypot(tensor([3e30]), tensor([4e30])).toList(), [Math.fround(5e30)]);
  assert.deepEqual(xlogy(tensor([0, 0, 2]), tensor([0, NaN, 1])).toList(), [0, NaN, 0]);
});

Deno.test("copysign: the sign bit, -0 and NaN's included", () => {
  const a = tensor([1, 2, 3, 4], { dtype: "float64" });
  const nanNeg = new Float64Array([Infinity]).map((v) => v - v)[0]; // x86's default NaN: negative
  const b = tensor([-0, 0, NaN, -1], { dtype: "float64" });
  assert.deepEqual(copysign(a, b).toList(), [-1, 2, 3, -4]);
  // a NaN's sign bit counts, as C's copysign reads it (x86's default NaN, from 0 · -∞, is
  // negative; PyTorch gives -1 there too)
  const produced = tensor([0], { dtype: "float64" }).mul(-Infinity);
  const bits = new DataView(produced.toTypedArray().buffer.slice(0, 8)).getUint8(7) >> 7;
  assert.equal(copysign(tensor([5], { dtype: "float64" }), produced).item(), bits ? -5 : 5);
  assert.equal(Math.abs(copysign(tensor([5], { dtype: "float64" }), nanNeg).item()), 5);
  // the gradient: sign agreement, 0 at 0, none (zeros) for the signs
  const x = tensor([2, -3, 0], { dtype: "float64", requiresGrad: true });
  const s = tensor([-1, -1, -1], { dtype: "float64", requiresGrad: true });
  const [gx, gs] = grad(copysign(x, s).sum(), [x, s]);
  assert.deepEqual(gx!.toList(), [-1, 1, 0]);
  assert.deepEqual(gs!.toList(), [0, 0, 0]);
  assert.equal(copysign(x, -1).gradFn!.name(), "CopysignBackward1");
  assert.equal(copysign(x, s).gradFn!.name(), "CopysignBackward0");
});

Deno.test("xlogy: the gradient of a is 0 where a = 0 and b <= 0, as PyTorch's", () => {
  const a = tensor([0, 0, 1], { dtype: "float64", requiresGrad: true });
  const b = tensor([0, -1, 2], { dtype: "float64", requiresGrad: true });
  const [ga, gb] = grad(xlogy(a, b).sum(), [a, b]);
  assert.deepEqual(ga!.toList(), [0, 0, Math.LN2]);
  assert.deepEqual(gb!.toList(), [NaN, -0, 0.5]);
  assert.equal(xlogy(a, b).gradFn!.name(), "XlogyBackward0");
  assert.equal(xlogy(2, b).gradFn!.name(), "XlogyBackward1");
  assert.equal(xlogy(a, 2).gradFn!.name(), "XlogyBackward2");
  const [g0] = grad(xlogy(a, -1).sum(), [a]);
  assert.deepEqual(g0!.toList(), [0, 0, NaN]);
});

Deno.test("binary math: dtypes and PyTorch's errors", () => {
  const i = tensor([1, 2]);
  assert.equal(atan2(i, i).dtype, "float32");
  assert.equal(copysign(i, -1).dtype, "float32");
  assert.equal(xlogy(i, 2).dtype, "float32");
  assert.equal(atan2(i, tensor([1, 2], { dtype: "float64" })).dtype, "float64");
  assert.equal(logaddexp(i, tensor([1, 2], { dtype: "float32" })).dtype, "float32");
  assert.throws(() => logaddexp(i, i), {
    name: "TypeError",
    message: `"logaddexp_cpu" not implemented for 'Long'`,
  });
  assert.throws(() => hypot(tensor([1], { dtype: "int32" }), tensor([1], { dtype: "uint8" })), {
    message: `"hypot_cpu" not implemented for 'Int'`,
  });
  assert.throws(() => atan2(i, 2 as unknown as Tensor), {
    name: "TypeError",
    message: "atan2(): argument 'other' (position 2) must be Tensor, not int",
  });
  assert.throws(() => hypot(i, 2.5 as unknown as Tensor), {
    message: "hypot(): argument 'other' (position 2) must be Tensor, not float",
  });
  const a = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  assert.throws(() => atan2(a, tensor([1, 2], { dtype: "float32" })), {
    name: "RangeError",
    message:
      "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0",
  });
  assert.equal(a.grad, null);
  assert.equal(a.version, 0);
});
