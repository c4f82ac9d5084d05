"""Writes the fixtures of @descent/io: files written by Python's safetensors and by torch.save, and
fixtures.json, the tensors they hold (the form of descent's Tensor.toJSON: NaN, Infinity,
-Infinity and -0 as strings).

    pip install --target /tmp/st safetensors          # 0.8.0 for Python 3.11
    PYTHONPATH=/tmp/st /usr/bin/python3 conformance/io/generate.py                     # 1.13
    PYTHONPATH=/tmp/torch2/site:/tmp/st /usr/bin/python3 conformance/io/generate.py    # 2.x

Each run writes safetensors/*.safetensors and fixtures.json (the same bytes under any PyTorch:
every value is written out, none drawn from a random stream), and torch<major>/*.pt with
torch<major>/fixtures.json, the files of its own PyTorch: 1.13 and 2.x lay out the archive
differently (2.x adds byteorder, .format_version, .storage_alignment and .data/serialization_id
records), and their optimizers' state dicts and matrix products differ.

safetensors: each case is safetensors.torch.save(tensors, metadata); descent must write the same
bytes for the same tensors and read back the same values (F16 and BF16 as float32).

torch: torch.save of state dicts: every dtype (F16/BF16 read as float32), views (transposed,
narrowed, strided, expanded, a tensor saved twice: shared storage), a small nn model with an
input and PyTorch's output for it, a parameter, an optimizer's state dict (nested values), the
legacy (non-zip) format, and files descent must refuse: a pickle that calls os.system, a
deflated archive, a big-endian byteorder record.
"""

import collections
import json
import math
import os
import sys
import zipfile

import torch
from safetensors.torch import save

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from json_values import enc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MAJOR = torch.__version__.split(".")[0]
TORCH_DIR = os.path.join(HERE, f"torch{MAJOR}")


# Tensor.toJSON's names for the values JSON has no number for (json_values.enc spells them as
# Python prints them), and booleans kept as booleans.
TO_JSON_NAMES = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity", "-0": "-0"}


def number(x):
    """One value in Tensor.toJSON's form."""
    if isinstance(x, bool):
        return x
    v = enc(x)
    return TO_JSON_NAMES[v] if isinstance(v, str) else v


DTYPE = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int64: "int64",
    torch.int32: "int32",
    torch.uint8: "uint8",
    torch.bool: "bool",
    # read as float32 by descent
    torch.float16: "float32",
    torch.bfloat16: "float32",
}


def tensor_json(t):
    """Tensor.toJSON of what descent reads t as (float16 and bfloat16 widened to float32)."""
    v = t.detach()
    if v.dtype in (torch.float16, torch.bfloat16):
        v = v.float()
    flat = v.contiguous().reshape(-1).tolist()
    return {"dtype": DTYPE[t.dtype], "shape": list(t.shape), "data": [number(x) for x in flat]}


def ramp(n, scale=1.0, shift=0.0):
    """Deterministic, irregular float values: no random stream (1.13 and 2.x differ)."""
    return [scale * math.sin(1.7 * i + shift) for i in range(n)]


SPECIAL32 = [0.1, -0.0, float("nan"), float("inf"), float("-inf"), 3.4028234663852886e38, 1e-45, 2.5]
SPECIAL64 = [1 / 3, -0.0, float("nan"), float("inf"), float("-inf"), 1.7976931348623157e308, 5e-324, -2.0]
SPECIAL16 = [0.1, -0.0, float("nan"), float("inf"), float("-inf"), 65504.0, 6e-8, 1e-5, -2.5, 1.0]


def all_dtypes():
    return collections.OrderedDict(
        [
            ("f32", torch.tensor(SPECIAL32, dtype=torch.float32).reshape(2, 4)),
            ("f64", torch.tensor(SPECIAL64, dtype=torch.float64).reshape(4, 2)),
            ("i64", torch.tensor([0, -1, 2**53 - 1, -(2**53 - 1), 7], dtype=torch.int64)),
            ("i32", torch.tensor([0, -1, 2**31 - 1, -(2**31)], dtype=torch.int32)),
            ("u8", torch.tensor([0, 1, 128, 255], dtype=torch.uint8)),
            ("flag", torch.tensor([True, False, True], dtype=torch.bool)),
            ("scalar", torch.tensor(1.5, dtype=torch.float32)),
            ("step", torch.tensor(12, dtype=torch.int64)),
            ("empty", torch.zeros(0, 3, dtype=torch.float32)),
        ]
    )


