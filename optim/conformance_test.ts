/**
 * Optimizer trajectories against PyTorch (conformance/optim/fixtures.json, float64): six steps
 * of SGD / Adam / AdamW on a small least-squares problem, each option and combinations, to
 * 1e-10; and a state-dict round trip through JSON that continues the same trajectory.
 */
import assert from "node:assert/strict";
import { mseLoss } from "@descent/losses";
import {
  Adam,
  type AdamOptions,
  AdamW,
  type Optimizer,
  SGD,
  type SGDOptions,
} from "@descent/optim";
import { type Tensor, tensor } from "@descent/tensor";
import fixtures from "../conformance/optim/fixtures.json" with { type: "json" };

const f64 = { dtype: "float64" as const };
const { problem } = fixtures;
const A = tensor(problem.A, f64);
const b = tensor(problem.b, f64);

type Options = Partial<SGDOptions> & Partial<AdamOptions>;
interface Traj {
  optimizer: "SGD" | "Adam" | "AdamW";
  options: Options;
  group2: Options | null;
  steps: { loss: number; w: number[]; c: number[] }[];
}

function make(name: string, params: Tensor[], options: Options, group2: Options | null): Optimizer {
  const [w, c] = params;
  const groups = group2 === null ? [w, c] : [{ params: [w] }, { params: [c], ...group2 }];
  // deno-lint-ignore no-explicit-any
  const p = groups as any;
  if (name === "SGD") return new SGD(p, options);
  if (name === "Adam") return new Adam(p, options);
  return new AdamW(p, options);
}

function lossOf(w: Tensor, c: Tensor): Tensor {
  return mseLoss(A.matmul(w).add(c), b);
}

function close(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(
      err <= 1e-10 * Math.abs(expected[i]) || err <= 1e-14,
      `${what}[${i}]: ${actual[i]} vs PyTorch ${expected[i]}`,
    );
  }
}

const trajectories = fixtures.trajectories as unknown as Traj[];

for (const name of ["SGD", "Adam", "AdamW"]) {
  Deno.test(`${name}: six-step trajectories match PyTorch to 1e-10 (float64)`, () => {
    const mine = trajectories.filter((t) => t.optimizer === name);
    assert.ok(mine.length >= 3);
    for (const t of mine) {
      const what = `${name} ${JSON.stringify(t.options)} ${JSON.stringify(t.group2)}`;
      const w = tensor(problem.w0, { ...f64, requiresGrad: true });
      const c = tensor(problem.c0, { ...f64, requiresGrad: true });
      const opt = make(name, [w, c], t.options, t.group2);
      t.steps.forEach((s, i) => {
        opt.zeroGrad();
        const loss = lossOf(w, c);
        loss.backward();
        opt.step();
        close([loss.item()], [s.loss], `${what} step ${i} loss`);
        close(w.detach().toList() as number[], s.w, `${what} step ${i} w`);
        close(c.detach().toList() as number[], s.c, `${what} step ${i} c`);
      });
    }
  });
}

Deno.test("stateDict → JSON → loadStateDict into a fresh optimizer continues the same trajectory", () => {
  for (const t of trajectories) {
    const what = `${t.optimizer} ${JSON.stringify(t.options)}`;
    const w = tensor(problem.w0, { ...f64, requiresGrad: true });
    const c = tensor(problem.c0, { ...f64, requiresGrad: true });
    let opt = make(t.optimizer, [w, c], t.options, t.group2);
    t.steps.forEach((s, i) => {
      if (i === 3) {
        // Save, serialise, and continue with a new optimizer built with other hyper-parameters:
        // loading must restore the groups' hyper-parameters and every state buffer exactly.
        const json = JSON.stringify(opt.stateDict());
        opt = make(t.optimizer, [w, c], { lr: 123 }, t.group2 === null ? null : {});
        opt.loadStateDict(JSON.parse(json));
      }
      opt.zeroGrad();
      lossOf(w, c).backward();
      opt.step();
      close(w.detach().toList() as number[], s.w, `${what} step ${i} w`);
      close(c.detach().toList() as number[], s.c, `${what} step ${i} c`);
    });
  }
});
