"""Writes the random-stream fixtures of conformance/random from PyTorch 2.x's CPU generator.

The streams of PyTorch 2.x differ from 1.13's (the repository's other reference) in three places,
and descent follows 2.x: the scalar normal path computes log1p(-u2) instead of log(1 - u2),
randperm switches to 64-bit draws from n = 2^32 / 20 on, and uniform_ maps a value that rounds up
to `to` back to `from`. So run this with PyTorch 2.x; the repository's package mirror has a CPU
build that installs beside the system's 1.13:

    /usr/bin/python3 -m pip install --no-deps --target /tmp/torch2 torch==2.13.0+cpu \
        typing_extensions filelock fsspec networkx jinja2 markupsafe sympy mpmath
    PYTHONPATH=/tmp/torch2 /usr/bin/python3 conformance/random/generate.py          # 2-3 minutes
    PYTHONPATH=/tmp/torch2 /usr/bin/python3 conformance/random/generate.py --large  # ~2 GB RAM

fixtures.json  exact values of rand / randn / uniform_ / normal_ call sequences, SHA-256 digests of
               long streams, the integer and Bernoulli streams (randint, randperm, bernoulli_,
               dropout, random_, DataLoader's seeds), and get_rng_state() bytes.
sweep.json     2^20 Box-Muller draws per path (vectorised and scalar) and dtype (float32 and
               float64): a truncated SHA-256 per block of 1024 draws plus sampled values.
libm.json      correctly rounded sin/cos (mpmath), glibc's log and log1p (Python's math module)
               of sample arguments, for the unit tests of tensor/sin_cos.ts, log.ts and log1p.ts.
large_randperm.json  (--large) randperm either side of the 64-bit threshold.

descent's float64 normals use correctly rounded sin/cos and fdlibm's log1p; glibc's sin/cos are
not always correctly rounded and its log1p (fdlibm's algorithm compiled with FMA contractions)
differs from fdlibm's in the last bit now and then. So PyTorch's float64 normals (and, in
principle, float32 scalar-path normals, which are float64 values rounded to float32) can differ
from descent's in the last bit. This script models descent's draws (PyTorch's algorithm with
descent's sin/cos/log1p, on a second generator that draws the same uniforms) and records every
draw where PyTorch differs as an exception [index, pytorch_value, descent_value]; it asserts that
the model with glibc's functions reproduces PyTorch exactly and that every exception is a draw
where glibc's sin, cos or log1p differ from descent's, so the exceptions are exactly the libm
difference and nothing else.
"""

import base64
import hashlib
import json
import math
import os
import struct
import sys
from fractions import Fraction

import mpmath
import numpy as np
import torch
from mpmath.libmp import libmpf

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int32,
          "int64": torch.int64}
TWO_PI = 2 * math.pi  # 2.0 * c10::pi<double>


# ---------------------------------------------------------------------------------------------
# Correctly rounded sin and cos (Ziv's loop on mpmath).

def cr(fn, x):
    """fn(x) rounded to the nearest double, ties to even."""
    for prec in (128, 512, 2048):
        mpmath.mp.prec = prec
        v = fn(mpmath.mpf(x))
        lo = libmpf.to_float(v._mpf_, rnd="d")
        hi = libmpf.to_float(v._mpf_, rnd="u")
        if lo == hi:
            return lo
        mid = (mpmath.mpf(lo) + mpmath.mpf(hi)) / 2
        if abs(v - mid) > abs(v) * mpmath.mpf(2) ** (8 - prec):
            return libmpf.to_float(v._mpf_, rnd="n")
    raise ArithmeticError(f"cannot round {fn}({x!r})")


def fma(a, b, c):
    """Correctly rounded a * b + c."""
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def _hi(x):
    return struct.unpack("<q", struct.pack("<d", x))[0] >> 32


def _with_hi(x, hi):
    lo = struct.unpack("<Q", struct.pack("<d", x))[0] & 0xffffffff
    return struct.unpack("<d", struct.pack("<Q", ((hi & 0xffffffff) << 32) | lo))[0]


