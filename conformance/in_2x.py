"""What the PyTorch 2.x generators (`shape/`, `indexing/`, `reduce/`, `pointwise/`) share: recording a program's outputs and
gradients, and running the op table's cases of a family of ops again in PyTorch 2.x.

The generators add this folder to `sys.path`, as for `json_values`."""

import json
import math
import os
import shutil
import subprocess
import warnings

import torch

from json_values import values

HERE = os.path.dirname(os.path.abspath(__file__))


def grad_fn_name(t):
    """`t.grad_fn.name()` without C++ namespaces (`CopySlices`, not `torch::autograd::CopySlices`)."""
    return None if t.grad_fn is None else t.grad_fn.name().rsplit("::", 1)[-1]


def record_case(name, ins, program, with_dtype=False):
    """Runs `program` on leaves `ins`: a fixture case with its outputs (values, node name, printed
    form) and the inputs' gradients for random cotangents (conformance/fixtures.ts's
    `RecordedCase`). Cotangents are float64 unless `with_dtype`, which also names each input's
    dtype and draws the cotangents in the outputs' dtypes."""
    ins = [t.requires_grad_() for t in ins]
    outs = program(*ins)
    rec = {
        "name": name,
        "inputs": [
            {"shape": list(t.shape), **({"dtype": str(t.dtype)[6:]} if with_dtype else {}), "values": values(t)}
            for t in ins
        ],
        "outputs": [
            {"shape": list(o.shape), "values": values(o), "gradFn": grad_fn_name(o), "repr": repr(o)}
            for o in outs
        ],
    }
    cots = [torch.randn(o.shape, dtype=o.dtype if with_dtype else torch.float64) for o in outs]
    grads = torch.autograd.grad(outs, ins, cots, allow_unused=True)
    rec["cotangents"] = [values(c) for c in cots]
    rec["grads"] = [None if g is None else values(g) for g in grads]
    return rec


def raised(name, fn):
    """What `fn` raises (warnings silenced): PyTorch's class name and its text up to the C++
    traceback. Fails when it raises nothing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return type(e).__name__, str(e).split("\nException raised from")[0]
    raise AssertionError(f"{name}: no error")


def warning_of(fn):
    """The one warning `fn` gives, without PyTorch's "(Triggered internally at …)" suffix."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        fn()
    assert len(w) == 1, w
    return str(w[0].message).split(" (Triggered internally at")[0]


def dec(v):
    """A fixture number: "nan", "inf", "-inf" and "-0" decoded."""
    return float(v) if isinstance(v, str) else v


def close(got, want, dtype, order=1):
    """Whether values agree within the op table's tolerance (exactly for integer and bool dtypes;
    `order` 2: second derivatives, a looser float32 tolerance)."""
    if dtype not in ("float64", "float32"):
        return got == [dec(v) for v in want]
    tol = 1e-12 if dtype == "float64" else (2e-6 if order == 1 else 1e-5)
    for a, b in zip(got, [dec(v) for v in want]):
        if math.isnan(a) or math.isnan(b):
            if math.isnan(a) and math.isnan(b):
                continue
            return False  # NaN against a number (abs(a - b) > tol is False for NaN)
        if a != b and not abs(a - b) <= tol + tol * abs(b):
            return False
    return len(got) == len(want)


def load_table():
    """The op table as `emit_cases.ts` writes it: each op's PyTorch expression and the cases."""
    script = os.path.join(HERE, "ops", "emit_cases.ts")
    deno = shutil.which("deno") or "/usr/local/bin/deno"
    out = subprocess.run([deno, "run", "--quiet", script], check=True, capture_output=True)
    return json.loads(out.stdout)


def flat(g, t):
    """A gradient as a flat list (zeros for None and for PyTorch's storage-less zero tensors)."""
    if g is None or g._is_zerotensor():
        return [0.0] * t.numel()
    return g.reshape(-1).tolist()


def tensor_of(vals, shape, dtype):
    return torch.tensor([dec(v) for v in vals], dtype=torch.float64).to(dtype).reshape(shape)


def cross_check(op_keys, scope=None, second=False, float32_reprs=None):
    """Runs every op-table case of the ops `op_keys` (conformance/ops/fixtures.json, made by 1.13,
    with the 2.x names it records) in this PyTorch, and fails unless node names, printed forms,
    values, gradients and (when `second`) second derivatives agree. `scope` adds names the ops'
    expressions use. When `float32_reprs` is a list, a float32 case printed with other last
    digits is appended to it instead of failing (its values are still compared). Returns how many
    cases were checked."""
    table = load_table()
    env = {"torch": torch, "num": lambda v: dec(v) if v is not None else None, **(scope or {})}
    ops = {k: eval(f"lambda i, p, dtype: {e}", env) for k, e in table["torch"].items() if k in op_keys}  # noqa: S307
    with open(os.path.join(HERE, "ops", "fixtures.json")) as f:
        fixture = json.load(f)
    checked = 0
    for c in fixture["ops"]:
        if c["op"] not in op_keys:
            continue
        dtype = getattr(torch, c["dtype"])
        ins = [
            tensor_of(i["values"], i["shape"], getattr(torch, i.get("dtype", c["dtype"])))
            .requires_grad_(i["requiresGrad"])
            for i in c["inputs"]
        ]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = ops[c["op"]](ins, c["params"], dtype)
        multi = isinstance(result, (list, tuple))
        outs = list(result) if multi else [result]
        pick = (lambda xs: xs) if multi else (lambda xs: xs[0])
        where = c["name"]
        assert pick([grad_fn_name(o) for o in outs]) == c["gradFn"], (where, [grad_fn_name(o) for o in outs])
        if pick([repr(o) for o in outs]) != c["repr"]:
            assert float32_reprs is not None and c["dtype"] == "float32", where
            float32_reprs.append(where)
        for o, spec in zip(outs, c["out"] if multi else [c["out"]]):
            assert close(o.detach().reshape(-1).tolist(), spec["values"], spec.get("dtype", c["dtype"])), where
        if "grads" in c:
            cots = c["cotangent"] if multi else [c["cotangent"]]
            diff = [(o, v) for o, v in zip(outs, cots) if v is not None]
            req = [t for t in ins if t.requires_grad]
            twice = second and "second" in c
            gs = torch.autograd.grad(
                [o for o, _ in diff],
                req,
                [tensor_of(v, o.shape, o.dtype) for o, v in diff],
                allow_unused=True,
                create_graph=twice,
            )
            wants = [w for t, w in zip(ins, c["grads"]) if t.requires_grad]
            for t, g, want in zip(req, gs, wants):
                assert close(flat(g, t), want or [0] * t.numel(), c["dtype"]), (where, "grad")
            if twice:
                ws = [tensor_of(w, t.shape, t.dtype) for t, w in zip(ins, c["second"]["w"]) if t.requires_grad]
                terms = [(g * w).sum() for g, w in zip(gs, ws) if g is not None and g.requires_grad]
                gg = torch.autograd.grad(sum(terms), req, allow_unused=True) if terms else [None] * len(req)
                wants = [w for t, w in zip(ins, c["second"]["grads"]) if t.requires_grad]
                for t, g, want in zip(req, gg, wants):
                    assert close(flat(g, t), want or [0] * t.numel(), c["dtype"], 2), (where, "second")
        checked += 1
    return checked
