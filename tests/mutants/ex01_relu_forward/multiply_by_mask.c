/* Mutant: Darknet's x * (x > 0): -inf * 0 is NaN, not 0. */
#include <math.h>

#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] * (float)(inp[i] > 0.0f || isnan(inp[i]));
}

Tensor *ex01_relu(const Tensor *x) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(out->data, x->data, x->size);
    return out;
}
