/**
 * Property tests (fast-check, fixed seed, bounded runs): random shapes (0–4 dims, sizes 0–5),
 * random broadcast pairs and random chains of ops, checked against gradcheck in float64,
 * naive reference loops, and the invariants PyTorch users rely on.
 */

import assert from "node:assert/strict";
import fc from "npm:fast-check@4.11.0";
import { noGrad } from "@descent/autograd";
import { gradcheck, manualSeed, onesLike, randn, type Tensor, where, zeros } from "@descent/tensor";

const SEED = 20240611;
const opts = (numRuns: number) => ({ numRuns, seed: SEED });
const f64 = { dtype: "float64", requiresGrad: true } as const;

const numel = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

/** A shape of 0–4 dims with sizes 0–5. */
const shapeArb = fc.array(fc.noBias(fc.integer({ min: 0, max: 5 })), {
  minLength: 0,
  maxLength: 4,
});
/** Small enough for a finite-difference Jacobian. */
const smallShape = shapeArb.filter((s) => numel(s) <= 24);
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Two shapes that broadcast: size-1 dims and dropped leading dims on either side. */
const broadcastPair = fc
  .record({
    s: shapeArb,
    onesA: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    onesB: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    dropA: fc.integer({ min: 0, max: 4 }),
    dropB: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ s, onesA, onesB, dropA, dropB }) => {
    const a = s.map((d, i) => (onesA[i] ? 1 : d)).slice(Math.min(dropA, s.length));
    const b = s.map((d, i) => (onesB[i] ? 1 : d)).slice(Math.min(dropB, s.length));
    return [a, b] as const;
  });

/** Reference broadcasting (NumPy's rule), or null when the shapes do not broadcast. */
function refBroadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Flat index into a tensor of `shape` broadcast to `out`, for the flat output index `k`. */
function sourceIndex(k: number, out: readonly number[], shape: readonly number[]): number {
  let idx = 0;
  let stride = 1;
  for (let d = out.length - 1, e = shape.length - 1; d >= 0; d--, e--) {
    const i = k % out[d];
    k = Math.floor(k / out[d]);
    if (e >= 0) {
      if (shape[e] !== 1) idx += i * stride;
      stride *= shape[e];
    }
  }
  return idx;
}

function values(t: Tensor): number[] {
  return Array.from(t.detach().contiguous().toTypedArray());
}

/** Shape-preserving unary steps of a chain (domains kept valid: log/sqrt/1/x of x²+0.5). */
const UNARY: [string, (t: Tensor) => Tensor][] = [
  ["neg", (t) => t.neg()],
  ["exp", (t) => t.exp()],
  ["log", (t) => t.square().add(0.5).log()],
  ["sqrt", (t) => t.square().add(0.5).sqrt()],
  ["abs", (t) => t.abs()],
  ["sin", (t) => t.sin()],
  ["cos", (t) => t.cos()],
  ["tanh", (t) => t.tanh()],
  ["sigmoid", (t) => t.sigmoid()],
  ["relu", (t) => t.relu()],
  ["square", (t) => t.square()],
  ["reciprocal", (t) => t.square().add(0.5).reciprocal()],
  ["pow 1.5", (t) => t.square().add(0.5).pow(1.5)],
  ["pow 3", (t) => t.pow(3)],
  ["rpow", (t) => t.tanh().mul(0).add(2).pow(t.tanh())],
  ["clamp", (t) => t.clamp(-0.5, 0.5)],
  ["add", (t) => t.add(2.5)],
  ["sub alpha", (t) => t.sub(t.sin(), { alpha: 0.5 })],
  ["rsub", (t) => t.neg().add(1)],
  ["mul", (t) => t.mul(-1.5)],
  ["div", (t) => t.div(3)],
  ["rdiv", (t) => t.square().add(1).reciprocal().mul(2)],
  ["mul self", (t) => t.mul(t)],
  ["div self", (t) => t.div(t.square().add(1))],
  ["flatten/view", (t) => t.flatten().view(t.shape.slice())],
  ["reshape", (t) => t.reshape(-1).reshape(t.shape.slice())],
  ["transpose", (t) => (t.ndim < 2 ? t.clone() : t.transpose(0, -1).contiguous().transpose(0, -1))],
  [
    "permute",
    (t) => t.permute([...t.shape.keys()].reverse()).permute([...t.shape.keys()].reverse()),
  ],
  ["unsqueeze/squeeze", (t) => t.unsqueeze(0).squeeze(0)],
  ["expand/sum", (t) => t.unsqueeze(0).expand(2, ...t.shape).sum(0)],
  ["clone", (t) => t.clone()],
  ["where", (t) => where(t.detach().sin().gt(0), t, t.neg())],
  ["mean keepdim", (t) => (t.ndim === 0 ? t : t.sub(t.mean(-1, true)))],
];

