/**
 * Replays the random shape and indexing programs of conformance/fuzz/shape.py (PyTorch 2.x) in
 * descent: each case's inputs are made from leaves through the same layout (transposed, stepped
 * slice, expanded, storage offset), the op runs with the same arguments, and the outputs (shape,
 * dtype, values, `gradFn`, printed form), the leaves' gradients for the recorded cotangents, or the
 * error (class and PyTorch's text) are compared.
 *
 * @module
 */

import { grad } from "@descent/autograd";
import * as api from "@descent/tensor";
import type { DType, Index, Tensor } from "@descent/tensor";
import { decode, errorOf, type FixtureValue, mismatch, spell, toleranceFor } from "../fixtures.ts";

/** One input of a case: a leaf's values and how the input is made from it. */
export interface FuzzInput {
  kind: "data" | "index" | "mask";
  shape: number[];
  dtype: DType;
  /** `c` contiguous, `t` transposed, `s` a stepped slice, `e` expanded, `o` at an offset. */
  layout: "c" | "t" | "s" | "e" | "o";
  grad?: boolean;
  values: (FixtureValue | boolean)[];
  /** The dim a layout `e` input is expanded along. */
  edim?: number;
}

/** One output as PyTorch gave it. */
export interface FuzzOutput {
  shape: number[];
  dtype: DType;
  values: FixtureValue[];
  gradFn: string | null;
  requiresGrad: boolean;
  repr: string;
}

/** One random program and what PyTorch 2.x did with it. */
export interface FuzzCase {
  id: number;
  op: string;
  // deno-lint-ignore no-explicit-any
  params: Record<string, any>;
  inputs: FuzzInput[];
  outputs?: FuzzOutput[];
  error?: { type: string; message: string };
  gradError?: { type: string; message: string };
  cotangents?: FixtureValue[][];
  /** Weights of the leaves' gradients, and the cotangents' gradients of their weighted sum. */
  second?: { w: (FixtureValue[] | null)[]; grads: (FixtureValue[] | null)[] };
  grads?: (FixtureValue[] | null)[];
}

function baseShape(s: FuzzInput): number[] {
  const b = s.shape.slice();
  if (s.layout === "t") [b[b.length - 1], b[b.length - 2]] = [b[b.length - 2], b[b.length - 1]];
  else if (s.layout === "s") b[0] *= 2;
  else if (s.layout === "e") b[s.edim!] = 1;
  return b;
}

/** The leaf and the input made from it, as shape.py's `build`. */
function build(s: FuzzInput): [Tensor, Tensor] {
  const vals = Float64Array.from(s.values, (v) => typeof v === "boolean" ? Number(v) : decode(v));
  let leaf = api.tensor(vals, { dtype: s.dtype });
  if (s.layout !== "o") leaf = leaf.reshape(baseShape(s));
  if (s.grad && (s.dtype === "float32" || s.dtype === "float64")) leaf.requiresGrad_(true);
  let x: Tensor;
  switch (s.layout) {
    case "c":
      x = leaf;
      break;
    case "t":
      x = leaf.transpose(-1, -2);
      break;
    case "s":
      x = leaf.index(api.slice(null, null, 2));
      break;
    case "e":
      x = leaf.expand(s.shape);
      break;
    default:
      x = leaf.index(api.slice(1, null)).view(s.shape);
  }
  return [leaf, x];
}

// deno-lint-ignore no-explicit-any
type Item = [string, any?];

function indexItems(items: Item[], ins: Tensor[]): Index[] {
  return items.map(([k, v]): Index => {
    switch (k) {
      case "i":
      case "b":
      case "l":
        return v;
      case "s":
        return api.slice(v[0], v[1], v[2]);
      case "n":
        return null;
      case "e":
        return api.ellipsis;
      case "t":
        return ins[v];
    }
    throw new Error(`bad item ${k}`);
  });
}

const isFloat = (t: Tensor) => t.dtype === "float32" || t.dtype === "float64";

// deno-lint-ignore no-explicit-any
type Program = (i: Tensor[], p: Record<string, any>) => Tensor[];

function makeView(x: Tensor, p: Record<string, number & never>): Tensor {
  switch (p.view as string) {
    case "select":
      return x.select(p.d, p.i);
    case "slice": {
      const sl = p.sl as unknown as (number | null)[];
      return x.index(api.slice(sl[0], sl[1], sl[2]));
    }
    case "transpose":
      return x.transpose(p.d, p.d2);
    case "diagonal":
      return x.diagonal(p.i, p.d, p.d2);
    case "index":
      return x.index(...indexItems(p.items as unknown as Item[], []));
    case "narrow":
      return x.narrow(p.d, 0, 1);
    case "unsqueeze":
      return x.unsqueeze(p.d);
    case "view":
      return x.view(-1);
    case "expand":
      return x.expand([2, ...x.shape]);
  }
  return x.split(1, p.d)[0];
}

