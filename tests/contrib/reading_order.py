#!/usr/bin/env python3
"""reading_order.py: `make progress`, the next-step hint and the book's
exercise list follow the chapters, whatever the registry's row order.

Builds a scratch checkout (the real chapters, a copy of the registry with
its rows shuffled, and one extra exercise for chapter 10 numbered after all
others), then checks the order grade.read_registry and book.py's
load_exercises give, and what `grade.py progress` prints from a recorded
run in which the first exercises are done. Prints PASS/FAIL lines.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tools", "grade"))
import grade  # noqa: E402


def record(ok, name, why=""):
    print("%s\t%s%s" % ("PASS" if ok else "FAIL", name, "" if ok else "\t" + " ".join(str(why).split())[:400]))
    return ok


def main():
    rows = [r for r in open(os.path.join(REPO, "exercises", "exercises.tsv"), encoding="utf-8").read().splitlines()
            if r and not r.startswith("#")]
    want = [e.name for e in grade.read_registry(REPO)]
    # An exercise for chapter 10, numbered after every other one: it must
    # come right after chapter 10's exercises, not last.
    ch10 = [r.split("\t") for r in rows if r.split("\t")[3].startswith("10-")]
    extra_num = max(int(r.split("\t")[0]) for r in rows) + 1
    extra = "%02d\tex%02d_late_addition\t10\t%s\tno-such-section\tAdded late for chapter 10" % (
        extra_num, extra_num, ch10[-1][3])
    last10 = want.index(ch10[-1][1])
    want.insert(last10 + 1, "ex%02d_late_addition" % extra_num)
    bad = 0
    tmp = tempfile.mkdtemp(prefix="reading-order-")
    try:
        os.makedirs(os.path.join(tmp, "exercises"))
        os.symlink(os.path.join(REPO, "chapters"), os.path.join(tmp, "chapters"))
        for seed in range(3):
            shuffled = rows + [extra]
            random.Random(seed).shuffle(shuffled)
            with open(os.path.join(tmp, "exercises", "exercises.tsv"), "w", encoding="utf-8") as f:
                f.write("\n".join(shuffled) + "\n")
            got = [e.name for e in grade.read_registry(tmp)]
            bad += not record(got == want, "reading order: the registry read in chapter order "
                              "(rows shuffled, seed %d)" % seed, "got %s" % got)
            # book.py reads ROOT/exercises.tsv: run it in the scratch tree.
            p = subprocess.run([sys.executable, "-c",
                                "import sys; sys.path.insert(0, %r); import book; "
                                "book.ROOT = book.Path(%r); "
                                "print(' '.join(e.name for e in book.load_exercises()))"
                                % (os.path.join(REPO, "tools", "book"), tmp)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            got = p.stdout.split()
            bad += not record(got == want, "reading order: the book's exercise list in chapter "
                              "order (rows shuffled, seed %d)" % seed, p.stdout[-300:])
            # make progress, from a recorded full run where the exercises
            # before chapter 10's last are done: next is the late addition.
            out = os.path.join(tmp, "out")
            os.makedirs(out, exist_ok=True)
            done = want[:last10 + 1]
            with open(os.path.join(out, "progress.json"), "w") as f:
                json.dump({"final": True, "time": 0, "submission": os.path.realpath(tmp),
                           "exercises": [{"name": n, "passed": 1 if n in done else 0, "total": 1,
                                          "score": 0, "points": 10, "time": 0} for n in want]}, f)
            p = subprocess.run([sys.executable, os.path.join(REPO, "tools", "grade", "grade.py"),
                                "progress", "--root", tmp, "--out", out, "--color", "never"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            listed = [ln.split()[0] for ln in p.stdout.splitlines()[1:] if ln.startswith("ex")]
            nxt = [ln for ln in p.stdout.splitlines() if ln.startswith("next:")]
            bad += not record(listed == want and nxt and "exercise %d," % extra_num in nxt[0],
                              "reading order: make progress lists chapter order and sends the "
                              "student to chapter 10's late exercise next (seed %d)" % seed,
                              p.stdout[-400:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
