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
