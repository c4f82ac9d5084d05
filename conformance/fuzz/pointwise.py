#!/usr/bin/python3
"""Writes conformance/fuzz/pointwise.json: seeded random programs of the pointwise area
(elementwise ops and activations, comparisons, `where`/`clamp`/`lerp`/`addc*`, division modes,
`pow`, in-place arithmetic, reductions and scans) with PyTorch 2.13's results, for
conformance/fuzz_pointwise_test.ts to replay through descent.

Each case draws an op, operand dtypes (float32/float64/int64/int32/uint8/bool, and JS numbers),
shapes that broadcast (0-d and empty included), a memory layout per tensor operand (contiguous,
transposed, stepped slice, expanded with 0 strides, a 0-d tensor expanded), values mixing
ordinary numbers with special ones (NaN, ±inf, -0, subnormals, huge, ties), and the op's
arguments (dims, negative dims, dim lists, keepdim, correction, rounding modes …). It records
the outputs (dtype, shape, values, printed form, `gradFn` name), PyTorch's error (class and text)
when the program raises, and the gradients of the float leaves for random cotangents.

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/fuzz/pointwise.py [N] [SEED] [OUT]

Defaults: 300 cases, seed 0, conformance/fuzz/pointwise.json. A larger N (and another SEED,
OUT under /tmp) is the fuzz loop; `deno run -A conformance/fuzz_pointwise_test.ts OUT` prints
every disagreement. Deterministic for a given N and SEED. For the loop, FUZZ_BIG=1 draws rows of
17 to 70 elements (PyTorch's vectorised loops), FUZZ_BAD (default 0.03) and FUZZ_ANY (default
0.15) how often a dim is out of range and a float-only op gets another dtype.
"""
import json
import math
import os
import random
import sys
import warnings

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from in_2x import grad_fn_name  # noqa: E402
from json_values import enc, values  # noqa: E402

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (see the docstring)"
HERE = os.path.dirname(os.path.abspath(__file__))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 0
OUT = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "pointwise.json")
R = random.Random(SEED)
torch.manual_seed(SEED)

FLOATS = ["float32", "float64"]
INTS = ["int64", "int32", "uint8"]
ALL = FLOATS + INTS + ["bool"]

# ----------------------------------------------------------------------------------------------
# Values

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 3.0, -3.0, 2.5, -2.5, float("nan"), float("inf"),
           float("-inf"), 1e-310, -1e-320, 1e-40, 1e-8, 1e308, -1e308, 3e38, 1e20, 100.0, 20.0]


def float_value(dtype):
    r = R.random()
    if r < 0.3:
        return R.choice(SPECIAL)
    if r < 0.45:
        return float(R.randint(-4, 4))  # ties in sorts and extrema, exact zeros
    return round(R.gauss(0, 2), R.choice([1, 3, 6, 12]))


def int_value(dtype):
    r = R.random()
    if dtype == "bool":
        return R.choice([0, 1])
    if dtype == "uint8":
        return R.choice([0, 1, 2, 3, 7, 100, 200, 255]) if r < 0.5 else R.randint(0, 9)
    if r < 0.15:
        big = 2**31 - 1 if dtype == "int32" else 2**40
        return R.choice([big, -big, -(2**31) if dtype == "int32" else -(2**45)])
    return R.randint(-6, 6)


def value(dtype):
    return float_value(dtype) if dtype in FLOATS else int_value(dtype)


# ----------------------------------------------------------------------------------------------
# Shapes and layouts

SHAPES = [[], [1], [3], [0], [2, 3], [3, 1], [1, 4], [2, 0], [2, 3, 2], [4, 2], [2, 1, 3], [5], [3, 3]]
if os.environ.get("FUZZ_BIG"):  # the fuzz loop only: longer rows reach PyTorch's vectorised loops
    SHAPES = [[40], [5, 17], [33, 2], [3, 70], [2, 3, 20]]


def rand_shape(min_ndim=0, nonempty=False):
    while True:
        s = list(R.choice(SHAPES))
        if len(s) >= min_ndim and not (nonempty and 0 in s):
            return s


def broadcast_partner(shape):
    """A shape that broadcasts with `shape` (result `shape`, or larger by a leading dim)."""
    r = R.random()
    s = list(shape)
    if r < 0.4:
        return s
    if r < 0.7:
        return [1 if R.random() < 0.5 else d for d in s]
    if r < 0.85:
        return s[R.randint(0, len(s)):]
    return [R.choice([1, 2])] + s


