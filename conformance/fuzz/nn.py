"""Differential fuzzing of @descent/nn, @descent/losses and @descent/optim against PyTorch 2.x.

Random configurations (seeded) of the layers with random parameters and buffers, on unbatched,
empty, transposed ("t") and strided ("s") inputs that sometimes hold NaN, ±inf, -0 or huge values
(forward value, gradFn, the gradients of the input and of every parameter, second derivatives,
running statistics after the forward; Dropout in training from the same seed), of every loss with
its options and sometimes a target of the other float dtype (values, gradients of input and
target, second derivatives), of the optimizers with learning-rate schedulers (chained,
SequentialLR, ReduceLROnPlateau, OneCycleLR), parameter groups and missing gradients over several
steps (the parameters and every group's learning rate after each step; descent also rebuilds the
optimizer and schedulers from their state dicts midway), and of the functional conv-transpose,
interpolate, attention, add-product, matmul and linalg (det, inv, solve, cholesky, svdvals,
matrix_norm) ops, and of clip_grad_norm_ / clip_grad_value_. About one case in ten is an invalid variant that
must throw where PyTorch throws. Writes
`nn.json` beside this file (or the path given with `--out`), which `conformance/fuzz_nn_test.ts`
replays (and `deno run --allow-read conformance/fuzz/nn_replay.ts FILE [--texts]` any other).

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/fuzz/nn.py [--seed S] [--n N] [--out F]
        [--kinds layer,loss,optim,fn,clip] [--big K] [--first-only]

`--n` is the number of cases of each kind (layer, loss, optim, fn, clip; default 95, 65, 55, 65
and 20), `--big` makes sizes up to K times larger; the committed fixture is the default (seed 0).

Left out, as differences outside this area, deliberate ones or PyTorch quirks: float32 values
near 1e30 in normalization layers and gradient clipping (PyTorch's float32 sums of squares
overflow to inf; descent accumulates in float64), a parameter of size 0 (descent's
in-place copy into an empty tensor throws), a Flatten of a strided view (PyTorch records
ReshapeAliasBackward0), conv_transpose outputs of size 0 (PyTorch's mkldnn path gives an empty
tensor where its other paths refuse), addmv of an empty product with a broadcast input (PyTorch
returns it unbroadcast), max pools with a window entirely in the padding (PyTorch's backward
writes out of bounds), and float32 LBFGS (a path that follows PyTorch's float32 scalars)."""

import argparse
import json
import math
import os
import random
import sys
import warnings

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from in_2x import grad_fn_name, raised  # noqa: E402
from json_values import values  # noqa: E402

R = random.Random(0)


def error_text(e):
    """What PyTorch raised: its class and its text up to the C++ traceback."""
    return f"{type(e).__name__}: {str(e).split(chr(10) + 'Exception raised from')[0]}"


def outcome(case, out, req):
    """Records `out` and the gradients of `req` for a random cotangent (with second derivatives),
    or the error of the backward; returns `case`."""
    case["output"] = {**enc(out), "gradFn": grad_fn_name(out)}
    cot = torch.randn(out.shape, dtype=torch.float64).to(out.dtype)
    try:
        gs = torch.autograd.grad([out], req, [cot], allow_unused=True, create_graph=True)
    except Exception as e:  # noqa: BLE001
        case["gradError"] = error_text(e)
        return case
    case["cotangent"] = values(cot)
    case["grads"] = [None if g is None else values(g) for g in gs]
    second_order(case, req, gs)
    return case


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype)[6:], "values": values(t)}


def special(t):
    """Sprinkles a few special values (NaN, ±inf, -0, huge, tiny) into a float tensor, sometimes."""
    if t.numel() == 0 or R.random() < 0.75:
        return t
    flat = t.reshape(-1).clone()
    for _ in range(R.randint(1, 2)):
        flat[R.randrange(flat.numel())] = R.choice([math.nan, math.inf, -math.inf, -0.0, 0.0, 1e30, -1e-30])
    return flat.reshape(t.shape)


def randn(shape, dtype, spec=False):
    t = torch.randn(shape, dtype=torch.float64).to(dtype)
    if R.random() < 0.2:  # ties (pooling, max)
        t = torch.round(t * 2) / 2
    return special(t) if spec else t


def choice(*xs):
    return R.choice(xs)


def pair_or_int(lo, hi, nd):
    if nd == 1 or R.random() < 0.5:
        return R.randint(lo, hi)
    return [R.randint(lo, hi) for _ in range(nd)]


def as_list(v, nd):
    return list(v) if isinstance(v, (list, tuple)) else [v] * nd


def second_order(case, req, gs):
    """Records (unless --first-only) the gradients of Σ gᵢ·wᵢ (the first-order gradients gᵢ, random wᵢ)
    with respect to the same inputs, where PyTorch has second derivatives (else its error, which
    descent need not share)."""
    if not SECOND[0]:
        return
    ws = [torch.randn(g.shape, dtype=torch.float64).to(g.dtype) if g is not None and g.requires_grad else None
          for g in gs]
    terms = [(g * w).sum() for g, w in zip(gs, ws) if w is not None]
    if not terms:
        return
    try:
        gg = torch.autograd.grad(sum(terms), req, allow_unused=True)
    except Exception as e:  # noqa: BLE001
        case["secondError"] = str(e).split(chr(10))[0]
        return
    case["second"] = {"w": [None if w is None else values(w) for w in ws],
                      "gg": [None if g is None or g._is_zerotensor() else values(g) for g in gg]}


SECOND = [False]


# ---------------------------------------------------------------------------------------------
# Layers: `args` is what both sides build the layer from.


