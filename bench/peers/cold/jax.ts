// W5 cold start: import jax-js, start its wasm device, take one gradient of a 3×3 input, print.
import { grad, init, numpy as np } from "@jax-js/jax";

await init("wasm");
const x = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
const g = grad((t: np.Array) => t.ref.mul(t).sum())(x);
console.log(g.js());
Deno.exit(0); // jax-js's worker threads would keep the process alive
