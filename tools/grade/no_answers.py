#!/usr/bin/env python3
"""no_answers.py TREE [SOLUTIONS]: the student edition ships no answers.

Scans the C files of TREE's tests/ and exercises/ (what a student receives
besides the library and the chapters) for
  - code of a solution: any four consecutive statements of a solution's
    SOLUTION region (SOLUTIONS, default this checkout's solutions/), after
    removing comments and whitespace, that appear in a file;
  - tables of expected outputs: a static array initialised with more than
    MAX_LITERALS numbers (the chapters' worked examples are a few values).
Prints one line per finding and exits 1 if there is any (tools/grade/dist.sh
refuses to build such an edition; docs/contributors-guide.md, "No answers in
the student edition").
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_LITERALS = 48
WINDOW = 4          # consecutive statements that make a copy
MIN_CHARS = 80      # ... with at least this many characters, normalised

REGION = re.compile(r"/\* SOLUTION BEGIN \*/(.*?)/\* SOLUTION END \*/", re.S)
ARRAY = re.compile(r"static\s+const\s+\w+\s+\w+\s*\[[^\]]*\]\s*=\s*\{([^;]*)\};")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?[fF]?")


def normalise(code):
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
    code = re.sub(r"//[^\n]*", "", code)
    return re.sub(r"\s+", "", code)


def solution_windows(solutions):
    out = {}
    for fn in sorted(os.listdir(solutions)):
        if not fn.endswith(".c"):
            continue
        text = open(os.path.join(solutions, fn), encoding="utf-8").read()
        for region in REGION.findall(text):
            stmts = [s for s in normalise(region).split(";") if s]
            for i in range(len(stmts) - WINDOW + 1):
                w = ";".join(stmts[i:i + WINDOW]) + ";"
                if len(w) >= MIN_CHARS:
                    out.setdefault(w, fn)
    return out


def scan(tree, solutions):
    windows = solution_windows(solutions)
    found = []
    for sub in ("tests", "exercises"):
        for d, _, files in os.walk(os.path.join(tree, sub)):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(d, f)
                rel = os.path.relpath(path, tree)
                text = open(path, encoding="utf-8", errors="replace").read()
                flat = normalise(text)
                for w, sol in windows.items():
                    if w in flat:
                        found.append("%s: holds code of solutions/%s: %s" % (rel, sol, w[:80]))
                        break
                for body in ARRAY.findall(text):
                    n = len(NUMBER.findall(body))
                    if n > MAX_LITERALS:
                        found.append("%s: a table of %d numbers (expected outputs belong in "
                                     "tests/hidden/support/)" % (rel, n))
                        break
    return found


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    tree = sys.argv[1]
    solutions = sys.argv[2] if len(sys.argv) == 3 else os.path.join(HERE, "..", "..", "solutions")
    found = scan(tree, solutions)
    for line in found:
        print("no_answers: " + line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
