/* Lazy submission (tests/grader/lazy/): writes zeros, computes nothing. */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    (void)inp;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

Tensor *ex01_relu(const Tensor *x) { return tensor_zeros(x->ndim, x->shape); }
