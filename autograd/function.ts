/**
 * Custom differentiable operations. PyTorch: `torch.autograd.Function`.
 *
 * @module
 */

import { isGradEnabled, noGrad } from "./grad_mode.ts";
import { Node, type SavedVariable } from "./node.ts";
import { sameShape, Variable } from "./variable.ts";

/**
 * The context passed to a custom {@linkcode Function}'s `forward` and `backward`.
 * PyTorch: `ctx` (`FunctionCtx`). Extra attributes may be stored on it freely.
 */
export class FunctionCtx {
  /** Per forward argument: whether it is a value that requires grad. PyTorch: `ctx.needs_input_grad`. */
  readonly needsInputGrad: readonly boolean[];
  /** @internal */
  _toSave: Variable[] = [];
  /** @internal */
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

class FunctionNode extends Node {
  readonly #cls: FunctionClass;
  readonly #ctx: FunctionCtx;
  readonly #inputs: readonly unknown[];
  readonly #outputs: Variable[];

  constructor(cls: FunctionClass, ctx: FunctionCtx, args: readonly unknown[], outputs: Variable[]) {
    super(args.map((a) => (a instanceof Variable ? a : null)));
    this.#cls = cls;
    this.#ctx = ctx;
    this.#inputs = args;
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
    const raw = (this.#cls.backward as (ctx: FunctionCtx, ...g: Variable[]) => unknown)(
      this.#ctx,
      ...gs,
    );
    const result = Array.isArray(raw) ? raw : [raw];
    const expected = this.#inputs.length;
    if (result.length !== expected) {
      // PyTorch accepts trailing Nones beyond the inputs.
      const extra = result.slice(expected);
      if (result.length < expected || extra.some((g) => g !== null && g !== undefined)) {
        throw new Error(
          `function ${this.name()} returned an incorrect number of gradients (expected ${expected}, got ${result.length})`,
        );
      }
    }
    const out: (Variable | null)[] = [];
    for (let i = 0; i < expected; i++) {
      const g = result[i] ?? null;
      const input = this.#inputs[i];
      if (!(input instanceof Variable) || !input.requiresGrad || g === null) {
        out.push(null);
        continue;
      }
      if (!(g instanceof Variable)) {
        throw new TypeError(
          `function ${this.name()} returned a gradient different than None at position ${
            i + 1
          }, but the corresponding forward input was not a Variable`,
        );
      }
      if (!sameShape(g.shape, input.shape)) {
        throw new RangeError(
          `Function ${this.name()} returned an invalid gradient at index ${i} - got [${
            g.shape.join(", ")
          }] but expected shape compatible with [${input.shape.join(", ")}]`,
        );
      }
      out.push(g);
    }
    return out;
  }
}

/**
 * Base class of custom differentiable operations. Subclass it with `static forward(ctx, ...args)`
 * and `static backward(ctx, ...grads)`, and call `.apply(...args)`. The node is named
 * `<ClassName>Backward`. PyTorch: `torch.autograd.Function`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Function, type FunctionCtx } from "@descent/autograd";
 * import { type Tensor, tensor } from "@descent/tensor";
 *
 * class MyExp extends Function {
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
 * const x = tensor([0, 1], { requiresGrad: true });
 * const y = MyExp.apply(x);
 * assert(y.gradFn?.name() === "MyExpBackward");
 * y.sum().backward();
 * assert(String(x.grad) === "tensor([1.0000, 2.7183])");
 * ```
 */
export class Function {
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
   * @returns One gradient per forward argument (`null` for none).
   */
  static backward(_ctx: FunctionCtx, ..._grads: never[]): unknown {
    throw new Error(
      "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /**
   * Runs `forward` and, when grad mode is on and an argument requires grad, records one node
   * whose backward calls `backward`. PyTorch: `Function.apply`.
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
    const needs = args.map((a) => a instanceof Variable && a.requiresGrad);
    const ctx = new FunctionCtx(needs);
    const result = noGrad(() => this.forward(ctx, ...args));
    if (!isGradEnabled() || !needs.some((n) => n)) return result;
    const outputs = (Array.isArray(result) ? result : [result]).filter(
      (o): o is Variable => o instanceof Variable,
    );
    if (outputs.length === 0) return result;
    const node = new FunctionNode(cls, ctx, args, outputs);
    outputs.forEach((o, i) => o._setGradFn(node, i));
    ctx._saved = ctx._toSave.map((v) => node.save(v));
    return result;
  }
}
