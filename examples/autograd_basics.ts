/**
 * The autograd walk-through: build a small graph, look at each tensor's `gradFn`, call
 * `backward()`, see which tensors get a `.grad` (leaves only), what `retainGrad()` changes,
 * and what the `requires_grad` rules refuse.
 *
 * ```sh
 * deno run examples/autograd_basics.ts
 * ```
 *
 * The PyTorch original:
 *
 * ```python
 * x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
 * x1 = x + 2; x2 = x1 - 1; x3 = x2 * 2; y = x3.sum()
 * y.backward()
 * print(x.grad)   # tensor([[2., 2.], [2., 2.]])
 * ```
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import { type Tensor, tensor } from "@descent/tensor";
import { type Out, runCli } from "./_cli.ts";

const CLI = {
  name: "autograd_basics.ts",
  summary: [
    "Builds x -> x1 = x + 2 -> x2 = x1 - 1 -> x3 = x2 * 2 -> y = x3.sum(), prints each tensor",
    "with its grad_fn, runs y.backward(), and shows leaf-only .grad, retainGrad() and the",
    "errors the requires_grad rules raise.",
  ].join("\n"),
  flags: {},
} as const;

/** `grad_fn` and its `next_functions` as text, e.g. `AddBackward0 -> (AccumulateGrad, None)`. */
function describeGradFn(t: Tensor): string {
  const fn = t.gradFn;
  if (fn === null) return "null";
  const next = fn.nextFunctions.map(([n]) => (n === null ? "None" : n.name()));
  return `${fn.name()} -> next_functions (${next.join(", ")})`;
}

/** Runs `f` and prints what it threw (or that it did not throw). */
function refused(out: Out, code: string, f: () => unknown): void {
  try {
    f();
    out(`${code}\n    -> no error`);
  } catch (e) {
    out(`${code}\n    -> ${(e as Error).name}: ${(e as Error).message}`);
  }
}

/** The graph of the walk-through, built from a fresh leaf `x`. */
function build(x: Tensor): { x1: Tensor; x2: Tensor; x3: Tensor; y: Tensor } {
  const x1 = x.add(2);
  const x2 = x1.sub(1);
  const x3 = x2.mul(2);
  const y = x3.sum();
  return { x1, x2, x3, y };
}

/**
 * Runs the example. PyTorch: the autograd walk-through of the tutorial.
 *
 * @param args Command-line arguments (only `--help`).
 * @param out Where the walk-through goes.
 * @param err Where usage errors go.
 * @returns The exit code (0, or 2 for bad flags).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./autograd_basics.ts";
 * const lines: string[] = [];
 * assert(main([], (l) => lines.push(l)) === 0);
 * ```
 */
export function main(args: string[], out: Out, err: Out = console.error): number {
  return runCli(CLI, args, out, err, () => {
    out("== 1. The forward pass records a graph ==");
    out("Each result remembers the operation that made it (gradFn, PyTorch's grad_fn) and,");
    out("through nextFunctions, the nodes of its inputs. x was made by hand: it is a leaf.");
    out("(Only float tensors can require grad: PyTorch writes torch.tensor([[1., 2.], [3., 4.]],");
    out(" ...). JavaScript has no 1. apart from 1, so integer data makes an int64 tensor, as");
    out(' torch.tensor([[1, 2], [3, 4]]) does, and descent asks for { dtype: "float32" }.)');
    out("");
    const x = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true });
    const { x1, x2, x3, y } = build(x);
    const named: [string, Tensor][] = [
      ["x", x],
      ["x1 = x.add(2)", x1],
      ["x2 = x1.sub(1)", x2],
      ["x3 = x2.mul(2)", x3],
      ["y = x3.sum()", y],
    ];
    for (const [name, t] of named) {
      out(`${name}    isLeaf=${t.isLeaf}  gradFn: ${describeGradFn(t)}`);
      out(String(t));
    }
    out("");

    out("== 2. y.backward() fills .grad of the leaf only ==");
    out("y = sum(2 * (x + 2 - 1)), so dy/dx = 2 everywhere. The intermediate results got their");
    out("gradients on the way back, used them, and dropped them: their .grad is null (reading");
    out("it prints PyTorch's UserWarning once, on stderr).");
    out("");
    y.backward();
    for (const [name, t] of [["x", x], ["x1", x1], ["x2", x2], ["x3", x3], ["y", y]] as const) {
      const gr = t.grad;
      out(gr === null ? `${name}.grad: null` : `${name}.grad:\n${String(gr)}`);
    }
    out("");

    out("== 3. retainGrad() keeps a non-leaf's gradient ==");
    out(
      "Same graph, rebuilt, with retainGrad() on every result before backward(). x.grad is reset",
    );
    out("to null first: gradients accumulate (see grad_accumulation.ts).");
    out("");
    x.grad = null;
    const g = build(x);
    for (const t of [g.x1, g.x2, g.x3, g.y]) t.retainGrad();
    g.y.backward();
    const retained: [string, Tensor][] = [
      ["x", x],
      ["x1", g.x1],
      ["x2", g.x2],
      ["x3", g.x3],
      ["y", g.y],
    ];
    for (const [name, t] of retained) {
      out(`${name}.grad (retainsGrad=${t.retainsGrad}):\n${String(t.grad)}`);
    }
    out("(retainGrad() on a leaf does nothing: a leaf keeps its gradient anyway.)");
    out("");

    out("== 4. What the rules refuse ==");
    refused(
      out,
      "tensor([1, 2], { requiresGrad: true })   // int64 data cannot require grad",
      () => tensor([1, 2], { requiresGrad: true }),
    );
    refused(out, "x3.requiresGrad = false   // only leaves may change the flag", () => {
      g.x3.requiresGrad = false;
    });
    refused(out, "x.add_(1)   // in place on a leaf that requires grad", () => x.add_(1));
    out(`    nothing changed: x.version is still ${x.version}`);
    refused(
      out,
      "tensor([1, 2]).sum().backward()   // nothing in this graph requires grad",
      () => tensor([1, 2]).sum().backward(),
    );
    refused(out, "x3.backward()   // not a scalar: which gradient should flow in?", () => {
      g.x3.backward();
    });
    const sq = x.mul(x).sum(); // MulBackward0 saves x to compute 2x later
    sq.backward();
    refused(
      out,
      "sq = x.mul(x).sum(); sq.backward(); sq.backward()   // the saved x was freed",
      () => sq.backward(),
    );
    out("    (sq.backward(null, { retainGraph: true }) the first time would keep it)");
    refused(
      out,
      "tensor([1]).retainGrad()   // nothing to retain without requiresGrad",
      () => tensor([1]).retainGrad(),
    );
    refused(out, "x3.detach().sum().backward()   // detach() cuts the graph", () => {
      g.x3.detach().sum().backward();
    });
    out("");
    out("== 5. noGrad() records nothing ==");
    const z = noGrad(() => x.mul(2));
    out(`z = noGrad(() => x.mul(2))    requiresGrad=${z.requiresGrad}  gradFn: ${z.gradFn}`);
    out(String(z));
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log));
