"""Writes conformance/optim/fixtures.json: PyTorch's optimizer trajectories and LR schedules.

Run with the system Python that has PyTorch installed:

    /usr/bin/python3 conformance/optim/generate.py

Trajectories: a small least-squares problem, loss = mse_loss(A @ w + c, b) with parameters
w (3,) and c (1,), in float64 and in float32 (the same numbers rounded; the default dtype is
set to the problem's, so scalar state such as NAdam's mu_product has that precision too). Each
case builds the optimizer from `options`, runs six steps of zero_grad / backward / step and
records both parameters (and the loss) after every step. A case may put w and c in two
parameter groups with their own hyper-parameters. LBFGS runs three step(closure) calls on a
non-linear problem, loss = mse_loss(tanh(A @ w + c), bt), recording the returned loss, the
parameters and the counts func_evals / n_iter, the loss after the last step, and whether the path is `stable`: unchanged
(to 1e-9 in float64, 1e-4 in float32) when the loss is computed with its sum in another order,
and not a float32 line search (see STABLE below); other cases are compared on their losses.

PyTorch 1.13 (which runs here) and 2.x:
- SGD, Adam, AdamW, RMSprop, Adagrad, Adamax, LBFGS: the same update rules. 2.x computes
  running averages with lerp_ where 1.13 uses mul_/add_ (Adam's exp_avg, Adamax's exp_avg,
  centered RMSprop's grad_avg), and Adamax's infinity norm with maximum instead of cat/amax:
  the same numbers up to a rounding, far below the float64 tolerance.
- LBFGS with a line search: 2.x gives `_strong_wolfe` only the evaluations left of `max_eval`
  in the step (`max_ls=max_eval - current_evals`), 1.13 always 25; those cases run LBFGS2
  below (1.13's LBFGS with 2.x's bound; `reference` says so).
- NAdam and RAdam: 1.13 has neither decoupled_weight_decay nor maximize, and 1.13's NAdam
  computes the second term's mu_product_next as mu_product * mu * mu_next (fixed in 2.0). Their
  trajectories are computed by NAdam2 / RAdam2 below: PyTorch 2.x's _single_tensor_nadam and
  _single_tensor_radam transcribed with torch ops (each case says so in `reference`). RAdam2 is
  checked here against 1.13's RAdam where they agree (no maximize, no decoupled decay).
- Defaults are the 2.x ones (the tests pass every option that matters explicitly anyway).

Schedules: the learning rates of two groups (base 0.1 and 0.03) over 16 epochs, read with
get_last_lr() after each optimizer.step() / scheduler.step() (ReduceLROnPlateau: step(metric)
with the case's metrics; CosineAnnealingWarmRestarts may step to given, fractional epochs).
OneCycleLR cases also record each group's momentum (SGD) or betas[0] (Adam). `addGroupAt`
cases add a third group (lr 0.05) after that many epochs and record its rate too (PyTorch
gives a later group no initial_lr and does not extend base_lrs); OneCycleLR's next step then
raises KeyError: 'initial_lr', recorded as `error`.

Reruns may differ from the committed file by ~1e-14 relative (PyTorch's BLAS matrix-vector
product is not bitwise reproducible run to run); the tests ask for far less.
"""

import json
import os
import re
import warnings

import torch
import torch.optim.lbfgs as lbfgs_module
import torch.nn.functional as F

warnings.simplefilter("ignore")
torch.manual_seed(7)
torch.set_default_dtype(torch.float64)

A = torch.randn(5, 3)
b = torch.randn(5)
W0 = torch.randn(3)
C0 = torch.randn(1)
BT = 0.5 * torch.tanh(b)
DTYPES = {"float64": torch.float64, "float32": torch.float32}


def snake(name):
    special = {"tMax": "T_max", "t0": "T_0", "tMult": "T_mult"}
    return special.get(name) or re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def py(opts):
    return {snake(k): (tuple(v) if k == "betas" else v) for k, v in opts.items()}


def scalar_dtype():
    return torch.float64 if torch.get_default_dtype() == torch.float64 else torch.float32


