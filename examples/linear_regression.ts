/**
 * Fitting a line to noisy data with gradient descent: `pred = x * w + b`, `mseLoss`, `SGD`.
 * The data is generated with a seed from a known line, so the fit can be checked against
 * the truth and against the exact least-squares answer.
 *
 * ```sh
 * deno run examples/linear_regression.ts
 * deno run examples/linear_regression.ts --noise 3 --points 20
 * ```
 *
 * The PyTorch equivalent:
 *
 * ```python
 * w = torch.zeros(1, requires_grad=True); b = torch.zeros(1, requires_grad=True)
 * opt = torch.optim.SGD([w, b], lr=0.02)
 * for epoch in range(epochs):
 *     opt.zero_grad()
 *     loss = F.mse_loss(x * w + b, y)
 *     loss.backward()
 *     opt.step()
 * ```
 *
 * @module
 */

import { mseLoss } from "@descent/losses";
import { SGD } from "@descent/optim";
import { manualSeed, rand, randn, type Tensor, zeros } from "@descent/tensor";
import { type Out, runCli } from "./_cli.ts";
import { fixed, sci, table } from "./_format.ts";

/** The line the data is drawn from: y = 2.5·x − 1 (+ noise). */
export const TRUE_W = 2.5;
/** Intercept of the true line. */
export const TRUE_B = -1;
/** x is drawn uniformly from [0, X_MAX). */
export const X_MAX = 10;

const CLI = {
  name: "linear_regression.ts",
  summary: [
    `Fits pred = x * w + b to points drawn from y = ${TRUE_W}x ${TRUE_B < 0 ? "-" : "+"} ${
      Math.abs(TRUE_B)
    } plus Gaussian noise, with mseLoss`,
    "and SGD, and compares the fit with the truth and the exact least-squares line.",
  ].join("\n"),
  flags: {
    points: { type: "integer", default: 100, min: 2, max: 1000000, help: "number of data points" },
    noise: { type: "number", default: 1, min: 0, help: "standard deviation of the noise" },
    epochs: { type: "integer", default: 1000, min: 1, max: 1000000, help: "full-batch steps" },
    lr: { type: "number", default: 0.02, min: 0, exclusiveMin: true, help: "learning rate" },
    seed: { type: "integer", default: 0, help: "seed of the data" },
  },
} as const;

/** A data set: `x` and `y`, both of shape `[n, 1]`. */
export interface Data {
  /** Inputs, `[n, 1]`. */
  x: Tensor;
  /** Targets, `[n, 1]`. */
  y: Tensor;
}

/**
 * Draws `n` points from y = 2.5·x − 1 + noise·N(0, 1), x uniform in [0, 10).
 * PyTorch: `torch.manual_seed(seed); x = torch.rand(n, 1) * 10; y = 2.5 * x - 1 + noise * torch.randn(n, 1)`.
 *
 * @param n Number of points.
 * @param noise Standard deviation of the noise.
 * @param seed Seed.
 * @returns The data.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeData } from "./linear_regression.ts";
 * const { x, y } = makeData(5, 0, 0);
 * assert(x.shape.join() === "5,1" && y.shape.join() === "5,1");
 * ```
 */
export function makeData(n: number, noise: number, seed: number): Data {
  manualSeed(seed);
  const x = rand([n, 1]).mul(X_MAX);
  const y = x.mul(TRUE_W).add(TRUE_B).add(randn([n, 1]).mul(noise));
  return { x, y };
}

/**
 * The exact least-squares line through the data (what minimising the mean-squared error
 * reaches), in float64: w = cov(x, y) / var(x), b = mean(y) − w·mean(x).
 *
 * @param d The data.
 * @returns `{ w, b }`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensor } from "@descent/tensor";
 * import { leastSquares } from "./linear_regression.ts";
 * const fit = leastSquares({ x: tensor([[0], [1], [2]]), y: tensor([[1], [3], [5]]) });
 * assert(Math.abs(fit.w - 2) < 1e-12 && Math.abs(fit.b - 1) < 1e-12);
 * ```
 */
export function leastSquares(d: Data): { w: number; b: number } {
  const xs = d.x.toTypedArray(), ys = d.y.toTypedArray();
  const n = xs.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const w = sxy / sxx;
  return { w, b: my - w * mx };
}

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the report goes.
 * @param err Where usage errors go.
 * @returns 0, 1 if the loss diverged, 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./linear_regression.ts";
 * assert(main(["--epochs", "10"], () => {}) === 0);
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, (f) => {
    const data = makeData(f.points, f.noise, f.seed);
    const { x, y } = data;
    out(
      `Data: ${f.points} points from y = ${TRUE_W}*x - ${-TRUE_B} + noise (std ${f.noise}), ` +
        `x uniform in [0, ${X_MAX}), seed ${f.seed}`,
    );
    out(`Model: pred = x * w + b, w = b = 0 at the start; mseLoss; SGD(lr = ${f.lr})`);
    out("Each line shows the loss, w and b at the start of that epoch.");
    out("");

    const w = zeros([1], { requiresGrad: true });
    const b = zeros([1], { requiresGrad: true });
    const opt = new SGD([w, b], { lr: f.lr });
    const every = Math.max(1, Math.round(f.epochs / 10));
    const width = String(f.epochs).length;
    for (let epoch = 1; epoch <= f.epochs; epoch++) {
      opt.zeroGrad();
      const l = mseLoss(x.mul(w).add(b), y);
      l.backward();
      const loss = l.item();
      const line = `epoch ${String(epoch).padStart(width)}/${f.epochs}  loss ${sci(loss)}  w ${
        fixed(w.item(), 4)
      }  b ${fixed(b.item(), 4)}`;
      opt.step();
      if (!Number.isFinite(loss) || loss > 1e12) {
        out(
          `epoch ${epoch}: the loss is ${sci(loss)}: diverged. With x up to ${X_MAX} the loss ` +
            `curves steeply in w; try --lr 0.02 or less.`,
        );
        return 1;
      }
      if (epoch === 1 || epoch % every === 0 || epoch === f.epochs) out(line);
    }
    out("");

    const ls = leastSquares(data);
    const loss = (wv: number, bv: number): number => mseLoss(x.mul(wv).add(bv), y).item();
    const rows = [
      ["truth", fixed(TRUE_W, 4), fixed(TRUE_B, 4), sci(loss(TRUE_W, TRUE_B))],
      ["gradient descent", fixed(w.item(), 4), fixed(b.item(), 4), sci(loss(w.item(), b.item()))],
      ["least squares", fixed(ls.w, 4), fixed(ls.b, 4), sci(loss(ls.w, ls.b))],
    ];
    for (const line of table(["", "w", "b", "loss"], rows, ["l", "r", "r", "r"])) out(line);
    out("");
    out(
      `Gradient descent reached the exact least-squares line: |dw| = ${
        sci(Math.abs(w.item() - ls.w))
      }, |db| = ${sci(Math.abs(b.item() - ls.b))}.`,
    );
    out(
      `Both differ from the true line (|dw| = ${sci(Math.abs(ls.w - TRUE_W))}, |db| = ${
        sci(Math.abs(ls.b - TRUE_B))
      }) because of the noise:`,
    );
    out("on this sample the least-squares line has a lower loss than the truth. More points or");
    out("less noise (--points, --noise) bring them closer.");
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
