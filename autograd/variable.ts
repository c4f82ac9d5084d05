/**
 * `Variable`: the autograd state of a value — `requiresGrad`, `grad`, `gradFn`, `isLeaf`,
 * `retainGrad()` — and the rules between them. Values (tensors) extend it.
 *
 * @module
 */

import {
  AccumulateGrad,
  accumulateInto,
  type GradHook,
  type Node,
  RemovableHandle,
} from "./node.ts";
import { assertSyncFunction } from "./sync_callback.ts";
import { formatShape, sameShape } from "./shape.ts";
import { warnOnce } from "./warn.ts";
import { isGradEnabled } from "./grad_mode.ts";

/** A version counter shared by a value and all its views. PyTorch: `VariableVersion`. */
export interface VersionCounter {
  /** Bumped by every in-place change. */
  version: number;
}

// Messages keep PyTorch's words with descent's spelling of the API (`retainGrad()` for
// `retain_grad()`, `requiresGrad` for `requires_grad`); conformance/errors_test.ts checks them
// against PyTorch's text through one documented mapping.
const NON_LEAF_GRAD_WARNING =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retainGrad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.";

const NON_LEAF_FLAG_FALSE =
  "you can only change requiresGrad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use varNoGrad = var.detach().";

/** No values: what `_recycle` keeps when nothing else is around. */
const NOTHING: readonly never[] = [];

const DETACH_VIEW =
  "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.";

/**
 * How a view was made, which decides whether it may be changed in place while grad mode is on.
 * PyTorch: `CreationMeta` (torch/csrc/autograd/variable.h). A view made by an op in grad mode is
 * `DEFAULT` (an in-place change puts its base into the graph as `CopySlices`); one made with grad
 * mode off is `NO_GRAD_MODE`, one of several views returned by one op (`split`, `unbind`) is
 * `MULTI_OUTPUT_NODE`, and one returned by a custom `Function` is `IN_CUSTOM_FUNCTION`: changing
 * those in place in a recorded op throws (see {@linkcode viewRebaseError}). A view of a view keeps
 * its base's restriction. Used by `@descent/tensor`'s view ops, not by user code.
 *
 * @ignore
 */
export const CreationMeta = {
  DEFAULT: 0,
  NO_GRAD_MODE: 1,
  MULTI_OUTPUT_NODE: 2,
  IN_CUSTOM_FUNCTION: 3,
} as const;
/** @ignore One of the CreationMeta values. */
export type CreationMeta = typeof CreationMeta[keyof typeof CreationMeta];

/**
 * Base class of every differentiable value; `Tensor` extends it. Holds the leaf/non-leaf
 * state PyTorch keeps in `AutogradMeta`. The few value operations the engine needs (a ones
 * seed, adding two gradients, copying one) are abstract and supplied by the subclass.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
 * const y = x.mul(3);
 * assert(x.isLeaf && !y.isLeaf && y.requiresGrad);
 * ```
 */
export abstract class Variable {
  /** @ignore The requires_grad flag of a leaf. */
  _requiresGrad = false;
  /**
   * @ignore The node that made this value, as last set: read `_gradFn`, which regenerates a
   * view's node after its base was changed in place (Note [view + in-place]).
   */
  _fn: Node | null = null;
  /** @ignore Which output of `_gradFn` this value is. */
  _outputNr = 0;
  /** @ignore The accumulated gradient. */
  _grad: this | null = null;
  /**
   * @ignore Whether `_grad` was made by backward and has not been handed out since (by the
   * `grad` getter): then replacing it leaves its storage unreachable, and it is recycled
   * (Note [recycled storage] in tensor/storage.ts).
   */
  _gradPrivate = false;
  /** @ignore Whether a non-leaf keeps its gradient. */
  _retainsGrad = false;
  /** @ignore The leaf's AccumulateGrad node, made on first use and then reused. */
  _accumulator: AccumulateGrad | null = null;
  /** @ignore Version counter, shared with views. */
  _vc: VersionCounter;
  /** @ignore The value this one is a view of (never itself a view), or null. */
  _base: Variable | null = null;
  /** @ignore A view's version when its `gradFn` was last set (PyTorch: `attr_version`). */
  _viewVersion = 0;
  /** @ignore How a view was made (see {@linkcode CreationMeta}). */
  _creationMeta: CreationMeta = CreationMeta.DEFAULT;