/** Reductions that end a chain. */
const REDUCE: [string, (t: Tensor) => Tensor][] = [
  ["id", (t) => t],
  ["sum", (t) => t.sum()],
  ["mean", (t) => t.mean()],
  ["sum dim", (t) => (t.ndim === 0 ? t.sum() : t.sum(0))],
  ["mean dims keepdim", (t) => (t.ndim < 2 ? t.mean() : t.mean([0, -1], true))],
];

const chainArb = fc.record({
  shape: smallShape,
  seed: seedArb,
  steps: fc.array(fc.integer({ min: 0, max: UNARY.length - 1 }), { minLength: 1, maxLength: 4 }),
  reduce: fc.integer({ min: 0, max: REDUCE.length - 1 }),
});

function chain(steps: number[], reduce: number): (x: Tensor) => Tensor {
  return (x) => REDUCE[reduce][1](steps.reduce((t, i) => UNARY[i][1](t), x));
}

function finite(t: Tensor): boolean {
  return values(t).every((v) => Number.isFinite(v) && Math.abs(v) < 1e6);
}

Deno.test("property: random chains of ops pass gradcheck in float64", (): void => {
  fc.assert(
    fc.property(chainArb, ({ shape, seed, steps, reduce }) => {
      manualSeed(seed);
      const x = randn(shape, f64);
      const f = chain(steps, reduce);
      fc.pre(finite(f(x)));
      return gradcheck(f, [x]);
    }),
    opts(150),
  );
});

Deno.test("property: every unary op passes gradcheck on random shapes", (): void => {
  fc.assert(
    fc.property(smallShape, seedArb, (shape, seed) => {
      manualSeed(seed);
      const x = randn(shape, f64);
      for (const [name, f] of UNARY) assert.ok(gradcheck(f, [x]), name);
      if (x.numel() > 0) {
        assert.ok(gradcheck((t) => t.max(), [x]), "max");
        assert.ok(gradcheck((t) => t.min(), [x]), "min");
      }
    }),
    opts(25),
  );
});

