/* Graded tests of exercise 14, the transformer feed-forward block
 * (exercises/ex14_ffn.h). References and the gradient check are in
 * tests/support/ex14_check.h: a forward pass in double precision and
 * central differences of it. */
#include <math.h>
#include <signal.h>
#include <stdlib.h>

#include "ex14_check.h"

/* (tokens, d_model) shapes, d_ff = 4 d_model, batch of one token included. */
static const size_t shapes[][2] = {{1, 4}, {3, 4}, {5, 8}, {2, 16}, {1, 1}};
#define NSHAPES (sizeof shapes / sizeof shapes[0])

EXERCISE_TEST(ex14, forward_by_hand) {
    /* One token, d_model 2, d_ff 8 (4 x 2), numbers small enough to follow
     * on paper: W1's rows are (1, 0), (0, 1), (-1, 0), (0, -1) twice over,
     * the second four scaled by 2, so pre = (x1, x2, -x1, -x2, 2x1, ...) + b1. */
    const float x[2] = {1.5f, -0.5f};
    const float w1[16] = {1, 0, 0, 1, -1, 0, 0, -1, 2, 0, 0, 2, -2, 0, 0, -2};
    const float b1[8] = {0, 0, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f};
    const float w2[16] = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1, 1, -1};
    const float b2[2] = {0.25f, -0.25f};
    /* pre = (1.5, -0.5, -1.5, 0.5, 3.5, -0.5, -2.5, 1.5) */
    const float want_pre[8] = {1.5f, -0.5f, -1.5f, 0.5f, 3.5f, -0.5f, -2.5f, 1.5f};
    const float want_relu[8] = {1.5f, 0, 0, 0.5f, 3.5f, 0, 0, 1.5f};
    /* out[0] = sum of hidden[0..3] + 0.25, out[1] = h4 - h5 + h6 - h7 - 0.25 */
    const float want_out[2] = {2.25f, 1.75f};
    float out[2] = {-9, -9}, pre[8], hid[8];
    for (int i = 0; i < 8; i++) pre[i] = hid[i] = -9.0f;
    ex14_ffn_forward(out, pre, hid, x, w1, b1, w2, b2, 1, 2, 8, EX14_RELU);
    expect_floats_close("ex14_ffn_forward(x = [1.5, -0.5], the chapter's by-hand weights, ReLU): "
                        "pre = x W1^T + b1",
                        NULL, pre, want_pre, 8, 1e-6f, 0.0f);
    expect_floats_close("ex14_ffn_forward(x = [1.5, -0.5], by-hand weights, ReLU): hidden = "
                        "relu(pre)",
                        NULL, hid, want_relu, 8, 1e-6f, 0.0f);
    expect_floats_close("ex14_ffn_forward(x = [1.5, -0.5], by-hand weights, ReLU): out = hidden "
                        "W2^T + b2",
                        NULL, out, want_out, 2, 1e-6f, 0.0f);
}

/* A random case of every shape, checked forward only or forward and backward. */
static void check_shapes(uint64_t seed, Ex14Act act, int backward) {
    Rng rng = rng_new(seed);
    for (size_t s = 0; s < NSHAPES; s++) {
        FfnCase c = ffn_case_new(&rng, shapes[s][0], shapes[s][1], 4 * shapes[s][1], act);
        if (backward) ffn_check_backward(&c, "random case", 0.0f);
        else ffn_check_forward(&c, "random case");
        ffn_case_free(&c);
    }
}

EXERCISE_TEST(ex14, forward_relu_shapes) { check_shapes(14, EX14_RELU, 0); }

EXERCISE_TEST(ex14, forward_gelu_shapes) { check_shapes(141, EX14_GELU, 0); }

EXERCISE_TEST(ex14, d_ff_other_than_4_d_model) {
    /* 4 d_model is the usual width, not a rule: d_ff is an argument. */
    static const size_t cases[][3] = {{2, 4, 6}, {3, 2, 16}}; /* tokens, d_model, d_ff */
    Rng rng = rng_new(1415);
    for (size_t k = 0; k < 2; k++) {
        FfnCase c = ffn_case_new(&rng, cases[k][0], cases[k][1], cases[k][2], EX14_RELU);
        ffn_check_forward(&c, "d_ff other than 4 d_model");
        ffn_check_backward(&c, "d_ff other than 4 d_model", 0.0f);
        ffn_case_free(&c);
    }
}