const PROGRAMS: Record<string, Program> = {
  reshape: ([x], p) => [x.reshape(p.shape)],
  view: ([x], p) => [x.view(p.shape)],
  permute: ([x], p) => [x.permute(p.dims)],
  transpose: ([x], p) => [x.transpose(p.d0, p.d1)],
  movedim: ([x], p) => [api.movedim(x, p.src, p.dst)],
  expand: ([x], p) => [x.expand(p.sizes)],
  squeeze: ([x], p) => [p.dim === null ? x.squeeze() : x.squeeze(p.dim)],
  unsqueeze: ([x], p) => [x.unsqueeze(p.dim)],
  flatten: ([x], p) => [x.flatten(p.s, p.e)],
  unflatten: ([x], p) => [x.unflatten(p.dim, p.sizes)],
  cat: (i, p) => [api.cat(i, p.dim)],
  stack: (i, p) => [api.stack(i, p.dim)],
  split: ([x], p) => x.split(p.size, p.dim),
  chunk: ([x], p) => x.chunk(p.chunks, p.dim),
  unbind: ([x], p) => x.unbind(p.dim),
  narrow: ([x], p) => [x.narrow(p.dim, p.start, p.length)],
  select: ([x], p) => [x.select(p.dim, p.i)],
  flip: ([x], p) => [x.flip(p.dims)],
  roll: ([x], p) => [p.dims === null ? x.roll(p.shifts) : x.roll(p.shifts, p.dims)],
  repeat: ([x], p) => [x.repeat(p.reps)],
  tile: ([x], p) => [x.tile(p.reps)],
  diagonal: ([x], p) => [x.diagonal(p.offset, p.d1, p.d2)],
  tril: ([x], p) => [x.tril(p.k)],
  triu: ([x], p) => [x.triu(p.k)],
  diag: ([x], p) => [api.diag(x, p.offset)],
  diagEmbed: ([x], p) => [api.diagEmbed(x, p.offset, p.d1, p.d2)],
  pad: ([x], p) => [api.pad(x, p.pad, { mode: p.mode, value: p.value })],
  unfold: ([x], p) => [x.unfold(p.dim, p.size, p.step)],
  repeatInterleave: (i, p) => [
    i[0].repeatInterleave(p.reps === "t" ? i[1] : p.reps, p.dim),
  ],
  index: (i, p) => [i[0].index(...indexItems(p.items, i))],
  indexPut: (i, p) => {
    const x = i[0].clone();
    const v = p.vkind === "num" ? (isFloat(x) ? 2.5 : 3) : i[p.vi];
    const items = p.items as Item[];
    const advOnly = items.length > 0 && items.every(([k]) => k === "t" || k === "l");
    if (!advOnly && p.accumulate) throw new Error("skipped by shape.py");
    x.indexPut_(indexItems(items, i), v, { accumulate: p.accumulate });
    return [x];
  },
  gather: ([x, i], p) => [x.gather(p.dim, i)],
  indexSelect: ([x, i], p) => [x.indexSelect(p.dim, i)],
  take: ([x, i]) => [x.take(i)],
  scatter: ([x, i, s], p) => [x.scatter(p.dim, i, p.scalar ? 1.5 : s)],
  scatterAdd: ([x, i, s], p) => [x.scatterAdd(p.dim, i, s)],
  scatterReduce: ([x, i, s], p) => [
    x.scatterReduce(p.dim, i, s, p.reduce, { includeSelf: p.includeSelf }),
  ],
  indexAdd: ([x, i, s], p) => [x.indexAdd(p.dim, i, s, { alpha: p.alpha })],
  maskedFill: (i, p) => [i[0].maskedFill(i[1], p.value === "num" ? decode(p.num) : i[2])],
  maskedSelect: ([x, m]) => [x.maskedSelect(m)],
  maskedScatter: ([x, m, s]) => [x.maskedScatter(m, s)],
  nonzero: ([x], p) => p.asTuple ? x.nonzero({ asTuple: true }) : [x.nonzero()],
  argwhere: ([x]) => [x.argwhere()],
  inplaceFamily: runFamily,
  savedModified: (i, p) => {
    const x = i[0].mul(1);
    const v = makeView(x, p as never);
    const y = v.sin();
    (p.which === "view" ? v : x).mul_(2);
    return [y];
  },
  inplaceView: (i, p) => {
    const x = isFloat(i[0]) ? i[0].mul(1) : i[0].clone();
    const v = makeView(x, p as never);
    const other = i[1];
    const part = () => v.ndim ? other.index(api.slice(null, v.shape[v.ndim - 1])) : other.index(0);
    for (let k = 0; k < (p.twice ? 2 : 1); k++) {
      switch (p.op) {
        case "mul_":
          v.mul_(2);
          break;
        case "add_":
          v.add_(1);
          break;
        case "add_t":
          v.add_(part());
          break;
        case "zero_":
          v.zero_();
          break;
        case "fill_":
          v.fill_(3);
          break;
        case "copy_":
          v.copy_(part());
          break;
        case "sub_t":
          v.sub_(part());
          break;
        default:
          v.div_(2);
      }
    }
    return [x, v];
  },
};

