/* Graded tests of exercise 13, the conv block (exercises/ex13_conv_block.h).
 *
 * Worked cases and properties (the student edition ships no table of
 * expected outputs: docs/contributors-guide.md, "No answers in the student
 * edition"); the comparisons with PyTorch's own numbers are hidden tests
 * (tests/hidden/ex13_conv_block.c). */
#include <math.h>
#include <signal.h>
#include <stdlib.h>

#include "ex13_conv_block.h"
#include "harness.h"
#include "rng.h"


static float *filled(size_t n, float value) {
    float *p = malloc((n ? n : 1) * sizeof *p);
    cr_assert(p != NULL, "out of memory");
    for (size_t i = 0; i < n; i++) p[i] = value;
    return p;
}

/* ---- part a: the output size --------------------------------------------- */

EXERCISE_TEST(ex13, out_size_formula) {
    /* in, kernel, stride, padding, expected */
    static const size_t cases[][5] = {
        {5, 3, 1, 1, 5},     /* "same" padding keeps the size */
        {28, 3, 1, 1, 28},   {28, 5, 2, 2, 14},  {224, 7, 2, 3, 112},
        {6, 3, 2, 1, 3},     {5, 3, 2, 1, 3},    {7, 3, 2, 0, 3},
        {8, 3, 2, 0, 3},     /* (8 - 3) / 2 = 2.5 rounds down */
        {10, 3, 3, 0, 3},    /* 7 / 3 rounds down to 2 */
        {3, 3, 2, 2, 3},     {1, 1, 1, 0, 1},    {4, 6, 1, 1, 1}, /* kernel = in + 2p */
        {5, 5, 1, 0, 1},     {16, 1, 1, 0, 16},  {16, 1, 4, 0, 4},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t got = ex13_out_size(cases[k][0], cases[k][1], cases[k][2], cases[k][3]);
        cr_expect(got == cases[k][4],
                  "ex13_out_size(in %zu, kernel %zu, stride %zu, padding %zu): expected "
                  "floor((%zu + 2*%zu - %zu) / %zu) + 1 = %zu, got %zu",
                  cases[k][0], cases[k][1], cases[k][2], cases[k][3], cases[k][0], cases[k][3],
                  cases[k][1], cases[k][2], cases[k][4], got);
    }
}

EXERCISE_TEST(ex13, out_size_rejects_stride_0, .signal = SIGABRT) {
    /* A stride of 0 never moves the window: must abort with a message. */
    ex13_out_size(5, 3, 0, 1);
}

EXERCISE_TEST(ex13, out_size_rejects_kernel_larger_than_padded_input, .signal = SIGABRT) {
    /* A 9x9 kernel does not fit in a 5-pixel row padded by 1 (7 pixels). */
    ex13_out_size(5, 9, 1, 1);
}

/* ---- part b: the convolution --------------------------------------------- */

EXERCISE_TEST(ex13, conv2d_single_pixel_filters) {
    /* A 1-channel 3x3 image 1..9 and a 3x3 filter that is 1 at one spot
     * (u, v) and 0 elsewhere: with padding 1 the output is the image shifted
     * by (u - 1, v - 1), zeros where the window leaves the image. This
     * catches a flipped filter (true convolution) and padding that is not
     * zero. */
    const float img[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const float bias[1] = {0};
    Ex13Config cfg = {1, 1, 3, 3, 1, 3, 1, 1, 1e-5f, 0.1f};
    for (int u = 0; u < 3; u++)
        for (int v = 0; v < 3; v++) {
            float w[9] = {0}, out[9], want[9];
            w[u * 3 + v] = 1.0f;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    int y = i + u - 1, x = j + v - 1;
                    want[i * 3 + j] = (y >= 0 && y < 3 && x >= 0 && x < 3) ? img[y * 3 + x] : 0.0f;
                    out[i * 3 + j] = NAN;
                }
            char what[200];
            snprintf(what, sizeof what,
                     "ex13_conv2d(image [[1,2,3],[4,5,6],[7,8,9]], 3x3 filter with a single 1 at "
                     "(%d, %d), padding 1)",
                     u, v);
            ex13_conv2d(out, img, w, bias, &cfg);
            expect_floats_close(what, NULL, out, want, 9, 0.0f, 0.0f);
        }
}

