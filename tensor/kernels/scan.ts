/**
 * Scans along one dim: cumulative sums, products, log-sum-exps and extrema. A tensor's values are
 * read as lanes: `outer` blocks of `n` steps, each lane's elements `inner` apart (lane `(o, i)`'s
 * step `j` at `(o·n + j)·inner + i`), in exact doubles; results are written in the same layout.
 *
 * @module
 */

/**
 * Cumulative sums along each lane (accumulated in float64; exact for integers while the sums
 * stay within ±2^53).
 *
 * @param v The values.
 * @param outer Lanes' blocks.
 * @param n Steps per lane.
 * @param inner Stride between steps (lanes per block).
 * @param out The sums, same layout.
 */
export function cumulativeSums(
  v: Float64Array,
  outer: number,
  n: number,
  inner: number,
  out: Float64Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let p = o * n * inner + i, end = p + n * inner; p < end; p += inner) out[p] = s += v[p];
    }
  }
}

/**
 * Cumulative products along each lane.
 *
 * @param v The values.
 * @param outer Lanes' blocks.
 * @param n Steps per lane.
 * @param inner Stride between steps.
 * @param out The products, same layout.
 */
export function cumulativeProducts(
  v: Float64Array,
  outer: number,
  n: number,
  inner: number,
  out: Float64Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let m = 1;
      for (let p = o * n * inner + i, end = p + n * inner; p < end; p += inner) out[p] = m *= v[p];
    }
  }
}

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

/**
 * Cumulative `log(Σ exp(x))` along each lane, starting from -∞ (PyTorch's `logcumsumexp`).
 *
 * @param v The values.
 * @param outer Lanes' blocks.
 * @param n Steps per lane.
 * @param inner Stride between steps.
 * @param out The results, same layout.
 */
export function cumulativeLogSumExps(
  v: Float64Array,
  outer: number,
  n: number,
  inner: number,
  out: Float64Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = -Infinity;
      for (let p = o * n * inner + i, end = p + n * inner; p < end; p += inner) {
        out[p] = acc = logAddExp(acc, v[p]);
      }
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
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const p0 = o * n * inner + i;
      let best = v[p0];
      let at = 0;
      for (let j = 0, p = p0; j < n; j++, p += inner) {
        const x = v[p];
        if (x !== x || (best === best && (largest ? x >= best : x <= best))) {
          best = x;
          at = j;
        }
        values[p] = best;
        indices[p] = at;
      }
    }
  }
}
