"""Numbers and tensors as the fixtures' JSON writes them: NaN, infinities and -0 as strings.

Shared by the fixture generators (`<family>/generate.py` add this folder to `sys.path`)."""

import math


def enc(v):
    """One number for JSON: "nan", "inf", "-inf" and "-0" as strings, a bool as 0 or 1, other
    numbers as they are."""
    if isinstance(v, bool):
        return int(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    return v


def values(t):
    """A tensor's elements, row-major, through `enc`."""
    return [enc(v) for v in t.detach().reshape(-1).tolist()]
