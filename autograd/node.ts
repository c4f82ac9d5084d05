/**
 * Graph nodes (`grad_fn`s), saved values with version snapshots, and `AccumulateGrad`.
 *
 * @module
 */

import type { NodeTask } from "./engine.ts";
import { isGradEnabled } from "./grad_mode.ts";
import { assertNotThenable } from "./sync_callback.ts";
import type { Variable } from "./variable.ts";
import { formatShape } from "./shape.ts";

let nextSequenceNr = 0;

/**
 * PyTorch's ERR_BACKWARD_TWICE (torch/csrc/autograd/saved_variable.cpp), with descent's
 * spelling of the option (`retainGraph: true` for `retain_graph=True`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ERR_BACKWARD_TWICE } from "@descent/autograd";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([2.5], { requiresGrad: true });
 * const y = x.exp().sum();
 * y.backward();
 * assert.throws(() => y.backward(), { message: ERR_BACKWARD_TWICE });
 * ```
 */
export const ERR_BACKWARD_TWICE =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/** A tensor hook: receives a gradient, may return a replacement. PyTorch: `register_hook`'s fn. */
export type GradHook<V extends Variable = Variable> = (grad: V) => V | null | undefined | void;

/**
 * Handle returned by hook registration. PyTorch: `torch.utils.hooks.RemovableHandle`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RemovableHandle } from "@descent/autograd";
 * const hooks = [1, 2];
 * const h = new RemovableHandle(() => hooks.pop());
 * h.remove();
 * h.remove(); // removing twice is harmless
 * assert(hooks.length === 1);
 * ```
 */
export class RemovableHandle {
  #undo: (() => void) | null;
  /**
   * Wraps the undo action of a registration.
   *
   * @param undo What `remove()` does, run at most once.
   */
  constructor(undo: () => void) {
    this.#undo = undo;
  }
  /** Unregisters the hook. PyTorch: `RemovableHandle.remove()`. */
  remove(): void {
    const undo = this.#undo;
    this.#undo = null;
    if (undo) undo();
  }
}

/**
 * A value saved for backward, with the version it had when saved. PyTorch: `SavedVariable`.
 * `unpack()` throws PyTorch's errors when the value was freed by an earlier backward or
 * modified in place since it was saved.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([2.5], { requiresGrad: true });
 * const y = x.exp(); // saves its result for backward
 * y.mul_(2); // modifies it in place: the saved value's version no longer matches
 * assert.throws(() => y.sum().backward(), /modified by an inplace operation/);
 * ```
 */
export class SavedVariable<V extends Variable = Variable> {
  #value: V | null;
  readonly #version: number;
  readonly #gradFn: Node | null;
  readonly #outputNr: number;

  /**
   * Saves `value`, recording its version and `grad_fn` now.
   *
   * @param value The value to save.
   */
  constructor(value: V) {
    this.#value = value;
    this.#version = value._vc.version;
    this.#gradFn = value._gradFn;
    this.#outputNr = value._outputNr;
  }

  /**
   * The saved value, checked. PyTorch: `SavedVariable::unpack`.
   *
   * @returns The saved value.
   */
  unpack(): V {
    const v = this.#value;
    if (v === null) throw new Error(ERR_BACKWARD_TWICE);
    const current = v._vc.version;
    if (current !== this.#version) {
      const desc = `[${v._typeName()} ${formatShape(v.shape)}]`;
      const origin = this.#gradFn === null
        ? ""
        : `, which is output ${this.#outputNr} of ${this.#gradFn.name()},`;
      throw new Error(
        `one of the variables needed for gradient computation has been modified by an inplace operation: ${desc}${origin} is at version ${current}; expected version ${this.#version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`,
      );
    }
    return v;
  }

  /** Drops the value (after a backward without `retainGraph`). */
  release(): void {
    this.#value = null;
  }
}

/** One entry of {@linkcode Node.nextFunctions}: the next node (or `null`) and its output index. */
export type Edge = readonly [Node | null, number];

interface PreHook {
  nr: number;
  fn: GradHook;
}

/**
 * A node of the backward graph: a tensor's `grad_fn`. PyTorch: `torch.autograd.graph.Node`.
 * Subclasses implement {@linkcode Node.name} and {@linkcode Node.apply}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
 * const y = x.mul(2);
 * assert(y.gradFn?.name() === "MulBackward0");
 * assert(y.gradFn?.nextFunctions[0][0]?.name() === "AccumulateGrad");
 * ```
 */
