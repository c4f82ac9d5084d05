#!/usr/bin/python3
"""Writes conformance/shape/fixtures.json: the shape and joining ops (issue 13) as PyTorch 2.x
has them where the op table's generator (PyTorch 1.13) cannot record them.

- errors: the exact text and class of every argument error of these ops. Most texts changed
  between 1.13 and 2.x (padding, diag, tril, unflatten, repeat_interleave, unfold, ...).
- warnings: `torch.meshgrid` without `indexing`.
- cases: programs 1.13 rejects or gets wrong: circular padding of unbatched input, constant
  padding to an empty dim next to a padded one, reflection padding to an empty height, `diag`
  past the last diagonal, the gradient of `trace` of a tall matrix (1.13's is wrong), and
  `repeat_interleave`'s `output_size`.
- crossChecked: every op-table case of these ops (conformance/ops/fixtures.json, made by 1.13)
  run again here; the generator fails unless 2.x gives the same node names, printed forms,
  values and gradients, so the op table's fixtures are PyTorch 2.x's.

Run it with PyTorch 2.x (conformance/random/generate.py says how to install the CPU build):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/shape/generate.py

conformance/shape_test.ts runs the same programs in descent. Deterministic (fixed seed).
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from in_2x import cross_check, raised, record_case, warning_of  # noqa: E402

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (see the docstring)"
torch.manual_seed(13)
F64 = torch.float64
HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------------------------
# Errors: name -> program. The message is PyTorch's up to a C++ traceback or a printed tensor.

ones = lambda *s: torch.ones(*s, requires_grad=True)  # noqa: E731
x = ones(2, 3, 4)
x5 = ones(1, 2, 3, 4, 5)
s0 = torch.tensor(1.0)
cut = {"meshgrid_2d": "but got: "}

ERRORS = {
    "pad_odd": lambda: F.pad(x, (1,)),
    "pad_too_long": lambda: F.pad(x, (1,) * 8),
    "pad_0d": lambda: F.pad(s0, (1, 1)),
    "pad_float": lambda: F.pad(x, (1.5, 1)),
    "pad_mode": lambda: F.pad(x, (1, 1), mode="foo"),
    "pad_crop": lambda: F.pad(x, (-3, -2)),
    "pad_crop_left": lambda: F.pad(x, (-5, 1)),
    "pad_reflect_value": lambda: F.pad(x, (1, 1), mode="reflect", value=1.0),
    "pad_circular_value": lambda: F.pad(x, (1, 1), mode="circular", value=-1.0),
    "pad_reflect_1d": lambda: F.pad(ones(4), (1, 1), mode="reflect"),
    "pad_replicate_4d": lambda: F.pad(ones(1, 2, 3, 4), (1, 1), mode="replicate"),
    "pad_circular_8": lambda: F.pad(x5, (1,) * 8, mode="circular"),
    "pad_reflect_too_big": lambda: F.pad(x, (4, 1), mode="reflect"),
    "pad_reflect_too_big_h": lambda: F.pad(ones(2, 1, 4), (0, 0, 2, 0), mode="reflect"),
    "pad_reflect_too_big_d": lambda: F.pad(x5, (0, 0, 0, 0, 3, 0), mode="reflect"),
    "pad_reflect_empty": lambda: F.pad(torch.zeros(2, 0, 4), (1, 1), mode="reflect"),
    "pad_replicate_empty_2d": lambda: F.pad(torch.zeros(2, 3, 0), (1, 1, 1, 1), mode="replicate"),
    "pad_reflect_small": lambda: F.pad(x, (-2, -2), mode="reflect"),
    "pad_replicate_small": lambda: F.pad(x, (-5, 1), mode="replicate"),
    "pad_reflect_small_2d": lambda: F.pad(x, (-2, -2, -3, 0), mode="reflect"),
    "pad_replicate_small_2d": lambda: F.pad(x, (-2, -2, -3, 0), mode="replicate"),
    "pad_reflect_small_3d": lambda: F.pad(x5, (-2, -3, -2, -2, -3, 0), mode="reflect"),
    "pad_replicate_small_3d": lambda: F.pad(x5, (-2, -3, -2, -2, -3, 0), mode="replicate"),
    "pad_replicate_negative": lambda: F.pad(x, (0, 0, -3, -1), mode="replicate"),
    "pad_circular_wrap": lambda: F.pad(x, (5, 1), mode="circular"),
    "pad_circular_negative": lambda: F.pad(x, (0, 0, -3, -1), mode="circular"),
    "flip_duplicate": lambda: x.flip(0, -3),
    "flip_range": lambda: x.flip(3),
    "flip_float": lambda: x.flip(0.5),
    "roll_mismatch": lambda: x.roll((1, 2), 0),
    "roll_flat_many": lambda: x.roll((1, 2)),
    "roll_no_shifts": lambda: x.roll((), ()),
    "roll_0d_dim": lambda: s0.roll(1, 0),
    "tril_1d": lambda: ones(3).tril(),
    "triu_0d": lambda: s0.triu(),
    "diag_3d": lambda: x.diag(),
    "diag_0d": lambda: s0.diag(),
    "diagonal_same": lambda: x.diagonal(0, 1, -2),
    "diagonal_1d": lambda: ones(3).diagonal(),
    "diag_embed_same": lambda: torch.diag_embed(x, 0, 1, 1),
    "diag_embed_0d": lambda: torch.diag_embed(s0),
    "trace_3d": lambda: x.trace(),
    "trace_1d": lambda: ones(3).trace(),
    "repeat_few": lambda: x.repeat(2, 3),
    "repeat_negative": lambda: x.repeat(1, 2, -1),
    "tile_float": lambda: x.tile((1.5,)),
    "repeat_interleave_negative": lambda: x.repeat_interleave(-1, dim=1),
    "repeat_interleave_dim": lambda: x.repeat_interleave(2, dim=3),
    "repeat_interleave_0d_dim": lambda: s0.repeat_interleave(2, dim=0),
    "repeat_interleave_output_size": lambda: x.repeat_interleave(2, dim=1, output_size=5),
    "repeat_interleave_sizes": lambda: x.repeat_interleave(torch.tensor([1, 2]), dim=-2),
    "repeat_interleave_negative_counts": lambda: x.repeat_interleave(torch.tensor([1, -2, 1]), dim=1),
    "repeat_interleave_2d_counts": lambda: x.repeat_interleave(torch.tensor([[1, 2, 1]]), dim=1),
    "repeat_interleave_counts_output_size": lambda: x.repeat_interleave(
        torch.tensor([1, 2, 1]), dim=1, output_size=3
    ),
    "split_0d": lambda: s0.split(1),
    "split_zero": lambda: x.split(0, 1),
    "split_negative": lambda: x.split(-1, 1),
    "split_sizes_sum": lambda: x.split([1, 1], 1),
    "split_sizes_negative": lambda: x.split([4, -1], 1),
    "split_sizes_sum_negative_dim": lambda: x.split([1, 1], -2),  # the dim as given (fuzz)
    "stack_dim_before_shapes": lambda: torch.stack([ones(2), ones(2, 1)], 3),  # (fuzz)
    "pad_replicate_empty_channels": lambda: F.pad(torch.zeros(0, 4, 4, 3), (1,) * 6, mode="replicate"),  # (fuzz)
    "pad_value_overflow": lambda: F.pad(torch.zeros(4, dtype=torch.uint8), (1, 0), value=-2),  # (fuzz)
    "unflatten_sizes_negative_dim": lambda: x.unflatten(-1, (3, 2)),  # the dim wrapped (fuzz)
    "flatten_0d_dim": lambda: s0.flatten(0, 1),  # (fuzz)
    "expand_last_mismatch_first": lambda: x.expand(1, 3, 5),  # checked from the last dim (fuzz)
    "expand_bool_too_few": lambda: torch.zeros(2, 3, dtype=torch.bool).expand(3),  # CPUBoolType (fuzz)
    "split_range": lambda: x.split(1, 3),
    "chunk_zero": lambda: x.chunk(0, 1),
    "chunk_0d": lambda: s0.chunk(2),
    "unbind_0d": lambda: s0.unbind(),
    "unbind_range": lambda: x.unbind(-4),
    "unflatten_sizes": lambda: x.unflatten(2, (3, 2)),
    "unflatten_empty": lambda: x.unflatten(2, ()),
    "unflatten_two_inferred": lambda: x.unflatten(0, (-1, -1)),
    "unflatten_0d": lambda: s0.unflatten(0, (1,)),
    "movedim_count": lambda: x.movedim((0, 1), (0,)),
    "movedim_repeated_source": lambda: x.movedim((0, -3), (1, 2)),
    "movedim_repeated_destination": lambda: x.movedim((0, 1), (1, 1)),
    "movedim_range": lambda: x.movedim(3, 0),
    "swapaxes_range": lambda: x.swapaxes(0, 3),
    "meshgrid_empty": lambda: torch.meshgrid([], indexing="ij"),
    "meshgrid_dtype": lambda: torch.meshgrid(ones(2), ones(2).double(), indexing="xy"),
    "meshgrid_indexing": lambda: torch.meshgrid(ones(2), ones(2), indexing="ab"),
    "meshgrid_2d": lambda: torch.meshgrid(ones(2, 2), ones(2), indexing="ij"),
    "unfold_too_big": lambda: x.unfold(2, 5, 1),
    "unfold_step": lambda: x.unfold(2, 2, 0),
    "unfold_negative_size": lambda: x.unfold(-1, -1, 1),
    "unfold_0d_too_big": lambda: s0.unfold(0, 2, 1),
    "outer_2d": lambda: torch.outer(ones(2, 2), ones(2)),
    "outer_vec2_0d": lambda: torch.outer(ones(2), s0),
    "einsum_no_operands": lambda: torch.einsum("i"),
    "einsum_fewer": lambda: torch.einsum("ij,jk", ones(2, 3)),
    "einsum_more": lambda: torch.einsum("ij", ones(2, 3), ones(3)),
    "einsum_subscript": lambda: torch.einsum("i1", ones(2, 3)),
    "einsum_output_subscript": lambda: torch.einsum("ij->i1", ones(2, 3)),
    "einsum_count": lambda: torch.einsum("ijk", ones(2, 3)),
    "einsum_count_ellipsis": lambda: torch.einsum("ijk...", ones(2, 3)),
    "einsum_two_ellipses": lambda: torch.einsum("......", ones(2, 3)),
    "einsum_bad_ellipsis": lambda: torch.einsum("i..", ones(2, 3)),
    "einsum_output_two_ellipses": lambda: torch.einsum("...->......", ones(2, 3)),
    "einsum_output_bad_ellipsis": lambda: torch.einsum("...->..", ones(2, 3)),
    "einsum_output_repeated": lambda: torch.einsum("ij->ii", ones(2, 3)),
    "einsum_output_unknown": lambda: torch.einsum("ij->k", ones(2, 3)),
    "einsum_sizes": lambda: torch.einsum("ij,jk", ones(2, 3), ones(2, 3)),
    "einsum_diagonal_sizes": lambda: torch.einsum("ii", ones(2, 3)),
    "einsum_ellipsis_sizes": lambda: torch.einsum("...i,...i", ones(2, 3), ones(3, 3)),
}

JS_CLASS = {
    "RuntimeError": "RangeError",
    "IndexError": "RangeError",
    "TypeError": "TypeError",
    "ValueError": "TypeError",
}
# NotImplementedError: an unsupported combination of sizes is a RangeError, an unknown mode a
# TypeError (API.md: RangeError for shapes, TypeError for bad arguments)
NOT_IMPLEMENTED = {"pad_mode": "TypeError"}


def error_of(name, fn):
    kind, message = raised(name, fn)
    if name in cut:
        message = message.split(cut[name])[0] + cut[name].rstrip()
    js = NOT_IMPLEMENTED.get(name, "RangeError") if kind == "NotImplementedError" else JS_CLASS[kind]
    if kind == "RuntimeError" and "expected scalar type" in message:
        js = "TypeError"
    return {"name": name, "torchType": kind, "type": js, "message": message}


errors = [error_of(name, fn) for name, fn in ERRORS.items()]
# errors PyTorch raises as RuntimeError that descent classes as bad arguments (TypeError)
for e in errors:
    if e["name"] in ("pad_reflect_value", "pad_circular_value", "meshgrid_dtype", "meshgrid_indexing"):
        e["type"] = "TypeError"


# ----------------------------------------------------------------------------------------------
# Warnings

warns = [
    {
        "name": "meshgrid_indexing",
        "message": warning_of(lambda: torch.meshgrid(torch.ones(2), torch.ones(3))),
    }
]


# ----------------------------------------------------------------------------------------------
# Cases 1.13 cannot record: name -> (inputs, program returning the outputs)

def rand(*shape):
    return torch.randn(*shape, dtype=F64)


def arange(*shape):
    return torch.arange(math.prod(shape), dtype=F64).reshape(shape)


CASES = {
    "pad_circular_unbatched_1d": ([rand(3, 4)], lambda a: [F.pad(a, (1, 2), mode="circular")]),
    "pad_circular_unbatched_2d": ([rand(2, 3, 4)], lambda a: [F.pad(a, (1, 1, 2, 1), mode="circular")]),
    "pad_circular_unbatched_3d": (
        [rand(2, 2, 3, 2)],
        lambda a: [F.pad(a, (1, 0, 0, 2, 1, 1), mode="circular")],
    ),
    "pad_circular_crop_to_empty": ([rand(2, 3, 4)], lambda a: [F.pad(a, (-2, -2), mode="circular")]),
    "pad_constant_empty_dim": ([rand(2, 3)], lambda a: [F.pad(a, (-1, -2, 1, 0))]),
    "pad_reflect_empty_height": ([rand(2, 3, 4)], lambda a: [F.pad(a, (-1, -1, -3, 0), mode="reflect")]),
    "diag_past_last": ([rand(3, 4)], lambda a: [a.diag(9), a.diag(-5)]),
    "trace_tall": ([rand(4, 2)], lambda a: [a.trace()]),
    "repeat_interleave_output_size": (
        [rand(2, 3)],
        lambda a: [
            a.repeat_interleave(2, dim=1, output_size=6),
            a.repeat_interleave(torch.tensor([1, 0, 2]), dim=1, output_size=3),
        ],
    ),
    # found by conformance/fuzz/shape.py: a reshape (or flatten) of a non-contiguous tensor that
    # can be a view records ReshapeAliasBackward0 in 2.x, of a contiguous one ViewBackward0.
    # Inputs drawn without the RNG and last, so the cases above keep their values and cotangents.
    "cat_legacy_empty": (
        [torch.zeros(0, dtype=F64), arange(2, 3)],
        lambda e, a: [torch.cat([e, a], 1), torch.cat([a, e, a], -1), torch.cat([e, e], 5)],
    ),
    "roll_empty_unchecked_dims": ([torch.zeros(4, 4, 0, dtype=F64)], lambda a: [torch.roll(a, [1, 2, 3], [0, 0, 5])]),
    "reshape_alias_non_contiguous": (
        [arange(4, 2, 3)],
        lambda a: [a[::2].reshape(2, 6), a[:, :, 1:].reshape(-1, 2), a.reshape(2, 12), a.transpose(1, 2).flatten(0, 1)],
    ),
}

cases = [record_case(name, ins, program) for name, (ins, program) in CASES.items()]


# ----------------------------------------------------------------------------------------------
# The op table's cases of these ops, recorded by 1.13, run again in 2.x

SHAPE_OPS = {
    "pad", "flip", "roll", "tril", "triu", "diag", "diagonal", "diag_embed", "trace", "repeat",
    "tile", "repeat_interleave", "repeat_interleave_tensor", "split", "chunk", "unbind",
    "split_first", "unflatten", "movedim", "swapaxes", "meshgrid", "unfold", "outer", "kron",
    "einsum",
}


checked = cross_check(SHAPE_OPS)

with open(os.path.join(HERE, "fixtures.json"), "w") as f:
    head = {"torch": torch.__version__, "generator": "conformance/shape/generate.py", "crossChecked": checked}
    f.write(json.dumps(head)[:-1] + ',\n"errors": [\n')
    f.write(",\n".join(json.dumps(e, separators=(",", ":")) for e in errors))
    f.write('\n],\n"warnings": [\n' + ",\n".join(json.dumps(w, separators=(",", ":")) for w in warns))
    f.write('\n],\n"cases": [\n')
    f.write(",\n".join(json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases))
    f.write("\n]}\n")
print(f"wrote {len(errors)} errors, {len(warns)} warnings, {len(cases)} cases; {checked} op-table cases agree with {torch.__version__}")
