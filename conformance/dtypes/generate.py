#!/usr/bin/python3
"""Writes conformance/dtypes/fixtures.json: integer and bool dtypes (issue 11) as PyTorch 2.x has
them, for conformance/dtypes_test.ts.

- promotion: every pair of dtypes through add, sub, mul, div, eq and lt, with the second operand
  a tensor with dimensions, a 0-d tensor, or a number (an integer, a float, a bool): result
  dtype, values and printed form, or the error (bool - bool). Also torch.result_type and
  torch.promote_types of every pair.
- printing: every dtype printed: wide and negative integers, int32/uint8 suffixes, bool, 0-d,
  empty, summarised (more than 1000 elements).
- casts: NaN, infinities, fractions and out-of-range values to every integer dtype and bool,
  from float32 and float64, and integers wrapping into int32 and uint8 (x86 CPU results).
- errors: PyTorch's texts for what integer and bool tensors refuse.
- random: randint, randperm, bernoulli, bernoulli_ and random_ after manual_seed(0).
- losses: cross_entropy and nll_loss with int64 class targets.
- crossChecked: every op-table case from div_rounded on (the dtype cases, made by 1.13) run
  again here; the generator fails unless 2.x gives the same dtype, values and printed form.

Run it with PyTorch 2.x (conformance/random/generate.py says how to install the CPU build):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/dtypes/generate.py

Deterministic (fixed values and seeds, no network).
"""
import json
import math
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from json_values import values  # noqa: E402

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (see the docstring)"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NAMES = ["float32", "float64", "int64", "int32", "uint8", "bool"]
D = {n: getattr(torch, n) for n in NAMES}
NAME = {v: k for k, v in D.items()}


def value(t):
    return {"dtype": NAME[t.dtype], "shape": list(t.shape), "values": values(t)}


def outcome(f):
    try:
        r = f()
    except Exception as e:  # noqa: BLE001 (the error is what is recorded)
        return {"error": type(e).__name__, "message": str(e).split("\n")[0]}
    return {"out": value(r), "repr": repr(r)}


# ---- promotion ---------------------------------------------------------------------------------

A = [0, 1, 5]
B = [2, 3, 1]
OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "eq": lambda a, b: a == b,
    "lt": lambda a, b: a < b,
}


def promotion():
    out = []
    for da in NAMES:
        a = torch.tensor(A).to(D[da])
        others = []
        for db in NAMES:
            others.append(("tensor", db, torch.tensor(B).to(D[db])))
            others.append(("0-d", db, torch.tensor(3).to(D[db])))
        others += [("number", "int", 2), ("number", "float", 2.5), ("number", "bool", True)]
        for kind, db, b in others:
            for op, f in OPS.items():
                rec = {"op": op, "a": value(a), "kind": kind}
                rec["b"] = value(b) if kind != "number" else {"number": b if db != "bool" else True, "type": db}
                rec |= outcome(lambda: f(a, b))
                out.append(rec)
    return out


def result_types():
    rt = []
    for da in NAMES:
        for db in NAMES:
            a = torch.tensor(A).to(D[da])
            rt.append({
                "a": da,
                "b": db,
                "promote": NAME[torch.promote_types(D[da], D[db])],
                "tensor": NAME[torch.result_type(a, torch.tensor(B).to(D[db]))],
                "zeroDim": NAME[torch.result_type(a, torch.tensor(3).to(D[db]))],
            })
        for num in (2, 2.5, True):
            rt.append({"a": da, "number": num, "tensor": NAME[torch.result_type(torch.tensor(A).to(D[da]), num)]})
    return rt


# ---- printing ----------------------------------------------------------------------------------

