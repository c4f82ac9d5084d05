/**
 * Custom differentiable operations. PyTorch: `torch.autograd.Function`.
 *
 * @module
 */

import { isGradEnabled, noGrad } from "./grad_mode.ts";
import { Node, type SavedVariable } from "./node.ts";
import { assertNotThenable, assertSyncFunction } from "./sync_callback.ts";
import { CreationMeta, Variable } from "./variable.ts";

/**
 * The context passed to a custom {@linkcode Function}'s `forward` and `backward`.
 * PyTorch: `ctx` (`FunctionCtx`). Extra attributes may be stored on it freely.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutogradFunction, type FunctionCtx } from "@descent/autograd";
 * import { type Tensor, tensor } from "@descent/tensor";
 * class Cube extends AutogradFunction {
 *   static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
 *     ctx.saveForBackward(x);
 *     return x.pow(3);
 *   }
 *   static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
 *     const [x] = ctx.savedTensors as Tensor[];
 *     return g.mul(x.pow(2)).mul(3);
 *   }
 * }
 * const x = tensor([2.5], { requiresGrad: true });
 * (Cube.apply(x) as Tensor).sum().backward();
 * assert.deepEqual(x.grad!.toList(), [18.75]);
 * ```
 */
export class FunctionCtx {
  /** Per forward argument: whether it is a value that requires grad. PyTorch: `ctx.needs_input_grad`. */
  readonly needsInputGrad: readonly boolean[];
  /** @ignore */
  _toSave: Variable[] = [];
  /** @ignore */
  _saved: SavedVariable[] | null = null;
  /** Any extra, non-tensor state a function keeps between forward and backward. */
  [key: string]: unknown;

  /**
   * Makes the context of one `apply` call.
   *
   * @param needsInputGrad See {@linkcode FunctionCtx.needsInputGrad}.
   */
  constructor(needsInputGrad: readonly boolean[]) {
    this.needsInputGrad = needsInputGrad;
  }

  /**
   * Saves values for backward; they are version-checked when read back.
   * PyTorch: `ctx.save_for_backward(*tensors)`.
   *
   * @param values The values to save.
   */
  saveForBackward(...values: Variable[]): void {
    for (const v of values) {
      if (!(v instanceof Variable)) {
        throw new TypeError("saveForBackward() can only save tensors");
      }
    }
    this._toSave = values;
  }

  /** The values given to `saveForBackward`, checked. PyTorch: `ctx.saved_tensors`. */
  get savedTensors(): Variable[] {
    if (this._saved === null) return this._toSave.slice();
    return this._saved.map((s) => s.unpack());
  }
}

/** The static side of a custom function class. */
export interface FunctionClass {
  /** The class name; the node is named `<name>Backward`. */
  readonly name: string;
  /** The forward computation. */
  forward(ctx: FunctionCtx, ...args: never[]): unknown;
  /** The backward computation. */
  backward(ctx: FunctionCtx, ...grads: never[]): unknown;
}

/** PyTorch's name for a value's type in messages: `int` for a number, as Python would say. */
function typeName(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object" || typeof x === "function") {
    return (x as { constructor?: { name?: string } }).constructor?.name ?? typeof x;
  }
  return typeof x;
}

/**
 * The node of one `apply`: one edge per forward argument that is a value (`Variable`), as
 * PyTorch's `PyNode`; `backward` returns one gradient per forward argument, mapped to the edges
 * here, then the engine validates shapes and dtypes as for every node.
 */
class FunctionNode extends Node {
  readonly #cls: FunctionClass;
  readonly #ctx: FunctionCtx;
  /** Per forward argument: whether it is a value (has an edge). PyTorch: `is_variable_input`. */
  readonly #isVariable: readonly boolean[];
  readonly #outputs: Variable[];

  constructor(cls: FunctionClass, ctx: FunctionCtx, args: readonly unknown[], outputs: Variable[]) {
    super(args.filter((a): a is Variable => a instanceof Variable));
    this.#cls = cls;
    this.#ctx = ctx;
    this.#isVariable = args.map((a) => a instanceof Variable);
    this.#outputs = outputs;
  }

  override name(): string {
    return `${this.#cls.name}Backward`;
  }

  override get numOutputs(): number {
    return this.#outputs.length;
  }

