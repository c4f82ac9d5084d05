import assert from "node:assert/strict";
import { noGrad } from "@descent/autograd";
import { Adam, type OptimizerStateDict, SGD } from "@descent/optim";
import { addmm, manualSeed, rand, randn, type Tensor, tensor, zeros } from "@descent/tensor";
import { mseLoss } from "@descent/losses";
import { assertRefused } from "./testdata/unchanged.ts";

const f64 = { dtype: "float64" as const, requiresGrad: true };

Deno.test("zeroGrad() leaves grad null; setToNone: false leaves zeros of the right shape", () => {
  const w = tensor([[1, 2], [3, 4]], f64);
  const opt = new SGD([w], { lr: 0.1 });
  w.mul(w).sum().backward();
  assert.deepEqual(w.grad!.toList(), [[2, 4], [6, 8]]);
  opt.zeroGrad();
  assert.equal(w.grad, null);
  w.mul(w).sum().backward();
  const g = w.grad!;
  opt.zeroGrad({ setToNone: false });
  const z = w.grad as unknown as Tensor;
  assert.equal(z, g); // zeroed in place, same tensor
  assert.deepEqual(z.toList(), [[0, 0], [0, 0]]);
  assert.deepEqual([...z.shape], [2, 2]);
  assert.equal(z.requiresGrad, false);
});

Deno.test("without zeroGrad, grads accumulate across two backward calls", () => {
  const w = tensor([1, -2], f64);
  const opt = new SGD([w], { lr: 0.1 });
  w.mul(3).sum().backward();
  w.mul(w).sum().backward();
  assert.deepEqual(w.grad!.toList(), [3 + 2, 3 - 4]);
  opt.step();
  assert.deepEqual(w.toList(), [1 - 0.1 * 5, -2 + 0.1 * 1]);
});

Deno.test("step updates in place under noGrad: version moves, storage kept, no graph", () => {
  const w = tensor([1, 2, 3], f64);
  const alias = w.detach(); // shares w's storage
  const opt = new SGD([w], { lr: 0.5, momentum: 0.9 });
  w.sum().backward();
  const v0 = w.version;
  opt.step();
  assert.deepEqual(alias.toList(), [0.5, 1.5, 2.5]);
  assert.ok(w.version > v0);
  assert.ok(w.isLeaf && w.requiresGrad && w.gradFn === null);
  assert.deepEqual(w.toList(), [0.5, 1.5, 2.5]);
});

Deno.test("params whose grad is null are skipped and get no state", () => {
  const a = tensor([1, 2], f64);
  const b = tensor([5], f64);
  const opt = new Adam([a, b], { lr: 0.1 });
  a.sum().backward();
  opt.step();
  assert.deepEqual(b.toList(), [5]);
  assert.equal(opt.state.has(b), false);
  assert.equal(opt.state.get(a)!.step, 1);
});

Deno.test("step(closure) runs the closure with grad enabled and returns its loss", () => {
  const w = tensor([2], f64);
  const opt = new SGD([w], { lr: 0.25 });
  const loss = noGrad(() =>
    opt.step(() => {
      opt.zeroGrad();
      const l = w.mul(w).sum();
      l.backward();
      return l;
    })
  );
  assert.equal(loss!.item(), 4);
  assert.deepEqual(w.toList(), [2 - 0.25 * 4]);
  assert.equal(opt.step(), undefined);
});

