/* Graded tests of exercise 6, gradient norms through a deep stack
 * (exercises/ex06_gradient_norms.h).
 *
 * Two kinds: a one-layer case worked out by hand; and the properties
 * chapter 6 is about, which hold for any correct run: through
 * 20 sigmoid layers the first layer's gradient is many orders of
 * magnitude below the last one's, through 20 ReLU layers with He's gain
 * it stays within a small factor. Every setting is deterministic (fixed
 * seeds), so the outcome never changes from run to run. The experiment
 * against the test's own run of the recipe (the library's autograd) is a
 * hidden test: that run is a solution (docs/contributors-guide.md, "No
 * answers in the student edition"). */
#include <math.h>
#include <stdlib.h>

#include "ex06_gradient_norms.h"
#include "harness.h"
#include "workbook.h"

/* max / min of v[0..n-1] (all positive) */
static float spread(const float *v, size_t n) {
    float lo = v[0], hi = v[0];
    for (size_t i = 1; i < n; i++) {
        if (v[i] < lo) lo = v[i];
        if (v[i] > hi) hi = v[i];
    }
    return hi / lo;
}

EXERCISE_TEST(ex06, one_identity_layer_by_hand) {
    /* depth 1, identity: L = (1/B) sum_ij (x W^T)_ij, so
     * dL/dW[j][k] = (1/B) sum_i x[i][k] for every row j, and
     * dL/dx[i][k] = (1/B) sum_j W[j][k] for every row i. */
    size_t width = 3, batch = 2;
    Rng rng = rng_new(5);
    float x[6], w[9];
    for (int i = 0; i < 6; i++) x[i] = rng_normal(&rng);
    float std = 1.0f / sqrtf(3.0f);
    for (int i = 0; i < 9; i++) w[i] = rng_normal_ms(&rng, 0.0f, std);
    double gw = 0.0, gx = 0.0;
    for (size_t k = 0; k < width; k++) {
        double colx = 0.0, colw = 0.0;
        for (size_t i = 0; i < batch; i++) colx += x[i * width + k];
        for (size_t j = 0; j < width; j++) colw += w[j * width + k];
        gw += (double)width * (colx / 2) * (colx / 2); /* the same in each of the 3 rows */
        gx += (double)batch * (colw / 2) * (colw / 2);
    }
    float got_w = NAN, got_h = NAN;
    ex06_gradient_norms(&got_w, &got_h, 1, width, batch, ACT_IDENTITY, 1.0f, 5);
    expect_close(got_w, (float)sqrt(gw), 0.0f, 1e-5f,
                 "ex06_gradient_norms(depth 1, width 3, batch 2, identity, gain 1, seed 5): "
                 "weight_norms[0] = ||dL/dW_0||");
    expect_close(got_h, (float)sqrt(gx), 0.0f, 1e-5f,
                 "ex06_gradient_norms(depth 1, width 3, batch 2, identity, gain 1, seed 5): "
                 "input_norms[0] = ||dL/dx||");
}

EXERCISE_TEST(ex06, sigmoid_gradient_vanishes_through_20_layers) {
    float w[20], h[20];
    ex06_gradient_norms(w, h, 20, 64, 32, ACT_SIGMOID, 1.0f, 1);
    cr_expect(w[0] > 0.0f && w[0] < 1e-6f * w[19],
              "20 sigmoid layers (width 64, batch 32, gain 1, seed 1): the first layer's weight "
              "gradient should be over a million times below the last one's; got ||dL/dW_0|| = "
              "%g, ||dL/dW_19|| = %g", (double)w[0], (double)w[19]);
    cr_expect(h[0] > 0.0f && h[0] < 1e-6f * h[19],
              "20 sigmoid layers: the gradient reaching the input should be over a million times "
              "below the one entering the top layer; got %g and %g", (double)h[0], (double)h[19]);
    for (size_t l = 1; l < 20; l++)
        cr_expect(h[l - 1] < h[l], "sigmoid: the gradient should shrink at every layer on its way "
                  "down, but input_norms[%zu] = %g >= input_norms[%zu] = %g", l - 1,
                  (double)h[l - 1], l, (double)h[l]);
}

EXERCISE_TEST(ex06, relu_with_he_gain_keeps_the_gradient_within_a_small_factor) {
    /* Flat only thanks to the gain: the same stack with gain 1 must lose
     * its factor ~724 (so that a constant is not "flat"). */
    float w[20], h[20], w1[20], h1[20];
    for (size_t l = 0; l < 20; l++) w[l] = h[l] = w1[l] = h1[l] = NAN;
    ex06_gradient_norms(w1, h1, 20, 64, 32, ACT_RELU, 1.0f, 1);
    cr_assert(h1[19] > 90.0f * h1[0],
              "20 ReLU layers with gain 1 (width 64, batch 32, seed 1): input_norms[19] / "
              "input_norms[0] should be near 2^(19/2) = 724; got %g / %g. With He's gain the "
              "same stack stays flat: that contrast is what this test checks",
              (double)h1[19], (double)h1[0]);
    ex06_gradient_norms(w, h, 20, 64, 32, ACT_RELU, sqrtf(2.0f), 1);
    float sw = spread(w, 20), sh = spread(h, 20);
    cr_expect(sw < 8.0f, "20 ReLU layers with He's gain sqrt 2 (width 64, batch 32, seed 1): the "
              "weight gradients should stay within a factor 8 of each other; max/min = %g "
              "(first %g, last %g)", (double)sw, (double)w[0], (double)w[19]);
    cr_expect(sh < 8.0f, "20 ReLU layers with He's gain: the gradients reaching each layer "
              "should stay within a factor 8; max/min = %g (first %g, last %g)", (double)sh,
              (double)h[0], (double)h[19]);
}

EXERCISE_TEST(ex06, relu_with_gain_1_loses_a_factor_sqrt2_per_layer) {
    /* The weights' share: with std 1/sqrt(width) a ReLU layer halves the
     * gradient's mean square on the way down (half the gates are shut),
     * so over 19 layers the norm falls by about 2^(19/2) = 724. */
    float w[20], h[20];
    ex06_gradient_norms(w, h, 20, 64, 32, ACT_RELU, 1.0f, 1);
    float ratio = h[19] / h[0];
    cr_expect(ratio > 724.0f / 8.0f && ratio < 724.0f * 8.0f,
              "20 ReLU layers with gain 1: input_norms[19] / input_norms[0] should be near "
              "2^(19/2) = 724 (within a factor 8); got %g / %g = %g", (double)h[19], (double)h[0],
              (double)ratio);
}

EXERCISE_TEST(ex06, same_seed_same_numbers_other_seed_other_numbers) {
    float a[5], b[5], c[5], ah[5], bh[5], ch[5];
    ex06_gradient_norms(a, ah, 5, 8, 4, ACT_TANH, 1.0f, 99);
    ex06_gradient_norms(b, bh, 5, 8, 4, ACT_TANH, 1.0f, 99);
    ex06_gradient_norms(c, ch, 5, 8, 4, ACT_TANH, 1.0f, 100);
    for (int l = 0; l < 5; l++)
        cr_expect(a[l] == b[l] && ah[l] == bh[l], "two runs with seed 99 differ at layer %d: "
                  "%g vs %g (weights), %g vs %g (inputs)", l, (double)a[l], (double)b[l],
                  (double)ah[l], (double)bh[l]);
    cr_expect(a[0] != c[0], "seeds 99 and 100 give the same weight_norms[0] = %g: is the seed "
              "used?", (double)a[0]);
}