  override apply(grads: (Variable | null)[]): (Variable | null)[] {
    const gs = grads.map((g, i) => g ?? this.#outputs[i]._zerosLike());
    const backward = this.#cls.backward as (ctx: FunctionCtx, ...g: Variable[]) => unknown;
    const raw = backward.call(this.#cls, this.#ctx, ...gs);
    assertNotThenable(raw, `${this.#cls.name}.backward`);
    const result = Array.isArray(raw) ? raw : [raw];
    const isVariable = this.#isVariable;
    const expected = isVariable.length;
    // PyTorch accepts trailing nulls beyond the inputs.
    if (
      result.length < expected ||
      result.slice(expected).some((g) => g !== null && g !== undefined)
    ) {
      throw new Error(
        `function ${this.name()} returned an incorrect number of gradients (expected ${expected}, got ${result.length})`,
      );
    }
    const out: (Variable | null)[] = [];
    for (let i = 0; i < expected; i++) {
      const g = result[i] ?? null;
      if (!isVariable[i]) {
        if (g !== null) {
          throw new Error(
            `function ${this.name()} returned a gradient different than null at position ${
              i + 1
            }, but the corresponding forward input was not a Variable`,
          );
        }
        continue;
      }
      if (g !== null && !(g instanceof Variable)) {
        throw new TypeError(`expected Variable or null (got ${typeName(g)})`);
      }
      out.push(g);
    }
    return out;
  }
}

/**
 * Base class of custom differentiable operations. Subclass it with `static forward(ctx, ...args)`
 * and `static backward(ctx, ...grads)`, and call `.apply(...args)`. The node is named
 * `<ClassName>Backward`. Both must be synchronous (an async function is refused). PyTorch:
 * `torch.autograd.Function`; also exported as `Function`, PyTorch's name, which shadows the
 * JavaScript global `Function` in a module that imports it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutogradFunction, type FunctionCtx } from "@descent/autograd";
 * import { type Tensor, tensor } from "@descent/tensor";
 *
 * class MyExp extends AutogradFunction {
 *   static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
 *     const y = x.exp();
 *     ctx.saveForBackward(y);
 *     return y;
 *   }
 *   static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
 *     const [y] = ctx.savedTensors as Tensor[];
 *     return g.mul(y);
 *   }
 * }
 * const x = tensor([0, 1], { dtype: "float32", requiresGrad: true });
 * const y = MyExp.apply(x);
 * assert(y.gradFn?.name() === "MyExpBackward");
 * y.sum().backward();
 * assert(String(x.grad) === "tensor([1.0000, 2.7183])");
 * ```
 */
export class AutogradFunction {
  /**
   * The forward computation, run without recording. PyTorch: `Function.forward`.
   *
   * @param _ctx The context.
   * @param _args The arguments given to `apply`.
   * @returns The output value (or a list of them).
   */
  static forward(_ctx: FunctionCtx, ..._args: never[]): unknown {
    throw new Error("You must implement the forward function for custom autograd.Function.");
  }

  /**
   * The gradient of each forward argument from the gradient of each output.
   * PyTorch: `Function.backward`.
   *
   * @param _ctx The context.
   * @param _grads One gradient per output.
   * @returns One gradient per forward argument (`null` for none, and for every argument that
   *   is not a value).
   */
  static backward(_ctx: FunctionCtx, ..._grads: never[]): unknown {
    throw new Error(
      "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /**
   * Runs `forward` and, when grad mode is on and an argument requires grad, records one node
   * whose backward calls `backward`. An argument that `forward` returns as is comes back as a new
   * value sharing its storage (a view), so the argument itself is not re-parented, as in
   * PyTorch. PyTorch: `Function.apply`.
   *
   * @param args The arguments for `forward`.
   * @returns What `forward` returns.
   */
  static apply<A extends unknown[], R>(
    this: { forward(ctx: FunctionCtx, ...args: A): R },
    ...args: A
  ): R {
    const cls = this as unknown as FunctionClass & { prototype: Record<string, unknown> };
    if (typeof cls.prototype.forward === "function") {
      throw new Error(
        "Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)",
      );
    }
    assertSyncFunction(cls.forward, `${cls.name}.forward`);
    assertSyncFunction(cls.backward, `${cls.name}.backward`);
    const needs = args.map((a) => a instanceof Variable && a.requiresGrad);
    const ctx = new FunctionCtx(needs);
    const raw = noGrad(() => {
      const r = this.forward(ctx, ...args);
      assertNotThenable(r, `${cls.name}.forward`);
      return r;
    });
    const result = aliasInputs(raw, args);
    if (!isGradEnabled() || !needs.some((n) => n)) return result;
    const outputs = (Array.isArray(result) ? result : [result]).filter(
      (o): o is Variable => o instanceof Variable,
    );
    if (outputs.length === 0) return result;
    const node = new FunctionNode(cls, ctx, args, outputs);
    outputs.forEach((o, i) => {
      o._setGradFn(node, i);
      // a view (of an input, or an input returned as is) may not be changed in place: its
      // CopySlices would bypass this node's backward (PyTorch's `IN_CUSTOM_FUNCTION`)
      if (o._base !== null) o._creationMeta = CreationMeta.IN_CUSTOM_FUNCTION;
    });
    ctx._saved = ctx._toSave.map((v) => node.save(v));
    return result;
  }
}

/**
 * PyTorch's name for {@linkcode AutogradFunction}, as API.md lists it. Prefer
 * `AutogradFunction`: importing `Function` hides the JavaScript global of that name in the
 * importing module. PyTorch: `torch.autograd.Function`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutogradFunction, Function } from "@descent/autograd";
 * assert(Function === AutogradFunction);
 * ```
 */
export const Function: typeof AutogradFunction = AutogradFunction;
/** PyTorch's name for {@linkcode AutogradFunction} (the type). */
export type Function = AutogradFunction;

/**
 * Replaces every argument that `forward` returned as is by an alias (PyTorch's
 * `_wrap_outputs`: `var.view_as(var)` for an input returned unmodified), so recording the
 * node does not re-parent the caller's value.
 */
function aliasInputs<R>(result: R, args: readonly unknown[]): R {
  const alias = (o: unknown): unknown => o instanceof Variable && args.includes(o) ? o._alias() : o;
  return (Array.isArray(result) ? result.map(alias) : alias(result)) as R;
}
