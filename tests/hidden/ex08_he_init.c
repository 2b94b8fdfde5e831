/* Hidden tests of exercise 8 (instructors only): shapes, slopes and seeds
 * drawn at run time from WORKBOOK_SEED (default 2024), so a submission
 * cannot hard-code the visible cases. Fans and gains are compared with the
 * library's own init_fan_in / init_fan_out / init_gain (PyTorch's
 * formulas); the statistics allow 5 standard errors (tests/support/stats.h).
 * The failure messages print the seed to replay a run. */
#include <math.h>
#include <stdint.h>

#include "ex08_he_init.h"
#include "harness.h"
#include "rng.h"
#include "stats.h"

/* A random weight shape with 2 to 4 dimensions, each 1..12 (the first two
 * up to 40), small enough to allocate and large enough to be interesting. */
static Tensor *random_weight(Rng *rng) {
    int ndim = 2 + (int)rng_below(rng, 3);
    size_t shape[4];
    for (int d = 0; d < ndim; d++) shape[d] = 1 + rng_below(rng, d < 2 ? 40 : 12);
    return tensor_zeros(ndim, shape);
}

EXERCISE_TEST(ex08, hidden_fans_of_random_shapes) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    for (int trial = 0; trial < 40; trial++) {
        Tensor *w = random_weight(&rng);
        size_t in = ex08_fan(w, FAN_IN), out = ex08_fan(w, FAN_OUT);
        cr_expect(in == init_fan_in(w) && out == init_fan_out(w),
                  "ex08_fan(weight of shape %s): expected fan_in %zu and fan_out %zu, got %zu and "
                  "%zu (seed %llu, trial %d)", tensor_shape_str(w).text, init_fan_in(w),
                  init_fan_out(w), in, out, (unsigned long long)seed, trial);
        tensor_free(w);
    }
}

EXERCISE_TEST(ex08, hidden_gains_of_random_slopes) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x5bd1e995u);
    for (int trial = 0; trial < 40; trial++) {
        float a = rng_uniform_range(&rng, -3.0f, 3.0f);
        expect_close(ex08_leaky_gain(a), init_gain(ACT_LEAKY_RELU, a), 0.0f, 1e-6f,
                     "ex08_leaky_gain(%g) (seed %llu, trial %d)", (double)a,
                     (unsigned long long)seed, trial);
    }
}

EXERCISE_TEST(ex08, hidden_initialisers_on_random_shapes) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x27d4eb2fu);
    char what[200];
    for (int trial = 0; trial < 8; trial++) {
        /* At least 4096 elements, so the statistics are sharp. */
        size_t shape[4] = {32 + rng_below(&rng, 96), 8 + rng_below(&rng, 64), 3, 3};
        int ndim = rng_below(&rng, 2) ? 4 : 2;
        if (ndim == 2) shape[0] *= 9;
        Tensor *w = tensor_zeros(ndim, shape);
        float a = rng_below(&rng, 2) ? 0.0f : rng_uniform_range(&rng, 0.0f, 0.5f);
        FanMode mode = rng_below(&rng, 2) ? FAN_IN : FAN_OUT;
        uint64_t s = rng_u32(&rng);
        double fan = (double)(mode == FAN_IN ? init_fan_in(w) : init_fan_out(w));
        double gain = sqrt(2.0 / (1.0 + (double)a * (double)a));
        snprintf(what, sizeof what, "ex08_kaiming_normal(weight %s, a = %g, %s, seed %llu) "
                 "(hidden seed %llu)", tensor_shape_str(w).text, (double)a,
                 mode == FAN_IN ? "FAN_IN" : "FAN_OUT", (unsigned long long)s,
                 (unsigned long long)seed);
        ex08_kaiming_normal(w, a, mode, s);
        expect_normal_stats(what, w, gain / sqrt(fan));
        snprintf(what, sizeof what, "ex08_kaiming_uniform(weight %s, a = %g, %s, seed %llu) "
                 "(hidden seed %llu)", tensor_shape_str(w).text, (double)a,
                 mode == FAN_IN ? "FAN_IN" : "FAN_OUT", (unsigned long long)s,
                 (unsigned long long)seed);
        ex08_kaiming_uniform(w, a, mode, s);
        expect_uniform_stats(what, w, gain * sqrt(3.0 / fan));
        tensor_free(w);
    }
}

