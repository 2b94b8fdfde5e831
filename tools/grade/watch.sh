#!/usr/bin/env bash
# watch.sh [EX]: re-runs `make test` each time an exercise file is saved.
# Without EX it re-runs the exercise whose file changed. Uses inotifywait
# (inotify-tools); where inotify does not work (some network or shared
# folders, macOS) it falls back to checking the files' times every second.
# WATCH_POLL=1 forces the fallback.
set -uo pipefail
cd "$(dirname "$0")/../.."
EX=${1:-}

run_tests() { # run_tests FILE-OR-EMPTY
    local ex=$EX file=${1:-}
    if [ -z "$ex" ] && [ -n "$file" ]; then ex=$(basename "$file" .c); ex=${ex%%_*}; fi
    printf '\n==== %s: make test%s\n' "$(date +%H:%M:%S)" "${ex:+ EX=$ex}"
    make --no-print-directory test ${ex:+EX=$ex}
    echo "(watching exercises/ for changes; Ctrl-C to stop)"
}

stamp() { stat -c '%n %Y %s' exercises/ex*.c 2>/dev/null || stat -f '%N %m %z' exercises/ex*.c; }

poll() {
    echo "watch: checking exercises/ every second"
    local before after changed
    before=$(stamp)
    while sleep 1; do
        after=$(stamp)
        if [ "$after" != "$before" ]; then
            changed=$(diff <(echo "$before") <(echo "$after") | sed -n 's/^> \([^ ]*\) .*/\1/p' | head -n 1)
            before=$after
            run_tests "$changed"
        fi
    done
}

run_tests ""
if [ "${WATCH_POLL:-0}" != 1 ] && command -v inotifywait >/dev/null 2>&1 &&
    inotifywait -q -t 1 -e close_write exercises/ >/dev/null 2>&1 ||
    [ $? -eq 2 ]; then # 2 = timed out, which means inotify works
    # One monitor for the whole session, stopped with this script.
    exec 3< <(exec inotifywait -m -q -e close_write,moved_to --format '%f' exercises/)
    monitor=$!
    trap 'kill "$monitor" 2>/dev/null' EXIT
    trap 'echo; echo "watch: stopped"; exit 0' INT TERM
    while IFS= read -r file <&3; do
        case "$file" in
        ex*.c | ex*.h) run_tests "exercises/$file" ;;
        esac
    done
    echo "watch: inotify stopped working"
fi
poll
