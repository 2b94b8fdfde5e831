#!/usr/bin/env bash
# make_stub.sh solutions/exNN_x.c: prints the exercise stub generated from a
# reference solution (docs/contributors-guide.md, "Solution markers"):
#   - the lines from "/* SOLUTION BEGIN */" to "/* SOLUTION END */"
#     (inclusive) are dropped;
#   - a line "/* STUB <code> */" becomes "<code>", same indentation.
# Fails (exit 1, message on stderr) on unbalanced or nested markers, so a
# broken solution file cannot silently produce a wrong stub.
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: tools/make_stub.sh solutions/exNN_x.c" >&2; exit 2; }
awk -v file="$1" '
    /^[ \t]*\/\* SOLUTION BEGIN \*\/[ \t]*$/ {
        if (inside) { printf "%s:%d: SOLUTION BEGIN inside another solution region\n", file, NR > "/dev/stderr"; bad = 1 }
        inside = 1; start = NR; next
    }
    /^[ \t]*\/\* SOLUTION END \*\/[ \t]*$/ {
        if (!inside) { printf "%s:%d: SOLUTION END without SOLUTION BEGIN\n", file, NR > "/dev/stderr"; bad = 1 }
        inside = 0; next
    }
    inside { next }
    /^[ \t]*\/\* STUB .*\*\/[ \t]*$/ {
        match($0, /^[ \t]*/); indent = substr($0, 1, RLENGTH)
        code = $0
        sub(/^[ \t]*\/\* STUB /, "", code); sub(/[ \t]*\*\/[ \t]*$/, "", code)
        print indent code; next
    }
    /SOLUTION (BEGIN|END)/ { printf "%s:%d: a SOLUTION marker must be alone on its line\n", file, NR > "/dev/stderr"; bad = 1 }
    { print }
    END {
        if (inside) { printf "%s:%d: SOLUTION BEGIN without SOLUTION END\n", file, start > "/dev/stderr"; bad = 1 }
        exit bad
    }
' "$1"
