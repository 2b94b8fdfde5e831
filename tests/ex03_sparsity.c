/* Graded tests of exercise 3, measuring sparsity (exercises/ex03_sparsity.h).
 *
 * Exact tests use crafted inputs. Statistical tests draw large samples
 * with a fixed seed and allow k = 5 binomial standard errors,
 * sqrt(p (1 - p) / n): a measured fraction of n independent yes/no events
 * is within 5 standard errors of its probability except with chance
 * below 1e-6, yet a wrong formula (a sign error, a missing sqrt 2) is off
 * by many more. With the seed fixed the outcome never changes. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "activations.h"
#include "ex03_sparsity.h"
#include "harness.h"
#include "ops.h"
#include "rng.h"

#define K_SE 5.0

/* Phi(-b / s) in double: the test's own reference. */
static double phi_neg(double b, double s) { return 0.5 * erfc(b / (s * sqrt(2.0))); }

static float binomial_tolerance(double p, size_t n) {
    return (float)(K_SE * sqrt(p * (1.0 - p) / (double)n));
}

/* ---- part a: zero fraction ---------------------------------------------- */

EXERCISE_TEST(ex03, zero_fraction_exact) {
    /* Three exact zeros (0, -0 and 0) out of 8; 1e-30 and NaN are not zero,
     * and negative numbers are not zero either. */
    const float v[8] = {0.0f, 1.0f, -0.0f, 2.0f, 0.0f, -3.0f, 1e-30f, NAN};
    Tensor *h = tensor_vector(8, v);
    expect_close(ex03_zero_fraction(h), 0.375f, 0.0f, 1e-6f,
                 "ex03_zero_fraction(tensor([0, 1, -0, 2, 0, -3, 1e-30, nan]))");
    tensor_free(h);

    const float w[6] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 5.0f};
    Tensor *m = tensor_matrix(2, 3, w);
    expect_close(ex03_zero_fraction(m), 5.0f / 6.0f, 0.0f, 1e-6f,
                 "ex03_zero_fraction(tensor([[0, 0, 0], [0, 0, 5]]))");
    tensor_free(m);
}

EXERCISE_TEST(ex03, zero_fraction_subnormals_are_not_zero) {
    /* The smallest floats (subnormals, down to 1.4e-45) are tiny but not 0:
     * one zero out of five. */
    const float v[5] = {1e-45f, -1e-45f, 0.0f, 1e-39f, 1.1754942e-38f};
    Tensor *t = tensor_vector(5, v);
    expect_close(ex03_zero_fraction(t), 0.2f, 0.0f, 1e-6f,
                 "ex03_zero_fraction(tensor([1e-45, -1e-45, 0, 1e-39, 1.1754942e-38]))");
    tensor_free(t);
}

EXERCISE_TEST(ex03, zero_fraction_extremes) {
    Tensor *z = tensor_matrix(3, 4, NULL);
    expect_close(ex03_zero_fraction(z), 1.0f, 0.0f, 0.0f,
                 "ex03_zero_fraction of a (3, 4) tensor of zeros");
    tensor_fill(z, 0.5f);
    expect_close(ex03_zero_fraction(z), 0.0f, 0.0f, 0.0f,
                 "ex03_zero_fraction of a (3, 4) tensor of 0.5s");
    tensor_free(z);

    Tensor *one = tensor_scalar(0.0f);
    expect_close(ex03_zero_fraction(one), 1.0f, 0.0f, 0.0f, "ex03_zero_fraction(tensor(0.))");
    tensor_free(one);

    size_t shape[2] = {0, 4};
    Tensor *e = tensor_zeros(2, shape);
    float f = ex03_zero_fraction(e);
    cr_expect(isnan(f),
              "ex03_zero_fraction of an empty (0, 4) tensor should be NaN (no elements), got %g",
              (double)f);
    tensor_free(e);
}

