// descent-only benchmarks of the reductions and scans (issue 13):
// `deno bench --allow-read bench/reduce_bench.ts`. One 256×1024 float32 matrix (262,144
// elements), reduced, scanned or sorted along its rows (dim 1) and its columns (dim 0), beside
// `sum` (the reduction descent had before) as the baseline.
import { linalg, manualSeed, randn } from "@descent/tensor";

manualSeed(0);
const x = randn([256, 1024]);
const rows = { group: "reductions of rows" };
Deno.bench("sum(1)", { ...rows, baseline: true }, () => void x.sum(1));
Deno.bench("var(1)", rows, () => void x.var(1));
Deno.bench("prod(1)", rows, () => void x.prod(1));
Deno.bench("amax(1)", rows, () => void x.amax(1));
Deno.bench("vectorNorm(2, dim 1)", rows, () => void linalg.vectorNorm(x, 2, { dim: 1 }));
Deno.bench("var(0) (columns: a permuted copy first)", rows, () => void x.var(0));

const scans = { group: "scans" };
Deno.bench("cumsum(1)", { ...scans, baseline: true }, () => void x.cumsum(1));
Deno.bench("cumsum(0)", scans, () => void x.cumsum(0));
Deno.bench("logcumsumexp(1)", scans, () => void x.logcumsumexp(1));
Deno.bench("cummax(1)", scans, () => void x.cummax(1));

const order = { group: "sorting and selection" };
Deno.bench("sort(1)", { ...order, baseline: true }, () => void x.sort(1));
Deno.bench("sort(0)", order, () => void x.sort(0));
Deno.bench("topk(10, 1)", order, () => void x.topk(10, 1));
Deno.bench("kthvalue(512, 1)", order, () => void x.kthvalue(512, 1));
Deno.bench("median(1)", order, () => void x.median(1));
