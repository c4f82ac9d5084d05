// descent-only training-loop benchmarks, the harness's W1, W2, W4, W7 and W8: `deno task bench`.
// W7 is W4's model written with @descent/nn (Sequential, Linear, MSELoss) fed by a DataLoader;
// the "mlp step" group shows it against W4, and the last bench times the loader's part alone
// (fetching one shuffled batch of 128).
import { DataLoader, TensorDataset } from "@descent/data";
import { Adam, SGD } from "@descent/optim";
import { manualSeed, rand, randn } from "@descent/tensor";
import { descent } from "./descent_peer.ts";
import { W7_SAMPLES } from "./harness/peer.ts";
import { printRoofline } from "./harness/roofline.ts";

{
  // The optimizer kernels over W4's parameters (784·256 + 256 + 256·10 + 10), float32.
  const params = () =>
    [[256, 784], [256], [10, 256], [10]].map((s) => {
      const p = rand(s).requiresGrad_();
      p.grad = rand(s);
      return p;
    });
  const n = 784 * 256 + 256 + 256 * 10 + 10;
  const [sgd, adam] = [new SGD(params(), { lr: 0.01 }), new Adam(params())];
  printRoofline("optimizer steps, float32", [
    // SGD reads the parameter and its gradient and writes the parameter; Adam also reads and
    // writes its two moment buffers
    { name: `SGD step (${n} parameters)`, run: () => sgd.step(), bytes: 12 * n },
    { name: `Adam step (${n} parameters)`, run: () => adam.step(), bytes: 28 * n },
  ]);
}

const w1 = descent.w1();
Deno.bench("W1 tutorial loop iteration (3×3)", () => {
  w1();
});
const w2 = descent.w2();
Deno.bench("W2 (a*b + c).sum() forward + backward (1e6)", () => {
  w2();
});
const w4 = descent.w4();
Deno.bench(
  "W4 MLP 784→256→10 training step (batch 128)",
  { group: "mlp step", baseline: true },
  () => {
    w4();
  },
);
const w7 = descent.w7!();
Deno.bench(
  "W7 W4's step on a DataLoader batch (60 000 samples, shuffled)",
  { group: "mlp step" },
  () => {
    w7();
  },
);

manualSeed(0);
const loader = new DataLoader(
  new TensorDataset(randn([W7_SAMPLES, 784]), randn([W7_SAMPLES, 10])),
  { batchSize: 128, shuffle: true },
);
let epoch = loader[Symbol.iterator]();
Deno.bench("W7's loader alone: the next shuffled batch of 128", () => {
  if (epoch.next().done) epoch = loader[Symbol.iterator]();
});
const w8 = descent.w8!();
Deno.bench("W8 LeNet-5 training step (batch 64, 1×28×28)", () => {
  w8();
});
