/**
 * The source of descent's WebAssembly kernels, written with the tiny assembler of
 * `wasm_asm.ts`. `deno task build:kernels` assembles it into `wasm_binary.ts`; a test checks
 * that the committed binary equals a fresh assembly of this file.
 *
 * Matrix multiply (float32 and float64) is the classic packed, cache-blocked GEMM (Goto/BLIS):
 *
 * ```
 * for jc in 0..n step NC                      B block: KC×NC, packed in NR-wide panels
 *   for pc in 0..k step KC                    (lives in L2/L3)
 *     packB
 *     for ic in 0..m step MC                  A block: MC×KC, packed in MR-tall panels
 *       packA                                 (lives in L2)
 *       for jr in 0..nc step NR               one B panel (KC×NR, in L1) …
 *         for ir in 0..mc step MR             … against every A panel
 *           micro-kernel: C[MR×NR] (+)= A panel · B panel
 * ```
 *
 * The micro-kernel keeps the MR×NR tile of C in 12 SIMD registers (float32: 6×8, float64:
 * 6×4) and per step of k loads one row of the B panel and broadcasts MR values of the A panel,
 * with fused multiply-adds (relaxed SIMD `f32x4.relaxed_madd`; a second build uses `mul` +
 * `add` for engines without relaxed SIMD). Packing reads A and B through any row and column
 * strides, so transposed operands cost no copy. Tiles at the ragged edges are computed into a
 * scratch tile and copied.
 *
 * @module
 */

import { type Assembled, type Func, type Local, Module } from "./wasm_asm.ts";

/** Element types with kernels. */
export type WasmDType = "f32" | "f64";

/** Blocking of one dtype's GEMM. */
export interface GemmBlocking {
  /** Bytes per element. */
  E: number;
  /** Lanes per v128. */
  L: number;
  /** Rows of the register tile. */
  MR: number;
  /** Columns of the register tile. */
  NR: number;
  /** Depth of a packed block. */
  KC: number;
  /** Rows of a packed A block. */
  MC: number;
  /** Columns of a packed B block. */
  NC: number;
}

/** The blocking parameters (tuned on x86-64 with 32 KiB L1d and 1 MiB L2 per core). */
export const GEMM: Record<WasmDType, GemmBlocking> = {
  f32: { E: 4, L: 4, MR: 6, NR: 8, KC: 256, MC: 120, NC: 2048 },
  f64: { E: 8, L: 2, MR: 6, NR: 4, KC: 256, MC: 120, NC: 1024 },
};

/** Bytes of scratch one thread's GEMM needs (packed A, packed B, an edge tile), 64-aligned. */
export function gemmWorkBytes(t: WasmDType): number {
  const { E, MR, NR, KC, MC, NC } = GEMM[t];
  return align(MC * KC * E) + align(KC * NC * E) + align(MR * NR * E);
}

function align(n: number): number {
  return Math.ceil(n / 64) * 64;
}

/** Which instructions the build may use. */
export interface BuildOptions {
  /** Use relaxed-SIMD fused multiply-add (else `mul` + `add`). */
  relaxed: boolean;
}

const i32s = (n: number): "i32"[] => new Array(n).fill("i32");

/**
 * Emits `min(a, b)` of two i32 values computed by the callbacks (signed).
 */
function min(f: Func, a: () => void, b: () => void, tmpA: Local, tmpB: Local): void {
  a();
  f.tee(tmpA);
  b();
  f.tee(tmpB);
  f.get(tmpA).get(tmpB).op("i32.lt_s");
  // select(x, y, c) = c ? x : y — stack: x y c; we have tmpA tmpB on stack under the compare
  f.op("select");
}

/** The micro-kernel: `(kc, pA, pB, pC, ldcBytes, acc)`; C tile = (acc ? C : 0) + A·B. */
function emitKernel(mod: Module, t: WasmDType, o: BuildOptions): Func {
  const { E, L, MR, NR } = GEMM[t];
  const NV = NR / L;
  const vt = t === "f32" ? "f32x4" : "f64x2";
  const f = mod.func(`kernel_${t}`, i32s(6));
  const [kc, pA, pB, pC, ldc, acc] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i));
  const c: Local[][] = [];
  for (let r = 0; r < MR; r++) c.push(Array.from({ length: NV }, () => f.local("v128")));
  const b = Array.from({ length: NV }, () => f.local("v128"));
  const a = f.local("v128");
  const end = f.local("i32");
  const end4 = f.local("i32");
  for (let r = 0; r < MR; r++) {
    for (let v = 0; v < NV; v++) {
      if (t === "f32") f.f32(0).op("f32x4.splat").set(c[r][v]);
      else f.f64(0).op("f64x2.splat").set(c[r][v]);
    }
  }
  const step = (u: number) => {
    for (let v = 0; v < NV; v++) f.get(pB).mem("v128.load", (u * NR + v * L) * E).set(b[v]);
    for (let r = 0; r < MR; r++) {
      f.get(pA).mem(t === "f32" ? "v128.load32_splat" : "v128.load64_splat", (u * MR + r) * E);
      f.set(a);
      for (let v = 0; v < NV; v++) {
        if (o.relaxed) {
          f.get(b[v]).get(a).get(c[r][v]).op(`${vt}.relaxed_madd`).set(c[r][v]);
        } else {
          f.get(c[r][v]).get(b[v]).get(a).op(`${vt}.mul`).op(`${vt}.add`).set(c[r][v]);
        }
      }
    }
  };
  const U = 4;
  // end = pA + kc*MR*E; end4 = pA + (kc & ~3)*MR*E
  f.get(pA).get(kc).i32(MR * E).op("i32.mul").op("i32.add").set(end);
  f.get(pA).get(kc).i32(~(U - 1)).op("i32.and").i32(MR * E).op("i32.mul").op("i32.add").set(end4);
  f.block(() => {
    f.get(pA).get(end4).op("i32.ge_u").brIf(0);
    f.loop(() => {
      for (let u = 0; u < U; u++) step(u);
      f.get(pB).i32(U * NR * E).op("i32.add").set(pB);
      f.get(pA).i32(U * MR * E).op("i32.add").tee(pA);
      f.get(end4).op("i32.lt_u").brIf(0);
    });
  });
  f.block(() => {
    f.get(pA).get(end).op("i32.ge_u").brIf(0);
    f.loop(() => {
      step(0);
      f.get(pB).i32(NR * E).op("i32.add").set(pB);
      f.get(pA).i32(MR * E).op("i32.add").tee(pA);
      f.get(end).op("i32.lt_u").brIf(0);
    });
  });
  // write back
  const store = (accumulate: boolean) => {
    for (let r = 0; r < MR; r++) {
      for (let v = 0; v < NV; v++) {
        f.get(pC);
        if (accumulate) {
          f.get(pC).mem("v128.load", v * L * E).get(c[r][v]).op(`${vt}.add`);
        } else f.get(c[r][v]);
        f.mem("v128.store", v * L * E);
      }
      if (r < MR - 1) f.get(pC).get(ldc).op("i32.add").set(pC);
    }
  };
  f.get(acc).if(() => store(true), () => store(false));
  return f;
}

