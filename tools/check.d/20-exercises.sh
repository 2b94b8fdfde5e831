#!/usr/bin/env bash
# step: exercises: stubs generated from solutions, tests pass on solutions (release and asan), fail on stubs, catch mutants
# The exercises' contract (docs/contributors-guide.md, "Exercises"), checked through the real
# grader by tools/grade/check_exercises.py; one record per test, stub and
# mutant. The grader's own fixture exercises (tests/grader/fixture) go
# through the same checks, so this step is meaningful before any exercise
# lands.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/record.sh

records() { # feeds "STATUS<TAB>name<TAB>why" lines to record
    while IFS=$'\t' read -r status name why; do
        case "$status" in PASS | FAIL) record "$status" "$name" "$why" ;; esac
    done
}

check_cmd "exercises: release library builds" make -s V=release lib
check_cmd "exercises: asan library builds" make -s V=asan lib

python3 tools/grade/check_exercises.py --root tests/grader/fixture --label "grader fixture" \
    --work build/check/exercises-fixture 2>&1 | records
if [ -f exercises/exercises.tsv ]; then
    python3 tools/grade/check_exercises.py --work build/check/exercises 2>&1 | records
    ASAN_OPTIONS=detect_leaks=1 \
        python3 tools/grade/check_exercises.py --variant asan --work build/check/exercises 2>&1 | records
fi
exit 0
