#!/usr/bin/env python3
"""grade.py: the workbook's grader, behind make test / grade / progress.

  grade.py test      grade exercises/ (or --submission DIR) -> build/grade/
  grade.py grade     grade every sub-folder of --submissions DIR in parallel
                     -> build/grade/students/<student>/ and gradebooks/<class>-<date>.csv
                     (tools/grade/gradebook.py)
  grade.py export    LMS exports (ROSTER) from an existing gradebook, without grading
  grade.py progress  what is done and what is next (last results, or a run)
  grade.py resolve   print the exercise name that EX (number or name) means

How one exercise is graded, and why (docs: the grader's trust model):
  1. The submitted tree must hold regular files only (policy.py); only
     exercises/exNN_*.c is taken from it.
  2. It is compiled alone, in a folder holding only it and the public
     headers, confined by Landlock or bubblewrap (build.py), and checked:
     includes, assembly directives, the functions it calls (policy.py).
  3. It is linked into a worker program with the generated dispatch table
     (tests/calls/, tools/grade/calls.py); the tests are linked, without any
     student code, into a trusted test program (shared by all students).
  4. The test program runs the tests; each test's first call into the
     student's code starts the worker under a seccomp filter
     (tools/grade/launch.c), which can compute and print, nothing else.
     Verdicts are Criterion's, in the trusted process (run.py).
  5. Reports are written with real encoders, also when grading crashes.
"""

import argparse
import concurrent.futures as futures
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback

import build
import cache
import gradebook
import policy
import reaper
import run
import weights
import reports
from reading_order import sort_reading_order
from reports import (COLOR, MISSING_FILE, atomic_write, details_text, printable, summary_text,
                     write_reports)

ROOT_DEFAULT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ROOT_PREFIX = [ROOT_DEFAULT + "/"]  # removed from paths in messages (set to --root)
MESSAGE_CAP = 3000                 # characters of a test's output kept in a report

# ---------------------------------------------------------------- exercises


class Exercise:
    def __init__(self, number, name, points, chapter, section, title, forbidden="", checks=""):
        self.number, self.name, self.points = number, name, points
        self.chapter, self.section, self.title = chapter, section, title
        # Library functions that do what the exercise asks the student to write.
        self.forbidden = set(forbidden.replace(",", " ").split()) - {"-"}
        # Checks of the compiled code, each one more test: "vectorized:FUNCTION".
        self.checks = [c for c in checks.replace(",", " ").split() if c != "-"]

    @property
    def short(self):
        return "ex" + self.number

    def where(self):
        """The chapter section that teaches it, as a student finds it."""
        heading = self.title
        path = os.path.join(ROOT_PREFIX[0], "chapters", self.chapter + ".md")
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#") and "{#%s}" % self.section in line:
                        heading = line.strip("# \n").split("{#")[0].strip()
                        break
        except OSError:
            pass
        return "'%s' in chapters/%s.md (build/book/%s.html#%s)" % (
            heading, self.chapter, self.chapter, self.section)


def read_registry(root):
    path = os.path.join(root, "exercises", "exercises.tsv")
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 6 or not re.fullmatch(r"\d+", cols[0]):
                raise SystemExit("grade: %s:%d: expected 6 to 8 tab-separated columns "
                                 "(number name points chapter section title [forbidden] "
                                 "[checks])" % (path, lineno))
            out.append(Exercise(*cols[:8]))
            out[-1].points = float(out[-1].points)
    # Reading order (chapter, then section), whatever the rows' order.
    return sort_reading_order(root, out, lambda e: e.chapter, lambda e: e.section, lambda e: e.number)


def select_exercises(exercises, ex):
    """EX is a number (3, 03), a name (ex03_sparsity) or a part of one, or
    several of those separated by commas (EX=3,5)."""
    if not ex:
        return exercises
    if "," in str(ex):
        picked = set()
        for part in str(ex).split(","):
            if part.strip():
                picked.update(e.name for e in select_exercises(exercises, part))
        return [e for e in exercises if e.name in picked]
    want = str(ex).strip()
    for e in exercises:
        if want.isdigit() and int(want) == int(e.number):
            return [e]
        if want in (e.name, e.short):
            return [e]
    hits = [e for e in exercises if want in e.name]
    if len(hits) == 1:
        return hits
    raise SystemExit("grade: no exercise matches EX=%s; the exercises are: %s"
                     % (want, ", ".join(e.name for e in exercises)))


