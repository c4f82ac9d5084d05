import assert from "node:assert/strict";
import fixtures from "../conformance/format/fixtures.json" with { type: "json" };
import { type FormatInput, formatTensor } from "./format.ts";
import { broadcastStrides, contiguousStrides } from "./shape.ts";
import { tensor } from "./create.ts";

interface FixtureCase {
  name: string;
  shape: number[];
  /** For a broadcast view: the shape of the base that `values` hold, expanded to `shape`. */
  base?: number[];
  dtype: "float32" | "float64";
  gradFnName: string | null;
  requiresGrad: boolean;
  values: (number | string)[];
  repr: string;
}

function decode(v: number | string): number {
  if (typeof v === "number") return v;
  switch (v) {
    case "nan":
      return NaN;
    case "inf":
      return Infinity;
    case "-inf":
      return -Infinity;
    case "-0":
      return -0;
  }
  throw new Error(`bad fixture value ${v}`);
}

function input(c: FixtureCase): FormatInput {
  const values = c.values.map(decode);
  return {
    data: c.dtype === "float32" ? new Float32Array(values) : new Float64Array(values),
    strides: c.base && broadcastStrides(c.base, contiguousStrides(c.base), c.shape),
    shape: c.shape,
    dtype: c.dtype,
    gradFnName: c.gradFnName,
    requiresGrad: c.requiresGrad,
  };
}

function t(
  data: number[],
  shape: number[] = [data.length],
  dtype: "float32" | "float64" = "float32",
  gradFnName: string | null = null,
  requiresGrad = gradFnName !== null,
): string {
  const arr = dtype === "float32" ? new Float32Array(data) : new Float64Array(data);
  return formatTensor({ data: arr, shape, dtype, gradFnName, requiresGrad });
}

const cases = (fixtures as { torch: string; cases: FixtureCase[] }).cases;

Deno.test("format: PyTorch fixtures match byte for byte", (): void => {
  assert.ok(cases.length >= 80, `only ${cases.length} fixture cases`);
  const failures: string[] = [];
  for (const c of cases) {
    const got = formatTensor(input(c));
    if (got !== c.repr) {
      failures.push(`${c.name}\n--- expected\n${c.repr}\n--- got\n${got}`);
    }
  }
  assert.equal(failures.length, 0, failures.join("\n\n"));
});

Deno.test("format: fixture data given as plain arrays", (): void => {
  for (const c of cases) {
    const inp = input(c);
    assert.equal(formatTensor({ ...inp, data: Array.from(inp.data) }), c.repr, c.name);
  }
});

Deno.test("format: a broadcast view prints from the elements shown, byte for byte", (): void => {
  const views = cases.filter((c) => c.base !== undefined);
  assert.ok(views.length >= 8);
  for (const c of views) {
    const base = tensor(c.values.map(decode), { dtype: c.dtype, requiresGrad: c.requiresGrad })
      .reshape(c.base!);
    const view = base.expand(c.shape);
    assert.equal(String(view), c.repr, c.name);
  }
  // 2^40 elements: materialising them (4 TiB) would throw, so printing must not.
  const huge = cases.find((c) => c.name === "expand 2^20 x 2^20")!;
  assert.equal(String(tensor([[1]], { dtype: "float32" }).expand(2 ** 20, 2 ** 20)), huge.repr);
  assert.equal(
    String(tensor([1], { dtype: "float32" }).expand(3e8)),
    "tensor([1., 1., 1.,  ..., 1., 1., 1.])",
  );
});

Deno.test("format: PYTORCH_SEMANTICS.md 1.15 examples", (): void => {
  assert.equal(t([1.5, 2.25, 3.125]), "tensor([1.5000, 2.2500, 3.1250])");
  assert.equal(t([1000, 1]), "tensor([1000.,    1.])");
  assert.equal(t([1001, 1]), "tensor([1.0010e+03, 1.0000e+00])");
  assert.equal(t([0.01, 9.99]), "tensor([0.0100, 9.9900])");
  assert.equal(t([NaN, Infinity, -Infinity, 1.5]), "tensor([   nan,    inf,   -inf, 1.5000])");
  assert.equal(t([NaN, 1, 2]), "tensor([nan, 1., 2.])");
  assert.equal(t([-0, 0]), "tensor([-0., 0.])");
  assert.equal(t([0, 0, 0]), "tensor([0., 0., 0.])");
  assert.equal(t([3.5], []), "tensor(3.5000)");
  assert.equal(t([3], []), "tensor(3.)");
  assert.equal(
    t([1, 2], [2], "float64", null, true),
    "tensor([1., 2.], dtype=torch.float64, requires_grad=True)",
  );
  assert.equal(
    t([2, 4, 6], [3], "float64", "MulBackward0"),
    "tensor([2., 4., 6.], dtype=torch.float64, grad_fn=<MulBackward0>)",
  );
  assert.equal(t([12], [], "float32", "SumBackward0"), "tensor(12., grad_fn=<SumBackward0>)");
  assert.equal(t([], [0]), "tensor([])");
  assert.equal(t([], [0, 3]), "tensor([], size=(0, 3))");
  assert.equal(t([], [2, 0]), "tensor([], size=(2, 0))");
  assert.equal(t([], [0], "float64"), "tensor([], dtype=torch.float64)");
  assert.equal(
    t([0, 1.25, 2.5, 3.75, 5, 6.25], [6], "float64", "MulBackward0"),
    "tensor([0.0000, 1.2500, 2.5000, 3.7500, 5.0000, 6.2500], dtype=torch.float64,\n" +
      "       grad_fn=<MulBackward0>)",
  );
  const range = Array.from({ length: 1001 }, (_, i): number => i);
  assert.equal(t(range), "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])");
});

Deno.test("format: ties round half to even like Python", (): void => {
  assert.equal(t([0.03125], []), "tensor(0.0312)");
  assert.equal(t([-0.03125], []), "tensor(-0.0312)");
  assert.equal(t([0.09375], []), "tensor(0.0938)");
  assert.equal(t([0.5, 2.5]), "tensor([0.5000, 2.5000])");
  assert.equal(t([12344.5, 1.5]), "tensor([1.2344e+04, 1.5000e+00])");
  assert.equal(t([1.03125, 5000]), "tensor([1.0312e+00, 5.0000e+03])");
});

Deno.test("format: scientific exponents and extremes", (): void => {
  assert.equal(t([1e-5], []), "tensor(1.0000e-05)");
  assert.equal(t([1.7e308], [], "float64"), "tensor(1.7000e+308, dtype=torch.float64)");
  assert.equal(t([5e-324], [], "float64"), "tensor(4.9407e-324, dtype=torch.float64)");
  assert.equal(t([1e8, 2e7]), "tensor([100000000.,  20000000.])");
  assert.equal(
    t([100000001, 1e8], [2], "float64"),
    "tensor([1.0000e+08, 1.0000e+08], dtype=torch.float64)",
  );
  assert.equal(t([NaN], []), "tensor(nan)");
  assert.equal(t([-0], []), "tensor(-0.)");
});

Deno.test("format: 3-D blocks are separated by a blank line", (): void => {
  const data = Array.from({ length: 8 }, (_, i): number => i);
  assert.equal(
    t(data, [2, 2, 2]),
    "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])",
  );
});
