"""weights.py: how an exercise's points are shared among its tests.

An exercise's points go to the work it teaches, not to the argument checks
around it: tests/weights/<exercise>.tsv gives some tests a weight
(`test_name<TAB>weight`, `#` comments, blank lines allowed); a test it does
not list, hidden tests and compiled-code checks included, weighs 1. A lazy
submission (tests/grader/lazy/) that computes nothing must earn at most 10%
of the points, and make check holds the weights to that.

Shares are in units of 0.0001 points and add up to exactly the exercise's
points (spreadsheets and Gradescope then agree with the registry): each test
gets the floor of its weighted share, and the units left over go one each
to the tests that lost the largest fractions (ties: the earlier test).
"""

import os


def read(root, exercise):
    """{test name: weight} from tests/weights/<exercise>.tsv ({} if none).
    A malformed line raises ValueError naming the file and line."""
    path = os.path.join(root, "tests", "weights", exercise + ".tsv")
    if not os.path.exists(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split("\t")
            try:
                if len(parts) != 2:
                    raise ValueError("want test_name<TAB>weight")
                w = float(parts[1])
                if not w > 0:
                    raise ValueError("the weight must be positive, got %s" % parts[1])
            except ValueError as e:
                raise ValueError("%s:%d: %s" % (path, n, e))
            out[parts[0].strip()] = w
    return out


def shares(units, weights):
    """Integer shares of `units` proportional to `weights` (a list), adding
    up to exactly `units`."""
    total = sum(weights)
    if not weights or total <= 0:
        return [0] * len(weights)
    exact = [units * w / total for w in weights]
    out = [int(x) for x in exact]
    left = units - sum(out)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[:left]:
        out[i] += 1
    return out


def max_scores(root, exercise, points, test_names):
    """Each test's maximum score in points, in the order of test_names."""
    table = read(root, exercise)
    units = int(round(points * 10000))
    return [s / 10000 for s in shares(units, [table.get(n, 1.0) for n in test_names])]
