// W5 cold start: import tfjs (the umbrella package, which registers the gradients) on the
// backend named by the first argument, build a 3×3 tensor, run one gradient, print.
import * as tf from "@tensorflow/tfjs";
import * as tfwasm from "@tensorflow/tfjs-backend-wasm";

const backend = Deno.args[0] ?? "cpu";
if (backend === "wasm") {
  tfwasm.setWasmPaths(
    new URL(".", import.meta.resolve("@tensorflow/tfjs-backend-wasm")).pathname,
  );
}
await tf.setBackend(backend);
const x = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, t)))(x);
g.print();
