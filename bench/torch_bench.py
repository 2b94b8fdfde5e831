#!/usr/bin/env python3
"""torch_bench.py: the benchmarks of bench/bench_*.c in PyTorch.

    torch_bench.py [PART...]     parts: activations matmuls mlp_step convs cnn_step mlp_epoch

Run by bench/compare.py (make bench-compare) with an interpreter that has
torch; prints CSV rows `benchmark,size,metric,value` on stdout, with the
same names, sizes and metrics as the C programs, and one comment line
`#blas,<library>` naming the BLAS that torch's matrix products ran on.

Same method as bench/timing.c: one warm-up call, a repetition count
calibrated so that a sample lasts at least 2 ms, 9 samples, the median,
timed with the thread's processor time; one thread (set before torch is
imported, for OpenMP and OpenBLAS, and with torch.set_num_threads).
Each row is PyTorch at its best: the fastest of the forms a competent
user writes (out= or grad_input= into preallocated tensors where torch has
them, gradients set to None rather than zeroed, the foreach optimizers
where faster); bench/README.md lists the form of every row.
"""
import os
import sys

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import time  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
SAMPLES, SAMPLE_NS = 9, 2e6


def median_ns(fn):
    fn()
    reps = 1
    while True:
        start = time.thread_time_ns()
        for _ in range(reps):
            fn()
        if time.thread_time_ns() - start >= SAMPLE_NS or reps >= 1 << 30:
            break
        reps *= 2
    samples = []
    for _ in range(SAMPLES):
        start = time.thread_time_ns()
        for _ in range(reps):
            fn()
        samples.append((time.thread_time_ns() - start) / reps)
    samples.sort()
    return samples[SAMPLES // 2]


def row(benchmark, size, metric, value):
    print(f"{benchmark},{size},{metric},{value:.6g}", flush=True)


def fastest(fns):
    """The median of the fastest of several ways to write the same call."""
    return min(median_ns(fn) for fn in fns)


def activations():
    """Each row: the forms a competent user writes, the fastest one counts.
    Forward: out= into a preallocated tensor (and the allocating call, in
    case it is faster); backward: the aten kernel autograd calls, with its
    grad_input= form (the library's kernels write into existing memory too).
    sigmoid's and tanh's backward take the forward output, as torch stores it."""
    aten = torch.ops.aten
    nn = torch._C._nn
    for n in (4096, 65536, 1 << 24):
        g = torch.Generator().manual_seed(2024)
        x = torch.randn(n, generator=g) * 1.5
        dout = torch.randn(n, generator=g)
        y, gi = torch.empty(n), torch.empty(n)
        s, t = torch.sigmoid(x), torch.tanh(x)
        slope = torch.tensor([0.25])
        kernels = [
            ("memcpy", [lambda: y.copy_(x)]),
            ("relu_forward", [lambda: torch.relu(x), lambda: torch.clamp_min(x, 0, out=y)]),
            ("relu_backward", [lambda: aten.threshold_backward.grad_input(dout, x, 0, grad_input=gi)]),
            ("leaky_relu_forward", [lambda: nn.leaky_relu(x, 0.01, out=y)]),
            ("leaky_relu_backward", [lambda: aten.leaky_relu_backward.grad_input(
                dout, x, 0.01, False, grad_input=gi)]),
            ("prelu_forward", [lambda: torch.prelu(x, slope)]),
            ("prelu_backward", [lambda: aten.prelu_backward(dout, x, slope)]),
            ("elu_forward", [lambda: nn.elu(x, out=y)]),
            ("elu_backward", [lambda: aten.elu_backward.grad_input(dout, 1.0, 1, 1, False, x,
                                                                    grad_input=gi)]),
            ("gelu_forward", [lambda: nn.gelu(x, out=y)]),
            ("gelu_backward", [lambda: aten.gelu_backward.grad_input(dout, x, grad_input=gi)]),
            ("gelu_tanh_forward", [lambda: nn.gelu(x, approximate="tanh", out=y)]),
            ("gelu_tanh_backward", [lambda: aten.gelu_backward.grad_input(
                dout, x, approximate="tanh", grad_input=gi)]),
            ("silu_forward", [lambda: nn.silu(x, out=y)]),
            ("silu_backward", [lambda: aten.silu_backward.grad_input(dout, x, grad_input=gi)]),
            ("sigmoid_forward", [lambda: torch.sigmoid(x, out=y)]),
            ("sigmoid_backward", [lambda: aten.sigmoid_backward.grad_input(dout, s, grad_input=gi)]),
            ("tanh_forward", [lambda: torch.tanh(x, out=y)]),
            ("tanh_backward", [lambda: aten.tanh_backward.grad_input(dout, t, grad_input=gi)]),
            ("softplus_forward", [lambda: nn.softplus(x, 1, 20, out=y)]),
            ("softplus_backward", [lambda: aten.softplus_backward.grad_input(
                dout, x, 1, 20, grad_input=gi)]),
        ]
        for name, fns in kernels:
            row(name, n, "ns_per_elem", fastest(fns) / n)


def matmuls():
    shapes = [("matmul_bt", "t", 64, 128, 256), ("matmul_bt", "t", 64, 256, 256),
              ("matmul_bt", "t", 64, 256, 10), ("matmul", "n", 64, 256, 256),
              ("matmul", "n", 64, 10, 256), ("matmul_at", "a", 256, 64, 128),
              ("matmul_at", "a", 256, 64, 256), ("matmul_at", "a", 10, 64, 256),
              ("matmul", "n", 512, 512, 512)]
    for name, variant, m, k, n in shapes:
        out = torch.empty(m, n)
        if variant == "t":
            a, b = torch.randn(m, k), torch.randn(n, k)
            fn = lambda: torch.mm(a, b.t(), out=out)  # noqa: E731
        elif variant == "a":
            a, b = torch.randn(k, m), torch.randn(k, n)
            fn = lambda: torch.mm(a.t(), b, out=out)  # noqa: E731
        else:
            a, b = torch.randn(m, k), torch.randn(k, n)
            fn = lambda: torch.mm(a, b, out=out)  # noqa: E731
        row(name, f"{m}x{k}x{n}", "gflop_per_s", 2.0 * m * k * n / median_ns(fn))


def mlp_step():
    torch.manual_seed(7)
    model = torch.nn.Sequential(torch.nn.Linear(128, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10))
    x, labels = torch.randn(64, 128), torch.randint(0, 10, (64,))
    best = []
    for foreach in (False, True):
        opt = torch.optim.SGD(model.parameters(), lr=0.01, foreach=foreach)

        def step(opt=opt):
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), labels)
            loss.backward()
            opt.step()
        best.append(step)
    row("mlp_step", "128-256-256-10x64", "us_per_step", fastest(best) / 1e3)


