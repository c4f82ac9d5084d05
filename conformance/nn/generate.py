"""Writes conformance/nn/fixtures.json: what torch.nn's layers, initialisers, containers,
state dicts and utilities do, for nn/conformance_test.ts.

Run with PyTorch 2.x (descent follows 2.x; see conformance/random/README.md for the install):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/nn/generate.py

PyTorch 1.13 differs in printed forms (`_addindent` indented blank lines), in trunc_normal_
(an inverse-CDF transform there, rejection sampling in 2.x) and in the random stream of
uniform_ values that round up to the upper bound.

layers: each case builds a module after torch.manual_seed(0) (the default initialisation is
then PyTorch's first draws), records repr(module), its state_dict (keys, shapes, values) and,
for the forward, the inputs (drawn from torch.Generator().manual_seed(1)), the output, its
grad_fn, and the gradients of the inputs and parameters for a cotangent drawn from
torch.Generator().manual_seed(2). A case with `train_seed` seeds the default generator with it
right before the forward (Dropout's mask).

init: each initialiser on an empty tensor with torch.Generator().manual_seed(0).

containers: the printed forms, state-dict keys and named parameters/buffers/modules of nested
modules (a class `Net` that the test writes the same way).

load_errors: str() of the RuntimeError of load_state_dict for state dicts with missing,
unexpected and mis-shaped entries.

clip: clip_grad_norm_/clip_grad_value_ on given gradients.

train: Sequential(Linear(2, 16), ReLU(), Linear(16, 3)) after torch.manual_seed(0), trained 50
steps with CrossEntropyLoss and Adam(lr=0.01) on DataLoader(TensorDataset(x, y), batch_size=16,
shuffle=True) (x, y given in the fixture, so building them draws nothing): the loss of every step
and the final state_dict.

loaded: a Sequential of Linear, LayerNorm and activation layers (weights moved off any seed's
default initialisation) saved with torch.save(model.state_dict(), "loaded_model.pt") beside this
script, a fixed input, and the output of each layer in turn (evaluation mode, no grad), for the
test that loads the file with @descent/io's loadTorch into descent's model.
"""

import json
import math
import os
import sys

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from json_values import values  # noqa: E402


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": values(t)}


def randn(shape, seed, dtype=torch.float32):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


