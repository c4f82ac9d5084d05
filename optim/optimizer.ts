/**
 * The `Optimizer` base class: parameter groups with their own hyper-parameters, per-parameter
 * state, `zeroGrad`, `step`, and a JSON-serialisable `stateDict`.
 *
 * @module
 */

import { enableGrad, noGrad } from "@descent/autograd";
import { type DType, Tensor } from "@descent/tensor";
import { allocate, fromValues, valuesOf } from "@descent/tensor/extend";

export type { Storage } from "@descent/tensor/extend";

/** A parameter group: its parameters and its own hyper-parameters (`lr`, …). */
export type ParamGroup<H extends object> = H & {
  /** The parameters of the group. */
  params: Tensor[];
};

/** A parameter group as given to an optimizer: hyper-parameters not given take the defaults. */
export type ParamGroupInput<H extends object> = Partial<H> & {
  /** The parameters of the group (a single tensor is accepted too). */
  params: Iterable<Tensor> | Tensor;
  /** Any other per-group value, kept as is (e.g. `initialLr`, set by schedulers). */
  [key: string]: unknown;
};

/** What an optimizer optimizes: a list of tensors, or a list of parameter groups. */
export type Params<H extends object> = Iterable<Tensor> | Iterable<ParamGroupInput<H>>;

/** A tensor in a state dict: plain JSON data (non-finite numbers and -0 as strings). */
export interface SerializedTensor {
  /** Element type. */
  dtype: DType;
  /** Shape. */
  shape: number[];
  /** Row-major values; `"NaN"`, `"Infinity"`, `"-Infinity"` and `"-0"` are strings. */
  data: (number | string)[];
}

/** A serialised per-parameter state value. */
export type SerializedValue = number | string | boolean | null | SerializedTensor;

/**
 * An optimizer's state as plain, JSON-serialisable data. PyTorch: the dict returned by
 * `Optimizer.state_dict()`, with parameters referred to by their index over all groups.
 */
export interface OptimizerStateDict {
  /** Per-parameter state, keyed by parameter index. */
  state: Record<string, Record<string, SerializedValue>>;
  /** The groups' hyper-parameters, with `params` as parameter indices. */
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/** Options of {@linkcode Optimizer.zeroGrad}. */
export interface ZeroGradOptions {
  /** Set grads to `null` (default, PyTorch 2.x) instead of filling them with zeros. */
  setToNone?: boolean;
}

const PARAMS_TYPE =
  "params argument given to the optimizer should be an iterable of Tensors or dicts, but got ";

function describe(x: unknown): string {
  if (x instanceof Tensor) return x.type();
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  return typeof x;
}

/** A copy of a hyper-parameter value with no shared arrays or objects. */
function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (v !== null && typeof v === "object" && !(v instanceof Tensor)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = copyValue(x);
    return out;
  }
  return v;
}

function encodeNumber(x: number): number | string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? "-0" : x;
  return String(x);
}

function decodeNumber(x: unknown, where: string): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  if (x === "-0") return -0;
  throw new TypeError(`loaded state dict has a value that is not a number at ${where}: ${x}`);
}

function isSerializedTensor(v: unknown): v is SerializedTensor {
  return v !== null && typeof v === "object" && Array.isArray((v as SerializedTensor).shape) &&
    Array.isArray((v as SerializedTensor).data);
}

/**
 * Base class of every optimizer. PyTorch: `torch.optim.Optimizer`. It holds `paramGroups`
 * (each group carries its own hyper-parameters, defaults filled in) and per-parameter `state`;
 * subclasses implement {@linkcode Optimizer._updateGroup}, which `step()` runs under `noGrad`
 * on every group.
 *
 * @typeParam H The hyper-parameters of a group.
 * @typeParam S The state kept per parameter.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Optimizer, type ParamGroup } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * // Plain gradient descent, written as an optimizer.
 * class Descent extends Optimizer<{ lr: number }> {
 *   constructor(params: Iterable<ReturnType<typeof tensor>>, lr = 0.1) {
 *     super(params, { lr });
 *   }
 *   protected _updateGroup(group: ParamGroup<{ lr: number }>): void {
 *     for (const p of group.params) if (p.grad !== null) p.sub_(p.grad.mul(group.lr));
 *   }
 * }
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new Descent([w]);
 * w.mul(w).sum().backward();
 * opt.step();
 * assert.equal(String(w), "tensor([0.8000, 1.6000], requires_grad=True)");
 * ```
 */
export abstract class Optimizer<
  H extends object = object,
  S extends object = object,