def layout(shape):
    """(base shape, views) whose result has `shape`: contiguous, transposed, a stepped slice,
    expanded (0 strides) or a 0-d tensor expanded."""
    n = len(shape)
    r = R.random()
    if r < 0.4 or n == 0:
        return list(shape), []
    if r < 0.55 and n >= 2:
        a, b = R.sample(range(n), 2)
        base = list(shape)
        base[a], base[b] = base[b], base[a]
        return base, [["t", a, b]]
    if r < 0.75:
        d = R.randrange(n)
        off = R.randint(0, 1)
        step = R.choice([2, 3])
        base = list(shape)
        base[d] = off + shape[d] * step if shape[d] else off
        return base, [["s", d, off, step]]
    if r < 0.92:
        base = [1 if R.random() < 0.5 else d for d in shape]
        return base, [["e", list(shape)]]
    return [], [["e", list(shape)]]


def apply_views(t, views):
    for v in views:
        if v[0] == "t":
            t = t.transpose(v[1], v[2])
        elif v[0] == "s":
            idx = (slice(None),) * v[1] + (slice(v[2], None, v[3]),)
            t = t[idx]
        elif v[0] == "e":
            t = t.expand(*v[1])
    return t


def tspec(dtype, shape, grad=True, clone=False, lay=True, vals=None):
    base, views = layout(shape) if lay else (list(shape), [])
    n = math.prod(base)
    return {
        "dtype": dtype,
        "base": base,
        "values": [enc(v) for v in (vals(n) if vals else [value(dtype) for _ in range(n)])],
        "views": views,
        "grad": grad and dtype in FLOATS,
        "clone": clone,
    }


def number(kind=None):
    """A JS number operand: an int (an integral JS number), or a float that is not integral
    (JS cannot tell 2.0 from 2), or a bool."""
    kind = kind or R.choice(["int", "float", "float", "bool"])
    if kind == "int":
        return {"n": R.choice([0, 1, 2, -1, 3, -4, 7])}
    if kind == "bool":
        return {"b": R.choice([True, False])}
    return {"n": enc(R.choice([0.5, -2.5, 1.5, 0.1, 1e-3, float("nan"), float("inf"), float("-inf"), 1e20, -0.75]))}


def operand(shape, dtypes=ALL, numbers=True, grad=True):
    if numbers and R.random() < 0.2:
        return number()
    dtype = R.choice(dtypes)
    if R.random() < 0.12:
        return tspec(dtype, [], grad)  # a 0-d tensor: a wrapped number in promotion
    return tspec(dtype, shape, grad)


ANY = float(os.environ.get("FUZZ_ANY", "0.15"))  # how often a float-only op gets any dtype (errors)


# float-only reductions: a few draws of the other dtypes (for their errors)
ANY_DTYPES = ["int64", "bool"] if ANY > 0 else []


def fdtype():
    return R.choice(ALL) if R.random() < ANY else R.choice(FLOATS)


def any_dtype():
    return R.choice(ALL + FLOATS)  # floats twice as likely


BAD = float(os.environ.get("FUZZ_BAD", "0.03"))  # how often a dim is out of range or repeated


def rand_dim(ndim, allow_none=False):
    if allow_none and R.random() < 0.25:
        return None
    if R.random() < BAD:
        return R.choice([ndim, -ndim - 1, ndim + 2])
    if ndim == 0:
        return R.choice([0, -1])
    return R.randint(-ndim, ndim - 1)


def rand_dims(ndim):
    """None, one dim, or a list of distinct dims (maybe empty, maybe negative)."""
    r = R.random()
    if r < 0.2:
        return None
    if r < 0.55 or ndim == 0:
        return rand_dim(ndim)
    k = R.randint(0, ndim)
    ds = R.sample(range(ndim), k)
    if ds and R.random() < BAD:
        ds.append(ds[0] - ndim)  # the same dim twice
    return [d - ndim if R.random() < 0.4 else d for d in ds]


# ----------------------------------------------------------------------------------------------
# Ops: name -> (torch program, case maker). A program takes the operands (tensors or Python
# numbers) and the parameters, and returns a tensor or a tuple of tensors.

OPS = {}


def op(name, fn, make):
    OPS[name] = (fn, make)


