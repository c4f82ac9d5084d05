/**
 * Whole training state in one file: models, optimizers, schedulers (anything with
 * `stateDict()`/`loadStateDict()`), random generators and plain values (the epoch, the best
 * loss), saved together and restored together. The file is a safetensors file: every tensor —
 * a model's parameters, an optimizer's moments, a generator's state — is a tensor of it, named
 * `<part>/<path>` (`model/0.weight`, `optimizer/state/0/exp_avg`), and the rest is JSON in its
 * `__metadata__`, so Python's safetensors reads the weights too.
 *
 * @module
 */

import { Generator, Tensor, tensor, type TensorJSON } from "@descent/tensor";
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from "./safetensors.ts";
import { describe, setOwn } from "./util.ts";

/**
 * An object with PyTorch's state-dict protocol: an `nn.Module`, an optimizer, a scheduler.
 * `stateDict()` returns tensors, plain data, or both (as optimizers do); `loadStateDict()`
 * takes what `stateDict()` returned and throws, changing nothing, when it does not fit.
 *
 * @example
 * ```ts
 * import { tensor } from "@descent/tensor";
 * import type { Stateful } from "@descent/io";
 * const w = tensor([1, 2], { dtype: "float32" });
 * const model: Stateful = {
 *   stateDict: () => ({ w }),
 *   loadStateDict: (sd) => w.copy_((sd as { w: typeof w }).w),
 * };
 * model.loadStateDict(model.stateDict());
 * ```
 */
export interface Stateful {
  /** The state: tensors and JSON data (objects, arrays, numbers, strings, booleans, null). */
  stateDict(): unknown;
  /** Restores a state from {@linkcode Stateful.stateDict}. */
  loadStateDict(state: unknown): void;
}

/** What `loadCheckpoint` restores into: state-dict objects and generators, by part name. */
export type CheckpointTargets = Record<string, Stateful | Generator>;

/** Options of {@linkcode loadCheckpoint}. */
export interface LoadCheckpointOptions {
  /**
   * Whether every model, optimizer, scheduler and generator in the file must be given a target
   * (default `true`); with `false` the others are left unread.
   */
  strict?: boolean;
}

/** The metadata key holding the JSON part of a checkpoint. */
const KEY = "descent.checkpoint";
const FORMAT = 1;

/** One part as the JSON describes it. */
type PartRecord =
  | { kind: "state"; value: unknown }
  | { kind: "generator"; tensor: string }
  | { kind: "value"; value: unknown };