> {
  /** The default hyper-parameters, filled into every group. PyTorch: `Optimizer.defaults`. */
  readonly defaults: Readonly<H>;
  /** The parameter groups. PyTorch: `Optimizer.param_groups`. */
  paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state (momentum buffers, moments …). PyTorch: `Optimizer.state`. */
  state: Map<Tensor, S> = new Map();
  /** @internal How many times `step()` ran (schedulers check the call order with it). */
  _stepCount = 0;

  /**
   * Builds the parameter groups from `params`, filling in `defaults`, and checks them.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param defaults The default hyper-parameters.
   */
  constructor(params: Params<H>, defaults: H) {
    this._checkHyperParams(defaults);
    this.defaults = { ...defaults };
    if (
      params === null || typeof params !== "object" || params instanceof Tensor ||
      typeof (params as Iterable<unknown>)[Symbol.iterator] !== "function"
    ) {
      throw new TypeError(PARAMS_TYPE + describe(params));
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new TypeError("optimizer got an empty parameter list");
    const groups = list.every((x) => x instanceof Tensor)
      ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<H>]
      : list;
    for (const g of groups) {
      if (g === null || typeof g !== "object" || g instanceof Tensor) {
        throw new TypeError(PARAMS_TYPE + `a list holding ${describe(g)}`);
      }
      this.addParamGroup(g as ParamGroupInput<H>);
    }
  }

  /**
   * Checks hyper-parameters (the defaults and each added group), throwing PyTorch's errors.
   * Subclasses override it; the base accepts anything.
   *
   * @param _group The hyper-parameters to check.
   */
  protected _checkHyperParams(_group: Partial<H>): void {}

  /**
   * Updates the parameters of one group from their gradients, in place. Called by
   * {@linkcode Optimizer.step} under `noGrad`.
   *
   * @param group The group.
   */
  protected abstract _updateGroup(group: ParamGroup<H>): void;

  /**
   * Adds a parameter group; hyper-parameters it does not set take the defaults.
   * PyTorch: `Optimizer.add_param_group(param_group)`.
   *
   * @param group `{ params, ...hyper-parameters }`.
   */
  addParamGroup(group: ParamGroupInput<H>): void {
    if (group === null || typeof group !== "object" || group instanceof Tensor) {
      throw new TypeError(`param_group must be a dict, but got ${describe(group)}`);
    }
    const raw = group.params;
    let params: Tensor[];
    if (raw instanceof Tensor) params = [raw];
    else if (
      raw !== null && typeof raw === "object" &&
      typeof (raw as Iterable<Tensor>)[Symbol.iterator] === "function"
    ) {
      params = [...raw];
    } else {
      throw new TypeError(PARAMS_TYPE + describe(raw));
    }
    const seen = new Set<Tensor>();
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (!(p instanceof Tensor)) {
        throw new TypeError(
          `optimizer can only optimize Tensors, but one of the params is ${describe(p)}`,
        );
      }
      if (!(p.isLeaf || p.retainsGrad)) throw new TypeError("can't optimize a non-leaf Tensor");
      // PyTorch only warns ("in future, this will cause an error"); descent refuses now.
      if (seen.has(p)) {
        throw new TypeError(
          `optimizer contains a parameter group with duplicate parameters (parameter ${i} is also parameter ${
            params.indexOf(p)
          }); see github.com/pytorch/pytorch/issues/40967 for more information`,
        );
      }
      seen.add(p);
    }
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (seen.has(p)) {
          throw new TypeError("some parameters appear in more than one parameter group");
        }
      }
    }
    const filled: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.defaults)) filled[k] = copyValue(v);
    for (const [k, v] of Object.entries(group)) if (k !== "params") filled[k] = v;
    this._checkHyperParams(filled as Partial<H>);
    filled.params = params;
    this.paramGroups.push(filled as ParamGroup<H>);
  }

  /**
   * Resets the gradients of every parameter. PyTorch 2.x: `Optimizer.zero_grad(set_to_none=True)`
   * (1.13 defaulted to filling with zeros).
   *
   * @param options `setToNone` (default `true`): set `grad` to `null`; with `false`, the grads
   *   are detached and filled with zeros in place.
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          p.grad = null;
          continue;
        }
        if (g.gradFn !== null) g.detach_();
        else g.requiresGrad_(false);
        noGrad(() => g.zero_());
      }
    }
  }

  /**
   * Performs one optimization step: updates every parameter that has a gradient, in place
   * (under `noGrad`; the version counter moves, the storage is kept). Parameters whose `grad`
   * is `null` are skipped. PyTorch: `Optimizer.step(closure=None)`.
   *
   * @param closure Optional: re-evaluates the model and returns the loss; it runs with grad
   *   mode on, before the update.
   * @returns What `closure` returned, or `undefined`.
   */
  step<L = undefined>(closure?: () => L): L | undefined {
    let loss: L | undefined;
    if (closure !== undefined) {
      if (typeof closure !== "function") {
        throw new TypeError(`step(): closure must be a function, got ${describe(closure)}`);
      }
      loss = enableGrad(closure);
    }
    noGrad(() => {
      for (const group of this.paramGroups) this._updateGroup(group);
    });
    this._stepCount++;
    return loss;
  }

  /**
   * The optimizer's state as plain data (`JSON.stringify` keeps it exactly): per-parameter
   * state by parameter index, and the groups' hyper-parameters. PyTorch:
   * `Optimizer.state_dict()`.
   *
   * @returns `{ state, paramGroups }`.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((g) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== "params") out[k] = copyValue(v);
      out.params = g.params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      });
      return out as Record<string, unknown> & { params: number[] };
    });
    const state: Record<string, Record<string, SerializedValue>> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const entry: Record<string, SerializedValue> = {};
      for (const [k, v] of Object.entries(s)) {
        if (v instanceof Tensor) {
          entry[k] = {
            dtype: v.dtype,
            shape: [...v.shape],
            data: Array.from(valuesOf(v), encodeNumber),
          };
        } else if (typeof v === "number") entry[k] = encodeNumber(v);
        else if (v === undefined) continue;
        else entry[k] = v as SerializedValue;
      }
      state[String(i)] = entry;
    }
    return { state, paramGroups };
  }

  /**
   * Restores hyper-parameters and state saved by {@linkcode Optimizer.stateDict} (possibly
   * through JSON) into this optimizer, whose groups must have the same sizes. Nothing changes
   * if the dict does not fit. PyTorch: `Optimizer.load_state_dict(state_dict)`.
   *
   * @param stateDict The saved state.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    if (
      stateDict === null || typeof stateDict !== "object" || !Array.isArray(stateDict.paramGroups)
    ) {
      throw new TypeError("loadStateDict(): expected an object with paramGroups and state");
    }
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new RangeError(
        `loaded state dict has a different number of parameter groups (${saved.length} vs ${this.paramGroups.length})`,
      );
    }
    const byIndex = new Map<number, Tensor>();
    for (let gi = 0; gi < saved.length; gi++) {
      const ids = saved[gi].params;
      const params = this.paramGroups[gi].params;
      if (!Array.isArray(ids) || ids.length !== params.length) {
        throw new RangeError(
          `loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group ${gi}: ${
            Array.isArray(ids) ? ids.length : "no"
          } vs ${params.length} params)`,
        );
      }
      for (let j = 0; j < ids.length; j++) byIndex.set(ids[j], params[j]);
    }
    const newState = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(stateDict.state ?? {})) {
      const p = byIndex.get(Number(key));
      if (p === undefined) continue;
      const s: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(entry)) {
        if (isSerializedTensor(v)) {
          const shape = v.shape;
          if (shape.length !== p.ndim || shape.some((d, i) => d !== p.shape[i])) {
            throw new RangeError(
              `loaded state dict has state '${k}' of shape [${
                shape.join(", ")
              }] for parameter ${key} of shape [${p.shape.join(", ")}]`,
            );
          }
          // As PyTorch, floating-point state is cast to the parameter's dtype.
          const data = allocate(p.dtype, p.numel());
          if (v.data.length !== data.length) {
            throw new RangeError(
              `loaded state dict has state '${k}' with ${v.data.length} values for parameter ${key} with ${data.length} elements`,
            );
          }
          for (let i = 0; i < data.length; i++) data[i] = decodeNumber(v.data[i], `${key}.${k}`);
          s[k] = fromValues(data, p.shape);
        } else if (typeof v === "number" || typeof v === "string") {
          s[k] = decodeNumber(v, `${key}.${k}`);
        } else s[k] = v;
      }
      newState.set(p, s as S);
    }
    const groups = saved.map((g, gi) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.defaults)) out[k] = copyValue(v);
      for (const [k, v] of Object.entries(g)) if (k !== "params") out[k] = copyValue(v);
      out.params = this.paramGroups[gi].params;
      return out as ParamGroup<H>;
    });
    this.paramGroups = groups;
    this.state = newState;
  }

  /**
   * The state of one parameter, made with `init` the first time.
   *
   * @param p The parameter.
   * @param init Makes the initial state.
   * @returns The parameter's state.
   */
  protected _stateOf(p: Tensor, init: () => S): S {
    let s = this.state.get(p);
    if (s === undefined) {
      s = init();
      this.state.set(p, s);
    }
    return s;
  }
}
