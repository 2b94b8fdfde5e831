/* batchnorm.c: the forward pass and its gradient.
 *
 * With xhat = (x - mean) * invstd, invstd = 1 / sqrt(var + eps), and m the
 * number of values per channel, y = gamma * xhat + beta gives
 *     dbeta  = sum dy,   dgamma = sum dy * xhat
 * and, in training mode, where mean and var depend on x as well,
 *     dx = gamma * invstd / m * (m * dy - sum dy - xhat * sum(dy * xhat)).
 * In eval mode mean and var are constants, so dx = gamma * invstd * dy.
 * The forward pass saves xhat and invstd for this.
 */
#include "batchnorm.h"

#include <math.h>
#include <stdlib.h>

#include "autograd.h"
#include "check.h"

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

/* out->saved: xhat (out->size floats) then invstd (C floats); arg[0] = training. */
static void batchnorm_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *gamma = out->inputs[1], *beta = out->inputs[2];
    size_t N = x->shape[0], C = x->shape[1], S = x->ndim == 4 ? x->shape[2] * x->shape[3] : 1;
    size_t m = N * S;
    const float *xhat = out->saved, *invstd = xhat + out->size;
    const float *dy = out->grad;
    bool training = out->arg[0] != 0.0f;
    for (size_t c = 0; c < C; c++) {
        double sum_dy = 0.0, sum_dy_xhat = 0.0;
        for (size_t n = 0; n < N; n++)
            for (size_t s = 0; s < S; s++) {
                sum_dy += (double)dy[AT(n, c, s)];
                sum_dy_xhat += (double)dy[AT(n, c, s)] * (double)xhat[AT(n, c, s)];
            }
        if (beta->requires_grad) tensor_grad(beta)[c] += (float)sum_dy;
        if (gamma->requires_grad) tensor_grad(gamma)[c] += (float)sum_dy_xhat;
        if (!x->requires_grad) continue;
        float *gx = tensor_grad(x);
        float k = gamma->data[c] * invstd[c];
        float mean_dy = (float)(sum_dy / (double)m);
        float mean_dy_xhat = (float)(sum_dy_xhat / (double)m);
        for (size_t n = 0; n < N; n++)
            for (size_t s = 0; s < S; s++) {
                size_t i = AT(n, c, s);
                gx[i] += training ? k * (dy[i] - mean_dy - xhat[i] * mean_dy_xhat) : k * dy[i];
            }
    }
}
static const Op op_batchnorm = {"batchnorm", batchnorm_backward};

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
        if (training) { /* two passes in double: exact enough and no cancellation */
            double sum = 0.0, sq = 0.0;
            for (size_t n = 0; n < N; n++)
                for (size_t s = 0; s < S; s++) sum += (double)x->data[AT(n, c, s)];
            mean = sum / (double)m;
            for (size_t n = 0; n < N; n++)
                for (size_t s = 0; s < S; s++) {
                    double d = (double)x->data[AT(n, c, s)] - mean;
                    sq += d * d;
                }
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
        for (size_t n = 0; n < N; n++)
            for (size_t s = 0; s < S; s++) {
                size_t i = AT(n, c, s);
                xhat[i] = (float)(((double)x->data[i] - mean) * (double)invstd[c]);
                out->data[i] = bn->gamma->data[c] * xhat[i] + bn->beta->data[c];
            }
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