/** shape.py's `family_src`: `src` cut to `v`'s shape. */
function familySrc(v: Tensor, src: Tensor): Tensor {
  let s = src;
  while (s.ndim > Math.max(v.ndim, 1)) s = s.index(0);
  while (s.ndim < v.ndim) s = s.unsqueeze(0);
  return v.ndim ? s.index(...v.shape.map((k) => api.slice(0, k))) : s.reshape(-1).index(0);
}

/** shape.py's `run_family`: an in-place op of the gather/scatter/mask family on a view. */
// deno-lint-ignore no-explicit-any
function runFamily(i: Tensor[], p: Record<string, any>): Tensor[] {
  const x = i[0].mul(1);
  const v = makeView(x, p as never);
  const src = familySrc(v, i[1]);
  const o = p.op as string;
  if (v.ndim === 0 && o !== "maskedFill_" && o !== "maskedScatter_") {
    throw new Error("skipped by shape.py");
  }
  const n0 = v.ndim ? v.shape[0] : 1;
  const zerosL = (shape: readonly number[]) => api.zeros(shape.slice(), { dtype: "int64" });
  switch (o) {
    case "maskedFill_":
      v.maskedFill_(v.detach().gt(0), 0.5);
      break;
    case "indexPut_acc":
      v.indexPut_([zerosL([2])], n0 ? src.index(api.slice(null, 1)) : src, { accumulate: true });
      break;
    case "scatterAdd_":
      v.scatterAdd_(0, zerosL(v.shape), src);
      break;
    case "indexAdd_":
      v.indexAdd_(0, zerosL([n0]), src);
      break;
    case "maskedScatter_":
      v.maskedScatter_(v.detach().gt(0), src);
      break;
    default: {
      const rows = api.arange(n0 - 1, -1, -1).reshape([n0, ...Array(v.ndim - 1).fill(1)]);
      v.scatter_(0, rows.expand(v.shape).contiguous(), src);
    }
  }
  return [x, v];
}

/** descent's class for PyTorch's: which ones are acceptable. */
function classOk(torchType: string, got: string): boolean {
  if (torchType === "IndexError") return got === "RangeError";
  if (torchType === "TypeError" || torchType === "ValueError") return got === "TypeError";
  return got === "RangeError" || got === "TypeError" || got === "Error";
}

function errorMismatchOf(
  want: { type: string; message: string },
  e: Error | null,
  what: string,
): string | null {
  if (e === null) return `${what}: no error, PyTorch: ${want.type}: ${want.message}`;
  const expected = spell(want.message);
  if (!e.message.includes(expected)) {
    return `${what} text:\n  got:     ${e.constructor.name}: ${e.message}\n  PyTorch: ${want.type}: ${expected}`;
  }
  if (!classOk(want.type, e.constructor.name)) {
    return `${what} class: ${e.constructor.name}, PyTorch ${want.type}`;
  }
  return null;
}

/**
 * Replays one case in descent.
 *
 * @param c The case.
 * @returns `null` when descent agrees with PyTorch, else what differs first.
 */
