import assert from "node:assert/strict";
import { ones, type Tensor, tensor } from "@descent/tensor";
import { record } from "@descent/tensor/extend";

/** `x * 1` recorded as MulBackward0 with the given backward, as a broken built-in op would be. */
function brokenMul(x: Tensor, backward: (g: Tensor) => (Tensor | null)[]): Tensor {
  const out = x.detach().mul(1);
  record("MulBackward0", out, [x]).backwardFn = backward;
  return out;
}

Deno.test("a built-in backward of the wrong shape is an engine error naming the node", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.throws(() => brokenMul(x, () => [ones([3])]).sum().backward(), {
    name: "RangeError",
    message:
      "Function MulBackward0 returned an invalid gradient at index 0 - got [3] but expected shape compatible with [2]",
  });
  assert.equal(x.grad, null, "no .grad of the wrong shape");
  assert.throws(() => brokenMul(x, (g) => [g, g]).sum().backward(), {
    name: "Error",
    message:
      "Function MulBackward0 returned an invalid number of gradients - expected 1, but got 2",
  });
});

Deno.test("a built-in backward that broadcasts to its input is summed down, as PyTorch's", () => {
  // validate_outputs: a gradient whose shape the input expands to is reduced with sum_to
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  brokenMul(x, () => [ones([3, 2])]).sum().backward();
  assert.equal(String(x.grad), "tensor([3., 3.])");
});

Deno.test("a built-in backward of another dtype is cast to its input's", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  brokenMul(x, (g) => [g.double()]).sum().backward();
  assert.equal(String(x.grad), "tensor([1., 1.])");
});
