// descent-only benchmarks of the shape and joining ops (issue 13):
// `deno bench --allow-read bench/shape_bench.ts`. Padding a batch of images (each mode), the
// copies through index maps (flip, roll, repeat) against a plain contiguous copy of the same
// size, the gradient of overlapping windows (unfold), and einsum against the matmul/bmm call it
// becomes.
import { bmm, einsum, manualSeed, matmul, pad, randn, type Tensor } from "@descent/tensor";

manualSeed(0);
const images = randn([64, 3, 32, 32]); // 196,608 float32 elements
for (const mode of ["constant", "reflect", "replicate", "circular"] as const) {
  Deno.bench(`pad ${mode} 64×3×32×32 by 2`, { group: "pad" }, () => {
    pad(images, [2, 2, 2, 2], { mode });
  });
}
Deno.bench("clone 64×3×32×32 (a plain copy)", { group: "pad", baseline: true }, () => {
  images.clone();
});

Deno.bench("clone", { group: "copies", baseline: true }, () => void images.clone());
Deno.bench("flip last dim", { group: "copies" }, () => void images.flip(-1));
Deno.bench("roll (3, 5) along the last two dims", { group: "copies" }, () => {
  images.roll([3, 5], [2, 3]);
});
Deno.bench("repeat (1, 1, 2, 1) (twice the output)", { group: "copies" }, () => {
  images.repeat(1, 1, 2, 1);
});

const signal = randn([64, 4096], { requiresGrad: true });
Deno.bench("unfold 64×4096 windows of 64 step 16, backward", { group: "unfold" }, () => {
  signal.unfold(1, 64, 16).sum().backward();
  signal.grad = null;
});

const a = randn([256, 256]);
const b = randn([256, 256]);
Deno.bench("matmul 256×256 @ 256×256", { group: "einsum mm", baseline: true }, () => {
  matmul(a, b);
});
Deno.bench('einsum("ij,jk->ik")', { group: "einsum mm" }, () => void einsum("ij,jk->ik", a, b));
Deno.bench('einsum("ij,kj->ik") (transposed operand)', { group: "einsum mm" }, () => {
  einsum("ij,kj->ik", a, b);
});
const qa: Tensor = randn([8, 4, 128, 32]);
const qb: Tensor = randn([8, 4, 128, 32]);
Deno.bench("bmm 32×(128×32 @ 32×128)", { group: "einsum attention", baseline: true }, () => {
  bmm(qa.reshape(32, 128, 32), qb.reshape(32, 128, 32).transpose(1, 2));
});
Deno.bench('einsum("bhqd,bhkd->bhqk")', { group: "einsum attention" }, () => {
  einsum("bhqd,bhkd->bhqk", qa, qb);
});
