/**
 * js-pytorch as a peer of the comparison harness (nested-array tensors in plain JavaScript).
 * Run by `bench/compare.ts`.
 *
 * @module
 */

import { torch } from "js-pytorch";
import { type Peer, runPeer, TARGET, W1_LR } from "../harness/peer.ts";

// js-pytorch's Tensor type, as its package exports it
type JT = ReturnType<typeof torch.tensor>;

/** SGD the way js-pytorch's own optimizer updates: `p._data = p.add(update)._data`. */
function sgdStep(params: JT[], lr: number): void {
  for (const p of params) {
    p._data = p.add(p._grad.mul(-lr))._data;
    p.zero_grad();
  }
}

/** The js-pytorch peer. */
export const jsPytorch: Peer = {
  name: "js-pytorch",
  version: "0.7.2",
  notes: [],
  w1() {
    const y = torch.tensor(TARGET);
    let pred = torch.rand([3, 3], true);
    return () => {
      // mean over both dims of the 3×3 square error (js-pytorch's mean reduces the last dim)
      const loss = pred.sub(y).pow(2).mean().mean();
      loss.backward();
      // pred = pred - lr * pred.grad; detach_; requires_grad_  → a new leaf from the values
      pred = torch.tensor(pred.sub(pred._grad.mul(W1_LR)).data, true);
      return loss.data;
    };
  },
  w2() {
    const n = 1_000_000;
    const a = torch.rand([n], true);
    const b = torch.rand([n], true);
    const c = torch.rand([n], true);
    return () => {
      for (const t of [a, b, c]) t.zero_grad();
      a.mul(b).add(c).sum().backward();
    };
  },
  w3(n) {
    const a = torch.rand([n, n]);
    const b = torch.rand([n, n]);
    return () => a.matmul(b);
  },
  w4() {
    const x = torch.randn([128, 784]);
    const target = torch.randn([128, 10]);
    const l1 = new torch.nn.Linear(784, 256);
    const l2 = new torch.nn.Linear(256, 10);
    const relu = new torch.nn.ReLU();
    const params = [l1.W, l1.b, l2.W, l2.b];
    return () => {
      const out = l2.forward(relu.forward(l1.forward(x)));
      const loss = out.sub(target).pow(2).mean().mean();
      loss.backward();
      sgdStep(params, 0.01);
      return loss.data;
    };
  },
};

if (import.meta.main) await runPeer(jsPytorch);
