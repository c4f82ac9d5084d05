/**
 * TensorFlow.js as a peer of the comparison harness: `--backend cpu` (plain JavaScript) or
 * `--backend wasm` (XNNPACK, SIMD). Run by `bench/compare.ts`.
 *
 * @module
 */

import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfwasm from "@tensorflow/tfjs-backend-wasm";
// tfjs-core's Node build registers no gradients (its ESM files cannot be loaded outside a
// bundler); the umbrella package of the same version registers them, in tfjs's global registry.
import "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { type Peer, runPeer, TARGET, W1_LR } from "../harness/peer.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { backend: { type: "string", default: "cpu" } },
  strict: false,
});
const backend = String(values.backend);

/** The TensorFlow.js peer on the chosen backend. */
export const tfjs: Peer = {
  name: `tfjs-${backend}`,
  version: tf.version_core,
  notes: [],
  async setup() {
    if (backend === "wasm") {
      // the .wasm files sit beside the package's entry point in Deno's npm cache
      tfwasm.setWasmPaths(
        new URL(".", import.meta.resolve("@tensorflow/tfjs-backend-wasm")).pathname,
      );
    }
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} unavailable`);
    await tf.ready();
    if (backend === "wasm") {
      const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
      const mt = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT");
      this.notes!.push(`tfjs-wasm: SIMD ${simd ? "on" : "off"}, threads ${mt ? "on" : "off"}`);
    }
  },
  w1() {
    const y = tf.tensor2d(TARGET);
    let pred = tf.randomUniform([3, 3]);
    const lossOf = (p: tf.Tensor) => tf.losses.meanSquaredError(y, p);
    const valueAndGrad = tf.valueAndGrad(lossOf);
    return () => {
      const next = tf.tidy(() => {
        const { value, grad } = valueAndGrad(pred);
        const l = value.dataSync()[0];
        return [tf.sub(pred, tf.mul(grad, W1_LR)), l] as const;
      });
      pred.dispose();
      pred = next[0];
      return next[1];
    };
  },
  w2() {
    const n = 1_000_000;
    const a = tf.randomUniform([n]);
    const b = tf.randomUniform([n]);
    const c = tf.randomUniform([n]);
    const f = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
      tf.sum(tf.add(tf.mul(x, y), z))
    );
    return () => {
      const gs = f([a, b, c]);
      for (const g of gs) g.dataSync();
      tf.dispose(gs);
    };
  },
  w3(n) {
    const a = tf.randomUniform([n, n]);
    const b = tf.randomUniform([n, n]);
    return () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    };
  },
  w4() {
    const x = tf.randomNormal([128, 784]);
    const target = tf.randomNormal([128, 10]);
    const w1 = tf.variable(tf.randomUniform([256, 784], -1 / 28, 1 / 28));
    const b1 = tf.variable(tf.zeros([256]));
    const w2 = tf.variable(tf.randomUniform([10, 256], -1 / 16, 1 / 16));
    const b2 = tf.variable(tf.zeros([10]));
    const opt = tf.train.sgd(0.01);
    return () => {
      const loss = opt.minimize(() => {
        const h = tf.relu(tf.add(tf.matMul(x, w1, false, true), b1));
        return tf.losses.meanSquaredError(target, tf.add(tf.matMul(h, w2, false, true), b2));
      }, true)!;
      const l = loss.dataSync()[0];
      loss.dispose();
      return l;
    };
  },
  extraMemory: () => tf.memory().numBytes,
};

if (import.meta.main) await runPeer(tfjs);
