/**
 * Ordering one lane of values: a stable merge sort of (value, index) pairs with PyTorch's NaN
 * order, and PyTorch's quickselect (the one `kthvalue` runs, so the index it returns among equal
 * values is PyTorch's).
 *
 * @module
 */

/**
 * Whether `a` goes strictly before `b`: ascending with NaN last, or descending with NaN first
 * (NaN is the largest value, as in PyTorch's sorts). Equal values (0 and -0 too) go in neither
 * order.
 */
function before(a: number, b: number, descending: boolean): boolean {
  return descending ? a > b || (a !== a && b === b) : a < b || (b !== b && a === a);
}

/** Insertion-sorts the run `[lo, hi)` of (key, index) pairs, stably. */
function insertionSort(
  key: Float64Array,
  index: Float64Array,
  lo: number,
  hi: number,
  descending: boolean,
): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = key[i];
    const x = index[i];
    let j = i - 1;
    while (j >= lo && before(k, key[j], descending)) {
      key[j + 1] = key[j];
      index[j + 1] = index[j];
      j--;
    }
    key[j + 1] = k;
    index[j + 1] = x;
  }
}

/** Length of the runs insertion-sorted before merging. */
const RUN = 16;

/**
 * Sorts the first `n` (key, index) pairs by key, stably (equal keys keep their order), ascending
 * with NaN last or descending with NaN first. Bottom-up merge sort over insertion-sorted runs.
 *
 * @param key The values (sorted in place).
 * @param index Their indices (permuted with them).
 * @param n How many pairs.
 * @param descending Largest first.
 * @param keyBuffer Scratch space, at least `n` long.
 * @param indexBuffer Scratch space, at least `n` long.
 */
export function sortPairs(
  key: Float64Array,
  index: Float64Array,
  n: number,
  descending: boolean,
  keyBuffer: Float64Array,
  indexBuffer: Float64Array,
): void {
  for (let lo = 0; lo < n; lo += RUN) {
    insertionSort(key, index, lo, Math.min(lo + RUN, n), descending);
  }
  let srcK = key;
  let srcI = index;
  let dstK = keyBuffer;
  let dstI = indexBuffer;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let a = lo;
      let b = mid;
      for (let p = lo; p < hi; p++) {
        if (b < hi && (a >= mid || before(srcK[b], srcK[a], descending))) {
          dstK[p] = srcK[b];
          dstI[p] = srcI[b++];
        } else {
          dstK[p] = srcK[a];
          dstI[p] = srcI[a++];
        }
      }
    }
    [srcK, dstK] = [dstK, srcK];
    [srcI, dstI] = [dstI, srcI];
  }
  if (srcK !== key) {
    key.set(srcK.subarray(0, n));
    index.set(srcI.subarray(0, n));
  }
}

/** PyTorch's order of `kthvalue`: `x` after `y` (NaN the largest). */
function greater(x: number, y: number): boolean {
  return (x !== x && y === y) || x > y;
}

/**
 * Moves the `k`-th smallest of the first `n` values (NaN the largest) to position `k`, permuting
 * `index` with the values: PyTorch's `quick_select_template` (Sedgewick's partitioning with a
 * median-of-three pivot), step for step, so that among equal values the one that lands at `k`
 * is the one PyTorch returns.
 *
 * @param value The values (permuted in place).
 * @param index Their indices (permuted with them).
 * @param n How many.
 * @param k The rank wanted, from 0.
 */
export function quickSelect(value: Float64Array, index: Float64Array, n: number, k: number): void {
  const swap = (i: number, j: number) => {
    const v = value[i];
    value[i] = value[j];
    value[j] = v;
    const x = index[i];
    index[i] = index[j];
    index[j] = x;
  };
  let lo = 0;
  let hi = n - 1;
  for (;;) {
    if (hi <= lo) return;
    if (hi === lo + 1) {
      if (greater(value[lo], value[hi])) swap(lo, hi);
      return;
    }
    swap((lo + hi) >> 1, lo + 1);
    if (greater(value[lo + 1], value[hi])) swap(lo + 1, hi);
    if (greater(value[lo], value[hi])) swap(lo, hi);
    if (greater(value[lo + 1], value[lo])) swap(lo + 1, lo);
    let i = lo + 1;
    let j = hi;
    const pivot = value[lo];
    for (;;) {
      do i++; while (greater(pivot, value[i]));
      do j--; while (greater(value[j], pivot));
      if (j < i) break;
      swap(i, j);
    }
    swap(lo, j);
    if (j <= k) lo = i;
    if (j >= k) hi = j - 1;
  }
}

/**
 * The position of the element of rank `m` (from 0) among the first `n` values in the stable
 * ascending order (NaN the largest, equal values by position): a quickselect for the value, then
 * the equal values counted in order. O(n); `key` is not changed.
 *
 * @param key The values.
 * @param n How many.
 * @param m The rank.
 * @param value Scratch space, at least `n` long.
 * @param index Scratch space, at least `n` long.
 * @returns The position in `key`.
 */
export function stableRank(
  key: Float64Array,
  n: number,
  m: number,
  value: Float64Array,
  index: Float64Array,
): number {
  for (let j = 0; j < n; j++) {
    value[j] = key[j];
    index[j] = j;
  }
  quickSelect(value, index, n, m);
  const t = value[m];
  let below = 0;
  for (let j = 0; j < n; j++) if (before(key[j], t, false)) below++;
  for (let j = 0; j < n; j++) {
    if (!before(key[j], t, false) && !before(t, key[j], false) && below++ === m) return j;
  }
  return index[m]; // not reached: the value at rank m is one of the keys
}

/**
 * The first `k` of the first `n` (key, index) pairs in the stable order (see
 * {@linkcode sortPairs}), sorted, moved to the front of `key` and `index`: for `k` well below `n`
 * by a selection and a sort of the `k` (O(n + k log k)), else by sorting everything.
 *
 * @param key The values (the first `k` are the result).
 * @param index Their indices (permuted with them).
 * @param n How many pairs.
 * @param k How many wanted.
 * @param descending Largest first.
 * @param keyBuffer Scratch space, at least `n` long.
 * @param indexBuffer Scratch space, at least `n` long.
 */
export function firstPairs(
  key: Float64Array,
  index: Float64Array,
  n: number,
  k: number,
  descending: boolean,
  keyBuffer: Float64Array,
  indexBuffer: Float64Array,
): void {
  if (4 * k >= n) {
    sortPairs(key, index, n, descending, keyBuffer, indexBuffer);
    return;
  }
  if (k === 0) return;
  // the k-th in this order is, in the ascending one, of rank k - 1 or (descending) n - k
  const at = stableRank(key, n, descending ? n - k : k - 1, keyBuffer, indexBuffer);
  const t = key[at];
  let c = 0;
  for (let j = 0; j < n; j++) {
    if (before(key[j], t, descending)) {
      keyBuffer[c] = key[j];
      indexBuffer[c++] = index[j];
    }
  }
  for (let j = 0; j < n && c < k; j++) {
    if (!before(key[j], t, descending) && !before(t, key[j], descending)) {
      keyBuffer[c] = key[j];
      indexBuffer[c++] = index[j];
    }
  }
  key.set(keyBuffer.subarray(0, k));
  index.set(indexBuffer.subarray(0, k));
  sortPairs(key, index, k, descending, keyBuffer, indexBuffer);
}
