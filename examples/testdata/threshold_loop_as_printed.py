#!/usr/bin/python3
"""Writes threshold_loop_as_printed.json: what PyTorch does with the tutorial's "full code" as
printed, which examples/threshold_loop_test.ts compares with `threshold_loop.ts --as-printed`.

Run from anywhere with Debian's PyTorch 1.13 (`/usr/bin/python3`):

    /usr/bin/python3 examples/testdata/threshold_loop_as_printed.py

The full code differs from the loop the tutorial explains step by step in two places: it calls
`pred.detach()`, which returns a detached copy and leaves `pred` alone, where `pred.detach_()`
is meant, and after the loop it prints `iter_count`, which it never defines (the counter is
`i`). This script runs that code with `torch.manual_seed(0)` (the example's default start),
lr = 1 and threshold = 1e-5, and records its standard output, its warnings and the exception
that ends it.
"""

import io
import json
import os
import traceback
import warnings
from contextlib import redirect_stdout

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

# The full code as printed (the loop with its two slips), after `torch.manual_seed(0)`.
AS_PRINTED = """\
y = torch.FloatTensor([[.1,.2,.3],[.4,.5,.6],[.7,.8,.9]])
pred = torch.rand_like(y, requires_grad=True)
print(pred)
loss = F.mse_loss(y, pred)
i = 0
while not loss < threshold:
    i += 1
    loss.backward()
    pred = pred - lr * pred.grad
    pred.detach()
    pred.requires_grad_(True)
    loss = F.mse_loss(y, pred)
    print('%d-th Loss : %.4e' % (i, loss))
print(iter_count)
print(pred)
"""

torch.manual_seed(0)
scope = {"torch": torch, "F": F, "lr": 1, "threshold": 1e-5}
out = io.StringIO()
error = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("default")
    with redirect_stdout(out):
        try:
            exec(compile(AS_PRINTED, "<as printed>", "exec"), scope)
        except Exception as e:  # the code ends in an exception: record it as Python prints it
            error = traceback.format_exception_only(type(e), e)[-1].strip()

result = {
    "note": "PyTorch %s. The warning text is 1.13's; PyTorch 2.x (and descent) end it with "
            "'for more information.' where 1.13 has 'informations.'" % torch.__version__,
    "code": AS_PRINTED,
    "stdout": out.getvalue(),
    "warnings": ["%s: %s" % (w.category.__name__, str(w.message)) for w in caught],
    "error": error,
    "iteration": scope.get("i"),
    "pred_grad_fn": type(scope["pred"].grad_fn).__name__,
    "pred_is_leaf": scope["pred"].is_leaf,
}
with open(os.path.join(HERE, "threshold_loop_as_printed.json"), "w") as f:
    json.dump(result, f, indent=2, ensure_ascii=False)
    f.write("\n")
print("wrote threshold_loop_as_printed.json (torch %s): %s at iteration %s"
      % (torch.__version__, error, result["iteration"]))
