// descent-only matmul benchmarks for quick before/after checks: `deno task bench`.
// The WebAssembly GEMM against the TypeScript loops it replaces, transposed operands, float64.
import { rand, type Tensor } from "@descent/tensor";
import { setWasmEnabled } from "../tensor/kernels/wasm_runtime.ts";

function pair(n: number, dtype: "float32" | "float64" = "float32"): [Tensor, Tensor] {
  return [rand([n, n], { dtype }), rand([n, n], { dtype })];
}

for (const n of [64, 256, 512, 1024]) {
  const [a, b] = pair(n);
  Deno.bench({ name: `matmul ${n}×${n} f32`, group: `matmul ${n}`, baseline: true }, () => {
    a.matmul(b);
  });
  Deno.bench({ name: `matmul ${n}×${n} f32, Bᵀ view`, group: `matmul ${n}` }, () => {
    a.matmul(b.t());
  });
  Deno.bench({ name: `matmul ${n}×${n} f32, Aᵀ view`, group: `matmul ${n}` }, () => {
    a.t().matmul(b);
  });
  if (n <= 512) {
    const [c, d] = pair(n, "float64");
    Deno.bench({ name: `matmul ${n}×${n} f64`, group: `matmul ${n}` }, () => {
      c.matmul(d);
    });
  }
  if (n <= 256) {
    Deno.bench({ name: `matmul ${n}×${n} f32, TypeScript loops`, group: `matmul ${n}` }, () => {
      const was = setWasmEnabled(false);
      a.matmul(b);
      setWasmEnabled(was);
    });
  }
}