LAYERS = [
    # name, factory, input shapes (or a function making the inputs), extra
    ("Linear(4, 3)", lambda: nn.Linear(4, 3), [[2, 4]]),
    ("Linear(4, 3) 3-d", lambda: nn.Linear(4, 3), [[2, 2, 4]]),
    ("Linear(4, 3) 1-d", lambda: nn.Linear(4, 3), [[4]]),
    ("Linear(5, 2, bias=False)", lambda: nn.Linear(5, 2, bias=False), [[3, 5]]),
    ("Linear(3, 2, float64)", lambda: nn.Linear(3, 2, dtype=torch.float64), [[2, 3]]),
    ("Bilinear(3, 2, 4)", lambda: nn.Bilinear(3, 2, 4), [[5, 3], [5, 2]]),
    ("Bilinear(2, 2, 3, bias=False)", lambda: nn.Bilinear(2, 2, 3, bias=False), [[2, 2, 2], [2, 2, 2]]),
    ("Identity()", lambda: nn.Identity(), [[2, 3]]),
    ("Flatten()", lambda: nn.Flatten(), [[2, 3, 2, 2]]),
    ("Flatten(0, 2)", lambda: nn.Flatten(0, 2), [[2, 3, 2]]),
    ("Unflatten(1, (2, 5))", lambda: nn.Unflatten(1, (2, 5)), [[3, 10]]),
    ("ReLU()", lambda: nn.ReLU(), [[3, 4]]),
    ("LeakyReLU()", lambda: nn.LeakyReLU(), [[3, 4]]),
    ("LeakyReLU(0.2)", lambda: nn.LeakyReLU(0.2), [[3, 4]]),
    ("GELU()", lambda: nn.GELU(), [[3, 4]]),
    ("GELU(approximate='tanh')", lambda: nn.GELU(approximate="tanh"), [[3, 4]]),
    ("SiLU()", lambda: nn.SiLU(), [[3, 4]]),
    ("Sigmoid()", lambda: nn.Sigmoid(), [[3, 4]]),
    ("Tanh()", lambda: nn.Tanh(), [[3, 4]]),
    ("Softmax(dim=1)", lambda: nn.Softmax(dim=1), [[3, 4]]),
    ("LogSoftmax(dim=1)", lambda: nn.LogSoftmax(dim=1), [[3, 4]]),
    ("Softmax(dim=-1)", lambda: nn.Softmax(dim=-1), [[2, 2, 3]]),
    ("Dropout(p=0.5)", lambda: nn.Dropout(0.5), [[4, 5]], {"train_seed": 3}),
    ("Dropout(p=0.2)", lambda: nn.Dropout(0.2), [[20]], {"train_seed": 4}),
    ("Dropout(p=0.5) eval", lambda: nn.Dropout(0.5).eval(), [[2, 3]]),
    ("Conv1d(4, 8, 3, padding=1)", lambda: nn.Conv1d(4, 8, 3, padding=1), [[2, 4, 6]]),
    ("Conv1d(4, 6, 2, stride=2, groups=2, bias=False)",
     lambda: nn.Conv1d(4, 6, 2, stride=2, groups=2, bias=False), [[1, 4, 7]]),
    ("Conv2d(1, 6, 5)", lambda: nn.Conv2d(1, 6, 5), [[2, 1, 8, 8]]),
    ("Conv2d(2, 4, 3, stride=2, padding=1, dilation=2)",
     lambda: nn.Conv2d(2, 4, 3, stride=2, padding=1, dilation=2), [[1, 2, 7, 7]]),
    ("Conv2d(4, 4, 3, padding=same, groups=2, padding_mode=reflect)",
     lambda: nn.Conv2d(4, 4, 3, padding="same", groups=2, padding_mode="reflect"), [[1, 4, 5, 5]]),
    ("Conv2d(2, 3, (3, 2), padding=1, padding_mode=circular)",
     lambda: nn.Conv2d(2, 3, (3, 2), padding=1, padding_mode="circular"), [[2, 2, 4, 4]]),
    ("Conv2d(3, 2, 2, padding=valid, padding_mode=replicate)",
     lambda: nn.Conv2d(3, 2, 2, padding="valid", padding_mode="replicate"), [[3, 3, 3]]),
    ("MaxPool2d(2)", lambda: nn.MaxPool2d(2), [[1, 2, 4, 4]]),
    ("MaxPool2d(3, stride=2, padding=1, ceil_mode=True)",
     lambda: nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), [[1, 1, 6, 6]]),
    ("MaxPool2d((2, 1), dilation=(1, 2))",
     lambda: nn.MaxPool2d((2, 1), dilation=(1, 2)), [[2, 5, 4]]),
    ("MaxPool1d(2)", lambda: nn.MaxPool1d(2), [[2, 3, 6]]),
    ("AvgPool2d(2)", lambda: nn.AvgPool2d(2), [[1, 2, 4, 4]]),
    ("AvgPool2d(3, stride=2, padding=1, count_include_pad=False)",
     lambda: nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), [[1, 1, 5, 5]]),
    ("AvgPool2d(2, divisor_override=3)", lambda: nn.AvgPool2d(2, divisor_override=3), [[1, 1, 4, 4]]),
    ("AvgPool1d(3, stride=1)", lambda: nn.AvgPool1d(3, stride=1), [[2, 2, 5]]),
    ("AdaptiveAvgPool2d((2, 3))", lambda: nn.AdaptiveAvgPool2d((2, 3)), [[1, 2, 5, 7]]),
    ("AdaptiveAvgPool2d((None, 2))", lambda: nn.AdaptiveAvgPool2d((None, 2)), [[1, 2, 3, 5]]),
    ("AdaptiveMaxPool2d(2)", lambda: nn.AdaptiveMaxPool2d(2), [[1, 2, 5, 5]]),
    ("LayerNorm(4)", lambda: nn.LayerNorm(4), [[3, 4]]),
    ("LayerNorm((2, 3), eps=1e-3)", lambda: nn.LayerNorm((2, 3), eps=1e-3), [[2, 2, 3]]),
    ("LayerNorm(4, elementwise_affine=False)", lambda: nn.LayerNorm(4, elementwise_affine=False), [[2, 4]]),
    ("LayerNorm(3, bias=False)", lambda: nn.LayerNorm(3, bias=False), [[2, 3]]),
    ("LayerNorm(3, float64)", lambda: nn.LayerNorm(3, dtype=torch.float64), [[2, 3]]),
    ("LayerNorm((2, 3)) unbatched", lambda: nn.LayerNorm((2, 3)), [[2, 3]]),
    ("BatchNorm1d(3)", lambda: nn.BatchNorm1d(3), [[4, 3]], {"state_after": True}),
    ("BatchNorm1d(2) 3-d", lambda: nn.BatchNorm1d(2), [[3, 2, 4]], {"state_after": True}),
    # empty input: returned (through weight[0] and bias[0]) before the channel checks
    ("BatchNorm1d(3) empty batch", lambda: nn.BatchNorm1d(3), [[0, 3, 4]], {"state_after": True}),
    ("BatchNorm1d(3) no channels", lambda: nn.BatchNorm1d(3), [[2, 0]], {"state_after": True}),
    ("BatchNorm1d(3) eval", lambda: warmed(nn.BatchNorm1d(3)).eval(), [[4, 3]], {"warmup": True}),
    ("BatchNorm1d(3, momentum=None, affine=False)",
     lambda: warmed(nn.BatchNorm1d(3, momentum=None, affine=False)), [[4, 3]],
     {"warmup": True, "state_after": True}),
    ("BatchNorm1d(3, track_running_stats=False) eval",
     lambda: nn.BatchNorm1d(3, track_running_stats=False).eval(), [[4, 3]]),
    ("Embedding(10, 3)", lambda: nn.Embedding(10, 3), "indices"),
    ("Embedding(10, 3, padding_idx=0)", lambda: nn.Embedding(10, 3, padding_idx=0), "indices"),
    ("Embedding(10, 3, padding_idx=-1)", lambda: nn.Embedding(10, 3, padding_idx=-1), "indices"),
    # losses: (input, target) as lambdas of the generated tensors
    ("MSELoss()", lambda: nn.MSELoss(), [[3, 4], [3, 4]]),
    ("MSELoss(reduction=sum)", lambda: nn.MSELoss(reduction="sum"), [[3, 4], [3, 4]]),
    ("L1Loss(reduction=none)", lambda: nn.L1Loss(reduction="none"), [[3, 4], [3, 4]]),
    ("SmoothL1Loss(beta=0.5)", lambda: nn.SmoothL1Loss(beta=0.5), [[3, 4], [3, 4]]),
    ("HuberLoss(delta=0.5)", lambda: nn.HuberLoss(delta=0.5), [[3, 4], [3, 4]]),
    ("BCELoss(weight)", lambda: nn.BCELoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0])),
     "bce"),
    ("BCEWithLogitsLoss(pos_weight)",
     lambda: nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 1.0, 0.5, 3.0])), "bce_logits"),
    ("NLLLoss(weight)", lambda: nn.NLLLoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0])), "classes"),
    ("CrossEntropyLoss()", lambda: nn.CrossEntropyLoss(), "classes"),
    ("CrossEntropyLoss(label_smoothing=0.1, ignore_index=1)",
     lambda: nn.CrossEntropyLoss(label_smoothing=0.1, ignore_index=1), "classes"),
    ("CrossEntropyLoss(probabilities)", lambda: nn.CrossEntropyLoss(), "probabilities"),
]


