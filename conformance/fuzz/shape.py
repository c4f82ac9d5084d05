#!/usr/bin/python3
"""Writes conformance/fuzz/shape.json: random programs of the shape and indexing ops (views and
shape ops, joining and splitting, `t[...]` reads and writes, the gather/scatter/mask family, in-place
ops on views) as PyTorch 2.x runs them, for conformance/fuzz_shape_test.ts to replay in descent.

Each case is one op on random inputs: a random shape (0-d, empty dims, size-1 dims), a dtype
(float64, float32, int64, int32, uint8, bool), a layout (contiguous, transposed, a stepped slice,
expanded from a size-1 dim, at a storage offset) and values with NaN, ±inf and -0 among them,
and random arguments (negative dims, out-of-range dims and indices, duplicate indices where the
result is defined). A case records the outputs (shape, dtype, values, gradFn, printed form) and
the gradients of the float leaves for random cotangents, or the error PyTorch raises (class and
text). Inputs that are views are made from leaves, so the gradients also pass through the views'
backwards.

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/fuzz/shape.py [N SEED OUT [OPS]]

Without arguments it writes the kept suite (300 cases, seed 5) beside this file; with them, N
cases of seed SEED to OUT (OPS: a comma-separated list of ops), for
conformance/fuzz/shape_replay.ts to replay. FUZZ_BIG=1 makes last dims 100-300 long (the kernels'
run paths). Deterministic.

Where descent deliberately differs, the generator does not draw the case (each is commented where
it is avoided): a JS number cannot say whether it is a float (`masked_fill(uint8, -1.0)` is refused
by PyTorch, -1 wraps); `x * 1` of a transposed x keeps PyTorch's strides (so `view` fails there);
circular padding with a negative and a positive amount (PyTorch returns uninitialised memory,
descent refuses); the backward of an in-place op on an expanded view (PyTorch refuses it, descent
computes it); `sub_` with a bool operand (PyTorch's bool error comes first); `index_put_`'s 0-d
index tensors and values with leading 1s (descent's `indexPut_` reads them as Python's
`t[...] = v` does); the saved-tensor error of `savedModified` (autograd/node.ts has 1.13's words).
"""
import json
import os
import random
import sys
import warnings

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from in_2x import dec, grad_fn_name  # noqa: E402
from json_values import enc, values  # noqa: E402

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (conformance/random/generate.py)"

DTYPES = ["float64", "float64", "float64", "float32", "int64", "int32", "uint8", "bool"]
SPECIAL = [float("nan"), float("inf"), float("-inf"), -0.0]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def shape(self, lo=0, hi=4, empty=0.08):
        n = self.r.randint(lo, hi)
        out = [0 if self.r.random() < empty else self.r.randint(1, 4) for _ in range(n)]
        if BIG and out and self.r.random() < 0.7:
            out[-1] = self.r.randint(100, 300)  # long rows: the kernels' run paths
        return out

    def dtype(self, float_only=False):
        return self.r.choice(DTYPES[:4] if float_only else DTYPES)

    def layout(self, shape):
        opts = ["c", "c", "o"]
        if len(shape) >= 2:
            opts.append("t")
        if len(shape) >= 1:
            opts.append("s")
        if any(s == 1 for s in shape) or (shape and self.r.random() < 0.3):
            opts.append("e")
        return self.r.choice(opts)

    def data(self, shape=None, dtype=None, layout=None, grad=True, float_only=False, **kw):
        shape = self.shape(**kw) if shape is None else shape
        dtype = dtype or self.dtype(float_only)
        return {"kind": "data", "shape": shape, "dtype": dtype, "layout": layout or self.layout(shape), "grad": grad}

    def dim(self, ndim, bad=0.05):
        if self.r.random() < bad:
            return self.r.choice([ndim, -ndim - 1, ndim + 2])
        n = max(ndim, 1)
        return self.r.randint(-n, n - 1)

    def index(self, shape, dtype=None, lo=None, hi=None, layout=None, bad=0.04):
        """An int index tensor spec with values in [lo, hi) (negative allowed)."""
        return {
            "kind": "index",
            "shape": shape,
            "dtype": dtype or self.r.choice(["int64", "int64", "int32"]),
            "layout": layout or self.layout(shape),
            "lo": lo,
            "hi": hi,
            "bad": bad,
        }

    def mask(self, shape, layout=None):
        return {"kind": "mask", "shape": shape, "dtype": "bool", "layout": layout or self.layout(shape)}


def base_shape(spec):
    s = list(spec["shape"])
    lay = spec["layout"]
    if lay == "t":
        s[-1], s[-2] = s[-2], s[-1]
    elif lay == "s":
        s[0] = 2 * s[0]
    elif lay == "e":
        s[spec["edim"]] = 1
    return s


def fill_values(g, spec):
    r = g.r
    shape = base_shape(spec)
    n = 1
    for s in shape:
        n *= s
    if spec["layout"] == "o":
        n += 1
    kind = spec["kind"]
    if kind == "index":
        lo, hi = spec["lo"], spec["hi"]
        vals = [r.randint(lo, hi - 1) if hi > lo else 0 for _ in range(n)]
        if r.random() < spec["bad"] and n:
            vals[r.randrange(n)] = r.choice([hi, lo - 1, hi + 3])
        return vals
    if kind == "mask" or spec["dtype"] == "bool":
        return [r.random() < 0.5 for _ in range(n)]
    dt = spec["dtype"]
    if dt in ("float64", "float32"):
        out = []
        for _ in range(n):
            x = r.random()
            if x < 0.06:
                out.append(r.choice(SPECIAL))
            elif x < 0.3:
                out.append(float(r.randint(-3, 3)))  # ties for amax/amin
            else:
                out.append(round(r.gauss(0, 2), 6))
        return out
    if dt == "uint8":
        return [r.randint(0, 255) for _ in range(n)]
    return [r.randint(-9, 9) for _ in range(n)]


