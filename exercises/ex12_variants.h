/* ex12_variants.h: exercise 12, the smooth relatives of ReLU, forward and
 * backward: GELU (exact and tanh forms), SiLU, ELU and PReLU.
 *
 * Read chapter 11 (chapters/11-variants.md), section "Exercise 12: the
 * variants", then write the ten functions in
 * exercises/ex12_variants.c and check them with `make test EX=12`.
 *
 * Every function is a raw kernel over n floats (n may be 0):
 *  - a forward kernel writes out[i] = f(inp[i]) for i < n; out may be the
 *    same array as inp (in place);
 *  - a backward kernel ADDS the chain-rule product into the gradient,
 *        dinp[i] += dout[i] * f'(inp[i]),
 *    never overwrites it; inp and dout are inputs, dinp is in/out and must
 *    not alias them.
 * Do not call the library's own versions (gelu_forward, silu_backward,
 * tensor_gelu, ...): the point is to write them. Everything from <math.h>
 * is fine.
 *
 * The numbers must be PyTorch 1.13's, edge cases included:
 *  - gelu(x)      = x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))
 *  - gelu_tanh(x) = x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))
 *  - silu(x)      = x * sigmoid(x)
 *  - elu(x)       = x for x > 0, alpha * (exp(x) - 1) for x <= 0
 *  - prelu(x)     = x for x > 0, slope * x otherwise (slope is learned)
 * At x = -inf, gelu, gelu_tanh and silu are NaN (-inf * 0), as in PyTorch,
 * and the derivatives of those three are NaN at +-inf. Large finite |x|
 * must give finite results, forward and backward: exp(+-x) overflowing to
 * inf inside a formula must not turn into NaN (inf / inf, 0 * inf). The
 * one exception is PyTorch's own: gelu_tanh's derivative computes x * x
 * first, and is NaN once that overflows (|x| > about 1.8e19).
 * Forward, NaN in gives NaN out; so does the backward of gelu, gelu_tanh
 * and silu. ELU's gradient is alpha * exp(x) for x <= 0 and 1 otherwise
 * (NaN included: dinp += dout); PReLU's gradient in x is 1 for x > 0 and
 * slope otherwise (0 and NaN included: dinp += slope * dout), as for
 * leaky ReLU. Compute ELU's exp(x) - 1 as written (PyTorch does; expm1
 * differs for tiny x), and its gradient from x, not from the output: in
 * the tail elu(x) + alpha has no digits left.
 */
#ifndef EX12_VARIANTS_H
#define EX12_VARIANTS_H

#include <stddef.h>

#include "exercise.h"

/* GELU, exact (erf) form. out, inp: n floats. */
void ex12_gelu_forward(float *out, const float *inp, size_t n);
/* dinp += dout * gelu'(inp). dinp, inp, dout: n floats. */
void ex12_gelu_backward(float *dinp, const float *inp, const float *dout,
                        size_t n);

/* GELU, tanh approximation (GPT-2's). out, inp: n floats. */
void ex12_gelu_tanh_forward(float *out, const float *inp, size_t n);
/* dinp += dout * gelu_tanh'(inp), the derivative of the approximation
 * itself (not of exact GELU). dinp, inp, dout: n floats. */
void ex12_gelu_tanh_backward(float *dinp, const float *inp, const float *dout,
                             size_t n);

/* SiLU (Swish). out, inp: n floats. */
void ex12_silu_forward(float *out, const float *inp, size_t n);
/* dinp += dout * silu'(inp). dinp, inp, dout: n floats. */
void ex12_silu_backward(float *dinp, const float *inp, const float *dout,
                        size_t n);

/* ELU with parameter alpha (PyTorch's default is 1). out, inp: n floats. */
void ex12_elu_forward(float *out, const float *inp, size_t n, float alpha);
/* dinp += dout * elu'(inp). dinp, inp, dout: n floats. */
void ex12_elu_backward(float *dinp, const float *inp, const float *dout,
                       size_t n, float alpha);

/* PReLU with one slope shared by all n elements. out, inp: n floats. */
void ex12_prelu_forward(float *out, const float *inp, size_t n, float slope);
/* dinp += dout * d prelu / d inp, and returns the gradient of the loss
 * with respect to the slope, the sum over i of dout[i] * d prelu / d slope
 * at inp[i] (0 for n = 0). Accumulate that sum in double: it is a sum over
 * possibly many elements. dinp, inp, dout: n floats. */
float ex12_prelu_backward(float *dinp, const float *inp, const float *dout,
                          size_t n, float slope);

#endif
