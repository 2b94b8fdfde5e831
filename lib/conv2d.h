/* conv2d.h: 2-D convolution (cross-correlation, like PyTorch's Conv2d) as a
 * differentiable op and as a layer.
 *
 * Shapes: x is (N, C, H, W) (batch, channels, height, width), the weight is
 * (K, C, kh, kw) (K output channels, one C x kh x kw filter each), the bias
 * (K). With stride s and zero padding p the output is (N, K, OH, OW) with
 *     OH = (H + 2p - kh) / s + 1,   OW = (W + 2p - kw) / s + 1   (rounded down).
 *
 *     Conv2d *conv = conv2d_new(64, 128, 3, 1, 1, &rng);  // 3x3, 64 -> 128, same size
 *     Tensor *y = conv2d_forward(conv, x);                 // (N, 64, H, W) -> (N, 128, H, W)
 *     conv2d_free(conv);
 */
#ifndef CONV2D_H
#define CONV2D_H

#include "rng.h"
#include "tensor.h"

/* y[n, k, i, j] = b[k] + sum over c, u, v of
 *     w[k, c, u, v] * x[n, c, i*stride + u - padding, j*stride + v - padding]
 * (x is zero outside the image). b may be NULL (no bias). Returns a new
 * tensor recorded for autograd, differentiable in x, w and b. Aborts, with
 * the shapes, if x or w is not 4-D, their channel counts differ, b is not
 * (K), stride is 0, or the kernel is larger than the padded image. */
Tensor *tensor_conv2d(Tensor *x, Tensor *w, Tensor *b, size_t stride, size_t padding);

typedef struct {
    Tensor *weight;  /* (out_ch, in_ch, kernel, kernel), requires_grad */
    Tensor *bias;    /* (out_ch), requires_grad */
    size_t stride, padding;
} Conv2d;

/* A square-kernel convolution layer. The weight is He-normal with fan-in
 * in_ch * kernel * kernel (init_kaiming_normal, a = 0), the bias zero, as
 * for linear_new. Free with conv2d_free. */
Conv2d *conv2d_new(size_t in_ch, size_t out_ch, size_t kernel, size_t stride, size_t padding,
                   Rng *rng);

/* tensor_conv2d(x, c->weight, c->bias, c->stride, c->padding). */
Tensor *conv2d_forward(Conv2d *c, Tensor *x);

/* Frees the layer and its parameters. NULL is a no-op. */
void conv2d_free(Conv2d *c);

#endif
