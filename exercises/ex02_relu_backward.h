/* ex02_relu_backward.h: exercise 2, ReLU backward and its autograd rule.
 *
 * Read chapter 2 (chapters/02-derivative.md), section "Exercise 2: ReLU
 * backward", then write the two functions in exercises/ex02_relu_backward.c
 * and check them with `make test EX=2`.
 *
 * The derivative of ReLU is
 *
 *     relu'(x) = 1   for x > 0
 *                0   for x <= 0
 *
 * At x = 0 ReLU has a corner and no derivative; like PyTorch, we use the
 * subgradient 0 there. Backward is the chain rule: if y = relu(x) and the
 * loss L depends on y, then dL/dx[i] = dL/dy[i] * relu'(x[i]).
 *
 * PyTorch's edge cases, which the tests check:
 *  - gradient 0 at x = 0 and at x = -0.0;
 *  - gradient 1 (times dout) at x = NaN: PyTorch zeroes the gradient where
 *    x <= 0, and NaN <= 0 is false, so NaN lets the gradient through;
 *  - gradient 1 at x = +inf, 0 at x = -inf;
 *  - where the gradient is 0, nothing is added, even when dout is inf or
 *    NaN (PyTorch selects 0 there; dout * 0 would be NaN).
 *
 * Backward functions ADD into the gradient (+=), never overwrite it: a
 * value that is used twice must receive the sum of both gradients
 * (chapter 2 shows why).
 */
#ifndef EX02_RELU_BACKWARD_H
#define EX02_RELU_BACKWARD_H

#include <stddef.h>

#include "autograd.h"
#include "exercise.h"
#include "tensor.h"

/* Part a, the raw kernel. inp is the input x of the forward pass, dout the
 * gradient of the loss with respect to the output, dinp the gradient with
 * respect to x: for i = 0 .. n-1,
 *     dinp[i] += dout[i] * relu'(inp[i]),
 * where relu'(inp[i]) = 0 adds exactly 0 whatever dout[i] is (inf and NaN
 * included). n floats each; n may be 0 (then nothing changes). */
void ex02_relu_backward(float *dinp, const float *inp, const float *dout,
                        size_t n);

/* Part b, the backward rule of the ReLU node in the autograd graph (the
 * `backward` member of an Op, see lib/autograd.h). `out` is the node's
 * output tensor out = relu(x), with x = out->inputs[0]; when it is called,
 * out->grad holds dL/dout. Add dL/dx into tensor_grad(x) (which allocates
 * x's gradient, zero-filled, on first use). Use your kernel. */
void ex02_relu_node_backward(Tensor *out);

#endif
