/* Graded tests of exercise 12, the variants forward and backward
 * (exercises/ex12_variants.h).
 *
 * Graded checks (PyTorch's own numbers on edge and random inputs are
 * hidden tests: tests/hidden/ex12_variants.c, a table of expected outputs
 * the student edition does not ship):
 *  - the chapter's worked values;
 *  - the library's gradient checker on your kernels: your backward against
 *    central differences of your forward, away from kinks.
 *  - the kernel contract: backward adds into dinp, forward works in place,
 *    n = 0 touches nothing. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ex12_check.h"
#include "harness.h"
#include "rng.h"

EXERCISE_TEST(ex12, worked_values) {
    /* Values you can check with a calculator (chapter 11 derives them). */
    const float x[3] = {-1.0f, 0.0f, 1.0f};
    float y[3];
    ex12_gelu_forward(y, x, 3);
    expect_floats_close("ex12_gelu_forward(x = [-1, 0, 1]): 1 * Phi(1) = 0.841345 and "
                        "-1 * Phi(-1) = -0.158655",
                        x, y, (const float[]){-0.15865526f, 0.0f, 0.84134475f}, 3, 1e-6f, 1e-5f);
    ex12_silu_forward(y, x, 3);
    expect_floats_close("ex12_silu_forward(x = [-1, 0, 1]): 1 / (1 + e^-1) = 0.731059", x, y,
                        (const float[]){-0.26894142f, 0.0f, 0.73105858f}, 3, 1e-6f, 1e-5f);
    float d[3] = {0.0f, 0.0f, 0.0f};
    const float ones[3] = {1.0f, 1.0f, 1.0f};
    ex12_gelu_backward(d, x, ones, 3);
    expect_floats_close("ex12_gelu_backward(dinp = 0, x = [-1, 0, 1], dout = 1): "
                        "gelu'(x) = Phi(x) + x phi(x), gelu'(0) = 1/2",
                        x, d, (const float[]){-0.08331547f, 0.5f, 1.08331547f}, 3, 1e-6f, 1e-5f);
}

EXERCISE_TEST(ex12, backward_adds_into_dinp) {
    static const char *names[] = {"gelu", "gelu_tanh", "silu", "elu", "prelu"};
    const float x[4] = {-2.0f, -0.5f, 0.75f, 3.0f}, dout[4] = {0.5f, -1.0f, 2.0f, 1.5f};
    for (size_t k = 0; k < 5; k++) {
        float param = !strcmp(names[k], "prelu") ? 0.2f : 1.0f;
        ex12_expect_computes(names[k], param);
        float alone[4] = {0, 0, 0, 0}, added[4] = {10.0f, -3.0f, 0.25f, 7.0f}, want[4];
        ex12_backward(names[k], param, alone, x, dout, 4);
        for (size_t i = 0; i < 4; i++) want[i] = added[i] + alone[i];
        ex12_backward(names[k], param, added, x, dout, 4);
        char call[160];
        snprintf(call, sizeof call,
                 "ex12_%s_backward with dinp = [10, -3, 0.25, 7] on entry: backward must ADD "
                 "dout * f'(x) into dinp, not overwrite it",
                 names[k]);
        expect_floats_close(call, x, added, want, 4, 1e-6f, 1e-6f);
    }
}

EXERCISE_TEST(ex12, prelu_slope_gradient_is_summed_in_double) {
    /* -1e8 and then sixteen -1s: the sum -100000016 is a float (a multiple
     * of 8, the float spacing there), but a float accumulator rounds each
     * -1e8 - 1 back to -1e8 and ends 16 short. */
    float x[17], dout[17], dinp[17] = {0};
    x[0] = -1e8f;
    for (size_t i = 0; i < 17; i++) {
        if (i > 0) x[i] = -1.0f;
        dout[i] = 1.0f;
    }
    float got = ex12_prelu_backward(dinp, x, dout, 17, 0.25f);
    cr_expect(got == -100000016.0f,
              "ex12_prelu_backward(x = [-1e8, then sixteen -1], dout = 1, slope 0.25) returned "
              "the slope's gradient %.1f; expected -100000016 (the exact sum, which is a float). "
              "A float accumulator loses every -1 next to -1e8: accumulate in double, as the "
              "header says", (double)got);
}

