/* Hidden tests of exercise 7 (instructors only): shapes and values drawn at
 * run time from WORKBOOK_SEED (default 2024), compared with the library's
 * autograd (tests/support/ex07_check.h); messages print the setting. */
#include <stdint.h>

#include "ex07_check.h"

EXERCISE_TEST(ex07, hidden_random_shapes) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0xbb67ae8584caa73bu);
    for (int trial = 0; trial < 10; trial++) {
        size_t b = 1 + rng_below(&rng, 6), i = 1 + rng_below(&rng, 9);
        size_t h1 = 1 + rng_below(&rng, 12), h2 = 1 + rng_below(&rng, 12);
        size_t o = 1 + rng_below(&rng, 6);
        uint64_t s = rng_u32(&rng);
        Ex07Case c = ex07_case_new(b, i, h1, h2, o, s);
        cr_expect_eq(ex07_check_forward(&c, s), 0, "hidden trial %d (WORKBOOK_SEED %llu)", trial,
                     (unsigned long long)seed);
        cr_expect_eq(ex07_check_backward(&c, s), 0, "hidden trial %d (WORKBOOK_SEED %llu)", trial,
                     (unsigned long long)seed);
        ex07_case_free(&c);
    }
}
