// descent-only engine benchmarks (issue 9, item 17): `deno bench --allow-read bench/autograd_bench.ts`.
// The shapes that the old "needed" pass walked quadratically: grad() through a running sum of a
// 20,000-step chain, and a double backward at depth 4,000.
import { grad } from "@descent/autograd";
import { type Tensor, tensor } from "@descent/tensor";

/** `s = v_i + s` over a chain `v_i = v_{i-1} * c`: 40,000 nodes. */
function runningSum(n: number): { x: Tensor; s: Tensor } {
  const x = tensor(1, { dtype: "float64", requiresGrad: true });
  let v = x;
  let s = tensor(0, { dtype: "float64" });
  for (let i = 0; i < n; i++) {
    v = v.mul(1.00001);
    s = v.add(s);
  }
  return { x, s };
}

const chain = runningSum(20_000);
Deno.bench(
  "grad() through a 20,000-step running sum (graph built once)",
  { group: "engine" },
  () => {
    grad(chain.s, chain.x, { retainGraph: true });
  },
);

const x = tensor(0.5, { dtype: "float64", requiresGrad: true });
let y = x;
for (let i = 0; i < 4_000; i++) y = y.sin();
Deno.bench(
  "double backward at depth 4,000: grad(createGraph), then grad",
  { group: "engine" },
  () => {
    const [g] = grad(y, x, { createGraph: true, retainGraph: true });
    grad(g!, x, { retainGraph: true });
  },
);
