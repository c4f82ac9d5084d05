#!/usr/bin/python3
"""Writes conformance/reduce/fixtures.json: the reductions and scans (issue 13) as PyTorch 2.x
has them where the op table's generator (PyTorch 1.13) cannot record them.

- errors: the exact text and class of every argument error of these ops (2.x reworded several:
  `NotImplementedError` for dtypes, `topk`'s bool error, `vector_norm`'s dtype error).
- warnings: `var`/`std`/`var_mean`/`std_mean` with no degree of freedom left.
- cases: programs 1.13 rejects or differentiates otherwise: a fractional `correction`, the
  gradient of a variance over all elements with no degree of freedom left, `all`/`any` over a
  list of dims, `torch.norm` with "nuc", and the second derivative of `prod` with two zeros
  (1.13: zeros without a graph).
- crossChecked: every op-table case of these ops (conformance/ops/fixtures.json, made by 1.13)
  run again here, second derivatives included; the generator fails unless 2.x gives the same node
  names, printed forms, values and gradients, so the op table's fixtures are PyTorch 2.x's.

Run it with PyTorch 2.x (conformance/random/generate.py says how to install the CPU build):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/reduce/generate.py

conformance/reduce_test.ts runs the same programs in descent. Deterministic (fixed seed).
"""
import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from in_2x import cross_check, grad_fn_name, warning_of  # noqa: E402
from json_values import values  # noqa: E402

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (see the docstring)"
torch.manual_seed(17)
F64 = torch.float64
HERE = os.path.dirname(os.path.abspath(__file__))
inf = float("inf")


# ----------------------------------------------------------------------------------------------
# Errors: name -> program

x = torch.ones(2, 3, 4, requires_grad=True)
i = torch.tensor([[1, 2], [3, 4]])
b = torch.tensor([True, False])
s0 = torch.tensor(1.0)
e20 = torch.zeros(2, 0)

ERRORS = {
    "var_int": lambda: i.var(),
    "std_int": lambda: i.std(0),
    "var_mean_int": lambda: torch.var_mean(i),
    "std_mean_bool": lambda: torch.std_mean(b),
    "var_dim_range": lambda: x.var(3),
    "std_dim_repeated": lambda: x.std((0, -3)),
    "prod_dim_range": lambda: x.prod(-4),
    "cumsum_dim_range": lambda: x.cumsum(3),
    "cumprod_0d_dim": lambda: s0.cumprod(1),
    "logcumsumexp_int": lambda: i.logcumsumexp(0),
    "logcumsumexp_bool": lambda: b.logcumsumexp(0),
    "cummax_dim_range": lambda: x.cummax(3),
    "cummin_0d_dim": lambda: s0.cummin(-2),
    "amax_empty_all": lambda: torch.zeros(0, 3).amax(),
    "amax_empty_dim": lambda: torch.zeros(0, 3).amax(0),
    "amax_empty_negative_dim": lambda: e20.amax(-1),
    "amin_empty_dims": lambda: torch.zeros(2, 0, 0).amin((2, 1)),
    "amax_repeated": lambda: x.amax((0, 0)),
    "amin_dim_range": lambda: x.amin((0, 5)),
    "all_dim_range": lambda: x.all(3),
    "any_repeated": lambda: x.any((1, 1)),
    "nansum_dim_range": lambda: x.nansum(-4),
    "nanmean_int": lambda: i.nanmean(),
    "nanmean_bool": lambda: b.nanmean(),
    "vector_norm_int": lambda: torch.linalg.vector_norm(i),
    "vector_norm_bool": lambda: torch.linalg.vector_norm(b),
    "vector_norm_empty_inf": lambda: torch.linalg.vector_norm(torch.zeros(0), inf),
    "vector_norm_empty_negative": lambda: torch.linalg.vector_norm(torch.zeros(0), -1),
    "vector_norm_empty_dim": lambda: torch.linalg.vector_norm(e20, -inf, dim=-1),
    "vector_norm_empty_dims": lambda: torch.linalg.vector_norm(torch.zeros(2, 0, 3), -2, dim=(0, 1)),
    "vector_norm_dim_range": lambda: torch.linalg.vector_norm(x, 2, dim=3),
    "norm_int": lambda: torch.norm(i),
    "norm_nuc_1d": lambda: torch.norm(torch.ones(3), "nuc"),
    "norm_fro_3_dims": lambda: torch.norm(x, "fro", dim=(0, 1, 2)),
    "median_bool": lambda: b.median(),
    "median_dim_bool": lambda: b.median(0),
    "median_dim_empty": lambda: e20.median(-1),
    "median_dim_range": lambda: x.median(3),
    "kthvalue_k0": lambda: x.kthvalue(0),
    "kthvalue_k_big": lambda: x.kthvalue(4, 1),
    "kthvalue_0d_k2": lambda: s0.kthvalue(2),
    "kthvalue_empty": lambda: e20.kthvalue(1),
    "kthvalue_bool": lambda: b.kthvalue(1),
    "kthvalue_dim_range": lambda: x.kthvalue(1, 3),
    "sort_dim_range": lambda: x.sort(3),
    "argsort_dim_range": lambda: x.argsort(-4),
    "topk_k_big": lambda: x.topk(5),
    "topk_k_negative": lambda: x.topk(-1, 1),
    "topk_empty": lambda: torch.zeros(0).topk(1),
    "topk_bool": lambda: b.topk(1),
    "topk_dim_range": lambda: x.topk(1, 3),
    "argmax_empty_dim": lambda: torch.zeros(2, 0).argmax(1),
    "argmin_empty_all": lambda: torch.zeros(2, 0).argmin(keepdim=True),
    "sum_dtype_autograd": lambda: x.sum(dtype=torch.int64),
    "sum_dtype_autograd_dim_range": lambda: x.sum(4, dtype=torch.int32),
    "logcumsumexp_int_dim_range": lambda: i.logcumsumexp(2),
    "logcumsumexp_0d_int_dim": lambda: torch.tensor(1).logcumsumexp(1),
    "amin_empty_dim_before_repeated": lambda: torch.zeros(2, 0).amin((0, 1, -2)),
    "amax_range_before_repeated": lambda: x.amax((0, 0, 3)),
}

