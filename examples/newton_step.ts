/**
 * Solving a system of nonlinear equations with Newton's method: the Jacobian from `jacobian()`,
 * the step from `linalg.solve` — no hand-written 3×3 solver.
 *
 * ```sh
 * deno run examples/newton_step.ts
 * deno run examples/newton_step.ts --start 1.5,0.5,1.5   # another root
 * deno run examples/newton_step.ts --start 2,2,2         # a singular Jacobian
 * ```
 *
 * The PyTorch equivalent:
 *
 * ```python
 * x = torch.tensor([0.8, 1.2, 2.2], dtype=torch.float64)
 * for step in range(max_steps):
 *     J = torch.autograd.functional.jacobian(F, x)
 *     x = x - torch.linalg.solve(J, F(x))
 * ```
 *
 * @module
 */

import { jacobian, linalg, stack, type Tensor, tensor } from "@descent/tensor";
import { type Out, runCli } from "./_cli.ts";
import { fixed, sci, table } from "./_format.ts";

const CLI = {
  name: "newton_step.ts",
  summary: [
    "Solves F(x, y, z) = 0 for F1 = x² + y² + z² - 6, F2 = xyz - 2, F3 = x + y² - z with",
    "Newton's method, x ← x - J⁻¹F(x): the Jacobian J from jacobian(), the step from",
    "linalg.solve(J, F(x)), in float64. The system has several roots: the start picks one",
    "(from 0.8,1.2,2.2 Newton finds (1, 1, 2); from 1.5,0.5,1.5 another).",
  ].join("\n"),
  flags: {
    start: { type: "numbers", default: [0.8, 1.2, 2.2], arg: "x,y,z", help: "starting point" },
    tol: { type: "number", default: 1e-12, min: 0, exclusiveMin: true, help: "stop at |F| < tol" },
    "max-steps": { type: "integer", default: 20, min: 1, max: 1000, help: "most Newton steps" },
  },
} as const;

/**
 * The system: `F(v) = [x² + y² + z² − 6, x·y·z − 2, x + y² − z]` for `v = [x, y, z]`, zero at
 * (1, 1, 2).
 *
 * @param v A vector of three elements.
 * @returns F(v), three elements.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { system } from "./newton_step.ts";
 * assert.deepEqual(system(tensor([1, 1, 2], { dtype: "float64" })).toList(), [0, 0, 0]);
 * ```
 */
export function system(v: Tensor): Tensor {
  const [x, y, z] = [v.select(0, 0), v.select(0, 1), v.select(0, 2)];
  return stack([
    x.square().add(y.square()).add(z.square()).sub(6),
    x.mul(y).mul(z).sub(2),
    x.add(y.square()).sub(z),
  ]);
}

/**
 * One Newton step for `F(v) = 0`: `v − J(v)⁻¹·F(v)` with `J = jacobian(F, v)`. Throws
 * `linalg.LinAlgError` where J is singular.
 *
 * @param f The system.
 * @param v The current point.
 * @returns The next point.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { newtonStep } from "./newton_step.ts";
 * // x² − 4 = 0 from 3: 3 − 5/6
 * const next = newtonStep((v) => v.square().sub(4), tensor([3], { dtype: "float64" }));
 * assert.ok(Math.abs(next.item() - 13 / 6) < 1e-15);
 * ```
 */
export function newtonStep(f: (v: Tensor) => Tensor, v: Tensor): Tensor {
  return v.sub(linalg.solve(jacobian(f, v), f(v)));
}

/** |F(v)|, the Euclidean norm of the residual. */
function residual(v: Tensor): number {
  return Math.sqrt(system(v).square().sum().item());
}

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the report goes.
 * @param err Where usage errors go.
 * @returns 0 when converged, 1 when the Jacobian was singular or the steps ran out, 2 for
 *   bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./newton_step.ts";
 * assert(main([], () => {}) === 0);
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (f) => {
    if (f.start.length !== 3) {
      err(`${CLI.name}: error: --start needs 3 numbers, got ${f.start.length} (see --help)`);
      return 2;
    }
    out("F1 = x² + y² + z² - 6,  F2 = xyz - 2,  F3 = x + y² - z");
    out("Newton's method: v ← v - solve(J(v), F(v)), J = jacobian(F, v)");
    out("");
    let v = tensor(f.start, { dtype: "float64" });
    const rows: string[][] = [];
    const row = (k: number, r: number) => {
      const [x, y, z] = v.toList() as number[];
      rows.push([String(k), fixed(x, 12), fixed(y, 12), fixed(z, 12), sci(r)]);
    };
    let r = residual(v);
    row(0, r);
    let steps = 0;
    let failure: string | null = null;
    while (!(r < f.tol) && steps < f["max-steps"]) {
      try {
        v = newtonStep(system, v);
      } catch (e) {
        if (!(e instanceof linalg.LinAlgError)) throw e;
        failure = `the Jacobian is singular at step ${steps + 1}: ${e.message}`;
        break;
      }
      steps++;
      r = residual(v);
      row(steps, r);
    }
    for (const line of table(["step", "x", "y", "z", "|F|"], rows, ["r", "r", "r", "r", "r"])) {
      out(line);
    }
    out("");
    if (failure !== null) {
      out(`Stopped: ${failure} Try another --start.`);
      return 1;
    }
    if (!(r < f.tol)) {
      out(`No convergence in ${steps} steps (|F| = ${sci(r)}). Try another --start.`);
      return 1;
    }
    const root = (v.toList() as number[]).map((c) => fixed(c, 6)).join(", ");
    out(`Converged in ${steps} steps to (${root}): |F| = ${sci(r)} < ${sci(f.tol)}.`);
    out("Near the root each step about squares |F| (quadratic convergence).");
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
