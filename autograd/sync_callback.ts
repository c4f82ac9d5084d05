/**
 * Callbacks that autograd runs must be synchronous. Grad mode is one flag for the whole program
 * and a graph walk runs start to finish, so neither can follow an `await`: an async callback of
 * `noGrad` would record again from its first `await` on. PyTorch's context managers are
 * per-thread and have no such case; descent refuses async callbacks with a `TypeError` instead of
 * running them half inside and half outside.
 *
 * @module
 */

const AsyncFunction = (async () => {}).constructor;
const AsyncGeneratorFunction = (async function* () {}).constructor;

const WHY =
  "descent's autograd runs callbacks synchronously and cannot follow an await (grad mode and the graph would be restored before the rest of it runs). Await outside the callback instead.";

/**
 * Throws a `TypeError` unless `fn` is a function that is not `async`. Used by every API that takes
 * a callback (`noGrad`, `enableGrad`, hooks, custom `Function`s, `jacobian`, `gradcheck` …).
 *
 * @param fn The callback.
 * @param api The API that takes it, as the message names it, e.g. `"noGrad()"`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertSyncFunction } from "@descent/autograd";
 * assertSyncFunction(() => 1, "noGrad()");
 * assert.throws(() => assertSyncFunction(async () => await 1, "noGrad()"), TypeError);
 * ```
 */
export function assertSyncFunction(fn: unknown, api: string): void {
  if (typeof fn !== "function") {
    throw new TypeError(`${api} expects a function, got ${fn === null ? "null" : typeof fn}`);
  }
  const ctor = fn.constructor;
  if (ctor === AsyncFunction || ctor === AsyncGeneratorFunction) {
    throw new TypeError(`${api} expects a synchronous function, got an async function: ${WHY}`);
  }
}

/**
 * Throws a `TypeError` when a callback returned a promise (any thenable): the callback went on
 * asynchronously, outside the grad mode or graph walk it was called in.
 *
 * @param value What the callback returned.
 * @param api The API that called it, as the message names it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertNotThenable } from "@descent/autograd";
 * assertNotThenable(42, "noGrad()");
 * assert.throws(() => assertNotThenable(Promise.resolve(1), "noGrad()"), TypeError);
 * ```
 */
export function assertNotThenable(value: unknown, api: string): void {
  if (
    value !== null && (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  ) {
    throw new TypeError(`${api}: the callback returned a Promise; ${WHY}`);
  }
}
