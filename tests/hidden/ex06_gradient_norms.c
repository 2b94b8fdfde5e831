/* Hidden tests of exercise 6 (instructors only): settings drawn at run time
 * from WORKBOOK_SEED (default 2024), compared with the reference run of
 * tests/support/ex06_check.h; failure messages print every setting. */
#include <stdint.h>

#include "ex06_check.h"

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
