/**
 * Containers of modules: `Sequential`, `ModuleList`, `ModuleDict`. Their children are kept in
 * order in the container (not in fields), so any names, including `"0"`, `"1"`, … keep the
 * order they were added in.
 *
 * @module
 */

import type { Tensor } from "@descent/tensor";
import { addIndent, checkName, joinRepr, Module } from "./module.ts";

/** A module that maps one tensor to one tensor, as the members of a `Sequential`. */
export type TensorModule = Module<[Tensor], Tensor>;

/** The type name PyTorch's `add_module` error shows. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  return typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
}

/** Adds or replaces `map`'s child `name` on `owner`, with PyTorch's `add_module` checks. */
function setChild(owner: Module, map: Map<string, Module>, name: string, module: unknown): void {
  if (!(module instanceof Module)) {
    throw new TypeError(`${describe(module)} is not a Module subclass`);
  }
  checkName(owner, name, "module", () => false);
  map.set(name, module);
}

/** The position `idx` (negative counts from the end) as an index into `length` items. */
function position(idx: number, length: number): number {
  if (!Number.isInteger(idx)) throw new TypeError(`index must be an integer, got ${idx}`);
  if (idx < -length || idx >= length) throw new RangeError(`index ${idx} is out of range`);
  return idx < 0 ? idx + length : idx;
}

/**
 * Modules in a numbered order (`0`, `1`, …): what `Sequential` and `ModuleList` share. Every
 * change that moves modules renumbers them, as PyTorch does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IndexedModules, Identity, ReLU, Sequential } from "@descent/nn";
 * const seq = new Sequential(new ReLU(), new Identity());
 * assert.ok(seq instanceof IndexedModules);
 * assert.equal(seq.at(-1).constructor.name, "Identity");
 * ```
 */
export class IndexedModules<M extends Module, In extends unknown[], Out> extends Module<In, Out> {
  #children = new Map<string, Module>();

  /** The children (after the fields). @returns `[name, module]` pairs. */
  protected override *members(): Iterable<[string, unknown]> {
    yield* super.members();
    yield* this.#children;
  }