def fdlibm_log1p(x):
    """fdlibm's log1p (FreeBSD msun s_log1p.c, Copyright (C) 1993 by Sun Microsystems, Inc.;
    "Permission to use, copy, modify, and distribute this software is freely granted, provided
    that this notice is preserved."), as tensor/log1p.ts computes it, for -1 < x < 2^53."""
    ln2_hi, ln2_lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
    lp = [6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
          2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
          1.479819860511658591e-01]
    hx = _hi(x)
    ax = hx & 0x7fffffff
    k, f, c, hu = 1, 0.0, 0.0, 0
    if hx < 0x3fda827a:
        if ax < 0x3e200000:
            return x if ax < 0x3c900000 else x - x * x * 0.5
        if hx > 0 or hx <= -0x402d413c:  # (int32_t)0xbfd2bec4
            k, f, hu = 0, x, 1
    if k != 0:
        u = 1.0 + x
        hu = _hi(u)
        k = (hu >> 20) - 1023
        c = (1.0 - (u - x) if k > 0 else x - (u - 1.0)) / u
        hu &= 0x000fffff
        if hu < 0x6a09e:
            u = _with_hi(u, hu | 0x3ff00000)
        else:
            k += 1
            u = _with_hi(u, hu | 0x3fe00000)
            hu = (0x00100000 - hu) >> 2
        f = u - 1.0
    hfsq = 0.5 * f * f
    if hu == 0:
        if f == 0.0:
            return 0.0 if k == 0 else k * ln2_hi + (c + k * ln2_lo)
        r = hfsq * (1.0 - 0.66666666666666666 * f)
        return f - r if k == 0 else k * ln2_hi - ((r - (k * ln2_lo + c)) - f)
    s = f / (2.0 + f)
    z = s * s
    r = z * (lp[0] + z * (lp[1] + z * (lp[2] + z * (lp[3] + z * (lp[4] + z * (lp[5] + z * lp[6]))))))
    if k == 0:
        return f - (hfsq - s * (hfsq + r))
    return k * ln2_hi - ((hfsq - (s * (hfsq + r) + (k * ln2_lo + c))) - f)


# ---------------------------------------------------------------------------------------------
# A model of descent's draws on a shadow generator.