def build(layer, a, dtype):
    """The PyTorch layer of `layer` with args `a` (descent's test builds the same from `a`)."""
    kw = {"dtype": dtype}
    if layer == "Linear":
        return nn.Linear(a["in"], a["out"], bias=a["bias"], **kw)
    if layer == "Bilinear":
        return nn.Bilinear(a["in1"], a["in2"], a["out"], bias=a["bias"], **kw)
    if layer in ("Conv1d", "Conv2d"):
        cls = nn.Conv1d if layer == "Conv1d" else nn.Conv2d
        return cls(a["cin"], a["cout"], a["k"], stride=a["stride"], padding=a["padding"], dilation=a["dilation"],
                   groups=a["groups"], bias=a["bias"], padding_mode=a["mode"], **kw)
    if layer in ("MaxPool1d", "MaxPool2d"):
        cls = nn.MaxPool1d if layer == "MaxPool1d" else nn.MaxPool2d
        return cls(a["k"], stride=a["stride"], padding=a["padding"], dilation=a["dilation"], ceil_mode=a["ceil"])
    if layer == "AvgPool1d":
        return nn.AvgPool1d(a["k"], stride=a["stride"], padding=a["padding"], ceil_mode=a["ceil"],
                            count_include_pad=a["cip"])
    if layer == "AvgPool2d":
        return nn.AvgPool2d(a["k"], stride=a["stride"], padding=a["padding"], ceil_mode=a["ceil"],
                            count_include_pad=a["cip"], divisor_override=a["div"])
    if layer == "AdaptiveAvgPool2d":
        return nn.AdaptiveAvgPool2d(a["size"])
    if layer == "AdaptiveMaxPool2d":
        return nn.AdaptiveMaxPool2d(a["size"])
    if layer == "LayerNorm":
        return nn.LayerNorm(a["shape"], eps=a["eps"], elementwise_affine=a["affine"], bias=a["bias"], **kw)
    if layer == "BatchNorm1d":
        return nn.BatchNorm1d(a["n"], eps=a["eps"], momentum=a["momentum"], affine=a["affine"],
                              track_running_stats=a["track"], **kw)
    if layer == "Embedding":
        return nn.Embedding(a["n"], a["dim"], padding_idx=a["pad"], **kw)
    if layer == "Dropout":
        return nn.Dropout(a["p"])
    if layer == "ReLU":
        return nn.ReLU()
    if layer == "LeakyReLU":
        return nn.LeakyReLU(a["slope"])
    if layer == "GELU":
        return nn.GELU(approximate=a["approximate"])
    if layer == "SiLU":
        return nn.SiLU()
    if layer == "Sigmoid":
        return nn.Sigmoid()
    if layer == "Tanh":
        return nn.Tanh()
    if layer == "Softmax":
        return nn.Softmax(a["dim"])
    if layer == "LogSoftmax":
        return nn.LogSoftmax(a["dim"])
    if layer == "Flatten":
        return nn.Flatten(a["start"], a["end"])
    raise ValueError(layer)


BIG = [1]  # --big: sizes up to this many times larger (past the kernels' small-size paths)


def spatial(nd, lo=1, hi=7):
    return [R.randint(lo, hi * BIG[0]) for _ in range(nd)]


