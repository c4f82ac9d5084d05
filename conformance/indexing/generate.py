#!/usr/bin/python3
"""Writes conformance/indexing/fixtures.json: indexing (issue 11) and in-place ops on views
(issue 9, item 7) as PyTorch 2.x has them, where the op table's generator (PyTorch 1.13) cannot
record them.

- errors: the exact text and class of the errors of t[...], t[...] = v, index_put_, index_select,
  index_add, take, gather, scatter*, masked_*, one_hot, and of in-place ops on views that may not
  be changed (several views of one op, views made under no_grad, views of leaves, views a custom
  Function returns). Several texts changed between 1.13 and 2.x (gather/scatter take int32
  indices, index_select's bounds message, the view errors name the node without `Backward0`).
- warnings: indexing with a uint8 mask.
- scenarios: CopySlices programs: the base's and the view's grad_fn after each in-place op, the
  base's next_functions, printed forms, and the gradients they give.
- cases: programs 1.13 cannot record (int32 indices), with gradients.
- crossChecked: every op-table case of the indexing ops (conformance/ops/fixtures.json, made by
  1.13 with the 2.x names it records) run again here; the generator fails unless 2.x gives the same
  node names, printed forms, values and gradients.

Run it with PyTorch 2.x (conformance/random/generate.py says how to install the CPU build):

    PYTHONPATH=/tmp/torch2/site /usr/bin/python3 conformance/indexing/generate.py

conformance/indexing_test.ts runs the same programs in descent. Deterministic (fixed seed).
"""
import json
import os
import sys
import warnings

import torch
import torch.nn.functional as F

assert torch.__version__.startswith("2."), "run with PyTorch 2.x (see the docstring)"
torch.manual_seed(11)
F64 = torch.float64
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from json_values import values  # noqa: E402
from in_2x import cross_check, grad_fn_name, raised, record_case, warning_of  # noqa: E402


def name(fn):
    return None if fn is None else fn.name().rsplit("::", 1)[-1]


def edges(t):
    """The grad_fn's next_functions as [name, output number] pairs."""
    return [[name(n), nr] for n, nr in t.grad_fn.next_functions]


L = lambda *v: torch.tensor(v, dtype=torch.long)  # noqa: E731
ones = lambda *s: torch.ones(*s, requires_grad=True)  # noqa: E731
B = lambda *s: torch.ones(*s, dtype=torch.bool)  # noqa: E731


def setitem(t, index, v):
    t[index] = v


class Id(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, g):
        return g


