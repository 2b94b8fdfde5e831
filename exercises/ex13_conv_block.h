/* ex13_conv_block.h: exercise 13, the convolution block's forward pass.
 *
 * Read chapter 12 (chapters/12-cnn.md), section "Exercise 13: the conv
 * block", then write the four functions in exercises/ex13_conv_block.c and
 * check them with `make test EX=13`.
 *
 * The block every CNN is built from: Conv2d -> BatchNorm2d (training mode)
 * -> ReLU, on a batch of images in NCHW layout: element (n, c, y, x) of an
 * (N, C, H, W) array is a[((n * C + c) * H + y) * W + x].
 *
 * Convolution, as PyTorch's Conv2d (a cross-correlation: the filter is not
 * flipped), square kernel k, stride s, zero padding p:
 *     out[n, o, i, j] = bias[o] + sum over c < C, u < k, v < k of
 *         weight[o, c, u, v] * inp[n, c, i*s + u - p, j*s + v - p]
 * where inp is 0 outside the image, and the output size along each axis is
 *     out = floor((in + 2p - k) / s) + 1.
 *
 * Batch norm in training mode, as PyTorch's BatchNorm2d: for each channel
 * c, the mean and the biased variance (divide by m) of its m = N*H*W
 * values in the batch, then
 *     y = gamma[c] * (x - mean) / sqrt(var + eps) + beta[c]
 * and the running estimates move towards the batch's, with the unbiased
 * variance (divide by m - 1) for the running one:
 *     running_mean = (1 - momentum) * running_mean + momentum * mean
 *     running_var  = (1 - momentum) * running_var
 *                    + momentum * var * m / (m - 1)
 *
 * Write the arithmetic yourself: do not call tensor_conv2d, conv2d_*,
 * batchnorm_* or autograd (the library's versions are what the tests
 * compare against). relu_forward and matmul_kernel are fine.
 */
#ifndef EX13_CONV_BLOCK_H
#define EX13_CONV_BLOCK_H

#include <stddef.h>

#include "exercise.h"

/* The sizes of one block. inp is (n, in_ch, height, width), weight is
 * (out_ch, in_ch, kernel, kernel), bias, gamma, beta and the running
 * statistics are (out_ch); the output is (n, out_ch, OH, OW) with OH and OW
 * from ex13_out_size. eps and momentum are batch norm's (PyTorch's
 * defaults are 1e-5 and 0.1). */
typedef struct {
    size_t n, in_ch, height, width;
    size_t out_ch, kernel, stride, padding;
    float eps, momentum;
} Ex13Config;

/* Part a: the output size along one axis, floor((in + 2 padding - kernel)
 * / stride) + 1. Aborts (CHECK, with a message naming the function and the
 * values) if in, kernel or stride is 0 or the kernel is larger than the
 * padded input (in + 2 padding). */
size_t ex13_out_size(size_t in, size_t kernel, size_t stride, size_t padding);

/* Part b: the convolution. out: (n, out_ch, OH, OW), written (out); inp,
 * weight (out_ch * in_ch * kernel * kernel floats) and bias (out_ch):
 * inputs. out must not overlap the inputs. Aborts like ex13_out_size on a
 * bad size along either axis, and if n, in_ch or out_ch is 0. */
void ex13_conv2d(float *out, const float *inp, const float *weight,
                 const float *bias, const Ex13Config *cfg);

/* Part c: batch norm in training mode over x, an (n, channels, spatial)
 * array (spatial = H * W): out (same size, written), running_mean and
 * running_var (channels each, updated in place: in/out), x, gamma and beta
 * (channels) inputs. out must not overlap x. Aborts if n, channels or
 * spatial is 0 or a channel has a single value (n * spatial == 1: no
 * variance to estimate). */
void ex13_batchnorm_train(float *out, float *running_mean, float *running_var,
                          const float *x, const float *gamma, const float *beta,
                          size_t n, size_t channels, size_t spatial, float eps,
                          float momentum);

/* Part d: the block, relu(batchnorm_train(conv2d(inp))). out: (n, out_ch,
 * OH, OW), written; running_mean, running_var: (out_ch), in/out; the rest
 * inputs as above. Returns the fraction of the outputs that are exactly 0
 * (the block's sparsity). Aborts like the parts it is made of. */
float ex13_conv_block(float *out, float *running_mean, float *running_var,
                      const float *inp, const float *weight, const float *bias,
                      const float *gamma, const float *beta,
                      const Ex13Config *cfg);

#endif
