/* ex10_residual_block.h: exercise 10, a residual block with layer
 * normalisation, forward and backward, and a deep network of them.
 *
 * Read chapter 9 (chapters/09-training-deep-relu-nets.md), section
 * "Exercise 10: a residual block", then write the functions in
 * exercises/ex10_residual_block.c and check them with `make test EX=10`.
 *
 * The block (pre-norm, as in most transformers), for a batch of rows x of
 * `dim` features and a hidden layer of `hidden` units:
 *
 *     u = LayerNorm(x; gamma, beta)      (batch, dim), lib/layernorm.h
 *     a = u W1^T + b1                    (batch, hidden)
 *     r = ReLU(a)
 *     y = x + r W2^T + b2                (batch, dim): the skip adds x back
 *
 * Its parameters live in one array, in this order (EX10_BLOCK_PARAMS
 * floats):
 *     gamma (dim), beta (dim), W1 (hidden, dim) row-major, b1 (hidden),
 *     W2 (dim, hidden) row-major, b2 (dim)
 *
 * You may use the library's raw kernels (layernorm_forward and
 * layernorm_backward with LAYERNORM_EPS, matmul_kernel, relu_forward,
 * relu_backward) and, in part c, its layers and autograd.
 */
#ifndef EX10_RESIDUAL_BLOCK_H
#define EX10_RESIDUAL_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "exercise.h"

#define EX10_BLOCK_PARAMS(dim, hidden)                                         \
    (3 * (dim) + (hidden) + 2 * (hidden) * (dim))
#define EX10_INPUTS 784
#define EX10_CLASSES 10

/* Part a: y = block(x). out (out): batch * dim floats, must not alias x;
 * x (in): batch * dim; params (in): EX10_BLOCK_PARAMS(dim, hidden).
 * All sizes >= 1. */
void ex10_block_forward(float *out, const float *x, const float *params,
                        size_t batch, size_t dim, size_t hidden);

/* Part b: the backward pass. Given dout = dL/dy (in, batch * dim) for the
 * same x and params as the forward, ADDS dL/dx into dx (in/out, batch *
 * dim) and dL/dparams into dparams (in/out, EX10_BLOCK_PARAMS(dim,
 * hidden), same layout as params), as every backward in the library does.
 * Recompute what you need from the forward pass. No array aliases
 * another. */
void ex10_block_backward(float *dx, float *dparams, const float *dout,
                         const float *x, const float *params, size_t batch,
                         size_t dim, size_t hidden);

/* Part c's settings (a plain struct of numbers). */
typedef struct {
    size_t width;       /* dim of the blocks, and their hidden size, >= 1 */
    size_t blocks;      /* number of residual blocks, >= 1 */
    float lr;           /* SGD learning rate, > 0 */
    size_t batch_size;  /* >= 1 */
    size_t epochs;      /* >= 1 */
    uint64_t seed;
} Ex10Config;

/* The parameters of part c's network, in this order:
 *     input layer W0 (width, 784), b0 (width)
 *     blocks[0 .. blocks-1], each EX10_BLOCK_PARAMS(width, width) floats
 *     final layer norm gamma_f (width), beta_f (width)
 *     output layer Wout (10, width), bout (10)                          */
#define EX10_NET_PARAMS(width, blocks)                                         \
    ((width)*EX10_INPUTS + (width) +                                           \
     (blocks)*EX10_BLOCK_PARAMS(width, width) + 2 * (width) +                  \
     EX10_CLASSES * (width) + EX10_CLASSES)

/* Part c: the deep residual network
 *     h0 = ReLU(x W0^T + b0),   h_{k+1} = block_k(h_k)  for k < blocks,
 *     logits = LayerNorm(h_blocks; gamma_f, beta_f) Wout^T + bout
 * trained on n digits with mini-batch SGD on the mean cross-entropy, as
 * in exercise 9: a fresh shuffle of the examples every epoch, batches of
 * batch_size (the last holds the remainder), p -= lr * dL/dp. Initial
 * values, all drawn from one generator rng_new(cfg->seed), He-normal
 * (std sqrt(2 / fan_in)), element by element in row-major order, in this
 * order: W0; then block by block, block 0 first, that block's W1 then its
 * W2; then Wout. Biases and betas 0; gammas 1. Each epoch's shuffle is
 * rng_permutation from the same generator. Uses your block for the
 * forward and backward of every block.
 *   params        out: EX10_NET_PARAMS(width, blocks) floats, the trained
 *                      values
 *   epoch_losses  out: cfg->epochs floats, each epoch's mean batch loss
 *   images        in:  n * 784 floats in [0, 1];  labels in: n ints 0..9 */
void ex10_train_residual(float *params, float *epoch_losses,
                         const float *images, const int *labels, size_t n,
                         const Ex10Config *cfg);

#endif
