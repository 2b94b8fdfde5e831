#!/usr/bin/env bash
# run_criterion.sh BIN...: runs Criterion test binaries of the library (not
# of students: the grader has its own runner) and records each test from the
# TAP report. A binary that dies before reporting counts as one failure.
set -uo pipefail
source "$(dirname "$0")/record.sh"
status=0
for bin in "$@"; do
    tap=$bin.tap
    rm -f "$tap"
    timeout 600 "$bin" --tap="$tap" --jobs 2 >"$bin.log" 2>&1
    rc=$?
    ok=0 bad=0
    if [ -f "$tap" ]; then
        while IFS= read -r line; do
            case "$line" in
            "ok - "*) name=${line#ok - }; record PASS "${CHECK_PREFIX:+$CHECK_PREFIX:}${name%% *}"; ok=$((ok + 1)) ;;
            "not ok - "*) name=${line#not ok - }; record FAIL "${CHECK_PREFIX:+$CHECK_PREFIX:}${name%% *}" "${name#* }"; bad=$((bad + 1)) ;;
            esac
        done <"$tap"
    fi
    # A sanitizer report inside a Criterion worker does not always fail the
    # test (LeakSanitizer runs after the worker has reported), so read the log.
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$bin.log"; then
        record FAIL "${CHECK_PREFIX:+$CHECK_PREFIX:}$(basename "$bin"):sanitizer" \
            "$(grep -m1 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$bin.log")"
        bad=$((bad + 1))
    fi
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
        record FAIL "$(basename "$bin")" "exited with status $rc after $ok passing tests"
        bad=1
    fi
    if [ "$bad" -ne 0 ]; then
        status=1
        grep -v '^\[====\]' "$bin.log" | grep -E '\[(----|FAIL)\]' | head -n 40 | sed 's/^/    /' >&2
    fi
    printf '%-48s %4d passed, %d failed\n' "$(basename "$bin")" "$ok" "$bad" >&2
done
exit $status
