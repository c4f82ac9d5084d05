/**
 * Replays the cases of conformance/fuzz/nn.py (PyTorch 2.x) through descent: layers built from the
 * case's args with the case's parameters and buffers, losses with their options, optimizers with a
 * scheduler over several steps, and the functional conv-transpose, interpolate and attention ops.
 * `replay` returns what differs (empty when all agrees); `conformance/fuzz_nn_test.ts` runs it over
 * the committed fixture, and
 * `deno run --allow-read conformance/fuzz/nn_replay.ts FILE` over any file the generator wrote.
 *
 * @module
 */

import {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AvgPool1d,
  AvgPool2d,
  BatchNorm1d,
  Bilinear,
  clipGradNorm_,
  clipGradValue_,
  Conv1d,
  Conv2d,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  MaxPool1d,
  MaxPool2d,
  type Module,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  Tanh,
} from "@descent/nn";
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  huberLoss,
  l1Loss,
  mseLoss,
  nllLoss,
  smoothL1Loss,
} from "@descent/losses";
import * as optim from "@descent/optim";
import {
  addmm,
  addmv,
  baddbmm,
  convTranspose1d,
  convTranspose2d,
  type DType,
  ellipsis,
  interpolate,
  type InterpolateMode,
  kron,
  linalg,
  manualSeed,
  matmul,
  outer,
  scaledDotProductAttention,
  slice,
  type Tensor,
} from "@descent/tensor";
import { grad } from "@descent/autograd";
import { type FixtureValue, fromFixture, mismatch, spell, type Tolerance } from "../fixtures.ts";

/** A tensor as the generator writes it. */
export interface Enc {
  shape: number[];
  dtype: string;
  values: FixtureValue[];
}

/** One generated case (the fields of its kind). */
export interface FuzzCase {
  kind: "layer" | "loss" | "optim" | "fn" | "clip";
  name: string;
  // deno-lint-ignore no-explicit-any
  [k: string]: any;
}

const dt = (e: Enc): DType => e.dtype as DType;
const fromEnc = (e: Enc, req = false): Tensor => fromFixture(e.values, e.shape, dt(e), req);

/**
 * Tolerances: float64 to 1e-9 (PyTorch's and descent's summation orders differ in long
 * products), float32 to a few float32 steps of the magnitudes involved.
 */
function tol(dtype: string): Tolerance {
  return dtype === "float64" ? { rtol: 1e-9, atol: 1e-10 } : { rtol: 2e-5, atol: 2e-5 };
}

function layer(name: string, a: Record<string, unknown>, dtype: DType): Module {
  // deno-lint-ignore no-explicit-any
  const A = a as any;
  const conv = () => ({
    stride: A.stride,
    padding: A.padding,
    dilation: A.dilation,
    groups: A.groups,
    bias: A.bias,
    paddingMode: A.mode,
    dtype,
  });
  switch (name) {
    case "Linear":
      return new Linear(A.in, A.out, { bias: A.bias, dtype });
    case "Bilinear":
      return new Bilinear(A.in1, A.in2, A.out, { bias: A.bias, dtype });
    case "Conv1d":
      return new Conv1d(A.cin, A.cout, A.k, conv());
    case "Conv2d":
      return new Conv2d(A.cin, A.cout, A.k, conv());
    case "MaxPool1d":
    case "MaxPool2d":
      return new (name === "MaxPool1d" ? MaxPool1d : MaxPool2d)(A.k, {
        stride: A.stride,
        padding: A.padding,
        dilation: A.dilation,
        ceilMode: A.ceil,
      });
    case "AvgPool1d":
      return new AvgPool1d(A.k, {
        stride: A.stride,
        padding: A.padding,
        ceilMode: A.ceil,
        countIncludePad: A.cip,
      });
    case "AvgPool2d":
      return new AvgPool2d(A.k, {
        stride: A.stride,
        padding: A.padding,
        ceilMode: A.ceil,
        countIncludePad: A.cip,
        divisorOverride: A.div,
      });
    case "AdaptiveAvgPool2d":
      return new AdaptiveAvgPool2d(A.size);
    case "AdaptiveMaxPool2d":
      return new AdaptiveMaxPool2d(A.size);
    case "LayerNorm":
      return new LayerNorm(A.shape, {
        eps: A.eps,
        elementwiseAffine: A.affine,
        bias: A.bias,
        dtype,
      });
    case "BatchNorm1d":
      return new BatchNorm1d(A.n, {
        eps: A.eps,
        momentum: A.momentum,
        affine: A.affine,
        trackRunningStats: A.track,
        dtype,
      });
    case "Embedding":
      return new Embedding(A.n, A.dim, { paddingIdx: A.pad, dtype });
    case "Dropout":
      return new Dropout(A.p);
    case "ReLU":
      return new ReLU();
    case "LeakyReLU":
      return new LeakyReLU(A.slope);
    case "GELU":
      return new GELU(A.approximate);
    case "SiLU":
      return new SiLU();
    case "Sigmoid":
      return new Sigmoid();
    case "Tanh":
      return new Tanh();
    case "Softmax":
      return new Softmax(A.dim);
    case "LogSoftmax":
      return new LogSoftmax(A.dim);
    case "Flatten":
      return new Flatten(A.start, A.end);
  }
  throw new Error(`no layer ${name}`);
}