class Transcribed(torch.optim.Optimizer):
    """What 2.x's _single_tensor_nadam and _single_tensor_radam share: lazy state (step as a
    tensor of the default dtype, zero moments), maximize, the step count, then L2 or decoupled
    weight decay. A subclass's update() does the rest of one parameter's step."""

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, wd = group["lr"], group["weight_decay"]
            for param in group["params"]:
                if param.grad is None:
                    continue
                state = self.state[param]
                if len(state) == 0:
                    state["step"] = torch.tensor(0.0, dtype=scalar_dtype())
                    state["exp_avg"] = torch.zeros_like(param)
                    state["exp_avg_sq"] = torch.zeros_like(param)
                    self.init_state(state)
                grad = param.grad if not group["maximize"] else -param.grad
                state["step"] += 1
                if wd != 0:
                    if group["decoupled_weight_decay"]:
                        param.mul_(1 - lr * wd)
                    else:
                        grad = grad.add(param, alpha=wd)
                self.update(group, param, grad, state, state["step"].item())

    def init_state(self, state):
        pass


class NAdam2(Transcribed):
    """PyTorch 2.x's NAdam: _single_tensor_nadam, transcribed op for op."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, maximize=False):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, maximize=maximize,
                                      decoupled_weight_decay=decoupled_weight_decay))

    def init_state(self, state):
        state["mu_product"] = torch.ones((), dtype=scalar_dtype())

    def update(self, group, param, grad, state, step):
        beta1, beta2 = group["betas"]
        lr, eps, psi = group["lr"], group["eps"], group["momentum_decay"]
        exp_avg, exp_avg_sq, mu_product = state["exp_avg"], state["exp_avg_sq"], state["mu_product"]
        bias_correction2 = 1 - beta2 ** step
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
        mu_product *= mu
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = exp_avg_sq.div(bias_correction2).sqrt()
        mu_product_next = mu_product.item() * mu_next
        denom.add_(eps)
        param.addcdiv_(grad, denom, value=(-lr * (1.0 - mu) / (1.0 - mu_product.item())))
        param.addcdiv_(exp_avg, denom, value=(-lr * mu_next) / (1.0 - mu_product_next))


class RAdam2(Transcribed):
    """PyTorch 2.x's RAdam: _single_tensor_radam, transcribed op for op."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, maximize=False):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize))

    def update(self, group, param, grad, state, step):
        beta1, beta2 = group["betas"]
        lr, eps = group["lr"], group["eps"]
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        bias_corrected_exp_avg = exp_avg / bias_correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive_lr = (bias_correction2 ** 0.5) / exp_avg_sq.sqrt().add_(eps)
            param.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1.0)
        else:
            param.add_(bias_corrected_exp_avg * lr, alpha=-1.0)


O = torch.optim
OPTIMIZERS = {
    "SGD": (O.SGD, "torch 1.13"),
    "Adam": (O.Adam, "torch 1.13"),
    "AdamW": (O.AdamW, "torch 1.13"),
    "RMSprop": (O.RMSprop, "torch 1.13"),
    "Adagrad": (O.Adagrad, "torch 1.13"),
    "Adamax": (O.Adamax, "torch 1.13"),
    "NAdam": (NAdam2, "PyTorch 2.x _single_tensor_nadam, transcribed in generate.py"),
    "RAdam": (RAdam2, "PyTorch 2.x _single_tensor_radam, transcribed in generate.py"),
}


def problem(dtype):
    d = DTYPES[dtype]
    return A.to(d), b.to(d), W0.to(d), C0.to(d)


def trajectory(cls, options, group2, dtype, steps=6):
    torch.set_default_dtype(DTYPES[dtype])
    a, bb, w0, c0 = problem(dtype)
    w = w0.clone().requires_grad_(True)
    c = c0.clone().requires_grad_(True)
    if group2 is None:
        opt = cls([w, c], **py(options))
    else:
        opt = cls([{"params": [w]}, {"params": [c], **py(group2)}], **py(options))
    rows = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(a @ w + c, bb)
        loss.backward()
        opt.step()
        rows.append({"loss": loss.item(), "w": w.detach().tolist(), "c": c.detach().tolist()})
    torch.set_default_dtype(torch.float64)
    return rows