def unary_make(dtypes=None):
    def make():
        return [tspec(R.choice(dtypes) if dtypes else any_dtype(), rand_shape())], {}
    return make


UNARY = {
    "abs": torch.abs, "neg": torch.neg, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt,
    "sin": torch.sin, "cos": torch.cos, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    "relu": torch.relu, "square": torch.square, "reciprocal": torch.reciprocal,
    "ceil": torch.ceil, "floor": torch.floor, "frac": torch.frac, "round": torch.round,
    "sgn": torch.sgn, "sign": torch.sign, "trunc": torch.trunc, "acos": torch.acos,
    "acosh": torch.acosh, "asin": torch.asin, "asinh": torch.asinh, "atan": torch.atan,
    "atanh": torch.atanh, "cosh": torch.cosh, "sinh": torch.sinh, "tan": torch.tan,
    "erf": torch.erf, "erfc": torch.erfc, "erfinv": torch.erfinv, "exp2": torch.exp2,
    "expm1": torch.expm1, "log10": torch.log10, "log1p": torch.log1p, "log2": torch.log2,
    "rsqrt": torch.rsqrt, "isfinite": torch.isfinite, "isinf": torch.isinf, "isnan": torch.isnan,
    "logicalNot": torch.logical_not, "bitwiseNot": torch.bitwise_not,
    "selu": F.selu, "silu": F.silu, "mish": F.mish, "logsigmoid": F.logsigmoid,
    "hardsigmoid": F.hardsigmoid, "hardswish": F.hardswish, "relu6": F.relu6,
    "softsign": F.softsign, "tanhshrink": F.tanhshrink,
}
for k, f in UNARY.items():
    op(k, (lambda f: lambda a, p: f(a))(f), unary_make())


def round_make():
    return [tspec(any_dtype(), rand_shape())], {"decimals": R.choice([0, 1, 2, -1, 3])}


op("roundDecimals", lambda a, p: torch.round(a, decimals=p["decimals"]), round_make)
op("nanToNum", lambda a, p: torch.nan_to_num(a, nan=p["nan"], posinf=p["posinf"], neginf=p["neginf"]),
   lambda: ([tspec(any_dtype(), rand_shape())],
            {"nan": R.choice([0.0, 1.5, -2.0]), "posinf": R.choice([None, 10.0, 1e39]),
             "neginf": R.choice([None, -10.0])}))
op("gelu", lambda a, p: F.gelu(a, approximate=p["approximate"]),
   lambda: ([tspec(fdtype(), rand_shape())], {"approximate": R.choice(["none", "tanh"])}))
op("softplus", lambda a, p: F.softplus(a, beta=p["beta"], threshold=p["threshold"]),
   lambda: ([tspec(fdtype(), rand_shape())], {"beta": R.choice([1, 2, 0.5, -1]), "threshold": R.choice([20, 1, 0.5])}))
op("elu", lambda a, p: F.elu(a, alpha=p["alpha"]),
   lambda: ([tspec(fdtype(), rand_shape())], {"alpha": R.choice([1, 0.5, 2, -1, 0])}))
op("celu", lambda a, p: F.celu(a, alpha=p["alpha"]),
   lambda: ([tspec(fdtype(), rand_shape())], {"alpha": R.choice([1, 0.5, 2, -1.5])}))
op("leakyRelu", lambda a, p: F.leaky_relu(a, negative_slope=p["slope"]),
   lambda: ([tspec(R.choice(FLOATS + ["int64", "int32"]), rand_shape())], {"slope": R.choice([0.01, 0.2, -1, 2, 0])}))
op("hardtanh", lambda a, p: F.hardtanh(a, p["lo"], p["hi"]),
   lambda: ([tspec(R.choice(FLOATS + ["int64", "int32"]), rand_shape())],
            {"lo": R.choice([-1, -0.5, 0, -2]), "hi": R.choice([1, 0.5, 2, 0])}))
for k, f in {"softmax": F.softmax, "logSoftmax": F.log_softmax, "softmin": F.softmin}.items():
    op(k, (lambda f: lambda a, p: f(a, p["dim"]))(f),
       lambda: ((lambda s: ([tspec(fdtype(), s)], {"dim": rand_dim(len(s))}))(rand_shape())))
op("glu", lambda a, p: F.glu(a, p["dim"]),
   lambda: ((lambda s: ([tspec(fdtype(), s)], {"dim": rand_dim(len(s))}))(R.choice([[4], [2, 4], [4, 3], [2, 2, 2], [0, 2]]))))