/** Edge copy: `(mr, nr, tile, pC, ldcBytes, acc)`: C[i][j] = (acc ? C : 0) + tile[i][j]. */
function emitEdge(mod: Module, t: WasmDType): Func {
  const { E, NR } = GEMM[t];
  const f = mod.func(`edge_${t}`, i32s(6));
  const [mr, nr, tile, pC, ldc, acc] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i));
  const i = f.local("i32");
  const j = f.local("i32");
  const x = f.local(t);
  const load = t === "f32" ? "f32.load" : "f64.load";
  const store = t === "f32" ? "f32.store" : "f64.store";
  f.for(i, () => f.i32(0), () => f.get(mr), 1, () => {
    f.for(j, () => f.i32(0), () => f.get(nr), 1, () => {
      f.get(tile).get(j).i32(E).op("i32.mul").op("i32.add").mem(load).set(x);
      f.get(acc).if(() => {
        f.get(x).get(pC).get(j).i32(E).op("i32.mul").op("i32.add").mem(load);
        f.op(t === "f32" ? "f32.add" : "f64.add").set(x);
      });
      f.get(pC).get(j).i32(E).op("i32.mul").op("i32.add").get(x).mem(store);
    });
    f.get(pC).get(ldc).op("i32.add").set(pC);
    f.get(tile).i32(NR * E).op("i32.add").set(tile);
  });
  return f;
}

/** Byte indices of an `i8x16.shuffle` picking lanes of `E`-byte elements: [operand, lane]… */
function lanes(E: number, picks: readonly [number, number][]): number[] {
  const out: number[] = [];
  for (const [x, l] of picks) for (let b = 0; b < E; b++) out.push(x * 16 + l * E + b);
  return out;
}

/**
 * Transposes L×L elements held in `v` (v[j] = L consecutive k of line j) into `w`
 * (w[q] = element q of every line), with `i8x16.shuffle`s.
 */
function transposeSquare(f: Func, t: WasmDType, v: Local[], w: Local[], tmp: Local[]): void {
  if (t === "f64") {
    f.get(v[0]).get(v[1]).shuffle(lanes(8, [[0, 0], [1, 0]])).set(w[0]);
    f.get(v[0]).get(v[1]).shuffle(lanes(8, [[0, 1], [1, 1]])).set(w[1]);
    return;
  }
  const lo = lanes(4, [[0, 0], [1, 0], [0, 1], [1, 1]]);
  const hi = lanes(4, [[0, 2], [1, 2], [0, 3], [1, 3]]);
  f.get(v[0]).get(v[1]).shuffle(lo).set(tmp[0]);
  f.get(v[0]).get(v[1]).shuffle(hi).set(tmp[1]);
  f.get(v[2]).get(v[3]).shuffle(lo).set(tmp[2]);
  f.get(v[2]).get(v[3]).shuffle(hi).set(tmp[3]);
  const low2 = lanes(4, [[0, 0], [0, 1], [1, 0], [1, 1]]);
  const high2 = lanes(4, [[0, 2], [0, 3], [1, 2], [1, 3]]);
  f.get(tmp[0]).get(tmp[2]).shuffle(low2).set(w[0]);
  f.get(tmp[0]).get(tmp[2]).shuffle(high2).set(w[1]);
  f.get(tmp[1]).get(tmp[3]).shuffle(low2).set(w[2]);
  f.get(tmp[1]).get(tmp[3]).shuffle(high2).set(w[3]);
}

/**
 * Packing into panels of X lines (X = MR rows of A, or NR columns of B): `(kc, total, src,
 * ls, ks, dst)`. Line i of the source starts at `src + i·ls` and steps by `ks` along k (in
 * elements); panel by panel, the output holds for each k the X values of the panel's lines,
 * zero-padded past `total`. packA is `(kc, mc, a, aRs, aCs, dst)` with X = MR; packB is
 * `(kc, nc, b, bCs, bRs, dst)` with X = NR.
 *
 * Full panels are copied with SIMD: directly when the X values of one k are adjacent
 * (ls = 1), or with L×L shuffle transposes when each line is contiguous along k (ks = 1, as
 * for a row-major A or a transposed B). Other strides and the ragged last panel take a scalar
 * loop.
 */
