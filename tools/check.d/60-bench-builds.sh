#!/usr/bin/env bash
# step: benchmarks compile (make bench's programs; timings are never asserted)
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/record.sh
check_cmd "bench: programs build with -Werror" make V=release WERROR=-Werror bench-build