def printing():
    cases = [
        ("int64/small", torch.tensor([1, 2, 3])),
        ("int64/negative", torch.tensor([-5, 12, 0])),
        ("int64/wide", torch.tensor([[123456789012, -7], [0, 42]])),
        ("int64/0d", torch.tensor(-3)),
        ("int64/empty", torch.tensor([], dtype=torch.int64)),
        ("int64/empty2d", torch.zeros(2, 0, dtype=torch.int64)),
        ("int64/summarised", torch.arange(2000) - 1000),
        ("int64/summarised2d", torch.arange(3000).reshape(1000, 3)),
        ("int64/3d", torch.arange(12).reshape(2, 2, 3)),
        ("int32/extremes", torch.tensor([-2147483648, 2147483647, 0], dtype=torch.int32)),
        ("int32/0d", torch.tensor(7, dtype=torch.int32)),
        ("int32/empty", torch.tensor([], dtype=torch.int32)),
        ("uint8/values", torch.tensor([[0, 255], [7, 100]], dtype=torch.uint8)),
        ("uint8/empty", torch.tensor([], dtype=torch.uint8)),
        ("uint8/summarised", (torch.arange(1500) % 256).to(torch.uint8)),
        ("bool/1d", torch.tensor([True, False, True])),
        ("bool/2d", torch.tensor([[True, False], [False, False]])),
        ("bool/all-false", torch.tensor([False, False])),
        ("bool/0d", torch.tensor(True)),
        ("bool/empty", torch.tensor([], dtype=torch.bool)),
        ("bool/summarised", torch.arange(1200) % 3 == 0),
        ("float32/empty", torch.tensor([])),
        ("float64/empty", torch.tensor([], dtype=torch.float64)),
    ]
    return [{"name": n, "value": value(t), "repr": repr(t)} for n, t in cases]


# ---- casts -------------------------------------------------------------------------------------

FLOATS = [math.nan, math.inf, -math.inf, -0.0, 0.5, -0.5, 1.9, -1.9, 255.0, 256.0, -1.0, 300.7,
          2.0 ** 31, -(2.0 ** 31) - 1, 3e9, 1e10, -1e10, 2.0 ** 53, 1e20]
INTS = [2 ** 31, -(2 ** 31) - 1, 300, -1, -256, 2 ** 40, 0, 255]


def casts():
    out = []
    for src in ("float32", "float64"):
        x = torch.tensor(FLOATS, dtype=torch.float64).to(D[src])
        for dst in ("int64", "int32", "uint8", "bool", "float32", "float64"):
            if dst != src:
                out.append({"from": value(x), "to": dst, "out": value(x.to(D[dst]))})
    x = torch.tensor(INTS)
    for dst in ("int32", "uint8", "bool", "float32"):
        out.append({"from": value(x), "to": dst, "out": value(x.to(D[dst]))})
    for src in ("int32", "uint8", "bool"):
        y = torch.tensor([0, 1, 200, -3]).to(D[src])
        for dst in ("int64", "float32", "uint8", "bool", "int32"):
            if dst != src:
                out.append({"from": value(y), "to": dst, "out": value(y.to(D[dst]))})
    return out


# ---- errors ------------------------------------------------------------------------------------

L = torch.tensor([1, 2, 3])
Bo = torch.tensor([True, False, True])
Fl = torch.tensor([0.5, 1.5, 2.5])
ERRORS = {
    "sub_bool": lambda: Bo - Bo,
    "rsub_bool": lambda: 1 - Bo,
    "neg_bool": lambda: -Bo,
    "mean_int": lambda: L.mean(),
    "mean_bool": lambda: Bo.mean(),
    "softmax_int": lambda: torch.softmax(L, 0),
    "log_softmax_int": lambda: torch.log_softmax(L, 0),
    "where_int_condition": lambda: torch.where(L, Fl, Fl),
    "where_float_condition": lambda: torch.where(Fl, Fl, Fl),
    "requires_grad_int_factory": lambda: torch.tensor([1, 2], requires_grad=True),
    "requires_grad_int_method": lambda: torch.tensor([1, 2]).requires_grad_(),
    "requires_grad_bool_method": lambda: torch.tensor([True]).requires_grad_(),
    "add_inplace_cast": lambda: L.clone().add_(Fl),
    "mul_inplace_cast": lambda: L.clone().mul_(0.5),
    "add_inplace_bool_cast": lambda: Bo.clone().add_(L),
    "floor_divide_by_zero": lambda: torch.floor_divide(L, 0),
    "remainder_by_zero": lambda: torch.remainder(L, torch.tensor([1, 0, 1])),
    "div_trunc_by_zero": lambda: torch.div(L, 0, rounding_mode="trunc"),
    "fmod_by_zero": lambda: torch.fmod(L, 0),
    "bitwise_and_float": lambda: torch.bitwise_and(Fl, Fl),
    "bitwise_not_float": lambda: torch.bitwise_not(Fl),
    "bitwise_xor_int_float": lambda: torch.bitwise_xor(L, 1.5),
    "argmax_bool": lambda: Bo.argmax(),
    "argmin_bool": lambda: Bo.argmin(),
    "exp_bool_inplace": lambda: Bo.clone().exp_(),
    "abs_bool": lambda: torch.abs(Bo),
    "matmul_bool": lambda: Bo @ Bo,
    "matmul_int_float": lambda: L @ Fl,
    "cross_entropy_int_target": lambda: F.cross_entropy(torch.zeros(3, 4), torch.tensor([0, 1, 2], dtype=torch.int32)),
    "cross_entropy_float_target_shape": lambda: F.cross_entropy(torch.zeros(3, 4), torch.zeros(3)),
    "nll_loss_float_target": lambda: F.nll_loss(torch.zeros(3, 4), torch.zeros(3)),
    "nll_loss_int_input": lambda: F.nll_loss(torch.zeros(3, 4, dtype=torch.int64), L),
    "cross_entropy_target_out_of_range": lambda: F.cross_entropy(torch.zeros(3, 4), torch.tensor([0, 4, 1])),
    "mse_loss_int": lambda: F.mse_loss(L, L),
    "full_int_requires_grad": lambda: torch.full([2], 7, requires_grad=True),
    "arange_bool": lambda: torch.arange(3, dtype=torch.bool),
    "randn_int": lambda: torch.randn(3, dtype=torch.int64),
    "rand_int": lambda: torch.rand(3, dtype=torch.int64),
    "tensor_int32_overflow": lambda: torch.tensor([2 ** 31], dtype=torch.int32),
    "tensor_uint8_overflow": lambda: torch.tensor([256], dtype=torch.uint8),
    "randint_uint8_bounds": lambda: torch.randint(0, 300, (2,), dtype=torch.uint8),
    "randint_empty_range": lambda: torch.randint(3, 3, (2,)),
    "randint_requires_grad": lambda: torch.randint(0, 2, (2,), requires_grad=True),
    "randperm_bool": lambda: torch.randperm(3, dtype=torch.bool),
    "randperm_uint8_overflow": lambda: torch.randperm(300, dtype=torch.uint8),
    "bernoulli_int": lambda: torch.bernoulli(L),
    "bernoulli_p_range": lambda: torch.zeros(2).bernoulli_(1.5),
}


