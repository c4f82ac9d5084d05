// descent-only benchmarks of indexing (issue 11): `deno bench --allow-read bench/indexing_bench.ts`.
// Gathering a batch of rows (t[idx], indexSelect) against a plain copy of the same size; a mask's
// elements (t[mask]) and writing through one (t[mask] = 0); gather along the last dim (picking one
// logit per row, as cross-entropy does); and an in-place op on a view recorded as CopySlices,
// forward and backward, against the out-of-place op.
import { indexSelect, manualSeed, randint, randn, slice, type Tensor } from "@descent/tensor";

manualSeed(0);
const table = randn([60_000, 784]); // W7's features
const rows = randint(0, 60_000, [128]);
const batch = table.index(slice(0, 128));
Deno.bench("clone of 128×784 (a plain copy)", { group: "rows", baseline: true }, () => {
  batch.clone();
});
Deno.bench(
  "t[idx]: 128 random rows of 60 000×784",
  { group: "rows" },
  () => void table.index(rows),
);
Deno.bench("indexSelect(t, 0, idx)", { group: "rows" }, () => void indexSelect(table, 0, rows));

const x = randn([1000, 1000]);
const mask = x.gt(0);
Deno.bench("t[mask]: 1e6 elements, half selected", { group: "mask" }, () => void x.index(mask));
Deno.bench("maskedFill(mask, 0)", { group: "mask", baseline: true }, () => {
  x.maskedFill(mask, 0);
});
Deno.bench("t[mask] = 0 (indexPut_) on a copy", { group: "mask" }, () => {
  x.clone().indexPut_([mask], 0);
});

const logits = randn([4096, 512]);
const labels = randint(0, 512, [4096, 1]);
Deno.bench("gather(1, labels): one of 512 per row, 4096 rows", () => void logits.gather(1, labels));

const w = randn([256, 256], { requiresGrad: true });
const step = (f: (t: Tensor) => Tensor) => () => {
  f(w.mul(1)).sum().backward();
  w.grad = null;
};
Deno.bench(
  "t[:128].mul_(2) (CopySlices), backward",
  { group: "copy slices" },
  step((t) => {
    t.index(slice(0, 128)).mul_(2);
    return t;
  }),
);
Deno.bench(
  "t.mul(mask) (out of place), backward",
  { group: "copy slices", baseline: true },
  step(
    (t) => t.mul(2),
  ),
);
