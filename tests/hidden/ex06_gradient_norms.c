/* Hidden tests of exercise 6 (instructors only): settings drawn at run time
 * from WORKBOOK_SEED (default 2024), compared with the reference run of
 * tests/hidden/support/ex06_check.h; failure messages print every setting. */
#include <stdint.h>

#include "support/ex06_check.h"

EXERCISE_TEST(ex06, hidden_random_settings) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x6a09e667f3bcc909u);
    const ActKind acts[4] = {ACT_IDENTITY, ACT_RELU, ACT_SIGMOID, ACT_TANH};
    for (int trial = 0; trial < 12; trial++) {
        size_t depth = 1 + rng_below(&rng, 12), width = 1 + rng_below(&rng, 24);
        size_t batch = 1 + rng_below(&rng, 6);
        ActKind act = acts[rng_below(&rng, 4)];
        float gain = rng_uniform_range(&rng, 0.5f, 2.5f);
        uint64_t s = rng_u32(&rng);
        cr_expect_eq(ex06_compare(depth, width, batch, act, gain, s), 0,
                     "hidden trial %d (WORKBOOK_SEED %llu) failed", trial,
                     (unsigned long long)seed);
    }
}

/* ---- fixed settings against the reference run (moved from the graded tests) ---- */

EXERCISE_TEST(ex06, matches_the_reference_for_each_activation) {
    cr_expect_eq(ex06_compare(6, 16, 8, ACT_SIGMOID, 1.0f, 11), 0);
    cr_expect_eq(ex06_compare(6, 16, 8, ACT_TANH, 1.0f, 12), 0);
    cr_expect_eq(ex06_compare(6, 16, 8, ACT_RELU, sqrtf(2.0f), 13), 0);
    cr_expect_eq(ex06_compare(3, 5, 4, ACT_IDENTITY, 0.5f, 14), 0);
}

EXERCISE_TEST(ex06, matches_the_reference_at_depth_20) {
    cr_expect_eq(ex06_compare(20, 32, 16, ACT_SIGMOID, 1.0f, 1), 0);
    cr_expect_eq(ex06_compare(20, 32, 16, ACT_TANH, 5.0f / 3.0f, 1), 0);
    cr_expect_eq(ex06_compare(20, 32, 16, ACT_RELU, sqrtf(2.0f), 1), 0);
}

EXERCISE_TEST(ex06, batch_of_one_and_rectangular_settings) {
    cr_expect_eq(ex06_compare(4, 7, 1, ACT_RELU, sqrtf(2.0f), 21), 0);
    cr_expect_eq(ex06_compare(2, 1, 3, ACT_TANH, 2.0f, 22), 0);
    cr_expect_eq(ex06_compare(5, 9, 1, ACT_SIGMOID, 3.0f, 23), 0);
}
