/**
 * descent as a peer of the comparison harness. Run by `bench/compare.ts`.
 *
 * @module
 */

import { DataLoader, TensorDataset } from "@descent/data";
import { crossEntropy, mseLoss } from "@descent/losses";
import { Linear, MSELoss, ReLU, Sequential } from "@descent/nn";
import { SGD } from "@descent/optim";
import {
  addmm,
  conv2d,
  manualSeed,
  maxPool2d,
  rand,
  randLike,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";
import { type Peer, runPeer, TARGET, W1_LR, W7_SAMPLES, W8 } from "./harness/peer.ts";
import type { Iteration } from "./harness/timing.ts";
import tensorPackage from "../tensor/deno.json" with { type: "json" };

const version: string = tensorPackage.version;

/**
 * One iteration of the tutorial loop (W1); with `keepEvery > 0` it also keeps `loss.detach()`
 * (or `pred.detach()`) in `kept` every `keepEvery`-th iteration (W6b:
 * `losses.push(loss.detach())`).
 *
 * @param keepEvery Keep every this many iterations (0: never).
 * @param kept Where kept tensors go.
 * @param keep Which tensor to keep: the 0-d loss or the 3×3 prediction.
 * @returns The iteration; it returns the loss.
 */
export function tutorialLoop(
  keepEvery = 0,
  kept: Tensor[] = [],
  keep: "loss" | "pred" = "loss",
): Iteration {
  manualSeed(0);
  const y = tensor(TARGET);
  let pred = randLike(y, { requiresGrad: true });
  let count = 0;
  return () => {
    const loss = mseLoss(pred, y);
    loss.backward();
    pred = pred.sub(pred.grad!.mul(W1_LR));
    pred.detach_();
    pred.requiresGrad_(true);
    if (keepEvery > 0 && ++count === keepEvery) {
      count = 0;
      kept.push(keep === "loss" ? loss.detach() : pred.detach());
    }
    return loss.item();
  };
}

/**
 * The MLP of W4, 784→256 (ReLU)→10 in `nn.Linear`'s layout (weight [out, in],
 * `y = x @ W.T + b` as one `addmm`, what `nn.Linear` and PyTorch's peer record), written with
 * plain tensors, and its training step: MSE against the target, SGD with lr 0.01. W7 runs the
 * same model written with `@descent/nn` ({@linkcode nnMlpStep}).
 *
 * @returns One step on a batch; it returns the loss.
 */
function mlpStep(): (x: Tensor, target: Tensor) => number {
  const layer = (i: number, o: number): [Tensor, Tensor] => [
    rand([o, i]).sub(0.5).mul(2 / Math.sqrt(i)).requiresGrad_(),
    zeros([o], { requiresGrad: true }),
  ];
  const [w1, b1] = layer(784, 256);
  const [w2, b2] = layer(256, 10);
  const opt = new SGD([w1, b1, w2, b2], { lr: 0.01 });
  return (x, target) => {
    opt.zeroGrad();
    const h = addmm(b1, x, w1.t()).relu();
    const loss = mseLoss(addmm(b2, h, w2.t()), target);
    loss.backward();
    opt.step();
    return loss.item();
  };
}

/**
 * W4's model and step written as a PyTorch user writes them: `Sequential(Linear, ReLU, Linear)`,
 * `MSELoss`, `SGD` over `model.parameters()`, the model called with `call` (hooks and all).
 *
 * @returns One step on a batch; it returns the loss.
 */
function nnMlpStep(): (x: Tensor, target: Tensor) => number {
  const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
  const lossFn = new MSELoss();
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  return (x, target) => {
    opt.zeroGrad();
    const loss = lossFn.call(model.call(x), target);
    loss.backward();
    opt.step();
    return loss.item();
  };
}

/** The descent peer. */
export const descent: Peer = {
  name: "descent",
  version,
  w1: () => tutorialLoop(),
  w6b: () => tutorialLoop(1),
  w2() {
    const n = 1_000_000;
    const a = rand([n], { requiresGrad: true });
    const b = rand([n], { requiresGrad: true });
    const c = rand([n], { requiresGrad: true });
    return () => {
      a.grad = null;
      b.grad = null;
      c.grad = null;
      a.mul(b).add(c).sum().backward();
    };
  },
  w3(n) {
    const a = rand([n, n]);
    const b = rand([n, n]);
    return () => a.matmul(b);
  },
  w4() {
    manualSeed(0);
    const x = randn([128, 784]);
    const target = randn([128, 10]);
    const step = mlpStep();
    return () => step(x, target);
  },
  w7() {
    // W4's model and step written with @descent/nn, fed by a DataLoader: shuffled batches of
    // 128 from 60 000 samples, a new epoch (469 steps, the last of 96 samples) whenever one ends.
    manualSeed(0);
    const data = new TensorDataset(randn([W7_SAMPLES, 784]), randn([W7_SAMPLES, 10]));
    const loader = new DataLoader(data, { batchSize: 128, shuffle: true });
    const step = nnMlpStep();
    let epoch = loader[Symbol.iterator]();
    return () => {
      let next = epoch.next();
      if (next.done) {
        epoch = loader[Symbol.iterator]();
        next = epoch.next();
      }
      const [x, target] = next.value as [Tensor, Tensor];
      return step(x, target);
    };
  },
  w8() {
    manualSeed(0);
    const { batch, input, conv: [c1, c2], kernel: k, linear, lr } = W8;
    const x = randn([batch, ...input]);
    const classes = Array.from({ length: batch }, (_, i) => i % 10);
    // PyTorch's default initialisation: uniform in ±1/√fan-in
    const param = (shape: number[], fanIn: number) =>
      rand(shape).sub(0.5).mul(2 / Math.sqrt(fanIn)).requiresGrad_();
    const k1 = param([c1, input[0], k, k], input[0] * k * k);
    const b1 = param([c1], input[0] * k * k);
    const k2 = param([c2, c1, k, k], c1 * k * k);
    const b2 = param([c2], c1 * k * k);
    const fc = linear.slice(1).map((
      o,
      i,
    ) => [param([o, linear[i]], linear[i]), param([o], linear[i])]);
    const opt = new SGD([k1, b1, k2, b2, ...fc.flat()], { lr });
    return () => {
      opt.zeroGrad();
      let y = maxPool2d(conv2d(x, k1, b1).relu(), 2);
      y = maxPool2d(conv2d(y, k2, b2).relu(), 2).flatten(1);
      fc.forEach(([w, b], i) => {
        y = addmm(b, y, w.t());
        if (i < fc.length - 1) y = y.relu();
      });
      const loss = crossEntropy(y, classes);
      loss.backward();
      opt.step();
      return loss.item();
    };
  },
};

if (import.meta.main) await runPeer(descent);
