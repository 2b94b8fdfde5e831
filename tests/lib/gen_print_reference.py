#!/usr/bin/python3
"""gen_print_reference.py: what PyTorch 1.13 prints for many float32 tensors.

Writes tests/lib/data/print_reference.txt, which test_print.c reads (CI does
not need torch; re-run this only to change the data):

    /usr/bin/python3 tests/lib/gen_print_reference.py

Each case is a block ('#' lines are comments):

    case <name>
    shape <ndim> <size of each dimension...>
    grad <none | requires_grad | our op name, e.g. relu>
    values <count>
    <float32 bit patterns as 8 hex digits, up to 8 per line>
    text <number of lines>
    <repr(tensor) exactly, line by line>

Values are bit patterns so that nan, -0 and every float rebuild exactly.
For grad_fn cases the tensor is the output of a real torch op; the file
holds our op name, and this script checks that our printer's naming rule
(CamelCase of the name + "Backward0") gives PyTorch's class name, so only
ops whose names agree are used here.
"""
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "print_reference.txt")

torch.manual_seed(0)
cases = []


def add(name, t, grad="none"):
    t32 = t.to(torch.float32) if t.dtype != torch.float32 else t
    cases.append((name, t32, grad))


def f(values):
    return torch.tensor(values, dtype=torch.float32)


nan, inf = math.nan, math.inf

# The worked example of CURRICULUM.md: relu([-2, -0.5, 0, 1.5, 3]).
add("curriculum_relu", torch.relu(f([-2.0, -0.5, 0.0, 1.5, 3.0])))

# Integer-valued, mixed, padding, signs.
add("int_1d", f([1, 2, 3]))
add("int_negative", f([-1, 20, 300]))
add("int_single", f([5]))
add("int_single_negative", f([-5]))
add("zeros", torch.zeros(4))
add("mixed_padding", f([1, -2.0]))
add("fixed_single", f([-0.5]))
add("fixed_rounding", f([0.12345, 1.00005, 2.99995, 0.5]))
add("fixed_wide", f([1234.5678, 1.5, -999.25]))
add("fixed_many_digits", f([1.23456789, -9.87654321, 3.14159265]))

# Scalars.
add("scalar_int", torch.tensor(3.0))
add("scalar_fixed", torch.tensor(1.5))
add("scalar_neg_zero", torch.tensor(-0.0))
add("scalar_zero", torch.tensor(0.0))
add("scalar_nan", torch.tensor(nan))
add("scalar_inf", torch.tensor(-inf))
add("scalar_tiny", torch.tensor(1e-5))
add("scalar_huge", torch.tensor(3e9))

# Empty tensors.
add("empty_1d", torch.zeros(0))
add("empty_2d", torch.zeros(0, 4))
add("empty_3d", torch.zeros(2, 0, 3))
add("empty_4d", torch.zeros(1, 2, 0, 1))

# nan and inf: not part of the width, printed without a trailing ".".
add("nan_inf_int", f([nan, inf, 1]))
add("nan_inf_fixed", f([nan, -inf, 1.5]))
add("nan_inf_sci", f([nan, 1e-5, 1, inf]))
add("all_nan", f([nan, nan]))
add("all_inf", f([inf, -inf]))
add("negative_nan", -f([nan, 1.5]))
add("nan_zero", f([nan, 0.0]))

# Negative zero.
add("neg_zero_int", f([-0.0, 1]))
add("neg_zero_fixed", f([-0.0, 1.5]))
add("neg_zero_only", f([-0.0, 0.0]))
add("neg_zero_sci", f([-0.0, 1e-6]))

# Scientific notation: max/min > 1000, max > 1e8, min < 1e-4 (not for ints).
add("sci_tiny", f([1e-5, 1.0]))
add("sci_1e-4_as_float", f([1e-4, 1.5]))  # float(1e-4) < 1e-4 in double
add("fixed_just_above_1e-4", f([1.1e-4, 0.05]))
add("sci_ratio_fixed", f([0.001, 1.5]))
add("fixed_ratio_1000", f([0.0015, 1.5]))
add("int_ratio_1000", f([1, 1000]))
add("sci_int_ratio", f([1, 1001]))
add("int_1e8", f([1e8]))
add("sci_int_huge", f([123456789.0]))
add("sci_mixed", f([1e10, 1e-10, -3.0]))
add("sci_float_max", f([3.4028235e38, -1.0]))
add("sci_subnormal", f([1e-40, 1.0]))
add("sci_negative", f([-1e-5, 2.5, -300.0]))

# Long rows wrap at 80 columns.
add("wrap_int", torch.arange(40))
add("wrap_fixed", torch.arange(30) * 1.5)
add("wrap_random", torch.randn(50))
add("wrap_sci", torch.randn(25) * 1e5)
add("wrap_width_7", f([-1.2345] * 12))

