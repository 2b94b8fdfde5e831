/* Graded tests of exercise 11, dead units and leaky ReLU
 * (exercises/ex11_dead_units.h).
 *
 * Parts a and b: small inputs whose answers can be worked out by hand,
 * with the edge cases that decide a definition (0, -0, NaN; a unit alive on
 * exactly one example). Part c: the experiment on the first 600 training
 * digits in the prescribed setting (ex11_check.h). Everything the part c
 * tests rely on is recomputed here, with the library, from the weights
 * your run returns; with the seeds fixed the outcome never changes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "activations.h"
#include "ex11_check.h"
#include "harness.h"
#include "mlp.h"

/* ---- part a: leaky ReLU ---------------------------------------------------- */

static const float EDGE_X[10] = {-3.0f, -0.5f, -0.0f, 0.0f, 1e-30f, 0.5f, 4.0f,
                                 -INFINITY, INFINITY, NAN};

EXERCISE_TEST(ex11, leaky_forward) {
    const float slopes[3] = {0.01f, 0.1f, 0.0f};
    for (int s = 0; s < 3; s++) {
        float got[10], want[10];
        for (int i = 0; i < 10; i++) {
            float x = EDGE_X[i];
            want[i] = x > 0.0f ? x : slopes[s] * x;
        }
        ex11_leaky_relu_forward(got, EDGE_X, 10, slopes[s]);
        char call[96];
        snprintf(call, sizeof call, "ex11_leaky_relu_forward(out, x, 10, slope %g)",
                 (double)slopes[s]);
        expect_floats_close(call, EDGE_X, got, want, 10, 0.0f, 0.0f);
    }
    /* The worked example: slope 0.1 on [-3, -0.5, 0.5, 4]. */
    const float x[4] = {-3.0f, -0.5f, 0.5f, 4.0f};
    float y[4];
    memcpy(y, x, sizeof y);
    ex11_leaky_relu_forward(y, y, 4, 0.1f);
    expect_floats_close("ex11_leaky_relu_forward(x, x, 4, slope 0.1), in place", x, y,
                        (const float[]){-0.3f, -0.05f, 0.5f, 4.0f}, 4, 0.0f, 1e-6f);
}

EXERCISE_TEST(ex11, leaky_backward_and_convention_at_zero) {
    float dout[10], got[10], want[10];
    for (int i = 0; i < 10; i++) dout[i] = (float)(i + 1);
    for (int i = 0; i < 10; i++) {
        got[i] = 0.0f;
        /* slope for x <= 0, -0 and NaN (x > 0 is false), as in PyTorch */
        want[i] = EDGE_X[i] > 0.0f ? dout[i] : 0.1f * dout[i];
    }
    ex11_leaky_relu_backward(got, EDGE_X, dout, 10, 0.1f);
    expect_floats_close("ex11_leaky_relu_backward(dinp = 0, x, dout = [1..10], 10, slope 0.1): "
                        "gradient 1 for x > 0, the slope for x <= 0 (at 0 included) and NaN",
                        EDGE_X, got, want, 10, 0.0f, 1e-6f);

    /* Backward adds into dinp. */
    const float x[3] = {-1.0f, 0.0f, 2.0f}, d[3] = {1.0f, 1.0f, 1.0f};
    float acc[3] = {5.0f, 5.0f, 5.0f};
    ex11_leaky_relu_backward(acc, x, d, 3, 0.2f);
    expect_floats_close("ex11_leaky_relu_backward(dinp = [5, 5, 5], x = [-1, 0, 2], dout = 1, "
                        "3, slope 0.2): it must ADD into dinp",
                        x, acc, (const float[]){5.2f, 5.2f, 6.0f}, 3, 0.0f, 1e-6f);
}

/* ---- part b: counting dead units --------------------------------------------- */

