/**
 * The `Optimizer` base class: parameter groups with their own hyper-parameters, per-parameter
 * state, `zeroGrad`, `step`, and a JSON-serialisable `stateDict`.
 *
 * @module
 */

import { enableGrad, noGrad } from "@descent/autograd";
import { Tensor } from "@descent/tensor";
import {
  type Check,
  checkFields,
  checkSyncFunction,
  describe,
  isNumber,
  syncResult,
  within,
} from "./check.ts";
import {
  copyValue,
  decodeState,
  encodeState,
  type SerializedValue,
  type StateSpec,
} from "./state_dict.ts";

export type { Storage } from "@descent/tensor/extend";
export type {
  SerializedScalar,
  SerializedTensor,
  SerializedValue,
  StateField,
  StateSpec,
} from "./state_dict.ts";

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
 * const w = tensor([1, 2], { dtype: "float32", requiresGrad: true });
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
  /** @ignore @ignore How many times `step()` ran (schedulers check the call order with it). */
  _stepCount = 0;
  readonly #checks: Record<string, Check>;

  /**
   * Builds the parameter groups from `params`, filling in `defaults`, and checks them.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param defaults The default hyper-parameters.
   * @param checks A check per hyper-parameter (type and range, in PyTorch's words), run on the
   *   defaults, on every added group and on every loaded one.
   */
  constructor(params: Params<H>, defaults: H, checks: Record<string, Check> = {}) {
    this.#checks = checks;
    this.#checkGroup(defaults as Record<string, unknown>);
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
   * Checks a whole group's hyper-parameters together (e.g. SGD's Nesterov condition), after
   * each passed its own check. The base accepts anything.
   *
   * @param _group The hyper-parameters (defaults filled in).
   * @ignore
   */
  protected _checkHyperParams(_group: Partial<H>): void {}

  /**
   * What a parameter's state holds, so `loadStateDict` can check a saved entry before using it;
   * `null` (the base) keeps any entry whose tensors have the parameter's shape.
   *
   * @param _p The parameter.
   * @param _group Its group (hyper-parameters decide which buffers exist).
   * @returns The state's keys and what each holds, or `null`.
   * @ignore
   */
  protected _stateSpec(_p: Tensor, _group: ParamGroup<H>): StateSpec | null {
    return null;
  }

  /**
   * Checks a loaded state entry as a whole, after each key passed {@linkcode _stateSpec}'s
   * description (e.g. that lists agree in length). The base accepts anything.
   *
   * @param _state The decoded entry.
   * @param _p Its parameter.
   * @param _group The parameter's group (as loaded).
   * @ignore
   */
  protected _checkState(_state: Record<string, unknown>, _p: Tensor, _group: ParamGroup<H>): void {}

  /**
   * Updates the parameters of one group from their gradients, in place. Called by
   * {@linkcode Optimizer.step} under `noGrad`.
   *
   * @param group The group.
   * @ignore
   */
  protected abstract _updateGroup(group: ParamGroup<H>): void;

  /** Runs every hyper-parameter check on a group; `where` names it in errors. */
  #checkGroup(group: Record<string, unknown>, where = ""): void {
    checkFields(group, { ...this.#checks, ...SCHEDULER_KEYS }, where && `${where}.`);
    within(where && `${where}: `, () => this._checkHyperParams(group as Partial<H>));
  }

  /**
   * Adds a parameter group; hyper-parameters it does not set take the defaults. Nothing changes
   * if the group is refused. PyTorch: `Optimizer.add_param_group(param_group)`.
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
    this.#checkGroup(filled);
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
        if (setToNone) {
          p.grad = null; // not read first: a .grad nobody read is then recycled
          continue;
        }
        const g = p.grad;
        if (g === null) continue;
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
   * The closure must be synchronous: an async function, or one that returns a promise, is
   * refused with a TypeError before any parameter changes (the step would otherwise run on the
   * gradients of before the closure's `await`). Await the work first, then call `step`.
   *
   * @param closure Optional: re-evaluates the model and returns the loss; it runs with grad
   *   mode on, before the update.
   * @returns What `closure` returned, or `undefined`.
   */
  step<L = undefined>(closure?: () => L): L | undefined {
    let loss: L | undefined;
    if (closure !== undefined) loss = runClosure(closure, "step(): closure");
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
      if (i !== undefined) state[String(i)] = encodeState(s);
    }
    return { state, paramGroups };
  }

  /**
   * Restores hyper-parameters and state saved by {@linkcode Optimizer.stateDict} (possibly
   * through JSON) into this optimizer, whose groups must have the same sizes. The whole dict is
   * checked first — group sizes, every hyper-parameter's type and range, every state entry's
   * keys, shapes, dtypes and values — and an error names the offending key; nothing changes
   * unless all of it fits. Tensors are cast to their parameter's dtype, as PyTorch does.
   * PyTorch: `Optimizer.load_state_dict(state_dict)`.
   *
   * @param stateDict The saved state.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const where = "loadStateDict()";
    if (stateDict === null || typeof stateDict !== "object" || Array.isArray(stateDict)) {
      throw new TypeError(`${where}: expected an object with paramGroups and state`);
    }
    const saved: unknown = stateDict.paramGroups;
    const savedState: unknown = stateDict.state;
    if (!Array.isArray(saved)) {
      throw new TypeError(`${where}: paramGroups must be an array, got ${describe(saved)}`);
    }
    if (savedState === null || typeof savedState !== "object" || Array.isArray(savedState)) {
      throw new TypeError(`${where}: state must be an object, got ${describe(savedState)}`);
    }
    if (saved.length !== this.paramGroups.length) {
      throw new RangeError(
        `loaded state dict has a different number of parameter groups (${saved.length} vs ${this.paramGroups.length})`,
      );
    }
    const byIndex = new Map<number, [Tensor, ParamGroup<H>]>();
    const groups = saved.map((g: unknown, gi) => {
      const at = `${where}: paramGroups[${gi}]`;
      if (g === null || typeof g !== "object" || Array.isArray(g)) {
        throw new TypeError(`${at} must be an object, got ${describe(g)}`);
      }
      const ids: unknown = (g as Record<string, unknown>).params;
      const params = this.paramGroups[gi].params;
      if (!Array.isArray(ids) || ids.length !== params.length) {
        throw new RangeError(
          `loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group ${gi}: ${
            Array.isArray(ids) ? ids.length : "no"
          } vs ${params.length} params)`,
        );
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.defaults)) out[k] = copyValue(v);
      for (const [k, v] of Object.entries(g)) if (k !== "params") out[k] = copyValue(v);
      this.#checkGroup(out, at);
      out.params = params;
      ids.forEach((id: unknown, j) => {
        if (typeof id !== "number" || !Number.isInteger(id) || id < 0) {
          throw new TypeError(`${at}.params[${j}] must be an integer ≥ 0, got ${describe(id)}`);
        }
        if (byIndex.has(id)) {
          throw new RangeError(`${at}.params[${j}]: parameter index ${id} appears twice`);
        }
        byIndex.set(id, [params[j], out as ParamGroup<H>]);
      });
      return out as ParamGroup<H>;
    });
    const newState = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(savedState)) {
      const found = /^(0|[1-9]\d*)$/.test(key) ? byIndex.get(Number(key)) : undefined;
      if (found === undefined) {
        throw new RangeError(
          `${where}: state has an entry '${key}' for no parameter (the groups hold ${byIndex.size} parameters)`,
        );
      }
      const [p, group] = found;
      const at = `${where}: state.${key}`;
      const decoded = decodeState(entry, this._stateSpec(p, group), p, at);
      within(`${at} `, () => this._checkState(decoded, p, group));
      newState.set(p, decoded as S);
    }
    this.paramGroups = groups;
    this.state = newState;
  }

  /**
   * The state of one parameter, made with `init` the first time.
   *
   * @param p The parameter.
   * @param init Makes the initial state.
   * @returns The parameter's state.
   * @ignore
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

/** Per-group values the schedulers record: numbers when present. */
const optionalNumber: Check = (v, key) => {
  if (v !== undefined) isNumber(v, key);
};
const SCHEDULER_KEYS: Record<string, Check> = Object.fromEntries(
  ["initialLr", "maxLr", "minLr", "maxMomentum", "baseMomentum"].map((k) => [k, optionalNumber]),
);

/**
 * Runs an optimizer's closure with grad mode on and returns its result; an async closure, or
 * one that returns a promise, is refused with a TypeError.
 *
 * @param closure The closure.
 * @param what Names it in errors.
 * @returns What it returned.
 */
export function runClosure<L>(closure: () => L, what: string): L {
  checkSyncFunction(closure, what);
  // Checked inside: enableGrad refuses a promise itself, naming enableGrad() instead.
  return enableGrad(() => syncResult(closure(), what));
}