function emitPack(mod: Module, t: WasmDType, name: string, X: number): Func {
  const { E, L } = GEMM[t];
  const f = mod.func(name, i32s(6));
  const [kc, total, src, ls, ks, dst] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i));
  const [i0, w, p, j, s, d, lsB, ksB, ta, tb, q, kEnd] = Array.from(
    { length: 12 },
    () => f.local("i32"),
  );
  const lp = Array.from({ length: X }, () => f.local("i32"));
  const v = Array.from({ length: L }, () => f.local("v128"));
  const wv = Array.from({ length: L }, () => f.local("v128"));
  const tmp = Array.from({ length: 4 }, () => f.local("v128"));
  const load = t === "f32" ? "f32.load" : "f64.load";
  const store = t === "f32" ? "f32.store" : "f64.store";
  const zero = () => (t === "f32" ? f.f32(0) : f.f64(0));
  f.get(ls).i32(E).op("i32.mul").set(lsB);
  f.get(ks).i32(E).op("i32.mul").set(ksB);
  f.for(i0, () => f.i32(0), () => f.get(total), X, () => {
    min(f, () => f.i32(X), () => f.get(total).get(i0).op("i32.sub"), ta, tb);
    f.set(w);
    f.get(src).get(i0).get(lsB).op("i32.mul").op("i32.add").set(s);
    f.get(dst).set(d);
    f.get(ks).i32(1).op("i32.eq").get(w).i32(X).op("i32.eq").op("i32.and");
    f.if(() => {
      // lines contiguous along k: L×L transposes, L values of k at a time
      for (let l = 0; l < X; l++) f.get(s).i32(l).get(lsB).op("i32.mul").op("i32.add").set(lp[l]);
      f.get(kc).i32(~(L - 1)).op("i32.and").set(kEnd);
      f.for(p, () => f.i32(0), () => f.get(kEnd), L, () => {
        for (let g0 = 0; g0 < X; g0 += L) {
          const gl = Math.min(L, X - g0);
          for (let l = 0; l < gl; l++) f.get(lp[g0 + l]).mem("v128.load").set(v[l]);
          if (gl === L) {
            transposeSquare(f, t, v, wv, tmp);
            for (let r = 0; r < L; r++) f.get(d).get(wv[r]).mem("v128.store", (r * X + g0) * E);
          } else if (t === "f32" && gl === 2) {
            // two lines: interleave, then 64-bit stores of (line0, line1) per k
            f.get(v[0]).get(v[1]).shuffle(lanes(4, [[0, 0], [1, 0], [0, 1], [1, 1]])).set(wv[0]);
            f.get(v[0]).get(v[1]).shuffle(lanes(4, [[0, 2], [1, 2], [0, 3], [1, 3]])).set(wv[1]);
            for (let r = 0; r < 4; r++) {
              f.get(d).get(wv[r >> 1]).memLane("v128.store64_lane", (r * X + g0) * E, r & 1);
            }
          } else {
            throw new Error(`wasm_source: no transpose for ${gl} of ${L} lanes`);
          }
        }
        for (let l = 0; l < X; l++) f.get(lp[l]).i32(L * E).op("i32.add").set(lp[l]);
        f.get(d).i32(L * X * E).op("i32.add").set(d);
      });
      // the last kc mod L values of k, one at a time
      f.for(p, () => f.get(kEnd), () => f.get(kc), 1, () => {
        for (let l = 0; l < X; l++) {
          f.get(d).get(lp[l]).mem(load).mem(store, l * E);
          f.get(lp[l]).i32(E).op("i32.add").set(lp[l]);
        }
        f.get(d).i32(X * E).op("i32.add").set(d);
      });
    }, () => {
      f.get(ls).i32(1).op("i32.eq").get(w).i32(X).op("i32.eq").op("i32.and");
      f.if(() => {
        // the X values of one k are adjacent: copy X·E bytes per k
        f.for(p, () => f.i32(0), () => f.get(kc), 1, () => {
          let off = 0;
          for (; off + 16 <= X * E; off += 16) {
            f.get(d).get(s).mem("v128.load", off).mem("v128.store", off);
          }
          if (off < X * E) {
            f.get(d).get(s).mem("v128.load64_zero", off).memLane("v128.store64_lane", off, 0);
          }
          f.get(s).get(ksB).op("i32.add").set(s);
          f.get(d).i32(X * E).op("i32.add").set(d);
        });
      }, () => {
        // any strides, or the ragged last panel: line by line, then zero lines
        f.for(j, () => f.i32(0), () => f.i32(X), 1, () => {
          f.get(dst).get(j).i32(E).op("i32.mul").op("i32.add").set(d);
          f.get(j).get(w).op("i32.lt_s");
          f.if(() => {
            f.get(s).get(j).get(lsB).op("i32.mul").op("i32.add").set(q);
            f.for(p, () => f.i32(0), () => f.get(kc), 1, () => {
              f.get(d).get(q).mem(load).mem(store);
              f.get(q).get(ksB).op("i32.add").set(q);
              f.get(d).i32(X * E).op("i32.add").set(d);
            });
          }, () => {
            f.for(p, () => f.i32(0), () => f.get(kc), 1, () => {
              f.get(d);
              zero();
              f.mem(store);
              f.get(d).i32(X * E).op("i32.add").set(d);
            });
          });
        });
      });
    });
    f.get(dst).get(kc).i32(X * E).op("i32.mul").op("i32.add").set(dst);
  });
  return f;
}

/**
 * The blocked GEMM: `(m, n, k, pa, aRs, aCs, pb, bRs, bCs, pc, ldc, work)`; C (row stride
 * `ldc`) = A·B. Strides and `ldc` in elements, pointers in bytes; `work` holds
 * {@linkcode gemmWorkBytes} bytes. Requires k ≥ 1.
 */
function emitGemm(mod: Module, t: WasmDType, o: BuildOptions): Func {
  const { E, MR, NR, KC, MC, NC } = GEMM[t];
  const kernel = emitKernel(mod, t, o);
  const edge = emitEdge(mod, t);
  const packA = emitPack(mod, t, `packA_${t}`, MR);
  const packB = emitPack(mod, t, `packB_${t}`, NR);
  const f = mod.func(`gemm_${t}`, i32s(12));
  const [m, n, k, pa, aRs, aCs, pb, bRs, bCs, pc, ldc, work] = Array.from(
    { length: 12 },
    (_, i) => f.param(i),
  );
  const [jc, nc, kk, kc, ic, mc, jr, nr, ir, mr, cp, wA, wB, wT, ldcB, ta, tb, first, ap, bp] =
    Array.from({ length: 20 }, () => f.local("i32"));
  const [kStep, mStep, nStep] = Array.from({ length: 3 }, () => f.local("i32"));
  // Balanced blocks: k = 784 makes four blocks of 196 rather than 3·256 + 16, and the block
  // edges of m and n stay multiples of the register tile.
  const balanced = (step: Local, size: Local, block: number, unit: number) => {
    // nb = ceil(size / block); step = roundUp(ceil(size / nb), unit)
    f.get(size).i32(block - 1).op("i32.add").i32(block).op("i32.div_u").set(ta);
    f.get(size).get(ta).op("i32.add").i32(1).op("i32.sub").get(ta).op("i32.div_u");
    f.i32(unit - 1).op("i32.add").i32(unit).op("i32.div_u").i32(unit).op("i32.mul").set(step);
  };
  balanced(kStep, k, KC, 1);
  balanced(mStep, m, MC, MR);
  balanced(nStep, n, NC, NR);
  f.get(work).set(wA);
  f.get(work).i32(align(MC * KC * E)).op("i32.add").set(wB);
  f.get(wB).i32(align(KC * NC * E)).op("i32.add").set(wT);
  f.get(ldc).i32(E).op("i32.mul").set(ldcB);
  f.for(jc, () => f.i32(0), () => f.get(n), nStep, () => {
    min(f, () => f.get(nStep), () => f.get(n).get(jc).op("i32.sub"), ta, tb);
    f.set(nc);
    f.for(kk, () => f.i32(0), () => f.get(k), kStep, () => {
      min(f, () => f.get(kStep), () => f.get(k).get(kk).op("i32.sub"), ta, tb);
      f.set(kc);
      f.get(kk).i32(0).op("i32.ne").set(first);
      // packB(kc, nc, pb + (kk*bRs + jc*bCs)*E, bCs, bRs, wB)
      f.get(kc).get(nc);
      f.get(pb).get(kk).get(bRs).op("i32.mul").get(jc).get(bCs).op("i32.mul").op("i32.add");
      f.i32(E).op("i32.mul").op("i32.add");
      f.get(bCs).get(bRs).get(wB).call(packB);
      f.for(ic, () => f.i32(0), () => f.get(m), mStep, () => {
        min(f, () => f.get(mStep), () => f.get(m).get(ic).op("i32.sub"), ta, tb);
        f.set(mc);
        // packA(kc, mc, pa + (ic*aRs + kk*aCs)*E, aRs, aCs, wA)
        f.get(kc).get(mc);
        f.get(pa).get(ic).get(aRs).op("i32.mul").get(kk).get(aCs).op("i32.mul").op("i32.add");
        f.i32(E).op("i32.mul").op("i32.add");
        f.get(aRs).get(aCs).get(wA).call(packA);
        f.for(jr, () => f.i32(0), () => f.get(nc), NR, () => {
          min(f, () => f.i32(NR), () => f.get(nc).get(jr).op("i32.sub"), ta, tb);
          f.set(nr);
          f.for(ir, () => f.i32(0), () => f.get(mc), MR, () => {
            min(f, () => f.i32(MR), () => f.get(mc).get(ir).op("i32.sub"), ta, tb);
            f.set(mr);
            // cp = pc + ((ic+ir)*ldc + jc + jr)*E
            f.get(pc).get(ic).get(ir).op("i32.add").get(ldc).op("i32.mul");
            f.get(jc).op("i32.add").get(jr).op("i32.add").i32(E).op("i32.mul").op("i32.add");
            f.set(cp);
            f.get(wA).get(ir).get(kc).op("i32.mul").i32(E).op("i32.mul").op("i32.add").set(ap);
            f.get(wB).get(jr).get(kc).op("i32.mul").i32(E).op("i32.mul").op("i32.add").set(bp);
            f.get(mr).i32(MR).op("i32.eq").get(nr).i32(NR).op("i32.eq").op("i32.and");
            f.if(() => {
              f.get(kc).get(ap).get(bp).get(cp).get(ldcB).get(first).call(kernel);
            }, () => {
              f.get(kc).get(ap).get(bp).get(wT).i32(NR * E).i32(0).call(kernel);
              f.get(mr).get(nr).get(wT).get(cp).get(ldcB).get(first).call(edge);
            });
          });
        });
      });
    });
  });
  return f;
}