EXERCISE_TEST(ex13, conv2d_rejects_kernel_larger_than_padded_image, .signal = SIGABRT) {
    float v[64] = {0}, out[64];
    /* 4x4 image, 7x7 kernel, padding 1: 7 > 6. */
    Ex13Config cfg = {1, 1, 4, 4, 1, 7, 1, 1, 1e-5f, 0.1f};
    ex13_conv2d(out, v, v, v, &cfg);
}

/* ---- part c: batch norm in training mode --------------------------------- */

EXERCISE_TEST(ex13, batchnorm_train_normalises_each_channel) {
    /* 4 samples x 3 channels x 25 positions, channel c ~ N(5c - 3, (c + 1)^2).
     * With gamma = (1, 2, 0.5) and beta = (0, -1, 3), channel c's outputs
     * must have mean beta[c] and (biased) standard deviation
     * gamma[c] * sqrt(var / (var + eps)), about gamma[c]. */
    const size_t N = 4, C = 3, S = 25;
    float x[300], out[300], mean[3] = {0, 0, 0}, var[3] = {1, 1, 1};
    const float gamma[3] = {1.0f, 2.0f, 0.5f}, beta[3] = {0.0f, -1.0f, 3.0f};
    Rng rng = rng_new(13);
    for (size_t b = 0; b < N; b++)
        for (size_t c = 0; c < C; c++)
            for (size_t s = 0; s < S; s++)
                x[(b * C + c) * S + s] = 5.0f * (float)c - 3.0f + (float)(c + 1) * rng_normal(&rng);
    ex13_batchnorm_train(out, mean, var, x, gamma, beta, N, C, S, 1e-5f, 0.1f);
    for (size_t c = 0; c < C; c++) {
        double m = 0, m2 = 0;
        for (size_t b = 0; b < N; b++)
            for (size_t s = 0; s < S; s++) m += out[(b * C + c) * S + s];
        m /= (double)(N * S);
        for (size_t b = 0; b < N; b++)
            for (size_t s = 0; s < S; s++) {
                double d = out[(b * C + c) * S + s] - m;
                m2 += d * d;
            }
        double sd = sqrt(m2 / (double)(N * S));
        expect_close((float)m, beta[c], 1e-5f, 0.0f,
                     "ex13_batchnorm_train, channel %zu of a (4, 3, 25) batch: mean of the "
                     "outputs (should be beta = %g)",
                     c, (double)beta[c]);
        expect_close((float)sd, gamma[c], 1e-4f, 1e-4f,
                     "ex13_batchnorm_train, channel %zu of a (4, 3, 25) batch: standard "
                     "deviation of the outputs, dividing by m (should be gamma = %g)",
                     c, (double)gamma[c]);
    }
}

EXERCISE_TEST(ex13, batchnorm_train_large_mean_small_spread) {
    /* A channel around 1e4 with standard deviation about 1: E[x^2] - E[x]^2
     * in float loses every digit of the variance (1e8 against a float
     * spacing of 8 there). The outputs must still be normalised, and the
     * running variance must be the batch's unbiased variance, computed by
     * the test in double from the inputs. */
    const size_t N = 2, C = 1, S = 50, M = N * S;
    float x[100], out[100], mean[1] = {0}, var[1] = {1};
    const float gamma[1] = {1.0f}, beta[1] = {0.0f};
    Rng rng = rng_new(1313);
    double sum = 0.0, sq = 0.0;
    for (size_t i = 0; i < M; i++) x[i] = 10000.0f + rng_normal(&rng), sum += x[i];
    for (size_t i = 0; i < M; i++) sq += (x[i] - sum / M) * (x[i] - sum / M);
    ex13_batchnorm_train(out, mean, var, x, gamma, beta, N, C, S, 1e-5f, 1.0f);
    double m = 0.0, m2 = 0.0;
    for (size_t i = 0; i < M; i++) m += out[i];
    m /= (double)M;
    for (size_t i = 0; i < M; i++) m2 += (out[i] - m) * (out[i] - m);
    expect_close((float)m, 0.0f, 1e-4f, 0.0f,
                 "ex13_batchnorm_train on one channel of 100 values 1e4 + N(0, 1) (momentum 1): "
                 "mean of the outputs (should be beta = 0)");
    expect_close((float)sqrt(m2 / (double)M), (float)sqrt(sq / (sq + 1e-5 * M)), 0.0f, 1e-3f,
                 "ex13_batchnorm_train on 1e4 + N(0, 1): standard deviation of the outputs "
                 "(gamma * sqrt(var / (var + eps))); a one-pass float variance loses it");
    expect_close(var[0], (float)(sq / (double)(M - 1)), 0.0f, 1e-4f,
                 "ex13_batchnorm_train on 1e4 + N(0, 1) with momentum 1: running_var (the "
                 "batch's unbiased variance, computed by the test in double)");
    expect_close(mean[0], (float)(sum / (double)M), 0.0f, 1e-6f,
                 "ex13_batchnorm_train on 1e4 + N(0, 1) with momentum 1: running_mean");
}