class Model:
    """Replays PyTorch's rand/randn/uniform_/normal_ algorithm on a shadow torch.Generator that
    draws the same uniforms, computing every float64 Box-Muller value twice: with glibc's sin/cos
    (must equal PyTorch) and with correctly rounded ones (what descent computes)."""

    def __init__(self, seed):
        self.g = torch.Generator()
        self.g.manual_seed(seed)
        self.cache = None  # (glibc value, cr value) of the scalar path's cached sample
        self.checked = 0   # draws whose glibc model was compared with PyTorch

    def uniforms(self, n, dtype):
        return torch.rand(n, dtype=DTYPES[dtype], generator=self.g).tolist()

    def scalar(self):
        """One at::normal_distribution<double> draw: (glibc value, descent's value, whether they may
        differ: glibc's sin/cos not correctly rounded or its log1p not fdlibm's)."""
        if self.cache is not None:
            v, self.cache = self.cache, None
            return v
        u1, u2 = self.uniforms(2, "float64")
        # PyTorch 2.x: r = sqrt(-2 log1p(-u2)) (1.13 computed log(1 - u2)).
        r_g = math.sqrt(-2.0 * math.log1p(-u2))
        r_d = math.sqrt(-2.0 * fdlibm_log1p(-u2))
        theta = TWO_PI * u1
        c_g, s_g = math.cos(theta), math.sin(theta)
        c_cr, s_cr = cr(mpmath.cos, theta), cr(mpmath.sin, theta)
        self.cache = (r_g * s_g, r_d * s_cr, s_g != s_cr or r_g != r_d)
        return (r_g * c_g, r_d * c_cr, c_g != c_cr or r_g != r_d)

    def call(self, op, dtype, size, values, a=None, b=None):
        """Replays one call; returns descent's values and checks the glibc model against PyTorch."""
        if op in ("rand", "uniform"):
            self.uniforms(size, dtype)
            return list(values)
        mean, std = (0.0, 1.0) if op == "randn" else (a, b)
        if size >= 16 and dtype == "float32":
            # The AVX2 float32 kernel: descent ports it exactly; only consume its uniforms.
            self.uniforms(size + (16 if size % 16 else 0), dtype)
            return list(values)
        out_g, out_cr, bad = [], [], []
        if size < 16:
            for _ in range(size):
                g, c, wrong = self.scalar()
                out_g.append(fma(g, std, mean))
                out_cr.append(fma(c, std, mean))
                bad.append(wrong)
        else:
            u = self.uniforms(size, dtype)
            out_g, out_cr, bad = [0.0] * size, [0.0] * size, [False] * size
            starts = list(range(0, size - 15, 16))
            if size % 16:
                starts.append(size - 16)
            for s in starts:
                if s % 16:  # the tail: 16 fresh uniforms for the last 16 elements
                    u[s:] = self.uniforms(16, dtype)
                for j in range(s, s + 8):
                    radius = math.sqrt(-2 * math.log(1 - u[j]))
                    theta = TWO_PI * u[j + 8]
                    c_g, s_g = math.cos(theta), math.sin(theta)
                    c_cr, s_cr = cr(mpmath.cos, theta), cr(mpmath.sin, theta)
                    out_g[j], out_cr[j], bad[j] = (fma(radius * c_g, std, mean),
                                                   fma(radius * c_cr, std, mean), c_g != c_cr)
                    out_g[j + 8], out_cr[j + 8], bad[j + 8] = (
                        fma(radius * s_g, std, mean), fma(radius * s_cr, std, mean), s_g != s_cr)
        if dtype == "float32":
            out_g = [float(np.float32(v)) for v in out_g]
            out_cr = [float(np.float32(v)) for v in out_cr]
        assert out_g == list(values), f"the glibc model differs from PyTorch in {op}({size})"
        self.checked += size
        for i, (t, d) in enumerate(zip(values, out_cr)):
            assert t == d or bad[i], f"{op}({size}) draw {i} differs without a libm difference"
        return out_cr


def exceptions(torch_values, descent_values, offset=0):
    """[index, pytorch, descent] for every draw where descent's value differs."""
    return [[offset + i, t, d] for i, (t, d) in enumerate(zip(torch_values, descent_values))
            if t != d]


# ---------------------------------------------------------------------------------------------
# rand / randn / uniform_ / normal_ sequences and long digests (as before, plus exceptions).

SEEDS = [0, 1, 42, 2**32 + 5, 67280421310721]
SIZES = [1, 2, 3, 9, 15, 16, 17, 31, 32, 33, 100, 1000]
COMBOS = [("rand", "float32"), ("rand", "float64"), ("randn", "float32"), ("randn", "float64")]


def torch_call(op, dtype, size, a=None, b=None):
    dt = DTYPES[dtype]
    if op == "rand":
        return torch.rand(size, dtype=dt)
    if op == "randn":
        return torch.randn(size, dtype=dt)
    if op == "uniform":
        return torch.empty(size, dtype=dt).uniform_(a, b)
    if op == "normal":
        return torch.empty(size, dtype=dt).normal_(a, b)
    raise ValueError(op)


def record(model, op, dtype, size, a=None, b=None):
    rec = {"op": op, "dtype": dtype, "size": size}
    if op == "uniform":
        rec["low"], rec["high"] = a, b
    if op == "normal":
        rec["mean"], rec["std"] = a, b
    rec["values"] = torch_call(op, dtype, size, a, b).tolist()
    ex = exceptions(rec["values"], model.call(op, dtype, size, rec["values"], a, b))
    if ex:
        rec["descent"] = ex
    return rec


