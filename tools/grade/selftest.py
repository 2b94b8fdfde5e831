#!/usr/bin/env python3
"""selftest.py: the grader's own tests (make check, tools/check.d/30-grader.sh).

Grades the crafted submissions of tests/grader/submissions/ against the
fixture exercises of tests/grader/fixture/ and asserts the exact per-test
results listed in tests/grader/cases.tsv; validates every results.json
(Gradescope's format) and junit.xml; grades a folder of 30 submissions into
a gradebook; runs a small class through regrades in place (STUDENT=, EX=),
the class's problems, overview and similarity hints, and make grade-export;
regrades with -j1 and -j2 under CPU load and compares; checks
that a killed grader still leaves a valid report, that the per-submission
time bound holds, and that `make dist` and `make gradescope` produce what
they promise. Prints one line "PASS<TAB>name" or "FAIL<TAB>name<TAB>why"
per check. GRADER_REPS=20 repeats the determinism check 20 times.
"""

import argparse
import base64
import concurrent.futures
import csv
import json
import re
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GRADE = [sys.executable, os.path.join(ROOT, "tools", "grade", "grade.py")]

FIXTURE = os.path.join(ROOT, "tests", "grader", "fixture")
SUBS = os.path.join(ROOT, "tests", "grader", "submissions")
POINTS = {"ex01_fix": 10.0, "ex02_fix": 6.0}
ORDER = {"ex01_fix": ["scale_basic", "scale_negative", "max_basic", "max_empty_aborts",
                      "hidden_scale_random"],
         "ex02_fix": ["sum_basic", "sum_empty"]}
HIDDEN = {"hidden_scale_random"}

failures = 0
CONTROL_BYTES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def record(ok, name, why=""):
    global failures
    if not ok:
        failures += 1
    why = " ".join(str(why).split())[:400]
    print("%s\t%s%s" % ("PASS" if ok else "FAIL", name, "\t" + why if why and not ok else ""),
          flush=True)


def grade(args, out, submission, policy="on", extra=()):
    cmd = GRADE + ["test", "--root", FIXTURE, "--lib", args.lib, "--out", out, "--timeout",
                   str(args.timeout), "--submission", submission, "--policy", policy,
                   "--quiet", "--color", "never", "--jobs", str(args.jobs)] + list(extra)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def load_results(out):
    with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
        return json.load(f)


def submission(work, case):
    """A copy of a crafted submission, with @ROOT@ in its C files replaced by
    this checkout's path (attacks that need an absolute path). The symlink
    cases are made here: links into the grader's own solutions."""
    dst = os.path.join(work, "submissions", case)
    solutions = os.path.join(FIXTURE, "solutions")
    if case == "symlinkfile" and not os.path.isdir(dst):
        os.makedirs(os.path.join(dst, "exercises"))
        os.symlink(os.path.join(solutions, "ex01_fix.c"), os.path.join(dst, "exercises", "ex01_fix.c"))
        shutil.copy(os.path.join(SUBS, "solved", "exercises", "ex02_fix.c"),
                    os.path.join(dst, "exercises"))
    if case == "symlinkdir" and not os.path.isdir(dst):
        os.makedirs(dst)
        os.symlink(solutions, os.path.join(dst, "exercises"))
    if not os.path.isdir(dst):
        shutil.copytree(os.path.join(SUBS, case), dst, symlinks=True)
        for d, _, files in os.walk(dst):
            for f in files:
                if f.endswith(".c"):
                    p = os.path.join(d, f)
                    text = open(p, encoding="utf-8", errors="surrogateescape").read()
                    if "@ROOT@" in text:
                        with open(p, "w", encoding="utf-8", errors="surrogateescape") as fh:
                            fh.write(text.replace("@ROOT@", ROOT))
    return dst


def bits_of(results):
    """{exercise: "10110"} from a results.json, in the fixture's test order."""
    status = {}
    for t in results["tests"]:
        ex, _, name = t["name"].partition(": ")
        status[(ex, name)] = "1" if t["status"] == "passed" else "0"
    return {ex: "".join(status.get((ex, n), "?") for n in names) for ex, names in ORDER.items()}


def validate_results(results):
    """Gradescope's results.json format; returns a list of problems."""
    bad = []
    if not isinstance(results.get("score"), (int, float)):
        bad.append("top-level score missing")
    if not isinstance(results.get("tests"), list):
        return bad + ["tests[] missing"]
    total = 0.0
    for t in results["tests"]:
        for key, typ in (("name", str), ("score", (int, float)), ("max_score", (int, float)),
                         ("status", str), ("output", str), ("visibility", str)):
            if not isinstance(t.get(key), typ):
                bad.append("test %r: %s missing or of the wrong type" % (t.get("name"), key))
        if t.get("status") not in ("passed", "failed"):
            bad.append("test %r: status %r" % (t.get("name"), t.get("status")))
        if t.get("visibility") not in ("hidden", "after_due_date", "after_published", "visible"):
            bad.append("test %r: visibility %r" % (t.get("name"), t.get("visibility")))
        if isinstance(t.get("score"), (int, float)) and isinstance(t.get("max_score"), (int, float)):
            if not 0 <= t["score"] <= t["max_score"] + 1e-9:
                bad.append("test %r: score outside 0..max_score" % t.get("name"))
            if (t["status"] == "passed") != (t["score"] > 0):
                bad.append("test %r: status and score disagree" % t.get("name"))
            total += t["score"]
        name = t.get("name", "").partition(": ")[2]
        want_vis = "after_published" if name in HIDDEN else "visible"
        if t.get("visibility") != want_vis:
            bad.append("test %r: visibility %r, expected %r" % (name, t.get("visibility"), want_vis))
    if isinstance(results.get("score"), (int, float)) and abs(total - results["score"]) > 1e-3:
        bad.append("score %s is not the sum of the tests' scores %s" % (results["score"], total))
    return bad


