/* Mutant: "x > 0 ? x : 0" turns NaN into 0 (every comparison with NaN is false). */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] > 0.0f ? inp[i] : 0.0f;
}

Tensor *ex01_relu(const Tensor *x) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(out->data, x->data, x->size);
    return out;
}