EXERCISE_TEST(ex14, forward_gelu_is_the_erf_form) {
    /* One token, d_model 1, d_ff 4, W1 = 1, b1 = 0: hidden is gelu(x) itself.
     * At x = -1.8 and 2.2 the tanh approximation is off by about 1e-4. */
    const float xs[4] = {-1.8f, 0.7f, 2.2f, -3.1f};
    const float w1[4] = {1, 1, 1, 1}, b1[4] = {0, 0, 0, 0};
    const float w2[4] = {1, -1, 0.5f, 2}, b2[1] = {0};
    for (int k = 0; k < 4; k++) {
        float out, pre[4], hid[4];
        ex14_ffn_forward(&out, pre, hid, &xs[k], w1, b1, w2, b2, 1, 1, 4, EX14_GELU);
        double want = 0.5 * (double)xs[k] * (1.0 + erf((double)xs[k] / sqrt(2.0)));
        expect_close(hid[0], (float)want, 1e-6f, 1e-6f,
                     "ex14_ffn_forward with GELU, W1 = 1, b1 = 0: hidden = gelu(%g) = "
                     "x Phi(x) with the erf (nn.GELU())",
                     (double)xs[k]);
    }
}

EXERCISE_TEST(ex14, backward_relu_gradcheck) { check_shapes(1414, EX14_RELU, 1); }

EXERCISE_TEST(ex14, backward_gelu_gradcheck) { check_shapes(14141, EX14_GELU, 1); }

EXERCISE_TEST(ex14, backward_adds_into_gradients) {
    /* Gradients that start at 0.5 must end at 0.5 + the gradient. */
    Rng rng = rng_new(7);
    FfnCase c = ffn_case_new(&rng, 3, 4, 16, EX14_GELU);
    ffn_check_backward(&c, "gradients pre-filled", 0.5f);
    ffn_case_free(&c);
    FfnCase r = ffn_case_new(&rng, 1, 4, 16, EX14_RELU);
    ffn_check_backward(&r, "gradients pre-filled", -0.25f);
    ffn_case_free(&r);
}

EXERCISE_TEST(ex14, relu_gradient_at_zero_is_zero) {
    /* x = 0 and b1 = 0 make every pre-activation exactly 0. relu'(0) = 0 in
     * PyTorch, so nothing flows back past the ReLU: dx, dW1 and db1 stay 0.
     * (hidden is 0 too, so dW2 = 0, while db2 = the sum of dout.) */
    const size_t T = 2, D = 2, F = 8;
    float x[4] = {0}, w1[16], b1[8] = {0}, w2[16], b2[2] = {0.5f, -0.5f};
    for (int i = 0; i < 16; i++) w1[i] = w2[i] = 0.1f * (float)(i - 7);
    float out[4], pre[16], hid[16];
    ex14_ffn_forward(out, pre, hid, x, w1, b1, w2, b2, T, D, F, EX14_RELU);
    const float dout[4] = {1.0f, -2.0f, 0.5f, 3.0f};
    float dx[4] = {0}, dw1[16] = {0}, db1[8] = {0}, dw2[16] = {0}, db2[2] = {0};
    ex14_ffn_backward(dx, dw1, db1, dw2, db2, dout, x, pre, hid, w1, w2, T, D, F, EX14_RELU);
    const float zeros[16] = {0};
    expect_floats_close("ex14_ffn_backward, ReLU, every pre-activation exactly 0: db1 "
                        "(relu'(0) = 0)",
                        NULL, db1, zeros, 8, 0.0f, 0.0f);
    expect_floats_close("ex14_ffn_backward, ReLU, every pre-activation exactly 0: dW1", NULL, dw1,
                        zeros, 16, 0.0f, 0.0f);
    expect_floats_close("ex14_ffn_backward, ReLU, every pre-activation exactly 0: dx", NULL, dx,
                        zeros, 4, 0.0f, 0.0f);
    const float want_db2[2] = {1.5f, 1.0f};
    expect_floats_close("ex14_ffn_backward, ReLU, pre = 0, dout = [[1, -2], [0.5, 3]]: db2 = "
                        "column sums of dout",
                        NULL, db2, want_db2, 2, 1e-6f, 0.0f);
}

EXERCISE_TEST(ex14, forward_rejects_zero_sizes, .signal = SIGABRT) {
    float v[4] = {0};
    /* d_ff = 0: no hidden layer. Must abort with a message, not return. */
    ex14_ffn_forward(v, v, v, v, v, v, v, v, 1, 2, 0, EX14_RELU);
}

EXERCISE_TEST(ex14, backward_rejects_bad_act, .signal = SIGABRT) {
    float v[64] = {0};
    ex14_ffn_backward(v, v, v, v, v, v, v, v, v, v, v, 1, 2, 8, (Ex14Act)7);
}