def check_reports(out, label):
    try:
        results = load_results(out)
        problems = validate_results(results)
        record(not problems, "grader: %s: results.json in Gradescope's format" % label,
               "; ".join(problems))
    except (OSError, ValueError) as e:
        record(False, "grader: %s: results.json in Gradescope's format" % label, e)
        results = None
    try:
        root = ET.parse(os.path.join(out, "junit.xml")).getroot()
        n = len(root.findall(".//testcase"))
        want = len(results["tests"]) if results else n
        record(n == want and root.tag == "testsuites",
               "grader: %s: junit.xml parses" % label, "%d testcases, expected %d" % (n, want))
    except (OSError, ET.ParseError) as e:
        record(False, "grader: %s: junit.xml parses" % label, e)
    record(os.path.exists(os.path.join(out, "summary.txt")), "grader: %s: summary.txt" % label)
    return results


def read_cases():
    cases = []
    with open(os.path.join(ROOT, "tests", "grader", "cases.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t") + [""]
            cases.append((cols[0], cols[1], {"ex01_fix": cols[2], "ex02_fix": cols[3]}, cols[4]))
    return cases


def leftover_processes(under):
    """Processes running a program from under this folder (the test binaries
    of the gradings this self-test started; other graders may run beside)."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            exe = os.readlink("/proc/%s/exe" % d)
        except OSError:
            continue
        if exe.startswith(under.rstrip("/") + "/"):
            found.append("%s %s" % (d, exe))
    return found


def test_cases(args, work):
    only = set(filter(None, os.environ.get("GRADER_CASES", "").split(",")))
    runs = []
    for case, policy, want, checks in read_cases():
        if only and case not in only:
            continue
        # With the policy on, once with the compiler's sandbox and once without.
        for sandbox in (["auto", "off"] if policy == "on" else ["auto"]):
            runs.append((case, policy, sandbox, want, checks))
    # Two gradings at a time: each is mostly one process after another
    # (compile, link, run), and graders side by side must not interfere
    # anyway (the classroom part proves it). The copies are made first: two
    # runs of one case share its copy.
    for case in sorted({r[0] for r in runs}):
        submission(work, case)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for f in [pool.submit(check_case, args, work, *r) for r in runs]:
            f.result()


def check_case(args, work, case, policy, sandbox, want, checks):
    if True:
        label = "%s (policy %s%s)" % (case, policy, ", no sandbox" if sandbox == "off" else "")
        out = os.path.join(work, "cases", "%s-%s-%s" % (case, policy, sandbox))
        extra = ["--keep-work"] if case == "escape" else []
        extra += ["--sandbox", sandbox]
        t0 = time.monotonic()
        rc, log = grade(args, out, submission(work, case), policy, extra)
        results = check_reports(out, label)
        if results is None:
            return
        got = bits_of(results)
        record(got == want, "grader: %s: per-test scores" % label,
               "got %s, expected %s; %s" % (got, want, log[-300:]))
        everything = all(b == "1" for b in "".join(want.values()))
        record((rc == 0) == everything, "grader: %s: exit status" % label, "exit %d" % rc)
        for check in filter(None, checks.split(";")):
            negate = "!" in check and "~" not in check
            test, _, text = check.partition("!" if negate else "~")
            outs = [t["output"] for t in results["tests"]
                    if t["name"].endswith(": " + test) and t["status"] == "failed"]
            if negate:
                record(outs and not any(text in o for o in outs),
                       "grader: %s: %s does not show %r" % (label, test, text),
                       "its output: %r" % (outs[:1],))
            else:
                record(any(text in o for o in outs), "grader: %s: %s says %r" % (label, test, text),
                       "its output: %r" % (outs[:1],))
        if case == "background" or case == "escape":
            left = leftover_processes(out)
            record(not left, "grader: %s: no process of the submission is left" % label,
                   "left: %s" % left)
        if case == "escape" and policy == "off":
            escaped = [p for p in ["/var/tmp/wb-grader-escaped"] if os.path.exists(p)]
            for d, _, files in os.walk(out):
                escaped += [os.path.join(d, f) for f in files if f.endswith(".escaped")]
            record(not escaped, "grader: %s: nothing written outside the scratch folder" % label,
                   escaped)
            for p in escaped:
                os.remove(p)
        # No control byte (but newline and tab) from student-controlled text
        # reaches the terminal or a text report.
        texts = {"the terminal": log}
        for f in ("summary.txt", "junit.xml"):
            texts[f] = read_text(os.path.join(out, f))
        leaks = [k for k, v in texts.items() if CONTROL_BYTES.search(v)]
        record(not leaks, "grader: %s: no control byte reaches the terminal or reports" % label,
               leaks)
        if case == "ctlwarning" and sandbox != "off":  # without it, no caret line
            shown = json.dumps(results)
            record("unused variable" in shown and "\\\\x1b[2J" in shown,
                   "grader: %s: the warning is shown, its controls escaped" % label, shown[-400:])
        if case == "messages":
            raw = open(os.path.join(out, "results.json"), encoding="utf-8").read()
            record("\x01" not in raw and "\x1b" not in raw,
                   "grader: %s: control bytes are escaped in results.json" % label)
        record(time.monotonic() - t0 < 120, "grader: %s: graded within 120 s" % label)
        shutil.rmtree(out, ignore_errors=True)


def test_gradebook(args, work):
    """At least 30 students: every crafted case, plus copies of solved/unsolved/partial."""
    folder = os.path.join(work, "class")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    expected = {}
    for case, policy, want, _ in read_cases():
        if policy == "on":
            shutil.copytree(submission(work, case), os.path.join(folder, case), symlinks=True)
            expected[case] = want
    i = 0
    while len(expected) < 30:
        base = ["solved", "unsolved", "partial"][i % 3]
        name = "%s-copy%d" % (base, i)
        shutil.copytree(os.path.join(SUBS, base), os.path.join(folder, name))
        expected[name] = expected[base]
        i += 1
    out = os.path.join(work, "gradebook")
    shutil.rmtree(out, ignore_errors=True)
    # Through make, as an instructor runs it (OUT: the folder of --lib).
    cmd = ["make", "--no-print-directory", "grade", "SUBMISSIONS=" + folder,
           "GRADE_ROOT=" + FIXTURE, "GRADE_OUT=" + out, "TEST_TIMEOUT=%d" % args.timeout,
           "GRADE_JOBS=%d" % args.jobs, "OUT=" + os.path.dirname(args.lib),
           "GRADEBOOK=" + os.path.join(out, "book.csv")]
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900,
                       cwd=ROOT, env=env)
    elapsed = time.monotonic() - t0
    record(p.returncode == 0, "gradebook: make grade over the class's submissions runs",
           p.stdout.decode()[-300:])
    try:
        rows = list(csv.reader(open(os.path.join(out, "gradebook.csv"), encoding="utf-8")))
    except OSError as e:
        record(False, "gradebook: gradebook.csv written", e)
        return
    record(rows and rows[0] == ["student", "ex01_fix", "ex02_fix", "total", "graded", "problems"],
           "gradebook: header is student, one column per exercise, total, graded, problems",
           rows[:1])
    record(len(rows) > 1 and rows[1][:4] == ["points possible", "10", "6", "16"],
           "gradebook: the second row gives the points possible", rows[1:2])
    by = {r[0]: r for r in rows[2:]}
    record(sorted(by) == sorted(expected) and len(rows) == len(expected) + 2,
           "gradebook: one row per student (%d)" % len(expected), "%d rows" % (len(rows) - 2))
    for student, want in sorted(expected.items()):
        row = by.get(student)
        w = [POINTS[ex] * want[ex].count("1") / len(want[ex]) for ex in ("ex01_fix", "ex02_fix")]
        ok = row is not None and all(abs(float(row[k + 1]) - w[k]) < 0.01 for k in range(2)) \
            and abs(float(row[3]) - sum(w)) < 0.01
        record(ok, "gradebook: %s scores %s" % (student, "/".join("%g" % x for x in w)),
               "row %s" % (row,))
        if student in ("messages", "crash"):
            check_reports(os.path.join(out, "students", student), "gradebook %s" % student)
    record(elapsed < 240, "gradebook: the class graded in under 4 minutes",
           "%.0f s" % elapsed)


def run_grade(folder, out, book, *extra, env_extra=None, args=None):
    cmd = ["make", "--no-print-directory", "grade", "SUBMISSIONS=" + folder,
           "GRADE_ROOT=" + FIXTURE, "GRADE_OUT=" + out, "TEST_TIMEOUT=%d" % args.timeout,
           "GRADE_JOBS=%d" % args.jobs, "OUT=" + os.path.dirname(args.lib), "GRADEBOOK=" + book]
    env = dict(os.environ, **(env_extra or {}))
    env.pop("MAKEFLAGS", None)
    return subprocess.Popen(cmd + list(extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            cwd=ROOT, env=env)


def read_book(book):
    try:
        rows = list(csv.reader(open(book, encoding="utf-8")))
    except OSError:
        return {}
    return {r[0]: r for r in rows[2:]}


def read_text(path):
    try:
        return open(path, encoding="utf-8").read()
    except OSError:
        return ""


def test_classroom(args, work):
    """Issue 14's instructor workflow: graders side by side, regrades in
    place, nested folders, names that differ in accents, feedback without
    hidden inputs, the control run, a test killed from outside."""
    base = os.path.join(work, "classroom")
    shutil.rmtree(base, ignore_errors=True)
    folder = os.path.join(base, "class")
    os.makedirs(folder)
    shutil.copytree(os.path.join(SUBS, "solved"), os.path.join(folder, "Zoé"))
    shutil.copytree(os.path.join(SUBS, "unsolved"), os.path.join(folder, "Zoë"))
    # nested hands in the reference solutions themselves (similarity.txt flags it).
    shutil.copytree(os.path.join(FIXTURE, "solutions"),
                    os.path.join(folder, "nested", "upload", "relu-main", "exercises"))
    # empty has no exercise file at all (a problem); onlyex01 has no ex02_fix.c
    # (just 0 for it, also when EX=2 regrades only that exercise).
    os.makedirs(os.path.join(folder, "empty"))
    open(os.path.join(folder, "empty", "README.txt"), "w").write("nothing here\n")
    os.makedirs(os.path.join(folder, "onlyex01", "exercises"))
    shutil.copy(os.path.join(SUBS, "solved", "exercises", "ex01_fix.c"),
                os.path.join(folder, "onlyex01", "exercises"))
    hid = os.path.join(folder, "hiddenfail", "exercises")
    shutil.copytree(os.path.join(SUBS, "solved", "exercises"), hid)
    src = open(os.path.join(hid, "ex01_fix.c"), encoding="utf-8").read()
    # Right for the visible tests' whole k, wrong for the hidden test's fractional k.
    src = src.replace("k * in[i]", "(float)(int)k * in[i]")
    open(os.path.join(hid, "ex01_fix.c"), "w", encoding="utf-8").write(src)
    want = {"Zoé": "16", "Zoë": "0", "nested": "16", "hiddenfail": "14", "empty": "0",
            "onlyex01": "10"}

    # Two graders at once on one machine: both exact.
    runs = [run_grade(folder, os.path.join(base, "out-%s" % k), os.path.join(base, "%s.csv" % k),
                      args=args) for k in ("a", "b")]
    logs = [p.communicate(timeout=900)[0].decode("utf-8", "replace") for p in runs]
    for k, p, log in zip("ab", runs, logs):
        got = {s: r[3] for s, r in read_book(os.path.join(base, "%s.csv" % k)).items()}
        ok = all(abs(float(got.get(s, "-1")) - float(w)) < 0.01 for s, w in want.items())
        # One problem (empty has no files), so make grade exits non-zero.
        record(p.returncode != 0 and ok and len(got) == len(want),
               "classroom: grader %s of two running at once grades exactly" % k,
               "exit %s, totals %s, expected %s; %s" % (p.returncode, got, want, log[-300:]))
    log = logs[0]
    record("control: grading the reference solutions" in log and "control: passed" in log
           and log.index("control: passed") < log.index("[1/6]"),
           "classroom: the control run says when it starts and when it passes", log[:300])
    record("grade: 1 problem needs a look" in log and "(6 students graded)" in log,
           "classroom: counts are singular or plural as they should be", log[-400:])
    probs = read_text(os.path.join(base, "out-a", "problems.txt"))
    record(probs == "empty: no exercise files found\n",
           "classroom: only a student with no exercise file at all is 'no exercise files found'",
           probs)
    sim = read_text(os.path.join(base, "out-a", "similarity.txt"))
    pair_lines = [l for l in sim.splitlines() if " and " in l and not l.startswith("#")]
    pairs = [l.split(":")[0] for l in pair_lines]
    record(pair_lines and pair_lines[0].startswith("Zoé and hiddenfail: 2 exercises")
           and len(pairs) == len(set(pairs)),
           "classroom: similarity.txt has one line per pair of students, most shared first", sim)
    ref = sim.split("identical to the reference solution")[-1]
    record("nested: ex01_fix, ex02_fix" in ref and "onlyex01" not in ref,
           "classroom: similarity.txt flags a submission identical to the reference solution", sim)
    page = read_text(os.path.join(base, "out-a", "overview.html"))
    table = page.split("<table>")[-1]
    record("did not attempt it" in table and "not implemented yet" not in table
           and "is missing from the submission" not in table,
           "classroom: overview.html counts students who did not attempt a test apart",
           page[-600:])
    tsv = read_text(os.path.join(base, "out-a", "students.tsv"))
    record(all(any(l.startswith(s + "\tstudents/") for l in tsv.splitlines()) for s in want)
           and all(os.path.isdir(os.path.join(base, "out-a", l.split("\t")[1]))
                   for l in tsv.splitlines()[1:]),
           "classroom: students.tsv maps every submission folder to its report folder", tsv)
    record("16" == read_book(os.path.join(base, "a.csv")).get("nested", [0] * 4)[3],
           "classroom: a submission nested two folders deep is found")
    dirs = sorted(os.listdir(os.path.join(base, "out-a", "students")))
    record(len([d for d in dirs if d.startswith("Zo")]) == 2,
           "classroom: Zoé and Zoë keep separate reports", dirs)
    fb = os.path.join(base, "out-a", "students", "hiddenfail", "feedback.md")
    text = open(fb, encoding="utf-8").read() if os.path.exists(fb) else ""
    record("hidden_scale_random" in text and "random x" not in text and "expected" not in text,
           "classroom: feedback.md names the failing hidden test without its inputs", text[-300:])
    res = load_results(os.path.join(base, "out-a", "students", "hiddenfail"))
    record("4/4" in res["output"] and "5/5" not in res["output"] and "4/5" not in res["output"],
           "classroom: Gradescope's visible output counts no hidden test", res["output"])

    # Regrading one student in place.
    shutil.rmtree(os.path.join(folder, "Zoë"))
    shutil.copytree(os.path.join(SUBS, "solved"), os.path.join(folder, "Zoë"))
    before = read_book(os.path.join(base, "a.csv"))
    p = run_grade(folder, os.path.join(base, "out-a"), os.path.join(base, "a.csv"),
                  "STUDENT=Zoë", args=args)
    log = p.communicate(timeout=600)[0].decode("utf-8", "replace")
    after = read_book(os.path.join(base, "a.csv"))
    others = all(after.get(s) == before.get(s) for s in want if s != "Zoë")
    record(after.get("Zoë", [0] * 4)[3] == "16" and others,
           "classroom: STUDENT=Zoë regrades her row in place, the others unchanged",
           "%s / %s" % (before.get("Zoë"), after.get("Zoë")))
    probs = read_text(os.path.join(base, "out-a", "problems.txt"))
    record(p.returncode != 0 and probs == "empty: no exercise files found\n"
           and "1 problem needs a look" in log and "(1 student graded)" in log,
           "classroom: after STUDENT=, problems.txt and the exit status are still the class's",
           "exit %s; %r; %s" % (p.returncode, probs, log[-300:]))
    page = read_text(os.path.join(base, "out-a", "overview.html"))
    record("6 students; median 16 of 16" in page,
           "classroom: STUDENT= regenerates overview.html from the whole class", page[:400])

    # Regrading one exercise in place: Zoé's ex02 now fails.
    zoe = os.path.join(folder, "Zoé", "exercises", "ex02_fix.c")
    open(zoe, "w").write(read_text(zoe).replace("+=", "-="))
    before = read_book(os.path.join(base, "a.csv"))
    p = run_grade(folder, os.path.join(base, "out-a"), os.path.join(base, "a.csv"), "EX=2",
                  args=args)
    log = p.communicate(timeout=600)[0].decode("utf-8", "replace")
    after = read_book(os.path.join(base, "a.csv"))
    record(after.get("Zoé", [0] * 4)[1:4] == ["10", "0", "10"]
           and all(after.get(s) and after[s][1] == before[s][1] for s in want),
           "classroom: EX=2 regrades that exercise's cells, the others unchanged",
           "%s / %s" % (before.get("Zoé"), after.get("Zoé")))
    zdir = os.path.join(base, "out-a",
                        next(l.split("\t")[1] for l in tsv.splitlines() if l.startswith("Zoé\t")))
    res = load_results(zdir)
    names = {t["name"].split(":")[0] for t in res["tests"]}
    fbz = read_text(os.path.join(zdir, "feedback.md"))
    summ = read_text(os.path.join(zdir, "summary.txt"))
    record(res["score"] == 10 and res["max_score"] == 16 and names == set(POINTS)
           and len(res["tests"]) == 7 and "Score: **10 / 16**" in fbz and "ex01_fix" in summ
           and "10/16" in summ,
           "classroom: after EX=2 a student's reports are the whole submission (merged)",
           "%s of %s, %s; %s" % (res["score"], res["max_score"], sorted(names), fbz[:200]))
    probs = read_text(os.path.join(base, "out-a", "problems.txt"))
    record(p.returncode != 0 and probs == "empty: no exercise files found\n"
           and after.get("onlyex01", [""] * 6)[5] == "" and after["onlyex01"][3] == "10",
           "classroom: with EX=2, a student without ex02_fix.c but with other files is no "
           "problem; the class's problems are kept",
           "exit %s; %r; %s" % (p.returncode, probs, after.get("onlyex01")))
    page = read_text(os.path.join(base, "out-a", "overview.html"))
    record("6 students; median 14 of 16" in page,
           "classroom: EX= regenerates overview.html from the whole class", page[:400])

    # Exports from the gradebook as it is, without grading.
    roster = os.path.join(base, "roster.csv")
    with open(roster, "w", encoding="utf-8") as f:
        f.write("folder,id,name\n" + "".join("%s,%d,%s\n" % (s, i, s) for i, s in enumerate(
            sorted(want) + ["ghost"]) if s != "hiddenfail"))
    t0 = time.monotonic()
    p = subprocess.run(["make", "--no-print-directory", "grade-export", "ROSTER=" + roster,
                        "GRADEBOOK=" + os.path.join(base, "a.csv"), "GRADE_ROOT=" + FIXTURE,
                        "ASSIGNMENT=Fixture quiz (week 3)"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, cwd=ROOT, timeout=120,
                       env={k: v for k, v in os.environ.items() if k != "MAKEFLAGS"})
    log = p.stdout.decode("utf-8", "replace")
    try:
        canvas = list(csv.reader(open(os.path.join(base, "a-canvas.csv"), encoding="utf-8")))
    except OSError:
        canvas = []
    ghost = [r for r in canvas if r[:1] == ["ghost"]]
    record(p.returncode == 0 and "control:" not in log and time.monotonic() - t0 < 20
           and canvas and canvas[0][-1] == "Fixture quiz (week 3)" and canvas[1][-1] == "16"
           and ghost and ghost[0][-1] == "0" and "ghost" in log.split("exported with 0")[-1]
           and "not exported: hiddenfail" in log
           and len(canvas) == 2 + len(want),
           "classroom: make grade-export exports the gradebook without grading, with "
           "ASSIGNMENT as the column's title and roster students with no submission at 0",
           "exit %s; %s; %s" % (p.returncode, canvas, log[-400:]))

    # The control: a broken reference solution stops the run before anyone is graded.
    broken = os.path.join(base, "broken-solutions")
    shutil.copytree(os.path.join(FIXTURE, "solutions"), broken)
    src = open(os.path.join(broken, "ex02_fix.c"), encoding="utf-8").read()
    open(os.path.join(broken, "ex02_fix.c"), "w").write(src.replace("+=", "-="))
    p = run_grade(folder, os.path.join(base, "out-c"), os.path.join(base, "c.csv"),
                  "CONTROL=" + broken, args=args)
    log = p.communicate(timeout=600)[0].decode("utf-8", "replace")
    record(p.returncode != 0 and "do not score full marks" in log and
           not os.path.exists(os.path.join(base, "c.csv")),
           "classroom: the control run refuses to grade when a solution is broken", log[-300:])

    # A test killed from outside: retried once; if killed again, flagged.
    one = os.path.join(base, "one")
    shutil.copytree(os.path.join(SUBS, "solved"), os.path.join(one, "alice"))
    p = run_grade(one, os.path.join(base, "out-k1"), os.path.join(base, "k1.csv"), "CONTROL=none",
                  env_extra={"WB_FAULT_KILL": "scale_basic",
                             "WB_FAULT_ONCE": os.path.join(base, "killed-once")}, args=args)
    log = p.communicate(timeout=600)[0].decode("utf-8", "replace")
    row = read_book(os.path.join(base, "k1.csv")).get("alice", [0] * 6)
    record(p.returncode == 0 and row[3] == "16" and os.path.exists(os.path.join(base, "killed-once")),
           "classroom: a test killed once is retried and counts", "%s; %s" % (row, log[-200:]))
    p = run_grade(one, os.path.join(base, "out-k2"), os.path.join(base, "k2.csv"), "CONTROL=none",
                  env_extra={"WB_FAULT_KILL": "scale_basic"}, args=args)
    log = p.communicate(timeout=600)[0].decode("utf-8", "replace")
    row = read_book(os.path.join(base, "k2.csv")).get("alice", [0] * 6)
    record(p.returncode != 0 and "scale_basic had no verdict" in log and "no verdict" in row[5],
           "classroom: a test killed twice is flagged and make grade fails", "%s; %s" % (row, log[-300:]))


def test_slugs(args, work):
    """A folder named after a classmate's report folder (the slug of an
    accented name) gets its own report and its own row."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import gradebook
    base = os.path.join(work, "slugs")
    shutil.rmtree(base, ignore_errors=True)
    folder = os.path.join(base, "class")
    os.makedirs(folder)
    victim = "Zoé"
    impostor = gradebook.student_slug(victim)
    shutil.copytree(os.path.join(SUBS, "solved"), os.path.join(folder, victim))
    shutil.copytree(os.path.join(SUBS, "unsolved"), os.path.join(folder, impostor))
    record(gradebook.student_slug(impostor) != impostor and not gradebook.shared_slugs(
        [victim, impostor, "alice", "alice-0123456789abcdef"]),
        "grader: slugs: a folder named like a classmate's slug gets a slug of its own")
    record(gradebook.shared_slugs(["a", "a"]) == [["a", "a"]],
           "grader: slugs: two folders with one slug are found (and refused)")
    p = run_grade(folder, os.path.join(base, "out"), os.path.join(base, "book.csv"), args=args)
    log = p.communicate(timeout=600)[0].decode("utf-8", "replace")
    book = read_book(os.path.join(base, "book.csv"))
    got = {s: r[3] for s, r in book.items()}
    record(got == {victim: "16", impostor: "0"},
           "grader: slugs: the impostor's row shows its own score, the classmate's hers",
           "%s; %s" % (got, log[-300:]))
    tsv = read_text(os.path.join(base, "out", "students.tsv"))
    folders = [l.split("\t")[1] for l in tsv.splitlines()[1:] if "\t" in l]
    record(len(folders) == 2 and len(set(folders)) == 2,
           "grader: slugs: two report folders", tsv)