EXERCISE_TEST(ex13, batchnorm_train_rejects_a_single_value, .signal = SIGABRT) {
    /* One image of one pixel: each channel has one value, no variance. */
    float x[2] = {1, 2}, out[2], mean[2] = {0, 0}, var[2] = {1, 1}, g[2] = {1, 1}, b[2] = {0, 0};
    ex13_batchnorm_train(out, mean, var, x, g, b, 1, 2, 1, 1e-5f, 0.1f);
}

/* ---- part d: the block ---------------------------------------------------- */

EXERCISE_TEST(ex13, conv_block_sparsity_follows_beta) {
    /* After batch norm each channel is centred on beta with spread gamma,
     * so the ReLU zeroes about Phi(-beta / gamma) of it: a shift of the
     * bias beta from -3 to 3 takes the block from almost all zeros to
     * almost none, whatever the convolution did. 8 images of 2 x 12 x 12,
     * 4 output channels, 3x3, padding 1. */
    Ex13Config cfg = {8, 2, 12, 12, 4, 3, 1, 1, 1e-5f, 0.1f};
    size_t nin = 8 * 2 * 144, nw = 4 * 2 * 9, nout = 8 * 4 * 144;
    float *inp = filled(nin, 0), *w = filled(nw, 0), *out = filled(nout, NAN);
    Rng rng = rng_new(1313);
    for (size_t i = 0; i < nin; i++) inp[i] = rng_normal(&rng);
    for (size_t i = 0; i < nw; i++) w[i] = 0.3f * rng_normal(&rng);
    const float bias[4] = {0.5f, -0.5f, 1.0f, 0.0f}, gamma[4] = {1, 1, 1, 1};
    const float betas[3] = {-3.0f, 0.0f, 3.0f};
    const float lo[3] = {0.98f, 0.4f, 0.0f}, hi[3] = {1.0f, 0.6f, 0.02f};
    for (int k = 0; k < 3; k++) {
        float beta[4] = {betas[k], betas[k], betas[k], betas[k]};
        float mean[4] = {0, 0, 0, 0}, var[4] = {1, 1, 1, 1};
        float zf = ex13_conv_block(out, mean, var, inp, w, bias, gamma, beta, &cfg);
        size_t zeros = 0;
        for (size_t i = 0; i < nout; i++) zeros += out[i] == 0.0f;
        float measured = (float)zeros / (float)nout;
        cr_expect(measured >= lo[k] && measured <= hi[k],
                  "ex13_conv_block with gamma 1 and beta %g on random images: expected a zero "
                  "fraction in [%g, %g] (about Phi(%g)), the output has %g",
                  (double)betas[k], (double)lo[k], (double)hi[k], (double)-betas[k],
                  (double)measured);
        expect_close(zf, measured, 0.0f, 1e-6f,
                     "ex13_conv_block with beta %g: returned zero fraction vs the output's",
                     (double)betas[k]);
    }
    free(inp), free(w), free(out);
}
