#!/usr/bin/env bash
# scaffold.sh: `make new-exercise` in a scratch copy of the tree creates
# every file and row an exercise needs, and `make check-exercise` on the
# untouched scaffold fails at once, naming each placeholder to fill in.
# Prints PASS/FAIL lines; the scratch copy is removed. Takes seconds: it
# copies only what the scaffold and its check read (no build, no grading).
set -uo pipefail
cd "$(dirname "$0")/../.."
pass() { printf 'PASS\t%s\n' "$1"; }
fail() { printf 'FAIL\t%s\t%s\n' "$1" "$2"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/scaffold.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tests/grader"
cp -r Makefile mk tools exercises solutions "$tmp/"
mkdir "$tmp/chapters" && cp chapters/*.md "$tmp/chapters/"
cp -r tests/calls tests/hidden tests/mutants "$tmp/tests/"
cp -r tests/grader/feedback.tsv tests/grader/feedback "$tmp/tests/grader/"

chapter=$(basename "$(ls chapters/[0-9][0-9]-*.md | sed -n 2p)" .md)
if ! out=$(make -s -C "$tmp" new-exercise NAME=scaffold_probe CHAPTER="$chapter" 2>&1); then
    fail "scaffold: make new-exercise creates an exercise" "$out"
    exit 0
fi
pass "scaffold: make new-exercise creates an exercise"
name=$(awk -F'\t' '$2 ~ /_scaffold_probe$/ { print $2 }' "$tmp/exercises/exercises.tsv")
num=${name#ex}; num=${num%%_*}
for f in "exercises/$name.h" "solutions/$name.c" "exercises/$name.c" "tests/calls/$name.calls" \
    "tests/$name.c" "tests/hidden/$name.c" "exercises/hints/ex$num.md"; do
    if [ -s "$tmp/$f" ]; then pass "scaffold: creates $f"; else fail "scaffold: creates $f" "missing"; fi
done
[ -d "$tmp/tests/mutants/$name" ] && pass "scaffold: creates the mutant folder" ||
    fail "scaffold: creates the mutant folder" "no tests/mutants/$name"
if tools/make_stub.sh "$tmp/solutions/$name.c" | cmp -s - "$tmp/exercises/$name.c"; then
    pass "scaffold: the stub is generated from the solution"
else
    fail "scaffold: the stub is generated from the solution" "exercises/$name.c differs"
fi

# Even past the check, the untouched solution fails loudly: it does not compile.
if msg=$(cc -std=c11 -fsyntax-only -Ilib -I"$tmp/exercises" "$tmp/solutions/$name.c" 2>&1); then
    fail "scaffold: the untouched solution does not compile" "it compiled"
elif grep -q "NEW-EXERCISE: write the reference solution" <<<"$msg"; then
    pass "scaffold: the untouched solution does not compile"
else
    fail "scaffold: the untouched solution does not compile" "not with the placeholder's message: $msg"
fi

# The untouched scaffold: check-exercise fails fast, naming every place.
start=$SECONDS
log=$tmp/check.log
if make -s -C "$tmp" check-exercise EX="$num" >"$log" 2>&1; then
    fail "scaffold: make check-exercise fails on the untouched scaffold" "it passed"
else
    pass "scaffold: make check-exercise fails on the untouched scaffold"
fi
[ $((SECONDS - start)) -lt 60 ] && pass "scaffold: ... at once (before building anything)" ||
    fail "scaffold: ... at once (before building anything)" "took $((SECONDS - start)) s"
for what in "exercises/$name.h" "solutions/$name.c" "tests/calls/$name.calls" "tests/$name.c" \
    "tests/hidden/$name.c" "exercises/hints/ex$num.md" "exercises/exercises.tsv" \
    "exercises/README.md" "tests/grader/feedback.tsv" "tests/grader/feedback/forbidden$num/" \
    "tests/mutants/$name/" "chapters/$chapter.md" "no mutant (.patch) yet"; do
    if grep -F -q "$what" "$log"; then pass "scaffold: check-exercise names $what"
    else fail "scaffold: check-exercise names $what" "$(tail -n 5 "$log")"; fi
done
