"""Writes conformance/optim/fixtures.json: PyTorch's optimizer trajectories and LR schedules.

Run with the system Python that has PyTorch installed:

    /usr/bin/python3 conformance/optim/generate.py

Trajectories: a small least-squares problem in float64, loss = mse_loss(A @ w + c, b) with
parameters w (3,) and c (1,); each case builds the optimizer from `options`, runs six steps of
zero_grad / backward / step and records both parameters (and the loss) after every step. A
case may put w and c in two parameter groups with their own hyper-parameters.

The update rules of SGD, Adam and AdamW are the same in PyTorch 1.13 (which runs here) and
2.x, except that 2.x's Adam computes exp_avg with lerp_ where 1.13 uses mul_/add_ (the same
number up to a rounding, far below the 1e-10 the tests ask).

Schedules: the learning rates of two groups (base 0.1 and 0.03) over 16 epochs, read with
get_last_lr() after each optimizer.step() / scheduler.step().

Reruns may differ from the committed file by ~1e-14 relative (PyTorch's BLAS matrix-vector
product is not bitwise reproducible run to run); the tests ask for 1e-10.
"""

import json
import math
import os
import warnings

import torch
import torch.nn.functional as F

torch.manual_seed(7)
torch.set_default_dtype(torch.float64)

A = torch.randn(5, 3)
b = torch.randn(5)
W0 = torch.randn(3)
C0 = torch.randn(1)

KW = {"lr": "lr", "momentum": "momentum", "dampening": "dampening", "weightDecay": "weight_decay",
      "nesterov": "nesterov", "maximize": "maximize", "betas": "betas", "eps": "eps",
      "amsgrad": "amsgrad"}


def py(opts):
    return {KW[k]: (tuple(v) if k == "betas" else v) for k, v in opts.items()}


def trajectory(cls, options, group2=None, steps=6):
    w = W0.clone().requires_grad_(True)
    c = C0.clone().requires_grad_(True)
    if group2 is None:
        opt = cls([w, c], **py(options))
    else:
        opt = cls([{"params": [w]}, {"params": [c], **py(group2)}], **py(options))
    rows = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(A @ w + c, b)
        loss.backward()
        opt.step()
        rows.append({"loss": loss.item(), "w": w.detach().tolist(), "c": c.detach().tolist()})
    return rows


SGD_CASES = [
    {"lr": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.1, "momentum": 0.9, "dampening": 0.3},
    {"lr": 0.1, "weightDecay": 0.05},
    {"lr": 0.1, "momentum": 0.9, "nesterov": True},
    {"lr": 0.1, "momentum": 0.8, "nesterov": True, "weightDecay": 0.05},
    {"lr": 0.05, "maximize": True},
    {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 0.1, "maximize": True},
    {"lr": 0.1, "momentum": 0.5, "dampening": 0.5, "weightDecay": 0.01, "maximize": True},
]
ADAM_CASES = [
    {"lr": 0.1},
    {"lr": 0.1, "amsgrad": True},
    {"lr": 0.1, "weightDecay": 0.1},
    {"lr": 0.1, "maximize": True},
    {"lr": 0.05, "betas": [0.8, 0.9], "eps": 1e-3},
    {"lr": 0.1, "amsgrad": True, "weightDecay": 0.1, "maximize": True},
]
ADAMW_CASES = [
    {"lr": 0.1},
    {"lr": 0.1, "amsgrad": True},
    {"lr": 0.1, "weightDecay": 0.3},
    {"lr": 0.1, "maximize": True, "weightDecay": 0.05},
    {"lr": 0.05, "betas": [0.5, 0.6], "amsgrad": True, "weightDecay": 0.2},
]
GROUP_CASES = [
    ("SGD", torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}, {"lr": 0.02, "nesterov": True}),
    ("Adam", torch.optim.Adam, {"lr": 0.1}, {"lr": 0.01, "amsgrad": True}),
    ("AdamW", torch.optim.AdamW, {"lr": 0.1}, {"weightDecay": 0.5}),
]

trajectories = []
for name, cls, cases in [("SGD", torch.optim.SGD, SGD_CASES), ("Adam", torch.optim.Adam, ADAM_CASES),
                         ("AdamW", torch.optim.AdamW, ADAMW_CASES)]:
    for options in cases:
        trajectories.append({"optimizer": name, "options": options, "group2": None,
                             "steps": trajectory(cls, options)})
for name, cls, options, g2 in GROUP_CASES:
    trajectories.append({"optimizer": name, "options": options, "group2": g2,
                         "steps": trajectory(cls, options, g2)})


def schedule(make, epochs=16):
    w = torch.zeros(2, requires_grad=True)
    c = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [w]}, {"params": [c], "lr": 0.03}], lr=0.1)
    sched = make(opt)
    lrs = [sched.get_last_lr()]
    for _ in range(epochs):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
    return lrs


S = torch.optim.lr_scheduler
schedules = [
    {"scheduler": "StepLR", "options": {"stepSize": 3, "gamma": 0.5},
     "lrs": schedule(lambda o: S.StepLR(o, step_size=3, gamma=0.5))},
    {"scheduler": "StepLR", "options": {"stepSize": 1},
     "lrs": schedule(lambda o: S.StepLR(o, step_size=1))},
    {"scheduler": "ExponentialLR", "options": {"gamma": 0.9},
     "lrs": schedule(lambda o: S.ExponentialLR(o, gamma=0.9))},
    {"scheduler": "CosineAnnealingLR", "options": {"tMax": 5, "etaMin": 0.01},
     "lrs": schedule(lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.01))},
    {"scheduler": "CosineAnnealingLR", "options": {"tMax": 4},
     "lrs": schedule(lambda o: S.CosineAnnealingLR(o, T_max=4))},
    {"scheduler": "LambdaLR", "options": {"lambda": "0.95 ** epoch"},
     "lrs": schedule(lambda o: S.LambdaLR(o, lr_lambda=lambda e: 0.95 ** e))},
    {"scheduler": "LambdaLR", "options": {"lambda": ["1 / (epoch + 1)", "epoch // 3"]},
     "lrs": schedule(lambda o: S.LambdaLR(o, lr_lambda=[lambda e: 1 / (e + 1), lambda e: e // 3]))},
]

out = {"generator": f"torch {torch.__version__}",
       "problem": {"A": A.tolist(), "b": b.tolist(), "w0": W0.tolist(), "c0": C0.tolist()},
       "trajectories": trajectories, "schedules": schedules}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print(f"wrote {len(trajectories)} trajectories and {len(schedules)} schedules to {path}")
