/* Lazy submission (tests/grader/lazy/): returns sizes, copies inputs where
 * the shapes allow, computes nothing. */
#include "ex13_conv_block.h"

size_t ex13_out_size(size_t in, size_t kernel, size_t stride, size_t padding) {
    (void)kernel, (void)stride, (void)padding;
    return in;
}

void ex13_conv2d(float *out, const float *inp, const float *weight, const float *bias,
                 const Ex13Config *cfg) {
    (void)weight, (void)bias;
    size_t m = cfg->out_ch < cfg->in_ch ? cfg->out_ch : cfg->in_ch;
    for (size_t k = 0; k < cfg->n * m * cfg->height * cfg->width; k++) out[k] = inp[k];
}

void ex13_batchnorm_train(float *out, float *running_mean, float *running_var, const float *x,
                          const float *gamma, const float *beta, size_t n, size_t channels,
                          size_t spatial, float eps, float momentum) {
    (void)running_mean, (void)running_var, (void)gamma, (void)beta, (void)eps, (void)momentum;
    for (size_t k = 0; k < n * channels * spatial; k++) out[k] = x[k];
}

float ex13_conv_block(float *out, float *running_mean, float *running_var, const float *inp,
                      const float *weight, const float *bias, const float *gamma,
                      const float *beta, const Ex13Config *cfg) {
    (void)running_mean, (void)running_var, (void)inp, (void)weight, (void)bias, (void)gamma;
    (void)beta, (void)out, (void)cfg;
    return 0.5f;
}
