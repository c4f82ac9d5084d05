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
import { type Peer, runPeer, TARGET, W1_LR, W8 } from "../harness/peer.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { backend: { type: "string", default: "cpu" } },
  strict: false,
});
const backend = String(values.backend);

/** A 5×5 "valid" convolution of NHWC `x` with `[kh, kw, in, out]` filters. */
type Conv = (x: tf.Tensor, filter: tf.Tensor) => tf.Tensor;

const plainConv: Conv = (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, "valid");

/**
 * The wasm backend has no `Conv2DBackpropFilter` kernel, so `tf.conv2d` cannot be trained there.
 * Its forward (XNNPACK) and input gradient (`Conv2DBackpropInput`) are used as they are, and the
 * filter gradient is the wasm backend's `Conv3DBackpropFilterV2` on a depth of 1. The first
 * layer's input needs no gradient (PyTorch and descent skip it), so it gets zeros.
 */
function wasmConv(inputGrad: boolean): Conv {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, f, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([x, f]);
    const value = plainConv(x, f);
    const gradFunc = (dy: tf.Tensor, [x, f]: tf.Tensor[]) => {
      const x4 = x as tf.Tensor4D;
      const dx = inputGrad
        ? tf.conv2dTranspose(
          dy as tf.Tensor4D,
          f as tf.Tensor4D,
          x4.shape,
          1,
          "valid",
        )
        : tf.zerosLike(x);
      const df = tf.engine().runKernel("Conv3DBackpropFilterV2", {
        x: tf.expandDims(x, 1),
        dy: tf.expandDims(dy, 1),
      }, {
        strides: [1, 1, 1, 1, 1],
        pad: "valid",
        filterShape: [1, ...f.shape],
      }) as tf.Tensor;
      return [dx, tf.reshape(df, f.shape)];
    };
    return { value, gradFunc };
  }) as Conv;
}

/** The TensorFlow.js peer on the chosen backend. */
export const tfjs: Peer = {
  name: `tfjs-${backend}`,
  version: tf.version_core,
  notes: [],
  async setup() {
    if (backend === "wasm") {
      // the .wasm files sit beside the package's entry point in Deno's npm cache
      tfwasm.setWasmPaths(
        new URL(".", import.meta.resolve("@tensorflow/tfjs-backend-wasm"))
          .pathname,
      );
    }
    if (!(await tf.setBackend(backend))) {
      throw new Error(`tfjs backend ${backend} unavailable`);
    }
    await tf.ready();
    if (backend === "wasm") {
      const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
      const mt = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT");
      this.notes!.push(
        `tfjs-wasm: SIMD ${simd ? "on" : "off"}, threads ${mt ? "on" : "off"}`,
      );
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
        return tf.losses.meanSquaredError(
          target,
          tf.add(tf.matMul(h, w2, false, true), b2),
        );
      }, true)!;
      const l = loss.dataSync()[0];
      loss.dispose();
      return l;
    };
  },
  w8() {
    // tfjs's native layout, NHWC, with filters [kh, kw, in, out]; weights uniform in ±1/√fan-in
    const { batch, input: [c, h, w], conv: [c1, c2], kernel: k, linear, lr } = W8;
    const x = tf.randomNormal([batch, h, w, c]);
    const classes = Array.from({ length: batch }, (_, i) => i % 10);
    const labels = tf.oneHot(tf.tensor1d(classes, "int32"), 10);
    const param = (shape: number[], fanIn: number) =>
      tf.variable(
        tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)),
      );
    const k1 = param([k, k, c, c1], c * k * k);
    const b1 = param([c1], c * k * k);
    const k2 = param([k, k, c1, c2], c1 * k * k);
    const b2 = param([c2], c1 * k * k);
    const fc = linear.slice(1).map((o, i) => [
      param([linear[i], o], linear[i]),
      param([o], linear[i]),
    ]);
    const opt = tf.train.sgd(lr);
    const conv1 = backend === "wasm" ? wasmConv(false) : plainConv;
    const conv2 = backend === "wasm" ? wasmConv(true) : plainConv;
    return () => {
      const loss = opt.minimize(() => {
        let y: tf.Tensor = tf.relu(tf.add(conv1(x, k1), b1));
        y = tf.maxPool(y as tf.Tensor4D, 2, 2, "valid");
        y = tf.relu(tf.add(conv2(y, k2), b2));
        y = tf.maxPool(y as tf.Tensor4D, 2, 2, "valid");
        // flatten in PyTorch's order (channels first), as the other peers do
        y = tf.reshape(tf.transpose(y, [0, 3, 1, 2]), [batch, linear[0]]);
        fc.forEach(([wt, bias], i) => {
          y = tf.add(tf.matMul(y, wt), bias);
          if (i < fc.length - 1) y = tf.relu(y);
        });
        return tf.losses.softmaxCrossEntropy(labels, y);
      }, true)!;
      const l = loss.dataSync()[0];
      loss.dispose();
      return l;
    };
  },
  extraMemory: () => tf.memory().numBytes,
};

if (import.meta.main) await runPeer(tfjs);