CONV_SHAPES = [(1, 28, 8, 5, 2, 2), (8, 14, 16, 3, 2, 1)]  # C, H, K, k, stride, padding


def convs():
    """conv2d forward (allocates its output, as the library's op does) and
    the aten backward autograd calls, writing into preallocated gradients
    with its out= form (the library adds into existing gradients)."""
    bwd = torch.ops.aten.convolution_backward
    for c, h, k, ks, stride, pad in CONV_SHAPES:
        size = f"64x{c}x{h}x{h}-{k}x{ks}x{ks}s{stride}p{pad}"
        x, w, b = torch.randn(64, c, h, h), torch.randn(k, c, ks, ks) * 0.1, torch.randn(k)
        y = F.conv2d(x, w, b, stride, pad)
        dy = torch.randn_like(y)
        gx, gw, gb = torch.empty_like(x), torch.empty_like(w), torch.empty_like(b)
        row("conv2d_forward", size, "us_per_call",
            median_ns(lambda: F.conv2d(x, w, b, stride, pad)) / 1e3)

        def backward():
            bwd.out(dy, x, w, [k], [stride] * 2, [pad] * 2, [1, 1], False, [0, 0], 1,
                    [True, True, True], out0=gx, out1=gw, out2=gb)
        row("conv2d_backward", size, "us_per_call", median_ns(backward) / 1e3)


def cnn_step():
    """Chapter 12's CNN, one Adam step; gradients set to None (faster than
    zeroing), the single-tensor or the foreach Adam, whichever is faster."""
    torch.manual_seed(12)
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 8, 5, 2, 2), nn.BatchNorm2d(8), nn.ReLU(),
                          nn.Conv2d(8, 16, 3, 2, 1), nn.BatchNorm2d(16), nn.ReLU(),
                          nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
    x, labels = torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))
    steps = []
    for foreach in (False, True):
        opt = torch.optim.Adam(model.parameters(), lr=1e-2, foreach=foreach)

        def step(opt=opt):
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(x), labels).backward()
            opt.step()
        steps.append(step)
    row("cnn_step", "1x28x28-c8k5-c16k3-10xb64", "us_per_step", fastest(steps) / 1e3)


def mlp_epoch():
    """One SGD epoch of the 784-256-256-10 MLP over the training digits,
    batch 64, a fresh permutation per epoch, batches gathered by indexing."""
    x, labels = mnist_train()
    torch.manual_seed(7)
    nn = torch.nn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                          nn.Linear(256, 10))
    n = x.shape[0]
    epochs = []
    for foreach in (False, True):
        opt = torch.optim.SGD(model.parameters(), lr=0.1, foreach=foreach)

        def epoch(opt=opt):
            perm = torch.randperm(n)
            for start in range(0, n, 64):
                idx = perm[start:start + 64]
                opt.zero_grad(set_to_none=True)
                F.cross_entropy(model(x[idx]), labels[idx]).backward()
                opt.step()
        epochs.append(epoch)
    row("mlp_epoch", f"784-256-256-10x{n}", "ms_per_epoch", fastest(epochs) / 1e6)


def mnist_train():
    """data/mnist's training set as (n, 784) floats in [0, 1] and labels."""
    import gzip
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "mnist")
    with gzip.open(os.path.join(root, "train-images-idx3-ubyte.gz")) as f:
        raw = f.read()
    n = int.from_bytes(raw[4:8], "big")
    images = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).reshape(n, 784)
    with gzip.open(os.path.join(root, "train-labels-idx1-ubyte.gz")) as f:
        labels = torch.frombuffer(bytearray(f.read()[8:]), dtype=torch.uint8).long()
    return images.float() / 255.0, labels


def blas():
    """The BLAS library mapped into this process after a product ran."""
    torch.mm(torch.randn(64, 64), torch.randn(64, 64))
    names = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            base = os.path.basename(path)
            if "blas" in base or "mkl" in base:
                names.add(path)
    return ";".join(sorted(names)) or "unknown"


if __name__ == "__main__":
    print(f"#torch,{torch.__version__},threads {torch.get_num_threads()}", flush=True)
    print(f"#blas,{blas()}", flush=True)
    what = sys.argv[1:] or ["activations", "matmuls", "mlp_step", "convs", "cnn_step", "mlp_epoch"]
    for part in what:
        globals()[part]()
