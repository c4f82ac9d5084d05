/**
 * Reductions of rows: `rows` consecutive runs of `len` exact doubles (the reduced dims moved
 * last), one result per row. Every loop reads and writes Float64Arrays only (float32 values are
 * read as doubles, and results rounded once when stored), so they stay monomorphic and
 * accumulate in float64 as descent's sums do.
 *
 * @module
 */

/**
 * Mean and variance of each row: `var = M2 / max(0, len - correction)` (NaN when M2 is 0 and no
 * degree of freedom is left, else ±inf there). Two passes (the mean, then the squared deviations)
 * where the row's sum is finite; otherwise Welford's update, as PyTorch's `WelfordOps` reduces a
 * row, so that an infinity followed by another element makes the mean NaN as in `var_mean`.
 *
 * @param v The rows.
 * @param rows Number of rows.
 * @param len Row length.
 * @param correction Subtracted from `len` in the divisor (Bessel's correction: 1).
 * @param variance One variance per row (written).
 * @param mean One mean per row (written; NaN for an empty row).
 */
export function rowMoments(
  v: Float64Array,
  rows: number,
  len: number,
  correction: number,
  variance: Float64Array,
  mean: Float64Array,
): void {
  const dof = Math.max(0, len - correction);
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    let s = 0;
    for (let j = 0; j < len; j++) s += v[base + j];
    let m = s / len;
    let m2 = 0;
    if (Number.isFinite(s)) {
      for (let j = 0; j < len; j++) {
        const d = v[base + j] - m;
        m2 += d * d;
      }
    } else {
      m = 0;
      for (let j = 0; j < len; j++) {
        const x = v[base + j];
        const delta = x - m;
        m += delta / (j + 1);
        m2 += delta * (x - m);
      }
    }
    mean[r] = len === 0 ? NaN : m;
    variance[r] = m2 / dof;
  }
}

/**
 * Product of each row (1 for an empty row).
 *
 * @param v The rows.
 * @param rows Number of rows.
 * @param len Row length.
 * @param out One product per row.
 */
export function rowProducts(v: Float64Array, rows: number, len: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    let p = 1;
    for (let j = r * len, end = j + len; j < end; j++) p *= v[j];
    out[r] = p;
  }
}

/**
 * Sum of each row with NaNs left out (PyTorch's `nansum`).
 *
 * @param v The rows.
 * @param rows Number of rows.
 * @param len Row length.
 * @param out One sum per row.
 */
export function rowNansums(v: Float64Array, rows: number, len: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = r * len, end = j + len; j < end; j++) {
      const x = v[j];
      if (x === x) s += x;
    }
    out[r] = s;
  }
}

/**
 * Largest (or smallest) element of each row, NaN if the row has one; of equal elements the first
 * (`amax([0, -0])` is 0, `amax([-0, 0])` is -0), as PyTorch's scalar reduction loop keeps it.
 *
 * @param v The rows (`len` ≥ 1).
 * @param rows Number of rows.
 * @param len Row length.
 * @param largest `true` for the largest.
 * @param out One extremum per row.
 */
export function rowExtrema(
  v: Float64Array,
  rows: number,
  len: number,
  largest: boolean,
  out: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    let m = v[base];
    for (let j = 1; j < len && m === m; j++) {
      const x = v[base + j];
      if (x !== x || (largest ? x > m : x < m)) m = x;
    }
    out[r] = m;
  }
}

/**
 * Whether every (`every`) or some element of each row is nonzero (NaN counts as nonzero). An
 * empty row gives `every`.
 *
 * @param v The rows.
 * @param rows Number of rows.
 * @param len Row length.
 * @param every `true` for `all`, `false` for `any`.
 * @param out 1 or 0 per row.
 */
export function rowTruth(
  v: Float64Array,
  rows: number,
  len: number,
  every: boolean,
  out: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    let t = every;
    for (let j = r * len, end = j + len; j < end && t === every; j++) {
      if ((v[j] !== 0) !== every) t = !every;
    }
    out[r] = t ? 1 : 0;
  }
}

/**
 * The vector norm of order `ord` of each row, as PyTorch's `linalg.vector_norm` defines it:
 * `max |x|` (∞), `min |x|` (-∞), the count of nonzero elements (0), `Σ |x|` (1), `√(Σ x²)` (2),
 * `(Σ |x|^ord)^(1/ord)` otherwise. NaN propagates (it counts as nonzero for order 0).
 *
 * @param v The rows.
 * @param rows Number of rows.
 * @param len Row length (≥ 1 for ±∞ and negative orders, which have no identity).
 * @param ord The order.
 * @param out One norm per row.
 */
export function rowNorms(
  v: Float64Array,
  rows: number,
  len: number,
  ord: number,
  out: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    let s = 0;
    if (ord === Infinity || ord === -Infinity) {
      s = Math.abs(v[base]);
      for (let j = 1; j < len && s === s; j++) {
        const a = Math.abs(v[base + j]);
        if (a !== a || (ord > 0 ? a > s : a < s)) s = a;
      }
    } else if (ord === 0) {
      for (let j = 0; j < len; j++) if (v[base + j] !== 0) s++;
    } else if (ord === 1) {
      for (let j = 0; j < len; j++) s += Math.abs(v[base + j]);
    } else if (ord === 2) {
      for (let j = 0; j < len; j++) s += v[base + j] * v[base + j];
      s = Math.sqrt(s);
    } else {
      for (let j = 0; j < len; j++) s += Math.abs(v[base + j]) ** ord;
      s = s ** (1 / ord);
    }
    out[r] = s;
  }
}
