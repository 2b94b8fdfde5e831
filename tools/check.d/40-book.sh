#!/usr/bin/env bash
# step: the book: make docs, literate checks, figures, the checker's self-test
#
# 40-book.sh: a step of make check (tools/check.sh). Records
#   - the whole book (make docs, strict: every block must pass);
#   - one check per ```{.c .run} block and per include block of every chapter
#     (each failure names the chapter and the line, with a diff), in the
#     release build and again under ASan + UBSan;
#   - one check per figure (program -> data -> gnuplot SVG and PNG);
#   - the checker itself on tests/book/*.md: a changed output number, a
#     broken code block, a missing region ... must each be reported with
#     chapter and line, and a correct chapter must pass;
#   - a clean build of the instructor edition in under three minutes, with the
#     solutions shown there and only there;
#   - the student edition's book, built from the unpacked `make dist` (its
#     stubs, no solutions/): it builds, every block passes or waits for an
#     exercise, the text names no file the edition lacks, and every link and
#     fragment of its pages resolves.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/record.sh
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# BOOK_OUT and BOOK_VARIANT_OUT (the OUT of the build) let a developer try
# this step in their own folders; make check uses the defaults.
BOOK_OUT=${BOOK_OUT:-build/book}
MAKE_ARGS=(V=release WERROR=-Werror BOOK_OUT="$BOOK_OUT" ${BOOK_VARIANT_OUT:+OUT="$BOOK_VARIANT_OUT"})

# Records the "PASS|FAIL<TAB>name" lines a tool prints; other lines pass through.
record_lines() {
    local st name n=0
    while IFS=$'\t' read -r st name; do
        case $st in
        PASS | FAIL) record "$st" "$name"; n=$((n + 1)) ;;
        *) [ -z "$st" ] || printf '    %s\n' "$st" >&2 ;;
        esac
    done
    echo "$n"
}

# $1 = record name when the tool produced no records at all; rest = command.
run_records() {
    local what=$1; shift
    local n
    n=$("$@" | record_lines)
    [ "${n:-0}" -gt 0 ] || record FAIL "$what" "no results: $* failed before checking anything"
}

check_cmd "book: make docs" make -j"$JOBS" "${MAKE_ARGS[@]}" docs

run_records "book: literate checks" make -s "${MAKE_ARGS[@]}" book-check

# The same programs under AddressSanitizer + UndefinedBehaviorSanitizer: the
# code students read must not leak or read out of bounds either. The
# instrumented build runs the multi-seed experiments several times slower
# than release, so its time limit per block is longer.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_records "asan:book: literate checks" make -s V=asan WERROR=-Werror BOOK_OUT="$BOOK_OUT" BOOK_TIMEOUT=300 \
    ${BOOK_VARIANT_OUT:+OUT="$BOOK_VARIANT_OUT-asan"} book-check

for c in chapters/figures/*.c; do
    [ -f "$c" ] || continue
    name=$(basename "$c" .c)
    if [ ! -f "chapters/figures/$name.gp" ]; then
        record FAIL "book: figure $name" "chapters/figures/$name.gp is missing (it draws $name.dat)"
        continue
    fi
    check_cmd "book: figure $name" make "${MAKE_ARGS[@]}" "$BOOK_OUT/figures/$name.svg" "$BOOK_OUT/figures/$name.png"
done
for gp in chapters/figures/*.gp; do
    [ -f "$gp" ] || continue
    [ -f "${gp%.gp}.c" ] || record FAIL "book: figure $(basename "$gp" .gp)" \
        "${gp%.gp}.c is missing: every figure's data comes from a program"
done

# Every exercise page needs its hint (the page and `make hint` show it).
if [ -f exercises/exercises.tsv ]; then
    while IFS=$'\t' read -r num name _; do
        case $num in [0-9]*) ;; *) continue ;; esac
        num=$(printf '%02d' "$((10#$num))")
        if [ -s "exercises/hints/ex$num.md" ]; then record PASS "book: exercise $num ($name) has a hint"
        else record FAIL "book: exercise $num ($name) has a hint" "exercises/hints/ex$num.md is missing or empty"; fi
    done <exercises/exercises.tsv
fi

run_records "book: checker self-test" make -s "${MAKE_ARGS[@]}" book-selftest

# A clean build (library included) of the instructor edition, timed.
clean=${BOOK_VARIANT_OUT:-build/check}/book-clean
rm -rf "$clean"
start=$(date +%s)
if make -j"$JOBS" OUT="$clean/out" BOOK_OUT="$clean/book" EDITION=instructor _docs >"$clean.log" 2>&1; then
    secs=$(($(date +%s) - start))
    echo "  book: a clean make docs (library, figures, every block, instructor edition) took $secs s" >&2
    if [ "$secs" -lt 180 ]; then record PASS "book: clean make docs in under three minutes"
    else record FAIL "book: clean make docs in under three minutes" "took $secs s"; fi
    missing=
    for sol in solutions/*.c; do
        [ -f "$sol" ] || continue
        num=$(basename "$sol" | sed -n 's/^ex\([0-9][0-9]\)_.*/\1/p')
        [ -n "$num" ] && [ -f "$clean/book/ex$num.html" ] || continue
        grep -q 'Reference solution' "$clean/book/ex$num.html" || missing="$missing ex$num"
    done
    if [ -z "$missing" ]; then record PASS "book: instructor edition shows the solutions"
    else record FAIL "book: instructor edition shows the solutions" "not on:$missing"; fi
else
    record FAIL "book: clean make docs in under three minutes" "the build failed, see $clean.log"
    tail -n 20 "$clean.log" | sed 's/^/    /' >&2
fi
if grep -l 'Reference solution' "$BOOK_OUT"/*.html >/dev/null 2>&1; then
    record FAIL "book: student edition hides the solutions" \
        "$(grep -l 'Reference solution' "$BOOK_OUT"/*.html | tr '\n' ' ')"
else
    record PASS "book: student edition hides the solutions"
fi

# The student edition's book, as a student builds it (tools/grade/dist.sh).
# Its records are named "student edition: ..." after the tool's own names.
student=${BOOK_VARIANT_OUT:-build/check}/book-student
rm -rf "$student" && mkdir -p "$student"
prefixed() { "$@" | sed 's/^\(PASS\|FAIL\)\t/\1\tstudent edition: /'; }
if tools/grade/dist.sh student book-student >"$student.log" 2>&1 &&
    tar -xzf build/dist/book-student-student.tar.gz -C "$student"; then
    tree=$student/book-student
    check_cmd "student edition: make docs" make -C "$tree" -j"$JOBS" V=release docs
    run_records "student edition: literate checks" prefixed make -s -C "$tree" V=release book-check
    run_records "student edition: links" prefixed python3 tools/book/browser.py --no-browser "$tree/build/book"
else
    record FAIL "student edition: make docs" "make dist failed, see $student.log"
fi