const isStateful = (v: unknown): v is Stateful =>
  v !== null && typeof v === "object" && typeof (v as Stateful).stateDict === "function" &&
  typeof (v as Stateful).loadStateDict === "function";

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * One file holding models, optimizers, schedulers, generators and plain values: a safetensors
 * file whose tensors are every tensor of every part and whose `__metadata__` holds the rest as
 * JSON (non-finite numbers kept exactly). PyTorch: `torch.save({"model": model.state_dict(),
 * "optimizer": optimizer.state_dict(), …}, path)` with `torch.get_rng_state()`. Needs no
 * permission: write the bytes with `Deno.writeFile`.
 *
 * @param parts By name: objects with `stateDict()`/`loadStateDict()`, `Generator`s, and plain
 *   values (JSON data, which may hold tensors).
 * @returns The file's bytes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultGenerator, manualSeed, rand, tensor } from "@descent/tensor";
 * import { loadCheckpoint, saveCheckpoint } from "@descent/io";
 *
 * // A model: anything with stateDict() and loadStateDict().
 * const weights = { w: tensor([[0.5, -1]], { dtype: "float32" }) };
 * const model = {
 *   stateDict: () => weights,
 *   loadStateDict: (sd: unknown) => weights.w.copy_((sd as typeof weights).w),
 * };
 * manualSeed(0);
 * const bytes = saveCheckpoint({ model, generator: defaultGenerator, epoch: 3, best: Infinity });
 * const next = rand([2]).toList();
 *
 * weights.w.zero_();
 * const values = loadCheckpoint(bytes, { model, generator: defaultGenerator });
 * assert.deepEqual(values, { epoch: 3, best: Infinity });
 * assert.deepEqual(weights.w.toList(), [[0.5, -1]]);
 * assert.deepEqual(rand([2]).toList(), next); // the random stream resumes where it was saved
 * ```
 */
export function saveCheckpoint(parts: Record<string, unknown>): Uint8Array {
  if (!isPlainObject(parts)) {
    throw new TypeError(
      `saveCheckpoint(): parts must be an object of named parts, got ${describe(parts)}`,
    );
  }
  const tensors: Record<string, Tensor> = {};
  const records: Record<string, PartRecord> = {};
  const put = (key: string, t: Tensor) => {
    if (Object.hasOwn(tensors, key)) {
      throw new TypeError(`saveCheckpoint(): two tensors would be saved as ${JSON.stringify(key)}`);
    }
    setOwn(tensors, key, t);
    return key;
  };
  for (const [name, part] of Object.entries(parts)) {
    let record: PartRecord;
    if (part instanceof Generator) {
      record = { kind: "generator", tensor: put(name, tensor(part.getState())) };
    } else if (isStateful(part)) {
      record = { kind: "state", value: encode(part.stateDict(), [name], put) };
    } else {
      record = { kind: "value", value: encode(part, [name], put) };
    }
    setOwn(records, name, record);
  }
  return saveSafetensors(tensors, { [KEY]: JSON.stringify({ format: FORMAT, parts: records }) });
}

/**
 * A JSON copy of `v` with tensors moved to `put` (placeholders `{"$tensor": key}`, and
 * `{"$tensorJSON": key}` for a float tensor in `Tensor.toJSON`'s form, as optimizers' state dicts
 * hold them) and non-finite numbers and -0 as `{"$number": "NaN"}`.
 */
function encode(
  v: unknown,
  path: string[],
  put: (key: string, t: Tensor) => string,
  within: readonly object[] = [],
): unknown {
  const at = () => `saveCheckpoint(): ${path.join("/")}`;
  if (within.includes(v as object)) throw new TypeError(`${at()} contains itself`);
  if (v instanceof Tensor) return { $tensor: put(path.join("/"), v.detach()) };
  if (typeof v === "number") {
    return Number.isFinite(v) && !Object.is(v, -0)
      ? v
      : { $number: String(Object.is(v, -0) ? "-0" : v) };
  }
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) {
    return v.map((x, i) => encode(x, [...path, String(i)], put, [...within, v]));
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0].startsWith("$")) {
      throw new TypeError(
        `${at()} is an object whose one key starts with "$", which checkpoints reserve`,
      );
    }
    if (isFloatTensorJSON(v)) return { $tensorJSON: put(path.join("/"), tensor(v)) };
    const out: Record<string, unknown> = {};
    for (const k of keys) setOwn(out, k, encode(v[k], [...path, k], put, [...within, v]));
    return out;
  }
  throw new TypeError(
    `${at()} is ${
      v === undefined ? "undefined" : describe(v)
    }: a checkpoint holds tensors, numbers, strings, booleans, null, arrays and plain objects`,
  );
}

/** A float32/float64 tensor in `Tensor.toJSON`'s form that `tensor()` reads back exactly. */
function isFloatTensorJSON(v: Record<string, unknown>): v is TensorJSON & Record<string, unknown> {
  const { dtype, shape, data } = v;
  if (Object.keys(v).length !== 3 || (dtype !== "float32" && dtype !== "float64")) return false;
  if (!Array.isArray(shape) || !Array.isArray(data)) return false;
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return false;
  if (shape.reduce((a: number, b: number) => a * b, 1) !== data.length) return false;
  return data.every((x) =>
    typeof x === "number"
      ? (dtype === "float64" || Math.fround(x) === x) && !Object.is(x, -0) && Number.isFinite(x)
      : x === "NaN" || x === "Infinity" || x === "-Infinity" || x === "-0"
  );
}

/**
 * Restores what {@linkcode saveCheckpoint} saved into `targets` — models, optimizers,
 * schedulers, generators, matched by part name — and returns the plain values. Everything is
 * checked before anything changes: the file (as `loadSafetensors` checks it), its JSON, that each
 * target has a part of its kind (and, unless `strict: false`, each part a target), each
 * generator state, and a model's tensors against its current `stateDict()` (names, shapes).
 * Then the parts are loaded — optimizers and schedulers first, models next, generators last —
 * and if a `loadStateDict` still throws, the parts already loaded get their previous state back
 * before the error is rethrown. PyTorch: `torch.load(path)` then each part's `load_state_dict`
 * and `torch.set_rng_state`.
 *
 * @param bytes The checkpoint file.
 * @param targets By part name: objects with `loadStateDict()`, and `Generator`s.
 * @param options `strict`.
 * @returns The plain values by part name (tensors in them as tensors).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Generator } from "@descent/tensor";
 * import { loadCheckpoint, saveCheckpoint } from "@descent/io";
 * const g = new Generator().manualSeed(1);
 * const bytes = saveCheckpoint({ generator: g, step: 10 });
 * // Every part of the file needs a target: nothing is loaded, and the error says why.
 * assert.throws(() => loadCheckpoint(bytes, {}), /a generator state "generator" and no target/);
 * assert.deepEqual(loadCheckpoint(bytes, { generator: new Generator() }), { step: 10 });
 * ```
 */
