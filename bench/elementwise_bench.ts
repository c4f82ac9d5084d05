// descent-only elementwise and reduction benchmarks (1e6 float32 elements): `deno task bench`.
import { rand } from "@descent/tensor";
import { setWasmEnabled } from "../tensor/kernels/wasm_runtime.ts";

const n = 1_000_000;
const a = rand([n]);
const b = rand([n]);

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
