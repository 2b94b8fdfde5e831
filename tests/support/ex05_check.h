/* ex05_check.h: the checks shared by exercise 5's graded tests
 * (tests/ex05_relu_fast.c) and hidden tests (tests/hidden/ex05_relu_fast.c):
 * bit-for-bit comparison with the library's relu_forward (any NaN matches
 * any NaN), guard values around out, misaligned and in-place buffers.
 * A header of static functions, not a .c file, because the grader links an
 * exercise's test files, the harness and the library only; it lives in
 * tests/support so the grader's header fingerprint (which recompiles the
 * tests when a header there changes) covers it, and so the student edition
 * has it. The functions are "static inline" only so that a test using some
 * of them draws no unused-function warning. */
#ifndef EX05_CHECK_H
#define EX05_CHECK_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "ex05_relu_fast.h"
#include "harness.h"
#include "rng.h"

#define GUARD 16            /* floats of guard on each side of out */
#define GUARD_VALUE 12345.0f

static inline uint32_t bits_of(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline int same_result(float got, float want) {
    return isnan(want) ? isnan(got) : bits_of(got) == bits_of(want);
}

/* Inputs: normal samples with the edge cases mixed in. */
static inline float draw_value(Rng *rng) {
    static const float special[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0f, -0.0f,
                                    FLT_MAX, -FLT_MAX, 1e-45f, -1e-45f};
    if (rng_below(rng, 5) == 0) return special[rng_below(rng, 10)];
    return rng_normal(rng);
}

/* Runs ex05_relu_fast on n values with inp and out starting in_off and
 * out_off floats past a 64-byte boundary (or in place when in_place),
 * checks every output against relu_forward and the guards around out.
 * Reports the first problem; returns 1 if all is well. */
static inline int check_case(Rng *rng, size_t n, size_t in_off, size_t out_off, int in_place) {
    size_t total = GUARD + out_off + n + GUARD;
    size_t bytes = ((total * sizeof(float)) + 63) / 64 * 64;
    float *obuf = aligned_alloc(64, bytes), *ibuf = aligned_alloc(64, bytes);
    float *want = malloc((n + 1) * sizeof *want), *keep = malloc((n + 1) * sizeof *keep);
    cr_assert(obuf && ibuf && want && keep, "out of memory");
    for (size_t i = 0; i < total; i++) obuf[i] = GUARD_VALUE;
    /* GUARD is a multiple of 16 floats (64 bytes): out is out_off past a boundary. */
    float *out = obuf + GUARD + out_off;
    float *inp = in_place ? out : ibuf + GUARD + in_off;
    for (size_t i = 0; i < n; i++) keep[i] = inp[i] = draw_value(rng);
    relu_forward(want, keep, n);

    ex05_relu_fast(out, inp, n);

    char where[128];
    if (in_place)
        snprintf(where, sizeof where, "ex05_relu_fast(x, x, %zu) in place, x %zu floats past a "
                 "64-byte boundary", n, out_off);
    else
        snprintf(where, sizeof where, "ex05_relu_fast(out, inp, %zu), inp %zu and out %zu floats "
                 "past a 64-byte boundary", n, in_off, out_off);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        if (!same_result(out[i], want[i])) {
            cr_expect_fail("%s: out[%zu] for inp[%zu] = %g (bits 0x%08x): expected %g "
                           "(bits 0x%08x), got %g (bits 0x%08x)",
                           where, i, i, (double)keep[i], bits_of(keep[i]), (double)want[i],
                           bits_of(want[i]), (double)out[i], bits_of(out[i]));
            ok = 0;
        }
    for (size_t i = 0; i < total && ok; i++) {
        if (i == GUARD + out_off) i += n; /* skip out itself */
        if (i < total && obuf[i] != GUARD_VALUE) {
            long pos = (long)i - (long)(GUARD + out_off);
            cr_expect_fail("%s: wrote %g to out[%ld], outside out[0 .. %zu]", where,
                           (double)obuf[i], pos, n ? n - 1 : 0);
            ok = 0;
        }
    }
    if (!in_place)
        for (size_t i = 0; i < n && ok; i++)
            if (bits_of(inp[i]) != bits_of(keep[i])) {
                cr_expect_fail("%s: changed inp[%zu] from %g to %g", where, i, (double)keep[i],
                               (double)inp[i]);
                ok = 0;
            }
    free(obuf);
    free(ibuf);
    free(want);
    free(keep);
    return ok;
}

#endif
