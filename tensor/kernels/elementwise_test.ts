import assert from "node:assert/strict";
import {
  ABS,
  ADD,
  axpy,
  binary,
  binaryScalar,
  type BinOp,
  DIV,
  EW_WASM_MIN,
  type FloatStorage as Storage,
  gather,
  map,
  MUL,
  NEG,
  RELU,
  SQRT,
  SQUARE,
  STEP,
  SUB,
  unary,
  type UnaryOp,
  withKernel,
} from "./elementwise.ts";
import { SUM_WASM_MIN, sumAll } from "./reduce.ts";
import { setWasmEnabled } from "./wasm_runtime.ts";

const OPS: [BinOp, string, (x: number, y: number) => number][] = [
  [ADD, "add", (x, y) => x + y],
  [SUB, "sub", (x, y) => x - y],
  [MUL, "mul", (x, y) => x * y],
  [DIV, "div", (x, y) => x / y],
];

/** Values with every special case, then pseudo-random ones of mixed magnitude. */
function values(n: number, seed: number, f64: boolean): Storage {
  const special = [0, -0, 1, -1, NaN, Infinity, -Infinity, 1e-40, -3e-39, 1e30, 0.1, 3];
  const out = f64 ? new Float64Array(n) : new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = i % 7 === 3
      ? special[(s >>> 8) % special.length]
      : (s / 2 ** 32 - 0.5) * 2 ** ((s % 40) - 20);
  }
  return out;
}

/** Same values bit for bit (any NaN matches any NaN). */
function assertSame(got: Storage, want: Storage, n: number, what: string): void {
  for (let i = 0; i < n; i++) {
    if (!Object.is(got[i], want[i]) && !(got[i] !== got[i] && want[i] !== want[i])) {
      assert.fail(`${what}: element ${i} is ${got[i]}, expected ${want[i]}`);
    }
  }
}

function withoutWasm<T>(f: () => T): T {
  const was = setWasmEnabled(false);
  try {
    return f();
  } finally {
    setWasmEnabled(was);
  }
}

// 20011 and 50001: several 64 KiB chunks of the SIMD path and a ragged last one
const SIZES = [1, 3, 17, 63, 65, 127, EW_WASM_MIN, EW_WASM_MIN + 5, 20011, 50001];

Deno.test("binary, same shapes: the SIMD path equals the JavaScript loops bit for bit", () => {
  for (const f64 of [false, true]) {
    for (const n of SIZES) {
      const a = values(n, n, f64);
      const b = values(n, n + 1, f64);
      for (const [op, name, fn] of OPS) {
        const fast = f64 ? new Float64Array(n) : new Float32Array(n);
        binary(op, [n], a, 0, [1], b, 0, [1], fast);
        const slow = f64 ? new Float64Array(n) : new Float32Array(n);
        withoutWasm(() => binary(op, [n], a, 0, [1], b, 0, [1], slow));
        assertSame(fast, slow, n, `${name} n=${n} f64=${f64}`);
        // and both are IEEE arithmetic in the storage type
        const round = f64 ? (x: number) => x : Math.fround;
        for (let i = 0; i < n; i += 97) {
          assertSame(fast.subarray(i, i + 1), new Float64Array([round(fn(a[i], b[i]))]), 1, name);
        }
      }
      // an operand used twice (x * x) is copied in once
      const sq = f64 ? new Float64Array(n) : new Float32Array(n);
      binary(MUL, [n], a, 0, [1], a, 0, [1], sq);
      const r = f64 ? (x: number) => x : Math.fround;
      for (let i = 0; i < n; i += 13) {
        assertSame(sq.subarray(i, i + 1), new Float64Array([r(a[i] * a[i])]), 1, "x*x");
      }
    }
  }
});

Deno.test("binaryScalar: every op both ways, identities, the SIMD path equals the loops", () => {
  for (const f64 of [false, true]) {
    for (const n of [5, EW_WASM_MIN + 3, 50001]) {
      const a = values(n, 7, f64);
      for (const s of [0.5, -3, 1, 0, -0, NaN, Infinity, 0.1]) {
        for (const [op, name, fn] of OPS) {
          for (const rev of [false, true]) {
            const fast = f64 ? new Float64Array(n) : new Float32Array(n);
            binaryScalar(op, a, s, fast, n, rev);
            const slow = f64 ? new Float64Array(n) : new Float32Array(n);
            withoutWasm(() => binaryScalar(op, a, s, slow, n, rev));
            const what = `${name} ${rev ? "s∘a" : "a∘s"} s=${s} n=${n} f64=${f64}`;
            assertSame(fast, slow, n, what);
            const round = f64 ? (x: number) => x : Math.fround;
            for (let i = 0; i < n; i += 31) {
              const want = round(rev ? fn(s, a[i]) : fn(a[i], s));
              assertSame(fast.subarray(i, i + 1), new Float64Array([want]), 1, what);
            }
          }
        }
      }
    }
  }
});

