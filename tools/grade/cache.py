"""cache.py: a student's unchanged exercise is not graded again.

A plain `make` or `make test` grades every exercise; most of them have not
changed since the last run. An exercise's result is kept in
build/grade/cache/<exercise>.json under a key made of the CONTENT of
everything that decides it:

  the student's file; the exercise's tests (public and, when graded, hidden),
  its tests/calls/ spec and every file of tests/support/; the headers the
  grader reads (cfg.header_key); the library (what it is made of); the
  grader's own code (every file of tools/grade/); the registry line of the
  exercise; the compiler (its version) and every flag and knob of the run.

A hit is shown marked as cached; anything else (a miss, a result that timed
out or that is not the student's doing) is graded as usual. The grader only
uses the cache when grade.py is given --cache DIR, which the Makefile passes
for the student's own exercises/ only: never for SUBMISSION=, make grade or
make check, where a result must come from a real run.
"""

import hashlib
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
# Results not worth keeping: they may come out differently on the next run.
UNSTABLE = ("timed out", "time limit", "not your fault", "killed", "grading stopped")


def _file(h, path):
    h.update(os.path.basename(path).encode() + b"\0")
    try:
        with open(path, "rb") as f:
            h.update(f.read())
    except OSError:
        h.update(b"<absent>")
    h.update(b"\0")


def _folder(h, path):
    for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
        p = os.path.join(path, name)
        if os.path.isfile(p) and not name.endswith(".pyc"):
            _file(h, p)


def _compiler(cc):
    try:
        return subprocess.run([cc, "--version"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout
    except OSError:
        return b"?"


def run_key(cfg):
    """What every exercise's key shares: library, grader, compiler, flags."""
    h = hashlib.sha256()
    # The library by what it is made of (mk/lib.mk's .sum, free of this
    # folder's path) when that exists, else by its bytes.
    summary = os.path.splitext(cfg.libwb)[0] + ".sum"
    _file(h, summary if os.path.isfile(summary) else cfg.libwb)
    _folder(h, HERE)
    _folder(h, cfg.support_dir)
    h.update(_compiler(cfg.cc))
    knobs = [cfg.cc, cfg.variant, cfg.header_key, cfg.student_base, cfg.worker_cflags,
             cfg.test_cflags, cfg.ldlibs, cfg.worker_ldlibs, cfg.hidden, cfg.timeout,
             cfg.policy_on, cfg.sandbox_off, cfg.bwrap, bool(cfg.builder.launcher),
             cfg.builder.landlock, sorted(cfg.env_extra.items())]  # (VERBOSE: display only)
    # Paths inside this checkout are named from its root, so that a copy
    # elsewhere (the student edition, unpacked) keeps its results.
    h.update(json.dumps(knobs, default=str).replace(cfg.root, "<root>").encode())
    return h.hexdigest()


def exercise_key(cfg, ex, src):
    h = hashlib.sha256((cfg.cache_run_key + "\0").encode())
    h.update(json.dumps(sorted((k, sorted(v) if isinstance(v, set) else v)
                               for k, v in vars(ex).items()), default=str).encode())
    _file(h, src)
    for path in (os.path.join(cfg.root, "tests", ex.name + ".c"),
                 os.path.join(cfg.root, "tests", "calls", ex.name + ".calls")):
        _file(h, path)
    if cfg.hidden:
        _file(h, os.path.join(cfg.root, "tests", "hidden", ex.name + ".c"))
    return h.hexdigest()


def graded(cfg, grade_exercise, ex, folder, work, deadline, refused):
    """grade_exercise(cfg, ex, folder, work, deadline, refused), or its
    result from an earlier run on exactly the same inputs (marked "cached")."""
    cache_dir = getattr(cfg, "cache_dir", None)
    src = folder and os.path.join(folder, ex.name + ".c")
    # TEST=name grades one test: a partial result, neither kept nor taken.
    if not cache_dir or cfg.only_test or refused or not src or not os.path.isfile(src) \
            or os.path.islink(src):
        return grade_exercise(cfg, ex, folder, work, deadline, refused)
    if not getattr(cfg, "cache_run_key", None):
        cfg.cache_run_key = run_key(cfg)
    key = exercise_key(cfg, ex, src)
    entry = os.path.join(cache_dir, ex.name + ".json")
    try:
        with open(entry, encoding="utf-8") as f:
            kept = json.load(f)
        if kept.get("key") == key:
            kept["result"]["cached"] = True
            return kept["result"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    res = grade_exercise(cfg, ex, folder, work, deadline, refused)
    if exercise_key(cfg, ex, src) != key:  # saved again while it was graded
        return res
    text = " ".join([res.get("error") or ""] + [t.get("message") or "" for t in res["tests"]])
    if not any(word in text for word in UNSTABLE):
        os.makedirs(cache_dir, exist_ok=True)
        tmp = "%s.%d.tmp" % (entry, os.getpid())
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"key": key, "result": res}, f)
        os.replace(tmp, entry)
    return res
