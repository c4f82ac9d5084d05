// descent-only linear-algebra benchmarks (issue 13): `deno bench --allow-read bench/linalg_bench.ts`.
// The factorisations of tensor/kernels/ (LU, Householder QR, Cholesky, Jacobi eigh, one-sided
// Jacobi SVD) at a few sizes, a batch of small solves (the Newton-step shape), and addmm
// against the mm + add it replaces.
import { addmm, eye, linalg, manualSeed, mm, randn, type Tensor } from "@descent/tensor";

manualSeed(0);
const f64 = { dtype: "float64" } as const;
const wellcond = (n: number, batch: number[] = []): Tensor =>
  randn([...batch, n, n], f64).add(eye(n, n, f64).mul(n));

for (const n of [3, 32, 128]) {
  const A = wellcond(n);
  const B = randn([n, 1], f64);
  const S = A.matmul(A.t());
  Deno.bench(`solve ${n}×${n}`, { group: `n = ${n}` }, () => void linalg.solve(A, B));
  Deno.bench(`inv ${n}×${n}`, { group: `n = ${n}` }, () => void linalg.inv(A));
  Deno.bench(`cholesky ${n}×${n}`, { group: `n = ${n}` }, () => void linalg.cholesky(S));
  Deno.bench(`qr ${n}×${n}`, { group: `n = ${n}` }, () => void linalg.qr(A));
  Deno.bench(`eigh ${n}×${n}`, { group: `n = ${n}` }, () => void linalg.eigh(S));
  Deno.bench(`svd ${n}×${n}`, { group: `n = ${n}` }, () => void linalg.svd(A));
}

const batchA = wellcond(3, [1000]);
const batchB = randn([1000, 3], f64);
Deno.bench("solve 1000 batched 3×3 systems", { group: "batched" }, () => {
  linalg.solve(batchA, batchB);
});

const x = randn([64, 256]);
const w = randn([256, 128]);
const bias = randn([128]);
Deno.bench("addmm 64×256 @ 256×128 + bias", { group: "addmm", baseline: true }, () => {
  addmm(bias, x, w);
});
Deno.bench("mm then add", { group: "addmm" }, () => void mm(x, w).add(bias));
