/* ex12_variants.c: exercise 12, GELU, SiLU, ELU and PReLU, forward and
 * backward (see ex12_variants.h). */
#include "ex12_variants.h"

#include <math.h>

/* SOLUTION BEGIN */
#define SQRT_HALF 0.70710678118654752f     /* 1 / sqrt 2 */
#define INV_SQRT_2PI 0.39894228040143268f  /* 1 / sqrt(2 pi) */
#define SQRT_2_OVER_PI 0.79788456080286536f
#define KAPPA 0.044715f

/* Phi(x), the standard normal CDF. */
static float normal_cdf(float x) { return 0.5f * (1.0f + erff(x * SQRT_HALF)); }

/* sigmoid(x) with exp of a non-positive number only: exp(-x) for x = -100
 * is inf, and 1 / (1 + inf) happens to be right, but its derivative
 * written with exp(-x) would be inf / inf = NaN. */
static float sigmoid(float x) {
    float e = expf(-fabsf(x));
    return x >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
}

/* u(x) = sqrt(2/pi) (x + 0.044715 x^3), the tanh form's argument. */
static float gelu_tanh_arg(float x) { return SQRT_2_OVER_PI * (x + KAPPA * x * x * x); }
/* SOLUTION END */

void ex12_gelu_forward(float *out, const float *inp, size_t n) {
    /* STUB (void)out, (void)inp, (void)n; */
    /* STUB exercise_todo("ex12", "ex12_gelu_forward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) out[i] = inp[i] * normal_cdf(inp[i]);
    /* SOLUTION END */
}

void ex12_gelu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    /* STUB (void)dinp, (void)inp, (void)dout, (void)n; */
    /* STUB exercise_todo("ex12", "ex12_gelu_backward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        /* (x Phi(x))' = Phi(x) + x phi(x) */
        float pdf = INV_SQRT_2PI * expf(-0.5f * x * x);
        dinp[i] += dout[i] * (normal_cdf(x) + x * pdf);
    }
    /* SOLUTION END */
}

void ex12_gelu_tanh_forward(float *out, const float *inp, size_t n) {
    /* STUB (void)out, (void)inp, (void)n; */
    /* STUB exercise_todo("ex12", "ex12_gelu_tanh_forward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = 0.5f * x * (1.0f + tanhf(gelu_tanh_arg(x)));
    }
    /* SOLUTION END */
}

void ex12_gelu_tanh_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    /* STUB (void)dinp, (void)inp, (void)dout, (void)n; */
    /* STUB exercise_todo("ex12", "ex12_gelu_tanh_backward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float t = tanhf(gelu_tanh_arg(x));
        /* x * x first, as PyTorch: once it overflows (|x| > 1.8e19) the
         * derivative is NaN (0 * inf), as PyTorch 1.13's is. */
        float du = SQRT_2_OVER_PI * (1.0f + 3.0f * KAPPA * (x * x));
        dinp[i] += dout[i] * (0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du);
    }
    /* SOLUTION END */
}

void ex12_silu_forward(float *out, const float *inp, size_t n) {
    /* STUB (void)out, (void)inp, (void)n; */
    /* STUB exercise_todo("ex12", "ex12_silu_forward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) out[i] = inp[i] * sigmoid(inp[i]);
    /* SOLUTION END */
}

void ex12_silu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    /* STUB (void)dinp, (void)inp, (void)dout, (void)n; */
    /* STUB exercise_todo("ex12", "ex12_silu_backward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        float x = inp[i], s = sigmoid(x);
        /* (x s)' = s + x s (1 - s) */
        dinp[i] += dout[i] * s * (1.0f + x * (1.0f - s));
    }
    /* SOLUTION END */
}

void ex12_elu_forward(float *out, const float *inp, size_t n, float alpha) {
    /* STUB (void)out, (void)inp, (void)n, (void)alpha; */
    /* STUB exercise_todo("ex12", "ex12_elu_forward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        /* exp(x) - 1 rather than expm1f: PyTorch 1.13 does it this way. */
        out[i] = x <= 0.0f ? alpha * (expf(x) - 1.0f) : x;
    }
    /* SOLUTION END */
}

void ex12_elu_backward(float *dinp, const float *inp, const float *dout, size_t n, float alpha) {
    /* STUB (void)dinp, (void)inp, (void)dout, (void)n, (void)alpha; */
    /* STUB exercise_todo("ex12", "ex12_elu_backward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        dinp[i] += x <= 0.0f ? dout[i] * alpha * expf(x) : dout[i];
    }
    /* SOLUTION END */
}

void ex12_prelu_forward(float *out, const float *inp, size_t n, float slope) {
    /* STUB (void)out, (void)inp, (void)n, (void)slope; */
    /* STUB exercise_todo("ex12", "ex12_prelu_forward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) out[i] = inp[i] > 0.0f ? inp[i] : slope * inp[i];
    /* SOLUTION END */
}

float ex12_prelu_backward(float *dinp, const float *inp, const float *dout, size_t n, float slope) {
    /* STUB (void)dinp, (void)inp, (void)dout, (void)n, (void)slope; */
    /* STUB exercise_todo("ex12", "ex12_prelu_backward", "chapter 11, section 'Exercise 12: the variants'"); */
    /* SOLUTION BEGIN */
    double dslope = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (inp[i] > 0.0f) {
            dinp[i] += dout[i];
        } else {
            /* d(slope x)/dx = slope, d(slope x)/d slope = x */
            dinp[i] += slope * dout[i];
            dslope += (double)inp[i] * (double)dout[i];
        }
    }
    return (float)dslope;
    /* SOLUTION END */
}