Deno.test("binaryScalar and binary in place (out is a), including the identity shortcut", () => {
  for (const n of [EW_WASM_MIN + 1, 50001]) {
    const a = values(n, 3, false);
    const copy = a.slice();
    binaryScalar(MUL, a, 1, a, a.length, false);
    assertSame(a, copy, a.length, "a *= 1");
    binaryScalar(ADD, a, 2, a, a.length, false);
    for (let i = 0; i < a.length; i += 11) {
      assertSame(a.subarray(i, i + 1), new Float64Array([Math.fround(copy[i] + 2)]), 1, "a += 2");
    }
    const b = values(n, 5, false);
    const before = a.slice();
    binary(ADD, [n], a, 0, [1], b, 0, [1], a);
    for (let i = 0; i < n; i += 7) {
      assertSame(a.subarray(i, i + 1), new Float64Array([Math.fround(before[i] + b[i])]), 1, "+=");
    }
  }
});

/** Reference broadcasting binary op over strided operands. */
function reference(
  fn: (x: number, y: number) => number,
  shape: number[],
  a: Storage,
  aOff: number,
  aStr: number[],
  b: Storage,
  bOff: number,
  bStr: number[],
  f64: boolean,
): number[] {
  const out: number[] = [];
  const idx = new Array(shape.length).fill(0);
  const n = shape.reduce((x, y) => x * y, 1);
  for (let k = 0; k < n; k++) {
    let pa = aOff;
    let pb = bOff;
    for (let d = 0; d < shape.length; d++) {
      pa += idx[d] * aStr[d];
      pb += idx[d] * bStr[d];
    }
    const v = fn(a[pa], b[pb]);
    out.push(f64 ? v : Math.fround(v));
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

Deno.test("binary over transposed, sliced and broadcast operands (general path)", () => {
  for (const f64 of [false, true]) {
    for (const [r, c] of [[1, 1], [3, 17], [63, 65], [127, 3], [65, 129]]) {
      const n = r * c;
      const base = values(2 * n + 3, r + c, f64);
      const row = values(c, 5, f64);
      const col = values(r, 6, f64);
      // a: transposed view of a c×r matrix; b: every other element of a wider matrix
      const cases: [string, number, number[], Storage, number, number[]][] = [
        ["aᵀ + b[:, ::2]", 0, [1, r], base, 1, [2 * c, 2]],
        ["aᵀ + row broadcast", 0, [1, r], row, 0, [0, 1]],
        ["column broadcast + aᵀ", 0, [1, r], col, 0, [1, 0]],
        ["scalar broadcast", 3, [c, 1], col, 2, [0, 0]],
      ];
      for (const [what, aOff, aStr, b, bOff, bStr] of cases) {
        for (const [op, name, fn] of OPS) {
          const out = f64 ? new Float64Array(n) : new Float32Array(n);
          binary(op, [r, c], base, aOff, aStr, b, bOff, bStr, out);
          const want = reference(fn, [r, c], base, aOff, aStr, b, bOff, bStr, f64);
          assertSame(out, new Float64Array(want), n, `${what} ${name} ${r}x${c}`);
        }
      }
    }
  }
});

function gatherRef(src: Storage, off: number, shape: number[], strides: number[]): number[] {
  return reference(
    (x) => x,
    shape,
    src,
    off,
    strides,
    src,
    off,
    strides,
    src instanceof Float64Array,
  );
}

Deno.test("gather: transposes (2-D and batched), broadcasts, slices, odd sizes", () => {
  for (const f64 of [false, true]) {
    const src = values(40000, 11, f64);
    const cases: [number, number[], number[]][] = [];
    for (const [r, c] of [[1, 3], [3, 1], [17, 63], [65, 127], [33, 200], [128, 64]]) {
      cases.push([0, [r, c], [1, r]]); // transposed
      cases.push([5, [r, c], [0, 1]]); // broadcast rows
      cases.push([2, [r, c], [1, 0]]); // broadcast columns
      cases.push([1, [r, c], [2 * c + 1, 2]]); // strided slice
      cases.push([7, [r, c], [c, 1]]); // contiguous, offset
    }
    cases.push([0, [3, 17, 65], [1, 3, 51]]); // batched transpose, odd batch stride
    cases.push([4, [2, 65, 63], [4100, 1, 65]]); // batch of transposes with a gap between
    cases.push([0, [5, 7, 9], [63, 1, 7]]); // permuted
    cases.push([9, [100000], [0]]); // expand of one element
    for (const [off, shape, strides] of cases) {
      const n = shape.reduce((x, y) => x * y, 1);
      const out = f64 ? new Float64Array(n) : new Float32Array(n);
      gather(src, off, shape, strides, out);
      assertSame(
        out,
        new Float64Array(gatherRef(src, off, shape, strides)),
        n,
        `${shape}/${strides}`,
      );
    }
  }
});

Deno.test("sumAll: the SIMD sum matches the loop (float64 accumulation) at odd sizes", () => {
  for (const f64 of [false, true]) {
    for (const n of [1, 3, 17, SUM_WASM_MIN - 1, SUM_WASM_MIN, SUM_WASM_MIN + 7, 100003]) {
      const a = f64 ? new Float64Array(n) : new Float32Array(n);
      let s = n;
      for (let i = 0; i < n; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        a[i] = s / 2 ** 32 - 0.3;
      }
      const fast = sumAll(a, n);
      const slow = withoutWasm(() => sumAll(a, n));
      let mag = 0;
      for (let i = 0; i < n; i++) mag += Math.abs(a[i]);
      assert.ok(Math.abs(fast - slow) <= 4 * n * 2 ** -53 * mag, `n=${n}: ${fast} vs ${slow}`);
    }
    // NaN and infinities propagate
    const b = f64 ? new Float64Array(SUM_WASM_MIN + 1) : new Float32Array(SUM_WASM_MIN + 1);
    b[SUM_WASM_MIN] = Infinity;
    assert.equal(sumAll(b, b.length), Infinity);
    b[3] = NaN;
    assert.ok(Number.isNaN(sumAll(b, b.length)));
  }
});

Deno.test("unary: every op equals map() with its function, SIMD and loops, NaN and ±0 kept", () => {
  const fns: [UnaryOp, string, (x: number) => number][] = [
    [NEG, "neg", (x) => -x],
    [ABS, "abs", Math.abs],
    [RELU, "relu", (x) => (x < 0 ? 0 : x)], // the closure ops/elementwise.ts uses
    [SQRT, "sqrt", Math.sqrt],
    [SQUARE, "square", (x) => x * x],
    [STEP, "step", (v) => (v <= 0 ? 0 : 1)],
  ];
  for (const f64 of [false, true]) {
    for (const n of SIZES) {
      const a = values(n, 2 * n + 1, f64);
      for (const [op, name, fn] of fns) {
        const want = f64 ? new Float64Array(n) : new Float32Array(n);
        map(a, want, n, fn);
        const fast = f64 ? new Float64Array(n) : new Float32Array(n);
        unary(op, a, fast, n);
        assertSame(fast, want, n, `${name} n=${n} f64=${f64}`);
        const slow = f64 ? new Float64Array(n) : new Float32Array(n);
        withoutWasm(() => unary(op, a, slow, n));
        assertSame(slow, want, n, `${name} (loops) n=${n} f64=${f64}`);
      }
    }
  }
  assert.throws(() => unary(NEG, new Float32Array(2), new Float64Array(2), 2), TypeError);
});

Deno.test("map runs the kernel of a function tagged withKernel, with the same values", () => {
  const reluF = (x: number) => (x < 0 ? 0 : x);
  const tagged = withKernel((x: number) => (x < 0 ? 0 : x), RELU);
  let calls = 0;
  const counting = withKernel((x: number) => (calls++, -x), NEG);
  for (const f64 of [false, true]) {
    for (const n of [3, EW_WASM_MIN + 1]) {
      const a = values(n, 9, f64);
      const want = f64 ? new Float64Array(n) : new Float32Array(n);
      map(a, want, n, reluF);
      const got = f64 ? new Float64Array(n) : new Float32Array(n);
      map(a, got, n, tagged);
      assertSame(got, want, n, `relu n=${n}`);
      map(a, got, n, counting);
      assert.equal(calls, 0, "the tagged function itself is not called");
      for (let i = 0; i < n; i++) assert.ok(Object.is(got[i], -a[i]) || got[i] !== got[i]);
    }
  }
  // mixed storage types fall back to calling the function
  const out = new Float64Array(4);
  map(new Float32Array([1, -2, 3, -4]), out, 4, counting);
  assert.deepEqual([...out], [-1, 2, -3, 4]);
  assert.equal(calls, 4);
});

Deno.test("axpy: y += α·x, the product rounded first, SIMD and loops bit for bit", () => {
  for (const f64 of [false, true]) {
    for (const n of [1, 3, 17, EW_WASM_MIN + 3, 50001]) {
      const x = values(n, 11, f64);
      for (const alpha of [-0.01, 3, 0, -1e30, 0.1]) {
        const fast = values(n, 12, f64);
        const slow = fast.slice();
        const before = fast.slice();
        axpy(fast as Float32Array, alpha, x as Float32Array, n);
        withoutWasm(() => axpy(slow as Float32Array, alpha, x as Float32Array, n));
        const what = `α=${alpha} n=${n} f64=${f64}`;
        assertSame(fast, slow, n, what);
        const r = f64 ? (v: number) => v : Math.fround;
        for (let i = 0; i < n; i += 37) {
          const want = r(before[i] + r(r(alpha) * x[i]));
          assertSame(fast.subarray(i, i + 1), new Float64Array([want]), 1, what);
        }
      }
    }
  }
});