export function replayShapeCase(c: FuzzCase): string | null {
  const built = c.inputs.map(build);
  const leaves = built.map((b) => b[0]);
  const ins = built.map((b) => b[1]);
  const program = PROGRAMS[c.op];
  let outs: Tensor[] = [];
  const thrown = errorOf(() => {
    outs = program(ins, c.params);
  });
  if (c.error) return errorMismatchOf(c.error, thrown, "error");
  if (thrown) return `threw ${thrown.constructor.name}: ${thrown.message}\n${thrown.stack}`;
  const want = c.outputs!;
  if (outs.length !== want.length) return `${outs.length} outputs, PyTorch ${want.length}`;
  for (let k = 0; k < outs.length; k++) {
    const [o, w] = [outs[k], want[k]];
    if (o.dtype !== w.dtype) return `output ${k}: dtype ${o.dtype}, PyTorch ${w.dtype}`;
    const bad = mismatch(o, w.values, w.shape, toleranceFor(w.dtype));
    if (bad !== null) return `output ${k}: ${bad}`;
    const name = o.gradFn?.name() ?? null;
    if (name !== w.gradFn) return `output ${k}: gradFn ${name}, PyTorch ${w.gradFn}`;
    if (o.requiresGrad !== w.requiresGrad) {
      return `output ${k}: requiresGrad ${o.requiresGrad}, PyTorch ${w.requiresGrad}`;
    }
    if (String(o) !== w.repr) return `output ${k}: printed\n${String(o)}\nPyTorch:\n${w.repr}`;
  }
  const diff = outs.filter((o) => o.requiresGrad && isFloat(o));
  const req = leaves.filter((t) => t.requiresGrad);
  if (c.gradError) {
    const seeds = diff.map((o) => api.onesLike(o));
    const e = errorOf(() => grad(diff, req, { allowUnused: true, gradOutputs: seeds }));
    return errorMismatchOf(c.gradError, e, "grad error");
  }
  if (!c.grads) return null;
  const seeds = c.cotangents!.map((v, k) =>
    api.tensor(Float64Array.from(v, decode), { dtype: diff[k].dtype }).reshape(diff[k].shape)
      .requiresGrad_(true)
  );
  let gs: (Tensor | null)[] = [];
  const e = errorOf(() => {
    gs = grad(diff, req, { gradOutputs: seeds, allowUnused: true, createGraph: true });
  });
  if (e) return `grad threw ${e.constructor.name}: ${e.message}\n${e.stack}`;
  let j = 0;
  for (let k = 0; k < leaves.length; k++) {
    if (!leaves[k].requiresGrad) continue;
    const g = gs[j++];
    const t = leaves[k];
    const w = c.grads[k];
    const zeros = new Array<number>(t.numel()).fill(0);
    if (g === null && w !== null) return `grad ${k}: null, PyTorch has one`;
    // a float64 leaf's gradient that passed through float32 is compared as float32
    const tol = toleranceFor(c.inputs.some((i) => i.dtype === "float32") ? "float32" : t.dtype);
    const m = mismatch(g ?? api.zeros(t.shape, { dtype: t.dtype }), w ?? zeros, t.shape, tol);
    if (m !== null) return `grad ${k}: ${m}`;
  }
  return c.second ? secondMismatch(c, leaves, gs, seeds) : null;
}

/** The second-order check of a case: the cotangents' gradients of the weighted gradients. */
function secondMismatch(
  c: FuzzCase,
  leaves: Tensor[],
  gs: (Tensor | null)[],
  seeds: Tensor[],
): string | null {
  const { w, grads } = c.second!;
  let j = 0;
  let total: Tensor | null = null;
  for (let k = 0; k < leaves.length; k++) {
    if (!leaves[k].requiresGrad) continue;
    const g = gs[j++];
    const wk = w[k];
    if (g === null || wk === null || !g.requiresGrad) continue;
    const term = g.mul(
      api.tensor(Float64Array.from(wk, decode), { dtype: g.dtype }).reshape(g.shape),
    )
      .sum();
    total = total === null ? term : total.add(term);
  }
  if (total === null) {
    return "second order: PyTorch's gradients depend on the cotangents, descent's do not";
  }
  let gg: (Tensor | null)[] = [];
  const e = errorOf(() => {
    gg = grad([total!], seeds, { allowUnused: true });
  });
  if (e) return `second order threw ${e.constructor.name}: ${e.message}`;
  for (let k = 0; k < seeds.length; k++) {
    const s = seeds[k];
    const zeros = new Array<number>(s.numel()).fill(0);
    const tol = toleranceFor(c.inputs.some((i) => i.dtype === "float32") ? "float32" : s.dtype, 2);
    const m = mismatch(
      gg[k] ?? api.zeros(s.shape, { dtype: s.dtype }),
      grads[k] ?? zeros,
      s.shape,
      tol,
    );
    if (m !== null) return `second order, cotangent ${k}: ${m}`;
  }
  return null;
}
