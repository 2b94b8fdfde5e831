/* Graded tests of exercise 5, a fast ReLU (exercises/ex05_relu_fast.h).
 * The reference is the library's relu_forward, compared bit for bit (any
 * NaN matches any NaN). No test measures time. */
#include <float.h>
#include <math.h>
#include <stddef.h>

#include "ex05_check.h"
#include "ex05_relu_fast.h"
#include "harness.h"
#include "rng.h"

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
