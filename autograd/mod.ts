/**
 * @descent/autograd — the tape: graph nodes, the backward engine, grad mode and the leaf-only
 * `.grad` rules of PyTorch's autograd. It knows graphs, not numbers: values (such as
 * `@descent/tensor`'s `Tensor`) extend {@linkcode Variable}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grad, noGrad } from "@descent/autograd";
 * import { tensor } from "@descent/tensor";
 *
 * const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
 * const y = x.mul(x).sum();           // y = Σ x²
 * const [dx] = grad(y, x);            // dy/dx = 2x
 * console.log(String(dx));            // tensor([2., 4., 6.])
 * const z = noGrad(() => x.mul(2));   // not recorded
 * assert(!z.requiresGrad);
 * ```
 *
 * @module
 */

export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from "./grad_mode.ts";
export { backward, type BackwardOptions, grad, type GradOptions } from "./engine.ts";
export {
  AccumulateGrad,
  type Edge,
  ERR_BACKWARD_TWICE,
  type GradHook,
  Node,
  RemovableHandle,
  SavedVariable,
} from "./node.ts";
export { CreationMeta, Variable, type VersionCounter, viewRebaseError } from "./variable.ts";
export { formatShape, formatSize, sameShape } from "./shape.ts";
export { AutogradFunction, Function, type FunctionClass, FunctionCtx } from "./function.ts";
export { assertNotThenable, assertSyncFunction } from "./sync_callback.ts";
export { warnOnce } from "./warn.ts";
