/**
 * Test helper: everything an optimizer and its scheduler own, as one string — parameter values
 * and versions, gradients, groups, state, the scheduler's fields — so a test can assert that an
 * operation that threw changed none of it.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { LRScheduler, Optimizer } from "@descent/optim";

/**
 * A snapshot of an optimizer (and a scheduler).
 *
 * @param opt The optimizer.
 * @param sched A scheduler over it.
 * @returns Everything they own, as JSON.
 */
export function snapshot(opt: Optimizer, sched?: LRScheduler): string {
  const params = opt.paramGroups.flatMap((g) => g.params);
  return JSON.stringify({
    params: params.map((p) => [p.toList(), p.version, p.grad?.toList() ?? null, p.grad?.version]),
    groups: opt.paramGroups.map((g) => ({ ...g, params: g.params.length })),
    state: opt.stateDict().state,
    stepCount: opt._stepCount,
    sched: sched === undefined ? null : [sched.stateDict(), sched.getLastLr()],
  });
}

/**
 * Asserts that `fn` throws an error matching `error` and that `opt` (and `sched`) are unchanged.
 *
 * @param fn The refused operation.
 * @param error What the error must match.
 * @param opt The optimizer.
 * @param sched A scheduler over it.
 */
export function assertRefused(
  fn: () => unknown,
  error: RegExp,
  opt: Optimizer,
  sched?: LRScheduler,
): void {
  const before = snapshot(opt, sched);
  assert.throws(fn, error);
  assert.equal(snapshot(opt, sched), before, `changed by a call that threw ${error}`);
}