op("normalize", lambda a, p: F.normalize(a, p=p["p"], dim=p["dim"], eps=p["eps"]),
   lambda: ((lambda s: ([tspec(fdtype(), s)], {"p": R.choice([2, 1, 3, float("inf"), 0.5]),
                                               "dim": rand_dim(len(s)), "eps": R.choice([1e-12, 0.1])}))(rand_shape(1))))

# binary ops over two operands (tensor or number, at least one tensor)


def binary_make(first_number=False, dtypes=ALL, second_numbers=True):
    def make():
        s = rand_shape()
        if first_number and R.random() < 0.15:
            return [number(), tspec(R.choice(dtypes), s)], {}
        a = tspec(R.choice(dtypes), s)
        b = operand(broadcast_partner(s), dtypes, numbers=second_numbers)
        if "dtype" in b and R.random() < 0.5:
            a, b = b, a
        return [a, b], {}
    return make


BINARY = {
    "add": lambda a, b: torch.add(a, b) if torch.is_tensor(a) else a + b,
    "sub": lambda a, b: torch.sub(a, b) if torch.is_tensor(a) else a - b,
    "mul": lambda a, b: torch.mul(a, b) if torch.is_tensor(a) else a * b,
    "div": lambda a, b: torch.div(a, b) if torch.is_tensor(a) else a / b,
    "pow": torch.pow,
    "eq": lambda a, b: torch.eq(a, b) if torch.is_tensor(a) else b == a,
    "ne": lambda a, b: torch.ne(a, b) if torch.is_tensor(a) else b != a,
    "lt": lambda a, b: torch.lt(a, b) if torch.is_tensor(a) else b > a,
    "le": lambda a, b: torch.le(a, b) if torch.is_tensor(a) else b >= a,
    "gt": lambda a, b: torch.gt(a, b) if torch.is_tensor(a) else b < a,
    "ge": lambda a, b: torch.ge(a, b) if torch.is_tensor(a) else b <= a,
    "floorDivide": lambda a, b: torch.floor_divide(a, b) if torch.is_tensor(a) else a // b,
    "remainder": torch.remainder,
    "bitwiseAnd": lambda a, b: torch.bitwise_and(a, b) if torch.is_tensor(a) else torch.bitwise_and(a, b),
    "bitwiseOr": torch.bitwise_or,
    "bitwiseXor": torch.bitwise_xor,
}
for k, f in BINARY.items():
    op(k, (lambda f: lambda a, b, p: f(a, b))(f), binary_make(first_number=True))
op("fmod", lambda a, b, p: torch.fmod(a, b), binary_make())
op("copysign", lambda a, b, p: torch.copysign(a, b), binary_make())
op("xlogy", lambda a, b, p: torch.xlogy(a, b), binary_make(first_number=True))
for k, f in {"maximum": torch.maximum, "minimum": torch.minimum, "atan2": torch.atan2,
             "hypot": torch.hypot, "logaddexp": torch.logaddexp, "logicalAnd": torch.logical_and,
             "logicalOr": torch.logical_or, "logicalXor": torch.logical_xor}.items():
    op(k, (lambda f: lambda a, b, p: f(a, b))(f), binary_make(second_numbers=False))
op("addAlpha", lambda a, b, p: torch.add(a, b, alpha=p["alpha"]),
   lambda: (binary_make()()[0], {"alpha": R.choice([2, -1, 0.5, 0])}))
op("subAlpha", lambda a, b, p: torch.sub(a, b, alpha=p["alpha"]),
   lambda: (binary_make()()[0], {"alpha": R.choice([2, -1, 0.5, 0])}))
op("divMode", lambda a, b, p: torch.div(a, b, rounding_mode=p["mode"]),
   lambda: (binary_make()()[0], {"mode": R.choice(["trunc", "floor"])}))

# ternary ops


def tern_make(dtypes=FLOATS, third_number=False):
    def make():
        s = rand_shape()
        a = tspec(R.choice(dtypes), broadcast_partner(s))
        b = tspec(a["dtype"] if R.random() < 0.8 else R.choice(ALL), broadcast_partner(s))
        c = number("float") if third_number and R.random() < 0.4 else tspec(
            a["dtype"] if R.random() < 0.8 else R.choice(ALL), broadcast_partner(s))
        return [a, b, c], {}
    return make


