#!/usr/bin/env python3
"""new_exercise.py: the scaffold of a new exercise, and the check that its
placeholders were all filled in (docs/contributors-guide.md, "Adding an
exercise").

  new_exercise.py create NAME CHAPTER [--title T]   (make new-exercise)
      Creates every file and row exercise N (the next free number) needs:
      header, solution with markers, generated stub, calls file, graded and
      hidden tests, hint, registry row, the row of exercises/README.md, the
      forbidden-call case of tests/grader/feedback.tsv, a mutant folder and
      the chapter's section with its anchor. Every place still to write
      holds the word NEW-EXERCISE with what to put there, and fails loudly
      until it is written: the solution does not compile (#error), the
      tests fail, and `check` below names each place.
  new_exercise.py check [EX]                         (make check-exercise, make check)
      One PASS/FAIL line per exercise (or for EX): a FAIL lists every
      NEW-EXERCISE placeholder left, as FILE:LINE: what to write, and every
      file or row the exercise lacks.
"""

import argparse
import os
import re
import subprocess
import sys
import textwrap

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MARK = "NEW-EXERCISE"
GUIDE = "docs/contributors-guide.md, 'Adding an exercise'"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write_new(root, rel, text):
    path = os.path.join(root, rel)
    if os.path.exists(path):
        raise SystemExit("new-exercise: %s exists already; nothing was changed after it" % rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print("  created %s" % rel)


def registry(root):
    sys.path.insert(0, os.path.join(REPO, "tools", "grade"))
    import grade
    return grade.read_registry(root)


def files_of(number, name):
    """Every file an exercise has (docs/contributors-guide.md, 'Files')."""
    return ["exercises/%s.h" % name, "solutions/%s.c" % name, "exercises/%s.c" % name,
            "tests/calls/%s.calls" % name, "tests/%s.c" % name, "tests/hidden/%s.c" % name,
            "exercises/hints/ex%s.md" % number]


# ------------------------------------------------------------------ create

def header(n, name, chapter, title):
    guard = name.upper() + "_H"
    intro = textwrap.fill(f'Read chapter {int(chapter[:2])} (chapters/{chapter}.md), section "Exercise {n}: '
                          f'{title}", then write the functions in exercises/{name}.c and check '
                          f'them with `make test EX={n}`.', 74, initial_indent=" * ",
                          subsequent_indent=" * ")
    return f"""/* {name}.h: exercise {n}, {title}.
 *
{intro}
 *
 * {MARK}: the idea in two or three sentences, as the student needs it
 * to read the contract below.
 */
#ifndef {guard}
#define {guard}

#include <stddef.h>

#include "exercise.h"

/* {MARK}: the contract of {name} (or of the functions that replace it;
 * keep the prefix {name.split('_')[0]}_): what it computes, for which inputs, the
 * edge cases (NaN, n = 0, ...) and what is misuse. Not the solution's shape.
 * out[i] = f(inp[i]) for i < n. */
void {name}(float *out, const float *inp, size_t n);

#endif
"""


def solution(n, name, chapter, title):
    ex = name.split("_")[0]
    return f"""/* {name}.c: exercise {n}, {title} (see {name}.h). */
#include "{name}.h"

void {name}(float *out, const float *inp, size_t n) {{
    /* STUB (void)out, (void)inp, (void)n; */
    /* STUB exercise_todo("{ex}", "{name}", "chapter {int(chapter[:2])}, section 'Exercise {n}: {title}'"); */
    /* SOLUTION BEGIN */
    /* Helpers of the solution (static functions, #includes only it
     * needs) go between markers too, or the stub would keep them. */
#error "{MARK}: write the reference solution of {name} in solutions/{name}.c, then regenerate the stub"
    /* SOLUTION END */
}}
"""


def calls(n, name):
    return f"""# How the tests reach exercise {n}'s functions in the student's process
# (tools/grade/calls.py explains the notation).
# {MARK}: one line per function of the header: in/out arrays with their lengths.
void {name}(out float *out[n], in const float *inp[n], size_t n)
"""


def test_file(n, name, title, hidden):
    """A graded (or hidden) test file: an example test of the scaffold's
    example function, against a reference in double, that still fails
    until its NEW-EXERCISE line is removed."""
    ex = name.split("_")[0]
    what = "Hidden tests" if hidden else "Graded tests"
    path = "tests/%s%s.c" % ("hidden/" if hidden else "", name)
    if hidden:
        head = (" * Inputs drawn at run time from harness_seed() (WORKBOOK_SEED), so a\n"
                " * submission cannot hard-code them; messages print the seed.\n")
        includes = '#include <stdio.h>\n\n#include "%s.h"\n#include "harness.h"\n#include "rng.h"\n' % name
        body = f"""EXERCISE_TEST({ex}, hidden_random_inputs) {{
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    float x[64], out[64], want[64];
    for (int i = 0; i < 64; i++) {{
        x[i] = 4.0f * rng_normal(&rng);
        want[i] = (float)reference(x[i]);
    }}
    {name}(out, x, 64);
    char call[80];
    snprintf(call, sizeof call, "{name}(random x, 64) (seed %llu)", (unsigned long long)seed);
    expect_floats_close(call, x, out, want, 64, 0.0f, 1e-6f);"""
    else:
        head = ""
        includes = '#include "%s.h"\n#include "harness.h"\n' % name
        body = f"""EXERCISE_TEST({ex}, worked_example) {{
    const float x[5] = {{-2.0f, -0.5f, 0.0f, 1.0f, 3.0f}};
    float out[5], want[5];
    for (int i = 0; i < 5; i++) want[i] = (float)reference(x[i]);
    {name}(out, x, 5);
    expect_floats_close("{name}(x, 5)", x, out, want, 5, 0.0f, 1e-6f);"""
    return f"""/* {what} of exercise {n}, {title} (exercises/{name}.h).
{head} *
 * {MARK}: where the reference values come from (PyTorch, or a double
 * precision computation in the test) and why the tolerances are what they
 * are ({GUIDE}).
 */
{includes}
/* {MARK}: the test's own reference, in double, written differently from
 * the obvious float code (or a generated header, tests/lib/gen_*.py). */
static double reference(double x) {{ return x; }}

{body}
    cr_assert_fail("{MARK}: write exercise {n}'s {what.lower()} in {path}; "
                   "this example checks the scaffold's example function");
}}
"""


def hint(n, title):
    return f"""# Hint for exercise {n}: {title}

{MARK}: a first, gentle hint: something to try by hand, a question to ask.

<!-- level 2 -->

{MARK}: a stronger hint that still nudges and does not dictate code.
"""


def mutant_note(name):
    return f"""{MARK}: write this exercise's mutants here, one `<mistake>.patch` each
(a first line saying the mistake, then `diff -U1` against
solutions/{name}.c; {GUIDE}), then delete this file.
"""


def lazy_note(name):
    return f"""{MARK}: write this exercise's do-nothing submissions here, one `<kind>.c`
each, a whole exNN file as a lazy student would hand it in (checks its
arguments then does nothing, writes zeros, copies the input, returns a
constant: whichever kinds fit), and give each its exact score, at most
10% of the exercise's points, in tests/grader/lazy/scores.tsv
(`<exercise><TAB><kind><TAB><score>`); weigh the tests that such a file
passes down in tests/weights/{name}.tsv. Then delete this file
({GUIDE}).
"""


def independent_note(name):
    return f"""{MARK}: put here a correct solution of {name}.c written by someone
who read only the header and the chapter, never the tests or
solutions/ (`<writer>.c`); make check wants full marks from it (no false
rejection). Then delete this file ({GUIDE}).
"""


def section(n, title, slug):
    return f"""
## Exercise {n}: {title} {{#{slug}}}

{MARK}: the exercise's section. Teach the idea, the contract and the
pitfalls before it; show the library's implementation only after it.
`make hint EX={n}` and `make test EX={n}` are what the student runs.
"""


def feedback_submission(n, name):
    return f"""/* A submission that calls the library function exercise {n} forbids:
 * the grader must refuse it with a message naming the call. */
#include "{name}.h"

#error "{MARK}: make this file call one of the library functions of exercise {n}'s forbidden column (exercises/exercises.tsv)"
"""


def cmd_create(args):
    root = os.path.abspath(args.root)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.name or ""):
        raise SystemExit("new-exercise: NAME is the topic in snake_case, e.g. NAME=swish_beta")
    chapter = re.sub(r"^chapters/|\.md$", "", args.chapter or "")
    if not os.path.isfile(os.path.join(root, "chapters", chapter + ".md")):
        raise SystemExit("new-exercise: CHAPTER=%s: no chapters/%s.md (give its file name, "
                         "e.g. CHAPTER=11-variants)" % (args.chapter, chapter))
    if re.search(r'["\\\t\n|]', args.title):
        raise SystemExit("new-exercise: TITLE may not hold a quote, a backslash, a tab or a '|' "
                         "(it goes into C strings, the registry and a Markdown table)")
    exercises = registry(root)
    number = max([int(e.number) for e in exercises] or [0]) + 1
    num = "%02d" % number
    name = "ex%s_%s" % (num, args.name)
    title = args.title or "%s title of exercise %d" % (MARK, number)
    slug = "exercise-%d-%s" % (number, args.name.replace("_", "-"))
    print("new-exercise: exercise %d, %s, in chapters/%s.md" % (number, name, chapter))

    write_new(root, "exercises/%s.h" % name, header(number, name, chapter, title))
    write_new(root, "solutions/%s.c" % name, solution(number, name, chapter, title))
    stub = subprocess.run([os.path.join(REPO, "tools", "make_stub.sh"), "solutions/%s.c" % name],
                          cwd=root, stdout=subprocess.PIPE, check=True).stdout.decode()
    write_new(root, "exercises/%s.c" % name, stub)
    write_new(root, "tests/calls/%s.calls" % name, calls(number, name))
    write_new(root, "tests/%s.c" % name, test_file(number, name, title, False))
    write_new(root, "tests/hidden/%s.c" % name, test_file(number, name, title, True))
    write_new(root, "exercises/hints/ex%s.md" % num, hint(number, title))
    write_new(root, "tests/mutants/%s/%s.md" % (name, MARK), mutant_note(name))
    write_new(root, "tests/grader/lazy/%s/%s.md" % (name, MARK), lazy_note(name))
    write_new(root, "tests/grader/independent/%s/%s.md" % (name, MARK), independent_note(name))
    case = "forbidden%s" % num
    write_new(root, "tests/grader/feedback/%s/%s.c" % (case, name), feedback_submission(number, name))

    def append(rel, text):
        with open(os.path.join(root, rel), "a", encoding="utf-8") as f:
            f.write(text)
        print("  added to %s" % rel)
    reg = read(os.path.join(root, "exercises", "exercises.tsv"))
    append("exercises/exercises.tsv", ("" if reg.endswith("\n") else "\n") + "\t".join(
        [num, name, "10", chapter, slug, title, "%s_list_the_library_functions_that_do_it" % MARK.replace("-", "_")]) + "\n")
    fb = read(os.path.join(root, "tests", "grader", "feedback.tsv"))
    append("tests/grader/feedback.tsv", ("" if fb.endswith("\n") else "\n") + "\t".join(
        [case, str(number), "0/%s_graded_and_hidden_tests" % MARK.replace("-", "_"), "0",
         "worked_example~exercise %d asks you to write this yourself, so calling the library's "
         "%s_the_forbidden_function is not allowed here" % (number, MARK.replace("-", "_"))]) + "\n")
    append("chapters/%s.md" % chapter, section(number, title, slug))
    add_readme_row(root, number, name, chapter, title)
    print("new-exercise: now fill in every %s placeholder; `make check-exercise EX=%d` lists "
          "those left (%s)." % (MARK, number, GUIDE))
    return 0