/** Errors whose text differs from PyTorch's (reported by the command line, not failures). */
export const textDiffs: string[] = [];

/** How many errors' texts were compared. */
export const textsCompared = { count: 0 };

function textDiffers(c: FuzzCase, e: Error): void {
  if (c.errorText === false) return;
  textsCompared.count++;
  const want = spell(String(c.error).replace(/^\w+: /, ""));
  // descent may add the values involved in parentheses: "... for beta. (got -1)"
  if (e.message !== want && !e.message.startsWith(`${want} (`)) {
    textDiffs.push(`${c.name}\n    PyTorch: ${want}\n    descent: ${e.message}`);
  }
}

/** What a program that PyTorch ran differs in: the output, its gradFn, the gradients. */
function compareRun(
  c: FuzzCase,
  run: () => Tensor,
  leaves: Tensor[],
  extra: [string, Tensor][] = [],
): string[] {
  let out: Tensor;
  try {
    out = run();
  } catch (e) {
    if (c.error !== undefined) {
      textDiffers(c, e as Error);
      return [];
    }
    return [`descent throws ${(e as Error).name}: ${(e as Error).message}; PyTorch gives a value`];
  }
  if (c.error !== undefined) return [`PyTorch throws ${c.error}; descent gives ${String(out)}`];
  const o = c.output as Enc & { gradFn: string | null };
  // float32 operands round PyTorch's intermediate results, also in a float64 result
  const t = tol(leaves.some((x) => x.dtype === "float32") ? "float32" : o.dtype);
  const bad: string[] = [];
  if (out.dtype !== o.dtype) bad.push(`dtype ${out.dtype}, expected ${o.dtype}`);
  const m = mismatch(out, o.values, o.shape, t);
  if (m !== null) bad.push(`output: ${m}`);
  const name = out.gradFn?.name() ?? null;
  // descent's losses divide by a number (DivBackward0) where PyTorch's C++ divides by a Scalar.
  if (name !== o.gradFn && !(o.gradFn === "DivBackward1" && name === "DivBackward0")) {
    bad.push(`gradFn ${name}, expected ${o.gradFn}`);
  }
  if (bad.length || !("cotangent" in c) && !("gradError" in c)) return bad;
  if ("gradError" in c) return bad;
  const req = [...leaves.filter((x) => x.requiresGrad), ...extra.map(([, p]) => p)];
  if (!out.requiresGrad) return [`output does not require grad`];
  const cot = fromFixture(c.cotangent, out.shape, out.dtype);
  let gs: (Tensor | null)[];
  try {
    gs = grad([out], req, { gradOutputs: [cot], allowUnused: true, createGraph: "second" in c });
  } catch (e) {
    return [`backward throws ${(e as Error).message}`];
  }
  const wants: (FixtureValue[] | null)[] = [
    ...c.grads,
    ...(c.paramGrads ?? []).map(([, g]: [string, FixtureValue[] | null]) => g),
  ];
  const any32 = req.some((x) => x.dtype === "float32");
  gs.forEach((g, k) => {
    const x = req[k];
    const zeros = new Array<number>(x.numel()).fill(0);
    const want = wants[k] ?? zeros;
    const got = g ?? fromFixture(zeros, x.shape, x.dtype);
    // a float32 operand rounds PyTorch's intermediate results, also in a float64 gradient
    const mm = mismatch(got, want, x.shape, tol(any32 ? "float32" : x.dtype));
    const what = k < leaves.filter((l) => l.requiresGrad).length
      ? `input grad ${k}`
      : `${extra[k - leaves.filter((l) => l.requiresGrad).length][0]} grad`;
    if (mm !== null) bad.push(`${what}: ${mm}`);
  });
  if (!bad.length && "second" in c) bad.push(...secondOrder(c, req, gs));
  return bad;
}

