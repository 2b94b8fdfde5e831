/* ex13_conv_block.c: exercise 13, the convolution block (see ex13_conv_block.h). */
#include "ex13_conv_block.h"

#include <math.h>
#include <stdlib.h>

#include "activations.h"
#include "check.h"

size_t ex13_out_size(size_t in, size_t kernel, size_t stride, size_t padding) {
    (void)in, (void)kernel, (void)stride, (void)padding;
    exercise_todo("ex13", "ex13_out_size", "chapter 12, section 'Exercise 13: the conv block'");
}

void ex13_conv2d(float *out, const float *inp, const float *weight, const float *bias,
                 const Ex13Config *cfg) {
    (void)out, (void)inp, (void)weight, (void)bias, (void)cfg;
    exercise_todo("ex13", "ex13_conv2d", "chapter 12, section 'Exercise 13: the conv block'");
}

void ex13_batchnorm_train(float *out, float *running_mean, float *running_var, const float *x,
                          const float *gamma, const float *beta, size_t n, size_t channels,
                          size_t spatial, float eps, float momentum) {
    (void)out, (void)running_mean, (void)running_var, (void)x, (void)gamma, (void)beta;
    (void)n, (void)channels, (void)spatial, (void)eps, (void)momentum;
    exercise_todo("ex13", "ex13_batchnorm_train", "chapter 12, section 'Exercise 13: the conv block'");
}

float ex13_conv_block(float *out, float *running_mean, float *running_var, const float *inp,
                      const float *weight, const float *bias, const float *gamma,
                      const float *beta, const Ex13Config *cfg) {
    (void)out, (void)running_mean, (void)running_var, (void)inp, (void)weight;
    (void)bias, (void)gamma, (void)beta, (void)cfg;
    exercise_todo("ex13", "ex13_conv_block", "chapter 12, section 'Exercise 13: the conv block'");
}
