#!/usr/bin/env bash
# check.sh: the project's own test suite (make check), for developers and CI.
#
# Runs every step even when an earlier one fails, records each individual
# test (tools/record.sh), and ends with the line "N passed, N failed" that
# counts them all. Exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/record.sh

export CHECK_RECORDS=build/check/records.tsv
mkdir -p build/check
: >"$CHECK_RECORDS"
rm -f build/check/summary.txt
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# Each step says how long the one before it took: the suite has a time
# budget (CI aims for under 15 minutes on 2 cores).
step_start=$SECONDS
step_name=""
step() {
    [ -n "$step_name" ] && printf '== %s: %d s\n' "$step_name" $((SECONDS - step_start)) >&2
    step_name=$1
    step_start=$SECONDS
    [ -n "$1" ] && printf '\n== %s\n' "$1" >&2
}

step "build with -Werror (release)"
check_cmd "build: release, -Werror" make -j"$JOBS" V=release WERROR=-Werror lib lib-tests

step "library tests (release)"
make -j"$JOBS" V=release WERROR=-Werror test-lib

step "library tests under AddressSanitizer + UndefinedBehaviorSanitizer"
check_cmd "build: asan, -Werror" make -j"$JOBS" V=asan WERROR=-Werror lib lib-tests
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    CHECK_PREFIX=asan make -j"$JOBS" V=asan WERROR=-Werror test-lib

# Further steps (exercises, grader, book) register themselves here.
for extra in tools/check.d/*.sh; do
    [ -f "$extra" ] || continue
    step "$(sed -n 's/^# step: //p' "$extra" | head -n 1)"
    bash "$extra"
done

step ""
passed=$(grep -c '^PASS' "$CHECK_RECORDS")
failed=$(grep -c '^FAIL' "$CHECK_RECORDS")
if [ "$failed" -ne 0 ]; then
    printf '\nfailed:\n' >&2
    grep '^FAIL' "$CHECK_RECORDS" | cut -f2- | sed 's/^/  /' >&2
fi
echo
echo "$passed passed, $failed failed" | tee build/check/summary.txt
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