def add_readme_row(root, number, name, chapter, title):
    """The students' list in exercises/README.md, at the exercise's place in
    reading order (after the exercise read before it)."""
    path = os.path.join(root, "exercises", "README.md")
    lines = read(path).split("\n")
    row = "| %d | `%s.c`: %s | %d | 10 |" % (number, name, title, int(chapter[:2]))
    order = [e.name for e in registry(root)]
    before = set(order[:order.index(name)])
    rows = [(i, m.group(1)) for i, line in enumerate(lines)
            for m in [re.match(r"^\| \d+ \| `(\w+)\.c`", line)] if m]
    after = [i for i, n in rows if n in before]
    at = after[-1] + 1 if after else (rows[0][0] if rows else None)
    if at is None:
        raise SystemExit("new-exercise: exercises/README.md has no table of exercises to add to")
    lines.insert(at, row)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("  added to exercises/README.md")


# ------------------------------------------------------------------- check

def placeholders(root, rel, start=1, stop=None):
    """FILE:LINE: text of every NEW-EXERCISE mark in a file (lines start..stop)."""
    out = []
    try:
        text = read(os.path.join(root, rel)).split("\n")
    except OSError:
        return out
    for i, line in enumerate(text, 1):
        if i >= start and (stop is None or i < stop) and (MARK in line or MARK.replace("-", "_") in line):
            out.append("%s:%d: %s" % (rel, i, line.strip()[:160]))
    return out


