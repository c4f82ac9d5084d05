import assert from "node:assert/strict";
import { firstPairs, quickSelect, sortPairs, stableRank } from "./sort.ts";

/** A deterministic pseudo-random stream (xorshift), for test data. */
function stream(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** The stable order of `v` as a reference: NaN the largest, ties by index. */
function reference(v: number[], descending: boolean): number[] {
  const key = (x: number) => (x !== x ? Infinity : x);
  const rank = (a: number, b: number) => {
    if (v[a] !== v[a] || v[b] !== v[b]) {
      const na = v[a] !== v[a] ? 1 : 0;
      const nb = v[b] !== v[b] ? 1 : 0;
      return descending ? nb - na : na - nb;
    }
    return descending ? key(v[b]) - key(v[a]) : key(v[a]) - key(v[b]);
  };
  return [...v.keys()].sort((a, b) => rank(a, b) || a - b);
}

Deno.test("sortPairs: stable, NaN last ascending and first descending, across run boundaries", () => {
  const next = stream(7);
  for (const n of [0, 1, 2, 15, 16, 17, 31, 32, 33, 100, 257]) {
    for (const descending of [false, true]) {
      const v = Array.from({ length: n }, () => {
        const r = next();
        return r < 0.1 ? NaN : Math.floor(r * 6) - 2;
      });
      const key = Float64Array.from(v);
      const index = Float64Array.from(v.keys());
      sortPairs(key, index, n, descending, new Float64Array(n), new Float64Array(n));
      const want = reference(v, descending);
      assert.deepEqual([...index], want, `n=${n} descending=${descending}`);
      assert.deepEqual([...key], want.map((i) => v[i]));
    }
  }
});

Deno.test("quickSelect: position k holds the k-th smallest (NaN largest), partitioned around it", () => {
  const next = stream(9);
  for (const n of [1, 2, 3, 4, 7, 20, 65]) {
    for (let k = 0; k < n; k++) {
      const v = Array.from({ length: n }, () => (next() < 0.1 ? NaN : Math.floor(next() * 5)));
      const value = Float64Array.from(v);
      const index = Float64Array.from(v.keys());
      quickSelect(value, index, n, k);
      const sorted = reference(v, false).map((i) => v[i]);
      assert.ok(Object.is(value[k], sorted[k]), `n=${n} k=${k}`);
      assert.ok(Object.is(v[index[k]], value[k]));
      assert.deepEqual([...index].sort((a, b) => a - b), [...v.keys()]);
      const big = (x: number) => (x !== x ? Infinity : x);
      for (let j = 0; j < k; j++) assert.ok(big(value[j]) <= big(value[k]));
      for (let j = k + 1; j < n; j++) assert.ok(big(value[j]) >= big(value[k]));
    }
  }
});

Deno.test("stableRank and firstPairs: the stable order's element of rank m, and its first k", () => {
  const next = stream(11);
  for (const n of [1, 2, 5, 8, 40, 129]) {
    const v = Array.from({ length: n }, () => (next() < 0.1 ? NaN : Math.floor(next() * 4)));
    for (const descending of [false, true]) {
      const want = reference(v, descending);
      for (let k = 0; k <= n; k++) {
        const key = Float64Array.from(v);
        const index = Float64Array.from(v.keys());
        firstPairs(key, index, n, k, descending, new Float64Array(n), new Float64Array(n));
        assert.deepEqual(
          [...index.subarray(0, k)],
          want.slice(0, k),
          `n=${n} k=${k} ${descending}`,
        );
      }
    }
    const up = reference(v, false);
    for (let m = 0; m < n; m++) {
      const scratch = [new Float64Array(n), new Float64Array(n)] as const;
      assert.equal(stableRank(Float64Array.from(v), n, m, ...scratch), up[m], `n=${n} m=${m}`);
    }
  }
});
