import assert from "node:assert/strict";
import {
  assertClose,
  conv1d,
  conv2d,
  type ConvOptions,
  convTranspose1d,
  convTranspose2d,
  type ConvTransposeOptions,
  type DType,
  gradcheck,
  gradgradcheck,
  manualSeed,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";
import { setWasmEnabled } from "../kernels/wasm_runtime.ts";

type Pair = [number, number];

/** The definition: y[n, o, p, q] = b[o] + Σ x[n, c, p·s − pad + i·d, q·s − pad + j·d] w[o, c, i, j]. */
function reference(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  s: Pair,
  pad: Pair,
  d: Pair,
  groups: number,
  out: Pair,
): Tensor {
  const [n, cin, h, wd] = x.shape;
  const [cout, cg, kh, kw] = w.shape;
  const og = cout / groups;
  const xv = x.toTypedArray();
  const wv = w.toTypedArray();
  const bv = b?.toTypedArray();
  const y = zeros([n, cout, ...out], { dtype: x.dtype });
  const yv = new Float64Array(y.numel());
  let k = 0;
  for (let a = 0; a < n; a++) {
    for (let o = 0; o < cout; o++) {
      const g = Math.floor(o / og);
      for (let p = 0; p < out[0]; p++) {
        for (let q = 0; q < out[1]; q++) {
          let acc = bv ? bv[o] : 0;
          for (let c = 0; c < cg; c++) {
            for (let i = 0; i < kh; i++) {
              for (let j = 0; j < kw; j++) {
                const ih = p * s[0] - pad[0] + i * d[0];
                const iw = q * s[1] - pad[1] + j * d[1];
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                acc += xv[((a * cin + g * cg + c) * h + ih) * wd + iw] *
                  wv[((o * cg + c) * kh + i) * kw + j];
              }
            }
          }
          yv[k++] = acc;
        }
      }
    }
  }
  return tensor(Array.from(yv), { dtype: x.dtype }).reshape(y.shape);
}

interface Case {
  x: number[];
  w: number[];
  bias?: boolean;
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}

const CASES: Case[] = [
  { x: [2, 3, 7, 6], w: [4, 3, 3, 2], bias: true },
  { x: [1, 1, 5, 5], w: [1, 1, 1, 1] },
  { x: [3, 4, 5, 5], w: [6, 4, 1, 1], bias: true }, // 1×1: no im2col
  {
    x: [2, 4, 9, 8],
    w: [6, 2, 3, 3],
    stride: [2, 3],
    padding: [1, 2],
    dilation: [1, 2],
    groups: 2,
  },
  { x: [1, 6, 6, 7], w: [6, 1, 3, 3], padding: [1, 1], groups: 6, bias: true }, // depthwise
  { x: [2, 2, 4, 4], w: [3, 2, 4, 4], padding: [3, 3], stride: [2, 2] }, // padding ≥ kernel
  { x: [1, 3, 11, 13], w: [5, 3, 5, 5], stride: [3, 2], dilation: [2, 1] },
  { x: [4, 8, 12, 12], w: [16, 8, 3, 3], padding: [1, 1], bias: true }, // the WebAssembly GEMM
  { x: [0, 3, 5, 5], w: [2, 3, 3, 3], bias: true }, // empty batch
];

function optionsOf(c: Case): ConvOptions {
  return { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
}

function outSize(c: Case): Pair {
  const s = c.stride ?? [1, 1];
  const p = c.padding ?? [0, 0];
  const d = c.dilation ?? [1, 1];
  return [0, 1].map((i) =>
    Math.floor((c.x[i + 2] + 2 * p[i] - d[i] * (c.w[i + 2] - 1) - 1) / s[i]) + 1
  ) as Pair;
}

Deno.test("conv2d: 'same' with an even kernel warns once, as PyTorch", () => {
  const warn = console.warn;
  const seen: string[] = [];
  console.warn = (m: string) => seen.push(m);
  try {
    conv2d(randn([1, 1, 4, 4]), randn([1, 1, 2, 2]), null, { padding: "same" });
    conv2d(randn([1, 1, 4, 4]), randn([1, 1, 2, 2]), null, { padding: "same" });
  } finally {
    console.warn = warn;
  }
  // once per process (this is the file's first test, so it is this one unless another file
  // in the same process warned first)
  assert.ok(seen.length <= 1);
  for (const m of seen) {
    assert.equal(
      m,
      "UserWarning: Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created",
    );
  }
});

for (const dtype of ["float32", "float64"] as DType[]) {
  Deno.test(`conv2d matches the definition (${dtype})`, () => {
    manualSeed(1);
    for (const wasm of [true, false]) {
      setWasmEnabled(wasm);
      try {
        for (const c of CASES) {
          const x = randn(c.x, { dtype });
          const w = randn(c.w, { dtype });
          const b = c.bias ? randn([c.w[0]], { dtype }) : null;
          const want = reference(
            x,
            w,
            b,
            c.stride ?? [1, 1],
            c.padding ?? [0, 0],
            c.dilation ?? [1, 1],
            c.groups ?? 1,
            outSize(c),
          );
          const tol = dtype === "float32" ? { rtol: 1e-5, atol: 1e-5 } : {};
          assertClose(conv2d(x, w, b, optionsOf(c)), want, tol);
          // a non-contiguous input of the same values
          const xt = x.transpose(2, 3).contiguous().transpose(2, 3);
          assertClose(conv2d(xt, w, b, optionsOf(c)), want, tol);
        }
      } finally {
        setWasmEnabled(true);
      }
    }
  });
}

const f64 = { dtype: "float64" as const, requiresGrad: true };

Deno.test("conv2d: gradients and second derivatives (gradcheck, float64)", () => {
  manualSeed(2);
  for (const c of CASES.filter((c) => c.x[0] > 0 && c.x[1] * c.x[2] * c.x[3] < 200)) {
    const x = randn(c.x, f64);
    const w = randn(c.w, f64);
    const b = randn([c.w[0]], f64);
    const f = (x: Tensor, w: Tensor, b: Tensor) => conv2d(x, w, b, optionsOf(c));
    assert.ok(gradcheck(f, [x, w, b]), JSON.stringify(c));
    assert.ok(gradgradcheck(f, [x, w, b]), JSON.stringify(c));
  }
});

Deno.test("conv1d and the transposed convolutions: gradients and second derivatives", () => {
  manualSeed(3);
  const cases1: [number[], number[], ConvOptions][] = [
    [[2, 4, 9], [6, 2, 3], { stride: 2, padding: 1, dilation: 2, groups: 2 }],
    [[3, 5], [2, 3, 2], { padding: "same" }], // unbatched, asymmetric "same"
  ];
  for (const [xs, ws, o] of cases1) {
    const f = (x: Tensor, w: Tensor, b: Tensor) => conv1d(x, w, b, o);
    const ins = [randn(xs, f64), randn(ws, f64), randn([ws[0]], f64)];
    assert.ok(gradcheck(f, ins) && gradgradcheck(f, ins), JSON.stringify(o));
  }
  const cases2: [number[], number[], ConvTransposeOptions][] = [
    [[2, 4, 3, 4], [4, 3, 3, 2], { stride: [2, 1], padding: [1, 0], outputPadding: [1, 0] }],
    [[1, 4, 3, 3], [4, 1, 2, 2], { groups: 2, dilation: 2, stride: 2, outputPadding: 1 }],
    [[2, 3, 3], [2, 3, 3, 3], { padding: 1 }], // unbatched
  ];
  for (const [xs, ws, o] of cases2) {
    const cout = ws[1] * (o.groups ?? 1);
    const f = (x: Tensor, w: Tensor, b: Tensor) => convTranspose2d(x, w, b, o);
    const ins = [randn(xs, f64), randn(ws, f64), randn([cout], f64)];
    assert.ok(gradcheck(f, ins) && gradgradcheck(f, ins), JSON.stringify(o));
  }
  const f = (x: Tensor, w: Tensor) => convTranspose1d(x, w, null, { stride: 3, padding: 1 });
  const ins = [randn([2, 2, 4], f64), randn([2, 3, 4], f64)];
  assert.ok(gradcheck(f, ins) && gradgradcheck(f, ins));
});

Deno.test("convTranspose2d is the input gradient of conv2d", () => {
  manualSeed(4);
  const o = { stride: [2, 3], padding: [1, 2], dilation: [2, 1], groups: 2 };
  const x = randn([2, 4, 9, 10], f64);
  const w = randn([6, 2, 3, 3], f64);
  const y = conv2d(x, w, null, o);
  const g = randn(y.shape, { dtype: "float64" });
  y.backward(g);
  // the output padding that gives back x's size
  const outputPadding = [0, 1].map((i) =>
    x.shape[i + 2] - ((y.shape[i + 2] - 1) * o.stride[i] - 2 * o.padding[i] +
      o.dilation[i] * (w.shape[i + 2] - 1) + 1)
  );
  assertClose(convTranspose2d(g, w.detach(), null, { ...o, outputPadding }), x.grad!);
});

Deno.test("conv2d: gradFn names, unbatched inputs, 'same' and 'valid'", () => {
  const x = randn([3, 6, 5], { requiresGrad: true });
  const w = randn([2, 3, 3, 2]);
  const y = conv2d(x, w, null, { padding: "same" });
  assert.deepEqual(y.shape, [2, 6, 5]);
  assert.equal(y.gradFn?.name(), "SqueezeBackward1");
  assert.equal(conv2d(x.unsqueeze(0), w).gradFn?.name(), "ConvolutionBackward0");
  assert.deepEqual(conv2d(x, w, null, { padding: "valid" }).shape, [2, 4, 4]);
  assert.equal(
    conv1d(randn([2, 3, 5], { requiresGrad: true }), randn([4, 3, 2])).gradFn?.name(),
    "ConvolutionBackward0",
  );
});

Deno.test("conv2d and convTranspose2d: errors in PyTorch's words", () => {
  const x = randn([2, 3, 7, 7]);
  const w = randn([4, 3, 3, 3]);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [
      () => conv2d(x.select(0, 0).select(0, 0), w),
      RangeError,
      "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [7, 7]",
    ],
    [() => conv2d(x, randn([4, 3])), RangeError, "weight should have at least three dimensions"],
    [
      () => conv2d(x, w.select(2, 0)),
      RangeError,
      "expected stride to be a single integer value or a list of 1 values to match the convolution dimensions, but got stride=[1, 1]",
    ],
    [
      () => conv1d(x.select(2, 0), randn([4, 3, 1, 1])),
      RangeError,
      "Expected 4-dimensional input for 4-dimensional weight [4, 3, 1, 1], but got 3-dimensional input of size [2, 3, 7] instead",
    ],
    [
      () => conv2d(x.narrow(1, 0, 2), w),
      RangeError,
      "Given groups=1, weight of size [4, 3, 3, 3], expected input[2, 2, 7, 7] to have 3 channels, but got 2 channels instead",
    ],
    [
      () => conv2d(x.select(0, 0), randn([4, 2, 3, 3])),
      RangeError,
      "Given groups=1, weight of size [4, 2, 3, 3], expected input[1, 3, 7, 7] to have 2 channels, but got 3 channels instead",
    ],
    [
      () => conv2d(randn([2, 4, 7, 7]), randn([3, 2, 3, 3]), null, { groups: 2 }),
      RangeError,
      "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]] instead",
    ],
    [
      () => conv2d(x, randn([0, 3, 3, 3])),
      RangeError,
      "Given groups=1, expected weight to be at least 1 at dimension 0, but got weight of size [0, 3, 3, 3] instead",
    ],
    [
      () => conv2d(x, w, randn([3])),
      RangeError,
      "Given weight of size [4, 3, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead",
    ],
    [
      () => conv2d(x, randn([4, 3, 9, 9])),
      RangeError,
      "Calculated padded input size per channel: (7 x 7). Kernel size: (9 x 9). Kernel size can't be greater than actual input size",
    ],
    // PyTorch 2.13: an empty kernel is refused by its kernels (descent computed zeros)
    [
      () => conv2d(x, randn([4, 3, 0, 2])),
      RangeError,
      "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 2",
    ],
    [
      () => conv1d(randn([1, 3, 5]), randn([4, 3, 0])),
      RangeError,
      "kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0",
    ],
    [
      () => convTranspose2d(x, randn([3, 4, 2, 0])),
      RangeError,
      "kernel size should be greater than zero, but got kernel_height: 2 kernel_width: 0",
    ],
    [() => conv2d(x, w, null, { stride: 0 }), RangeError, "non-positive stride is not supported"],
    [() => conv2d(x, w, null, { padding: -1 }), RangeError, "negative padding is not supported"],
    // PyTorch 2.13: a negative dilation is refused with the other arguments, a zero one by the
    // kernel (after the shapes)
    [
      () => conv2d(x, w, null, { dilation: -1 }),
      RangeError,
      "dilation should be greater than zero",
    ],
    [
      () => conv2d(x, w, null, { dilation: 0 }),
      RangeError,
      "dilation should be greater than zero, but got [0, 0]",
    ],
    [
      () => conv1d(randn([1, 3, 5]), randn([4, 3, 2]), null, { dilation: 0 }),
      RangeError,
      "dilation should be greater than zero, but got [1, 0]",
    ],
    [
      () => convTranspose2d(x, randn([3, 4, 2, 2]), null, { dilation: [0, 1] }),
      RangeError,
      "dilation should be greater than zero, but got dilation_height: 0, dilation_width: 1",
    ],
    [
      () => conv2d(x, randn([4, 3, 2, 0]), null, { dilation: 2 }),
      RangeError,
      "kernel size should be greater than zero, but got [2, 0]",
    ],
    [() => conv2d(x, w, null, { groups: 0 }), RangeError, "non-positive groups is not supported"],
    [
      () => conv2d(x, w, null, { stride: [1, 1, 1] }),
      RangeError,
      "expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]",
    ],
    [
      () => conv2d(x, w, null, { stride: 2, padding: "same" }),
      RangeError,
      "padding='same' is not supported for strided convolutions",
    ],
    [
      () => conv2d(x, w, null, { padding: "foo" as "same" }),
      TypeError,
      "Invalid padding string: 'foo'",
    ],
    [
      () => conv2d(x, w, null, { stride: [1, 1.5] }),
      TypeError,
      "conv2d(): argument 'stride' (position 4) must be tuple of ints, but found element of type float at pos 1",
    ],
    [() => conv2d(x.double(), w), TypeError, "expected scalar type Double but found Float"],
    [
      () => conv2d(x, w.double()),
      TypeError,
      "Input type (torch.FloatTensor) and weight type (torch.DoubleTensor) should be the same or input should be a MKLDNN tensor and weight is a dense tensor",
    ],
    [
      () => conv2d(x, w, randn([4]).double()),
      TypeError,
      "Input type (float) and bias type (double) should be the same",
    ],
    [
      () => convTranspose2d(x, randn([4, 3, 3, 3])),
      RangeError,
      "Given transposed=1, weight of size [4, 3, 3, 3], expected input[2, 3, 7, 7] to have 4 channels, but got 3 channels instead",
    ],
    [
      () => convTranspose2d(x, randn([3, 4, 3, 3]), null, { outputPadding: 1 }),
      RangeError,
      "output padding must be smaller than either stride or dilation, but got output_padding_height: 1 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1",
    ],
    [
      () => convTranspose1d(x.select(2, 0), randn([3, 4, 3]), null, { outputPadding: 1 }),
      RangeError,
      "output padding must be smaller than either stride or dilation, but got output_padding_height: 0 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1",
    ],
    [
      () => convTranspose2d(x, randn([3, 4, 3, 3]), null, { stride: 2, outputPadding: -1 }),
      RangeError,
      "negative output_padding is not supported",
    ],
    [
      () => convTranspose2d(x, randn([3, 4, 3, 3]), null, { padding: 5 }),
      RangeError,
      "Given input size per channel: (7 x 7). Calculated output size per channel: (-1 x -1). Output size is too small",
    ],
    [
      () => convTranspose2d(x, randn([3, 4, 3, 3]), randn([3])),
      RangeError,
      "Given transposed=1, weight of size [3, 4, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead",
    ],
    [
      () => convTranspose1d(x, randn([3, 4, 3])),
      RangeError,
      "Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d, but got input of size: [2, 3, 7, 7]",
    ],
  ];
  for (const [f, type, message] of cases) assert.throws(f, { name: type.name, message });
});