CASES = {
    "SGD": [
        {"lr": 0.1},
        {"lr": 0.1, "momentum": 0.9},
        {"lr": 0.1, "momentum": 0.9, "dampening": 0.3},
        {"lr": 0.1, "weightDecay": 0.05},
        {"lr": 0.1, "momentum": 0.9, "nesterov": True},
        {"lr": 0.1, "momentum": 0.8, "nesterov": True, "weightDecay": 0.05},
        {"lr": 0.05, "maximize": True},
        {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 0.1, "maximize": True},
        {"lr": 0.1, "momentum": 0.5, "dampening": 0.5, "weightDecay": 0.01, "maximize": True},
    ],
    "Adam": [
        {"lr": 0.1},
        {"lr": 0.1, "amsgrad": True},
        {"lr": 0.1, "weightDecay": 0.1},
        {"lr": 0.1, "maximize": True},
        {"lr": 0.05, "betas": [0.8, 0.9], "eps": 1e-3},
        {"lr": 0.1, "amsgrad": True, "weightDecay": 0.1, "maximize": True},
    ],
    "AdamW": [
        {"lr": 0.1},
        {"lr": 0.1, "amsgrad": True},
        {"lr": 0.1, "weightDecay": 0.3},
        {"lr": 0.1, "maximize": True, "weightDecay": 0.05},
        {"lr": 0.05, "betas": [0.5, 0.6], "amsgrad": True, "weightDecay": 0.2},
    ],
    "RMSprop": [
        {"lr": 0.01},
        {"lr": 0.01, "alpha": 0.9, "momentum": 0.8},
        {"lr": 0.01, "centered": True},
        {"lr": 0.02, "alpha": 0.5, "centered": True, "momentum": 0.5, "weightDecay": 0.1},
        {"lr": 0.01, "eps": 1e-3, "weightDecay": 0.05, "maximize": True},
        {"lr": 0.01, "centered": True, "momentum": 0.9, "maximize": True},
    ],
    "Adagrad": [
        {"lr": 0.1},
        {"lr": 0.1, "lrDecay": 0.3},
        {"lr": 0.1, "initialAccumulatorValue": 0.5, "eps": 1e-3},
        {"lr": 0.1, "weightDecay": 0.1, "maximize": True},
        {"lr": 0.2, "lrDecay": 0.1, "weightDecay": 0.05, "initialAccumulatorValue": 0.1},
    ],
    "Adamax": [
        {"lr": 0.1},
        {"lr": 0.1, "betas": [0.5, 0.7], "eps": 1e-3},
        {"lr": 0.1, "weightDecay": 0.1},
        {"lr": 0.05, "maximize": True, "weightDecay": 0.02},
    ],
    "NAdam": [
        {"lr": 0.1},
        {"lr": 0.1, "momentumDecay": 0.1},
        {"lr": 0.1, "weightDecay": 0.1},
        {"lr": 0.1, "weightDecay": 0.3, "decoupledWeightDecay": True},
        {"lr": 0.05, "betas": [0.8, 0.9], "eps": 1e-3, "maximize": True},
        {"lr": 0.05, "weightDecay": 0.1, "decoupledWeightDecay": True, "maximize": True},
    ],
    "RAdam": [
        {"lr": 0.1},
        {"lr": 0.1, "betas": [0.5, 0.6]},
        {"lr": 0.1, "betas": [0.5, 0.6], "weightDecay": 0.1},
        {"lr": 0.1, "betas": [0.5, 0.6], "weightDecay": 0.3, "decoupledWeightDecay": True},
        {"lr": 0.05, "betas": [0.6, 0.7], "eps": 1e-3, "maximize": True},
        {"lr": 0.1, "betas": [0.5, 0.6], "weightDecay": 0.1, "decoupledWeightDecay": True,
         "maximize": True},
    ],
}
GROUP_CASES = [
    ("SGD", {"lr": 0.1, "momentum": 0.9}, {"lr": 0.02, "nesterov": True}),
    ("Adam", {"lr": 0.1}, {"lr": 0.01, "amsgrad": True}),
    ("AdamW", {"lr": 0.1}, {"weightDecay": 0.5}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5}, {"lr": 0.05, "centered": True}),
    ("Adagrad", {"lr": 0.1}, {"lrDecay": 0.5, "initialAccumulatorValue": 1.0}),
    ("Adamax", {"lr": 0.1}, {"lr": 0.02, "betas": [0.5, 0.5]}),
    ("NAdam", {"lr": 0.1}, {"weightDecay": 0.2, "decoupledWeightDecay": True}),
    ("RAdam", {"lr": 0.1, "betas": [0.5, 0.6]}, {"lr": 0.05, "maximize": True}),
]

