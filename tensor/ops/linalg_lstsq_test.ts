import assert from "node:assert/strict";
import { gradcheck, gradgradcheck, linalg, manualSeed, type Tensor } from "@descent/tensor";
import { f64, leaf } from "./testdata/inputs.ts";

Deno.test("lstsq: gradcheck and gradgradcheck of the solution and residuals, every driver", () => {
  manualSeed(7);
  const cases: [number[], number[], linalg.LstsqDriver][] = [
    [[5, 3], [5, 2], "gelsy"],
    [[5, 3], [5, 2], "gelsd"],
    [[5, 3], [5], "gelss"],
    [[5, 3], [5, 2], "gels"],
    [[3, 5], [3, 2], "gelsy"],
    [[3, 5], [3, 2], "gels"],
    [[2, 4, 3], [2, 4], "gelsd"],
  ];
  for (const [sa, sb, driver] of cases) {
    const fn = (a: Tensor, b: Tensor) => {
      const { solution, residuals } = linalg.lstsq(a, b, { driver });
      return [solution, residuals];
    };
    const inputs = [leaf(sa), leaf(sb)];
    assert.ok(gradcheck(fn, inputs), `${sa} ${sb} ${driver}`);
    assert.ok(gradgradcheck(fn, inputs), `${sa} ${sb} ${driver}`);
  }
});

Deno.test("lstsq: the minimum-norm solution, rank and singular values of a rank-deficient matrix", () => {
  const A = f64([[1, 1], [1, 1], [1, 1]]);
  const r = linalg.lstsq(A, f64([[1], [2], [3]]), { driver: "gelsd" });
  assert.deepEqual((r.solution.toList() as number[][]).map(([v]) => Math.round(v * 1e12) / 1e12), [
    1,
    1,
  ]);
  assert.equal(String(r.rank), "tensor(1)");
  assert.equal(r.rank.dtype, "int64");
  assert.deepEqual(r.residuals.shape, [0]); // not full rank: no residuals
  assert.equal(r.singularValues.shape[0], 2);
  assert.throws(() => linalg.lstsq(A, f64([1, 2, 3]), { driver: "gels" }), {
    name: "LinAlgError",
    message:
      "torch.linalg.lstsq: The least squares solution could not be computed because the input matrix does not have full rank (error code: 2).",
  });
  const exact = linalg.lstsq(f64([[1, 0], [0, 1], [1, 1]]), f64([1, 2, 3]), { driver: "gelss" });
  assert.ok(Math.abs((exact.residuals.toList() as number[])[0]) < 1e-28);
  assert.deepEqual(linalg.lstsq(leaf([5, 3]), leaf([5, 2]), { rcond: 10 }).rank.toList(), 0);
});
