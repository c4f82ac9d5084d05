import assert from "node:assert/strict";
import { LBFGS } from "@descent/optim";
import { type Tensor, tensor } from "@descent/tensor";
import { assertRefused } from "./testdata/unchanged.ts";

const f64 = { dtype: "float64" as const, requiresGrad: true };

/** (x - 3)² + 2 (y + 1)² and its closure. */
function quadratic(opt: () => LBFGS, w: Tensor): () => Tensor {
  const target = tensor([3, -1], { dtype: "float64" });
  const k = tensor([1, 2], { dtype: "float64" });
  return () => {
    opt().zeroGrad();
    const loss = w.sub(target).square().mul(k).sum();
    loss.backward();
    return loss;
  };
}

Deno.test("LBFGS: one group of one dtype, a synchronous closure that returns the loss", () => {
  const a = tensor([1], f64);
  const b = tensor([1], { dtype: "float32", requiresGrad: true });
  assert.throws(
    () => new LBFGS([{ params: [a] }, { params: [tensor([2], f64)] }]),
    /^TypeError: LBFGS doesn't support per-parameter options \(parameter groups\)$/,
  );
  assert.throws(
    () => new LBFGS([a, b]),
    /LBFGS needs parameters of one dtype, got float64 and float32/,
  );
  const opt = new LBFGS([a]);
  assert.throws(() => opt.addParamGroup({ params: [tensor([3], f64)] }), /parameter groups/);
  assert.throws(() => opt.step(), /LBFGS.step\(\) needs a closure/);
  assertRefused(() => opt.step(async () => await Promise.resolve(1)), /must be synchronous/, opt);
  assertRefused(() => opt.step(() => Promise.resolve(1)), /returned a Promise/, opt);
  assertRefused(
    () => opt.step(() => "1"),
    /step\(\): closure must return the loss, a number or a one-element Tensor, got string/,
    opt,
  );
});

Deno.test("LBFGS: a closure that throws mid-step leaves the parameters' values and state", () => {
  const w = tensor([0, 0], f64);
  const opt: LBFGS = new LBFGS([w], { lineSearchFn: "strong_wolfe", maxIter: 3 });
  const closure = quadratic(() => opt, w);
  let calls = 0;
  assert.throws(() =>
    opt.step(() => {
      if (++calls === 3) throw new Error("data loader failed"); // in the first line search
      return closure();
    }), /^Error: data loader failed$/);
  assert.deepEqual(w.toList(), [0, 0]);
  assert.deepEqual(opt.stateDict().state, {});
  // and it continues as if the failed step never ran
  opt.step(closure);
  const v = tensor([0, 0], f64);
  const twin: LBFGS = new LBFGS([v], { lineSearchFn: "strong_wolfe", maxIter: 3 });
  twin.step(quadratic(() => twin, v));
  assert.deepEqual(w.toList(), v.toList());
  assert.deepEqual(opt.stateDict(), twin.stateDict());
});

Deno.test("LBFGS: loadStateDict checks the history's shapes and lengths", () => {
  const w = tensor([0, 0], f64);
  const opt: LBFGS = new LBFGS([w], { maxIter: 3, historySize: 2 });
  opt.step(quadratic(() => opt, w));
  const good = opt.stateDict();
  // deno-lint-ignore no-explicit-any
  const edit = (f: (s: any) => void) => {
    const sd = JSON.parse(JSON.stringify(good));
    f(sd.state[0]);
    return sd;
  };
  const cases: [ReturnType<typeof edit>, RegExp][] = [
    [edit((s) => delete s.d), /loadStateDict\(\): state\.0 is missing state 'd' \(nIter > 0\)/],
    [edit((s) => s.ro.push(1)), /state\.0 has \d 'ro' for \d 'oldDirs'/],
    [
      edit((s) => (s.prevFlatGrad.shape = [1, 2])),
      /prevFlatGrad has shape \[1, 2\]; expected \[2\]/,
    ],
    [edit((s) => (s.oldDirs[0].data = [1])), /oldDirs\[0\] has 1 values for shape \[2\]/],
    [edit((s) => (s.nIter = -1)), /state\.0\.nIter must be an integer ≥ 0, got -1/],
    [
      edit((s) => {
        while (s.oldDirs.length < 3) {
          s.oldDirs.push(s.oldDirs[0]);
          s.oldStps.push(s.oldStps[0]);
          s.ro.push(1);
        }
      }),
      /has 3 history entries for historySize 2/,
    ],
  ];
  for (const [bad, error] of cases) assertRefused(() => opt.loadStateDict(bad), error, opt);
  opt.loadStateDict(good);
});