export abstract class Node {
  /** Place on the tape; the engine runs higher numbers first. PyTorch: `sequence_nr`. */
  readonly sequenceNr: number;
  /** @ignore Next nodes, one per differentiable input (`null` where none). */
  readonly _nextNodes: (Node | null)[];
  /** @ignore Output index of each next node. */
  readonly _nextNrs: number[];
  /** @ignore Values saved for backward; released after backward. */
  _saved: SavedVariable[] | null = null;
  /** @ignore Tensor hooks on this node's outputs, in registration order. */
  _preHooks: PreHook[] | null = null;
  /** @ignore Non-leaf tensors retaining their grad, by output index. */
  _retained: (Variable | undefined)[] | null = null;
  /**
   * @ignore Whether `apply` returns new gradient objects that nothing else references (other
   * than its input gradients passed through): true for built-in ops. See Note [stealing
   * gradients] in engine.ts.
   */
  _freshOutputs = false;
  /**
   * @ignore Shape and type name of output 0 (the value this node made), what the engine
   * checks a gradient flowing into it against; `_moreMeta` holds those of further outputs.
   * PyTorch: `Node::input_metadata`, recorded when the output gets its history.
   */
  _shape0: readonly number[] | null = null;
  /** @ignore See {@linkcode Node._shape0}. */
  _type0: string | null = null;
  /** @ignore Shape and type name of outputs 1, 2, … (custom functions with several outputs). */
  _moreMeta: { shape: readonly number[]; type: string }[] | null = null;
  /**
   * @ignore This node's state in the backward running over it now (dependency count, input
   * buffer, exec info), owned by that run's GraphTask; `null` outside a backward. See engine.ts.
   */
  _task: NodeTask | null = null;

  /**
   * Makes a node with one edge per input, and the next place on the tape.
   *
   * @param inputs The inputs the node differentiates with respect to (`null` or a value that
   *   does not require grad gives a `null` edge).
   * @param sequenceNr Tape position; defaults to the next one.
   */
  constructor(inputs: readonly (Variable | null)[], sequenceNr: number = nextSequenceNr++) {
    this.sequenceNr = sequenceNr;
    const next: (Node | null)[] = [];
    const nrs: number[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const v = inputs[i];
      // PyTorch's gradient_edge: the value's node, else a leaf's accumulator when the leaf
      // itself requires grad (a view made in noGrad mode of such a leaf requires grad, but has
      // neither: its edge is null, as in PyTorch)
      const fn = v === null ? null : v._gradFn;
      if (fn !== null) {
        next.push(fn);
        nrs.push(v!._outputNr);
      } else if (v !== null && v._requiresGrad) {
        next.push(v._gradAccumulator());
        nrs.push(0);
      } else {
        next.push(null);
        nrs.push(0);
      }
    }
    this._nextNodes = next;
    this._nextNrs = nrs;
  }

  /** The node's class name, e.g. `"AddBackward0"`. PyTorch: `grad_fn.name()`. */
  abstract name(): string;

  /**
   * Computes the gradients for the inputs from the gradients of the outputs.
   * PyTorch: `Node::apply`.
   *
   * @param grads One gradient per output (`null` where none arrived).
   * @returns One gradient per input edge (`null` for none).
   */
  abstract apply(grads: (Variable | null)[]): (Variable | null)[];

  /** How many outputs the node has (1 for every built-in op). */
  get numOutputs(): number {
    return 1;
  }

  /** Pairs of (next node, output index), one per input. PyTorch: `grad_fn.next_functions`. */
  get nextFunctions(): Edge[] {
    const out: Edge[] = [];
    for (let i = 0; i < this._nextNodes.length; i++) {
      out.push([this._nextNodes[i], this._nextNrs[i]]);
    }
    return out;
  }

  /**
   * Saves a value for backward with its current version.
   *
   * @param v The value.
   * @returns The saved handle; call `unpack()` in backward.
   */
  save<V extends Variable>(v: V): SavedVariable<V> {
    const s = new SavedVariable(v);
    (this._saved ??= []).push(s);
    return s;
  }

  /**
   * @ignore Records output `nr`'s shape and type (see {@linkcode Node._shape0}).
   *
   * @param nr The output index.
   * @param v The output.
   */
  _setOutputMeta(nr: number, v: Variable): void {
    if (nr === 0) {
      this._shape0 = v.shape;
      this._type0 = v._typeName();
    } else (this._moreMeta ??= [])[nr - 1] = { shape: v.shape, type: v._typeName() };
  }

  /** @ignore Output `nr`'s shape, or `null` when not recorded. */
  _outputShape(nr: number): readonly number[] | null {
    return nr === 0 ? this._shape0 : this._moreMeta?.[nr - 1]?.shape ?? null;
  }