WARMUP = [[6, 3], 9]  # shape and seed of the batch a "warmed" BatchNorm has seen once


def warmed(m):
    m(randn(*WARMUP))
    return m


def make_inputs(spec):
    if spec == "indices":
        return [torch.tensor([[1, 0, 9], [4, 4, 0]])]
    if spec == "bce":
        return [torch.sigmoid(randn([3, 4], 1)), torch.rand([3, 4], generator=torch.Generator().manual_seed(5))]
    if spec == "bce_logits":
        return [randn([3, 4], 1), torch.rand([3, 4], generator=torch.Generator().manual_seed(5))]
    if spec == "classes":
        return [randn([5, 4], 1), torch.tensor([0, 3, 1, 2, 1])]
    if spec == "probabilities":
        return [randn([5, 4], 1), torch.softmax(randn([5, 4], 5), 1)]
    return [randn(shape, 1 + i) for i, shape in enumerate(spec)]


def layer_case(name, factory, spec, extra=None):
    extra = extra or {}
    torch.manual_seed(0)
    m = factory()
    sd = m.state_dict()
    case = {
        "name": name,
        "repr": repr(m),
        "state": [[k, enc(v)] for k, v in sd.items()],
    }
    inputs = make_inputs(spec)
    dtype = next((p.dtype for p in m.parameters()), torch.float32)
    inputs = [x.to(dtype) if x.is_floating_point() else x for x in inputs]
    case["inputs"] = [enc(x) for x in inputs]
    is_loss = isinstance(m, nn.modules.loss._Loss)
    leaves = [x.clone().requires_grad_(x.is_floating_point() and (i == 0 or not is_loss))
              for i, x in enumerate(inputs)]
    if "train_seed" in extra:
        torch.manual_seed(extra["train_seed"])
        case["train_seed"] = extra["train_seed"]
    if extra.get("warmup"):
        case["warmup"] = enc(randn(*WARMUP))
    out = m(*leaves)
    case["output"] = enc(out)
    case["grad_fn"] = None if out.grad_fn is None else type(out.grad_fn).__name__
    if out.requires_grad:
        cot = randn(list(out.shape), 2, out.dtype)
        case["cotangent"] = enc(cot)
        out.backward(cot)
        case["input_grads"] = [None if x.grad is None else enc(x.grad) for x in leaves]
        case["param_grads"] = [[k, enc(p.grad)] for k, p in m.named_parameters()]
    if extra.get("state_after"):
        case["state_after"] = [[k, enc(v)] for k, v in m.state_dict().items()]
    return case