def test_libcopy(args, work):
    """A class in which one student pasted code of lib/activations.c (the
    tanh GELU's loop, names changed) into exercise 12: similarity.txt and
    the overview flag that student, and only that one."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import similarity
    base = os.path.join(work, "libcopy")
    shutil.rmtree(base, ignore_errors=True)
    lib_src = open(os.path.join(ROOT, "lib", "activations.c"), encoding="utf-8").read()
    bodies = dict(similarity.function_bodies(lib_src))
    name = next((n for n in ("gelu_tanh_forward", "gelu_forward", "silu_forward")
                 if len(bodies.get(n, [])) >= similarity.BODY_MIN_TOKENS), None)
    m = re.search(r"\n[^\n;{}]*\b%s\s*\([^)]*\)\s*\{" % name, lib_src) if name else None
    if not m:
        record(False, "grader: libcopy: lib/activations.c has a GELU kernel to paste")
        return
    end, depth = m.end() - 1, 0
    for end in range(m.end() - 1, len(lib_src)):
        depth += {"{": 1, "}": -1}.get(lib_src[end], 0)
        if depth == 0:
            break
    body = lib_src[m.end() - 1:end + 1].replace("out", "result").replace("inp", "values")
    stub = open(os.path.join(ROOT, "exercises", "ex12_variants.c"), encoding="utf-8").read()
    pasted = stub + "\nstatic void my_gelu(float *result, const float *values, size_t n) %s\n" % body
    for student, text in (("paster", pasted), ("honest", stub + "\n/* untouched */\n")):
        d = os.path.join(base, "class", student, "exercises")
        os.makedirs(d)
        open(os.path.join(d, "ex12_variants.c"), "w", encoding="utf-8").write(text)
    out = os.path.join(base, "out")
    cmd = GRADE + ["grade", "--root", ROOT, "--lib", args.lib, "--ex", "12", "--control", "none",
                   "--submissions", os.path.join(base, "class"), "--out", out, "--quiet",
                   "--gradebook", os.path.join(base, "book"), "--color", "never", "--policy",
                   "off", "--timeout", str(args.timeout), "--jobs", str(args.jobs)]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    sim = read_text(os.path.join(out, "similarity.txt"))
    section = sim.split("match the library's source")[-1].split("\n\n")[0]
    record("paster: ex12_variants: my_gelu matches lib/activations.c's %s" % name in section
           and "honest" not in section,
           "grader: libcopy: similarity.txt flags the student who pasted lib/ code, only that one",
           sim[-500:] + p.stdout.decode("utf-8", "replace")[-300:])
    page = read_text(os.path.join(out, "overview.html"))
    record("paster" in page.split("match the library's source")[-1],
           "grader: libcopy: the overview flags it too", page[-300:])


def test_feedback(args, work):
    """Issue 11's crafted student files against the real exercises: the
    exact result and the messages a student should see."""
    path = os.path.join(ROOT, "tests", "grader", "feedback.tsv")
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        case, ex, want, points, checks = (line.split("\t") + [""])[:5]
        if os.environ.get("FEEDBACK_EX") and int(ex) != int(os.environ["FEEDBACK_EX"]):
            continue  # make check-exercise: this exercise's cases only
        out = os.path.join(work, "feedback", case)
        cmd = GRADE + ["test", "--lib", args.lib, "--out", out, "--ex", ex, "--quiet",
                       "--color", "never", "--submission",
                       os.path.join(ROOT, "tests", "grader", "feedback", case)]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        try:
            res = load_results(out)
        except (OSError, ValueError) as e:
            record(False, "feedback: %s graded" % case, e)
            continue
        passed = sum(1 for t in res["tests"] if t["status"] == "passed")
        got = "%d/%d" % (passed, len(res["tests"]))
        record(got == want and abs(res["score"] - float(points)) < 1e-9,
               "feedback: %s scores %s (%s points)" % (case, want, points),
               "got %s (%s points)" % (got, res["score"]))
        for check in filter(None, checks.split(";")):
            test, _, text = check.partition("~")
            if test == "warnings":
                shown = res["output"]
            else:
                shown = "\n".join(t["output"] for t in res["tests"]
                                  if t["name"].endswith(": " + test))
            record(text in shown, "feedback: %s: %s says %r" % (case, test, text), shown[:300])


def test_determinism(args, work):
    reps = int(os.environ.get("GRADER_REPS", "3"))
    load = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(os.cpu_count() or 2)]
    try:
        for case in ("crash", "messages", "partial"):
            seen = {}
            for rep in range(reps):
                for jobs in (1, 2):
                    out = os.path.join(work, "repeat", "%s-%d-%d" % (case, rep, jobs))
                    a = argparse.Namespace(**vars(args))
                    a.jobs = jobs
                    grade(a, out, submission(work, case))
                    try:
                        res = load_results(out)
                        key = json.dumps([(t["name"], t["status"], t["score"]) for t in res["tests"]])
                    except (OSError, ValueError) as e:
                        key = "unreadable: %s" % e
                    seen.setdefault(key, []).append("rep %d -j%d" % (rep, jobs))
                    shutil.rmtree(out, ignore_errors=True)
            record(len(seen) == 1, "grader: %s graded %d times with -j1 and -j2 under CPU load: "
                   "identical results" % (case, 2 * reps), "%d different results: %s"
                   % (len(seen), list(seen.values())))
    finally:
        for p in load:
            p.kill()
            p.wait()


def test_bounds(args, work):
    # The whole submission has a time bound; tests after it are not run.
    out = os.path.join(work, "deadline")
    t0 = time.monotonic()
    grade(args, out, os.path.join(SUBS, "hang"), extra=["--deadline", "2", "--jobs", "1"])
    elapsed = time.monotonic() - t0
    res = load_results(out)
    notrun = [t for t in res["tests"] if "not run" in t["output"]]
    record(elapsed < 2 + 2 * args.timeout + 15 and notrun,
           "grader: the time bound for a whole submission holds",
           "%.0f s, %d tests not run" % (elapsed, len(notrun)))
    # Killed half-way: the report on disk is still valid JSON and scores 0
    # for what was not graded.
    out = os.path.join(work, "killed")
    shutil.rmtree(out, ignore_errors=True)
    cmd = GRADE + ["test", "--root", FIXTURE, "--lib", args.lib, "--out", out, "--timeout", "5",
                   "--submission", os.path.join(SUBS, "hang"), "--quiet", "--jobs", "1"]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    p.kill()
    p.wait()
    time.sleep(0.5)
    try:
        res = load_results(out)
        record(not validate_results(res) and res["score"] < 16,
               "grader: a grader killed half-way leaves a valid results.json",
               validate_results(res))
    except (OSError, ValueError) as e:
        record(False, "grader: a grader killed half-way leaves a valid results.json", e)
    time.sleep(6)  # the killed grader's last test ends at its own time limit
    left = leftover_processes(out)
    record(not left, "grader: no test process outlives a killed grader", left)


# Exercises with a function that returns a size or count, graded with the
# wrong ones of tests/grader/wrongsizes/ and the trusted side under
# AddressSanitizer: a test that sized, indexed or allocated from them (or a
# proxy that copied past a buffer) would crash the test program.
WRONG_SIZES = ["4", "8", "9", "11", "13"]
TRUSTED_SIDE_BROKEN = ("crashed while checking", "no verdict", "AddressSanitizer",
                       "runtime error:", "stopped early")


def test_wrongsizes(args, work):
    rc, out = run_make(ROOT, "-s", "V=asan", "lib")
    if rc != 0:
        record(False, "grader: wrong sizes: the AddressSanitizer library builds", out[-300:])
        return
    rc, flags = run_make(ROOT, "-s", "V=asan", "--eval",
                         "print-grade-flags: ; @echo $(filter-out -MMD -MP,$(CFLAGS_ALL))",
                         "print-grade-flags")
    san = " ".join(f for f in flags.split() if f.startswith(("-fsanitize", "-fno-sanitize")))

    def one(ex):
        out = os.path.join(work, "wrongsizes", ex)
        shutil.rmtree(out, ignore_errors=True)
        cmd = GRADE + ["test", "--root", ROOT, "--ex", ex, "--variant", "asan",
                       "--lib", os.path.join(ROOT, "build", "asan", "libworkbook.a"),
                       "--cflags=" + flags.strip(), "--ldflags=" + san, "--out", out,
                       "--submission", os.path.join(ROOT, "tests", "grader", "wrongsizes"),
                       "--quiet", "--color", "never", "--jobs", "1"]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
        label = "grader: wrong sizes from exercise %s" % ex
        try:
            results = load_results(out)
        except (OSError, ValueError) as e:
            record(False, label + ": graded", "%r %s" % (e, p.stdout[-300:]))
            return
        record(results["score"] == 0 and results["tests"], label + ": scores 0",
               "score %s" % results["score"])
        broken = [t["name"] for t in results["tests"]
                  if any(b in t.get("output", "") for b in TRUSTED_SIDE_BROKEN)]
        record(not broken, label + ": the trusted side stays intact (under ASan)", broken[:3])

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for f in [pool.submit(one, ex) for ex in WRONG_SIZES]:
            f.result()


def run_make(cwd, *targets, timeout=900):
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    p = subprocess.run(["make", "--no-print-directory"] + list(targets), cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def classroom_points(top):
    """Run the Classroom workflow's points step in an unpacked edition, as
    GitHub would, and decode what the reporter would read: {runner: doc}."""
    yml = open(os.path.join(top, ".github", "workflows", "classroom.yml"), encoding="utf-8").read()
    cmd = [l.split("run:", 1)[1].strip() for l in yml.splitlines()
           if "run:" in l and "classroom.py" in l][0]
    with tempfile.NamedTemporaryFile("r", suffix=".out") as out:
        subprocess.run(["bash", "-c", cmd], cwd=top, check=True,
                       env=dict(os.environ, GITHUB_OUTPUT=out.name))
        lines = open(out.name, encoding="utf-8").read().split()
    docs = {}
    for line in lines:
        rid, blob = line.split("=", 1)
        docs[rid] = json.loads(base64.b64decode(blob))
    runners = [l.split("runners:", 1)[1].strip() for l in yml.splitlines() if "runners:" in l][0]
    return docs, runners.split(",")


def check_classroom_points(top, label, want_full):
    """The reporter's total (sum of test scores out of the runners' max) is
    the gradebook's: results.json's score out of the registry's points."""
    try:
        docs, runners = classroom_points(top)
        res = json.load(open(os.path.join(top, "build", "grade", "results.json")))
        got = round(sum(t["score"] for d in docs.values() for t in d["tests"]), 4)
        maxs = round(sum(d["max_score"] for d in docs.values()), 4)
        ok = (sorted(runners) == sorted(docs) and got == res["score"]
              and maxs == res["max_score"] and (got == maxs) == want_full)
        record(ok, "dist: %s, the Classroom reporter gets the gradebook's per-test points" % label,
               "reporter %s/%s, results.json %s/%s, runners %s" % (
                   got, maxs, res["score"], res["max_score"], runners))
    except (OSError, ValueError, IndexError, subprocess.CalledProcessError) as e:
        record(False, "dist: %s, the Classroom reporter gets the gradebook's per-test points"
               % label, e)


