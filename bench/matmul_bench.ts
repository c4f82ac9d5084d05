// descent-only matmul benchmarks for quick before/after checks: `deno task bench`.
// The WebAssembly GEMM against the TypeScript loops it replaces, transposed operands, float64.
// First it prints the GEMM's rates in GFLOP/s against this machine's measured SIMD peak.
import { addmm, conv2d, rand, type Tensor } from "@descent/tensor";
import { setGemmThreads } from "../tensor/kernels/matmul.ts";
import { setWasmEnabled } from "../tensor/kernels/wasm_runtime.ts";
import { printRoofline } from "./harness/roofline.ts";

function pair(n: number, dtype: "float32" | "float64" = "float32"): [Tensor, Tensor] {
  return [rand([n, n], { dtype }), rand([n, n], { dtype })];
}

{
  const square = (n: number, dtype: "float32" | "float64" = "float32") => {
    const [a, b] = pair(n, dtype);
    return { name: `matmul ${n}×${n} ${dtype}`, run: () => a.matmul(b), flops: 2 * n ** 3 };
  };
  // W4's first layer, x @ W.T + b, and W8's second convolution (im2col + GEMM)
  const [x, w, bias] = [rand([128, 784]), rand([256, 784]), rand([256])];
  const [img, k] = [rand([64, 6, 12, 12]), rand([16, 6, 5, 5])];
  const alone = (n: number) => {
    const k = square(n);
    const run = () => {
      const was = setGemmThreads(false);
      k.run();
      setGemmThreads(was);
    };
    return { ...k, name: `${k.name}, calling thread only`, run };
  };
  printRoofline("GEMM (matmul, addmm, conv2d)", [
    ...[64, 256, 512, 1024].map((n) => square(n)),
    ...[256, 1024].map((n) => alone(n)),
    square(512, "float64"),
    {
      name: "addmm 128×784 · (256×784)ᵀ + bias",
      run: () => addmm(bias, x, w.t()),
      flops: 2 * 128 * 784 * 256,
    },
    {
      name: "conv2d 64×6×12×12 ∗ 16×6×5×5",
      run: () => conv2d(img, k),
      flops: 2 * 64 * 16 * 8 * 8 * 6 * 25,
    },
  ]);
}

for (const n of [64, 256, 512, 1024]) {
  const [a, b] = pair(n);
  Deno.bench({ name: `matmul ${n}×${n} f32`, group: `matmul ${n}`, baseline: true }, () => {
    a.matmul(b);
  });
  if (n >= 256) {
    Deno.bench({ name: `matmul ${n}×${n} f32, calling thread only`, group: `matmul ${n}` }, () => {
      const was = setGemmThreads(false);
      a.matmul(b);
      setGemmThreads(was);
    });
  }
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
