/* linear.h: the fully connected layer, y = x W^T + b.
 *
 *     Rng rng = rng_new(1);
 *     Linear *fc = linear_new(256, 512, &rng);   // weight (512, 256), bias (512)
 *     Tensor *y = linear_forward(fc, x);         // x (B, 256) -> y (B, 512)
 *     ...
 *     linear_free(fc);
 *
 * Initialisation: the weight is He-normal, N(0, 2 / in) (init_kaiming_normal
 * with a = 0, fan-in), the right scale for a layer followed by ReLU, and the
 * bias is zero. This differs on purpose from PyTorch's nn.Linear default
 * (kaiming_uniform with a = sqrt(5), about N(0, 1/(3 in)), and a random
 * bias), which is tuned for no particular activation; the book explains
 * why He is right for ReLU.
 */
#ifndef LINEAR_H
#define LINEAR_H

#include "rng.h"
#include "tensor.h"

/* y = x W^T + b as one differentiable op: x (B, in), w (out, in), b (out)
 * or NULL (no bias). Returns a new (B, out) tensor, recorded for autograd
 * when x, w or b requires a gradient; backward adds dy W into x's gradient,
 * dy^T x into w's and the column sums of dy into b's. Being one op, it
 * leaves no intermediate behind, whichever inputs are frozen. Aborts, with
 * the shapes, if x or w is not 2-D, their `in` sizes differ, or b is not
 * (out). */
Tensor *tensor_linear(Tensor *x, Tensor *w, Tensor *b);

typedef struct {
    Tensor *weight; /* (out, in), requires_grad */
    Tensor *bias;   /* (out), requires_grad */
} Linear;

/* A new layer with `in` inputs and `out` outputs (both >= 1), weights drawn
 * from rng as described above. Free with linear_free. */
Linear *linear_new(size_t in, size_t out, Rng *rng);

/* x (B, in) -> a new (B, out) tensor x W^T + b, recorded for autograd:
 * tensor_linear(x, l->weight, l->bias). Free it with autograd_free_graph
 * (tensor_free if nothing required a gradient). Aborts, naming both shapes,
 * if x is not (B, in). */
Tensor *linear_forward(Linear *l, Tensor *x);

/* Frees the layer and its parameters. NULL is a no-op. */
void linear_free(Linear *l);

#endif