class FirstRow(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x[0]

    @staticmethod
    def backward(ctx, g):
        out = torch.zeros(2, 3)
        out[0] = g
        return out


def split_inplace():
    a, _ = (torch.ones(4, requires_grad=True) * 1).split(2)
    a.mul_(2)


def split_base_modified():
    x = torch.ones(4, requires_grad=True) * 1
    a, _ = x.split(2)
    x.mul_(2)
    a.grad_fn


def split_no_grad_base_inplace():
    a, _ = torch.zeros(4).split(2)
    a.copy_(torch.ones(2, requires_grad=True))


def no_grad_view_inplace():
    b = torch.zeros(3)
    with torch.no_grad():
        v = b[0:2]
    v.copy_(torch.ones(2, requires_grad=True))


def no_grad_view_base_modified():
    y = torch.ones(3, requires_grad=True) * 1
    with torch.no_grad():
        w = y[0:2]
    y.mul_(2)
    w.grad_fn


def setitem_1d_into_2d_row():
    torch.zeros(3, 2)[0] = torch.ones(3)


def scatter_src_larger():
    a = torch.ones(3, 4, requires_grad=True)
    s = torch.ones(2, 4, requires_grad=True)
    a.scatter(0, L([0, 2, 1, 0]), s).sum().backward()


# ----------------------------------------------------------------------------------------------
# Errors: name -> program. The message is PyTorch's up to a C++ traceback.

x = torch.ones(3, 4, requires_grad=True)
z = torch.zeros(3, 4)
ERRORS = {
    "index_int_oob": lambda: torch.ones(3)[5],
    "index_int_oob_negative": lambda: torch.ones(3)[-4],
    "index_int_oob_item": lambda: x[None, 0, 9],
    "index_too_many": lambda: x[0, 0, 0],
    "index_0d_int": lambda: torch.tensor(1.0)[0],
    "index_0d_slice": lambda: torch.tensor(3.0)[:],
    "index_float": lambda: x[1.5],
    "index_slice_float": lambda: x[1.5:2],
    "index_step_zero": lambda: x[::0],
    "index_step_negative": lambda: x[::-1],
    "index_tensor_float": lambda: x[torch.tensor([1.0])],
    "index_tensor_oob": lambda: torch.ones(3)[L(5)],
    "index_tensor_oob_negative": lambda: torch.ones(3)[L(-4)],
    "index_tensor_oob_second": lambda: torch.ones(3, 4, 5)[L(0, 1), :, L(0, 7)],
    "index_tensor_oob_empty_dim": lambda: torch.zeros(0, 3)[L(0)],
    "index_0d_tensor_oob": lambda: x[torch.tensor(7)],
    "index_mask_shape": lambda: torch.ones(3)[torch.tensor([True, False])],
    "index_mask_shape_2d": lambda: x[B(3, 3)],
    "index_mask_shape_dim1": lambda: x[:, B(3)],
    "index_mask_list": lambda: x[[True, False, True, True]],
    "index_broadcast": lambda: x[L(0, 1), L(0, 1, 2)],
    "index_broadcast_mask": lambda: torch.ones(3, 4, 5)[B(3, 4), L(0, 1)],
    "index_put_shape": lambda: torch.zeros(3).index_put_((L(0, 1),), torch.ones(3)),
    "index_put_dtype": lambda: torch.zeros(3).index_put_((L(1),), torch.ones(1, dtype=F64)),
    "index_put_too_many": lambda: torch.zeros(3).index_put_((L(1), L(1)), torch.ones(1)),
    "index_put_oob": lambda: torch.zeros(3).index_put_((L(3),), torch.ones(1), accumulate=True),
    "setitem_shape_basic": setitem_1d_into_2d_row,
    "setitem_shape_advanced": lambda: setitem(torch.zeros(3), L(0, 1), torch.ones(3)),
    "setitem_dtype": lambda: setitem(torch.zeros(3), L(0), torch.ones(1, dtype=torch.long)),
    "index_select_2d": lambda: x.index_select(0, L([0])),
    "index_select_float": lambda: x.index_select(0, torch.tensor([0.0])),
    "index_select_oob": lambda: x.index_select(1, L(4)),
    "index_select_negative": lambda: x.index_select(1, L(-1)),
    "index_select_dim": lambda: x.index_select(2, L(0)),
    "index_add_count": lambda: z.index_add(0, L(0, 1), torch.ones(3, 4)),
    "index_add_oob": lambda: z.index_add(0, L(0, 3), torch.ones(2, 4)),
    "index_add_dtype": lambda: z.index_add(0, L(0, 1), torch.ones(2, 4, dtype=F64)),
    "index_add_index_float": lambda: z.index_add(0, torch.tensor([0.0]), torch.ones(1, 4)),
    "take_oob": lambda: x.take(L(12)),
    "take_oob_negative": lambda: x.take(L(-13)),
    "take_int32": lambda: x.take(torch.tensor([0], dtype=torch.int32)),
    "take_float": lambda: x.take(torch.tensor([0.0])),
    # found by conformance/fuzz/shape.py: PyTorch 2.13's words for these
    "select_oob": lambda: x.select(1, -5),
    "index_select_oob_dim0": lambda: x.index_select(0, L(3)),
    "index_select_oob_vector": lambda: torch.ones(3).index_select(0, L(-1)),
    "index_select_scalar_count": lambda: torch.tensor(5.0).index_select(0, L(0, 0)),
    "index_select_empty_axis": lambda: torch.zeros(3, 0).index_select(1, L(0)),
    "index_select_empty_oob": lambda: torch.zeros(3, 0).index_select(0, L(7)),
    "index_add_source_shape": lambda: z.index_add(0, L(0), torch.ones(1, 3)),
    "index_add_oob_vector": lambda: torch.zeros(3).index_add(0, L(5), torch.ones(1)),
    "take_empty": lambda: torch.zeros(0).take(L(0)),
    "masked_fill_nan_uint8": lambda: torch.zeros(2, dtype=torch.uint8).masked_fill(B(2), float("nan")),
    "masked_fill_tensor_overflow": lambda: torch.zeros(2, dtype=torch.uint8).masked_fill(B(2), torch.tensor(300.0)),
    "fill_overflow_int32": lambda: torch.zeros(2, dtype=torch.int32).fill_(3e9),
    "index_add_int32_oob": lambda: z.index_add(0, torch.tensor([9], dtype=torch.int32), torch.ones(1, 4)),
    "index_add_middle_oob": lambda: torch.zeros(4, 3, 2).index_add(1, L(5), torch.ones(4, 1, 2)),
    "index_add_alpha_uint8": lambda: torch.zeros(2, dtype=torch.uint8).index_add(
        0, L(0), torch.ones(1, dtype=torch.uint8), alpha=-0.5
    ),
    "masked_fill_autograd_int": lambda: torch.zeros(2, dtype=torch.long).masked_fill(
        B(2), torch.tensor(2.0, requires_grad=True)
    ),
    "scatter_reduce_mean_bool": lambda: B(2).scatter_reduce(0, L(0), B(1), "mean"),
    "index_put_shape_before_dtype": lambda: torch.zeros(3).index_put_((L(0, 1),), torch.ones(3, dtype=F64)),
    "copy_overlap_before_shape": lambda: torch.zeros(1).expand(3).copy_(torch.ones(2)),
    "index_size0_dim": lambda: torch.zeros(0, 3)[L(5)],
    "index_add_alpha_oob": lambda: torch.zeros(4, 3, 2).index_add(0, L(9), torch.ones(1, 3, 2), alpha=2),
    "scatter_reduce_mean_bool_first": lambda: torch.zeros(0, dtype=torch.bool).scatter_reduce(0, L(0, 0), B(3), "mean"),
    "setitem_mask_value_overflow": lambda: setitem(torch.zeros(2, 3, dtype=torch.uint8), B(2), torch.tensor([300.0])),
    "scatter_add_dtype": lambda: z.scatter_add(0, L([0]), torch.ones(1, 1, dtype=F64)),
    "scatter_reduce_dtype": lambda: z.scatter_reduce(0, L([0]), torch.ones(1, 1, dtype=F64), "sum"),
    "gather_dims": lambda: x.gather(1, L(0, 1)),
    "gather_float": lambda: x.gather(1, torch.zeros(3, 1)),
    "gather_oob": lambda: x.gather(1, torch.full((3, 1), 4)),
    "gather_negative": lambda: x.gather(1, torch.full((3, 1), -1)),
    "gather_size": lambda: x.gather(1, torch.zeros(4, 1, dtype=torch.long)),
    "gather_dim": lambda: x.gather(2, torch.zeros(3, 1, dtype=torch.long)),
    "scatter_dims": lambda: z.scatter(1, L(0, 1), 1.0),
    "scatter_float": lambda: z.scatter(1, torch.zeros(3, 1), 1.0),
    "scatter_oob": lambda: z.scatter(1, torch.full((3, 1), 4), 1.0),
    "scatter_src_small": lambda: z.scatter(1, torch.zeros(3, 2, dtype=torch.long), torch.ones(3, 1)),
    "scatter_index_big": lambda: z.scatter(1, torch.zeros(4, 1, dtype=torch.long), 2.0),
    "scatter_dtype": lambda: z.scatter(1, torch.zeros(3, 1, dtype=torch.long), torch.ones(3, 1, dtype=F64)),
    "scatter_add_oob": lambda: z.scatter_add(1, torch.full((3, 1), 4), torch.ones(3, 1)),
    "scatter_reduce_name": lambda: z.scatter_reduce(1, torch.zeros(3, 1, dtype=torch.long), torch.ones(3, 1), "foo"),
    "scatter_src_larger_backward": scatter_src_larger,
    "masked_fill_float_mask": lambda: x.masked_fill(torch.ones(3, 4), 0.0),
    "masked_fill_uint8_mask": lambda: x.masked_fill(torch.ones(3, 4, dtype=torch.uint8), 0.0),
    "masked_fill_value_1d": lambda: x.masked_fill(B(3, 4), torch.ones(2)),
    "masked_fill_broadcast": lambda: x.masked_fill(B(2, 4), 0.0),
    "masked_fill__broadcast": lambda: torch.zeros(4).masked_fill_(B(3, 4), 0.0),
    "masked_select_float": lambda: x.masked_select(torch.ones(3, 4)),
    "masked_select_broadcast": lambda: x.masked_select(B(2, 4)),
    "masked_scatter_few": lambda: torch.zeros(3).masked_scatter(B(3), torch.ones(2)),
    "masked_scatter_float_mask": lambda: torch.zeros(3).masked_scatter(torch.ones(3), torch.ones(3)),
    "masked_scatter_dtype": lambda: torch.zeros(3).masked_scatter(B(3), torch.ones(3, dtype=F64)),
    "one_hot_float": lambda: F.one_hot(torch.tensor([0.0])),
    "one_hot_int32": lambda: F.one_hot(torch.tensor([0], dtype=torch.int32)),
    "one_hot_big": lambda: F.one_hot(L(0, 3), 3),
    "one_hot_negative": lambda: F.one_hot(L(0, -1), 3),
    "one_hot_empty": lambda: F.one_hot(torch.zeros(0, dtype=torch.long)),
    "view_multi_output_inplace": split_inplace,
    "view_multi_output_base_modified": split_base_modified,
    "view_multi_output_no_grad_fn": split_no_grad_base_inplace,
    "view_unbind_inplace": lambda: (torch.ones(2, 2, requires_grad=True) * 1).unbind()[0].mul_(2),
    "view_split_sizes_inplace": lambda: (torch.ones(4, requires_grad=True) * 1).split([1, 3])[0].mul_(2),
    "view_no_grad_inplace": no_grad_view_inplace,
    "view_no_grad_base_modified": no_grad_view_base_modified,
    "view_of_leaf_inplace_slice": lambda: ones(2, 3)[0:1].mul_(2),
    "view_custom_function_inplace": lambda: Id.apply(ones(3) * 1).mul_(2),
    "view_custom_function_leaf_inplace": lambda: Id.apply(ones(3)).mul_(2),
    "view_custom_function_slice_inplace": lambda: FirstRow.apply(ones(2, 3) * 1).mul_(2),
}

# RuntimeError and IndexError are RangeErrors unless about a dtype (a bad argument: TypeError) or
# about autograd (Error); ValueError (a slice step) is a RangeError
JS_CLASS = {"RuntimeError": "RangeError", "IndexError": "RangeError", "TypeError": "TypeError", "ValueError": "RangeError"}
TYPE_ERRORS = {
    "index_float", "index_tensor_float", "index_put_dtype", "setitem_dtype", "index_select_float", "index_add_dtype",
    "index_add_index_float", "take_int32", "take_float", "gather_float", "scatter_float",
    "scatter_dtype", "scatter_add_dtype", "scatter_reduce_dtype", "masked_fill_float_mask", "masked_fill_uint8_mask", "masked_select_float",
    "masked_scatter_float_mask", "masked_scatter_dtype", "one_hot_float", "one_hot_int32",
    "masked_fill_autograd_int", "scatter_reduce_mean_bool", "scatter_reduce_mean_bool_first",
}


def error_of(name, fn):
    kind, message = raised(name, fn)
    js = "TypeError" if name in TYPE_ERRORS else "Error" if name.startswith("view_") else JS_CLASS[kind]
    return {"name": name, "torchType": kind, "type": js, "message": message}


errors = [error_of(n, fn) for n, fn in ERRORS.items()]


# ----------------------------------------------------------------------------------------------
# Warnings


warns = [
    {
        "name": "index_uint8",
        "message": warning_of(lambda: torch.ones(3)[torch.tensor([1, 0, 1], dtype=torch.uint8)]),
    }
]


# ----------------------------------------------------------------------------------------------
# Scenarios: CopySlices programs -> the facts descent must reproduce (indexing_test.ts)


def rand(*shape):
    return torch.randn(*shape, dtype=F64)


def issue_example():
    buf = torch.zeros(3, 2)
    s = torch.tensor([1.0, 2.0], requires_grad=True)
    buf.select(0, 1).copy_(s)
    facts = {"buf": repr(buf), "bufGradFn": grad_fn_name(buf), "bufRequiresGrad": buf.requires_grad,
             "bufEdges": edges(buf)}
    (buf.sum(0) * torch.tensor([5.0, 7.0])).sum().backward()
    facts["sGrad"] = repr(s.grad)
    return facts


def narrow_of_non_leaf():
    a = rand(3, 2).requires_grad_()
    x = a.clone()
    y = x.narrow(0, 0, 2).mul_(2)
    facts = {"y": repr(y), "x": repr(x), "yEdges": edges(y), "xEdges": edges(x)}
    (x * x).sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


def view_made_before():
    a = rand(3, 2).requires_grad_()
    x = a.clone()
    v = x[0]
    w = x[1:]
    x.mul_(3)
    facts = {"v": grad_fn_name(v), "vEdges": edges(v), "w": grad_fn_name(w)}
    (v.sum() + (w * w).sum()).backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


def view_of_view():
    a = rand(4, 3).requires_grad_()
    x = a * 1
    u = x[1:]
    b = u[0]
    b.mul_(a[0])
    facts = {"x": grad_fn_name(x), "u": grad_fn_name(u), "b": grad_fn_name(b),
             "xEdges": edges(x)}
    x.pow(2).sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


def two_inplace_ops():
    a = rand(3, 4).requires_grad_()
    x = a.clone()
    v = x[:, 1]
    v.mul_(2)
    v.add_(1)
    facts = {"x": grad_fn_name(x), "xEdges": edges(x), "v": repr(v)}
    x.sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


def whole_tensor_view():
    # descent's x.index(slice()).mul_(2), Python's `t = x[:]; t.mul_(2)`
    a = rand(2, 3).requires_grad_()
    x = a * 3
    t = x[:]
    t.mul_(2)
    facts = {"x": grad_fn_name(x), "t": grad_fn_name(t), "tBefore": "SliceBackward0"}
    x.sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


def masked_update():
    a = rand(3, 4).requires_grad_()
    x = a * 2
    x[x > 0] = 0
    facts = {"x": grad_fn_name(x), "xEdges": edges(x)}
    x.sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


def fill_row():
    a = rand(3, 4).requires_grad_()
    w = rand(3, 4)
    x = a.clone()
    x[1] = 0.0
    facts = {"x": grad_fn_name(x), "xEdges": edges(x)}
    (x * w).sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a), values(w)]
    return facts