def where_make():
    s = rand_shape()
    c = tspec("bool", broadcast_partner(s))
    x = operand(broadcast_partner(s))
    y = operand(broadcast_partner(s))
    return [c, x, y], {}


op("where", lambda c, x, y, p: torch.where(c, x, y), where_make)
op("lerp", lambda a, b, w, p: torch.lerp(a, b, w), tern_make(third_number=True))
op("addcmul", lambda a, b, c, p: torch.addcmul(a, b, c, value=p["value"]),
   lambda: (tern_make(ALL)()[0], {"value": R.choice([1, 2, -0.5])}))
op("addcdiv", lambda a, b, c, p: torch.addcdiv(a, b, c, value=p["value"]),
   lambda: (tern_make()()[0], {"value": R.choice([1, 2, -0.5])}))
op("clamp", lambda a, p: torch.clamp(a, p["lo"], p["hi"]),
   lambda: ([tspec(any_dtype(), rand_shape())],
            {"lo": R.choice([None, -1, 0.5, 2, float("nan"), -2.5]), "hi": R.choice([None, 1, 0.5, -1, 3.5])}))
op("clampMin", lambda a, b, p: torch.clamp_min(a, b),
   lambda: ((lambda s: [tspec(any_dtype(), s), operand(broadcast_partner(s))])(rand_shape()), {}))
op("clampMax", lambda a, b, p: torch.clamp_max(a, b),
   lambda: ((lambda s: [tspec(any_dtype(), s), operand(broadcast_partner(s))])(rand_shape()), {}))

# in place: the target is a fresh copy (of a leaf when float), viewed; outputs: the target, its base


def inplace_make():
    s = rand_shape()
    a = tspec(any_dtype(), s, clone=True)
    b = operand(broadcast_partner(s) if R.random() < 0.85 else [2] + s)
    return [a, b], {}


def inplace(fn):
    def run(a, b, p):
        fn(a, b, p)
        return a, a if a._base is None else a._base
    return run


op("add_", inplace(lambda a, b, p: a.add_(b, alpha=p["alpha"])),
   lambda: (inplace_make()[0], {"alpha": R.choice([1, 2, 0.5])}))
op("sub_", inplace(lambda a, b, p: a.sub_(b)), inplace_make)
op("mul_", inplace(lambda a, b, p: a.mul_(b)), inplace_make)
op("div_", inplace(lambda a, b, p: a.div_(b)), inplace_make)
op("copy_", inplace(lambda a, b, p: a.copy_(b if torch.is_tensor(b) else torch.tensor(b))),
   lambda: ((lambda s: [tspec(any_dtype(), s, clone=True), tspec(any_dtype(), broadcast_partner(s))])(rand_shape()), {}))
op("fill_", lambda a, p: (a.fill_(p["v"]), a if a._base is None else a._base),
   lambda: ([tspec(any_dtype(), rand_shape(), clone=True)], {"v": R.choice([1, -2, 0.5, True])}))

# reductions and scans


def red_make(dtypes=None, dims=True, keepdim=True, extra=None, min_ndim=0, nonempty=False, lay=True):
    def make():
        s = rand_shape(min_ndim, nonempty)
        p = {}
        if dims:
            p["dim"] = rand_dims(len(s)) if dims in ("list", "nonempty") else rand_dim(len(s), allow_none=dims == "opt")
            if dims == "nonempty" and p["dim"] == []:
                p["dim"] = None
        if keepdim:
            p["keepdim"] = R.random() < 0.4
        if extra:
            p.update(extra(s))
        return [tspec(R.choice(dtypes) if dtypes else any_dtype(), s, lay=lay)], p
    return make


# dim null without keepdim is descent's sum(a): PyTorch's sum() (SumBackward0, not SumBackward1)
op("sum", lambda a, p: a.sum() if p["dim"] is None and not p["keepdim"] else a.sum(p["dim"], keepdim=p["keepdim"]),
   red_make(dims="list"))
op("sumDtype", lambda a, p: a.sum(dtype=getattr(torch, p["dtype"])) if p["dim"] is None and not p["keepdim"]
   else a.sum(p["dim"], keepdim=p["keepdim"], dtype=getattr(torch, p["dtype"])),
   red_make(dims="list", extra=lambda s: {"dtype": R.choice(ALL)}))
