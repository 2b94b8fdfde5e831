#!/usr/bin/env bash
# repeat.sh [N]: are the tests deterministic? (make repeat N=20)
#
# Runs the tests whose verdicts could depend on timing, scheduling or load
# (every library test, and every exercise's graded and hidden tests on the
# reference solutions, the statistical and training ones among them) N times
# under make -j2, with a busy loop keeping one more core busy, and compares
# each run's verdicts with the first run's. Exits non-zero, naming the
# tests, if any verdict changed or any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
out=build/repeat
rm -rf "$out"
mkdir -p "$out"

# A busy loop on one core for the whole run: the tests must not care.
( while :; do :; done ) &
busy=$!
trap 'kill $busy 2>/dev/null' EXIT

verdicts() { # run number -> $out/run-N.tsv: "test<TAB>PASS|FAIL", sorted
    local i=$1 tmp=$out/records-$1.tsv
    : >"$tmp"
    CHECK_RECORDS=$tmp make -s -j2 V=release test-lib >/dev/null 2>&1
    make -s -j2 test SUBMISSION=solutions GRADE_OUT="$out/grade-$i" >/dev/null 2>&1
    python3 - "$out/grade-$i/results.json" >>"$tmp" <<'PY'
import json, sys
try:
    tests = json.load(open(sys.argv[1]))["tests"]
except (OSError, ValueError, KeyError) as e:
    print("FAIL\tgrading the solutions wrote no results.json (%s)" % e)
    sys.exit(0)
for t in tests:
    print("%s\t%s" % ("PASS" if t["status"] == "passed" else "FAIL", t["name"]))
PY
    awk -F'\t' '{print $2 "\t" $1}' "$tmp" | sort >"$out/run-$i.tsv"
}

make -s -j2 V=release lib lib-tests >/dev/null || { echo "repeat: the build failed" >&2; exit 1; }
status=0
for i in $(seq 1 "$n"); do
    t0=$SECONDS
    verdicts "$i"
    tests=$(wc -l <"$out/run-$i.tsv")
    failed=$(grep -c $'\tFAIL$' "$out/run-$i.tsv")
    changed=0
    if [ "$i" -gt 1 ]; then
        changed=$(diff "$out/run-1.tsv" "$out/run-$i.tsv" | grep -c '^>')
    fi
    printf 'run %2d of %d: %d tests, %d failed, %d changed since run 1 (%d s)\n' \
        "$i" "$n" "$tests" "$failed" "$changed" $((SECONDS - t0))
    if [ "$failed" -ne 0 ] || [ "$changed" -ne 0 ]; then
        status=1
        grep $'\tFAIL$' "$out/run-$i.tsv" | sed 's/^/  failed: /'
        [ "$i" -gt 1 ] && diff "$out/run-1.tsv" "$out/run-$i.tsv" | grep '^[<>]' | sed 's/^/  /'
    fi
done
if [ "$status" -eq 0 ]; then
    echo "repeat: $n runs, the same verdicts every time"
else
    echo "repeat: verdicts changed or tests failed (above)" >&2
fi
exit $status