def init_cases():
    g = lambda: torch.Generator().manual_seed(0)
    I = nn.init
    cases = [
        ("uniform_([3, 4], -2, 3)", [3, 4], "float32", lambda t: I.uniform_(t, -2, 3, generator=g())),
        ("uniform_([5], float64)", [5], "float64", lambda t: I.uniform_(t, generator=g())),
        ("normal_([3, 4], 1, 2)", [3, 4], "float32", lambda t: I.normal_(t, 1, 2, generator=g())),
        ("normal_([20], 0.5, 0.1)", [20], "float32", lambda t: I.normal_(t, 0.5, 0.1, generator=g())),
        ("normal_([4, 5], float64)", [4, 5], "float64", lambda t: I.normal_(t, generator=g())),
        ("constant_([2, 3], 0.3)", [2, 3], "float32", lambda t: I.constant_(t, 0.3)),
        ("ones_([2])", [2], "float32", lambda t: I.ones_(t)),
        ("zeros_([2])", [2], "float32", lambda t: I.zeros_(t)),
        ("eye_([2, 3])", [2, 3], "float32", lambda t: I.eye_(t)),
        ("xavier_uniform_([4, 6], gain=2)", [4, 6], "float32", lambda t: I.xavier_uniform_(t, gain=2, generator=g())),
        ("xavier_normal_([5, 4])", [5, 4], "float32", lambda t: I.xavier_normal_(t, generator=g())),
        ("kaiming_uniform_([6, 3, 2, 2], a=sqrt(5))", [6, 3, 2, 2], "float32",
         lambda t: I.kaiming_uniform_(t, a=math.sqrt(5), generator=g())),
        ("kaiming_uniform_([3, 5], fan_out, relu)", [3, 5], "float32",
         lambda t: I.kaiming_uniform_(t, mode="fan_out", nonlinearity="relu", generator=g())),
        ("kaiming_uniform_([3, 5], float64)", [3, 5], "float64",
         lambda t: I.kaiming_uniform_(t, generator=g())),
        ("kaiming_normal_([4, 8], leaky_relu 0.2)", [4, 8], "float32",
         lambda t: I.kaiming_normal_(t, a=0.2, generator=g())),
        ("kaiming_normal_([2, 3], tanh, fan_out)", [2, 3], "float32",
         lambda t: I.kaiming_normal_(t, mode="fan_out", nonlinearity="tanh", generator=g())),
        ("trunc_normal_([10, 10])", [10, 10], "float32", lambda t: I.trunc_normal_(t, generator=g())),
        ("trunc_normal_([7], std=0.02)", [7], "float32", lambda t: I.trunc_normal_(t, std=0.02, generator=g())),
        ("trunc_normal_([6, 6], a=1.5, b=3)", [6, 6], "float32",
         lambda t: I.trunc_normal_(t, a=1.5, b=3.0, generator=g())),
        ("trunc_normal_([5], float64, a=-0.5, b=0.5)", [5], "float64",
         lambda t: I.trunc_normal_(t, a=-0.5, b=0.5, generator=g())),
        ("orthogonal_([3, 5])", [3, 5], "float32", lambda t: I.orthogonal_(t, generator=g())),
        ("orthogonal_([6, 2, 2], gain=2)", [6, 2, 2], "float64", lambda t: I.orthogonal_(t, gain=2, generator=g())),
    ]
    out = []
    for name, shape, dtype, fn in cases:
        t = torch.empty(shape, dtype=getattr(torch, dtype))
        fn(t)
        out.append({"name": name, "value": enc(t)})
    gains = {}
    for nl, param in [("linear", None), ("conv2d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
                      ("leaky_relu", None), ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)), ("selu", None)]:
        gains[f"{nl} {param}"] = nn.init.calculate_gain(nl, param)
    return out, gains


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.1))
        self.layers = nn.ModuleList([nn.Linear(8, 8), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2)])
        self.head = nn.ModuleDict({"score": nn.Linear(2, 1), "act": nn.Sigmoid()})
        self.scale = nn.Parameter(torch.ones(1))
        self.register_buffer("steps", torch.zeros(1))
        self.register_buffer("cache", torch.zeros(2), persistent=False)
        self.shared = self.layers[0]  # the same module under a second name


