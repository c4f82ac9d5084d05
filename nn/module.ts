/**
 * `Module`, the base class of every layer and model: registration of parameters, buffers and
 * submodules, traversal with PyTorch's dotted names, `stateDict`/`loadStateDict`, train/eval
 * mode, and PyTorch's printed form.
 *
 * @module
 */

import { formatSize, noGrad, RemovableHandle, sameShape } from "@descent/autograd";
import { type DType, isFloatingDType, Tensor } from "@descent/tensor";
import { setData } from "@descent/tensor/extend";
import { Parameter } from "./parameter.ts";

/** A module's state: parameters and persistent buffers by dotted name. PyTorch: `state_dict()`. */
export type StateDict = Record<string, Tensor>;

/** What `loadStateDict` returns. PyTorch: `_IncompatibleKeys(missing_keys, unexpected_keys)`. */
export interface IncompatibleKeys {
  /** Keys the module expects that the state dict lacks. */
  missingKeys: string[];
  /** Keys of the state dict the module does not expect. */
  unexpectedKeys: string[];
}

/** Options of {@linkcode Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Throw when keys are missing or unexpected (default `true`); size mismatches always throw. */
  strict?: boolean;
}

/** Options of {@linkcode Module.stateDict}. */
export interface StateDictOptions {
  /** Prepended to every key (default `""`). */
  prefix?: string;
  /** Keep the parameters and buffers themselves instead of detached aliases (default `false`). */
  keepVars?: boolean;
}

/** Options of the named traversals (`namedParameters`, `namedBuffers`, `namedModules`). */
export interface NamedOptions {
  /** Prepended to every name (default `""`). */
  prefix?: string;
  /** Include submodules' members (default `true`; not used by `namedModules`). */
  recurse?: boolean;
  /** Yield a member reachable under several names only once, under its first (default `true`). */
  removeDuplicate?: boolean;
}

/** A buffer slot: the persistent flag of each name registered with `registerBuffer`. */
type BufferSlots = Map<string, boolean>;

/** Own members of one module, classified, in registration order. */
interface Members {
  parameters: [string, Parameter][];
  buffers: [string, Tensor, boolean][];
  children: [string, Module][];
}

