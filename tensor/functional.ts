/**
 * Higher-level autograd: whole Jacobians and Hessians. PyTorch: `torch.autograd.functional`.
 *
 * @module
 */

import {
  assertNotThenable,
  assertSyncFunction,
  enableGrad,
  formatShape,
  grad,
} from "@descent/autograd";
import { allocate, Tensor } from "./tensor.ts";
import { stack } from "./ops/index.ts";
import { zeros } from "./create.ts";

/** Options of {@linkcode jacobian} and {@linkcode hessian}. */
export interface FunctionalOptions {
  /** Make the result differentiable (default `false`: the result is detached). */
  createGraph?: boolean;
}

function prepare(inputs: Tensor[], createGraph: boolean): Tensor[] {
  return inputs.map((t) => {
    if (!(t instanceof Tensor)) throw new TypeError("jacobian(): inputs must be Tensors");
    // PyTorch's _grad_preprocess: without createGraph work on detached leaves that require grad.
    return createGraph && t.requiresGrad ? t.view(t.shape) : t.detach().requiresGrad_(true);
  });
}

/**
 * The Jacobian of `fn` at `inputs`: for one input of shape I and an output of shape O, a tensor
 * of shape O ++ I with `J[o][i] = ∂out[o] / ∂in[i]`. PyTorch:
 * `torch.autograd.functional.jacobian(func, inputs, create_graph=False)`.
 *
 * @param fn The function (one tensor out).
 * @param inputs One tensor, or a list (then one Jacobian per input is returned).
 * @param options `createGraph`.
 * @returns The Jacobian, or one per input.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jacobian, tensor } from "@descent/tensor";
 * const J = jacobian((x) => x.pow(2), tensor([1, 2], { dtype: "float32" }));
 * assert.deepEqual(J.toList(), [[2, 0], [0, 4]]);
 * ```
 */
export function jacobian(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor,
  options?: FunctionalOptions,
): Tensor;
/**
 * The Jacobians of `fn` with respect to each of several inputs.
 *
 * @param fn The function (one tensor out).
 * @param inputs The inputs.
 * @param options `createGraph`.
 * @returns One Jacobian per input.
 */
export function jacobian(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options?: FunctionalOptions,
): Tensor[];
export function jacobian(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  options: FunctionalOptions = {},
): Tensor | Tensor[] {
  assertSyncFunction(fn, "jacobian()");
  const single = inputs instanceof Tensor;
  const createGraph = options.createGraph ?? false;
  const ins = prepare(single ? [inputs] : [...inputs], createGraph);
  const out: unknown = enableGrad(() => {
    const r: unknown = fn(...ins);
    assertNotThenable(r, "jacobian()");
    return r;
  });
  if (!(out instanceof Tensor)) throw new TypeError("jacobian(): fn must return a Tensor");
  const rows: Tensor[][] = ins.map(() => []);
  for (let r = 0; r < out.numel(); r++) {
    const seed = new Tensor(allocate(out.dtype, out.numel()), out.shape, out.dtype);
    seed._data[r] = 1;
    const gs = out.requiresGrad
      ? enableGrad(() =>
        grad(out, ins, { gradOutputs: seed, retainGraph: true, createGraph, allowUnused: true })
      )
      : ins.map(() => null);
    gs.forEach((g, k) => rows[k].push(g ?? zeros(ins[k].shape, { dtype: ins[k].dtype })));
  }
  const result = ins.map((t, k) => {
    const shape = [...out.shape, ...t.shape];
    if (rows[k].length === 0) return zeros(shape, { dtype: t.dtype });
    const j = stack(rows[k]).reshape(shape);
    return createGraph ? j : j.detach();
  });
  return single ? result[0] : result;
}

/**
 * The Hessian of a scalar function at `input`: shape I ++ I, `H[i][j] = ∂²f / ∂in[i]∂in[j]`.
 * PyTorch: `torch.autograd.functional.hessian(func, inputs, create_graph=False)`.
 *
 * @param fn A function returning a one-element tensor.
 * @param input The point.
 * @param options `createGraph`.
 * @returns The Hessian.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hessian, tensor } from "@descent/tensor";
 * const H = hessian((x) => x.pow(3).sum(), tensor([1, 2], { dtype: "float32" }));
 * assert.deepEqual(H.toList(), [[6, 0], [0, 12]]);
 * ```
 */
export function hessian(
  fn: (input: Tensor) => Tensor,
  input: Tensor,
  options: FunctionalOptions = {},
): Tensor {
  assertSyncFunction(fn, "hessian()");
  const gradient = (x: Tensor): Tensor => {
    const y: unknown = fn(x);
    assertNotThenable(y, "hessian()");
    if (!(y instanceof Tensor)) throw new TypeError("hessian(): fn must return a Tensor");
    if (y.numel() !== 1) {
      throw new RangeError(
        `The function given to hessian should return a single element Tensor, got shape ${
          formatShape(y.shape)
        }`,
      );
    }
    const [g] = grad(y, x, { createGraph: true, allowUnused: true });
    return g ?? zeros(x.shape, { dtype: x.dtype });
  };
  return jacobian(gradient, input, options);
}