/** The gradients of Σ gᵢ·wᵢ against the case's (second derivatives). */
function secondOrder(c: FuzzCase, req: Tensor[], gs: (Tensor | null)[]): string[] {
  const { w, gg } = c.second as { w: (FixtureValue[] | null)[]; gg: (FixtureValue[] | null)[] };
  let total: Tensor | null = null;
  gs.forEach((g, k) => {
    if (g === null || w[k] === null || !g.requiresGrad) return;
    const term = g.mul(fromFixture(w[k]!, g.shape, g.dtype)).sum();
    total = total === null ? term : total.add(term);
  });
  const got: (Tensor | null)[] = total === null
    ? req.map(() => null)
    : grad([total], req, { allowUnused: true });
  const bad: string[] = [];
  got.forEach((g, k) => {
    const x = req[k];
    const zeros = new Array<number>(x.numel()).fill(0);
    // float32 anywhere (a float32 target's gradient) rounds PyTorch's double backward
    const f64 = req.every((r) => r.dtype === "float64");
    const t = f64 ? { rtol: 1e-8, atol: 1e-9 } : { rtol: 1e-4, atol: 1e-4 };
    const mm = mismatch(g ?? fromFixture(zeros, x.shape, x.dtype), gg[k] ?? zeros, x.shape, t);
    if (mm !== null) bad.push(`second derivative ${k}: ${mm}`);
  });
  return bad;
}

function replayLayer(c: FuzzCase): string[] {
  const dtype = c.dtype as DType;
  let m: Module;
  try {
    m = layer(c.layer, c.args, dtype);
  } catch (e) {
    if (c.construct_error !== undefined) {
      textDiffers({ ...c, error: c.construct_error }, e as Error);
      return [];
    }
    return [`descent's constructor throws ${(e as Error).message}`];
  }
  if (c.construct_error !== undefined) return [`PyTorch's constructor throws ${c.construct_error}`];
  const state: Record<string, Tensor> = {};
  for (const [k, v] of c.state as [string, Enc][]) state[k] = fromEnc(v);
  m.loadStateDict(state);
  m.train(c.train);
  const leaves = (c.inputs as (Enc & { t: string | null })[]).map((e) =>
    fromEnc(e, e.dtype.startsWith("float"))
  );
  const args = leaves.map((x, k) => {
    const layout = c.inputs[k].t;
    return layout === "t"
      ? x.transpose(-1, -2)
      : layout === "s"
      ? x.index(ellipsis, slice(null, null, 2))
      : x;
  });
  const params = m.namedParameters();
  const bad = compareRun(
    c,
    () => {
      manualSeed(c.seed);
      return (m as unknown as Module<Tensor[], Tensor>).call(...args);
    },
    leaves,
    params.map(([k, p]) => [k, p]),
  );
  if (c.stateAfter && !bad.length) {
    const after = Object.entries(m.stateDict());
    for (const [i, [k, v]] of after.entries()) {
      const w = (c.stateAfter as [string, Enc][])[i];
      if (w === undefined || w[0] !== k) {
        bad.push(`state key ${k}, expected ${w?.[0]}`);
        continue;
      }
      const mm = mismatch(v, w[1].values, w[1].shape, tol(w[1].dtype));
      if (mm !== null) bad.push(`${k} after the forward: ${mm}`);
    }
  }
  return bad;
}