def sequence(seed_index):
    """The call list for one seed: every size once, rotating op/dtype, plus interleavings."""
    calls = []
    for k, size in enumerate(SIZES):
        op, dtype = COMBOS[(k + seed_index) % len(COMBOS)]
        calls.append((op, dtype, size))
    # The scalar-path normal cache: odd sizes < 16 leave a cached sin value that the next
    # scalar-path call consumes; the vectorised path and rand neither use nor clear it.
    calls += [
        ("rand", "float32", 3), ("randn", "float32", 20), ("rand", "float32", 2),
        ("randn", "float64", 1), ("rand", "float64", 2), ("randn", "float32", 1),
        ("randn", "float64", 3), ("randn", "float32", 16), ("randn", "float64", 5),
        ("randn", "float64", 17), ("randn", "float32", 7),
    ]
    calls += [
        ("uniform", "float32", 9, -3.7, 11.3), ("uniform", "float64", 9, -3.7, 11.3),
        ("normal", "float32", 5, 0.3, 2.7), ("normal", "float64", 5, 0.3, 2.7),
        ("normal", "float32", 40, -1.25, 0.1), ("normal", "float64", 40, -1.25, 0.1),
        # Values that round up to `to` become `from` (2.x).
        ("uniform", "float32", 9, 16777215.0, 16777216.0),
        ("uniform", "float64", 9, 2.0**53 - 1, 2.0**53),
    ]
    return calls


DIGESTS = [
    {"seed": 0, "calls": [["randn", "float32", 1000000]]},
    {"seed": 1, "calls": [["randn", "float64", 200000]]},
    {"seed": 2, "calls": [["rand", "float32", 100000], ["rand", "float64", 100000]]},
    {"seed": 3, "calls": [["uniform", "float32", 100000, -2.5, 1e5],
                          ["uniform", "float64", 100000, -2.5, 1e5]]},
    {"seed": 4, "calls": [["normal", "float32", 100003, 3.1, 0.07],
                          ["normal", "float64", 100003, 3.1, 0.07]]},
    {"seed": 5, "scalar_mix": 6000},
]


def scalar_mix(n):
    """Call i is normal_(-0.7, 3.3) if i % 3 == 0 else randn, of size 1 + i % 15 and dtype
    float32 for odd i, float64 for even i: the cached second value crosses calls and dtypes."""
    calls = []
    for i in range(n):
        dtype = "float32" if i % 2 else "float64"
        size = 1 + i % 15
        calls.append(["normal", dtype, size, -0.7, 3.3] if i % 3 == 0 else ["randn", dtype, size])
    return calls


def digest(spec):
    """Hashes all PyTorch values of a long call list (little-endian float64 bytes)."""
    torch.manual_seed(spec["seed"])
    model = Model(spec["seed"])
    calls = spec["calls"] if "calls" in spec else scalar_mix(spec["scalar_mix"])
    h = hashlib.sha256()
    count = 0
    ex = []
    for c in calls:
        values = torch_call(*c).tolist()
        ex += exceptions(values, model.call(c[0], c[1], c[2], values, *c[3:]), count)
        count += len(values)
        h.update(np.asarray(values, dtype="<f8").tobytes())
    out = dict(spec, count=count, sha256=h.hexdigest())
    if ex:
        out["descent"] = ex
    return out


# ---------------------------------------------------------------------------------------------
# The 2^20-draw sweep.

SWEEP_DRAWS = 1 << 20
BLOCK = 1024


def sweep_sizes(path):
    """Deterministic call sizes, 2^20 draws in all: 16 to 2048 (tails included) for the
    vectorised path (the last call absorbs a remainder below 16), 1 to 15 for the scalar path."""
    sizes, total, i = [], 0, 0
    while total < SWEEP_DRAWS:
        left = SWEEP_DRAWS - total
        if path == "vector":
            size = 16 + (i * 97) % 2033
            size = left if left - size < 16 else size
        else:
            size = min(1 + (i * 7) % 15, left)
        sizes.append(size)
        total += size
        i += 1
    return sizes


