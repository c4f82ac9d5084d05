import assert from "node:assert/strict";
import { cubicInterpolate, strongWolfe } from "./line_search.ts";

const id = (x: number) => x;

Deno.test("cubicInterpolate: the minimiser of the interpolating cubic, clamped; else the midpoint", () => {
  // f = (x - 1)²: through (0, 1, -2) and (3, 4, 4) the cubic is the parabola itself
  assert.equal(cubicInterpolate([0, 1, -2, 3, 4, 4]), 1);
  assert.equal(cubicInterpolate([3, 4, 4, 0, 1, -2]), 1); // either order
  assert.equal(cubicInterpolate([0, 1, -2, 3, 4, 4], [1.5, 2]), 1.5);
  // slopes 3 and 3 with f rising by 2: d1 = 0, d1² - g1 g2 < 0, no minimum
  assert.equal(cubicInterpolate([0, 0, 3, 1, 2, 3]), 0.5);
});

Deno.test("strongWolfe returns a step satisfying the strong Wolfe conditions", () => {
  // f(t) = (t - 1)⁴ + t along d = [1] from t = 0 (f = 1, slope -3)
  const f = (t: number) => (t - 1) ** 4 + t;
  const g = (t: number) => 4 * (t - 1) ** 3 + 1;
  for (const t0 of [1e-3, 0.1, 1, 5]) {
    let probes = 0;
    const r = strongWolfe((t) => {
      probes++;
      return { f: f(t), g: new Float64Array([g(t)]) };
    }, {
      d: new Float64Array([1]),
      t: t0,
      f: f(0),
      g: new Float64Array([g(0)]),
      gtd: g(0),
      round: id,
    });
    assert.equal(r.evals, probes);
    assert.equal(r.f, f(r.t));
    assert.ok(r.f <= f(0) + 1e-4 * r.t * g(0), `sufficient decrease from ${t0}`);
    assert.ok(Math.abs(g(r.t)) <= 0.9 * Math.abs(g(0)), `curvature from ${t0}`);
  }
});
