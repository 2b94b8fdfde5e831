#!/usr/bin/env python3
"""compare.py: the library's benchmarks next to PyTorch's (make bench-compare).

    compare.py RESULTS.csv

RESULTS.csv is what make bench just wrote. This finds a Python that can
import torch (this one, then /usr/bin/python3, or $TORCH_PYTHON), runs
bench/torch_bench.py with it (same benchmarks, same method, one thread),
appends its numbers as rows with the metric `torch_<metric>` and the
speed-up of the library as rows `ratio_vs_torch` (torch's time over ours,
or our rate over torch's: above 1 means the library is faster), and prints
the three side by side. It warns when torch's matrix products do not run
on OpenBLAS (Debian's torch falls back to the slow reference BLAS without
libopenblas0-pthread). Without torch it says how to install it and exits 0:
nothing else depends on it. Standard library only.
"""
import csv
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RATES = {"gflop_per_s"}  # higher is better; every other metric is a time


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


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: compare.py RESULTS.csv")
    path = sys.argv[1]
    py = find_python()
    if not py:
        print("bench-compare: PyTorch is not installed, so there is nothing to compare with.\n"
              "  On Debian or Ubuntu: sudo apt-get install python3-torch libopenblas0-pthread\n"
              "  (or point TORCH_PYTHON at a Python that has torch). Our own figures are in "
              + path)
        return 0
    with open(path, newline="") as f:
        ours = [r for r in csv.DictReader(f)
                if not r["metric"].startswith("torch_") and r["metric"] != "ratio_vs_torch"]
    print(f"bench-compare: running bench/torch_bench.py with {py} (one thread)...", flush=True)
    proc = subprocess.run([py, os.path.join(HERE, "torch_bench.py")], stdout=subprocess.PIPE,
                          text=True)
    if proc.returncode != 0:
        print("bench-compare: torch_bench.py failed (see above)", file=sys.stderr)
        return 1
    theirs, info = {}, {}
    for line in proc.stdout.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(",")
            info[key] = value
            continue
        name, size, metric, value = line.split(",")
        theirs[(name, size, metric)] = float(value)
    blas = info.get("blas", "unknown")
    print(f"PyTorch {info.get('torch', '?')}, BLAS: {blas}")
    if "openblas" not in blas.lower():
        print("WARNING: PyTorch is not running on OpenBLAS; its matrix products use a slow "
              "BLAS,\n  so the matmul and mlp_step ratios flatter the library. Install "
              "libopenblas0-pthread.")
    rows = []
    print(f"\n{'benchmark':<22} {'size':>18} {'metric':<12} {'library':>10} {'PyTorch':>10} "
          f"{'speed-up':>9}")
    for r in ours:
        key = (r["benchmark"], r["size"], r["metric"])
        if key not in theirs:
            continue
        mine, torch_value = float(r["value"]), theirs[key]
        if mine <= 0 or torch_value <= 0:
            continue
        ratio = mine / torch_value if r["metric"] in RATES else torch_value / mine
        rows.append((r["benchmark"], r["size"], "torch_" + r["metric"], torch_value))
        rows.append((r["benchmark"], r["size"], "ratio_vs_torch", ratio))
        print(f"{r['benchmark']:<22} {r['size']:>18} {r['metric']:<12} {mine:>10.4g} "
              f"{torch_value:>10.4g} {ratio:>8.2f}x")
    with open(path, "a", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for row in rows:
            w.writerow([row[0], row[1], row[2], f"{row[3]:.6g}"])
    print(f"\nspeed-up = how many times faster the library is (above 1: faster than PyTorch); "
          f"rows ratio_vs_torch in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