# The transcription of RAdam agrees with 1.13's RAdam where 1.13 has the options.
for case in CASES["RAdam"][:3]:
    mine = trajectory(RAdam2, case, None, "float64")
    ref = trajectory(O.RAdam, case, None, "float64")
    for s, r in zip(mine, ref):
        for k in ("w", "c"):
            assert all(abs(x - y) <= 1e-12 * max(1, abs(y)) for x, y in zip(s[k], r[k])), (case, s, r)

trajectories = []
for dtype in DTYPES:
    for name, cases in CASES.items():
        cls, ref = OPTIMIZERS[name]
        for options in cases:
            trajectories.append({"optimizer": name, "dtype": dtype, "options": options,
                                 "group2": None, "reference": ref,
                                 "steps": trajectory(cls, options, None, dtype)})
    for name, options, g2 in GROUP_CASES:
        cls, ref = OPTIMIZERS[name]
        trajectories.append({"optimizer": name, "dtype": dtype, "options": options, "group2": g2,
                             "reference": ref, "steps": trajectory(cls, options, g2, dtype)})


LBFGS_CASES = [
    ("tanh", {}),
    ("tanh", {"lineSearchFn": "strong_wolfe"}),
    ("tanh", {"maxIter": 6, "historySize": 3}),
    ("tanh", {"lr": 0.5, "maxIter": 5, "historySize": 2, "lineSearchFn": "strong_wolfe"}),
    ("tanh", {"maxIter": 30, "maxEval": 12, "toleranceGrad": 1e-4, "lineSearchFn": "strong_wolfe"}),
    ("linear", {"lineSearchFn": "strong_wolfe"}),
    ("linear", {"lr": 0.1, "maxIter": 4}),
    # the line search may use only the evaluations left of max_eval (none with maxIter 1)
    ("tanh", {"lr": 0.1, "maxIter": 1, "lineSearchFn": "strong_wolfe"}),
    ("linear", {"lr": 0.1, "maxIter": 2, "lineSearchFn": "strong_wolfe"}),
]


class LBFGS2(O.LBFGS):
    """PyTorch 2.x's LBFGS on 1.13's: 2.x gives the line search only the evaluations the step has
    left (`max_ls=max_eval - current_evals`), where 1.13 always allows 25. Otherwise the same."""

    def step(self, closure):
        group = self.param_groups[0]
        used = [1]  # current_evals: the step's first closure call
        orig = lbfgs_module._strong_wolfe

        def wolfe(*args, **kw):
            out = orig(*args, max_ls=group["max_eval"] - used[0], **kw)
            used[0] += out[3]
            return out

        lbfgs_module._strong_wolfe = wolfe
        try:
            return super().step(closure)
        finally:
            lbfgs_module._strong_wolfe = orig


def lbfgs_trajectory(kind, options, dtype, steps=3, perturbed=False):
    torch.set_default_dtype(DTYPES[dtype])
    a, bb, w0, c0 = problem(dtype)
    bt = BT.to(DTYPES[dtype])
    w = w0.clone().requires_grad_(True)
    c = c0.clone().requires_grad_(True)
    opt = LBFGS2([w, c], **py(options))

    def closure():
        opt.zero_grad()
        # perturbed: the same product summed in another order (a last-bit change of the loss)
        z = (a * w).sum(1) + c if perturbed else a @ w + c
        loss = F.mse_loss(torch.tanh(z), bt) if kind == "tanh" else F.mse_loss(z, bb)
        loss.backward()
        return loss

    rows = []
    for _ in range(steps):
        loss = opt.step(closure)
        st = opt.state[w]
        rows.append({"loss": float(loss), "w": w.detach().tolist(), "c": c.detach().tolist(),
                     "funcEvals": st["func_evals"], "nIter": st["n_iter"]})
    final = float(closure())
    torch.set_default_dtype(torch.float64)
    return rows, final


# Whether a path is reproducible at all: PyTorch's own path, with the loss's last bits changed
# (a long fixed-step run on the tanh problem is not). A float32 line search is not compared on
# its path either: PyTorch computes its scalars (slopes, step lengths, the cubic interpolation's
# d1**2 - g1 * g2, which cancels) as float32 tensors mixed with Python floats, and its path
# follows those roundings. Such cases are compared on the loss they reach (`finalLoss`).
STABLE = {"float64": 1e-9, "float32": 1e-4}

