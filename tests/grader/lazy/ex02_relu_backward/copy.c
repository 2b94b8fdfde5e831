/* Lazy submission (tests/grader/lazy/): passes dout on unchanged. */
#include "ex02_relu_backward.h"

void ex02_relu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    (void)inp;
    for (size_t i = 0; i < n; i++) dinp[i] += dout[i];
}

void ex02_relu_node_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    if (!x->requires_grad) return;
    ex02_relu_backward(tensor_grad(x), x->data, out->grad, x->size);
}
