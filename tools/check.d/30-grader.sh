#!/usr/bin/env bash
# step: grader: crafted attack submissions, report formats, gradebook, determinism, dist
# tools/grade/selftest.py grades every crafted submission of
# tests/grader/submissions/ and asserts the exact per-test results of
# tests/grader/cases.tsv (one record per check). GRADER_REPS=20 repeats the
# determinism check 20 times instead of 3.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/record.sh

F=$(make -s --no-print-directory V=release --eval 'print-grade-flags: ; @echo $(filter-out -MMD -MP,$(CFLAGS_ALL))' print-grade-flags)
for v in release asan; do
    F=$(make -s --no-print-directory V=$v --eval 'print-grade-flags: ; @echo $(filter-out -MMD -MP,$(CFLAGS_ALL))' print-grade-flags)
    for src in tests/support/*.c; do
        check_cmd "grader: $(basename "$src") builds with -Werror ($v)" \
            bash -c "cc $F -Werror -Itests/support -Iexercises \$(pkg-config --cflags criterion) -c $src -o /dev/null"
    done
done
for sol in tests/grader/fixture/solutions/*.c; do
    check_cmd "grader: fixture $(basename "$sol") builds with -Werror" \
        bash -c "cc $F -Werror -Itests/grader/fixture/exercises -c $sol -o /dev/null"
done
check_cmd "grader: the launcher builds with -Werror" \
    bash -c "cc -std=c11 -O2 -Wall -Wextra -Werror tools/grade/launch.c -o /dev/null -lseccomp"
check_cmd "grader: release library builds" make -s V=release lib

python3 tools/grade/selftest.py --lib build/release/libworkbook.a --work build/check/grader 2>&1 |
    while IFS=$'\t' read -r status name why; do
        case "$status" in PASS | FAIL) record "$status" "$name" "$why" ;; esac
    done
exit 0