def layer_config():
    """A random layer, its args and the shapes (and dtypes) of its inputs."""
    layer = choice("Linear", "Bilinear", "Conv1d", "Conv2d", "Conv1d", "Conv2d", "MaxPool1d", "MaxPool2d",
                   "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "LayerNorm", "BatchNorm1d",
                   "Embedding", "Dropout", "ReLU", "LeakyReLU", "GELU", "SiLU", "Sigmoid", "Tanh", "Softmax",
                   "LogSoftmax", "Flatten")
    batch = [] if R.random() < 0.25 else [R.randint(0 if R.random() < 0.05 else 1, 3)]
    if layer == "Linear":
        a = {"in": R.randint(1, 5), "out": R.randint(1, 4), "bias": R.random() < 0.7}
        lead = [R.randint(1, 3) for _ in range(R.randint(0, 2))]
        return layer, a, [lead + [a["in"]]]
    if layer == "Bilinear":
        a = {"in1": R.randint(1, 4), "in2": R.randint(1, 4), "out": R.randint(1, 3), "bias": R.random() < 0.7}
        lead = [R.randint(1, 3) for _ in range(R.randint(0, 1))]
        return layer, a, [lead + [a["in1"]], lead + [a["in2"]]]
    if layer.startswith("Conv"):
        nd = 1 if layer == "Conv1d" else 2
        groups = choice(1, 1, 2, 3)
        cin, cout = groups * R.randint(1, 2 * BIG[0]), groups * R.randint(1, 2 * BIG[0])
        mode = choice("zeros", "zeros", "reflect", "replicate", "circular")
        padding = choice(0, "valid", "same", pair_or_int(0, 2, nd))
        stride = 1 if padding == "same" else pair_or_int(1, 3, nd)
        a = {"cin": cin, "cout": cout, "k": pair_or_int(1, 3, nd), "stride": stride, "padding": padding,
             "dilation": pair_or_int(1, 2, nd), "groups": groups, "bias": R.random() < 0.7, "mode": mode}
        return layer, a, [batch + [cin] + spatial(nd, 2 if mode != "zeros" else 1, 7)]
    if "Pool" in layer and "Adaptive" not in layer:
        nd = 1 if layer.endswith("1d") else 2
        k = pair_or_int(1, 3, nd)
        kl = as_list(k, nd)
        a = {"k": k, "stride": choice(None, pair_or_int(1, 3, nd)),
             "padding": R.randint(0, min(kl) // 2) if nd == 1 or R.random() < 0.5
             else [R.randint(0, kk // 2) for kk in kl],
             "ceil": R.random() < 0.5}
        if layer.startswith("Max"):
            a["dilation"] = pair_or_int(1, 2, nd)
        else:
            a["cip"] = R.random() < 0.5
            if nd == 2:
                a["div"] = choice(None, None, R.randint(1, 5))
        c = R.randint(1, 3)
        return layer, a, [batch + [c] + spatial(nd, 1, 7)]
    if layer.startswith("Adaptive"):
        size = choice(R.randint(1, 4), [R.randint(1, 4), R.randint(1, 4)], [None, R.randint(1, 4)])
        return layer, {"size": size}, [batch + [R.randint(1, 2)] + spatial(2, 1, 7)]
    if layer == "LayerNorm":
        shape = [R.randint(1, 4) for _ in range(R.randint(1, 2))]
        a = {"shape": shape, "eps": choice(1e-5, 1e-3, 0.1), "affine": R.random() < 0.7, "bias": R.random() < 0.7}
        return layer, a, [[R.randint(1, 3) for _ in range(R.randint(0, 2))] + shape]
    if layer == "BatchNorm1d":
        n = R.randint(1, 4)
        a = {"n": n, "eps": choice(1e-5, 1e-3), "momentum": choice(0.1, 0.5, None), "affine": R.random() < 0.7,
             "track": R.random() < 0.8}
        shape = [choice(0, 1, 2, 3, 4) if R.random() < 0.2 else R.randint(2, 4), n] + \
            ([R.randint(1, 4)] if R.random() < 0.4 else [])
        return layer, a, [shape]
    if layer == "Embedding":
        n = R.randint(1, 6)
        a = {"n": n, "dim": R.randint(1, 4), "pad": choice(None, R.randint(-n, n - 1))}
        return layer, a, [[R.randint(1, 4) for _ in range(R.randint(0, 2))]]
    shape = [R.randint(1, 4) for _ in range(R.randint(0, 3))]
    a = {}
    if layer == "Dropout":
        a = {"p": choice(0.0, 0.3, 0.9)}
    elif layer == "LeakyReLU":
        a = {"slope": choice(0.01, 0.2, -0.5, 2.0)}
    elif layer == "GELU":
        a = {"approximate": choice("none", "tanh")}
    elif layer in ("Softmax", "LogSoftmax"):
        a = {"dim": R.randint(-len(shape), len(shape) - 1) if shape else choice(0, -1)}
    elif layer == "Flatten":
        shape = [R.randint(1, 3) for _ in range(R.randint(1, 4))]
        a = {"start": R.randint(-len(shape), len(shape) - 1), "end": -1}
        a["end"] = R.randint(a["start"] % len(shape), len(shape) - 1)
    return layer, a, [shape]


def empty_window(layer, a, shape):
    """Whether a max pooling has a window entirely in the padding (PyTorch's backward then writes out
    of bounds: `free(): invalid size`)."""
    nd = 1 if layer.endswith("1d") else 2
    for d in range(nd):
        n = shape[len(shape) - nd + d]
        k = as_list(a["k"], nd)[d]
        s = as_list(a["stride"] if a["stride"] is not None else a["k"], nd)[d]
        p = as_list(a["padding"], nd)[d]
        dil = as_list(a.get("dilation", 1), nd)[d]
        span = n + 2 * p - dil * (k - 1) - 1
        if span < 0:
            return False
        out = (span + (s - 1 if a["ceil"] else 0)) // s + 1
        if a["ceil"] and (out - 1) * s >= n + p:
            out -= 1
        for o in range(out):
            if not any(0 <= o * s - p + j * dil < n for j in range(k)):
                return True
    return False


def mutate(layer, a, shapes):
    """An invalid variant, sometimes: a numeric arg made 0 or negative, or the input's rank or a
    size changed (the errors' texts are compared)."""
    if R.random() < 0.5:
        keys = [k for k, v in a.items() if isinstance(v, (int, list)) and not isinstance(v, bool)]
        if keys:
            k = R.choice(keys)
            # (no 0 for the sizes of parameters: loadStateDict's copy_ into an empty parameter
            # throws, a bug of in-place ops on empty tensors outside this area)
            bad = choice(-1, -2) if layer in ("Linear", "Bilinear", "Embedding", "LayerNorm", "BatchNorm1d",
                                              "Conv1d", "Conv2d") \
                else choice(0, -1, -2)
            a[k] = [bad] * len(a[k]) if isinstance(a[k], list) and a[k] else bad
            return layer, a, shapes
    s = list(shapes[0])
    kind = choice("add", "drop", "size")
    if kind == "add":
        s = [R.randint(1, 2)] + s
    elif kind == "drop" and s:
        s = s[1:]
    elif s:
        j = R.randrange(len(s))
        s[j] = choice(s[j] + 1, 0)
    return layer, a, [s] + shapes[1:]


def layer_case(i):
    layer, a, shapes = layer_config()
    while layer.startswith("MaxPool") and empty_window(layer, a, shapes[0]):
        layer, a, shapes = layer_config()
    invalid = R.random() < 0.12
    if invalid:
        layer, a, shapes = mutate(layer, a, shapes)
        if layer.startswith("MaxPool") and len(shapes[0]) and min(shapes[0]) > 0:
            try:
                if empty_window(layer, a, shapes[0]):
                    return layer_case(i)
            except Exception:  # noqa: BLE001
                pass
    dtype = torch.float64 if R.random() < 0.75 else torch.float32
    train = layer in ("BatchNorm1d", "Dropout") and R.random() < 0.6
    name = f"layer {i}: {layer} {json.dumps(a)} {shapes} {str(dtype)[6:]}{' train' if train else ''}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            m = build(layer, a, dtype)
        except Exception as e:  # noqa: BLE001
            return {"kind": "layer", "name": name, "layer": layer, "args": a, "dtype": str(dtype)[6:],
                    "construct_error": f"{type(e).__name__}: {e}"}
    # random parameters and buffers (running statistics kept positive)
    with torch.no_grad():
        for k, v in m.state_dict().items():
            if v.dtype.is_floating_point:
                if k.endswith("running_var"):
                    v.copy_(torch.rand(v.shape, dtype=torch.float64) + 0.5)
                else:
                    v.copy_(torch.randn(v.shape, dtype=torch.float64))
            else:
                v.fill_(R.randint(0, 3))
    m.train(train)
    state = [[k, enc(v)] for k, v in m.state_dict().items()]
    if layer == "Embedding":
        lo = 0 if R.random() < 0.9 else -1
        ins = [torch.randint(lo, a["n"] + (1 if R.random() < 0.05 else 0), shapes[0])]
        if R.random() < 0.2:  # int32 indices (and, rarely, another dtype PyTorch refuses)
            ins = [ins[0].to(torch.int32 if R.random() < 0.8 else choice(torch.uint8, torch.float32))]
    else:
        spec = layer in ("ReLU", "LeakyReLU", "MaxPool1d", "MaxPool2d", "AdaptiveMaxPool2d", "Sigmoid", "Tanh",
                         "Softmax", "LogSoftmax", "Flatten", "SiLU")
        ins = [randn(s, dtype, spec or R.random() < 0.15) for s in shapes]
    # non-contiguous input: stored with its last two dims swapped ("t"), or every other element
    # of a last dim twice as long ("s")
    # (no Flatten of a non-contiguous view: PyTorch records ReshapeAliasBackward0, descent
    # ViewBackward0, a difference of the shape ops outside this area)
    t = [("t" if x.dim() >= 2 and R.random() < 0.5 else "s")
         if x.dtype.is_floating_point and x.dim() >= 1 and R.random() < 0.35 and layer != "Flatten" else None
         for x in ins]
    if dtype == torch.float32 and layer in ("LayerNorm", "BatchNorm1d"):
        # (PyTorch's float32 variance of a 1e30 overflows to inf and gives the bias; descent
        # accumulates in float64 and normalizes: a deliberate difference)
        ins = [torch.where(x.abs() > 1e20, torch.full_like(x, 1e3), x) for x in ins]

    def stored(x, tt):
        if tt == "t":
            return x.transpose(-1, -2).contiguous()
        if tt == "s":
            return torch.stack([x, torch.randn(x.shape, dtype=torch.float64).to(x.dtype)], -1).flatten(-2)
        return x

    def view(x, tt):
        return x.transpose(-1, -2) if tt == "t" else x[..., ::2] if tt == "s" else x
    leaves = [stored(x, tt) for x, tt in zip(ins, t)]
    case = {"kind": "layer", "name": name, "layer": layer, "args": a, "dtype": str(dtype)[6:], "train": train,
            "state": state, "inputs": [{**enc(x), "t": tt} for x, tt in zip(leaves, t)]}
    for x in leaves:
        if x.dtype.is_floating_point:
            x.requires_grad_()
    seed = R.randrange(1000)
    case["seed"] = seed  # the generator's state for Dropout in training
    torch.manual_seed(seed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = m(*[view(x, tt) for x, tt in zip(leaves, t)])
    except Exception as e:  # noqa: BLE001
        case["error"] = error_text(e)
        return case
    case["output"] = {**enc(out), "gradFn": grad_fn_name(out)}
    case["stateAfter"] = [[k, enc(v)] for k, v in m.state_dict().items()]
    if out.requires_grad:
        cot = torch.randn(out.shape, dtype=torch.float64).to(out.dtype)
        params = [p for _, p in m.named_parameters()]
        req = [x for x in leaves if x.requires_grad] + params
        try:
            gs = torch.autograd.grad([out], req, [cot], allow_unused=True, create_graph=True)
        except Exception as e:  # noqa: BLE001
            case["gradError"] = error_text(e)
            return case
        case["cotangent"] = values(cot)
        n_in = len([x for x in leaves if x.requires_grad])
        case["grads"] = [None if g is None else values(g) for g in gs[:n_in]]
        case["paramGrads"] = [[k, None if g is None else values(g)]
                              for (k, _), g in zip(m.named_parameters(), gs[n_in:])]
        second_order(case, req, gs)
    return case


# ---------------------------------------------------------------------------------------------
# Losses


def loss_case(i):
    loss = choice("mse", "l1", "smooth_l1", "huber", "bce", "bce_logits", "nll", "cross_entropy",
                  "cross_entropy")
    dtype = torch.float64 if R.random() < 0.75 else torch.float32
    red = choice("mean", "sum", "none")
    o = {"reduction": red}
    target_grad = False
    if loss in ("mse", "l1", "smooth_l1", "huber", "bce", "bce_logits"):
        shape = [R.randint(0 if R.random() < 0.05 else 1, 3) for _ in range(R.randint(0, 3))]
        tshape = list(shape)
        if loss in ("mse", "l1", "smooth_l1", "huber") and shape and R.random() < 0.15:
            tshape = [1] + shape[1:]  # broadcast target (a warning in PyTorch)
        x = randn(shape, dtype, R.random() < 0.3)
        if loss == "bce":
            x = torch.rand(shape, dtype=torch.float64).to(dtype)
            if R.random() < 0.2 and x.numel():
                x.reshape(-1)[0] = choice(0.0, 1.0)
        y = randn(tshape, dtype) if loss not in ("bce", "bce_logits") else \
            torch.rand(tshape, dtype=torch.float64).to(dtype)
        if loss in ("bce", "bce_logits") and R.random() < 0.4:
            y = torch.round(y)
        target_grad = R.random() < 0.5
        if loss == "smooth_l1":
            o["beta"] = choice(1.0, 0.5, 0.0, 2.0)
        if loss == "huber":
            o["delta"] = choice(1.0, 0.5, 2.0)
        ws = {}
        if loss in ("mse", "l1", "huber", "bce", "bce_logits") and R.random() < 0.4:
            wshape = shape[R.randint(0, len(shape)):] if shape else []
            ws["weight"] = torch.rand(wshape, dtype=torch.float64).to(dtype) * 2
        if loss == "bce_logits" and R.random() < 0.4:
            ws["pos_weight"] = torch.rand(shape[-1:] if shape else [], dtype=torch.float64).to(dtype) * 3
    else:
        c = R.randint(1, 5)
        shape = choice([c], [R.randint(0 if R.random() < 0.05 else 1, 4), c],
                       [R.randint(1, 3), c, R.randint(1, 3)], [R.randint(1, 2), c, R.randint(1, 2), R.randint(1, 2)])
        x = randn(shape, dtype, R.random() < 0.15)
        if loss == "nll":
            x = torch.log_softmax(x, 1 if len(shape) > 1 else 0)
        tshape = [shape[0]] + shape[2:] if len(shape) > 1 else ([1] if R.random() < 0.25 else [])
        probs = loss == "cross_entropy" and R.random() < 0.3
        if probs:
            y = torch.softmax(torch.randn(shape, dtype=torch.float64), 1 if len(shape) > 1 else 0).to(dtype)
            target_grad = R.random() < 0.5
        else:
            y = torch.randint(0, c, tshape)
            if R.random() < 0.3:
                o["ignore_index"] = choice(-100, 0, R.randint(0, c - 1), 7)
                if o["ignore_index"] == -100 and y.numel():
                    y.reshape(-1)[0] = -100
            if R.random() < 0.03:
                y = y.to(torch.uint8) if R.random() < 0.5 else y.to(torch.int32)
        ws = {}
        if R.random() < 0.4:
            ws["weight"] = torch.rand([c], dtype=torch.float64).to(dtype) * 2
        if loss == "cross_entropy" and R.random() < 0.4:
            o["label_smoothing"] = choice(0.1, 0.5, 1.0)
    if R.random() < 0.1:  # an invalid variant: the errors' texts are compared
        kind = choice("target shape", "weight", "option")
        if kind == "target shape" and y.dim():
            y = y.reshape(-1)[:max(y.numel() - 1, 0)] if y.numel() > 1 else y.reshape(1, 1, -1)
        elif kind == "weight" and loss != "smooth_l1":
            ws["weight"] = torch.rand([R.randint(1, 6)], dtype=torch.float64).to(
                choice(dtype, torch.float32, torch.float64))
        else:
            if "label_smoothing" in o or loss == "cross_entropy":
                o["label_smoothing"] = choice(-0.1, 1.5)
            elif "beta" in o:
                o["beta"] = -1.0
            elif "delta" in o:
                o["delta"] = choice(0.0, -1.0)
            else:
                o["reduction"] = "avg"
    if y.dtype.is_floating_point and R.random() < 0.08:  # a target of the other float dtype
        y = y.to(torch.float32 if y.dtype == torch.float64 else torch.float64)
    tensors = [x, y]
    name = f"loss {i}: {loss} {json.dumps(o)} {list(x.shape)} {str(dtype)[6:]}"
    case = {"kind": "loss", "name": name, "loss": loss, "opts": o,
            "inputs": [enc(t) for t in tensors], "weights": {k: enc(v) for k, v in ws.items()},
            "targetGrad": target_grad}
    x.requires_grad_()
    if target_grad:
        y.requires_grad_()
    fn = {"mse": F.mse_loss, "l1": F.l1_loss, "smooth_l1": F.smooth_l1_loss, "huber": F.huber_loss,
          "bce": F.binary_cross_entropy, "bce_logits": F.binary_cross_entropy_with_logits, "nll": F.nll_loss,
          "cross_entropy": F.cross_entropy}[loss]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = fn(x, y, **o, **ws)
    except Exception as e:  # noqa: BLE001
        case["error"] = error_text(e)
        return case
    return outcome(case, out, [x] + ([y] if target_grad else []))


# ---------------------------------------------------------------------------------------------
# Optimizers with schedulers


def sched_spec(opt, o, steps, inner=False):
    """A random scheduler: [name, options] (SequentialLR's options hold its schedulers' specs)."""
    names = ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR",
             "CosineAnnealingWarmRestarts"]
    if not inner:
        names += ["OneCycleLR", "ReduceLROnPlateau", "SequentialLR"]
    sched = choice(*names)
    if sched == "StepLR":
        return [sched, {"step_size": R.randint(1, 4), "gamma": choice(0.1, 0.5)}]
    if sched == "MultiStepLR":
        return [sched, {"milestones": sorted(R.choice(range(1, 10)) for _ in range(R.randint(1, 3))),
                        "gamma": choice(0.1, 0.5)}]
    if sched == "ExponentialLR":
        return [sched, {"gamma": choice(0.9, 0.5)}]
    if sched == "CosineAnnealingLR":
        return [sched, {"T_max": R.randint(1, 8), "eta_min": choice(0.0, 0.001)}]
    if sched == "LinearLR":
        return [sched, {"start_factor": choice(1 / 3, 0.5, 1.0), "end_factor": choice(1.0, 0.8, 0.1),
                        "total_iters": R.randint(1, 6)}]
    if sched == "CosineAnnealingWarmRestarts":
        return [sched, {"T_0": R.randint(1, 4), "T_mult": R.randint(1, 2), "eta_min": choice(0.0, 0.001)}]
    if sched == "ReduceLROnPlateau":
        return [sched, {"mode": choice("min", "max"), "factor": choice(0.1, 0.5), "patience": R.randint(0, 2),
                        "threshold": choice(1e-4, 0.1), "threshold_mode": choice("rel", "abs"),
                        "cooldown": R.randint(0, 2), "min_lr": choice(0.0, 0.01)}]
    if sched == "SequentialLR":
        a, b = sched_spec(opt, o, steps, True), sched_spec(opt, o, steps, True)
        return [sched, {"schedulers": [a, b], "milestones": [R.randint(1, steps)]}]
    # OneCycleLR: needs momentum or betas
    if opt in ("SGD", "RMSprop") and o.get("momentum", 0) == 0 or opt in ("Adagrad", "LBFGS"):
        return sched_spec(opt, o, steps, True)
    return [sched, {"max_lr": choice(0.1, 1.0), "total_steps": steps + R.randint(0, 3),
                    "pct_start": choice(0.3, 0.5), "anneal_strategy": choice("cos", "linear"),
                    "three_phase": R.random() < 0.3, "cycle_momentum": R.random() < 0.8}]


def make_sched(optimizer, spec):
    name, so = spec
    if name == "SequentialLR":
        subs = [make_sched(optimizer, s) for s in so["schedulers"]]
        return torch.optim.lr_scheduler.SequentialLR(optimizer, subs, milestones=so["milestones"])
    return getattr(torch.optim.lr_scheduler, name)(optimizer, **so)


def optim_case(i):
    opt = choice("SGD", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adamax", "NAdam", "RAdam", "LBFGS")
    dtype = torch.float64 if R.random() < 0.75 else torch.float32
    o = {"lr": choice(0.1, 0.01, 0.5)}
    if opt == "SGD":
        o["momentum"] = choice(0.0, 0.9, 0.5)
        o["dampening"] = choice(0.0, 0.0, 0.3)
        o["nesterov"] = o["momentum"] > 0 and o["dampening"] == 0 and R.random() < 0.5
        o["weight_decay"] = choice(0.0, 0.1)
        o["maximize"] = R.random() < 0.3
    elif opt in ("Adam", "AdamW", "Adamax", "NAdam", "RAdam"):
        o["betas"] = choice([0.9, 0.999], [0.5, 0.9], [0.0, 0.99])
        o["eps"] = choice(1e-8, 1e-3)
        o["weight_decay"] = choice(0.0, 0.1, 0.01)
        o["maximize"] = R.random() < 0.3
        if opt in ("Adam", "AdamW"):
            o["amsgrad"] = R.random() < 0.4
        if opt == "NAdam":
            o["momentum_decay"] = choice(4e-3, 0.1)
            o["decoupled_weight_decay"] = R.random() < 0.4
        if opt == "RAdam":
            o["decoupled_weight_decay"] = R.random() < 0.4
    elif opt == "RMSprop":
        o["alpha"] = choice(0.99, 0.5)
        o["eps"] = choice(1e-8, 1e-3)
        o["weight_decay"] = choice(0.0, 0.1)
        o["momentum"] = choice(0.0, 0.9)
        o["centered"] = R.random() < 0.5
        o["maximize"] = R.random() < 0.3
    elif opt == "Adagrad":
        o["lr_decay"] = choice(0.0, 0.1)
        o["weight_decay"] = choice(0.0, 0.1)
        o["initial_accumulator_value"] = choice(0.0, 0.5)
        o["eps"] = choice(1e-10, 1e-3)
        o["maximize"] = R.random() < 0.3
    elif opt == "LBFGS":
        o = {"lr": choice(1.0, 0.5, 0.1), "max_iter": R.randint(1, 6), "history_size": R.randint(1, 5),
             "line_search_fn": choice(None, "strong_wolfe"), "tolerance_grad": choice(1e-7, 1e-3)}
    if opt == "LBFGS":
        dtype = torch.float64  # a float32 LBFGS path follows PyTorch's float32 scalar roundings
    if R.random() < 0.08:  # an invalid option: the errors' texts are compared
        k = "lr" if opt == "LBFGS" else R.choice(sorted(o))  # (LBFGS takes any max_iter, descent integers)
        o[k] = [choice(-0.1, 1.0, 1.5), 0.999] if k == "betas" else (True if isinstance(o[k], bool) else -0.5)
        if opt == "SGD" and R.random() < 0.3:
            o.update({"nesterov": True, "momentum": choice(0.0, 0.9), "dampening": choice(0.0, 0.5)})
    steps = R.randint(3, 6) if opt == "LBFGS" else R.randint(5, 12)
    scheds = [] if R.random() < 0.2 else [sched_spec(opt, o, steps)]
    if scheds and scheds[0][0] not in ("ReduceLROnPlateau", "SequentialLR", "OneCycleLR") and R.random() < 0.2:
        scheds.append(sched_spec(opt, o, steps, True))  # chained
    shapes = [[R.randint(1, 3) for _ in range(R.randint(0, 2))] for _ in range(R.randint(1, 3))]
    params = [torch.randn(s, dtype=torch.float64).to(dtype) for s in shapes]
    # a second parameter group with its own lr (and weight decay), sometimes
    groups = None
    if len(shapes) > 1 and opt != "LBFGS" and R.random() < 0.4:
        over = {"lr": choice(0.05, 0.2)}
        if "weight_decay" in o:
            over["weight_decay"] = choice(0.0, 0.2)
        groups = [[0, {}], [1, over]]
    grads = [[None if opt != "LBFGS" and R.random() < 0.1 else torch.randn(s, dtype=torch.float64).to(dtype)
              for s in shapes] for _ in range(steps)]
    # LBFGS minimises sum(a·p² + b·p) + c·sum(p⁴) (a > 0)
    coef = [[torch.rand(s, dtype=torch.float64).to(dtype) + 0.5, torch.randn(s, dtype=torch.float64).to(dtype),
             choice(0.0, 0.1)] for s in shapes]
    metrics = [choice(1.0, 0.9, 0.95, 1.1, 0.5) for _ in range(steps)]
    name = f"optim {i}: {opt} {json.dumps(o)} {json.dumps(scheds)} {shapes} {str(dtype)[6:]}" + \
        (f" groups {json.dumps(groups)}" if groups else "")
    # descent only: after this step the optimizer and schedulers are rebuilt from their state
    # dicts (through JSON), and the trajectory must go on unchanged
    reload = R.randint(1, steps - 1) if R.random() < 0.4 else None
    case = {"kind": "optim", "name": name, "opt": opt, "opts": o, "scheds": scheds, "groups": groups,
            "reload": reload,
            "params": [enc(p) for p in params], "metrics": metrics,
            "grads": [[None if g is None else values(g) for g in gs] for gs in grads]}
    if opt == "LBFGS":
        case["coef"] = [[values(a), values(b), c] for a, b, c in coef]
    ps = [p.clone().requires_grad_() for p in params]
    if groups:
        pg = [{"params": ps[:1]}, {"params": ps[1:], **groups[1][1]}]
    else:
        pg = ps
    traj, lrs = [], []
    # scalar state (NAdam's mu_product, the step counts) has the default dtype: the parameters'
    torch.set_default_dtype(dtype)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            optimizer = getattr(torch.optim, opt)(pg, **o)
            schedulers = [make_sched(optimizer, sp) for sp in scheds]

            def closure():
                optimizer.zero_grad()
                loss = sum((a * p * p + b * p).sum() + c * (p ** 4).sum() for p, (a, b, c) in zip(ps, coef))
                loss.backward()
                return loss

            for s, gs in enumerate(grads):
                if opt == "LBFGS":
                    optimizer.step(closure)
                else:
                    for p, g in zip(ps, gs):
                        p.grad = None if g is None else g.clone()
                    optimizer.step()
                for sc in schedulers:
                    if isinstance(sc, torch.optim.lr_scheduler.ReduceLROnPlateau):
                        sc.step(metrics[s])
                    else:
                        sc.step()
                traj.append([values(p) for p in ps])
                lrs.append([g["lr"] for g in optimizer.param_groups])
    except ZeroDivisionError:
        # PyTorch's LBFGS line search divides by a zero step once a scheduler has brought lr to 0
        torch.set_default_dtype(torch.float32)
        return optim_case(i)
    except Exception as e:  # noqa: BLE001
        case["error"] = error_text(e)
        case["stepsDone"] = len(traj)
    torch.set_default_dtype(torch.float32)
    case["trajectory"] = traj
    case["lrs"] = lrs
    return case


# ---------------------------------------------------------------------------------------------
# Functional ops of the area: conv_transpose, interpolate, scaled_dot_product_attention


def fn_case(i):
    op = choice("conv_transpose1d", "conv_transpose2d", "interpolate", "sdpa", "addmm", "addmv", "baddbmm",
                "kron", "outer", "matmul", "det", "inv", "solve", "cholesky", "matrix_norm", "svdvals")
    dtype = torch.float64 if R.random() < 0.8 else torch.float32
    p = {}
    if op.startswith("conv_transpose"):
        nd = 1 if op.endswith("1d") else 2
        groups = choice(1, 1, 2)
        cin, cout = groups * R.randint(1, 2), groups * R.randint(1, 2)
        k = [R.randint(1, 3) for _ in range(nd)]
        stride = [R.randint(1, 3) for _ in range(nd)]
        dil = [R.randint(1, 2) for _ in range(nd)]
        p = {"stride": stride, "padding": [R.randint(0, 2) for _ in range(nd)],
             "output_padding": [R.randint(0, max(s, d) - 1) for s, d in zip(stride, dil)],
             "groups": groups, "dilation": dil}
        batch = [] if R.random() < 0.25 else [R.randint(1, 2)]
        shapes = [batch + [cin] + spatial(nd, 1, 4), [cin, cout // groups] + k]
        if R.random() < 0.6:
            shapes.append([cout])
    elif op == "interpolate":
        nd = choice(1, 2)
        mode = choice("nearest", "nearest-exact", "area", "linear" if nd == 1 else "bilinear")
        p = {"mode": mode}
        if R.random() < 0.5:
            p["size"] = [R.randint(1, 7) for _ in range(nd)]
        else:
            p["scale_factor"] = [choice(0.5, 1.5, 2.0, 3.0, 0.7) for _ in range(nd)]
            if R.random() < 0.3:
                p["recompute_scale_factor"] = True
        if mode in ("linear", "bilinear"):
            p["align_corners"] = R.random() < 0.5
        shapes = [[R.randint(1, 2), R.randint(1, 2)] + spatial(nd, 1, 5)]
    elif op == "sdpa":
        b = [R.randint(1, 2) for _ in range(R.randint(0, 2))]
        L, S, E, Ev = R.randint(1, 4), R.randint(1, 4), R.randint(1, 4), R.randint(1, 3)
        shapes = [b + [L, E], b + [S, E], b + [S, Ev]]
        p = {"is_causal": R.random() < 0.3}
        if R.random() < 0.3:
            p["scale"] = choice(0.5, 2.0)
        if not p["is_causal"] and R.random() < 0.4:
            shapes.append([L, S])
            p["mask"] = choice("float", "bool")
    elif op in ("addmm", "addmv", "baddbmm"):
        n, k, m = R.randint(0 if R.random() < 0.1 else 1, 3), R.randint(0 if R.random() < 0.1 else 1, 3), \
            R.randint(1, 3)
        b = [R.randint(1, 2)] if op == "baddbmm" else []
        out = b + [n] + ([] if op == "addmv" else [m])
        inp = out[R.randint(0, len(out)):] if R.random() < 0.5 and (k and n or op != "addmv") else out
        # (PyTorch's addmv of an empty product returns beta·input unbroadcast: a shape bug)
        if inp and R.random() < 0.2 and (k and n or op != "addmv"):
            inp = [1] + inp[1:]
        shapes = [inp, b + [n, k], [k] if op == "addmv" else b + [k, m]]
        p = {"beta": choice(1, 1, 0, 0.5, -2), "alpha": choice(1, 1, 0, 2.5)}
    elif op in ("kron", "outer"):
        if op == "outer":
            shapes = [[R.randint(0, 3)], [R.randint(1, 3)]]
        else:
            shapes = [[R.randint(1, 3) for _ in range(R.randint(0, 3))] for _ in range(2)]
    elif op == "matmul":
        k = R.randint(0 if R.random() < 0.1 else 1, 3)
        bat = [R.randint(0 if R.random() < 0.05 else 1, 3) for _ in range(R.randint(0, 2))]
        a_nd, b_nd = R.randint(1, 4), R.randint(1, 4)

        def side(nd, last):
            if nd == 1:
                return [k]
            lead = [choice(b, 1) for b in bat][-(nd - 2):] if nd > 2 and bat else [R.randint(1, 2)] * (nd - 2)
            return lead + ([R.randint(1, 3), k] if last else [k, R.randint(1, 3)])
        shapes = [side(a_nd, True), side(b_nd, False)]
    elif op in ("det", "inv", "solve", "cholesky", "matrix_norm", "svdvals"):
        bat = [R.randint(0 if R.random() < 0.05 else 1, 2) for _ in range(R.randint(0, 2))]
        n = R.randint(0 if R.random() < 0.05 else 1, 4)
        if op in ("matrix_norm", "svdvals"):
            shapes = [bat + [R.randint(1, 4), R.randint(1, 4)]]
            if op == "matrix_norm":
                p = {"ord": choice("fro", "nuc", 1, -1, 2, -2, "inf", "-inf"), "keepdim": R.random() < 0.3}
        else:
            shapes = [bat + [n, n]]
            if op == "solve":
                shapes.append(bat[R.randint(0, len(bat)):] + ([n] if R.random() < 0.4 else [n, R.randint(1, 3)]))
                p = {"left": True}
    if R.random() < 0.1 and shapes and not op.startswith("conv_transpose"):
        # an invalid variant, sometimes: one size of one operand one larger (texts compared)
        k = R.randrange(len(shapes))
        if shapes[k]:
            shapes[k] = list(shapes[k])
            shapes[k][R.randrange(len(shapes[k]))] += 1
    ins = [randn(s, dtype, op in ("interpolate", "addmm", "addmv", "baddbmm", "kron", "matmul")) for s in shapes]
    if op in ("svdvals", "matrix_norm"):
        # no rounded values: a repeated or zero singular value has no unique gradient
        ins = [torch.randn(s, dtype=torch.float64).to(dtype) for s in shapes]
    square = len(ins[0].shape) >= 2 and ins[0].shape[-1] == ins[0].shape[-2]
    if op in ("det", "inv", "solve") and ins[0].shape[-1] and square:
        ins[0] = ins[0] + 2 * torch.eye(ins[0].shape[-1], dtype=dtype)  # well conditioned
    if op == "cholesky" and square:
        ins[0] = ins[0] @ ins[0].mT + torch.eye(ins[0].shape[-1], dtype=dtype)
    if op == "sdpa" and p.get("mask") == "bool":
        ins[3] = torch.rand(shapes[3]) < 0.7
    name = f"fn {i}: {op} {json.dumps(p)} {shapes} {str(dtype)[6:]}"
    case = {"kind": "fn", "name": name, "op": op, "params": p, "inputs": [enc(x) for x in ins]}
    leaves = [x.requires_grad_() if x.dtype.is_floating_point else x for x in ins]

    def run():
        if op.startswith("conv_transpose"):
            f = F.conv_transpose1d if op.endswith("1d") else F.conv_transpose2d
            return f(leaves[0], leaves[1], leaves[2] if len(leaves) > 2 else None, stride=p["stride"],
                     padding=p["padding"], output_padding=p["output_padding"], groups=p["groups"],
                     dilation=p["dilation"])
        if op == "interpolate":
            kw = {k: v for k, v in p.items()}
            return F.interpolate(leaves[0], **kw)
        if op in ("addmm", "addmv", "baddbmm"):
            return getattr(torch, op)(*leaves, beta=p["beta"], alpha=p["alpha"])
        if op in ("kron", "outer", "matmul"):
            return getattr(torch, op)(*leaves)
        if op in ("det", "inv", "solve", "cholesky", "svdvals"):
            return getattr(torch.linalg, op)(*leaves)
        if op == "matrix_norm":
            o = {"inf": math.inf, "-inf": -math.inf}.get(p["ord"], p["ord"])
            return torch.linalg.matrix_norm(leaves[0], ord=o, keepdim=p["keepdim"])
        return F.scaled_dot_product_attention(leaves[0], leaves[1], leaves[2],
                                              attn_mask=leaves[3] if len(leaves) > 3 else None,
                                              is_causal=p["is_causal"], scale=p.get("scale"))

    if op.startswith("conv_transpose"):
        sizes = [(n - 1) * st - 2 * pd + dl * (kk - 1) + op_ + 1 for n, st, pd, dl, kk, op_ in
                 zip(shapes[0][-nd:], p["stride"], p["padding"], p["dilation"], shapes[1][2:], p["output_padding"])]
        if min(sizes) < 1:
            # PyTorch refuses this ("Output size is too small") except in its mkldnn path (float32,
            # a batch of more than one) when another dim is at least 1: its slow path's rule is kept
            case["error"] = "RuntimeError: Output size is too small"
            case["errorText"] = False  # not PyTorch's words: a stand-in
            return case
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = run()
    except Exception as e:  # noqa: BLE001
        case["error"] = error_text(e)
        return case
    return outcome(case, out, [x for x in leaves if x.requires_grad])


def clip_case(i):
    """clip_grad_norm_ / clip_grad_value_ on random gradients (NaN and ±inf sometimes)."""
    dtype = torch.float64 if R.random() < 0.7 else torch.float32
    # (no empty gradient of several rows: descent's in-place ops refuse an empty tensor whose
    # strides have a 0, a bug outside this area)
    shapes = [[R.randint(1, 3) for _ in range(R.randint(0, 2))] for _ in range(R.randint(1, 3))]
    grads = [randn(sh, dtype, R.random() < 0.2) * choice(1.0, 0.01, 100.0) for sh in shapes]
    if dtype == torch.float32:
        # (PyTorch's float32 norm of several elements squares 1e30 into inf; descent accumulates in
        # float64: a deliberate difference of the norm reductions)
        grads = [torch.where(g.abs() > 1e15, torch.full_like(g, 1e3), g) for g in grads]
    value = R.random() < 0.3
    o = {"clip_value": choice(0.5, 1.0, 0.0, 10.0)} if value else {
        "max_norm": choice(0.5, 1.0, 5.0, 0.0, 1e-8), "norm_type": choice(2.0, 1.0, 3.0, 0.5, "inf", "-inf", 0.0),
        "error_if_nonfinite": R.random() < 0.3}
    name = f"clip {i}: {json.dumps(o)} {shapes} {str(dtype)[6:]}"
    case = {"kind": "clip", "name": name, "opts": o, "grads": [enc(g) for g in grads]}
    ps = [torch.zeros(sh, dtype=dtype, requires_grad=True) for sh in shapes]
    for p, g in zip(ps, grads):
        p.grad = g.clone()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if value:
                nn.utils.clip_grad_value_(ps, o["clip_value"])
            else:
                nt = {"inf": math.inf, "-inf": -math.inf}.get(o["norm_type"], o["norm_type"])
                total = nn.utils.clip_grad_norm_(ps, o["max_norm"], norm_type=nt,
                                                 error_if_nonfinite=o["error_if_nonfinite"])
                case["total"] = enc(total)
    except Exception as e:  # noqa: BLE001
        case["error"] = error_text(e)
        return case
    case["after"] = [values(p.grad) for p in ps]
    return case


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--kinds", default="layer,loss,optim,fn,clip")
    ap.add_argument("--out", default=os.path.join(HERE, "nn.json"))
    ap.add_argument("--big", type=int, default=1)
    ap.add_argument("--first-only", action="store_true", help="no second derivatives")
    args = ap.parse_args()
    BIG[0] = args.big
    SECOND[0] = not args.first_only
    R.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    makers = {"layer": layer_case, "loss": loss_case, "optim": optim_case, "fn": fn_case, "clip": clip_case}
    counts = {"layer": 95, "loss": 65, "optim": 55, "fn": 65, "clip": 20}
    cases = [makers[k](i) for k in args.kinds.split(",") for i in range(args.n or counts[k])]
    with open(args.out, "w") as f:
        json.dump({"torch": torch.__version__, "seed": args.seed, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases → {args.out}")


if __name__ == "__main__":
    main()