TORCH_DTYPE = {
    "float64": torch.float64,
    "float32": torch.float32,
    "int64": torch.int64,
    "int32": torch.int32,
    "uint8": torch.uint8,
    "bool": torch.bool,
}


def build(spec):
    """The leaf and the input made from it by the spec's layout."""
    dt = TORCH_DTYPE[spec["dtype"]]
    raw = spec["values"]
    if spec["dtype"] == "bool":
        leaf = torch.tensor([bool(v) for v in raw], dtype=dt)
    else:
        leaf = torch.tensor([float(v) for v in raw], dtype=torch.float64).to(dt)
    lay = spec["layout"]
    if lay != "o":
        leaf = leaf.reshape(base_shape(spec))
    if spec.get("grad") and dt.is_floating_point:
        leaf.requires_grad_()
    if lay == "c":
        x = leaf
    elif lay == "t":
        x = leaf.transpose(-1, -2)
    elif lay == "s":
        x = leaf[::2]
    elif lay == "e":
        x = leaf.expand(spec["shape"])
    else:
        x = leaf[1:].view(spec["shape"])
    return leaf, x


def index_item(item, tensors):
    k = item[0]
    if k == "i":
        return item[1]
    if k == "s":
        return slice(*item[1])
    if k == "n":
        return None
    if k == "e":
        return Ellipsis
    if k == "b":
        return item[1]
    if k == "t":
        return tensors[item[1]]
    if k == "l":
        return item[1]
    raise ValueError(k)


def index_tuple(items, tensors):
    """Python's index for `items`; one item alone, as descent's `index(item)` reads it (in PyTorch
    `t[item]` and `t[(item,)]` record different nodes)."""
    if len(items) == 1:
        return index_item(items[0], tensors)
    return tuple(index_item(i, tensors) for i in items)


# ------------------------------------------------------------------------------------------------
# ops: name -> (gen(g) -> (input specs, params), run(inputs, params) -> outputs)

OPS = {}


def op(name):
    def deco(pair):
        OPS[name] = pair
        return pair

    return deco


def reshape_target(g, shape):
    n = 1
    for s in shape:
        n *= s
    r = g.r
    # factor n into a random shape, maybe with a -1
    dims = []
    m = n
    while m > 1 and len(dims) < 4:
        f = [d for d in range(1, m + 1) if m % d == 0]
        d = r.choice(f)
        dims.append(d)
        m //= d
    if m != 1:
        dims.append(m)
    if n == 0:
        dims = [r.choice([0, 2, 3]) for _ in range(r.randint(1, 3))]
        if 0 not in dims:
            dims[0] = 0
    r.shuffle(dims)
    if r.random() < 0.15:
        dims.insert(r.randint(0, len(dims)), 1)
    if dims and r.random() < 0.4:
        dims[r.randrange(len(dims))] = -1
    if r.random() < 0.05:
        dims.append(r.choice([2, 5]))  # wrong size
    return dims


def gen_reshape(g):
    x = g.data()
    return [x], {"shape": reshape_target(g, x["shape"])}


op("reshape")((gen_reshape, lambda i, p: [i[0].reshape(p["shape"])]))
op("view")((gen_reshape, lambda i, p: [i[0].view(p["shape"])]))


def gen_permute(g):
    x = g.data()
    n = len(x["shape"])
    dims = list(range(n))
    g.r.shuffle(dims)
    dims = [d - n if g.r.random() < 0.3 else d for d in dims]
    if g.r.random() < 0.05:
        dims = dims + [0] if dims else [0]
    return [x], {"dims": dims}


op("permute")((gen_permute, lambda i, p: [i[0].permute(p["dims"])]))


def gen_two_dims(g):
    x = g.data()
    n = len(x["shape"])
    return [x], {"d0": g.dim(n), "d1": g.dim(n)}


op("transpose")((gen_two_dims, lambda i, p: [i[0].transpose(p["d0"], p["d1"])]))


def gen_movedim(g):
    x = g.data()
    n = len(x["shape"])
    if g.r.random() < 0.5 or n == 0:
        return [x], {"src": g.dim(n), "dst": g.dim(n)}
    k = g.r.randint(1, n)
    src = g.r.sample(range(n), k)
    dst = g.r.sample(range(n), k)
    return [x], {"src": src, "dst": dst}


op("movedim")((gen_movedim, lambda i, p: [torch.movedim(i[0], p["src"], p["dst"])]))


def gen_expand(g):
    x = g.data(hi=3)
    r = g.r
    sizes = [(-1 if r.random() < 0.3 else (r.randint(1, 3) if s == 1 else s)) for s in x["shape"]]
    lead = [r.randint(0, 3) for _ in range(r.randint(0, 2))]
    if r.random() < 0.05 and sizes:
        sizes[0] = 7
    return [x], {"sizes": lead + sizes}


op("expand")((gen_expand, lambda i, p: [i[0].expand(p["sizes"])]))


def gen_squeeze(g):
    x = g.data()
    n = len(x["shape"])
    return [x], {"dim": None if g.r.random() < 0.3 else g.dim(n)}


op("squeeze")((gen_squeeze, lambda i, p: [i[0].squeeze() if p["dim"] is None else i[0].squeeze(p["dim"])]))


