# record.sh: sourced by the check scripts. Every check they run is one line
# "PASS<TAB>name" or "FAIL<TAB>name" in $CHECK_RECORDS (default: stdout), so
# tools/check.sh can count every test of every step in its closing line.

record() { # record PASS|FAIL name [why]
    local status=$1 name=$2 why=${3:-}
    printf '%s\t%s\n' "$status" "$name" >>"${CHECK_RECORDS:-/dev/null}"
    if [ "$status" = FAIL ]; then
        printf '  FAIL %s%s\n' "$name" "${why:+: $why}" >&2
    fi
}

# check_cmd name command...: runs the command; records PASS on exit 0.
check_cmd() {
    local name=$1; shift
    local log
    log=$(mktemp)
    if "$@" >"$log" 2>&1; then record PASS "$name"
    else
        record FAIL "$name" "command failed: $*"
        tail -n 30 "$log" | sed 's/^/    /' >&2
    fi
    rm -f "$log"
}
