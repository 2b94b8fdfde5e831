/* Hidden tests of exercise 14 (instructors only): shapes and values drawn
 * at run time from WORKBOOK_SEED (default 2024), checked against the double
 * reference and central differences of tests/support/ex14_check.h. The
 * failure messages print the seed to reproduce a run. */
#include <stdio.h>

#include "ex14_check.h"

EXERCISE_TEST(ex14, hidden_random_shapes) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x14u);
    for (int trial = 0; trial < 8; trial++) {
        size_t tokens = 1 + rng_below(&rng, 6), d_model = 1 + rng_below(&rng, 10);
        /* mostly the usual 4 d_model, sometimes another width */
        size_t d_ff = rng_below(&rng, 3) ? 4 * d_model : 1 + rng_below(&rng, 20);
        Ex14Act act = rng_below(&rng, 2) ? EX14_GELU : EX14_RELU;
        FfnCase c = ffn_case_new(&rng, tokens, d_model, d_ff, act);
        char label[80];
        snprintf(label, sizeof label, "seed %llu, trial %d", (unsigned long long)seed, trial);
        ffn_check_forward(&c, label);
        ffn_check_backward(&c, label, trial % 2 ? 0.0f : 0.75f);
        ffn_case_free(&c);
    }
}