def errors():
    out = []
    for name, f in ERRORS.items():
        try:
            f()
        except Exception as e:  # noqa: BLE001
            out.append({"name": name, "type": type(e).__name__, "message": str(e).split("\n")[0]})
            continue
        raise AssertionError(f"{name} did not raise")
    return out


# ---- random ------------------------------------------------------------------------------------

RANDOM = {
    "randint": lambda: torch.randint(0, 10, (5,)),
    "randint_high": lambda: torch.randint(10, (2, 3)),
    "randint_negative": lambda: torch.randint(-5, 5, (6,)),
    "randint_wide": lambda: torch.randint(-(2 ** 40), 2 ** 40, (3,)),
    "randint_int32": lambda: torch.randint(-5, 5, (2, 3), dtype=torch.int32),
    "randint_uint8": lambda: torch.randint(0, 256, (5,), dtype=torch.uint8),
    "randint_bool": lambda: torch.randint(0, 2, (5,), dtype=torch.bool),
    "randint_float32": lambda: torch.randint(0, 10, (5,), dtype=torch.float32),
    "randperm": lambda: torch.randperm(10),
    "randperm_int32": lambda: torch.randperm(7, dtype=torch.int32),
    "randperm_uint8": lambda: torch.randperm(256, dtype=torch.uint8),
    "randperm_float64": lambda: torch.randperm(5, dtype=torch.float64),
    "randperm_empty": lambda: torch.randperm(0),
    "bernoulli": lambda: torch.bernoulli(torch.tensor([0.1, 0.5, 0.9, 0.5])),
    "bernoulli_float64": lambda: torch.bernoulli(torch.tensor([[0.1, 0.5], [0.9, 0.5]], dtype=torch.float64)),
    "bernoulli_inplace": lambda: torch.zeros(6).bernoulli_(0.3),
    "bernoulli_inplace_int64": lambda: torch.zeros(4, dtype=torch.int64).bernoulli_(0.5),
    "bernoulli_inplace_bool": lambda: torch.zeros(4, dtype=torch.bool).bernoulli_(),
    "bernoulli_inplace_tensor": lambda: torch.zeros(2, 2).bernoulli_(torch.tensor([0.2, 0.8])),
    "random_int64": lambda: torch.zeros(3, dtype=torch.int64).random_(0, 10),
    "random_int64_to": lambda: torch.zeros(3, dtype=torch.int64).random_(7),
    "random_float32": lambda: torch.zeros(3).random_(),
    "random_float64": lambda: torch.zeros(3, dtype=torch.float64).random_(),
    "random_int32": lambda: torch.zeros(3, dtype=torch.int32).random_(),
    "random_uint8": lambda: torch.zeros(3, dtype=torch.uint8).random_(),
    "random_bool": lambda: torch.zeros(3, dtype=torch.bool).random_(),
}


