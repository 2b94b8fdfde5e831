/* Hidden tests of exercise 3 (instructors only): inputs drawn at run time
 * from WORKBOOK_SEED (default 2024), so a submission cannot hard-code them.
 * The failure messages print the seed to reproduce a run. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "ex03_sparsity.h"
#include "harness.h"
#include "rng.h"

/* A zero (of either sign) with probability 1/3, else a non-zero value,
 * now and then NaN or a tiny one. */
static float draw_value(Rng *rng) {
    switch (rng_below(rng, 9)) {
    case 0: case 1: return 0.0f;
    case 2: return -0.0f;
    case 3: return NAN;
    case 4: return 1e-30f;
    default: return rng_normal(rng) + (rng_below(rng, 2) ? 2.0f : -2.0f);
    }
}

EXERCISE_TEST(ex03, hidden_zero_fraction_random) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    for (int trial = 0; trial < 20; trial++) {
        size_t shape[2] = {1 + rng_below(&rng, 20), 1 + rng_below(&rng, 20)};
        Tensor *h = tensor_zeros(2, shape);
        size_t zeros = 0;
        for (size_t i = 0; i < h->size; i++) {
            h->data[i] = draw_value(&rng);
            zeros += h->data[i] == 0.0f ? 1u : 0u;
        }
        expect_close(ex03_zero_fraction(h), (float)((double)zeros / (double)h->size), 0.0f, 1e-6f,
                     "ex03_zero_fraction of a random %s tensor with %zu exact zeros (seed %llu, "
                     "trial %d)",
                     tensor_shape_str(h).text, zeros, (unsigned long long)seed, trial);
        tensor_free(h);
    }
}

EXERCISE_TEST(ex03, hidden_unit_activity_random) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x9e3779b97f4a7c15u);
    for (int trial = 0; trial < 20; trial++) {
        size_t batch = 1 + rng_below(&rng, 30), units = 1 + rng_below(&rng, 10);
        Tensor *h = tensor_matrix(batch, units, NULL);
        for (size_t i = 0; i < h->size; i++) h->data[i] = draw_value(&rng);
        float got[10], want[10];
        for (size_t j = 0; j < units; j++) {
            size_t active = 0;
            for (size_t i = 0; i < batch; i++) active += h->data[i * units + j] > 0.0f ? 1u : 0u;
            want[j] = (float)((double)active / (double)batch);
            got[j] = -1.0f;
        }
        ex03_unit_activity(h, got);
        char call[160];
        snprintf(call, sizeof call,
                 "ex03_unit_activity of a random (%zu, %zu) h, per unit (seed %llu, trial %d)",
                 batch, units, (unsigned long long)seed, trial);
        expect_floats_close(call, NULL, got, want, units, 0.0f, 1e-6f);
        tensor_free(h);
    }
}

EXERCISE_TEST(ex03, hidden_predicted_random) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x2545f4914f6cdd1du);
    for (int trial = 0; trial < 50; trial++) {
        float b = rng_uniform_range(&rng, -8.0f, 8.0f), s = rng_uniform_range(&rng, 0.1f, 3.0f);
        double want = 0.5 * erfc((double)b / ((double)s * sqrt(2.0)));
        expect_close(ex03_predicted_zero_fraction(b, s), (float)want, 0.0f, 1e-4f,
                     "ex03_predicted_zero_fraction(bias %.9g, sigma %.9g) (seed %llu)", (double)b,
                     (double)s, (unsigned long long)seed);
    }
}
