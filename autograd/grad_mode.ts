/**
 * Grad mode: whether operations record the graph. PyTorch's `torch.no_grad`,
 * `torch.enable_grad`, `torch.set_grad_enabled` and `torch.is_grad_enabled`.
 *
 * @module
 */

import { assertNotThenable, assertSyncFunction } from "./sync_callback.ts";

let enabled = true;

/**
 * Whether operations currently record a graph. PyTorch: `torch.is_grad_enabled()`.
 *
 * @returns `true` unless inside {@linkcode noGrad} or after `setGradEnabled(false)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGradEnabled, noGrad } from "@descent/autograd";
 * assert(isGradEnabled());
 * noGrad(() => assert(!isGradEnabled()));
 * ```
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Turns graph recording on or off. PyTorch: `torch.set_grad_enabled(mode)` called as a function.
 *
 * @param on `true` to record, `false` to stop recording.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGradEnabled, setGradEnabled } from "@descent/autograd";
 * setGradEnabled(false);
 * assert(!isGradEnabled());
 * setGradEnabled(true);
 * ```
 */
export function setGradEnabled(on: boolean): void {
  if (typeof on !== "boolean") {
    throw new TypeError(`setGradEnabled() expects a boolean, got ${typeof on}`);
  }
  enabled = on;
}

/** Runs `fn` with grad mode `on`; refuses async callbacks (see sync_callback.ts). */
function withMode<T>(on: boolean, fn: () => T, api: string): T {
  assertSyncFunction(fn, api);
  const prev = enabled;
  enabled = on;
  let result: T;
  try {
    result = fn();
  } finally {
    enabled = prev;
  }
  assertNotThenable(result, api);
  return result;
}

/**
 * Runs `fn` without recording a graph; results do not require grad.
 * PyTorch: `with torch.no_grad():`. `fn` must be synchronous: an async function (or one that
 * returns a promise) is refused with a `TypeError`, because grad mode cannot follow an `await`.
 *
 * @param fn The code to run.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGradEnabled, noGrad } from "@descent/autograd";
 * const inside = noGrad(() => isGradEnabled());
 * assert(inside === false && isGradEnabled());
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn, "noGrad()");
}

/**
 * Runs `fn` with graph recording on, even inside {@linkcode noGrad}.
 * PyTorch: `with torch.enable_grad():`. `fn` must be synchronous, as for `noGrad`.
 *
 * @param fn The code to run.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { enableGrad, isGradEnabled, noGrad } from "@descent/autograd";
 * assert(noGrad(() => enableGrad(() => isGradEnabled())));
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn, "enableGrad()");
}
