#!/usr/bin/python3
"""Generate conformance/ops/fixtures.json: what PyTorch computes for every differentiable op.

Run from anywhere (deterministic, no network):  /usr/bin/python3 conformance/ops/generate.py

For each op case and dtype (float64 and float32) the fixture holds the inputs, the forward
value, `grad_fn.name()`, `repr()` of the result, a random cotangent and the vector-Jacobian
product, and a second-order product through `create_graph=True`. Further sections hold
autograd scenarios (`autograd.grad` with `allow_unused`, higher order, hooks …) and the exact
text of the errors and warnings descent shares with PyTorch.

Where PyTorch 1.13 (installed here) and 2.x differ, the fixture records the 2.x behaviour and
a `note` saying what 1.13 did and why 2.x differs; see conformance/README.md for the list.
"""
import json
import math
import os
import warnings

import numpy as np
import torch

torch.manual_seed(5)
torch.set_printoptions(profile="default")

F32 = torch.float32
F64 = torch.float64
DTYPES = (F64, F32)
DTYPE_NAME = {F32: "float32", F64: "float64"}


# ----------------------------------------------------------------------------------------------
# Encoding


def enc(v, dtype):
    """One number for JSON: nan/inf/-0 as strings; float32 in its shortest round-trip form."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    if dtype == F32:
        return float(repr(np.float32(v)))
    return v


def values(t):
    t = t.detach()
    if t._is_zerotensor():  # PyTorch's efficient zeros (some double backwards) have no storage
        t = torch.zeros(t.shape, dtype=t.dtype)
    return [enc(v, t.dtype) for v in t.reshape(-1).tolist()]


# ----------------------------------------------------------------------------------------------
# 1.13 → 2.x differences in node names


def should_fold_2x(t1, t2):
    """PyTorch 2.x aten/src/ATen/native/LinearAlgebra.cpp `should_fold` (not in 1.13)."""
    larger = t1.dim() >= t2.dim()
    big = t1 if larger else t2.mT
    dim_big, dim_small = (t1.dim(), t2.dim()) if larger else (t2.dim(), t1.dim())
    if not (dim_big >= 3 and dim_small <= 2):
        return False
    small_requires_grad = t2.requires_grad if larger else t1.requires_grad
    if small_requires_grad:
        return True
    if t1.dim() == 2:
        return False
    if big.numel() == 0:
        return True
    sizes, strides = big.shape, big.stride()
    return all(strides[i] == strides[i + 1] * sizes[i + 1] for i in range(dim_big - 2))


def matmul_name_2x(a, b):
    """The grad_fn name PyTorch 2.x's `_matmul_impl` gives `a @ b` (both at least 1-D)."""
    da, db = a.dim(), b.dim()
    if da == 1 and db == 1:
        return "DotBackward0"
    if da == 2 and db == 1:
        return "MvBackward0"
    if da == 1 and db == 2:
        # `unsqueeze(0).mm(b).squeeze_(0)`; 2.x added `squeeze.dims` to derivatives.yaml before
        # the in-place overloads, so `squeeze_.dim` is SqueezeBackward4 (1.13: SqueezeBackward3).
        return "SqueezeBackward4"
    if da == 2 and db == 2:
        return "MmBackward0"
    if should_fold_2x(a, b):
        if db > da and da == 2:
            return "CloneBackward0"  # output.mT().contiguous()
        return "UnsafeViewBackward0"
    if da == 3 and db == 3 and a.shape[0] != b.shape[0]:
        if a.shape[0] == 1 and a.requires_grad:
            return matmul_name_2x(a.squeeze(0), b)
        if b.shape[0] == 1 and b.requires_grad:
            return matmul_name_2x(a, b.squeeze(0))
    return "UnsafeViewBackward0"


RESHAPE_NOTE = (
    "PyTorch 1.13 names a reshape that can be a view ReshapeAliasBackward0 (the _reshape_alias op "
    "of 1.10-1.13); 2.x records ViewBackward0 (reshape calls view again)."
)


def name_2x(op, ins, name113):
    """(2.x name, note or None) for a node that PyTorch 1.13 named `name113`."""
    if name113 == "ReshapeAliasBackward0":
        return "ViewBackward0", RESHAPE_NOTE
    if op == "matmul":
        n = matmul_name_2x(ins[0], ins[1])
        if n != name113:
            return n, (
                f"PyTorch 1.13 records {name113}; 2.x's _matmul_impl (should_fold, squeeze_) "
                f"records {n} for these ranks and requires_grad flags."
            )
    return name113, None


