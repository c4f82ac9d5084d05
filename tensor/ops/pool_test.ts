import assert from "node:assert/strict";
import {
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool1d,
  avgPool2d,
  floatTensor,
  gradcheck,
  gradgradcheck,
  manualSeed,
  maxPool1d,
  maxPool2d,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64" as const, requiresGrad: true };

/** gradcheck and gradgradcheck of `f` at a random float64 input of `shape`. */
function checkGrads(shape: number[], f: (x: Tensor) => Tensor, what: string): void {
  const x = randn(shape, f64);
  assert.ok(gradcheck(f, [x]), `gradcheck: ${what}`);
  assert.ok(gradgradcheck(f, [x]), `gradgradcheck: ${what}`);
}

Deno.test("pooling: gradients and second derivatives (gradcheck, float64)", () => {
  manualSeed(5);
  checkGrads([2, 2, 6, 5], (x) => maxPool2d(x, 2), "maxPool2d 2");
  checkGrads(
    [1, 2, 7, 7],
    (x) => maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }),
    "ceil",
  );
  checkGrads(
    [1, 1, 8, 7],
    (x) => maxPool2d(x, [2, 3], { dilation: [2, 1], stride: 1 }),
    "dilation",
  );
  checkGrads([2, 9], (x) => maxPool1d(x, 3, { stride: 2, padding: 1 }), "maxPool1d");
  checkGrads([2, 2, 5, 6], (x) => avgPool2d(x, 3, { stride: 2, padding: 1 }), "avgPool2d");
  checkGrads(
    [1, 2, 5, 5],
    (x) => avgPool2d(x, 2, { padding: 1, ceilMode: true, countIncludePad: false }),
    "avg no pad count",
  );
  checkGrads([1, 1, 4, 4], (x) => avgPool2d(x, 2, { divisorOverride: 3 }), "divisor");
  checkGrads([2, 3, 7], (x) => avgPool1d(x, 3, { stride: 2, padding: 1 }), "avgPool1d");
  checkGrads([1, 2, 7, 5], (x) => adaptiveAvgPool2d(x, [3, 2]), "adaptive avg");
  checkGrads([2, 3, 3], (x) => adaptiveAvgPool2d(x, 5), "adaptive avg, upsampling");
  checkGrads([1, 2, 7, 5], (x) => adaptiveMaxPool2d(x, [3, 4]), "adaptive max");
});

Deno.test("maxPool2d: a NaN wins its window, -inf windows point at their first element", () => {
  const x = tensor([[[NaN, 1, -Infinity, -Infinity], [5, 2, -Infinity, -Infinity]]], {
    requiresGrad: true,
  });
  const y = maxPool2d(x, 2);
  assert.equal(String(y), "tensor([[[nan, -inf]]], grad_fn=<MaxPool2DWithIndicesBackward0>)");
  y.sum().backward();
  assert.deepEqual(x.grad!.toList(), [[[1, 0, 1, 0], [0, 0, 0, 0]]]);
});

Deno.test("pooling: gradFn names as PyTorch's (1-D through 2-D, a 1×1 adaptive mean)", () => {
  const x = randn([2, 3, 8], { requiresGrad: true });
  assert.equal(maxPool1d(x, 2).gradFn?.name(), "SqueezeBackward1");
  assert.equal(avgPool1d(x, 2).gradFn?.name(), "SqueezeBackward1");
  const x4 = randn([2, 3, 4, 4], { requiresGrad: true });
  assert.equal(avgPool2d(x4, 2).gradFn?.name(), "AvgPool2DBackward0");
  assert.equal(adaptiveAvgPool2d(x4, 1).gradFn?.name(), "MeanBackward1");
  assert.equal(adaptiveAvgPool2d(x4, 3).gradFn?.name(), "AdaptiveAvgPool2DBackward0");
  assert.equal(adaptiveMaxPool2d(x4, 1).gradFn?.name(), "AdaptiveMaxPool2DBackward0");
  assert.deepEqual(adaptiveAvgPool2d(x4, [null, 2]).shape, [2, 3, 4, 2]);
  assert.deepEqual(maxPool2d(randn([0, 3, 4, 4]), 2).shape, [0, 3, 2, 2]);
});

