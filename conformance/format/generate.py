#!/usr/bin/python3
"""Generate conformance/format/fixtures.json: PyTorch's repr() for many tensors.

Run from anywhere:  /usr/bin/python3 conformance/format/generate.py
Each case holds the flat row-major values (nan/inf/-inf/-0 encoded as strings),
shape, dtype, gradFnName, requiresGrad and PyTorch's repr string.
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from json_values import enc as encode  # noqa: E402

torch.manual_seed(20240611)
torch.set_printoptions(profile="default")

F32 = torch.float32
F64 = torch.float64

cases = []


def add(name, t):
    grad_fn = None
    if t.grad_fn is not None:
        grad_fn = type(t.grad_fn).__name__
        if grad_fn == "CppFunction":
            grad_fn = t.grad_fn.name().rsplit("::", 1)[-1]
    dtype = {F32: "float32", F64: "float64"}[t.dtype]
    values = [encode(v) for v in t.detach().reshape(-1).tolist()]
    cases.append(
        {
            "name": name,
            "shape": list(t.shape),
            "dtype": dtype,
            "gradFnName": grad_fn,
            "requiresGrad": bool(t.requires_grad),
            "values": values,
            "repr": repr(t),
        }
    )


def add_expanded(name, base, sizes):
    """A broadcast view base.expand(*sizes), recorded by its base: `values` are the base's,
    `base` its shape, so a view of 2**40 elements costs a few numbers in the fixture."""
    t = base.expand(*sizes)
    cases.append(
        {
            "name": name,
            "shape": list(t.shape),
            "base": list(base.shape),
            "dtype": {F32: "float32", F64: "float64"}[t.dtype],
            "gradFnName": None if t.grad_fn is None else type(t.grad_fn).__name__,
            "requiresGrad": bool(t.requires_grad),
            "values": [encode(v) for v in base.detach().reshape(-1).tolist()],
            "repr": repr(t),
        }
    )


def T(values, dtype=F32, requires_grad=False):
    return torch.tensor(values, dtype=dtype, requires_grad=requires_grad)


nan, inf = float("nan"), float("inf")

# ---- scalars (0-d)
for dt in (F32, F64):
    s = "f32" if dt == F32 else "f64"
    add(f"scalar 3.5 {s}", T(3.5, dt))
    add(f"scalar 3. {s}", T(3.0, dt))
    add(f"scalar -0. {s}", T(-0.0, dt))
    add(f"scalar 0. {s}", T(0.0, dt))
    add(f"scalar nan {s}", T(nan, dt))
    add(f"scalar inf {s}", T(inf, dt))
    add(f"scalar -inf {s}", T(-inf, dt))
    add(f"scalar 1e-5 {s}", T(1e-5, dt))
    add(f"scalar 1e10 {s}", T(1e10, dt))
    add(f"scalar -2.5e-7 {s}", T(-2.5e-7, dt))
    add(f"scalar 123456.789 {s}", T(123456.789, dt))
    add(f"scalar 1e8 {s}", T(1e8, dt))
    add(f"scalar requires_grad {s}", T(2.0, dt, True))
add("scalar 0.03125 tie", T(0.03125))
add("scalar -0.03125 tie", T(-0.03125))
add("scalar 1.7e308 f64", T(1.7e308, F64))
add("scalar subnormal f64", T(5e-324, F64))
add("scalar 3e38 f32", T(3e38))

# ---- PYTORCH_SEMANTICS.md examples
add("doc [1.5,2.25,3.125]", T([1.5, 2.25, 3.125]))
add("doc ratio 1000", T([1000.0, 1.0]))
add("doc ratio 1001", T([1001.0, 1.0]))
add("doc 1e-4 sci", T([1e-4, 1.0]))
add("doc 1e-4 f64", T([1e-4, 1.0], F64))
add("doc [0.01,9.99]", T([0.01, 9.99]))
add("doc nan inf -inf 1.5", T([nan, inf, -inf, 1.5]))
add("doc nan 1 2", T([nan, 1.0, 2.0]))
add("doc -0 0", T([-0.0, 0.0]))
add("doc zeros", torch.zeros(3))
add("doc f64 requires_grad", T([1.0, 2.0], F64, True))
x = T([1.0, 2.0, 3.0], F64, True)
add("doc f64 MulBackward0", x * 2)
x = T([3.0, 4.0, 5.0], F32, True)
add("doc SumBackward0 scalar", x.sum())
x = torch.arange(6, dtype=F64).requires_grad_()
add("doc suffix wrap", x * 1.25)

# ---- negatives, int mode, sci switches
add("negatives fixed", T([-1.5, 2.25, -3.125]))
add("negatives int", T([-1.0, -2.0, -300.0]))
add("int mode -1000 1", T([-1000.0, 1.0]))
add("int mode -1001 1", T([-1001.0, 1.0]))
add("int arange 10", torch.arange(10.0))
add("int 1e8 exactly", T([1e8, 2e7]))
add("int above 1e8 f64", T([100000001.0, 1e8], F64))
add("int 1e10", T([1e10, 1e10]))
add("int 3e38", T([3e38, -3e38]))
add("int 1e8 and 1", T([1e8, 1.0]))
add("fixed 1e8 + 0.5 f64", T([1e8 + 0.5, 1e6], F64))
add("fixed ratio exactly 1000", T([0.5, 500.0]))
add("fixed ratio just over 1000", T([0.5, 500.5]))
add("small 1e-5", T([1e-5, 1.0]))
add("small 1e-5 alone", T([1e-5]))
add("small 1e-30", T([1e-30, 2e-30, -3e-30]))
add("small 1e-300 f64", T([1e-300, 1.5e-300], F64))
add("small 0.0001 f32 rounds below", T([0.0001, 0.0002]))
add("small 0.0001 f64 exact", T([0.0001, 0.0002], F64))
add("huge f64", T([1.7e308, -1e100, 1.0], F64))
add("sci mixed with zeros", T([0.0, 1e-5, -0.0, 12.0]))
add("sci with nan inf", T([nan, 1e-5, inf, -inf, 0.0]))
add("fixed -0 pad", T([-0.0, 1.5]))
add("int -0 pad", T([-0.0, 15.0]))
add("all nan", T([nan, nan]))
add("inf -inf", T([inf, -inf]))
add("nan zero", T([nan, 0.0]))
add("inf zero one", T([inf, 0.0, 1.0]))
add("zeros f64", torch.zeros(5, dtype=F64))
add("zeros 2x3", torch.zeros(2, 3))
add("neg zeros", T([-0.0, -0.0]))
add("width by negative", T([-123.25, 1.5, 7.0]))

# ---- rounding ties
add("tie 0.03125", T([0.03125, 1.0]))
add("tie k/32", T([k / 32 for k in range(1, 64, 2)]))
add("tie k/32 neg f64", T([-k / 32 for k in range(1, 64, 2)], F64))
add("tie 0.5 2.5", T([0.5, 2.5, 3.5, -0.5]))
add("1.00005 f64", T([1.00005, 2.00005, 1.00015], F64))
add("1.00005 f32", T([1.00005, 2.00005, 1.00015]))
add("sci tie 1.03125", T([1.03125, 5000.0]))
add("sci tie 12344.5", T([12344.5, 1.5]))
add("sci tie 12345.5", T([12345.5, 1.5]))
add("sci ties many", T([(2 * k + 1) * 0.5 + 10000 for k in range(0, 20)] + [0.25], F64))
add("fixed near carry", T([9.99995, 9.99994, 99.99996], F64))
add("sci near carry", T([9.99995e10, 9.99994e10, 1.0], F64))

# ---- wrapping
add("wrap randn 30", torch.randn(30))
add("wrap randn 30 f64 rg", torch.randn(30, dtype=F64, requires_grad=True))
add("wrap arange 100", torch.arange(100.0))
add("wrap 2d 5x20", torch.randn(5, 20))
add("wrap 2d sci 3x30", torch.randn(3, 30) * 1000)
add("wrap 3d 2x3x25", torch.randn(2, 3, 25, dtype=F64))
add("wrap 1000 exactly", torch.arange(1000.0))
for n in range(1, 15):
    x = torch.arange(n, dtype=F64).requires_grad_()
    add(f"suffix sweep mul n={n}", x * 1.25)
for n in range(6, 13):
    add(f"suffix sweep leaf n={n}", torch.arange(n, dtype=F64).mul(1.5).requires_grad_())
for n in range(8, 12):
    add(f"suffix sweep f32 leaf n={n}", torch.arange(n, dtype=F32).mul(1.5).requires_grad_())
x = torch.randn(3, 8, dtype=F64, requires_grad=True)
add("suffix 2d grad", x * 3)
add("suffix 2d leaf f64", torch.randn(4, 9, dtype=F64).requires_grad_())

# ---- summarization
add("summ 1001", torch.arange(1001.0))
add("summ 2000 randn", torch.randn(2000))
add("summ 40x40", torch.randn(40, 40))
add("summ 11x11x11", torch.randn(11, 11, 11))
add("summ 1001x1", torch.randn(1001, 1))
add("summ 1x1001", torch.randn(1, 1001))
add("summ 2x3x200", torch.randn(2, 3, 200, dtype=F64))
add("summ 7x7x7x7", torch.randn(7, 7, 7, 7))
big = torch.randn(50, 50)
big[0, 0] = 1e-6
big[25, 25] = 1e9
add("summ hidden extremes", big)
big = torch.arange(2000.0, dtype=F64).requires_grad_()
add("summ f64 rg", big)
x = torch.randn(1500, requires_grad=True)
add("summ grad", x * 2)

# ---- N-d small
add("3d 2x3x4", torch.randn(2, 3, 4))
add("4d 2x2x2x3", torch.randn(2, 2, 2, 3, dtype=F64))
add("1x1x1", torch.ones(1, 1, 1))
add("3x1", torch.randn(3, 1))
add("1x3", torch.randn(1, 3))
add("5d", torch.arange(32.0).reshape(2, 2, 2, 2, 2))
add("2d int mode", torch.arange(12.0).reshape(3, 4) - 5)

# ---- grad_fn names
x = torch.randn(2, 3, requires_grad=True)
y = torch.randn(3, 2, requires_grad=True)
add("grad Add", x + 1)
add("grad Exp", x.exp())
add("grad Mean", x.mean())
add("grad View", x.view(3, 2))
add("grad T", x.t())
add("grad Select", x[0])
add("grad Pow", x.pow(2))
add("grad Relu", x.relu())
add("grad Mm", x.matmul(y))
add("grad Neg", -x)
add("grad Div", x / 3)
add("grad MseLoss", torch.nn.functional.mse_loss(x, torch.zeros(2, 3)))
add("grad Sub f64", T([1.0, 2.0], F64, True) - 0.5)

# ---- empty
add("empty", torch.tensor([]))
add("empty 0x3", torch.empty(0, 3))
add("empty 2x0", torch.empty(2, 0))
add("empty f64", torch.empty(0, dtype=F64))
add("empty 0x3 f64", torch.empty(0, 3, dtype=F64))
add("empty rg", torch.empty(0, requires_grad=True))
add("empty 2x0x4", torch.empty(2, 0, 4))
add("empty grad_fn", torch.empty(0, 2, requires_grad=True) * 2)

# ---- random magnitudes (exercise correct rounding)
g = torch.Generator().manual_seed(7)
for i in range(40):
    dt = F32 if i % 2 == 0 else F64
    n = int(torch.randint(1, 25, (1,), generator=g))
    scale = 10.0 ** float(torch.empty(1, dtype=F64).uniform_(-9, 11, generator=g))
    v = torch.randn(n, dtype=F64, generator=g) * scale
    if i % 5 == 0:
        v = v.round()
    if i % 7 == 3:
        v[0] = nan
    if i % 11 == 4 and n > 1:
        v[-1] = -inf
    add(f"random {i}", v.to(dt))
for i in range(10):
    # narrow range so fixed mode with many digits is exercised
    v = torch.empty(12, dtype=F64).uniform_(-99.0, 99.0, generator=g)
    add(f"random fixed {i}", v.to(F32 if i % 2 else F64))

# ---- broadcast views (expand): printed from the few elements shown, never materialised
add_expanded("expand ones 3e8", torch.ones(1), (300000000,))
add_expanded("expand 2^20 x 2^20", torch.ones(1, 1), (2**20, 2**20))
add_expanded("expand row 2000x3", T([[1.5, -2.25, 3.0]]), (2000, 3))
add_expanded("expand col f64 4x5000", torch.randn(4, 1, dtype=F64), (4, 5000))
add_expanded("expand 3d 3000x5x4000", torch.randn(1, 5, 1), (3000, 5, 4000))
add_expanded("expand leading 7x1001", T([0.5, -1e-5, 1e6]).reshape(3, 1)[1:2], (7, 1001))
add_expanded("expand grad 2x1e6", torch.randn(2, 1, requires_grad=True), (2, 1000000))
add_expanded("expand small 3x2", T([1.0, 2.0]), (3, 2))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "fixtures.json"), "w") as f:
    # One case per line keeps diffs of regenerated fixtures readable.
    f.write('{"torch":' + json.dumps(torch.__version__) + ',"cases":[\n')
    lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases]
    f.write(",\n".join(lines))
    f.write("\n]}\n")
print(f"wrote {len(cases)} cases")
