/**
 * Argument and state checks shared by the optimizers and schedulers: each check throws a
 * TypeError for a value of the wrong type and a RangeError (with PyTorch's words where it has
 * them) for a value out of range, naming the key it checks. `checkFields` runs a table of them,
 * so a constructor, `addParamGroup` and `loadStateDict` all refuse the same values.
 *
 * @module
 */

import { Tensor } from "@descent/tensor";

/** Checks one value; `key` names it in the error. */
export type Check = (value: unknown, key: string) => void;

/**
 * A short description of a value's type for error messages.
 *
 * @param x The value.
 * @returns `torch.FloatTensor`, `null`, `array`, `Promise`, or the `typeof`.
 */
export function describe(x: unknown): string {
  if (x instanceof Tensor) return x.type();
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  if (isThenable(x)) return "Promise";
  return typeof x;
}

/**
 * Whether `x` is a promise or another thenable.
 *
 * @param x The value.
 * @returns `true` for an object or function with a `then` method.
 */
export function isThenable(x: unknown): boolean {
  return (typeof x === "object" || typeof x === "function") && x !== null &&
    typeof (x as { then?: unknown }).then === "function";
}

/**
 * Refuses an async function before it runs: descent's optimizers and schedulers call their
 * callbacks synchronously (a promise would be stepped past before it settled).
 *
 * @param fn The callback.
 * @param what Names it in the error (`step(): closure`).
 */
export function checkSyncFunction(fn: unknown, what: string): void {
  if (typeof fn !== "function") {
    throw new TypeError(`${what} must be a function, got ${describe(fn)}`);
  }
  if (Object.prototype.toString.call(fn) === "[object AsyncFunction]") {
    throw new TypeError(
      `${what} must be synchronous, got an async function: await its work before the call and pass a function that returns the value`,
    );
  }
}

/**
 * Refuses a promise returned by a callback that must be synchronous.
 *
 * @param value What the callback returned.
 * @param what Names the callback in the error.
 * @returns `value`.
 */
export function syncResult<T>(value: T, what: string): T {
  if (isThenable(value)) {
    throw new TypeError(
      `${what} returned a Promise; it must return its value synchronously (nothing was changed)`,
    );
  }
  return value;
}

/** A number (NaN and ±∞ included). */
export const isNumber: Check = (v, key) => {
  if (typeof v !== "number") throw new TypeError(`${key} must be a number, got ${got(v)}`);
};

/** A boolean. */
export const isBoolean: Check = (v, key) => {
  if (typeof v !== "boolean") throw new TypeError(`${key} must be a boolean, got ${got(v)}`);
};

/** A wrong value for an error message: a string quoted, anything else by its type. */
function got(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : describe(v);
}

/**
 * A number with `0 <= v` (NaN refused), PyTorch's `if not 0.0 <= v: raise ValueError(...)`.
 *
 * @param label PyTorch's words, e.g. `Invalid learning rate`.
 * @returns The check.
 */
export function nonNegative(label: string): Check {
  return (v, key) => {
    isNumber(v, key);
    if (!(0 <= (v as number))) throw new RangeError(`${label}: ${v}`);
  };
}

/**
 * An integer `>= min`.
 *
 * @param min The smallest value allowed.
 * @returns The check.
 */
export function integerAtLeast(min: number): Check {
  return (v, key) => {
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new TypeError(`${key} must be an integer, got ${show(v)}`);
    }
    if (v < min) throw new RangeError(`${key} must be at least ${min}, got ${v}`);
  };
}

/**
 * One of a few strings (or `null` when listed).
 *
 * @param values The values allowed.
 * @returns The check.
 */
export function oneOf(values: readonly (string | null)[]): Check {
  return (v, key) => {
    if (!values.includes(v as string | null)) {
      throw new TypeError(
        `${key} must be one of ${values.map((x) => JSON.stringify(x)).join(", ")}, got ${show(v)}`,
      );
    }
  };
}

/**
 * An array of numbers, of a given length when `length` is set.
 *
 * @param length The length required, if any.
 * @returns The check.
 */
export function numberArray(length?: number): Check {
  return (v, key) => {
    if (!Array.isArray(v)) throw new TypeError(`${key} must be an array, got ${describe(v)}`);
    if (length !== undefined && v.length !== length) {
      throw new RangeError(`${key} must have ${length} values, got ${v.length}`);
    }
    v.forEach((x, i) => isNumber(x, `${key}[${i}]`));
  };
}

/** An array of integers (epoch indices, milestones). */
export const integerArray: Check = (v, key) => {
  numberArray()(v, key);
  (v as number[]).forEach((x, i) => integerAtLeast(-Infinity)(x, `${key}[${i}]`));
};

