import assert from "node:assert/strict";
import { noGrad } from "@descent/autograd";
import { mseLoss } from "@descent/losses";
import { SGD } from "@descent/optim";
import { floatTensor, pyFormat, type Tensor, tensor } from "@descent/tensor";

const Y = [[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]];
const PRED = [[0.4731, 0.1600, 0.5629], [0.2523, 0.2999, 0.1291], [0.3720, 0.8593, 0.8111]];

/** The tutorial's threshold loop; `update` does one step given the current loss. */
function thresholdLoop(update: (pred: Tensor, loss: Tensor) => void): string[] {
  const y = floatTensor(Y);
  const pred = tensor(PRED, { requiresGrad: true });
  let loss = mseLoss(y, pred);
  const printed: string[] = [];
  while (loss.item() > 1e-5) {
    update(pred, loss);
    loss = mseLoss(y, pred);
    printed.push(pyFormat(loss.item(), 4, true));
  }
  return printed;
}

Deno.test("tutorial threshold loop: SGD + zeroGrad + step prints the manual version's 18 losses", () => {
  const manual = thresholdLoop((pred, loss) => {
    loss.backward();
    noGrad(() => {
      pred.sub_(pred.grad!.mul(1));
      pred.grad!.zero_();
    });
  });
  let opt: SGD | null = null;
  const withSgd = thresholdLoop((pred, loss) => {
    opt ??= new SGD([pred], { lr: 1 });
    opt.zeroGrad();
    loss.backward();
    opt.step();
  });
  assert.equal(manual.length, 18);
  assert.equal(manual[0], "4.1171e-02");
  assert.equal(manual[17], "8.0108e-06");
  assert.deepEqual(withSgd, manual);
});

function closeTo(actual: number[], expected: number[], tol: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `element ${i}: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

Deno.test("SGD golden numbers (PYTORCH_SEMANTICS §1.13, float32)", () => {
  const w = tensor([1, -2], { dtype: "float32", requiresGrad: true });
  const opt = new SGD([w], { lr: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.01 });
  const steps = [[0.699, -2.398], [0.27775052, -2.95500112], [-0.25151289, -3.6548245]];
  const bufs = [[3.01, 3.98], [4.21249485, 5.57001019]];
  for (let i = 0; i < 3; i++) {
    w.grad = tensor([3, 4], { dtype: "float32" });
    opt.step();
    closeTo(w.toList() as number[], steps[i], 5e-7);
    if (i < 2) closeTo(opt.state.get(w)!.momentumBuffer!.toList() as number[], bufs[i], 5e-7);
  }
  const v = tensor([1, -2], { dtype: "float32", requiresGrad: true });
  const o2 = new SGD([v], { lr: 0.1, momentum: 0.9, nesterov: true, maximize: true });
  for (const expected of [[1.57, -1.24], [2.383, -0.156]]) {
    v.grad = tensor([3, 4], { dtype: "float32" });
    o2.step();
    closeTo(v.toList() as number[], expected, 5e-7);
  }
});

Deno.test("SGD validation errors use PyTorch's words", () => {
  const w = () => tensor([1], { dtype: "float32", requiresGrad: true });
  assert.throws(() => new SGD([w()], { lr: -1 }), /^RangeError: Invalid learning rate: -1$/);
  assert.throws(() => new SGD([w()], { momentum: -1 }), /Invalid momentum value: -1/);
  assert.throws(() => new SGD([w()], { weightDecay: -1 }), /Invalid weight_decay value: -1/);
  assert.throws(
    () => new SGD([w()], { nesterov: true }),
    /Nesterov momentum requires a momentum and zero dampening/,
  );
  assert.throws(
    () => new SGD([w()], { nesterov: true, momentum: 0.9, dampening: 0.1 }),
    /Nesterov momentum requires a momentum and zero dampening/,
  );
  // dampening is not validated, as in PyTorch
  assert.equal(new SGD([w()], { dampening: -1 }).defaults.dampening, -1);
  assert.equal(new SGD([w()]).defaults.lr, 1e-3);
});