def setitem_mixed():
    a = rand(3, 4).requires_grad_()
    v = rand(2).requires_grad_()
    x = a.clone()
    x[0:2, [0, 3]] = v
    facts = {"x": grad_fn_name(x), "xEdges": edges(x)}
    (x * x).sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["vGrad"] = values(v.grad)
    facts["inputs"] = [values(a), values(v)]
    return facts


def buffer_of_leaf_that_later_requires_grad():
    # a view made while its base did not require grad gets its node from the base once the base
    # is part of a graph
    buf = torch.zeros(2, 3, dtype=F64)
    row = buf[0]
    s = rand(3).requires_grad_()
    buf[1].copy_(s)
    # PyTorch's in-place check reads the view's node without making it again, so without this
    # read it would call the view a leaf (conformance/README.md, "Where descent differs")
    facts = {"rowRequiresGrad": row.requires_grad, "rowBefore": grad_fn_name(row)}
    row.add_(s)
    facts["row"] = grad_fn_name(row)
    facts["buf"] = grad_fn_name(buf)
    (buf * buf).sum().backward()
    facts["sGrad"] = values(s.grad)
    facts["inputs"] = [values(s)]
    return facts


def expanded_view_backward():
    # a view that repeats elements (expand) made again from its base: its gradient sums
    a = rand(3).requires_grad_()
    x = a * 1
    e = x.expand(2, 3)
    x.mul_(2)
    facts = {"e": grad_fn_name(e)}
    e.sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


