/**
 * Scans along one dim: cumulative sums, products, log-sum-exps and extrema. A tensor's values are
 * read as lanes: `outer` blocks of `n` steps, each lane's elements `inner` apart (lane `(o, i)`'s
 * step `j` at `(o·n + j)·inner + i`), in exact doubles; results are written in the same layout.
 *
 * @module
 */

/**
 * `log(exp(x) + exp(y))` as PyTorch's `_log_add_exp_helper` computes it: `max + log1p(exp(min -
 * max))`, except that equal infinities give the first operand (so ∞ + ∞ is ∞ and -∞ + -∞ is
 * -∞); NaN propagates.
 *
 * @param x The running value.
 * @param y The next element.
 * @returns `log(exp(x) + exp(y))`.
 */
export function logAddExp(x: number, y: number): number {
  const min = y !== y ? y : Math.min(x, y);
  const max = y !== y ? y : Math.max(x, y);
  if (min !== max || Number.isFinite(min)) return Math.log1p(Math.exp(min - max)) + max;
  return x;
}

/** The running operation of {@linkcode cumulate}. */
export type ScanOp = "sum" | "prod" | "logsumexp";

/**
 * Cumulative sums, products or log-sum-exps along each lane, from 0, 1 or -∞ (so `cumsum([-0])`
 * is 0, as in PyTorch). Along the last dim, lane by lane with the running value in a register;
 * otherwise row by row (step `j` of every lane of a block from step `j - 1`), so the inner loop
 * runs over contiguous memory whatever the dim. Accumulated in float64 (exact for
 * integers while the results stay within ±2^53).
 *
 * @param v The values.
 * @param outer Lanes' blocks.
 * @param n Steps per lane.
 * @param inner Stride between steps (lanes per block).
 * @param op What to accumulate.
 * @param out The results, same layout.
 */
export function cumulate(
  v: Float64Array,
  outer: number,
  n: number,
  inner: number,
  op: ScanOp,
  out: Float64Array,
): void {
  const block = n * inner;
  for (let o = 0; o < outer && n > 0; o++) {
    const base = o * block;
    const end = base + block;
    if (inner === 1) {
      // one lane per block: the running value stays in a register
      let acc = op === "sum" ? 0 : op === "prod" ? 1 : -Infinity;
      if (op === "sum") { for (let p = base; p < end; p++) out[p] = acc += v[p]; }
      else if (op === "prod") { for (let p = base; p < end; p++) out[p] = acc *= v[p]; }
      else for (let p = base; p < end; p++) out[p] = acc = logAddExp(acc, v[p]);
    } else if (op === "sum") {
      for (let p = base; p < base + inner; p++) out[p] = 0 + v[p];
      for (let p = base + inner; p < end; p++) out[p] = out[p - inner] + v[p];
    } else if (op === "prod") {
      for (let p = base; p < base + inner; p++) out[p] = v[p];
      for (let p = base + inner; p < end; p++) out[p] = out[p - inner] * v[p];
    } else {
      for (let p = base; p < base + inner; p++) out[p] = logAddExp(-Infinity, v[p]);
      for (let p = base + inner; p < end; p++) out[p] = logAddExp(out[p - inner], v[p]);
    }
  }
}

/**
 * Running maxima (or minima) along each lane and where they were: an element at least as large
 * (small) as the running one takes its place, so ties move to the later index; a NaN takes it,
 * and after a NaN only a NaN does (PyTorch's `cummax_cummin_helper`).
 *
 * @param v The values.
 * @param outer Lanes' blocks.
 * @param n Steps per lane.
 * @param inner Stride between steps.
 * @param largest `true` for `cummax`.
 * @param values The running extrema, same layout.
 * @param indices Their steps, same layout.
 */
export function cumulativeExtrema(
  v: Float64Array,
  outer: number,
  n: number,
  inner: number,
  largest: boolean,
  values: Float64Array,
  indices: Float64Array,
): void {
  for (let o = 0; o < outer && n > 0; o++) {
    const base = o * n * inner;
    for (let p = base; p < base + inner; p++) {
      values[p] = v[p];
      indices[p] = 0;
    }
    for (let j = 1; j < n; j++) {
      for (let p = base + j * inner, end = p + inner; p < end; p++) {
        const x = v[p];
        const best = values[p - inner];
        if (x !== x || (best === best && (largest ? x >= best : x <= best))) {
          values[p] = x;
          indices[p] = j;
        } else {
          values[p] = best;
          indices[p] = indices[p - inner];
        }
      }
    }
  }
}