  /**
   * Adds or replaces the module named `name` (PyTorch's `add_module`, with its checks).
   *
   * @param name The name.
   * @param module The module.
   */
  protected addChild(name: string, module: M): void {
    setChild(this, this.#children, name, module);
  }

  /**
   * Replaces every module by `modules`, numbered from 0.
   *
   * @param modules The modules.
   */
  protected renumber(modules: readonly M[]): void {
    const map = new Map<string, Module>();
    modules.forEach((m, i) => setChild(this, map, String(i), m));
    this.#children = map;
  }

  /** The number of modules. PyTorch: `len(m)`. */
  get length(): number {
    return this.#children.size;
  }

  /**
   * The module at position `idx` (negative counts from the end). PyTorch: `m[idx]`.
   *
   * @param idx The position.
   * @returns The module.
   * @throws {RangeError} `index 3 is out of range`.
   */
  at(idx: number): M {
    return [...this][position(idx, this.length)];
  }

  /**
   * Replaces the module at position `idx`. PyTorch: `m[idx] = module`.
   *
   * @param idx The position (negative counts from the end).
   * @param module The module.
   * @returns This container.
   */
  set(idx: number, module: M): this {
    this.addChild([...this.#children.keys()][position(idx, this.length)], module);
    return this;
  }

  /**
   * Adds a module at the end. PyTorch: `append(module)`.
   *
   * @param module The module.
   * @returns This container.
   */
  append(module: M): this {
    this.addChild(String(this.length), module);
    return this;
  }

  /**
   * Adds modules at the end. PyTorch: `extend(modules)`.
   *
   * @param modules The modules.
   * @returns This container.
   */
  extend(modules: Iterable<M>): this {
    this.renumber([...this, ...modules]);
    return this;
  }

  /**
   * Inserts a module before position `index`; the modules are renumbered. PyTorch:
   * `insert(index, module)`.
   *
   * @param index The position (up to the length; negative counts from the end).
   * @param module The module.
   * @returns This container.
   */
  insert(index: number, module: M): this {
    const list = [...this];
    list.splice(position(index, list.length + 1), 0, module);
    this.renumber(list);
    return this;
  }

  /**
   * Removes and returns the module at `index`; the rest are renumbered. PyTorch: `pop(index)`.
   *
   * @param index The position (negative counts from the end).
   * @returns The module.
   */
  pop(index: number): M {
    const list = [...this];
    const [m] = list.splice(position(index, list.length), 1);
    this.renumber(list);
    return m;
  }

  /** The modules in order. @returns An iterator. */
  [Symbol.iterator](): Iterator<M> {
    return this.#children.values() as Iterator<M>;
  }
}

/**
 * A chain of modules: `forward(x)` passes `x` through each in order (calling each with
 * `call`). Built from modules (named `0`, `1`, …) or from an object of named modules.
 * PyTorch: `torch.nn.Sequential(*modules)` / `Sequential(OrderedDict(…))`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, ReLU, Sequential } from "@descent/nn";
 * import { manualSeed, zeros } from "@descent/tensor";
 *
 * manualSeed(0);
 * const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
 * assert.equal(
 *   String(model),
 *   "Sequential(\n" +
 *     "  (0): Linear(in_features=2, out_features=16, bias=True)\n" +
 *     "  (1): ReLU()\n" +
 *     "  (2): Linear(in_features=16, out_features=3, bias=True)\n" +
 *     ")",
 * );
 * assert.deepEqual(Object.keys(model.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
 * assert.deepEqual(model.forward(zeros([5, 2])).shape, [5, 3]);
 * ```
 */
export class Sequential extends IndexedModules<Module, [Tensor], Tensor> {
  /**
   * Builds the module.
   *
   * @param modules The modules in order, or one object of named modules (its key order).
   */
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    if (modules.length === 1 && !(modules[0] instanceof Module)) {
      for (const [name, m] of Object.entries(modules[0])) this.addChild(name, m);
    } else this.renumber(modules as Module[]);
  }

  /**
   * Passes `input` through every module in order.
   *
   * @param input The input of the first module.
   * @returns The output of the last (the input itself when empty).
   */
  override forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this) x = (m as unknown as TensorModule).call(x);
    return x;
  }

  /**
   * A new `Sequential` of the modules in `[start, end)` (the same module objects and names).
   * PyTorch: `seq[start:end]`.
   *
   * @param start First position (default 0; negative counts from the end).
   * @param end End position (default: the length).
   * @returns The slice.
   */
  slice(start?: number, end?: number): Sequential {
    const out = new Sequential();
    const pairs = [...this.members()].filter((e): e is [string, Module] => e[1] instanceof Module);
    for (const [name, m] of pairs.slice(start, end)) out.addChild(name, m);
    return out;
  }
}

/**
 * A list of modules whose parameters belong to the module that holds it (a plain array would
 * not be searched). It has no `forward`: the owner decides how to use the modules. PyTorch:
 * `torch.nn.ModuleList(modules=None)`, with its printed form that folds repeated modules
 * (`(0-2): 3 x Linear(…)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, ModuleList } from "@descent/nn";
 *
 * const layers = new ModuleList([new Linear(4, 4), new Linear(4, 4), new Linear(4, 2)]);
 * assert.equal(layers.length, 3);
 * assert.equal(layers.parameters().length, 6);
 * assert.equal(
 *   String(layers),
 *   "ModuleList(\n" +
 *     "  (0-1): 2 x Linear(in_features=4, out_features=4, bias=True)\n" +
 *     "  (2): Linear(in_features=4, out_features=2, bias=True)\n" +
 *     ")",
 * );
 * ```
 */
export class ModuleList<M extends Module = Module> extends IndexedModules<M, never[], never> {
  /**
   * Builds the module.
   *
   * @param modules The modules (named `0`, `1`, …).
   */
  constructor(modules: Iterable<M> = []) {
    super();
    this.renumber([...modules]);
  }