for dtype in DTYPES:
    for kind, options in LBFGS_CASES:
        steps, final = lbfgs_trajectory(kind, options, dtype)
        other, _ = lbfgs_trajectory(kind, options, dtype, perturbed=True)
        stable = all(abs(x - y) <= STABLE[dtype] * max(1, abs(y))
                     for s, o in zip(steps, other) for x, y in zip(s["w"] + s["c"], o["w"] + o["c"]))
        stable = stable and not (dtype == "float32" and "lineSearchFn" in options)
        trajectories.append({"optimizer": "LBFGS", "dtype": dtype, "problem": kind,
                             "options": options, "group2": None,
                             "reference": "LBFGS2" if "lineSearchFn" in options else "torch 1.13",
                             "stable": stable, "steps": steps, "finalLoss": final})


S = torch.optim.lr_scheduler
METRICS = [5, 4, 4.1, 4, 3.9995, 4, 3, 3, 3, 3.5, 2, 2, 2, 2, 2, 2]
RISING = [1, 2, 2.05, 2.05, 2.2, 2.1, 2.1, 2.1, 3, 3, 3.05, 3, 3, 3, 3, 3]
WARM_EPOCHS = [0.5, 1, 1.5, 2.25, 7, 3.5, 4, 9.75, 10, 0, 1, 2.5, 3, 20, 21.5, 22]