  /** @ignore Output `nr`'s type name, or `null` when not recorded. */
  _outputType(nr: number): string | null {
    return nr === 0 ? this._type0 : this._moreMeta?.[nr - 1]?.type ?? null;
  }

  /** @ignore Frees saved values; a later unpack throws the "second time" error. */
  _release(): void {
    const saved = this._saved;
    if (saved === null) return;
    for (let i = 0; i < saved.length; i++) saved[i].release();
  }

  /** @ignore Registers a tensor hook on output `nr`. */
  _addPreHook(nr: number, fn: GradHook): RemovableHandle {
    const hook: PreHook = { nr, fn };
    (this._preHooks ??= []).push(hook);
    return new RemovableHandle(() => {
      const hooks = this._preHooks;
      if (hooks === null) return;
      const i = hooks.indexOf(hook);
      if (i >= 0) hooks.splice(i, 1);
    });
  }

  /** The printed form, like PyTorch's `<MulBackward0 object at 0x…>` without the address. */
  toString(): string {
    return `<${this.name()} object>`;
  }
}

/**
 * The node that adds incoming gradients into a leaf's `.grad`. PyTorch: `AccumulateGrad`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
 * const acc = x.add(1).gradFn!.nextFunctions[0][0]!;
 * assert(acc.name() === "AccumulateGrad");
 * ```
 */
export class AccumulateGrad extends Node {
  /** The leaf this node accumulates into. PyTorch: `AccumulateGrad.variable`. */
  readonly variable: Variable;
  /** @ignore Hooks run after `.grad` is updated (PyTorch 2.1's post-accumulate-grad hooks). */
  _postHooks: ((v: Variable) => unknown)[] | null = null;

  /**
   * Makes the accumulator of a leaf (use `Variable._gradAccumulator()` to share one).
   *
   * @param variable The leaf.
   */
  constructor(variable: Variable) {
    // Accumulation runs as soon as it is ready, as in PyTorch (sequence_nr = UINT64_MAX).
    super([], Number.MAX_SAFE_INTEGER);
    this.variable = variable;
    this._setOutputMeta(0, variable);
  }

  /**
   * The node's name.
   *
   * @returns `"AccumulateGrad"`.
   */
  name(): string {
    return "AccumulateGrad";
  }

  /**
   * Adds `grads[0]` into the leaf's `.grad` (a copy the first time, in place afterwards, or
   * out of place when building a graph of the gradient), then runs the post-accumulate-grad
   * hooks.
   *
   * @param grads The incoming gradient.
   * @returns An empty list: a leaf has no inputs.
   */
  apply(grads: (Variable | null)[]): (Variable | null)[] {
    const g = grads[0];
    if (g !== null) this._accumulate(g, false);
    return [];
  }

  /**
   * @ignore Accumulates `g`, then runs the post-accumulate-grad hooks. With `steal`, `g` is
   * known to be unshared and may become `.grad` itself: Note [stealing gradients] in engine.ts.
   */
  _accumulate(g: Variable, steal: boolean): void {
    accumulateInto(this.variable, g, steal);
    const hooks = this._postHooks;
    if (hooks === null) return;
    for (const h of hooks.slice()) {
      const r = h(this.variable);
      if (r === undefined || r === null) continue;
      assertNotThenable(r, "registerPostAccumulateGradHook()");
      throw new Error("Tensor post accumulate grad hooks should return undefined.");
    }
  }
}

/**
 * @ignore Adds `g` into `v.grad` following PyTorch's AccumulateGrad rules, which look at grad
 * mode (on while a backward runs with `createGraph`), not at whether the gradients require grad:
 * - no `.grad` yet: with grad mode off, `g` itself when `steal` (Note [stealing gradients] in
 *   engine.ts), else a detached copy; with grad mode on, a copy recorded in the graph
 *   (PyTorch's `clone_obey_contract`, `CopyBackwards`);
 * - a `.grad` already: with grad mode off added in place, with grad mode on `old + g` as a new
 *   value (so a `.grad` someone holds is not changed under a graph).
 */
export function accumulateInto(v: Variable, g: Variable, steal = false): void {
  const old = v._grad;
  if (isGradEnabled()) {
    v._grad = old === null ? g._gradCopy() : old._plus(g);
    v._gradPrivate = false;
  } else if (old === null) {
    v._grad = steal && !g.requiresGrad ? g._stolen() : g._detachedClone();
    v._gradPrivate = true; // Note [recycled storage] in tensor/storage.ts
  } else {
    old._accumulate_(g);
  }
}