  /**
   * Starts a leaf that does not require grad.
   *
   * @param vc The version counter (shared when this value is a view).
   */
  constructor(vc: VersionCounter = { version: 0 }) {
    this._vc = vc;
  }

  /** The shape of the value (`[]` for a scalar). */
  abstract readonly shape: readonly number[];
  /** Number of elements. */
  abstract numel(): number;
  /** @ignore PyTorch's legacy type name, e.g. `"torch.FloatTensor"`. */
  abstract _typeName(): string;
  /** @ignore A value of ones with this shape and dtype (the implicit seed of backward). */
  abstract _onesLike(): this;
  /** @ignore A value of zeros with this shape and dtype. */
  abstract _zerosLike(): this;
  /** @ignore `this + other`, recorded when grad mode is on. */
  abstract _plus(other: Variable): this;
  /** @ignore `this += other` in place, unrecorded. */
  abstract _accumulate_(other: Variable): void;
  /** @ignore A copy that shares nothing and does not require grad. */
  abstract _detachedClone(): this;
  /** @ignore This value converted to the type named `typeName` (recorded in grad mode). */
  abstract _castTo(typeName: string): this;
  /**
   * @ignore A copy of this value, recorded in grad mode: the first `.grad` of a leaf under
   * `createGraph` (PyTorch: `new_empty_strided(...).copy_(grad)`, node `CopyBackwards`).
   */
  abstract _gradCopy(): this;
  /**
   * @ignore This value summed down to `shape`, which it broadcasts from (recorded in grad mode):
   * how the engine reduces a gradient of a broadcast shape (PyTorch: `at::sum_to`).
   */
  abstract _sumTo(shape: readonly number[]): this;
  /**
   * @ignore A new value sharing this one's storage and version counter (a view of all of it):
   * what a custom `Function` returns for an input it returns as is (PyTorch: `view_as(self)`).
   */
  abstract _alias(): this;
  /**
   * @ignore The node of this view, made from its base after the base (or another view of it)
   * was changed in place: its backward maps this view's gradient onto the base, and its one edge
   * is the base's gradient edge. PyTorch: the `AsStridedBackward0` that `VariableHooks::grad_fn`
   * makes (Note [view + in-place]).
   */
  abstract _viewGradFn(): Node;

  /**
   * @ignore Gives this value's storage back for reuse unless one of `keep` shares it: called
   * when nothing else can reach the value or its storage (Note [recycled storage] in
   * tensor/storage.ts). Values without storage of their own keep this default, which does
   * nothing.
   *
   * @param _keep Values that live on.
   */
  _recycle(_keep: readonly (Variable | null)[]): void {}

  /**
   * @ignore Whether the value's elements fill its storage contiguously, each once (so it can
   * take a sum in place). This default says no.
   */
  _isDense(): boolean {
    return false;
  }

  /**
   * @ignore This value as a leaf's new `.grad` when nothing else can reach it (Note [stealing
   * gradients] in engine.ts): itself, or for a view a value of its own over the same storage
   * when the view is contiguous and covers it, else a copy. This default is itself.
   */
  _stolen(): this {
    return this;
  }

  /**
   * @ignore Whether this value and `other` share storage (the default: whether they are the
   * same object).
   *
   * @param other Another value.
   */
  _sameStorage(other: Variable): boolean {
    return this === other;
  }

  /**
   * @ignore Throws when this value may not require grad (a tensor of integers, say), in the
   * words of how it was asked: the `requiresGrad` setter, or `requiresGrad_()`. Values that can
   * always require grad keep this default, which does nothing.
   *
   * @param _via How `requiresGrad` was set to `true`.
   */
  _checkCanRequireGrad(_via: "setter" | "method"): void {}

