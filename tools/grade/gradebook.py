"""gradebook.py: grading a whole class (make grade).

  1. A control run first: the reference solutions must score full marks,
     else nothing is graded (a broken checkout would grade everyone wrong).
  2. Every sub-folder of SUBMISSIONS is one student, graded side by side;
     a line per student as they finish, with the count and the slowest one
     still running. Each student's reports go to a folder whose name cannot
     collide (accents and other characters are kept apart by a hash).
  3. The gradebook, gradebooks/<name>.csv at the root of the checkout (not
     under build/, so `make clean` keeps it): a points-possible row, a row
     per student (one column per exercise, the total, when it was graded,
     problems). Regrading one student (STUDENT=) or one exercise (EX=)
     updates those cells in place.
  4. Per student, feedback.md: every visible failure in full, the
     compiler's warnings, and for hidden tests only their names.
  5. Problems (a test without a verdict after a retry, a student with no
     exercise files) are listed at the end and in problems.txt, and make
     `make grade` exit non-zero.
"""

import concurrent.futures as futures
import csv
import hashlib
import io
import os
import threading
import time
import unicodedata

from reports import atomic_write, fmt_points, totals


def student_slug(name):
    """A folder name for a student that no other name maps to."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in ascii_name)[:80] or "_"
    if slug != name:
        slug += "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return slug


def control_run(grade_submission, cfg, control, out):
    """Grades the reference solutions; returns None or why the run must not start."""
    if not control or not os.path.isdir(control):
        return None
    rep = grade_submission(cfg, control, os.path.join(out, "control"), "control")
    bad = ["%s: %s" % (r["name"], t["name"]) for r in rep["exercises"] for t in r["tests"]
           if not t["passed"]]
    if bad:
        return ("the reference solutions (%s) do not score full marks here, so no student is "
                "graded: %d failing tests, e.g. %s. Fix the checkout (make check) first."
                % (control, len(bad), "; ".join(bad[:3])))
    return None


class Progress:
    """'12/31 done, 2 running, slowest: erin 40 s' as students finish."""

    def __init__(self, total, quiet):
        self.total, self.quiet = total, quiet
        self.done = 0
        self.running = {}
        self.lock = threading.Lock()

    def start(self, student):
        with self.lock:
            self.running[student] = time.monotonic()

    def finish(self, student, report):
        with self.lock:
            t0 = self.running.pop(student, time.monotonic())
            self.done += 1
            if self.quiet:
                return
            score, maxs = totals(report)
            line = "[%d/%d] %-24s %s/%s  (%.0f s)" % (self.done, self.total, student,
                                                     fmt_points(score), fmt_points(maxs),
                                                     time.monotonic() - t0)
            if self.running:
                slow = min(self.running.items(), key=lambda kv: kv[1])
                line += "  %d running, slowest: %s %.0f s" % (
                    len(self.running), slow[0], time.monotonic() - slow[1])
            print(line, flush=True)


def gradebook_path(cfg, args, base):
    if args.gradebook:
        name = args.gradebook
    else:
        name = "%s-%s" % (os.path.basename(base.rstrip("/")) or "class", time.strftime("%Y-%m-%d"))
        # A regrade updates the newest gradebook of this class, whatever its date.
        folder = os.path.join(cfg.root, "gradebooks")
        prefix = os.path.basename(base.rstrip("/")) + "-"
        if args.student or args.ex:
            old = sorted(f for f in os.listdir(folder) if f.startswith(prefix)
                         and f.endswith(".csv")) if os.path.isdir(folder) else []
            if old:
                name = old[-1][:-4]
    if not name.endswith(".csv"):
        name += ".csv"
    return name if os.path.isabs(name) else os.path.join(cfg.root, "gradebooks", name)


HEAD_FIXED = ["student"]
TAIL_FIXED = ["total", "graded", "problems"]


def write_gradebook(path, cfg, results):
    """Merges results {student: report} into the CSV at path (created if
    missing): only the cells of the exercises graded now change."""
    names = [e.name for e in cfg.all_exercises]
    header = HEAD_FIXED + names + TAIL_FIXED
    rows = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("student") and row["student"] != "points possible":
                    rows[row["student"]] = row
    stamp = time.strftime("%Y-%m-%d %H:%M")
    for student, rep in results.items():
        row = rows.setdefault(student, {"student": student})
        for r in rep["exercises"]:
            row[r["name"]] = fmt_points(r["score"])
        row["total"] = fmt_points(round(sum(float(row.get(n) or 0) for n in names), 4))
        row["graded"] = stamp
        row["problems"] = "; ".join(problems_of(rep))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerow(["points possible"] + [fmt_points(e.points) for e in cfg.all_exercises] +
               [fmt_points(sum(e.points for e in cfg.all_exercises)), "", ""])
    for student in sorted(rows):
        w.writerow([rows[student].get(h, "") for h in header])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    atomic_write(path, buf.getvalue())


def problems_of(report):
    out = []
    if not report.get("found_files", True):
        out.append("no exercise files found")
    for r in report["exercises"]:
        for t in r["tests"]:
            if t.get("problem"):
                out.append("%s: %s had no verdict" % (r["name"], t["name"]))
    return out


def feedback_markdown(cfg, report):
    """What a student may be given: visible failures in full, warnings, and
    only the names of failing hidden tests (never their inputs)."""
    score, maxs = totals(report)
    lines = ["# Feedback: %s" % (report.get("student") or "submission"), "",
             "Score: **%s / %s**" % (fmt_points(score), fmt_points(maxs)), "",
             "| exercise | tests passed | points |", "| --- | --- | --- |"]
    for r in report["exercises"]:
        lines.append("| %s | %d/%d | %s/%s |" % (r["name"], r["passed"], r["total"],
                                                fmt_points(r["score"]), fmt_points(r["points"])))
    for r in report["exercises"]:
        ex = next((e for e in cfg.all_exercises if e.name == r["name"]), None)
        bad = [t for t in r["tests"] if not t["passed"]]
        if not bad and not r.get("warnings"):
            continue
        lines += ["", "## %s" % r["name"], ""]
        if r.get("warnings"):
            lines += ["The compiler's warnings (they cost no points):", "", "```",
                      r["warnings"], "```", ""]
        if r.get("error"):
            lines += ["```", r["error"], "```"]
        else:
            for t in bad:
                if t["hidden"]:
                    lines.append("- hidden test `%s` failed (it checks the same contract on "
                                 "other inputs)" % t["name"])
                else:
                    lines += ["- `%s`:" % t["name"], "", "  ```"]
                    lines += ["  " + l for l in t["message"].splitlines()]
                    lines += ["  ```"]
        if ex:
            lines += ["", "Read: %s." % ex.where()]
    return "\n".join(lines) + "\n"


def grade_class(cfg, args, grade_submission):
    base = os.path.abspath(args.submissions)
    if not os.path.isdir(base):
        raise SystemExit("grade: SUBMISSIONS=%s is not a folder" % args.submissions)
    students = sorted(d for d in os.listdir(base)
                      if os.path.isdir(os.path.join(base, d)) and not d.startswith("."))
    if args.student:
        if args.student not in students:
            raise SystemExit("grade: no folder %s in %s" % (args.student, args.submissions))
        students = [args.student]
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    control = None if args.control == "none" else (
        args.control or os.path.join(cfg.root, "solutions"))
    why = control_run(grade_submission, cfg, control, out)
    if why:
        print("grade: " + why)
        return 2
    # Each student's tests run one at a time; students run side by side.
    per_student_jobs = cfg.jobs
    cfg.jobs = 1
    progress = Progress(len(students), args.quiet)
    results = {}

    def one(s):
        progress.start(s)
        slug = student_slug(s)
        folder = os.path.join(out, "students", slug)
        rep = grade_submission(cfg, os.path.join(base, s), folder, s)
        atomic_write(os.path.join(folder, "feedback.md"), feedback_markdown(cfg, rep))
        progress.finish(s, rep)
        return s, rep

    with futures.ThreadPoolExecutor(max_workers=per_student_jobs) as pool:
        for s, rep in pool.map(one, students):
            results[s] = rep
    path = gradebook_path(cfg, args, base)
    write_gradebook(path, cfg, results)
    # The old place, for scripts that read it.
    if os.path.exists(path):
        atomic_write(os.path.join(out, "gradebook.csv"), open(path, encoding="utf-8").read())
    problems = ["%s: %s" % (s, p) for s in students for p in problems_of(results[s])]
    atomic_write(os.path.join(out, "problems.txt"), "\n".join(problems) + ("\n" if problems else ""))
    print("gradebook: %s (%d students graded); feedback per student: %s/students/*/feedback.md"
          % (os.path.relpath(path), len(students), os.path.relpath(out)))
    if problems:
        print("grade: %d problems need a look (also in %s):" % (
            len(problems), os.path.relpath(os.path.join(out, "problems.txt"))))
        for p in problems:
            print("  " + p)
        return 1
    return 0