TEST_RE = re.compile(r"^\s*EXERCISE_TEST\s*\(\s*(\w+)\s*,\s*(\w+)\s*([,)])(.*)$", re.M)


def expected_tests(path):
    """[(suite, name, signal_test)] declared in a pristine test file."""
    if not os.path.exists(path):
        return []
    text = open(path, encoding="utf-8", errors="replace").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    out = []
    for m in TEST_RE.finditer(text):
        # The macro's extra arguments (.signal = ...) may span lines: read
        # up to its closing parenthesis.
        depth, i = 1, m.start(3) + 1
        if m.group(3) == ",":
            while i < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
        extra = text[m.start(3):i]
        out.append((m.group(1), m.group(2), re.search(r"\.signal\s*=", extra) is not None))
    return out


# ---------------------------------------------------------------- tools


def defined_names(paths, dynamic):
    names = set()
    for p in paths:
        if not p or not os.path.exists(p):
            continue
        cmd = ["nm", "-P", "--defined-only"] + (["-D"] if dynamic else []) + [p]
        ok, out = build.run(cmd)
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] not in ("a", "N", "n", "U") and not line.endswith(":"):
                names.add(parts[0].split("@")[0])
    return names


def shared_lib(cc, name):
    ok, out = build.run([cc, "-print-file-name=" + name])
    path = out.strip()
    return path if ok and os.path.isabs(path) else None


def bwrap_works():
    if not shutil.which("bwrap"):
        return False, "bubblewrap (bwrap) is not installed"
    ok, out = build.run(["bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/",
                   "--dev", "/dev", "--proc", "/proc", "true"], timeout=20)
    if ok:
        return True, ""
    return False, "bubblewrap does not work here (%s)" % out.strip().splitlines()[-1:]


# ---------------------------------------------------------------- grading


class Config:
    pass


def grade_submission(cfg, submission, outdir, student):
    """Grades one submission; returns the report dict (also written to outdir)."""
    os.makedirs(outdir, exist_ok=True)
    work = os.path.join(outdir, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work, exist_ok=True)
    report = {"student": student, "exercises": [], "started": time.time(),
              "submission": os.path.realpath(submission)}
    deadline = time.monotonic() + cfg.deadline
    # Written first, so that a crash or a kill still leaves a valid report.
    write_reports(cfg, report, outdir, final=False)
    # The student's own checkout (make test): only its exercises/ is read.
    refused = policy.check_tree(submission, only=None if submission != cfg.root
                                else ["exercises"])
    folder, ambiguous = exercise_folder(cfg, submission)
    refused = refused or ambiguous
    report["folder"] = folder
    # Any exercise's file counts, not only the ones graded now: with EX=3, a
    # student who has other exercises but no ex03 scores 0 for it, nothing more.
    report["found_files"] = bool(refused) or bool(
        folder and any(find_submitted(folder, e) for e in cfg.all_exercises))
    try:
        # Exercises side by side (their compilers are single-threaded); the
        # report is rewritten as each one finishes, in registry order.
        with futures.ThreadPoolExecutor(max_workers=cfg.jobs) as pool:
            jobs = [pool.submit(cache.graded, cfg, grade_exercise, ex, folder, work, deadline, refused)
                    for ex in cfg.exercises]
            for job in jobs:
                report["exercises"].append(job.result())
                if not report["exercises"][-1].get("cached"):  # nothing new to save
                    write_reports(cfg, report, outdir, final=False)
    except BaseException as e:  # the report must survive the grader's own failure
        report["error"] = "grading stopped: %s" % (traceback.format_exception_only(type(e), e)[-1].strip())
        done = {r["name"] for r in report["exercises"]}
        for ex in cfg.exercises:
            if ex.name not in done:
                report["exercises"].append(ungraded(cfg, ex, report["error"]))
        write_reports(cfg, report, outdir, final=True)
        if not isinstance(e, Exception):
            raise
        return report
    write_reports(cfg, report, outdir, final=True)
    if not cfg.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return report