def gen_unsqueeze(g):
    x = g.data()
    return [x], {"dim": g.dim(len(x["shape"]) + 1)}


op("unsqueeze")((gen_unsqueeze, lambda i, p: [i[0].unsqueeze(p["dim"])]))


def gen_flatten(g):
    x = g.data()
    n = len(x["shape"])
    return [x], {"s": g.dim(n), "e": g.dim(n)}


op("flatten")((gen_flatten, lambda i, p: [i[0].flatten(p["s"], p["e"])]))


def gen_unflatten(g):
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    size = x["shape"][d] if -n <= d < n else 4
    return [x], {"dim": d, "sizes": reshape_target(g, [size])}


op("unflatten")((gen_unflatten, lambda i, p: [i[0].unflatten(p["dim"], p["sizes"])]))


def gen_join(g):
    r = g.r
    shape = g.shape(lo=1 if r.random() < 0.9 else 0)
    n = len(shape)
    d = g.dim(n + 1 if False else n)
    k = r.randint(1, 3)
    ins = []
    for _ in range(k):
        s = list(shape)
        if n and -n <= d < n and r.random() < 0.7:
            s[d] = r.randint(0, 3)
        if r.random() < 0.05:
            s = [0]  # the legacy empty tensor cat skips
        ins.append(g.data(shape=s, dtype=g.dtype() if r.random() < 0.25 else None))
    same = ins[0]["dtype"]
    for i in ins[1:]:
        if r.random() < 0.7:
            i["dtype"] = same
    return ins, {"dim": d}


op("cat")((gen_join, lambda i, p: [torch.cat(i, p["dim"])]))


def gen_stack(g):
    r = g.r
    shape = g.shape()
    n = len(shape)
    d = g.dim(n + 1)
    ins = [g.data(shape=list(shape)) for _ in range(r.randint(1, 3))]
    for i in ins[1:]:
        if r.random() < 0.7:
            i["dtype"] = ins[0]["dtype"]
        if r.random() < 0.04:
            i["shape"] = i["shape"] + [1]
            i["layout"] = "c"
    return ins, {"dim": d}


op("stack")((gen_stack, lambda i, p: [torch.stack(i, p["dim"])]))


def gen_split(g):
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    r = g.r
    size = x["shape"][d] if -n <= d < n else 3
    if r.random() < 0.5:
        return [x], {"size": r.randint(0 if size == 0 else 1, 4), "dim": d}
    parts = []
    left = size
    while left > 0:
        p = r.randint(0, left)
        parts.append(p)
        left -= p
    if r.random() < 0.08:
        parts.append(1)
    return [x], {"size": parts, "dim": d}


op("split")((gen_split, lambda i, p: list(torch.split(i[0], p["size"], p["dim"]))))


def gen_chunk(g):
    x = g.data(lo=1)
    return [x], {"chunks": g.r.randint(1 if g.r.random() > 0.03 else 0, 5), "dim": g.dim(len(x["shape"]))}


op("chunk")((gen_chunk, lambda i, p: list(torch.chunk(i[0], p["chunks"], p["dim"]))))


def gen_unbind(g):
    x = g.data(lo=1)
    return [x], {"dim": g.dim(len(x["shape"]))}


op("unbind")((gen_unbind, lambda i, p: list(torch.unbind(i[0], p["dim"]))))


def gen_narrow(g):
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    size = x["shape"][d] if -n <= d < n else 2
    r = g.r
    start = r.randint(-size, size) if size else 0
    real = start + size if start < 0 else start
    length = r.randint(0, max(size - real, 0))
    if r.random() < 0.05:
        length += 1
    return [x], {"dim": d, "start": start, "length": length}


op("narrow")((gen_narrow, lambda i, p: [i[0].narrow(p["dim"], p["start"], p["length"])]))


def gen_select(g):
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    size = x["shape"][d] if -n <= d < n else 2
    i = g.r.randint(-size - 1, size)
    return [x], {"dim": d, "i": i}


op("select")((gen_select, lambda i, p: [i[0].select(p["dim"], p["i"])]))


def gen_flip(g):
    x = g.data()
    n = len(x["shape"])
    k = g.r.randint(0 if n == 0 else 1, max(n, 1))
    dims = [g.dim(n) for _ in range(k)]
    return [x], {"dims": dims}


op("flip")((gen_flip, lambda i, p: [i[0].flip(p["dims"])]))


def gen_roll(g):
    x = g.data()
    n = len(x["shape"])
    r = g.r
    if r.random() < 0.3 or n == 0:
        return [x], {"shifts": r.randint(-7, 7), "dims": None}
    k = r.randint(1, n)
    return [x], {"shifts": [r.randint(-7, 7) for _ in range(k)], "dims": [g.dim(n) for _ in range(k)]}


op("roll")((gen_roll, lambda i, p: [torch.roll(i[0], p["shifts"], p["dims"]) if p["dims"] is not None else torch.roll(i[0], p["shifts"])]))


def gen_repeat(g):
    x = g.data(hi=3)
    n = len(x["shape"])
    reps = [g.r.randint(0 if g.r.random() < 0.1 else 1, 3) for _ in range(g.r.randint(max(n - 1, 0), n + 1))]
    return [x], {"reps": reps}


op("repeat")((gen_repeat, lambda i, p: [i[0].repeat(p["reps"])]))
op("tile")((gen_repeat, lambda i, p: [i[0].tile(p["reps"])]))


