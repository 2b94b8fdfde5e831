/* Hidden tests of exercise 5 (instructors only): lengths, offsets and
 * data drawn at run time from WORKBOOK_SEED (default 2024), so a
 * submission cannot hard-code them. The failure messages print the seed. */
#include <stdint.h>

#include "ex05_check.h"
#include "harness.h"
#include "rng.h"

EXERCISE_TEST(ex05, hidden_random_cases) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    for (int trial = 0; trial < 200; trial++) {
        size_t n = rng_below(&rng, 4) ? rng_below(&rng, 200) : rng_below(&rng, 20000);
        size_t in_off = rng_below(&rng, 4), out_off = rng_below(&rng, 4);
        int in_place = rng_below(&rng, 3) == 0;
        if (!check_case(&rng, n, in_off, out_off, in_place)) {
            cr_expect_fail("(the case above: seed %llu, trial %d)", (unsigned long long)seed,
                           trial);
            return;
        }
    }
}