def containers():
    torch.manual_seed(0)
    net = Net()
    out = {
        "net_repr": repr(net),
        "net_state_keys": list(net.state_dict().keys()),
        "net_parameters": [k for k, _ in net.named_parameters()],
        "net_parameters_all": [k for k, _ in net.named_parameters(remove_duplicate=False)],
        "net_buffers": [k for k, _ in net.named_buffers()],
        "net_modules": [k for k, _ in net.named_modules()],
        "net_children": [k for k, _ in net.named_children()],
        "net_state": [[k, enc(v)] for k, v in net.state_dict().items()],
        "empty_sequential": repr(nn.Sequential()),
        "empty_module_list": repr(nn.ModuleList()),
        "nested": repr(nn.Sequential(nn.Sequential(nn.Linear(2, 2), nn.ReLU()), nn.ModuleList([nn.ReLU(), nn.ReLU()]))),
        "parameter": repr(nn.Parameter(torch.tensor([1.0, 2.0]))),
        "parameter_no_grad": repr(nn.Parameter(torch.tensor([[1.5, -2.0]], dtype=torch.float64), requires_grad=False)),
        "reprs": {},
    }
    for name, m in [
        ("Dropout(p=0.1)", nn.Dropout(0.1)),
        ("Dropout(p=1e-5)", nn.Dropout(1e-5)),
        ("Softmax()", nn.Softmax()),
        ("Conv2d bias=False dilation", nn.Conv2d(2, 4, (3, 1), stride=(2, 1), dilation=2, bias=False)),
        ("Conv1d padding=same", nn.Conv1d(2, 2, 3, padding="same")),
        ("MaxPool2d((3, 2), stride=1)", nn.MaxPool2d((3, 2), stride=1)),
        ("AvgPool2d((2, 3), stride=(1, 2), padding=1)", nn.AvgPool2d((2, 3), stride=(1, 2), padding=1)),
        ("AdaptiveMaxPool2d((3, None))", nn.AdaptiveMaxPool2d((3, None))),
        ("CrossEntropyLoss(weight)", nn.CrossEntropyLoss(weight=torch.ones(3))),
        ("Identity", nn.Identity()),
    ]:
        out["reprs"][name] = repr(m)
    return out