def sweep(seed, path, dtype):
    torch.manual_seed(seed)
    model = Model(seed)
    sizes = sweep_sizes(path)
    values, ours = [], []
    for size in sizes:
        v = torch.randn(size, dtype=DTYPES[dtype]).tolist()
        values += v
        ours += model.call("randn", dtype, size, v)
    np_dtype = "<f4" if dtype == "float32" else "<f8"
    raw = np.asarray(values, dtype=np_dtype).tobytes()
    width = 4 if dtype == "float32" else 8
    blocks = [hashlib.sha256(raw[i * width:(i + BLOCK) * width]).hexdigest()[:16]
              for i in range(0, len(values), BLOCK)]
    return {
        "seed": seed, "path": path, "dtype": dtype, "calls": len(sizes), "count": len(values),
        "block": BLOCK, "blocks": blocks,
        "samples": [[i, values[i]] for i in range(0, len(values), 16 * BLOCK)],
        "descent": exceptions(values, ours),
        "checked": model.checked,
    }


# ---------------------------------------------------------------------------------------------
# Integer and Bernoulli streams, random_, DataLoader seeds.

def int_list(t):
    """Integer tensor values, as strings when beyond 2^53."""
    return [str(v) if abs(v) > 2**53 else v for v in t.tolist()]


def integers():
    out = {}
    torch.manual_seed(0)
    randint = []
    for low, high, n, dtype in [
        (0, 10, 20, "int64"), (-5, 5, 20, "int64"), (3, 4, 5, "int64"),
        (0, 2**28 - 1, 10, "int64"), (5, 5 + 2**28, 10, "int64"), (0, 2**28, 10, "int32"),
        (0, 2**32 - 1, 10, "int64"), (0, 2**32, 10, "int64"), (-2**40, 2**40, 10, "int64"),
        (-2**63, 2**63 - 1, 10, "int64"), (2**62, 2**63 - 1, 10, "int64"),
        (0, 7, 20, "int32"), (-2**31, 2**31 - 1, 10, "int32"),
        (0, 1000, 10, "float32"), (-3, 3, 10, "float64"), (0, 2**33, 10, "float64"),
    ]:
        t = torch.randint(low, high, (n,), dtype=DTYPES[dtype])
        randint.append({"low": str(low), "high": str(high), "dtype": dtype,
                        "values": int_list(t) if dtype.startswith("int") else t.tolist()})
    out["randint"] = {"seed": 0, "calls": randint}

    randperm = []
    for seed, n, dtype in [(0, 0, "int64"), (0, 1, "int64"), (0, 2, "int64"), (0, 10, "int64"),
                           (1, 10, "int64"), (2, 100, "int32"), (3, 1000, "float32"),
                           (4, 1000, "float64")]:
        torch.manual_seed(seed)
        randperm.append({"seed": seed, "n": n, "dtype": dtype,
                         "values": torch.randperm(n, dtype=DTYPES[dtype]).tolist()})
    for seed, n in [(5, 100000), (6, 1000003)]:
        torch.manual_seed(seed)
        t = torch.randperm(n)
        randperm.append({"seed": seed, "n": n, "dtype": "int64", "first": t[:10].tolist(),
                         "sha256": hashlib.sha256(t.numpy().astype("<i8").tobytes()).hexdigest()})
    out["randperm"] = randperm

    bern = []
    for seed, p in [(0, 0.5), (1, 0.0), (2, 1.0), (3, 0.3), (4, 0.9999)]:
        torch.manual_seed(seed)
        bern.append({"seed": seed, "p": p, "values": torch.empty(37).bernoulli_(p).tolist()})
    gen = torch.Generator().manual_seed(99)
    for seed, dtype in [(5, "float32"), (6, "float64")]:
        probs = torch.rand(50, dtype=DTYPES[dtype], generator=gen)
        probs[0], probs[1], probs[2] = 0.0, 1.0, 0.5
        torch.manual_seed(seed)
        bern.append({"seed": seed, "probs": probs.tolist(), "probs_dtype": dtype,
                     "values": torch.bernoulli(probs).tolist()})
    out["bernoulli"] = bern

    dropout = []
    for seed, p in [(0, 0.5), (1, 0.1), (2, 0.8)]:
        torch.manual_seed(seed)
        dropout.append({"seed": seed, "p": p,
                        "values": torch.nn.functional.dropout(torch.ones(40), p).tolist()})
    out["dropout"] = dropout

    torch.manual_seed(0)
    out["random"] = {
        "seed": 0,
        "int64": int_list(torch.empty(5, dtype=torch.int64).random_()),
        "int32": torch.empty(5, dtype=torch.int32).random_().tolist(),
        "float32": torch.empty(5, dtype=torch.float32).random_().tolist(),
        "float64": torch.empty(5, dtype=torch.float64).random_().tolist(),
    }

    # DataLoader(shuffle=True): the loader's base seed, then RandomSampler's seed for a fresh
    # Generator whose randperm orders the epoch.
    torch.manual_seed(0)
    loader = torch.utils.data.DataLoader(list(range(10)), batch_size=10, shuffle=True)
    epochs = [next(iter(loader)).tolist() for _ in range(2)]
    torch.manual_seed(0)
    seeds = []
    for _ in range(2):
        torch.empty((), dtype=torch.int64).random_()
        seeds.append(str(torch.empty((), dtype=torch.int64).random_().item()))
    out["dataloader"] = {"seed": 0, "n": 10, "epochs": epochs, "sampler_seeds": seeds}

    g = torch.Generator().manual_seed(2**63 + 5)
    out["big_seed"] = {"seed": str(2**63 + 5), "initial_seed": str(g.initial_seed()),
                       "rand": torch.rand(3, generator=g).tolist(),
                       "randperm": torch.randperm(8, generator=g).tolist()}
    return out


