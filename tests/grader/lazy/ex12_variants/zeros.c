/* Lazy submission (tests/grader/lazy/): every variant writes zeros and adds no gradient. */
#include "ex12_variants.h"

void ex12_gelu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = 0.0f * inp[i];
}
void ex12_gelu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += 0.0f * inp[i] * dout[i];
}
void ex12_gelu_tanh_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = 0.0f * inp[i];
}
void ex12_gelu_tanh_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += 0.0f * inp[i] * dout[i];
}
void ex12_silu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = 0.0f * inp[i];
}
void ex12_silu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += 0.0f * inp[i] * dout[i];
}
void ex12_elu_forward(float *out, const float *inp, size_t n, float alpha) {
    (void)alpha;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f * inp[i];
}
void ex12_elu_backward(float *dinp, const float *inp, const float *dout, size_t n, float alpha) {
    (void)alpha;
    for (size_t i = 0; i < n; i++) dinp[i] += 0.0f * inp[i] * dout[i];
}
void ex12_prelu_forward(float *out, const float *inp, size_t n, float slope) {
    (void)slope;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f * inp[i];
}
float ex12_prelu_backward(float *dinp, const float *inp, const float *dout, size_t n,
                          float slope) {
    (void)slope;
    for (size_t i = 0; i < n; i++) dinp[i] += 0.0f * inp[i] * dout[i];
    return 0.0f;
}