export function loadCheckpoint(
  bytes: Uint8Array,
  targets: CheckpointTargets,
  options: LoadCheckpointOptions = {},
): Record<string, unknown> {
  const where = "loadCheckpoint()";
  if (!isPlainObject(targets)) {
    throw new TypeError(
      `${where}: targets must be an object of named targets, got ${describe(targets)}`,
    );
  }
  const strict = options.strict ?? true;
  const fail = (message: string): never => {
    throw new TypeError(`${where}: ${message}`);
  };
  const text = readSafetensorsHeader(bytes).metadata?.[KEY];
  if (text === undefined) {
    fail(`the file is no descent checkpoint (its metadata has no ${JSON.stringify(KEY)})`);
  }
  let json: { format?: unknown; parts?: unknown };
  try {
    json = JSON.parse(text!);
  } catch {
    return fail(`the checkpoint's JSON does not parse`);
  }
  if (json?.format !== FORMAT || !isPlainObject(json.parts)) {
    fail(
      `the checkpoint's format is ${
        JSON.stringify(json?.format)
      }; this version reads format ${FORMAT}`,
    );
  }
  const records = json.parts as Record<string, PartRecord>;
  const tensors = loadSafetensors(bytes);
  const used = new Set<string>();
  const take = (key: unknown): Tensor => {
    if (typeof key !== "string" || !Object.hasOwn(tensors, key)) {
      fail(`the checkpoint names a tensor ${JSON.stringify(key)} it does not hold`);
    }
    used.add(key as string);
    return tensors[key as string];
  };
  // Decode every part; check kinds, names and generator states.
  const values: Record<string, unknown> = {};
  const states: [string, Stateful, unknown][] = [];
  const generators: [Generator, Uint8Array][] = [];
  for (const [name, r] of Object.entries(records)) {
    const target = Object.hasOwn(targets, name) ? targets[name] : undefined;
    if (r?.kind === "value") {
      if (target !== undefined) {
        fail(`part ${JSON.stringify(name)} is a plain value, not a state to load into a target`);
      }
      setOwn(values, name, decode(r.value, take, fail));
    } else if (r?.kind === "generator") {
      const state = take(r.tensor);
      if (target === undefined) {
        if (strict) {
          fail(`the checkpoint has a generator state ${JSON.stringify(name)} and no target for it`);
        }
        continue;
      }
      if (!(target instanceof Generator)) {
        fail(`part ${JSON.stringify(name)} is a generator state; its target is not a Generator`);
      }
      if (state.dtype !== "uint8" || state.ndim !== 1) {
        fail(`generator state ${JSON.stringify(name)} is not a 1-D uint8 tensor`);
      }
      const raw = state.toTypedArray().slice() as Uint8Array;
      try {
        new Generator().setState(raw); // checks it, on a scratch generator
      } catch (e) {
        fail(`generator state ${JSON.stringify(name)}: ${(e as Error).message}`);
      }
      generators.push([target as Generator, raw]);
    } else if (r?.kind === "state") {
      const value = decode(r.value, take, fail);
      if (target === undefined) {
        if (strict) {
          fail(
            `the checkpoint has a state ${
              JSON.stringify(name)
            } and no target for it (pass strict: false to leave it)`,
          );
        }
        continue;
      }
      if (!isStateful(target)) {
        fail(
          `part ${
            JSON.stringify(name)
          } is a state dict; its target has no stateDict()/loadStateDict()`,
        );
      }
      checkTensorRecord(name, (target as Stateful).stateDict(), value, fail);
      states.push([name, target as Stateful, value]);
    } else {
      fail(`part ${JSON.stringify(name)} has no known kind`);
    }
  }
  for (const name of Object.keys(targets)) {
    if (!Object.hasOwn(records, name)) fail(`the checkpoint has no part ${JSON.stringify(name)}`);
  }
  for (const key of Object.keys(tensors)) {
    if (!used.has(key) && strict) {
      fail(`the checkpoint holds a tensor ${JSON.stringify(key)} no part names`);
    }
  }
  // Load: models (whose state is a dict of tensors) after the others, so that a failure there
  // rolls back only optimizers' and schedulers' plain state.
  states.sort(([, , a], [, , b]) => Number(isTensorRecord(a)) - Number(isTensorRecord(b)));
  const done: [Stateful, unknown][] = [];
  try {
    for (const [, target, value] of states) {
      const before = snapshot(target.stateDict());
      target.loadStateDict(value);
      done.push([target, before]);
    }
  } catch (e) {
    for (const [target, before] of done.reverse()) target.loadStateDict(before);
    throw e;
  }
  for (const [g, state] of generators) g.setState(state);
  return values;
}

