#!/usr/bin/env python3
"""classroom.py RESULTS_JSON REGISTRY: GitHub Classroom's per-test points.

GitHub Classroom's autograding reporter (classroom-resources/
autograding-grading-reporter@v1) adds up, for each "runner", the `score` of
every test in a base64-encoded JSON document it finds in the environment
variable <RUNNER>_RESULTS, out of that runner's `max_score`. Its own command
grader can only give a step all or nothing, so the workflow that `make dist`
writes runs `make test` once and then this script, which turns the
grader's results.json into one runner per exercise, with the same per-test
points as the gradebook. It prints `exNN=<base64>` lines for $GITHUB_OUTPUT.

An exercise with no results (make test could not run, or results.json is
missing) is reported as an error worth 0 of its points, never dropped: the
reporter's total must always be out of the workbook's full points.
"""
import base64
import json
import sys


def registry(path):
    """[(number, name, points)] from exercises/exercises.tsv."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or not cols[0] or cols[0].startswith("#"):
                continue
            rows.append((cols[0], cols[1], float(cols[2])))
    return rows


def runners(results, exercises):
    """One reporter document per exercise, keyed by its runner id."""
    by_number = {}
    for t in (results or {}).get("tests", []):
        by_number.setdefault(t.get("number", "").split(".")[0], []).append(t)
    out = {}
    for number, name, points in exercises:
        tests = []
        for t in by_number.get(number, []):
            passed = t.get("status") == "passed"
            tests.append({
                "name": t["name"],
                "status": "pass" if passed else "fail",
                "score": t.get("score", 0),
                "message": None if passed else t.get("output", ""),
            })
        if not tests:
            why = ("no results: `make test` did not grade this exercise "
                   "(see the step's log)")
            tests = [{"name": name, "status": "error", "score": 0, "message": why}]
        statuses = {t["status"] for t in tests}
        status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
        out["ex" + number] = {"version": 1, "status": status,
                              "max_score": points, "tests": tests}
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: classroom.py build/grade/results.json exercises/exercises.tsv\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("classroom.py: cannot read %s (%s); every exercise is reported "
                         "as an error\n" % (argv[1], e))
        results = None
    for rid, doc in runners(results, registry(argv[2])).items():
        blob = base64.b64encode(json.dumps(doc).encode("utf-8")).decode("ascii")
        sys.stdout.write("%s=%s\n" % (rid, blob))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
