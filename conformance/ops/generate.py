#!/usr/bin/python3
"""Generate conformance/ops/fixtures.json: what PyTorch computes for every differentiable op.

Run from anywhere (deterministic, no network):  /usr/bin/python3 conformance/ops/generate.py

The ops and their cases come from the op table, conformance/ops/op_table.ts, which this script
reads as JSON by running `deno run conformance/ops/emit_cases.ts`. For each op case and dtype
the fixture holds the inputs, the forward
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
import shutil
import subprocess
import warnings

import numpy as np
import torch

from sdpa_math import sdpa, sdpa_flash_2x

torch.manual_seed(5)
torch.set_printoptions(profile="default")

F32 = torch.float32
F64 = torch.float64
DTYPE_NAME = {
    F32: "float32",
    F64: "float64",
    torch.int64: "int64",
    torch.int32: "int32",
    torch.uint8: "uint8",
    torch.bool: "bool",
}


# ----------------------------------------------------------------------------------------------
# Encoding


def enc(v, dtype):
    """One number for JSON: nan/inf/-0 as strings; float32 in its shortest round-trip form;
    integers as integers, bools as 0/1."""
    if not dtype.is_floating_point:
        return int(v)
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


UPSAMPLE_NOTE = (
    "PyTorch 1.13's F.interpolate calls the upsample ops' .vec overloads (UpsampleNearest2D"
    "Backward1, ...); 2.x records the .default overload's node (...Backward0)."
)


SDPA_NOTE = (
    "PyTorch 1.13 has no scaled_dot_product_attention; the fixture is 2.x's math path in 1.13's "
    "ops, and the name is the one 2.x's CPU dispatch records."
)


def name_2x(op, ins, name113, p=None):
    """(2.x name, note or None) for a node that PyTorch 1.13 named `name113`."""
    if op.startswith("scaled_dot_product_attention"):
        q = ins[0].transpose(-1, -2) if op.endswith("transposed_query") else ins[0]
        flash = sdpa_flash_2x([q, *ins[1:]], p)
        return ("ScaledDotProductFlashAttentionForCpuBackward0" if flash else name113), SDPA_NOTE
    if name113 == "ReshapeAliasBackward0":
        return "ViewBackward0", RESHAPE_NOTE
    # ---- shape and joining (issue 13) ----
    if op == "diag" and name113 == "DiagBackward0":
        return ("DiagEmbedBackward0" if ins[0].dim() == 1 else "DiagonalBackward0_copy"), (
            "PyTorch 1.13 records DiagBackward0; 2.x's diag calls diag_embed (1-D input) or "
            "diagonal_copy (2-D input)."
        )
    if op == "repeat_interleave" and name113 == "IndexSelectBackward0":
        return "ViewBackward0", (
            "PyTorch 1.13 records IndexSelectBackward0; 2.x repeats a number of times as "
            "unsqueeze, expand, clone, flatten."
        )
    # ---- end shape and joining ----
    # ---- reductions and scans (issue 13) ----
    if op == "norm" and name113 != "LinalgVectorNormBackward0" and p.get("ord") != "nuc":
        return "LinalgVectorNormBackward0", (
            f"PyTorch 1.13's torch.norm records {name113}; 2.x's torch.norm calls "
            "torch.linalg.vector_norm for a number p and for 'fro' over at most two dims."
        )
    # ---- end reductions and scans ----
    # ---- indexing (issue 11) ----
    whole = {"slice": [None]}
    if (
        op == "index"
        and name113 == "SliceBackward0"
        and len(p["ix"]) > 1
        and all(x == "..." or x == whole for x in p["ix"])
    ):
        return "AliasBackward0", (
            "PyTorch 1.13 slices again when every item of a tuple index takes a whole dim; 2.x "
            "returns an alias of the tensor (AliasBackward0)."
        )
    if op in ("index_put_", "index_put_scalar_") and name113 == "CopySlices" and p["ix"] == [whole]:
        return "CopyBackwards", (
            "PyTorch 1.13's t[:] = v copies into a slice of t (CopySlices); 2.x skips a slice of "
            "the whole dim and copies into t itself (CopyBackwards)."
        )
    # ---- end indexing ----
    if name113.startswith("Upsample") and name113.endswith("Backward1"):
        return name113[:-1] + "0", UPSAMPLE_NOTE
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
# The op table (conformance/ops/op_table.ts) as JSON: each op's PyTorch expression and the cases


def load_table():
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "emit_cases.ts")
    deno = shutil.which("deno") or "/usr/local/bin/deno"
    out = subprocess.run([deno, "run", "--quiet", script], check=True, capture_output=True)
    return json.loads(out.stdout)


def num(x):
    """A parameter or value that may be spelled "nan"/"inf"/"-inf"/"-0" (JSON has no such numbers)."""
    return float(x) if isinstance(x, str) else x


def colsigns(v):
    """The sign of each column's element of largest magnitude (the first of equal ones), a constant
    (..., 1, k) tensor: eigenvectors and singular vectors times it are the same whichever sign
    LAPACK chose (op_table.ts's colSigns is the same function)."""
    v = v.detach()
    if v.numel() == 0:
        return torch.ones(*v.shape[:-2], 1, v.shape[-1], dtype=v.dtype)
    s = torch.sign(v.gather(-2, v.abs().argmax(-2, keepdim=True)))
    return torch.where(s == 0, torch.ones_like(s), s)


def gauge_eigh(r):
    """eigh's outputs with the eigenvectors' signs fixed by colsigns."""
    return [r.eigenvalues, r.eigenvectors * colsigns(r.eigenvectors)]


def gauge_svd(r):
    """svd's outputs, U's first k columns and Vh's first k rows, signs fixed together."""
    k = r.S.shape[-1]
    u = r.U[..., :k]
    s = colsigns(u)
    return [u * s, r.S, r.Vh[..., :k, :] * s.mT]


# ---- indexing (issue 11): index helpers ----
def ix_item(x, i):
    """One item of an op-table index (op_table.ts's IndexSpec) as Python indexes with it."""
    if x is None or isinstance(x, bool) or isinstance(x, int):
        return x
    if x == "...":
        return Ellipsis
    if isinstance(x, dict):
        return i[x["t"]] if "t" in x else slice(*x["slice"])
    # nested lists: an index tensor (descent reads them so; PyTorch 2.x still reads a nested
    # list alone as a tuple, with a deprecation warning)
    flat = torch.tensor(x)
    return flat if flat.numel() > 0 else torch.tensor(x, dtype=torch.long)


def ix(spec, i):
    """Python's index of a case: `t[x]` for one item, `t[x, y, ...]` for several."""
    items = [ix_item(x, i) for x in spec]
    return items[0] if len(items) == 1 else tuple(items)


def ixt(spec, i):
    """The index tensors of `index_put` (a tuple)."""
    return tuple(ix_item(x, i) for x in spec)


def setitem(t, index, v, accumulate):
    """`t[index] = v` (with accumulate: `index_put_`, index tensors only); gives `t`."""
    if accumulate:
        t.index_put_(index if isinstance(index, tuple) else (index,), v, accumulate=True)
    else:
        t[index] = v
    return t


def run(f, t):
    """Runs `f(t)` (an in-place op on a view of `t`) and gives `t`."""
    f(t)
    return t
# ---- end indexing: index helpers ----


TABLE = load_table()
# i: the input tensors, p: the params, dtype: the case's dtype
SCOPE = {
    "torch": torch,
    "F": torch.nn.functional,
    "num": num,
    "gauge_eigh": gauge_eigh,
    "gauge_svd": gauge_svd,
    "sdpa": sdpa,
    "ix": ix,
    "ixt": ixt,
    "setitem": setitem,
    "run": run,
}
OPS = {k: eval(f"lambda i, p, dtype: {expr}", SCOPE) for k, expr in TABLE["torch"].items()}
DTYPE = {name: dtype for dtype, name in DTYPE_NAME.items()}


def make_values(shape, values):
    n = int(np.prod(shape)) if len(shape) > 0 else 1
    if isinstance(values, list):
        assert len(values) == n, (shape, values)
        return torch.tensor([num(v) for v in values], dtype=F64).reshape(shape)
    v = torch.randn(n, dtype=F64)
    if values == "any":
        pass
    elif values == "pos":  # log, sqrt, pow bases, denominators
        v = torch.rand(n, dtype=F64) * 2 + 0.25
    elif values == "nonzero":  # away from kinks and poles
        v = torch.sign(v) * (v.abs() + 0.25)
        v[v == 0] = 0.5
    elif values == "cond":
        v = (v > 0).to(F64)
    elif values == "int":  # integer dtypes: -9..9
        v = torch.randint(-9, 10, (n,)).to(F64)
    elif values == "intnz":  # integer divisors: ±1..9
        v = torch.randint(1, 10, (n,)).to(F64) * (torch.randint(0, 2, (n,)) * 2 - 1)
    elif values == "small":  # exponents
        v = torch.rand(n, dtype=F64) * 3 - 1
    elif values == "wellcond":  # square matrices with a dominant diagonal
        v = v.reshape(shape)
        d = v.diagonal(0, -2, -1)
        d.copy_(torch.sign(d) * (d.abs() + shape[-1]) + (d == 0) * shape[-1])
    elif values == "spd":  # symmetric positive-definite: X·Xᵀ/n + I
        x = v.reshape(shape)
        v = x @ x.mT / shape[-1] + torch.eye(shape[-1], dtype=F64)
    else:
        raise ValueError(values)
    return v.reshape(shape)


# ----------------------------------------------------------------------------------------------
# Running the op cases


def optional_values(t):
    return None if t is None else values(t)


def rand_like(shape, dtype):
    return torch.randn(shape, dtype=F64).to(dtype)


def describe(op, ins, out, p):
    """(record of the value, grad_fn name, repr, note) of one result."""
    name113 = grad_fn_name(out)
    name, note = (None, None) if name113 is None else name_2x(op, ins, name113, p)
    if name is not None and name != name113:
        with names_as_2x(name):
            rep = repr(out)
    else:
        rep = repr(out)
    value = {"shape": list(out.shape), "dtype": DTYPE_NAME[out.dtype], "values": values(out)}
    return value, name, rep, note


def run_case(c, dtype):
    """One case in `dtype` (an input with a dtype of its own keeps it). An op with several
    outputs (a list) records a list for `out`, `requiresGrad`, `gradFn`, `repr` and
    `cotangent` (null for an output that does not require grad)."""
    ins = [
        make_values(tuple(s["shape"]), s["values"])
        .to(DTYPE[s["dtype"]] if "dtype" in s else dtype)
        .requires_grad_(s["requiresGrad"])
        for s in c["inputs"]
    ]
    p = c["params"]
    result = OPS[c["op"]](ins, p, dtype)
    multi = isinstance(result, (list, tuple))
    outs = list(result) if multi else [result]
    described = [describe(c["op"], ins, o, p) for o in outs]
    one = (lambda xs: xs) if multi else (lambda xs: xs[0])
    rec = {
        "name": f"{c['name']}/{DTYPE_NAME[dtype]}",
        "op": c["op"],
        "params": p,
        "dtype": DTYPE_NAME[dtype],
        "inputs": [
            {"shape": list(t.shape), "values": values(t), "requiresGrad": t.requires_grad}
            | ({"dtype": s["dtype"]} if "dtype" in s else {})
            for t, s in zip(ins, c["inputs"])
        ],
        "out": one([d[0] for d in described]),
        "requiresGrad": one([o.requires_grad for o in outs]),
        "gradFn": one([d[1] for d in described]),
        "repr": one([d[2] for d in described]),
    }
    notes = [d[3] for d in described if d[3] is not None]
    if notes:
        rec["note"] = notes[0]
    differentiable = [o for o in outs if o.requires_grad]
    if not differentiable:
        return rec
    req = [t for t in ins if t.requires_grad]
    cots = [rand_like(o.shape, o.dtype) if o.requires_grad else None for o in outs]
    grads = torch.autograd.grad(
        differentiable,
        req,
        [t for t in cots if t is not None],
        create_graph=c["second"],
        allow_unused=True,
    )
    it = iter(grads)
    rec["cotangent"] = one([None if t is None else values(t) for t in cots])
    rec["grads"] = [optional_values(next(it)) if t.requires_grad else None for t in ins]
    if c["second"]:
        ws = [rand_like(t.shape, t.dtype) for t in req]
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
for c in TABLE["cases"]:
    for dtype in c["dtypes"]:
        try:
            op_cases.append(run_case(c, DTYPE[dtype]))
        except Exception as e:
            raise RuntimeError(f"case {c['name']}/{dtype}") from e


# ----------------------------------------------------------------------------------------------
# Autograd scenarios (conformance/autograd_test.ts runs the same programs)


def rep(t):
    return None if t is None else repr(t)


def times_one(name, backward):
    """A custom Function named `name` computing x * 1, with the given (often wrong) backward."""
    methods = {"forward": staticmethod(lambda ctx, x: x * 1), "backward": staticmethod(backward)}
    return type(name, (torch.autograd.Function,), methods)


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

    # a custom Function whose forward returns its input gives back a new view: x stays a leaf
    class Identity(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Identity.apply(x)
    same, x_is_leaf, y_base_is_x = y is x, x.is_leaf, y._base is x
    y.sum().backward()
    out["function_returns_input"] = {
        "y_is_x": same,
        "x_is_leaf": x_is_leaf,
        "y_base_is_x": y_base_is_x,
        "y": repr(y),
        "x_grad": repr(x.grad),
    }

    # a gradient reaching a leaf takes the leaf's dtype; a seed that requires grad is copied,
    # without its graph
    ToDouble = times_one("ToDouble", lambda ctx, g: g.double())

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    x.backward(torch.tensor([1.0, 1.0], dtype=F64))
    y = torch.tensor([1.0, 2.0], requires_grad=True)
    (y * 1).backward(torch.tensor([1.0, 1.0], dtype=F64))
    z = torch.tensor([1.0, 2.0], requires_grad=True)
    ToDouble.apply(z).sum().backward()
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    seed = torch.tensor([1.0, 1.0], requires_grad=True)
    w.backward(seed)
    out["grad_dtype_and_seed"] = {
        "leaf_seed_f64": repr(x.grad),
        "seed_f64": repr(y.grad),
        "function_f64": repr(z.grad),
        "seed_requires_grad": repr(w.grad),
        "grad_is_seed": w.grad is seed,
    }

    # create_graph: the first .grad is a copy recorded in the graph; a .grad that exists already
    # is replaced by old + new (grad mode decides), not changed in place
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (x**2).sum().backward(create_graph=True)
    copy_edges = [[grad_fn_name_node(n), nr] for n, nr in x.grad.grad_fn.next_functions]
    first = repr(x.grad)
    v = torch.tensor([1.0, 2.0], requires_grad=True)
    (v * 2).sum().backward()
    g0 = v.grad
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (v * 2).sum().backward(create_graph=True)
    out["create_graph_grad"] = {
        "first": first,
        "copy_next_functions": copy_edges,
        "same_object": v.grad is g0,
        "old": repr(g0),
        "new": repr(v.grad),
    }

    # backward(inputs=[y]) with a non-leaf y: y retains its grad from then on, and y's node runs
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x + 3
    (y * y).sum().backward(inputs=[y])
    first, retains, x_grad = repr(y.grad), y.retains_grad, rep(x.grad)
    (y * 2).sum().backward()
    out["backward_inputs_non_leaf"] = {
        "y_grad": first,
        "retains_grad": retains,
        "x_grad": x_grad,
        "y_grad_after_backward": repr(y.grad),
        "x_grad_after_backward": repr(x.grad),
    }

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
    # Sizes are checked once, before anything is allocated (issue 9 items 1-2).
    nan = float("nan")
    add("arange_step_nan", lambda: torch.arange(0, 1, nan))
    add("arange_unsupported_range", lambda: torch.arange(0, nan))
    add("arange_step_sign", lambda: torch.arange(0, -1))
    add("zeros_negative", lambda: torch.zeros(-1, 2))
    add(
        "zeros_float_size",
        lambda: torch.zeros(2, 1.5),
        "zeros(): argument 'size' (position 1) must be tuple of ints, but found element of type "
        "float at pos 1",
        "1.13 says 'tuple of SymInts' and counts pos from 1; 2.x's python_arg_parser says "
        "'tuple of ints' and counts from 0 (FunctionSignature::parse).",
    )
    add(
        "expand_float_size",
        lambda: torch.ones(2).expand(1.5, 3),
        "expand(): argument 'size' (position 1) must be tuple of ints, but found element of type "
        "float at pos 0",
        "1.13 says 'must be tuple of SymInts, not float'; 2.x names the element (0-based pos).",
    )
    add("expand_leading_minus_one", lambda: torch.ones(2).expand(-1, 2))
    add("view_negative_size", lambda: torch.ones(4).view(-2, 2))
    add("view_zero_elements_inferred", lambda: torch.zeros(0).view(-1, 0))
    add("linspace_negative_steps", lambda: torch.linspace(0, 1, -1))
    add("linspace_float_steps", lambda: torch.linspace(0, 1, 1.5))
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

    add("grad_empty_inputs", lambda: torch.autograd.grad((r(2) * 2).sum(), []))

    def backward_inputs_non_leaf_releases():
        x = r(2)
        y = x * 3
        (y * y).sum().backward(inputs=[y])
        (y * 2).sum().backward()

    add("backward_inputs_non_leaf_releases", backward_inputs_non_leaf_releases)

    WrongN = times_one("WrongN", lambda ctx, g: (g, g))

    add("function_wrong_count", lambda: WrongN.apply(r(2)).sum().backward())

    class GradForNumber(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, g

    add("function_grad_for_number", lambda: GradForNumber.apply(r(2), 2.0).sum().backward())

    NumberGrad = times_one("NumberGrad", lambda ctx, g: 3)

    add("function_grad_not_tensor", lambda: NumberGrad.apply(r(2)).sum().backward())

    WrongShape = times_one("WrongShape", lambda ctx, g: torch.zeros(3))

    add("function_wrong_shape", lambda: WrongShape.apply(r(2)).sum().backward())

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

    # ---- linear algebra (issue 13): singular input, shapes, dtypes, options, backward limits ----
    sing = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
    batch = torch.stack([torch.eye(2), sing])
    add("linalg_solve_singular", lambda: torch.linalg.solve(sing, torch.ones(2)))
    add("linalg_solve_singular_batch", lambda: torch.linalg.solve(batch, torch.ones(2)))
    add(
        "linalg_solve_singular_float32",
        lambda: torch.linalg.solve(torch.arange(1.0, 10.0).reshape(3, 3), torch.ones(3)),
    )
    add("linalg_inv_singular", lambda: torch.linalg.inv(sing))
    add("linalg_inv_singular_batch", lambda: torch.linalg.inv(batch))
    add("linalg_inv_zeros", lambda: torch.linalg.inv(torch.zeros(3, 3)))
    indefinite = torch.tensor([[1.0, 2.0], [2.0, 1.0]])
    add("linalg_cholesky_not_pd", lambda: torch.linalg.cholesky(indefinite))
    add("linalg_cholesky_negative", lambda: torch.linalg.cholesky(-torch.eye(2)))
    add(
        "linalg_cholesky_not_pd_batch",
        lambda: torch.linalg.cholesky(torch.stack([torch.eye(2), indefinite])),
    )
    add("linalg_solve_not_square", lambda: torch.linalg.solve(torch.ones(2, 3), torch.ones(2)))
    add("linalg_solve_shapes", lambda: torch.linalg.solve(torch.ones(3, 3), torch.ones(2)))
    add(
        "linalg_solve_shapes_right",
        lambda: torch.linalg.solve(torch.ones(3, 3), torch.ones(3, 2), left=False),
    )
    add(
        "linalg_solve_dtype",
        lambda: torch.linalg.solve(torch.ones(3, 3, dtype=F64), torch.ones(3)),
    )
    add("linalg_solve_b_0d", lambda: torch.linalg.solve(torch.ones(3, 3), torch.ones(())))
    add(
        "linalg_solve_batch_broadcast",
        lambda: torch.linalg.solve(torch.ones(2, 3, 3), torch.ones(5, 3, 3)),
    )
    add("linalg_inv_1d", lambda: torch.linalg.inv(torch.ones(3)))
    add("linalg_det_not_square", lambda: torch.linalg.det(torch.ones(2, 3)))
    add("linalg_eigh_uplo", lambda: torch.linalg.eigh(torch.ones(3, 3), UPLO="X"))
    add("linalg_qr_mode", lambda: torch.linalg.qr(torch.ones(3, 3), mode="foo"))
    add(
        "linalg_qr_r_backward",
        lambda: torch.linalg.qr(r(3, 2), mode="r")[1].sum().backward(),
    )

    def qr_complete_backward():
        a = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]], requires_grad=True)
        torch.linalg.qr(a, mode="complete")[0].sum().backward()

    add("linalg_qr_complete_backward", qr_complete_backward)
    nan_batch = torch.ones(2, 2, 2)
    nan_batch[1, 0, 0] = float("nan")
    add("linalg_svd_nonfinite", lambda: torch.linalg.svd(nan_batch))
    add("linalg_lstsq_dims", lambda: torch.linalg.lstsq(torch.ones(3), torch.ones(3)))
    add("linalg_lstsq_rows", lambda: torch.linalg.lstsq(torch.ones(3, 2), torch.ones(2, 2)))
    add(
        "linalg_lstsq_driver",
        lambda: torch.linalg.lstsq(torch.ones(3, 2), torch.ones(3, 1), driver="foo"),
    )
    add(
        "linalg_lstsq_dtype",
        lambda: torch.linalg.lstsq(torch.ones(3, 2), torch.ones(3, 1, dtype=F64)),
    )
    add(
        "linalg_lstsq_gels_rank",
        lambda: torch.linalg.lstsq(torch.ones(3, 2), torch.ones(3, 1), driver="gels"),
    )
    add("linalg_matrix_norm_ord", lambda: torch.linalg.matrix_norm(torch.ones(3, 3), "foo"))
    add("linalg_matrix_norm_ord_3", lambda: torch.linalg.matrix_norm(torch.ones(3, 3), 3))
    add(
        "linalg_matrix_norm_dims",
        lambda: torch.linalg.matrix_norm(torch.ones(2, 3, 3), dim=(0, -3)),
    )
    add(
        "linalg_matrix_norm_dim_count",
        lambda: torch.linalg.matrix_norm(torch.ones(3, 3), dim=(0, 1, 2)),
    )
    add("linalg_matrix_norm_empty_min", lambda: torch.linalg.matrix_norm(torch.zeros(0, 3), -2))
    add("addmm_shapes", lambda: torch.addmm(torch.ones(4), torch.ones(2, 3), torch.ones(2, 3)))
    add("addmm_dims", lambda: torch.addmm(torch.ones(2), torch.ones(2, 3, 1), torch.ones(2, 3)))
    add(
        "addmm_dtype",
        lambda: torch.addmm(torch.ones(2, 3), torch.ones(2, 3), torch.ones(3, 3, dtype=F64)),
        "self and mat2 must have the same dtype, but got Float and Double",
        "PyTorch 1.13 says 'self and mat2 must have the same dtype'; 2.x names the dtypes.",
    )
    add(
        "addmm_expand",
        lambda: torch.addmm(torch.ones(2, 3, 1), torch.ones(2, 3), torch.ones(3, 3)),
    )
    add(
        "addmv_sizes",
        lambda: torch.addmv(torch.ones(4), torch.ones(2, 3), torch.ones(3)),
        "size mismatch, got input (4), mat (2x3), vec (3)",
        "PyTorch 1.13 says 'size mismatch, got 4, 2x3,3'; 2.x names the operands.",
    )
    add("addmv_dims", lambda: torch.addmv(torch.ones(2, 1), torch.ones(2, 3), torch.ones(3)))
    add(
        "baddbmm_sizes",
        lambda: torch.baddbmm(torch.ones(3), torch.ones(2, 2, 3), torch.ones(3, 3, 3)),
    )
    add(
        "baddbmm_expand",
        lambda: torch.baddbmm(torch.ones(4), torch.ones(2, 2, 3), torch.ones(2, 3, 3)),
    )
    add("baddbmm_3d", lambda: torch.baddbmm(torch.ones(3), torch.ones(2, 3), torch.ones(2, 3, 3)))

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