def test_list(cfg, ex):
    tests = [(s, n, sig, False) for s, n, sig in expected_tests(
        os.path.join(cfg.root, "tests", ex.name + ".c"))]
    if cfg.hidden:
        tests += [(s, n, sig, True) for s, n, sig in expected_tests(
            os.path.join(cfg.root, "tests", "hidden", ex.name + ".c"))]
    tests += [(ex.short, c.split(":")[0], False, False) for c in ex.checks]
    if cfg.only_test:
        tests = [t for t in tests if t[1] == cfg.only_test]
    return tests


def ungraded(cfg, ex, why):
    tests = test_list(cfg, ex)
    res = {"name": ex.name, "number": ex.number, "points": ex.points, "error": why, "tests": []}
    for s, n, sig, hidden in tests:
        res["tests"].append({"suite": s, "name": n, "hidden": hidden, "passed": False,
                             "message": why})
    return finish_exercise(res)


def finish_exercise(res):
    n = len(res["tests"])
    if res.get("error"):
        res["error"] = printable(res["error"])
    if res.get("warnings"):
        res["warnings"] = printable(res["warnings"])
    for t in res["tests"]:
        t["message"] = printable(t["message"])
    # Shares in units of 0.0001 points, weighted by what each test teaches
    # (tests/weights/, tools/grade/weights.py), adding up to exactly the
    # exercise's points (spreadsheets and Gradescope then agree with the table).
    maxima = weights.max_scores(ROOT_PREFIX[0], res["name"], res["points"],
                                [t["name"] for t in res["tests"]])
    for t, top in zip(res["tests"], maxima):
        t["max_score"] = top
        t["score"] = t["max_score"] if t["passed"] else 0.0
    res["passed"] = sum(1 for t in res["tests"] if t["passed"])
    res["total"] = n
    res["score"] = round(sum(t["score"] for t in res["tests"]), 4)
    return res


def exercise_folder(cfg, submission):
    """Where a submission keeps its exercise files: the folder itself, its
    exercises/, or either of those one or two levels down (zip uploads and
    LMS downloads add a folder or two). Returns (folder, None), or (None,
    why) when two different places hold exercise files."""
    names = {e.name + ".c" for e in cfg.all_exercises}
    found = []
    for depth in range(3):
        for d in sorted(_folders_at(submission, depth)):
            for cand in (os.path.join(d, "exercises"), d):
                if os.path.isdir(cand) and not os.path.islink(cand) and \
                        names & set(os.listdir(cand)) and cand not in found:
                    found.append(cand)
        if found:
            break
    if len(found) > 1:
        rel = [os.path.relpath(f, submission) for f in found[:3]]
        return None, ("exercise files in more than one place (%s): submit one copy"
                      % ", ".join(rel))
    return (found[0] if found else submission), None


def _folders_at(top, depth):
    level = [top]
    for _ in range(depth):
        level = [os.path.join(d, x) for d in level for x in sorted(os.listdir(d))
                 if os.path.isdir(os.path.join(d, x)) and not os.path.islink(os.path.join(d, x))
                 and not x.startswith(".") and x != "build"]
    return level


def find_submitted(folder, ex):
    """The student's file for ex in the exercise folder, or None."""
    p = os.path.join(folder, ex.name + ".c")
    return p if os.path.lexists(p) else None