# Summarisation above 1000 elements.
add("summary_1d_int", torch.arange(1001))
add("summary_1d_random", torch.randn(1100))
add("summary_1d_edges_decide_width", torch.cat((f([1, 2, 3]), torch.full((1000,), 1e-9), f([4, 5, 6]))))
add("summary_2d", torch.randn(34, 34))
add("summary_2d_short_rows", torch.randn(510, 2))
add("summary_2d_long_rows", torch.randn(2, 510))
add("summary_3d", torch.randn(11, 10, 10))
add("summary_4d", torch.arange(7 * 7 * 7 * 3).reshape(7, 7, 7, 3) * 0.5)

# Nesting.
add("matrix", f([[1, -2.0], [0.5, 4]]))
add("matrix_random", torch.randn(3, 4))
add("matrix_wrapping_rows", torch.randn(3, 15))
add("matrix_one_column", f([[1], [2], [3]]))
add("matrix_one_row", f([[1.5, 2.5]]))
add("tensor_3d", torch.randn(2, 3, 4))
add("tensor_4d", torch.randn(2, 2, 2, 3))
add("tensor_4d_int", torch.arange(24).reshape(2, 3, 2, 2))

# requires_grad leaves.
x = f([1, 2]).requires_grad_()
add("requires_grad_1d", x.detach(), "requires_grad")
add("requires_grad_scalar", torch.tensor(2.5), "requires_grad")
add("requires_grad_matrix", torch.randn(2, 3), "requires_grad")
add("requires_grad_empty", torch.zeros(0), "requires_grad")
add("requires_grad_empty_2d", torch.zeros(0, 2), "requires_grad")
add("requires_grad_wraps", f([-1.2345] * 8), "requires_grad")
add("requires_grad_wrapping_rows", torch.randn(25), "requires_grad")

# grad_fn of non-leaves: (name, torch function, input).
def grad_cases():
    v = torch.randn(5)
    yield "grad_fn_relu", "relu", torch.relu, f([-2.0, -0.5, 0.0, 1.5, 3.0])
    yield "grad_fn_sigmoid", "sigmoid", torch.sigmoid, v
    yield "grad_fn_tanh", "tanh", torch.tanh, v
    yield "grad_fn_gelu", "gelu", torch.nn.functional.gelu, v
    yield "grad_fn_silu", "silu", torch.nn.functional.silu, v
    yield "grad_fn_leaky_relu", "leaky_relu", torch.nn.functional.leaky_relu, v
    yield "grad_fn_sum", "sum", torch.sum, v
    yield "grad_fn_mean", "mean", torch.mean, f([1, 2])
    yield "grad_fn_add", "add", lambda t: t + t, torch.randn(2, 2)
    yield "grad_fn_sub", "sub", lambda t: t - 1, torch.randn(3)
    yield "grad_fn_mul", "mul", lambda t: t * t, f([-1.2345] * 8)
    yield "grad_fn_relu_wrapped_rows", "relu", torch.relu, torch.randn(4, 12)
    yield "grad_fn_relu_summary", "relu", torch.relu, torch.randn(1010)


def camel_backward(name):
    return "".join(p[:1].upper() + p[1:] for p in name.split("_")) + "Backward0"


for case, opname, fn, inp in grad_cases():
    y = fn(inp.clone().requires_grad_())
    assert type(y.grad_fn).__name__ == camel_backward(opname), (case, type(y.grad_fn).__name__)
    cases.append((case, y, opname))


def bits(v):
    return "%08x" % (v & 0xFFFFFFFF)


with open(OUT, "w") as out:
    out.write("# print_reference.txt: PyTorch %s's repr of float32 tensors.\n" % torch.__version__)
    out.write("# Generated by tests/lib/gen_print_reference.py; read by test_print.c.\n")
    for name, t, grad in cases:
        if grad == "requires_grad":
            t = t.clone().requires_grad_()
        text = repr(t)
        flat = t.detach().contiguous().reshape(-1).view(torch.int32).tolist()  # exact bits, nan sign too
        out.write("case %s\n" % name)
        out.write("shape %d%s\n" % (t.dim(), "".join(" %d" % s for s in t.shape)))
        out.write("grad %s\n" % grad)
        out.write("values %d\n" % len(flat))
        for i in range(0, len(flat), 8):
            out.write(" ".join(bits(v) for v in flat[i:i + 8]) + "\n")
        lines = text.split("\n")
        out.write("text %d\n" % len(lines))
        for line in lines:
            out.write(line + "\n")
print("wrote %d cases to %s" % (len(cases), OUT))
