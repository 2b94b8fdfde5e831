/* activations.h: ReLU and its family (leaky ReLU, PReLU, ELU, GELU, SiLU,
 * sigmoid, tanh, softplus), forward and backward.
 *
 * Two layers, as everywhere in the library:
 *  - raw kernels on float arrays, llm.c style: outputs first, inputs const,
 *    n elements. A forward kernel writes out[0..n-1] (out may be the same
 *    array as inp: in place is fine). A backward kernel ADDS the chain-rule
 *    product dout * f'(inp) into dinp, so gradients from several uses of a
 *    value sum up; zero dinp first if you want the gradient alone. They never
 *    allocate, never check, and accept n = 0.
 *  - differentiable tensor ops, tensor_<act>(x): a new tensor of x's shape,
 *    recorded for autograd (see autograd.h). NULL arguments abort.
 *
 * Semantics are PyTorch 1.13's, value for value, including the cases a
 * textbook leaves open (tests/lib/data/activations_reference.tsv holds
 * torch's own numbers):
 *  - relu(x) = x for x >= 0 or NaN, 0 for x < 0: relu(NaN) = NaN,
 *    relu(+inf) = +inf, relu(-inf) = 0, relu(-0.0) = -0.0.
 *  - relu'(x) = 0 for x <= 0 (the subgradient at 0 is 0), 1 otherwise,
 *    NaN included: torch masks the gradient with x <= 0.
 *  - leaky_relu(x) = x for x > 0, slope * x otherwise; the gradient is slope
 *    for x <= 0 and for NaN.
 *  - sigmoid and tanh never overflow or return NaN for +-inf; their
 *    derivatives are computed from the output, as torch does, so they are
 *    exactly 0 where the output rounds to 0 or +-1.
 *  - softplus(x) = x where beta * x > threshold (linear, like torch),
 *    log1p(exp(beta * x)) / beta elsewhere.
 *  - gelu, gelu_tanh and silu are NaN at x = -inf (-inf * 0, as in torch),
 *    and so are their derivatives at +-inf.
 */
#ifndef ACTIVATIONS_H
#define ACTIVATIONS_H

#include <stddef.h>

#include "tensor.h"

/* The activations an MLP layer can use (see tensor_activation). */
typedef enum {
    ACT_IDENTITY,
    ACT_RELU,
    ACT_LEAKY_RELU,
    ACT_ELU,
    ACT_GELU,
    ACT_GELU_TANH,
    ACT_SILU,
    ACT_SIGMOID,
    ACT_TANH,
    ACT_SOFTPLUS
} ActKind;

/* Number of ActKind values, for loops over all of them. */
#define ACT_COUNT 10

/* "identity", "relu", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu",
 * "sigmoid", "tanh", "softplus": a static string, also the grad_fn name of
 * the op. Aborts on a value outside the enum. */
const char *act_name(ActKind kind);

/* ---- raw kernels --------------------------------------------------------
 * out, inp, dout, dinp: n floats each. See the top of this file. */

/* out = max(0, inp), NaN kept. */
void relu_forward(float *out, const float *inp, size_t n);
/* dinp += inp > 0 (or NaN) ? dout : 0. */
void relu_backward(float *dinp, const float *inp, const float *dout, size_t n);

/* out = inp > 0 ? inp : slope * inp. PyTorch's default slope is 0.01. */
void leaky_relu_forward(float *out, const float *inp, size_t n, float slope);
/* dinp += inp > 0 ? dout : slope * dout. */
void leaky_relu_backward(float *dinp, const float *inp, const float *dout, size_t n, float slope);

/* PReLU: leaky ReLU whose slope is a learned parameter (one for the tensor). */
void prelu_forward(float *out, const float *inp, size_t n, float slope);
/* dinp += inp > 0 ? dout : slope * dout, and *dslope += sum over the
 * elements with !(inp > 0) of inp * dout. Either dinp or dslope may be NULL
 * when that gradient is not wanted. */
void prelu_backward(float *dinp, float *dslope, const float *inp, const float *dout, size_t n,
                    float slope);

/* ELU: x for x > 0, alpha * (exp(x) - 1) for x <= 0. */
void elu_forward(float *out, const float *inp, size_t n, float alpha);
void elu_backward(float *dinp, const float *inp, const float *dout, size_t n, float alpha);

/* GELU, exact: x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)). */
void gelu_forward(float *out, const float *inp, size_t n);
void gelu_backward(float *dinp, const float *inp, const float *dout, size_t n);

/* GELU, tanh approximation: x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))). */
void gelu_tanh_forward(float *out, const float *inp, size_t n);
void gelu_tanh_backward(float *dinp, const float *inp, const float *dout, size_t n);

/* SiLU (Swish): x * sigmoid(x). */
void silu_forward(float *out, const float *inp, size_t n);
void silu_backward(float *dinp, const float *inp, const float *dout, size_t n);

/* sigmoid(x) = 1 / (1 + exp(-x)), computed without overflow. */
void sigmoid_forward(float *out, const float *inp, size_t n);
void sigmoid_backward(float *dinp, const float *inp, const float *dout, size_t n);

void tanh_forward(float *out, const float *inp, size_t n);
void tanh_backward(float *dinp, const float *inp, const float *dout, size_t n);

/* The same derivatives from the output y the forward kernel wrote, as
 * PyTorch's autograd takes them: dinp += dout * (1 - y) * y for sigmoid,
 * dout * (1 - y * y) for tanh. No exponential, so a pass over memory; the
 * same results as sigmoid_backward and tanh_backward for that y (those
 * recompute it from x). tensor_sigmoid and tensor_tanh use these. */
void sigmoid_backward_from_output(float *dinp, const float *out, const float *dout, size_t n);
void tanh_backward_from_output(float *dinp, const float *out, const float *dout, size_t n);

/* softplus(x) = log(1 + exp(beta x)) / beta, or x where beta * x > threshold.
 * PyTorch's defaults are beta 1, threshold 20. beta must not be 0. */
void softplus_forward(float *out, const float *inp, size_t n, float beta, float threshold);
void softplus_backward(float *dinp, const float *inp, const float *dout, size_t n, float beta,
                       float threshold);

/* ---- differentiable tensor ops -------------------------------------------
 * Each returns a new tensor of x's shape (free it with tensor_free, or with
 * autograd_free_graph when it is part of a graph) and records itself when x
 * requires a gradient. A NULL x aborts. */
Tensor *tensor_relu(Tensor *x);
Tensor *tensor_leaky_relu(Tensor *x, float slope);
/* slope: a 1-element tensor (any shape), usually a parameter that requires a
 * gradient: backward then fills slope->grad too. Aborts if it has another size. */
Tensor *tensor_prelu(Tensor *x, Tensor *slope);
Tensor *tensor_elu(Tensor *x, float alpha);
Tensor *tensor_gelu(Tensor *x);
Tensor *tensor_gelu_tanh(Tensor *x);
Tensor *tensor_silu(Tensor *x);
Tensor *tensor_sigmoid(Tensor *x);
Tensor *tensor_tanh(Tensor *x);
/* Aborts if beta is 0. */
Tensor *tensor_softplus(Tensor *x, float beta, float threshold);

/* The activation `kind` applied to x, for code that picks it at run time
 * (the MLP builder). param is the slope for ACT_LEAKY_RELU, alpha for
 * ACT_ELU, beta for ACT_SOFTPLUS (with threshold 20); other kinds ignore it.
 * ACT_IDENTITY returns a differentiable copy of x. Aborts on an unknown kind. */
Tensor *tensor_activation(Tensor *x, ActKind kind, float param);

#endif