def gen_diagonal(g):
    x = g.data(lo=2 if g.r.random() < 0.95 else 1)
    n = len(x["shape"])
    return [x], {"offset": g.r.randint(-4, 4), "d1": g.dim(n), "d2": g.dim(n)}


op("diagonal")((gen_diagonal, lambda i, p: [i[0].diagonal(p["offset"], p["d1"], p["d2"])]))


def gen_tri(g):
    x = g.data(lo=2 if g.r.random() < 0.95 else 1)
    return [x], {"k": g.r.randint(-4, 4)}


op("tril")((gen_tri, lambda i, p: [i[0].tril(p["k"])]))
op("triu")((gen_tri, lambda i, p: [i[0].triu(p["k"])]))


def gen_diag(g):
    x = g.data(lo=1, hi=2)
    return [x], {"offset": g.r.randint(-3, 3)}


op("diag")((gen_diag, lambda i, p: [torch.diag(i[0], p["offset"])]))


def gen_diag_embed(g):
    x = g.data(lo=1, hi=3)
    n = len(x["shape"]) + 1
    return [x], {"offset": g.r.randint(-2, 2), "d1": g.dim(n), "d2": g.dim(n)}


op("diagEmbed")((gen_diag_embed, lambda i, p: [torch.diag_embed(i[0], p["offset"], p["d1"], p["d2"])]))


def gen_pad(g):
    r = g.r
    mode = r.choice(["constant", "constant", "reflect", "replicate", "circular"])
    if mode == "constant":
        x = g.data(lo=1)
        k = r.randint(1, len(x["shape"]))
        amounts = [r.randint(-1, 2) for _ in range(2 * k)]
        return [x], {"pad": amounts, "mode": mode, "value": r.choice([None, 1.5, -2.0])}
    k = r.randint(1, 3)
    x = g.data(lo=k + 1, hi=k + 2, float_only=True)
    # (circular with a negative and a positive amount: PyTorch 2.13 returns uninitialised memory)
    low = 0 if mode == "circular" else -1
    amounts = [r.randint(0, 2) if r.random() < 0.9 else low for _ in range(2 * k)]
    return [x], {"pad": amounts, "mode": mode, "value": None}


op("pad")((gen_pad, lambda i, p: [F.pad(i[0], p["pad"], p["mode"], p["value"])]))


def gen_unfold(g):
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    return [x], {"dim": d, "size": g.r.randint(0, 3), "step": g.r.randint(1, 3)}


op("unfold")((gen_unfold, lambda i, p: [i[0].unfold(p["dim"], p["size"], p["step"])]))


def gen_repeat_interleave(g):
    x = g.data(hi=3)
    n = len(x["shape"])
    r = g.r
    d = None if r.random() < 0.3 or n == 0 else g.dim(n)
    if r.random() < 0.5:
        return [x], {"reps": r.randint(0, 3), "dim": d}
    size = (x["shape"][d] if -n <= d < n else 1) if d is not None else max(1, 1)
    if d is None:
        size = 1
        for s in x["shape"]:
            size *= s
    rep = g.index([size], lo=0, hi=3, bad=0.0)
    return [x, rep], {"reps": "t", "dim": d}


op("repeatInterleave")(
    (
        gen_repeat_interleave,
        lambda i, p: [torch.repeat_interleave(i[0], i[1] if p["reps"] == "t" else p["reps"], p["dim"])],
    )
)


# ---- indexing ----


def gen_items(g, shape, tensors, allow_adv=True, unique=False):
    """Random items for t[...] on `shape`; index tensor specs appended to `tensors`."""
    r = g.r
    items = []
    d = 0
    n = len(shape)
    used_ellipsis = False
    budget = r.randint(1, n + 2)
    while len(items) < budget:
        x = r.random()
        if d < n and x < 0.2:
            items.append(["i", r.randint(-shape[d] - (1 if r.random() < 0.05 else 0), max(shape[d] - 1, 0))])
            d += 1
        elif d < n and x < 0.45:
            s = shape[d]
            start = r.choice([None, r.randint(-s - 1, s + 1)])
            stop = r.choice([None, r.randint(-s - 1, s + 1)])
            step = r.choice([None, 1, 2, 3])
            items.append(["s", [start, stop, step]])
            d += 1
        elif x < 0.55:
            items.append(["n"])
        elif x < 0.6 and not used_ellipsis:
            items.append(["e"])
            used_ellipsis = True
            d = n - r.randint(0, n - d)  # the dims the items after it index
        elif x < 0.63:
            items.append(["b", r.random() < 0.7])
        elif allow_adv and d < n and x < 0.85:
            ishape = r.choice([[], [r.randint(0, 3)], [2, 1], [1, 3], [r.randint(1, 2), 2]])
            tensors.append(g.index(ishape, lo=-shape[d], hi=shape[d]) if shape[d] else g.index(ishape, lo=0, hi=0))
            items.append(["t", len(tensors)])
            d += 1
        elif allow_adv and d < n and x < 0.92:
            k = r.randint(1, min(2, n - d))
            tensors.append(g.mask(shape[d : d + k]))
            items.append(["t", len(tensors)])
            d += k
        elif allow_adv and d < n and shape[d] > 0:
            if unique and r.random() < 0.7:
                items.append(["l", r.sample(range(shape[d]), r.randint(1, shape[d]))])
            elif r.random() < 0.7:
                items.append(["l", [r.randint(-shape[d], shape[d] - 1) for _ in range(r.randint(1, 3))]])
            else:
                items.append(["l", [r.random() < 0.5 for _ in range(shape[d])]])
            d += 1
        else:
            break
    return items