/**
 * PyTorch's `betas`: a pair with `0 <= beta < 1` each.
 */
export const isBetas: Check = (v, key) => {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new TypeError(`${key} must be a pair of numbers, got ${show(v)}`);
  }
  for (let i = 0; i < 2; i++) {
    isNumber(v[i], `${key}[${i}]`);
    if (!(0 <= v[i] && v[i] < 1)) {
      throw new RangeError(`Invalid beta parameter at index ${i}: ${v[i]}`);
    }
  }
};

/**
 * Options with defaults filled in where a value is missing or `undefined`.
 *
 * @param defaults The defaults.
 * @param options The options given (may be `undefined`).
 * @returns A new object.
 */
export function withDefaults<D extends object, O extends object>(
  defaults: D,
  options: O | undefined,
): Omit<O, keyof D> & D {
  const out = { ...defaults } as Record<string, unknown>;
  if (options !== null && typeof options === "object") {
    for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  }
  return out as Omit<O, keyof D> & D;
}

/**
 * A constructor's options with defaults filled in, refusing an option it does not know (a
 * misspelt `weight_decay` would otherwise be ignored silently).
 *
 * @param what Names the constructor in the error.
 * @param defaults The defaults; their keys are the options known.
 * @param options The options given (may be `undefined`).
 * @param also Other keys allowed (options without a default).
 * @returns A new object.
 */
export function optionsOf<D extends object, O extends object>(
  what: string,
  defaults: D,
  options: O | undefined,
  also: readonly string[] = [],
): Omit<O, keyof D> & D {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`${what}: options must be an object, got ${describe(options)}`);
  }
  const known = [...Object.keys(defaults), ...also];
  for (const k of Object.keys(options ?? {})) {
    if (!known.includes(k)) {
      throw new TypeError(
        `${what}: unknown option '${k}' (the options are ${known.map((x) => `'${x}'`).join(", ")})`,
      );
    }
  }
  return withDefaults(defaults, options);
}

/** PyTorch's `lr` check: `Invalid learning rate: -1`. */
export const LR: Check = nonNegative("Invalid learning rate");
/** PyTorch's `eps` check: `Invalid epsilon value: -1`. */
export const EPS: Check = nonNegative("Invalid epsilon value");
/** PyTorch's `weight_decay` check: `Invalid weight_decay value: -1`. */
export const WEIGHT_DECAY: Check = nonNegative("Invalid weight_decay value");
/** PyTorch's `momentum` check: `Invalid momentum value: -1`. */
export const MOMENTUM: Check = nonNegative("Invalid momentum value");

/** The hyper-parameters Adam, Adamax, NAdam and RAdam share, checked as PyTorch does. */
export const ADAM_FAMILY: Record<string, Check> = {
  lr: LR,
  betas: isBetas,
  eps: EPS,
  weightDecay: WEIGHT_DECAY,
  maximize: isBoolean,
};

/** A value printed for an error message. */
function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) {
    return String(v);
  }
  try {
    return JSON.stringify(v) ?? describe(v);
  } catch {
    return describe(v);
  }
}

/**
 * Runs `spec`'s checks on the fields of `obj`. With `where`, an error keeps its class and names
 * the key's full path: `where` is put before a message that starts with the key
 * (`loadStateDict(): paramGroups[0].lr must be a number, got string`), and `where`, the key and
 * a colon before one in PyTorch's words (`loadStateDict(): paramGroups[0].lr: Invalid learning
 * rate: -1`).
 *
 * @param obj The object whose fields are checked.
 * @param spec A check per key.
 * @param where The path before the keys, e.g. `loadStateDict(): paramGroups[0].`.
 */
export function checkFields(
  obj: Record<string, unknown>,
  spec: Record<string, Check>,
  where = "",
): void {
  for (const [key, check] of Object.entries(spec)) {
    const namesKey = (m: string) => m.startsWith(`${key} `) || m.startsWith(`${key}[`);
    within(
      (m) => (where === "" || namesKey(m) ? where : `${where}${key}: `),
      () => check(obj[key], key),
    );
  }
}

/**
 * Runs `fn`; an error it throws is thrown again, same class, with `prefix` (or what
 * `prefix(message)` returns) in front of its message.
 *
 * @param prefix The prefix, or a function of the message that gives it.
 * @param fn The work.
 * @returns What `fn` returns.
 */
export function within<T>(prefix: string | ((message: string) => string), fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const p = typeof prefix === "string" ? prefix : prefix(e.message);
    if (p === "") throw e;
    const Ctor = e instanceof RangeError ? RangeError : e instanceof TypeError ? TypeError : Error;
    throw new Ctor(p + e.message);
  }
}