def halves():
    return collections.OrderedDict(
        [
            ("h", torch.tensor(SPECIAL16, dtype=torch.float16)),
            ("bf", torch.tensor(SPECIAL16, dtype=torch.bfloat16).reshape(2, 5)),
            ("f", torch.tensor([1.0, 2.0], dtype=torch.float32)),
        ]
    )


NAMES = [
    "a",
    "B",
    "",
    "0",
    "10",
    "2",
    "__proto__",
    "layer.0.weight",
    'quote"back\\slash',
    "tab\tnewline\ncontrol\x01del\x7f",
    "é",
    "\u2028",
    "\ue000",
    "\U0001F600",
    "/slash",
]


def named():
    return collections.OrderedDict(
        (name, torch.tensor([float(i)], dtype=torch.float32)) for i, name in enumerate(NAMES)
    )


def safetensors_cases():
    return {
        "all_dtypes": (all_dtypes(), None),
        "metadata": (collections.OrderedDict([("w", torch.tensor([[1.0, 2.0]]))]), {"format": "pt"}),
        "empty_metadata": (collections.OrderedDict([("w", torch.tensor([3], dtype=torch.int32))]), {}),
        "names": (named(), None),
        "nothing": (collections.OrderedDict(), None),
        "halves": (halves(), None),
        "aligned": (
            # sizes that leave the header and each dtype's block unaligned unless padded/ordered
            collections.OrderedDict(
                [
                    ("x", torch.tensor([1, 2, 3], dtype=torch.uint8)),
                    ("y", torch.tensor([1.0], dtype=torch.float64)),
                    ("zz", torch.tensor([True], dtype=torch.bool)),
                    ("w", torch.tensor([4], dtype=torch.int32)),
                ]
            ),
            {"note": 'a "quoted" value'},
        ),
    }


def write_safetensors(fixtures):
    os.makedirs(os.path.join(HERE, "safetensors"), exist_ok=True)
    out = {}
    for case, (tensors, metadata) in safetensors_cases().items():
        data = save(tensors, metadata=metadata)
        with open(os.path.join(HERE, "safetensors", f"{case}.safetensors"), "wb") as f:
            f.write(data)
        out[case] = {
            "metadata": metadata,
            "tensors": {k: tensor_json(v) for k, v in tensors.items()},
            # descent writes these bytes for the same tensors (F16/BF16 it cannot write)
            "writable": case != "halves",
        }
    fixtures["safetensors"] = out


def views():
    w = torch.tensor(ramp(12), dtype=torch.float32).reshape(3, 4)
    v = torch.tensor([1.0, 2.0], dtype=torch.float64)
    return collections.OrderedDict(
        [
            ("w", w),
            ("t", w.t()),
            ("narrow", w[1:, 2:]),
            ("strided", w[:, ::2]),
            ("expanded", v.expand(3, 2)),
            ("tied", w),
            ("row", w[2]),
        ]
    )


def view_json(t):
    j = tensor_json(t)
    j["stride"] = list(t.stride())
    j["offset"] = t.storage_offset()
    return j


def model():
    m = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    with torch.no_grad():
        for k, (_, p) in enumerate(m.named_parameters()):
            p.copy_(torch.tensor(ramp(p.numel(), 0.5, k), dtype=torch.float32).reshape(p.shape))
    x = torch.tensor(ramp(20, 2.0, 0.3), dtype=torch.float32).reshape(5, 4)
    with torch.no_grad():
        y = m(x)
    return m, x, y


def optimizer_state():
    p = torch.nn.Parameter(torch.tensor(ramp(3), dtype=torch.float32))
    opt = torch.optim.Adam([p], lr=0.01, betas=(0.8, 0.99))
    (p * p).sum().backward()
    opt.step()
    return opt.state_dict()


class Evil:
    def __reduce__(self):
        return (os.system, ("echo descent must never run this",))