/* Calls the counter and checks its count and flags against the expected ones. */
static void expect_dead(const char *what, const float *x, size_t n, size_t in, const float *w,
                        const float *b, size_t units, const uint8_t *want) {
    uint8_t got[8];
    memset(got, 7, sizeof got);
    size_t count = ex11_count_dead(x, n, in, w, b, units, got), want_count = 0;
    for (size_t j = 0; j < units; j++) {
        want_count += want[j];
        cr_expect(got[j] == want[j], "ex11_count_dead on %s: unit %zu should be %s, got dead[%zu] = %d",
                  what, j, want[j] ? "dead (dead[j] = 1)" : "alive (dead[j] = 0)", j, got[j]);
    }
    cr_expect(count == want_count, "ex11_count_dead on %s: expected %zu dead units, got %zu", what,
              want_count, count);
}

/* Four examples in two dimensions: (1, 0), (0, 1), (1, 1), (2, 0.5). */
static const float X4[8] = {1.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f, 2.0f, 0.5f};

EXERCISE_TEST(ex11, count_dead_none_all_some) {
    /* Units with positive weights and zero bias: alive on every example. */
    const float w_alive[6] = {1.0f, 1.0f, 0.5f, 2.0f, 3.0f, 0.25f}, b0[3] = {0, 0, 0};
    expect_dead("3 units with positive weights, bias 0, on 4 examples of [0, 2]^2", X4, 4, 2,
                w_alive, b0, 3, (const uint8_t[]){0, 0, 0});
    /* Negative weights, or a bias that outweighs them: dead everywhere;
     * unit 2 is exactly 0 on every example, which is dead too (ReLU(0) = 0
     * and its gradient there is 0). */
    const float w_dead[6] = {-1.0f, -1.0f, 1.0f, 1.0f, 0.0f, 0.0f}, b_dead[3] = {0.0f, -5.0f, 0.0f};
    expect_dead("3 units that are <= 0 on all 4 examples (one is exactly 0 everywhere)", X4, 4, 2,
                w_dead, b_dead, 3, (const uint8_t[]){1, 1, 1});
    /* A mix: units 0 and 3 dead, 1 and 2 alive. */
    const float w_mix[8] = {-1.0f, 0.0f, 0.0f, 1.0f, 1.0f, -1.0f, 0.5f, 0.5f};
    const float b_mix[4] = {0.0f, -0.5f, 0.0f, -2.0f};
    expect_dead("4 units, 2 of them dead", X4, 4, 2, w_mix, b_mix, 4,
                (const uint8_t[]){1, 0, 0, 1});
}

EXERCISE_TEST(ex11, count_dead_alive_on_one_example_only) {
    /* Unit 0 is positive on example 3 only, (2, 0.5): 2 - 1.5 = 0.5, while
     * examples 0..2 give -0.5, -1.5, -0.5. Zero on every input but one is
     * INACTIVE on three examples, not dead. Unit 1 is positive on example 1
     * only. Unit 2 is dead. */
    const float w[6] = {1.0f, 0.0f, -1.0f, 1.0f, -1.0f, -1.0f}, b[3] = {-1.5f, -0.5f, 0.0f};
    expect_dead("units alive on exactly one of 4 examples", X4, 4, 2, w, b, 3,
                (const uint8_t[]){0, 0, 1});
    /* The same units, when the data set has only examples 0..2: unit 0 now
     * is dead (it was alive only on example 3). */
    expect_dead("the same units on the first 3 examples only", X4, 3, 2, w, b, 3,
                (const uint8_t[]){1, 0, 1});
}

EXERCISE_TEST(ex11, count_dead_nan_input) {
    /* Example 1 has a NaN feature: every unit that sees it has a NaN
     * pre-activation there (even with weight 0: 0 * NaN = NaN). NaN is not
     * <= 0, and ReLU passes NaN and its gradient on, so none of these units
     * is dead, although they are <= 0 on every other example. */
    const float x[6] = {1.0f, 1.0f, NAN, 1.0f, 2.0f, 2.0f};
    const float w[4] = {-1.0f, -1.0f, 0.0f, -1.0f}, b[2] = {0.0f, -1.0f};
    expect_dead("2 units that are <= 0 except for a NaN pre-activation on example 1", x, 3, 2, w,
                b, 2, (const uint8_t[]){0, 0});
}