# ---------------------------------------------------------------------------------------------
# Generator states (torch.get_rng_state / Generator.get_state bytes).

def b64(t):
    return base64.b64encode(bytes(t.tolist())).decode()


def states():
    """get_rng_state() after a seed and some draws, and the draws that follow it."""
    out = []
    for name, seed, ops, then in [
        ("manual_seed(0)", 0, [], ["rand", "float32", 3]),
        ("randn(1, float64) leaves a cached normal", 0, [["randn", "float64", 1]],
         ["randn", "float64", 5]),
        ("1000 words drawn (past a twist)", 0, [["rand", "float32", 1000]],
         ["randperm", "int64", 5]),
        ("623 words drawn (one before the twist)", 7, [["rand", "float32", 623]],
         ["rand", "float32", 3]),
        ("a 64-bit seed, Generator().manual_seed(2**63 + 5)", 2**63 + 5,
         [["randn", "float32", 3]], ["randn", "float32", 3]),
    ]:
        g = torch.Generator().manual_seed(seed)
        for op, dtype, size in ops:
            (torch.rand if op == "rand" else torch.randn)(size, dtype=DTYPES[dtype], generator=g)
        state = b64(g.get_state())
        op, dtype, size = then
        if op == "randperm":
            values = torch.randperm(size, generator=g).tolist()
        else:
            values = (torch.rand if op == "rand" else torch.randn)(
                size, dtype=DTYPES[dtype], generator=g).tolist()
        out.append({"name": name, "seed": str(seed), "ops": ops, "state": state,
                    "then": {"call": then, "values": values}})
    # The default generator gives the same bytes as a Generator (torch.get_rng_state()).
    torch.manual_seed(0)
    torch.randn(1, dtype=torch.float64)
    assert b64(torch.get_rng_state()) == out[1]["state"]
    # The float-normal slot: no CPU kernel fills it, but the state keeps it; PyTorch round-trips it.
    s = torch.get_rng_state().clone()
    s[5048:5052] = torch.tensor(list(np.float32(0.75).tobytes()), dtype=torch.uint8)
    s[5052] = 1
    torch.set_rng_state(s)
    out.append({"name": "a cached float normal (set, then read back)", "seed": "0", "ops": None,
                "state": b64(torch.get_rng_state())})
    return out


