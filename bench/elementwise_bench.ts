// descent-only elementwise and reduction benchmarks (1e6 float32 elements): `deno task bench`.
// First it prints the kernels' rates in GB/s against this machine's measured copy bandwidth.
import { rand } from "@descent/tensor";
import { valuesOf } from "@descent/tensor/extend";
import { ADD, binary, binaryScalar, MUL, RELU, unary } from "../tensor/kernels/elementwise.ts";
import { sumAll } from "../tensor/kernels/reduce.ts";
import { setWasmEnabled } from "../tensor/kernels/wasm_runtime.ts";
import { printRoofline } from "./harness/roofline.ts";

const n = 1_000_000;
const a = rand([n]);
const b = rand([n]);

{
  const [x, y] = [valuesOf(a) as Float32Array, valuesOf(b) as Float32Array];
  const out = new Float32Array(n);
  const small = 1 << 15;
  const [xs, ys] = [x.subarray(0, small), y.subarray(0, small)];
  const f = 4; // bytes per float32
  printRoofline("elementwise and reduction kernels, float32", [
    {
      name: `binary a·b into an array (2^15)`,
      run: () => binary(MUL, [small], xs, 0, [1], ys, 0, [1], out),
      bytes: 3 * f * small,
    },
    {
      name: `binary a·b into an array (1e6)`,
      run: () => binary(MUL, [n], x, 0, [1], y, 0, [1], out),
      bytes: 3 * f * n,
    },
    {
      name: `binary a += b in place (1e6)`,
      run: () => binary(ADD, [n], out, 0, [1], y, 0, [1], out),
      bytes: 3 * f * n,
    },
    {
      name: `binaryScalar a·0.5 (1e6)`,
      run: () => binaryScalar(MUL, x, 0.5, out, n, false),
      bytes: 2 * f * n,
    },
    { name: `unary relu (1e6)`, run: () => unary(RELU, x, out, n), bytes: 2 * f * n },
    { name: `sumAll (1e6)`, run: () => sumAll(x, n), bytes: f * n },
    { name: `a.mul(b), a fresh result each call (1e6)`, run: () => a.mul(b), bytes: 3 * f * n },
    {
      name: `a.t().contiguous() (1000×1000)`,
      run: () => a.reshape(1000, 1000).t().contiguous(),
      bytes: 2 * f * n,
    },
  ]);
}

const both = (name: string, f: () => unknown) => {
  Deno.bench({ name: `${name}`, group: name, baseline: true }, () => {
    f();
  });
  Deno.bench({ name: `${name}, TypeScript loops`, group: name }, () => {
    const was = setWasmEnabled(false);
    f();
    setWasmEnabled(was);
  });
};

both("a * b (1e6)", () => a.mul(b));
both("a + b (1e6)", () => a.add(b));
both("a * 0.5 (1e6)", () => a.mul(0.5));
both("a.sum() (1e6)", () => a.sum());
Deno.bench("a.t() of 1000×1000 made contiguous", { group: "gather" }, () => {
  a.reshape(1000, 1000).t().contiguous();
});
Deno.bench("expand(1e6) made contiguous", { group: "gather" }, () => {
  rand([1]).expand(n).contiguous();
});
