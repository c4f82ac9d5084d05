/**
 * In-place ops on views, recorded on the base as PyTorch does (Note [view + in-place] in
 * autograd/variable.ts): `rebaseHistory` gives the base a `CopySlices` node that wraps the
 * in-place op's node, and `asStridedNode` makes a view's node again from its base
 * (`AsStridedBackward0`). PyTorch: `CopySlices` (torch/csrc/autograd/functions/tensor.cpp),
 * `rebase_history` and `VariableHooks::grad_fn` (torch/csrc/autograd/variable.cpp).
 *
 * @module
 */

import { Node, type Variable } from "@descent/autograd";
import { allocate, Tensor } from "../tensor.ts";
import { shapeNumel } from "../shape.ts";
import { type IndexPlan, indexWithPlan, planFlat, putWithPlan } from "./advanced_index.ts";
import { OpNode } from "./record.ts";

/**
 * The flat (row-major) positions in `base` of a view's elements, in the view's row-major order:
 * where the view's storage offsets fall among the base's.
 */
function viewPositions(view: Tensor, base: Tensor): Float64Array {
  const n = view._numel;
  const out = new Float64Array(n);
  if (n === 0) return out;
  // storage offset → base flat position (the identity shifted by the base's offset when dense)
  let lookup: ((p: number) => number) | null = null;
  if (base.isContiguous()) {
    const o = base._offset;
    lookup = (p) => p - o;
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    const pos = storageOffsets(base);
    for (let i = 0; i < pos.length; i++) {
      lo = Math.min(lo, pos[i]);
      hi = Math.max(hi, pos[i]);
    }
    const table = new Int32Array(hi - lo + 1).fill(-1);
    for (let i = 0; i < pos.length; i++) table[pos[i] - lo] = i;
    lookup = (p) => table[p - lo];
  }
  const pos = storageOffsets(view);
  for (let i = 0; i < n; i++) out[i] = lookup(pos[i]);
  return out;
}

/** The storage offset of each element of `t`, in row-major order. */
function storageOffsets(t: Tensor): Float64Array {
  const out = new Float64Array(t._numel);
  const shape = t.shape;
  const strides = t._strides;
  const at = new Int32Array(shape.length);
  let p = t._offset;
  for (let i = 0; i < out.length; i++) {
    out[i] = p;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++at[d] < shape[d]) {
        p += strides[d];
        break;
      }
      p -= strides[d] * (shape[d] - 1);
      at[d] = 0;
    }
  }
  return out;
}

/** The plan that reads a view's elements out of a tensor of its base's shape. */
function viewPlan(view: Tensor, base: Tensor): IndexPlan {
  const shape = base.ndim === 0 ? [1] : base.shape;
  return planFlat(shape, viewPositions(view, base), view.shape);
}

/** `t` with at least one dim (a 0-d base is read as a 1-element vector). */
function atLeast1d(t: Tensor): Tensor {
  return t.ndim === 0 ? t.reshape(1) : t;
}

/**
 * The node of an in-place op on a view, given to the view's base: its backward takes the base's
 * gradient, runs the op's backward (`fn`) on the view's part of it, puts the result for the
 * view's old values back in that part, and passes `fn`'s other gradients on. Edges: the base's
 * gradient edge before the op, then `fn`'s edges for its other inputs. PyTorch: `CopySlices`.
 */
export class CopySlices extends Node {
  readonly #fn: Node;
  readonly #plan: IndexPlan;
  readonly #baseShape: readonly number[];

  /**
   * @param base The view's base.
   * @param view The view changed in place.
   * @param fn The in-place op's node (its input 0 is the view's old value).
   */
  constructor(base: Tensor, view: Tensor, fn: Node) {
    super([base]);
    this.#fn = fn;
    this.#plan = viewPlan(view, base);
    this.#baseShape = base.shape;
    for (let i = 1; i < fn._nextNodes.length; i++) {
      this._nextNodes.push(fn._nextNodes[i]);
      this._nextNrs.push(fn._nextNrs[i]);
    }
    this._freshOutputs = fn._freshOutputs;
  }

  /**
   * The node's name.
   *
   * @returns `"CopySlices"`.
   */
  name(): string {
    return "CopySlices";
  }

  /**
   * Runs the wrapped op's backward on the view's part of the base's gradient.
   *
   * @param grads The gradient of the base.
   * @returns The base's old value's gradient, then the op's other inputs' gradients.
   */
  apply(grads: (Variable | null)[]): (Variable | null)[] {
    const g = atLeast1d(grads[0] as Tensor);
    const res = this.#fn.apply([indexWithPlan(g, this.#plan)]);
    const out: (Variable | null)[] = [null, ...res.slice(1)];
    if (this._nextNodes[0] !== null) {
      const r0 = (res[0] as Tensor | null) ?? new Tensor(allocate(g.dtype, 1), [], g.dtype);
      out[0] = putWithPlan(g, this.#plan, r0, false).reshape(this.#baseShape);
    }
    return out;
  }

  /** @ignore Frees the saved values of this node and of the op it wraps. */
  override _release(): void {
    super._release();
    this.#fn._release();
  }
}

/**
 * Records an in-place op's node on `self`: as `self`'s node, or, when `self` is a view, inside a
 * `CopySlices` given to its base (the view's own node is made again from the base when next
 * read). Call it after the values were written and the version bumped. PyTorch:
 * `rebase_history`.
 *
 * @param self The tensor changed in place.
 * @param fn The op's node (input 0: `self`'s old value).
 */
export function rebaseHistory(self: Tensor, fn: Node): void {
  const base = self._base as Tensor | null;
  if (base === null) self._setGradFn(fn, 0);
  else base._setGradFn(new CopySlices(base, self, fn), 0);
}

/**
 * The node of a view made again from its base: its backward adds the view's gradient into zeros
 * of the base's shape at the view's elements (summing where the view repeats one, as an expanded
 * view does); its edge is the base's gradient edge. PyTorch: `AsStridedBackward0`.
 *
 * @param view The view.
 * @returns The node (not yet any tensor's `gradFn`).
 */
export function asStridedNode(view: Tensor): Node {
  const base = view._base as Tensor;
  const plan = viewPlan(view, base);
  const shape = base.shape;
  const node = new OpNode("AsStridedBackward0", [base]);
  node.setBackward((g) => {
    const zeros = new Tensor(allocate(g.dtype, shapeNumel(plan.shape)), plan.shape, g.dtype);
    return [putWithPlan(zeros, plan, g, true).reshape(shape)];
  });
  node._setOutputMeta(0, view);
  return node;
}