def load_errors():
    cases = []

    def err(fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            return [type(e).__name__, str(e)]
        return None

    torch.manual_seed(0)
    lin = nn.Linear(4, 3)
    w, b = lin.weight.detach().clone(), lin.bias.detach().clone()
    cases.append(["missing bias", err(lambda: nn.Linear(4, 3).load_state_dict({"weight": w}))])
    cases.append(["unexpected", err(lambda: nn.Linear(4, 3).load_state_dict({"weight": w, "bias": b, "scale": b, "x.y": b}))])
    cases.append(["size mismatch", err(lambda: nn.Linear(4, 3).load_state_dict({"weight": torch.zeros(3, 5), "bias": b}))])
    cases.append(["all three", err(lambda: nn.Linear(4, 3).load_state_dict({"weight": torch.zeros(2, 4), "extra": b}))])
    seq = lambda: nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    sd = seq().state_dict()
    bad = dict(sd)
    del bad["2.bias"]
    bad["1.weight"] = torch.zeros(1)
    bad["0.weight"] = torch.zeros(3, 3)
    cases.append(["sequential", err(lambda: seq().load_state_dict(bad))])
    cases.append(["non-strict", err(lambda: seq().load_state_dict(bad, strict=False))])
    r = seq().load_state_dict({k: v for k, v in sd.items() if k != "2.bias"} | {"3.weight": torch.zeros(1)}, strict=False)
    cases.append(["non-strict ok", {"missing": r.missing_keys, "unexpected": r.unexpected_keys}])
    return cases


def clip_cases():
    out = []
    grads = [randn([3, 4], 7) * 3, randn([5], 8)]
    for norm_type in [2.0, 1.0, 3.0, math.inf]:
        ps = [torch.zeros_like(g, requires_grad=True) for g in grads]
        for p, g in zip(ps, grads):
            p.grad = g.clone()
        total = torch.nn.utils.clip_grad_norm_(ps, 1.5, norm_type=norm_type)
        out.append({"kind": "norm", "norm_type": "inf" if norm_type == math.inf else norm_type, "max": 1.5,
                    "grads": [enc(g) for g in grads], "total": total.item(),
                    "clipped": [enc(p.grad) for p in ps]})
    ps = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(ps, grads):
        p.grad = g.clone()
    torch.nn.utils.clip_grad_value_(ps, 0.7)
    out.append({"kind": "value", "max": 0.7, "grads": [enc(g) for g in grads],
                "clipped": [enc(p.grad) for p in ps]})
    return out


def train():
    g = torch.Generator().manual_seed(10)
    n = 200
    x = torch.randn(n, 2, generator=g)
    # three classes by angle, with a little label noise
    angle = torch.atan2(x[:, 1], x[:, 0])
    y = ((angle + math.pi) / (2 * math.pi) * 3).long().clamp(max=2)
    flip = torch.rand(n, generator=g) < 0.05
    y = torch.where(flip, (y + 1) % 3, y)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
    initial = [[k, enc(v)] for k, v in model.state_dict().items()]
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loader = DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True)
    losses = []
    batches = []
    while len(losses) < 50:
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            if len(batches) < 3:
                batches.append(yb.tolist())
            if len(losses) == 50:
                break
    return {
        "x": enc(x),
        "y": y.tolist(),
        "initial": initial,
        "losses": losses,
        "first_batches_labels": batches,
        "final": [[k, enc(v)] for k, v in model.state_dict().items()],
        "repr": repr(model),
    }

LOADED_FILE = "loaded_model.pt"


def loaded():
    """A model saved with torch.save, and PyTorch's outputs of each of its layers for a fixed
    input, for the test that loads the file into descent's model."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(4, 16), nn.ReLU(), nn.LayerNorm(16), nn.Linear(16, 16), nn.GELU(),
        nn.Linear(16, 16), nn.SiLU(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 3), nn.Sigmoid(),
    )
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():  # weights no seed's default initialisation gives
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=g) * 0.1)
    torch.save(model.state_dict(), os.path.join(HERE, LOADED_FILE))
    model.eval()
    x = randn([64, 4], 1)
    outs = [x]
    with torch.no_grad():
        for layer in model:
            outs.append(layer(outs[-1]))
    return {
        "file": LOADED_FILE,
        "repr": repr(model),
        "input": enc(x),
        "outputs": [enc(o) for o in outs[1:]],
    }


def main():
    init, gains = init_cases()
    data = {
        "torch": torch.__version__,
        "layers": [layer_case(*c) for c in LAYERS],
        "init": init,
        "gains": gains,
        "containers": containers(),
        "load_errors": load_errors(),
        "clip": clip_cases(),
        "train": train(),
        "loaded": loaded(),
    }
    with open(os.path.join(HERE, "fixtures.json"), "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
