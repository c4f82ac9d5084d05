"""Writes conformance/data/fixtures.json: the batches of torch.utils.data.DataLoader and the
subsets of random_split for fixed seeds, and what default_collate makes of sample batches.

Run with PyTorch 2.x (descent follows 2.x; see conformance/random/README.md for the install):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/data/generate.py

PyTorch 1.13 gives the same file except `torch` (checked: the sampler, batch sampler and
random_split consume the generators identically, and randperm draws the same below 2^32 / 20).

loaders: each case builds DataLoader(TensorDataset(arange(n)), batch_size, shuffle, drop_last,
generator) after torch.manual_seed(seed) (and, with `generator_seed`, a torch.Generator seeded
with it), then runs `epochs` epochs, recording every batch (the sample indices), and after each
batch one draw `randint(0, 2**20, (1,))` from the generator named by `interleave` ("default",
"generator" or none), so that the tests see when the loader draws from which generator: the
iterator's base seed (at iter(loader)), the sampler's seed (at the first batch), and the
sampler's trailing randperm (when the batch sampler reads past the last index). `break_after`
stops an epoch after that many batches, as a `break` in the loop. After each epoch one more
draw from the default generator (and from the loader's generator, if any) is recorded.

splits: random_split(range(n), lengths, generator) with a generator seeded `generator_seed` or
the default generator after torch.manual_seed(seed); the subsets' indices, warnings, or the
error; then one draw from the generator used.

collate: default_collate of sample batches, as repr() of each tensor in the result (the tests
rebuild the same batches by name).
"""

import json
import os
import warnings

import torch
from torch.utils.data import DataLoader, TensorDataset, random_split
from torch.utils.data._utils.collate import default_collate

HERE = os.path.dirname(os.path.abspath(__file__))
DRAW = 2**20


def draw(generator=None):
    return int(torch.randint(0, DRAW, (1,), generator=generator).item())


LOADERS = [
    dict(n=10, batch_size=3, shuffle=True, drop_last=False, seed=0, interleave="default"),
    dict(n=10, batch_size=3, shuffle=True, drop_last=True, seed=0, interleave="default"),
    dict(n=10, batch_size=5, shuffle=True, drop_last=False, seed=0, interleave="default"),
    dict(n=10, batch_size=1, shuffle=True, drop_last=False, seed=7, interleave=None),
    dict(n=10, batch_size=3, shuffle=True, drop_last=False, seed=0, generator_seed=42,
         interleave="generator"),
    dict(n=10, batch_size=3, shuffle=True, drop_last=True, seed=0, generator_seed=42,
         interleave="generator"),
    dict(n=10, batch_size=5, shuffle=True, drop_last=False, seed=0, generator_seed=42,
         interleave="generator"),
    dict(n=10, batch_size=5, shuffle=True, drop_last=True, seed=0, generator_seed=42,
         interleave="default"),
    dict(n=12, batch_size=4, shuffle=False, drop_last=False, seed=1, interleave="default"),
    dict(n=12, batch_size=5, shuffle=False, drop_last=True, seed=1, generator_seed=3,
         interleave="generator"),
    dict(n=5, batch_size=8, shuffle=True, drop_last=False, seed=2, interleave="default"),
    dict(n=5, batch_size=8, shuffle=True, drop_last=True, seed=2, interleave="default"),
    dict(n=5, batch_size=8, shuffle=True, drop_last=True, seed=2, generator_seed=5,
         interleave="generator"),
    dict(n=23, batch_size=4, shuffle=True, drop_last=False, seed=3, generator_seed=9,
         interleave="generator", break_after=2),
    dict(n=23, batch_size=4, shuffle=True, drop_last=False, seed=3, interleave="default",
         break_after=3),
    dict(n=100, batch_size=16, shuffle=True, drop_last=False, seed=1, interleave=None),
    dict(n=1000, batch_size=128, shuffle=True, drop_last=False, seed=0, interleave="default"),
    dict(n=1000, batch_size=128, shuffle=True, drop_last=True, seed=123, generator_seed=2**40 + 3,
         interleave="default"),
]


