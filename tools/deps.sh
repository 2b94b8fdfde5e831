#!/usr/bin/env bash
# deps.sh: installs what the workbook needs.
#   --ensure   install only if something is missing (used by make, make check)
#   --install  install (or update) everything on the list (make deps)
#   --list     print what is missing, install nothing
#   --grading  with --ensure or --list: only what grading needs (make test,
#              make grade, Gradescope, Classroom): no pandoc, gnuplot, browser
#   --check    also what only `make check` uses: Chromium, for the book's
#              browser checks (students never need its few hundred MB)
# Debian/Ubuntu: apt-get, with sudo when not root. macOS: prints the Homebrew
# command (installing with brew is left to the user, who owns that machine).
set -euo pipefail

APT_PACKAGES=(build-essential pkg-config libcriterion-dev libseccomp-dev zlib1g-dev pandoc gnuplot-nox bubblewrap
              inotify-tools python3)

missing() {
    local out=()
    command -v cc >/dev/null 2>&1 || out+=(cc)
    command -v pkg-config >/dev/null 2>&1 || out+=(pkg-config)
    pkg-config --exists criterion 2>/dev/null || out+=(criterion)
    [ "$(uname -s)" != Linux ] || pkg-config --exists libseccomp 2>/dev/null || out+=(libseccomp)
    # zlib reads the compressed data sets (data/); macOS has it built in
    echo '#include <zlib.h>' | cc -E -x c - >/dev/null 2>&1 || out+=(zlib)
    if [ "$GRADING_ONLY" != 1 ]; then
        command -v pandoc >/dev/null 2>&1 || out+=(pandoc)
        command -v gnuplot >/dev/null 2>&1 || out+=(gnuplot)
    fi
    command -v python3 >/dev/null 2>&1 || out+=(python3)
    if [ "$FOR_CHECK" = 1 ] && [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1; then
        command -v chromium >/dev/null 2>&1 || out+=(chromium)
    fi
    printf '%s\n' "${out[@]}"
}

install_apt() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "deps: not root and no sudo; run as root: apt-get install ${APT_PACKAGES[*]}" >&2
            exit 1
        }
        sudo=(sudo)
    fi
    echo "deps: installing ${APT_PACKAGES[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    # Optional extras (the browser check, the sandbox, inotify) must not block
    # the essentials on a distribution that lacks one of them.
    if [ "$GRADING_ONLY" = 1 ]; then
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >&2
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends bubblewrap >&2 || true
        return
    fi
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        build-essential pkg-config libcriterion-dev libseccomp-dev zlib1g-dev pandoc gnuplot-nox python3 >&2
    local extras=(bubblewrap inotify-tools)
    # the explorable book's WebAssembly build (mk/wasm.mk); without it make docs
    # builds the static book
    extras+=(clang-14 lld-14 llvm-14 wasi-libc libclang-rt-14-dev-wasm32)
    [ "$FOR_CHECK" = 1 ] && extras+=(chromium)
    for extra in "${extras[@]}"; do
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$extra" >&2 ||
            echo "deps: optional package $extra could not be installed; its features degrade" >&2
    done
}

install_all() {
    case "$(uname -s)" in
    Darwin)
        echo "deps: on macOS install the tools with Homebrew:" >&2
        echo "    brew install criterion pandoc gnuplot pkg-config python" >&2
        [ -z "$(missing)" ] || exit 1 ;;
    Linux)
        if command -v apt-get >/dev/null 2>&1; then install_apt
        else
            echo "deps: no apt-get here; install: a C11 compiler, make, pkg-config, Criterion, zlib," \
                 "pandoc, gnuplot, python3" >&2
            exit 1
        fi ;;
    *) echo "deps: unsupported system $(uname -s)" >&2; exit 1 ;;
    esac
}

GRADING_ONLY=0
FOR_CHECK=0
mode=--ensure
for arg in "$@"; do
    case "$arg" in
    --grading) GRADING_ONLY=1 ;;
    --check) FOR_CHECK=1 ;;
    *) mode=$arg ;;
    esac
done
if [ "$GRADING_ONLY" = 1 ]; then
    APT_PACKAGES=(build-essential pkg-config libcriterion-dev libseccomp-dev zlib1g-dev python3)
fi

case "$mode" in
--list) missing ;;
--install) install_all ;;
--ensure)
    need=$(missing)
    if [ -n "$need" ]; then
        echo "deps: missing: $(echo $need)" >&2
        install_all
        # Chromium is optional: without it the browser checks degrade.
        still=$(missing | grep -vx chromium || true)
        [ -z "$still" ] || { echo "deps: still missing after install: $(echo $still)" >&2; exit 1; }
    fi ;;
*) echo "usage: tools/deps.sh [--ensure|--install|--list] [--grading|--check]" >&2; exit 2 ;;
esac