  /**
   * @ignore The node that made this value, or null for a leaf. For a view whose base (or
   * another view of it) was changed in place since its node was set, the node is made again from
   * the base first: Note [view + in-place]. PyTorch: `VariableHooks::grad_fn`.
   */
  get _gradFn(): Node | null {
    const base = this._base;
    if (base === null || this._viewVersion === this._vc.version) return this._fn;
    return this._refreshViewGradFn(base);
  }

  /** @ignore */
  set _gradFn(node: Node | null) {
    this._fn = node;
  }

  /** @ignore The regeneration behind `_gradFn` (kept out of the getter so it stays small). */
  private _refreshViewGradFn(base: Variable): Node | null {
    if (this._fn === null && !base.requiresGrad) return null;
    const message = viewRebaseError(this, true);
    if (message !== null) throw new Error(message);
    // as for any new node: a retained grad moves to it (hooks stay with the old one, as PyTorch's)
    this._setGradFn(this._viewGradFn(), 0);
    return this._fn;
  }

  /**
   * @ignore Makes this new value a view of `base` (its root base, when `base` is a view
   * itself): it shares the version counter, and records how it was made. PyTorch: `as_view`.
   *
   * @param base The value viewed.
   * @param meta How it was made (`DEFAULT` in grad mode becomes `NO_GRAD_MODE` outside it; a
   *   view of a view keeps a restriction of its base: PyTorch's `propagate_creation_meta`).
   */
  _initView(base: Variable, meta: CreationMeta = CreationMeta.DEFAULT): void {
    this._vc = base._vc;
    this._base = base._base ?? base;
    this._viewVersion = base._vc.version;
    let m: CreationMeta = meta === CreationMeta.DEFAULT && !isGradEnabled()
      ? CreationMeta.NO_GRAD_MODE
      : meta;
    if (m === CreationMeta.DEFAULT && base._base !== null) m = base._creationMeta;
    this._creationMeta = m;
  }

  /** The value's version counter. PyTorch: `Tensor._version`. */
  get version(): number {
    return this._vc.version;
  }

  /** The node that created this value, or `null` for leaves. PyTorch: `Tensor.grad_fn`. */
  get gradFn(): Node | null {
    return this._gradFn;
  }

  /** `true` when the value has no `gradFn`. PyTorch: `Tensor.is_leaf`. */
  get isLeaf(): boolean {
    return this._gradFn === null;
  }

  /** Whether gradients flow to this value. PyTorch: `Tensor.requires_grad`. */
  get requiresGrad(): boolean {
    // A view requires grad when its base does, even before its node is made again
    return this._requiresGrad || this._fn !== null ||
      (this._base !== null && this._base.requiresGrad);
  }

  set requiresGrad(flag: boolean) {
    if (typeof flag !== "boolean") {
      throw new TypeError(`requiresGrad must be a boolean, got ${typeof flag}`);
    }
    if (this._gradFn !== null) {
      throw new Error(
        flag ? "you can only change requiresGrad flags of leaf variables." : NON_LEAF_FLAG_FALSE,
      );
    }
    if (flag) this._checkCanRequireGrad("setter");
    this._requiresGrad = flag;
  }

  /**
   * Sets `requiresGrad` in place. PyTorch: `Tensor.requires_grad_(requires_grad=True)`.
   *
   * @param flag The new flag (default `true`).
   * @returns This value.
   */
  requiresGrad_(flag = true): this {
    if (typeof flag !== "boolean") {
      throw new TypeError(`requiresGrad_() expects a boolean, got ${typeof flag}`);
    }
    if (this._gradFn !== null) {
      if (!flag) throw new Error(NON_LEAF_FLAG_FALSE);
      return this; // already requires grad
    }
    if (flag) this._checkCanRequireGrad("method");
    this._requiresGrad = flag;
    return this;
  }