def chapter_section(root, e):
    """(first, end) lines of the exercise's section in its chapter, or None."""
    rel = "chapters/%s.md" % e.chapter
    try:
        lines = read(os.path.join(root, rel)).split("\n")
    except OSError:
        return None
    for i, line in enumerate(lines, 1):
        m = re.match(r"^(#+) .*\{#%s[\s}]" % re.escape(e.section), line)
        if m:
            level = len(m.group(1))
            for j in range(i, len(lines)):
                h = re.match(r"^(#+) ", lines[j])
                if h and len(h.group(1)) <= level:
                    return i, j + 1
            return i, None
    return None


def problems(root, e):
    out = []
    for rel in files_of(e.number, e.name):
        if not os.path.isfile(os.path.join(root, rel)):
            out.append("%s is missing" % rel)
        out += placeholders(root, rel)
    reg = "exercises/exercises.tsv"
    for i, line in enumerate(read(os.path.join(root, reg)).split("\n"), 1):
        if line.split("\t")[1:2] == [e.name] and (MARK in line or MARK.replace("-", "_") in line):
            out.append("%s:%d: %s" % (reg, i, line.strip()[:160]))
    where = chapter_section(root, e)
    if where is None:
        out.append("chapters/%s.md has no heading with {#%s} (the registry's section)" % (e.chapter, e.section))
    else:
        out += placeholders(root, "chapters/%s.md" % e.chapter, *where)
    readme = os.path.join(root, "exercises", "README.md")
    if os.path.isfile(readme):
        rows = [ln for ln in read(readme).split("\n") if re.match(r"^\| \d+ \| `%s\.c`" % e.name, ln)]
        if not rows:
            out.append("exercises/README.md has no row for %s (the students' list)" % e.name)
        out += ["exercises/README.md: %s" % r for r in rows if MARK in r]
    mdir = "tests/mutants/%s" % e.name
    patches = [m for m in sorted(os.listdir(os.path.join(root, mdir)))
               if m.endswith(".patch")] if os.path.isdir(os.path.join(root, mdir)) else []
    if not patches:
        out.append("%s/ has no mutant (.patch) yet" % mdir)
    if os.path.isdir(os.path.join(root, mdir)):
        for m in sorted(os.listdir(os.path.join(root, mdir))):
            out += placeholders(root, "%s/%s" % (mdir, m))
    for kind, what in (("lazy", "do-nothing submission"), ("independent", "independent correct solution")):
        folder = "tests/grader/%s/%s" % (kind, e.name)
        entries = sorted(os.listdir(os.path.join(root, folder))) if os.path.isdir(os.path.join(root, folder)) else []
        if not [f for f in entries if f.endswith(".c")]:
            out.append("%s/ has no %s (.c) yet" % (folder, what))
        for f in entries:
            out += placeholders(root, "%s/%s" % (folder, f))
    fb_rel = "tests/grader/feedback.tsv"
    if os.path.isfile(os.path.join(root, fb_rel)):
        cases = []
        for i, line in enumerate(read(os.path.join(root, fb_rel)).split("\n"), 1):
            cols = line.split("\t")
            if len(cols) > 2 and not line.startswith("#") and cols[1].isdigit() and int(cols[1]) == int(e.number):
                cases.append(cols[0])
                if MARK.replace("-", "_") in line or MARK in line:
                    out.append("%s:%d: %s" % (fb_rel, i, line[:160]))
        if e.forbidden and not cases:
            out.append("%s has no case for exercise %d: a submission calling one of its forbidden "
                       "functions must be refused by name" % (fb_rel, int(e.number)))
        for case in cases:
            folder = "tests/grader/feedback/%s" % case
            if os.path.isdir(os.path.join(root, folder)):
                for f in sorted(os.listdir(os.path.join(root, folder))):
                    out += placeholders(root, "%s/%s" % (folder, f))
    return out


def cmd_check(args):
    root = os.path.abspath(args.root)
    sys.path.insert(0, os.path.join(REPO, "tools", "grade"))
    import grade
    exercises = grade.select_exercises(registry(root), args.ex)
    bad = 0
    for e in exercises:
        found = problems(root, e)
        name = "exercise %s (%s): every file and row filled in, no %s placeholder left" % (
            int(e.number), e.name, MARK)
        if found:
            bad += 1
            print("FAIL\t%s\t%d to do: %s" % (name, len(found), " | ".join(found)))
            if args.verbose:
                sys.stderr.write("%s still to do (%s):\n%s\n" % (e.name, GUIDE, "\n".join(
                    "  " + p for p in found)))
        else:
            print("PASS\t%s" % name)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=REPO)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create")
    c.add_argument("name")
    c.add_argument("chapter")
    c.add_argument("--title", default="")
    k = sub.add_parser("check")
    k.add_argument("ex", nargs="?")
    k.add_argument("--verbose", action="store_true", help="also list what is left on stderr, one per line")
    args = ap.parse_args()
    return cmd_create(args) if args.cmd == "create" else cmd_check(args)


if __name__ == "__main__":
    sys.exit(main())
