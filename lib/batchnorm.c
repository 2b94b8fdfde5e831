/* batchnorm.c: the forward pass and its gradient.
 *
 * With xhat = (x - mean) * invstd, invstd = 1 / sqrt(var + eps), and m the
 * number of values per channel, y = gamma * xhat + beta gives
 *     dbeta  = sum dy,   dgamma = sum dy * xhat
 * and, in training mode, where mean and var depend on x as well,
 *     dx = gamma * invstd / m * (m * dy - sum dy - xhat * sum(dy * xhat)).
 * In eval mode mean and var are constants, so dx = gamma * invstd * dy.
 * The forward pass saves xhat and invstd for this.
 *
 * Speed: a channel's values are N rows of H*W contiguous floats. Each row
 * is summed in LANES float partial sums (a loop the compiler vectorises)
 * and the rows' sums are added in double, so the sums stay accurate to
 * float rounding without a double operation per element. The loops are
 * SIMD_CLONES (simd.h), so that they run 8 or 16 floats at a time where
 * the processor can, with the same results.
 */
#include "batchnorm.h"

#include <math.h>
#include <stdlib.h>

#include "autograd.h"
#include "check.h"
#include "simd.h"

BatchNorm *batchnorm_new(size_t channels) {
    CHECK(channels >= 1, "channels must be >= 1, got %zu", channels);
    BatchNorm *bn = check_malloc(__func__, 1, sizeof *bn);
    bn->channels = channels;
    bn->gamma = tensor_requires_grad(tensor_vector(channels, NULL));
    bn->beta = tensor_requires_grad(tensor_vector(channels, NULL));
    bn->running_mean = tensor_vector(channels, NULL);
    bn->running_var = tensor_vector(channels, NULL);
    tensor_fill(bn->gamma, 1.0f);
    tensor_fill(bn->running_var, 1.0f);
    bn->momentum = 0.1f;
    bn->eps = 1e-5f;
    return bn;
}

/* Element (n, c, s) of an (N, C, S) view of x, S = H*W (1 for 2-D x). */
#define AT(n, c, s) ((((n) * C) + (c)) * S + (s))

enum { LANES = 16 };

/* sum over i < n of (a[i] - shift) * (b[i] - shift), or of a[i] - shift
 * when b is NULL, in LANES float partial sums (two loops without a test
 * inside, so that both vectorise). */
SIMD_CLONES static double row_sum(const float *restrict a, const float *restrict b, float shift, size_t n) {
    float acc[LANES] = {0};
    size_t i = 0;
    if (b)
        for (; i + LANES <= n; i += LANES)
            for (size_t l = 0; l < LANES; l++) acc[l] += (a[i + l] - shift) * (b[i + l] - shift);
    else
        for (; i + LANES <= n; i += LANES)
            for (size_t l = 0; l < LANES; l++) acc[l] += a[i + l] - shift;
    double sum = 0.0;
    for (; i < n; i++) sum += (double)((a[i] - shift) * (b ? b[i] - shift : 1.0f));
    for (size_t l = 0; l < LANES; l++) sum += (double)acc[l];
    return sum;
}

/* row_sum over the N rows of channel c of an (N, C, S) array. */
static double channel_sum(const float *a, const float *b, float shift, size_t N, size_t C,
                          size_t S, size_t c) {
    double sum = 0.0;
    for (size_t n = 0; n < N; n++)
        sum += row_sum(a + AT(n, c, 0), b ? b + AT(n, c, 0) : NULL, shift, S);
    return sum;
}