def index_put_leaf_not_requiring_grad():
    x = torch.zeros(4, dtype=F64)
    v = rand(2).requires_grad_()
    x.index_put_((L(1, 3),), v)
    facts = {"x": repr(x), "xEdges": edges(x)}
    (x * torch.arange(4.0, dtype=F64)).sum().backward()
    facts["vGrad"] = values(v.grad)
    facts["inputs"] = [values(v)]
    return facts


def no_grad_inplace_on_view():
    # an in-place op under no_grad on a view of a tensor that requires grad: the view's node is
    # made again from the base when next read
    a = rand(3).requires_grad_()
    x = a * 1
    v = x[0:2]
    with torch.no_grad():
        v.mul_(10)
    facts = {"v": grad_fn_name(v), "x": grad_fn_name(x)}
    v.sum().backward()
    facts["aGrad"] = values(a.grad)
    facts["inputs"] = [values(a)]
    return facts


SCENARIOS = {
    "issue_example": issue_example,
    "narrow_of_non_leaf": narrow_of_non_leaf,
    "view_made_before": view_made_before,
    "view_of_view": view_of_view,
    "two_inplace_ops": two_inplace_ops,
    "whole_tensor_view": whole_tensor_view,
    "masked_update": masked_update,
    "fill_row": fill_row,
    "setitem_mixed": setitem_mixed,
    "buffer_of_leaf_that_later_requires_grad": buffer_of_leaf_that_later_requires_grad,
    "expanded_view_backward": expanded_view_backward,
    "index_put_leaf_not_requiring_grad": index_put_leaf_not_requiring_grad,
    "no_grad_inplace_on_view": no_grad_inplace_on_view,
}
scenarios = {n: f() for n, f in SCENARIOS.items()}


