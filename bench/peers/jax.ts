/**
 * jax-js as a peer of the comparison harness, on its WebAssembly device: eager (`--jit off`) or
 * with each workload's step wrapped in `jit` (`--jit on`). Run by `bench/compare.ts`.
 *
 * jax-js arrays are reference-counted: every op consumes its arguments, `.ref` keeps one alive.
 *
 * @module
 */

import {
  blockUntilReady,
  defaultDevice,
  grad,
  init,
  jit,
  nn,
  numpy as np,
  tree,
  valueAndGrad,
} from "@jax-js/jax";
import { parseArgs } from "node:util";
import { type Peer, runPeer, TARGET, W1_LR } from "../harness/peer.ts";

type Arr = np.Array;

const { values } = parseArgs({
  args: Deno.args,
  options: { jit: { type: "string", default: "on" } },
  strict: false,
});
const useJit = values.jit !== "off";
// deno-lint-ignore no-explicit-any
const maybeJit = <F extends (...args: any[]) => any>(
  f: F,
): F => (useJit ? jit(f) as unknown as F : f);

function uniform(shape: number[], lo = 0, hi = 1): Arr {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + (hi - lo) * Math.random();
  return np.array(v, { shape });
}

function normal(shape: number[]): Arr {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    v[i] = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  }
  return np.array(v, { shape });
}

/** The jax-js peer. */
export const jaxPeer: Peer = {
  name: useJit ? "jax-js jit" : "jax-js",
  version: "0.1.25",
  notes: [],
  async setup() {
    await init("wasm");
    defaultDevice("wasm");
  },
  w1() {
    const y = np.array(TARGET);
    let pred = uniform([3, 3]);
    const lossFn = (p: Arr, t: Arr): Arr => np.square(p.sub(t)).mean();
    const step = maybeJit((p: Arr, t: Arr): [Arr, Arr] => {
      const [loss, g] = valueAndGrad(lossFn)(p.ref, t);
      return [p.sub(g.mul(W1_LR)), loss];
    });
    return () => {
      const [next, loss] = step(pred, y.ref);
      pred = next;
      return loss.item();
    };
  },
  w2() {
    const n = 1_000_000;
    const a = uniform([n]);
    const b = uniform([n]);
    const c = uniform([n]);
    const f = (x: Arr, y: Arr, z: Arr): Arr => x.mul(y).add(z).sum();
    const g = maybeJit(grad(f, { argnums: [0, 1, 2] }));
    return async () => {
      const gs = g(a.ref, b.ref, c.ref);
      await blockUntilReady(gs);
      tree.dispose(gs);
    };
  },
  w3(n) {
    const a = uniform([n, n]);
    const b = uniform([n, n]);
    const mm = maybeJit((x: Arr, y: Arr): Arr => np.matmul(x, y));
    return async () => {
      const c = mm(a.ref, b.ref);
      await c.blockUntilReady();
      c.dispose();
    };
  },
  w4() {
    const x = normal([128, 784]);
    const target = normal([128, 10]);
    type Params = { w1: Arr; b1: Arr; w2: Arr; b2: Arr };
    let params: Params = {
      w1: uniform([256, 784], -1 / 28, 1 / 28),
      b1: np.zeros([256]),
      w2: uniform([10, 256], -1 / 16, 1 / 16),
      b2: np.zeros([10]),
    };
    const lossFn = (p: Params, xs: Arr, t: Arr): Arr => {
      const h = nn.relu(np.matmul(xs, p.w1.transpose()).add(p.b1));
      return np.square(np.matmul(h, p.w2.transpose()).add(p.b2).sub(t)).mean();
    };
    const step = maybeJit((p: Params, xs: Arr, t: Arr): [Params, Arr] => {
      const [loss, g] = valueAndGrad(lossFn)(tree.ref(p), xs, t);
      const next = tree.map((w: Arr, gw: Arr) => w.sub(gw.mul(0.01)), p, g) as Params;
      return [next, loss];
    });
    return () => {
      const [next, loss] = step(params, x.ref, target.ref);
      params = next;
      return loss.item();
    };
  },
};

if (import.meta.main) await runPeer(jaxPeer);
