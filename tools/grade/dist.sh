#!/usr/bin/env bash
# dist.sh student NAME     -> build/dist/NAME-student.tar.gz (make dist)
# dist.sh gradescope NAME  -> build/dist/gradescope.zip        (make gradescope)
#
# The student edition is this checkout minus what students must not see or
# do not need: solutions/, tests/hidden/, tests/mutants/, tests/grader/,
# packaging/, build/ and the make-check steps that need the solutions. It
# gets the GitHub Classroom workflow as .github/workflows/classroom.yml.
# The Gradescope zip is the instructor's edition (hidden tests included,
# solutions not) with setup.sh and run_autograder at its root.
set -euo pipefail
cd "$(dirname "$0")/../.."
kind=${1:-student}
name=${2:-relu-workbook}
dist=build/dist
mkdir -p "$dist"

# Tracked and new files (not ignored ones): what the instructor has.
all_files() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files -co --exclude-standard
    else
        find . -type f ! -path './build/*' ! -path './.git/*' | sed 's|^\./||'
    fi
}

never='^(build/|solutions/|tests/mutants/|tests/grader/|packaging/|\.git/)'
student_only='^(tests/hidden/|tools/check\.d/(20-exercises|30-grader)\.sh$|tools/grade/(selftest|check_exercises)\.py$|docs/(instructors-guide|grading-a-class|contributors-guide)\.md$|HACKING\.md$)'

# The Classroom workflow: `make test` grades every exercise once (never from
# the grading cache, which a student could commit), then
# classroom.py hands the reporter one runner per exercise of the registry,
# with the gradebook's per-test points (the reporter adds up test scores).
classroom_yml() {
    local ids="" envs=""
    sed -n '1,/# EXERCISE STEPS/p' packaging/classroom/classroom.yml | sed '$d'
    while IFS=$'\t' read -r num _; do
        case "$num" in '' | \#*) continue ;; esac
        ids="${ids:+$ids,}ex${num}"
        envs="${envs}          EX${num}_RESULTS: \"\${{ steps.points.outputs.ex${num} }}\""$'\n'
    done <exercises/exercises.tsv
    cat <<YML
      - name: Grade every exercise (make test)
        id: grade
        timeout-minutes: 20
        run: make test GRADE_CACHE= || true
      - name: Points per test
        id: points
        if: always()
        run: python3 tools/grade/classroom.py build/grade/results.json exercises/exercises.tsv >>"\$GITHUB_OUTPUT"
      - name: Autograding Reporter
        if: always()
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
${envs%$'\n'}
        with:
          runners: ${ids}
YML
}

# The student edition ships its book built, with the caches that let the
# student's first `make` keep it: the edition's own first `make` runs in the
# staging folder, then only these parts of its build/ stay (the caches key
# on content, never on this folder's path: mk/lib.mk's libworkbook.sum):
#   build/book/                  the pages and figures
#   build/release/libworkbook.sum what the library is made of
#   build/release/book/run/      the chapters' programs' results (no binaries)
#   build/release/book/pandoc/   pandoc's outputs by input
#   build/release/book/pages-shown.json  which pages show the student's code
#   build/grade/cache/           the stubs' grading results
prebuild() {
    local top=$1 log=$dist/student-edition-build.log
    echo "dist: building the student edition's book (log: $log)"
    if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top" V=release >"$log" 2>&1; then
        echo "dist: the student edition's first make failed; see $log" >&2
        exit 1
    fi
    local keep
    keep=$(mktemp -d "$stage/keep.XXXXXX")
    (cd "$top/build" && mkdir -p "$keep/release/book" "$keep/grade" &&
        mv book "$keep/" && mv release/libworkbook.sum "$keep/release/" &&
        mv release/book/run release/book/pandoc release/book/pages-shown.json "$keep/release/book/" &&
        mv grade/cache "$keep/grade/")
    find "$keep/release/book/run" -type f -name prog -delete
    rm -rf "$top/build"
    mv "$keep" "$top/build"
}

stage=$(mktemp -d "${TMPDIR:-/tmp}/wb-dist.XXXXXX")
trap 'rm -rf "$stage"' EXIT

case "$kind" in
student)
    top=$stage/$name
    mkdir -p "$top"
    all_files | grep -Ev "$never" | grep -Ev "$student_only" | while IFS= read -r f; do
        [ -f "$f" ] || continue
        mkdir -p "$top/$(dirname "$f")"
        cp -p "$f" "$top/$f"
    done
    # The README's instructor-only parts (between <!-- instructor-only -->
    # and <!-- /instructor-only -->) are not the student's.
    awk '/<!-- instructor-only -->/ {skip = 1; next} /<!-- \/instructor-only -->/ {skip = 0; next}
         !skip' README.md >"$top/README.md"
    mkdir -p "$top/.github/workflows"
    classroom_yml >"$top/.github/workflows/classroom.yml"
    cp "$top/.github/workflows/classroom.yml" "$dist/classroom.yml"
    prebuild "$top"
    # Nothing of a solution may leak: no C file with a solution region.
    leaks=$(grep -rlE --include='*.c' --include='*.h' '^[[:space:]]*/\* SOLUTION BEGIN \*/' "$top" || true)
    if [ -n "$leaks" ]; then
        echo "dist: files of the student edition contain a SOLUTION region:" >&2
        echo "$leaks" | sed "s|^$top/|  |" >&2
        exit 1
    fi
    # Nor any answer: solution code or tables of expected outputs in tests/
    # and exercises/ (tools/grade/no_answers.py; docs/contributors-guide.md).
    if ! python3 tools/grade/no_answers.py "$top" solutions >&2; then
        echo "dist: the student edition would ship answers (above): move them to tests/hidden/" >&2
        exit 1
    fi
    out=$dist/$name-student.tar.gz
    tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime='2000-01-01 00:00:00' -czf "$out" "$name"
    echo "dist: $out ($(tar -tzf "$out" | grep -vc '/$') files); unpack it and run make"
    echo "dist: GitHub Classroom workflow: $dist/classroom.yml (also .github/workflows/ in the tarball)"
    ;;
gradescope)
    top=$stage/zip
    mkdir -p "$top"
    all_files | grep -Ev "$never" | while IFS= read -r f; do
        [ -f "$f" ] || continue
        mkdir -p "$top/$(dirname "$f")"
        cp -p "$f" "$top/$f"
    done
    cp packaging/gradescope/setup.sh packaging/gradescope/run_autograder "$top/"
    out=$dist/gradescope.zip
    python3 - "$top" "$out" <<'PY'
import os, sys, zipfile
top, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            info = zipfile.ZipInfo(os.path.relpath(p, top), date_time=(2000, 1, 1, 0, 0, 0))
            info.external_attr = (os.stat(p).st_mode & 0o777 | 0o100000) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(p, "rb") as fh:
                z.writestr(info, fh.read())
os.replace(out + ".tmp", out)
PY
    echo "dist: $out: upload it as the Gradescope autograder (docs/instructors-guide.md, "Gradescope", says how to try it first)"
    ;;
*) echo "usage: tools/grade/dist.sh student|gradescope [NAME]" >&2; exit 2 ;;
esac