EXERCISE_TEST(ex11, count_dead_sums_in_float_bias_first) {
    /* The header's order, in float: z = (1 + 1e8) + (-1e8) = 1e8 - 1e8 = 0
     * (1e8 + 1 rounds to 1e8), so unit 0 is dead. In double, or adding the
     * bias last, z = 1 > 0 and it would look alive. Unit 1 (z = 1) lives. */
    const float x[2] = {1.0f, 1.0f};
    const float w[4] = {1e8f, -1e8f, 0.0f, 0.0f}, b[2] = {1.0f, 1.0f};
    expect_dead("1 example, unit 0 with b = 1, w = [1e8, -1e8] (z = b + w0 x0 + w1 x1 in float "
                "is 0), unit 1 with z = 1", x, 1, 2, w, b, 2, (const uint8_t[]){1, 0});
}

/* ---- part c: the experiment ---------------------------------------------------- */

EXERCISE_TEST(ex11, train_starts_from_the_prescribed_network) {
    float *x;
    uint8_t *labels;
    ex11_load_digits(&x, &labels);
    Ex11Config cfg = ex11_setting(0.0f, 1);
    Ex11Run r = ex11_run(cfg, x, labels);
    /* The test builds the same network the header prescribes. */
    Rng rng = rng_new(cfg.seed);
    Mlp *net = mlp_new((size_t[]){EX11_IN, cfg.hidden, 10}, 3, ACT_RELU, 0.0f, &rng);
    Linear *first = mlp_layer(net, 0);
    size_t bad = 0, h = cfg.hidden;
    for (size_t k = 0; k < h * EX11_IN; k++) bad += r.w1[k] != first->weight->data[k];
    cr_expect(bad == 0,
              "ex11_train_dead (ReLU, seed 1): snapshot 0 of w1 should be the first layer of "
              "mlp_new({784, 32, 10}, 3, ACT_RELU, 0, &rng) with rng = rng_new(1), before any "
              "step; %zu of %zu weights differ",
              bad, h * EX11_IN);
    for (size_t j = 0; j < h; j++)
        expect_close(r.b1[j], cfg.bias_init, 0.0f, 0.0f,
                     "ex11_train_dead: snapshot 0 of b1[%zu] (every first-layer bias starts at "
                     "bias_init)", j);
    mlp_free(net);
    ex11_run_free(&r);
    free(x), free(labels);
}

EXERCISE_TEST(ex11, train_reports_dead_fractions_on_the_whole_set) {
    float *x;
    uint8_t *labels;
    ex11_load_digits(&x, &labels);
    Ex11Run r = ex11_run(ex11_setting(0.0f, 1), x, labels);
    /* Zero weights make every unit ambiguous (z = 0 everywhere), and any
     * fraction would then match: the fractions count only on snapshots
     * that hold a network, which training changed. */
    size_t h = r.cfg.hidden, E = r.cfg.epochs, nonzero = 0, changed = 0;
    for (size_t k = 0; k < h * EX11_IN; k++) {
        nonzero += r.w1[k] != 0.0f;
        changed += r.w1[E * h * EX11_IN + k] != r.w1[k];
    }
    cr_assert(nonzero > h * EX11_IN / 2 && changed > 0,
              "ex11_train_dead (ReLU, seed 1): snapshot 0 of w1 has %zu nonzero weights of %zu "
              "and training changed %zu of them by snapshot %zu; the dead fractions are checked "
              "against the snapshots, which must hold the trained network",
              nonzero, h * EX11_IN, changed, E);
    ex11_expect_fractions_match(&r, x, "ReLU, seed 1");
    ex11_run_free(&r);
    free(x), free(labels);
}