def gen_index(g):
    x = g.data(lo=0)
    tensors = []
    items = gen_items(g, x["shape"], tensors)
    return [x] + tensors, {"items": items}


op("index")((gen_index, lambda i, p: [i[0][index_tuple(p["items"], i)]]))


def adv_only(items):
    return all(k[0] in ("t", "l") for k in items)


def gen_index_put(g):
    r = g.r
    x = g.data(lo=1)
    tensors = []
    accumulate = r.random() < 0.5
    # advanced-only indices: index_put_; otherwise t[...] = v. Without accumulate, duplicate
    # positions give an undefined result: distinct positions only
    items = gen_items(g, x["shape"], tensors, unique=not accumulate)
    if not accumulate:
        for t in tensors:
            if t["kind"] == "index":
                t["unique"] = True
    # values: a number, or a tensor of a shape that broadcasts to the result (found by PyTorch)
    vkind = r.choice(["num", "tensor", "tensor", "tensor"])
    return [x] + tensors, {"items": items, "accumulate": accumulate, "vkind": vkind}


def run_index_put(i, p):
    x = i[0].clone()
    v = (2.5 if x.dtype.is_floating_point else 3) if p["vkind"] == "num" else p["_v"]
    if p["items"] and adv_only(p["items"]):
        idx = tuple(i[t[1]] if t[0] == "t" else torch.tensor(t[1]) for t in p["items"])
        if any(t.dim() == 0 for t in idx):
            raise SkipCase()  # descent's indexPut_ reads a 0-d index as Python's t[i] does
        if isinstance(v, torch.Tensor):
            # descent's indexPut_ drops the values' leading 1s first, as Python's t[...] = v does
            k = 0
            while k < v.dim() and v.shape[k] == 1:
                k += 1
            v = v.reshape(v.shape[k:])
        x.index_put_(idx, v if isinstance(v, torch.Tensor) else torch.tensor(v, dtype=x.dtype), accumulate=p["accumulate"])
        return [x]
    if p["accumulate"]:
        raise SkipCase()
    x[index_tuple(p["items"], i)] = v
    return [x]


class SkipCase(Exception):
    pass


op("indexPut")((gen_index_put, run_index_put))


def gen_gather(g):
    r = g.r
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    dd = d + n if d < 0 else d
    size = x["shape"][dd] if 0 <= dd < n else 1
    ishape = [r.randint(0, s) for s in x["shape"]]
    if 0 <= dd < n:
        ishape[dd] = r.randint(0, 4)
    return [x, g.index(ishape, lo=0, hi=size)], {"dim": d}


op("gather")((gen_gather, lambda i, p: [torch.gather(i[0], p["dim"], i[1])]))


def gen_index_select(g):
    r = g.r
    x = g.data(lo=0)
    n = len(x["shape"])
    d = g.dim(n)
    dd = d + n if d < 0 else d
    size = x["shape"][dd] if 0 <= dd < n else 1
    ishape = r.choice([[r.randint(0, 5)], [], [r.randint(0, 5)]])
    return [x, g.index(ishape, lo=0, hi=size)], {"dim": d}


op("indexSelect")((gen_index_select, lambda i, p: [torch.index_select(i[0], p["dim"], i[1])]))


def gen_take(g):
    x = g.data(lo=0)
    n = 1
    for s in x["shape"]:
        n *= s
    return [x, g.index(g.shape(hi=3), lo=-n, hi=n)], {}


op("take")((gen_take, lambda i, p: [torch.take(i[0], i[1])]))


def gen_scatter(g, reduce=None):
    r = g.r
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    dd = d + n if d < 0 else d
    size = x["shape"][dd] if 0 <= dd < n else 1
    ishape = [r.randint(0, s) for s in x["shape"]]
    if 0 <= dd < n:
        ishape[dd] = r.randint(0, 4)
    src_shape = [s + r.choice([0, 0, 1]) for s in ishape]
    src = g.data(shape=src_shape, dtype=x["dtype"] if r.random() < 0.95 else None)
    idx = g.index(ishape, lo=0, hi=size)
    params = {"dim": d}
    if reduce is None:
        idx["unique_along"] = dd  # scatter with duplicates is undefined
        params["scalar"] = r.random() < 0.25
    else:
        params["reduce"] = r.choice(reduce)
        params["includeSelf"] = r.random() < 0.6
    return [x, idx, src], params


op("scatter")(
    (
        gen_scatter,
        lambda i, p: [torch.scatter(i[0], p["dim"], i[1], 1.5 if p["scalar"] else i[2])],
    )
)
op("scatterAdd")((lambda g: gen_scatter(g, ["sum"]), lambda i, p: [torch.scatter_add(i[0], p["dim"], i[1], i[2])]))
op("scatterReduce")(
    (
        lambda g: gen_scatter(g, ["sum", "prod", "mean", "amax", "amin"]),
        lambda i, p: [torch.scatter_reduce(i[0], p["dim"], i[1], i[2], p["reduce"], include_self=p["includeSelf"])],
    )
)


def gen_index_add(g):
    r = g.r
    x = g.data(lo=1)
    n = len(x["shape"])
    d = g.dim(n)
    dd = d + n if d < 0 else d
    size = x["shape"][dd] if 0 <= dd < n else 1
    k = r.randint(0, 4)
    sshape = list(x["shape"])
    if 0 <= dd < n:
        sshape[dd] = k
    src = g.data(shape=sshape, dtype=x["dtype"])
    return [x, g.index([k] if r.random() < 0.9 else [], lo=0, hi=size), src], {"dim": d, "alpha": r.choice([1, 1, 2, -0.5])}