Deno.test("non-contiguous and float32 parameters are updated like contiguous float64 ones", () => {
  const base = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
  const wt = base.t().detach().requiresGrad_(); // a transposed (non-contiguous) leaf
  assert.equal(wt.isContiguous(), false);
  const dense = tensor(wt.detach().toList(), f64);
  const o1 = new SGD([wt], { lr: 0.1, momentum: 0.9 });
  const o2 = new SGD([dense], { lr: 0.1, momentum: 0.9 });
  for (let i = 0; i < 3; i++) {
    for (const [p, o] of [[wt, o1], [dense, o2]] as const) {
      o.zeroGrad();
      p.mul(p).mul(tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float64" })).sum().backward();
      o.step();
    }
  }
  assert.deepEqual(wt.detach().toList(), dense.detach().toList());
  assert.deepEqual(base.t().toList(), wt.detach().toList()); // shares storage with base
  const f = tensor([1, -2], { dtype: "float32", requiresGrad: true });
  const of = new SGD([f], { lr: 0.1 });
  f.mul(f).sum().backward();
  of.step();
  assert.equal(f.dtype, "float32");
  assert.deepEqual(f.toList(), [Math.fround(0.8), Math.fround(-1.6)]);
});

Deno.test("param groups: own hyper-parameters, defaults filled in, addParamGroup", () => {
  const a = tensor([1], f64);
  const b = tensor([1], f64);
  const c = tensor([1], f64);
  const opt = new SGD([{ params: [a] }, { params: b, lr: 0.5, momentum: 0.9 }], { lr: 0.1 });
  assert.equal(opt.paramGroups.length, 2);
  assert.deepEqual(
    { ...opt.paramGroups[0], params: undefined },
    {
      params: undefined,
      lr: 0.1,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
    },
  );
  assert.equal(opt.paramGroups[1].lr, 0.5);
  assert.equal(opt.paramGroups[1].momentum, 0.9);
  assert.deepEqual(opt.paramGroups[1].params, [b]);
  opt.addParamGroup({ params: [c], weightDecay: 0.1 });
  assert.equal(opt.paramGroups[2].lr, 0.1);
  assert.equal(opt.paramGroups[2].weightDecay, 0.1);
  for (const p of [a, b, c]) p.sum().backward();
  opt.step();
  assert.deepEqual([a.item(), b.item(), c.item()], [0.9, 0.5, 1 - 0.1 * (1 + 0.1)]);
});

Deno.test("the optimizer refuses bad parameter lists with PyTorch's words, changing nothing", () => {
  const a = tensor([1], f64);
  assert.throws(() => new SGD([]), /^TypeError: optimizer got an empty parameter list$/);
  assert.throws(() => new SGD([a.mul(2)]), /^TypeError: can't optimize a non-leaf Tensor$/);
  assert.throws(
    () => new SGD(a as unknown as never),
    /should be an iterable of Tensors or dicts, but got torch.DoubleTensor/,
  );
  assert.throws(() => new SGD([a, a]), /duplicate parameters/);
  assert.throws(
    () => new SGD([a, 3 as unknown as never]),
    /iterable of Tensors or dicts|can only optimize Tensors/,
  );
  const opt = new SGD([a]);
  assert.throws(
    () => opt.addParamGroup({ params: [tensor([2], f64), a] }),
    /some parameters appear in more than one parameter group/,
  );
  assert.throws(
    () => opt.addParamGroup({ params: [tensor([2], f64)], lr: -1 }),
    /Invalid learning rate: -1/,
  );
  assert.equal(opt.paramGroups.length, 1);
  // a non-leaf that retains its grad may be optimized, as in PyTorch
  const r = a.mul(2);
  r.retainGrad();
  assert.doesNotThrow(() => new SGD([r]));
});

Deno.test("stateDict: plain data with params by index; loadStateDict checks sizes, changes nothing on error", () => {
  const w = tensor([1, 2], f64);
  const c = tensor([3], f64);
  const opt = new SGD([{ params: [w] }, { params: [c], lr: 0.2 }], { lr: 0.1, momentum: 0.9 });
  w.sum().backward();
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0], [1]]);
  assert.deepEqual(sd.state, {
    0: { momentumBuffer: { dtype: "float64", shape: [2], data: [1, 1] } },
  });
  assert.equal(sd.paramGroups[1].lr, 0.2);
  assert.deepEqual(JSON.parse(JSON.stringify(sd)), sd);
  // mutating the dict does not touch the optimizer
  sd.paramGroups[0].lr = 99;
  assert.equal(opt.paramGroups[0].lr, 0.1);

  const other = new SGD([w, c], { lr: 0.1, momentum: 0.9 });
  assert.throws(() => other.loadStateDict(opt.stateDict()), /different number of parameter groups/);
  const swapped = new SGD([{ params: [c, w] }, { params: [tensor([0], f64)] }], { momentum: 0.5 });
  assert.throws(
    () => swapped.loadStateDict(opt.stateDict()),
    /loaded state dict contains a parameter group that doesn't match the size of optimizer's group/,
  );
  assert.equal(swapped.paramGroups[0].momentum, 0.5);
  assert.equal(swapped.state.size, 0);

  // non-finite state survives JSON
  const z = tensor([0, 0, 0], f64);
  const o2 = new SGD([z], { momentum: 0.5 });
  z.grad = tensor([NaN, -Infinity, -0], { dtype: "float64" });
  o2.step();
  const o3 = new SGD([zeros([3], f64)], { momentum: 0.5 });
  o3.loadStateDict(JSON.parse(JSON.stringify(o2.stateDict())));
  const buf = [...o3.state.values()][0].momentumBuffer!.toTypedArray();
  assert.ok(Number.isNaN(buf[0]) && buf[1] === -Infinity && Object.is(buf[2], -0));
});