def loader_case(case):
    torch.manual_seed(case["seed"])
    gen = None
    if "generator_seed" in case:
        gen = torch.Generator().manual_seed(case["generator_seed"])
    loader = DataLoader(TensorDataset(torch.arange(case["n"])), batch_size=case["batch_size"],
                        shuffle=case["shuffle"], drop_last=case["drop_last"], generator=gen)
    target = {"default": None, "generator": gen}.get(case["interleave"], False)
    epochs = []
    for _ in range(3):
        batches, draws = [], []
        for i, (b,) in enumerate(loader):
            batches.append(b.tolist())
            if target is not False:
                draws.append(draw(target))
            if case.get("break_after") == i + 1:
                break
        after = {"default": draw()}
        if gen is not None:
            after["generator"] = draw(gen)
        epochs.append({"batches": batches, "draws": draws, "after": after})
    return {**case, "length": len(loader), "epochs": epochs}


SPLITS = [
    dict(n=10, lengths=[3, 7], generator_seed=42),
    dict(n=30, lengths=[0.3, 0.3, 0.4], generator_seed=42),
    dict(n=11, lengths=[0.5, 0.5], seed=0),
    dict(n=10, lengths=[0.1, 0.9], seed=0),
    dict(n=5, lengths=[0.1, 0.1, 0.8], seed=1),
    dict(n=7, lengths=[0.25, 0.25, 0.25, 0.25], generator_seed=0),
    dict(n=10, lengths=[0, 10], seed=0),
    dict(n=1, lengths=[1], seed=0),
    dict(n=100, lengths=[60, 20, 20], generator_seed=2**33 + 1),
    dict(n=10, lengths=[3, 6], seed=0),
    dict(n=10, lengths=[1.5, -0.5], seed=0),
    dict(n=10, lengths=[0.5, 0.6], seed=0),
]


def split_case(case):
    torch.manual_seed(case.get("seed", 0))
    gen = torch.Generator().manual_seed(case["generator_seed"]) if "generator_seed" in case \
        else torch.default_generator
    out = dict(case)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            subsets = random_split(range(case["n"]), case["lengths"], generator=gen)
            out["subsets"] = [list(s.indices) for s in subsets]
        except ValueError as e:
            out["error"] = str(e)
    out["warnings"] = [str(w.message) for w in caught]
    out["after"] = draw(gen)
    return out


def t32(*v):
    return torch.tensor(v, dtype=torch.float32)


COLLATE = {
    "tensors": [t32(1.5, 2), t32(3, 4.25), t32(-1, 0)],
    "scalar_tensors": [torch.tensor(0.5), torch.tensor(1.5)],
    "float64_tensors": [torch.tensor([[1.0, 2.0]], dtype=torch.float64),
                        torch.tensor([[3.0, 4.5]], dtype=torch.float64)],
    "floats": [0.5, 1.25, -2.0],
    "ints": [3, 0, 7],
    "tuples": [(t32(1, 2), 0), (t32(3, 4), 1)],
    "dicts": [{"x": t32(1, 2), "y": 0.5, "name": "a"}, {"x": t32(3, 4), "y": 1.5, "name": "b"}],
    "nested": [{"pair": [t32(1), {"w": 0.25}]}, {"pair": [t32(2), {"w": 0.75}]}],
    "strings": ["a", "bc"],
}


def reprs(x):
    if isinstance(x, torch.Tensor):
        return {"tensor": repr(x)}
    if isinstance(x, dict):
        return {"dict": {k: reprs(v) for k, v in x.items()}}
    if isinstance(x, list):
        if all(isinstance(v, str) for v in x):
            return {"strings": x}
        return {"list": [reprs(v) for v in x]}
    raise TypeError(type(x))


def collate_errors():
    out = {}
    try:
        default_collate([[t32(1)], [t32(1), t32(2)]])
    except RuntimeError as e:
        out["unequal_lists"] = str(e)
    try:
        default_collate([t32(1, 2), t32(1, 2, 3)])
    except RuntimeError as e:
        out["unequal_tensors"] = str(e)
    try:
        default_collate([None, None])
    except TypeError as e:
        out["unsupported"] = str(e)
    return out


def main():
    fixtures = {
        "torch": torch.__version__,
        "loaders": [loader_case(c) for c in LOADERS],
        "splits": [split_case(c) for c in SPLITS],
        "collate": {k: reprs(default_collate(v)) for k, v in COLLATE.items()},
        "collate_errors": collate_errors(),
    }
    with open(os.path.join(HERE, "fixtures.json"), "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
