/**
 * Recording an op on the tape: the generic node every built-in op uses, with the op's name
 * and its backward written beside its forward kernel.
 *
 * @module
 */

import { isGradEnabled, Node, type SavedVariable, type Variable } from "@descent/autograd";
import { Tensor } from "../tensor.ts";

/** The backward of one op: input gradients from the output gradient, written in Tensor ops. */
export type BackwardFn = (grad: Tensor) => (Tensor | null)[];

// Note [backward closures]
// An op's backward is a closure over the op's locals (its operands, saved values, the node).
// Written `node.backwardFn = (g) => …` in the op, V8 (15.0, as in Deno 2.9) keeps such closures,
// and everything they reach, alive through young-generation GCs for as long as the op runs
// unoptimised: in the tutorial loop about a quarter of all allocations survived each scavenge,
// and scavenges of tens of MB made the first ~20,000 iterations of a fresh process 10–20×
// slower than the steady state (until TurboFan had optimised the op). Passing the closure to a
// call, `node.setBackward((g) => …)`, keeps the scavenges near 0% survival from the first
// iteration. (Measured with --trace-gc-nvp under --no-maglev --no-turbofan: 23% → 0.1%
// survival; first 10,000 iterations of W1 in CPU time 34 → 13 µs on average.)

/**
 * The node of a built-in op: a name (PyTorch's `…Backward0`) and a backward closure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * const y = tensor([1.5, 2], { requiresGrad: true }).exp();
 * assert(y.gradFn?.name() === "ExpBackward0");
 * ```
 */
export class OpNode extends Node {
  readonly #name: string;
  /**
   * The op's backward: input gradients from the output gradient, written in Tensor ops so
   * `createGraph` differentiates it again. Set it right after {@linkcode record} made the node,
   * with {@linkcode OpNode.setBackward}.
   */
  backwardFn: BackwardFn | null = null;

  /**
   * Sets {@linkcode OpNode.backwardFn}: prefer `node.setBackward((g) => …)` to assigning the
   * field where the closure is made (Note [backward closures]).
   *
   * @param fn The op's backward.
   */
  setBackward(fn: BackwardFn): void {
    this.backwardFn = fn;
  }

  /**
   * Makes the node of one op application.
   *
   * @param name The node's name, e.g. `"MulBackward0"`.
   * @param inputs The op's inputs (`null` for numbers).
   */
  constructor(name: string, inputs: readonly (Variable | null)[]) {
    super(inputs);
    this.#name = name;
    // A backward written in tensor ops returns new tensors, so a leaf may take one as its .grad
    // without a copy: Note [stealing gradients] in autograd/engine.ts.
    this._freshOutputs = true;
  }

  /**
   * The node's name. PyTorch: `grad_fn.name()`.
   *
   * @returns E.g. `"MulBackward0"`.
   */
  name(): string {
    return this.#name;
  }

  /**
   * Runs the op's backward.
   *
   * @param grads The output gradient.
   * @returns One gradient per input.
   */
  apply(grads: (Variable | null)[]): (Variable | null)[] {
    return this.backwardFn!(grads[0] as Tensor);
  }

  /**
   * Whether input `i` needs a gradient (its edge is not `null`). PyTorch:
   * `task_should_compute_output(i)`.
   *
   * @param i The input index.
   * @returns Whether to compute input `i`'s gradient.
   */
  needs(i: number): boolean {
    return this._nextNodes[i] !== null;
  }
}

/**
 * Throws PyTorch-style `TypeError` unless `a` is a Tensor.
 *
 * @param a The argument.
 * @param name The op, e.g. `"sum"`.
 */
export function checkTensor(a: unknown, name: string): asserts a is Tensor {
  if (!(a instanceof Tensor)) throw new TypeError(`${name}(): expected a Tensor, got ${typeof a}`);
}

/**
 * An operand of {@linkcode tracks} and {@linkcode record}: a tensor, or a number or boolean (a
 * constant: a `null` edge), or `null` for an absent operand.
 */
export type OpInput = Tensor | number | boolean | null;

