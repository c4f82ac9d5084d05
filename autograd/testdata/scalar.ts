/**
 * A tiny scalar `Variable` for testing the engine without tensor math. Its nodes count how
 * often the engine reads their edges (`edgeReads`), so tests can assert that a graph walk is
 * linear without timing it.
 *
 * @module
 */

import { isGradEnabled, Node, type SavedVariable, Variable } from "../mod.ts";

/** A one-number value. */
export class Scalar extends Variable {
  readonly shape: readonly number[] = [];
  constructor(public value: number, requiresGrad = false) {
    super();
    this._requiresGrad = requiresGrad;
  }
  numel(): number {
    return 1;
  }
  _typeName(): string {
    return "torch.DoubleTensor";
  }
  _onesLike(): this {
    return new Scalar(1) as this;
  }
  _zerosLike(): this {
    return new Scalar(0) as this;
  }
  _plus(other: Variable): this {
    return add(this, other as Scalar) as this;
  }
  _accumulate_(other: Variable): void {
    this.value += (other as Scalar).value;
    this._vc.version++;
  }
  _detachedClone(): this {
    return new Scalar(this.value) as this;
  }
  _castTo(_typeName: string): this {
    return this;
  }
  _gradCopy(): this {
    return copy(this) as this;
  }
  _sumTo(_shape: readonly number[]): this {
    return this;
  }
  _alias(): this {
    const s = new Scalar(this.value);
    s._initView(this);
    return s as this;
  }
  _viewGradFn(): Node {
    // a scalar's view is all of its base: the gradient passes through
    const base = this._base as Scalar;
    const node = new FnNode("AsStridedBackward0", [base]);
    node.backwardFn = (g) => [g];
    node._setOutputMeta(0, this);
    return node;
  }
  detach(): Scalar {
    const s = new Scalar(this.value);
    s._vc = this._vc;
    return s;
  }
  /** In-place add, bumping the version. */
  addInPlace(v: number): void {
    this.value += v;
    this._vc.version++;
  }
}

/** How many times the engine has read the edges (`_nextNodes`) of a scalar op's node. */
export const edgeReads = { count: 0 };

class FnNode extends Node {
  backwardFn: (g: Scalar) => (Scalar | null)[] = () => [];
  constructor(private readonly nodeName: string, inputs: Scalar[]) {
    super(inputs);
    const edges = this._nextNodes;
    Object.defineProperty(this, "_nextNodes", {
      get() {
        edgeReads.count++;
        return edges;
      },
    });
  }
  name(): string {
    return this.nodeName;
  }
  apply(grads: (Variable | null)[]): (Variable | null)[] {
    return this.backwardFn(grads[0] as Scalar);
  }
}

function op(
  name: string,
  value: number,
  inputs: Scalar[],
  backward: (g: Scalar, saved: SavedVariable<Scalar>[]) => (Scalar | null)[],
  toSave: Scalar[] = [],
): Scalar {
  const out = new Scalar(value);
  if (isGradEnabled() && inputs.some((i) => i.requiresGrad)) {
    const node = new FnNode(name, inputs);
    out._setGradFn(node);
    const saved = toSave.map((s) => node.save(s === SELF ? out : s));
    node.backwardFn = (g) => backward(g, saved);
  }
  return out;
}

/** Placeholder meaning "save the output". */
export const SELF: Scalar = new Scalar(NaN);

export function add(a: Scalar, b: Scalar): Scalar {
  return op("AddBackward0", a.value + b.value, [a, b], (g) => [g, g]);
}
export function mul(a: Scalar, b: Scalar): Scalar {
  return op(
    "MulBackward0",
    a.value * b.value,
    [a, b],
    (g, [sa, sb]) => [mul(g, sb.unpack()), mul(g, sa.unpack())],
    [a, b],
  );
}
/** A copy, recorded as PyTorch's `CopyBackwards` (what a leaf's first `.grad` is under createGraph). */
export function copy(a: Scalar): Scalar {
  return op("CopyBackwards", a.value, [a], (g) => [g]);
}
export function exp(a: Scalar): Scalar {
  return op("ExpBackward0", Math.exp(a.value), [a], (g, [y]) => [mul(g, y.unpack())], [SELF]);
}