op("mean", lambda a, p: a.mean() if p["dim"] is None and not p["keepdim"] else a.mean(p["dim"], keepdim=p["keepdim"]),
   red_make(dims="list"))
op("nansum", lambda a, p: a.nansum(p["dim"], keepdim=p["keepdim"]), red_make(dims="list"))
op("nanmean", lambda a, p: a.nanmean(p["dim"], keepdim=p["keepdim"]), red_make(FLOATS * 5 + ANY_DTYPES, dims="list"))
op("prod", lambda a, p: a.prod() if p["dim"] is None else a.prod(p["dim"], keepdim=p["keepdim"]), red_make(dims="opt"))
op("amax", lambda a, p: a.amax(p["dim"] if p["dim"] is not None else [], keepdim=p["keepdim"]), red_make(dims="list"))
op("amin", lambda a, p: a.amin(p["dim"] if p["dim"] is not None else [], keepdim=p["keepdim"]), red_make(dims="list"))
op("max", lambda a, p: a.max(), red_make(dims=False, keepdim=False))
op("min", lambda a, p: a.min(), red_make(dims=False, keepdim=False))
op("maxDim", lambda a, p: tuple(a.max(p["dim"], keepdim=p["keepdim"])), red_make())
op("minDim", lambda a, p: tuple(a.min(p["dim"], keepdim=p["keepdim"])), red_make())
op("argmax", lambda a, p: a.argmax(p["dim"], keepdim=p["keepdim"]), red_make(dims="opt"))
op("argmin", lambda a, p: a.argmin(p["dim"], keepdim=p["keepdim"]), red_make(dims="opt"))
# dim=[] is left out of var/std: PyTorch 2.13's forward reduces every dim, its backward none
# (gradients ±inf/NaN); descent differentiates what the forward computes (conformance/README.md)
op("var", lambda a, p: a.var(p["dim"], correction=p["correction"], keepdim=p["keepdim"]),
   red_make(FLOATS * 5 + ANY_DTYPES, dims="nonempty", extra=lambda s: {"correction": R.choice([0, 1, 2, 0.5])}))
op("std", lambda a, p: a.std(p["dim"], correction=p["correction"], keepdim=p["keepdim"]),
   red_make(FLOATS * 5 + ANY_DTYPES, dims="nonempty", extra=lambda s: {"correction": R.choice([0, 1, 2])}))
op("varMean", lambda a, p: tuple(torch.var_mean(a, p["dim"], correction=p["correction"], keepdim=p["keepdim"])),
   red_make(FLOATS * 5 + ANY_DTYPES, dims="nonempty", extra=lambda s: {"correction": R.choice([0, 1])}))
op("stdMean", lambda a, p: tuple(torch.std_mean(a, p["dim"], correction=p["correction"], keepdim=p["keepdim"])),
   red_make(FLOATS * 5 + ANY_DTYPES, dims="nonempty", extra=lambda s: {"correction": R.choice([0, 1])}))
op("norm", lambda a, p: torch.norm(a, p["p"], p["dim"], keepdim=p["keepdim"]),
   red_make(FLOATS * 5 + ANY_DTYPES, dims="list", extra=lambda s: {"p": R.choice([2, 1, 3, float("inf"), float("-inf"), 0, 0.5])}))
op("logsumexp", lambda a, p: torch.logsumexp(a, p["dim"], keepdim=p["keepdim"]), red_make(FLOATS * 2 + INTS + ANY_DTYPES))
for k in ["cumsum", "cumprod", "logcumsumexp"]:
    op(k, (lambda k: lambda a, p: getattr(a, k)(p["dim"]))(k),
       red_make(ALL if k != "logcumsumexp" else FLOATS * 5 + ANY_DTYPES, keepdim=False))
for k in ["cummax", "cummin"]:
    op(k, (lambda k: lambda a, p: tuple(getattr(a, k)(p["dim"])))(k), red_make(keepdim=False))
op("sort", lambda a, p: tuple(torch.sort(a, dim=p["dim"], descending=p["descending"], stable=True)),
   red_make(keepdim=False, extra=lambda s: {"descending": R.random() < 0.5}))
op("argsort", lambda a, p: torch.argsort(a, dim=p["dim"], descending=p["descending"], stable=True),
   red_make(keepdim=False, extra=lambda s: {"descending": R.random() < 0.5}))


def topk_extra(s):
    return {"k": R.randint(0, 3), "largest": R.random() < 0.6, "sorted": True}