# ---------------------------------------------------------------------------------------------
# libm samples.

def libm():
    rng = np.random.default_rng(11)
    xs = [TWO_PI * (int(v) * 2.0**-53) for v in rng.integers(0, 2**53, 600)]
    xs += [float(v) for v in rng.uniform(-8, 8, 100)]
    mpmath.mp.prec = 300
    for k in range(1, 6):  # arguments next to multiples of pi/2, where reduction cancels
        c = float(k * mpmath.pi / 2)
        for direction in (0.0, 10.0):
            d = c
            for _ in range(10):
                xs.append(d)
                d = math.nextafter(d, direction)
    xs += [2.0**e for e in range(-60, 12)] + [1.5 * 2.0**e for e in range(-30, 10)]
    xs += [1e10, 1e22, 1e300, -1e300, 5e-324, 2.2250738585072014e-308, 2.0**-26, 2.0**-27]
    sin_cos = [[x, cr(mpmath.sin, x), cr(mpmath.cos, x)] for x in xs]
    ys = [1 - int(v) * 2.0**-53 for v in rng.integers(0, 2**53, 600)]
    ys += [float(v) for v in rng.uniform(0.9, 1.1, 200)] + [1.0, 0.5, 2.0**-53, 1 - 2.0**-53]
    zs = [-int(v) * 2.0**-53 for v in rng.integers(0, 2**53, 800)]
    zs += [float(v) for v in rng.uniform(-1, 3, 200)] + [0.0, -0.5, 2.0**-30, -(2.0**-60), 1e300]
    return {"sin_cos": sin_cos, "log": [[y, math.log(y)] for y in ys],
            "log1p": [[z, math.log1p(z), cr(mpmath.log1p, z)] for z in zs]}


def large_randperm():
    """randperm either side of the 64-bit threshold n = 2^32 / 20 (int32 output, ~1 GB each)."""
    out = []
    for seed, n in [(0, 214748363), (0, 214748364)]:
        torch.manual_seed(seed)
        t = torch.randperm(n, dtype=torch.int32)
        out.append({"seed": seed, "n": n, "dtype": "int32", "first": t[:8].tolist(),
                    "last": t[-8:].tolist(),
                    "sha256": hashlib.sha256(t.numpy().astype("<i4").tobytes()).hexdigest()})
        del t
    return out


def capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage:" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def write(name, data):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def main():
    assert int(torch.__version__.split(".")[0]) >= 2, "run with PyTorch 2.x (see the docstring)"
    generator = (f"torch {torch.__version__}, CPU capability {capability()}, "
                 f"{os.confstr('CS_GNU_LIBC_VERSION')}")
    if "--large" in sys.argv:
        write("large_randperm.json", {"generator": generator, "cases": large_randperm()})
        return
    cases = []
    for i, seed in enumerate(SEEDS):
        torch.manual_seed(seed)
        model = Model(seed)
        cases.append({"seed": seed, "calls": [record(model, *c) for c in sequence(i)]})
    torch.manual_seed(-1)  # a negative seed wraps to uint64 (low 32 bits seed mt19937)
    model = Model(-1)
    cases.append({"seed": -1, "calls": [record(model, "rand", "float32", 4),
                                        record(model, "randn", "float64", 3)]})
    write("fixtures.json", {
        "generator": generator,
        "cases": cases,
        "digests": [digest(d) for d in DIGESTS],
        "integers": integers(),
        "states": states(),
    })
    streams = [sweep(10, "vector", "float32"), sweep(11, "vector", "float64"),
               sweep(12, "scalar", "float32"), sweep(13, "scalar", "float64")]
    for s in streams:
        print(f"sweep {s['path']} {s['dtype']}: {s['count']} draws, "
              f"{len(s['descent'])} differ from PyTorch (glibc's sin, cos or log1p)")
    write("sweep.json", {"generator": generator, "streams": streams})
    write("libm.json", {"generator": generator, **libm()})


if __name__ == "__main__":
    main()
