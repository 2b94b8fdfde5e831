/* ex13_conv_block.c: exercise 13, the convolution block (see ex13_conv_block.h). */
#include "ex13_conv_block.h"

#include <math.h>
#include <stdlib.h>

#include "activations.h"
#include "check.h"

size_t ex13_out_size(size_t in, size_t kernel, size_t stride, size_t padding) {
    /* STUB (void)in, (void)kernel, (void)stride, (void)padding; */
    /* STUB exercise_todo("ex13", "ex13_out_size", "chapter 12, section 'Exercise 13: the conv block'"); */
    /* SOLUTION BEGIN */
    CHECK(in >= 1 && kernel >= 1 && stride >= 1,
          "in, kernel and stride must be >= 1, got in %zu, kernel %zu, stride %zu", in, kernel,
          stride);
    CHECK(kernel <= in + 2 * padding,
          "kernel %zu is larger than the input %zu padded by %zu on each side (%zu)", kernel, in,
          padding, in + 2 * padding);
    /* size_t division rounds down: the last window that fits */
    return (in + 2 * padding - kernel) / stride + 1;
    /* SOLUTION END */
}

void ex13_conv2d(float *out, const float *inp, const float *weight, const float *bias,
                 const Ex13Config *cfg) {
    /* STUB (void)out, (void)inp, (void)weight, (void)bias, (void)cfg; */
    /* STUB exercise_todo("ex13", "ex13_conv2d", "chapter 12, section 'Exercise 13: the conv block'"); */
    /* SOLUTION BEGIN */
    CHECK(cfg->n >= 1 && cfg->in_ch >= 1 && cfg->out_ch >= 1,
          "n, in_ch and out_ch must be >= 1, got %zu, %zu, %zu", cfg->n, cfg->in_ch, cfg->out_ch);
    size_t H = cfg->height, W = cfg->width, C = cfg->in_ch, K = cfg->kernel;
    size_t OH = ex13_out_size(H, K, cfg->stride, cfg->padding);
    size_t OW = ex13_out_size(W, K, cfg->stride, cfg->padding);
    for (size_t n = 0; n < cfg->n; n++)
        for (size_t o = 0; o < cfg->out_ch; o++)
            for (size_t i = 0; i < OH; i++)
                for (size_t j = 0; j < OW; j++) {
                    float s = bias[o];
                    for (size_t c = 0; c < C; c++)
                        for (size_t u = 0; u < K; u++) {
                            /* row in the unpadded image; "negative" wraps to a huge
                             * size_t and fails the < H test like any row below */
                            size_t y = i * cfg->stride + u - cfg->padding;
                            if (y >= H) continue;
                            for (size_t v = 0; v < K; v++) {
                                size_t x = j * cfg->stride + v - cfg->padding;
                                if (x >= W) continue;
                                s += weight[((o * C + c) * K + u) * K + v] *
                                     inp[((n * C + c) * H + y) * W + x];
                            }
                        }
                    out[((n * cfg->out_ch + o) * OH + i) * OW + j] = s;
                }
    /* SOLUTION END */
}

void ex13_batchnorm_train(float *out, float *running_mean, float *running_var, const float *x,
                          const float *gamma, const float *beta, size_t n, size_t channels,
                          size_t spatial, float eps, float momentum) {
    /* STUB (void)out, (void)running_mean, (void)running_var, (void)x, (void)gamma, (void)beta; */
    /* STUB (void)n, (void)channels, (void)spatial, (void)eps, (void)momentum; */
    /* STUB exercise_todo("ex13", "ex13_batchnorm_train", "chapter 12, section 'Exercise 13: the conv block'"); */
    /* SOLUTION BEGIN */
    CHECK(n >= 1 && channels >= 1 && spatial >= 1,
          "n, channels and spatial must be >= 1, got %zu, %zu, %zu", n, channels, spatial);
    size_t m = n * spatial;
    CHECK(m > 1, "a channel needs more than one value to estimate a variance, got n %zu x "
          "spatial %zu", n, spatial);
    for (size_t c = 0; c < channels; c++) {
        /* two passes in double: no cancellation in the variance */
        double sum = 0.0, sq = 0.0;
        for (size_t b = 0; b < n; b++)
            for (size_t s = 0; s < spatial; s++) sum += (double)x[(b * channels + c) * spatial + s];
        double mean = sum / (double)m;
        for (size_t b = 0; b < n; b++)
            for (size_t s = 0; s < spatial; s++) {
                double d = (double)x[(b * channels + c) * spatial + s] - mean;
                sq += d * d;
            }
        double var = sq / (double)m;
        double invstd = 1.0 / sqrt(var + (double)eps);
        for (size_t b = 0; b < n; b++)
            for (size_t s = 0; s < spatial; s++) {
                size_t k = (b * channels + c) * spatial + s;
                out[k] = (float)((double)gamma[c] * ((double)x[k] - mean) * invstd + (double)beta[c]);
            }
        running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * (float)mean;
        running_var[c] =
            (1.0f - momentum) * running_var[c] + momentum * (float)(sq / (double)(m - 1));
    }
    /* SOLUTION END */
}

float ex13_conv_block(float *out, float *running_mean, float *running_var, const float *inp,
                      const float *weight, const float *bias, const float *gamma,
                      const float *beta, const Ex13Config *cfg) {
    /* STUB (void)out, (void)running_mean, (void)running_var, (void)inp, (void)weight; */
    /* STUB (void)bias, (void)gamma, (void)beta, (void)cfg; */
    /* STUB exercise_todo("ex13", "ex13_conv_block", "chapter 12, section 'Exercise 13: the conv block'"); */
    /* SOLUTION BEGIN */
    size_t OH = ex13_out_size(cfg->height, cfg->kernel, cfg->stride, cfg->padding);
    size_t OW = ex13_out_size(cfg->width, cfg->kernel, cfg->stride, cfg->padding);
    size_t total = check_mul(__func__, check_mul(__func__, cfg->n, cfg->out_ch), OH * OW);
    float *conv = check_malloc(__func__, total, sizeof(float));
    ex13_conv2d(conv, inp, weight, bias, cfg);
    ex13_batchnorm_train(out, running_mean, running_var, conv, gamma, beta, cfg->n, cfg->out_ch,
                         OH * OW, cfg->eps, cfg->momentum);
    free(conv);
    relu_forward(out, out, total);
    size_t zeros = 0;
    for (size_t k = 0; k < total; k++) zeros += out[k] == 0.0f;
    return (float)((double)zeros / (double)total);
    /* SOLUTION END */
}