const LOSSES: Record<string, (x: Tensor, y: Tensor, o: Record<string, unknown>) => Tensor> = {
  mse: (x, y, o) => mseLoss(x, y, o),
  l1: (x, y, o) => l1Loss(x, y, o),
  smooth_l1: (x, y, o) => smoothL1Loss(x, y, o),
  huber: (x, y, o) => huberLoss(x, y, o),
  bce: (x, y, o) => binaryCrossEntropy(x, y, o),
  bce_logits: (x, y, o) => binaryCrossEntropyWithLogits(x, y, o),
  nll: (x, y, o) => nllLoss(x, y, o),
  cross_entropy: (x, y, o) => crossEntropy(x, y, o),
};

function replayLoss(c: FuzzCase): string[] {
  const x = fromEnc(c.inputs[0], true);
  const y = fromEnc(c.inputs[1], c.targetGrad);
  const o: Record<string, unknown> = {
    reduction: c.opts.reduction,
    beta: c.opts.beta,
    delta: c.opts.delta,
    ignoreIndex: c.opts.ignore_index,
    labelSmoothing: c.opts.label_smoothing,
  };
  for (const [k, v] of Object.entries(c.weights as Record<string, Enc>)) {
    o[k === "pos_weight" ? "posWeight" : k] = fromEnc(v);
  }
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return compareRun(c, () => LOSSES[c.loss](x, y, o), [x, y]);
}

/** PyTorch's option names → descent's. */
function camel(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const name = {
      T_max: "tMax",
      T_0: "t0",
      T_mult: "tMult",
      eta_min: "etaMin",
    }[k] ?? k.replace(/_([a-z])/g, (_, ch) => ch.toUpperCase());
    r[name] = v;
  }
  return r;
}

// deno-lint-ignore no-explicit-any
type Any = any;

function makeSched(opt: Any, [name, so]: [string, Record<string, unknown>]): Any {
  if (name === "SequentialLR") {
    const subs = (so.schedulers as [string, Record<string, unknown>][]).map((s) =>
      makeSched(opt, s)
    );
    return new optim.SequentialLR(opt, { schedulers: subs, milestones: so.milestones as number[] });
  }
  return new (optim as Any)[name](opt, camel(so));
}

