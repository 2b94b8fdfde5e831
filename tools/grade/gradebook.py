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
     `make grade` exit non-zero. problems.txt, overview.html and
     similarity.txt are always the whole class's: after STUDENT= or EX=
     they are rebuilt from every student's current report.
  6. Per student, report.json: the grader's whole report (every test, every
     exercise). EX= grades one exercise, merges it into that report and
     rewrites all of the student's reports from the merged one.
  7. students.tsv: which report folder is which submission folder.
  8. Exports for an LMS (ROSTER=, or `grade.py export` from an existing
     gradebook without grading): export_gradebook.
"""

import builtins
import collections
import concurrent.futures as futures
import csv
import difflib
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import threading
import time
import unicodedata

import similarity

from reports import (MISSING_FILE, NOT_IMPLEMENTED, atomic_write, csv_cell, csv_uncell, fmt_points,
                     printable, totals, write_reports)

def print(*args, **kwargs):  # noqa: A001 (everything this module prints is filtered)
    builtins.print(*(printable(str(a)) for a in args), **kwargs)


# A failing test whose message says the student never touched the exercise.
NOT_ATTEMPTED = (NOT_IMPLEMENTED, MISSING_FILE)


def plural(n, word, words=None):
    """'1 problem', '2 problems'."""
    return "%d %s" % (n, word if n == 1 else (words or word + "s"))


SLUG_HASHED = re.compile(r"-[0-9a-f]{16}$")


def student_slug(name):
    """A folder name for a student that no other name maps to: a plain name
    as it is, any other the ASCII part and 64 bits of the name's hash. A
    plain name that looks hashed (a folder named after a classmate's slug)
    gets a hash of its own, so it can never equal another name's slug."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in ascii_name)[:80] or "_"
    if slug != name or SLUG_HASHED.search(name):
        slug += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return slug


def shared_slugs(names):
    """Names whose report folders would coincide (refused before grading)."""
    by_slug = {}
    for n in names:
        by_slug.setdefault(student_slug(n), []).append(n)
    return [v for v in by_slug.values() if len(v) > 1]


def control_run(grade_submission, cfg, control, out):
    """Grades the reference solutions; returns None or why the run must not start."""
    if not control or not os.path.isdir(control):
        return None
    print("control: grading the reference solutions (%s) first; they must score full marks"
          % os.path.relpath(control), flush=True)
    t0 = time.monotonic()
    rep = grade_submission(cfg, control, os.path.join(out, "control"), "control")
    bad = ["%s: %s" % (r["name"], t["name"]) for r in rep["exercises"] for t in r["tests"]
           if not t["passed"]]
    if bad:
        return ("the reference solutions (%s) do not score full marks here, so no student is "
                "graded: %d failing tests, e.g. %s. Fix the checkout (make check) first."
                % (control, len(bad), "; ".join(bad[:3])))
    ntests = sum(len(r["tests"]) for r in rep["exercises"])
    print("control: passed, full marks on all %s (%.0f s)" % (plural(ntests, "test"),
                                                           time.monotonic() - t0), flush=True)
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
            old = class_gradebooks(folder, prefix)
            if old:
                name = old[-1][:-4]
    return gradebook_file(cfg.root, name)


def gradebook_file(root, name):
    """GRADEBOOK's file: a name under gradebooks/ (.csv optional), or a path
    (relative to where make was run)."""
    if not name.endswith(".csv"):
        name += ".csv"
    if os.sep in name:
        return os.path.abspath(name)
    return os.path.join(root, "gradebooks", name)


def class_gradebooks(folder, prefix):
    """The gradebooks of one class in folder, oldest first (dated names sort
    by date); the LMS exports written next to them are not gradebooks."""
    if not os.path.isdir(folder):
        return []
    return sorted(f for f in os.listdir(folder) if f.startswith(prefix) and f.endswith(".csv")
                  and not re.search(r"-(ids|canvas|moodle)\.csv$", f))


HEAD_FIXED = ["student"]
TAIL_FIXED = ["total", "graded", "problems"]


def write_gradebook(path, cfg, results):
    """Merges results {student: report} into the CSV at path (created if
    missing): only the cells of the exercises graded now (cfg.exercises)
    change; a student's problems are those of the report given (with EX=,
    the merged one). Returns {student: row} of the whole gradebook."""
    graded_now = {e.name for e in cfg.exercises}
    names = [e.name for e in cfg.all_exercises]
    header = HEAD_FIXED + names + TAIL_FIXED
    rows = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                row = {k: csv_uncell(v) for k, v in row.items()}
                if row.get("student") and row["student"] != "points possible":
                    rows[row["student"]] = row
    stamp = time.strftime("%Y-%m-%d %H:%M")
    for student, rep in results.items():
        row = rows.setdefault(student, {"student": student})
        for r in rep["exercises"]:
            if r["name"] in graded_now:
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
        w.writerow([csv_cell(rows[student].get(h, "")) for h in header])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    atomic_write(path, buf.getvalue())
    return rows


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
             "Score: **%s / %s**" % (fmt_points(score), fmt_points(maxs)), ""]
    if report.get("note"):
        lines += [report["note"], ""]
    lines += [
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


def load_report(cfg, folder):
    """A student's last whole report: report.json, or, for reports written
    before it existed, one rebuilt from results.json (which holds every
    test). None when there is neither."""
    try:
        with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
            rep = json.load(f)
        if isinstance(rep, dict) and isinstance(rep.get("exercises"), list):
            return rep
    except (OSError, ValueError):
        pass
    try:
        with open(os.path.join(folder, "results.json"), encoding="utf-8") as f:
            res = json.load(f)
    except (OSError, ValueError):
        return None
    by = {}
    for t in res.get("tests", []) if isinstance(res, dict) else []:
        exname, _, tname = str(t.get("name", "")).partition(": ")
        passed = t.get("status") == "passed"
        by.setdefault(exname, []).append({
            "suite": "", "name": tname, "hidden": t.get("visibility") == "after_published",
            "passed": passed, "message": "" if passed else t.get("output", ""),
            "score": float(t.get("score", 0)), "max_score": float(t.get("max_score", 0))})
    exercises = []
    for e in cfg.all_exercises:
        if e.name in by:
            tests = by[e.name]
            exercises.append({"name": e.name, "number": e.number, "points": e.points,
                              "error": None, "tests": tests,
                              "passed": sum(1 for t in tests if t["passed"]),
                              "total": len(tests),
                              "score": round(sum(t["score"] for t in tests), 4)})
    return {"exercises": exercises} if exercises else None


def earlier_report(cfg, folder, base):
    """load_report, unless that report is of a submission in another class
    (a student of the same name graded into the same GRADE_OUT)."""
    rep = load_report(cfg, folder)
    if rep and rep.get("submission") and os.path.basename(os.path.dirname(
            rep["submission"])) != os.path.basename(os.path.realpath(base)):
        return None
    return rep


def merge_report(cfg, old, new):
    """new (some exercises graded now) over old (the whole submission): the
    exercises graded now replace theirs, in registry order."""
    fresh = {r["name"]: r for r in new["exercises"]}
    kept = {r["name"]: r for r in old["exercises"]}
    merged = dict(new)
    merged["exercises"] = [fresh.get(e.name) or kept[e.name] for e in cfg.all_exercises
                           if e.name in fresh or e.name in kept]
    return merged


def class_students(base):
    return sorted(d for d in os.listdir(base)
                  if os.path.isdir(os.path.join(base, d)) and not d.startswith("."))


def grade_class(cfg, args, grade_submission):
    base = os.path.abspath(args.submissions)
    if not os.path.isdir(base):
        raise SystemExit("grade: SUBMISSIONS=%s is not a folder" % args.submissions)
    everyone = class_students(base)
    shared = shared_slugs(everyone)
    if shared:
        raise SystemExit("grade: these folders would share one report folder: %s; rename one "
                         "of each before grading" % "; ".join(
                             " and ".join(printable(n) for n in group) for group in shared))
    students = everyone
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
    partial = set(e.name for e in cfg.exercises) != set(e.name for e in cfg.all_exercises)
    no_earlier = []

    def one(s):
        progress.start(s)
        slug = student_slug(s)
        folder = os.path.join(out, "students", slug)
        # Read before grading: grading rewrites results.json at once.
        old = earlier_report(cfg, folder, base) if partial else None
        rep = grade_submission(cfg, os.path.join(base, s), folder, s)
        if partial:
            # Every report stays the whole submission's: EX's exercises
            # merged into the previous report, all reports rewritten.
            if old:
                rep = merge_report(cfg, old, rep)
            else:
                no_earlier.append(s)
            held = [r["name"] for r in rep["exercises"]]
            if len(held) < len(cfg.all_exercises):
                rep["note"] = ("This report holds only %s: there was no earlier report of the "
                               "whole submission to merge it into." % ", ".join(held))
            write_reports(cfg, rep, folder, final=True)
        atomic_write(os.path.join(folder, "report.json"),
                     json.dumps(rep, indent=1, ensure_ascii=True) + "\n")
        atomic_write(os.path.join(folder, "feedback.md"), feedback_markdown(cfg, rep))
        progress.finish(s, rep)
        return s, rep

    with futures.ThreadPoolExecutor(max_workers=per_student_jobs) as pool:
        for s, rep in pool.map(one, students):
            results[s] = rep
    for s in sorted(no_earlier):
        print("  %s: no earlier report of the whole submission; its reports hold only this "
              "run's exercises (the gradebook's other cells are kept)" % s)
    path = gradebook_path(cfg, args, base)
    rows = write_gradebook(path, cfg, results)
    # The old place, for scripts that read it.
    if os.path.exists(path):
        atomic_write(os.path.join(out, "gradebook.csv"), open(path, encoding="utf-8").read())
    # Which report folder is whose (accented or odd names get a slug and a hash).
    atomic_write(os.path.join(out, "students.tsv"), "submission folder\treport folder\n" + "".join(
        "%s\tstudents/%s\n" % (s, student_slug(s)) for s in everyone))
    # The class's pages, from every student's current report (those graded
    # now and, after STUDENT= or EX=, the others' earlier ones).
    everyone_reports = {}
    for s in everyone:
        rep = results.get(s) or earlier_report(cfg, os.path.join(out, "students", student_slug(s)),
                                               base)
        if rep:
            everyone_reports[s] = rep
    files = {s: {e.name: os.path.join(r["folder"], e.name + ".c") for e in cfg.all_exercises}
             for s, r in everyone_reports.items() if r.get("folder")}
    solutions = control or os.path.join(cfg.root, "solutions")
    hints, npairs, nref, like_lib = similarity_hints(cfg, files, os.path.join(cfg.root, "exercises"),
                                                     solutions)
    page = overview(cfg, everyone_reports, out, like_lib)
    atomic_write(os.path.join(out, "similarity.txt"), "\n".join(hints) + "\n")
    print("overview: %s; similarity hints (to look at, not verdicts): %s, %s, in %s" % (
        os.path.relpath(page), plural(npairs, "pair"),
        plural(nref, "submission") + " with a file identical to the reference solution",
        os.path.relpath(os.path.join(out, "similarity.txt"))))
    if args.roster:
        made, missing, absent = export_gradebook(path, cfg, args.roster, args.title)
        print_export(made, missing, absent)
    # The class's problems: those found now, and the gradebook's for the
    # students not graded now.
    problems = []
    for s in everyone:
        if s in results:
            mine = problems_of(results[s])
        else:
            mine = [p for p in (rows.get(s, {}).get("problems") or "").split("; ") if p]
        problems += ["%s: %s" % (s, p) for p in mine]
    atomic_write(os.path.join(out, "problems.txt"), "\n".join(problems) + ("\n" if problems else ""))
    print("gradebook: %s (%s graded); feedback per student: %s/students/*/feedback.md "
          "(which folder is whose: %s)"
          % (os.path.relpath(path), plural(len(students), "student"), os.path.relpath(out),
             os.path.relpath(os.path.join(out, "students.tsv"))))
    if problems:
        print("grade: %s (also in %s):" % (
            plural(len(problems), "problem needs", "problems need") + " a look",
            os.path.relpath(os.path.join(out, "problems.txt"))))
        for p in problems:
            print("  " + p)
        return 1
    return 0


# ---------------------------------------------------------------- for the LMS


def read_roster(path):
    """{folder: row} from a CSV with columns folder and id (and optionally
    name, email, login, section): how submission folders map to students."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "folder" not in rows[0] or "id" not in rows[0]:
        raise SystemExit("grade: %s: a roster needs the columns folder and id (then optionally "
                         "name, email, login, section)" % path)
    return {r["folder"]: r for r in rows}


def export_gradebook(path, cfg, roster_path, title):
    """Next to the gradebook: NAME-ids.csv (id, total), NAME-canvas.csv
    (Canvas's grade import; Canvas matches the column to an assignment by
    its title, so title must be the assignment's name there) and
    NAME-moodle.csv (Moodle's, keyed by ID number). Returns (files written,
    gradebook students missing from the roster: listed, not exported,
    roster students with no row in the gradebook: exported with 0, since a
    missing submission scores 0)."""
    roster = read_roster(roster_path)
    with open(path, encoding="utf-8", newline="") as f:
        rows = [{k: csv_uncell(v) for k, v in r.items()} for r in csv.DictReader(f)
                if r["student"] != "points possible"]
    possible = fmt_points(sum(e.points for e in cfg.all_exercises))
    stem = path[:-4]
    missing = [r["student"] for r in rows if r["student"] not in roster]
    graded = {r["student"] for r in rows}
    absent = [folder for folder in roster if folder not in graded]
    known = [(roster[r["student"]], r["total"]) for r in rows if r["student"] in roster]
    known += [(roster[folder], "0") for folder in absent]
    outputs = {
        "ids": (["id", "total"], [[p["id"], t] for p, t in known]),
        "canvas": (["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title],
                   [["Points Possible", "", "", "", "", possible]] +
                   [[p.get("name", ""), "", p["id"], p.get("login", ""), p.get("section", ""), t]
                    for p, t in known]),
        "moodle": (["ID number", "Email address", title],
                   [[p["id"], p.get("email", ""), t] for p, t in known]),
    }
    for kind, (header, body) in outputs.items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows([[csv_cell(v) for v in row] for row in body])
        atomic_write("%s-%s.csv" % (stem, kind), buf.getvalue())
    return ["%s-%s.csv" % (stem, k) for k in outputs], missing, absent


def print_export(made, missing, absent):
    print("exports: %s" % ", ".join(os.path.relpath(m) for m in made))
    for s in missing:
        print("  not in the roster, not exported: %s" % s)
    if absent:
        print("  on the roster but not in the gradebook (no submission), exported with 0: %s"
              % ", ".join(absent))


def find_gradebook(root, gradebook, submissions):
    """The gradebook to export: GRADEBOOK (a name under gradebooks/ or a
    path), else the newest gradebook of SUBMISSIONS' class."""
    folder = os.path.join(root, "gradebooks")
    if gradebook:
        path = gradebook_file(root, gradebook)
        if not os.path.exists(path):
            raise SystemExit("grade: no gradebook %s" % path)
        return path
    if not submissions:
        raise SystemExit("grade: say which gradebook to export: GRADEBOOK=name or "
                         "SUBMISSIONS=DIR (its class's newest gradebook)")
    prefix = os.path.basename(os.path.abspath(submissions).rstrip("/")) + "-"
    old = class_gradebooks(folder, prefix)
    if not old:
        raise SystemExit("grade: no gradebook of %s in %s: grade the class first "
                         "(make grade SUBMISSIONS=%s)" % (prefix[:-1], folder, submissions))
    return os.path.join(folder, old[-1])


def export_only(cfg, args):
    """make grade-export: the LMS files from an existing gradebook, nothing graded."""
    path = find_gradebook(cfg.root, args.gradebook, args.submissions)
    print("gradebook: %s (not regraded)" % os.path.relpath(path))
    made, missing, absent = export_gradebook(path, cfg, args.roster, args.title)
    print_export(made, missing, absent)
    return 0


# ---------------------------------------------------------------- for the instructor's eyes


def normalised_source(path):
    """A C file without comments and white space (its first
    similarity.READ_CAP bytes), for similarity hints."""
    text = similarity.read_source(path)
    if text is None:
        return None
    return re.sub(r"\s+", "", similarity.strip_comments(text))


SIMILARITY_SECONDS = 60  # the whole class's comparisons
SMALL = 8000             # files compared character by character below this


def alike(a, b):
    """How alike two normalised files are (0..1), or None: linear beyond
    SMALL characters (shingles of renamed tokens)."""
    if max(len(a), len(b)) <= SMALL:
        m = difflib.SequenceMatcher(None, a, b, autojunk=False)
        return m.ratio() if m.quick_ratio() >= 0.95 else None
    return similarity.overlap(similarity.shingles(similarity.tokens(a)),
                              similarity.shingles(similarity.tokens(b)))


def similarity_hints(cfg, files, stub_dir, solution_dir=None):
    """Pairs of students whose exercise files are identical or nearly so
    once comments and white space are gone (the untouched stub excluded),
    one line per pair, most exercises shared first; then the submissions
    whose function bodies match the library's source (lib/, identifiers
    renamed); then those whose file is identical to the reference solution.
    files: {student: {exercise: path}}. Hints to look at, never verdicts;
    bounded (similarity.py) and time-boxed.
    Returns (lines, number of pairs, number like the reference, {student: [lib copies]})."""
    pairs = {}
    like_ref = {}
    like_lib = {}
    skipped = []
    box = similarity.TimeBox(SIMILARITY_SECONDS)
    library = similarity.LibraryBodies(cfg.lib_dir)
    for ex in cfg.all_exercises:
        if box.over():
            skipped.append(ex.name)
            continue
        stub = normalised_source(os.path.join(stub_dir, ex.name + ".c"))
        ref = normalised_source(os.path.join(solution_dir, ex.name + ".c")) \
            if solution_dir else None
        texts = {}
        for s, by in files.items():
            t = normalised_source(by[ex.name]) if ex.name in by else None
            if t and t != stub and len(t) > 80:
                texts[s] = t
                if ref and t == ref:
                    like_ref.setdefault(s, []).append(ex.name)
                for c in library.copies_in(similarity.read_source(by[ex.name]) or ""):
                    like_lib.setdefault(s, []).append("%s: %s" % (ex.name, c))
        names = sorted(texts)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if texts[a] == texts[b]:
                    pairs.setdefault((a, b), []).append("%s identical" % ex.name)
                    continue
                if box.over():
                    if ex.name not in skipped:
                        skipped.append(ex.name)
                    continue
                r = alike(texts[a], texts[b])
                limit = 0.95 if max(len(texts[a]), len(texts[b])) <= SMALL else similarity.ALIKE
                if r is not None and r >= limit:
                    pairs.setdefault((a, b), []).append("%s %d%% alike" % (ex.name, int(100 * r)))
    lines = ["# Similarity hints, to look at, never verdicts: files compared once comments "
             "and spacing are removed (untouched stubs left out).",
             "# Pairs of students, most exercises shared first:"]
    for (a, b), shared in sorted(pairs.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append("%s and %s: %s (%s)" % (a, b, plural(len(shared), "exercise"),
                                            ", ".join(shared)))
    if not pairs:
        lines.append("(none)")
    if skipped:
        lines.append("# (the %d s time box ran out: not compared in full: %s)"
                     % (SIMILARITY_SECONDS, ", ".join(skipped)))
    lines += ["", "# Submissions whose function bodies match the library's source (lib/, "
              "comments, spacing and names set aside):"]
    for s in sorted(like_lib):
        lines.append("%s: %s" % (s, "; ".join(like_lib[s][:10])))
    if not like_lib:
        lines.append("(none)")
    lines += ["", "# Submissions with a file identical to the reference solution (%s):"
              % (os.path.relpath(solution_dir) if solution_dir else "none given")]
    for s in sorted(like_ref):
        lines.append("%s: %s" % (s, ", ".join(like_ref[s])))
    if not like_ref:
        lines.append("(none)")
    return lines, len(pairs), len(like_ref), like_lib


def overview(cfg, results, outdir, like_lib=None):
    """overview.html: the score distribution (a gnuplot figure) and, per
    test, how many failed it and the most common first line of its message:
    the class's misconceptions."""
    totals_ = sorted(totals(rep)[0] for rep in results.values())
    maxs = sum(e.points for e in cfg.all_exercises)
    dat = os.path.join(outdir, "overview-scores.dat")
    atomic_write(dat, "".join("%g\n" % t for t in totals_))
    svg = os.path.join(outdir, "overview-scores.svg")
    script = ("set terminal svg size 640,320 font 'sans,11'\nset output '%s'\n"
              "set xlabel 'total points (of %s)'\nset ylabel 'students'\nset style fill solid 0.6\n"
              "set xrange [0:%g]\nset yrange [0:*]\nset boxwidth %g\nbin(x) = %g * floor(x / %g)\n"
              "plot '%s' using (bin($1)):(1) smooth frequency with boxes title ''\n"
              % (svg, fmt_points(maxs), maxs * 1.05, maxs / 20, maxs / 20, maxs / 20, dat))
    drew = shutil.which("gnuplot") and subprocess.run(
        ["gnuplot"], input=script.encode(), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL).returncode == 0
    rows = []
    for ex in cfg.all_exercises:
        stats = {}
        for rep in results.values():
            for r in rep["exercises"]:
                if r["name"] != ex.name:
                    continue
                for t in r["tests"]:
                    st = stats.setdefault(t["name"], [0, 0, 0, collections.Counter()])
                    st[0] += 1
                    if not t["passed"]:
                        st[1] += 1
                        msg = t["message"] or "failed"
                        if any(x in msg for x in NOT_ATTEMPTED):
                            st[2] += 1  # an untouched stub or no file: not a misconception
                        else:
                            st[3][msg.split("\n")[0][:160]] += 1
        for name, (n, failed, skipped, msgs) in stats.items():
            common = msgs.most_common(1)[0] if msgs else ("", 0)
            rows.append((ex.name, name, n, failed, skipped, common[0], common[1]))
    # Most failures among real attempts first.
    rows.sort(key=lambda r: (-(r[3] - r[4]), -r[3]))
    body = ["<!doctype html><meta charset='utf-8'><title>Class overview</title>",
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
            "td,th{padding:.2em .5em;border-bottom:1px solid #ddd;text-align:left}</style>",
            "<h1>Class overview</h1><p>%s; median %s of %s points.</p>"
            % (plural(len(totals_), "student"), fmt_points(totals_[len(totals_) // 2]) if totals_ else "-",
               fmt_points(maxs))]
    if drew:
        body.append("<img src='overview-scores.svg' alt='Histogram of the students' total "
                    "points'>")
    body.append("<h2>Tests by how many students fail them</h2><p>Students who did not "
                "attempt an exercise (an untouched stub: \"not implemented yet\", or no file) "
                "are counted apart; the message is the most common one among real attempts."
                "</p><table><tr><th>exercise</th><th>test</th><th>failed</th>"
                "<th>did not attempt</th><th>most common message among attempts</th></tr>")
    for exn, name, n, failed, skipped, msg, count in rows:
        body.append("<tr><td>%s</td><td>%s</td><td>%d of %d</td><td>%s</td><td>%s%s</td></tr>" % (
            html.escape(exn), html.escape(name), failed, n,
            "%s did not attempt it" % plural(skipped, "student") if skipped else "",
            html.escape(msg), " (%s)" % plural(count, "student") if count > 1 else ""))
    body.append("</table>")
    if like_lib:
        body.append("<h2>Function bodies that match the library's source</h2><p>Hints to look "
                    "at, never verdicts (see similarity.txt).</p><ul>")
        body += ["<li>%s: %s</li>" % (html.escape(s), html.escape("; ".join(c[:10])))
                 for s, c in sorted(like_lib.items())]
        body.append("</ul>")
    atomic_write(os.path.join(outdir, "overview.html"), "\n".join(body) + "\n")
    return os.path.join(outdir, "overview.html")
