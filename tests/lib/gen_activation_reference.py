#!/usr/bin/python3
"""gen_activation_reference.py: PyTorch 1.13 reference values for the activations.

Writes tests/lib/data/activations_reference.tsv, which test_activations.c
reads (CI does not need torch; re-run this only to change the data):

    /usr/bin/python3 tests/lib/gen_activation_reference.py

One row per (activation, parameters, input x). Every activation is evaluated
by torch on the whole input vector at once, in float32, and its gradient is
taken by autograd through loss = sum(y * w) with a random w, so dx is
w * f'(x) as torch's backward computes it, not just f'(x).

Columns (tab-separated; '#' lines are comments):
  set   edge: the special inputs (+-inf, NaN, +-0, tiny, huge), random: random
        inputs, curriculum_*: the worked examples of CURRICULUM.md (w = 1,
        i.e. loss = sum(y))
  name  relu, leaky_relu, prelu, elu, gelu, gelu_tanh, silu, sigmoid, tanh,
        softplus
  p1    slope (leaky_relu, prelu), alpha (elu), beta (softplus), else 0
  p2    threshold (softplus), else 0
  x, w  the input and the weight of y in the loss
  y     the forward value f(x)
  dx    d(loss)/dx = w * f'(x)
  dp    prelu only: d(loss)/d(slope) contributed by this element alone
        (torch sums these over the tensor); 0 for the others
Floats are printed with 9 significant digits ("%.9g"), which identifies a
float32 exactly; strtof reads them back, including "nan", "inf", "-inf", "-0".
"""
import os
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "activations_reference.tsv")

EDGE = [float("-inf"), -1e4, -20.0, -3.0, -1.0, -0.5, -1e-7, -0.0, 0.0, 1e-7,
        0.5, 1.0, 3.0, 20.0, 1e4, float("inf"), float("nan")]

# (name, p1, p2, function of a float32 tensor)
ACTIVATIONS = [
    ("relu", 0.0, 0.0, torch.relu),
    ("leaky_relu", 0.01, 0.0, lambda t: F.leaky_relu(t, 0.01)),
    ("leaky_relu", 0.2, 0.0, lambda t: F.leaky_relu(t, 0.2)),
    ("prelu", 0.25, 0.0, None),  # handled separately: the slope is a tensor too
    ("prelu", -0.5, 0.0, None),
    ("elu", 1.0, 0.0, lambda t: F.elu(t, 1.0)),
    ("elu", 0.5, 0.0, lambda t: F.elu(t, 0.5)),
    ("gelu", 0.0, 0.0, lambda t: F.gelu(t)),
    ("gelu_tanh", 0.0, 0.0, lambda t: F.gelu(t, approximate="tanh")),
    ("silu", 0.0, 0.0, F.silu),
    ("sigmoid", 0.0, 0.0, torch.sigmoid),
    ("tanh", 0.0, 0.0, torch.tanh),
    ("softplus", 1.0, 20.0, lambda t: F.softplus(t, beta=1.0, threshold=20.0)),
    ("softplus", 2.0, 20.0, lambda t: F.softplus(t, beta=2.0, threshold=20.0)),
    ("softplus", 1.0, 5.0, lambda t: F.softplus(t, beta=1.0, threshold=5.0)),
]


def fmt(v):
    return "%.9g" % float(v)


def evaluate(name, p1, fn, x, w):
    """Returns y, dx, dp (lists of floats) for one activation on vector x."""
    xt = torch.tensor(x, dtype=torch.float32, requires_grad=True)
    wt = torch.tensor(w, dtype=torch.float32)
    if name == "prelu":
        st = torch.tensor([p1], dtype=torch.float32, requires_grad=True)
        y = F.prelu(xt, st)
        dx, _ = torch.autograd.grad((y * wt).sum(), [xt, st])
        # the slope gradient of each element on its own (the sum over a
        # tensor depends on the order torch adds them in)
        dp = []
        for xi, wi in zip(x, w):
            xi_t = torch.tensor([xi], dtype=torch.float32)
            si = torch.tensor([p1], dtype=torch.float32, requires_grad=True)
            (g,) = torch.autograd.grad((F.prelu(xi_t, si) * wi).sum(), [si])
            dp.append(g.item())
    else:
        y = fn(xt)
        (dx,) = torch.autograd.grad((y * wt).sum(), [xt])
        dp = [0.0] * len(x)
    return y.detach().tolist(), dx.tolist(), dp


def rows_for(set_name, name, p1, p2, fn, x, w):
    y, dx, dp = evaluate(name, p1, fn, x, w)
    return [[set_name, name, fmt(p1), fmt(p2), fmt(xi), fmt(wi), fmt(yi), fmt(gi), fmt(di)]
            for xi, wi, yi, gi, di in zip(x, w, y, dx, dp)]


def main():
    torch.manual_seed(20221028)
    # float32 values, listed as the Python floats they round to
    edge = torch.tensor(EDGE, dtype=torch.float32).tolist()
    random_x = (torch.randn(40) * 3.0).tolist()
    edge_w = (torch.rand(len(edge)) * 4.0 - 2.0).tolist()
    random_w = (torch.rand(40) * 4.0 - 2.0).tolist()

    rows = []
    for name, p1, p2, fn in ACTIVATIONS:
        rows += rows_for("edge", name, p1, p2, fn, edge, edge_w)
        rows += rows_for("random", name, p1, p2, fn, random_x, random_w)

    # CURRICULUM.md's worked examples, loss = sum(relu(x)) (w = 1).
    relu = torch.relu
    rows += rows_for("curriculum_A", "relu", 0.0, 0.0, relu, [-2.0, -0.5, 0.0, 1.5, 3.0], [1.0] * 5)
    rows += rows_for("curriculum_B", "relu", 0.0, 0.0, relu, [-2.0, 0.5, 3.0], [1.0] * 3)
    rows += rows_for("curriculum_H", "relu", 0.0, 0.0, relu, [-3.0], [1.0])
    # Section C's maximum derivatives: sigmoid'(0) = 0.25, tanh'(0) = 1, relu' = 1 for x > 0.
    rows += rows_for("curriculum_C", "sigmoid", 0.0, 0.0, torch.sigmoid, [0.0], [1.0])
    rows += rows_for("curriculum_C", "tanh", 0.0, 0.0, torch.tanh, [0.0], [1.0])
    rows += rows_for("curriculum_C", "relu", 0.0, 0.0, relu, [1.0], [1.0])
    # Section L: leaky ReLU with PyTorch's default slope 0.01 on section A's input.
    rows += rows_for("curriculum_L", "leaky_relu", 0.01, 0.0, lambda t: F.leaky_relu(t, 0.01),
                     [-2.0, -0.5, 0.0, 1.5, 3.0], [1.0] * 5)

    with open(OUT, "w") as f:
        f.write("# PyTorch %s reference values of the activations, float32.\n" % torch.__version__)
        f.write("# Generated by tests/lib/gen_activation_reference.py; do not edit by hand.\n")
        f.write("# Columns are described in the script's docstring.\n")
        f.write("\t".join(["set", "name", "p1", "p2", "x", "w", "y", "dx", "dp"]) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("wrote %d rows to %s" % (len(rows), OUT))


if __name__ == "__main__":
    main()