/**
 * A GEMM shared out in chunks: `(counter, chunks, chunk, byCols, m, n, k, pa, aRs, aCs, pb,
 * bRs, bCs, pc, ldc, work)`. Every thread calls it with the same arguments (its own `work`);
 * each claims chunk after chunk with an atomic add on the i32 at `counter` and multiplies
 * that slice of C (`chunk` columns when `byCols`, else `chunk` rows) until none is left. A
 * thread that runs slower (a busy core) simply claims fewer chunks.
 */
function emitGemmChunked(mod: Module, t: WasmDType, gemm: Func): Func {
  const { E } = GEMM[t];
  const f = mod.func(`gemm_chunked_${t}`, i32s(16));
  const [counter, chunks, chunk, byCols, m, n, k, pa, aRs, aCs, pb, bRs, bCs, pc, ldc, work] = Array
    .from({ length: 16 }, (_, i) => f.param(i));
  const [i, s0, len, total] = Array.from({ length: 4 }, () => f.local("i32"));
  f.get(byCols).if(() => f.get(n).set(total), () => f.get(m).set(total));
  f.block(() => {
    f.loop(() => {
      f.get(counter).i32(1).atomicAdd().tee(i);
      f.get(chunks).op("i32.ge_u").brIf(1);
      f.get(i).get(chunk).op("i32.mul").set(s0);
      min(f, () => f.get(chunk), () => f.get(total).get(s0).op("i32.sub"), len, i);
      f.set(len);
      f.get(byCols).if(() => {
        // columns s0 .. s0+len: B and C move right
        f.get(m).get(len).get(k).get(pa).get(aRs).get(aCs);
        f.get(pb).get(s0).get(bCs).op("i32.mul").i32(E).op("i32.mul").op("i32.add");
        f.get(bRs).get(bCs);
        f.get(pc).get(s0).i32(E).op("i32.mul").op("i32.add");
        f.get(ldc).get(work).call(gemm);
      }, () => {
        // rows s0 .. s0+len: A and C move down
        f.get(len).get(n).get(k);
        f.get(pa).get(s0).get(aRs).op("i32.mul").i32(E).op("i32.mul").op("i32.add");
        f.get(aRs).get(aCs).get(pb).get(bRs).get(bCs);
        f.get(pc).get(s0).get(ldc).op("i32.mul").i32(E).op("i32.mul").op("i32.add");
        f.get(ldc).get(work).call(gemm);
      });
      f.br(0);
    });
  });
  return f;
}

/** Elementwise op codes shared with `elementwise.ts` (ADD, SUB, MUL, DIV). */
const BIN_OPS = ["add", "sub", "mul", "div"] as const;

/**
 * Emits `for (i = 0; i < n; i += L) vector(i)` over the whole vectors of n elements, then
 * `scalar(i)` for the tail. `i` counts bytes from 0 (add it to a base pointer).
 */
function simdLoop(
  f: Func,
  t: WasmDType,
  n: Local,
  vector: (off: Local) => void,
  scalar: (off: Local) => void,
): void {
  const { E, L } = GEMM[t];
  const off = f.local("i32");
  const endV = f.local("i32");
  const end = f.local("i32");
  f.get(n).i32(E).op("i32.mul").set(end);
  f.get(n).i32(~(L - 1)).op("i32.and").i32(E).op("i32.mul").set(endV);
  f.for(off, () => f.i32(0), () => f.get(endV), 16, () => vector(off));
  f.for(off, () => f.get(endV), () => f.get(end), E, () => scalar(off));
}

/** `out = a ∘ b` elementwise: `(op, n, pa, pb, pout)`, op in ADD SUB MUL DIV. */
function emitBinary(mod: Module, t: WasmDType): Func {
  const f = mod.func(`binary_${t}`, i32s(5));
  const [op, n, pa, pb, pout] = [0, 1, 2, 3, 4].map((i) => f.param(i));
  const vt = t === "f32" ? "f32x4" : "f64x2";
  BIN_OPS.forEach((name, code) => {
    f.get(op).i32(code).op("i32.eq");
    f.if(() => {
      simdLoop(f, t, n, (o) => {
        f.get(pout).get(o).op("i32.add");
        f.get(pa).get(o).op("i32.add").mem("v128.load");
        f.get(pb).get(o).op("i32.add").mem("v128.load");
        f.op(`${vt}.${name}`).mem("v128.store");
      }, (o) => {
        f.get(pout).get(o).op("i32.add");
        f.get(pa).get(o).op("i32.add").mem(`${t}.load`);
        f.get(pb).get(o).op("i32.add").mem(`${t}.load`);
        f.op(`${t}.${name}`).mem(`${t}.store`);
      });
    });
  });
  return f;
}

/**
 * `out = a ∘ s` (or `s ∘ a` when `rev`) with a scalar: `(op, n, pa, s, pout, rev)`.
 */
function emitBinaryScalar(mod: Module, t: WasmDType): Func {
  const f = mod.func(`binary_scalar_${t}`, ["i32", "i32", "i32", t, "i32", "i32"]);
  const [op, n, pa, sc, pout, rev] = [0, 1, 2, 3, 4, 5].map((i) => f.param(i));
  const vt = t === "f32" ? "f32x4" : "f64x2";
  const sv = f.local("v128");
  f.get(sc).op(`${vt}.splat`).set(sv);
  for (const reversed of [false, true]) {
    BIN_OPS.forEach((name, code) => {
      if (reversed && (name === "add" || name === "mul")) return; // commutative
      f.get(op).i32(code).op("i32.eq").get(rev).i32(reversed ? 1 : 0).op("i32.eq");
      f.op("i32.and");
      f.if(() => {
        simdLoop(f, t, n, (o) => {
          f.get(pout).get(o).op("i32.add");
          if (reversed) f.get(sv);
          f.get(pa).get(o).op("i32.add").mem("v128.load");
          if (!reversed) f.get(sv);
          f.op(`${vt}.${name}`).mem("v128.store");
        }, (o) => {
          f.get(pout).get(o).op("i32.add");
          if (reversed) f.get(sc);
          f.get(pa).get(o).op("i32.add").mem(`${t}.load`);
          if (!reversed) f.get(sc);
          f.op(`${t}.${name}`).mem(`${t}.store`);
        });
      });
    });
  }
  return f;
}