def test_dist(args, work):
    rc, log = run_make(ROOT, "dist")
    name = "relu-workbook"
    tarball = os.path.join(ROOT, "build", "dist", name + "-student.tar.gz")
    record(rc == 0 and os.path.exists(tarball), "dist: make dist writes the student tarball", log[-300:])
    if not os.path.exists(tarball):
        return
    with tarfile.open(tarball) as tf:
        names = tf.getnames()
    # Of build/, only the prebuilt book and the caches that keep it (dist.sh).
    prebuilt = tuple("%s/build/%s" % (name, p) for p in (
        "book", "release/libworkbook.sum", "release/book/run", "release/book/pandoc",
        "release/book/pages-shown.json", "grade/cache"))
    banned = [n for n in names if any(n.startswith("%s/%s" % (name, b)) for b in
                                      ("solutions/", "tests/hidden/", "tests/mutants/",
                                       "tests/grader/", "packaging/", "build/"))
              and not n.startswith(prebuilt) and n not in ("%s/build" % name,
                                                           "%s/build/release" % name,
                                                           "%s/build/release/book" % name,
                                                           "%s/build/grade" % name)]
    record(not banned, "dist: no solutions, hidden tests, exercise mutants, grader fixtures, packaging or instructor docs",
           banned[:5])
    record("%s/.github/workflows/classroom.yml" % name in names,
           "dist: carries the GitHub Classroom workflow")
    unpack = tempfile.mkdtemp(prefix="wb-dist-")
    try:
        with tarfile.open(tarball) as tf:
            tf.extractall(unpack)
        top = os.path.join(unpack, name)
        leaks = []
        for d, _, files in os.walk(top):
            for f in files:
                if f.endswith((".c", ".h")):
                    text = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
                    if "/* SOLUTION BEGIN */" in text:
                        leaks.append(os.path.relpath(os.path.join(d, f), top))
        record(not leaks, "dist: no solution region in any C file", leaks)
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "grade", "no_answers.py"), top],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        record(p.returncode == 0, "dist: no solution code and no table of expected outputs "
               "in the unpacked edition's tests/ and exercises/", p.stdout.decode()[-400:])
        broken = []
        for d, _, files in os.walk(top):
            for f in files:
                if not f.endswith(".md") or os.path.relpath(d, top).startswith(("chapters", "tests")):
                    continue  # the book checks the chapters' links; tests/book are fixtures
                text = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
                for target in re.findall(r"\]\(([^)\s]+)\)", text):
                    path = target.split("#")[0]
                    if not path or re.match(r"^[a-z]+:", path):
                        continue
                    if not os.path.exists(os.path.normpath(os.path.join(d, path))):
                        broken.append("%s -> %s" % (os.path.relpath(os.path.join(d, f), top), target))
        record(not broken, "dist: every link in the student edition's Markdown files resolves",
               broken[:5])
        readme = open(os.path.join(top, "README.md"), encoding="utf-8").read()
        record("For instructors" not in readme and "instructor-only" not in readme,
               "dist: the student edition's README has no instructor-only section")
        rc, log = run_make(top, "test")
        try:
            res = json.load(open(os.path.join(top, "build", "grade", "results.json")))
            fails = [t for t in res["tests"] if t["status"] != "failed"]
            todo = [t for t in res["tests"] if "not implemented yet" not in t["output"]]
            record(rc != 0 and res["tests"] and not fails and not todo,
                   "dist: unpacked alone, make test fails every test cleanly on the stubs",
                   "exit %d, %d passing, %d without the not-implemented message; %s"
                   % (rc, len(fails), len(todo), log[-300:]))
        except (OSError, ValueError) as e:
            record(False, "dist: unpacked alone, make test fails every test cleanly on the stubs",
                   "%s; %s" % (e, log[-300:]))
        check_classroom_points(top, "on the stubs", want_full=False)
        rc, log = run_make(top)
        record(rc == 0 and "next: exercise" in log,
               "dist: unpacked alone, plain make succeeds and shows the next step", log[-300:])
        sol = os.path.join(ROOT, "solutions")
        for f in os.listdir(sol) if os.path.isdir(sol) else []:
            if f.endswith(".c"):
                shutil.copy(os.path.join(sol, f), os.path.join(top, "exercises", f))
        rc, log = run_make(top, "test")
        record(rc == 0, "dist: with the solutions copied in, make test passes", log[-600:])
        check_classroom_points(top, "on the solutions", want_full=True)
    finally:
        shutil.rmtree(unpack, ignore_errors=True)

    rc, log = run_make(ROOT, "gradescope")
    zpath = os.path.join(ROOT, "build", "dist", "gradescope.zip")
    ok = rc == 0 and os.path.exists(zpath)
    record(ok, "dist: make gradescope writes gradescope.zip", log[-300:])
    if ok:
        with zipfile.ZipFile(zpath) as z:
            zn = z.namelist()
            mode = (z.getinfo("run_autograder").external_attr >> 16) if "run_autograder" in zn else 0
        record("setup.sh" in zn and "run_autograder" in zn and mode & 0o111,
               "dist: gradescope.zip has setup.sh and an executable run_autograder at its root")
        record(not any(n.startswith(("solutions/", "tests/mutants/", "tests/grader/")) for n in zn),
               "dist: gradescope.zip has no solutions, mutants or grader fixtures")
        # Gradescope's run, without Gradescope: the zip in source/, the
        # solutions as the submission, run_autograder writes results/.
        fake = tempfile.mkdtemp(prefix="wb-gradescope-")
        try:
            with zipfile.ZipFile(zpath) as z:
                z.extractall(os.path.join(fake, "source"))
            for d, _, files in os.walk(os.path.join(fake, "source")):
                for f in files:
                    p = os.path.join(d, f)
                    info = z.getinfo(os.path.relpath(p, os.path.join(fake, "source")))
                    os.chmod(p, (info.external_attr >> 16) & 0o777 or 0o644)
            shutil.copytree(os.path.join(ROOT, "solutions"), os.path.join(fake, "submission"))
            env = dict(os.environ, AUTOGRADER=fake)
            env.pop("MAKEFLAGS", None)
            subprocess.run([os.path.join(fake, "source", "run_autograder")], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
            res = json.load(open(os.path.join(fake, "results", "results.json")))
            hidden = [t for t in res["tests"] if t["visibility"] == "after_published"]
            full = res["tests"] and all(t["status"] == "passed" for t in res["tests"])
            record(full and hidden and res["score"] == res.get("max_score"),
                   "dist: Gradescope's run_autograder grades the solutions in full, hidden tests "
                   "included", "score %s of %s, %d hidden tests" % (
                       res.get("score"), res.get("max_score"), len(hidden)))
        except (OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
            record(False, "dist: Gradescope's run_autograder grades the solutions in full", e)
        finally:
            shutil.rmtree(fake, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default=os.path.join(ROOT, "build", "release", "libworkbook.a"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "check", "grader"))
    ap.add_argument("--timeout", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", default="cases,feedback,gradebook,classroom,determinism,bounds,dist,"
                    "wrongsizes,slugs,libcopy")
    args = ap.parse_args()
    args.lib = os.path.abspath(args.lib)
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    shutil.rmtree(os.path.join(args.work, "submissions"), ignore_errors=True)
    parts = args.only.split(",")
    for part, fn in (("cases", test_cases), ("gradebook", test_gradebook),
                     ("classroom", test_classroom), ("feedback", test_feedback),
                     ("determinism", test_determinism), ("bounds", test_bounds),
                     ("dist", test_dist), ("wrongsizes", test_wrongsizes),
                     ("slugs", test_slugs), ("libcopy", test_libcopy)):
        if part in parts:
            try:
                fn(args, args.work)
            except Exception as e:  # a crash of one part is one failure, not the end
                record(False, "grader self-test %s ran to its end" % part, repr(e))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