const BINARY: [string, (a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number][] = [
  ["add", (a, b) => a.add(b), (x, y) => x + y],
  ["add alpha", (a, b) => a.add(b, { alpha: -2 }), (x, y) => x - 2 * y],
  ["sub", (a, b) => a.sub(b), (x, y) => x - y],
  ["mul", (a, b) => a.mul(b), (x, y) => x * y],
  ["div", (a, b) => a.div(b.square().add(1)), (x, y) => x / (y * y + 1)],
  ["pow", (a, b) => a.square().add(0.5).pow(b), (x, y) => Math.pow(x * x + 0.5, y)],
  ["where", (a, b) => where(a.detach().sin().gt(0), a, b), (x, y) => (Math.sin(x) > 0 ? x : y)],
];

Deno.test("property: broadcasting gives NumPy's shape and values, grads keep input shapes", () => {
  fc.assert(
    fc.property(broadcastPair, seedArb, fc.boolean(), ([sa, sb], seed, swap) => {
      const [s1, s2] = swap ? [sb, sa] : [sa, sb];
      manualSeed(seed);
      const a = randn(s1, f64);
      const b = randn(s2, f64);
      const shape = refBroadcast(s1, s2)!;
      for (const [name, f, ref] of BINARY) {
        const out = f(a, b);
        assert.deepEqual(out.shape, shape, name);
        const av = values(a);
        const bv = values(b);
        const ov = values(out);
        for (let k = 0; k < ov.length; k++) {
          const want = ref(av[sourceIndex(k, shape, s1)], bv[sourceIndex(k, shape, s2)]);
          assert.ok(Math.abs(ov[k] - want) <= 1e-12 * (1 + Math.abs(want)), `${name} at ${k}`);
        }
        a.grad = null;
        b.grad = null;
        out.sum().backward();
        assert.deepEqual(a.grad!.shape, s1, `${name}: grad of a`);
        assert.deepEqual(b.grad!.shape, s2, `${name}: grad of b`);
        if (numel(shape) <= 24) assert.ok(gradcheck(f, [a, b]), name);
      }
    }),
    opts(60),
  );
});

Deno.test("property: view/reshape/transpose/permute round trips preserve values", (): void => {
  fc.assert(
    fc.property(shapeArb, seedArb, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (
      shape,
      seed,
      picks,
    ) => {
      manualSeed(seed);
      const x = randn(shape, { dtype: "float64" });
      const want = x.toList();
      const n = x.ndim;
      assert.deepEqual(x.reshape(-1).reshape(shape).toList(), want);
      assert.deepEqual(x.view(x.numel()).view(shape).toList(), want);
      assert.deepEqual(x.flatten().view(shape).toList(), want);
      if (n > 0) {
        const i = picks[0] % n;
        const j = picks[1] % n;
        const tt = x.transpose(i, j);
        assert.deepEqual(tt.transpose(i, j).toList(), want);
        assert.deepEqual(tt.contiguous().transpose(i, j).toList(), want);
        assert.deepEqual(tt.reshape(-1).reshape(tt.shape.slice()).transpose(i, j).toList(), want);
        // a random permutation and its inverse
        const perm = [...shape.keys()];
        for (let k = n - 1; k > 0; k--) {
          const r = (picks[2] + k * picks[3]) % (k + 1);
          [perm[k], perm[r]] = [perm[r], perm[k]];
        }
        const inv = new Array<number>(n);
        perm.forEach((p, k) => (inv[p] = k));
        assert.deepEqual(x.permute(perm).permute(inv).toList(), want);
        assert.deepEqual(x.permute(perm).contiguous().permute(inv).toList(), want);
        assert.deepEqual(x.unsqueeze(i).squeeze(i).toList(), want);
      }
      if (n <= 2) assert.deepEqual(x.t().t().toList(), want);
      // views share storage; reshape of a transposed tensor copies the right values
      if (n === 2) {
        const flat = x.t().reshape(-1).toList() as number[];
        const [r, c] = shape;
        for (let k = 0; k < flat.length; k++) {
          assert.equal(flat[k], (want as number[][])[k % r][Math.floor(k / r)], `t().reshape ${k}`);
        }
        assert.equal(c * r, flat.length);
      }
    }),
    opts(100),
  );
});

Deno.test("property: results computed under noGrad never require grad", (): void => {
  fc.assert(
    fc.property(chainArb, ({ shape, seed, steps, reduce }) => {
      manualSeed(seed);
      const x = randn(shape, f64);
      const y = noGrad(() => chain(steps, reduce)(x));
      assert.equal(y.requiresGrad, false);
      assert.equal(y.gradFn, null);
      assert.ok(y.isLeaf);
      // and grad mode is back on afterwards
      assert.ok(chain(steps, reduce)(x).requiresGrad);
    }),
    opts(60),
  );
});

/** A snapshot of everything an op must not change. */
function snapshot(t: Tensor): unknown {
  return {
    values: t.toList(),
    version: t.version,
    grad: t.grad === null ? null : t.grad.toList(),
    requiresGrad: t.requiresGrad,
    shape: t.shape.slice(),
  };
}

const FAILING: [string, (a: Tensor, b: Tensor) => unknown][] = [
  ["add", (a, b) => a.add(b)],
  ["sub", (a, b) => a.sub(b, { alpha: 2 })],
  ["mul", (a, b) => a.mul(b)],
  ["div", (a, b) => a.div(b)],
  ["pow", (a, b) => a.pow(b)],
  ["where", (a, b) => where(a.gt(0), a, b)],
  ["add_", (a, b) => a.add_(b)],
  ["mul_", (a, b) => a.mul_(b)],
  ["copy_", (a, b) => a.copy_(b)],
];

Deno.test("property: a failing op leaves inputs, grads and versions untouched", (): void => {
  const pairs = fc.tuple(shapeArb, shapeArb).filter(([p, q]) => refBroadcast(p, q) === null);
  fc.assert(
    fc.property(pairs, seedArb, fc.boolean(), ([sa, sb], seed, withGrad) => {
      manualSeed(seed);
      // in-place ops need a tensor that may be written to: a non-leaf, or a leaf without grad
      const a = randn(sa, { dtype: "float64" });
      const b = randn(sb, { dtype: "float64", requiresGrad: withGrad });
      a.grad = zeros(sa, { dtype: "float64" }).add(1);
      b.grad = zeros(sb, { dtype: "float64" }).add(2);
      const before = [snapshot(a), snapshot(b)];
      for (const [name, f] of FAILING) {
        assert.throws(() => f(a, b), RangeError, name);
        assert.deepEqual([snapshot(a), snapshot(b)], before, name);
      }
      // shape-changing ops with a size that does not fit
      const bad = [numel(sa) + 1];
      assert.throws(() => a.view(bad), RangeError);
      assert.throws(() => a.reshape(bad), RangeError);
      if (sa.length > 0) assert.throws(() => a.expand(...sa.slice(1)), RangeError);
      if (sa.length >= 1 && sb.length >= 1) {
        const k = sa[sa.length - 1];
        const m = zeros([k + 1, 2], { dtype: "float64" });
        assert.throws(() => a.matmul(m), RangeError);
      }
      assert.deepEqual([snapshot(a), snapshot(b)], before, "view/reshape/expand/matmul");
    }),
    opts(60),
  );
});

Deno.test("property: refused in-place ops and failed backward calls change nothing", (): void => {
  fc.assert(
    fc.property(smallShape, seedArb, (shape, seed) => {
      manualSeed(seed);
      const x = randn(shape, f64);
      x.exp().sum().backward();
      const before = snapshot(x);
      assert.throws(() => x.add_(1), /a leaf Variable that requires grad/);
      assert.throws(() => x.view(-1).mul_(2), /a view of a leaf Variable/);
      assert.deepEqual(snapshot(x), before);
      const y = x.mul(2);
      assert.throws(
        () => y.backward(zeros([...shape, 2], { dtype: "float64" })),
        /Mismatch in shape/,
      );
      if (x.numel() !== 1) assert.throws(() => y.backward(), /implicitly created/);
      assert.deepEqual(snapshot(x), before);
    }),
    opts(40),
  );
});

Deno.test("property: two backward calls accumulate to exactly twice one", (): void => {
  fc.assert(
    fc.property(chainArb, fc.boolean(), ({ shape, seed, steps, reduce }, retain) => {
      manualSeed(seed);
      const x = randn(shape, f64);
      const f = chain(steps, reduce);
      const seedGrad = (y: Tensor): Tensor => onesLike(y);
      const y1 = f(x);
      y1.backward(seedGrad(y1));
      const once = values(x.grad!);
      x.grad = null;
      if (retain) {
        const y = f(x);
        y.backward(seedGrad(y), { retainGraph: true });
        y.backward(seedGrad(y));
      } else {
        const ya = f(x);
        ya.backward(seedGrad(ya));
        const yb = f(x);
        yb.backward(seedGrad(yb));
      }
      const twice = values(x.grad!);
      twice.forEach((v, i) => assert.ok(Object.is(v, 2 * once[i]) || v === 2 * once[i], `${i}`));
    }),
    opts(60),
  );
});