op("indexAdd")((gen_index_add, lambda i, p: [torch.index_add(i[0], p["dim"], i[1], i[2], alpha=p["alpha"])]))


def gen_masked_fill(g):
    r = g.r
    x = g.data()
    s = x["shape"]
    k = r.randint(0, len(s))
    mshape = [1 if r.random() < 0.3 else d for d in s[len(s) - k :]]
    kind = r.choice(["num", "num", "t0", "t0g"])
    ins = [x, g.mask(mshape)]
    if kind != "num":
        ins.append(g.data(shape=[], dtype=x["dtype"] if r.random() < 0.8 else None, grad=kind == "t0g"))
    return ins, {"value": kind, "num": r.choice([2.5, -1, "nan", 3])}


op("maskedFill")(
    (
        gen_masked_fill,
        lambda i, p: [torch.masked_fill(i[0], i[1], dec(p["num"]) if p["value"] == "num" else i[2])],
    )
)


def gen_masked_select(g):
    r = g.r
    x = g.data()
    s = x["shape"]
    k = r.randint(0, len(s) + 1)
    mshape = [1 if r.random() < 0.3 else d for d in s[max(len(s) - k, 0) :]]
    if k > len(s):
        mshape = [2] + mshape
    return [x, g.mask(mshape)], {}


op("maskedSelect")((gen_masked_select, lambda i, p: [torch.masked_select(i[0], i[1])]))


def gen_masked_scatter(g):
    r = g.r
    x = g.data()
    s = x["shape"]
    k = r.randint(0, len(s))
    mshape = [1 if r.random() < 0.3 else d for d in s[len(s) - k :]]
    n = 1
    for d in s:
        n *= d
    src = g.data(shape=[n + r.choice([0, 0, 2, -1]) if n else 0], dtype=x["dtype"])
    if src["shape"][0] < 0:
        src["shape"] = [0]
    return [x, g.mask(mshape), src], {}


op("maskedScatter")((gen_masked_scatter, lambda i, p: [torch.masked_scatter(i[0], i[1], i[2])]))


def gen_nonzero(g):
    return [g.data()], {"asTuple": g.r.random() < 0.3}


op("nonzero")((gen_nonzero, lambda i, p: list(torch.nonzero(i[0], as_tuple=True)) if p["asTuple"] else [torch.nonzero(i[0])]))
op("argwhere")((lambda g: ([g.data()], {}), lambda i, p: [torch.argwhere(i[0])]))


# ---- in-place ops on views ----

VIEWS = ["select", "slice", "transpose", "diagonal", "index", "narrow", "unsqueeze", "view", "expand", "split"]


def make_view(x, p):
    k = p["view"]
    if k == "select":
        return x.select(p["d"], p["i"])
    if k == "slice":
        return x[slice(*p["sl"])]
    if k == "transpose":
        return x.transpose(p["d"], p["d2"])
    if k == "diagonal":
        return x.diagonal(p["i"], p["d"], p["d2"])
    if k == "index":
        return x[index_tuple(p["items"], [])]
    if k == "narrow":
        return x.narrow(p["d"], 0, 1)
    if k == "unsqueeze":
        return x.unsqueeze(p["d"])
    if k == "view":
        return x.view(-1)
    if k == "expand":
        return x.expand([2] + list(x.shape))
    return x.split(1, p["d"])[0]


def gen_inplace(g):
    r = g.r
    x = g.data(lo=1, float_only=r.random() < 0.8)
    s = x["shape"]
    n = len(s)
    v = r.choice(VIEWS)
    if v == "view":
        # (PyTorch's x * 1 keeps a transposed x's strides, so x.view(-1) fails; descent's result
        # is contiguous: a listed difference)
        x["layout"] = "c"
    p = {"view": v, "d": g.dim(n, 0), "d2": g.dim(n, 0), "i": 0, "sl": None, "items": []}
    d = p["d"] + n if p["d"] < 0 else p["d"]
    if v == "select":
        p["i"] = r.randint(-s[d], max(s[d] - 1, 0)) if s[d] else 0
    if v == "diagonal":
        p["i"] = r.randint(-2, 2)
    if v == "slice":
        p["sl"] = [None, None, r.choice([1, 2])]
    if v == "index":
        p["items"] = gen_items(g, s, [], allow_adv=False)
    if v == "unsqueeze":
        p["d"] = g.dim(n + 1, 0)
    p["op"] = r.choice(["mul_", "add_", "add_t", "zero_", "fill_", "copy_", "sub_t", "div_"])
    p["twice"] = r.random() < 0.3
    ins = [x]
    if p["op"] in ("add_t", "copy_", "sub_t"):
        # (sub_ with a bool: PyTorch's bool error comes before the others, descent's after: listed)
        other = "float64" if r.random() < 0.8 or p["op"] == "sub_t" else None
        ins.append(g.data(shape=[r.choice([1, 2, 3])], dtype=other))
    if p["op"] == "sub_t" and x["dtype"] == "bool":
        p["op"] = "add_t"
    return ins, p


def run_inplace(i, p):
    x = i[0] * 1 if i[0].dtype.is_floating_point else i[0].clone()
    v = make_view(x, p)
    o = p["op"]
    other = i[1] if len(i) > 1 else None
    for _ in range(2 if p["twice"] else 1):
        if o == "mul_":
            v.mul_(2)
        elif o == "add_":
            v.add_(1)
        elif o == "add_t":
            v.add_(other[: v.shape[-1]] if v.dim() else other[0])
        elif o == "zero_":
            v.zero_()
        elif o == "fill_":
            v.fill_(3)
        elif o == "copy_":
            v.copy_(other[: v.shape[-1]] if v.dim() else other[0])
        elif o == "sub_t":
            v.sub_(other[: v.shape[-1]] if v.dim() else other[0])
        else:
            v.div_(2)
    return [x, v]


