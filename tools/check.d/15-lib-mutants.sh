#!/usr/bin/env bash
# step: library mutants: a wrong line in any activation's backward must fail the tests
#
# For every line of lib/activations.c that accumulates a gradient
# ("dinp[i] +=" or "*dslope +="), build the library with one small mistake
# in that line and run tests/lib/test_activations.c against it. Each mistake
# is one a person could make: assigning instead of adding, the wrong sign, a
# comparison off at the boundary, a constant factor off. If any mutant
# passes the tests, those tests are decorative for that line.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/record.sh

OBJ=build/release
WORK=build/check/lib-mutants
rm -rf "$WORK" && mkdir -p "$WORK"
make -s V=release lib lib-tests >/dev/null || { record FAIL "lib-mutants: build"; exit 1; }
CRIT_CFLAGS=$(pkg-config --cflags criterion)
CRIT_LIBS=$(pkg-config --libs criterion)
OTHER_OBJS=$(ls $OBJ/lib/*.o | grep -v '/activations\.o$')
TEST_OBJS="$OBJ/tests/lib/test_activations.o $(ls $OBJ/tests/lib/*.o | grep -v '/test_' | tr '\n' ' ')"

# mutate LINE_NO SED_EXPR NAME: one mutant of activations.c
mutate() {
    local line=$1 expr=$2 name=$3
    local src=$WORK/$name.c bin=$WORK/$name
    sed "${line}s${expr}" lib/activations.c >"$src"
    if cmp -s "$src" lib/activations.c; then return; fi # the mistake does not apply to this line
    if ! cc -std=c11 -O1 -Ilib -c "$src" -o "$bin.o" 2>"$bin.log" ||
       ! cc "$bin.o" $OTHER_OBJS $TEST_OBJS $CRIT_CFLAGS -o "$bin" $CRIT_LIBS -lz -lm 2>>"$bin.log"; then
        record PASS "lib-mutant $name (does not compile)"
        return
    fi
    if timeout 120 "$bin" --jobs 2 >"$bin.out" 2>&1; then
        record FAIL "lib-mutant $name" "line $line of lib/activations.c mutated with s$expr, and test_activations still passes"
    else
        record PASS "lib-mutant $name"
    fi
}

grep -n -E 'dinp\[i\] \+=|\*dslope \+=|ds \+=' lib/activations.c | cut -d: -f1 | while read -r line; do
    mutate "$line" '/+=/=/' "L${line}-assign"
    mutate "$line" '/+=/-=/' "L${line}-sign"
    mutate "$line" '/+= \(.*\);/+= 1.01f * (\1);/' "L${line}-scaled"
    mutate "$line" '/<= 0.0f/< 0.0f/' "L${line}-boundary-le"
    mutate "$line" '/> 0.0f/>= 0.0f/' "L${line}-boundary-gt"
done
