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
import os
import sys

import grade  # the registry reader


def runners(results, exercises):
    """One reporter document per exercise, keyed by its runner id."""
    by_number = {}
    for t in (results or {}).get("tests", []):
        by_number.setdefault(t.get("number", "").split(".")[0], []).append(t)
    out = {}
    for ex in exercises:
        tests = []
        for t in by_number.get(ex.number, []):
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
            tests = [{"name": ex.name, "status": "error", "score": 0, "message": why}]
        statuses = {t["status"] for t in tests}
        status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
        out["ex" + ex.number] = {"version": 1, "status": status,
                                 "max_score": ex.points, "tests": tests}
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
    # The registry is CHECKOUT/exercises/exercises.tsv; grade.py reads it.
    exercises = grade.read_registry(os.path.dirname(os.path.dirname(os.path.abspath(argv[2]))))
    if not exercises:
        sys.stderr.write("classroom.py: no exercises in %s\n" % argv[2])
        return 2
    for rid, doc in runners(results, exercises).items():
        blob = base64.b64encode(json.dumps(doc).encode("utf-8")).decode("ascii")
        sys.stdout.write("%s=%s\n" % (rid, blob))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
