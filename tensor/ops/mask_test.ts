import assert from "node:assert/strict";
import {
  argwhere,
  floatTensor,
  gradcheck,
  gradgradcheck,
  manualSeed,
  maskedFill,
  maskedScatter,
  maskedSelect,
  nonzero,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("maskedFill, maskedSelect, maskedScatter: values and broadcasting", () => {
  const x = floatTensor([[1, -2], [-3, 4]]);
  assert.deepEqual(maskedFill(x, x.lt(0), 0).toList(), [[1, 0], [0, 4]]);
  assert.deepEqual(x.maskedFill(tensor([true, false]), floatTensor(9)).toList(), [[9, -2], [9, 4]]);
  // out of place, the tensor broadcasts to the mask too
  assert.deepEqual(
    floatTensor([1, 2]).maskedFill(tensor([[true, false], [false, false]]), 0).toList(),
    [
      [0, 2],
      [1, 2],
    ],
  );
  assert.deepEqual(maskedSelect(x, x.gt(0)).toList(), [1, 4]);
  assert.deepEqual(x.maskedSelect(tensor([false, true])).toList(), [-2, 4]);
  const s = maskedScatter(
    zeros([2, 2]),
    tensor([[false, true], [true, true]]),
    floatTensor([5, 6, 7, 8]),
  );
  assert.deepEqual(s.toList(), [[0, 5], [6, 7]]);
  const y = zeros([3]);
  y.maskedFill_(tensor([true, false, true]), 2).maskedScatter_(
    tensor([false, true, false]),
    floatTensor([4]),
  );
  assert.deepEqual(y.toList(), [2, 4, 2]);
});

Deno.test("nonzero and argwhere: positions in row-major order (NaN is non-zero)", () => {
  const x = floatTensor([[0, NaN], [-0, 2]]);
  assert.equal(String(nonzero(x)), "tensor([[0, 1],\n        [1, 1]])");
  assert.deepEqual(x.nonzero({ asTuple: true }).map((t) => t.toList()), [[0, 1], [1, 1]]);
  assert.deepEqual(argwhere(tensor([true, false, true])).toList(), [[0], [2]]);
  assert.deepEqual(floatTensor(3).nonzero().shape, [1, 0]);
  assert.deepEqual(floatTensor(0).nonzero({ asTuple: true }).map((t) => t.shape), [[0]]);
  assert.equal(nonzero(x).dtype, "int64");
});

Deno.test("masked ops: gradients, first and second order", () => {
  manualSeed(80);
  const a = randn([3, 4], f64);
  const m = a.detach().gt(0);
  assert.ok(gradcheck((t: Tensor) => t.maskedFill(m, 0.5), [a]));
  assert.ok(gradcheck((t: Tensor, v: Tensor) => t.maskedFill(m, v), [a, randn([], f64)]));
  assert.ok(
    gradgradcheck((t: Tensor, v: Tensor) => t.maskedFill(m, v.mul(v)).pow(2), [a, randn([], f64)]),
  );
  assert.ok(gradcheck((t: Tensor) => t.maskedSelect(tensor([true, false, true, true])), [a]));
  assert.ok(gradgradcheck((t: Tensor) => t.maskedSelect(m).pow(2), [a]));
  const s = randn([13], f64);
  assert.ok(gradcheck((t: Tensor, u: Tensor) => t.maskedScatter(m, u), [a, s]));
  assert.ok(gradgradcheck((t: Tensor, u: Tensor) => t.maskedScatter(m, u.mul(u)), [a, s]));
  const inPlace = (t: Tensor, u: Tensor) => {
    const c = t.mul(1);
    c.index(0).maskedFill_(tensor([true, false, false, true]), 1);
    c.maskedScatter_(m, u);
    return c;
  };
  assert.ok(gradcheck(inPlace, [a, s]));
});

Deno.test("masked errors change nothing", () => {
  const x = zeros([3]);
  const before = [x.version, String(x)];
  assert.throws(() => x.maskedFill_(zeros([3]), 1), {
    name: "TypeError",
    message: "masked_fill_ only supports boolean masks, but got mask with dtype float",
  });
  assert.throws(() => x.maskedScatter_(tensor([true, true, true]), floatTensor([1])), {
    name: "RangeError",
    message: "Number of elements of source < number of ones in mask",
  });
  assert.throws(
    () => x.maskedFill_(tensor([[true, false, true]]), 1),
    /doesn't match the broadcast shape/,
  );
  assert.deepEqual([x.version, String(x)], before);
});
