/* Issue 11: a missing return in a non-void function. */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] > 0.0f || inp[i] != inp[i] ? inp[i] : 0.0f;
}

Tensor *ex01_relu(const Tensor *x) {
    Tensor *y = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(y->data, x->data, x->size);
}