op("topk", lambda a, p: tuple(torch.topk(a, p["k"], p["dim"], largest=p["largest"], sorted=p["sorted"])),
   red_make(keepdim=False, extra=topk_extra))
op("median", lambda a, p: a.median(), red_make(dims=False, keepdim=False))
# no 0-stride operands for median(dim): PyTorch 2.13 reads past the element then (garbage values)
op("medianDim", lambda a, p: tuple(a.median(p["dim"], keepdim=p["keepdim"])), red_make(lay=False))
op("kthvalue", lambda a, p: tuple(torch.kthvalue(a, p["k"], p["dim"], keepdim=p["keepdim"])),
   red_make(extra=lambda s: {"k": R.randint(1, 3)}))
op("all", lambda a, p: a.all(p["dim"], keepdim=p["keepdim"]), red_make(dims="list"))
op("any", lambda a, p: a.any(p["dim"], keepdim=p["keepdim"]), red_make(dims="list"))


# ----------------------------------------------------------------------------------------------
# Running a case


def build(spec):
    """The operand a spec names, and the leaf whose gradient is recorded (or None)."""
    if "n" in spec:
        v = spec["n"]
        v = float(v) if isinstance(v, str) else v
        return v, None
    if "b" in spec:
        return spec["b"], None
    vals = [float(v) if isinstance(v, str) else v for v in spec["values"]]
    dtype = getattr(torch, spec["dtype"])
    base = torch.tensor(vals, dtype=torch.float64).to(dtype).reshape(spec["base"])
    leaf = None
    if spec["grad"]:
        leaf = base.requires_grad_()
    t = base.clone() if spec["clone"] else base
    return apply_views(t, spec["views"]), leaf


def grad_values(g):
    """A gradient's values (PyTorch's storage-less zero tensors as zeros), or None."""
    return None if g is None else values(torch.zeros_like(g) if g._is_zerotensor() else g)


def param(v):
    """A parameter for JSON: a number JSON cannot spell (NaN, ±inf) as {"f": "inf"}."""
    return {"f": enc(v)} if isinstance(v, float) and not math.isfinite(v) else v


def run_case(name, ins, params):
    fn, _ = OPS[name]
    built = [build(s) for s in ins]
    args = [b[0] for b in built]
    leaves = [b[1] for b in built if b[1] is not None]
    case = {"op": name, "inputs": ins, "params": {k: param(v) for k, v in params.items()}}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = fn(*args, params)
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        case["error"] = {"type": type(e).__name__, "message": str(e).split("\nException raised from")[0].split("\n")[0]}
        return case
    outs = list(res) if isinstance(res, tuple) else [res]
    case["outputs"] = [
        {"dtype": str(o.dtype)[6:], "shape": list(o.shape), "values": values(o), "gradFn": grad_fn_name(o), "repr": repr(o)}
        for o in outs
    ]
    diff = [o for o in outs if o.requires_grad]
    if leaves and diff:
        cots = [torch.randn(o.shape, dtype=torch.float64).to(o.dtype) for o in diff]
        # second derivatives of float64 programs: d/dx of sum(grad · w) for random w
        second = all(t.dtype == torch.float64 for t in leaves)
        try:
            gs = torch.autograd.grad(diff, leaves, cots, allow_unused=True, create_graph=second)
        except Exception as e:  # noqa: BLE001
            case["gradError"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
            return case
        case["cotangents"] = [values(c) for c in cots]
        case["grads"] = [grad_values(g) for g in gs]
        if second and any(g is not None and g.requires_grad for g in gs):
            ws = [torch.randn(t.shape, dtype=torch.float64) for t in leaves]
            terms = [(g * w).sum() for g, w in zip(gs, ws) if g is not None and g.requires_grad]
            try:
                gg = torch.autograd.grad(sum(terms), leaves, allow_unused=True)
            except RuntimeError:  # PyTorch has no double backward for some ops (hardsigmoid)
                return case
            case["second"] = {"w": [values(w) for w in ws],
                              "grads": [grad_values(g) for g in gg]}
    return case


def main():
    names = sorted(OPS)
    cases = []
    for k in range(N):
        name = names[k % len(names)] if k < len(names) else R.choice(names)
        ins, params = OPS[name][1]()
        cases.append(run_case(name, ins, params))
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "seed": SEED, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases ({sum('error' in c for c in cases)} errors) -> {OUT}")


main()
