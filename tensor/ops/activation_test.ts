import assert from "node:assert/strict";
import { grad } from "@descent/autograd";
import {
  assertClose,
  gradcheck,
  gradgradcheck,
  logSoftmax,
  logsumexp,
  randn,
  softmax,
  softmin,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";

const f64 = { dtype: "float64" as const, requiresGrad: true };

function close(a: number[], b: number[], tol = 1e-12): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${i}: ${a[i]} vs ${b[i]}`);
  }
}

Deno.test("softmax/logSoftmax/logsumexp: values against the definitions, every dim", () => {
  const x = randn([2, 3, 4], { dtype: "float64" });
  const v = x.toTypedArray();
  for (const dim of [0, 1, 2, -1]) {
    const d = (dim + 3) % 3;
    const shape = [2, 3, 4];
    const strides = [12, 4, 1];
    const sm = softmax(x, dim).toTypedArray();
    const lsm = logSoftmax(x, dim).toTypedArray();
    const lse = logsumexp(x, dim, true).toTypedArray();
    for (let j = 0; j < 24; j++) {
      const idx = [Math.floor(j / 12), Math.floor(j / 4) % 3, j % 4];
      let s = 0;
      for (let k = 0; k < shape[d]; k++) {
        s += Math.exp(v[j + (k - idx[d]) * strides[d]]);
      }
      close([sm[j], lsm[j]], [Math.exp(v[j]) / s, v[j] - Math.log(s)]);
      const r = idx.map((c, i) => (i === d ? 0 : c));
      const rs = shape.map((n, i) => (i === d ? 1 : n));
      const flat = (r[0] * rs[1] + r[1]) * rs[2] + r[2];
      close([lse[flat]], [Math.log(s)]);
    }
  }
});

Deno.test("softmax family: node names, shapes, keepdim", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float32", requiresGrad: true });
  assert.equal(softmax(x, 1).gradFn!.name(), "SoftmaxBackward0");
  assert.equal(x.logSoftmax(-1).gradFn!.name(), "LogSoftmaxBackward0");
  assert.equal(x.softmax(0).gradFn!.name(), "SoftmaxBackward0");
  assert.equal(logsumexp(x, 1).gradFn!.name(), "LogsumexpBackward0");
  assert.deepEqual(logsumexp(x, 1).shape, [2]);
  assert.deepEqual(logsumexp(x, 0, true).shape, [1, 3]);
  assert.equal(String(softmax(tensor(5, { dtype: "float32" }), 0)), "tensor(1.)");
  assert.throws(() => softmax(x, 2), /Dimension out of range/);
});

Deno.test("softmax family: stable for logits of ±1e4", () => {
  const x = tensor([[1e4, -1e4, 0], [-1e4, -1e4, -1e4]], f64);
  const l = logSoftmax(x, 1);
  assert.deepEqual(l.toList(), [[0, -2e4, -1e4], [-Math.log(3), -Math.log(3), -Math.log(3)]]);
  const s = softmax(x, 1);
  assert.deepEqual(s.toList(), [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]]);
  const [g] = grad(l.sum(), x);
  assert.ok(g!.toTypedArray().every(Number.isFinite));
  assert.equal(logsumexp(tensor([-Infinity, -Infinity]), 0).item(), -Infinity);
});

Deno.test("softmax family: gradcheck and second derivatives (createGraph)", () => {
  for (const dim of [0, 1, -1]) {
    const x = randn([3, 4], f64);
    const w = randn([3, 4], { dtype: "float64" });
    assert.ok(gradcheck((t) => softmax(t, dim).mul(w), [x]));
    assert.ok(gradcheck((t) => logSoftmax(t, dim).mul(w), [x]));
    assert.ok(gradcheck((t) => logsumexp(t, dim), [x]));
    assert.ok(gradcheck((t) => logsumexp(t, dim, true), [x]));
    // second derivatives: the gradient is itself differentiable
    assert.ok(
      gradcheck((t) => grad(softmax(t, dim).mul(w).sum(), t, { createGraph: true })[0]!, [x]),
    );
    assert.ok(
      gradcheck((t) => grad(logSoftmax(t, dim).mul(w).sum(), t, { createGraph: true })[0]!, [x]),
    );
    assert.ok(
      gradcheck((t) => grad(logsumexp(t, dim).mul(2).sum(), t, { createGraph: true })[0]!, [x]),
    );
  }
});

// ---- activations (issue 13) ----

Deno.test("softmin: the softmax of -x (SoftmaxBackward0), gradcheck, PyTorch's errors", () => {
  const x = tensor([[1, 2, 3], [0, -1, 5]], { dtype: "float64", requiresGrad: true });
  assertClose(softmin(x, 1), softmax(x.neg(), 1));
  assert.equal(softmin(x, 1).gradFn!.name(), "SoftmaxBackward0");
  assert.equal(softmin(x, 1).gradFn!.nextFunctions[0][0]!.name(), "NegBackward0");
  assert.ok(gradcheck((a: Tensor) => softmin(a, 0), [x]));
  assert.ok(gradgradcheck((a: Tensor) => softmin(a, -1), [x]));
  assert.throws(() => softmin(tensor([1, 2]), 0), {
    name: "TypeError",
    message: `"softmax_lastdim_kernel_impl" not implemented for 'Long'`,
  });
  assert.throws(() => softmin(tensor([true]), 0), { name: "TypeError", message: /^Negation/ });
});

Deno.test("softmax/logSoftmax/softmin of an empty integer tensor: itself, as PyTorch (no kernel needed)", () => {
  const e = zeros([0, 2], { dtype: "int64" });
  for (
    const out of [softmax(e, 0), logSoftmax(e, -1), softmin(zeros([2, 0], { dtype: "uint8" }), 1)]
  ) {
    assert.equal(out.numel(), 0);
    assert.equal(out.gradFn, null);
  }
  assert.equal(String(softmax(e, 0)), "tensor([], size=(0, 2), dtype=torch.int64)");
  assert.equal(
    String(logSoftmax(zeros([0], { dtype: "bool" }), 0)),
    "tensor([], dtype=torch.bool)",
  );
  assert.throws(() => softmax(e, 2), /Dimension out of range/);
  assert.throws(() => softmax(zeros([1, 2], { dtype: "int64" }), 0), /not implemented for 'Long'/);
});