/**
 * `out = y + s·x` elementwise: `(n, px, s, py, pout)`, the product rounded before the sum (no
 * fused multiply-add, in either build): PyTorch's `y.add_(x, alpha=s)` as its float kernels
 * round, an SGD step's `p += -lr·g`.
 */
function emitAxpy(mod: Module, t: WasmDType): Func {
  const f = mod.func(`axpy_${t}`, ["i32", "i32", t, "i32", "i32"]);
  const [n, px, sc, py, pout] = [0, 1, 2, 3, 4].map((i) => f.param(i));
  const vt = t === "f32" ? "f32x4" : "f64x2";
  const sv = f.local("v128");
  f.get(sc).op(`${vt}.splat`).set(sv);
  simdLoop(f, t, n, (o) => {
    f.get(pout).get(o).op("i32.add");
    f.get(py).get(o).op("i32.add").mem("v128.load");
    f.get(sv).get(px).get(o).op("i32.add").mem("v128.load").op(`${vt}.mul`);
    f.op(`${vt}.add`).mem("v128.store");
  }, (o) => {
    f.get(pout).get(o).op("i32.add");
    f.get(py).get(o).op("i32.add").mem(`${t}.load`);
    f.get(sc).get(px).get(o).op("i32.add").mem(`${t}.load`).op(`${t}.mul`);
    f.op(`${t}.add`).mem(`${t}.store`);
  });
  return f;
}

/**
 * `out = Sᵀ`: `(rows, cols, ps, ld, po)`, where S is a cols×rows matrix at `ps` with row
 * stride `ld` (elements) and `out` a contiguous rows×cols matrix at `po`. L×L blocks move
 * through registers with shuffle transposes; the ragged edges go one element at a time.
 */
function emitTranspose(mod: Module, t: WasmDType): Func {
  const { E, L } = GEMM[t];
  const f = mod.func(`transpose_${t}`, i32s(5));
  const [rows, cols, ps, ld, po] = [0, 1, 2, 3, 4].map((i) => f.param(i));
  const [c0, r0, rEnd, cEnd, ldB, src, dst, r, c] = Array.from({ length: 9 }, () => f.local("i32"));
  const v = Array.from({ length: L }, () => f.local("v128"));
  const w = Array.from({ length: L }, () => f.local("v128"));
  const tmp = Array.from({ length: 4 }, () => f.local("v128"));
  f.get(ld).i32(E).op("i32.mul").set(ldB);
  f.get(rows).i32(~(L - 1)).op("i32.and").set(rEnd);
  f.get(cols).i32(~(L - 1)).op("i32.and").set(cEnd);
  // whole L×L blocks
  f.for(c0, () => f.i32(0), () => f.get(cEnd), L, () => {
    f.for(r0, () => f.i32(0), () => f.get(rEnd), L, () => {
      // src = ps + (c0*ld + r0)*E ; dst = po + (r0*cols + c0)*E
      f.get(ps).get(c0).get(ldB).op("i32.mul").op("i32.add").get(r0).i32(E).op("i32.mul");
      f.op("i32.add").set(src);
      f.get(po).get(r0).get(cols).op("i32.mul").get(c0).op("i32.add").i32(E).op("i32.mul");
      f.op("i32.add").set(dst);
      for (let j = 0; j < L; j++) {
        f.get(src).mem("v128.load").set(v[j]);
        if (j < L - 1) f.get(src).get(ldB).op("i32.add").set(src);
      }
      transposeSquare(f, t, v, w, tmp);
      for (let q = 0; q < L; q++) {
        f.get(dst).get(w[q]).mem("v128.store");
        if (q < L - 1) f.get(dst).get(cols).i32(E).op("i32.mul").op("i32.add").set(dst);
      }
    });
  });
  // edges: rows rEnd.., all columns; then columns cEnd.., rows below rEnd
  const scalar = (rFrom: () => void, rTo: () => void, cFrom: () => void, cTo: () => void) => {
    f.for(r, rFrom, rTo, 1, () => {
      f.for(c, cFrom, cTo, 1, () => {
        f.get(po).get(r).get(cols).op("i32.mul").get(c).op("i32.add").i32(E).op("i32.mul");
        f.op("i32.add");
        f.get(ps).get(c).get(ld).op("i32.mul").get(r).op("i32.add").i32(E).op("i32.mul");
        f.op("i32.add").mem(`${t}.load`).mem(`${t}.store`);
      });
    });
  };
  scalar(() => f.get(rEnd), () => f.get(rows), () => f.i32(0), () => f.get(cols));
  scalar(() => f.i32(0), () => f.get(rEnd), () => f.get(cEnd), () => f.get(cols));
  return f;
}

/** Unary op codes shared with `elementwise.ts`. */
const UNARY_OPS = ["neg", "abs", "relu", "sqrt", "square", "step"] as const;

/**
 * `out = f(a)` elementwise: `(op, n, pa, pout)`, op in NEG ABS RELU SQRT SQUARE STEP (see
 * `elementwise.ts`). RELU is `x < 0 ? 0 : x` (NaN and -0 kept, as PyTorch's `clamp_min(x, 0)`);
 * STEP is ReLU's gradient mask, 0 where x ≤ 0 else 1.
 */
function emitUnary(mod: Module, t: WasmDType): Func {
  const f = mod.func(`unary_${t}`, i32s(4));
  const [op, n, pa, pout] = [0, 1, 2, 3].map((i) => f.param(i));
  const vt = t === "f32" ? "f32x4" : "f64x2";
  const x = f.local("v128");
  const xs = f.local(t);
  const zero = f.local("v128");
  const one = f.local("v128");
  const c = (v: number) => (t === "f32" ? f.f32(v) : f.f64(v));
  c(0).op(`${vt}.splat`).set(zero);
  c(1).op(`${vt}.splat`).set(one);
  UNARY_OPS.forEach((name, code) => {
    f.get(op).i32(code).op("i32.eq");
    f.if(() => {
      simdLoop(f, t, n, (o) => {
        f.get(pout).get(o).op("i32.add");
        f.get(pa).get(o).op("i32.add").mem("v128.load").set(x);
        switch (name) {
          case "relu": // 0 where x < 0, else x
            f.get(zero).get(x).get(x).get(zero).op(`${vt}.lt`).op("v128.bitselect");
            break;
          case "step": // 0 where x <= 0, else 1
            f.get(zero).get(one).get(x).get(zero).op(`${vt}.le`).op("v128.bitselect");
            break;
          case "square":
            f.get(x).get(x).op(`${vt}.mul`);
            break;
          default:
            f.get(x).op(`${vt}.${name}`);
        }
        f.mem("v128.store");
      }, (o) => {
        f.get(pout).get(o).op("i32.add");
        f.get(pa).get(o).op("i32.add").mem(`${t}.load`).set(xs);
        switch (name) {
          case "relu": // select(0, x, x < 0)
            c(0);
            f.get(xs).get(xs);
            c(0);
            f.op(`${t}.lt`).op("select");
            break;
          case "step": // select(0, 1, x <= 0)
            c(0);
            c(1);
            f.get(xs);
            c(0);
            f.op(`${t}.le`).op("select");
            break;
          case "square":
            f.get(xs).get(xs).op(`${t}.mul`);
            break;
          default:
            f.get(xs).op(`${t}.${name}`);
        }
        f.mem(`${t}.store`);
      });
    });
  });
  return f;
}