def grade_exercise(cfg, ex, submission, work, deadline, refused):
    res = {"name": ex.name, "number": ex.number, "points": ex.points, "tests": [], "error": None}
    tests = test_list(cfg, ex)
    if not tests:
        res["error"] = "no graded tests found in tests/%s.c" % ex.name
        return finish_exercise(res)
    exwork = os.path.join(work, ex.short)
    os.makedirs(exwork, exist_ok=True)

    def all_fail(why):
        why = why.replace(cfg.root + "/", "").replace(ROOT_DEFAULT + "/", "")
        res["error"] = why
        for s, n, sig, hidden in tests:
            res["tests"].append({"suite": s, "name": n, "hidden": hidden, "passed": False,
                                 "message": why})
        return finish_exercise(res)

    if refused:
        return all_fail("the submission was refused: " + refused)
    src = find_submitted(submission, ex)
    if src is None:
        return all_fail("exercises/%s.c %s" % (ex.name, MISSING_FILE))
    if os.path.islink(src) or not os.path.isfile(src):
        return all_fail("exercises/%s.c is not a regular file (symbolic links are not graded)"
                        % ex.name)
    if os.path.getsize(src) > 1 << 20:
        return all_fail("exercises/%s.c is larger than 1 MB" % ex.name)
    try:
        program = cfg.builder.test_program(ex)
        obj, warnings = cfg.builder.compile_student(ex, src, exwork, deadline)
        worker = cfg.builder.link_worker(ex, obj, exwork)
    except (build.BuildError, build.StudentError) as e:
        return all_fail(str(e))
    if warnings:
        res["warnings"] = warnings[-MESSAGE_CAP:]
    if time.monotonic() > deadline:
        return all_fail("not run: the time limit for grading the whole submission (%ds) was "
                        "used up" % cfg.deadline)
    checks = {c.split(":")[0]: c for c in ex.checks}
    verdicts = run.run_tests(cfg, cfg.builder, ex, program, worker,
                             [t for t in tests if t[1] not in checks], cfg.jobs)
    # A check of the code (vectorised) counts only for code that works: one
    # packed instruction in a function that does nothing earns nothing.
    failing = [n for (s, n), v in verdicts.items() if not v[0]]
    for name, check in checks.items():
        if failing:
            stub = any(reports.NOT_IMPLEMENTED in v[1] for v in verdicts.values())
            verdicts[(ex.short, name)] = (False, "%snot checked yet: this share counts once every "
                                          "correctness test of %s passes (%d fail: %s)" % (
                                              "%s %s; " % (ex.short, reports.NOT_IMPLEMENTED)
                                              if stub else "", ex.short, len(failing),
                                              ", ".join(failing[:3])), False)
            continue
        verdicts[(ex.short, name)] = cfg.builder.check_code(ex, check, obj, exwork) + (False,)
    for s, n, sig, hidden in tests:
        passed, msg, problem = verdicts[(s, n)]
        res["tests"].append({"suite": s, "name": n, "hidden": hidden, "passed": passed,
                             "message": msg.replace(cfg.root + "/", ""), "problem": problem})
    return finish_exercise(res)


def next_text(ex):
    return ("next: exercise %d, %s\n  read %s\n  edit exercises/%s.c, then run `make test EX=%d`"
            " (stuck? `make hint EX=%d`)" % (int(ex.number), ex.title, ex.where(), ex.name,
                                              int(ex.number), int(ex.number)))


def next_step(cfg, report, outdir):
    """The next unfinished exercise in reading order: this run's results,
    and an earlier run's for exercises not graded now and not edited since."""
    done = {}
    for x in reports.read_progress(os.path.join(outdir, "progress.json"), report["submission"]):
        src = os.path.join(cfg.root, "exercises", x["name"] + ".c")
        unchanged = os.path.exists(src) and os.path.getmtime(src) < x.get("time", 0)
        done[x["name"]] = unchanged and x["total"] > 0 and x["passed"] == x["total"]
    for r in report["exercises"]:
        done[r["name"]] = r["total"] > 0 and r["passed"] == r["total"]
    for e in cfg.all_exercises:
        if not done.get(e.name):
            return next_text(e)
    return "next: every exercise passes. Well done!"


# ---------------------------------------------------------------- setup