EXERCISE_TEST(ex12, forward_in_place_and_empty) {
    static const char *names[] = {"gelu", "gelu_tanh", "silu", "elu", "prelu"};
    const float x[5] = {-3.0f, -1.0f, 0.0f, 0.5f, 2.0f};
    for (size_t k = 0; k < 5; k++) {
        float param = !strcmp(names[k], "prelu") ? 0.25f : 1.0f;
        ex12_expect_computes(names[k], param);
        float want[5], buf[5];
        memcpy(buf, x, sizeof buf);
        ex12_forward(names[k], param, want, x, 5);
        ex12_forward(names[k], param, buf, buf, 5);
        char call[128];
        snprintf(call, sizeof call, "ex12_%s_forward(buf, buf, 5): in place (out == inp)",
                 names[k]);
        expect_floats_close(call, x, buf, want, 5, 0.0f, 0.0f);

        /* n = 0: nothing may be read or written. */
        float guard[1] = {42.0f}, d0[1] = {42.0f};
        ex12_forward(names[k], param, guard, x, 0);
        float s = ex12_backward(names[k], param, d0, x, x, 0);
        cr_expect(guard[0] == 42.0f && d0[0] == 42.0f && s == 0.0f,
                  "ex12_%s forward/backward with n = 0 must touch nothing (and PReLU's slope "
                  "gradient is 0): out[0] became %g, dinp[0] became %g, returned %g",
                  names[k], (double)guard[0], (double)d0[0], (double)s);
    }
}

EXERCISE_TEST(ex12, gradcheck_your_kernels) {
    /* Random inputs kept at least 0.05 away from PReLU's kink at 0 (ELU
     * with alpha = 1 has no kink: both one-sided slopes are 1). */
    Rng rng = rng_new(1212);
    static const char *names[] = {"gelu", "gelu_tanh", "silu", "elu", "elu", "prelu", "prelu"};
    const float params[] = {0.0f, 0.0f, 0.0f, 1.0f, 0.5f, 0.25f, -0.3f};
    for (size_t k = 0; k < 7; k++) {
        float x[12], w[12];
        for (size_t i = 0; i < 12; i++) {
            do x[i] = rng_normal(&rng) * 2.5f;
            while (fabsf(x[i]) < 0.05f);
            w[i] = rng_normal(&rng);
        }
        /* ELU with alpha != 1 has a kink at 0: the draw above avoids it. */
        ex12_expect_gradcheck(names[k], params[k], x, w, 12, "(seed 1212)");
    }
}

EXERCISE_TEST(ex12, edges_as_in_pytorch) {
    /* PyTorch 1.13's behaviour where formulas part ways; the expected values
     * are computed here from the header's rules. */
    const float one[4] = {1.0f, 1.0f, 1.0f, 1.0f};
    /* ELU forward is alpha * (exp(x) - 1) as written: for tiny x that is
     * not expm1(x) (at -1e-6 they differ by 1.3%). */
    const float tiny[4] = {-1e-6f, -3e-4f, -1e-7f, -2.5e-5f};
    float y[4], want[4];
    ex12_elu_forward(y, tiny, 4, 0.5f);
    for (int i = 0; i < 4; i++) want[i] = 0.5f * (expf(tiny[i]) - 1.0f);
    expect_floats_close("ex12_elu_forward(x, 4, alpha 0.5) on tiny negative x: alpha * (exp(x) "
                        "- 1) as PyTorch computes it (not expm1)",
                        tiny, y, want, 4, 0.0f, 1e-6f);
    /* ELU's gradient deep in the tail, relative tolerance: alpha * exp(x),
     * which elu(x) + alpha (from the output) rounds to 0. */
    const float tail[4] = {-20.0f, -30.0f, -50.0f, -17.5f};
    float d[4] = {0, 0, 0, 0};
    ex12_elu_backward(d, tail, one, 4, 1.5f);
    for (int i = 0; i < 4; i++) want[i] = (float)(1.5 * exp((double)tail[i]));
    expect_floats_close("ex12_elu_backward(dinp = 0, x, dout = 1, alpha 1.5) in the tail: "
                        "alpha * exp(x), relative tolerance 1e-5",
                        tail, d, want, 4, 0.0f, 1e-5f);
    /* NaN: ELU's and PReLU's rules give finite gradients (dout, slope * dout). */
    const float nan1[1] = {NAN};
    float de[1] = {0.0f}, dp[1] = {0.0f};
    ex12_elu_backward(de, nan1, one, 1, 1.0f);
    ex12_prelu_backward(dp, nan1, one, 1, 0.25f);
    cr_expect(de[0] == 1.0f && dp[0] == 0.25f,
              "backward at x = NaN, dout = 1 (PyTorch 1.13): ELU's gradient is 1 (NaN is not "
              "<= 0), PReLU's is the slope 0.25 (NaN is not > 0); got %g and %g",
              (double)de[0], (double)dp[0]);
    /* gelu_tanh's derivative: finite at 1e19, NaN once x * x overflows. */
    const float big[4] = {1e19f, -1e19f, 2e19f, -4e19f};
    float dg[4] = {0, 0, 0, 0};
    ex12_gelu_tanh_backward(dg, big, one, 4);
    cr_expect(dg[0] == 1.0f && dg[1] == 0.0f && isnan(dg[2]) && isnan(dg[3]),
              "ex12_gelu_tanh_backward(dinp = 0, x = [1e19, -1e19, 2e19, -4e19], dout = 1): "
              "PyTorch 1.13 gives [1, 0, nan, nan] (x * x overflows past 1.8e19); got "
              "[%g, %g, %g, %g]", (double)dg[0], (double)dg[1], (double)dg[2], (double)dg[3]);
}
