/* Wrong sizes from every function that returns one (selftest.py, part
 * wrongsizes); the rest returns without doing anything. */
#include <stdint.h>
#include "ex13_conv_block.h"

size_t ex13_out_size(size_t in, size_t kernel, size_t stride, size_t padding) {
    (void)kernel, (void)stride, (void)padding;
    return in * 4096 + 1;
}

void ex13_conv2d(float *out, const float *inp, const float *weight, const float *bias,
                 const Ex13Config *cfg) {
    (void)out, (void)inp, (void)weight, (void)bias, (void)cfg;
}

void ex13_batchnorm_train(float *out, float *running_mean, float *running_var, const float *x,
                          const float *gamma, const float *beta, size_t n, size_t channels,
                          size_t spatial, float eps, float momentum) {
    (void)out, (void)running_mean, (void)running_var, (void)x, (void)gamma, (void)beta;
    (void)n, (void)channels, (void)spatial, (void)eps, (void)momentum;
}

float ex13_conv_block(float *out, float *running_mean, float *running_var, const float *inp,
                      const float *weight, const float *bias, const float *gamma,
                      const float *beta, const Ex13Config *cfg) {
    (void)out, (void)running_mean, (void)running_var, (void)inp, (void)weight, (void)bias;
    (void)gamma, (void)beta, (void)cfg;
    return -1.0f;
}