op("inplaceView")((gen_inplace, run_inplace))

FAMILY = ["maskedFill_", "indexPut_acc", "scatterAdd_", "indexAdd_", "maskedScatter_", "scatter_"]


def gen_family(g):
    """An in-place op of the gather/scatter/mask family on a view of a non-leaf."""
    r = g.r
    x = g.data(lo=1, hi=3, float_only=True)
    n = len(x["shape"])
    p = {"view": r.choice(["select", "slice", "transpose", "narrow", "unsqueeze"]), "d": g.dim(n, 0), "d2": g.dim(n, 0)}
    p.update({"i": 0, "sl": [None, None, r.choice([1, 2])], "items": []})
    if p["view"] == "unsqueeze":
        p["d"] = g.dim(n + 1, 0)
    p["op"] = r.choice(FAMILY)
    src = g.data(shape=[4, 4, 4, 4][: max(n, 1)], dtype=x["dtype"], layout="c")
    return [x, src], p


def family_src(v, src):
    """`src` cut to `v`'s shape (a contiguous copy)."""
    s = src
    while s.dim() > max(v.dim(), 1):
        s = s[0]
    while s.dim() < v.dim():
        s = s.unsqueeze(0)
    return s[tuple(slice(0, k) for k in v.shape)] if v.dim() else s.reshape(-1)[0]


def run_family(i, p):
    x = i[0] * 1
    v = make_view(x, p)
    src = family_src(v, i[1])
    o = p["op"]
    if v.dim() == 0 and o not in ("maskedFill_", "maskedScatter_"):
        raise SkipCase()
    n0 = v.shape[0] if v.dim() else 1
    if o == "maskedFill_":
        v.masked_fill_(v.detach() > 0, 0.5)
    elif o == "indexPut_acc":
        v.index_put_((torch.zeros(2, dtype=torch.long),), src[:1] if n0 else src, accumulate=True)
    elif o == "scatterAdd_":
        v.scatter_add_(0, torch.zeros(v.shape, dtype=torch.long), src)
    elif o == "indexAdd_":
        v.index_add_(0, torch.zeros(n0, dtype=torch.long), src)
    elif o == "maskedScatter_":
        v.masked_scatter_(v.detach() > 0, src)
    else:
        rows = torch.arange(n0 - 1, -1, -1).reshape([n0] + [1] * (v.dim() - 1))
        v.scatter_(0, rows.expand(v.shape).contiguous(), src)
    return [x, v]


op("inplaceFamily")((gen_family, run_family))


def gen_saved(g):
    """A saved tensor changed in place through a view (or the view through its base)."""
    r = g.r
    x = g.data(lo=1, hi=3, float_only=True)
    n = len(x["shape"])
    p = {"view": r.choice(["select", "slice", "transpose", "narrow"]), "d": g.dim(n, 0), "d2": g.dim(n, 0)}
    p.update({"i": 0, "sl": [None, None, 1], "items": [], "which": r.choice(["view", "base"])})
    return [x], p


def run_saved(i, p):
    x = i[0] * 1
    v = make_view(x, p)
    y = v.sin()  # saves v
    (v if p["which"] == "view" else x).mul_(2)
    return [y]


op("savedModified")((gen_saved, run_saved))


# ------------------------------------------------------------------------------------------------


def finish_specs(g, specs):
    """Picks expand dims and draws values."""
    for s in specs:
        if s["layout"] == "e":
            s["edim"] = g.r.randrange(len(s["shape"]))
        if s["kind"] == "index":
            s["values"] = fill_values(g, s)
            if s.get("unique"):
                # distinct positions (a contiguous tensor: distinct elements)
                s["layout"] = "c"
                pool = list(range(max(s["hi"], 1)))
                g.r.shuffle(pool)
                m = 1
                for d in s["shape"]:
                    m *= d
                if m > len(pool):
                    s["shape"] = [len(pool)]
                    m = len(pool)
                s["values"] = pool[:m]
            ua = s.pop("unique_along", None)
            if ua is not None and 0 <= ua < len(s["shape"]):
                # scatter: distinct positions along the dim for each of the other positions
                s["layout"] = "c"
                shape = s["shape"]
                shape[ua] = min(shape[ua], s["hi"])
                rows = []
                others = 1
                for k, d in enumerate(shape):
                    others *= d if k != ua else 1
                for _ in range(others):
                    pool = list(range(s["hi"]))
                    g.r.shuffle(pool)
                    rows.append(pool[: shape[ua]])
                t = torch.tensor(rows, dtype=torch.int64).reshape([*shape[:ua], *shape[ua + 1 :], shape[ua]])
                s["values"] = t.movedim(-1, ua).reshape(-1).tolist()
        else:
            s["values"] = fill_values(g, s)
        for k in ("lo", "hi", "bad", "unique"):
            s.pop(k, None)


TGEN = torch.Generator().manual_seed(0)
BIG = os.environ.get("FUZZ_BIG") == "1"  # for hunting: long last dims


def error_record(e):
    return {"type": type(e).__name__, "message": str(e).split("\nException raised from")[0]}


