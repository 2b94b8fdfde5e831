#!/usr/bin/env bash
# wasm_time.sh: make bench's rows for the explorable book (mk/wasm.mk):
#   wasm_bundle,<n> programs,bytes,N     the figure programs' .wasm, together
#   wasm_book,<n> files,bytes,N          what the pages load: book/wasm/*.js (base64, with the data)
#   figure_<name>,native,seconds,T       the native figure program, one run
#   wasm_<name>,browser,seconds,T        the same program in headless Chromium, from a
#                                        change of a control to the redrawn figure
# measured by tools/book/explore_check.py on the built book (make docs).
# Without the WebAssembly toolchain or Chromium: one "skipped" row.
#   bench/wasm_time.sh CSV
set -uo pipefail
csv=$1
book=${BOOK_OUT:-build/book}
skip() { echo "wasm: $1: skipped"; echo "wasm_bundle,none,skipped,1" >>"$csv"; exit 0; }
missing=$(tools/wasm/toolchain.sh)
[ -z "$missing" ] || skip "no WebAssembly toolchain (missing $missing)"
command -v chromium >/dev/null 2>&1 || skip "no chromium"
${MAKE:-make} -s docs >/dev/null || skip "make docs failed"
ls "$book"/wasm/*.js >/dev/null 2>&1 || skip "the book has no explorable figures"
times=$(mktemp)
python3 tools/book/explore_check.py "$book" --screens '' --times "$times" >/dev/null 2>&1 ||
    echo "wasm: tools/book/explore_check.py reported failures (run it for details)"
row() { printf '%-22s %12s %-14s %12s\n' "$1" "$2" "$3" "$4"; echo "$1,$2,$3,$4" >>"$csv"; }
wasm=(build/wasm/figures/*.wasm)
row wasm_bundle "${#wasm[@]}_programs" bytes "$(cat "${wasm[@]}" | wc -c)"
js=("$book"/wasm/*.js)
row wasm_book "${#js[@]}_files" bytes "$(cat "${js[@]}" | wc -c)"
while read -r name native browser; do
    row "figure_$name" native seconds "$native"
    row "wasm_$name" browser seconds "$browser"
done <"$times"
rm -f "$times"
