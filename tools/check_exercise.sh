#!/usr/bin/env bash
# check_exercise.sh EX: what `make check` verifies about one exercise and its
# chapter, with the same tools and the same strictness, in a minute or two
# (make check-exercise EX=n; docs/contributors-guide.md, "Checking one exercise"):
#   1. the scaffold is filled in: no NEW-EXERCISE placeholder left, every
#      file and row present (tools/new_exercise.py check); stops here if not;
#   2. the exercise's contract through the real grader, -Werror
#      (tools/grade/check_exercises.py --ex): the stub is the one generated
#      from the solution, every graded and hidden test passes on the solution
#      in release and under ASan + UBSan and fails on the stub, every mutant
#      is caught, exercises/README.md lists the registry;
#   3. the exercise's grader feedback cases (tools/grade/selftest.py, part
#      feedback, FEEDBACK_EX);
#   4. its chapter's literate blocks, in release and under ASan + UBSan, and
#      its figures, with -Werror (make book-check CHAPTERS=..., the figures'
#      make targets);
#   5. the whole book builds strictly and its links hold (make docs, then
#      tools/book/browser.py's static checks);
#   6. the chapter's page in headless Chromium and its explorable figures
#      against the native programs (browser.py --page, explore_check.py
#      --only), where Chromium is installed.
# Records every check as make check does and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/record.sh

EX=${1:-}
[ -n "$EX" ] || { echo "usage: make check-exercise EX=n (a number or an exercise name)" >&2; exit 2; }
name=$(python3 tools/grade/grade.py resolve "$EX") || exit 2
row=$(awk -F'\t' -v n="$name" '$2 == n' exercises/exercises.tsv)
num=$((10#$(cut -f1 <<<"$row")))
chapter=$(cut -f4 <<<"$row")

export CHECK_RECORDS=build/check-exercise/records.tsv
mkdir -p build/check-exercise
: >"$CHECK_RECORDS"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
start=$SECONDS
say() { printf '\n== %s (%d s so far)\n' "$1" $((SECONDS - start)) >&2; }
records() { # "PASS|FAIL<TAB>name<TAB>why" lines -> record; $1 names a silent tool
    local n=0
    while IFS=$'\t' read -r status rname why; do
        case "$status" in
        PASS | FAIL) record "$status" "$rname" "$why"; n=$((n + 1)) ;;
        *) [ -z "$status" ] || printf '    %s\n' "$status${rname:+	$rname}" >&2 ;;
        esac
    done
    [ "$n" -gt 0 ] || record FAIL "$1" "printed no results"
}
summary() {
    local passed failed
    passed=$(grep -c '^PASS' "$CHECK_RECORDS")
    failed=$(grep -c '^FAIL' "$CHECK_RECORDS")
    if [ "$failed" -ne 0 ]; then
        printf '\nfailed:\n' >&2
        grep '^FAIL' "$CHECK_RECORDS" | cut -f2- | sed 's/^/  /' >&2
    fi
    printf '\n%s (chapters/%s.md): %d passed, %d failed in %d s\n' "$name" "$chapter" \
        "$passed" "$failed" $((SECONDS - start))
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

say "1. $name: every file and row filled in"
python3 tools/new_exercise.py check "$num" --verbose | records "scaffold check"
if grep -q '^FAIL' "$CHECK_RECORDS"; then
    echo "fill in what is listed above first (docs/contributors-guide.md, 'Adding an exercise')" >&2
    summary
    exit 1
fi

say "2. $name: stub, solution (release and asan), tests on the stub, mutants"
check_cmd "$name: release library builds with -Werror" make -s -j"$JOBS" V=release WERROR=-Werror lib
check_cmd "$name: asan library builds with -Werror" make -s -j"$JOBS" V=asan WERROR=-Werror lib
python3 tools/grade/check_exercises.py --ex "$num" --work build/check-exercise/exercises 2>&1 |
    records "check_exercises.py"
ASAN_OPTIONS=detect_leaks=1 python3 tools/grade/check_exercises.py --variant asan --ex "$num" \
    --work build/check-exercise/exercises 2>&1 | records "check_exercises.py --variant asan"

say "3. $name: the grader's feedback cases"
if awk -F'\t' -v n="$num" '!/^#/ && $2 ~ /^[0-9]+$/ && $2 + 0 == n { f = 1 } END { exit !f }' \
    tests/grader/feedback.tsv; then
    FEEDBACK_EX=$num python3 tools/grade/selftest.py --only feedback --lib build/release/libworkbook.a \
        --work build/check-exercise/grader 2>&1 | records "selftest.py --only feedback"
else
    echo "  (exercise $num has no case in tests/grader/feedback.tsv)" >&2
fi

say "4. chapters/$chapter.md: literate blocks (release, asan) and figures, -Werror"
make -s V=release WERROR=-Werror book-check CHAPTERS="chapters/$chapter.md" 2>&1 | records "book-check"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    make -s V=asan WERROR=-Werror BOOK_TIMEOUT=300 book-check CHAPTERS="chapters/$chapter.md" 2>&1 | records "asan book-check"
for fig in $(grep -o 'figures/[A-Za-z0-9_-]*\.svg' "chapters/$chapter.md" | sort -u); do
    fig=$(basename "$fig" .svg)
    check_cmd "book: figure $fig" make V=release WERROR=-Werror "build/book/figures/$fig.svg" \
        "build/book/figures/$fig.png"
done

say "5. the whole book (strict) and its links"
check_cmd "book: make docs" make -j"$JOBS" V=release WERROR=-Werror docs
python3 tools/book/browser.py build/book --no-browser --screens '' 2>&1 | records "browser.py --no-browser"

say "6. chapters/$chapter.md in headless Chromium, and its explorable figures"
if command -v chromium >/dev/null 2>&1; then
    python3 tools/book/browser.py build/book --page "$chapter.html" --screens '' 2>&1 | records "browser.py"
    for fig in $(grep -o 'figures/[A-Za-z0-9_-]*\.svg' "chapters/$chapter.md" | sort -u); do
        fig=$(basename "$fig" .svg)
        [ -f "build/book/wasm/$fig.js" ] || continue
        python3 tools/book/explore_check.py build/book --native build/release/book/figures --only "$fig" \
            --screens '' 2>&1 | records "explore_check.py $fig"
    done
else
    echo "  (no chromium here: make check runs this step)"
fi

summary
