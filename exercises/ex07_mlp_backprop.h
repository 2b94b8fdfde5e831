/* ex07_mlp_backprop.h: exercise 7, an MLP's forward and backward pass by hand.
 *
 * Read chapter 7 (chapters/07-mlp.md), section "Exercise 7: backpropagation
 * by hand", then write the two functions in exercises/ex07_mlp_backprop.c
 * and check them with `make test EX=7`.
 *
 * The network is the chapter's: for a batch of B examples x (B, in),
 *     z1 = x  W1^T + b1,   h1 = ReLU(z1)        (B, hidden1)
 *     z2 = h1 W2^T + b2,   h2 = ReLU(z2)        (B, hidden2)
 *     y  = h2 W3^T + b3                         (B, out), the logits
 *     L  = (1/B) sum_i [ logsumexp(y_i) - y_i[labels[i]] ]   (cross-entropy)
 * with ReLU'(z) = 0 for z <= 0 (PyTorch's convention) and 1 for z > 0.
 *
 * Write it with loops over float arrays: no tensors and no autograd (the
 * tests compare your gradients with the library's autograd and with finite
 * differences, so using autograd here would only check autograd against
 * itself). The raw kernels of the library (matmul_kernel in ops.h,
 * relu_forward and relu_backward in activations.h) are allowed.
 *
 * Arrays are row-major, as everywhere in the workbook: element (i, j) of an
 * (R, C) array is a[i * C + j]. The parameters live in one array, in
 * PyTorch's order (model.parameters() of nn.Sequential(Linear, ReLU,
 * Linear, ReLU, Linear)):
 *     W1 (hidden1, in), b1 (hidden1), W2 (hidden2, hidden1), b2 (hidden2),
 *     W3 (out, hidden2), b3 (out)
 * one after the other without gaps; ex07_param_count(s) floats in all.
 * The gradients use the same layout.
 */
#ifndef EX07_MLP_BACKPROP_H
#define EX07_MLP_BACKPROP_H

#include <stddef.h>

#include "exercise.h"

/* The sizes of the network and of the batch; all >= 1. */
typedef struct {
    size_t batch, in, hidden1, hidden2, out;
} Ex07Sizes;

/* Floats in the parameter (and gradient) array:
 * hidden1*in + hidden1 + hidden2*hidden1 + hidden2 + out*hidden2 + out. */
static inline size_t ex07_param_count(const Ex07Sizes *s) {
    return s->hidden1 * s->in + s->hidden1 + s->hidden2 * s->hidden1 +
           s->hidden2 + s->out * s->hidden2 + s->out;
}

/* Part a, the forward pass. Computes h1, h2 and the logits of the network
 * for the batch x and returns the mean cross-entropy loss L for labels,
 * computed stably (subtract each row's largest logit before exp, so that
 * logits in the thousands neither overflow nor give NaN).
 *   s:      in, the sizes
 *   params: in,  ex07_param_count(s) floats (layout above)
 *   x:      in,  s->batch * s->in floats
 *   labels: in,  s->batch ints, each in [0, s->out)
 *   h1:     out, s->batch * s->hidden1 floats, ReLU(z1)
 *   h2:     out, s->batch * s->hidden2 floats, ReLU(z2)
 *   logits: out, s->batch * s->out floats, y
 * No output may alias an input or another output. */
float ex07_mlp_forward(const Ex07Sizes *s, const float *params, const float *x,
                       const int *labels, float *h1, float *h2, float *logits);

/* Part b, the backward pass: the gradient of L with respect to every
 * parameter and to the input x, from the values the forward pass saved
 * (h1, h2, logits, exactly as ex07_mlp_forward writes them; the tests may
 * pass the library's values instead of yours).
 *   s, params, x, labels: in, as above
 *   h1, h2, logits:       in, as above
 *   grads: out, ex07_param_count(s) floats: dL/dW1, dL/db1, ... in the
 *          layout of params. Overwritten, not added to: whatever grads
 *          held before the call is irrelevant.
 *   dx:    out, s->batch * s->in floats, dL/dx. Overwritten.
 * No output may alias an input or another output. */
void ex07_mlp_backward(const Ex07Sizes *s, const float *params, const float *x,
                       const int *labels, const float *h1, const float *h2,
                       const float *logits, float *grads, float *dx);

#endif
