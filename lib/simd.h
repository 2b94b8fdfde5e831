/* simd.h: how the library's kernels reach the processor's vector units.
 *
 * The kernels are plain C loops that GCC vectorises; three things make
 * that happen in every build:
 *  - mk/lib.mk compiles the kernel files (activations.c, matmul.c, ops.c,
 *    optim.c, conv2d.c, batchnorm.c) with -fvect-cost-model=dynamic.
 *    GCC 12's -O2 only vectorises a loop whose trip count it knows to be a
 *    multiple of the vector width and whose arrays cannot overlap ("very
 *    cheap" model); a kernel over n floats, where out may alias inp, needs
 *    a remainder loop and an overlap test, which the dynamic model allows.
 *  - the same files get -fno-trapping-math, so that GCC may evaluate both
 *    sides of a ?: and blend them (the library never turns on
 *    floating-point traps, and no result changes). Without it a select
 *    stays a branch, and a loop with a branch is only vectorised where the
 *    instruction set has masks: the AVX-512 clone was, the AVX2 one ran
 *    one element at a time (sigmoid 10x slower on an AVX2-only machine).
 *    -fno-math-errno likewise lets sqrtf (Adam's update) be a vector
 *    instruction rather than a call that may set errno.
 *  - SIMD_CLONES on a kernel makes GCC compile it three times, for
 *    x86-64-v4 (AVX-512), x86-64-v3 (AVX2 + FMA) and the baseline (SSE2), and
 *    pick the best one the processor supports when the program starts
 *    (an ifunc). The build stays portable: no -march=native.
 * The C standard's rules still hold in every clone: -std=c11 turns off
 * floating-point contraction (a * b + c stays two roundings; vecmath.h
 * writes fmaf where it wants one), so a vectorised element-wise kernel
 * gives bit for bit the result of the scalar loop, whichever clone runs.
 * The baseline clone vectorises the ReLU family but not the smooth
 * activations (without FMA, fmaf is a library call).
 * matmul.c, which needs a different register tiling per instruction set,
 * picks its variant itself (SIMD_X86_DISPATCH).
 * Other compilers and platforms get the plain functions.
 */
#ifndef SIMD_H
#define SIMD_H

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(WORKBOOK_NO_CLONES)
#define SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
/* Code that picks a variant itself (matmul.c) may use target attributes and
 * __builtin_cpu_supports. */
#define SIMD_X86_DISPATCH 1
#else
#define SIMD_CLONES
#endif

#endif