Deno.test("loadStateDict checks the whole dict first, names the offending key, changes nothing", () => {
  const w = tensor([1, 2], f64);
  const c = tensor([3], f64);
  const opt = new Adam([{ params: [w] }, { params: [c], lr: 0.2 }], { lr: 0.1 });
  for (let i = 0; i < 2; i++) {
    w.grad = tensor([0.5, -1], { dtype: "float64" });
    c.grad = tensor([2], { dtype: "float64" });
    opt.step();
  }
  const good = opt.stateDict();
  // deno-lint-ignore no-explicit-any
  const edit = (f: (sd: any) => void) => {
    const sd = JSON.parse(JSON.stringify(good));
    f(sd);
    return sd;
  };
  const cases: [OptimizerStateDict, RegExp][] = [
    [
      edit((sd) => (sd.paramGroups[0].lr = "abc")),
      /paramGroups\[0\]\.lr must be a number, got "abc"/,
    ],
    [edit((sd) => (sd.paramGroups[1].lr = -1)), /paramGroups\[1\]\.lr: Invalid learning rate: -1$/],
    [edit((sd) => (sd.paramGroups[0].betas = "0.9")), /paramGroups\[0\]\.betas must be a pair/],
    [edit((sd) => (sd.paramGroups[0].amsgrad = 1)), /paramGroups\[0\]\.amsgrad must be a boolean/],
    [edit((sd) => (sd.paramGroups[0].amsgrad = true)), /state\.0 is missing state 'maxExpAvgSq'/],
    [edit((sd) => (sd.paramGroups[0].initialLr = "x")), /paramGroups\[0\]\.initialLr must be a/],
    [
      edit((sd) => delete sd.state[0].step),
      /^TypeError: loadStateDict\(\): state\.0 is missing state 'step'$/,
    ],
    [edit((sd) => delete sd.state[1].expAvg), /state\.1 is missing state 'expAvg'/],
    [
      edit((sd) => (sd.state[1].expAvg.shape = [2])),
      /state\.1\.expAvg has shape \[2\]; expected \[1\]/,
    ],
    [edit((sd) => (sd.state[0].expAvg.dtype = "int64")), /state\.0\.expAvg has dtype "int64"/],
    [
      edit((sd) => sd.state[0].expAvgSq.data.pop()),
      /state\.0\.expAvgSq has 1 values for shape \[2\]/,
    ],
    [edit((sd) => (sd.state[0].expAvgSq.data[1] = "x")), /expAvgSq\.data\[1\] must be a number/],
    [edit((sd) => (sd.state[0].step = 1.5)), /state\.0\.step must be an integer ≥ 0, got 1\.5/],
    [
      edit((sd) => (sd.state[0].momentumBuffer = 1)),
      /state\.0 has unexpected state 'momentumBuffer'/,
    ],
    [edit((sd) => (sd.state[7] = {})), /state has an entry '7' for no parameter/],
    [edit((sd) => (sd.paramGroups[1].params = [0])), /parameter index 0 appears twice/],
    [edit((sd) => (sd.paramGroups[1].params = ["1"])), /params\[0\] must be an integer ≥ 0/],
    [edit((sd) => delete sd.state), /^TypeError: loadStateDict\(\): state must be an object/],
    [edit((sd) => (sd.paramGroups = {})), /paramGroups must be an array/],
  ];
  for (const [bad, error] of cases) assertRefused(() => opt.loadStateDict(bad), error, opt);
  // the optimizer still steps exactly like one that never saw the bad dicts
  const w2 = tensor([1, 2], f64);
  const c2 = tensor([3], f64);
  const twin = new Adam([{ params: [w2] }, { params: [c2], lr: 0.2 }], { lr: 0.1 });
  twin.loadStateDict(good);
  w2.detach().copy_(w.detach());
  c2.detach().copy_(c.detach());
  for (const p of [w, w2, c, c2]) p.grad = tensor(p.toList(), { dtype: "float64" });
  opt.step();
  twin.step();
  assert.deepEqual([w.toList(), c.toList()], [w2.toList(), c2.toList()]);
});