def run_case(name, specs, params, fn, r):  # noqa: C901 - one case, every outcome
    built = [build(s) for s in specs]
    leaves = [b[0] for b in built]
    ins = [b[1] for b in built]
    rec = {"op": name, "params": {k: v for k, v in params.items() if not k.startswith("_")}}
    rec["inputs"] = [
        {**{k: s[k] for k in ("kind", "shape", "dtype", "layout", "grad", "edim") if k in s}, "values": [enc(v) for v in s["values"]]}
        for s in specs
    ]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outs = fn(ins, params)
    except SkipCase:
        return None
    except (RuntimeError, IndexError, ValueError, TypeError) as e:
        rec["error"] = error_record(e)
        return rec
    rec["outputs"] = [
        {
            "shape": list(o.shape),
            "dtype": str(o.dtype)[6:],
            "values": values(o),
            "gradFn": grad_fn_name(o),
            "requiresGrad": o.requires_grad,
            "repr": repr(o),
        }
        for o in outs
    ]
    diff = [o for o in outs if o.requires_grad and o.dtype.is_floating_point]
    req = [t for t in leaves if t.requires_grad]
    if diff and req:
        cots = [torch.tensor([round(r.gauss(0, 1), 4) for _ in range(o.numel())], dtype=o.dtype).reshape(o.shape) for o in diff]
        for c in cots:
            c.requires_grad_()
        try:
            gs = torch.autograd.grad(diff, req, cots, allow_unused=True, create_graph=True)
        except RuntimeError as e:
            if name == "savedModified":
                rec["gradError"] = error_record(e)
                return rec
            # PyTorch refuses the backward of an in-place op on an expanded view ("unsupported
            # operation: more than one element…"); descent computes it: a listed difference
            return None
        rec["cotangents"] = [values(c) for c in cots]
        k = 0
        grads = []
        for t in leaves:
            if t.requires_grad:
                gk = gs[k]
                k += 1
                grads.append(None if gk is None else values(gk))
            else:
                grads.append(None)
        rec["grads"] = grads
        # second order: the gradients' derivative with respect to the cotangents (the backward's
        # own backward, through createGraph), for random weights of the gradients
        ws = [None if gk is None else torch.randn(gk.shape, dtype=gk.dtype, generator=TGEN).round(decimals=3) for gk in gs]
        terms = [(gk * w).sum() for gk, w in zip(gs, ws) if gk is not None and gk.requires_grad]
        if terms:
            second = torch.autograd.grad(sum(terms), cots, allow_unused=True)
            k = 0
            weights = []
            for t in leaves:
                if t.requires_grad:
                    weights.append(None if ws[k] is None else values(ws[k]))
                    k += 1
                else:
                    weights.append(None)
            rec["second"] = {"w": weights, "grads": [None if s is None else values(s) for s in second]}
    return rec


def needs_values(name, specs, params, g):
    """indexPut's tensor values: a shape that broadcasts to what the index selects."""
    if name != "indexPut" or params["vkind"] != "tensor":
        return specs
    built = [build(s)[1] for s in specs]
    try:
        sel = built[0][index_tuple(params["items"], built)]
    except Exception:  # noqa: BLE001 - the case records the error
        params["vkind"] = "num"
        return specs
    shape = list(sel.shape)
    r = g.r
    k = r.randint(0, len(shape))
    vshape = [1 if r.random() < 0.3 else d for d in shape[len(shape) - k :]]
    if r.random() < 0.05:
        vshape = vshape + [5]
    v = g.data(shape=vshape, dtype=specs[0]["dtype"] if r.random() < 0.9 else None)
    finish_specs(g, [v])
    specs = specs + [v]
    params["_vi"] = len(specs) - 1
    return specs


WEIGHTS = {
    "index": 4,
    "indexPut": 5,
    "inplaceView": 5,
    "inplaceFamily": 4,
    "scatterReduce": 3,
    "scatterAdd": 2,
    "indexAdd": 3,
    "indexSelect": 2,
    "maskedFill": 2,
    "pad": 3,
    "cat": 2,
    "reshape": 2,
    "flatten": 2,
}


def main():
    args = sys.argv[1:]
    count, seed = (int(args[0]), int(args[1])) if args else (300, 5)
    out = args[2] if len(args) > 2 else os.path.join(HERE, "shape.json")
    only = args[3].split(",") if len(args) > 3 else None
    g = Gen(seed)
    TGEN.manual_seed(seed)
    torch.manual_seed(seed)
    # savedModified: PyTorch 2.13 words the error with the tensor's current node ("output 0 of
    # AsStrided") and a new hint; descent's autograd/node.ts still has 1.13's words (reported)
    names = sorted(n for n in OPS if n != "savedModified") if only is None else only
    # the families where the fuzz found bugs are drawn more often
    weighted = [n for n in names for _ in range(WEIGHTS.get(n, 1))]
    cases = []
    while len(cases) < count:
        name = names[len(cases) % len(names)] if g.r.random() < 0.3 else g.r.choice(weighted)
        gen, fn = OPS[name]
        specs, params = gen(g)
        finish_specs(g, specs)
        specs = needs_values(name, specs, params, g)
        run = fn
        if name == "indexPut":
            vi = params.get("_vi")

            def run(i, p, vi=vi):
                if vi is not None:
                    p["_v"] = i[vi]
                return run_index_put(i[: vi if vi is not None else len(i)], p)

        rec = run_case(name, specs, params, run, g.r)
        if rec is None:
            continue
        if "_vi" in params:
            rec["params"]["vi"] = params["_vi"]
        rec["id"] = len(cases)
        cases.append(rec)
    with open(out, "w") as f:
        json.dump({"seed": seed, "count": count, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