/** Sum of n elements at `pa`, accumulated in float64 (four vector accumulators). */
function emitSum(mod: Module, t: WasmDType): Func {
  const f = mod.func(`sum_${t}`, ["i32", "i32"], ["f64"]);
  const [n, pa] = [f.param(0), f.param(1)];
  const acc = Array.from({ length: 4 }, () => f.local("v128"));
  const tail = f.local("f64");
  const x = f.local("v128");
  for (const a of acc) f.f64(0).op("f64x2.splat").set(a);
  const off = f.local("i32");
  const end = f.local("i32");
  const { E } = GEMM[t];
  // 32 bytes per step: two f32 vectors promoted to four f64 pairs, or two f64 vectors
  f.get(n).i32(t === "f32" ? ~7 : ~3).op("i32.and").i32(E).op("i32.mul").set(end);
  f.for(off, () => f.i32(0), () => f.get(end), 32, () => {
    if (t === "f32") {
      for (let h = 0; h < 2; h++) {
        f.get(pa).get(off).op("i32.add").mem("v128.load", 16 * h).set(x);
        f.get(acc[2 * h]).get(x).op("f64x2.promote_low_f32x4").op("f64x2.add").set(acc[2 * h]);
        f.get(acc[2 * h + 1]).get(x).get(x).shuffle(lanes(4, [[0, 2], [0, 3], [0, 2], [0, 3]]));
        f.op("f64x2.promote_low_f32x4").op("f64x2.add").set(acc[2 * h + 1]);
      }
    } else {
      for (let h = 0; h < 2; h++) {
        f.get(acc[h]).get(pa).get(off).op("i32.add").mem("v128.load", 16 * h);
        f.op("f64x2.add").set(acc[h]);
      }
    }
  });
  f.get(n).i32(E).op("i32.mul").set(n);
  f.for(off, () => f.get(end), () => f.get(n), E, () => {
    f.get(tail).get(pa).get(off).op("i32.add").mem(`${t}.load`);
    if (t === "f32") f.op("f64.promote_f32");
    f.op("f64.add").set(tail);
  });
  f.get(acc[0]).get(acc[1]).op("f64x2.add").get(acc[2]).get(acc[3]).op("f64x2.add");
  f.op("f64x2.add").set(x);
  f.get(x).lane("f64x2.extract_lane", 0).get(x).lane("f64x2.extract_lane", 1).op("f64.add");
  f.get(tail).op("f64.add");
  return f;
}

/**
 * Emits the loops over the taps `(c, i, j)` of the `cg` planes at `plane` shared by im2col and
 * col2im: for each, `top = i·dh − ph`, `off = j·dw − pw` and the output columns `[lo, hi)` whose
 * taps land inside the input row, clipped to `[0, ow]` (`lo = off < 0 ? ⌈−off / sw⌉ : 0`,
 * `hi = ⌈(w − off) / sw⌉`, 0 when `w − off ≤ 0`; `conv.ts`'s `firstColumn`/`endColumn`), then
 * `body`; `plane` moves on by a plane after each channel. `n` is scratch.
 */
function forEachTap(
  f: Func,
  E: number,
  g: Record<"cg" | "h" | "w" | "kh" | "kw" | "ow" | "sw" | "ph" | "pw" | "dh" | "dw", Local>,
  v: Record<"c" | "i" | "j" | "top" | "off" | "lo" | "hi" | "n" | "plane", Local>,
  body: () => void,
): void {
  const { cg, h, w, kh, kw, ow, sw, ph, pw, dh, dw } = g;
  const { c, i, j, top, off, lo, hi, n, plane } = v;
  f.for(c, () => f.i32(0), () => f.get(cg), 1, () => {
    f.for(i, () => f.i32(0), () => f.get(kh), 1, () => {
      f.get(i).get(dh).op("i32.mul").get(ph).op("i32.sub").set(top);
      f.for(j, () => f.i32(0), () => f.get(kw), 1, () => {
        f.get(j).get(dw).op("i32.mul").get(pw).op("i32.sub").set(off);
        f.i32(0).set(lo);
        f.get(off).i32(0).op("i32.lt_s");
        f.if(() => {
          f.i32(0).get(off).op("i32.sub").get(sw).op("i32.add").i32(1).op("i32.sub");
          f.get(sw).op("i32.div_s").set(lo);
          f.get(lo).get(ow).op("i32.gt_s");
          f.if(() => f.get(ow).set(lo));
        });
        f.i32(0).set(hi);
        f.get(w).get(off).op("i32.sub").set(n);
        f.get(n).i32(0).op("i32.gt_s");
        f.if(() => {
          f.get(n).get(sw).op("i32.add").i32(1).op("i32.sub").get(sw).op("i32.div_s").set(hi);
          f.get(hi).get(ow).op("i32.gt_s");
          f.if(() => f.get(ow).set(hi));
        });
        body();
      });
    });
    f.get(plane).get(h).get(w).op("i32.mul").i32(E).op("i32.mul").op("i32.add").set(plane);
  });
}

/**
 * im2col of one sample's group of channels (`conv.ts`'s `im2col`, same layout):
 * `(px, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, pc, rowLen)`. Row `(c, i, j)` of the
 * matrix at `pc` (rows `rowLen` elements apart) gets the `oh·ow` input pixels that tap `(i, j)` of
 * channel `c` sees, zeros in the padding; the `cg` input planes (`h×w`, contiguous) start at `px`.
 * Pointers in bytes, everything else in elements. A stride-1 row is copied 16 bytes at a time.
 */
