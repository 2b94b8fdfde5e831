/* layernorm.h: layer normalisation (Ba, Kiros & Hinton 2016), as PyTorch's
 * nn.LayerNorm(dim) over the last dimension.
 *
 * Each row x (the last dim values of one example) is normalised by its own
 * mean and biased variance, then scaled and shifted per feature:
 *     mean = sum_i x_i / dim,   var = sum_i (x_i - mean)^2 / dim
 *     y_i  = weight_i * (x_i - mean) / sqrt(var + eps) + bias_i
 * Unlike batch norm it uses no statistics of the batch, so it behaves the
 * same in training and evaluation and works with a batch of one.
 *
 * Two layers, as in activations.h:
 *  - raw kernels on float arrays (llm.c style), for code that writes its
 *    own forward and backward passes;
 *  - a differentiable tensor op and a layer object with learned weight
 *    (starts at 1) and bias (starts at 0).
 *
 *     LayerNorm *ln = layernorm_new(64);
 *     Tensor *y = layernorm_apply(ln, x);   // x (B, 64) -> y (B, 64)
 *     layernorm_free(ln);
 */
#ifndef LAYERNORM_H
#define LAYERNORM_H

#include <stddef.h>

#include "tensor.h"

/* PyTorch's default eps, added to the variance. */
#define LAYERNORM_EPS 1e-5f

/* ---- raw kernels ----------------------------------------------------------
 * inp, out, dout, dinp are (rows, dim) row-major; weight, bias, dweight,
 * dbias have dim floats; mean and rstd have rows floats. */

/* out = weight * (inp - mean) * rstd + bias, row by row, and writes each
 * row's mean and rstd = 1 / sqrt(var + eps) for the backward pass (mean
 * and rstd may be NULL when they are not wanted). weight and bias may be
 * NULL: no scaling (1) or no shift (0). out may alias inp. dim >= 1. */
void layernorm_forward(float *out, float *mean, float *rstd, const float *inp,
                       const float *weight, const float *bias, size_t rows, size_t dim,
                       float eps);

/* ADDS the gradients into dinp, dweight and dbias (each may be NULL when
 * not wanted), from dout, the forward's inp and weight (NULL for 1), and
 * the mean and rstd it wrote. With xhat = (x - mean) * rstd and
 * g = dout * weight, per row:
 *     dinp    += rstd * (g - mean(g) - xhat * mean(g * xhat))
 *     dweight += dout * xhat,   dbias += dout   (summed over rows) */
void layernorm_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                        const float *inp, const float *weight, const float *mean,
                        const float *rstd, size_t rows, size_t dim);

/* ---- differentiable op and layer ----------------------------------------- */

/* Layer norm of x over its last dimension (x has >= 1 dims, last dim >= 1);
 * weight and bias are (dim) tensors or NULL. Returns a new tensor of x's
 * shape, recorded for autograd (differentiable in x, weight and bias).
 * Aborts, naming the shapes, if weight or bias is not (dim). */
Tensor *tensor_layernorm(Tensor *x, Tensor *weight, Tensor *bias, float eps);

typedef struct {
    size_t dim;
    Tensor *weight; /* (dim), starts at 1, requires_grad */
    Tensor *bias;   /* (dim), starts at 0, requires_grad */
    float eps;      /* LAYERNORM_EPS */
} LayerNorm;

/* A layer normalising over `dim` >= 1 features. Free with layernorm_free. */
LayerNorm *layernorm_new(size_t dim);

/* tensor_layernorm(x, ln->weight, ln->bias, ln->eps); x's last dim must be
 * ln->dim. */
Tensor *layernorm_apply(LayerNorm *ln, Tensor *x);

/* Frees the layer and its parameters. NULL is a no-op. */
void layernorm_free(LayerNorm *ln);

#endif