EXERCISE_TEST(ex03, zero_fraction_of_relu_of_normal_samples) {
    /* The curriculum's example: about half of ReLU(1000 standard normal
     * samples) are exact zeros (PyTorch's seed 0 gives 0.506). */
    size_t n = 1000;
    Tensor *z = tensor_vector(n, NULL);
    Rng rng = rng_new(0);
    rng_fill_normal(&rng, z, 0.0f, 1.0f);
    Tensor *h = tensor_relu(z);
    size_t zeros = 0;
    for (size_t i = 0; i < n; i++) zeros += h->data[i] == 0.0f ? 1u : 0u;
    float got = ex03_zero_fraction(h);
    expect_close(got, (float)zeros / (float)n, 0.0f, 1e-6f,
                 "ex03_zero_fraction(relu(1000 normal samples, seed 0)), %zu exact zeros", zeros);
    expect_close(got, 0.5f, binomial_tolerance(0.5, n), 0.0f,
                 "ex03_zero_fraction(relu(1000 normal samples)) should be near 1/2");
    tensor_free(h);
    tensor_free(z);
}

/* ---- part b: unit activity ---------------------------------------------- */

EXERCISE_TEST(ex03, unit_activity_exact) {
    /* 4 inputs (rows) x 3 units (columns). Unit 0 is active on 3 inputs,
     * unit 1 never (0 and NaN are not active), unit 2 on 1. */
    const float v[12] = {1.0f, 0.0f, 0.0f,
                         2.0f, NAN,  0.0f,
                         0.0f, 0.0f, 7.0f,
                         0.5f, 0.0f, 0.0f};
    Tensor *h = tensor_matrix(4, 3, v);
    float got[3] = {-1.0f, -1.0f, -1.0f};
    const float want[3] = {0.75f, 0.0f, 0.25f};
    ex03_unit_activity(h, got);
    expect_floats_close("ex03_unit_activity(h = [[1, 0, 0], [2, nan, 0], [0, 0, 7], [0.5, 0, 0]]) "
                        "for units 0, 1, 2",
                        NULL, got, want, 3, 0.0f, 1e-6f);
    tensor_free(h);

    /* One input, five units: each fraction is 0 or 1. */
    const float r[5] = {3.0f, 0.0f, 1e-30f, 0.0f, 2.0f};
    Tensor *row = tensor_matrix(1, 5, r);
    float got5[5] = {-1, -1, -1, -1, -1};
    const float want5[5] = {1.0f, 0.0f, 1.0f, 0.0f, 1.0f};
    ex03_unit_activity(row, got5);
    expect_floats_close("ex03_unit_activity(h = [[3, 0, 1e-30, 0, 2]])", NULL, got5, want5, 5,
                        0.0f, 0.0f);
    tensor_free(row);

    /* An empty batch: no input to measure, so NaN for every unit. */
    size_t shape[2] = {0, 3};
    Tensor *none = tensor_zeros(2, shape);
    float got0[3] = {-1.0f, -1.0f, -1.0f};
    const float want0[3] = {NAN, NAN, NAN};
    ex03_unit_activity(none, got0);
    expect_floats_close("ex03_unit_activity of an empty (0, 3) h (no inputs: NaN)", NULL, got0,
                        want0, 3, 0.0f, 0.0f);
    tensor_free(none);
}

EXERCISE_TEST(ex03, unit_activity_at_the_edges_of_float) {
    /* Active means h > 0, all the way to float's ends: the smallest
     * subnormal and +inf are active, -0.0, -inf and -FLT_MAX are not. */
    const float v[8] = {1e-45f,  FLT_MAX,  INFINITY,  -0.0f,
                        -1e-45f, -FLT_MAX, -INFINITY, 0.0f};
    Tensor *h = tensor_matrix(2, 4, v);
    float got[4] = {-1.0f, -1.0f, -1.0f, -1.0f};
    const float want[4] = {0.5f, 0.5f, 0.5f, 0.0f};
    ex03_unit_activity(h, got);
    expect_floats_close("ex03_unit_activity(h = [[1e-45, FLT_MAX, inf, -0], [-1e-45, -FLT_MAX, "
                        "-inf, 0]]) for units 0 to 3",
                        NULL, got, want, 4, 0.0f, 0.0f);
    tensor_free(h);
}

