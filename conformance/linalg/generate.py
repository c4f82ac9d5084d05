#!/usr/bin/python3
"""Writes conformance/linalg/fixtures.json: linear-algebra behaviours of PyTorch 2.x that the op
table's generator (PyTorch 1.13) cannot record, because 1.13 fails or differs there:

- `linalg.lstsq` with a vector B: 1.13's backward fails (a shape error); 2.x's works.
- `linalg.lstsq`'s residuals: 1.13 does not differentiate them; 2.x does (LinalgLstsqBackward0,
  the gradient of ||A X - B||^2 with X held fixed, by Danskin's theorem).
- `linalg.solve` of 1x1 systems with a vector B: 1.13's backward fails; 2.x's works.
- `linalg.matrix_norm` of an empty matrix with ord 2 or inf: 1.13 fails in amax; 2.x returns 0
  (without a graph). (Negative orders fail in amin in both.)

Run it with PyTorch 2.x (conformance/random/generate.py says how to install the CPU build):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/linalg/generate.py

conformance/linalg_test.ts runs the same programs in descent. Deterministic (fixed seed; no
case uses the gelsy driver, whose last bits PyTorch documents as non-deterministic).
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from json_values import enc, values  # noqa: E402

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (see the docstring)"
torch.manual_seed(13)
F64 = torch.float64


def wellcond(*shape):
    a = torch.randn(*shape, dtype=F64)
    return a + shape[-1] * torch.eye(shape[-1], dtype=F64)


def lstsq(driver):
    return lambda a, b: list(torch.linalg.lstsq(a, b, driver=driver))[:2]


# name: (inputs, program returning the outputs to differentiate)
PROGRAMS = {
    "lstsq_vector_gelsd": ([torch.randn(4, 3, dtype=F64), torch.randn(4, dtype=F64)], lstsq("gelsd")),
    "lstsq_vector_gels": ([wellcond(3, 3), torch.randn(3, dtype=F64)], lstsq("gels")),
    "lstsq_batch_vector_gelss": (
        [torch.randn(2, 4, 2, dtype=F64), torch.randn(2, 4, dtype=F64)],
        lstsq("gelss"),
    ),
    "lstsq_residuals_gelsd": ([torch.randn(5, 3, dtype=F64), torch.randn(5, 2, dtype=F64)], lstsq("gelsd")),
    "lstsq_residuals_gels": ([torch.randn(5, 3, dtype=F64), torch.randn(5, 2, dtype=F64)], lstsq("gels")),
    "solve_1x1_vector": ([wellcond(1, 1), torch.randn(1, dtype=F64)], lambda a, b: [torch.linalg.solve(a, b)]),
    "solve_batch_1x1_vector": (
        [wellcond(2, 1, 1), torch.randn(2, 1, dtype=F64)],
        lambda a, b: [torch.linalg.solve(a, b)],
    ),
}
for name, ord_ in [("2", 2), ("inf", math.inf), ("1_wide", 1)]:
    PROGRAMS[f"matrix_norm_empty_{name}"] = (
        [torch.zeros(3, 0, dtype=F64) if name == "1_wide" else torch.zeros(0, 3, dtype=F64)],
        (lambda o: lambda a: [torch.linalg.matrix_norm(a, o)])(ord_),
    )


def grad_fn_name(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


cases = []
for name, (ins, program) in PROGRAMS.items():
    ins = [t.requires_grad_() for t in ins]
    outs = program(*ins)
    rec = {
        "name": name,
        "inputs": [{"shape": list(t.shape), "values": values(t)} for t in ins],
        "outputs": [
            {"shape": list(o.shape), "values": values(o), "gradFn": grad_fn_name(o), "repr": repr(o)}
            for o in outs
        ],
    }
    diff = [o for o in outs if o.requires_grad]
    if diff:
        cots = [torch.randn(o.shape, dtype=F64) for o in diff]
        grads = torch.autograd.grad(diff, ins, cots, create_graph=True, allow_unused=True)
        ws = [torch.randn(t.shape, dtype=F64) for t in ins]
        total = sum((g * w).sum() for g, w in zip(grads, ws) if g is not None)
        second = torch.autograd.grad(total, ins, allow_unused=True)
        rec["cotangents"] = [values(c) for c in cots]
        rec["grads"] = [None if g is None else values(g) for g in grads]
        rec["w"] = [values(w) for w in ws]
        rec["second"] = [None if g is None else values(g) for g in second]
    cases.append(rec)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "fixtures.json"), "w") as f:
    f.write('{"torch": %s, "generator": "conformance/linalg/generate.py", "cases": [\n' % json.dumps(torch.__version__))
    f.write(",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases))
    f.write("\n]}\n")
print(f"wrote {len(cases)} cases")
