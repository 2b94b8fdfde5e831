#!/usr/bin/env bash
# step: the book in a browser: every page in headless Chromium
#
# 50-browser.sh: a step of make check (tools/check.sh), after 40-book.sh has
# built build/book/. tools/book/browser.py opens every page in headless
# Chromium and records one check per page: no broken link, every image
# loaded, no console error, math rendered as MathML. Screenshots (desktop,
# full page, and the first screen on a phone) go to build/book-screens/.
# Without Chromium only the static checks run, unless CI=true or
# BOOK_BROWSER=require, which make the missing browser a failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/record.sh

BOOK_OUT=${BOOK_OUT:-build/book}
n=0
while IFS=$'\t' read -r st name; do
    case $st in PASS | FAIL) record "$st" "$name"; n=$((n + 1)) ;; esac
done < <(python3 tools/book/browser.py "$BOOK_OUT" --screens "${BOOK_SCREENS:-build/book-screens}")
[ "$n" -gt 0 ] || record FAIL "browser: the book" "tools/book/browser.py checked nothing"

# The explorable figures (mk/wasm.mk, when the book has them): each page from
# file://, a control changed, the page's data against the static figure's
# and the native program's, redraw time, the page without WebAssembly.
while IFS=$'\t' read -r st name; do
    case $st in PASS | FAIL) record "$st" "$name" ;; esac
done < <(python3 tools/book/explore_check.py "$BOOK_OUT" --native "${BOOK_VARIANT_OUT:-build/release}/book/figures" \
             --screens "${BOOK_SCREENS:-build/book-screens}")

# The explorable check checked, on one figure (tent_map), when the book has
# it and Chromium is here: static data that differ from the page's, and a
# native program that prints other numbers, must each fail it.
if [ -f "$BOOK_OUT/wasm/tent_map.js" ] && command -v chromium >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    cp -r "$BOOK_OUT" "$tmp/book"
    mkdir "$tmp/native"
    printf '#!/bin/sh\necho "0 0.5 0.5 0.5 0.5"\n' >"$tmp/native/tent_map"
    chmod +x "$tmp/native/tent_map"
    sed -i '3s/^\([^ ]*\) [^ ]*/\1 0.75/' "$tmp/book/figures/tent_map.dat"
    python3 tools/book/explore_check.py "$tmp/book" --native "$tmp/native" --only tent_map --screens '' \
        >"$tmp/out" 2>"$tmp/log"
    for want in "differ from figures/tent_map.dat" "differ from the native program's"; do
        if grep -q "^FAIL	explore: tent_map" "$tmp/out" && grep -qF "$want" "$tmp/log"; then
            record PASS "explore self-test: catches data that $want"
        else
            record FAIL "explore self-test: catches data that $want" "$(head -c 600 "$tmp/log")"
        fi
    done
    rm -rf "$tmp"
fi

# The test tested: tests/book/browser/bad.html has one of each problem and
# must be rejected for each; good.html must pass.
fixtures=tests/book/browser
log=$(mktemp)
out=$(python3 tools/book/browser.py "$fixtures" --screens '' 2>"$log")
if grep -q "^PASS	browser: $fixtures/good.html" <<<"$out"; then
    record PASS "browser self-test: a correct page passes"
else
    record FAIL "browser self-test: a correct page passes" "$(grep good.html "$log" | head -n 5)"
fi
expect() { # expect "what it catches" "text of the message"
    if grep -F "$fixtures/bad.html: " "$log" | grep -F -q "$2"; then record PASS "browser self-test: catches $1"
    else record FAIL "browser self-test: catches $1" "no message containing: $2"; fi
}
expect "a broken link" "<a> missing.html: broken link"
expect "a fragment with no target" "<a> #nowhere: broken link"
expect "a missing anchor on another page" "no id 'no-such-id' in good.html"
expect "a missing image file" "<img> missing.svg: broken link"
expect "math left as TeX" "math: TeX left as text"
expect "missing MathML" "math: the source has 2 formulas"
if python3 -c 'import shutil, sys; sys.exit(0 if shutil.which("chromium") else 1)'; then
    expect "an image that does not load (browser)" "image did not load: missing.svg"
    expect "a console error (browser)" "console error: fixture: a console error"
    expect "an uncaught exception (browser)" "uncaught exception: ReferenceError"
    expect "a failed resource load (browser)" "console error: Failed to load resource"
    expect "math not rendered as MathML (browser)" "not rendered as MathML"
fi
rm -f "$log"
