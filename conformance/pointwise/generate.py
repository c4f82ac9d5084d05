#!/usr/bin/python3
"""Writes conformance/pointwise/fixtures.json: elementwise math and activations (issue 13) as
PyTorch 2.x has them where the op table's generator (PyTorch 1.13) cannot record them.

- errors: the exact text and class of the argument and dtype errors of these ops.
- cases: programs whose values or gradients changed between 1.13 and 2.x: `elu`/`selu`/`celu`
  at -0 and tiny negative inputs (2.x computes expm1, 1.13 exp - 1), `tan` of the smallest
  denormal, `hardswish`'s gradient at -3, `erfinv` near ±1 (1.13 loses digits there).
- ulps: every libm-based op over a grid of inputs, float64 and float32, as PyTorch 2.x computes
  them; conformance/pointwise_test.ts measures descent's distance in ulps (conformance/README.md
  quotes the figures).
- libm: C's erf and erfc (glibc, through Python's math module) over a grid, for
  tensor/erf_test.ts.
- crossChecked: every op-table case of these ops (conformance/ops/fixtures.json, made by 1.13)
  run again here; the generator fails unless 2.x gives the same node names, printed forms,
  values, gradients and second derivatives, so the op table's fixtures are PyTorch 2.x's.

Run it with PyTorch 2.x (conformance/random/generate.py says how to install the CPU build):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/pointwise/generate.py

Deterministic (fixed seed).
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from in_2x import cross_check, dec, record_case  # noqa: E402
from json_values import enc, values  # noqa: E402

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (see the docstring)"
torch.manual_seed(17)
F32 = torch.float32
F64 = torch.float64
HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------------------------
# Errors: name -> program. Python's classes map to descent's: a dtype a kernel has no loop for
# (NotImplementedError) and a bad argument are TypeErrors, shapes and dims RangeErrors.

f = torch.ones(2)
d = torch.ones(2, dtype=F64)
i = torch.ones(2, dtype=torch.int64)
b = torch.ones(2, dtype=torch.bool)
u = torch.ones(2, dtype=torch.uint8)
i32 = torch.ones(2, dtype=torch.int32)

ERRORS = {
    "frac_long": lambda: i.frac(),
    "floor_bool": lambda: b.floor(),
    "round_decimals_long": lambda: i.round(decimals=2),
    "round_decimals_float": lambda: f.round(decimals=1.5),
    "logaddexp_long": lambda: torch.logaddexp(i, i),
    "hypot_int": lambda: torch.hypot(i32, u),
    "atan2_number": lambda: torch.atan2(f, 2),
    "hypot_number": lambda: torch.hypot(f, 2.5),
    "lerp_end_dtype": lambda: torch.lerp(f, d, 0.5),
    "lerp_weight_dtype": lambda: torch.lerp(f, f, i),
    "lerp_long": lambda: torch.lerp(i, i, 0.5),
    "lerp_long_tensor": lambda: torch.lerp(i, i, i),
    "addcmul_bool": lambda: torch.addcmul(b, b, b),
    "addcmul_number": lambda: torch.addcmul(f, 2, f),
    "addcdiv_integers": lambda: torch.addcdiv(f, i, i),
    "gelu_long": lambda: F.gelu(i),
    "gelu_approximate": lambda: F.gelu(f, approximate="erf"),
    "silu_bool": lambda: F.silu(b),
    "mish_long": lambda: F.mish(i),
    "softplus_long": lambda: F.softplus(i),
    "elu_long": lambda: F.elu(i),
    "selu_int": lambda: F.selu(i32),
    "celu_zero_alpha": lambda: F.celu(f, alpha=0.0),
    "leaky_relu_long": lambda: F.leaky_relu(i),
    "hardtanh_bool": lambda: F.hardtanh(b),
    "hardtanh_unsigned": lambda: F.hardtanh(u),
    "hardtanh_bounds": lambda: F.hardtanh(f, 2.0, 1.0),
    "relu6_bool": lambda: F.relu6(b),
    "hardsigmoid_byte": lambda: F.hardsigmoid(u),
    "hardswish_int": lambda: F.hardswish(i32),
    "logsigmoid_long": lambda: F.logsigmoid(i),
    "softsign_bool": lambda: F.softsign(b),
    "softmin_long": lambda: F.softmin(i, 0),
    "softmin_bool": lambda: F.softmin(b, 0),
    "tanhshrink_bool": lambda: F.tanhshrink(b),
    "glu_scalar": lambda: F.glu(torch.ones(())),
    "glu_odd": lambda: F.glu(torch.ones(2, 3)),
    "glu_dim": lambda: F.glu(torch.ones(2, 4), 2),
    "glu_long": lambda: F.glu(torch.ones(2, 4, dtype=torch.int64)),
    "normalize_long": lambda: F.normalize(torch.ones(2, 3, dtype=torch.int64)),
    "normalize_dim": lambda: F.normalize(torch.ones(3)),
    "pow_bool_tensors": lambda: torch.pow(b, b),
    "pow_bool_number_base": lambda: torch.pow(True, b),
    # numbers a kernel converts to its dtype, out of the dtype's range (c10::checked_convert)
    "add_alpha_uint8": lambda: torch.add(u, u, alpha=256),
    "sub_alpha_float": lambda: torch.sub(f, 3, alpha=1e300),
    "add__alpha_float": lambda: f.clone().add_(1, alpha=1e300),
    "addcmul_value_uint8": lambda: torch.addcmul(u, u, u, value=-0.5),
    "addcmul_value_long": lambda: torch.addcmul(i, i, i, value=1e20),
    "addcdiv_value_float": lambda: torch.addcdiv(f, f, f, value=-1e39),
    "clamp_bound_float": lambda: torch.clamp(f, None, 1e300),
    "clamp_bound_int": lambda: torch.clamp(i32, 2**31),
    "clamp_min_uint8": lambda: torch.clamp_min(u, 300),
    "hardtanh_bounds_int": lambda: F.hardtanh(i32, -1e20, 1e20),
    "hardtanh_bounds_float": lambda: F.hardtanh(f, -1e300, 0),
    "softplus_beta_float": lambda: F.softplus(f, beta=1e300),
    "elu_alpha_float": lambda: F.elu(f, alpha=-1e300),
    "leaky_relu_slope_float": lambda: F.leaky_relu(f, 1e39),
    "lerp_weight_float": lambda: torch.lerp(f, f, 1e300),
    "normalize_empty_inf": lambda: F.normalize(torch.ones(2, 0), float("inf"), dim=-1),
    "clamp_min_bool_number": lambda: torch.clamp_min(b, True),
    "clamp_max_bool_empty": lambda: torch.clamp_max(torch.ones(2, 0, dtype=torch.bool), False),
}

JS_CLASS = {
    "NotImplementedError": "TypeError",
    "TypeError": "TypeError",
    "ValueError": "TypeError",
    "IndexError": "RangeError",
}
# RuntimeErrors about dtypes and argument values are bad arguments (TypeError); the rest are
# about shapes (RangeError)
RUNTIME_TYPE = {
    "normalize_long",
    "lerp_end_dtype",
    "lerp_weight_dtype",
    "addcdiv_integers",
    "gelu_approximate",
    "hardtanh_bool",
    "hardtanh_unsigned",
    "relu6_bool",
    "softmin_bool",
    "tanhshrink_bool",
}
# RuntimeErrors descent raises as RangeErrors (an argument value out of range)
RUNTIME_RANGE = {
    "celu_zero_alpha", "glu_scalar", "glu_odd", "add_alpha_uint8", "sub_alpha_float", "add__alpha_float",
    "addcmul_value_uint8", "addcmul_value_long", "addcdiv_value_float", "clamp_bound_float", "clamp_bound_int",
    "clamp_min_uint8", "hardtanh_bounds_int", "hardtanh_bounds_float", "softplus_beta_float", "elu_alpha_float",
    "leaky_relu_slope_float", "lerp_weight_float", "normalize_empty_inf",
}


def error_of(name, fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        message = str(e).split("\n")[0]
        kind = type(e).__name__
        if kind == "RuntimeError":
            assert name in RUNTIME_TYPE or name in RUNTIME_RANGE, name
            js = "TypeError" if name in RUNTIME_TYPE else "RangeError"
        else:
            js = JS_CLASS[kind]
        return {"name": name, "torchType": kind, "type": js, "message": message}
    raise AssertionError(f"{name}: no error")


errors = [error_of(name, fn) for name, fn in ERRORS.items()]


# ----------------------------------------------------------------------------------------------
# Programs whose results changed between 1.13 and 2.x: name -> (inputs, program)

CASES = {
    "elu_tiny": (
        [torch.tensor([-0.0, -1e-8, -1e-310, -5e-324, -1e-20, 1e-8], dtype=F64)],
        lambda a: [F.elu(a), F.selu(a), F.celu(a, 2.0)],
    ),
    "elu_tiny_float32": (
        [torch.tensor([-0.0, -1e-8, -1e-40, -1e-20, 1e-8], dtype=F32)],
        lambda a: [F.elu(a), F.selu(a), F.celu(a, 0.5)],
    ),
    "tan_denormal": (
        [torch.tensor([5e-324, -5e-324, 1e-310], dtype=F64)],
        lambda a: [a.tan()],
    ),
    "hardswish_at_3": (
        [torch.tensor([-3.0, 3.0, -2.5], dtype=F64)],
        lambda a: [F.hardswish(a)],
    ),
    "hardswish_at_3_float32": (
        [torch.tensor([-3.0, 3.0, -2.5, 2.9999999], dtype=F32)],
        lambda a: [F.hardswish(a)],
    ),
    "erfinv_near_one": (
        [torch.tensor([0.9999, -0.999999, 1 - 2**-52, 0.999999999999999, -(1 - 1e-10)], dtype=F64)],
        lambda a: [a.erfinv()],
    ),
    "erfinv_near_one_float32": (
        [torch.tensor([0.9999, -0.999999, 0.99999994, -0.9999], dtype=F32)],
        lambda a: [a.erfinv()],
    ),
    # 2.x: a NaN bound gives NaN everywhere, given alone too (1.13 ignored it)
    "clamp_nan_bound": (
        [torch.tensor([1.0, -2.0, float("nan"), 0.5], dtype=F64)],
        lambda a: [a.clamp(float("nan")), a.clamp(None, float("nan"))],
    ),
    # ±0 take elu's x·scale branch: their sign stays with a negative alpha
    "elu_zero_negative_alpha": (
        [torch.tensor([0.0, -0.0, -1e-8, 2.0], dtype=F64)],
        lambda a: [F.elu(a, -1.0), F.celu(a, -1.5)],
    ),
    "elu_zero_negative_alpha_float32": (
        [torch.tensor([0.0, -0.0, -1e-8, 2.0], dtype=F32)],
        lambda a: [F.elu(a, -1.0), F.celu(a, -1.5)],
    ),
    # atan2's gradient is 0 where y² + x² is 0 (the origin, squares that underflow), not NaN
    "atan2_origin": (
        [torch.tensor([0.0, -0.0, 1e-200, 0.0, 1e-170, 1e-155, 3.0], dtype=F64),
         torch.tensor([0.0, 0.0, 0.0, -1e-200, 1e-170, 0.0, 4.0], dtype=F64)],
        lambda a, b: [torch.atan2(a, b)],
    ),
    # a 0-d weight tensor may have another dtype than the points (read in theirs)
    "lerp_0d_weight": (
        [torch.tensor([1.0, -2.0, 0.5], dtype=F32), torch.tensor([3.0, 1.0, -1.5], dtype=F32),
         torch.tensor(0.25, dtype=F64)],
        lambda a, b, w: [torch.lerp(a, b, w), torch.lerp(a, b, w * 3)],
    ),
}

cases = [record_case(name, ins, program, with_dtype=True) for name, (ins, program) in CASES.items()]


# ----------------------------------------------------------------------------------------------
# The libm-based ops over a grid: descent's ulp distance from PyTorch 2.x is measured in
# conformance/pointwise_test.ts


def grid(lo, hi, n=150):
    return [lo + (hi - lo) * (k + 0.5) / n for k in range(n)]


ULP_OPS = {
    "tan": grid(-1.5, 1.5),
    "asin": grid(-1, 1),
    "acos": grid(-1, 1),
    "atan": grid(-20, 20),
    "sinh": grid(-20, 20),
    "cosh": grid(-20, 20),
    "asinh": grid(-50, 50),
    "acosh": grid(1, 60),
    "atanh": grid(-1, 1),
    "log1p": grid(-0.99, 20) + [10.0**-k for k in range(1, 30)],
    "expm1": grid(-20, 20) + [10.0**-k for k in range(1, 30)],
    "exp2": grid(-60, 60),
    "log2": grid(1e-3, 100),
    "log10": grid(1e-3, 100),
    "rsqrt": grid(1e-3, 100),
    "erf": grid(-6, 6),
    "erfc": grid(-6, 27),
    "erfinv": grid(-1, 1) + [1 - 10.0**-k for k in range(1, 16)],
    "sigmoid": grid(-40, 40),
    "gelu": grid(-10, 10),
    "gelu_tanh": grid(-10, 10),
    "silu": grid(-40, 40),
    "mish": grid(-40, 40),
    "softplus": grid(-40, 40),
    "elu": grid(-20, 2),
    "logsigmoid": grid(-40, 40),
}
FNS = {
    "gelu": F.gelu,
    "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"),
    "silu": F.silu,
    "mish": F.mish,
    "softplus": F.softplus,
    "elu": F.elu,
    "logsigmoid": F.logsigmoid,
}
ulps = {}
for name, xs in ULP_OPS.items():
    fn = FNS.get(name, lambda t, n=name: getattr(t, n)())
    row = {}
    for dtype in (F64, F32):
        t = torch.tensor(xs, dtype=dtype)
        row[str(dtype)[6:]] = {"x": values(t), "y": values(fn(t))}
    ulps[name] = row

libm = [[x, math.erf(x), math.erfc(x)] for x in grid(-7, 30, 1500) + [10.0**-k for k in range(1, 320, 7)]]


# ----------------------------------------------------------------------------------------------
# The op table's cases of these ops, recorded by 1.13, run again in 2.x

MY_OPS = {
    "floor", "ceil", "trunc", "frac", "sign", "sgn", "round",
    "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
    "log1p", "expm1", "exp2", "log2", "log10", "rsqrt", "erf", "erfc", "erfinv",
    "isnan", "isinf", "isfinite", "nan_to_num", "clamp_min", "clamp_max",
    "atan2", "logaddexp", "hypot", "copysign", "xlogy", "lerp", "addcmul", "addcdiv",
    "gelu", "silu", "mish", "softplus_fn", "elu", "selu", "celu", "leaky_relu", "relu6",
    "hardtanh", "hardsigmoid", "hardswish", "logsigmoid", "softsign", "softmin", "tanhshrink",
    "glu", "normalize",
}


reprs_ulp = []
# float32 last printed digits may move with an ulp-level change of kernel (2.x's float32 gelu
# approximates erf less closely than 1.13's); their values are still compared
checked = cross_check(MY_OPS, {"F": F}, second=True, float32_reprs=reprs_ulp)
print(f"float32 cases printed with other last digits by {torch.__version__}: {reprs_ulp}")


def dumps(v):
    return json.dumps(v, separators=(",", ":"), allow_nan=False)


with open(os.path.join(HERE, "fixtures.json"), "w") as fh:
    head = {
        "torch": torch.__version__,
        "generator": "conformance/pointwise/generate.py",
        "crossChecked": checked,
        "crossCheckedOps": sorted(MY_OPS),
    }
    fh.write(json.dumps(head)[:-1] + ',\n"errors": [\n')
    fh.write(",\n".join(dumps(e) for e in errors))
    fh.write('\n],\n"cases": [\n' + ",\n".join(dumps(c) for c in cases))
    fh.write('\n],\n"ulps": {\n' + ",\n".join(f"{dumps(k)}:{dumps(v)}" for k, v in ulps.items()))
    fh.write('\n},\n"libm": [\n' + ",\n".join(dumps([enc(v) for v in r]) for r in libm))
    fh.write("\n]}\n")
print(f"wrote {len(errors)} errors, {len(cases)} cases, {len(ulps)} ulp grids, {len(libm)} libm rows; "
      f"{checked} op-table cases agree with {torch.__version__}")