/* out->saved: xhat (out->size floats) then invstd (C floats); arg[0] = training. */
SIMD_CLONES static void batchnorm_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *gamma = out->inputs[1], *beta = out->inputs[2];
    size_t N = x->shape[0], C = x->shape[1], S = x->ndim == 4 ? x->shape[2] * x->shape[3] : 1;
    size_t m = N * S;
    const float *xhat = out->saved, *invstd = xhat + out->size;
    const float *dy = out->grad;
    bool training = out->arg[0] != 0.0f;
    for (size_t c = 0; c < C; c++) {
        double sum_dy = channel_sum(dy, NULL, 0.0f, N, C, S, c);
        double sum_dy_xhat = channel_sum(dy, xhat, 0.0f, N, C, S, c);
        if (beta->requires_grad) tensor_grad(beta)[c] += (float)sum_dy;
        if (gamma->requires_grad) tensor_grad(gamma)[c] += (float)sum_dy_xhat;
        if (!x->requires_grad) continue;
        float *gx = tensor_grad(x);
        float k = gamma->data[c] * invstd[c];
        float mean_dy = (float)(sum_dy / (double)m);
        float mean_dy_xhat = (float)(sum_dy_xhat / (double)m);
        if (!training) mean_dy = mean_dy_xhat = 0.0f; /* then dx = k dy */
        for (size_t n = 0; n < N; n++) {
            float *restrict g = gx + AT(n, c, 0);
            const float *restrict d = dy + AT(n, c, 0), *restrict xh = xhat + AT(n, c, 0);
            for (size_t s = 0; s < S; s++) g[s] += k * (d[s] - mean_dy - xh[s] * mean_dy_xhat);
        }
    }
}
static const Op op_batchnorm = {"batchnorm", batchnorm_backward};

/* Channel c of the (N, C, S) arrays: xhat = (x - mu) * is, y = g * xhat + b. */
SIMD_CLONES static void normalize_channel(float *y, float *xhat, const float *x, float mu,
                                          float is, float g, float b, size_t N, size_t C,
                                          size_t S, size_t c) {
    for (size_t n = 0; n < N; n++) {
        const float *restrict xr = x + AT(n, c, 0);
        float *restrict xh = xhat + AT(n, c, 0), *restrict yr = y + AT(n, c, 0);
        for (size_t s = 0; s < S; s++) {
            xh[s] = (xr[s] - mu) * is;
            yr[s] = g * xh[s] + b;
        }
    }
}

Tensor *batchnorm_forward(BatchNorm *bn, Tensor *x, bool training) {
    CHECK(bn != NULL && x != NULL, "layer or input is NULL (bn %p, x %p)", (void *)bn, (void *)x);
    CHECK((x->ndim == 2 || x->ndim == 4) && x->shape[1] == bn->channels,
          "BatchNorm(%zu) expects x of shape (N, %zu) or (N, %zu, H, W), got %s", bn->channels,
          bn->channels, bn->channels, tensor_shape_str(x).text);
    size_t N = x->shape[0], C = bn->channels, S = x->ndim == 4 ? x->shape[2] * x->shape[3] : 1;
    size_t m = N * S;
    CHECK(!training || m > 1,
          "training mode needs more than 1 value per channel to estimate a variance, x is %s",
          tensor_shape_str(x).text);
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    float *saved = check_malloc(__func__, x->size + C, sizeof(float));
    float *xhat = saved, *invstd = saved + x->size;
    for (size_t c = 0; c < C; c++) {
        double mean, var;
        if (training) { /* two passes (no cancellation), rows added in double */
            mean = channel_sum(x->data, NULL, 0.0f, N, C, S, c) / (double)m;
            double sq = channel_sum(x->data, x->data, (float)mean, N, C, S, c);
            var = sq / (double)m;
            float mo = bn->momentum;
            bn->running_mean->data[c] = (1.0f - mo) * bn->running_mean->data[c] + mo * (float)mean;
            bn->running_var->data[c] = (1.0f - mo) * bn->running_var->data[c] +
                                       mo * (float)(sq / (double)(m - 1));
        } else {
            mean = (double)bn->running_mean->data[c];
            var = (double)bn->running_var->data[c];
        }
        invstd[c] = (float)(1.0 / sqrt(var + (double)bn->eps));
        normalize_channel(out->data, xhat, x->data, (float)mean, invstd[c], bn->gamma->data[c],
                          bn->beta->data[c], N, C, S, c);
    }
    out->arg[0] = training ? 1.0f : 0.0f;
    out = autograd_record3(out, &op_batchnorm, x, bn->gamma, bn->beta);
    if (out->op) out->saved = saved;
    else free(saved);
    return out;
}

void batchnorm_free(BatchNorm *bn) {
    if (!bn) return;
    tensor_free(bn->gamma);
    tensor_free(bn->beta);
    tensor_free(bn->running_mean);
    tensor_free(bn->running_var);
    free(bn);
}