EXERCISE_TEST(ex11, relu_loses_more_units_than_leaky) {
    float *x;
    uint8_t *labels;
    ex11_load_digits(&x, &labels);
    Ex11Run relu = ex11_run(ex11_setting(0.0f, 1), x, labels);
    Ex11Run leaky = ex11_run(ex11_setting(0.1f, 1), x, labels);
    size_t E = relu.cfg.epochs;
    uint8_t dead[64];
    float h = (float)relu.cfg.hidden;
    float relu_start = (float)ex11_dead_at(&relu, x, 0, dead, NULL) / h;
    float relu_end = (float)ex11_dead_at(&relu, x, E, dead, NULL) / h;
    float leaky_start = (float)ex11_dead_at(&leaky, x, 0, dead, NULL) / h;
    float leaky_end = (float)ex11_dead_at(&leaky, x, E, dead, NULL) / h;
    /* Both start from the same weights and biases, so from the same dead
     * units; ReLU's cannot recover, leaky ReLU's receive a gradient. */
    cr_expect(relu_end >= relu_start,
              "ReLU: a dead ReLU unit never comes back, so the dead fraction cannot fall: "
              "%g before training, %g after %zu epochs (recomputed from your w1, b1)",
              (double)relu_start, (double)relu_end, E);
    cr_expect(relu_end >= leaky_end + 0.25f,
              "after %zu epochs in the prescribed setting, ReLU's dead fraction (%g) should be "
              "clearly (by 0.25 or more) above leaky ReLU's with slope 0.1 (%g); both started "
              "at %g and %g (recomputed from your w1, b1)",
              E, (double)relu_end, (double)leaky_end, (double)relu_start, (double)leaky_start);
    float acc = ex11_accuracy(&leaky, x, labels);
    cr_expect(acc > 0.6f,
              "the leaky ReLU network should learn: its training accuracy after %zu epochs, "
              "recomputed from your weights, is %g (expected above 0.6)",
              E, (double)acc);
    ex11_run_free(&relu), ex11_run_free(&leaky);
    free(x), free(labels);
}

EXERCISE_TEST(ex11, dead_relu_units_keep_their_weights) {
    float *x;
    uint8_t *labels;
    ex11_load_digits(&x, &labels);
    Ex11Run r = ex11_run(ex11_setting(0.0f, 1), x, labels);
    size_t h = r.cfg.hidden, E = r.cfg.epochs, dead_seen = 0, alive_moved = 0;
    float *zmax = malloc(h * sizeof *zmax);
    cr_assert(zmax, "out of memory");
    for (size_t e = 0; e < E; e++) {
        ex11_max_preactivation(x, EX11_DIGITS, EX11_IN, r.w1 + e * h * EX11_IN, r.b1 + e * h, h,
                               zmax);
        for (size_t j = 0; j < h; j++) {
            const float *row = r.w1 + (e * h + j) * EX11_IN;
            const float *last = r.w1 + (E * h + j) * EX11_IN;
            int same = !memcmp(row, last, EX11_IN * sizeof *row) && r.b1[e * h + j] == r.b1[E * h + j];
            if (zmax[j] < -1e-4f) { /* clearly dead after e epochs */
                dead_seen++;
                cr_expect(same,
                          "unit %zu is dead on all 600 digits after %zu epochs (its largest "
                          "pre-activation is %g), so its gradient is 0 on every batch and its "
                          "weights and bias must stay exactly as they are; they changed by the "
                          "end of training",
                          j, e, (double)zmax[j]);
            } else if (zmax[j] > 0.0f && !same) {
                alive_moved++;
            }
        }
    }
    cr_expect(dead_seen > 0, "the ReLU run (seed 1) should have dead units (recomputed: none)");
    cr_expect(alive_moved > 0, "the ReLU run (seed 1) should train: no living unit's weights "
                               "changed between the snapshots");
    free(zmax);
    ex11_run_free(&r);
    free(x), free(labels);
}
