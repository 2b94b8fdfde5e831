#!/usr/bin/env bash
# toolchain.sh: prints the Debian packages the WebAssembly build (mk/wasm.mk)
# lacks here, one line, nothing when the toolchain is complete. Usage:
#   tools/wasm/toolchain.sh CC SYSROOT [AR]
cc=${1:-clang-14} sysroot=${2:-/usr} ar=${3:-llvm-ar-14}
missing=()
command -v "$cc" >/dev/null 2>&1 || missing+=(clang-14)
command -v wasm-ld >/dev/null 2>&1 || command -v wasm-ld-14 >/dev/null 2>&1 || missing+=(lld-14)
[ -f "$sysroot/lib/wasm32-wasi/libc.a" ] || missing+=(wasi-libc)
# wasm-ld wants archives with a symbol index, which only llvm-ar writes for wasm objects
command -v "$ar" >/dev/null 2>&1 || missing+=(llvm-14)
# the compiler's own builtins for wasm32 (e.g. long double arithmetic in printf)
if command -v "$cc" >/dev/null 2>&1; then
    rt=$("$cc" --target=wasm32-wasi -print-libgcc-file-name 2>/dev/null)
    [ -f "$rt" ] || missing+=(libclang-rt-14-dev-wasm32)
fi
echo "${missing[*]}"
