#!/usr/bin/env bash
# step: contributor tools: reading order whatever the registry's row order, the new-exercise scaffold
# (docs/contributors-guide.md, "Adding an exercise"). Each check prints
# "PASS|FAIL<TAB>name[<TAB>why]" lines; they are recorded one by one.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/record.sh

records() {
    local n=0
    while IFS=$'\t' read -r status name why; do
        case "$status" in PASS | FAIL) record "$status" "$name" "$why"; n=$((n + 1)) ;; esac
    done
    [ "$n" -gt 0 ] || record FAIL "contributing: $1" "printed no results"
}

if [ -f exercises/exercises.tsv ]; then
    python3 tests/contrib/reading_order.py 2>&1 | records "reading order"
fi
if [ -d solutions ] && [ -f exercises/exercises.tsv ]; then
    # Every exercise's scaffold filled in (no NEW-EXERCISE left, no file missing).
    python3 tools/new_exercise.py check 2>&1 | records "new_exercise.py check"
    bash tests/contrib/scaffold.sh 2>&1 | records "scaffold"
fi
exit 0