function replayOptim(c: FuzzCase): string[] {
  const ps = (c.params as Enc[]).map((e) => fromEnc(e, true));
  const O = (optim as Any)[c.opt];
  const groups = c.groups
    ? [{ params: ps.slice(0, 1) }, { params: ps.slice(1), ...camel(c.groups[1][1]) }]
    : ps;
  const bad: string[] = [];
  const t = tol(c.params[0].dtype);
  // LBFGS's later steps amplify last-bit differences of the closure's sums (its line search and
  // curvature pairs divide by small differences): a looser bound
  if (c.opt === "LBFGS") t.rtol = 1e-6;
  let opt: Any;
  let scheds: Any[];
  let s = 0;
  try {
    opt = new O(groups, camel(c.opts));
    scheds = (c.scheds as [string, Record<string, unknown>][]).map((sp) => makeSched(opt, sp));
    const coef = (c.coef ?? []).map((
      [a, b, k]: [FixtureValue[], FixtureValue[], number],
      i: number,
    ) => [
      fromFixture(a, ps[i].shape, ps[i].dtype),
      fromFixture(b, ps[i].shape, ps[i].dtype),
      k,
    ]);
    const closure = () => {
      opt.zeroGrad();
      let loss: Tensor | null = null;
      ps.forEach((p, i) => {
        const [a, b, k] = coef[i];
        const term = a.mul(p).mul(p).add(b.mul(p)).sum().add(p.pow(4).sum().mul(k));
        loss = loss === null ? term : loss.add(term);
      });
      loss!.backward();
      return loss!;
    };
    for (; s < c.grads.length; s++) {
      if (c.opt === "LBFGS") opt.step(closure);
      else {
        ps.forEach((p, k) => {
          const g = c.grads[s][k];
          p.grad = g === null ? null : fromFixture(g, p.shape, p.dtype);
        });
        opt.step();
      }
      for (const sc of scheds) {
        if (sc instanceof optim.ReduceLROnPlateau) sc.step(c.metrics[s]);
        else sc.step();
      }
      if (s >= c.trajectory.length) break;
      if (c.reload === s + 1) {
        // a fresh optimizer and schedulers from the state dicts, through JSON
        const saved = JSON.parse(JSON.stringify(opt.stateDict()));
        const savedScheds = scheds.map((sc) => JSON.parse(JSON.stringify(sc.stateDict())));
        // PyTorch's order: build both, then load the optimizer's state and the schedulers'
        opt = new O(groups, camel(c.opts));
        scheds = (c.scheds as [string, Record<string, unknown>][]).map((sp) => makeSched(opt, sp));
        opt.loadStateDict(saved);
        scheds.forEach((sc, i) => sc.loadStateDict(savedScheds[i]));
      }
      ps.forEach((p, k) => {
        const mm = mismatch(p, c.trajectory[s][k], p.shape, t);
        if (mm !== null) bad.push(`step ${s + 1}, param ${k}: ${mm}`);
      });
      (opt.paramGroups as { lr: number }[]).forEach((g, k) => {
        const want = c.lrs[s][k];
        if (Math.abs(g.lr - want) > 1e-12 * Math.abs(want) + 1e-15) {
          bad.push(`step ${s + 1}, group ${k}: lr ${g.lr}, expected ${want}`);
        }
      });
      if (bad.length) return bad;
    }
  } catch (e) {
    if (c.error !== undefined && s === c.trajectory.length) return [];
    return [
      `descent throws at step ${s + 1}: ${(e as Error).message}` +
      (c.error ? `; PyTorch: ${c.error} after ${c.trajectory.length}` : ""),
    ];
  }
  if (c.error !== undefined) {
    return [`PyTorch throws ${c.error} after ${c.trajectory.length} steps; descent does not`];
  }
  return bad;
}

