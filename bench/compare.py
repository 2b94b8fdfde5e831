#!/usr/bin/env python3
"""compare.py: the library's benchmarks next to PyTorch's (make bench-compare).

    compare.py RESULTS.csv BENCH_PROGRAM...

RESULTS.csv is what make bench just wrote; the BENCH_PROGRAMs are the
bench/bench_*.c programs it ran. This finds a Python that can import torch
(this one, then /usr/bin/python3, or $TORCH_PYTHON) and then runs, for
BENCH_ROUNDS rounds (default 3), each program and the PyTorch parts that
match it (bench/torch_bench.py: same benchmarks, same method, one thread)
one after the other, alternating which side goes first. A load change on a
shared machine then hits both sides alike. Per row it keeps the median of
the rounds' figures of each side (each figure is itself a median of 9
samples) and their spread, (max - min) / median. It rewrites the
library's rows of RESULTS.csv with those medians and appends rows
`torch_<metric>` (PyTorch's median), `spread_pct` and `torch_spread_pct`,
and `ratio_vs_torch` (torch's time over ours, or our rate over torch's:
above 1 means the library is faster), and prints them side by side.
It warns when torch's matrix products do not run on OpenBLAS (Debian's
torch falls back to the slow reference BLAS without libopenblas0-pthread).
Without torch it says how to install it and exits 0: nothing else depends
on it. Standard library only.
"""
import csv
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RATES = {"gflop_per_s"}  # higher is better; every other metric is a time
# The parts of torch_bench.py that time what each C program times.
TORCH_PARTS = {"bench_kernels": ["activations", "matmuls"], "bench_mlp": ["mlp_step"],
               "bench_cnn": ["convs", "cnn_step", "mlp_epoch"]}


def find_python():
    candidates = [os.environ.get("TORCH_PYTHON"), sys.executable, "/usr/bin/python3"]
    for py in candidates:
        if not py or not os.path.exists(py):
            continue
        ok = subprocess.run([py, "-c", "import torch"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode == 0
        if ok:
            return py
    return None


def run_library(program, samples):
    """Runs one C bench program; adds its rows to samples[key]."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as tmp:
        subprocess.run([program, tmp.name], stdout=subprocess.DEVNULL, check=True)
        with open(tmp.name, newline="") as f:
            for r in csv.DictReader(f):
                key = (r["benchmark"], r["size"], r["metric"])
                samples.setdefault(key, []).append(float(r["value"]))


def run_torch(py, parts, samples, info):
    """Runs torch_bench.py on parts; adds its rows to samples[key]."""
    out = subprocess.run([py, os.path.join(HERE, "torch_bench.py")] + parts,
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(",")
            info[key] = value
            continue
        name, size, metric, value = line.split(",")
        samples.setdefault((name, size, metric), []).append(float(value))


def spread_pct(values):
    return 100.0 * (max(values) - min(values)) / statistics.median(values)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: compare.py RESULTS.csv BENCH_PROGRAM...")
    path, programs = sys.argv[1], sys.argv[2:]
    py = find_python()
    if not py:
        print("bench-compare: PyTorch is not installed, so there is nothing to compare with.\n"
              "  On Debian or Ubuntu: sudo apt-get install python3-torch libopenblas0-pthread\n"
              "  (or point TORCH_PYTHON at a Python that has torch). Our own figures are in "
              + path)
        return 0
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    ours, theirs, info = {}, {}, {}
    for k in range(rounds):
        for program in programs:
            parts = TORCH_PARTS.get(os.path.basename(program), [])
            sides = [lambda: run_library(program, ours)]
            if parts:
                sides.append(lambda: run_torch(py, parts, theirs, info))
            if k % 2:
                sides.reverse()  # alternate who goes first
            print(f"bench-compare: round {k + 1} of {rounds}: {os.path.basename(program)}"
                  + (f" and torch {' '.join(parts)}" if parts else ""), flush=True)
            for side in sides:
                side()
    blas = info.get("blas", "unknown")
    print(f"PyTorch {info.get('torch', '?')}, BLAS: {blas}; {rounds} interleaved rounds")
    if "openblas" not in blas.lower():
        print("WARNING: PyTorch is not running on OpenBLAS; its matrix products use a slow "
              "BLAS,\n  so the matmul and mlp_step ratios flatter the library. Install "
              "libopenblas0-pthread.")
    with open(path, newline="") as f:
        old = [r for r in csv.DictReader(f)
               if not r["metric"].startswith("torch_") and r["metric"] != "ratio_vs_torch"
               and not r["metric"].endswith("spread_pct")]
    rows = []
    for r in old:  # the library's medians replace make bench's single figures
        key = (r["benchmark"], r["size"], r["metric"])
        value = statistics.median(ours[key]) if key in ours else float(r["value"])
        rows.append((r["benchmark"], r["size"], r["metric"], value))
    for key in ours:
        if not any(key == row[:3] for row in rows):
            rows.append(key + (statistics.median(ours[key]),))
    print(f"\n{'benchmark':<22} {'size':>26} {'metric':<13} {'library':>9} {'spread':>7} "
          f"{'PyTorch':>9} {'spread':>7} {'speed-up':>9}")
    extra = []
    for name, size, metric, mine in rows:
        key = (name, size, metric)
        if key not in theirs or key not in ours:
            continue
        torch_value = statistics.median(theirs[key])
        if mine <= 0 or torch_value <= 0:
            continue
        ratio = mine / torch_value if metric in RATES else torch_value / mine
        s_ours, s_theirs = spread_pct(ours[key]), spread_pct(theirs[key])
        extra += [(name, size, "torch_" + metric, torch_value), (name, size, "spread_pct", s_ours),
                  (name, size, "torch_spread_pct", s_theirs), (name, size, "ratio_vs_torch", ratio)]
        print(f"{name:<22} {size:>26} {metric:<13} {mine:>9.4g} {s_ours:>6.0f}% "
              f"{torch_value:>9.4g} {s_theirs:>6.0f}% {ratio:>8.2f}x")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["benchmark", "size", "metric", "value"])
        for row in rows + extra:
            w.writerow([row[0], row[1], row[2], f"{row[3]:.6g}"])
    print(f"\nmedians of {rounds} rounds; spread = (max - min) / median over the rounds; "
          f"speed-up = how many times faster the library is (above 1: faster than PyTorch); "
          f"rows in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
