/* Lazy submission (tests/grader/lazy/): writes nothing. */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    (void)out, (void)inp, (void)n;
}

Tensor *ex01_relu(const Tensor *x) { return tensor_zeros(x->ndim, x->shape); }