def random():
    out = []
    for name, f in RANDOM.items():
        torch.manual_seed(0)
        t = f()
        out.append({"name": name, "out": value(t), "repr": repr(t)})
    return out


# ---- losses ------------------------------------------------------------------------------------

def losses():
    logits = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0], [0.0, 0.3, -0.2]], requires_grad=True)
    out = []
    for name, f in {
        "cross_entropy": lambda: F.cross_entropy(logits, torch.tensor([0, 2, 1])),
        "cross_entropy_sum": lambda: F.cross_entropy(logits, torch.tensor([0, 2, 1]), reduction="sum"),
        "cross_entropy_none": lambda: F.cross_entropy(logits, torch.tensor([0, 2, 1]), reduction="none"),
        "cross_entropy_ignore": lambda: F.cross_entropy(logits, torch.tensor([0, -100, 1])),
        "nll_loss": lambda: F.nll_loss(torch.log_softmax(logits, 1), torch.tensor([2, 2, 0])),
    }.items():
        logits.grad = None
        loss = f()
        loss.sum().backward()
        out.append({"name": name, "logits": value(logits.detach()), "out": value(loss.detach()),
                    "repr": repr(loss), "grad": value(logits.grad)})
    return out


# ---- the op table's dtype cases, again in 2.x --------------------------------------------------

def cross_checked():
    table = json.loads(subprocess.run(
        ["deno", "run", "--allow-read", "conformance/ops/emit_cases.ts"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    fx = json.load(open(os.path.join(ROOT, "conformance", "ops", "fixtures.json")))

    def num(x):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0": -0.0}.get(x, x)

    ops = {k: eval(f"lambda i, p, dtype: {e}", {"torch": torch, "num": num})  # noqa: S307
           for k, e in table["torch"].items()}
    start = next(i for i, c in enumerate(fx["ops"]) if c["name"].startswith("div_rounded/"))
    # the dtype section ends where the indexing section (issue 11, index/…) begins
    end = next((i for i, c in enumerate(fx["ops"]) if c["name"].startswith("index/")), len(fx["ops"]))
    names = []
    for c in fx["ops"][start:end]:
        ins = [torch.tensor([num(v) for v in s["values"]], dtype=torch.float64).reshape(s["shape"])
               .to(D[s.get("dtype", c["dtype"])]) for s in c["inputs"]]
        r = ops[c["op"]](ins, c["params"], D[c["dtype"]])
        got = value(r)
        assert got["dtype"] == c["out"]["dtype"] and got["shape"] == c["out"]["shape"], c["name"]
        for g, w in zip(got["values"], c["out"]["values"]):
            same = g == w or (isinstance(g, float) and isinstance(w, float) and abs(g - w) <= 1e-6 * max(1, abs(w)))
            assert same, (c["name"], got["values"], c["out"]["values"])
        if "grad_fn" not in c["repr"]:
            assert repr(r) == c["repr"], (c["name"], repr(r), c["repr"])
        names.append(c["name"])
    return names


def main():
    data = {
        "torch": torch.__version__,
        "generator": "conformance/dtypes/generate.py",
        "promotion": promotion(),
        "resultTypes": result_types(),
        "printing": printing(),
        "casts": casts(),
        "errors": errors(),
        "random": random(),
        "losses": losses(),
        "crossChecked": cross_checked(),
    }
    with open(os.path.join(HERE, "fixtures.json"), "w") as f:
        f.write("{\n")
        keys = list(data)
        for k in keys:
            v = data[k]
            if isinstance(v, list):
                f.write(f'"{k}": [\n' + ",\n".join(json.dumps(x, separators=(",", ":"), allow_nan=False) for x in v) + "\n]")
            else:
                f.write(f'"{k}": {json.dumps(v)}')
            f.write(",\n" if k != keys[-1] else "\n")
        f.write("}\n")
    print(f"wrote {len(data['promotion'])} promotion cases, {len(data['printing'])} printed, "
          f"{len(data['casts'])} casts, {len(data['errors'])} errors, {len(data['random'])} random, "
          f"{len(data['crossChecked'])} op-table cases cross-checked")


main()