  /** Whether this non-leaf keeps its `.grad`. PyTorch: `Tensor.retains_grad`. */
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }

  /**
   * The gradient accumulated by backward, or `null`. Reading it on a non-leaf that does not
   * retain its grad returns `null` and warns once, as PyTorch does. PyTorch: `Tensor.grad`.
   */
  get grad(): this | null {
    if (this._gradFn !== null && !this._retainsGrad) {
      warnOnce(NON_LEAF_GRAD_WARNING);
      return null;
    }
    this._gradPrivate = false;
    return this._grad;
  }

  set grad(g: this | null) {
    if (g === null || g === undefined) {
      this._dropGrad();
      return;
    }
    if (!(g instanceof Variable)) {
      throw new TypeError(
        `assigned grad expected to be a Tensor or null but got grad of type${typeof g}`,
      );
    }
    if (g._typeName() !== this._typeName()) {
      throw new TypeError(
        `assigned grad has data of a different type (${g._typeName()} vs ${this._typeName()})`,
      );
    }
    if (!sameShape(g.shape, this.shape)) {
      throw new RangeError(
        `assigned grad has data of a different size (${formatShape(g.shape)} vs ${
          formatShape(this.shape)
        })`,
      );
    }
    this._dropGrad();
    this._grad = g;
  }

  /** @ignore Clears `.grad`, recycling it when backward made it and nobody has seen it. */
  _dropGrad(): void {
    const old = this._grad;
    this._grad = null;
    if (this._gradPrivate && old !== null) old._recycle(NOTHING);
    this._gradPrivate = false;
  }

  /**
   * Makes this non-leaf keep its `.grad` after backward (no-op on leaves).
   * PyTorch: `Tensor.retain_grad()`.
   */
  retainGrad(): void {
    if (!this.requiresGrad) {
      throw new Error("can't retainGrad() on Tensor that has requiresGrad: false");
    }
    if (this._gradFn === null || this._retainsGrad) return;
    this._retainsGrad = true;
    (this._gradFn._retained ??= [])[this._outputNr] = this;
  }

  /**
   * Detaches this value from the graph in place: it becomes a leaf that does not require grad.
   * PyTorch: `Tensor.detach_()`.
   *
   * @returns This value.
   */
  detach_(): this {
    if (this._base !== null) throw new Error(DETACH_VIEW);
    this._dropRetained();
    this._fn = null;
    this._outputNr = 0;
    this._requiresGrad = false;
    return this;
  }

  /**
   * Registers a hook called with this value's gradient during backward; a returned value
   * replaces the gradient. The hook must be synchronous (an async function is refused).
   * PyTorch: `Tensor.register_hook(hook)`.
   *
   * @param fn The hook.
   * @returns A handle whose `remove()` unregisters the hook.
   */
  registerHook(fn: GradHook<this>): RemovableHandle {
    assertSyncFunction(fn, "registerHook()");
    if (!this.requiresGrad) {
      throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    }
    const node = this._gradFn ?? this._gradAccumulator();
    return node._addPreHook(this._gradFn === null ? 0 : this._outputNr, fn as unknown as GradHook);
  }

  /**
   * Registers a hook called with this leaf after its `.grad` has been accumulated. The hook
   * returns nothing (returning a value throws, as PyTorch's "should return None"); it runs
   * without recording unless the backward has `createGraph`, and must be synchronous.
   * PyTorch 2.1+: `Tensor.register_post_accumulate_grad_hook(hook)`.
   *
   * @param fn The hook, called with the leaf itself.
   * @returns A handle whose `remove()` unregisters the hook.
   */
  registerPostAccumulateGradHook(fn: (leaf: this) => void): RemovableHandle {
    assertSyncFunction(fn, "registerPostAccumulateGradHook()");
    if (!this.requiresGrad) {
      throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    }
    if (this._gradFn !== null) {
      throw new Error("post accumulate grad hooks cannot be registered on non-leaf tensors");
    }
    const acc = this._gradAccumulator();
    const hook = fn as unknown as (v: Variable) => unknown;
    (acc._postHooks ??= []).push(hook);
    return new RemovableHandle(() => {
      const hooks = acc._postHooks!;
      const i = hooks.indexOf(hook);
      if (i >= 0) hooks.splice(i, 1);
    });
  }

  /** @ignore The AccumulateGrad node of this leaf (one object for every use). */
  _gradAccumulator(): AccumulateGrad {
    return (this._accumulator ??= new AccumulateGrad(this));
  }

  /**
   * @ignore Makes `node` this value's `grad_fn` (an op's output, or a non-leaf rebased by an
   * in-place op). A retained grad follows the value to its new node.
   */
  _setGradFn(node: Node, outputNr = 0): void {
    const retains = this._retainsGrad;
    if (retains) this._dropRetained();
    this._fn = node;
    this._outputNr = outputNr;
    this._viewVersion = this._vc.version;
    node._setOutputMeta(outputNr, this);
    if (retains) {
      this._retainsGrad = false;
      this.retainGrad();
    }
  }

  /** @ignore Adds a gradient into this value's `.grad` (retain_grad, backward(inputs)). */
  _accumulateGrad(g: Variable): void {
    accumulateInto(this, g);
  }

  /** @ignore Stops retaining this value's grad on its node. */
  private _dropRetained(): void {
    if (this._retainsGrad && this._fn?._retained) {
      this._fn._retained[this._outputNr] = undefined;
    }
    this._retainsGrad = false;
  }
}