/** Python's name for a value's type in PyTorch's messages (`torch.FloatTensor`, `int`, …). */
function typeName(v: unknown): string {
  if (v instanceof Tensor) return v.type();
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

/** PyTorch's name checks of `register_parameter`/`register_buffer`/`add_module`. */
export function checkName(
  self: Module,
  name: unknown,
  kind: string,
  slot: (v: unknown) => boolean,
): void {
  if (typeof name !== "string") {
    throw new TypeError(`${kind} name should be a string. Got ${typeName(name)}`);
  }
  if (name.includes(".")) throw new TypeError(`${kind} name can't contain "."`);
  if (name === "") throw new TypeError(`${kind} name can't be empty string ""`);
  if (name in self) {
    const v = (self as unknown as Record<string, unknown>)[name];
    // A declared class field starts as undefined; its own slot kind may be replaced.
    if (!(Object.hasOwn(self, name) && (v === undefined || v === null || slot(v)))) {
      throw new TypeError(`attribute '${name}' already exists`);
    }
  }
}

/**
 * The base class of layers and models. PyTorch: `torch.nn.Module`.
 *
 * **Registration by field discovery.** A module's state is found in its own fields, in the order
 * they were first assigned (JavaScript keeps property creation order, as `nn.Module.__setattr__`
 * keeps dict order): a field holding a {@linkcode Parameter} is a parameter, one holding a
 * `Module` is a submodule. Buffers are registered explicitly with `registerBuffer` (a plain
 * tensor field is not state, as in PyTorch), and `registerParameter(name, null)` declares an
 * absent parameter (`bias: false`). Arrays are not searched: use `ModuleList`, `ModuleDict` or
 * `Sequential`.
 *
 * **Calling.** `forward(...)` is the computation; `call(...)` runs the forward pre-hooks,
 * `forward` and the forward hooks, as PyTorch's `module(x)` (`__call__`) does.
 *
 * @typeParam In The arguments of `forward`.
 * @typeParam Out What `forward` returns.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, Module, Parameter } from "@descent/nn";
 * import { manualSeed, ones, type Tensor } from "@descent/tensor";
 *
 * class Affine extends Module<[Tensor], Tensor> {
 *   scale = new Parameter(ones([2]));
 *   inner = new Linear(2, 2);
 *   override forward(x: Tensor): Tensor {
 *     return this.inner.call(x).mul(this.scale);
 *   }
 * }
 *
 * manualSeed(0);
 * const m = new Affine();
 * assert.deepEqual(Object.keys(m.stateDict()), ["scale", "inner.weight", "inner.bias"]);
 * assert.equal(
 *   String(m),
 *   "Affine(\n  (inner): Linear(in_features=2, out_features=2, bias=True)\n)",
 * );
 * assert.deepEqual(m.call(ones([3, 2])).shape, [3, 2]);
 * ```
 */
export class Module<In extends unknown[] = unknown[], Out = unknown> {
  /** Training (`true`, the default) or evaluation mode; see `train()`. PyTorch: `training`. */
  training = true;
  #buffers: BufferSlots = new Map();
  #nullParameters = new Set<string>();
  // Untyped inside: a field's type must not depend on In/Out, or modules of different
  // signatures would not be assignable to `Module`.
  #preHooks = new Map<number, (module: Module, args: unknown[]) => unknown>();
  #hooks = new Map<number, (module: Module, args: unknown[], output: unknown) => unknown>();
  #nextHook = 0;

  /**
   * The computation. Subclasses override it. PyTorch: `forward`.
   *
   * @param _args The inputs.
   * @returns The output.
   * @throws {Error} When the subclass defines none, as PyTorch.
   */
  forward(..._args: In): Out {
    throw new Error(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /**
   * Runs the forward pre-hooks, `forward` and the forward hooks. PyTorch: `module(*args)`
   * (`Module.__call__`).
   *
   * @param args The inputs of `forward`.
   * @returns What `forward` returns, or what a forward hook replaced it with.
   */
  call(...args: In): Out {
    if (this.#preHooks.size === 0 && this.#hooks.size === 0) return this.forward(...args);
    for (const hook of [...this.#preHooks.values()]) {
      const r = hook(this, args);
      if (r !== undefined) args = r as In;
    }
    let out = this.forward(...args);
    for (const hook of [...this.#hooks.values()]) {
      const r = hook(this, args, out);
      if (r !== undefined) out = r as Out;
    }
    return out;
  }

  /**
   * Registers a hook run by `call` before `forward`; it may return replacement arguments.
   * PyTorch: `register_forward_pre_hook(hook)`.
   *
   * @param hook `(module, args) => args | undefined`.
   * @returns A handle whose `remove()` unregisters the hook.
   */
  registerForwardPreHook(hook: (module: this, args: In) => In | void): RemovableHandle {
    const id = this.#nextHook++;
    this.#preHooks.set(id, hook as (module: Module, args: unknown[]) => unknown);
    return new RemovableHandle(() => this.#preHooks.delete(id));
  }

  /**
   * Registers a hook run by `call` after `forward`; it may return a replacement output.
   * PyTorch: `register_forward_hook(hook)`.
   *
   * @param hook `(module, args, output) => output | undefined`.
   * @returns A handle whose `remove()` unregisters the hook.
   */
  registerForwardHook(hook: (module: this, args: In, output: Out) => Out | void): RemovableHandle {
    const id = this.#nextHook++;
    this.#hooks.set(id, hook as (module: Module, args: unknown[], output: unknown) => unknown);
    return new RemovableHandle(() => this.#hooks.delete(id));
  }

  /**
   * This module's own fields as `[name, value]` pairs in registration order, which the
   * traversals classify. Containers that keep their children elsewhere override it.
   *
   * @returns The pairs.
   */
  protected members(): Iterable<[string, unknown]> {
    return Object.entries(this);
  }

  #own(): Members {
    const m: Members = { parameters: [], buffers: [], children: [] };
    for (const [name, v] of this.members()) {
      if (v instanceof Parameter) m.parameters.push([name, v]);
      else if (v instanceof Module) m.children.push([name, v]);
      else if (v instanceof Tensor && this.#buffers.has(name)) {
        m.buffers.push([name, v, this.#buffers.get(name)!]);
      }
    }
    return m;
  }

  /**
   * Registers (or re-registers) a parameter under `name` and assigns the field; `null` declares
   * a parameter that is absent (e.g. `bias: false`), left out of `parameters()` and `stateDict()`.
   * Assigning a `Parameter` to a field does the same. PyTorch: `register_parameter(name, param)`.
   *
   * @param name The field name.
   * @param param The parameter, or `null`.
   * @throws {TypeError} For a bad name, a name taken by another attribute, or a value that is
   *   neither a `Parameter` nor `null` (PyTorch's texts).
   */
  registerParameter(name: string, param: Parameter | null): void {
    checkName(this, name, "parameter", (v) => v instanceof Parameter);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(
        `cannot assign '${
          typeName(param)
        }' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      );
    }
    if (param === null) this.#nullParameters.add(name);
    else this.#nullParameters.delete(name);
    this.#buffers.delete(name);
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  /**
   * Registers a buffer: a tensor that is module state but not a parameter (running statistics),
   * assigned to the field `name`. Persistent buffers are part of `stateDict()`. The field may be
   * reassigned later and stays a buffer. PyTorch: `register_buffer(name, tensor, persistent=True)`.
   *
   * @param name The field name (PyTorch's attribute name, which is the state-dict key).
   * @param tensor The tensor, or `null` (registered but absent).
   * @param options `persistent` (default `true`).
   * @throws {TypeError} For a bad name, a name taken by another attribute, or a value that is
   *   neither a tensor nor `null` (PyTorch's texts).
   */
  registerBuffer(
    name: string,
    tensor: Tensor | null,
    options: { persistent?: boolean } = {},
  ): void {
    checkName(this, name, "buffer", (v) => this.#buffers.has(name) && v instanceof Tensor);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(
        `cannot assign '${
          typeName(tensor)
        }' object to buffer '${name}' (torch Tensor or None required)`,
      );
    }
    this.#buffers.set(name, options.persistent ?? true);
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  /**
   * Assigns a submodule to the field `name`, with PyTorch's checks. Assigning a `Module` to a
   * field does the same. PyTorch: `add_module(name, module)` / `register_module`.
   *
   * @param name The field name.
   * @param module The submodule.
   * @throws {TypeError} For a bad name, a name taken by another attribute, or a non-module.
   */
  registerModule(name: string, module: Module): void {
    if (!(module instanceof Module)) {
      throw new TypeError(`${typeName(module)} is not a Module subclass`);
    }
    checkName(this, name, "module", (v) => v instanceof Module);
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  /**
   * Every module of the tree with its dotted name, this one first (name `""`), depth first, each
   * module once. PyTorch: `named_modules(memo=None, prefix='', remove_duplicate=True)`.
   *
   * @param options `prefix`, `removeDuplicate`.
   * @returns `[name, module]` pairs.
   */
  namedModules(options: NamedOptions = {}): [string, Module][] {
    const out: [string, Module][] = [];
    const memo = new Set<Module>();
    const dedupe = options.removeDuplicate ?? true;
    const visit = (m: Module, prefix: string): void => {
      if (memo.has(m)) return;
      if (dedupe) memo.add(m);
      out.push([prefix, m]);
      for (const [name, child] of m.#own().children) {
        visit(child, prefix + (prefix ? "." : "") + name);
      }
    };
    visit(this, options.prefix ?? "");
    return out;
  }

  /**
   * Every module of the tree, this one first. PyTorch: `modules()`.
   *
   * @returns The modules.
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * The direct submodules with their names, each once. PyTorch: `named_children()`.
   *
   * @returns `[name, module]` pairs.
   */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    return this.#own().children.filter(([, m]) => !seen.has(m) && seen.add(m));
  }

  /**
   * The direct submodules, each once. PyTorch: `children()`.
   *
   * @returns The submodules.
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  #namedMembers<T>(
    options: NamedOptions,
    get: (m: Members) => [string, T, ...unknown[]][],
  ): [string, T][] {
    const prefix = options.prefix ?? "";
    const dedupe = options.removeDuplicate ?? true;
    const modules: [string, Module][] = (options.recurse ?? true)
      ? this.namedModules({ prefix, removeDuplicate: dedupe })
      : [[prefix, this]];
    const memo = new Set<T>();
    const out: [string, T][] = [];
    for (const [mp, m] of modules) {
      for (const [name, v] of get(m.#own())) {
        if (memo.has(v)) continue;
        if (dedupe) memo.add(v);
        out.push([mp + (mp ? "." : "") + name, v]);
      }
    }
    return out;
  }

  /**
   * The parameters with their dotted names (`0.weight`, `encoder.layers.1.bias`), each
   * parameter once (a shared one under its first name). PyTorch: `named_parameters(prefix='',
   * recurse=True, remove_duplicate=True)`.
   *
   * @param options `prefix`, `recurse`, `removeDuplicate`.
   * @returns `[name, parameter]` pairs.
   */
  namedParameters(options: NamedOptions = {}): [string, Parameter][] {
    return this.#namedMembers(options, (m) => m.parameters);
  }

  /**
   * The parameters, each once, for an optimizer. PyTorch: `parameters(recurse=True)`.
   *
   * @param options `recurse` (default `true`).
   * @returns The parameters.
   */
  parameters(options: { recurse?: boolean } = {}): Parameter[] {
    return this.namedParameters(options).map(([, p]) => p);
  }

  /**
   * The buffers with their dotted names (persistent or not). PyTorch: `named_buffers(prefix='',
   * recurse=True, remove_duplicate=True)`.
   *
   * @param options `prefix`, `recurse`, `removeDuplicate`.
   * @returns `[name, tensor]` pairs.
   */
  namedBuffers(options: NamedOptions = {}): [string, Tensor][] {
    return this.#namedMembers(options, (m) => m.buffers);
  }

  /**
   * The buffers. PyTorch: `buffers(recurse=True)`.
   *
   * @param options `recurse` (default `true`).
   * @returns The buffers.
   */
  buffers(options: { recurse?: boolean } = {}): Tensor[] {
    return this.namedBuffers(options).map(([, b]) => b);
  }

  #saveTo(dest: StateDict, prefix: string, keepVars: boolean): void {
    const own = this.#own();
    for (const [name, p] of own.parameters) dest[prefix + name] = keepVars ? p : p.detach();
    for (const [name, b, persistent] of own.buffers) {
      if (persistent) dest[prefix + name] = keepVars ? b : b.detach();
    }
    for (const [name, child] of own.children) child.#saveTo(dest, prefix + name + ".", keepVars);
  }

  /**
   * The module's state: every parameter and persistent buffer under its dotted name, module by
   * module (a module's parameters, then its buffers, then its submodules'), as detached
   * tensors that share storage with the module's. PyTorch: `state_dict(prefix='',
   * keep_vars=False)`.
   *
   * @param options `prefix`, `keepVars`.
   * @returns The state, keys in PyTorch's order.
   */
  stateDict(options: StateDictOptions = {}): StateDict {
    const out: StateDict = {};
    this.#saveTo(out, options.prefix ?? "", options.keepVars ?? false);
    return out;
  }

  /**
   * Copies parameters and persistent buffers from `stateDict` into this module and its
   * submodules (values converted to each tensor's dtype). Everything is checked before anything
   * is copied, so a failed load changes nothing. PyTorch: `load_state_dict(state_dict,
   * strict=True)`, with its error texts.
   *
   * @param stateDict The state: an object or a `Map` of tensors by dotted name.
   * @param options `strict` (default `true`): missing or unexpected keys throw.
   * @returns The missing and unexpected keys.
   * @throws {Error} `Error(s) in loading state_dict for <Class>:` with one line per problem:
   *   missing keys and unexpected keys (when `strict`), size mismatches, values that are not
   *   tensors.
   * @throws {TypeError} If `stateDict` is not an object or a `Map`.
   */
  loadStateDict(
    stateDict: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>,
    options: LoadStateDictOptions = {},
  ): IncompatibleKeys {
    if (stateDict === null || typeof stateDict !== "object" || Array.isArray(stateDict)) {
      throw new TypeError(
        `Expected state_dict to be dict-like, got ${
          Array.isArray(stateDict) ? "an array" : typeName(stateDict)
        }.`,
      );
    }
    const entries: [string, unknown][] = stateDict instanceof Map
      ? [...stateDict.entries()]
      : Object.entries(stateDict);
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errors: string[] = [];
    const copies: [Tensor, Tensor][] = [];
    const load = (m: Module, local: [string, unknown][], prefix: string): void => {
      const own = m.#own();
      const state = new Map<string, Tensor>(own.parameters);
      for (const [name, b, persistent] of own.buffers) if (persistent) state.set(name, b);
      const given = new Map(local);
      for (const [name, param] of state) {
        const key = prefix + name;
        if (!given.has(key)) {
          missingKeys.push(key);
          continue;
        }
        const value = given.get(key);
        if (!(value instanceof Tensor)) {
          errors.push(
            `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${
              typeName(value)
            }`,
          );
          continue;
        }
        // Loading a 1-element 1-d tensor into a 0-d one (PyTorch 0.3 checkpoints).
        const input = param.ndim === 0 && value.ndim === 1 && value.shape[0] === 1
          ? value.reshape([])
          : value;
        if (!sameShape(input.shape, param.shape)) {
          errors.push(
            `size mismatch for ${key}: copying a param with shape ${
              formatSize(input.shape)
            } from checkpoint, the shape in current model is ${formatSize(param.shape)}.`,
          );
          continue;
        }
        copies.push([param, input]);
      }
      const children = new Set(own.children.map(([name]) => name));
      for (const [key] of local) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const dot = rest.indexOf(".");
        if (dot >= 0 ? !children.has(rest.slice(0, dot)) : !state.has(rest)) {
          unexpectedKeys.push(key);
        }
      }
      for (const [name, child] of own.children) {
        const p = prefix + name + ".";
        load(child, local.filter(([k]) => k.startsWith(p)), p);
      }
    };
    load(this, entries, "");
    if (options.strict ?? true) {
      if (unexpectedKeys.length > 0) {
        errors.unshift(
          `Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}. `,
        );
      }
      if (missingKeys.length > 0) {
        errors.unshift(
          `Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}. `,
        );
      }
    }
    if (errors.length > 0) {
      throw new Error(
        `Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`,
      );
    }
    noGrad(() => {
      for (const [param, input] of copies) param.copy_(input);
    });
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Sets training mode (`true`) or evaluation mode (`false`) on this module and every
   * submodule; layers such as `Dropout` and `BatchNorm1d` behave differently in each.
   * PyTorch: `train(mode=True)`.
   *
   * @param mode The mode (default `true`).
   * @returns This module.
   * @throws {TypeError} If `mode` is not a boolean.
   */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TypeError("training mode is expected to be boolean");
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  /**
   * Sets evaluation mode: `train(false)`. PyTorch: `eval()`.
   *
   * @returns This module.
   */
  eval(): this {
    return this.train(false);
  }

  /**
   * Resets the gradients of all parameters: to `null` (the default, PyTorch 2.x), or to zeros
   * in place. PyTorch: `zero_grad(set_to_none=True)`.
   *
   * @param options `setToNone` (default `true`).
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      const g = p.grad;
      if (g === null) continue;
      if (setToNone) {
        p.grad = null;
      } else {
        if (g.gradFn !== null) g.detach_();
        else g.requiresGrad_(false);
        g.zero_();
      }
    }
  }

  /**
   * Sets `requiresGrad` on every parameter (to freeze or unfreeze a model). PyTorch:
   * `requires_grad_(requires_grad=True)`.
   *
   * @param requiresGrad The flag (default `true`).
   * @returns This module.
   */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Calls `fn` on every submodule (children first, recursively) and then on this module, e.g.
   * to initialise weights. PyTorch: `apply(fn)`.
   *
   * @param fn The function.
   * @returns This module.
   */
  apply(fn: (module: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Converts the floating point parameters (in place: each `Parameter` object stays, its data
   * changes, as do their grads) and buffers to `dtype`; integer buffers are kept. PyTorch:
   * `to(dtype)`.
   *
   * @param dtype `float32` or `float64`.
   * @returns This module.
   * @throws {TypeError} For any other dtype, with PyTorch's text.
   */
  to(dtype: DType): this {
    if (!isFloatingDType(dtype)) {
      throw new TypeError(
        `nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${dtype}`,
      );
    }
    for (const m of this.modules()) {
      const own = m.#own();
      for (const [, p] of own.parameters) {
        if (!isFloatingDType(p.dtype) || p.dtype === dtype) continue;
        setData(p, p.detach().to(dtype));
        const g = p.grad;
        if (g !== null) setData(g, g.detach().to(dtype));
      }
      for (const [name, b] of own.buffers) {
        if (isFloatingDType(b.dtype)) (m as unknown as Record<string, unknown>)[name] = b.to(dtype);
      }
    }
    return this;
  }

  /**
   * `to("float32")`. PyTorch: `float()`.
   *
   * @returns This module.
   */
  float(): this {
    return this.to("float32");
  }

  /**
   * `to("float64")`. PyTorch: `double()`.
   *
   * @returns This module.
   */
  double(): this {
    return this.to("float64");
  }

  /**
   * The text inside the parentheses of the printed form (`in_features=2, out_features=3,
   * bias=True`); empty by default. PyTorch: `extra_repr()`.
   *
   * @returns The text.
   */
  extraRepr(): string {
    return "";
  }

  /**
   * PyTorch's printed form (`print(model)`): the class name, `extraRepr()`, and each submodule
   * on its own line as `(name): …`, indented by two spaces per level.
   *
   * @returns E.g. `Sequential(\n  (0): Linear(in_features=2, out_features=16, bias=True)\n  …\n)`.
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = this.#own().children.map(([name, m]) =>
      `(${name}): ${addIndent(String(m), 2)}`
    );
    return `${this.constructor.name}(${joinRepr(extraLines, childLines)})`;
  }

  /** @internal Deno's `console.log` form: the printed form. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** @internal Node's `console.log` form: the printed form. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** PyTorch's `_addindent`: indents every line but the first, leaving blank lines empty. */
export function addIndent(s: string, spaces: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const pad = " ".repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => (l.trim() ? pad + l : ""))].join("\n");
}

/** The inside of a printed module: one extra line inline, else one line per item. */
export function joinRepr(extraLines: string[], childLines: string[]): string {
  const lines = [...extraLines, ...childLines];
  if (lines.length === 0) return "";
  if (extraLines.length === 1 && childLines.length === 0) return extraLines[0];
  return `\n  ${lines.join("\n  ")}\n`;
}
