"""Writes conformance/losses/fixtures.json: PyTorch's values and gradients of every loss.

Run with the system Python that has PyTorch installed:

    /usr/bin/python3 conformance/losses/generate.py

Every case is float64. For each one the script records the inputs (row-major values and
shapes), the options, the loss value, the name of the loss's grad_fn, an upstream gradient
`grad_output` and the gradients of sum(loss * grad_output) with respect to `input` and
`target` (null where the target gets no gradient). Class-index targets are written as plain
integers.

PyTorch 1.13 is what runs here; where descent follows 2.x and 2.x differs, the expected numbers
come from 2.x's formula written in torch ops (marked "source": "2.x formula"):
  - binary_cross_entropy's target gradient (not implemented in 1.13): -logit(x) * w * g / N;
  - the `weight` of mse_loss / l1_loss / huber_loss (added in 2.8): functional.py's formula;
  - smooth_l1_loss with beta=0 is l1_loss in 2.x (grad_fn MeanBackward0 / SumBackward0 / AbsBackward0).
Also softmax / log_softmax / logsumexp along every dim, for tensor/ops/activation_test.ts.
"""

import json
import os
import warnings

import torch
import torch.nn.functional as F

torch.manual_seed(20240601)
torch.set_default_dtype(torch.float64)

REDUCTIONS = ["mean", "sum", "none"]
cases = []


def flat(t):
    return t.detach().reshape(-1).tolist()


def enc(t):
    return {"shape": list(t.shape), "data": flat(t)}


def run(name, fn, x, t, opts, torch_kwargs, reduction, target_grad=True, source="1.13 run",
        extra=None, manual=None, grad_fn=None):
    """Runs one case; `manual` (optional) computes the loss by 2.x's formula in torch ops."""
    x = x.detach().clone().requires_grad_(True)
    tt = t.detach().clone()
    is_index = not tt.is_floating_point()
    if target_grad and not is_index:
        tt.requires_grad_(True)
    f = manual if manual is not None else (lambda a, b: fn(a, b, reduction=reduction, **torch_kwargs))
    loss = f(x, tt)
    g = torch.randn(loss.shape) if loss.dim() > 0 else torch.tensor(0.7)
    wrt = [x] + ([tt] if tt.requires_grad else [])
    grads = torch.autograd.grad(loss, wrt, g)
    rec = {
        "name": name,
        "reduction": reduction,
        "options": opts,
        "input": enc(x),
        "target": {"shape": list(tt.shape), "data": tt.reshape(-1).tolist(), "indices": is_index},
        "value": enc(loss),
        "gradFn": grad_fn or type(loss.grad_fn).__name__,
        "gradOutput": enc(g),
        "gradInput": enc(grads[0]),
        "gradTarget": enc(grads[1]) if len(grads) > 1 else None,
        "source": source,
    }
    if extra:
        rec.update(extra)
    cases.append(rec)


