/* Mutant: the loop stops one element early. */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i + 1 < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
}

Tensor *ex01_relu(const Tensor *x) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(out->data, x->data, x->size);
    return out;
}