/** Whether an op on these operands must be recorded. */
export function tracks(a: OpInput, b?: OpInput): boolean {
  if (!isGradEnabled()) return false;
  return (typeof a === "object" && a !== null && a.requiresGrad) ||
    (typeof b === "object" && b !== null && b.requiresGrad);
}

/** Whether an op on any of these tensors must be recorded. */
export function tracksAny(xs: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (let i = 0; i < xs.length; i++) if (xs[i].requiresGrad) return true;
  return false;
}

/**
 * Records `out` as the result of an op named `name` on `inputs`, and returns the node so the
 * caller can save values and set the backward.
 *
 * @param name The node name.
 * @param out The op's result.
 * @param inputs The op's operands (numbers and booleans become `null` edges).
 * @returns The new node, already `out`'s `gradFn`.
 */
export function record(name: string, out: Tensor, inputs: readonly OpInput[]): OpNode {
  let edges = inputs as readonly (Tensor | null)[];
  for (let i = 0; i < inputs.length; i++) {
    if (typeof inputs[i] !== "object") {
      edges = inputs.map((x) => (typeof x === "object" ? x : null));
      break;
    }
  }
  const node = new OpNode(name, edges);
  out._setGradFn(node, 0);
  return node;
}

/** The backward of an op with several outputs: one gradient per output (`null` where none). */
export type MultiBackwardFn = (grads: (Tensor | null)[]) => (Tensor | null)[];

/**
 * The node of a built-in op with several outputs (PyTorch's `LinalgQrBackward0` of `Q` and
 * `R`, …): every output has it as its `gradFn`, output `i` as its output number, and the
 * backward receives one gradient per output, `null` for an output no gradient reached.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { linalg, tensor } from "@descent/tensor";
 * const { Q, R } = linalg.qr(tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true }));
 * assert(Q.gradFn === R.gradFn && Q.gradFn?.name() === "LinalgQrBackward0");
 * ```
 */
export class MultiOutputNode extends OpNode {
  readonly #outputs: number;
  /**
   * The op's backward: input gradients from the output gradients (`null` for an output no
   * gradient reached), written in Tensor ops. Set it right after {@linkcode recordOutputs},
   * with {@linkcode MultiOutputNode.setBackwardAll}.
   */
  backwardAll: MultiBackwardFn | null = null;

  /**
   * Makes the node of one application of an op with several outputs.
   *
   * @param name The node's name, e.g. `"LinalgQrBackward0"`.
   * @param inputs The op's inputs (`null` for numbers).
   * @param outputs The number of outputs.
   */
  constructor(name: string, inputs: readonly (Variable | null)[], outputs: number) {
    super(name, inputs);
    this.#outputs = outputs;
  }

  /** The number of outputs. */
  override get numOutputs(): number {
    return this.#outputs;
  }

  /**
   * Runs the op's backward.
   *
   * @param grads One gradient per output.
   * @returns One gradient per input.
   */
  override apply(grads: (Variable | null)[]): (Variable | null)[] {
    return this.backwardAll!(grads as (Tensor | null)[]);
  }

  /**
   * Sets {@linkcode MultiOutputNode.backwardAll} (Note [backward closures]).
   *
   * @param fn The op's backward.
   */
  setBackwardAll(fn: MultiBackwardFn): void {
    this.backwardAll = fn;
  }
}

/**
 * Records `outs` as the results of one op named `name` on `inputs` (output `i` gets output
 * number `i`), and returns the node so the caller can save values and set the backward.
 *
 * @param name The node name.
 * @param outs The op's results.
 * @param inputs The op's operands (numbers become `null` edges).
 * @returns The new node, already every output's `gradFn`.
 */
export function recordOutputs(
  name: string,
  outs: readonly Tensor[],
  inputs: readonly (Tensor | number | null)[],
): MultiOutputNode {
  const node = new MultiOutputNode(
    name,
    inputs.map((x) => (typeof x === "object" ? x : null)),
    outs.length,
  );
  outs.forEach((o, i) => o._setGradFn(node, i));
  return node;
}

/** Saved value helper type. */
export type Saved = SavedVariable<Tensor>;