Deno.test("step refuses an async closure, or one returning a promise, before changing anything", () => {
  const w = tensor([1, 2], f64);
  const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
  w.grad = tensor([1, 1], { dtype: "float64" });
  opt.step();
  assertRefused(
    () => opt.step(async () => await Promise.resolve(1)),
    /^TypeError: step\(\): closure must be synchronous, got an async function/,
    opt,
  );
  assertRefused(
    () => opt.step(() => Promise.resolve(1)),
    /^TypeError: step\(\): closure returned a Promise; it must return its value synchronously/,
    opt,
  );
  assertRefused(
    () => opt.step(3 as never),
    /step\(\): closure must be a function, got number/,
    opt,
  );
});

Deno.test("an optimizer refuses an option it does not know (a misspelt one is not ignored)", () => {
  const w = tensor([1], f64);
  assert.throws(
    () => new SGD([w], { lr: 0.1, weight_decay: 0.1 } as never),
    /^TypeError: SGD: unknown option 'weight_decay' \(the options are 'lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'\)$/,
  );
  assert.throws(() => new Adam([w], 0.1 as never), /Adam: options must be an object, got number/);
});

Deno.test("training with recycled gradients equals training where every .grad is read and kept", () => {
  // zeroGrad() lets backward reuse the storage of gradients nobody read (the optimizers read
  // theirs through gradValuesOf): the parameters must come out bit for bit as when each step's
  // gradients are read through p.grad, and kept, which stops any reuse.
  const run = (keep: boolean, make: (ps: Tensor[]) => SGD | Adam) => {
    manualSeed(0);
    const x = randn([16, 70]);
    const y = randn([16, 5]);
    const ps = [rand([40, 70]), rand([40]), rand([5, 40]), rand([5])].map((t) =>
      t.sub(0.5).requiresGrad_()
    );
    const [w1, b1, w2, b2] = ps;
    const opt = make(ps);
    const kept: Tensor[] = [];
    const copies: string[] = [];
    for (let i = 0; i < 4; i++) {
      opt.zeroGrad();
      mseLoss(addmm(b2, addmm(b1, x, w1.t()).relu(), w2.t()), y).backward();
      if (keep) kept.push(...ps.map((p) => p.grad!));
      copies.push(...kept.slice(copies.length).map((g) => String(g.toList())));
      opt.step();
    }
    assert.deepEqual(kept.map((g) => String(g.toList())), copies, "kept gradients unchanged");
    return ps.map((p) => Array.from(p.detach().toTypedArray()));
  };
  for (const make of [(ps: Tensor[]) => new SGD(ps, { lr: 0.1 }), (ps: Tensor[]) => new Adam(ps)]) {
    assert.deepEqual(run(false, make), run(true, make));
  }
});