# ----------------------------------------------------------------------------------------------
# Cases 1.13 cannot record: name -> (inputs, program returning the outputs)

I32 = lambda *v: torch.tensor(v, dtype=torch.int32)  # noqa: E731


def arange(*shape):
    n = 1
    for d in shape:
        n *= d
    return torch.arange(n, dtype=F64).reshape(shape)


def setitem_false(a, v):
    x = a * 1
    x[False] = v  # writes nothing, checks nothing
    return [x]


def setitems(a, v):
    x, y, w = a * 1, a * 1, a * 1
    x[...] = v
    y[-2:] = v
    w[0:, :] = 2.5
    return [x, y, w]


def view_then(a, view, inplace):
    """A view of a non-leaf changed in place: the base and the view."""
    x = a * 1
    v = view(x)
    inplace(v)
    return [x, v]
CASES = {
    "gather_int32": ([rand(3, 4)], lambda a: [a.gather(1, I32([0, 3], [2, 2], [1, 0]))]),
    "scatter_int32": ([rand(3, 4), rand(1, 4)], lambda a, s: [a.scatter(0, I32([2, 0, 1, 2]), s)]),
    "scatter_add_int32": ([rand(3, 4), rand(2, 4)], lambda a, s: [a.scatter_add(0, I32([2, 0, 1, 2], [2, 2, 2, 2]), s)]),
    "scatter_reduce_int32": ([rand(2, 3), rand(2, 2)], lambda a, s: [a.scatter_reduce(1, I32([0, 0], [2, 1]), s, "mean")]),
    "index_int32": ([rand(3, 4)], lambda a: [a[I32(2, 0), 1:], a[:, I32([1], [3])]]),
    "index_select_int32": ([rand(3, 4)], lambda a: [a.index_select(1, I32(3, 0, 3))]),
    "index_add_int32": ([rand(3, 4), rand(2, 4)], lambda a, s: [a.index_add(0, I32(1, 1), s)]),
    "index_uint8_mask": ([rand(3, 4)], lambda a: [a[torch.tensor([1, 0, 1], dtype=torch.uint8)]]),
    # found by conformance/fuzz/shape.py: after zero_/fill_ on a view, the view's node leads to the
    # base's CopySlices (the view's gradient is zero where it was overwritten). Inputs drawn
    # without the RNG and last, so the cases above keep their values and cotangents.
    "view_zero_": ([arange(2, 4)], lambda a: view_then(a, lambda x: x[:, 1], lambda v: v.zero_())),
    "view_fill_": ([arange(3, 3)], lambda a: view_then(a, lambda x: x.diagonal(), lambda v: v.fill_(2))),
    # a 0-d value fills (FillBackward3, or CopySlices when the target is a view); a slice whose
    # start is written negative is a view even when it covers the dim (fuzz)
    "setitem_0d_fills": ([arange(2, 3), torch.tensor(2.0, dtype=F64)], lambda a, v: setitems(a, v)),
    "index_negative_start": ([arange(2, 3)], lambda a: [a[:, -3:], a[0, -3:], a[-2:, :]]),
    "setitem_false_nothing": ([arange(4), torch.ones(1, 5, dtype=F64)], lambda a, v: setitem_false(a, v)),
    # no position is checked when the result is empty, but along a dim of size 0 (fuzz)
    "index_empty_result_unchecked": ([torch.zeros(0, 3, dtype=F64)], lambda a: [a[:, L(5)], a[..., L(-9, 5)]]),
}

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the uint8 mask's deprecation (recorded above)
    cases = [record_case(name, ins, program) for name, (ins, program) in CASES.items()]


