// descent-only training-loop benchmarks, the harness's W1, W2 and W4: `deno task bench`.
import { descent } from "./descent_peer.ts";

const w1 = descent.w1();
Deno.bench("W1 tutorial loop iteration (3×3)", () => {
  w1();
});
const w2 = descent.w2();
Deno.bench("W2 (a*b + c).sum() forward + backward (1e6)", () => {
  w2();
});
const w4 = descent.w4();
Deno.bench("W4 MLP 784→256→10 training step (batch 128)", () => {
  w4();
});