EXERCISE_TEST(ex08, hidden_propagation_at_a_random_seed) {
    /* Width 512, batch 8, 30 layers: log(rms[30] / rms[0]) has a standard
     * deviation near 0.27 over seeds (tests/ex08_he_init.c), so a factor 3
     * (log 1.10, 4 standard deviations) for He and 4 for gain 1. */
    uint64_t seed = harness_seed();
    float rms[31];
    ex08_activation_scale(rms, 30, 512, 8, sqrtf(2.0f), seed);
    float total = rms[30] / rms[0];
    cr_expect(total > 1.0f / 3.0f && total < 3.0f,
              "ex08_activation_scale(depth 30, width 512, batch 8, gain sqrt 2, seed %llu): "
              "rms[30] / rms[0] = %g, expected within a factor 3 of 1", (unsigned long long)seed,
              (double)total);
    ex08_activation_scale(rms, 30, 512, 8, 1.0f, seed + 1);
    total = rms[30] / rms[0];
    float want = ldexpf(1.0f, -15);
    cr_expect(total > want / 4.0f && total < want * 4.0f,
              "ex08_activation_scale(depth 30, width 512, batch 8, gain 1, seed %llu): rms[30] / "
              "rms[0] = %g, expected about 2^-15 = %g", (unsigned long long)seed + 1,
              (double)total, (double)want);
}

EXERCISE_TEST(ex08, hidden_small_sizes) {
    /* Width 1, batch 1, depth 1: one weight, one input; rms is |relu(w x)|. */
    float rms[2] = {NAN, NAN};
    ex08_activation_scale(rms, 1, 1, 1, 1.0f, harness_seed());
    cr_expect(isfinite(rms[0]) && rms[0] > 0.0f && isfinite(rms[1]) && rms[1] >= 0.0f,
              "ex08_activation_scale(depth 1, width 1, batch 1, gain 1, seed %llu): expected "
              "finite rms values, got rms = [%g, %g]", (unsigned long long)harness_seed(),
              (double)rms[0], (double)rms[1]);
}

/* ---- the prescribed recipes, replayed draw by draw (issue 18) ----------- */
#include "support/ex08_replay.h"

EXERCISE_TEST(ex08, hidden_kaiming_draws_replay_the_recipe) {
    /* Parts c and d: rng_new(seed), then one draw per element in order.
     * The std or bound may differ from the library's by a rounding. */
    uint64_t seed = harness_seed() ^ 0x8c;
    for (int uniform = 0; uniform < 2; uniform++) {
        Tensor *w = tensor_zeros(2, (size_t[]){3, 5});
        if (uniform) ex08_kaiming_uniform(w, 0.1f, FAN_IN, seed);
        else ex08_kaiming_normal(w, 0.1f, FAN_IN, seed);
        Rng rng = rng_new(seed);
        float scale = sqrtf(2.0f / (1.0f + 0.01f)) / sqrtf(5.0f);
        for (size_t i = 0; i < w->size; i++) {
            float want = uniform ? rng_uniform_range(&rng, -sqrtf(3.0f) * scale, sqrtf(3.0f) * scale)
                                 : rng_normal_ms(&rng, 0.0f, scale);
            cr_expect(fabsf(w->data[i] - want) <= 1e-6f * fabsf(want) + 1e-12f,
                      "ex08_kaiming_%s(w (3, 5), a 0.1, FAN_IN, seed %llu): element %zu is %.9g; "
                      "replaying the recipe (rng_new(seed), then one %s draw per element in "
                      "order) gives %.9g", uniform ? "uniform" : "normal",
                      (unsigned long long)seed, i, (double)w->data[i],
                      uniform ? "rng_uniform_range" : "rng_normal_ms", (double)want);
        }
        tensor_free(w);
    }
}

EXERCISE_TEST(ex08, hidden_activation_scale_replays_the_recipe) {
    /* Part e measured, not predicted: every layer's rms against the recipe
     * replayed (sums in any order: relative 1e-5). */
    uint64_t seed = harness_seed() ^ 0x8e;
    const size_t sizes[2][3] = {{4, 6, 3}, {3, 2, 5}}; /* depth, width, batch */
    for (int k = 0; k < 2; k++) {
        size_t depth = sizes[k][0], width = sizes[k][1], batch = sizes[k][2];
        float gain = k ? 1.0f : sqrtf(2.0f), rms[5];
        double want[5];
        for (size_t l = 0; l <= depth; l++) rms[l] = NAN;
        ex08_activation_scale(rms, depth, width, batch, gain, seed);
        ex08_replay_scale(want, depth, width, batch, gain, seed);
        for (size_t l = 0; l <= depth; l++)
            cr_expect(fabs(rms[l] - want[l]) <= 1e-5 * want[l] + 1e-30,
                      "ex08_activation_scale(depth %zu, width %zu, batch %zu, gain %g, seed %llu): "
                      "rms[%zu] = %.7g; the recipe replayed (h0, then each W_l drawn from the "
                      "same generator, h_l = relu(h_{l-1} W_l^T)) gives %.7g", depth, width,
                      batch, (double)gain, (unsigned long long)seed, l, (double)rms[l], want[l]);
    }
}
