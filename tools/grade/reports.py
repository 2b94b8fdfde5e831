"""reports.py: what the grader writes and prints about a graded submission.

  results.json   Gradescope's format (tests[], score, visibility per test)
  junit.xml      for CI systems
  summary.txt    the table the terminal shows
  progress.json  what `make progress` reads back
and the terminal's details: every failing test's message, grouped when
several fail the same way, the compiler's warnings, where to read.
"""

import io
import json
import os
import re
import time
import xml.etree.ElementTree as ET

import warning_notes

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0, DEL and C1 (a CSI)


# How a failing test says the student never touched the exercise: the stub's
# exercise_todo message, or no file at all. The overview counts these apart.
NOT_IMPLEMENTED = "is not implemented yet"
MISSING_FILE = "is missing from the submission"

def printable(text):
    """Control bytes shown as \\xNN: a submission's output must not drive the
    grader's terminal (colours, cursor moves) nor break a report."""
    return CONTROL.sub(lambda m: "\\x%02x" % ord(m.group(0)), text or "")



COLOR = {"green": "\033[32m", "red": "\033[31m", "yellow": "\033[33m", "bold": "\033[1m",
         "dim": "\033[2m", "off": "\033[0m"}


def csv_cell(v):
    """A spreadsheet cell that cannot be a formula: text starting with = + -
    @ (or a tab or carriage return) gets a leading apostrophe."""
    v = printable(v if isinstance(v, str) else str(v))
    if v[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.match(r"^[-+]?[0-9.]+$", v):
        return "'" + v
    return v


def csv_uncell(v):
    """A cell as csv_cell wrote it, read back."""
    if v and v[0] == "'" and v[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return v[1:]
    return v


def fmt_points(x):
    return ("%.2f" % x).rstrip("0").rstrip(".") if x != int(x) else "%d" % x


def totals(report):
    score = round(sum(r["score"] for r in report["exercises"]), 4)
    maxs = round(sum(r["points"] for r in report["exercises"]), 4)
    return score, maxs


def results_json(cfg, report, final):
    tests = []
    for r in report["exercises"]:
        for t in r["tests"]:
            out = t["message"] if not t["passed"] else "passed"
            tests.append({
                "name": "%s: %s" % (r["name"], t["name"]),
                "number": "%s.%d" % (r["number"], len(tests) + 1),
                "score": round(t["score"], 4),
                "max_score": round(t["max_score"], 4),
                "status": "passed" if t["passed"] else "failed",
                "output": out,
                "visibility": "after_published" if t["hidden"] else "visible",
            })
    score, maxs = totals(report)
    output = summary_text(cfg, report, color=False, final=final, visible_only=True)
    for r in report["exercises"]:
        if r.get("warnings"):
            output += "\n%s: the compiler's warnings (they cost no points):\n%s\n" % (
                r["name"], r["warnings"])
    res = {"score": round(score, 4), "max_score": round(maxs, 4), "tests": tests,
           "visibility": "visible", "stdout_visibility": "hidden", "output": output}
    if not final:
        res["output"] = "grading did not finish; " + res["output"]
    return res


XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(s):
    return XML_BAD.sub(lambda m: "\\x%02x" % ord(m.group(0)) if ord(m.group(0)) < 256 else "?", s)


def junit_xml(report):
    suites = ET.Element("testsuites", name="workbook")
    for r in report["exercises"]:
        failures = r["total"] - r["passed"]
        ts = ET.SubElement(suites, "testsuite", name=r["name"], tests=str(r["total"]),
                           failures=str(failures), errors="0")
        for t in r["tests"]:
            tc = ET.SubElement(ts, "testcase", classname=r["name"], name=t["name"])
            if not t["passed"]:
                f = ET.SubElement(tc, "failure", message=xml_safe(t["message"].split("\n")[0][:200]))
                f.text = xml_safe(t["message"])
    buf = io.BytesIO()
    ET.ElementTree(suites).write(buf, encoding="utf-8", xml_declaration=True)
    return buf.getvalue()


def error_kind(error):
    """A word for the table: why a whole exercise scored nothing."""
    if not error:
        return ""
    for needle, kind in (("does not compile", "compile error"), ("does not link", "link error"),
                         ("rejected", "rejected"), (" includes ", "rejected"),
                         ("missing", "missing"), ("no graded tests", "no tests")):
        if needle in error:
            return kind
    return "not graded"


def summary_text(cfg, report, color, final=True, visible_only=False):
    """The table. visible_only: the hidden tests are left out of the counts
    and points (what a student may see before the grades are published)."""
    c = COLOR if color else {k: "" for k in COLOR}
    lines = []
    lines.extend(cfg.warnings)
    width = max([len(r["name"]) for r in report["exercises"]] + [8])
    lines.append("%-*s  %7s  %9s" % (width, "exercise", "tests", "points"))
    npass = ntot = 0
    score = maxs = 0.0
    for r in report["exercises"]:
        tests = [t for t in r["tests"] if not (visible_only and t["hidden"])]
        passed = sum(1 for t in tests if t["passed"])
        got = sum(t["score"] for t in tests)
        out_of = sum(t["max_score"] for t in tests) if visible_only else r["points"]
        npass, ntot, score, maxs = npass + passed, ntot + len(tests), score + got, maxs + out_of
        full = passed == len(tests) and tests
        col = c["green"] if full else (c["yellow"] if passed else c["red"])
        state = "done" if full else error_kind(r.get("error"))
        if r.get("cached"):  # tools/grade/cache.py: unchanged since the last run
            state = (state + " " if state else "") + "(cached: unchanged since graded)"
        lines.append("%s%-*s  %7s  %9s%s  %s" % (
            col, width, r["name"], "%d/%d" % (passed, len(tests)),
            "%s/%s" % (fmt_points(round(got, 4)), fmt_points(round(out_of, 4))), c["off"], state))
    lines.append("%s%-*s  %7s  %9s%s" % (c["bold"], width, "total", "%d/%d" % (npass, ntot),
                                           "%s/%s" % (fmt_points(round(score, 4)),
                                                      fmt_points(round(maxs, 4))), c["off"]))
    if visible_only:
        lines.append("(visible tests only; the hidden tests count when the grades are published)")
    if report.get("error"):
        lines.append(report["error"])
    return "\n".join(lines) + "\n"


NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|\bnan\b|\binf\b")
LINES_SHOWN = 8


def same_mistake(message):
    """Messages that differ only in their numbers are the same mistake."""
    return NUMBER.sub("#", message.split("\n")[0])


def details_text(cfg, report, color):
    """Every failing test's message; near-identical failures are grouped.
    cfg.verbose shows every group and every line of every message."""
    c = COLOR if color else {k: "" for k in COLOR}
    out = []
    for r in report["exercises"]:
        bad = [t for t in r["tests"] if not t["passed"]]
        ex = next((e for e in cfg.all_exercises if e.name == r["name"]), None)
        if r.get("warnings"):
            out.append("%s%s: the compiler's warnings (they cost no points):%s"
                       % (c["yellow"], r["name"], c["off"]))
            out.append(indent(warning_notes.explain(r["warnings"]), "  "))
            out.append("")
        if not bad:
            continue
        out.append("%s%s: %d of %d tests fail%s" % (c["bold"], r["name"], len(bad), r["total"],
                                                   c["off"]))
        if r.get("error"):
            out.append(indent(r["error"], "  "))
        else:
            groups = {}
            for t in bad:
                key = same_mistake(t["message"] or "failed")
                groups.setdefault(key, []).append(t)
            for i, tests in enumerate(groups.values()):
                if i == cfg.max_fail_shown and not cfg.verbose:
                    rest = sum(len(g) for g in list(groups.values())[i:])
                    out.append("  ... and %d more failing tests: `make test EX=%d VERBOSE=1` "
                               "shows them all" % (rest, int(r["number"])))
                    break
                names = [t["name"] + (" (hidden test)" if t["hidden"] else "") for t in tests]
                out.append("  %s%s%s" % (c["red"], ", ".join(names), c["off"]))
                if len(tests) > 1 and len({t["message"] for t in tests}) > 1:
                    out.append("    the same mistake in %d tests; the first one:" % len(tests))
                lines = (tests[0]["message"] or "failed").split("\n")
                # TEST=name is how the hint below shows one test: in full.
                if len(lines) > LINES_SHOWN and not (cfg.verbose or cfg.only_test):
                    lines = lines[:LINES_SHOWN] + ["... %d more lines: `make test EX=%d TEST=%s` "
                                                   "shows them" % (len(lines) - LINES_SHOWN,
                                                                   int(r["number"]),
                                                                   tests[0]["name"])]
                out.append(indent("\n".join(lines), "    "))
        if ex:
            out.append("  read: %s" % ex.where())
        out.append("")
    return "\n".join(out)


def indent(text, pre):
    return "\n".join(pre + l for l in text.splitlines())


def atomic_write(path, data):
    """Writes a report file whole; text is filtered (printable): whatever a
    student controls in it (names, output, warnings) drives no terminal
    that shows the file."""
    if not isinstance(data, bytes):
        data = printable(data)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    os.replace(tmp, path)


def write_reports(cfg, report, outdir, final):
    atomic_write(os.path.join(outdir, "results.json"),
                 json.dumps(results_json(cfg, report, final), indent=2, ensure_ascii=True) + "\n")
    atomic_write(os.path.join(outdir, "junit.xml"), junit_xml(report))
    atomic_write(os.path.join(outdir, "summary.txt"), summary_text(cfg, report, color=False))
    # What progress and the next step read back: per-exercise state, kept
    # for the exercises this run did not grade (make test EX=3 after a full run).
    path = os.path.join(outdir, "progress.json")
    now = time.time()
    fresh = [{"name": r["name"], "passed": r["passed"], "total": r["total"],
              "score": r["score"], "points": r["points"], "time": now}
             for r in report["exercises"]]
    kept = [x for x in read_progress(path, report.get("submission", ""))
            if x["name"] not in {f["name"] for f in fresh}]
    atomic_write(path, json.dumps({
        "final": final, "time": now, "submission": report.get("submission", ""),
        "exercises": kept + fresh}, indent=1))


def read_progress(path, submission):
    """The per-exercise entries of an earlier run on the same submission."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return []
    if data.get("submission") != submission:
        return []
    return [x for x in data.get("exercises", []) if isinstance(x, dict) and "name" in x]