/** The inverse of `encode` (nesting deeper than 1000 is refused rather than overflow the stack). */
function decode(
  v: unknown,
  take: (key: unknown) => Tensor,
  fail: (m: string) => never,
  depth = 0,
): unknown {
  if (depth > 1000) fail("the checkpoint's JSON nests deeper than 1000");
  if (Array.isArray(v)) return v.map((x) => decode(x, take, fail, depth + 1));
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0].startsWith("$")) {
    const [k] = keys;
    if (k === "$tensor") return take(o.$tensor);
    if (k === "$tensorJSON") return take(o.$tensorJSON).toJSON();
    const special = ["NaN", "Infinity", "-Infinity", "-0"];
    if (k === "$number" && special.includes(o.$number as string)) return Number(o.$number);
    fail(`the checkpoint's JSON holds an unknown placeholder ${JSON.stringify(v)}`);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k, decode(o[k], take, fail, depth + 1));
  return out;
}

const isTensorRecord = (v: unknown): v is Record<string, Tensor> =>
  isPlainObject(v) && Object.values(v).every((t) => t instanceof Tensor);

/**
 * For a model (a target whose `stateDict()` is a dict of tensors): the saved state must have the
 * same names and shapes, as `loadStateDict` with `strict` requires, so that it does not fail
 * after other parts were loaded.
 */
function checkTensorRecord(
  name: string,
  current: unknown,
  saved: unknown,
  fail: (m: string) => never,
): void {
  if (!isTensorRecord(current) || Object.keys(current).length === 0) return;
  if (!isTensorRecord(saved)) {
    fail(
      `part ${JSON.stringify(name)}: the target's state is a dict of tensors, the saved one is not`,
    );
  }
  const s = saved as Record<string, Tensor>;
  const missing = Object.keys(current).filter((k) => !Object.hasOwn(s, k));
  const unexpected = Object.keys(s).filter((k) => !Object.hasOwn(current, k));
  const list = (keys: string[]) => keys.map((k) => JSON.stringify(k)).join(", ");
  const problems = [
    ...(missing.length > 0 ? [`Missing key(s) in state_dict: ${list(missing)}.`] : []),
    ...(unexpected.length > 0 ? [`Unexpected key(s) in state_dict: ${list(unexpected)}.`] : []),
  ];
  if (problems.length > 0) fail(`part ${JSON.stringify(name)}: ${problems.join(" ")}`);
  for (const [k, t] of Object.entries(current)) {
    if (s[k].shape.length !== t.shape.length || s[k].shape.some((d, i) => d !== t.shape[i])) {
      fail(
        `part ${JSON.stringify(name)}: size mismatch for ${k}: copying a param with shape [${
          s[k].shape.join(", ")
        }] from checkpoint, the shape in current model is [${t.shape.join(", ")}].`,
      );
    }
  }
}

/** A state to roll back to: tensors cloned (a model's state dict aliases its parameters). */
function snapshot(v: unknown): unknown {
  if (v instanceof Tensor) return v.detach().clone();
  if (Array.isArray(v)) return v.map(snapshot);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, snapshot(x));
    return out;
  }
  return v;
}
