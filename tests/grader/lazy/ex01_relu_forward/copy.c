/* Lazy submission (tests/grader/lazy/): copies the input. */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i];
}

Tensor *ex01_relu(const Tensor *x) { return tensor_copy(x); }
