import assert from "node:assert/strict";
import { capture } from "./_testing.ts";
import { main } from "./autograd_basics.ts";

const r = capture(main, []);

/** The text after a label line, up to the next label or blank line. */
function block(label: string): string {
  const lines = r.stdout.split("\n");
  const i = lines.findIndex((l) => l.startsWith(label));
  assert.ok(i >= 0, `no line starting with ${label}`);
  const rest: string[] = [];
  for (let j = i + 1; j < lines.length && /^(tensor|\s)/.test(lines[j]); j++) rest.push(lines[j]);
  return rest.join("\n");
}

Deno.test("autograd_basics prints each tensor with its grad_fn as PyTorch does", () => {
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^x {4}isLeaf=true {2}gradFn: null$/m);
  assert.equal(block("x "), "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)");
  assert.match(r.stdout, /gradFn: AddBackward0 -> next_functions \(AccumulateGrad, None\)/);
  assert.equal(block("x1 = "), "tensor([[3., 4.],\n        [5., 6.]], grad_fn=<AddBackward0>)");
  assert.equal(block("x2 = "), "tensor([[2., 3.],\n        [4., 5.]], grad_fn=<SubBackward0>)");
  assert.equal(
    block("x3 = "),
    "tensor([[ 4.,  6.],\n        [ 8., 10.]], grad_fn=<MulBackward0>)",
  );
  assert.equal(block("y = "), "tensor(28., grad_fn=<SumBackward0>)");
  assert.match(r.stdout, /y = x3\.sum\(\).*SumBackward0 -> next_functions \(MulBackward0\)/);
});

Deno.test("autograd_basics: backward fills .grad of the leaf only", () => {
  assert.equal(block("x.grad:"), "tensor([[2., 2.],\n        [2., 2.]])");
  for (const n of ["x1", "x2", "x3", "y"]) {
    assert.match(r.stdout, new RegExp(`^${n}\\.grad: null$`, "m"));
  }
});

Deno.test("autograd_basics: retainGrad keeps the non-leaf grads", () => {
  assert.equal(block("x.grad (retainsGrad=false):"), "tensor([[2., 2.],\n        [2., 2.]])");
  assert.equal(block("x1.grad (retainsGrad=true):"), "tensor([[2., 2.],\n        [2., 2.]])");
  assert.equal(block("x2.grad (retainsGrad=true):"), "tensor([[2., 2.],\n        [2., 2.]])");
  assert.equal(block("x3.grad (retainsGrad=true):"), "tensor([[1., 1.],\n        [1., 1.]])");
  assert.equal(block("y.grad (retainsGrad=true):"), "tensor(1.)");
});

Deno.test("autograd_basics prints PyTorch's errors for what the rules refuse", () => {
  const expected = [
    "Only Tensors of floating point and complex dtype can require gradients (tensor() inferred int64",
    "you can only change requiresGrad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use varNoGrad = var.detach().",
    "a leaf Variable that requires grad is being used in an in-place operation.",
    "element 0 of tensors does not require grad and does not have a gradFn",
    "grad can be implicitly created only for scalar outputs",
    "Trying to backward through the graph a second time",
    "can't retainGrad() on Tensor that has requiresGrad: false",
  ];
  const errors = r.stdout.split("\n").filter((l) => l.startsWith("    -> "));
  assert.equal(errors.length, 8);
  assert.ok(!errors.some((l) => l.includes("no error")), errors.join("\n"));
  for (const msg of expected) {
    assert.ok(errors.some((l) => l.startsWith(`    -> Error: ${msg}`)), msg);
  }
  assert.match(r.stdout, /nothing changed: x\.version is still 0/);
  assert.match(
    r.stdout,
    /requiresGrad=false {2}gradFn: null\ntensor\(\[\[2\., 4\.\],\n {8}\[6\., 8\.\]\]\)/,
  );
});

Deno.test("autograd_basics takes no flags but --help", () => {
  assert.equal(capture(main, ["--help"]).code, 0);
  const bad = capture(main, ["--lr", "1"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "autograd_basics.ts: error: Unknown option '--lr' (see --help)\n");
});
