#!/usr/bin/env bash
# grade_time.sh RESULTS.csv: how long grading the whole solved workbook
# takes, then the rows of the student's loop (issue 21): grade_exNN, the CPU
# time of grading each solution alone; noop_make; first_make, the student
# edition's first make (bench/README.md lists them).
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

# CPU time (user + system, every process) of a command, in seconds; its
# output is appended to $2 (default: the log).
cpu_seconds() {
    local TIMEFORMAT='%3U %3S' t
    t=$( { time bash -c "$1" >>"${2:-$log}" 2>&1; } 2>&1 | tail -n 1)
    awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", a[1] + a[2] }'
}
row() { printf '%-22s %12s %-14s %12s\n' "$1" "$2" "$3" "$4"; echo "$1,$2,$3,$4" >>"$csv"; }

# grade_exNN: each solution graded alone, warm (the issue-21 budgets: 1.5 s
# of CPU, 4 s for the exercises that train). The grading cache is never used
# with SUBMISSION=, so this is a real grading run.
mk=${MAKE:-make}
while IFS=$'\t' read -r num name _; do
    case "$num" in '' | \#*) continue ;; esac
    one="$mk -s test EX=$num SUBMISSION=solutions GRADE_OUT=build/bench/grade"
    bash -c "$one" >>"$log" 2>&1 # warm-up: builds this exercise's test program
    row "grade_ex$num" "$name" cpu_seconds "$(cpu_seconds "$one")"
done <exercises/exercises.tsv

# noop_make: plain make with nothing changed (wall clock: what a student waits).
bash -c "$mk" >>"$log" 2>&1
start=$(date +%s.%N)
cpu=$(cpu_seconds "$mk")
end=$(date +%s.%N)
row noop_make workbook seconds "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
row noop_make workbook cpu_seconds "$cpu"

# first_make: the student edition's first make, unpacked in a temporary
# folder (make dist builds it; BENCH_FIRST_MAKE=0 skips this minutes-long row).
if [ "${BENCH_FIRST_MAKE:-1}" = 1 ] && bash -c "$mk -s dist" >>"$log" 2>&1; then
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/wb-first-make.XXXXXX")
    tar -C "$tmp" -xzf build/dist/relu-workbook-student.tar.gz
    first=$(cpu_seconds "cd '$tmp'/relu-workbook && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make" \
        "$tmp.out")
    row first_make student_edition cpu_seconds "$first"
    row first_make student_edition lines "$(wc -l <"$tmp.out")"
    rm -rf "$tmp" "$tmp.out"
else
    row first_make student_edition skipped 1
fi
