#!/usr/bin/env python3
"""check_exercises.py: the exercises' contract, checked (make check,
tools/check.d/20-exercises.sh). For every exercise of the registry:

  - the stub in exercises/ is exactly `tools/make_stub.sh solutions/...`;
  - every graded test (hidden ones included) passes on the solution;
  - every graded test fails on the generated stub, with the stub's
    "not implemented yet" message;
  - every mutant in tests/mutants/exNN_<topic>/ (a .patch against the
    solution, applied with patch(1) into a temporary folder) is caught by
    a test; a patch that no longer applies is a failure naming it.

All of it through the real grader (tools/grade/grade.py), so the checks
also prove the grader grades the real exercises. --variant asan grades the
solutions only, under AddressSanitizer + UndefinedBehaviorSanitizer.
Prints one line "PASS<TAB>name" or "FAIL<TAB>name<TAB>why" per check.
"""

import argparse
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import grade  # noqa: E402  (the registry reader)
from reports import NOT_IMPLEMENTED  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def record(ok, name, why=""):
    why = " ".join(str(why).split())[:400]
    print("%s\t%s%s" % ("PASS" if ok else "FAIL", name, "\t" + why if why and not ok else ""),
          flush=True)
    return ok


def make_flags(variant):
    """CFLAGS and link flags of a build variant, as mk/config.mk defines them."""
    p = subprocess.run(["make", "-s", "--no-print-directory", "-C", REPO, "V=" + variant,
                        "--eval", "print-grade-flags: ; @echo '$(filter-out -MMD -MP,$(CFLAGS_ALL))'"
                        "; echo '$(SAN_$(V)) $(LDFLAGS)'", "print-grade-flags"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = p.stdout.decode().splitlines()
    if p.returncode != 0 or len(lines) < 2:
        raise SystemExit("check_exercises: cannot read the build flags: %s" % p.stdout.decode())
    return lines[-2].strip(), lines[-1].strip()


def run_grader(args, submission, out, ex=None, werror=False):
    cmd = [sys.executable, os.path.join(HERE, "grade.py"), "test", "--root", args.root,
           "--lib", args.lib, "--variant", args.variant, "--cflags", args.cflags,
           "--ldflags", args.ldflags, "--out", out, "--submission", submission, "--hidden", "yes",
           "--quiet", "--color", "never", "--timeout", str(args.timeout)]
    if ex:
        cmd += ["--ex", ex]
    if werror:
        cmd.append("--werror")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
    try:
        with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
            return json.load(f), p.stdout.decode("utf-8", "replace")
    except (OSError, ValueError) as e:
        return None, "%s\n%s" % (e, p.stdout.decode("utf-8", "replace"))


def apply_mutant(solution, patch, out):
    """Writes the mutant `patch` (a unified diff against `solution`, see
    docs/contributors-guide.md, 'Mutants') applied to `solution` into `out`; returns "" or why it
    failed. Uses patch(1) (Debian's build-essential has it, so does macOS)
    with no fuzz: the context must match the solution exactly, so a mutant
    whose solution has changed around it fails loudly instead of landing in
    a guessed place. Rejects stay next to `out`, in the temporary folder."""
    p = subprocess.run(["patch", "-f", "-s", "-F", "0", "-o", out, solution, patch],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       cwd=os.path.dirname(out))
    if p.returncode == 0:
        return ""
    return ("%s no longer applies to %s (the solution changed: regenerate the mutant, "
            "docs/contributors-guide.md, 'Mutants'): %s" % (os.path.relpath(patch, REPO),
                                             os.path.relpath(solution, REPO),
                                             p.stdout.decode("utf-8", "replace")))


def tests_of(results, exname):
    return [t for t in results["tests"] if t["name"].startswith(exname + ": ")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=REPO)
    ap.add_argument("--variant", default="release")
    ap.add_argument("--lib", default=None)
    ap.add_argument("--work", default=os.path.join(REPO, "build", "check", "exercises"))
    ap.add_argument("--label", default="exercises")
    ap.add_argument("--timeout", type=int, default=20)
    ap.add_argument("--ex", default=None,
                    help="check only this exercise (number or name), for quick runs by hand")
    args = ap.parse_args()
    args.root = os.path.abspath(args.root)
    args.lib = os.path.abspath(args.lib or os.path.join(REPO, "build", args.variant, "libworkbook.a"))
    args.cflags, args.ldflags = make_flags(args.variant)
    work = os.path.join(os.path.abspath(args.work), args.variant)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    label = args.label + (" (asan)" if args.variant == "asan" else "")
    exercises = everything = grade.read_registry(args.root)
    if args.ex:
        exercises = [e for e in exercises if args.ex in (e.name, e.number, e.number.lstrip("0"))]
    only = exercises[0].number if args.ex and exercises else None
    bad = 0
    if not record(bool(exercises), "%s: the registry lists exercises" % label):
        return 1

    # The students' list of exercises (exercises/README.md) is the registry's.
    readme = os.path.join(args.root, "exercises", "README.md")
    if os.path.exists(readme):
        listed = re.findall(r"(?m)^\| (\d+) \| `(\w+)\.c`: [^|]* \| (\d+) \| ([\d.]+) \|$",
                            open(readme, encoding="utf-8").read())
        want = [(str(int(e.number)), e.name, str(int(e.chapter[:2])), "%g" % float(e.points))
                for e in everything]
        got = [(n, name, ch, "%g" % float(pts)) for n, name, ch, pts in listed]
        if not record(got == want, "%s: exercises/README.md lists every exercise of the registry, "
                      "with its chapter and points" % label,
                      "README has %s; the registry %s" % (got, want)):
            bad += 1

    # The solutions, all exercises at once.
    sol = os.path.join(args.root, "solutions")
    res, log = run_grader(args, sol, os.path.join(work, "solutions"), ex=only, werror=True)
    if res is None:
        record(False, "%s: the solutions are graded" % label, log[-400:])
        return 1
    for ex in exercises:
        tests = tests_of(res, ex.name)
        if not record(bool(tests), "%s: %s has graded tests" % (label, ex.name)):
            bad += 1
        for t in tests:
            if not record(t["status"] == "passed", "%s: %s passes on the solution" % (label, t["name"]),
                          t["output"][:300]):
                bad += 1
    if args.variant != "release":
        return 1 if bad else 0

    # The stubs: exercises/ is what make_stub.sh makes of solutions/, and
    # the generated stubs fail every test with the not-implemented message.
    stubs = os.path.join(work, "stubs")
    os.makedirs(stubs)
    for ex in exercises:
        src = os.path.join(sol, ex.name + ".c")
        p = subprocess.run([os.path.join(REPO, "tools", "make_stub.sh"), src],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with open(os.path.join(stubs, ex.name + ".c"), "wb") as f:
            f.write(p.stdout)
        try:
            with open(os.path.join(args.root, "exercises", ex.name + ".c"), "rb") as f:
                committed = f.read()
        except OSError:
            committed = None
        if not record(p.returncode == 0 and committed == p.stdout,
                      "%s: exercises/%s.c is the stub generated from the solution" % (label, ex.name),
                      p.stderr.decode() or "differs; regenerate: tools/make_stub.sh %s > "
                      "exercises/%s.c" % (os.path.relpath(src, args.root), ex.name)):
            bad += 1
    res, log = run_grader(args, stubs, os.path.join(work, "stubs-graded"), ex=only, werror=True)
    if res is None:
        record(False, "%s: the stubs are graded" % label, log[-400:])
        return 1
    for ex in exercises:
        for t in tests_of(res, ex.name):
            ok = t["status"] == "failed" and NOT_IMPLEMENTED in t["output"]
            if not record(ok, "%s: %s fails on the stub, saying it is not implemented yet"
                          % (label, t["name"]), "%s: %s" % (t["status"], t["output"][:300])):
                bad += 1

    # The mutants: each is caught by at least one test. They are graded in
    # rounds, one mutant of every exercise per round, so that one grader run
    # grades up to one mutant per exercise side by side (exercises are
    # graded independently, so a mutant can only affect its own).
    queues = []
    for ex in exercises:
        mdir = os.path.join(args.root, "tests", "mutants", ex.name)
        if os.path.isdir(mdir):
            queues.append((ex, mdir, sorted(os.listdir(mdir))))
    rounds = max([len(q[2]) for q in queues] or [0])
    for r in range(rounds):
        sub = tempfile.mkdtemp(prefix="mutants-%d-" % r, dir=work)
        batch = []
        for ex, mdir, ms in queues:
            if r >= len(ms):
                continue
            m = ms[r]
            name = "%s: mutant %s/%s is caught" % (label, ex.name, os.path.splitext(m)[0])
            if not m.endswith(".patch"):
                # A stray full copy would silently stop being checked.
                record(False, name, "tests/mutants/%s/%s: mutants are stored as .patch "
                       "files against the solution (docs/contributors-guide.md, 'Mutants')" % (ex.name, m))
                bad += 1
                continue
            why = apply_mutant(os.path.join(sol, ex.name + ".c"), os.path.join(mdir, m),
                               os.path.join(sub, ex.name + ".c"))
            if why:
                record(False, name, why)
                bad += 1
                continue
            batch.append((ex, name))
        if batch:
            res, log = run_grader(args, sub, os.path.join(sub, "out"),
                                  ex=",".join(ex.number for ex, _ in batch))
            for ex, name in batch:
                if res is None:
                    ok, why = False, log[-300:]
                else:
                    tests = tests_of(res, ex.name)
                    ok = bool(tests) and any(t["status"] == "failed" for t in tests)
                    why = "every test passes on this wrong solution"
                if not record(ok, name, why):
                    bad += 1
        shutil.rmtree(sub, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
