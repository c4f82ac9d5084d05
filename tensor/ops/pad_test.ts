import assert from "node:assert/strict";
import {
  gradcheck,
  gradgradcheck,
  manualSeed,
  pad,
  type PadOptions,
  randn,
  tensor,
} from "@descent/tensor";

const f64 = { dtype: "float64", requiresGrad: true } as const;

Deno.test("pad: gradcheck and gradgradcheck in every mode, cropping included", () => {
  manualSeed(1);
  const cases: [number[], number[], PadOptions][] = [
    [[2, 3], [1, 2], {}],
    [[2, 3, 4], [1, -1, 2, 0, 0, 1], { value: 2.5 }],
    [[], [], {}],
    [[2, 5], [2, -1], { mode: "reflect" }],
    [[1, 2, 3, 4], [3, 2, 2, 1], { mode: "reflect" }],
    [[2, 2, 3, 2], [1, 1, 0, 2, 1, 1], { mode: "reflect" }],
    [[2, 3], [4, 2], { mode: "replicate" }],
    [[2, 3, 4], [-1, 2, 2, 1], { mode: "replicate" }],
    [[1, 2, 2, 3, 2], [1, 0, 1, 1, 0, 2], { mode: "replicate" }],
    [[3, 4], [3, -1], { mode: "circular" }],
    [[2, 3, 4], [1, 2, 3, 0], { mode: "circular" }],
    [[2, 2, 3, 2], [1, 0, 0, 2, 1, 1], { mode: "circular" }],
  ];
  for (const [shape, amounts, options] of cases) {
    const x = randn(shape, f64);
    const f = (t: typeof x) => pad(t, amounts, options);
    assert.ok(gradcheck(f, [x]), `${shape} ${amounts} ${options.mode}`);
    assert.ok(gradgradcheck(f, [x]), `${shape} ${amounts} ${options.mode}`);
    // a non-contiguous input reads the same values
    const nc = randn([...shape].reverse(), f64).permute([...shape.keys()].reverse());
    assert.deepEqual(f(nc).toList(), f(nc.contiguous()).toList());
  }
});

Deno.test("pad: node names, and the gradient of a cropped constant pad", () => {
  const x = tensor([[1, 2, 3]], { dtype: "float32", requiresGrad: true });
  const names = [
    pad(x, [1, 1]),
    pad(x, [1, 1], { mode: "reflect" }),
    pad(x.unsqueeze(0), [1, 1, 0, 0], { mode: "replicate" }),
    pad(x, [1, 1], { mode: "circular" }),
  ].map((t) => t.gradFn!.name());
  assert.deepEqual(names, [
    "ConstantPadNdBackward0",
    "ReflectionPad1DBackward0",
    "ReplicationPad2DBackward0",
    "CopySlices",
  ]);
  pad(x, [-1, 1], { value: 5 }).sum().backward();
  assert.deepEqual(x.grad!.toList(), [[0, 1, 1]]);
});

Deno.test("pad: reflection counts the edge once, replication repeats it", () => {
  const x = tensor([[1, 2, 3, 4]], { dtype: "float32", requiresGrad: true });
  const r = pad(x, [3, 2], { mode: "reflect" });
  assert.deepEqual(r.toList(), [[4, 3, 2, 1, 2, 3, 4, 3, 2]]);
  r.sum().backward();
  assert.deepEqual(x.grad!.toList(), [[1, 3, 3, 2]]);
});

Deno.test("pad: circular padding wraps around what negative amounts leave", () => {
  // PyTorch fills the right pad from the cropped input: [2, 3, 4] then 2, 3
  const x = tensor([[[1, 2, 3, 4]]]);
  assert.deepEqual(pad(x, [-1, 2], { mode: "circular" }).toList(), [[[2, 3, 4, 2, 3]]]);
  // more padding than the cropped input holds: refused (PyTorch reads memory it never wrote)
  assert.throws(() => pad(x, [-3, 2], { mode: "circular" }), {
    name: "RangeError",
    message: "Padding value causes wrapping around more than once.",
  });
});

Deno.test("pad: the value in the input's dtype, checked as PyTorch's F.pad does", () => {
  // PyTorch 2.13: 1.5 pads an int64 tensor with 1; -2 is refused for uint8 unless nothing is
  // filled (a crop)
  assert.deepEqual(pad(tensor([7]), [1, 0], { value: 1.5 }).toList(), [1, 7]);
  const u = tensor([1, 2, 3], { dtype: "uint8" });
  assert.throws(() => pad(u, [1, 0], { value: -2 }), {
    name: "RangeError",
    message: "value cannot be converted to type uint8_t without overflow",
  });
  assert.deepEqual(pad(u, [-1, 0], { value: -2 }).toList(), [2, 3]);
});
