import assert from "node:assert/strict";
import {
  arange,
  gradcheck,
  gradgradcheck,
  interpolate,
  type InterpolateOptions,
  manualSeed,
  randn,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64" as const, requiresGrad: true };

Deno.test("interpolate: gradients and second derivatives (gradcheck, float64)", () => {
  manualSeed(6);
  const cases: [number[], InterpolateOptions][] = [
    [[1, 2, 3, 3], { scaleFactor: 2 }],
    [[1, 2, 3, 4], { size: [5, 3] }],
    [[2, 1, 5], { scaleFactor: 1.7, mode: "nearest-exact" }],
    [[2, 2, 4], { size: 7, mode: "linear" }],
    [[1, 2, 3, 4], { size: [5, 6], mode: "bilinear", alignCorners: true }],
    [[1, 1, 6, 5], { scaleFactor: [0.5, 1.5], mode: "bilinear" }],
    [[1, 2, 5, 7], { size: [2, 3], mode: "area" }],
    [[1, 2, 7], { size: 3, mode: "area" }],
  ];
  for (const [shape, o] of cases) {
    const f = (x: Parameters<typeof interpolate>[0]) => interpolate(x, o);
    const x = randn(shape, f64);
    assert.ok(gradcheck(f, [x]) && gradgradcheck(f, [x]), JSON.stringify(o));
  }
});

Deno.test("interpolate: PyTorch's indices, float32 arithmetic and quirks", () => {
  // torch.arange(5.).view(1,1,5): nearest with scale 1.7 reads 0 0 1 1 2 2 3 4 (float32 ⌊o/1.7⌋)
  const x = arange(5).float().reshape(1, 1, 5);
  assert.deepEqual(interpolate(x, { scaleFactor: 1.7 }).toList(), [[[0, 0, 1, 1, 2, 2, 3, 4]]]);
  assert.deepEqual(interpolate(x, { scaleFactor: 0.5 }).toList(), [[[0, 2]]]);
  // equal sizes still weigh a neighbour by 0: an infinity becomes NaN, as in PyTorch
  const inf = tensor([[[Infinity, 1, 2]]]);
  assert.equal(String(interpolate(inf, { size: 3, mode: "linear" })), "tensor([[[nan, 1., 2.]]])");
  assert.equal(
    String(interpolate(inf, { size: 5, mode: "linear" })),
    "tensor([[[   inf,    inf, 1.0000, 1.6000, 2.0000]]])",
  );
  assert.equal(
    interpolate(randn([2, 3, 4, 4], { dtype: "float32", requiresGrad: true }), { size: 5 }).gradFn
      ?.name(),
    "UpsampleNearest2DBackward0",
  );
});

Deno.test("interpolate: errors in PyTorch's words", () => {
  const x = randn([2, 3, 7, 7]);
  const cases: [InterpolateOptions, ErrorConstructor, string][] = [
    [{}, TypeError, "either size or scale_factor should be defined"],
    [{ size: 3, scaleFactor: 2 }, TypeError, "only one of size or scale_factor should be defined"],
    [
      { size: 3, alignCorners: true },
      TypeError,
      "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
    ],
    [
      { size: [3] },
      RangeError,
      "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [7, 7] and output size of [3]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.",
    ],
    [
      { size: 0 },
      RangeError,
      "Input and output sizes should be greater than 0, but got input (H: 7, W: 7) output (H: 0, W: 0)",
    ],
    [
      { scaleFactor: 0.1 },
      RangeError,
      "Input and output sizes should be greater than 0, but got input (H: 7, W: 7) output (H: 0, W: 0)",
    ],
    [{ size: 3, mode: "linear" }, TypeError, "Got 4D input, but linear mode needs 3D input"],
    [
      { size: 3, recomputeScaleFactor: true },
      TypeError,
      "recompute_scale_factor is not meaningful with an explicit size.",
    ],
    [
      { size: 3, mode: "foo" as "nearest" },
      TypeError,
      "Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got foo)",
    ],
  ];
  for (const [o, type, message] of cases) {
    assert.throws(() => interpolate(x, o), { name: type.name, message }, JSON.stringify(o));
  }
  assert.throws(() => interpolate(x.select(0, 0), { scaleFactor: 2, mode: "bilinear" }), {
    name: "TypeError",
    message: "Got 3D input, but bilinear mode needs 4D input",
  });
  // PyTorch 2.13's 1-d check says "and": F.interpolate(torch.randn(3, 1, 7), size=0)
  for (const mode of ["nearest", "nearest-exact", "linear"] as const) {
    assert.throws(() => interpolate(x.select(0, 0).narrow(1, 0, 1), { size: 0, mode }), {
      name: "RangeError",
      message:
        "Input and output sizes should be greater than 0, but got input (W: 7) and output (W: 0)",
    });
  }
  assert.throws(() => interpolate(x.narrow(1, 0, 0), { size: 3 }), {
    name: "RangeError",
    message: "Non-empty 4D data tensor expected but got a tensor with sizes [2, 0, 7, 7]",
  });
  assert.throws(() => interpolate(x.select(0, 0).select(0, 0), { size: 3 }), {
    name: "TypeError",
    message:
      "Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got nearest)",
  });
});