def entry(name, compress=zipfile.ZIP_STORED):
    """A new archive entry with a fixed date, so that every run writes the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compress
    return info


def save_legacy(obj, path):
    """torch.save in the legacy format. Its storage keys are memory addresses, different on every
    run, so an existing file that PyTorch reads to the same tensors is kept as it is."""
    new = path + ".new"
    torch.save(obj, new, _use_new_zipfile_serialization=False)
    if os.path.exists(path):
        old, now = torch.load(path), torch.load(new)
        same = old.keys() == now.keys() and all(
            old[k].dtype == now[k].dtype and torch.equal(old[k].nan_to_num(), now[k].nan_to_num())
            for k in old
        )
        if same:
            os.remove(new)
            return
    os.replace(new, path)


def rewrite(src, dst, change):
    """Copies a torch.save archive entry by entry; change(name, data, zip) may write instead."""
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if not change(info, zin.read(info.filename), zout):
                zout.writestr(info, zin.read(info.filename), compress_type=zipfile.ZIP_STORED)


def write_torch():
    os.makedirs(TORCH_DIR, exist_ok=True)
    path = lambda name: os.path.join(TORCH_DIR, name)
    torch.save(all_dtypes(), path("dtypes.pt"))
    torch.save(halves(), path("halves.pt"))
    torch.save(views(), path("views.pt"))
    m, x, y = model()
    torch.save(m.state_dict(), path("model.pt"))
    torch.save(torch.nn.Parameter(torch.tensor([[1.0, -2.0]])), path("parameter.pt"))
    torch.save(optimizer_state(), path("optimizer.pt"))
    save_legacy(all_dtypes(), path("legacy.pt"))
    torch.save({"x": torch.zeros(1), "evil": Evil()}, path("evil.pt"))

    def deflate(info, data, zout):
        if info.filename.endswith("data.pkl"):
            zout.writestr(entry(info.filename, zipfile.ZIP_DEFLATED), data)
            return True
        return False

    rewrite(path("model.pt"), path("deflated.pt"), deflate)

    def big_endian(info, data, zout):
        if info.filename.endswith("/byteorder"):
            zout.writestr(info, b"big")
            return True
        if info.filename.endswith("/version") and MAJOR == "1":
            zout.writestr(entry(info.filename.replace("version", "byteorder")), b"big")
        return False

    rewrite(path("model.pt"), path("big_endian.pt"), big_endian)

    loaded = torch.load(path("views.pt"))
    return {
        "dtypes": {k: tensor_json(v) for k, v in all_dtypes().items()},
        "halves": {k: tensor_json(v) for k, v in halves().items()},
        # read back from the file: what torch.load gives (strides, offsets, shared storage)
        "views": {k: view_json(v) for k, v in loaded.items()},
        "model": {
            "state": {k: tensor_json(v) for k, v in m.state_dict().items()},
            "input": tensor_json(x),
            "output": tensor_json(y),
        },
        "parameter": tensor_json(torch.tensor([[1.0, -2.0]])),
        "optimizer": optimizer_json(optimizer_state()),
    }


def optimizer_json(sd):
    """The optimizer's state dict: tensors in Tensor.toJSON form, dicts as lists of pairs, tuples
    as lists, NaN, ±inf and -0 as strings."""

    def conv(v):
        if isinstance(v, torch.Tensor):
            return {"tensor": tensor_json(v)}
        if isinstance(v, dict):
            return {"dict": [[conv(k), conv(x)] for k, x in v.items()]}
        if isinstance(v, (list, tuple)):
            return [conv(x) for x in v]
        if isinstance(v, float):
            return number(v)
        return v

    return conv(sd)


def dump(fixtures, path):
    fixtures = {"note": f"written by conformance/io/generate.py; tensors in Tensor.toJSON form", **fixtures}
    with open(path, "w") as f:
        json.dump(fixtures, f, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")


def main():
    fixtures = {}
    write_safetensors(fixtures)
    dump(fixtures, os.path.join(HERE, "fixtures.json"))
    dump({"torch": torch.__version__, **write_torch()}, os.path.join(TORCH_DIR, "fixtures.json"))


if __name__ == "__main__":
    main()
