/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex12_variants.c: exercise 12 (see ex12_variants.h). */
#include "ex12_variants.h"

#include <math.h>

#define SQRT1_2F 0.70710678118654752440f
#define INV_SQRT_2PIF 0.39894228040143267794f
#define SQRT_2_OVER_PIF 0.79788456080286535588f
#define KAPPA 0.044715f

static inline float sigm(float x) {
    float e = expf(-fabsf(x));
    float d = 1.0f / (1.0f + e);
    return x >= 0.0f ? d : e * d;
}

void ex12_gelu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = x * 0.5f * (1.0f + erff(x * SQRT1_2F));
    }
}

void ex12_gelu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float cdf = 0.5f * (1.0f + erff(x * SQRT1_2F));
        float pdf = INV_SQRT_2PIF * expf(-0.5f * x * x);
        dinp[i] += dout[i] * (cdf + x * pdf);
    }
}

void ex12_gelu_tanh_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float u = SQRT_2_OVER_PIF * (x + KAPPA * x * x * x);
        out[i] = 0.5f * x * (1.0f + tanhf(u));
    }
}

void ex12_gelu_tanh_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float x2 = x * x;
        float t = tanhf(SQRT_2_OVER_PIF * (x + KAPPA * x2 * x));
        float du = SQRT_2_OVER_PIF * (1.0f + 3.0f * KAPPA * x2);
        float d = 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du;
        dinp[i] += dout[i] * d;
    }
}

void ex12_silu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] * sigm(inp[i]);
}

void ex12_silu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float s = sigm(x);
        dinp[i] += dout[i] * s * (1.0f + x * (1.0f - s));
    }
}

void ex12_elu_forward(float *out, const float *inp, size_t n, float alpha) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = x <= 0.0f ? alpha * (expf(x) - 1.0f) : x;
    }
}

void ex12_elu_backward(float *dinp, const float *inp, const float *dout, size_t n, float alpha) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        dinp[i] += x <= 0.0f ? dout[i] * alpha * expf(x) : dout[i];
    }
}

void ex12_prelu_forward(float *out, const float *inp, size_t n, float slope) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = x > 0.0f ? x : slope * x;
    }
}

float ex12_prelu_backward(float *dinp, const float *inp, const float *dout, size_t n, float slope) {
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        if (x > 0.0f) {
            dinp[i] += dout[i];
        } else {
            dinp[i] += dout[i] * slope;
        }
        if (!(x > 0.0f)) sum += (double)(x * dout[i]);
    }
    return (float)sum;
}