function emitIm2col(mod: Module, t: WasmDType): Func {
  const { E } = GEMM[t];
  const f = mod.func(`im2col_${t}`, i32s(16));
  const [px, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, pc, rowLen] = Array.from(
    { length: 16 },
    (_, i) => f.param(i),
  );
  const [c, i, j, y, top, off, lo, hi, q, row, plane, ih, p, o, n, end] = Array.from(
    { length: 16 },
    () => f.local("i32"),
  );
  const load = t === "f32" ? "f32.load" : "f64.load";
  const store = t === "f32" ? "f32.store" : "f64.store";
  /** Zeros the bytes [from, to) (a whole number of elements). */
  const zero = (from: () => void, to: () => void) => {
    f.for(o, from, to, E, () => {
      f.get(o);
      if (t === "f32") f.f32(0);
      else f.f64(0);
      f.mem(store);
    });
  };
  f.get(px).set(plane);
  f.get(pc).set(row);
  const locals = { c, i, j, top, off, lo, hi, n, plane };
  forEachTap(f, E, { cg, h, w, kh, kw, ow, sw, ph, pw, dh, dw }, locals, () => {
    f.get(row).set(q);
    f.for(y, () => f.i32(0), () => f.get(oh), 1, () => {
      f.get(top).get(y).get(sh).op("i32.mul").op("i32.add").set(ih);
      f.get(ih).i32(0).op("i32.lt_s").get(ih).get(h).op("i32.ge_s").op("i32.or");
      f.get(lo).get(hi).op("i32.ge_s").op("i32.or");
      f.if(() => {
        zero(() => f.get(q), () => f.get(q).get(ow).i32(E).op("i32.mul").op("i32.add"));
      }, () => {
        zero(() => f.get(q), () => f.get(q).get(lo).i32(E).op("i32.mul").op("i32.add"));
        // p = plane + (ih·w + lo·sw + off)·E
        f.get(ih).get(w).op("i32.mul").get(lo).get(sw).op("i32.mul").op("i32.add");
        f.get(off).op("i32.add").i32(E).op("i32.mul").get(plane).op("i32.add").set(p);
        f.get(sw).i32(1).op("i32.eq");
        f.if(() => {
          // contiguous: (hi − lo)·E bytes from p to q + lo·E, 16 at a time, then the tail
          f.get(hi).get(lo).op("i32.sub").i32(E).op("i32.mul").set(n);
          f.get(q).get(lo).i32(E).op("i32.mul").op("i32.add").set(end);
          f.for(o, () => f.i32(0), () => f.get(n).i32(~15).op("i32.and"), 16, () => {
            f.get(end).get(o).op("i32.add");
            f.get(p).get(o).op("i32.add").mem("v128.load").mem("v128.store");
          });
          f.for(o, () => f.get(n).i32(~15).op("i32.and"), () => f.get(n), E, () => {
            f.get(end).get(o).op("i32.add");
            f.get(p).get(o).op("i32.add").mem(load).mem(store);
          });
        }, () => {
          f.for(o, () => f.get(lo), () => f.get(hi), 1, () => {
            f.get(q).get(o).i32(E).op("i32.mul").op("i32.add");
            f.get(p).mem(load).mem(store);
            f.get(p).get(sw).i32(E).op("i32.mul").op("i32.add").set(p);
          });
        });
        zero(
          () => f.get(q).get(hi).i32(E).op("i32.mul").op("i32.add"),
          () => f.get(q).get(ow).i32(E).op("i32.mul").op("i32.add"),
        );
      });
      f.get(q).get(ow).i32(E).op("i32.mul").op("i32.add").set(q);
    });
    f.get(row).get(rowLen).i32(E).op("i32.mul").op("i32.add").set(row);
  });
  return f;
}

/**
 * col2im, the adjoint of {@linkcode emitIm2col} (`conv.ts`'s `col2im`):
 * `(pc, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, px)`. Each element of the `cg·kh·kw`
 * contiguous rows of `oh·ow` at `pc` is added onto the input pixel it was read from in the `cg`
 * planes at `px`; padding positions are dropped. A stride-1 run is added 16 bytes at a time, in
 * the same order as the loop (each pixel's sum is the same sequence of additions).
 */
function emitCol2im(mod: Module, t: WasmDType): Func {
  const { E } = GEMM[t];
  const f = mod.func(`col2im_${t}`, i32s(15));
  const [pc, cg, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw, px] = Array.from(
    { length: 15 },
    (_, i) => f.param(i),
  );
  const [c, i, j, y, top, off, lo, hi, q, row, plane, ih, p, o, n, src] = Array.from(
    { length: 16 },
    () => f.local("i32"),
  );
  const load = t === "f32" ? "f32.load" : "f64.load";
  const store = t === "f32" ? "f32.store" : "f64.store";
  const vadd = t === "f32" ? "f32x4.add" : "f64x2.add";
  f.get(px).set(plane);
  f.get(pc).set(row);
  const locals = { c, i, j, top, off, lo, hi, n, plane };
  forEachTap(f, E, { cg, h, w, kh, kw, ow, sw, ph, pw, dh, dw }, locals, () => {
    f.get(lo).get(hi).op("i32.lt_s");
    f.if(() => {
      f.get(row).set(q);
      f.for(y, () => f.i32(0), () => f.get(oh), 1, () => {
        f.get(top).get(y).get(sh).op("i32.mul").op("i32.add").set(ih);
        f.get(ih).i32(0).op("i32.ge_s").get(ih).get(h).op("i32.lt_s").op("i32.and");
        f.if(() => {
          // p = plane + (ih·w + lo·sw + off)·E; src = q + lo·E
          f.get(ih).get(w).op("i32.mul").get(lo).get(sw).op("i32.mul").op("i32.add");
          f.get(off).op("i32.add").i32(E).op("i32.mul").get(plane).op("i32.add").set(p);
          f.get(q).get(lo).i32(E).op("i32.mul").op("i32.add").set(src);
          f.get(sw).i32(1).op("i32.eq");
          f.if(() => {
            f.get(hi).get(lo).op("i32.sub").i32(E).op("i32.mul").set(n);
            f.for(o, () => f.i32(0), () => f.get(n).i32(~15).op("i32.and"), 16, () => {
              f.get(p).get(o).op("i32.add");
              f.get(p).get(o).op("i32.add").mem("v128.load");
              f.get(src).get(o).op("i32.add").mem("v128.load");
              f.op(vadd).mem("v128.store");
            });
            f.for(o, () => f.get(n).i32(~15).op("i32.and"), () => f.get(n), E, () => {
              f.get(p).get(o).op("i32.add");
              f.get(p).get(o).op("i32.add").mem(load);
              f.get(src).get(o).op("i32.add").mem(load);
              f.op(`${t}.add`).mem(store);
            });
          }, () => {
            f.for(o, () => f.get(lo), () => f.get(hi), 1, () => {
              f.get(p);
              f.get(p).mem(load);
              f.get(src).mem(load);
              f.op(`${t}.add`).mem(store);
              f.get(p).get(sw).i32(E).op("i32.mul").op("i32.add").set(p);
              f.get(src).i32(E).op("i32.add").set(src);
            });
          });
        });
        f.get(q).get(ow).i32(E).op("i32.mul").op("i32.add").set(q);
      });
    });
    f.get(row).get(oh).get(ow).op("i32.mul").i32(E).op("i32.mul").op("i32.add").set(row);
  });
  return f;
}