def build(name, o, opt):
    """A scheduler from its (descent-spelled) options; SequentialLR's are nested specs."""
    if name == "LambdaLR":
        fns = {"0.95 ** epoch": lambda e: 0.95 ** e, "1 / (epoch + 1)": lambda e: 1 / (e + 1),
               "epoch // 3": lambda e: e // 3}
        lam = o["lambda"]
        return S.LambdaLR(opt, lr_lambda=[fns[x] for x in lam] if isinstance(lam, list) else fns[lam])
    if name == "SequentialLR":
        subs = [build(n, so, opt) for n, so in o["schedulers"]]
        return S.SequentialLR(opt, schedulers=subs, milestones=o["milestones"])
    return getattr(S, name)(opt, **py(o))


def schedule(name, options, opt_name="SGD", metrics=None, epochs=None, add_group_at=None, n=16):
    w = torch.zeros(2, requires_grad=True)
    c = torch.zeros(1, requires_grad=True)
    cls = O.Adam if opt_name == "Adam" else O.SGD
    opt = cls([{"params": [w]}, {"params": [c], "lr": 0.03}], lr=0.1)
    sched = build(name, options, opt)
    # 1.13's ReduceLROnPlateau has no get_last_lr (2.x has): read the groups.
    def last_lr():
        return [g["lr"] for g in opt.param_groups] if name == "ReduceLROnPlateau" else sched.get_last_lr()

    lrs = [last_lr()]
    momenta = []

    def record_momentum():
        if name == "OneCycleLR":
            momenta.append([g["betas"][0] if opt_name == "Adam" else g["momentum"]
                            for g in opt.param_groups])

    record_momentum()
    out = {}
    for e in range(n):
        if add_group_at is not None and e == add_group_at:
            opt.add_param_group({"params": [torch.zeros(1, requires_grad=True)], "lr": 0.05})
        opt.step()
        try:
            if metrics is not None:
                sched.step(metrics[e])
            elif epochs is not None:
                sched.step(epochs[e])
            else:
                sched.step()
        except KeyError as err:
            out["error"] = f"KeyError: {err}"
            out["errorAt"] = e
            break
        lrs.append(last_lr())
        record_momentum()
    out["lrs"] = lrs
    if momenta:
        out["momenta"] = momenta
    return out


SCHEDULES = [
    ("StepLR", {"stepSize": 3, "gamma": 0.5}, {}),
    ("StepLR", {"stepSize": 1}, {}),
    ("MultiStepLR", {"milestones": [2, 5, 5, 9], "gamma": 0.5}, {}),
    ("ExponentialLR", {"gamma": 0.9}, {}),
    ("LinearLR", {}, {}),
    ("LinearLR", {"startFactor": 0.25, "endFactor": 0.9, "totalIters": 6}, {}),
    ("CosineAnnealingLR", {"tMax": 5, "etaMin": 0.01}, {}),
    ("CosineAnnealingLR", {"tMax": 4}, {}),
    ("LambdaLR", {"lambda": "0.95 ** epoch"}, {}),
    ("LambdaLR", {"lambda": ["1 / (epoch + 1)", "epoch // 3"]}, {}),
    ("CosineAnnealingWarmRestarts", {"t0": 3}, {}),
    ("CosineAnnealingWarmRestarts", {"t0": 2, "tMult": 2, "etaMin": 0.001}, {}),
    ("CosineAnnealingWarmRestarts", {"t0": 2, "tMult": 3, "etaMin": 0.005}, {"epochs": WARM_EPOCHS}),
    ("CosineAnnealingWarmRestarts", {"t0": 3}, {"epochs": WARM_EPOCHS}),
    ("OneCycleLR", {"maxLr": [1, 0.3], "totalSteps": 16}, {}),
    ("OneCycleLR", {"maxLr": 0.5, "epochs": 4, "stepsPerEpoch": 4, "annealStrategy": "linear",
                    "threePhase": True, "pctStart": 0.25, "divFactor": 10, "finalDivFactor": 100,
                    "baseMomentum": [0.8, 0.7], "maxMomentum": 0.9}, {"optimizer": "Adam"}),
    ("OneCycleLR", {"maxLr": 0.2, "totalSteps": 20, "cycleMomentum": False}, {}),
    ("ReduceLROnPlateau", {"patience": 2, "factor": 0.5}, {"metrics": METRICS}),
    ("ReduceLROnPlateau", {"patience": 0, "factor": 0.5, "threshold": 0.01, "cooldown": 1,
                           "minLr": [0.02, 0.01]}, {"metrics": METRICS}),
    ("ReduceLROnPlateau", {"mode": "max", "patience": 1, "threshold": 0.1, "thresholdMode": "abs",
                           "cooldown": 2, "minLr": 0.005, "eps": 0.02}, {"metrics": RISING}),
    ("SequentialLR", {"schedulers": [["LinearLR", {"startFactor": 0.5, "totalIters": 3}],
                                     ["ExponentialLR", {"gamma": 0.8}]], "milestones": [4]}, {}),
    ("SequentialLR", {"schedulers": [["StepLR", {"stepSize": 2, "gamma": 0.5}],
                                     ["CosineAnnealingLR", {"tMax": 4, "etaMin": 0.001}],
                                     ["MultiStepLR", {"milestones": [1, 3]}]],
                      "milestones": [3, 9]}, {}),
]
ADD_GROUP = [
    ("StepLR", {"stepSize": 3, "gamma": 0.5}),
    ("MultiStepLR", {"milestones": [2, 5, 5, 9], "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("LinearLR", {"startFactor": 0.25, "endFactor": 0.9, "totalIters": 6}),
    ("CosineAnnealingLR", {"tMax": 5, "etaMin": 0.01}),
    ("LambdaLR", {"lambda": "0.95 ** epoch"}),
    ("CosineAnnealingWarmRestarts", {"t0": 3}),
    ("OneCycleLR", {"maxLr": [1, 0.3], "totalSteps": 16}),
    ("SequentialLR", {"schedulers": [["LinearLR", {"startFactor": 0.5, "totalIters": 3}],
                                     ["ExponentialLR", {"gamma": 0.8}]], "milestones": [4]}),
]

schedules = []
for name, options, extra in SCHEDULES:
    got = schedule(name, options, opt_name=extra.get("optimizer", "SGD"),
                   metrics=extra.get("metrics"), epochs=extra.get("epochs"))
    schedules.append({"scheduler": name, "options": options, **extra, **got})
for name, options in ADD_GROUP:
    schedules.append({"scheduler": name, "options": options, "addGroupAt": 3,
                      **schedule(name, options, add_group_at=3)})

out = {"generator": f"torch {torch.__version__}",
       "problem": {"A": A.tolist(), "b": b.tolist(), "w0": W0.tolist(), "c0": C0.tolist(),
                   "bt": BT.tolist()},
       "trajectories": trajectories, "schedules": schedules}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print(f"wrote {len(trajectories)} trajectories and {len(schedules)} schedules to {path}")
