import assert from "node:assert/strict";
import { jacobian, linalg, type Tensor, tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { main, newtonStep, system } from "./newton_step.ts";

/** The |F| column of the printed table, one number per step. */
function residuals(stdout: string): number[] {
  return stdout.split("\n").filter((l) => /^\s+\d+\s/.test(l)).map((l) =>
    Number(l.trim().split(/\s+/)[4])
  );
}

Deno.test("newton_step finds the root (1, 1, 2) from the default start, quadratically", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /Converged in \d steps to \(1\.000000, 1\.000000, 2\.000000\)/);
  const res = residuals(r.stdout);
  assert.ok(res.length >= 4 && res.at(-1)! < 1e-12, String(res));
  // quadratic: once small, each residual is below a constant times the previous one squared
  for (let k = 1; k < res.length; k++) {
    if (res[k - 1] < 0.1 && res[k] > 0) assert.ok(res[k] < 10 * res[k - 1] ** 2, String(res));
  }
});

Deno.test("newton_step: another start, another root; a singular Jacobian stops with PyTorch's error", () => {
  const other = capture(main, ["--start", "1.5,0.5,1.5"]);
  assert.equal(other.code, 0);
  assert.match(other.stdout, /to \(1\.259373, 0\.821231, 1\.933794\)/);
  const singular = capture(main, ["--start", "2,2,2"]);
  assert.equal(singular.code, 1);
  assert.match(
    singular.stdout,
    /Stopped: the Jacobian is singular at step 1: torch\.linalg\.solve: The solver failed because the input matrix is singular\./,
  );
  const slow = capture(main, ["--start", "1.5,0.5,1.5", "--max-steps", "2"]);
  assert.equal(slow.code, 1);
  assert.match(slow.stdout, /No convergence in 2 steps/);
});

Deno.test("newtonStep is v − J⁻¹F(v) with the Jacobian of jacobian(), and differentiable", () => {
  const f64 = (data: number[]): Tensor => tensor(data, { dtype: "float64" });
  const v = f64([0.8, 1.2, 2.2]);
  const J = jacobian(system, v);
  // a hand-written check of one step: J·(v − next) = F(v)
  const next = newtonStep(system, v);
  const lhs = J.matmul(v.sub(next)).toList() as number[];
  const rhs = system(v).toList() as number[];
  lhs.forEach((x, i) => assert.ok(Math.abs(x - rhs[i]) < 1e-14));
  // the step as a function of the start point, differentiated through solve and jacobian
  const x = f64([0.8, 1.2, 2.2]).requiresGrad_();
  const step = x.sub(linalg.solve(jacobian(system, x, { createGraph: true }), system(x)));
  step.sum().backward();
  assert.equal(x.grad!.shape.join(), "3");
});

Deno.test("newton_step rejects bad flags", () => {
  for (
    const [args, msg] of [
      [["--start", "1,2"], "--start needs 3 numbers, got 2"],
      [["--tol", "0"], "--tol must be > 0, got 0"],
      [["--max-steps", "0"], "--max-steps must be >= 1, got 0"],
    ] as const
  ) {
    const r = capture(main, [...args]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `newton_step.ts: error: ${msg} (see --help)\n`);
  }
});
