/* Mutant: the node passes its output values (out->data) where the upstream gradient (out->grad)
 * belongs. */
#include "ex02_relu_backward.h"

void ex02_relu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) dinp[i] += inp[i] <= 0.0f ? 0.0f : dout[i];
}

void ex02_relu_node_backward(Tensor *out) {
    Tensor *x = out->inputs[0];
    if (!x->requires_grad) return;
    ex02_relu_backward(tensor_grad(x), x->data, out->data, x->size);
}