# ---- regression losses --------------------------------------------------------------------
x = torch.randn(3, 4) * 2
y = torch.randn(3, 4) * 2
for r in REDUCTIONS:
    run("mse", F.mse_loss, x, y, {}, {}, r)
    run("l1", F.l1_loss, x, y, {}, {}, r)
    for beta in [0.5, 1.0, 2.5]:
        run("smoothL1", F.smooth_l1_loss, x, y, {"beta": beta}, {"beta": beta}, r)
    for delta in [0.5, 1.0, 2.5]:
        run("huber", F.huber_loss, x, y, {"delta": delta}, {"delta": delta}, r)
    # broadcasting: input (3, 1), target (4,) -> (3, 4), with PyTorch's warning
    xb = torch.randn(3, 1)
    yb = torch.randn(4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run("mse", F.mse_loss, xb, yb, {}, {}, r, extra={"broadcast": True})
        run("l1", F.l1_loss, xb, yb, {}, {}, r, extra={"broadcast": True})
        run("smoothL1", F.smooth_l1_loss, xb, yb, {"beta": 0.7}, {"beta": 0.7}, r, extra={"broadcast": True})
        run("huber", F.huber_loss, xb, yb, {"delta": 0.7}, {"delta": 0.7}, r, extra={"broadcast": True})

    # 2.x: smooth_l1_loss(beta=0) is l1_loss
    rec_name = {"mean": "MeanBackward0", "sum": "SumBackward0", "none": "AbsBackward0"}[r]
    run("smoothL1", F.l1_loss, x, y, {"beta": 0.0}, {}, r, source="2.x: beta=0 is l1_loss")
    assert cases[-1]["gradFn"] == rec_name

    # 2.8: weight (same shape as input)
    w = torch.rand(3, 4) + 0.2

    def red_over_weights(e, wt):
        if r == "none":
            return e * wt
        if r == "sum":
            return (e * wt).sum()
        return (e * wt).sum() / wt.sum()

    run("mse", F.mse_loss, x, y, {"weight": enc(w)}, {}, r, source="2.x formula",
        manual=lambda a, b: red_over_weights((a - b) ** 2, w))
    run("l1", F.l1_loss, x, y, {"weight": enc(w)}, {}, r, source="2.x formula",
        manual=lambda a, b: red_over_weights((a - b).abs(), w))

    def huber_weighted(a, b):
        e = F.huber_loss(a, b, reduction="none", delta=0.8) * w
        return e if r == "none" else e.sum() if r == "sum" else e.mean()

    run("huber", F.huber_loss, x, y, {"weight": enc(w), "delta": 0.8}, {}, r,
        source="2.x formula", manual=huber_weighted)

# ---- binary cross entropy -----------------------------------------------------------------
p = torch.sigmoid(torch.randn(3, 4) * 2)
q = torch.rand(3, 4)
wb = torch.rand(4) + 0.5
for r in REDUCTIONS:
    for opts, kw in [({}, {}), ({"weight": enc(wb)}, {"weight": wb})]:
        def bce_2x(a, b, kw=kw, r=r):
            # 1.13 has no target gradient: descent follows 2.x, whose value and input gradient
            # are 1.13's and whose target gradient is -logit(x) * w * g (/ N).
            v = F.binary_cross_entropy(a, b.detach(), reduction=r, **kw)
            el = -(b * torch.log(a.detach()) + (1 - b) * torch.log1p(-a.detach()))
            if "weight" in kw:
                el = el * kw["weight"]
            red = el if r == "none" else el.sum() if r == "sum" else el.mean()
            return v + (red - red.detach())
        run("bce", F.binary_cross_entropy, p, q, opts, kw, r, source="2.x formula", manual=bce_2x,
            grad_fn="BinaryCrossEntropyBackward0")
    # the log clamp at -100 and the EPSILON of the backward
    run("bce", F.binary_cross_entropy, torch.tensor([0.0, 1.0, 0.5, 1e-60]),
        torch.tensor([0.3, 0.7, 1.0, 0.0]), {}, {}, r, target_grad=False)

# ---- binary cross entropy with logits -------------------------------------------------------
z = torch.randn(3, 4) * 3
z[0, 0], z[1, 1], z[2, 2] = 1e4, -1e4, 50.0
pw = torch.rand(4) * 3
for r in REDUCTIONS:
    for opts, kw in [({}, {}), ({"weight": enc(wb)}, {"weight": wb}),
                     ({"posWeight": enc(pw)}, {"pos_weight": pw}),
                     ({"weight": enc(wb), "posWeight": enc(pw)}, {"weight": wb, "pos_weight": pw})]:
        run("bceWithLogits", F.binary_cross_entropy_with_logits, z, q, opts, kw, r)

# ---- nll_loss ------------------------------------------------------------------------------
lp = F.log_softmax(torch.randn(5, 4), 1)
t5 = torch.tensor([0, 3, -100, 1, 3])
wc = torch.rand(4) + 0.5
for r in REDUCTIONS:
    run("nll", F.nll_loss, lp, t5, {}, {}, r)
    run("nll", F.nll_loss, lp, t5, {"weight": enc(wc)}, {"weight": wc}, r)
    run("nll", F.nll_loss, lp, torch.tensor([0, 3, 2, 1, 2]), {"ignoreIndex": 2, "weight": enc(wc)},
        {"ignore_index": 2, "weight": wc}, r)
    run("nll", F.nll_loss, lp[1], torch.tensor(2), {}, {}, r)
    lp3 = F.log_softmax(torch.randn(2, 4, 3), 1)
    run("nll", F.nll_loss, lp3, torch.tensor([[0, 1, 3], [2, -100, 0]]), {"weight": enc(wc)},
        {"weight": wc}, r)
    lp4 = F.log_softmax(torch.randn(2, 3, 2, 2), 1)
    run("nll", F.nll_loss, lp4, torch.tensor([[[0, 1], [2, 2]], [[1, 0], [0, 2]]]), {}, {}, r)

# ---- cross_entropy -------------------------------------------------------------------------
logits = torch.randn(5, 4) * 2
big = torch.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0], [0.0, 0.0, -1e4]])
probs = F.softmax(torch.randn(5, 4), 1)
for r in REDUCTIONS:
    run("crossEntropy", F.cross_entropy, logits, t5, {}, {}, r)
    run("crossEntropy", F.cross_entropy, logits, t5, {"weight": enc(wc)}, {"weight": wc}, r)
    run("crossEntropy", F.cross_entropy, logits, torch.tensor([0, 3, 1, 1, 0]), {"ignoreIndex": 1},
        {"ignore_index": 1}, r)
    for ls in [0.1, 0.45]:
        run("crossEntropy", F.cross_entropy, logits, t5, {"labelSmoothing": ls},
            {"label_smoothing": ls}, r)
        run("crossEntropy", F.cross_entropy, logits, t5, {"labelSmoothing": ls, "weight": enc(wc)},
            {"label_smoothing": ls, "weight": wc}, r)
    run("crossEntropy", F.cross_entropy, logits[0], torch.tensor(3), {}, {}, r)
    run("crossEntropy", F.cross_entropy, torch.randn(2, 4, 3), torch.tensor([[0, 1, 3], [2, 2, 0]]),
        {"labelSmoothing": 0.2}, {"label_smoothing": 0.2}, r)
    run("crossEntropy", F.cross_entropy, big, torch.tensor([1, 0, 2]), {}, {}, r)
    run("crossEntropy", F.cross_entropy, big, torch.tensor([1, 0, 2]), {"labelSmoothing": 0.1},
        {"label_smoothing": 0.1}, r)
    # probability targets
    run("crossEntropy", F.cross_entropy, logits, probs, {}, {}, r)
    run("crossEntropy", F.cross_entropy, logits, probs, {"weight": enc(wc)}, {"weight": wc}, r)
    run("crossEntropy", F.cross_entropy, logits, probs, {"labelSmoothing": 0.3, "weight": enc(wc)},
        {"label_smoothing": 0.3, "weight": wc}, r)
    run("crossEntropy", F.cross_entropy, logits[2], probs[2], {}, {}, r)

# ---- softmax family ------------------------------------------------------------------------
activations = []
a = torch.randn(2, 3, 4) * 3
a[0, 0, 0] = 1e4
for dim in [0, 1, 2, -1]:
    for name, f in [("softmax", lambda v, d: torch.softmax(v, d)),
                    ("logSoftmax", lambda v, d: torch.log_softmax(v, d)),
                    ("logsumexp", lambda v, d: torch.logsumexp(v, d)),
                    ("logsumexpKeepdim", lambda v, d: torch.logsumexp(v, d, keepdim=True))]:
        v = a.clone().requires_grad_(True)
        out = f(v, dim)
        g = torch.randn(out.shape)
        (gi,) = torch.autograd.grad(out, v, g)
        activations.append({"name": name, "dim": dim, "input": enc(v), "value": enc(out),
                            "gradOutput": enc(g), "gradInput": enc(gi),
                            "gradFn": type(out.grad_fn).__name__})

out = {"generator": f"torch {torch.__version__}", "cases": cases, "activations": activations}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print(f"wrote {len(cases)} loss cases and {len(activations)} activation cases to {path}")
