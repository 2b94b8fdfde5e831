/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex13_conv_block.c: exercise 13 (see ex13_conv_block.h). */
#include "ex13_conv_block.h"

#include <math.h>
#include <stdlib.h>

#include "activations.h"
#include "check.h"

size_t ex13_out_size(size_t in, size_t kernel, size_t stride, size_t padding) {
    CHECK(in >= 1 && kernel >= 1 && stride >= 1,
          "in, kernel and stride must be >= 1, got in = %zu, kernel = %zu, stride = %zu", in,
          kernel, stride);
    CHECK(kernel <= in + 2 * padding,
          "kernel %zu larger than the padded input %zu (in = %zu, padding = %zu)", kernel,
          in + 2 * padding, in, padding);
    return (in + 2 * padding - kernel) / stride + 1;
}

void ex13_conv2d(float *out, const float *inp, const float *weight, const float *bias,
                 const Ex13Config *cfg) {
    CHECK(cfg != NULL, "cfg is NULL");
    CHECK(cfg->n >= 1 && cfg->in_ch >= 1 && cfg->out_ch >= 1,
          "n, in_ch and out_ch must be >= 1, got n = %zu, in_ch = %zu, out_ch = %zu", cfg->n,
          cfg->in_ch, cfg->out_ch);
    const size_t N = cfg->n, C = cfg->in_ch, H = cfg->height, W = cfg->width;
    const size_t O = cfg->out_ch, K = cfg->kernel, S = cfg->stride, P = cfg->padding;
    const size_t OH = ex13_out_size(H, K, S, P), OW = ex13_out_size(W, K, S, P);
    for (size_t b = 0; b < N; b++)
        for (size_t o = 0; o < O; o++)
            for (size_t i = 0; i < OH; i++)
                for (size_t j = 0; j < OW; j++) {
                    float acc = bias[o];
                    for (size_t c = 0; c < C; c++)
                        for (size_t u = 0; u < K; u++) {
                            size_t y = i * S + u - P;
                            if (y >= H) continue;
                            for (size_t v = 0; v < K; v++) {
                                size_t x = j * S + v - P;
                                if (x >= W) continue;
                                acc += weight[((o * C + c) * K + u) * K + v] * inp[((b * C + c) * H + y) * W + x];
                            }
                        }
                    out[((b * O + o) * OH + i) * OW + j] = acc;
                }
}

void ex13_batchnorm_train(float *out, float *running_mean, float *running_var, const float *x,
                          const float *gamma, const float *beta, size_t n, size_t channels,
                          size_t spatial, float eps, float momentum) {
    CHECK(n >= 1 && channels >= 1 && spatial >= 1,
          "n, channels and spatial must be >= 1, got %zu, %zu, %zu", n, channels, spatial);
    CHECK(n * spatial > 1, "training mode needs more than 1 value per channel, got n = %zu, spatial = %zu",
          n, spatial);
    const size_t m = n * spatial;
    for (size_t c = 0; c < channels; c++) {
        double sum = 0.0;
        for (size_t b = 0; b < n; b++)
            for (size_t s = 0; s < spatial; s++) sum += (double)x[(b * channels + c) * spatial + s];
        double mean = sum / (double)m;
        double sq = 0.0;
        for (size_t b = 0; b < n; b++)
            for (size_t s = 0; s < spatial; s++) {
                double d = (double)x[(b * channels + c) * spatial + s] - mean;
                sq += d * d;
            }
        double var = sq / (double)m;
        running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * (float)mean;
        running_var[c] = (1.0f - momentum) * running_var[c] + momentum * (float)(sq / (double)(m - 1));
        double invstd = 1.0 / sqrt(var + (double)eps);
        for (size_t b = 0; b < n; b++)
            for (size_t s = 0; s < spatial; s++) {
                size_t k = (b * channels + c) * spatial + s;
                float xhat = (float)(((double)x[k] - mean) * invstd);
                out[k] = gamma[c] * xhat + beta[c];
            }
    }
}

float ex13_conv_block(float *out, float *running_mean, float *running_var, const float *inp,
                      const float *weight, const float *bias, const float *gamma,
                      const float *beta, const Ex13Config *cfg) {
    CHECK(cfg != NULL, "cfg is NULL");
    const size_t OH = ex13_out_size(cfg->height, cfg->kernel, cfg->stride, cfg->padding);
    const size_t OW = ex13_out_size(cfg->width, cfg->kernel, cfg->stride, cfg->padding);
    const size_t total = cfg->n * cfg->out_ch * OH * OW;
    float *z = check_malloc(__func__, total, sizeof *z);
    ex13_conv2d(z, inp, weight, bias, cfg);
    ex13_batchnorm_train(out, running_mean, running_var, z, gamma, beta, cfg->n, cfg->out_ch,
                         OH * OW, cfg->eps, cfg->momentum);
    free(z);
    relu_forward(out, out, total);
    size_t zeros = 0;
    for (size_t k = 0; k < total; k++)
        if (out[k] == 0.0f) zeros++;
    return (float)((double)zeros / (double)total);
}
