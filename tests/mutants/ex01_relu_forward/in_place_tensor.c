/* Mutant: the tensor version overwrites its input and returns a copy of it. */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = inp[i] < 0.0f ? 0.0f : inp[i];
}

Tensor *ex01_relu(const Tensor *x) {
    ex01_relu_forward(x->data, x->data, x->size);
    return tensor_copy(x);
}
