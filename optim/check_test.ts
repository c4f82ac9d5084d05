import assert from "node:assert/strict";
import { Adagrad, Adamax, LBFGS, NAdam, type Optimizer, RAdam, RMSprop } from "@descent/optim";
import { tensor } from "@descent/tensor";

// deno-lint-ignore no-explicit-any
type Ctor = new (params: any, options: any) => Optimizer<any, any>;
const w = () => tensor([1], { dtype: "float32", requiresGrad: true });

/** Each optimizer's refused options and PyTorch's words for them (descent's for types). */
const REFUSED: [Ctor, Record<string, unknown>, RegExp][] = [
  [RMSprop, { lr: -1 }, /^RangeError: Invalid learning rate: -1$/],
  [RMSprop, { alpha: -0.5 }, /^RangeError: Invalid alpha value: -0.5$/],
  [RMSprop, { eps: -1 }, /^RangeError: Invalid epsilon value: -1$/],
  [RMSprop, { momentum: -1 }, /^RangeError: Invalid momentum value: -1$/],
  [RMSprop, { weightDecay: -1 }, /^RangeError: Invalid weight_decay value: -1$/],
  [RMSprop, { centered: "yes" }, /^TypeError: centered must be a boolean, got "yes"$/],
  [Adagrad, { lrDecay: -1 }, /^RangeError: Invalid lr_decay value: -1$/],
  [Adagrad, { initialAccumulatorValue: -1 }, /Invalid initial_accumulator_value value: -1/],
  [Adagrad, { lr: NaN }, /^RangeError: Invalid learning rate: NaN$/],
  [Adamax, { betas: [1, 0.9] }, /^RangeError: Invalid beta parameter at index 0: 1$/],
  [Adamax, { betas: [0.9] }, /^TypeError: betas must be a pair of numbers, got \[0.9\]$/],
  [NAdam, { momentumDecay: -1 }, /^RangeError: Invalid momentum_decay value: -1$/],
  [NAdam, { decoupledWeightDecay: 1 }, /decoupledWeightDecay must be a boolean, got number/],
  [RAdam, { betas: [0.9, 1.5] }, /^RangeError: Invalid beta parameter at index 1: 1.5$/],
  [RAdam, { maximize: null }, /^TypeError: maximize must be a boolean, got null$/],
  // PyTorch 2.13: torch.optim.LBFGS(params, lr=-0.5) → "Invalid learning rate: -0.5"
  [LBFGS, { lr: -0.5 }, /^RangeError: Invalid learning rate: -0.5$/],
  [LBFGS, { maxIter: 0 }, /^RangeError: maxIter must be at least 1, got 0$/],
  [LBFGS, { historySize: 2.5 }, /^TypeError: historySize must be an integer, got 2.5$/],
  [LBFGS, { lineSearchFn: "backtracking" }, /lineSearchFn must be one of "strong_wolfe", null/],
];

Deno.test("every optimizer refuses bad hyper-parameters with PyTorch's words", () => {
  for (const [Opt, options, error] of REFUSED) {
    assert.throws(() => new Opt([w()], options), error, `${Opt.name} ${JSON.stringify(options)}`);
    // the same check guards addParamGroup (LBFGS has a single group)
    if (Opt !== LBFGS) {
      const opt = new Opt([w()], {});
      assert.throws(() => opt.addParamGroup({ params: [w()], ...options }), error);
      assert.equal(opt.paramGroups.length, 1);
    }
  }
});

Deno.test("PyTorch 2.x defaults", () => {
  const defaults = (Opt: Ctor) =>
    Object.entries(new Opt([w()], {}).defaults).map((e) => e.join("="));
  const adam = ["betas=0.9,0.999", "eps=1e-8", "weightDecay=0", "maximize=false"];
  const expected: [Ctor, string[]][] = [
    [RMSprop, ["lr=0.01", "alpha=0.99", "eps=1e-8", "weightDecay=0", "momentum=0"]],
    [Adagrad, ["lr=0.01", "lrDecay=0", "weightDecay=0", "initialAccumulatorValue=0", "eps=1e-10"]],
    [Adamax, ["lr=0.002", ...adam]],
    [NAdam, ["lr=0.002", ...adam, "momentumDecay=0.004", "decoupledWeightDecay=false"]],
    [RAdam, ["lr=0.001", ...adam, "decoupledWeightDecay=false"]],
    [LBFGS, ["lr=1", "maxIter=20", "maxEval=25", "toleranceGrad=1e-7", "toleranceChange=1e-9"]],
  ];
  for (const [Opt, want] of expected) {
    const got = defaults(Opt);
    for (const d of want) assert.ok(got.includes(d), `${Opt.name}: ${d} not in ${got}`);
  }
  assert.equal(new RMSprop([w()]).defaults.centered, false);
  assert.equal(new LBFGS([w()]).defaults.historySize, 100);
  assert.equal(new LBFGS([w()]).defaults.lineSearchFn, null);
  assert.equal(new LBFGS([w()], { maxIter: 7 }).defaults.maxEval, 8); // max_iter * 5 // 4
});
