/* Graded tests of exercise 5, a fast ReLU (exercises/ex05_relu_fast.h).
 * The reference is the library's relu_forward, compared bit for bit (any
 * NaN matches any NaN). No test measures time. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "ex05_relu_fast.h"
#include "harness.h"
#include "rng.h"

#define GUARD 16            /* floats of guard on each side of out */
#define GUARD_VALUE 12345.0f

static uint32_t bits_of(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static int same_result(float got, float want) {
    return isnan(want) ? isnan(got) : bits_of(got) == bits_of(want);
}

/* Inputs: normal samples with the edge cases mixed in. */
static float draw_value(Rng *rng) {
    static const float special[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0f, -0.0f,
                                    FLT_MAX, -FLT_MAX, 1e-45f, -1e-45f};
    if (rng_below(rng, 5) == 0) return special[rng_below(rng, 10)];
    return rng_normal(rng);
}

/* Runs ex05_relu_fast on n values with inp and out starting in_off and
 * out_off floats past a 64-byte boundary (or in place when in_place),
 * checks every output against relu_forward and the guards around out.
 * Reports the first problem; returns 1 if all is well. */
static int check_case(Rng *rng, size_t n, size_t in_off, size_t out_off, int in_place) {
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

/* One array, explicit expectations, bit for bit. */
static void check_values(const char *what, const float *x, const float *want, size_t n) {
    float out[16];
    for (size_t i = 0; i < 16; i++) out[i] = GUARD_VALUE;
    ex05_relu_fast(out, x, n);
    for (size_t i = 0; i < n; i++)
        cr_expect(same_result(out[i], want[i]),
                  "ex05_relu_fast on %s: for inp[%zu] = %g (bits 0x%08x) expected %g "
                  "(bits 0x%08x), got %g (bits 0x%08x)",
                  what, i, (double)x[i], bits_of(x[i]), (double)want[i], bits_of(want[i]),
                  (double)out[i], bits_of(out[i]));
    for (size_t i = n; i < 16; i++)
        cr_expect(out[i] == GUARD_VALUE, "ex05_relu_fast on %s (n = %zu) wrote %g to out[%zu]",
                  what, n, (double)out[i], i);
}

EXERCISE_TEST(ex05, worked_example) {
    const float x[5] = {-2.0f, -0.5f, 0.0f, 1.5f, 3.0f};
    const float want[5] = {0.0f, 0.0f, 0.0f, 1.5f, 3.0f};
    check_values("[-2, -0.5, 0, 1.5, 3]", x, want, 5);
}

EXERCISE_TEST(ex05, special_values) {
    /* 11 values: one full block of 8 and a leftover of 3. */
    const float x[11] = {NAN, -NAN, INFINITY, -INFINITY, FLT_MAX, -FLT_MAX,
                         1e-45f, -1e-45f, 2.5f, -7.0f, NAN};
    const float want[11] = {NAN, NAN, INFINITY, 0.0f, FLT_MAX, 0.0f,
                            1e-45f, 0.0f, 2.5f, 0.0f, NAN};
    check_values("[nan, -nan, inf, -inf, FLT_MAX, -FLT_MAX, 1e-45, -1e-45, 2.5, -7, nan]", x,
                 want, 11);
}

EXERCISE_TEST(ex05, signed_zeros) {
    /* relu(-0.0) is -0.0 (PyTorch and relu_forward keep it); a negative
     * input gives +0.0. Checked in a block and in the leftover. */
    const float x[10] = {-0.0f, 0.0f, -1e-45f, -0.0f, -3.0f, 0.0f, -0.0f, -0.0f, -0.0f, -1.0f};
    const float want[10] = {-0.0f, 0.0f, 0.0f, -0.0f, 0.0f, 0.0f, -0.0f, -0.0f, -0.0f, 0.0f};
    check_values("[-0, 0, -1e-45, -0, -3, 0, -0, -0, -0, -1]", x, want, 10);
}

EXERCISE_TEST(ex05, every_length_0_to_67) {
    Rng rng = rng_new(5);
    for (size_t n = 0; n <= 67; n++)
        if (!check_case(&rng, n, 0, 0, 0)) break;
}

EXERCISE_TEST(ex05, misaligned_input) {
    Rng rng = rng_new(6);
    for (size_t off = 1; off <= 3; off++)
        for (size_t n = 0; n <= 67; n++)
            if (!check_case(&rng, n, off, 0, 0)) return;
}

EXERCISE_TEST(ex05, misaligned_output) {
    Rng rng = rng_new(7);
    for (size_t off = 1; off <= 3; off++)
        for (size_t n = 0; n <= 67; n++)
            if (!check_case(&rng, n, (off + 1) % 4, off, 0)) return;
}

EXERCISE_TEST(ex05, in_place) {
    Rng rng = rng_new(8);
    for (size_t off = 0; off <= 3; off++)
        for (size_t n = 0; n <= 67; n++)
            if (!check_case(&rng, n, 0, off, 1)) return;
}

EXERCISE_TEST(ex05, large_arrays) {
    Rng rng = rng_new(9);
    const size_t sizes[4] = {1000000, 1000003, (1u << 20) + 5, 4099};
    for (size_t k = 0; k < 4; k++)
        if (!check_case(&rng, sizes[k], k % 4, (k + 1) % 4, 0)) return;
    check_case(&rng, 1000001, 0, 2, 1);
}