class names_as_2x:
    """Makes repr() print the 2.x grad_fn name (same line-wrapping rule as PyTorch)."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.orig = torch._tensor_str._add_suffixes
        name = self.name

        def patched(tensor_str, suffixes, indent, force_newline):
            suffixes = [f"grad_fn=<{name}>" if s.startswith("grad_fn=<") else s for s in suffixes]
            return self.orig(tensor_str, suffixes, indent, force_newline)

        torch._tensor_str._add_suffixes = patched

    def __exit__(self, *exc):
        torch._tensor_str._add_suffixes = self.orig


def grad_fn_name(t):
    if t.grad_fn is None:
        return None
    n = type(t.grad_fn).__name__
    if n == "CppFunction":
        n = t.grad_fn.name().rsplit("::", 1)[-1]
    return n


# ----------------------------------------------------------------------------------------------
# Ops: the same keys are implemented in conformance/ops_test.ts.


def _sum(x, p):
    if "dim" not in p:
        return x.sum()
    return x.sum(p["dim"], keepdim=p.get("keepdim", False))


def _mean(x, p):
    if "dim" not in p:
        return x.mean()
    return x.mean(p["dim"], keepdim=p.get("keepdim", False))


def _max_dim(x, p):
    return x.max(p["dim"], keepdim=p.get("keepdim", False))


def _min_dim(x, p):
    return x.min(p["dim"], keepdim=p.get("keepdim", False))


def _arg(f, p):
    return f() if "dim" not in p else f(p["dim"], keepdim=p.get("keepdim", False))


def num(x):
    """A parameter that may be spelled "nan"/"inf"/"-inf" (JSON has no such numbers)."""
    return float(x) if isinstance(x, str) else x


OPS = {
    "add": lambda i, p: i[0] + i[1],
    "add_alpha": lambda i, p: torch.add(i[0], i[1], alpha=p["alpha"]),
    "add_scalar": lambda i, p: i[0] + p["s"],
    "add_scalar_alpha": lambda i, p: torch.add(i[0], p["s"], alpha=p["alpha"]),
    "radd_scalar": lambda i, p: p["s"] + i[0],
    "sub": lambda i, p: i[0] - i[1],
    "sub_alpha": lambda i, p: torch.sub(i[0], i[1], alpha=p["alpha"]),
    "sub_scalar": lambda i, p: i[0] - p["s"],
    "rsub_scalar": lambda i, p: p["s"] - i[0],
    "mul": lambda i, p: i[0] * i[1],
    "mul_scalar": lambda i, p: i[0] * p["s"],
    "rmul_scalar": lambda i, p: p["s"] * i[0],
    "div": lambda i, p: i[0] / i[1],
    "div_scalar": lambda i, p: i[0] / p["s"],
    "rdiv_scalar": lambda i, p: p["s"] / i[0],
    "pow": lambda i, p: torch.pow(i[0], i[1]),
    "pow_scalar": lambda i, p: torch.pow(i[0], num(p["e"])),
    "rpow_scalar": lambda i, p: torch.pow(p["s"], i[0]),
    "neg": lambda i, p: i[0].neg(),
    "exp": lambda i, p: i[0].exp(),
    "log": lambda i, p: i[0].log(),
    "sqrt": lambda i, p: i[0].sqrt(),
    "abs": lambda i, p: i[0].abs(),
    "sin": lambda i, p: i[0].sin(),
    "cos": lambda i, p: i[0].cos(),
    "tanh": lambda i, p: i[0].tanh(),
    "sigmoid": lambda i, p: i[0].sigmoid(),
    "relu": lambda i, p: i[0].relu(),
    "square": lambda i, p: i[0].square(),
    "reciprocal": lambda i, p: i[0].reciprocal(),
    "clamp": lambda i, p: i[0].clamp(num(p.get("min")), num(p.get("max"))),
    "sum": lambda i, p: _sum(i[0], p),
    "mean": lambda i, p: _mean(i[0], p),
    "max": lambda i, p: i[0].max(),
    "min": lambda i, p: i[0].min(),
    "matmul": lambda i, p: torch.matmul(i[0], i[1]),
    "mm": lambda i, p: torch.mm(i[0], i[1]),
    "dot": lambda i, p: torch.dot(i[0], i[1]),
    "t": lambda i, p: i[0].t(),
    "transpose": lambda i, p: i[0].transpose(p["dims"][0], p["dims"][1]),
    "permute": lambda i, p: i[0].permute(p["dims"]),
    "reshape": lambda i, p: i[0].reshape(p["shape"]),
    "view": lambda i, p: i[0].view(p["shape"]),
    "flatten": lambda i, p: i[0].flatten(p.get("start", 0), p.get("end", -1)),
    "squeeze": lambda i, p: i[0].squeeze() if "dim" not in p else i[0].squeeze(p["dim"]),
    "unsqueeze": lambda i, p: i[0].unsqueeze(p["dim"]),
    "expand": lambda i, p: i[0].expand(p["shape"]),
    "clone": lambda i, p: i[0].clone(),
    "contiguous": lambda i, p: i[0].contiguous(),
    "where": lambda i, p: torch.where(i[0] != 0, i[1], i[2]),
    "where_scalar": lambda i, p: torch.where(i[0] != 0, i[1], p["s"]),
    # ops added to descent after the first fixture round
    "maximum": lambda i, p: torch.maximum(i[0], i[1]),
    "minimum": lambda i, p: torch.minimum(i[0], i[1]),
    "max_dim": lambda i, p: _max_dim(i[0], p).values,
    "min_dim": lambda i, p: _min_dim(i[0], p).values,
    # indices: PyTorch's int64, recorded as float32 (descent has no integer dtypes)
    "max_dim_indices": lambda i, p: _max_dim(i[0], p).indices.to(F32),
    "min_dim_indices": lambda i, p: _min_dim(i[0], p).indices.to(F32),
    "argmax": lambda i, p: _arg(i[0].argmax, p).to(F32),
    "argmin": lambda i, p: _arg(i[0].argmin, p).to(F32),
    "softmax": lambda i, p: i[0].softmax(p["dim"]),
    "log_softmax": lambda i, p: i[0].log_softmax(p["dim"]),
    "logsumexp": lambda i, p: torch.logsumexp(i[0], p["dim"], keepdim=p.get("keepdim", False)),
    "select": lambda i, p: i[0].select(p["dim"], p["index"]),
    "narrow": lambda i, p: i[0].narrow(p["dim"], p["start"], p["length"]),
    "cat": lambda i, p: torch.cat(i, p["dim"]),
    "stack": lambda i, p: torch.stack(i, p["dim"]),
    "T": lambda i, p: i[0].T,
    "double": lambda i, p: i[0].double(),
    "float": lambda i, p: i[0].float(),
    # comparisons: PyTorch's bool results, recorded as float32 (descent's masks)
    "eq": lambda i, p: (i[0] == i[1]).to(F32),
    "ne": lambda i, p: (i[0] != i[1]).to(F32),
    "gt": lambda i, p: (i[0] > i[1]).to(F32),
    "ge": lambda i, p: (i[0] >= i[1]).to(F32),
    "lt": lambda i, p: (i[0] < i[1]).to(F32),
    "le": lambda i, p: (i[0] <= i[1]).to(F32),
    "gt_scalar": lambda i, p: (i[0] > p["s"]).to(F32),
    # in-place ops on a non-leaf (a clone), which rebase its history
    "add_": lambda i, p: i[0].clone().add_(i[1], alpha=p.get("alpha", 1)),
    "sub_": lambda i, p: i[0].clone().sub_(i[1], alpha=p.get("alpha", 1)),
    "mul_": lambda i, p: i[0].clone().mul_(i[1]),
    "div_": lambda i, p: i[0].clone().div_(i[1]),
    "add_scalar_": lambda i, p: i[0].clone().add_(p["s"]),
    "mul_scalar_": lambda i, p: i[0].clone().mul_(p["s"]),
    "zero_": lambda i, p: i[0].clone().zero_(),
    "fill_": lambda i, p: i[0].clone().fill_(p["s"]),
    "copy_": lambda i, p: i[0].clone().copy_(i[1]),
    # compositions: non-contiguous inputs, reused inputs, the tutorial loss
    "t_contiguous": lambda i, p: i[0].t().contiguous(),
    "t_reshape": lambda i, p: i[0].t().reshape(p["shape"]),
    "t_mul_sum": lambda i, p: i[0].t().mul(i[1]).sum(0),
    "permute_sum": lambda i, p: i[0].permute(2, 0, 1).sum(-1),
    "expand_mul": lambda i, p: i[0].expand(3, 4).mul(i[1]),
    "mul_self": lambda i, p: i[0].mul(i[0]),
    "div_by_sum": lambda i, p: i[0].div(i[0].sum()),
    "tutorial_loss": lambda i, p: i[0].sub(i[1]).square().mean(),
    "softplus": lambda i, p: i[0].exp().add(1).log(),
    "mm_tanh_sum": lambda i, p: i[0].mm(i[1]).tanh().sum(1),
    "sigmoid_mul_sum": lambda i, p: i[0].sigmoid().mul(i[0]).sum(),
    "square_mean_sqrt": lambda i, p: i[0].square().mean(1).sqrt(),
    "mul_max": lambda i, p: i[0].mul(2).max(),
    "transpose_matmul": lambda i, p: i[0].transpose(-1, -2).matmul(i[1]),
}


# ----------------------------------------------------------------------------------------------
# Inputs


def make_values(shape, domain):
    n = int(np.prod(shape)) if len(shape) > 0 else 1
    if isinstance(domain, list):
        assert len(domain) == n, (shape, domain)
        return torch.tensor(domain, dtype=F64).reshape(shape)
    v = torch.randn(n, dtype=F64)
    if domain == "any":
        pass
    elif domain == "pos":  # log, sqrt, pow bases, denominators
        v = torch.rand(n, dtype=F64) * 2 + 0.25
    elif domain == "nonzero":  # away from kinks and poles
        v = torch.sign(v) * (v.abs() + 0.25)
        v[v == 0] = 0.5
    elif domain == "cond":
        v = (v > 0).to(F64)
    elif domain == "small":  # exponents
        v = torch.rand(n, dtype=F64) * 3 - 1
    else:
        raise ValueError(domain)
    return v.reshape(shape)


def spec_inputs(shapes, domains, rg):
    return [
        {"shape": list(s), "domain": d, "rg": r}
        for s, d, r in zip(shapes, domains, rg)
    ]


CASES = []


def case(name, op, shapes, domains=None, params=None, rg=None, second=True, dtypes=DTYPES):
    domains = domains or ["any"] * len(shapes)
    rg = rg or [True] * len(shapes)
    CASES.append(
        {
            "name": name,
            "op": op,
            "inputs": spec_inputs(shapes, domains, rg),
            "params": params or {},
            "second": second,
            "dtypes": dtypes,
        }
    )


def shp(s):
    return "x".join(str(d) for d in s) if len(s) > 0 else "0d"


# -- elementwise binary with broadcasting
PAIRS = [
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((2, 1), (1, 3)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((3, 1, 2), (2, 1)),
    ((0, 3), (3,)),
    ((4, 1), (0,)),
    ((), ()),
]
for sa, sb in PAIRS:
    tag = f"{shp(sa)}&{shp(sb)}"
    case(f"add/{tag}", "add", [sa, sb])
    case(f"sub/{tag}", "sub", [sa, sb])
    case(f"mul/{tag}", "mul", [sa, sb])
    case(f"div/{tag}", "div", [sa, sb], ["any", "nonzero"])
    case(f"pow/{tag}", "pow", [sa, sb], ["pos", "small"])
for sa, sb in [((2, 3), (3,)), ((2, 1), (1, 3))]:
    tag = f"{shp(sa)}&{shp(sb)}"
    case(f"add_alpha/{tag}", "add_alpha", [sa, sb], params={"alpha": 2.5})
    case(f"sub_alpha/{tag}", "sub_alpha", [sa, sb], params={"alpha": -3})
# only one operand requires grad
case("mul/2x3&3/b-no-grad", "mul", [(2, 3), (3,)], rg=[True, False])
case("mul/2x3&3/a-no-grad", "mul", [(2, 3), (3,)], rg=[False, True])
case("div/2x3&2x1/a-no-grad", "div", [(2, 3), (2, 1)], ["any", "nonzero"], rg=[False, True])
case("pow/3&3/exponent-no-grad", "pow", [(3,), (3,)], ["pos", "small"], rg=[True, False])
case("pow/3&3/base-no-grad", "pow", [(3,), (3,)], ["pos", "small"], rg=[False, True])
case("sub/2x3&3/a-no-grad", "sub", [(2, 3), (3,)], rg=[False, True])

# -- a number as one operand
for s in [(2, 3), (), (0,)]:
    t = shp(s)
    case(f"add_scalar/{t}", "add_scalar", [s], params={"s": 1.5})
    case(f"radd_scalar/{t}", "radd_scalar", [s], params={"s": -2})
    case(f"sub_scalar/{t}", "sub_scalar", [s], params={"s": 0.25})
    case(f"rsub_scalar/{t}", "rsub_scalar", [s], params={"s": 1})
    case(f"mul_scalar/{t}", "mul_scalar", [s], params={"s": 3})
    case(f"rmul_scalar/{t}", "rmul_scalar", [s], params={"s": -0.5})
    case(f"div_scalar/{t}", "div_scalar", [s], params={"s": 4})
    case(f"rdiv_scalar/{t}", "rdiv_scalar", [s], ["nonzero"], params={"s": 2})
    case(f"rpow_scalar/{t}", "rpow_scalar", [s], params={"s": 2})
case("add_scalar_alpha/2x3", "add_scalar_alpha", [(2, 3)], params={"s": 2, "alpha": 3})
case("rpow_scalar/3/base-0.5", "rpow_scalar", [(3,)], params={"s": 0.5})
# second order off: PyTorch's masked branch gives 0 * log(0) = nan there, descent gives 0
case(
    "rpow_scalar/4/base-0",
    "rpow_scalar",
    [(4,)],
    [[0.0, 1.0, 2.5, -1.0]],
    params={"s": 0},
    second=False,
)
for e in [2, 3, 0.5, -1, 0, 1, -2.5]:
    dom = "pos" if e != int(e) or e < 0 else "any"
    case(f"pow_scalar/2x3/e={e}", "pow_scalar", [(2, 3)], [dom], params={"e": e})
case("pow_scalar/0d/e=2", "pow_scalar", [()], params={"e": 2})
case("pow_scalar/0x2/e=3", "pow_scalar", [(0, 2)], params={"e": 3})
case("pow_scalar/zeros/e=2", "pow_scalar", [(3,)], [[0.0, 0.0, 1.0]], params={"e": 2})

# -- unary
UNARY = {
    "neg": "any",
    "exp": "any",
    "log": "pos",
    "sqrt": "pos",
    "abs": "nonzero",
    "sin": "any",
    "cos": "any",
    "tanh": "any",
    "sigmoid": "any",
    "relu": "nonzero",
    "square": "any",
    "reciprocal": "nonzero",
}
for op, dom in UNARY.items():
    for s in [(), (4,), (2, 3), (2, 0), (1, 3, 2)]:
        case(f"{op}/{shp(s)}", op, [s], [dom])
case("abs/kink", "abs", [(3,)], [[-1.0, 0.0, 2.0]])
case("relu/kink", "relu", [(3,)], [[-1.0, 0.0, 2.0]])
for lo, hi in [(-0.5, 0.5), (0.0, None), (None, 0.25)]:
    p = {}
    if lo is not None:
        p["min"] = lo
    if hi is not None:
        p["max"] = hi
    case(f"clamp/2x3/{lo},{hi}", "clamp", [(2, 3)], params=p)
case("clamp/bounds", "clamp", [(4,)], [[-1.0, 0.0, 1.0, 2.0]], params={"min": 0, "max": 1})
case("clamp/0d", "clamp", [()], params={"min": 0, "max": 1})

# -- reductions
for op in ["sum", "mean"]:
    for p in [
        {},
        {"dim": 0},
        {"dim": -1},
        {"dim": 1, "keepdim": True},
        {"dim": [0, 2]},
        {"dim": [-1, 0], "keepdim": True},
        {"dim": [0, 1, 2]},
    ]:
        case(f"{op}/2x3x4/{json.dumps(p)}", op, [(2, 3, 4)], params=p)
    case(f"{op}/0d", op, [()])
    case(f"{op}/0d/dim=0", op, [()], params={"dim": 0})
    case(f"{op}/0d/dim=-1,keepdim", op, [()], params={"dim": -1, "keepdim": True})
    case(f"{op}/0x3", op, [(0, 3)])
    case(f"{op}/0x3/dim=0", op, [(0, 3)], params={"dim": 0})
    case(f"{op}/0x3/dim=1", op, [(0, 3)], params={"dim": 1})
    case(f"{op}/5", op, [(5,)])
for op in ["max", "min"]:
    for s in [(), (5,), (2, 3), (2, 1, 3)]:
        case(f"{op}/{shp(s)}", op, [s])
    case(f"{op}/ties", op, [(5,)], [[1.0, 3.0, -3.0, 3.0, -3.0]])

# -- linear algebra: every rank combination of matmul
MATMUL = [
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3, 4)),
    ((2, 2, 3), (3,)),
    ((2, 2, 3), (3, 4)),
    ((3,), (2, 3, 4)),
    ((2, 3), (2, 3, 4)),
    ((2, 2, 3), (2, 3, 4)),
    ((2, 1, 2, 3), (3, 3, 4)),
    ((1, 2, 3), (2, 3, 4)),
    ((2, 2, 3), (1, 3, 4)),
    ((2, 2, 2, 3), (3,)),
    ((3,), (2, 2, 3, 4)),
    ((2, 3), (2, 2, 3, 4)),
    ((0, 3), (3, 4)),
    ((2, 0), (0, 4)),
    ((2, 3), (3, 0)),
    ((0, 2, 3), (3, 4)),
    ((0,), (0,)),
]
for sa, sb in MATMUL:
    case(f"matmul/{shp(sa)}@{shp(sb)}", "matmul", [sa, sb])
for sa, sb in [((3,), (3, 4)), ((2, 3), (2, 3, 4)), ((2, 2, 3), (3, 4)), ((1, 2, 3), (2, 3, 4))]:
    tag = f"{shp(sa)}@{shp(sb)}"
    case(f"matmul/{tag}/a-no-grad", "matmul", [sa, sb], rg=[False, True])
    case(f"matmul/{tag}/b-no-grad", "matmul", [sa, sb], rg=[True, False])
case("mm/2x3@3x4", "mm", [(2, 3), (3, 4)])
case("mm/1x1@1x1", "mm", [(1, 1), (1, 1)])
case("mm/0x3@3x2", "mm", [(0, 3), (3, 2)])
case("mm/2x3@3x4/b-no-grad", "mm", [(2, 3), (3, 4)], rg=[True, False])
case("dot/4", "dot", [(4,), (4,)])
case("dot/0", "dot", [(0,), (0,)])
case("transpose_matmul/2x3x2@3x4", "transpose_matmul", [(2, 3, 2), (3, 4)])

# -- views and copies
for s in [(2, 3), (3,), ()]:
    case(f"t/{shp(s)}", "t", [s])
for s, d in [
    ((2, 3), [0, 1]),
    ((2, 3, 4), [0, -1]),
    ((2, 3, 4), [2, 1]),
    ((), [0, -1]),
    ((0, 2), [1, 0]),
]:
    case(f"transpose/{shp(s)}/{d}", "transpose", [s], params={"dims": d})
for s, d in [((2, 3), [1, 0]), ((2, 3, 4), [2, 0, 1]), ((2, 3, 4), [-1, 0, 1]), ((), [])]:
    case(f"permute/{shp(s)}/{d}", "permute", [s], params={"dims": d})
for op in ["reshape", "view"]:
    for s, t in [
        ((2, 3), [6]),
        ((2, 3), [3, -1]),
        ((2, 3), [1, 3, 2]),
        ((), [1]),
        ((1,), []),
        ((0, 3), [3, 0]),
        ((0, 3), [-1]),
        ((2, 3, 4), [4, -1, 2]),
    ]:
        case(f"{op}/{shp(s)}->{t}", op, [s], params={"shape": t})
case("t_reshape/2x3->6", "t_reshape", [(2, 3)], params={"shape": [6]})
for s, p in [
    ((2, 3, 4), {}),
    ((2, 3, 4), {"start": 1}),
    ((2, 3, 4), {"start": 0, "end": 1}),
    ((2, 3, 4), {"start": 1, "end": 1}),
    ((), {}),
    ((0, 2), {}),
]:
    case(f"flatten/{shp(s)}/{json.dumps(p)}", "flatten", [s], params=p)
for s, p in [
    ((1, 3, 1), {}),
    ((1, 3, 1), {"dim": 0}),
    ((1, 3, 1), {"dim": 1}),
    ((1, 3, 1), {"dim": -1}),
    ((), {}),
    ((), {"dim": 0}),
    ((0, 1), {}),
]:
    case(f"squeeze/{shp(s)}/{json.dumps(p)}", "squeeze", [s], params=p)
for s, d in [((2, 3), 0), ((2, 3), -1), ((2, 3), 1), ((), 0), ((0,), 1)]:
    case(f"unsqueeze/{shp(s)}/{d}", "unsqueeze", [s], params={"dim": d})
for s, t in [
    ((3,), [2, 3]),
    ((2, 1), [2, 4]),
    ((2, 1), [-1, 3]),
    ((), [3, 2]),
    ((1,), [2, 0]),
    ((3, 1), [2, 3, 2]),
]:
    case(f"expand/{shp(s)}->{t}", "expand", [s], params={"shape": t})
for s in [(2, 3), (), (0, 2)]:
    case(f"clone/{shp(s)}", "clone", [s])
case("contiguous/2x3", "contiguous", [(2, 3)])
case("t_contiguous/2x3", "t_contiguous", [(2, 3)])
case("where/2x3", "where", [(2, 3), (2, 3), (2, 3)], ["cond", "any", "any"], rg=[False, True, True])
case("where/broadcast", "where", [(2, 1), (3,), ()], ["cond", "any", "any"], rg=[False, True, True])
case(
    "where/y-no-grad", "where", [(4,), (4,), (4,)], ["cond", "any", "any"], rg=[False, True, False]
)
case(
    "where_scalar/2x3",
    "where_scalar",
    [(2, 3), (2, 3)],
    ["cond", "any"],
    rg=[False, True],
    params={"s": 0.5},
)

# -- ops added to descent after the first fixture round
for sa, sb in [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), ())]:
    tag = f"{shp(sa)}&{shp(sb)}"
    case(f"maximum/{tag}", "maximum", [sa, sb])
    case(f"minimum/{tag}", "minimum", [sa, sb])
case("maximum/ties", "maximum", [(3,), (3,)], [[1.0, 2.0, 3.0], [1.0, 5.0, 3.0]])
case("minimum/ties", "minimum", [(3,), (3,)], [[1.0, 2.0, 3.0], [1.0, 5.0, 3.0]])
for op in ["max_dim", "min_dim", "max_dim_indices", "min_dim_indices"]:
    for s, p in [
        ((2, 3), {"dim": 1}),
        ((2, 3), {"dim": 0, "keepdim": True}),
        ((2, 3, 4), {"dim": -1}),
        ((4,), {"dim": 0}),
        ((), {"dim": 0}),
    ]:
        case(f"{op}/{shp(s)}/{json.dumps(p)}", op, [s], params=p)
    case(f"{op}/ties", op, [(2, 3)], [[1.0, 3.0, 3.0, -2.0, -2.0, 0.0]], params={"dim": 1})
for op in ["argmax", "argmin"]:
    for s, p in [
        ((2, 3), {}),
        ((2, 3), {"dim": 1}),
        ((2, 3), {"dim": 0, "keepdim": True}),
        ((), {}),
    ]:
        case(f"{op}/{shp(s)}/{json.dumps(p)}", op, [s], params=p)
    case(f"{op}/ties", op, [(4,)], [[1.0, 3.0, 3.0, -2.0]])
for op in ["softmax", "log_softmax"]:
    for s, d in [((2, 3), 1), ((2, 3), 0), ((2, 3, 4), -1), ((4,), 0), ((), 0), ((0, 3), 1)]:
        case(f"{op}/{shp(s)}/{d}", op, [s], params={"dim": d})
for s, p in [
    ((2, 3), {"dim": 1}),
    ((2, 3), {"dim": 0, "keepdim": True}),
    ((2, 3, 4), {"dim": -1}),
    ((), {"dim": 0}),
]:
    case(f"logsumexp/{shp(s)}/{json.dumps(p)}", "logsumexp", [s], params=p)
for s, p in [
    ((2, 3), {"dim": 0, "index": 1}),
    ((2, 3), {"dim": 1, "index": -1}),
    ((2, 3, 4), {"dim": 1, "index": 0}),
    ((3,), {"dim": 0, "index": 2}),
]:
    case(f"select/{shp(s)}/{json.dumps(p)}", "select", [s], params=p)
for s, p in [
    ((4, 3), {"dim": 0, "start": 1, "length": 2}),
    ((2, 5), {"dim": 1, "start": 0, "length": 5}),
    ((2, 3, 4), {"dim": -1, "start": 3, "length": 1}),
    ((3,), {"dim": 0, "start": 1, "length": 0}),
]:
    case(f"narrow/{shp(s)}/{json.dumps(p)}", "narrow", [s], params=p)
case("cat/2x3&1x3/0", "cat", [(2, 3), (1, 3)], params={"dim": 0})
case("cat/2x3&2x2/-1", "cat", [(2, 3), (2, 2)], params={"dim": -1})
case("cat/3&0&2/0", "cat", [(3,), (0,), (2,)], params={"dim": 0})
case("cat/2x3&2x1/b-no-grad", "cat", [(2, 3), (2, 1)], rg=[True, False], params={"dim": 1})
case("stack/2x3&2x3/0", "stack", [(2, 3), (2, 3)], params={"dim": 0})
case("stack/2x3&2x3&2x3/-1", "stack", [(2, 3), (2, 3), (2, 3)], params={"dim": -1})
case("stack/0d&0d/0", "stack", [(), ()], params={"dim": 0})
case("T/2x3", "T", [(2, 3)])  # only 2-D: PyTorch 2.x deprecates .T on other ranks (warning)
case("double/2x3", "double", [(2, 3)], dtypes=(F32,))
case("float/2x3", "float", [(2, 3)], dtypes=(F64, F32))
case("double/2x3/f64", "double", [(2, 3)], dtypes=(F64,))
for op in ["eq", "ne", "gt", "ge", "lt", "le"]:
    case(f"{op}/2x3&3", op, [(2, 3), (3,)], [[1.0, 2.0, 3.0, 3.0, 2.0, 1.0], [1.0, 2.0, 0.5]])
case("gt_scalar/2x3", "gt_scalar", [(2, 3)], params={"s": 0})

# -- in-place ops on non-leaves
for sa, sb in [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 3), ())]:
    tag = f"{shp(sa)}&{shp(sb)}"
    case(f"add_/{tag}", "add_", [sa, sb])
    case(f"sub_/{tag}", "sub_", [sa, sb])
    case(f"mul_/{tag}", "mul_", [sa, sb])
    case(f"div_/{tag}", "div_", [sa, sb], ["any", "nonzero"])
    case(f"copy_/{tag}", "copy_", [sa, sb])
case("add_/2x3&3/alpha", "add_", [(2, 3), (3,)], params={"alpha": 2.5})
case("sub_/2x3&3/alpha", "sub_", [(2, 3), (3,)], params={"alpha": -0.5})
case("mul_/2x3&3/other-no-grad", "mul_", [(2, 3), (3,)], rg=[True, False])
case("mul_/2x3&3/self-no-grad", "mul_", [(2, 3), (3,)], rg=[False, True])
case("copy_/2x3&3/self-no-grad", "copy_", [(2, 3), (3,)], rg=[False, True])
case("add_scalar_/2x3", "add_scalar_", [(2, 3)], params={"s": 2})
case("mul_scalar_/2x3", "mul_scalar_", [(2, 3)], params={"s": -3})
case("zero_/2x3", "zero_", [(2, 3)])
case("fill_/2x3", "fill_", [(2, 3)], params={"s": 2.5})
case("fill_/0d", "fill_", [()], params={"s": -1})
case("fill_/2x3/zero", "fill_", [(2, 3)], params={"s": 0})  # FillBackward2, not ZeroBackward0

# -- compositions
case("t_mul_sum/2x3&3x2", "t_mul_sum", [(2, 3), (3, 2)])
case("permute_sum/2x3x4", "permute_sum", [(2, 3, 4)])
case("expand_mul/3x1&4", "expand_mul", [(3, 1), (4,)])
case("mul_self/2x3", "mul_self", [(2, 3)])
case("div_by_sum/4", "div_by_sum", [(4,)], ["pos"])
case("tutorial_loss/3x3", "tutorial_loss", [(3, 3), (3, 3)], rg=[True, False])
case("softplus/2x3", "softplus", [(2, 3)])
case("mm_tanh_sum/2x3@3x4", "mm_tanh_sum", [(2, 3), (3, 4)])
case("sigmoid_mul_sum/5", "sigmoid_mul_sum", [(5,)])
case("square_mean_sqrt/2x3", "square_mean_sqrt", [(2, 3)])
case("mul_max/2x3", "mul_max", [(2, 3)])

# -- NaN, infinities, overflow and signed zeros flowing through ops (first order only: second
# derivatives of non-finite values depend on how a backward is factored)
NAN, INF = float("nan"), float("inf")
SPECIAL = [
    ("exp", [NAN, INF, -INF, 0.0, 100.0], {}),
    ("log", [0.0, -1.0, INF, NAN, 1.0], {}),
    ("sqrt", [0.0, -1.0, INF, 4.0], {}),
    # not -100: float32 PyTorch overflows exp(100) and gives 0, descent rounds 3.8e-44 (subnormal)
    ("sigmoid", [-INF, INF, NAN, -20.0, 100.0], {}),
    ("tanh", [INF, -INF, NAN, 20.0], {}),
    ("abs", [NAN, -INF, 0.0, -0.0], {}),
    ("neg", [0.0, -0.0, INF, NAN], {}),
    ("relu", [NAN, -INF, INF, -1.0], {}),
    ("clamp", [NAN, INF, -INF, 0.5], {"min": 0, "max": 1}),
    ("reciprocal", [0.0, -0.0, INF, 2.0], {}),
    ("mul_scalar", [3e38, -3e38, 1e-45, 1.0], {"s": 10}),
    ("div_scalar", [1.0, -1.0, 0.0, NAN], {"s": 0}),
    ("sin", [INF, NAN, 0.0, 1.0], {}),
    ("max", [1.0, NAN, 3.0, NAN], {}),
    ("min", [1.0, -INF, 3.0, 2.0], {}),
    ("sum", [1.0, INF, 2.0, 3.0], {}),
    ("mean", [INF, -INF, 1.0, 2.0], {}),
    ("pow_scalar", [0.0, 4.0, INF, 1.0], {"e": 0.5}),
]
for op, vals, p in SPECIAL:
    case(f"special/{op}", op, [(len(vals),)], [vals], params=p, second=False)
case("special/div", "div", [(3,), (3,)], [[1.0, -1.0, 0.0], [0.0, 0.0, 0.0]], second=False)

case("special/add_inf", "add", [(2,), (2,)], [[INF, 1.0], [-INF, NAN]], second=False)

# -- signs of zero, NaN and C's special cases, as PyTorch's kernels compute them (issue 9, items
# 8, 9, 10 and 16). pow with a number exponent dispatches to sqrt (0.5), rsqrt (-0.5) and
# reciprocal (-1), and uses x*x (2), x*x*x (3) and 1/(x*x) (-2); C's pow gives 1 for 1**y and
# (-1)**±inf. clamp and relu keep -0 (std::max(-0., 0.) is -0.); clamp with a NaN bound fills
# NaN when both bounds are given and ignores a one-sided NaN bound (2.x's clamp_out, same in
# 1.13). A full max/min keeps the later of equal elements (PyTorch's scalar loop; over more
# than 16 elements its vectorised loop depends on lane layout). maximum/minimum send the whole
# gradient to both inputs where either is NaN and half to each on ties.
EDGES = [
    ("pow_scalar", [-0.0, -INF, 0.0, 4.0], {"e": 0.5}),
    ("pow_scalar", [-0.0, 0.0, 4.0, INF], {"e": -0.5}),
    ("pow_scalar", [-0.0, -2.0, 0.5, INF], {"e": -1}),
    ("pow_scalar", [-0.0, -2.0, 0.5], {"e": -2}),
    ("pow_scalar", [-0.0, -2.0, 1.5], {"e": 3}),
    ("pow_scalar", [1.0, NAN, INF], {"e": 0}),
    ("pow_scalar", [-1.0, 1.0, 2.0], {"e": "inf"}),
    ("pow_scalar", [1.0, 2.0], {"e": "nan"}),
    ("relu", [-0.0, 0.0, NAN, -1.0], {}),
    ("clamp", [-0.0, 0.0, 2.0, -1.0], {"min": 0, "max": 1}),
    ("clamp", [-0.0, 2.0, NAN], {"min": 0}),
    ("clamp", [-0.0, 2.0, -1.0], {"max": -0.0}),
    ("clamp", [-0.0, 2.0, 0.5], {"min": "nan", "max": 1}),
    ("clamp", [-0.0, 2.0, 0.5], {"min": 0, "max": "nan"}),
    ("clamp", [-0.0, 2.0, 0.5], {"min": "nan"}),
    ("clamp", [-0.0, 2.0, 0.5], {"max": "nan"}),
    ("max", [0.0, -0.0], {}),
    ("max", [-0.0, 0.0], {}),
    ("min", [0.0, -0.0], {}),
    ("min", [-0.0, 0.0], {}),
]
for k, (op, vals, p) in enumerate(EDGES):
    case(f"edge/{op}/{k}", op, [(len(vals),)], [vals], params=p, second=False)
case("edge/pow_c", "pow", [(4,), (4,)], [[1.0, -1.0, -1.0, 1.0], [NAN, INF, -INF, -INF]], second=False)
case("edge/rpow_one", "rpow_scalar", [(3,)], [[NAN, INF, -INF]], params={"s": 1}, second=False)
case("edge/maximum_nan", "maximum", [(2,), (2,)], [[NAN, 1.0], [1.0, NAN]], second=False)
case("edge/minimum_nan", "minimum", [(2,), (2,)], [[NAN, 1.0], [1.0, NAN]], second=False)
case("edge/maximum_ties", "maximum", [(3,), (3,)], [[0.0, -0.0, 1.0], [-0.0, 0.0, 1.0]], second=False)
case("edge/minimum_ties", "minimum", [(3,), (3,)], [[0.0, -0.0, 1.0], [-0.0, 0.0, 1.0]], second=False)
# -g·(a/b)/b, not -g·a/b², whose b² overflows or underflows (1e-30/(1e-30)² is inf in float32,
# -g·(a/b)/b is -g·1e30)
case("edge/div_overflow", "div", [(2,), (2,)], [[1e30, 1e-30], [1e20, 1e-30]], second=False,
     dtypes=(F32,))
case("edge/div_overflow", "div", [(2,), (2,)], [[1e300, 1e-200], [1e160, 1e-200]], second=False,
     dtypes=(F64,))


# ----------------------------------------------------------------------------------------------
# Running the op cases


def optional_values(t):
    return None if t is None else values(t)


def rand_like(shape, dtype):
    return torch.randn(shape, dtype=F64).to(dtype)


def run_case(c, dtype):
    ins = [
        make_values(tuple(s["shape"]), s["domain"]).to(dtype).requires_grad_(s["rg"])
        for s in c["inputs"]
    ]
    p = c["params"]
    out = OPS[c["op"]](ins, p)
    name113 = grad_fn_name(out)
    name, note = (None, None) if name113 is None else name_2x(c["op"], ins, name113)
    if name is not None and name != name113:
        with names_as_2x(name):
            rep = repr(out)
    else:
        rep = repr(out)
    rec = {
        "name": f"{c['name']}/{DTYPE_NAME[dtype]}",
        "op": c["op"],
        "params": p,
        "dtype": DTYPE_NAME[dtype],
        "inputs": [
            {"shape": list(t.shape), "values": values(t), "requiresGrad": t.requires_grad}
            for t in ins
        ],
        "out": {"shape": list(out.shape), "dtype": DTYPE_NAME[out.dtype], "values": values(out)},
        "requiresGrad": out.requires_grad,
        "gradFn": name,
        "repr": rep,
    }
    if note is not None:
        rec["note"] = note
    if not out.requires_grad:
        return rec
    req = [t for t in ins if t.requires_grad]
    cot = rand_like(out.shape, out.dtype)
    grads = torch.autograd.grad(out, req, cot, create_graph=c["second"], allow_unused=True)
    it = iter(grads)
    rec["cotangent"] = values(cot)
    rec["grads"] = [values(next(it)) if t.requires_grad else None for t in ins]
    if c["second"]:
        ws = [rand_like(t.shape, dtype) for t in req]
        terms = [(g * w).sum() for g, w in zip(grads, ws) if g is not None and g.requires_grad]
        if terms:
            s = terms[0]
            for term in terms[1:]:
                s = s + term
            gg = torch.autograd.grad(s, req, allow_unused=True)
        else:
            gg = [None] * len(req)
        it_w = iter(ws)
        it_g = iter(gg)
        rec["second"] = {
            "w": [values(next(it_w)) if t.requires_grad else None for t in ins],
            "grads": [optional_values(next(it_g)) if t.requires_grad else None for t in ins],
        }
    return rec


op_cases = []
for c in CASES:
    for dtype in c["dtypes"]:
        op_cases.append(run_case(c, dtype))


# ----------------------------------------------------------------------------------------------
# Autograd scenarios (conformance/autograd_test.ts runs the same programs)


def rep(t):
    return None if t is None else repr(t)


def scenarios():
    out = {}

    # autograd.grad with allow_unused: the unused input's entry is None
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = torch.tensor([4.0, 5.0], requires_grad=True)
    gx, gy = torch.autograd.grad((x * x).sum(), [x, y], allow_unused=True)
    out["grad_allow_unused"] = {"grads": [rep(gx), rep(gy)]}

    # higher order through create_graph
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (g,) = torch.autograd.grad(x.pow(3).sum(), x, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), x)
    out["grad_create_graph"] = {"g": repr(g), "gg": repr(gg)}

    # third order of sin, float64
    x = torch.tensor([0.5, -1.0], dtype=F64, requires_grad=True)
    (g1,) = torch.autograd.grad(x.sin().sum(), x, create_graph=True)
    (g2,) = torch.autograd.grad(g1.sum(), x, create_graph=True)
    (g3,) = torch.autograd.grad(g2.sum(), x)
    out["third_order_sin"] = {"values": [values(g1), values(g2), values(g3)]}

    # several outputs with grad_outputs, several inputs
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    b = torch.tensor([0.5, -1.0], requires_grad=True)
    o1 = a.mul(b)
    o2 = a.sum(0).exp()
    ga, gb = torch.autograd.grad(
        [o1, o2], [a, b], [torch.tensor([[1.0, 0.0], [2.0, 1.0]]), torch.tensor([1.0, -1.0])]
    )
    out["grad_multi"] = {"ga": values(ga), "gb": values(gb)}

    # backward(inputs=[w]) accumulates only into w
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    (x * w).sum().backward(inputs=[w])
    out["backward_inputs"] = {"x_grad": rep(x.grad), "w_grad": rep(w.grad)}

    # backward twice with retain_graph accumulates: d(t^3)/dt at 2 is 12, twice 24
    t = torch.tensor(2.0, requires_grad=True)
    y = t**3
    y.backward(retain_graph=True)
    y.backward()
    out["backward_twice_retain"] = {"grad": repr(t.grad)}

    # add saves nothing: a second backward without retain_graph works and accumulates
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    z = (x + 1).sum()
    z.backward()
    z.backward()
    out["backward_twice_no_saved"] = {"grad": repr(x.grad)}

    # broadcasting grads are summed back to each input's shape
    a = torch.ones(2, 3, requires_grad=True)
    b = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    c = torch.tensor([[1.0], [2.0]], requires_grad=True)
    s = torch.tensor(2.0, requires_grad=True)
    (a * b * c * s).sum().backward()
    out["broadcast_grads"] = {
        "a": repr(a.grad),
        "b": repr(b.grad),
        "c": repr(c.grad),
        "s": repr(s.grad),
    }

    # a hook's return value replaces the gradient
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    out["hook_replaces"] = {"x_grad": repr(x.grad)}

    # retain_grad and a hook on the same non-leaf: 2.x runs the retains-grad hook last
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    y.register_hook(lambda g: g * 100)
    y.sum().backward()
    out["retain_grad_then_hook"] = {
        "y_grad": "tensor([100., 100.])",
        "x_grad": repr(x.grad),
        "note": "PyTorch 1.13 gives y.grad == tensor([1., 1.]) (retain_grad saw the grad before "
        "the hook); 2.x runs the retains-grad hook after every tensor hook "
        "(pytorch/pytorch#85849), "
        "so y.grad is the hook's result.",
        "y_grad_1_13": repr(y.grad),
    }

    # create_graph makes .grad differentiable
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (x**2).sum().backward(create_graph=True)
    out["backward_create_graph"] = {"requires_grad": x.grad.requires_grad, "values": values(x.grad)}

    # retain_grad on a non-leaf keeps its grad
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.retain_grad()
    z = (y * y).sum()
    z.backward()
    out["retain_grad"] = {"y_grad": values(y.grad), "x_grad": values(x.grad)}

    # detach() aliases storage and version counter; detach_() turns a non-leaf into a leaf
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    d = y.detach()
    d.add_(1)
    out["detach_alias"] = {"y": repr(y), "version": y._version}
    y = x * 2
    y.detach_()
    out["detach_"] = {"y": repr(y), "is_leaf": y.is_leaf, "requires_grad": y.requires_grad}

    # no_grad results
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        y = x * 2
    out["no_grad"] = {"y": repr(y), "is_leaf": y.is_leaf, "requires_grad": y.requires_grad}

    # in-place on a non-leaf rebases history
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.add_(1)
    y.sum().backward()
    out["inplace_nonleaf"] = {"y": repr(y), "x_grad": repr(x.grad)}

    # next_functions of ((x*w + 1).sum())
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0])
    s = (x * w + 1).sum()
    add = s.grad_fn.next_functions[0][0]
    mul = add.next_functions[0][0]
    out["next_functions"] = {
        "sum": [[grad_fn_name_node(n), nr] for n, nr in s.grad_fn.next_functions],
        "add": [[grad_fn_name_node(n), nr] for n, nr in add.next_functions],
        "mul": [[grad_fn_name_node(n), nr] for n, nr in mul.next_functions],
    }
    return out


def grad_fn_name_node(n):
    return None if n is None else type(n).__name__


# ----------------------------------------------------------------------------------------------
# Errors and warnings (conformance/errors_test.ts triggers the same misuse in descent)


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return type(e).__name__, str(e)
    raise AssertionError("no error")


def errors():
    E = []

    def add(name, fn, message_2x=None, note=None, type_2x=None):
        kind, msg = error_of(fn)
        rec = {"name": name, "type": type_2x or kind, "message": message_2x or msg}
        if message_2x is not None and message_2x != msg:
            rec["message_1_13"] = msg
            rec["type_1_13"] = kind
            rec["note"] = note
        E.append(rec)

    r = lambda *s: torch.ones(*s, requires_grad=True)  # noqa: E731

    add("broadcast", lambda: torch.ones(2, 3) + torch.ones(2))
    add("broadcast_mul_3d", lambda: torch.ones(4, 2, 3) * torch.ones(3, 3))
    add("mm_shapes", lambda: torch.ones(2, 3).mm(torch.ones(2, 3)))
    add("matmul_2d", lambda: torch.ones(2, 3) @ torch.ones(2, 3))
    add("matmul_1d_2d", lambda: torch.ones(3) @ torch.ones(2, 4))
    add("matmul_3d_2d", lambda: torch.ones(5, 2, 3) @ torch.ones(2, 4))
    add("matmul_3d_3d", lambda: torch.ones(5, 2, 3) @ torch.ones(5, 2, 4))
    add("matmul_0d", lambda: torch.ones(()) @ torch.ones(3))
    add("dot_sizes", lambda: torch.ones(3).dot(torch.ones(2)))
    add(
        "mv_sizes",
        lambda: torch.ones(2, 3) @ torch.ones(2),
        "size mismatch, got input (2), mat (2x3), vec (2)",
        "PyTorch 1.13 says 'size mismatch, got 2, 2x3,2'; 2.x names the operands.",
    )
    add("view_stride", lambda: torch.ones(2, 3).t().view(6))
    add("reshape_numel", lambda: torch.ones(2, 3).reshape(4))
    add("reshape_two_inferred", lambda: torch.ones(2, 3).reshape(-1, -1))
    add("expand_size", lambda: torch.ones(2, 3).expand(3, 3))
    add("expand_rank", lambda: torch.ones(2, 3).expand(3))
    add("permute_rank", lambda: torch.ones(2, 3).permute(0))
    add("permute_duplicate", lambda: torch.ones(2, 3).permute(0, 0))
    add("dim_range", lambda: torch.ones(2, 3).sum(2))
    add("dim_duplicate", lambda: torch.ones(2, 3).sum((0, 0)))
    add("unsqueeze_range", lambda: torch.ones(2, 3).unsqueeze(3))
    add("t_3d", lambda: torch.ones(2, 3, 4).t())
    add("flatten_order", lambda: torch.ones(2, 3, 4).flatten(2, 1))
    add("allclose_rtol", lambda: torch.allclose(torch.ones(2), torch.ones(2), rtol=-1))
    add("allclose_atol", lambda: torch.allclose(torch.ones(2), torch.ones(2), atol=-0.5))
    add("eye_negative", lambda: torch.eye(-3, 3))
    add("max_empty", lambda: torch.ones(0).max())
    add("clamp_none", lambda: torch.ones(2).clamp())

    def backward_twice():
        x = r(3)
        y = x.exp().sum()
        y.backward()
        y.backward()

    add("backward_twice", backward_twice)

    def backward_twice_number(op):
        def run():
            y = op(r(3)).sum()
            y.backward()
            y.backward()

        return run

    # a number operand is saved as a wrapped 0-d tensor (`_saved_other`), so this fails too
    add("backward_twice_mul_number", backward_twice_number(lambda x: x * 2))
    add("backward_twice_div_number", backward_twice_number(lambda x: x / 2))

    def inplace_output():
        x = r(3)
        y = x.exp()
        y.add_(1)
        y.sum().backward()

    add("inplace_modified_output", inplace_output)

    def inplace_output_f64_2d():
        x = torch.ones(2, 2, dtype=F64, requires_grad=True)
        y = x.sigmoid()
        y.mul_(2)
        y.sum().backward()

    add("inplace_modified_f64_2d", inplace_output_f64_2d)

    def inplace_leaf_input():
        t = r(3)
        w = torch.ones(3)
        y = t * w
        w.mul_(2)
        y.sum().backward()

    add("inplace_modified_saved_leaf", inplace_leaf_input)

    def inplace_nograd():
        x = r(3)
        y = x.exp()
        with torch.no_grad():
            y.mul_(2)
        y.sum().backward()

    add("inplace_modified_under_no_grad", inplace_nograd)

    def detach_alias_trips():
        x = r(3)
        y = x.exp()
        y.detach().zero_()
        y.sum().backward()

    add("inplace_modified_through_detach", detach_alias_trips)
    add("leaf_inplace", lambda: r(3).add_(1))
    add("view_of_leaf_inplace", lambda: r(2, 3)[0].mul_(2))

    def nonleaf_flag_false():
        y = r(2) * 2
        y.requires_grad = False

    def nonleaf_flag_true():
        y = r(2) * 2
        y.requires_grad = True

    add("nonleaf_requires_grad_false", nonleaf_flag_false)
    add("nonleaf_requires_grad_true", nonleaf_flag_true)
    add("nonleaf_requires_grad__false", lambda: (r(2) * 2).requires_grad_(False))
    add("implicit_grad_non_scalar", lambda: (r(3) * 2).backward())
    add("no_grad_fn", lambda: torch.ones(1).sum().backward())
    add(
        "grad_shape_mismatch",
        lambda: (r(3) * 2).backward(torch.ones(2)),
    )
    add(
        "item_many",
        lambda: torch.ones(2, 3).item(),
        "a Tensor with 6 elements cannot be converted to Scalar",
        "PyTorch 1.13 raises ValueError 'only one element tensors can be converted to Python "
        "scalars' from Tensor.item(); 2.x raises RuntimeError 'a Tensor with 6 elements cannot be "
        "converted to Scalar' (float(t) keeps the 1.13 text; descent's message carries both).",
        "RuntimeError",
    )
    add("detach__view", lambda: (r(2, 3) * 1).t().detach_())
    add("retain_grad_no_grad", lambda: torch.ones(2).retain_grad())
    add("hook_no_grad", lambda: torch.ones(2).register_hook(lambda g: g))

    def unused():
        x = r(2)
        y = r(2)
        torch.autograd.grad((x * 2).sum(), [x, y])

    add("grad_unused", unused)
    add("grad_input_no_grad", lambda: torch.autograd.grad((r(2) * 2).sum(), [torch.ones(2)]))
    add("backward_inputs_empty", lambda: (r(2) * 2).sum().backward(inputs=[]))

    def bad_hook_shape():
        x = r(3)
        y = x * 2

        def bad_hook(g):
            return torch.ones(2)

        y.register_hook(bad_hook)
        y.sum().backward()

    add("hook_wrong_shape", bad_hook_shape)

    def bad_hook_dtype():
        x = r(3)
        y = x * 2

        def bad_dtype_hook(g):
            return g.double()

        y.register_hook(bad_dtype_hook)
        y.sum().backward()

    add("hook_wrong_dtype", bad_hook_dtype)

    class BadExp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, g):
            return g * 2

    x64 = torch.tensor([0.0, 1.0], dtype=F64, requires_grad=True)
    add("gradcheck_mismatch", lambda: torch.autograd.gradcheck(BadExp.apply, (x64,)))

    W = []
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _ = y.grad
    msg = str(caught[0].message)
    msg_2x = msg.replace("for more informations.", "for more information.").split(" (Triggered")[0]
    W.append(
        {
            "name": "non_leaf_grad",
            "message": msg_2x,
            "message_1_13": msg,
            "note": "2.x fixed the typo 'informations' -> 'information'; the '(Triggered "
            "internally at …)' suffix names a C++ source line and is not reproduced.",
        }
    )
    x = torch.ones(2, requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (x * x).sum().backward(create_graph=True)
    msg = str(caught[0].message)
    W.append(
        {
            "name": "create_graph",
            "message": msg.split(" (Triggered")[0],
            "message_1_13": msg,
            "note": "the '(Triggered internally at …)' suffix names a C++ source line and is not "
            "reproduced.",
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        x32 = torch.ones(2, requires_grad=True)
        torch.autograd.gradcheck(lambda t: t * 2, (x32,), raise_exception=False)
    W.append({"name": "gradcheck_not_double", "message": str(caught[0].message)})
    return E, W


errs, warns = errors()

fixture = {
    "torch": torch.__version__,
    "generator": "conformance/ops/generate.py",
    "note": "Values as flat row-major lists; nan/inf/-inf/-0 are strings. float32 values are "
    "written in their shortest float32 form. Where 1.13 and 2.x differ, 2.x is recorded "
    "(see note).",
    "ops": op_cases,
    "scenarios": scenarios(),
    "errors": errs,
    "warnings": warns,
}

here = os.path.dirname(os.path.abspath(__file__))
def dumps(v):
    return json.dumps(v, separators=(",", ":"), allow_nan=False)


# One op case, scenario, error or warning per line, so that diffs stay readable.
with open(os.path.join(here, "fixtures.json"), "w") as f:
    f.write("{\n")
    for key in ["torch", "generator", "note"]:
        f.write(f"{dumps(key)}:{dumps(fixture[key])},\n")
    f.write('"ops":[\n' + ",\n".join(dumps(c) for c in fixture["ops"]) + "\n],\n")
    sc = fixture["scenarios"]
    f.write('"scenarios":{\n' + ",\n".join(f"{dumps(k)}:{dumps(v)}" for k, v in sc.items()))
    f.write("\n},\n")
    f.write('"errors":[\n' + ",\n".join(dumps(e) for e in fixture["errors"]) + "\n],\n")
    f.write('"warnings":[\n' + ",\n".join(dumps(w) for w in fixture["warnings"]) + "\n]\n")
    f.write("}\n")
print(f"wrote {len(op_cases)} op cases, {len(errs)} errors, {len(warns)} warnings")
