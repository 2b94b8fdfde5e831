/* batchnorm.h: batch normalisation (Ioffe & Szegedy 2015), per channel, as
 * PyTorch's BatchNorm1d / BatchNorm2d.
 *
 * x is (N, C) or (N, C, H, W); each channel c is normalised over all of its
 * N (times H*W) values and then scaled and shifted by learned gamma[c], beta[c]:
 *     y = gamma * (x - mean) / sqrt(var + eps) + beta
 * Training mode (training = true) uses the batch's mean and biased variance
 * and updates the running estimates with momentum 0.1:
 *     running = (1 - momentum) * running + momentum * batch statistic
 * (the running variance takes the unbiased batch variance, n / (n - 1)
 * times the biased one, as PyTorch does). Eval mode uses the running
 * estimates, so a single example gets the same output whatever batch it
 * is in.
 *
 *     BatchNorm *bn = batchnorm_new(128);
 *     Tensor *y = batchnorm_forward(bn, x, true);   // x (N, 128, H, W)
 *     batchnorm_free(bn);
 */
#ifndef BATCHNORM_H
#define BATCHNORM_H

#include <stdbool.h>
#include <stddef.h>

#include "tensor.h"

typedef struct {
    size_t channels;
    Tensor *gamma;        /* (C), starts at 1, requires_grad */
    Tensor *beta;         /* (C), starts at 0, requires_grad */
    Tensor *running_mean; /* (C), starts at 0; not a parameter */
    Tensor *running_var;  /* (C), starts at 1; not a parameter */
    float momentum;       /* 0.1 */
    float eps;            /* 1e-5, added to the variance */
} BatchNorm;

/* A layer for `channels` >= 1 channels with PyTorch's defaults. Free with
 * batchnorm_free. */
BatchNorm *batchnorm_new(size_t channels);

/* Normalises x (N, C) or (N, C, H, W) with C == bn->channels; returns a new
 * tensor of x's shape, recorded for autograd (differentiable in x, gamma and
 * beta in both modes). Training mode also updates the running estimates and
 * aborts when a channel has only one value (its variance is undefined). */
Tensor *batchnorm_forward(BatchNorm *bn, Tensor *x, bool training);

/* Frees the layer and its tensors. NULL is a no-op. */
void batchnorm_free(BatchNorm *bn);

#endif