// Note [view + in-place]
// ~~~~~~~~~~~~~~~~~~~~~~
// A view shares its base's storage and version counter, so an in-place op on either changes
// both. PyTorch records it on the base (torch/csrc/autograd/variable.cpp, `rebase_history`): an
// in-place op on a view `v` of `base` makes `base`'s node a `CopySlices` that wraps the op's node
// (tensor/ops/copy_slices.ts), whose backward runs the op's backward on the view's part of the
// base's gradient and passes the rest through. Every view of that base then holds a stale node:
// its version differs from the one recorded when its node was set (`_viewVersion`), so reading
// `_gradFn` makes a new node from the base (`_viewGradFn`, PyTorch's `AsStridedBackward0`), and
// the view's gradient flows into the base's new history. A view made where that would be wrong
// (`CreationMeta`) throws instead, when it is changed in place (`viewRebaseError(v, false)`, from
// the in-place op's checks) or when its node would be made again (`viewRebaseError(v, true)`).

/**
 * PyTorch's error for an in-place change that involves a view that may not be rebased (its
 * `CreationMeta` is not `DEFAULT`), or `null` when the change is allowed. PyTorch 2.x:
 * `handle_view_on_rebase`; a node's name is printed without its `Backward<n>` suffix, as 2.x
 * prints it. The texts name descent's `noGrad` where PyTorch's say `no_grad`.
 *
 * @param view The view.
 * @param indirect Whether the base or another view of it was changed (else the view itself).
 * @returns The message, or `null`.
 * @ignore Used by `@descent/tensor`'s in-place ops, not by user code.
 */
export function viewRebaseError(view: Variable, indirect: boolean): string | null {
  const meta = view._creationMeta;
  if (view._base === null || meta === CreationMeta.DEFAULT) return null;
  const what = indirect ? "its base or another view of its base has been" : "is being";
  const fn = view._fn;
  const head = fn !== null
    ? `Output ${view._outputNr} of ${
      fn.name().replace(/Backward\d*$/, "")
    } is a view and ${what} modified inplace.`
    : `A view was created in noGrad mode and ${what} modified inplace with grad mode enabled.`;
  switch (meta) {
    case CreationMeta.MULTI_OUTPUT_NODE:
      return `${head} This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.`;
    case CreationMeta.NO_GRAD_MODE:
      return `${head} Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the noGrad callback (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).`;
    default:
      return `${head} This view was created inside a custom Function (or because an input was returned as-is) and the autograd logic to handle view+inplace would override the custom backward associated with the custom Function, leading to incorrect gradients. This behavior is forbidden. You can fix this by cloning the output of the custom Function.`;
  }
}
