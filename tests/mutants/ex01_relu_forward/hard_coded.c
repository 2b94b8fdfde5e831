/* Mutant: hard-codes the worked example's answer for 5 inputs. */
#include "ex01_relu_forward.h"

void ex01_relu_forward(float *out, const float *inp, size_t n) {
    static const float answer[5] = {0.0f, 0.0f, 0.0f, 1.5f, 3.0f};
    for (size_t i = 0; i < n; i++) out[i] = n == 5 ? answer[i] : (inp[i] < 0.0f ? 0.0f : inp[i]);
}

Tensor *ex01_relu(const Tensor *x) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    ex01_relu_forward(out->data, x->data, x->size);
    return out;
}