/**
 * Max pooling over 2×2 windows with stride 2 inside the input (`pool.ts`'s `maxPool` for that
 * case, same rules: a NaN wins, the last of several; of equal elements the first), float32:
 * `(px, planes, h, w, oh, ow, pout, pidx)`, planes `h×w` at `px`, `2·oh ≤ h`, `2·ow ≤ w`; the
 * maxima go to `pout`, their positions in the plane (i32) to `pidx`. Four windows at a time: the
 * two rows' even and odd columns are split into four vectors, visited in the windows' order with
 * lane masks and `bitselect`, so no branch depends on the data.
 */
function emitMaxPool2x2(mod: Module): Func {
  const f = mod.func("maxpool2x2_f32", i32s(8));
  const [px, planes, h, w, oh, ow, pout, pidx] = Array.from({ length: 8 }, (_, i) => f.param(i));
  const [p, y, z, r0, r1, pos, qo, qi, plane, zEnd, k, wB] = Array.from(
    { length: 12 },
    () => f.local("i32"),
  );
  const [v0, v1, m, idx, v, gt, lanesOf, posV] = Array.from({ length: 8 }, () => f.local("v128"));
  const [ms, vs, is] = [f.local("f32"), f.local("f32"), f.local("i32")];
  const even = lanes(4, [[0, 0], [0, 2], [1, 0], [1, 2]]);
  const odd = lanes(4, [[0, 1], [0, 3], [1, 1], [1, 3]]);
  // lane offsets 0, 2, 4, 6: the four windows' first columns
  f.i32(0).op("i32x4.splat");
  for (let l = 1; l < 4; l++) f.i32(2 * l).lane("i32x4.replace_lane", l);
  f.set(lanesOf);
  f.get(w).i32(4).op("i32.mul").set(wB);
  f.get(h).get(w).op("i32.mul").i32(4).op("i32.mul").set(plane);
  f.get(pout).set(qo);
  f.get(pidx).set(qi);
  f.get(ow).i32(~3).op("i32.and").set(zEnd);
  /** One candidate (vector `v`, position offset `off` from the window's first): take it where it wins. */
  const visit = (off: () => void) => {
    f.get(v).get(m).op("f32x4.gt").get(v).get(v).op("f32x4.ne").op("v128.or").set(gt);
    f.get(v).get(m).get(gt).op("v128.bitselect").set(m);
    f.get(posV);
    off();
    f.op("i32x4.splat").op("i32x4.add").get(idx).get(gt).op("v128.bitselect").set(idx);
  };
  const visitScalar = (addr: () => void, off: () => void) => {
    addr();
    f.mem("f32.load").set(vs);
    f.get(vs).get(ms).op("f32.gt").get(vs).get(vs).op("f32.ne").op("i32.or").set(k);
    f.get(vs).get(ms).get(k).op("select").set(ms);
    f.get(pos);
    off();
    f.op("i32.add").get(is).get(k).op("select").set(is);
  };
  f.for(p, () => f.i32(0), () => f.get(planes), 1, () => {
    f.for(y, () => f.i32(0), () => f.get(oh), 1, () => {
      f.get(y).i32(2).op("i32.mul").get(w).op("i32.mul").set(pos); // position of row 2y, column 0
      f.get(px).get(pos).i32(4).op("i32.mul").op("i32.add").set(r0);
      f.get(r0).get(wB).op("i32.add").set(r1);
      f.for(z, () => f.i32(0), () => f.get(zEnd), 4, () => {
        // columns 2z … 2z+7 of both rows
        f.get(r0).get(z).i32(8).op("i32.mul").op("i32.add").tee(k).mem("v128.load").set(v0);
        f.get(k).mem("v128.load", 16).set(v1);
        f.get(v0).get(v1).shuffle(even).set(m); // (2y, 2z…): the windows' first elements
        f.get(pos).get(z).i32(2).op("i32.mul").op("i32.add").op("i32x4.splat");
        f.get(lanesOf).op("i32x4.add").set(posV);
        f.get(posV).set(idx);
        f.get(v0).get(v1).shuffle(odd).set(v);
        visit(() => f.i32(1));
        f.get(r1).get(z).i32(8).op("i32.mul").op("i32.add").tee(k).mem("v128.load").set(v0);
        f.get(k).mem("v128.load", 16).set(v1);
        f.get(v0).get(v1).shuffle(even).set(v);
        visit(() => f.get(w));
        f.get(v0).get(v1).shuffle(odd).set(v);
        visit(() => f.get(w).i32(1).op("i32.add"));
        f.get(qo).get(m).mem("v128.store");
        f.get(qi).get(idx).mem("v128.store");
        f.get(qo).i32(16).op("i32.add").set(qo);
        f.get(qi).i32(16).op("i32.add").set(qi);
      });
      // the last ow mod 4 windows, one at a time
      f.for(z, () => f.get(zEnd), () => f.get(ow), 1, () => {
        f.get(r0).get(z).i32(8).op("i32.mul").op("i32.add").mem("f32.load").set(ms);
        f.get(pos).get(z).i32(2).op("i32.mul").op("i32.add").set(is);
        const at = (row: Local, dx: number) => () =>
          f.get(row).get(z).i32(8).op("i32.mul").op("i32.add").i32(4 * dx).op("i32.add");
        const offs = (dx: number, dy: boolean) => () => {
          f.get(z).i32(2).op("i32.mul").i32(dx).op("i32.add");
          if (dy) f.get(w).op("i32.add");
        };
        visitScalar(at(r0, 1), offs(1, false));
        visitScalar(at(r1, 0), offs(0, true));
        visitScalar(at(r1, 1), offs(1, true));
        f.get(qo).get(ms).mem("f32.store");
        f.get(qi).get(is).mem("i32.store");
        f.get(qo).i32(4).op("i32.add").set(qo);
        f.get(qi).i32(4).op("i32.add").set(qi);
      });
    });
    f.get(px).get(plane).op("i32.add").set(px);
  });
  return f;
}

/** Imported memory limits: 2 GiB at most, so that byte offsets stay positive i32s. */
export const MAX_PAGES = 32768;

/**
 * Assembles the kernel module.
 *
 * @param o Which instructions to use.
 * @returns The module bytes and the offset of the memory's shared flag byte.
 */
export function buildKernels(o: BuildOptions): Assembled {
  const mod = new Module({ module: "env", name: "memory", min: 1, max: MAX_PAGES, shared: true });
  for (const t of ["f32", "f64"] as const) {
    emitGemmChunked(mod, t, emitGemm(mod, t, o));
    emitBinary(mod, t);
    emitBinaryScalar(mod, t);
    emitAxpy(mod, t);
    emitUnary(mod, t);
    emitTranspose(mod, t);
    emitSum(mod, t);
    emitIm2col(mod, t);
    emitCol2im(mod, t);
  }
  emitMaxPool2x2(mod);
  return mod.assemble();
}