def setup(args):
    cfg = Config()
    cfg.root = os.path.abspath(args.root)
    ROOT_PREFIX[0] = cfg.root + "/"
    cfg.all_exercises = read_registry(cfg.root)
    cfg.exercises = select_exercises(cfg.all_exercises, getattr(args, "ex", None))
    cfg.cc = args.cc
    cfg.variant = args.variant
    cfg.warnings = []
    cfg.sandbox_warned = False
    base = args.cflags.split() if args.cflags else \
        ["-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-g", "-Wall", "-Wextra"]
    base = [f for f in base if f not in ("-MMD", "-MP") and not f.startswith("-I")]
    inc = ["-I" + os.path.join(cfg.root, "exercises"), "-I" + os.path.abspath(args.include)]
    cfg.header_dirs = [os.path.join(cfg.root, "exercises"), os.path.abspath(args.include)]
    cfg.lib_dir = os.path.abspath(args.include)  # the library's source (similarity hints)
    cfg.student_base = [f for f in base if f != "-Werror"] if not args.werror else base
    cfg.support_dir = os.path.dirname(os.path.abspath(args.harness))
    cfg.worker_cflags = base + inc + ["-I" + cfg.support_dir] + build.hardening(base)
    crit = subprocess.run(["pkg-config", "--cflags", "criterion"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.decode().split()
    cfg.test_cflags = base + inc + ["-I" + cfg.support_dir] + crit + build.hardening(base)
    libs = subprocess.run(["pkg-config", "--libs", "criterion"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL).stdout.decode().split() or ["-lcriterion"]
    cfg.ldlibs = libs + ["-Wl,--wrap=criterion_send_assert"] + args.ldflags.split() + \
        ["-lz", "-lm"] + build.HARDEN_LDFLAGS
    cfg.worker_ldlibs = args.ldflags.split() + ["-lz", "-lm"]
    cfg.libwb = os.path.abspath(args.lib)
    if not os.path.exists(cfg.libwb):
        raise SystemExit("grade: %s is missing; build it first (make lib)" % args.lib)
    out = os.path.abspath(args.out)
    cfg.objdir = os.path.join(out, "common", cfg.variant)
    headers = b""
    for d in cfg.header_dirs + [cfg.support_dir]:
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if f.endswith(".h"):
                headers += f.encode() + build.file_bytes(os.path.join(d, f))
    cfg.header_key = build.sha(headers)
    hidden_dir = os.path.join(cfg.root, "tests", "hidden")
    cfg.hidden = {"yes": True, "no": False}.get(args.hidden, os.path.isdir(hidden_dir))
    cfg.jobs = max(1, args.jobs)
    cfg.timeout = args.timeout
    cfg.deadline = args.deadline
    cfg.keep_work = args.keep_work
    cfg.sandbox_off = args.sandbox == "off"
    cfg.bwrap = bwrap_works()[0] if not cfg.sandbox_off else False
    cfg.policy_on = args.policy == "on"
    cfg.lib_api = defined_names([cfg.libwb], dynamic=False)
    cfg.libm = defined_names([shared_lib(cfg.cc, "libm.so.6")], dynamic=True)
    cfg.builder = build.Builder(cfg)
    version = subprocess.run(["pkg-config", "--modversion", "criterion"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode().strip()
    if version and not version.startswith("2.4"):
        # The harness reads Criterion's test data (the .signal field) and
        # wraps criterion_send_assert: both as in 2.4.
        cfg.warnings.append("warning: the harness was written for Criterion 2.4 and this is %s: "
                            "run `make check` once to make sure grading still works" % version)
    if not cfg.builder.launcher:
        cfg.warnings.append("warning: student code runs without the seccomp launcher "
                            "(only a self-check on this machine: do not grade others here)")
    cfg.max_fail_shown = 5
    cfg.verbose = getattr(args, "verbose", False)
    cfg.only_test = getattr(args, "test", None)
    cfg.env_extra = {}
    if args.seed:
        cfg.env_extra["WORKBOOK_SEED"] = str(args.seed)
    if cfg.variant == "asan":
        cfg.env_extra["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=1"
        cfg.env_extra["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    return cfg


def add_common(p):
    p.add_argument("--root", default=ROOT_DEFAULT, help="checkout with exercises/ and tests/")
    p.add_argument("--ex", default=None, help="one exercise: number or name")
    p.add_argument("--out", default=os.path.join(ROOT_DEFAULT, "build", "grade"))
    p.add_argument("--lib", default=os.path.join(ROOT_DEFAULT, "build", "release", "libworkbook.a"))
    p.add_argument("--include", default=os.path.join(ROOT_DEFAULT, "lib"))
    p.add_argument("--harness", default=os.path.join(ROOT_DEFAULT, "tests", "support", "harness.c"))
    p.add_argument("--cc", default=os.environ.get("CC", "cc"))
    p.add_argument("--cflags", default="")
    p.add_argument("--ldflags", default="")
    p.add_argument("--werror", action="store_true", help="warnings are errors (make check)")
    p.add_argument("--variant", default="release")
    p.add_argument("--hidden", default="auto", choices=["auto", "yes", "no"])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--timeout", type=int, default=10, help="seconds per test")
    p.add_argument("--deadline", type=int, default=900, help="seconds per submission")
    p.add_argument("--seed", default=os.environ.get("WORKBOOK_SEED", ""))
    p.add_argument("--policy", default="on", choices=["on", "off"])
    p.add_argument("--sandbox", default="auto", choices=["auto", "off"])
    p.add_argument("--keep-work", action="store_true")
    p.add_argument("--color", default="auto", choices=["auto", "always", "never"])
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--verbose", action="store_true", help="every failing check in full")
    p.add_argument("--test", default=None, help="only the tests of this name")


def use_color(args):
    return args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                      and os.environ.get("TERM") != "dumb"
                                      and "NO_COLOR" not in os.environ)


def print_report(cfg, args, report):
    color = use_color(args)
    if not args.quiet:
        details = details_text(cfg, report, color)
        if details:
            print(details)
    print(summary_text(cfg, report, color), end="")


def fallback_report(out, why):
    """A valid results.json for when grading cannot even start."""
    os.makedirs(out, exist_ok=True)
    atomic_write(os.path.join(out, "results.json"), json.dumps(
        {"score": 0, "tests": [], "output": "grading could not start: " + why}, indent=2) + "\n")


def cmd_test(args):
    try:
        cfg = setup(args)
    except SystemExit as e:
        fallback_report(os.path.abspath(args.out), str(e.code))
        raise
    submission = os.path.abspath(args.submission or cfg.root)
    if not os.path.isdir(submission):
        raise SystemExit("grade: SUBMISSION=%s is not a folder" % args.submission)
    cfg.cache_dir = None if args.submission or not args.cache else os.path.abspath(args.cache)
    student = args.student or (os.path.basename(submission.rstrip("/")) if args.submission else "")
    out = os.path.abspath(args.out)
    report = grade_submission(cfg, submission, out, student)
    print_report(cfg, args, report)
    if not args.submission:
        print(next_step(cfg, report, out))
    print("reports: %s/{summary.txt,results.json,junit.xml}; every failing check in full: "
          "`make test EX=n VERBOSE=1`" % os.path.relpath(out))
    done = all(r["total"] > 0 and r["passed"] == r["total"] for r in report["exercises"])
    return 0 if done and report["exercises"] else 1


def cmd_grade(args):
    cfg = setup(args)
    return gradebook.grade_class(cfg, args, grade_submission)


def cmd_export(args):
    """LMS exports from an existing gradebook: nothing is built or graded."""
    cfg = Config()
    cfg.root = os.path.abspath(args.root)
    cfg.all_exercises = read_registry(cfg.root)
    return gradebook.export_only(cfg, args)


def cmd_progress(args):
    out = os.path.abspath(args.out)
    prog = os.path.join(out, "progress.json")
    cfg_root = os.path.abspath(args.root)
    ROOT_PREFIX[0] = cfg_root + "/"
    exercises = read_registry(cfg_root)
    fresh = os.path.exists(prog)
    if fresh:
        t = os.path.getmtime(prog)
        for e in exercises:
            p = os.path.join(cfg_root, "exercises", e.name + ".c")
            if os.path.exists(p) and os.path.getmtime(p) > t:
                fresh = False
    if fresh:
        data = json.load(open(prog))
        # Only the student's own last full run counts (not an instructor's
        # SUBMISSION=..., not a run of one exercise).
        if (not data.get("final") or data.get("submission") != os.path.realpath(cfg_root)
                or {x["name"] for x in data["exercises"]} != {e.name for e in exercises}):
            fresh = False
    if not fresh:
        args.quiet = True
        args.submission = None
        args.student = ""
        cfg = setup(args)
        grade_submission(cfg, cfg_root, out, "")
        data = json.load(open(prog))
    color = use_color(args)
    c = COLOR if color else {k: "" for k in COLOR}
    by = {x["name"]: x for x in data["exercises"]}
    width = max([len(e.name) for e in exercises] + [8])
    print("%-*s  %-6s  %7s  %s" % (width, "exercise", "state", "tests", "title"))
    nxt = None
    for e in exercises:
        x = by.get(e.name, {"passed": 0, "total": 0})
        done = x["total"] > 0 and x["passed"] == x["total"]
        state = "done" if done else ("partly" if x["passed"] else "todo")
        if not done and nxt is None:
            nxt = e
        col = c["green"] if done else (c["yellow"] if x["passed"] else "")
        print("%s%-*s  %-6s  %7s%s  %s" % (col, width, e.name, state,
                                           "%d/%d" % (x["passed"], x["total"]), c["off"], e.title))
    if nxt:
        print(next_text(nxt))
    else:
        print("next: every exercise passes. Well done!")
    return 0


def cmd_resolve(args):
    exercises = read_registry(os.path.abspath(args.root))
    for e in select_exercises(exercises, args.ex):
        print(e.name)
    return 0


def main(argv):
    reaper.install()  # an interrupted run leaves no process behind
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("test")
    add_common(t)
    t.add_argument("--submission", default=None)
    t.add_argument("--student", default="")
    t.add_argument("--cache", default="", help="reuse results of unchanged exercises kept in "
                   "this folder (tools/grade/cache.py; the student's own exercises/ only)")
    g = sub.add_parser("grade")
    add_common(g)
    g.add_argument("--submissions", required=True)
    g.add_argument("--student", default="", help="regrade this one student in place")
    g.add_argument("--gradebook", default="", help="gradebook name (gradebooks/NAME.csv)")
    g.add_argument("--roster", default="", help="CSV mapping folders to student ids: exports "
                   "for an LMS (ids, Canvas, Moodle)")
    g.add_argument("--title", default="ReLU workbook", help="the assignment's name in exports "
                   "(Canvas matches it to an assignment by this name)")
    g.add_argument("--control", default="", help="folder graded first as the control "
                   "(default: solutions/; none: no control)")
    x = sub.add_parser("export", help="LMS exports from an existing gradebook, no grading")
    x.add_argument("--root", default=ROOT_DEFAULT)
    x.add_argument("--roster", required=True, help="CSV mapping folders to student ids")
    x.add_argument("--gradebook", default="", help="gradebooks/NAME.csv or a path (default: "
                   "the newest gradebook of --submissions' class)")
    x.add_argument("--submissions", default="", help="the class's folder")
    x.add_argument("--title", default="ReLU workbook", help="the assignment's name in exports "
                   "(Canvas matches it to an assignment by this name)")
    p = sub.add_parser("progress")
    add_common(p)
    r = sub.add_parser("resolve")
    r.add_argument("--root", default=ROOT_DEFAULT)
    r.add_argument("ex")
    args = ap.parse_args(argv)
    return {"test": cmd_test, "grade": cmd_grade, "export": cmd_export, "progress": cmd_progress,
            "resolve": cmd_resolve}[args.cmd](args)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `make test | head`
        sys.exit(1)
