#!/usr/bin/env bash
# grade_time.sh RESULTS.csv: how long grading the whole solved workbook takes.
#
# Runs `make test SUBMISSION=solutions` (or $BENCH_GRADE_CMD) once to warm
# the build, then once timed, in wall-clock seconds (grading runs tests in
# parallel on every core, so the wall clock is what a student waits).
# Appends grade_workbook rows to RESULTS.csv: seconds and the command's
# exit status. A failing or missing grader is recorded, never fatal: the
# other benchmarks stay valid.
set -uo pipefail
csv=$1
cmd=${BENCH_GRADE_CMD:-"${MAKE:-make} -s test SUBMISSION=solutions GRADE_OUT=build/bench/grade"}
if [ ! -d solutions ]; then
    echo "grade_workbook: no solutions/ here (student edition): skipped"
    echo "grade_workbook,solutions,skipped,1" >>"$csv"
    exit 0
fi
log=build/bench/grade.log
mkdir -p build/bench
bash -c "$cmd" >"$log" 2>&1 # warm-up: builds what the grader builds
start=$(date +%s.%N)
bash -c "$cmd" >>"$log" 2>&1
status=$?
end=$(date +%s.%N)
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
printf '%-22s %12s %-14s %12s\n' grade_workbook solutions seconds "$seconds"
printf '%-22s %12s %-14s %12s\n' grade_workbook solutions exit_status "$status"
[ "$status" -eq 0 ] || echo "grade_workbook: '$cmd' exited with $status (log: $log)"
echo "grade_workbook,solutions,seconds,$seconds" >>"$csv"
echo "grade_workbook,solutions,exit_status,$status" >>"$csv"