# ----------------------------------------------------------------------------------------------
# The op table's cases of these ops, recorded by 1.13, run again in 2.x

INDEXING_OPS = {
    "index", "index_put", "index_put_", "index_put_scalar_", "index_select", "index_add",
    "index_add_", "take", "gather", "scatter", "scatter_value", "scatter_", "scatter_add",
    "scatter_add_", "scatter_reduce", "scatter_reduce_", "masked_fill", "masked_fill_tensor",
    "masked_fill_", "masked_select", "masked_scatter", "masked_scatter_", "nonzero",
    "nonzero_tuple", "argwhere", "one_hot", "copy_slices_mul", "copy_slices_fill",
    "copy_slices_copy", "copy_slices_view",
}


def ops_helpers():
    """generate.py's index helpers (ix, ixt, setitem, run), shared, not copied."""
    src = open(os.path.join(HERE, "..", "ops", "generate.py")).read()
    block = src.split("# ---- indexing (issue 11): index helpers ----")[1].split("# ---- end indexing")[0]
    scope = {"torch": torch}
    exec(block, scope)  # noqa: S102 - our own generator's source
    return {k: scope[k] for k in ("ix", "ixt", "setitem", "run")}


checked = cross_check(INDEXING_OPS, {"F": F, **ops_helpers()})

with open(os.path.join(HERE, "fixtures.json"), "w") as f:
    head = {"torch": torch.__version__, "generator": "conformance/indexing/generate.py", "crossChecked": checked}
    dump = lambda v: json.dumps(v, separators=(",", ":"), allow_nan=False)  # noqa: E731
    f.write(json.dumps(head)[:-1] + ',\n"errors": [\n')
    f.write(",\n".join(dump(e) for e in errors))
    f.write('\n],\n"warnings": [\n' + ",\n".join(dump(w) for w in warns))
    f.write('\n],\n"scenarios": {\n' + ",\n".join(f"{json.dumps(k)}:{dump(v)}" for k, v in scenarios.items()))
    f.write('\n},\n"cases": [\n' + ",\n".join(dump(c) for c in cases))
    f.write("\n]}\n")
print(
    f"wrote {len(errors)} errors, {len(warns)} warnings, {len(scenarios)} scenarios, {len(cases)} cases; "
    f"{checked} op-table cases agree with {torch.__version__}"
)