JS_CLASS = {"RuntimeError": "RangeError", "IndexError": "RangeError", "NotImplementedError": "TypeError"}
# errors about an argument's dtype or value rather than a shape: TypeError in descent (API.md)
TYPE_ERRORS = {
    "var_int", "std_int", "var_mean_int", "std_mean_bool", "nanmean_int", "nanmean_bool",
    "vector_norm_int", "vector_norm_bool", "norm_int", "topk_bool", "sum_dtype_autograd",
}


def error_of(name, fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        message = str(e).split("\nException raised from")[0]
        kind = type(e).__name__
        js = "TypeError" if name in TYPE_ERRORS else JS_CLASS[kind]
        return {"name": name, "torchType": kind, "type": js, "message": message}
    raise AssertionError(f"{name}: no error")


errors = [error_of(name, fn) for name, fn in ERRORS.items()]


# ----------------------------------------------------------------------------------------------
# Warnings

one = torch.ones(1)
warns = [
    {"name": "var_dof", "message": warning_of(lambda: one.var())},
    {"name": "std_dof", "message": warning_of(lambda: torch.ones(2, 3).std(1, correction=3))},
    {"name": "var_mean_dof", "message": warning_of(lambda: torch.var_mean(torch.zeros(0)))},
    {"name": "std_mean_dof", "message": warning_of(lambda: torch.std_mean(one, correction=2))},
]


# ----------------------------------------------------------------------------------------------
# Cases 1.13 cannot record: name -> (inputs, program returning the outputs, second order)

def rand(*shape):
    return torch.randn(*shape, dtype=F64)


def fixed(*vals):
    return torch.tensor(vals, dtype=F64)


CASES = {
    "var_fractional_correction": (
        [rand(3, 4)],
        lambda a: [a.var(1, correction=0.5), a.std(correction=1.5), *torch.var_mean(a, 0, correction=2.5)],
        True,
    ),
    "var_no_dof_all": (
        [fixed(1, 2, 3)],
        lambda a: [a.var(correction=3)],
        False,
    ),
    "std_no_dof_all": ([fixed(4)], lambda a: [a.std()], False),
    "all_any_dims": (
        [fixed(1, 0, 2, 3, -1, 4, 0, 0, 5, 6, 7, 8).reshape(2, 3, 2)],
        lambda a: [a.all((0, 1)), a.any((0, 2), keepdim=True), a.all(()), a.any([-1, 0])],
        False,
    ),
    "norm_nuc": ([rand(3, 4)], lambda a: [torch.norm(a, "nuc")], True),
    "norm_nuc_dims": ([rand(2, 3, 4)], lambda a: [torch.norm(a, "nuc", dim=(0, 2), keepdim=True)], False),
    "norm_fro_default_dims": ([rand(2, 3)], lambda a: [a.norm(), a.norm(dim=1)], True),
    "prod_two_zeros": ([fixed(2, 0, 3, 0, 4)], lambda a: [a.prod()], True),
    "prod_two_zeros_dim": ([fixed(2, 0, 3, 0, 4, 1, 2, 0).reshape(2, 4)], lambda a: [a.prod(1)], True),
    "argmax_argmin_keepdim_all": (
        [fixed(1, 5, 7, 2, 7, 0).reshape(2, 1, 3)],
        lambda a: [a.argmax(keepdim=True), a.argmin(None, True), a[0, 0].argmax(keepdim=True)],
        False,
    ),
    # the norm of one element is its magnitude (no square to overflow or underflow)
    "norm_one_element": (
        [fixed(1e-200, -1e308, 0, 3).reshape(4, 1)],
        lambda a: [
            torch.linalg.vector_norm(a, 2, dim=1),
            torch.linalg.vector_norm(a, 0.5, dim=-1, keepdim=True),
            torch.norm(a[1], 3),
        ],
        False,
    ),
    "sum_dtype": (
        [fixed(1.5, -2.25, 3.0, 0.5, 4.0, -1.0).reshape(2, 3)],
        lambda a: [a.sum(dtype=torch.float32), a.sum(1, keepdim=True, dtype=torch.float32), a.detach().sum(0, dtype=torch.int32)],
        False,
    ),
    # PyTorch checks no dim for an empty input of cummax/cummin
    "cummax_cummin_empty": (
        [torch.zeros(2, 0, dtype=F64)],
        lambda a: [*a.cummax(5), a.cummin(-4).values],
        False,
    ),
    "sum_mean_keepdim_all": ([fixed(1, 5, 7, 2, 7, 0).reshape(2, 3)], lambda a: [a.sum(None, keepdim=True), a.mean(None, keepdim=True)], False),
}

cases = []
for name, (ins, program, second) in CASES.items():
    ins = [t.requires_grad_() for t in ins]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outs = program(*ins)
        rec = {
            "name": name,
            "inputs": [{"shape": list(t.shape), "values": values(t)} for t in ins],
            "outputs": [
                {
                    "shape": list(o.shape),
                    "dtype": str(o.dtype).removeprefix("torch."),
                    "values": values(o),
                    "gradFn": grad_fn_name(o),
                    "repr": repr(o),
                }
                for o in outs
            ],
        }
        diff = [o for o in outs if o.requires_grad]
        if diff:
            cots = [torch.randn(o.shape, dtype=F64) for o in diff]
            grads = torch.autograd.grad(diff, ins, cots, allow_unused=True, create_graph=second)
            rec["cotangents"] = [values(c) for c in cots]
            rec["grads"] = [None if g is None else values(g) for g in grads]
            if second:
                ws = [torch.randn(t.shape, dtype=F64) for t in ins]
                terms = [(g * w).sum() for g, w in zip(grads, ws) if g is not None and g.requires_grad]
                gg = torch.autograd.grad(sum(terms), ins, allow_unused=True)
                rec["second"] = {
                    "w": [values(w) for w in ws],
                    "grads": [None if g is None else values(g) for g in gg],
                }
    cases.append(rec)


# ----------------------------------------------------------------------------------------------
# The op table's cases of these ops, recorded by 1.13, run again in 2.x

REDUCE_OPS = {
    "prod", "var", "std", "var_mean", "std_mean", "norm", "vector_norm", "amax", "amin", "all",
    "any", "nansum", "nanmean", "median", "median_dim", "kthvalue", "cumsum", "cumprod",
    "logcumsumexp", "cummax", "cummin", "sort", "argsort", "topk",
}


checked = cross_check(REDUCE_OPS, second=True)

with open(os.path.join(HERE, "fixtures.json"), "w") as f:
    head = {"torch": torch.__version__, "generator": "conformance/reduce/generate.py", "crossChecked": checked}
    f.write(json.dumps(head)[:-1] + ',\n"errors": [\n')
    f.write(",\n".join(json.dumps(e, separators=(",", ":")) for e in errors))
    f.write('\n],\n"warnings": [\n' + ",\n".join(json.dumps(w, separators=(",", ":")) for w in warns))
    f.write('\n],\n"cases": [\n')
    f.write(",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases))
    f.write("\n]}\n")
print(f"wrote {len(errors)} errors, {len(warns)} warnings, {len(cases)} cases; {checked} op-table cases agree with {torch.__version__}")