  /**
   * PyTorch's `ModuleList.__repr__`: runs of equal printed forms folded into
   * `(i-j): n x <module>`.
   *
   * @returns The printed form.
   */
  override toString(): string {
    const reprs = [...this].map(String);
    if (reprs.length === 0) return `${this.constructor.name}()`;
    const lines: string[] = [];
    for (let start = 0; start < reprs.length;) {
      let end = start;
      while (end + 1 < reprs.length && reprs[end + 1] === reprs[start]) end++;
      const head = start === end ? `(${start}): ` : `(${start}-${end}): ${end - start + 1} x `;
      lines.push(addIndent(head + reprs[start], 2));
      start = end + 1;
    }
    return `${this.constructor.name}(${joinRepr([], lines)})`;
  }
}

/**
 * Modules by name, in insertion order, whose parameters belong to the module that holds it.
 * Iterating gives `[name, module]` pairs (as a `Map`). PyTorch: `torch.nn.ModuleDict(modules)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Linear, ModuleDict, ReLU } from "@descent/nn";
 *
 * const heads = new ModuleDict({ score: new Linear(8, 1), act: new ReLU() });
 * assert.deepEqual([...heads.keys()], ["score", "act"]);
 * assert.deepEqual(Object.keys(heads.stateDict()), ["score.weight", "score.bias"]);
 * assert.ok(heads.get("act") instanceof ReLU);
 * ```
 */
export class ModuleDict<M extends Module = Module> extends Module<never[], never> {
  #children = new Map<string, Module>();

  /** The children (after the fields). @returns `[name, module]` pairs. */
  protected override *members(): Iterable<[string, unknown]> {
    yield* super.members();
    yield* this.#children;
  }

  /**
   * Builds the module.
   *
   * @param modules Named modules: an object (its key order) or `[name, module]` pairs.
   */
  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    this.update(modules);
  }

  /** The number of modules. PyTorch: `len(dict)`. */
  get size(): number {
    return this.#children.size;
  }

  /**
   * The module named `key`. PyTorch: `dict[key]`.
   *
   * @param key The name.
   * @returns The module.
   * @throws {RangeError} If there is none (PyTorch's `KeyError`).
   */
  get(key: string): M {
    const m = this.#children.get(key);
    if (m === undefined) throw new RangeError(`'${key}'`);
    return m as M;
  }

  /**
   * Adds or replaces the module named `key`. PyTorch: `dict[key] = module`.
   *
   * @param key The name.
   * @param module The module.
   * @returns This dict.
   */
  set(key: string, module: M): this {
    setChild(this, this.#children, key, module);
    return this;
  }

  /**
   * Whether a module is named `key`. PyTorch: `key in dict`.
   *
   * @param key The name.
   * @returns Whether it is there.
   */
  has(key: string): boolean {
    return this.#children.has(key);
  }

  /**
   * Removes the module named `key` and returns it. PyTorch: `pop(key)`.
   *
   * @param key The name.
   * @returns The module.
   * @throws {RangeError} If there is none.
   */
  pop(key: string): M {
    const m = this.get(key);
    this.#children.delete(key);
    return m;
  }

  /** Removes every module. PyTorch: `clear()`. */
  clear(): void {
    this.#children.clear();
  }

  /**
   * Adds or replaces modules. PyTorch: `update(modules)`.
   *
   * @param modules An object (its key order) or `[name, module]` pairs.
   */
  update(modules: Record<string, M> | Iterable<[string, M]>): void {
    const pairs = Symbol.iterator in modules
      ? [...(modules as Iterable<[string, M]>)]
      : Object.entries(modules as Record<string, M>);
    const map = new Map(this.#children);
    for (const [k, m] of pairs) setChild(this, map, k, m);
    this.#children = map; // all or nothing
  }

  /** The names, in order. PyTorch: `keys()`. @returns An iterator. */
  keys(): IterableIterator<string> {
    return this.#children.keys();
  }

  /** The modules, in order. PyTorch: `values()`. @returns An iterator. */
  values(): IterableIterator<M> {
    return this.#children.values() as IterableIterator<M>;
  }

  /** `[name, module]` pairs, in order. PyTorch: `items()`. @returns An iterator. */
  entries(): IterableIterator<[string, M]> {
    return this.#children.entries() as IterableIterator<[string, M]>;
  }

  /** `[name, module]` pairs, in order. @returns An iterator. */
  [Symbol.iterator](): IterableIterator<[string, M]> {
    return this.entries();
  }
}
