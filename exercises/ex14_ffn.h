/* ex14_ffn.h: exercise 14, the transformer feed-forward block.
 *
 * Read chapter 13 (chapters/13-transformers-and-guidance.md), section
 * "Exercise 14: the feed-forward block", then write the two functions in
 * exercises/ex14_ffn.c and check them with `make test EX=14`.
 *
 * Every layer of a transformer ends with the same small network, applied to
 * each token (each row of x) on its own:
 *
 *     FFN(x) = W2 act(W1 x + b1) + b2
 *
 * x is one token's d_model numbers, W1 is (d_ff, d_model), W2 is
 * (d_model, d_ff), and d_ff is usually 4 d_model. For T tokens at once the
 * rows are independent, so with the rows of X as tokens:
 *
 *     pre    = X W1^T + b1     (T, d_ff)   the pre-activations
 *     hidden = act(pre)        (T, d_ff)
 *     out    = hidden W2^T + b2 (T, d_model)
 *
 * Layouts are PyTorch's nn.Linear ones, row-major: W1[j][i] is
 * w1[j * d_model + i], W2[i][j] is w2[i * d_ff + j].
 *
 * act is ReLU (PyTorch's nn.ReLU: relu'(0) = 0) or exact GELU (nn.GELU(),
 * x Phi(x) with the erf, not the tanh approximation).
 *
 * Do the arithmetic yourself: no autograd, no tensor_* ops, no
 * linear_* or mlp_* layers. The raw kernels of lib/activations.h
 * (relu_forward, gelu_backward, ...) and matmul_kernel of lib/ops.h may
 * be used, or plain loops.
 */
#ifndef EX14_FFN_H
#define EX14_FFN_H

#include <stddef.h>

#include "exercise.h"

typedef enum { EX14_RELU, EX14_GELU } Ex14Act;

/* The forward pass. Inputs (const, read only):
 *   x   (tokens, d_model)   w1 (d_ff, d_model)   b1 (d_ff)
 *   w2  (d_model, d_ff)     b2 (d_model)
 * Outputs (written, every element):
 *   out    (tokens, d_model)  FFN of each row of x
 *   pre    (tokens, d_ff)     x W1^T + b1, kept for the backward pass
 *   hidden (tokens, d_ff)     act(pre)
 * No output may overlap an input or another output. tokens may be 1.
 * Aborts (CHECK, naming the function and the sizes) if tokens, d_model or
 * d_ff is 0, or act is not EX14_RELU or EX14_GELU. */
void ex14_ffn_forward(float *out, float *pre, float *hidden, const float *x,
                      const float *w1, const float *b1, const float *w2,
                      const float *b2, size_t tokens, size_t d_model,
                      size_t d_ff, Ex14Act act);

/* The backward pass. Given dout = d(loss)/d(out) (tokens, d_model) and the
 * forward pass's x, pre and hidden, ADDS (like every backward kernel of the
 * library, so that gradients from several uses sum up) the gradients
 *   dx  (tokens, d_model) += d(loss)/dx
 *   dw1 (d_ff, d_model)   += d(loss)/dW1     db1 (d_ff)    += d(loss)/db1
 *   dw2 (d_model, d_ff)   += d(loss)/dW2     db2 (d_model) += d(loss)/db2
 * into the five gradient arrays (in/out; zero them first for the gradient
 * alone). The inputs dout, x, pre, hidden, w1, w2 are const and must not
 * overlap the gradients. The ReLU's derivative at pre = 0 is 0, as in
 * PyTorch. Aborts like ex14_ffn_forward on bad sizes or act. */
void ex14_ffn_backward(float *dx, float *dw1, float *db1, float *dw2,
                       float *db2, const float *dout, const float *x,
                       const float *pre, const float *hidden, const float *w1,
                       const float *w2, size_t tokens, size_t d_model,
                       size_t d_ff, Ex14Act act);

#endif
