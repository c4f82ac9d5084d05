import assert from "node:assert/strict";
import {
  arange,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  repeat,
  repeatInterleave,
  type Tensor,
  tensor,
  tile,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("repeat, tile, repeatInterleave: gradcheck and gradgradcheck", () => {
  manualSeed(3);
  const x = randn([2, 3], f64);
  const fns: ((t: Tensor) => Tensor)[] = [
    (t) => repeat(t, [2, 1, 3]),
    (t) => t.repeat(1, 0),
    (t) => t.t().repeat(2, 2),
    (t) => tile(t, [2]),
    (t) => t.tile(3, 1, 1),
    (t) => repeatInterleave(t, 3),
    (t) => t.t().repeatInterleave(2, -1),
    (t) => t.repeatInterleave(tensor([2, 0, 1]), 1),
    (t) => t.repeatInterleave(tensor([1, 2, 0, 1, 1, 2])),
  ];
  for (const f of fns) {
    assert.ok(gradcheck(f, [x]), String(f));
    assert.ok(gradgradcheck(f, [x]), String(f));
  }
});

Deno.test("repeat tiles whole copies; repeatInterleave repeats each element in place", () => {
  const x = arange(3);
  assert.deepEqual(x.repeat(2).toList(), [0, 1, 2, 0, 1, 2]);
  assert.deepEqual(x.repeatInterleave(2).toList(), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual(x.repeatInterleave(tensor(2)).toList(), [0, 0, 1, 1, 2, 2]);
  assert.deepEqual(tile(arange(2).reshape(2, 1), [1, 2]).toList(), [[0, 0], [1, 1]]);
  const y = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.equal(y.repeatInterleave(2).gradFn!.name(), "ViewBackward0");
  assert.equal(y.repeatInterleave(tensor([1, 2])).gradFn!.name(), "IndexSelectBackward0");
  y.repeatInterleave(tensor([3, 1])).sum().backward();
  assert.deepEqual(y.grad!.toList(), [3, 1]);
});

Deno.test("repeatInterleave refuses counts that are not integers", () => {
  const message = `"repeat_interleave_cpu" not implemented for 'Float'`; // PyTorch 2.x
  assert.throws(() => arange(2).repeatInterleave(tensor([1.5, 1])), { name: "TypeError", message });
  assert.throws(() => arange(2).repeatInterleave(tensor([1, 1], { dtype: "float32" })), {
    message,
  });
  assert.deepEqual(arange(2).repeatInterleave(tensor([2, 1], { dtype: "int32" })).toList(), [
    0,
    0,
    1,
  ]);
  assert.throws(() => arange(2).repeatInterleave(1.5), TypeError);
});
