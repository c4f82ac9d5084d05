/**
 * gradcheck and gradgradcheck of unary ops inside their domains, for the tests of the unary-op
 * tables (trig_test.ts, exp_log_test.ts).
 *
 * @module
 */

import assert from "node:assert/strict";
import { gradcheck, gradgradcheck, rand, type Tensor } from "@descent/tensor";

/** A unary op and the interval [lo, hi) its inputs are drawn from. */
export type InDomain = [f: (a: Tensor) => Tensor, lo: number, hi: number];

/**
 * Asserts gradcheck and gradgradcheck (float64) of each op on 0-d, vector and matrix inputs
 * drawn uniformly from its interval.
 *
 * @param cases The ops and their intervals.
 */
export function checkInDomains(cases: readonly InDomain[]): void {
  for (const [f, lo, hi] of cases) {
    for (const shape of [[], [5], [2, 3]]) {
      const x = rand(shape, { dtype: "float64" }).mul(hi - lo).add(lo).requiresGrad_();
      assert.ok(gradcheck(f, [x]), `${f.name} ${shape}`);
      assert.ok(gradgradcheck(f, [x]), `${f.name} ${shape}`);
    }
  }
}