Deno.test("pooling: errors in PyTorch's words", () => {
  const x = randn([2, 3, 7, 7]);
  const x1 = randn([2, 3, 7]);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [() => maxPool2d(x, 0), RangeError, "stride should not be zero"],
    [
      () => maxPool2d(x, 2, { padding: 2 }),
      RangeError,
      "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1",
    ],
    [
      () => maxPool2d(x, 3, { padding: 3, dilation: 2 }),
      RangeError,
      "pad should be at most half of effective kernel size, but got pad=3, kernel_size=3 and dilation=2",
    ],
    [
      () => maxPool2d(x, 2, { dilation: 0 }),
      RangeError,
      "dilation should be greater than zero, but got dilationH: 0 dilationW: 0",
    ],
    [
      () => maxPool2d(x, 2, { stride: -1 }),
      RangeError,
      "stride should be greater than zero, but got dH: -1 dW: -1",
    ],
    [
      () => maxPool2d(x, 2, { padding: -1 }),
      RangeError,
      "pad must be non-negative, but got pad: -1",
    ],
    [
      () => maxPool2d(x, 0, { stride: 1 }),
      RangeError,
      "kernel size should be greater than zero, but got kH: 0 kW: 0",
    ],
    [
      () => maxPool2d(x.select(0, 0).select(0, 0), 2),
      RangeError,
      "non-empty 3D or 4D (batch mode) tensor expected for input",
    ],
    [
      () => maxPool2d(x, 8),
      RangeError,
      "Given input size: (3x7x7). Calculated output size: (3x0x0). Output size is too small",
    ],
    [
      () => maxPool2d(x, [2, 2, 2]),
      TypeError,
      "max_pool2d: kernel_size must either be a single int, or a tuple of two ints",
    ],
    [
      () => maxPool2d(x, 2, { stride: [1, 1, 1] }),
      TypeError,
      "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints",
    ],
    [
      () => maxPool2d(x, 2, { dilation: [1, 1, 1] }),
      TypeError,
      "max_pool2d: dilation must be either a single int, or a tuple of two ints",
    ],
    [
      () => maxPool2d(x.narrow(1, 0, 0), 2),
      RangeError,
      "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 0, 7, 7]",
    ],
    [
      () => maxPool1d(x, 2),
      RangeError,
      "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 7, 7]",
    ],
    [() => maxPool1d(x1, 8), RangeError, "max_pool1d() Invalid computed output size: 0"],
    [
      () => maxPool1d(x1, 2, { padding: 2 }),
      RangeError,
      "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=2",
    ],
    [
      () => maxPool1d(x1, 0),
      RangeError,
      "max_pool1d() kernel_size must be greater than zero, but got 0",
    ],
    [
      () => maxPool1d(x1, 2, { stride: 0 }),
      RangeError,
      "max_pool1d() stride must be greater than zero, but got 0",
    ],
    [
      () => maxPool1d(x1, [2, 2]),
      TypeError,
      "max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but got size 2",
    ],
    [() => avgPool2d(x, 2, { divisorOverride: 0 }), RangeError, "divisor must be not zero"],
    [
      () => avgPool2d(x.select(0, 0).select(0, 0), 2),
      RangeError,
      "Dimension out of range (expected to be in range of [-2, 1], but got -3)",
    ],
    [
      () => avgPool2d(x, 2, { padding: [1, 1, 1] }),
      TypeError,
      "avg_pool2d: padding must either be a single int, or a tuple of two ints",
    ],
    [
      () => avgPool1d(x, 2),
      RangeError,
      "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)",
    ],
    [
      () => avgPool1d(x1, [2, 2]),
      TypeError,
      "avg_pool1d() argument 'kernel_size' should contain one int (got 2)",
    ],
    [
      () => avgPool1d(x1, 8),
      RangeError,
      "Given input size: (3x1x7). Calculated output size: (3x1x0). Output size is too small",
    ],
    [
      () => adaptiveAvgPool2d(x.select(0, 0).select(0, 0), 2),
      RangeError,
      "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [7, 7]",
    ],
    [
      () => adaptiveAvgPool2d(x, -1),
      RangeError,
      "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {-1, -1}",
    ],
    [
      () => adaptiveAvgPool2d(x.narrow(2, 0, 0), 2),
      RangeError,
      "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 7] with dimension 2 being empty",
    ],
    [
      () => adaptiveMaxPool2d(x.select(0, 0).select(0, 0), 2),
      RangeError,
      "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [7, 7]",
    ],
    [
      () => adaptiveMaxPool2d(x, -1),
      RangeError,
      "Trying to create tensor with negative dimension -1: [2, 3, -1, -1]",
    ],
  ];
  for (const [f, type, message] of cases) assert.throws(f, { name: type.name, message });
  // a 1×1 adaptive average is a mean, which PyTorch takes of any tensor of two or more dims
  assert.deepEqual(adaptiveAvgPool2d(floatTensor([[1, 2], [3, 4]]), 1).toList(), [[2.5]]);
});