function replayFn(c: FuzzCase): string[] {
  const leaves = (c.inputs as Enc[]).map((e) => fromEnc(e, e.dtype.startsWith("float")));
  const p = c.params;
  const run = (): Tensor => {
    if (c.op === "conv_transpose1d" || c.op === "conv_transpose2d") {
      const f = c.op === "conv_transpose1d" ? convTranspose1d : convTranspose2d;
      return f(leaves[0], leaves[1], leaves[2] ?? null, {
        stride: p.stride,
        padding: p.padding,
        outputPadding: p.output_padding,
        groups: p.groups,
        dilation: p.dilation,
      });
    }
    if (c.op === "interpolate") {
      return interpolate(leaves[0], {
        mode: p.mode as InterpolateMode,
        size: p.size,
        scaleFactor: p.scale_factor,
        alignCorners: p.align_corners,
        recomputeScaleFactor: p.recompute_scale_factor,
      });
    }
    if (c.op === "addmm" || c.op === "addmv" || c.op === "baddbmm") {
      const f = { addmm, addmv, baddbmm }[c.op as "addmm"];
      return f(leaves[0], leaves[1], leaves[2], { beta: p.beta, alpha: p.alpha });
    }
    if (c.op === "matmul") return matmul(leaves[0], leaves[1]);
    if (c.op === "det") return linalg.det(leaves[0]);
    if (c.op === "inv") return linalg.inv(leaves[0]);
    if (c.op === "solve") return linalg.solve(leaves[0], leaves[1]);
    if (c.op === "cholesky") return linalg.cholesky(leaves[0]);
    if (c.op === "svdvals") return linalg.svdvals(leaves[0]);
    if (c.op === "matrix_norm") {
      const ord = p.ord === "inf" ? Infinity : p.ord === "-inf" ? -Infinity : p.ord;
      return linalg.matrixNorm(leaves[0], ord, { keepdim: p.keepdim });
    }
    if (c.op === "kron") return kron(leaves[0], leaves[1]);
    if (c.op === "outer") return outer(leaves[0], leaves[1]);
    return scaledDotProductAttention(leaves[0], leaves[1], leaves[2], {
      attnMask: leaves[3] ?? null,
      isCausal: p.is_causal,
      scale: p.scale ?? null,
    });
  };
  return compareRun(c, run, leaves);
}

function replayClip(c: FuzzCase): string[] {
  const ps = (c.grads as Enc[]).map((e) => {
    const p = fromFixture(new Array(e.values.length).fill(0), e.shape, dt(e), true);
    p.grad = fromEnc(e);
    return p;
  });
  const o = c.opts;
  let total: Tensor | null = null;
  try {
    if ("clip_value" in o) clipGradValue_(ps, o.clip_value);
    else {
      const normType = o.norm_type === "inf"
        ? Infinity
        : o.norm_type === "-inf"
        ? -Infinity
        : o.norm_type;
      total = clipGradNorm_(ps, o.max_norm, { normType, errorIfNonfinite: o.error_if_nonfinite });
    }
  } catch (e) {
    if (c.error !== undefined) {
      textDiffers(c, e as Error);
      return [];
    }
    return [`descent throws ${(e as Error).message}; PyTorch does not`];
  }
  if (c.error !== undefined) return [`PyTorch throws ${c.error}; descent does not`];
  const bad: string[] = [];
  const t = tol(c.grads[0].dtype);
  if (total !== null) {
    const mm = mismatch(total, c.total.values, c.total.shape, t);
    if (mm !== null) bad.push(`total norm: ${mm}`);
  }
  ps.forEach((p, k) => {
    const mm = mismatch(p.grad!, c.after[k], p.shape, t);
    if (mm !== null) bad.push(`grad ${k} after: ${mm}`);
  });
  return bad;
}

/**
 * Runs one case through descent.
 *
 * @param c A case of conformance/fuzz/nn.py.
 * @returns What differs from PyTorch (empty when nothing does).
 */
export function replay(c: FuzzCase): string[] {
  try {
    switch (c.kind) {
      case "layer":
        return replayLayer(c);
      case "loss":
        return replayLoss(c);
      case "optim":
        return replayOptim(c);
      case "fn":
        return replayFn(c);
      case "clip":
        return replayClip(c);
    }
  } catch (e) {
    return [`replay throws ${(e as Error).stack}`];
  }
  return [`unknown kind ${c.kind}`];
}

if (import.meta.main) {
  const file = Deno.args[0];
  const { cases } = JSON.parse(Deno.readTextFileSync(file)) as { cases: FuzzCase[] };
  let failed = 0;
  for (const c of cases) {
    const bad = replay(c);
    if (bad.length) {
      failed++;
      console.log(`✗ ${c.name}\n    ${bad.slice(0, 3).join("\n    ")}`);
    }
  }
  if (Deno.args.includes("--texts")) { for (const t of textDiffs) console.log(`≠ ${t}`); }
  console.log(`${cases.length - failed}/${cases.length} agree`);
}