EXERCISE_TEST(ex03, unit_activity_matches_half_spaces) {
    /* h = ReLU(x W^T + b) for 4000 standard-normal inputs x in R^16. Unit
     * j's pre-activation is N(b_j, |w_j|^2), so it is active with
     * probability 1 - Phi(-b_j / |w_j|). */
    size_t batch = 4000, in = 16, units = 8;
    Rng rng = rng_new(3);
    Tensor *x = tensor_matrix(batch, in, NULL), *w = tensor_matrix(units, in, NULL);
    Tensor *b = tensor_vector(units, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    rng_fill_normal(&rng, w, 0.0f, 0.25f);
    rng_fill_uniform(&rng, b, -1.5f, 1.5f);
    Tensor *xw = tensor_matmul_bt(x, w);
    Tensor *z = tensor_add_bias(xw, b);
    Tensor *h = tensor_relu(z);
    float got[8];
    ex03_unit_activity(h, got);
    for (size_t j = 0; j < units; j++) {
        double norm = 0.0;
        for (size_t k = 0; k < in; k++) {
            double wk = (double)w->data[j * in + k];
            norm += wk * wk;
        }
        double p = 1.0 - phi_neg((double)b->data[j], sqrt(norm));
        expect_close(got[j], (float)p, binomial_tolerance(p, batch), 0.0f,
                     "ex03_unit_activity of h = relu(x W^T + b), 4000 normal inputs: unit %zu "
                     "(bias %.3f, |w| %.3f) active fraction vs 1 - Phi(-b/|w|)",
                     j, (double)b->data[j], sqrt(norm));
    }
    tensor_free(h);
    tensor_free(z);
    tensor_free(xw);
    tensor_free(x);
    tensor_free(w);
    tensor_free(b);
}

/* ---- part c: predicted zero fraction ------------------------------------ */

EXERCISE_TEST(ex03, predicted_exact_values) {
    const float cases[][2] = {{0.0f, 1.0f}, {1.0f, 1.0f}, {-1.0f, 2.0f}, {5.0f, 2.0f},
                              {0.3f, 0.7f}, {-3.0f, 1.5f}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        float b = cases[c][0], s = cases[c][1];
        float want = (float)phi_neg((double)b, (double)s);
        expect_close(ex03_predicted_zero_fraction(b, s), want, 0.0f, 1e-5f,
                     "ex03_predicted_zero_fraction(bias %g, sigma %g) = Phi(%g)", (double)b,
                     (double)s, (double)(-b / s));
    }
}

EXERCISE_TEST(ex03, predicted_tails_and_edges) {
    /* Far tails: erfcf keeps the relative accuracy that 1 - x would lose. */
    expect_close(ex03_predicted_zero_fraction(10.0f, 1.0f), 7.619853e-24f, 0.0f, 1e-4f,
                 "ex03_predicted_zero_fraction(bias 10, sigma 1) = Phi(-10)");
    expect_close(ex03_predicted_zero_fraction(6.0f, 1.0f), 9.8658765e-10f, 0.0f, 1e-4f,
                 "ex03_predicted_zero_fraction(bias 6, sigma 1) = Phi(-6)");
    expect_close(ex03_predicted_zero_fraction(-10.0f, 1.0f), 1.0f, 0.0f, 1e-6f,
                 "ex03_predicted_zero_fraction(bias -10, sigma 1) = Phi(10)");
    /* sigma = 0: z = bias exactly. */
    expect_close(ex03_predicted_zero_fraction(0.5f, 0.0f), 0.0f, 0.0f, 0.0f,
                 "ex03_predicted_zero_fraction(bias 0.5, sigma 0)");
    expect_close(ex03_predicted_zero_fraction(-0.5f, 0.0f), 1.0f, 0.0f, 0.0f,
                 "ex03_predicted_zero_fraction(bias -0.5, sigma 0)");
    expect_close(ex03_predicted_zero_fraction(0.0f, 0.0f), 1.0f, 0.0f, 0.0f,
                 "ex03_predicted_zero_fraction(bias 0, sigma 0) (relu(0) = 0 is a zero)");
    float neg = ex03_predicted_zero_fraction(1.0f, -1.0f);
    cr_expect(isnan(neg), "ex03_predicted_zero_fraction(bias 1, sigma -1) should be NaN, got %g",
              (double)neg);
    /* A NaN argument has no meaning, with sigma = 0 too. */
    const float nan_args[4][2] = {{NAN, 0.0f}, {NAN, 1.0f}, {0.0f, NAN}, {-1.0f, NAN}};
    for (int k = 0; k < 4; k++) {
        float p = ex03_predicted_zero_fraction(nan_args[k][0], nan_args[k][1]);
        cr_expect(isnan(p), "ex03_predicted_zero_fraction(bias %g, sigma %g) should be NaN, got %g",
                  (double)nan_args[k][0], (double)nan_args[k][1], (double)p);
    }
}

EXERCISE_TEST(ex03, predicted_at_the_edges_of_float) {
    /* Arguments where sigma sqrt 2 overflows in float (FLT_MAX) or rounds
     * to a neighbouring subnormal, infinities and -0.0: the header asks
     * for the ratio in double, so the answer is Phi(-b / s) as computed
     * here in double. */
    const float cases[][2] = {{FLT_MAX, FLT_MAX},  {-FLT_MAX, FLT_MAX}, {1e30f, FLT_MAX},
                              {1e-45f, 1e-45f},    {-1e-45f, 1e-45f},   {3e-45f, 1e-45f},
                              {1e-40f, 2e-40f},    {INFINITY, 1.0f},    {-INFINITY, 1.0f},
                              {1.0f, INFINITY},    {-0.0f, 1.0f},       {-0.0f, 1e-45f}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        float b = cases[c][0], s = cases[c][1];
        float want = (float)phi_neg((double)b, (double)s);
        expect_close(ex03_predicted_zero_fraction(b, s), want, 0.0f, 1e-5f,
                     "ex03_predicted_zero_fraction(bias %g, sigma %g) = Phi(%g)", (double)b,
                     (double)s, -(double)b / (double)s);
    }
    expect_close(ex03_predicted_zero_fraction(-0.0f, 0.0f), 1.0f, 0.0f, 0.0f,
                 "ex03_predicted_zero_fraction(bias -0, sigma 0) (relu(-0) = -0 is a zero)");
}

EXERCISE_TEST(ex03, predicted_matches_measured) {
    /* Over a range of biases, the measured zero fraction of relu(z),
     * z ~ N(b, 1.5^2), n = 20000, is within 5 standard errors of the
     * prediction. Both functions are yours; the test also checks the
     * prediction against its own Phi. */
    const float sigma = 1.5f, biases[] = {-3.0f, -1.5f, -0.5f, 0.0f, 0.4f, 1.0f, 2.0f, 4.0f};
    size_t n = 20000;
    Rng rng = rng_new(4);
    Tensor *z = tensor_vector(n, NULL);
    for (size_t k = 0; k < sizeof biases / sizeof biases[0]; k++) {
        float b = biases[k];
        rng_fill_normal(&rng, z, b, sigma);
        Tensor *h = tensor_relu(z);
        float measured = ex03_zero_fraction(h), predicted = ex03_predicted_zero_fraction(b, sigma);
        double p = phi_neg((double)b, (double)sigma);
        expect_close(predicted, (float)p, 0.0f, 1e-5f,
                     "ex03_predicted_zero_fraction(bias %g, sigma 1.5)", (double)b);
        expect_close(measured, predicted, binomial_tolerance(p, n), 0.0f,
                     "ex03_zero_fraction of relu(z), z = 20000 samples of N(%g, 1.5^2), should "
                     "be within 5 standard errors (%.2g) of the prediction Phi(-b / sigma) = %.6f "
                     "(expected: your ex03_predicted_zero_fraction; got: your "
                     "ex03_zero_fraction)", (double)b, (double)binomial_tolerance(p, n), p);
        tensor_free(h);
    }
    tensor_free(z);
}
