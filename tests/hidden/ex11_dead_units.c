/* Hidden tests of exercise 11 (instructors only): inputs and the training
 * seed drawn from WORKBOOK_SEED (default 2024), so a submission cannot
 * hard-code the visible cases. Failure messages print the seed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "ex11_check.h"
#include "harness.h"
#include "rng.h"

EXERCISE_TEST(ex11, hidden_random_leaky) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    static const float special[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e-40f, -1e-40f};
    for (int trial = 0; trial < 20; trial++) {
        size_t n = 1 + rng_below(&rng, 200);
        float slope = rng_uniform_range(&rng, 0.0f, 0.5f);
        float *x = malloc(n * sizeof *x), *dout = malloc(n * sizeof *dout);
        float *y = malloc(n * sizeof *y), *want_y = malloc(n * sizeof *want_y);
        float *d = malloc(n * sizeof *d), *want_d = malloc(n * sizeof *want_d);
        cr_assert(x && dout && y && want_y && d && want_d, "out of memory");
        for (size_t i = 0; i < n; i++) {
            x[i] = rng_below(&rng, 6) ? rng_normal(&rng) * 3.0f : special[rng_below(&rng, 7)];
            dout[i] = rng_normal(&rng);
            d[i] = want_d[i] = rng_below(&rng, 2) ? rng_normal(&rng) : 0.0f;
        }
        leaky_relu_forward(want_y, x, n, slope);
        leaky_relu_backward(want_d, x, dout, n, slope);
        ex11_leaky_relu_forward(y, x, n, slope);
        ex11_leaky_relu_backward(d, x, dout, n, slope);
        char call[160];
        snprintf(call, sizeof call, "ex11_leaky_relu_forward(out, x, %zu, slope %g) (seed %llu, "
                 "trial %d)", n, (double)slope, (unsigned long long)seed, trial);
        expect_floats_close(call, x, y, want_y, n, 0.0f, 0.0f);
        snprintf(call, sizeof call, "ex11_leaky_relu_backward(dinp, x, dout, %zu, slope %g) "
                 "(seed %llu, trial %d)", n, (double)slope, (unsigned long long)seed, trial);
        expect_floats_close(call, x, d, want_d, n, 0.0f, 1e-6f);
        free(x), free(dout), free(y), free(want_y), free(d), free(want_d);
    }
}

EXERCISE_TEST(ex11, hidden_random_layers) {
    /* Small integer weights and inputs: every pre-activation is an exact
     * small integer in float, whatever the summation order, and many are
     * exactly 0. */
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x11u);
    for (int trial = 0; trial < 30; trial++) {
        size_t n = 1 + rng_below(&rng, 12), in = 1 + rng_below(&rng, 5), units = 1 + rng_below(&rng, 8);
        float x[12 * 5], w[8 * 5], b[8], zmax[8];
        for (size_t k = 0; k < n * in; k++) x[k] = (float)rng_below(&rng, 4);
        for (size_t k = 0; k < units * in; k++) w[k] = (float)rng_below(&rng, 5) - 3.0f;
        for (size_t j = 0; j < units; j++) b[j] = (float)rng_below(&rng, 5) - 3.0f;
        if (trial % 5 == 0) x[rng_below(&rng, (uint32_t)(n * in))] = NAN;
        ex11_max_preactivation(x, n, in, w, b, units, zmax);
        uint8_t got[8];
        size_t count = ex11_count_dead(x, n, in, w, b, units, got), want_count = 0;
        for (size_t j = 0; j < units; j++) {
            int want = zmax[j] <= 0.0f;
            want_count += (size_t)want;
            cr_expect(got[j] == want,
                      "ex11_count_dead on a random %zu-unit layer over %zu examples of %zu "
                      "features (seed %llu, trial %d): unit %zu's largest pre-activation is %g, so "
                      "dead[%zu] should be %d, got %d",
                      units, n, in, (unsigned long long)seed, trial, j, (double)zmax[j], j, want,
                      got[j]);
        }
        cr_expect(count == want_count, "ex11_count_dead (seed %llu, trial %d): expected %zu dead, got %zu",
                  (unsigned long long)seed, trial, want_count, count);
    }
}

EXERCISE_TEST(ex11, hidden_experiment_other_seed) {
    uint64_t seed = harness_seed();
    uint64_t run_seed = 100 + seed % 1000;
    float *x;
    uint8_t *labels;
    ex11_load_digits(&x, &labels);
    Ex11Run relu = ex11_run(ex11_setting(0.0f, run_seed), x, labels);
    Ex11Run leaky = ex11_run(ex11_setting(0.1f, run_seed), x, labels);
    size_t E = relu.cfg.epochs, h = relu.cfg.hidden;
    uint8_t dead[64];
    char run[64];
    snprintf(run, sizeof run, "ReLU, run seed %llu", (unsigned long long)run_seed);
    ex11_expect_fractions_match(&relu, x, run);
    float relu_end = (float)ex11_dead_at(&relu, x, E, dead, NULL) / (float)h;
    float leaky_end = (float)ex11_dead_at(&leaky, x, E, dead, NULL) / (float)h;
    cr_expect(relu_end >= leaky_end + 0.1f,
              "run seed %llu: ReLU's final dead fraction (%g) should be clearly above leaky "
              "ReLU's (%g)", (unsigned long long)run_seed, (double)relu_end, (double)leaky_end);
    float acc = ex11_accuracy(&leaky, x, labels);
    cr_expect(acc > 0.4f, "run seed %llu: the leaky network's training accuracy is %g, expected "
              "above 0.4", (unsigned long long)run_seed, (double)acc);
    ex11_run_free(&relu), ex11_run_free(&leaky);
    free(x), free(labels);
}

/* ---- the prescribed recipe, replayed (issue 18) ------------------------- */
#include "support/ex11_replay.h"

EXERCISE_TEST(ex11, hidden_training_replays_the_recipe) {
    /* 30 digits, 6 hidden units, batches of 8, 2 epochs: the first layer's
     * weight after 1 and after 2 epochs, against the recipe replayed
     * (the batcher's seed is cfg->seed + 1). */
    float *x;
    uint8_t *labels;
    ex11_load_digits(&x, &labels);
    Ex11Config cfg = {.hidden = 6, .epochs = 2, .batch_size = 8, .lr = 0.1f, .bias_init = -0.5f,
                      .slope = 0.0f, .seed = harness_seed() ^ 0x11u};
    size_t n = 30, h = 6, snaps = 3, size = h * EX11_IN;
    float *w1 = malloc(snaps * size * sizeof *w1), *want = malloc(snaps * size * sizeof *want);
    float *b1 = malloc(snaps * h * sizeof *b1), *w2 = malloc(10 * h * sizeof *w2), b2[10];
    float frac[3];
    cr_assert(w1 && want && b1 && w2, "out of memory");
    ex11_train_dead(&cfg, x, labels, n, EX11_IN, frac, w1, b1, w2, b2);
    ex11_replay(&cfg, x, labels, n, EX11_IN, want);
    for (size_t e = 1; e < snaps; e++) {
        char call[200];
        snprintf(call, sizeof call, "ex11_train_dead(30 digits, hidden 6, batch 8, lr 0.1, "
                 "bias_init -0.5, ReLU, seed %llu): snapshot %zu of w1 against the recipe "
                 "replayed (batcher_new(..., seed + 1))", (unsigned long long)cfg.seed, e);
        expect_floats_close(call, NULL, w1 + e * size, want + e * size, size, 1e-6f, 1e-5f);
    }
    free(w1), free(want), free(b1), free(w2), free(x), free(labels);
}
