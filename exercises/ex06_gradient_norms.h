/* ex06_gradient_norms.h: exercise 6, gradient norms through a deep stack.
 *
 * Read chapter 6 (chapters/06-vanishing-gradients.md), section "Exercise 6:
 * measuring gradient norms", then write the function in
 * exercises/ex06_gradient_norms.c and check it with `make test EX=6`.
 *
 * The experiment, exactly (the tests recompute it and compare):
 *
 *  1. Rng rng = rng_new(seed). Draw the input x, a (batch, width) tensor,
 *     with rng_fill_normal(&rng, x, 0.0f, 1.0f). Then, for l = 0, 1, ...,
 *     depth - 1 in that order, draw the weight W_l, a (width, width)
 *     tensor, with
 *         rng_fill_normal(&rng, W_l, 0.0f, gain / sqrtf((float)width)).
 *     There are no biases.
 *  2. Forward: h_0 = x and, for every layer, h_{l+1} = act(h_l W_l^T),
 *     the activation after every layer, the last one included.
 *  3. The loss is the batch mean of the sum of the last layer's outputs:
 *         L = (1 / batch) * sum over i and j of h_depth[i][j]
 *     so every output gets the same upstream gradient 1 / batch.
 *  4. Backward: the gradients of L with respect to every W_l and every h_l.
 *
 * Outputs, for l = 0 .. depth - 1 (layer 0 is the one next to the input):
 *     weight_norms[l] = || dL/dW_l ||   (Frobenius norm: the square root of
 *                                        the sum of the squared entries)
 *     input_norms[l]  = || dL/dh_l ||   the gradient arriving at layer l's
 *                                        input (h_0 = x)
 * so input_norms[0] is what reaches the bottom of the stack and
 * input_norms[depth - 1] what enters the top layer from below.
 *
 * You may use the library's autograd (tensor_linear, tensor_activation,
 * tensor_sum, tensor_scale, autograd_backward) or write the backward pass
 * yourself; either way, compute in float as the library does, so that your
 * numbers agree with the tests' to about 1e-4 relatively.
 */
#ifndef EX06_GRADIENT_NORMS_H
#define EX06_GRADIENT_NORMS_H

#include <stddef.h>
#include <stdint.h>

#include "activations.h"
#include "exercise.h"

/* Runs the experiment above. act is ACT_IDENTITY, ACT_RELU, ACT_SIGMOID or
 * ACT_TANH (apply it with tensor_activation(z, act, 0.0f) or the raw
 * kernels of activations.h). depth, width and batch are >= 1; gain > 0.
 *   weight_norms: out, depth floats
 *   input_norms:  out, depth floats
 * (two separate arrays; neither is read.) */
void ex06_gradient_norms(float *weight_norms, float *input_norms, size_t depth,
                         size_t width, size_t batch, ActKind act, float gain,
                         uint64_t seed);

#endif
